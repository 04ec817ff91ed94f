// Builds the executable GraphQL schema from the type-graphql classes: the resolvers, orphaned types
// and federation references of the module list (modules/index.ts).
//
// The served schema is an Apollo Federation 2 subgraph: type-graphql builds the schema (with the
// `@key` directives as `@Directive`s), its SDL is printed with the directives kept (graphql's own
// printSchema drops them), and @apollo/subgraph rebuilds it from that SDL with type-graphql's
// resolvers plus one `__resolveReference` per entity. That adds `_service` and `_entities`.
import { buildSubgraphSchema } from "@apollo/subgraph";
import { MapperKind, mapSchema, printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLObjectType, GraphQLSchema, graphqlSync, isSpecifiedDirective, lexicographicSortSchema, parse, specifiedDirectives, type GraphQLFieldResolver, type GraphQLResolveInfo } from "graphql";
import { buildSchemaSync, createResolversMap, getMetadataStorage } from "type-graphql";
import { authChecker } from "./auth/viewer.js";
import { ORPHANED_TYPES, REFERENCE_RESOLVERS, RESOLVERS } from "./modules/index.js";
import { UNUSED_PUBSUB } from "./modules/live/live-topic.js";
import { validateArgument } from "./shared/validation.js";
import { checkRepresentations } from "./shared/reference.js";

export { REFERENCE_RESOLVERS, RESOLVERS };

export const FEDERATION_VERSION_URL = "https://specs.apollo.dev/federation/v2.7";

/** @apollo/subgraph's resolver map type (not exported by name). */
type SubgraphResolvers = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>["resolvers"]>;

let typeGraphQLSchema: GraphQLSchema | undefined;
let cached: GraphQLSchema | undefined;

/** The schema as type-graphql builds it; once per process (type-graphql metadata is global). */
function buildTypeGraphQLSchema(): GraphQLSchema {
  typeGraphQLSchema ??= buildSchemaSync({
    resolvers: RESOLVERS,
    // Types reachable only through interfaces must be listed, or the schema would omit them.
    orphanedTypes: ORPHANED_TYPES,
    // class-validator rules on the inputs; validateArgument names the argument in error paths.
    validate: true,
    validateFn: validateArgument,
    // @Authorized("editor" | "admin") on mutations; see auth/viewer.ts.
    authChecker,
    // Subscriptions bring their own `subscribe` (the change feed); type-graphql still wants a PubSub.
    pubSub: UNUSED_PUBSUB,
    emitSchemaFile: false,
    // `@key` is defined by the federation spec, not in this schema: buildSubgraphSchema checks it.
    skipCheck: true,
  });
  return typeGraphQLSchema;
}

/** The SDL handed to buildSubgraphSchema: sorted, with `@key`s and the federation `@link`. */
function subgraphTypeDefs(schema: GraphQLSchema): string {
  const link = `extend schema @link(url: "${FEDERATION_VERSION_URL}", import: ["@key"])`;
  return `${link}\n\n${printSchemaWithDirectives(lexicographicSortSchema(schema))}`;
}

/** The served schema (a Federation 2 subgraph); the same for every server in a process. */
export function buildKhabarSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildTypeGraphQLSchema();
  // createResolversMap carries type-graphql's resolveType for Node and Actor as `__resolveType`.
  const resolvers = createResolversMap(schema) as SubgraphResolvers;
  for (const [typeName, resolveType] of synchronousTypeResolvers()) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveType: resolveType } as SubgraphResolvers[string];
  }
  for (const [typeName, fields] of directFieldResolvers()) {
    const own = resolvers[typeName] as Record<string, unknown> | undefined;
    // Only where type-graphql put a resolver of its own: the field and its metadata agree.
    for (const [fieldName, resolve] of fields) if (typeof own?.[fieldName] === "function") own[fieldName] = resolve;
  }
  for (const [typeName, reference] of Object.entries(REFERENCE_RESOLVERS)) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference } as SubgraphResolvers[string];
  }
  cached = buildSubgraphSchema({ typeDefs: parse(subgraphTypeDefs(schema)), resolvers });
  guardEntitiesField(cached);
  return cached;
}

type TypeResolver = (value: unknown) => string | undefined;

