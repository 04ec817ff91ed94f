// A small size-bounded LRU key-value cache in the shape Apollo's caches expect (get/set/delete
// with an optional ttl in seconds). Apollo's own InMemoryLRUCache lives in
// @apollo/utils.keyvaluecache, which is not one of our dependencies (only a nested copy inside
// @apollo/server), so importing it would break on a production install; this is the same idea in
// a few lines, with the `clear()` that mutation-driven invalidation needs.
import type { ApolloServerOptions, BaseContext } from "@apollo/server";

/** Apollo's KeyValueCache interface, taken from @apollo/server's own option types. */
export type KeyValueCache = Exclude<NonNullable<ApolloServerOptions<BaseContext>["cache"]>, "bounded">;

interface Entry {
  value: string;
  size: number;
  expiresAt: number | null;
}

export class BoundedMemoryCache implements KeyValueCache {
  private readonly entries = new Map<string, Entry>();
  private usedBytes = 0;

  /** maxBytes counts UTF-16 code units of keys and values (a close, cheap proxy for memory). */
  constructor(readonly maxBytes: number) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      this.remove(key, entry);
      return undefined;
    }
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const existing = this.entries.get(key);
    if (existing) this.remove(key, existing);
    const size = key.length + value.length;
    if (size > this.maxBytes) return;
    const ttl = options?.ttl;
    this.entries.set(key, { value, size, expiresAt: ttl ? Date.now() + ttl * 1000 : null });
    this.usedBytes += size;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.usedBytes <= this.maxBytes) break;
      this.remove(oldestKey, oldest);
    }
  }

  async delete(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.remove(key, entry);
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.usedBytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.usedBytes;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.usedBytes -= entry.size;
  }
}
