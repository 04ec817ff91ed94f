// The module list: the one place that names every module. The schema, the context, `node(id:)`,
// global ids, federation, search, cache hints and NDJSON import/export are all built from it.
// Adding an entity: a folder under modules/ with its descriptor (index.ts), one line in
// ENTITY_MODULES, its table in db/schema.ts, a generated migration, the regenerated SDL.
import type { Db } from "../db/client.js";
import { onCommitting } from "../db/write-session.js";
import type { SearchReindexer } from "../search/search-index.js";
import type { Dialect } from "../db/dialect.js";
import { asynchronous, type AsyncRunner, type Reads } from "../db/read.js";
import { sqliteEngine } from "../db/engine.js";
import { LIST_MAX_AGE, mergeCachePolicies, SEARCH_MAX_AGE, ENTITY_MAX_AGE, type CachePolicy } from "../shared/cache-policy.js";
import { actorModule } from "./actor/index.js";
import { articleModule } from "./article/index.js";
import { extractionModule } from "./extraction/index.js";
import { incidentModule } from "./incident/index.js";
import { locationModule } from "./location/index.js";
import type { KhabarModule, NodeTypeDefinition, RecordKind, ResolverModule } from "./module.js";
import { createNodeResolver } from "./node/node.resolver.js";
import { createSearchResolver } from "./search/search.resolver.js";
import type { Searchable } from "./search/search.type.js";
import { revisionModule } from "./revision/index.js";
import { statementModule } from "./statement/index.js";
import { suggestionModule } from "./suggestion/index.js";
import { webhookModule } from "./webhook/index.js";

/** Modules that own data, in the order an import can follow (references point backwards). */
export const ENTITY_MODULES = [actorModule, locationModule, incidentModule, articleModule, statementModule, suggestionModule, revisionModule] as const;

type EntityModule = (typeof ENTITY_MODULES)[number];
type QueriesOf<M> = M extends KhabarModule<string, infer Queries, unknown> ? Queries : never;
type LoadersOf<M> = M extends KhabarModule<string, unknown, infer Loaders> ? Loaders : never;

/** Every module's reads, by its key (`repositories.incidents`): what resolvers and loaders use (db/read.ts). */
export type Repositories = { [M in EntityModule as M["key"]]: Reads<QueriesOf<M>> };
/** Every module's per-request loaders, by its key (`loaders.incidents.byId`). */
export type Loaders = { [M in EntityModule as M["key"]]: LoadersOf<M> };

export const NODE_TYPES: readonly NodeTypeDefinition[] = ENTITY_MODULES.flatMap((module) => module.nodeTypes ?? []);
/** The names global ids may carry. */
export const NODE_TYPE_NAMES: ReadonlySet<string> = new Set(NODE_TYPES.map((definition) => definition.name));
const SEARCHABLE_TYPES = NODE_TYPES.filter((definition): definition is Searchable => definition.search !== undefined);

const nodeModule: ResolverModule = { resolvers: [createNodeResolver(NODE_TYPES)], cacheHints: { types: { Node: ENTITY_MAX_AGE } } };
const searchModule: ResolverModule = { resolvers: [createSearchResolver(SEARCHABLE_TYPES)], cacheHints: { fields: { "Query.search": SEARCH_MAX_AGE } } };
const MODULES: readonly ResolverModule[] = [...ENTITY_MODULES, nodeModule, searchModule, extractionModule, webhookModule];

// Work that commits with every write (webhooks' outbox), registered once for the process.
for (const module of MODULES) if (module.beforeCommit) onCommitting(module.beforeCommit);

/** Every resolver class of the API, for type-graphql. */
export const RESOLVERS = MODULES.flatMap((module) => module.resolvers) as [Function, ...Function[]];
export const ORPHANED_TYPES: Function[] = ENTITY_MODULES.flatMap((module) => module.orphanedTypes ?? []);

/** Entities a gateway can fetch from Khabar, by the `@key`s declared on their types. */
export const REFERENCE_RESOLVERS: Readonly<Record<string, NonNullable<NodeTypeDefinition["reference"]>>> = Object.fromEntries(
  NODE_TYPES.flatMap((definition) => (definition.reference ? [[definition.name, definition.reference]] : [])),
);

/** Cache hints of every module, plus the connections' page info. */
export const KHABAR_CACHE_POLICY: CachePolicy = mergeCachePolicies([{ types: { PageInfo: LIST_MAX_AGE } }, ...MODULES.map((module) => module.cacheHints ?? {})]);

/** Every kind of NDJSON record, in the order an import can follow. */
export const RECORD_KINDS: readonly RecordKind[] = ENTITY_MODULES.flatMap((module) => module.records?.kinds ?? []);

/** Each module's search reindexer, for a rebuild of the whole index. */
export const SEARCH_REINDEXERS: readonly SearchReindexer[] = ENTITY_MODULES.flatMap((module) => (module.reindex ? [module.reindex] : []));

/** Each module's catch-up for rows a migration left unindexed. */
export const SEARCH_CATCH_UPS: readonly SearchReindexer[] = ENTITY_MODULES.flatMap((module) => ("indexMissing" in module && module.indexMissing ? [module.indexMissing] : []));

/** The request path's repositories over SQLite: synchronous underneath, promises outside. */
export function createRepositories(db: Db): Repositories {
  const engine = sqliteEngine(db);
  return createReads(engine.dialect, engine.run);
}

/** The request path's repositories on any engine: each module's queries in its dialect, run by its runner. */
export function createReads(dialect: Dialect, run: AsyncRunner): Repositories {
  return Object.fromEntries(ENTITY_MODULES.map((module) => [module.key, asynchronous(module.createQueries(dialect) as object, run)])) as Repositories;
}

const REPOSITORIES = Symbol("khabar.repositories");

/**
 * A request's loaders are made on first use, module by module: most requests touch one or two
 * modules, and making every module's DataLoaders for each of them was a measurable part of a
 * lookup's cost. The getters live on one prototype; the first access replaces the getter with
 * the loaders on the request's own object.
 */
const LOADERS_PROTOTYPE: object = Object.create(
  null,
  Object.fromEntries(
    ENTITY_MODULES.map((module) => [
      module.key,
      {
        get(this: { [REPOSITORIES]: Repositories }) {
          const value = (module.createLoaders as (repository: unknown) => unknown)(this[REPOSITORIES][module.key]);
          Object.defineProperty(this, module.key, { value, enumerable: true });
          return value;
        },
      },
    ]),
  ),
);

export function createLoaders(repositories: Repositories): Loaders {
  const loaders = Object.create(LOADERS_PROTOTYPE) as { [REPOSITORIES]: Repositories };
  loaders[REPOSITORIES] = repositories;
  return loaders as unknown as Loaders;
}
