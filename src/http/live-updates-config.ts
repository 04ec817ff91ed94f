// The environment variables of live updates (GraphQL subscriptions over WebSocket), parsed and
// typed. src/config.ts calls loadLiveUpdatesConfig; the defaults are what a server gets when a
// test or an embedder passes none.
import { ConfigError } from "../shared/settings.js";

export interface LiveUpdatesConfig {
  /** KHABAR_WS_MAX_SUBSCRIPTIONS: subscriptions one connection may run at once; more are refused (an `error` message). */
  maxSubscriptionsPerConnection: number;
  /** KHABAR_WS_MAX_CONNECTIONS_PER_IP: open WebSocket connections per client IP; more are answered 429 at the upgrade. */
  maxConnectionsPerIp: number;
  /** KHABAR_WS_INIT_TIMEOUT_MS: a connection that sends no `connection_init` in time is closed (4408). */
  connectionInitTimeoutMs: number;
  /** KHABAR_WS_PING_INTERVAL_MS: the server pings every connection this often (WebSocket ping frames)… */
  pingIntervalMs: number;
  /** KHABAR_WS_PONG_TIMEOUT_MS: …and drops one that has not answered within this time. */
  pongTimeoutMs: number;
  /** KHABAR_WS_IDLE_TIMEOUT_MS: a connection without any subscription for this long is closed (1000). */
  idleTimeoutMs: number;
  /** KHABAR_WS_MAX_MESSAGE_BYTES: a larger incoming frame closes the connection (1009). */
  maxMessageBytes: number;
  /** KHABAR_WS_MAX_BUFFERED_BYTES: bytes waiting in a connection's send buffer before it counts as a slow consumer. */
  maxBufferedBytes: number;
  /** KHABAR_WS_MAX_QUEUED_EVENTS: events waiting for one subscription before its connection counts as a slow consumer. */
  maxQueuedEvents: number;
  /** KHABAR_WS_KEY_RECHECK_MS: with keys required for reads, a connection's key is checked again this often; revoked, the connection ends (4403). */
  keyRecheckMs: number;
}

export const DEFAULT_LIVE_UPDATES_CONFIG: LiveUpdatesConfig = {
  maxSubscriptionsPerConnection: 20,
  maxConnectionsPerIp: 50,
  connectionInitTimeoutMs: 3_000,
  pingIntervalMs: 15_000,
  pongTimeoutMs: 10_000,
  idleTimeoutMs: 300_000,
  maxMessageBytes: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  maxQueuedEvents: 100,
  keyRecheckMs: 60_000,
};

const VARIABLES: Record<keyof LiveUpdatesConfig, string> = {
  maxSubscriptionsPerConnection: "KHABAR_WS_MAX_SUBSCRIPTIONS",
  maxConnectionsPerIp: "KHABAR_WS_MAX_CONNECTIONS_PER_IP",
  connectionInitTimeoutMs: "KHABAR_WS_INIT_TIMEOUT_MS",
  pingIntervalMs: "KHABAR_WS_PING_INTERVAL_MS",
  pongTimeoutMs: "KHABAR_WS_PONG_TIMEOUT_MS",
  idleTimeoutMs: "KHABAR_WS_IDLE_TIMEOUT_MS",
  maxMessageBytes: "KHABAR_WS_MAX_MESSAGE_BYTES",
  maxBufferedBytes: "KHABAR_WS_MAX_BUFFERED_BYTES",
  maxQueuedEvents: "KHABAR_WS_MAX_QUEUED_EVENTS",
  keyRecheckMs: "KHABAR_WS_KEY_RECHECK_MS",
};

export function loadLiveUpdatesConfig(environment: NodeJS.ProcessEnv): LiveUpdatesConfig {
  const entries = (Object.keys(VARIABLES) as (keyof LiveUpdatesConfig)[]).map((key) => {
    const name = VARIABLES[key];
    const raw = environment[name];
    if (raw === undefined || raw.trim() === "") return [key, DEFAULT_LIVE_UPDATES_CONFIG[key]] as const;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
    return [key, value] as const;
  });
  return Object.fromEntries(entries) as unknown as LiveUpdatesConfig;
}
