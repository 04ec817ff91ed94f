// A count that can be awaited: how many live subscriptions or connections are open. Tests wait
// for it to reach a value instead of sleeping; operators can read it.
export class Gauge {
  private current = 0;
  private readonly waiters = new Set<{ done: (value: number) => boolean; resolve: () => void }>();

  get value(): number {
    return this.current;
  }

  add(delta: number): void {
    this.current += delta;
    for (const waiter of [...this.waiters]) {
      if (waiter.done(this.current)) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Resolves once `done(value)` holds (at once if it already does). */
  until(done: (value: number) => boolean): Promise<void> {
    if (done(this.current)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ done, resolve }));
  }
}
