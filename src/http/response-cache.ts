// The optional full-response cache (KHABAR_RESPONSE_CACHE=true): whole responses of cacheable
// public queries are kept in memory for their maxAge, keyed by query + variables + operation.
// Any mutation clears it: writes are rare and a cleared cache refills within one maxAge, while
// tracking which cached responses a write touches would be a dependency graph of its own.
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from "@apollo/server";
import { BoundedMemoryCache } from "./bounded-cache.js";

export const DEFAULT_RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;

function isAnonymous(requestContext: GraphQLRequestContext<BaseContext>): boolean {
  return !(requestContext.request.http?.headers.has("authorization") ?? false);
}

/**
 * A request that reads from the primary (a client right after its own write) must not be answered
 * with what was cached before that write: this process hears of another's commit a moment after
 * it. What it reads may fill the cache: it is as fresh as anything there.
 */
function readsPrimary(requestContext: GraphQLRequestContext<BaseContext>): boolean {
  return (requestContext.contextValue as { readsPrimary?: boolean }).readsPrimary === true;
}

export function responseCachePlugins(cache: BoundedMemoryCache): ApolloServerPlugin<BaseContext>[] {
  const invalidateOnMutation: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ operation }) {
          if (operation?.operation === "mutation") cache.clear();
        },
      };
    },
  };
  return [
    responseCachePlugin({
      cache,
      // Authenticated requests neither read nor fill the shared cache.
      shouldReadFromCache: async (requestContext) => isAnonymous(requestContext) && !readsPrimary(requestContext),
      shouldWriteToCache: async (requestContext) => isAnonymous(requestContext),
    }),
    invalidateOnMutation,
  ];
}