/**
 * The interfaces' and unions' own `resolveType` functions, in place of type-graphql's wrappers,
 * which are async (they await the function in case it returns a promise of a class). Khabar's
 * return a type name at once; a promise per Actor or Node value cost graphql-js a microtask each
 * and is not supported by compiled execution at all (graphql-jit reads the name synchronously).
 */
function synchronousTypeResolvers(): Map<string, TypeResolver> {
  const storage = getMetadataStorage();
  const byName = new Map<string, TypeResolver>();
  for (const abstract of [...storage.interfaceTypes, ...storage.unions]) {
    const resolveType = abstract.resolveType;
    if (!resolveType) continue;
    byName.set(abstract.name, (value) => {
      const name: unknown = (resolveType as (value: unknown) => unknown)(value);
      if (name === undefined || typeof name === "string") return name;
      throw new Error(`resolveType of ${abstract.name} must return a type name synchronously, got ${String(name)}`);
    });
  }
  return byName;
}

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type FieldResolverMetadata = MetadataStorage["fieldResolvers"][number];
type ParamMetadata = NonNullable<FieldResolverMetadata["params"]>[number];
type ParamPicker = (root: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

/**
 * type-graphql's field resolvers (`@FieldResolver` methods), called directly. type-graphql's
 * wrapper redoes on every call what depends only on the field: it sorts the method's parameter
 * list (V8 copies it to sort), maps it to values, checks them for promises and builds a
 * resolver-data object. A 20-article reply resolves ~1,000 such fields, and that sort alone was
 * an eighth of the bytes the request allocated. A field resolver whose parameters are only
 * `@Root()`, `@Ctx()` and `@Info()`, without middleware or roles, gets a function that passes
 * them in order, as type-graphql would; every other one (arguments, which type-graphql converts
 * and validates; a typed `@Root`; `@Authorized`) keeps type-graphql's resolver. Found the way
 * type-graphql's schema generator finds them: per object type, its interfaces' fields and then
 * its own, each with the field resolver of the class that declares it.
 */
function directFieldResolvers(): Map<string, Map<string, GraphQLFieldResolver<unknown, unknown>>> {
  const storage = getMetadataStorage();
  const instances = new Map<Function, object>();
  const byType = new Map<string, Map<string, GraphQLFieldResolver<unknown, unknown>>>();
  const fieldResolvers = storage.fieldResolvers.filter((resolver) => resolver.kind === "internal" || RESOLVERS.includes(resolver.target as (typeof RESOLVERS)[number]));
  for (const objectType of storage.objectTypes) {
    const interfaceFields = storage.interfaceTypes.filter((type) => objectType.interfaceClasses?.includes(type.target)).flatMap((type) => type.fields ?? []);
    const fields = new Map([...interfaceFields, ...(objectType.fields ?? [])].map((field) => [field.schemaName, field]));
    const direct = new Map<string, GraphQLFieldResolver<unknown, unknown>>();
    for (const [schemaName, field] of fields) {
      const metadata = fieldResolvers.find((resolver) => resolver.getObjectType?.() === field.target && resolver.methodName === field.name);
      const resolve = metadata ? directResolver(metadata, instances) : null;
      if (resolve) direct.set(schemaName, resolve);
    }
    if (direct.size > 0) byType.set(objectType.name, direct);
  }
  return byType;
}

function directResolver(metadata: FieldResolverMetadata, instances: Map<Function, object>): GraphQLFieldResolver<unknown, unknown> | null {
  if (metadata.kind !== "external" || (metadata.middlewares?.length ?? 0) > 0 || (metadata.roles?.length ?? 0) > 0) return null;
  const pickers: ParamPicker[] = [];
  for (const param of [...(metadata.params ?? [])].sort((left, right) => left.index - right.index)) {
    const picker = paramPicker(param);
    if (!picker) return null;
    pickers.push(picker);
  }
  // type-graphql's default container: one instance per resolver class, made with no arguments.
  let instance = instances.get(metadata.target);
  if (!instance) instances.set(metadata.target, (instance = new (metadata.target as new () => object)()));
  const method = (instance as Record<string, unknown>)[metadata.methodName];
  if (typeof method !== "function") return null;
  const target = instance;
  const call = method as (this: object, ...params: unknown[]) => unknown;
  // One closure per arity, so no call builds an array of its parameters.
  const [first, second, third] = pickers;
  switch (pickers.length) {
    case 0:
      return () => call.call(target);
    case 1:
      return (root, _args, context, info) => call.call(target, first!(root, context, info));
    case 2:
      return (root, _args, context, info) => call.call(target, first!(root, context, info), second!(root, context, info));
    case 3:
      return (root, _args, context, info) => call.call(target, first!(root, context, info), second!(root, context, info), third!(root, context, info));
    default:
      return null;
  }
}

/** How type-graphql's getParams reads a `@Root()`, `@Ctx()` or `@Info()` parameter; null for any other. */
function paramPicker(param: ParamMetadata): ParamPicker | null {
  switch (param.kind) {
    case "root": {
      if (param.getType) return null;
      const property = param.propertyName;
      return property ? (root) => (root as Record<string, unknown>)[property] : (root) => root;
    }
    case "context": {
      const property = param.propertyName;
      return property ? (_root, context) => (context as Record<string, unknown>)[property] : (_root, context) => context;
    }
    case "info":
      return (_root, _context, info) => info;
    default:
      return null;
  }
}

/** Checks `_entities(representations:)` before @apollo/subgraph's resolver sees them. */
function guardEntitiesField(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) return;
  const entityTypes = new Set(Object.keys(REFERENCE_RESOLVERS));
  field.resolve = (source, args, context, info) => {
    checkRepresentations(args.representations, entityTypes);
    return resolve(source, args, context, info);
  };
}

