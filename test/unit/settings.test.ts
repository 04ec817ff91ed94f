import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

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
