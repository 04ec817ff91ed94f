// Webhook delivery settings (KHABAR_WEBHOOK_* variables).
import { booleanSetting, ConfigError } from "../../shared/settings.js";

export interface WebhookConfig {
  /** KHABAR_WEBHOOK_ALLOW_PRIVATE=true: allow loopback and private addresses as targets (tests, private networks). */
  allowPrivate: boolean;
  /** KHABAR_WEBHOOK_RETRY_BASE_MS: the first retry's delay; each next one doubles, up to an hour. */
  retryBaseMs: number;
  /** KHABAR_WEBHOOK_MAX_ATTEMPTS: attempts before a delivery is marked FAILED. */
  maxAttempts: number;
  /** KHABAR_WEBHOOK_POLL_MS: how often the outbox is read for due deliveries (writes also wake it). */
  pollMs: number;
  /** KHABAR_WEBHOOK_TIMEOUT_MS: how long one attempt may take. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = { allowPrivate: false, retryBaseMs: 2_000, maxAttempts: 8, pollMs: 2_000, timeoutMs: 10_000 };

function positive(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = environment[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function loadWebhookConfig(environment: NodeJS.ProcessEnv): WebhookConfig {
  return {
    allowPrivate: booleanSetting(environment, "KHABAR_WEBHOOK_ALLOW_PRIVATE", false),
    retryBaseMs: positive(environment, "KHABAR_WEBHOOK_RETRY_BASE_MS", DEFAULT_WEBHOOK_CONFIG.retryBaseMs),
    maxAttempts: positive(environment, "KHABAR_WEBHOOK_MAX_ATTEMPTS", DEFAULT_WEBHOOK_CONFIG.maxAttempts),
    pollMs: positive(environment, "KHABAR_WEBHOOK_POLL_MS", DEFAULT_WEBHOOK_CONFIG.pollMs),
    timeoutMs: positive(environment, "KHABAR_WEBHOOK_TIMEOUT_MS", DEFAULT_WEBHOOK_CONFIG.timeoutMs),
  };
}
