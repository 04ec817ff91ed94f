// What a module tells the rest of the server about its entity. Every registry of the server — the
// schema's resolvers, the context's repositories and loaders, `node(id:)`, global ids, federation
// references, search, cache hints, NDJSON import and export — is built from the list of these
// descriptors in modules/index.ts, so adding an entity is one folder and one line there.
import type { ClassType } from "type-graphql";
import type { Db } from "../db/client.js";
import type { CachePolicy } from "../shared/cache-policy.js";
import type { SearchFields } from "../search/search-documents.js";
import type { SearchReindexer } from "../search/search-index.js";
import type { EntityReference } from "../shared/reference.js";
import type { Context } from "../context.js";
import type { CommitHook, WriteProgram, WriteSession } from "../db/write-session.js";
import type { FieldError } from "../shared/errors.js";
import type { Checker } from "../shared/record-check.js";
import type { SlugLookup } from "./slugs.js";
import type { Dialect } from "../db/dialect.js";
import type { Reads } from "../db/read.js";
import type { ReadProgram } from "../db/read-program.js";

/** One GraphQL type that implements Node: how to load it by id, and how search sees it. */
export interface NodeTypeDefinition {
  /** The GraphQL type name, also the prefix of its global ids. */
  name: string;
  /** The type-graphql @ObjectType class (unions such as SearchResult list it). */
  classType: ClassType;
  /** The row for an id through the request's loaders; null when there is none (or of another type). */
  load(context: Context, id: number): Promise<object | null>;
  /** When the type is searchable: its search index code and the texts of a loaded row. */
  search?: SearchableType;
  /** The federation reference resolver, when the type is an entity (`@key`). */
  reference?: { __resolveReference(reference: EntityReference, context: Context): Promise<object | null> };
}

export interface SearchableType {
  /** rowid = id * 8 + code in search_index (migrations use the same numbers in their delete triggers). */
  code: number;
  /** The value of the SearchType enum (`ARTICLE`), with what it searches. */
  enumValue: string;
  description: string;
  /** The searchable texts of a row loaded by `load`, for snippets. */
  fields(context: Context, row: object): SearchFields | Promise<SearchFields>;
}

export interface KhabarModule<Key extends string = string, Queries = unknown, Loaders = unknown> {
  /** The key of its repository and loaders in the context (`context.loaders.incidents`). */
  key: Key;
  /** Resolver classes (queries, mutations, field resolvers) for type-graphql. */
  resolvers: Function[];
  /** Types reachable only through an interface or union, which type-graphql would otherwise omit. */
  orphanedTypes?: Function[];
  nodeTypes?: NodeTypeDefinition[];
  /** Every SQL read of the entity, written for a dialect (db/read.ts runs them on either engine). */
  createQueries(dialect: Dialect): Queries;
  /** Per-request DataLoaders over the reads, run asynchronously. */
  createLoaders(repository: Reads<Queries>): Loaders;
  /** Its NDJSON records; modules are imported and exported in the module list's order. */
  records?: ModuleRecords;
  /** Rebuilds its search rows (reindexAll); rows are written on every write by its repository. */
  reindex?: SearchReindexer;
  /** Indexes rows a migration added without search rows (SQL cannot analyze text); cheap when there are none. */
  indexMissing?: (db: Db) => number;
  /** maxAge per GraphQL type and field coordinate (shared/cache-policy.ts); a type without one is never cached. */
  cacheHints?: Partial<CachePolicy>;
}

/** What writing one record did. */
export interface RecordWrite {
  outcome: "created" | "updated" | "unchanged";
  /** Runs once every record of the import is in (references that may point forward); returns what still fails. */
  afterImport?: (session: WriteSession) => WriteProgram<FieldError[]>;
}

/** One `type` of NDJSON record (design.md §4): its rules and its write path. */
export interface RecordKind<Record extends { type: string } = { type: string }> {
  type: Record["type"];
  /** Checks every field of a parsed line (the Checker collects all problems). */
  check(check: Checker, value: { [field: string]: unknown }): void;
  write(session: WriteSession, record: Record): WriteProgram<RecordWrite>;
  /** Statements the record carries, for the import's summary. */
  statementCount?(record: Record): number;
}

/** The records a module owns: how to read, check and write each kind, and how to export them all. */
export interface ModuleRecords {
  kinds: RecordKind[];
  /**
   * Every record of the module, in a deterministic order an import can follow, as read programs
   * of a page of up to `batchSize` records each (db/read-program.ts), for either engine. Each
   * program must be run to its end before the next is asked for: it tells the next where to start.
   */
  exportBatches(slugs: SlugLookup, batchSize: number): Iterable<ReadProgram<{ type: string }[]>>;
}

/** A module without data of its own (node lookup, search): it only adds resolvers. */
export interface ResolverModule {
  resolvers: Function[];
  /** Written in every write's transaction, just before it commits (an outbox): see db/write-session.ts. */
  beforeCommit?: CommitHook;
  cacheHints?: Partial<CachePolicy>;
}
