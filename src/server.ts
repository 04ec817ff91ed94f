// createServer wires Apollo Server to a plain node:http server. It never listens by itself: the
// entry point and the tests decide where. The GraphQL endpoint is http/apollo-node-handler.ts, a
// node:http integration for any ApolloServer that passes Apollo's integration test suite; Khabar's
// own concerns are composed around it here: request ids, health routes, 404s, the playground,
// CORS and rate limits, the body limit, compression, logs, and graceful draining. Subscriptions
// (live updates) take WebSocket upgrades of the same path: http/live-updates.ts.
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { ApiKeyStore, type KeyAuthenticator } from "./auth/api-keys.js";
import { resolveViewer, unauthenticated } from "./auth/viewer.js";
import type { Config } from "./config.js";
import { createContext, type Context, type PrimaryReads } from "./context.js";
import { createApolloNodeHandler, RequestError } from "./http/apollo-node-handler.js";
import { handleArticleJsonLd } from "./http/article-jsonld.js";
import { createDelivery, type DeliveryConfig } from "./http/delivery.js";
import { changeFeedOf } from "./db/change-feed.js";
import type { DatabaseHandle } from "./db/client.js";
import type { HardeningConfig } from "./http/hardening-config.js";
import { createHttpGuards, hardeningApolloOptions, resolveHardening } from "./http/hardening.js";
import { compiledExecutionGateway } from "./http/compiled-execution.js";
import { attachLiveUpdates, subscriptionsOverWebSocketOnlyPlugin, type LiveUpdates } from "./http/live-updates.js";
import { DEFAULT_LIVE_UPDATES_CONFIG, type LiveUpdatesConfig } from "./http/live-updates-config.js";
import { LoadShedding } from "./http/load-shedding.js";
import { DEFAULT_LOAD_SHEDDING_CONFIG, type LoadSheddingConfig } from "./http/load-shedding-config.js";
import { DEFAULT_WEBHOOK_CONFIG, type WebhookConfig } from "./modules/webhook/webhook.config.js";
import { sqliteOutbox, WebhookSender, type Outbox } from "./modules/webhook/webhook.sender.js";
import type { Logger } from "./logger.js";
import { buildKhabarSchema } from "./schema.js";
import { createErrorFormatter } from "./shared/format-error.js";
import { createReads, type Repositories } from "./modules/index.js";
import { sqliteRefusalLog, type RefusalLog } from "./modules/revision/revision.refusals.js";
import { sqliteEngine, type ReadEngine } from "./db/engine.js";
import { sqliteWriteEngine, type WriteEngine } from "./db/write-engine.js";
import { readOnlyPlugin } from "./http/read-only.js";
import { DEFAULT_READ_YOUR_WRITES_MS } from "./http/read-your-writes-config.js";
import { honoursReadPrimaryToken, READ_PRIMARY_HEADER, readYourWritesPlugin } from "./http/read-your-writes.js";
import { appendVary } from "./http/compression.js";
import type { ChangeListener } from "./db/postgres/changes.js";

