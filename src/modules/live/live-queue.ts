// The events of one subscription on their way to its client: a bounded queue read as an async
// iterator (what a GraphQL subscribe function returns). The producer never waits: when the client
// reads slower than events come and `capacity` are waiting, the queue fails with
// SlowConsumerError, which the transport answers by disconnecting — memory never grows with a
// stalled reader. `return()` ends it at once, even while a read is pending (no event needed).
export class SlowConsumerError extends Error {
  override name = "SlowConsumerError";
  constructor(readonly capacity: number) {
    super(`The client reads too slowly: ${capacity} events are waiting to be sent.`);
  }
}

export class LiveQueue<Value> implements AsyncIterableIterator<Value> {
  private readonly buffer: Value[] = [];
  private pending: { resolve: (result: IteratorResult<Value>) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private ended = false;

  constructor(
    private readonly capacity: number,
    /** Called once, when the queue ends (returned, thrown into, or failed). */
    private readonly onEnd: () => void,
  ) {}

  /** Offers an event; drops it once the queue has ended. */
  push(value: Value): void {
    if (this.ended) return;
    if (this.pending) {
      const { resolve } = this.pending;
      this.pending = null;
      resolve({ value, done: false });
    } else if (this.buffer.length >= this.capacity) {
      this.fail(new SlowConsumerError(this.capacity));
    } else {
      this.buffer.push(value);
    }
  }

  next(): Promise<IteratorResult<Value>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as Value, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.pending = { resolve, reject }));
  }

  return(): Promise<IteratorResult<Value>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<Value>> {
    this.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private fail(error: Error): void {
    this.buffer.length = 0;
    if (this.pending) {
      const { reject } = this.pending;
      this.pending = null;
      reject(error);
    } else {
      this.failure = error;
    }
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.buffer.length = 0;
    if (this.pending) {
      const { resolve } = this.pending;
      this.pending = null;
      resolve({ value: undefined, done: true });
    }
    this.onEnd();
  }
}
