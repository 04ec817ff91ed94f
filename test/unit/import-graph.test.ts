// Dependencies point one way — entry → server → ingest → modules → search → shared/db — and no
// files import each other in a circle. Type-only imports are erased by TypeScript and not counted.
import { describe, expect, it } from "vitest";
import { projectPath } from "../../src/shared/project-root.js";
import { cyclesOf, importGraph } from "../helpers/import-graph.js";

/** Higher layers may import lower ones and their own; never a higher one. */
const LAYERS: readonly { name: string; files: RegExp }[] = [
  { name: "shared/db", files: /^src\/(shared|db)\// },
  { name: "search", files: /^src\/(search|extraction)\// },
  { name: "modules", files: /^src\/modules\// },
  { name: "ingest", files: /^src\/ingest\// },
  { name: "server", files: /^src\/(server|schema|context|database|postgres-start|config|logger)\.ts$|^src\/(http|auth)\// },
  // The process entry, the operator CLI, and the build step that bundles the entry (npm run build).
  { name: "entry", files: /^src\/((index|bundle)\.ts$|cli\/)/ },
];

/** drizzle-kit reads every table through this barrel; nothing at run time imports it. */
const DRIZZLE_KIT_BARREL = "src/db/schema.ts";
/** The pg dialect's barrel for drizzle-kit: the same tables derived (src/db/postgres/derive.ts), so it reads the SQLite barrel. */
const DRIZZLE_KIT_POSTGRES_BARREL = "src/db/postgres/schema.ts";

function layerOf(file: string): number {
  const layer = LAYERS.findIndex((candidate) => candidate.files.test(file));
  if (layer < 0) throw new Error(`${file} belongs to no layer; add its folder to LAYERS`);
  return layer;
}

describe("the import graph of src/", () => {
  const graph = importGraph(projectPath());

  it("has no cycles", () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  it("never imports upwards: shared/ and db/ know no module, modules know no ingest or server", () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      if (from === DRIZZLE_KIT_BARREL) continue;
      for (const to of targets) if (layerOf(to) > layerOf(from)) upward.push(`${from} → ${to}`);
    }
    expect(upward).toEqual([]);
  });

  it("leaves drizzle-kit's barrels to drizzle-kit (the pg barrel derives from the SQLite one)", () => {
    const importers = [...graph].filter(([, targets]) => targets.has(DRIZZLE_KIT_BARREL) || targets.has(DRIZZLE_KIT_POSTGRES_BARREL)).map(([from]) => from);
    expect(importers).toEqual([DRIZZLE_KIT_POSTGRES_BARREL]);
  });

  it("finds the imports it checks (a graph read wrong would pass every rule)", () => {
    expect(graph.get("src/schema.ts")?.has("src/modules/index.ts")).toBe(true);
    expect(graph.size).toBeGreaterThan(50);
  });
});
