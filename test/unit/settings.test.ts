import { describe, expect, it } from "vitest";
import { ConfigError, databasePathFrom, loadConfig } from "../../src/config.js";

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
