// Assembles Khabar's protections for src/server.ts: the Apollo options (limits, introspection,
// suggestions, router secret, request ids in masked errors) and the HTTP guards that run before
// GraphQL (CORS, rate limits). server.ts only calls these two functions.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApolloServerOptions, ApolloServerPlugin } from "@apollo/server";
import { ErrorCode } from "../shared/errors.js";
import { applyCors } from "./cors.js";
import { DEFAULT_HARDENING_CONFIG, type HardeningConfig } from "./hardening-config.js";
import { queryLimitsPlugin } from "./limits.js";
import { createRateLimiter } from "./rate-limit.js";
import { routerSecretPlugin } from "./router-secret.js";

export function resolveHardening(given: Partial<HardeningConfig> | undefined): HardeningConfig {
  return { ...DEFAULT_HARDENING_CONFIG, ...given, limits: { ...DEFAULT_HARDENING_CONFIG.limits, ...given?.limits } };
}

type HardeningApolloOptions = Pick<
  ApolloServerOptions<object>,
  "introspection" | "hideSchemaDetailsFromClientErrors" | "parseOptions"
> & { plugins: ApolloServerPlugin<{ requestId: string }>[] };

export function hardeningApolloOptions(hardening: HardeningConfig, environment: "production" | "development" | "test"): HardeningApolloOptions {
  return {
    introspection: hardening.introspection,
    // "Did you mean …?" suggestions reveal the schema field by field even without introspection.
    hideSchemaDetailsFromClientErrors: environment === "production",
    // Enforced inside parse(): a clean 400 GRAPHQL_PARSE_FAILED (a plugin throwing in
    // parsingDidStart would answer 500).
    parseOptions: { maxTokens: hardening.limits.maxTokens },
    // Depth, aliases, directives, arguments and cost: one plugin reading the operation's summary
    // (a validation rule would not know the variables, so @skip/@include could not be evaluated).
    plugins: [
      queryLimitsPlugin(hardening.limits),
      ...(hardening.routerSecret ? [routerSecretPlugin(hardening.routerSecret)] : []),
      requestIdInMaskedErrorsPlugin(),
    ],
  };
}

/** Puts the request id into every masked internal error, so a user can quote it and ops can grep the log. */
function requestIdInMaskedErrorsPlugin(): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single" || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) =>
            error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR ? { ...error, extensions: { ...error.extensions, requestId: contextValue.requestId } } : error,
          );
        },
      };
    },
  };
}

/**
 * CORS and rate limits, before the body is read. Returns true when it has answered the request
 * (a preflight, or 429).
 */
export function createHttpGuards(hardening: HardeningConfig): (request: IncomingMessage, response: ServerResponse) => boolean {
  const limiter = createRateLimiter({ perIp: hardening.rateLimitPerIp, perKey: hardening.rateLimitPerKey, trustProxy: hardening.trustProxy });
  return (request, response) => {
    if (applyCors(request, response, hardening.corsOrigins)) return true;
    if (!limiter) return false;
    const decision = limiter.check(request);
    if (decision.allowed) return false;
    response.statusCode = 429;
    response.setHeader("retry-after", String(decision.retryAfterSeconds));
    response.setHeader("content-type", "application/json; charset=utf-8");
    response.end(
      JSON.stringify({
        errors: [{ message: `Too many requests: retry after ${decision.retryAfterSeconds} s.`, extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: decision.retryAfterSeconds } }],
      }),
    );
    return true;
  };
}
