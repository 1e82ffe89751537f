/**
 * The knock: a short two-tone chime (Web Audio, no asset to load) and, when the workstation
 * is not in front, a system notification. Both are best effort: a blocked AudioContext or a
 * refused notification permission never breaks the lobby (the visual knock always shows).
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

/** A system notification when the window is hidden or minimised. */
export function notifyKnock(title: string, body: string): void {
  if (typeof Notification === 'undefined' || !document.hidden) return;
  const show = (): void => {
    try {
      const n = new Notification(title, { body, tag: 'consult-knock' });
      n.onclick = () => window.focus();
    } catch {
      // Notifications unavailable here.
    }
  };
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') {
    void Notification.requestPermission().then((p) => {
      if (p === 'granted') show();
    });
  }
}
