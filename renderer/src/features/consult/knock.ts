/**
 * The knock's sound: a short two-tone chime (Web Audio, no asset to load). Best effort: a
 * blocked AudioContext never breaks the lobby (the visual knock always shows); the system
 * notification comes from the host (`Host.notify`).
 */
export function playKnock(): void {
  try {
    const Ctx = window.AudioContext;
    const ctx = new Ctx();
    const tone = (freq: number, at: number): void => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, ctx.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + at + 0.35);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + at + 0.4);
    };
    tone(880, 0);
    tone(660, 0.25);
    setTimeout(() => void ctx.close(), 1000);
  } catch {
    // No audio output: the visual knock is enough.
  }
}
