// KHABAR_READ_YOUR_WRITES_MS, parsed and checked: how long after a client's mutation its requests
// still read from the primary (http/read-your-writes.ts). src/config.ts reads it with the other
// PostgreSQL settings; a server that is given none uses the default.
import { ConfigError } from "../shared/settings.js";

/** Replication lag is milliseconds on a healthy pair; two seconds also covers a busy moment. */
export const DEFAULT_READ_YOUR_WRITES_MS = 2_000;

/**
 * A longer window only moves more reads to the primary, the one server every Khabar shares (a
 * replica that far behind is left out by the lag check anyway). A larger value is more likely a
 * slip of units or zeros than a wish, so it is refused rather than taken.
 */
export const MAX_READ_YOUR_WRITES_MS = 60_000;

export function loadReadYourWritesMs(environment: NodeJS.ProcessEnv): number {
  const name = "KHABAR_READ_YOUR_WRITES_MS";
  const text = environment[name]?.trim();
  if (!text) return DEFAULT_READ_YOUR_WRITES_MS;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value > MAX_READ_YOUR_WRITES_MS) {
    throw new ConfigError(`${name} must be a whole number of milliseconds from 0 (off) to ${MAX_READ_YOUR_WRITES_MS}, got "${text}"`);
  }
  return value;
}
