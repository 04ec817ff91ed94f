// The request path's view of a repository: every read returns a promise. Resolvers and loaders
// only ever see this view, so a repository over an engine whose driver is asynchronous
// (PostgreSQL) can stand in for the SQLite one, which answers synchronously underneath. Work that
// must read inside a synchronous SQLite transaction (writers, restore, export, live dispatch right
// after a commit) uses the repository class itself.

type Method = (...args: never[]) => unknown;

export type Reads<Repository> = {
  readonly [Name in keyof Repository as Repository[Name] extends Method ? Name : never]: Repository[Name] extends (...args: infer Args) => infer Result
    ? (...args: Args) => Promise<Awaited<Result>>
    : never;
};

/** Wraps every public method of a repository; a read that throws gives a rejected promise, as an async read would. */
export function readsOf<Repository extends object>(repository: Repository): Reads<Repository> {
  const reads: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of methodNames(repository)) {
    const method = (repository as Record<string, (...args: unknown[]) => unknown>)[name]!.bind(repository);
    reads[name] = (...args) => {
      try {
        return Promise.resolve(method(...args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return reads as unknown as Reads<Repository>;
}

function methodNames(instance: object): string[] {
  const names = new Set<string>();
  for (let prototype = Object.getPrototypeOf(instance) as object | null; prototype && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype) as object | null) {
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      if (name !== "constructor" && typeof descriptor?.value === "function") names.add(name);
    }
  }
  return [...names];
}
