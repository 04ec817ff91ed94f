// Cache hints for the public content, and the rules that make anything private uncacheable.
//
// Why a policy table rather than `@cacheControl` directives on the type-graphql classes: the
// directives would have to be declared in the schema and would then leak into the public and
// federation SDL (a gateway would have to compose them), and every module's type file would
// carry a copy of the numbers. Here the hints live in one table keyed by GraphQL type and field
// coordinate, and are applied per field through Apollo's own cache-control plugin
// (`info.cacheControl.setCacheHint`), so Apollo computes the overall policy exactly as it does for
// directives and writes `Cache-Control: max-age=N, public` on cacheable responses.
//
// Anything without a hint falls back to `defaultMaxAge: 0` (not cacheable): a new type is never
// cached by accident; add it to the table instead.
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { getNamedType, isCompositeType } from "graphql";

/** Seconds a shared cache (CDN) may keep an entity. */
export const ENTITY_MAX_AGE = 60;
/** Lists change whenever anything is published: shorter. */
export const LIST_MAX_AGE = 30;
/** Search results rank across everything: shortest. */
export const SEARCH_MAX_AGE = 15;

export interface CachePolicy {
  /** maxAge by the name of the type a field returns. */
  types: Readonly<Record<string, number>>;
  /** maxAge by field coordinate (`Type.field`); takes precedence over the returned type. */
  fields: Readonly<Record<string, number>>;
}

export const KHABAR_CACHE_POLICY: CachePolicy = {
  types: {
    Article: ENTITY_MAX_AGE,
    ArticleImage: ENTITY_MAX_AGE,
    Person: ENTITY_MAX_AGE,
    Organization: ENTITY_MAX_AGE,
    Actor: ENTITY_MAX_AGE,
    Node: ENTITY_MAX_AGE,
    Statement: ENTITY_MAX_AGE,
    StatementGroup: ENTITY_MAX_AGE,
    Incident: ENTITY_MAX_AGE,
    IncidentClaim: ENTITY_MAX_AGE,
    IncidentLocation: ENTITY_MAX_AGE,
    PageInfo: LIST_MAX_AGE,
  },
  fields: {
    "Query.search": SEARCH_MAX_AGE,
  },
};

/** What Apollo's cache-control plugin adds to `info` (typed here to avoid a transitive import). */
interface WithCacheControl {
  cacheControl?: { setCacheHint(hint: { maxAge?: number }): void };
}

/** Connections and their edges grow as content is published: every `*Connection`/`*Edge` type. */
function maxAgeOfTypeName(policy: CachePolicy, typeName: string): number | undefined {
  const listed = policy.types[typeName];
  if (listed !== undefined) return listed;
  if (typeName.endsWith("Connection") || typeName.endsWith("Edge")) return LIST_MAX_AGE;
  return undefined;
}

/** Applies the policy table to each resolved field (runs after Apollo's plugin set `info.cacheControl`). */
export function cacheHintsPlugin(policy: CachePolicy = KHABAR_CACHE_POLICY): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      // A request that carries credentials, or a mutation, is never cacheable: a `public` response
      // to an authorized request may be stored by a shared cache and served to others.
      const authenticated = request.http?.headers.has("authorization") ?? false;
      return {
        async didResolveOperation(requestContext) {
          if (authenticated || requestContext.operation?.operation !== "query") {
            requestContext.overallCachePolicy.restrict({ maxAge: 0 });
          }
        },
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              const cacheControl = (info as unknown as WithCacheControl).cacheControl;
              if (!cacheControl) return;
              const coordinate = `${info.parentType.name}.${info.fieldName}`;
              const returned = getNamedType(info.returnType);
              const fromField = policy.fields[coordinate];
              const maxAge = fromField ?? (isCompositeType(returned) ? maxAgeOfTypeName(policy, returned.name) : undefined);
              if (maxAge !== undefined) cacheControl.setCacheHint({ maxAge });
            },
          };
        },
      };
    },
  };
}

/**
 * Apollo's cache-control plugin first, then ours: Apollo runs `willResolveField` hooks in reverse
 * plugin order, so listing ours before Apollo's makes ours run after it has set `info.cacheControl`.
 */
export function cacheControlPlugins(policy: CachePolicy = KHABAR_CACHE_POLICY): ApolloServerPlugin<BaseContext>[] {
  return [cacheHintsPlugin(policy), ApolloServerPluginCacheControl({ defaultMaxAge: 0 })];
}
