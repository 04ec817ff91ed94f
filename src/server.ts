// createServer wires Apollo Server to a plain node:http server. It never listens by itself: the
// entry point and the tests decide where. A small integration of our own (rather than
// startStandaloneServer) gives control of body limits (413), health routes, 404s, request ids
// and graceful draining.
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import { ApiKeyStore } from "./auth/api-keys.js";
import { resolveViewer, unauthenticated } from "./auth/viewer.js";
import type { Config } from "./config.js";
import { createContext, type Context } from "./context.js";
import { createDelivery, type DeliveryConfig } from "./http/delivery.js";
import type { DatabaseHandle } from "./db/client.js";
import type { HardeningConfig } from "./http/hardening-config.js";
import { createHttpGuards, hardeningApolloOptions, resolveHardening } from "./http/hardening.js";
import type { Logger } from "./logger.js";
import { buildKhabarSchema } from "./schema.js";
import { createErrorFormatter } from "./shared/format-error.js";
import { createRepositories, type Repositories } from "./modules/index.js";

export const GRAPHQL_PATH = "/graphql";
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface ServerOptions {
  database: DatabaseHandle;
  config: Pick<Config, "environment"> & DeliveryConfig & { hardening?: Partial<HardeningConfig> } & Partial<Pick<Config, "requireKeyForReads">>;
  logger: Logger;
  schema?: GraphQLSchema;
  bodyLimitBytes?: number;
  plugins?: ApolloServerPlugin<Context>[];
}

export interface KhabarServer {
  httpServer: Server;
  apollo: ApolloServer<Context>;
  repositories: Repositories;
  /** Starts listening; resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops taking requests, lets in-flight ones finish (up to the deadline), stops Apollo. */
  close(deadlineMs?: number): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function createServer(options: ServerOptions): Promise<KhabarServer> {
  const { database, logger } = options;
  const hardening = resolveHardening(options.config.hardening);
  const bodyLimit = options.bodyLimitBytes ?? options.config.hardening?.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const { plugins: hardeningPlugins, ...hardeningOptions } = hardeningApolloOptions(hardening, options.config.environment);
  const guard = createHttpGuards(hardening);
  const repositories = createRepositories(database.db);
  const apiKeys = new ApiKeyStore(database.db);
  const delivery = createDelivery(options.config, GRAPHQL_PATH);

  const apollo = new ApolloServer<Context>({
    schema: options.schema ?? buildKhabarSchema(),
    ...hardeningOptions,
    includeStacktraceInErrorResponses: options.config.environment === "development",
    formatError: createErrorFormatter({
      includeStacktrace: options.config.environment === "development",
      // Logged with the request id by requestIdPlugin; the id is added to the response by
      // the hardening plugin (formatError has no access to the request).
      onInternalError: () => undefined,
    }),
    persistedQueries: delivery.persistedQueries,
    // Inline traces (ftv1) are for Apollo GraphOS reporting through a gateway; Khabar runs without
    // it, and they would hand resolver timings to any client that asks for them.
    // Limits come first, so a refused operation never reaches the response cache or a resolver.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      requestIdPlugin(logger),
      ...hardeningPlugins,
      ...delivery.plugins,
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  const inFlight = new Set<ServerResponse>();
  let closing = false;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(request);
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
      if (url.pathname === "/readyz") {
        try {
          database.sqlite.prepare("select 1").get();
          return sendJson(response, 200, { status: "ready" });
        } catch {
          return sendJson(response, 503, { status: "database unavailable" });
        }
      }
      if (delivery.playground.handle(request, response, url)) return;
      if (url.pathname !== GRAPHQL_PATH) return sendJson(response, 404, { error: `Not found. The GraphQL endpoint is ${GRAPHQL_PATH}.` });
      if (guard(request, response)) return;

      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const body = request.method === "POST" ? await readBody(request, bodyLimit, headers.get("content-type")) : undefined;
      const httpGraphQLRequest: HTTPGraphQLRequest = { method: request.method?.toUpperCase() ?? "GET", headers, search: url.search.slice(1), body };
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => {
          const { viewer, credential } = resolveViewer(apiKeys, headers.get("authorization"));
          // Refused before execution: a 401 for the whole request, reads and mutations alike.
          if (options.config.requireKeyForReads && !viewer) throw unauthenticated(credential);
          return createContext({ db: database.db, repositories, viewer, credential, requestId });
        },
      });
      response.statusCode = result.status ?? 200;
      for (const [name, value] of result.headers) response.setHeader(name, value);
      if (result.body.kind === "complete") {
        delivery.sendGraphQLBody(request, response, result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) response.write(chunk);
        response.end();
      }
    } catch (error) {
      if (error instanceof HttpError) return sendJson(response, error.status, { errors: [{ message: error.message, extensions: { code: "BAD_REQUEST" } }] });
      logger.error({ err: error, requestId }, "request failed");
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }] });
      else response.end();
    }
  };

  const httpServer = createHttpServer((request, response) => void handle(request, response));
  // Keep-alive sockets would hold close() open; idle ones are closed as soon as shutdown starts.
  httpServer.keepAliveTimeout = 5_000;

  return {
    httpServer,
    apollo,
    repositories,
    listen: (port, host = "127.0.0.1") =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost === "0.0.0.0" ? "localhost" : shownHost}:${address.port}${GRAPHQL_PATH}`);
        });
      }),
    close: async (deadlineMs = 10_000) => {
      closing = true;
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
      await apollo.stop();
    },
  };
}

function requestIdPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (code === undefined || code === "INTERNAL_SERVER_ERROR") {
              logger.error({ err: error.originalError ?? error, requestId: contextValue.requestId, operationName }, "operation failed");
            }
          }
        },
      };
    },
  };
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

async function readBody(request: IncomingMessage, limit: number, contentType: string | undefined): Promise<unknown> {
  const declared = Number(request.headers["content-length"] ?? "0");
  if (declared > limit) {
    request.resume();
    throw new HttpError(413, `Request body is larger than ${limit} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      request.resume();
      throw new HttpError(413, `Request body is larger than ${limit} bytes.`);
    }
    chunks.push(chunk as Buffer);
  }
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  // Only JSON: other types are what a cross-site form can send without a preflight (CSRF).
  if (mediaType !== "application/json" && !mediaType?.endsWith("+json")) {
    throw new HttpError(400, "POST bodies must be JSON: send `content-type: application/json`.");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, "The request body is not valid UTF-8.");
  }
  if (text.trim() === "") throw new HttpError(400, "The request body is empty; send a JSON object with a `query`.");
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "The request body is not valid JSON.");
  }
}
