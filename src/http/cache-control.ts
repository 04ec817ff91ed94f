// Cache hints for the public content, and the rules that make anything private uncacheable.
//
// Why a policy table rather than `@cacheControl` directives on the type-graphql classes: the
// directives would have to be declared in the schema and would then leak into the public and
// federation SDL (a gateway would have to compose them), and every module's type file would
// carry a copy of the numbers. Here the hints are data, a `CachePolicy` (maxAge by GraphQL type
// and by field coordinate) passed to the plugin, and `Cache-Control: max-age=N, public` is
// written on cacheable responses.
//
// Why once per operation rather than per field: Apollo's cache-control plugin hooks
// `willResolveField`, which makes Apollo wrap every resolver of the schema and call the hooks for
// every field of every response (10-15% of the CPU of a nested list). The hints depend only on the
// schema and the operation's selections, so they are computed from the operation's summary (one
// walk shared with the query limits and remembered per parsed document, see operation-summary.ts)
// with Apollo's rules: a field's hint comes from its `@cacheControl` directive, its return type's,
// then the policy; a field returning an object (or any root field) without one gets `maxAge: 0`
// (not cacheable), scalars inherit; the overall policy is the most restrictive of all. One
// difference: the walk counts every selected field, where the per-field plugin counted only
// fields that resolved, so a selection under a null or an empty list can now shorten max-age
// (never lengthen it).
//
// Anything without a hint falls back to `maxAge: 0` (not cacheable): a new type is never cached by
// accident; its module's descriptor gives its hints (`cacheHints`), merged in modules/index.ts.
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { getNamedType, isCompositeType, Kind, type ConstDirectiveNode, type DocumentNode, type GraphQLCompositeType, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { KHABAR_CACHE_POLICY } from "../modules/index.js";
import { LIST_MAX_AGE, type CachePolicy } from "../shared/cache-policy.js";
import { operationSummary, rememberedSummary, type OperationSummary, type SelectedField } from "./operation-summary.js";

export { ENTITY_MAX_AGE, LIST_MAX_AGE, SEARCH_MAX_AGE, type CachePolicy } from "../shared/cache-policy.js";

/** A cache hint as Apollo's policies take it (`overallCachePolicy.restrict`). */
export interface CacheHint {
  maxAge?: number;
  scope?: "PUBLIC" | "PRIVATE";
}

/** Connections and their edges grow as content is published: every `*Connection`/`*Edge` type. */
function maxAgeOfTypeName(policy: CachePolicy, typeName: string): number | undefined {
  const listed = policy.types[typeName];
  if (listed !== undefined) return listed;
  if (typeName.endsWith("Connection") || typeName.endsWith("Edge")) return LIST_MAX_AGE;
  return undefined;
}

interface Annotation extends CacheHint {
  inheritMaxAge?: boolean;
}

/** `@cacheControl(maxAge:, scope:, inheritMaxAge:)` on a type or field definition, read as Apollo reads it. */
function annotationOf(directives: readonly ConstDirectiveNode[] | undefined): Annotation {
  const directive = directives?.find((candidate) => candidate.name.value === "cacheControl");
  const argument = (name: string) => directive?.arguments?.find((candidate) => candidate.name.value === name)?.value;
  if (!directive) return {};
  const scopeValue = argument("scope");
  const scope = scopeValue?.kind === Kind.ENUM && (scopeValue.value === "PUBLIC" || scopeValue.value === "PRIVATE") ? scopeValue.value : undefined;
  const inherit = argument("inheritMaxAge");
  if (inherit?.kind === Kind.BOOLEAN && inherit.value) return { inheritMaxAge: true, ...(scope ? { scope } : {}) };
  const maxAge = argument("maxAge");
  return { ...(maxAge?.kind === Kind.INT ? { maxAge: Number.parseInt(maxAge.value, 10) } : {}), ...(scope ? { scope } : {}) };
}

function typeAnnotationOf(type: GraphQLCompositeType): Annotation {
  const own = annotationOf(type.astNode?.directives);
  if (own.maxAge !== undefined || own.scope !== undefined || own.inheritMaxAge) return own;
  for (const extension of type.extensionASTNodes) {
    const hint = annotationOf(extension.directives);
    if (hint.maxAge !== undefined || hint.scope !== undefined || hint.inheritMaxAge) return hint;
  }
  return {};
}

/** `a` restricted by `b`, as CachePolicy.restrict does: the shorter max-age, PRIVATE over PUBLIC. */
function restrict(a: CacheHint, b: CacheHint): CacheHint {
  const maxAge = a.maxAge === undefined ? b.maxAge : b.maxAge === undefined ? a.maxAge : Math.min(a.maxAge, b.maxAge);
  const scope = a.scope === "PRIVATE" || b.scope === "PRIVATE" ? "PRIVATE" : (a.scope ?? b.scope);
  return { ...(maxAge !== undefined ? { maxAge } : {}), ...(scope ? { scope } : {}) };
}

/** The hint of one selected field, by Apollo's rules (see the header). */
function fieldHintOf({ parentType, definition, root }: SelectedField, policy: CachePolicy): CacheHint {
  const returned = getNamedType(definition.type);
  let fieldHint: CacheHint = {};
  let inheritMaxAge = false;
  if (isCompositeType(returned)) {
    const fromType = typeAnnotationOf(returned);
    fieldHint = { maxAge: fromType.maxAge, scope: fromType.scope };
    inheritMaxAge = Boolean(fromType.inheritMaxAge);
  }
  const fromField = annotationOf(definition.astNode?.directives);
  if (fromField.inheritMaxAge && fieldHint.maxAge === undefined) {
    inheritMaxAge = true;
    if (fromField.scope) fieldHint = { ...fieldHint, scope: fromField.scope };
  } else if (fromField.maxAge !== undefined || fromField.scope !== undefined) {
    fieldHint = { maxAge: fromField.maxAge ?? fieldHint.maxAge, scope: fromField.scope ?? fieldHint.scope };
  }
  const fromTable = policy.fields[`${parentType.name}.${definition.name}`] ?? (isCompositeType(returned) ? maxAgeOfTypeName(policy, returned.name) : undefined);
  if (fromTable !== undefined) fieldHint = { ...fieldHint, maxAge: fromTable };
  if (fieldHint.maxAge === undefined && ((isCompositeType(returned) && !inheritMaxAge) || root)) fieldHint = restrict(fieldHint, { maxAge: 0 });
  return fieldHint;
}

/** The overall hint of the fields an operation selects: each field's hint, restricted together. */
export function cacheHintOf(summary: OperationSummary, policy: CachePolicy = KHABAR_CACHE_POLICY): CacheHint {
  let overall: CacheHint = {};
  for (const field of summary.fields) overall = restrict(overall, fieldHintOf(field, policy));
  return overall;
}

/**
 * The overall hint of an operation: every selected field's hint (fragments expanded, `@skip` and
 * `@include` applied, as the operation's summary lists them), restricted together. `usedVariables`
 * tells whether a directive's condition read the variables, i.e. whether the selection depends on them.
 */
export function operationCacheHint(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  policy: CachePolicy = KHABAR_CACHE_POLICY,
): { hint: CacheHint; usedVariables: boolean } {
  const summary = rememberedSummary(schema, document, operation, variables);
  return { hint: cacheHintOf(summary, policy), usedVariables: summary.conditionsReadVariables };
}

/**
 * Sets the overall cache policy from the operation (before execution) and writes `Cache-Control`
 * as Apollo's cache-control plugin does: `max-age=N, public|private` for a cacheable response
 * without errors, `no-store` otherwise.
 */
export function cacheHintsPlugin(policy: CachePolicy = KHABAR_CACHE_POLICY): ApolloServerPlugin<BaseContext> {
  // The operation's summary is remembered per document and variables; so is the hint of each.
  const hints = new WeakMap<OperationSummary, CacheHint>();
  const hintOf = (summary: OperationSummary): CacheHint => {
    let hint = hints.get(summary);
    if (!hint) hints.set(summary, (hint = cacheHintOf(summary, policy)));
    return hint;
  };
  return {
    async requestDidStart({ request }) {
      // A request that carries credentials, or a mutation, is never cacheable: a `public` response
      // to an authorized request may be stored by a shared cache and served to others.
      const authenticated = request.http?.headers.has("authorization") ?? false;
      return {
        async didResolveOperation(requestContext) {
          const { operation } = requestContext;
          if (authenticated || operation?.operation !== "query") {
            requestContext.overallCachePolicy.restrict({ maxAge: 0 });
            return;
          }
          const { schema, document, request } = requestContext;
          requestContext.overallCachePolicy.restrict(hintOf(operationSummary({ schema, document, operation, request })));
        },
        async willSendResponse({ response, overallCachePolicy }) {
          const cacheable = overallCachePolicy.policyIfCacheable();
          if (cacheable && response.body.kind === "single" && !response.body.singleResult.errors) {
            response.http.headers.set("cache-control", `max-age=${cacheable.maxAge}, ${cacheable.scope.toLowerCase()}`);
          } else {
            response.http.headers.set("cache-control", "no-store");
          }
        },
      };
    },
  };
}

/**
 * Ours, and Apollo's own per-field plugin switched off (Apollo installs it unless told otherwise;
 * it would wrap every resolver again).
 */
export function cacheControlPlugins(policy: CachePolicy = KHABAR_CACHE_POLICY): ApolloServerPlugin<BaseContext>[] {
  return [cacheHintsPlugin(policy), ApolloServerPluginCacheControlDisabled()];
}
