/**
 * Work still running that a shutdown waits for, up to a limit: the local server's request handlers
 * (server.ts) and what functions handed to `waitUntil` (wait-until.ts). A tracked promise never
 * rejects into the tracker; it is dropped once it ends, however it ends.
 */
export class PendingWork {
  private readonly pending = new Set<Promise<void>>();

  track(work: Promise<unknown>): void {
    const tracked = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(tracked);
    void tracked.then(() => this.pending.delete(tracked));
  }

  /** Resolves once everything tracked so far has ended, at most `timeoutMs` later. */
  async settle(timeoutMs: number): Promise<void> {
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.pending]),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }
}
