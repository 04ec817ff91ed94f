// Live updates: GraphQL subscriptions over WebSocket (the graphql-transport-ws protocol of the
// `graphql-ws` package, on a `ws` server) on the same port and path as queries. The HTTP server's
// `upgrade` event hands a request for the GraphQL path here; Apollo Server keeps queries and
// mutations (an operation other than a subscription is refused here: HTTP is where Apollo's
// plugins — persisted queries, caches, rate limits — apply).
//
// graphql-ws's protocol core (`makeServer`) is wired to `ws` here rather than through its
// `useServer` helper, so that this file owns what the helper leaves out: connections per IP, an
// idle timeout, ping/pong, a bounded send buffer (a slow consumer is disconnected, never buffered
// without bound), 1001 on shutdown, and logs instead of console output. Per operation: the same
// token, depth, alias, directive, argument and cost limits as queries (the operation summary of
// operation-summary.ts, checked by limits.ts), the trusted-documents list when there is one, and
// at most N subscriptions per connection. Each event is executed with a context of its own (fresh
// loaders, so nested fields see the data as it is now), once per distinct operation, variables and
// role, however many subscribers share them. On PostgreSQL with replicas, a subscription reads
// from the primary (the engine's `primary` runner): its events are loaded and executed right after
// a commit, which a streaming replica may not have replayed yet.
import type { IncomingMessage, Server } from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import type { Duplex } from "node:stream";
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from "graphql";
import { CloseCode, handleProtocols, makeServer, type Context as ProtocolContext, type SubscribePayload } from "graphql-ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { KeyAuthenticator } from "../auth/api-keys.js";
import { resolveViewer, type Credential } from "../auth/viewer.js";
import { createContext, type Context, type Viewer } from "../context.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../logger.js";
import { Gauge } from "../modules/live/gauge.js";
import { SlowConsumerError } from "../modules/live/live-queue.js";
import { configureLiveUpdates, type LiveReads } from "../modules/live/live-topic.js";
import { createReads, type Repositories } from "../modules/index.js";
import type { ReadEngine } from "../db/engine.js";
import { ErrorCode, KhabarError } from "../shared/errors.js";
import type { QueryLimits } from "./hardening-config.js";
import { checkLimits } from "./limits.js";
import type { LiveUpdatesConfig } from "./live-updates-config.js";
import { rememberedSummary } from "./operation-summary.js";
import { variablesWithDefaults } from "./operation-walker.js";
import { clientIp } from "./rate-limit.js";
import type { TrustedDocuments } from "./trusted-documents.js";

/** Close codes this server uses besides graphql-ws's own (4400 bad message, 4401 subscribe before ack, 4403 refused key…). */
export const LIVE_CLOSE_CODES = {
  /** RFC 6455 "going away": the server is shutting down. */
  shuttingDown: 1001,
  /** RFC 6455 "policy violation": the client reads too slowly (its events or send buffer are full). */
  slowConsumer: 1008,
  /** RFC 6455 normal closure: no subscription for the idle timeout. */
  idle: 1000,
} as const;

export interface LiveUpdatesOptions {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  db: Db;
  engine?: ReadEngine;
  repositories: Repositories;
  /** The repositories over `engine.primary`, when the server has made them (it reads there too): made here otherwise. */
  primaryRepositories?: Repositories;
  apiKeys: KeyAuthenticator;
  requireKeyForReads: boolean;
  limits: QueryLimits;
  trustProxy: boolean;
  trustedDocuments: TrustedDocuments | null;
  config: LiveUpdatesConfig;
  logger: Logger;
  /** Shapes every error a client sees (the one Apollo uses: codes kept, internal errors masked). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

export interface LiveUpdates {
  /** Open WebSocket connections. */
  connections: Gauge;
  /** Subscriptions running on those connections. */
  subscriptions: Gauge;
  /** Refuses new connections and closes the open ones with 1001; resolves when they are gone (or at the deadline). */
  close(deadlineMs?: number): Promise<void>;
}

/** What a connection carries through graphql-ws's hooks (its `extra`). */
interface Connection {
  socket: WebSocket;
  id: string;
  viewer: Viewer | null;
  credential: Credential;
  /** Subscriptions of this connection whose event streams are open. */
  active: number;
  idleTimer: NodeJS.Timeout | null;
  /** Re-checks the connection's key while keys are required (a revoked key ends the connection). */
  keyTimer: NodeJS.Timeout | null;
  /** Closes the connection for reading too slowly (once). */
  dropSlowConsumer(): void;
}

type ProtocolContextOf = ProtocolContext<Record<string, unknown>, Connection>;

