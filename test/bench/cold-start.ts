// `tsx test/bench/cold-start.ts [--size S|M|L] [--runs N] [--cpu-prof DIR] [--entry FILE]`: spawn →
// first answered query of the compiled server (`npm start`'s command, `node --max-semi-space-size=8
// dist/server/index.js`, built first when older than src/; `--entry dist/src/index.js` runs tsc's
// unbundled output with the same flags, for comparison), N times,
// against a COPY of the bench database (the server migrates the file it opens, and the cached one
// is shared). Prints every run and the median.
// ensureDatabase imports the modules, whose type-graphql decorators need the metadata polyfill first.
import "reflect-metadata";
import { spawn } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectPath } from "../../src/shared/project-root.js";
import { isSizeName, type SizeName } from "./generate.js";
import { ensureDatabase } from "./load.js";
import { ensureBuild, serverCommand } from "./servers.js";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string | null) => {
  const index = argv.indexOf(name);
  return index >= 0 && argv[index + 1] !== undefined ? argv[index + 1]! : fallback;
};
const size = (option("--size", "S") ?? "S").toUpperCase();
if (!isSizeName(size)) throw new Error(`--size must be S, M or L, got ${size}`);
const runs = Number(option("--runs", "5"));
const profileDirectory = option("--cpu-prof", null);
const entry = option("--entry", null);
ensureBuild();

const source = await ensureDatabase(size as SizeName);
const path = join(tmpdir(), `khabar-cold-start-${process.pid}.db`);
copyFileSync(source.path, path);
const BODY = JSON.stringify({ query: "{ articles(first: 1) { nodes { id headline } } }" });

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/graphql", method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200));
    });
    req.on("error", () => resolve(false));
    req.end(BODY);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const timings: number[] = [];
process.on("exit", () => {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
});
for (let run = 0; run < runs; run += 1) {
  const port = await freePort();
  const started = performance.now();
  const [node, ...nodeArguments] = serverCommand(profileDirectory ? ["--cpu-prof", `--cpu-prof-dir=${profileDirectory}`] : []);
  if (entry) nodeArguments[nodeArguments.length - 1] = entry;
  const child = spawn(node!, nodeArguments, {
    cwd: projectPath(),
    env: { ...process.env, DATABASE_URL: path, KHABAR_SEED: "false", LOG_LEVEL: "warn", NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let exited = false;
  child.once("exit", () => (exited = true));
  while (!(await answers(port))) {
    if (exited) throw new Error("the server exited before answering");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const elapsed = performance.now() - started;
  timings.push(elapsed);
  console.log(`run ${run + 1}: ${elapsed.toFixed(0)} ms`);
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
timings.sort((a, b) => a - b);
console.log(`median cold start ${timings[Math.floor(timings.length / 2)]!.toFixed(0)} ms (${runs} runs, size ${size})`);