const FEDERATION_ROOT_FIELDS = new Set(["_service", "_entities"]);

/** Types the federation spec adds to a subgraph (`_Any`, `_Entity`, `_Service`, `link__Import`, `federation__FieldSet`…). */
function isFederationType(name: string): boolean {
  return (name.startsWith("_") && !name.startsWith("__")) || name.startsWith("link__") || name.startsWith("federation__");
}

/**
 * The public SDL as committed in schema/schema.graphql: what clients query, i.e. the served schema
 * without the federation machinery (`_service`, `_entities`, `_Any`, `@key`, `@link`), which only
 * a gateway uses and schema/subgraph.graphql shows. Sorted, so diffs show real changes.
 */
export function printPublicSchema(schema: GraphQLSchema = buildKhabarSchema()): string {
  // Two passes: a type can only go once no field refers to it any more.
  const withoutFields = mapSchema(schema, {
    [MapperKind.ROOT_FIELD]: (field, fieldName) => (FEDERATION_ROOT_FIELDS.has(fieldName) ? null : field),
  });
  const mapped = mapSchema(withoutFields, {
    [MapperKind.TYPE]: (type) => (isFederationType(type.name) ? null : type),
    [MapperKind.DIRECTIVE]: (directive) => (isSpecifiedDirective(directive) ? directive : null),
    // mapSchema uses the most specific mapper only, so object types are filtered here too.
    [MapperKind.OBJECT_TYPE]: (type) => {
      if (isFederationType(type.name)) return null;
      const config = type.toConfig();
      if (!config.astNode?.directives?.length) return type;
      const directives = config.astNode.directives.filter((directive) => specifiedDirectives.some((specified) => specified.name === directive.name.value));
      return new GraphQLObjectType({ ...config, astNode: { ...config.astNode, directives } });
    },
  });
  // The `@link`s on the schema definition are federation's too.
  const publicSchema = new GraphQLSchema({ ...mapped.toConfig(), astNode: undefined, extensionASTNodes: [] });
  return `${printSchemaWithDirectives(lexicographicSortSchema(publicSchema)).trim()}\n`;
}

/** The subgraph SDL as committed in schema/subgraph.graphql: exactly what `_service { sdl }` answers. */
export function printSubgraphSchema(schema: GraphQLSchema = buildKhabarSchema()): string {
  const result = graphqlSync({ schema, source: "{ _service { sdl } }" });
  const sdl = (result.data?._service as { sdl?: unknown } | undefined)?.sdl;
  if (typeof sdl !== "string") throw new Error(`The schema is not a federation subgraph: ${JSON.stringify(result.errors)}`);
  return `${sdl.trim()}\n`;
}
