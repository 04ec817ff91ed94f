// A node:http integration of Apollo Server: it turns an IncomingMessage into Apollo's
// HTTPGraphQLRequest and writes the HTTPGraphQLResponse back. It works for any ApolloServer and
// knows nothing of Khabar: routing, request ids, CORS, compression and draining are composed
// around it (src/server.ts). It passes Apollo's @apollo/server-integration-testsuite
// (test/integration/, `npm run test:integration`).
//
// Bodies are read up to a limit (413 beyond it, whether declared or streamed) and parsed only when
// the media type is JSON, as UTF-8 (RFC 8259; any other charset is 415, as startStandaloneServer
// answers since Apollo Server 5.4). A body of any other type reaches Apollo as missing, so
// Apollo's own CSRF prevention and its "invalid Content-Type" answer decide what a form post gets:
// only JSON bodies, which a cross-site form cannot send without a preflight, are ever executed.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction, type HTTPGraphQLResponse } from "@apollo/server";

/** What the context function receives for each request. */
export interface NodeHandlerContextArgument {
  request: IncomingMessage;
  response: ServerResponse;
}

export interface ApolloNodeHandlerOptions<TContext extends BaseContext> {
  /** Builds the context of one request; runs after Apollo's CSRF check, before the operation. */
  context?: ContextFunction<[NodeHandlerContextArgument], TContext>;
  /** The largest request body accepted; larger ones are answered 413. */
  bodyLimitBytes?: number;
  /**
   * Ends a response whose body is complete (everything but incremental delivery), after status and
   * headers are set. The default sends it as is, with its Content-Length; a wrapper can compress it.
   */
  sendBody?: (request: IncomingMessage, response: ServerResponse, body: string) => void;
  /**
   * Told of every request the handler answers itself: a `RequestError` (the body is too large, not
   * UTF-8, not JSON, or could not be read: answered with its 4xx status) or anything else that went
   * wrong (answered 500). What it returns is added to the error's `extensions` in the response.
   */
  onError?: (error: unknown, request: IncomingMessage) => Record<string, unknown> | void;
  /**
   * Admission control, asked once the body is read and before Apollo runs the operation (a slow
   * upload holds nothing). Resolves with a function the handler calls when the operation is done
   * and its response written, or with null when the hook has answered the request itself (or
   * there is no one left to answer): the operation then never runs.
   */
  admit?: (request: IncomingMessage, response: ServerResponse) => Promise<(() => void) | null>;
}

export type NodeRequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** A request the handler refuses before it reaches Apollo: the client's fault, with its status. */
export class RequestError extends Error {
  override name = "RequestError";
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The same default as Khabar's: GraphQL operations and their variables are small. */
export const DEFAULT_HANDLER_BODY_LIMIT_BYTES = 1024 * 1024;

export function createApolloNodeHandler(server: ApolloServer<BaseContext>, options?: ApolloNodeHandlerOptions<BaseContext>): NodeRequestHandler;
export function createApolloNodeHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: ApolloNodeHandlerOptions<TContext> & Required<Pick<ApolloNodeHandlerOptions<TContext>, "context">>,
): NodeRequestHandler;
export function createApolloNodeHandler<TContext extends BaseContext>(server: ApolloServer<TContext>, options: ApolloNodeHandlerOptions<TContext> = {}): NodeRequestHandler {
  // Only reachable for ApolloServer<BaseContext> (see the overloads): an empty object is a BaseContext.
  const context = options.context ?? (async () => ({}) as TContext);
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_HANDLER_BODY_LIMIT_BYTES;
  const sendBody = options.sendBody ?? sendWithContentLength;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      const method = (request.method ?? "GET").toUpperCase();
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        // Node lower-cases names and gives repeated headers as arrays; Fetch's Headers joins them with ", ".
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      // Only POST bodies mean anything to Apollo; Node discards the body of anything else.
      const body = method === "POST" ? parseBody(await readBody(request, bodyLimit), headers.get("content-type")) : undefined;
      const release = options.admit ? await options.admit(request, response) : () => undefined;
      if (release === null) return;
      try {
        const result = await server.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method, headers, search: searchOf(request.url), body },
          context: () => context({ request, response }),
        });
        await writeResult(request, response, result, sendBody);
      } finally {
        release();
      }
    } catch (error) {
      let extensions: Record<string, unknown> = {};
      try {
        extensions = options.onError?.(error, request) ?? {};
      } catch {
        // A failing observer must not leave the request unanswered.
      }
      // A stream that failed half-way cannot change its status any more.
      if (response.headersSent) return void response.end();
      if (error instanceof RequestError) return sendError(response, error.status, error.message, { code: "BAD_REQUEST", ...extensions });
      sendError(response, 500, "Internal server error", { code: "INTERNAL_SERVER_ERROR", ...extensions });
    }
  };

  return (request, response) => void handle(request, response);
}

