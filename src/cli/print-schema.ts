// `npm run schema:print`: rewrites the committed SDL files from the code.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { printPublicSchema, printSubgraphSchema, subgraphTypeDefs } from "../schema.js";
import { projectPath } from "../shared/project-root.js";
import { compileSubgraph, COMPILED_SUBGRAPH_FILE } from "../shared/subgraph-schema.js";

for (const [file, text] of [
  ["schema.graphql", printPublicSchema()],
  ["subgraph.graphql", printSubgraphSchema()],
] as const) {
  const target = projectPath("schema", file);
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
// What the federation compiler makes of the SDL, so that the server starts without running it.
writeFileSync(COMPILED_SUBGRAPH_FILE, `${JSON.stringify(compileSubgraph(subgraphTypeDefs()))}\n`);
console.log(`wrote ${COMPILED_SUBGRAPH_FILE}`);