/** An event stream graphql-ws can end early (`return`), as it does when a client completes or leaves. */
type ResultStream = AsyncIterableIterator<ExecutionResult> & { return(): Promise<IteratorResult<ExecutionResult>> };

/** What onSubscribe leaves for the subscribe hook, found by the operation's context object. */
interface Operation {
  connection: Connection;
  /** Who may share an event's result: the same document, operation name, variables and role. */
  sharingKey: string;
}

let connectionCounter = 0;

function requestError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** The value of `authorization` in `connection_init`'s payload, whatever its case. */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!params) return undefined;
  const key = Object.keys(params).find((name) => name.toLowerCase() === "authorization");
  const value = key === undefined ? undefined : params[key];
  return typeof value === "string" ? value : undefined;
}

/**
 * Apollo plugin: a subscription sent over HTTP is refused with a 400 that says where it runs
 * (Apollo would execute it once, with no event, and fail inside).
 */
export function subscriptionsOverWebSocketOnlyPlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "subscription") return;
          throw new GraphQLError("Subscriptions run over WebSocket (graphql-transport-ws) at this same URL, not over HTTP.", {
            extensions: { code: "BAD_REQUEST", http: { status: 400 } },
          });
        },
      };
    },
  };
}

/**
 * What subscriptions read from: the primary when the engine has replicas (the event of a commit
 * must see that commit, and so must its nested fields), otherwise the server's own engine.
 */
function liveEngineOf(options: LiveUpdatesOptions): { engine: ReadEngine | undefined; repositories: Repositories; readsPrimary: boolean; reads: LiveReads | undefined } {
  const { engine } = options;
  if (!engine || engine.dialect.name === "sqlite") return { engine, repositories: options.repositories, readsPrimary: false, reads: undefined };
  // No replica to avoid: the engine's own reads see every commit.
  if (!engine.primary) return { engine, repositories: options.repositories, readsPrimary: false, reads: { dialect: engine.dialect, runner: { async: engine.run } } };
  const onPrimary = engine.primary;
  const repositories = options.primaryRepositories ?? createReads(onPrimary.dialect, onPrimary.run);
  return { engine: onPrimary, repositories, readsPrimary: true, reads: { dialect: onPrimary.dialect, runner: { async: onPrimary.run } } };
}

