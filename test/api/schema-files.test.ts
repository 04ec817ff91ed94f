// The committed SDL files are generated from the code; these tests fail when someone changes the
// schema without regenerating them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printPublicSchema, printSubgraphSchema } from "../../src/schema.js";
import { projectPath } from "../../src/shared/project-root.js";

function expectCommitted(file: string, printed: string): void {
  const committed = readFileSync(projectPath("schema", file), "utf8");
  if (committed !== printed) {
    throw new Error(`schema/${file} is stale: run \`npm run schema:print\` and commit the result.`);
  }
  expect(committed).toBe(printed);
}

describe("committed schema files", () => {
  it("schema/schema.graphql is the public schema as the code prints it", () => {
    expectCommitted("schema.graphql", printPublicSchema());
  });

  it("schema/subgraph.graphql is the subgraph SDL as the code prints it", () => {
    expectCommitted("subgraph.graphql", printSubgraphSchema());
  });

  it("the public schema leaves out the federation machinery", () => {
    const sdl = printPublicSchema();
    for (const internal of ["_service", "_entities", "_Any", "_Entity", "@key", "@link", "federation__"]) expect(sdl).not.toContain(internal);
    expect(sdl).toContain("node(id: ID!): Node");
  });

  it("the subgraph SDL links Federation 2 and declares the keys of every entity", () => {
    const sdl = printSubgraphSchema();
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])');
    for (const type of ["Article", "Person", "Organization", "Incident"]) {
      expect(sdl).toMatch(new RegExp(`type ${type} implements [^{]*@key\\(fields: "id"\\)\\s+@key\\(fields: "slug"\\)`));
    }
    expect(sdl).toMatch(/type Statement implements [^{]*@key\(fields: "id"\)\s*\{/);
  });
});
