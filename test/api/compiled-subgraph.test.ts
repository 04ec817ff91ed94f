// The server builds its subgraph schema from schema/subgraph.compiled.json instead of running the
// federation compiler at every start (src/shared/subgraph-schema.ts). The committed file must be
// current (else every start takes the slow path), and the schema built from it must be the one
// @apollo/subgraph builds.
import { readFileSync } from "node:fs";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { getIntrospectionQuery, graphqlSync, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { buildKhabarSchema, subgraphTypeDefs } from "../../src/schema.js";
import { compiledSubgraphKey, compileSubgraph, COMPILED_SUBGRAPH_FILE, type CompiledSubgraph } from "../../src/shared/subgraph-schema.js";

describe("the compiled subgraph", () => {
  it("is current in schema/subgraph.compiled.json, so a start skips the federation compiler", () => {
    const typeDefs = subgraphTypeDefs();
    const committed = readFileSync(COMPILED_SUBGRAPH_FILE, "utf8");
    if ((JSON.parse(committed) as CompiledSubgraph).key !== compiledSubgraphKey(typeDefs)) {
      throw new Error("schema/subgraph.compiled.json is stale: run `npm run schema:print` and commit the result.");
    }
    expect(committed).toBe(`${JSON.stringify(compileSubgraph(typeDefs))}\n`);
  });

  it("builds the schema @apollo/subgraph builds: same SDL with directives, same introspection, same _service SDL", () => {
    const served = buildKhabarSchema();
    const reference = buildSubgraphSchema({ typeDefs: parse(subgraphTypeDefs()) });
    expect(printSchemaWithDirectives(served)).toBe(printSchemaWithDirectives(reference));
    const introspect = (schema: typeof served) => graphqlSync({ schema, source: getIntrospectionQuery({ descriptions: true, directiveIsRepeatable: true, specifiedByUrl: true }) });
    expect(introspect(served)).toEqual(introspect(reference));
    const sdl = (schema: typeof served) => graphqlSync({ schema, source: "{ _service { sdl } }" }).data;
    expect(sdl(served)).toEqual(sdl(reference));
    expect(served.getQueryType()?.getFields()._entities).toBeDefined();
  });
});
