// `npm run schema:print`: rewrites the committed SDL files from the code.
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { printPublicSchema } from "../schema.js";
import { projectPath } from "../shared/project-root.js";

const target = projectPath("schema", "schema.graphql");
writeFileSync(target, printPublicSchema());
console.log(`wrote ${target}`);
