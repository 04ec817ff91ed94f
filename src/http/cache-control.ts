// Cache hints for the public content, and the rules that make anything private uncacheable.
//
// Why a policy table rather than `@cacheControl` directives on the type-graphql classes: the
// directives would have to be declared in the schema and would then leak into the public and
// federation SDL (a gateway would have to compose them), and every module's type file would
// carry a copy of the numbers. Here the hints are data, keyed by GraphQL type and field
// coordinate, and `Cache-Control: max-age=N, public` is written on cacheable responses.
//
// Why once per operation rather than per field: Apollo's cache-control plugin hooks
// `willResolveField`, which makes Apollo wrap every resolver of the schema and call the hooks for
// every field of every response (10-15% of the CPU of a nested list). The hints depend only on the
// schema and the operation's selections, so they are computed from the document, once per parsed
// document (Apollo reuses it for a repeated query), with Apollo's rules: a field's hint comes from
// its `@cacheControl` directive, its return type's, then this table; a field returning an object
// (or any root field) without one gets `maxAge: 0` (not cacheable), scalars inherit; the overall
// policy is the most restrictive of all. One difference: the walk counts every selected field,
// where the per-field plugin counted only fields that resolved, so a selection under a null or an
// empty list can now shorten max-age (never lengthen it).
//
// Anything without a hint falls back to `maxAge: 0` (not cacheable): a new type is never cached by
// accident; its module's descriptor gives its hints (`cacheHints`), merged in modules/index.ts.
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextDidResolveOperation } from "@apollo/server";
import {
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type ConstDirectiveNode,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { KHABAR_CACHE_POLICY } from "../modules/index.js";
import { LIST_MAX_AGE, type CachePolicy } from "../shared/cache-policy.js";

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

/**
 * The overall hint of an operation: every selected field's hint (fragments expanded, `@skip` and
 * `@include` applied), restricted together. `usedVariables` tells whether a directive's condition
 * read the variables, i.e. whether the result may be reused for other variables.
 */
export function operationCacheHint(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  policy: CachePolicy = KHABAR_CACHE_POLICY,
): { hint: CacheHint; usedVariables: boolean } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  // Restricting is idempotent, so a fragment needs walking once per level kind (root or nested).
  const walked = new Set<string>();
  let overall: CacheHint = {};
  let usedVariables = false;

  const included = (node: { directives?: readonly DirectiveNode[] }): boolean => {
    if (!node.directives?.length) return true;
    for (const [directive, keepWhen] of [
      [GraphQLSkipDirective, false],
      [GraphQLIncludeDirective, true],
    ] as const) {
      const applied = node.directives.find((candidate) => candidate.name.value === directive.name);
      if (!applied) continue;
      if (applied.arguments?.some((argument) => argument.value.kind === Kind.VARIABLE)) usedVariables = true;
      const values = getDirectiveValues(directive, node, variables);
      if (values && values.if !== keepWhen) return false;
    }
    return true;
  };

  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, root: boolean): void => {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        // Meta fields (`__typename`, `__schema`, `__type`) are not schema resolvers: no hints.
        if (selection.name.value.startsWith("__")) continue;
        if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
        const field = parentType.getFields()[selection.name.value];
        if (!field) continue;
        const returned = getNamedType(field.type);
        let fieldHint: CacheHint = {};
        let inheritMaxAge = false;
        if (isCompositeType(returned)) {
          const fromType = typeAnnotationOf(returned);
          fieldHint = { maxAge: fromType.maxAge, scope: fromType.scope };
          inheritMaxAge = Boolean(fromType.inheritMaxAge);
        }
        const fromField = annotationOf(field.astNode?.directives);
        if (fromField.inheritMaxAge && fieldHint.maxAge === undefined) {
          inheritMaxAge = true;
          if (fromField.scope) fieldHint = { ...fieldHint, scope: fromField.scope };
        } else if (fromField.maxAge !== undefined || fromField.scope !== undefined) {
          fieldHint = { maxAge: fromField.maxAge ?? fieldHint.maxAge, scope: fromField.scope ?? fieldHint.scope };
        }
        const fromTable = policy.fields[`${parentType.name}.${field.name}`] ?? (isCompositeType(returned) ? maxAgeOfTypeName(policy, returned.name) : undefined);
        if (fromTable !== undefined) fieldHint = { ...fieldHint, maxAge: fromTable };
        if (fieldHint.maxAge === undefined && ((isCompositeType(returned) && !inheritMaxAge) || root)) fieldHint = restrict(fieldHint, { maxAge: 0 });
        overall = restrict(overall, fieldHint);
        if (selection.selectionSet && isCompositeType(returned)) walk(selection.selectionSet, returned, false);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (type && isCompositeType(type)) walk(selection.selectionSet, type, root);
      } else {
        const key = `${selection.name.value}|${root}`;
        const fragment = fragments.get(selection.name.value);
        if (!fragment || walked.has(key)) continue;
        walked.add(key);
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && isCompositeType(type)) walk(fragment.selectionSet, type, root);
      }
    }
  };

  const rootType = schema.getRootType(operation.operation);
  if (rootType) walk(operation.selectionSet, rootType, true);
  return { hint: overall, usedVariables };
}

/**
 * Sets the overall cache policy from the operation (before execution) and writes `Cache-Control`
 * as Apollo's cache-control plugin does: `max-age=N, public|private` for a cacheable response
 * without errors, `no-store` otherwise.
 */
export function cacheHintsPlugin(policy: CachePolicy = KHABAR_CACHE_POLICY): ApolloServerPlugin<BaseContext> {
  // Per parsed document (Apollo caches them) and operation name; not kept when @skip/@include
  // read variables, since the hint then depends on them.
  const hints = new WeakMap<DocumentNode, Map<string, CacheHint>>();
  const hintOf = ({ schema, document, request }: GraphQLRequestContextDidResolveOperation<BaseContext>, operation: OperationDefinitionNode): CacheHint => {
    const name = operation.name?.value ?? "";
    const known = hints.get(document)?.get(name);
    if (known) return known;
    const { hint, usedVariables } = operationCacheHint(schema, document, operation, request.variables ?? {}, policy);
    if (!usedVariables) {
      let byName = hints.get(document);
      if (!byName) hints.set(document, (byName = new Map()));
      byName.set(name, hint);
    }
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
          requestContext.overallCachePolicy.restrict(hintOf(requestContext, operation));
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
