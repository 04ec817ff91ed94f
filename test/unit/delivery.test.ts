// Pure pieces of mobile delivery: the bounded cache behind APQ and the response cache, and the
// choice of a content encoding from Accept-Encoding.
import { describe, expect, it } from "vitest";
import { BoundedMemoryCache } from "../../src/http/bounded-cache.js";
import { chooseEncoding } from "../../src/http/compression.js";

describe("BoundedMemoryCache", () => {
  it("evicts the least recently used entries once the size bound is passed", async () => {
    const cache = new BoundedMemoryCache(30);
    await cache.set("a", "1234567890"); // 11
    await cache.set("b", "1234567890"); // 22
    await cache.get("a"); // a is now the most recently used
    await cache.set("c", "1234567890"); // 33 > 30: b goes
    expect(await cache.get("b")).toBeUndefined();
    expect(await cache.get("a")).toBe("1234567890");
    expect(await cache.get("c")).toBe("1234567890");
    expect(cache.bytes).toBeLessThanOrEqual(30);
  });

  it("never stores a value larger than the whole bound", async () => {
    const cache = new BoundedMemoryCache(10);
    await cache.set("big", "x".repeat(100));
    expect(cache.size).toBe(0);
  });

  it("forgets an entry after its ttl and on clear()", async () => {
    const cache = new BoundedMemoryCache(1000);
    await cache.set("expired", "v", { ttl: -1 });
    await cache.set("kept", "v", { ttl: 60 });
    expect(await cache.get("expired")).toBeUndefined();
    expect(await cache.get("kept")).toBe("v");
    cache.clear();
    expect(await cache.get("kept")).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });
});

describe("chooseEncoding", () => {
  it("prefers brotli, then gzip, and honours q-values and refusals", () => {
    expect(chooseEncoding("gzip, deflate, br")).toBe("br");
    expect(chooseEncoding("gzip")).toBe("gzip");
    expect(chooseEncoding("br;q=0.5, gzip")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0")).toBe("identity");
    expect(chooseEncoding("*")).toBe("br");
    expect(chooseEncoding("identity")).toBe("identity");
    expect(chooseEncoding(undefined)).toBe("identity");
  });
});
