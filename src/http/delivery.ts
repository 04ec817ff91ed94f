// Mobile delivery, assembled for src/server.ts: automatic persisted queries with a bounded cache,
// cache hints → Cache-Control, the optional full-response cache, the optional trusted-documents
// safelist, and the offline playground. server.ts only plugs these in; the logic lives here.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { Config } from "../config.js";
import { BoundedMemoryCache } from "./bounded-cache.js";
import { cacheControlPlugins } from "./cache-control.js";
import { appendVary, sendBody } from "./compression.js";
import { createPlayground, type Playground } from "./playground.js";
import { DEFAULT_RESPONSE_CACHE_BYTES, responseCachePlugins } from "./response-cache.js";
import { TrustedDocuments, trustedDocumentsPlugin, withTrustedDocuments } from "./trusted-documents.js";

/** APQ entries are query texts (a few kB each): 8 MB holds thousands of distinct operations. */
export const PERSISTED_QUERY_CACHE_BYTES = 8 * 1024 * 1024;

export type DeliveryConfig = Partial<Pick<Config, "responseCache" | "trustedDocumentsPath">>;

export interface Delivery {
  persistedQueries: { cache: ReturnType<typeof withTrustedDocuments> };
  plugins: ApolloServerPlugin<BaseContext>[];
  playground: Playground;
  /** The full-response cache, when enabled (exposed for tests and metrics). */
  responseCache: BoundedMemoryCache | null;
  trustedDocuments: TrustedDocuments | null;
  /** Ends a complete GraphQL response: compressed when accepted, `Vary` for shared caches. */
  sendGraphQLBody(request: IncomingMessage, response: ServerResponse, body: string): void;
}

export function createDelivery(config: DeliveryConfig, endpoint: string): Delivery {
  const trustedDocuments = config.trustedDocumentsPath ? TrustedDocuments.fromFile(config.trustedDocumentsPath) : null;
  const responseCache = config.responseCache ? new BoundedMemoryCache(DEFAULT_RESPONSE_CACHE_BYTES) : null;
  return {
    persistedQueries: { cache: withTrustedDocuments(new BoundedMemoryCache(PERSISTED_QUERY_CACHE_BYTES), trustedDocuments ?? undefined) },
    plugins: [
      // The safelist first: a refused operation never reaches the caches.
      ...(trustedDocuments ? [trustedDocumentsPlugin(trustedDocuments)] : []),
      ...cacheControlPlugins(),
      ...(responseCache ? responseCachePlugins(responseCache) : []),
    ],
    playground: createPlayground({ endpoint }),
    responseCache,
    trustedDocuments,
    sendGraphQLBody: (request, response, body) => {
      // The media type of the answer depends on Accept (GraphQL over HTTP), so a cache must key on it.
      appendVary(response, "Accept");
      sendBody(request, response, body);
    },
  };
}
