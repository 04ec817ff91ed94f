// CORS for browser clients on other origins (playgrounds, web apps). Configured with
// KHABAR_CORS_ORIGINS: a comma-separated list of origins, or `*`. Production has no default
// origins, so a deployment names the ones it serves rather than opening itself to every site.
import type { IncomingMessage, ServerResponse } from "node:http";

// khabar-read-primary-until: a web app on another origin reads the read-your-writes token from a
// mutation's response and sends it back (http/read-your-writes.ts); its cookie is SameSite=Lax,
// so a cross-site fetch does not carry it.
const ALLOWED_HEADERS = "content-type, authorization, apollo-require-preflight, x-apollo-operation-name, x-request-id, router-authorization, khabar-read-primary-until";
const EXPOSED_HEADERS = "x-request-id, retry-after, khabar-read-primary-until";

/**
 * Sets the CORS headers for the request's origin. Returns true when the request was a preflight
 * (OPTIONS) and has been answered.
 */
export function applyCors(request: IncomingMessage, response: ServerResponse, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  const anyOrigin = allowedOrigins.includes("*");
  const allowed = origin !== undefined && (anyOrigin || allowedOrigins.includes(origin));
  if (allowed) {
    response.setHeader("access-control-allow-origin", anyOrigin ? "*" : origin);
    response.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
  }
  if (!anyOrigin) response.setHeader("vary", "Origin");
  if (request.method !== "OPTIONS") return false;
  if (allowed) {
    response.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    response.setHeader("access-control-allow-headers", ALLOWED_HEADERS);
    response.setHeader("access-control-max-age", "600");
  }
  response.statusCode = 204;
  response.end();
  return true;
}
