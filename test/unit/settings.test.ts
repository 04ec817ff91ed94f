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

  it("refuses every other scheme, PostgreSQL's with its own reason", () => {
    expect(() => databasePathFrom("postgresql://u:p@h/db")).toThrow(/PostgreSQL engine is not available in this version of Khabar/);
    expect(() => databasePathFrom("POSTGRES://localhost/db")).toThrow(/PostgreSQL engine/);
    expect(() => databasePathFrom("https://example.org/khabar.db")).toThrow(/URL scheme "https:"/);
    expect(() => databasePathFrom("redis://localhost")).toThrow(/URL scheme "redis:", which Khabar does not accept/);
    expect(() => databasePathFrom("file://fileserver/share/khabar.db")).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: "mysql://localhost/khabar" })).toThrow(ConfigError);
  });
});
