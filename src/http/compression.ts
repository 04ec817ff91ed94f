// Response compression for clients that send Accept-Encoding (mobile networks pay per byte).
// Brotli when accepted, else gzip; bodies under COMPRESSION_MIN_BYTES go as they are (the headers
// and CPU cost more than they save). Brotli runs at a mid quality: quality 11 (zlib's default)
// costs tens of milliseconds per response for a few percent.
import type { IncomingMessage, ServerResponse } from "node:http";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export const COMPRESSION_MIN_BYTES = 1024;
const BROTLI_QUALITY = 5;

export type ContentEncoding = "br" | "gzip" | "identity";

/** The encoding to use for a client's Accept-Encoding (q-values honoured, `q=0` refuses). */
export function chooseEncoding(acceptEncoding: string | undefined): ContentEncoding {
  if (!acceptEncoding) return "identity";
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...parameters] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: string) => weights.get(name) ?? weights.get("*") ?? 0;
  const br = weightOf("br");
  const gzip = weightOf("gzip");
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return "identity";
}

export function compress(body: Buffer, encoding: Exclude<ContentEncoding, "identity">): Buffer {
  return encoding === "br"
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body);
}

/** Adds a token to the Vary header without repeating one already there. */
export function appendVary(response: ServerResponse, token: string): void {
  const current = response.getHeader("vary");
  const tokens = String(current ?? "")
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);
  if (!tokens.some((value) => value.toLowerCase() === token.toLowerCase() || value === "*")) tokens.push(token);
  response.setHeader("vary", tokens.join(", "));
}

/**
 * Ends the response with `body`, compressed when the client accepts it and it is worth it.
 * `precompressed` lets static assets compress once and reuse the result.
 */
export function sendBody(
  request: IncomingMessage,
  response: ServerResponse,
  body: string | Buffer,
  precompressed?: (encoding: Exclude<ContentEncoding, "identity">) => Buffer,
): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  appendVary(response, "Accept-Encoding");
  const encoding = bytes.length >= COMPRESSION_MIN_BYTES && !response.hasHeader("content-encoding") ? chooseEncoding(request.headers["accept-encoding"]) : "identity";
  const payload = encoding === "identity" ? bytes : (precompressed ?? ((chosen) => compress(bytes, chosen)))(encoding);
  if (encoding !== "identity") response.setHeader("content-encoding", encoding);
  response.setHeader("content-length", payload.length);
  response.end(request.method === "HEAD" ? undefined : payload);
}