async function writeResult(
  request: IncomingMessage,
  response: ServerResponse,
  result: HTTPGraphQLResponse,
  sendBody: NonNullable<ApolloNodeHandlerOptions<BaseContext>["sendBody"]>,
): Promise<void> {
  response.statusCode = result.status ?? 200;
  for (const [name, value] of result.headers) response.setHeader(name, value);
  if (result.body.kind === "complete") return sendBody(request, response, result.body.string);
  // Incremental delivery (multipart/mixed): each part goes out as soon as Apollo has it.
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

function sendWithContentLength(_request: IncomingMessage, response: ServerResponse, body: string): void {
  // Byte length, not string length: the body is UTF-8.
  response.setHeader("content-length", Buffer.byteLength(body));
  response.end(body);
}

function sendError(response: ServerResponse, status: number, message: string, extensions: Record<string, unknown>): void {
  const body = JSON.stringify({ errors: [{ message, extensions }] });
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("content-length", Buffer.byteLength(body));
  response.end(body);
}

/** The query string without its `?`; `request.url` is a path, which `new URL` would misread when it starts with `//`. */
function searchOf(url: string | undefined): string {
  const start = url?.indexOf("?") ?? -1;
  return start === -1 || url === undefined ? "" : url.slice(start + 1);
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => {
    // Drain what the client still sends, so it reads the 413 instead of a reset connection.
    request.resume();
    return new RequestError(413, `Request body is larger than ${limit} bytes.`);
  };
  if (Number(request.headers["content-length"] ?? "0") > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof RequestError) throw error;
    // The client went away or broke the stream mid-body: its request, not our fault.
    throw new RequestError(400, "The request body could not be read.", { cause: error });
  }
  return Buffer.concat(chunks);
}

interface MediaType {
  essence: string;
  parameters: Map<string, string>;
}

function parseMediaType(value: string | undefined): MediaType | undefined {
  if (value === undefined) return undefined;
  const [essence, ...parameters] = value.split(";");
  const parsed: MediaType = { essence: essence?.trim().toLowerCase() ?? "", parameters: new Map() };
  for (const parameter of parameters) {
    const separator = parameter.indexOf("=");
    if (separator === -1) continue;
    const name = parameter.slice(0, separator).trim().toLowerCase();
    const raw = parameter.slice(separator + 1).trim();
    parsed.parameters.set(name, raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
  }
  return parsed;
}

/** The body as Apollo expects it: parsed JSON, or undefined when there is no JSON body. */
function parseBody(bytes: Buffer, contentType: string | undefined): unknown {
  const mediaType = parseMediaType(contentType);
  if (!mediaType || (mediaType.essence !== "application/json" && !mediaType.essence.endsWith("+json"))) return undefined;
  const charset = mediaType.parameters.get("charset")?.toLowerCase() ?? "utf-8";
  if (charset !== "utf-8" && charset !== "utf8") throw new RequestError(415, `Unsupported charset "${charset}": JSON bodies must be UTF-8.`);
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new RequestError(400, "The request body is not valid UTF-8.", { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestError(400, `Invalid JSON in the request body: ${(error as Error).message}`, { cause: error });
  }
}