export const GRAPHQL_PATH = "/graphql";
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface ServerOptions {
  database: DatabaseHandle;
  /**
   * Where requests read content from: the SQLite database by default, or PostgreSQL
   * (db/postgres/run.ts) and its replicas.
   */
  engine?: ReadEngine;
  /** Where mutations write (PostgreSQL's primary); SQLite's connection when absent. A non-SQLite engine without it refuses mutations (READ_ONLY). */
  writes?: WriteEngine;
  /**
   * KHABAR_READ_YOUR_WRITES_MS, for an engine with replicas (its `primary`): how long after a
   * client's mutation its requests read from the primary (http/read-your-writes.ts). 2 s when not given.
   */
  readYourWritesMs?: number;
  /** The clock read-your-writes tokens are issued and checked by (tests freeze it); Date.now by default. */
  clock?: () => number;
  /**
   * Where refused mutations are recorded and read back (`refusedMutations`): the SQLite database by
   * default; on PostgreSQL, its primary, through a bounded recorder that never delays the answer
   * (modules/revision/revision.refusal-recorder.ts).
   */
  refusals?: RefusalLog;
  /** Where presented API keys are looked up: the SQLite database's keys by default; PostgreSQL's (auth/postgres-api-keys.ts) when serving from it. */
  apiKeys?: KeyAuthenticator;
  /** Commits made by other processes (other Khabar replicas on PostgreSQL): each clears the response cache. */
  contentChanges?: Pick<ChangeListener, "subscribe">;
  /**
   * The changes of every commit on PostgreSQL, this process's own included, as the live channel
   * delivers them (db/postgres/changes.ts): published into the server's change feed, where live
   * updates hear them. Absent on SQLite, whose write path publishes there itself.
   */
  liveChanges?: Pick<ChangeListener, "subscribeToLiveChanges">;
  /**
   * Where this server's webhook sender claims and sends deliveries from, and how it hears that some
   * were queued: on PostgreSQL, the primary and the khabar_outbox channel (postgres-start.ts). On
   * SQLite the database file and its own commits when absent; a server reading another engine
   * without it sends none (the other Khabar processes on that database do).
   */
  outbox?: Outbox;
  /** What /readyz asks besides the load: why the store cannot serve (e.g. "primary unreachable"), or null. Defaults to a SQLite ping. */
  readiness?: () => Promise<string | null>;
  config: Pick<Config, "environment"> &
    DeliveryConfig & {
      hardening?: Partial<HardeningConfig>;
      liveUpdates?: Partial<LiveUpdatesConfig>;
      webhooks?: Partial<WebhookConfig>;
      loadShedding?: Partial<LoadSheddingConfig>;
    } & Partial<Pick<Config, "requireKeyForReads" | "executor">>;
  logger: Logger;
  schema?: GraphQLSchema;
  bodyLimitBytes?: number;
  plugins?: ApolloServerPlugin<Context>[];
}

export interface KhabarServer {
  httpServer: Server;
  apollo: ApolloServer<Context>;
  repositories: Repositories;
  /** Subscriptions over WebSocket on the same port and path (their connection and subscription gauges). */
  live: LiveUpdates;
  /** Sends the webhooks' outbox while the server listens. */
  webhooks: WebhookSender;
  /** The bound on GraphQL operations at once, its queue, and the event-loop delay (what /readyz reports). */
  load: LoadShedding;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host?: string): Promise<string>;
  /** Closes WebSocket connections (1001), stops taking requests, lets in-flight ones finish (up to the deadline), stops Apollo. */
  close(deadlineMs?: number): Promise<void>;
}