export function attachLiveUpdates(options: LiveUpdatesOptions): LiveUpdates {
  const { config, logger, schema } = options;
  const live = liveEngineOf(options);
  configureLiveUpdates(options.db, { maxQueuedEvents: config.maxQueuedEvents, reads: live.reads });
  const connections = new Gauge();
  const subscriptions = new Gauge();
  const perIp = new Map<string, number>();
  let closing = false;

  const operations = new WeakMap<object, Operation>();

  // Apollo drops `extensions.http` (a status for HTTP); over WebSocket it means nothing either.
  const formatErrors = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => {
      const formatted = options.formatError(error.toJSON(), error);
      const { http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    });

  // One execution per event and distinct (operation, variables, role): subscribers that ask the
  // same thing share the result. Keyed by the event's payload object, so results go with it.
  const sharedResults = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

  const executeEvent = (args: ExecutionArgs, key: string, base: Context, payload: unknown): Promise<ExecutionResult> => {
    const run = () => Promise.resolve(execute({ ...args, rootValue: payload, contextValue: createContext(base) }));
    if (typeof payload !== "object" || payload === null) return run();
    let byKey = sharedResults.get(payload);
    if (!byKey) sharedResults.set(payload, (byKey = new Map()));
    let result = byKey.get(key);
    if (!result) byKey.set(key, (result = run()));
    return result;
  };

  /** Like graphql's own subscribe, but each event runs with a fresh context; ends as soon as it is returned. */
  const subscribe = async (args: ExecutionArgs, { connection, sharingKey }: Operation): Promise<ResultStream | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const iterator = source[Symbol.asyncIterator]();
    const base = args.contextValue as Context;
    let open = true;
    const finish = () => {
      if (!open) return;
      open = false;
      connection.active -= 1;
      subscriptions.add(-1);
      if (connection.active === 0) startIdleTimer(connection);
    };
    connection.active += 1;
    subscriptions.add(1);
    stopIdleTimer(connection);
    const stream: ResultStream = {
      async next() {
        try {
          const event = await iterator.next();
          if (event.done) {
            finish();
            return { value: undefined, done: true };
          }
          return { value: await executeEvent(args, sharingKey, base, event.value), done: false };
        } catch (error) {
          finish();
          if (error instanceof SlowConsumerError) {
            connection.dropSlowConsumer();
            return { value: undefined, done: true };
          }
          throw error;
        }
      },
      async return() {
        finish();
        await iterator.return?.();
        return { value: undefined, done: true };
      },
      async throw(error: unknown) {
        finish();
        await iterator.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return stream;
  };

  const startIdleTimer = (connection: Connection) => {
    stopIdleTimer(connection);
    // Subscriptions end after their socket has closed too: no timer then (it would hold the socket).
    if (connection.socket.readyState !== connection.socket.OPEN) return;
    connection.idleTimer = setTimeout(() => connection.socket.close(LIVE_CLOSE_CODES.idle, "Idle: no subscription"), config.idleTimeoutMs);
    connection.idleTimer.unref();
  };
  const stopIdleTimer = (connection: Connection) => {
    if (connection.idleTimer) clearTimeout(connection.idleTimer);
    connection.idleTimer = null;
  };

  const protocol = makeServer<Record<string, unknown>, Connection>({
    schema,
    connectionInitWaitTimeout: config.connectionInitTimeoutMs,
    onConnect: async (ctx: ProtocolContextOf) => {
      const connection = ctx.extra;
      const { viewer, credential } = await resolveViewer(options.apiKeys, authorizationOf(ctx.connectionParams));
      connection.viewer = viewer;
      connection.credential = credential;
      // As over HTTP: with reads public, a bad key is ignored (the connection is anonymous).
      if (options.requireKeyForReads && !viewer) {
        logger.info({ connectionId: connection.id, credential }, "live connection refused: no valid API key");
        return false;
      }
      if (options.requireKeyForReads) {
        // Keys are revoked from the command line, in another process: look again now and then.
        const authorization = authorizationOf(ctx.connectionParams);
        connection.keyTimer = setInterval(() => {
          void resolveViewer(options.apiKeys, authorization).then(({ viewer: still }) => {
            if (still) return;
            logger.info({ connectionId: connection.id }, "live connection ended: its API key was revoked");
            connection.socket.close(CloseCode.Forbidden, "Forbidden: the API key has been revoked");
          });
        }, config.keyRecheckMs);
        connection.keyTimer.unref();
      }
      return true;
    },
    onSubscribe: (ctx: ProtocolContextOf, id: string, payload: SubscribePayload) => {
      const connection = ctx.extra;
      // graphql-ws has registered this one already.
      if (Object.keys(ctx.subscriptions).length > config.maxSubscriptionsPerConnection) {
        return [
          new KhabarError(ErrorCode.RATE_LIMITED, `A connection may run at most ${config.maxSubscriptionsPerConnection} subscriptions at once; complete one first.`, {
            limit: { measure: "subscriptionsPerConnection", maximum: config.maxSubscriptionsPerConnection },
          }),
        ];
      }
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: options.limits.maxTokens });
      } catch (error) {
        return [requestError("GRAPHQL_PARSE_FAILED", error instanceof GraphQLError ? error.message : "The query does not parse.")];
      }
      const invalid = validate(schema, document);
      if (invalid.length > 0) return invalid.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [requestError("BAD_REQUEST", "The document has no operation of that name (or several operations and no operationName).")];
      if (operation.operation !== "subscription") {
        return [requestError("BAD_REQUEST", `Only subscriptions run over WebSocket; send ${operation.operation === "query" ? "queries" : "mutations"} to the same URL over HTTP.`)];
      }
      if (options.trustedDocuments && !options.trustedDocuments.allows(undefined, document)) {
        return [new KhabarError(ErrorCode.OPERATION_NOT_TRUSTED, "This server only runs trusted operations, and this subscription is not in its list.")];
      }
      const variables = payload.variables ?? {};
      const refused = checkLimits(rememberedSummary(schema, document, operation, variables), options.limits, variablesWithDefaults(operation, variables));
      if (refused) return [refused];
      // Its events run with contexts of their own (fresh loaders each); this one's loaders, made per
      // module on first use (modules/index.ts), cost an idle subscription nothing.
      const contextValue = createContext({
        db: options.db,
        engine: live.engine,
        repositories: live.repositories,
        readsPrimary: live.readsPrimary,
        viewer: connection.viewer,
        credential: connection.credential,
        requestId: `${connection.id}/${id}`,
      });
      operations.set(contextValue, { connection, sharingKey: JSON.stringify([payload.query, payload.operationName ?? null, variables, connection.viewer?.role ?? null]) });
      return { schema, document, operationName: payload.operationName, variableValues: variables, contextValue };
    },
    subscribe: (args: ExecutionArgs) => {
      const operation = operations.get(args.contextValue as object);
      if (!operation) throw new Error("A subscription whose operation onSubscribe did not prepare");
      return subscribe(args, operation);
    },
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatErrors(result.errors) } : undefined),
    onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
  });

  const webSockets = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, handleProtocols: (protocols) => handleProtocols(protocols) });

  webSockets.on("connection", (socket: WebSocket, _request: IncomingMessage, ip: string) => {
    const connection: Connection = {
      socket,
      id: `ws-${(connectionCounter += 1)}`,
      viewer: null,
      credential: "missing",
      active: 0,
      idleTimer: null,
      keyTimer: null,
      dropSlowConsumer: () => {
        if (socket.readyState !== socket.OPEN) return;
        logger.info({ connectionId: connection.id, ip }, "live connection dropped: slow consumer");
        socket.close(LIVE_CLOSE_CODES.slowConsumer, "Slow consumer: events were not read in time");
        // A reader that stalled will not take the close frame either.
        setTimeout(() => socket.terminate(), 1_000).unref();
      },
    };
    connections.add(1);
    startIdleTimer(connection);
    logger.debug({ connectionId: connection.id, ip }, "live connection opened");

    // Keep-alive: a ping frame every interval; no pong in time and the connection is dropped.
    let pongTimer: NodeJS.Timeout | null = null;
    const pingTimer = setInterval(() => {
      if (socket.readyState !== socket.OPEN || pongTimer) return;
      pongTimer = setTimeout(() => socket.terminate(), config.pongTimeoutMs);
      socket.ping();
    }, config.pingIntervalMs);
    socket.on("pong", () => {
      if (pongTimer) clearTimeout(pongTimer);
      pongTimer = null;
    });

    socket.on("error", (error) => logger.info({ connectionId: connection.id, err: error }, "live connection error"));

    const closed = protocol.opened(
      {
        protocol: socket.protocol,
        send: (data: string) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            if (socket.bufferedAmount > config.maxBufferedBytes) {
              connection.dropSlowConsumer();
              return resolve();
            }
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code: number, reason: string) => socket.close(code, reason),
        onMessage: (handle: (data: string) => Promise<void>) =>
          socket.on("message", (data, isBinary) => {
            // Any message from a connection without subscriptions restarts its idle time.
            if (connection.active === 0) startIdleTimer(connection);
            handle(isBinary ? "" : String(data)).catch((error: unknown) => {
              // A message graphql-ws parsed but cannot take (a client sending `next`, say): a protocol error.
              logger.info({ connectionId: connection.id, err: error }, "live message refused");
              if (socket.readyState === socket.OPEN) socket.close(CloseCode.BadRequest, "Invalid message received");
            });
          }),
      },
      connection,
    );

    socket.once("close", (code: number, reason: Buffer) => {
      clearInterval(pingTimer);
      if (pongTimer) clearTimeout(pongTimer);
      if (connection.keyTimer) clearInterval(connection.keyTimer);
      stopIdleTimer(connection);
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left <= 0) perIp.delete(ip);
      else perIp.set(ip, left);
      connections.add(-1);
      logger.debug({ connectionId: connection.id, code }, "live connection closed");
      closed(code, reason.toString()).catch((error: unknown) => logger.error({ err: error, connectionId: connection.id }, "live connection cleanup failed"));
    });
  });

  const refuseUpgrade = (socket: Duplex, status: number, message: string) => {
    socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
  };

  options.httpServer.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path !== options.path) return refuseUpgrade(socket, 404, "Not Found");
    if (closing) return refuseUpgrade(socket, 503, "Service Unavailable");
    const ip = clientIp(request, options.trustProxy);
    const open = perIp.get(ip) ?? 0;
    if (open >= config.maxConnectionsPerIp) {
      logger.info({ ip, open }, "live connection refused: too many from this IP");
      return refuseUpgrade(socket, 429, "Too Many Requests");
    }
    perIp.set(ip, open + 1);
    webSockets.handleUpgrade(request, socket, head, (webSocket) => webSockets.emit("connection", webSocket, request, ip));
  });

  return {
    connections,
    subscriptions,
    async close(deadlineMs = 5_000) {
      closing = true;
      for (const client of webSockets.clients) client.close(LIVE_CLOSE_CODES.shuttingDown, "Server shutting down");
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref());
      await Promise.race([connections.until((open) => open === 0), deadline]);
      for (const client of webSockets.clients) client.terminate();
      await new Promise<void>((resolve) => webSockets.close(() => resolve()));
    },
  };
}
