// @apollo/subgraph's buildSubgraphSchema, without running the federation compiler at every start.
//
// buildSubgraphSchema validates the SDL with @apollo/federation-internals, builds the schema AST
// with the federation types (`_Entity`, `_Any`, `_Service`, `link__Import`…) and turns it into a
// graphql-js schema with `buildASTSchema`, then attaches `_service`, `_entities` and the resolvers.
// In a fresh process the first two steps (loading and running code that is compiled once) cost
// ~300–450 ms of a cold start. Their output depends only on the SDL, so `npm run schema:print`
// commits it (schema/subgraph.compiled.json: the AST and the `_service` SDL, keyed by a hash of
// the SDL and the compiler's version), and a start whose SDL has that hash builds the schema
// from it with the same `buildASTSchema` and attaches the same resolvers, in the same order. Any
// other SDL (a schema change not yet printed) takes the compiler's path: slower, never stale.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { buildSubgraphSchema as BuildSubgraphSchema } from "@apollo/subgraph";
import { buildASTSchema, concatAST, parse, type DocumentNode, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { projectPath } from "./project-root.js";

const require = createRequire(import.meta.url);

/** @apollo/subgraph's resolver map type (not exported by name). */
export type SubgraphResolvers = NonNullable<Extract<Parameters<typeof BuildSubgraphSchema>[0], { resolvers?: unknown }>["resolvers"]>;

/** What the federation compiler makes of an SDL: all a start needs to skip it. */
export interface CompiledSubgraph {
  /** compiledSubgraphKey of the SDL it was compiled from. */
  key: string;
  /** The schema AST, federation types included (what buildSubgraphSchema hands to buildASTSchema), without locations. */
  ast: DocumentNode;
  /** What `_service { sdl }` answers. */
  sdl: string;
}

export const COMPILED_SUBGRAPH_FILE = projectPath("schema", "subgraph.compiled.json");

function compilerVersion(): string {
  return (require("@apollo/federation-internals/package.json") as { version: string }).version;
}

export function compiledSubgraphKey(typeDefs: string): string {
  return createHash("sha256").update(`${compilerVersion()}\n${typeDefs}`).digest("hex");
}

interface FederationInternals {
  FEDERATION_UNNAMED_SUBGRAPH_NAME: string;
  buildSubgraph(name: string, url: string, source: DocumentNode, withRootTypeRenaming: boolean): {
    schema: { toAST(): DocumentNode; emptyASTDefinitionsForExtensionsWithoutDefinition(): unknown[] };
  };
  printSchema(schema: unknown): string;
}

/** Runs the federation compiler as buildSubgraphSchema does; `npm run schema:print` writes the result. */
export function compileSubgraph(typeDefs: string): CompiledSubgraph {
  const federation = require("@apollo/federation-internals") as FederationInternals;
  const subgraph = federation.buildSubgraph(federation.FEDERATION_UNNAMED_SUBGRAPH_NAME, "", concatAST([parse(typeDefs)]), false);
  if (subgraph.schema.emptyASTDefinitionsForExtensionsWithoutDefinition().length > 0) {
    throw new Error("The subgraph has extensions without a definition: buildSubgraphSchema adds nodes that the compiled form does not carry");
  }
  const ast = JSON.parse(JSON.stringify(subgraph.schema.toAST(), (key, value: unknown) => (key === "loc" ? undefined : value))) as DocumentNode;
  return { key: compiledSubgraphKey(typeDefs), ast, sdl: federation.printSchema(subgraph.schema) };
}

function readCompiled(key: string): CompiledSubgraph | undefined {
  try {
    const compiled = JSON.parse(readFileSync(COMPILED_SUBGRAPH_FILE, "utf8")) as CompiledSubgraph;
    return compiled.key === key ? compiled : undefined;
  } catch {
    return undefined;
  }
}

/** The served schema for `typeDefs`: from the committed compiled form when it matches, else by buildSubgraphSchema. */
export function buildSubgraphSchemaFast(typeDefs: string, resolvers: SubgraphResolvers): GraphQLSchema {
  const compiled = readCompiled(compiledSubgraphKey(typeDefs));
  if (!compiled) {
    const { buildSubgraphSchema } = require("@apollo/subgraph") as { buildSubgraphSchema: typeof BuildSubgraphSchema };
    return buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers });
  }
  // From here on, what buildSubgraphSchema does after the compiler (dist/buildSubgraphSchema.js).
  const { addResolversToSchema } = require("@apollo/subgraph/dist/schema-helper/buildSchemaFromSDL.js") as {
    addResolversToSchema(schema: GraphQLSchema, resolvers: SubgraphResolvers): void;
  };
  const { entitiesResolver } = require("@apollo/subgraph/dist/types.js") as {
    entitiesResolver(options: { representations: unknown; context: unknown; info: GraphQLResolveInfo }): unknown;
  };
  const schema = buildASTSchema(compiled.ast);
  const queryRootName = schema.getQueryType()?.name;
  if (!queryRootName) throw new Error("The compiled subgraph has no Query root type");
  const { sdl } = compiled;
  addResolversToSchema(schema, { [queryRootName]: { _service: () => ({ sdl }) } });
  if (schema.getType("_Entity")) {
    addResolversToSchema(schema, {
      [queryRootName]: {
        _entities: (_source: unknown, { representations }: { representations: unknown }, context: unknown, info: GraphQLResolveInfo) => entitiesResolver({ representations, context, info }),
      },
      _Entity: { __resolveType: (parent: { __typename: string }) => parent.__typename },
    } as SubgraphResolvers);
  }
  addResolversToSchema(schema, resolvers);
  return schema;
}
