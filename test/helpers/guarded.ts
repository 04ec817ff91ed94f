// A wait that fails the test, naming what it waited for, instead of hanging until vitest's own
// timeout: for promises that settle on an event (a subscription's next message, a log line).
export function guarded<Value>(promise: Promise<Value>, what: string, hangGuardMs = 5_000): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Gave up waiting for ${what}`)), hangGuardMs);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}
