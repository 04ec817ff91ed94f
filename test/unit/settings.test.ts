import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_HEAP_GROWTH_PERCENT, databasePathFrom, loadConfig } from "../../src/config.js";
import { applyHeapGrowth } from "../../src/shared/heap-growth.js";
import { serverCommand } from "../helpers/compiled-server.js";

describe("on/off settings", () => {
  it("accept the same spellings everywhere and refuse anything else with the variable's name", () => {
    expect(loadConfig({ KHABAR_SEED: "off" }).seedSampleContent).toBe(false);
    expect(loadConfig({ KHABAR_SEED: "Yes" }).seedSampleContent).toBe(true);
    expect(loadConfig({}).seedSampleContent).toBe(true);
    expect(loadConfig({ KHABAR_TRUST_PROXY: "on" }).hardening.trustProxy).toBe(true);
    expect(() => loadConfig({ KHABAR_SEED: "maybe" })).toThrow(ConfigError);
    expect(() => loadConfig({ KHABAR_RESPONSE_CACHE: "maybe" })).toThrow(/KHABAR_RESPONSE_CACHE must be true or false/);
    expect(() => loadConfig({ KHABAR_INTROSPECTION: "maybe" })).toThrow(/KHABAR_INTROSPECTION must be true or false/);
  });
});

describe("DATABASE_URL", () => {
  it("names a SQLite file by a path or a file: URL", () => {
    expect(databasePathFrom("data/khabar.db")).toBe("data/khabar.db");
    expect(databasePathFrom("/var/lib/khabar/khabar.db")).toBe("/var/lib/khabar/khabar.db");
    expect(databasePathFrom("./name:with-colon.db")).toBe("./name:with-colon.db");
    expect(databasePathFrom(":memory:")).toBe(":memory:");
    expect(databasePathFrom("file:data/khabar.db?mode=rwc")).toBe("data/khabar.db");
    expect(databasePathFrom("FILE:data/khabar.db")).toBe("data/khabar.db");
    expect(databasePathFrom("file:///var/lib/khabar/khabar.db")).toBe("/var/lib/khabar/khabar.db");
    expect(databasePathFrom("file://localhost/var/lib/khabar/khabar.db")).toBe("/var/lib/khabar/khabar.db");
  });

  it("selects PostgreSQL for postgres:// and postgresql:// URLs, with its read replicas and pool settings", () => {
    const config = loadConfig({ DATABASE_URL: "POSTGRESQL://u:p@h:5433/db", KHABAR_READ_REPLICA_URLS: " postgres://r1/db, postgres://r2/db ,", KHABAR_PG_POOL_SIZE: "3" });
    expect(config.postgres).toEqual({
      url: "POSTGRESQL://u:p@h:5433/db",
      readReplicaUrls: ["postgres://r1/db", "postgres://r2/db"],
      pool: expect.objectContaining({ poolSize: 3 }),
      replicaLag: { maxLagBytes: 8 * 1024 * 1024, checkEveryMs: 1_000 },
      readYourWritesMs: 2_000,
    });
    expect(loadConfig({ DATABASE_URL: "postgres://h/db", KHABAR_MAX_REPLICA_LAG_BYTES: "0", KHABAR_REPLICA_LAG_CHECK_MS: "250" }).postgres?.replicaLag).toEqual({ maxLagBytes: 0, checkEveryMs: 250 });
    expect(() => loadConfig({ DATABASE_URL: "postgres://h/db", KHABAR_MAX_REPLICA_LAG_BYTES: "lots" })).toThrow(/KHABAR_MAX_REPLICA_LAG_BYTES must be a whole number/);
    expect(config.databasePath).toBe(":memory:");
    expect(loadConfig({ DATABASE_URL: "data/khabar.db" }).postgres).toBeNull();
    expect(() => loadConfig({ DATABASE_URL: "postgres://h/db", KHABAR_READ_REPLICA_URLS: "postgres://r1/db,mysql://r2/db" })).toThrow(/KHABAR_READ_REPLICA_URLS entry 2 is not a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it("refuses every other scheme, naming it and the accepted forms", () => {
    expect(() => databasePathFrom("postgres:no-slashes")).toThrow(/URL scheme "postgres:"/);
    expect(() => databasePathFrom("https://example.org/khabar.db")).toThrow(/URL scheme "https:"/);
    expect(() => databasePathFrom("redis://localhost")).toThrow(/URL scheme "redis:", which Khabar does not accept/);
    expect(() => databasePathFrom("file://fileserver/share/khabar.db")).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: "mysql://localhost/khabar" })).toThrow(ConfigError);
  });
});

describe("KHABAR_HEAP_GROWTH_PERCENT", () => {
  it("defaults to 2× growth, takes 0 for V8's own factor, and refuses anything else with the variable's name", () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(DEFAULT_HEAP_GROWTH_PERCENT);
    expect(loadConfig({ KHABAR_HEAP_GROWTH_PERCENT: "0" }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ KHABAR_HEAP_GROWTH_PERCENT: " 150 " }).heapGrowthPercent).toBe(150);
    expect(() => loadConfig({ KHABAR_HEAP_GROWTH_PERCENT: "twice" })).toThrow(/KHABAR_HEAP_GROWTH_PERCENT must be a whole number/);
    expect(() => loadConfig({ KHABAR_HEAP_GROWTH_PERCENT: "-5" })).toThrow(/KHABAR_HEAP_GROWTH_PERCENT must be a whole number/);
    expect(() => loadConfig({ KHABAR_HEAP_GROWTH_PERCENT: "1000" })).toThrow(/KHABAR_HEAP_GROWTH_PERCENT must be between 0 .* and 300, got "1000"/);
  });

  it("is left to the command line when node was started with its own --heap-growing-percent, and to V8 at 0", () => {
    expect(applyHeapGrowth(100, ["--max-semi-space-size=8", "--heap-growing-percent=50"])).toBe(false);
    expect(applyHeapGrowth(100, ["--heap_growing_percent=50"])).toBe(false);
    expect(applyHeapGrowth(0, [])).toBe(false);
    expect(applyHeapGrowth(100, ["--heap-growing-percentage-is-not-a-flag"])).toBe(true);
  });
});

describe("npm start", () => {
  it("runs the bundled server with the 16 MB young generation the README documents, and the benchmarks start that very command", () => {
    const [node, ...rest] = serverCommand();
    expect(node).toBe(process.execPath);
    expect(rest).toEqual(["--max-semi-space-size=8", "dist/server/index.js"]);
    expect(serverCommand(["--cpu-prof"]).slice(1)).toEqual(["--max-semi-space-size=8", "--cpu-prof", "dist/server/index.js"]);
  });
});
