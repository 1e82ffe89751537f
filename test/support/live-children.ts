/**
 * Child processes the test process started and has not seen exit: all of them get SIGKILL
 * when the test process exits, so no server is left behind. Only PIDs registered here are
 * ever signalled.
 */
const live = new Set<number>();

process.once('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/** Registers a child; call the returned function when it has exited. */
export function trackChild(pid: number): () => void {
  live.add(pid);
  return () => live.delete(pid);
}
