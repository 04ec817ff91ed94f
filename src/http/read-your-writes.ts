// Read-your-writes over streaming replicas. A replica replays the primary's commits a little
// later (milliseconds; seconds under load), so a client reading right after its own mutation
// could be answered by a replica that has not replayed it yet. Two rules close that gap, on a
// replicated engine only (SQLite and PostgreSQL without replicas have one database, nothing to
// close):
//
// - A mutation reads from the primary for the whole of its execution, the nested fields of its
//   response included. The switch is made in didResolveOperation: the operation is known, no
//   resolver has run yet, and whichever executor runs next (compiled, graphql-js) is handed the
//   switched context.
// - A mutation in which a field completed gives the client a token, as a cookie and as a response
//   header with the same value; until it expires (KHABAR_READ_YOUR_WRITES_MS later) the client's
//   requests that carry it, in either, read from the primary too.
//
// The token is the instant it expires (milliseconds since the epoch), not a secret. What makes a
// tampered one harmless is the bound on it: one that expires further ahead than the window
// (beyond the clock difference allowed between Khabar processes) was not issued under this
// window and is ignored, so no value a client keeps can hold it on the primary for longer than the
// window. A client that writes a fresh instant into every request can read from the primary —
// the same data the replicas serve a moment later, at the cost of the primary's capacity only.
import type { IncomingHttpHeaders } from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import { readFromPrimary, type Context, type PrimaryReads } from "../context.js";

/** The cookie browsers keep and send back. HttpOnly: page scripts have no use for it. */
export const READ_PRIMARY_COOKIE = "khabar-read-primary";
/**
 * The response header with the same token, for clients that keep no cookies (mobile apps): they
 * send it back as a request header of the same name. Routers and balancers forward it.
 */
export const READ_PRIMARY_HEADER = "khabar-read-primary-until";
/** How far clocks of Khabar processes behind one balancer may differ: a token one of them issued is honoured by another that far behind. */
export const TOKEN_CLOCK_TOLERANCE_MS = 1_000;

/** Up to 16 digits, no sign, no exponent: milliseconds since the epoch, as issued. */
const INSTANT = /^\d{1,16}$/;

/** The expiry a token names, or null when it is not a token. */
export function tokenExpiry(value: string): number | null {
  if (!INSTANT.test(value)) return null;
  const instant = Number(value);
  return Number.isSafeInteger(instant) ? instant : null;
}

/** Every token the request presents, from the header (repeated or comma-joined) and the cookies. */
function presentedTokens(headers: IncomingHttpHeaders): string[] {
  const tokens: string[] = [];
  for (const value of [headers[READ_PRIMARY_HEADER] ?? []].flat()) tokens.push(...value.split(","));
  for (const pair of headers.cookie?.split(";") ?? []) {
    const equals = pair.indexOf("=");
    if (equals > 0 && pair.slice(0, equals).trim() === READ_PRIMARY_COOKIE) tokens.push(pair.slice(equals + 1));
  }
  return tokens.map((token) => token.trim());
}

/**
 * Whether the request carries a token that sends it to the primary now: one that has not expired
 * and does not expire further ahead than the window (and the clocks' tolerance) from now. Never,
 * with a window of 0.
 */
export function honoursReadPrimaryToken(headers: IncomingHttpHeaders, windowMs: number, now: number): boolean {
  if (windowMs <= 0) return false;
  return presentedTokens(headers).some((token) => {
    const expiry = tokenExpiry(token);
    return expiry !== null && now < expiry && expiry <= now + windowMs + TOKEN_CLOCK_TOLERANCE_MS;
  });
}

export interface ReadPrimaryToken {
  /** The value of the response header: the expiry instant. */
  header: string;
  /** The Set-Cookie value with the same token; Max-Age is the window rounded up to whole seconds (the instant inside decides). */
  setCookie: string;
}

export function issueReadPrimaryToken(now: number, windowMs: number): ReadPrimaryToken {
  const expiresAt = String(now + windowMs);
  return { header: expiresAt, setCookie: `${READ_PRIMARY_COOKIE}=${expiresAt}; Max-Age=${Math.ceil(windowMs / 1_000)}; Path=/; HttpOnly; SameSite=Lax` };
}

interface ResultShape {
  data?: Record<string, unknown> | null;
  errors?: readonly { path?: readonly (string | number)[]; extensions?: Readonly<Record<string, unknown>> }[];
}

/**
 * Whether any root field of a mutation's result completed, so its write may have committed: a
 * root field in `data` with no error of its own, or an error below a root field (its resolver
 * returned; completing its value failed, which can null `data` as a whole). A field that failed
 * with COMMIT_OUTCOME_UNKNOWN (the connection lost during COMMIT) may have written too, and its
 * client is told to read before retrying: that read must see the write if it was made. A
 * mutation refused before it ran (READ_ONLY, UNAUTHENTICATED, a limit) or whose every field
 * failed otherwise — which by Khabar's contract changed nothing — gets no token.
 */
export function mutationFieldCompleted(result: ResultShape): boolean {
  const errors = result.errors ?? [];
  if (errors.some((error) => error.extensions?.["reason"] === "COMMIT_OUTCOME_UNKNOWN")) return true;
  const failedFields = new Set(errors.flatMap((error) => (error.path?.length === 1 ? [String(error.path[0])] : [])));
  if (result.data && Object.keys(result.data).some((key) => !failedFields.has(key))) return true;
  return errors.some((error) => (error.path?.length ?? 0) > 1);
}

export interface ReadYourWritesOptions {
  primary: PrimaryReads;
  /** KHABAR_READ_YOUR_WRITES_MS; 0 issues no token (mutations still read from the primary). */
  windowMs: number;
  now: () => number;
}

/**
 * Apollo plugin, first in the list: its didResolveOperation switches a mutation's context before
 * any other plugin's hook could read through the loaders (hooks start in list order).
 */
export function readYourWritesPlugin(options: ReadYourWritesOptions): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === "mutation") readFromPrimary(contextValue, options.primary);
        },
        async willSendResponse({ operation, response }) {
          if (options.windowMs <= 0 || operation?.operation !== "mutation") return;
          const result = response.body.kind === "single" ? response.body.singleResult : response.body.initialResult;
          if (!mutationFieldCompleted(result)) return;
          const token = issueReadPrimaryToken(options.now(), options.windowMs);
          response.http.headers.set("set-cookie", token.setCookie);
          response.http.headers.set(READ_PRIMARY_HEADER, token.header);
        },
      };
    },
  };
}
