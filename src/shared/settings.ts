// Parsing of environment settings shared by src/config.ts and the HTTP settings, so every
// on/off variable accepts the same spellings and fails the same way.

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** true/1/yes/on or false/0/no/off (any case); absent or blank → `fallback`; anything else is refused. */
export function booleanSetting(environment: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = environment[name]?.trim().toLowerCase();
  if (value === undefined || value === "") return fallback;
  if (["true", "1", "yes", "on"].includes(value)) return true;
  if (["false", "0", "no", "off"].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${environment[name]}"`);
}
