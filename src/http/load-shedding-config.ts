// The environment variables of load shedding (how many GraphQL operations run at once, how many
// wait and for how long) and of readiness under load (the event-loop delay at which /readyz says
// 503), parsed and typed. src/config.ts calls loadLoadSheddingConfig; the defaults are what a
// server gets when a test or an embedder passes none.
import { ConfigError } from "../shared/settings.js";

export interface LoadSheddingConfig {
  /** KHABAR_MAX_CONCURRENT_OPERATIONS: GraphQL requests admitted into Apollo's pipeline at once; null (`off`) admits every one. */
  maxConcurrentOperations: number | null;
  /** KHABAR_MAX_QUEUED_OPERATIONS: requests that may wait for a slot, in arrival order; one more is answered 503 at once (0: none waits). */
  maxQueuedOperations: number;
  /** KHABAR_MAX_QUEUE_WAIT_MS: how long a request may wait for a slot before it is answered 503. */
  maxQueueWaitMs: number;
  /** KHABAR_READY_MAX_EVENT_LOOP_DELAY_MS: /readyz answers 503 while the event loop's p99 delay is above this; null (`off`): never for that. */
  readyMaxEventLoopDelayMs: number | null;
  /** KHABAR_EVENT_LOOP_WINDOW_MS: the event-loop delay is measured over windows this long; /readyz reads the current and the last one. */
  eventLoopWindowMs: number;
}

// Why these defaults. better-sqlite3 runs every statement on the one JavaScript thread, and an
// operation seldom waits for anything real, so the operations admitted run one after another,
// each to its end, in the turn of the event loop after they were admitted (load-shedding.ts says
// why they are deferred): the bound is also the most work between two looks at the sockets. 8
// nested reads take tens of milliseconds, so health checks and new requests are read that often,
// and the CPU is never idle while requests wait. 32 waiting drain in about four such turns; a
// wait of up to a second absorbs a burst, and a sustained overload is refused at once instead of
// piling up (measured: test/bench/overload.ts, README "Load shedding"). A p99 event-loop delay
// above a second means every request waits that long before its first line of code runs: the
// replica is saturated and a balancer should send traffic elsewhere.
export const DEFAULT_LOAD_SHEDDING_CONFIG: LoadSheddingConfig = {
  maxConcurrentOperations: 8,
  maxQueuedOperations: 32,
  maxQueueWaitMs: 1_000,
  readyMaxEventLoopDelayMs: 1_000,
  eventLoopWindowMs: 5_000,
};

function integerSetting(environment: NodeJS.ProcessEnv, name: string, fallback: number, minimum: 0 | 1): number {
  const raw = environment[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) throw new ConfigError(`${name} must be ${minimum === 0 ? "a whole number, 0 or more" : "a positive integer"}, got "${raw}"`);
  return value;
}

/** A positive integer, or null for `off` (or 0, which bounds nothing). */
function limitOrOff(environment: NodeJS.ProcessEnv, name: string, fallback: number | null): number | null {
  const raw = environment[name]?.trim().toLowerCase();
  if (raw === "off" || raw === "0") return null;
  const value = integerSetting(environment, name, fallback ?? 0, 1);
  return value === 0 ? null : value;
}

export function loadLoadSheddingConfig(environment: NodeJS.ProcessEnv): LoadSheddingConfig {
  const defaults = DEFAULT_LOAD_SHEDDING_CONFIG;
  return {
    maxConcurrentOperations: limitOrOff(environment, "KHABAR_MAX_CONCURRENT_OPERATIONS", defaults.maxConcurrentOperations),
    maxQueuedOperations: integerSetting(environment, "KHABAR_MAX_QUEUED_OPERATIONS", defaults.maxQueuedOperations, 0),
    maxQueueWaitMs: integerSetting(environment, "KHABAR_MAX_QUEUE_WAIT_MS", defaults.maxQueueWaitMs, 1),
    readyMaxEventLoopDelayMs: limitOrOff(environment, "KHABAR_READY_MAX_EVENT_LOOP_DELAY_MS", defaults.readyMaxEventLoopDelayMs),
    eventLoopWindowMs: integerSetting(environment, "KHABAR_EVENT_LOOP_WINDOW_MS", defaults.eventLoopWindowMs, 1),
  };
}
