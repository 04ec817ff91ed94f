// @apollo/subgraph's buildSubgraphSchema, without running the federation compiler at every start.
//
// buildSubgraphSchema validates the SDL with @apollo/federation-internals, builds the schema AST
// with the federation types (`_Entity`, `_Any`, `_Service`, `link__Import`…) and turns it into a
// graphql-js schema with `buildASTSchema`, then attaches `_service`, `_entities` and the resolvers.
// In a fresh process the first two steps (loading and running code that is compiled once) cost
// ~300–450 ms of a cold start. Their output depends only on the SDL, so `npm run schema:print`
// commits it (schema/subgraph.compiled.json: the AST and the `_service` SDL, keyed by a hash of
// the schema and the compiler's version), and a start whose schema has that hash builds the
// served schema from it with the same `buildASTSchema` and attaches the same resolvers, in the
// same order. Any other schema (a change not yet printed) takes the compiler's path: slower,
// never stale.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { buildSubgraphSchema as BuildSubgraphSchema } from "@apollo/subgraph";
import {
  buildASTSchema,
  concatAST,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  parse,
  print,
  printSchema,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from "graphql";
import { projectPath } from "./project-root.js";

const require = createRequire(import.meta.url);

/** @apollo/subgraph's resolver map type (not exported by name). */
export type SubgraphResolvers = NonNullable<Extract<Parameters<typeof BuildSubgraphSchema>[0], { resolvers?: unknown }>["resolvers"]>;

/** What the federation compiler makes of an SDL: all a start needs to skip it. */
type Maybe<Value> = Value | null | undefined;

export interface CompiledSubgraph {
  /** compiledSubgraphKey of the type-graphql schema whose SDL it was compiled from. */
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

/**
 * The key of the compiled form: the compiler's version and everything of the type-graphql schema
 * that its subgraph SDL prints (graphql's printSchema: types, fields, arguments, descriptions,
 * deprecations), plus the directives on every element (`@key`), which printSchema leaves out.
 * Cheaper than printing the SDL itself, which a start only needs when the key does not match.
 */
export function compiledSubgraphKey(schema: GraphQLSchema): string {
  const hash = createHash("sha256").update(`${compilerVersion()}\n${printSchema(schema)}`);
  const directivesOf = (path: string, element: { astNode?: Maybe<{ directives?: readonly ConstDirectiveNode[] }>; extensions?: Maybe<Readonly<Record<string, unknown>>> }) => {
    const nodes = element.astNode?.directives ?? [];
    const extended = element.extensions?.directives;
    if (nodes.length > 0 || extended !== undefined) hash.update(`\n${path} ${nodes.map((node) => print(node)).join(" ")} ${JSON.stringify(extended ?? null)}`);
  };
  directivesOf("schema", schema);
  for (const type of Object.values(schema.getTypeMap())) {
    directivesOf(type.name, type);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        directivesOf(`${type.name}.${field.name}`, field);
        for (const argument of field.args) directivesOf(`${type.name}.${field.name}(${argument.name})`, argument);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) directivesOf(`${type.name}.${field.name}`, field);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) directivesOf(`${type.name}.${value.name}`, value);
    }
  }
  return hash.digest("hex");
}

interface FederationInternals {
  FEDERATION_UNNAMED_SUBGRAPH_NAME: string;
  buildSubgraph(name: string, url: string, source: DocumentNode, withRootTypeRenaming: boolean): {
    schema: { toAST(): DocumentNode; emptyASTDefinitionsForExtensionsWithoutDefinition(): unknown[] };
  };
  printSchema(schema: unknown): string;
}

/** Runs the federation compiler as buildSubgraphSchema does; `npm run schema:print` writes the result. */
export function compileSubgraph(schema: GraphQLSchema, typeDefs: string): CompiledSubgraph {
  const federation = require("@apollo/federation-internals") as FederationInternals;
  const subgraph = federation.buildSubgraph(federation.FEDERATION_UNNAMED_SUBGRAPH_NAME, "", concatAST([parse(typeDefs)]), false);
  if (subgraph.schema.emptyASTDefinitionsForExtensionsWithoutDefinition().length > 0) {
    throw new Error("The subgraph has extensions without a definition: buildSubgraphSchema adds nodes that the compiled form does not carry");
  }
  const ast = JSON.parse(JSON.stringify(subgraph.schema.toAST(), (key, value: unknown) => (key === "loc" ? undefined : value))) as DocumentNode;
  return { key: compiledSubgraphKey(schema), ast, sdl: federation.printSchema(subgraph.schema) };
}

function readCompiled(key: string): CompiledSubgraph | undefined {
  try {
    const compiled = JSON.parse(readFileSync(COMPILED_SUBGRAPH_FILE, "utf8")) as CompiledSubgraph;
    return compiled.key === key ? compiled : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The served schema for the type-graphql `schema` (whose subgraph SDL `typeDefs` prints): from the
 * committed compiled form when it matches, else by buildSubgraphSchema.
 */
export function buildSubgraphSchemaFast(schema: GraphQLSchema, typeDefs: () => string, resolvers: SubgraphResolvers): GraphQLSchema {
  const compiled = readCompiled(compiledSubgraphKey(schema));
  if (!compiled) {
    const { buildSubgraphSchema } = require("@apollo/subgraph") as { buildSubgraphSchema: typeof BuildSubgraphSchema };
    return buildSubgraphSchema({ typeDefs: parse(typeDefs()), resolvers });
  }
  // From here on, what buildSubgraphSchema does after the compiler (dist/buildSubgraphSchema.js).
  const { addResolversToSchema } = require("@apollo/subgraph/dist/schema-helper/buildSchemaFromSDL.js") as {
    addResolversToSchema(schema: GraphQLSchema, resolvers: SubgraphResolvers): void;
  };
  const { entitiesResolver } = require("@apollo/subgraph/dist/types.js") as {
    entitiesResolver(options: { representations: unknown; context: unknown; info: GraphQLResolveInfo }): unknown;
  };
  // The compiler validated this AST when it was made (the key says it was made from this schema).
  const served = buildASTSchema(compiled.ast, { assumeValidSDL: true });
  const queryRootName = served.getQueryType()?.name;
  if (!queryRootName) throw new Error("The compiled subgraph has no Query root type");
  const { sdl } = compiled;
  addResolversToSchema(served, { [queryRootName]: { _service: () => ({ sdl }) } });
  if (served.getType("_Entity")) {
    addResolversToSchema(served, {
      [queryRootName]: {
        _entities: (_source: unknown, { representations }: { representations: unknown }, context: unknown, info: GraphQLResolveInfo) => entitiesResolver({ representations, context, info }),
      },
      _Entity: { __resolveType: (parent: { __typename: string }) => parent.__typename },
    } as SubgraphResolvers);
  }
  addResolversToSchema(served, resolvers);
  return served;
}
