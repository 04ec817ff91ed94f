// The environment variables of Khabar's protections (query limits, body limit, rate limits, CORS,
// router secret, introspection), parsed and typed. src/config.ts calls loadHardeningConfig; the
// defaults are what a server gets when a test or an embedder passes no hardening config at all.
import { booleanSetting } from "../shared/settings.js";

export interface QueryLimits {
  /** Deepest selection nesting (fields inside fields), counted through fragments, of what `@skip`/`@include` keep. */
  maxDepth: number;
  /** Aliased fields in one operation, counted through fragments, of what `@skip`/`@include` keep. */
  maxAliases: number;
  /** Directives in one operation, counted through fragments (those on a dropped selection count too). */
  maxDirectives: number;
  /** Lexical tokens in a document; enforced by graphql's parser (`parseOptions.maxTokens`). */
  maxTokens: number;
  /** Estimated objects resolved: each connection multiplies its selection by `first` (20 by default). */
  maxCost: number;
  /** Characters in a `search` or `query` argument (or input field). */
  maxSearchLength: number;
  /** Characters in any other string argument or input field (text bodies included). */
  maxStringLength: number;
}

export interface RateLimit {
  /** Requests allowed per minute, refilled continuously (a token bucket of that capacity). */
  perMinute: number;
}

export interface HardeningConfig {
  limits: QueryLimits;
  /** Largest request body accepted; larger ones are answered 413. */
  bodyLimitBytes: number;
  introspection: boolean;
  /** Token bucket per client IP; null when off (the default). */
  rateLimitPerIp: RateLimit | null;
  /** Token bucket per API key (Authorization header); null when off (the default). */
  rateLimitPerKey: RateLimit | null;
  /** Origins allowed by CORS; ["*"] for any. Empty: no CORS headers (browsers on other origins are refused). */
  corsOrigins: string[];
  /** When set, `_entities` and `_service` need the header `Router-Authorization: <secret>`. */
  routerSecret: string | null;
  /** Use X-Forwarded-For's first address as the client IP (only behind a trusted proxy). */
  trustProxy: boolean;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 15,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 5_000,
  maxCost: 50_000,
  maxSearchLength: 256,
  maxStringLength: 100_000,
};

export const DEFAULT_HARDENING_CONFIG: HardeningConfig = {
  limits: DEFAULT_QUERY_LIMITS,
  bodyLimitBytes: 1024 * 1024,
  introspection: true,
  rateLimitPerIp: null,
  rateLimitPerKey: null,
  corsOrigins: ["*"],
  routerSecret: null,
  trustProxy: false,
};

export class HardeningConfigError extends Error {
  override name = "ConfigError";
}

function positiveInteger(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = environment[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new HardeningConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}


function rateLimit(environment: NodeJS.ProcessEnv, name: string): RateLimit | null {
  const raw = environment[name];
  if (raw === undefined || raw.trim() === "" || raw.trim() === "0" || raw.trim().toLowerCase() === "off") return null;
  return { perMinute: positiveInteger(environment, name, 0) };
}

export function loadHardeningConfig(environment: NodeJS.ProcessEnv, environmentName: "production" | "development" | "test"): HardeningConfig {
  const corsRaw = environment.KHABAR_CORS_ORIGINS;
  // A wildcard is convenient while developing; in production, origins must be named explicitly.
  const corsOrigins =
    corsRaw === undefined ? (environmentName === "production" ? [] : ["*"]) : corsRaw.split(",").map((origin) => origin.trim()).filter((origin) => origin !== "");
  return {
    limits: {
      maxDepth: positiveInteger(environment, "KHABAR_MAX_DEPTH", DEFAULT_QUERY_LIMITS.maxDepth),
      maxAliases: positiveInteger(environment, "KHABAR_MAX_ALIASES", DEFAULT_QUERY_LIMITS.maxAliases),
      maxDirectives: positiveInteger(environment, "KHABAR_MAX_DIRECTIVES", DEFAULT_QUERY_LIMITS.maxDirectives),
      maxTokens: positiveInteger(environment, "KHABAR_MAX_TOKENS", DEFAULT_QUERY_LIMITS.maxTokens),
      maxCost: positiveInteger(environment, "KHABAR_MAX_COST", DEFAULT_QUERY_LIMITS.maxCost),
      maxSearchLength: positiveInteger(environment, "KHABAR_MAX_SEARCH_LENGTH", DEFAULT_QUERY_LIMITS.maxSearchLength),
      maxStringLength: positiveInteger(environment, "KHABAR_MAX_STRING_LENGTH", DEFAULT_QUERY_LIMITS.maxStringLength),
    },
    bodyLimitBytes: positiveInteger(environment, "KHABAR_BODY_LIMIT_BYTES", DEFAULT_HARDENING_CONFIG.bodyLimitBytes),
    introspection: booleanSetting(environment, "KHABAR_INTROSPECTION", true),
    rateLimitPerIp: rateLimit(environment, "KHABAR_RATE_LIMIT_PER_IP"),
    rateLimitPerKey: rateLimit(environment, "KHABAR_RATE_LIMIT_PER_KEY"),
    corsOrigins,
    routerSecret: environment.KHABAR_ROUTER_SECRET?.trim() || null,
    trustProxy: booleanSetting(environment, "KHABAR_TRUST_PROXY", false),
  };
}
