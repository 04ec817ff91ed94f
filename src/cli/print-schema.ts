// `npm run schema:print`: rewrites the committed SDL files from the code.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { printPublicSchema, printSubgraphSchema } from "../schema.js";
import { projectPath } from "../shared/project-root.js";

for (const [file, text] of [
  ["schema.graphql", printPublicSchema()],
  ["subgraph.graphql", printSubgraphSchema()],
] as const) {
  const target = projectPath("schema", file);
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
