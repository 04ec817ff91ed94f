// What the benchmark runners share to start servers: a free loopback port, a fresh build of
// dist/ (the benchmarks measure production JS), a server as a child process that answers before
// it is measured, and a plain GraphQL POST.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { projectPath } from "../../src/shared/project-root.js";
import type { OperationBody } from "./scenarios.js";

const ROOT = projectPath();
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * The command `npm start` runs the server with (package.json), as [node, ...its flags, the entry]:
 * the benchmarks measure the server as users start it, memory flags included.
 */
export function serverCommand(extraNodeFlags: readonly string[] = []): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const match = /^node((?:\s+--\S+)*)\s+(dist\/src\/index\.js)$/.exec(scripts.start?.trim() ?? "");
  if (!match) throw new Error(`package.json's start script is not "node [--flags] dist/src/index.js": ${scripts.start}`);
  const flags = match[1]!.trim().split(/\s+/).filter((flag) => flag !== "");
  return [process.execPath, ...flags, ...extraNodeFlags, match[2]!];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Compiles with tsc when dist/ is missing or older than src/ (the benchmark measures production JS). */
export function ensureBuild(): void {
  const entry = join(ROOT, "dist", "src", "index.js");
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(join(ROOT, "src"))) return;
  log("building dist/ with tsc…");
  const result = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.json")], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("tsc failed");
}

export type GraphQLAnswer = { data?: Record<string, unknown> | null; errors?: unknown[] };

export async function post(url: string, body: OperationBody, headers: Record<string, string> = {}): Promise<{ status: number; json: GraphQLAnswer }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as GraphQLAnswer };
}

// Children must not outlive the runner, however it ends (an error, Ctrl-C: run.ts turns signals
// into process.exit): an exit handler sends SIGTERM to every child still running.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const each of running) each.kill("SIGTERM");
  });
}

export interface Child {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Spawns a server and polls until it answers a query; returns the time from spawn to that answer. */
export async function startChild(command: string[], env: Record<string, string>, port: number, probe: OperationBody): Promise<{ child: Child; coldStartMs: number }> {
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"] });
  track(child);
  const url = `http://127.0.0.1:${port}/graphql`;
  let exited = false;
  child.once("exit", () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${command.join(" ")} exited before answering`);
    try {
      const { status } = await post(url, probe);
      if (status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const coldStartMs = performance.now() - started;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { child: { process: child, url, stop }, coldStartMs };
}