export async function createServer(options: ServerOptions): Promise<KhabarServer> {
  const { database, logger } = options;
  const hardening = resolveHardening(options.config.hardening);
  const bodyLimit = options.bodyLimitBytes ?? options.config.hardening?.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const { plugins: hardeningPlugins, ...hardeningOptions } = hardeningApolloOptions(hardening, options.config.environment);
  const guard = createHttpGuards(hardening);
  const engine = options.engine ?? sqliteEngine(database.db);
  const repositories = createReads(engine.dialect, engine.run);
  const writes = options.writes ?? sqliteWriteEngine(database.db);
  // A replicated engine's primary gets repositories of its own, made once like the others: a
  // mutation and a client's requests right after its own write read through them.
  const primaryReads: PrimaryReads | null = engine.primary ? { engine: engine.primary, repositories: createReads(engine.primary.dialect, engine.primary.run) } : null;
  const readYourWritesMs = options.readYourWritesMs ?? DEFAULT_READ_YOUR_WRITES_MS;
  const clock = options.clock ?? Date.now;
  /** What a request reads from: the primary when it carries an unexpired read-your-writes token, else the engine (its replicas). */
  const readsOf = (request: IncomingMessage): { engine: ReadEngine; repositories: Repositories; readsPrimary: boolean } =>
    primaryReads && honoursReadPrimaryToken(request.headers, readYourWritesMs, clock()) ? { ...primaryReads, readsPrimary: true } : { engine, repositories, readsPrimary: false };
  const readiness =
    options.readiness ??
    (async () => {
      try {
        database.sqlite.prepare("select 1").get();
        return null;
      } catch {
        return "database unavailable";
      }
    });
  const apiKeys = options.apiKeys ?? new ApiKeyStore(database.db);
  const refusals = options.refusals ?? sqliteRefusalLog(database.db);
  const delivery = createDelivery(options.config, GRAPHQL_PATH);
  // Another replica's commit makes what this one cached stale: drop it all, as a mutation here does.
  const stopHearingChanges = options.contentChanges?.subscribe(() => delivery.responseCache?.clear());
  const schema = options.schema ?? buildKhabarSchema();
  const loadShedding = { ...DEFAULT_LOAD_SHEDDING_CONFIG, ...options.config.loadShedding };
  // Refusals are logged at most once a second, with what was refused since: under overload a
  // line per refused request would add to the load (each one has its "request" line anyway).
  let shedSinceLog = 0;
  let lastShedLog = 0;
  const load = new LoadShedding({
    gate: {
      maxConcurrent: loadShedding.maxConcurrentOperations ?? Number.POSITIVE_INFINITY,
      maxQueued: loadShedding.maxQueuedOperations,
      maxQueueWaitMs: loadShedding.maxQueueWaitMs,
    },
    eventLoopWindowMs: loadShedding.eventLoopWindowMs,
    readyMaxEventLoopDelayMs: loadShedding.readyMaxEventLoopDelayMs,
    onShed: (reason, counts) => {
      shedSinceLog += 1;
      const now = Date.now();
      if (now - lastShedLog < 1_000) return;
      logger.warn({ shed: shedSinceLog, reason, inFlight: counts.inFlight, queued: counts.queued, shedTotal: counts.shed }, "shedding load: GraphQL requests answered 503");
      lastShedLog = now;
      shedSinceLog = 0;
    },
  });
  load.monitor.start();

  const apollo = new ApolloServer<Context>({
    // Compiled execution enters through Apollo's gateway interface, its one hook for an executor.
    ...((options.config.executor ?? "compiled") === "compiled" ? { gateway: compiledExecutionGateway(schema) } : { schema }),
    ...hardeningOptions,
    // Apollo's own warnings and errors go to the same JSON (or pretty) log, not to the console.
    logger,
    // Shutdown is the entry point's: it drains HTTP first, then stops Apollo (close() below).
    // Apollo's own SIGTERM handler would stop it underneath in-flight requests and re-raise the
    // signal, and a second stop() while one is under way never settles in Apollo Server 5.5.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: options.config.environment === "development",
    formatError: createErrorFormatter({
      includeStacktrace: options.config.environment === "development",
      // Logged with the request id by errorLogPlugin; the id is added to the response by
      // the hardening plugin (formatError has no access to the request).
      onInternalError: () => undefined,
    }),
    persistedQueries: delivery.persistedQueries,
    // Inline traces (ftv1) are for Apollo GraphOS reporting through a gateway; Khabar runs without
    // it, and they would hand resolver timings to any client that asks for them.
    // Limits come first, so a refused operation never reaches the response cache or a resolver.
    plugins: [
      // First: a mutation is switched to the primary before any other hook can read (read-your-writes.ts).
      ...(primaryReads ? [readYourWritesPlugin({ primary: primaryReads, windowMs: readYourWritesMs, now: clock })] : []),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      errorLogPlugin(logger),
      subscriptionsOverWebSocketOnlyPlugin(),
      ...hardeningPlugins,
      // A server reading another engine without a way to write to it (a read-only deployment) refuses mutations.
      ...(engine.dialect.name === "sqlite" || options.writes ? [] : [readOnlyPlugin(engine.dialect.name === "postgres" ? "PostgreSQL" : engine.dialect.name)]),
      ...delivery.plugins,
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  // The id of each request in flight, for the context and the logs (the handler passes the request).
  const requestIds = new WeakMap<IncomingMessage, string>();
  const graphql = createApolloNodeHandler(apollo, {
    bodyLimitBytes: bodyLimit,
    admit: load.admit,
    context: async ({ request }) => {
      const requestId = requestIds.get(request) ?? requestIdOf(request);
      try {
        const { viewer, credential } = await resolveViewer(apiKeys, request.headers.authorization);
        // Refused before execution: a 401 for the whole request, reads and mutations alike.
        if (options.config.requireKeyForReads && !viewer) throw unauthenticated(credential);
        return createContext({ db: database.db, ...readsOf(request), writes, refusals, viewer, credential, requestId });
      } catch (error) {
        // Apollo answers a context failure without running the plugins' request hooks: log it here.
        if (!isClientError(error)) logger.error({ err: error, requestId }, "context creation failed");
        throw error;
      }
    },
    sendBody: (request, response, body) => {
      if (response.statusCode >= 400 && response.statusCode < 500) logClientErrors(logger, requestIds.get(request), response.statusCode, body);
      // A shared cache must not answer a client within its window with what it cached for others.
      if (primaryReads) appendVary(response, READ_PRIMARY_HEADER);
      delivery.sendGraphQLBody(request, response, body);
    },
    onError: (error, request) => {
      const requestId = requestIds.get(request);
      if (error instanceof RequestError) {
        logger.info({ requestId, status: error.status, errors: [{ code: "BAD_REQUEST", message: error.message }] }, "client error");
        return;
      }
      logger.error({ err: error, requestId }, "request failed");
      return { requestId };
    },
  });

  const inFlight = new Set<ServerResponse>();
  let closing = false;

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(request);
    requestIds.set(request, requestId);
    response.setHeader("x-request-id", requestId);
    inFlight.add(response);
    response.on("close", () => {
      inFlight.delete(response);
      logger.info(
        { requestId, method: request.method, path: request.url?.split("?")[0], status: response.statusCode, durationMs: Number(process.hrtime.bigint() - started) / 1e6 },
        "request",
      );
    });
    try {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (closing) {
        response.setHeader("connection", "close");
        return sendJson(response, 503, { error: "shutting down" });
      }
      if (url.pathname === "/healthz") return sendJson(response, 200, { status: "ok" });
      // Never shed, never rate limited: a balancer must be able to ask while the process is at capacity.
      if (url.pathname === "/readyz") {
        const report = load.report();
        return void readiness().then((problem) => {
          const status = problem ?? (report.saturated ? "saturated" : "ready");
          sendJson(response, status === "ready" ? 200 : 503, { status, eventLoopDelayMs: report.eventLoopDelayMs, operations: report.operations });
        });
      }
      // JSON-LD documents are read from the engine requests read from, by the export's record programs.
      const onJsonLdError = (error: unknown) => logger.error({ err: error, requestId }, "request failed");
      const jsonLd = primaryReads ? { engine: readsOf(request).engine, varyOn: READ_PRIMARY_HEADER } : { engine };
      if (handleArticleJsonLd(request, response, url, { ...jsonLd, db: database.db, guard, onError: onJsonLdError })) return;
      if (delivery.playground.handle(request, response, url)) return;
      if (url.pathname !== GRAPHQL_PATH) return sendJson(response, 404, { error: `Not found. The GraphQL endpoint is ${GRAPHQL_PATH}.` });
      if (guard(request, response)) return;
      graphql(request, response);
    } catch (error) {
      logger.error({ err: error, requestId }, "request failed");
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }] });
      else response.end();
    }
  };

  const httpServer = createHttpServer(handle);
  // Keep-alive sockets would hold close() open; idle ones are closed as soon as shutdown starts.
  httpServer.keepAliveTimeout = 5_000;

  // A live-update listener that fails must not fail the write it follows (which has committed).
  const changeFeed = changeFeedOf(database.db);
  changeFeed.onListenerError = (error) => logger.error({ err: error }, "live update failed");
  // On PostgreSQL every commit reaches this feed through the live channel, in commit order.
  const stopHearingLiveChanges = options.liveChanges?.subscribeToLiveChanges((changes) => changeFeed.publish(changes));
  const live = attachLiveUpdates({
    httpServer,
    path: GRAPHQL_PATH,
    schema,
    db: database.db,
    engine,
    repositories,
    primaryRepositories: primaryReads?.repositories,
    apiKeys,
    requireKeyForReads: options.config.requireKeyForReads ?? false,
    limits: hardening.limits,
    trustProxy: hardening.trustProxy,
    trustedDocuments: delivery.trustedDocuments,
    config: { ...DEFAULT_LIVE_UPDATES_CONFIG, ...options.config.liveUpdates },
    logger,
    formatError: createErrorFormatter({
      includeStacktrace: false,
      onInternalError: (error) => {
        logger.error({ err: error }, "subscription failed");
        return undefined;
      },
    }),
  });

  const outbox = options.outbox ?? (engine.dialect.name === "sqlite" ? sqliteOutbox(database.db) : null);
  const webhooks = new WebhookSender(outbox, { ...DEFAULT_WEBHOOK_CONFIG, ...options.config.webhooks }, logger);

  return {
    httpServer,
    apollo,
    repositories,
    live,
    webhooks,
    load,
    listen: (port, host = "127.0.0.1") =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          webhooks.start();
          const address = httpServer.address() as AddressInfo;
          const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost === "0.0.0.0" ? "localhost" : shownHost}:${address.port}${GRAPHQL_PATH}`);
        });
      }),
    close: async (deadlineMs = 10_000) => {
      closing = true;
      stopHearingChanges?.();
      stopHearingLiveChanges?.();
      await webhooks.stop();
      // Upgraded sockets are no longer the HTTP server's: close them first, with 1001.
      await live.close(Math.min(deadlineMs, 5_000));
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref());
      const drained = (async () => {
        while (inFlight.size > 0) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          // Keep-alive sockets become idle as their last response ends: close them as they do.
          httpServer.closeIdleConnections();
        }
      })();
      await Promise.race([Promise.all([closed, drained]), deadline]);
      httpServer.closeAllConnections();
      load.monitor.stop();
      await apollo.stop();
    },
  };
}

// Logs, by kind of failure:
// - internal errors (a bug, a storage fault): level error, with the error and its stack, and the
//   request id that the masked response carries — from errorLogPlugin, the context function and
//   the handler's onError;
// - client errors, every response with a 4xx status (a malformed or oversized body, a CSRF refusal,
//   an unsupported APQ version, a validation error, bad input, a refused key): level info, the
//   codes and messages the client was sent and no stack — they are answers, not faults;
// - every request: one "request" line at info with its status and duration.

/** Logs the internal errors of operations; client errors are logged from their 4xx response. */
function errorLogPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            if (!isClientError(error)) logger.error({ err: error.originalError ?? error, requestId: contextValue.requestId, operationName }, "operation failed");
          }
        },
      };
    },
    // Apollo's own failures while processing a request (a plugin hook that threw, say): a 500.
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      logger.error({ err: error, requestId: requestContext.contextValue?.requestId }, "request processing failed");
    },
  };
}

/**
 * A GraphQL error the client caused: one with a code other than INTERNAL_SERVER_ERROR, or with only
 * a 4xx status (Apollo's persisted-query errors carry no code).
 */
function isClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  const code = error.extensions.code;
  if (typeof code === "string") return code !== "INTERNAL_SERVER_ERROR";
  const status = (error.extensions.http as { status?: number } | undefined)?.status;
  return status !== undefined && status >= 400 && status < 500;
}

/** One info line for a 4xx GraphQL response, with the codes and messages it sends (batches included). */
function logClientErrors(logger: Logger, requestId: string | undefined, status: number, body: string): void {
  interface SentError {
    message?: unknown;
    extensions?: { code?: unknown };
  }
  let errors: { code: unknown; message: unknown }[] = [];
  try {
    const parsed = JSON.parse(body) as { errors?: SentError[] } | { errors?: SentError[] }[];
    errors = (Array.isArray(parsed) ? parsed : [parsed]).flatMap((result) => result.errors ?? []).map((error) => ({ code: error.extensions?.code, message: error.message }));
  } catch {
    // Not JSON: the status says what there is to say.
  }
  logger.info({ requestId, status, errors }, "client error");
}

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers["x-request-id"];
  return typeof given === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end(JSON.stringify(body));
}
