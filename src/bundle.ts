// `npm run build`'s second step (after tsc): the server's compiled entry and everything it imports,
// packages included, as ONE file, dist/server/index.js, which `npm start` runs (and the `khabar`
// command as dist/server/khabar.js: 0.5 → 0.2 s for `khabar help`). Node's loader
// resolves, stats, reads and compiles each of the ~750 modules an unbundled start loads (~280 of
// Khabar's, ~470 CommonJS modules of its packages) one by one, and that was most of a cold start
// (spawn → first answer at M: ~1030 ms from dist/src, ~550 ms from the bundle). The bundle is made
// from tsc's output, so it is the code the type check and the tests saw; only how it is loaded
// changes.
import { build } from "esbuild";
import { projectPath } from "./shared/project-root.js";

const DIST = projectPath("dist");

await build({
  // The server, the `khabar` command (package.json's bin: operators' scripts start it once per
  // command), and the import's analyzer worker, beside them where
  // `new URL("./analysis-worker.js", import.meta.url)` (ingest/analysis-ahead.ts) finds it. What
  // they share is bundled once, in chunks/.
  entryPoints: {
    index: `${DIST}/src/index.js`,
    khabar: `${DIST}/src/cli/main.js`,
    "analysis-worker": `${DIST}/src/ingest/analysis-worker.js`,
  },
  entryNames: "[name]",
  outdir: `${DIST}/server`,
  bundle: true,
  // Where the shared code finds the worker (ingest/analysis-ahead.ts), from the project root.
  define: { KHABAR_ANALYSIS_WORKER_BUNDLE: JSON.stringify("dist/server/analysis-worker.js") },
  // What is imported dynamically (the PostgreSQL driver, db/postgres/driver.ts) stays a file of its
  // own, loaded on first use. In a single file its static imports — node-postgres, which Drizzle's
  // adapter imports — would be hoisted to the bundle's top and loaded at every start.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  platform: "node",
  format: "esm",
  target: "node20.10",
  // type-graphql names object types, inputs and enums after their classes when no name is given,
  // and error classes log by name: keep every class's and function's `name` as written.
  keepNames: true,
  sourcemap: "linked",
  external: [
    // A native addon: loaded from node_modules, where its compiled .node file is.
    "better-sqlite3",
    // Loaded on first use (db/postgres/driver.ts), which a server on SQLite never makes.
    "pg",
    "pg-native",
    // pino starts transports (pino-pretty, in development) in worker threads from files beside
    // its own modules, found through __dirname, which a bundle does not have.
    "pino",
    "pino-pretty",
    // type-graphql's decorators need its polyfill installed before any decorated class is
    // defined. The entries import it first, but bundled, a CommonJS package imported for its side
    // effect runs where its importer's body starts, after the modules that importer imports: the
    // banner below imports it ahead of everything instead.
    "reflect-metadata",
  ],
  // Bundled CommonJS packages call require() for Node's built-in modules; an ES module has no
  // require of its own, so each output file gets one.
  banner: {
    js: `import "reflect-metadata";\nimport { createRequire as __khabarCreateRequire } from "node:module";\nconst require = __khabarCreateRequire(import.meta.url);`,
  },
  logLevel: "warning",
});
