// What the benchmark runners share to start servers: a free loopback port, a fresh build of
// dist/ (the benchmarks measure production JS: test/helpers/compiled-server.ts), a server as a
// child process that answers before it is measured, and a plain GraphQL POST.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { projectPath } from "../../src/shared/project-root.js";
import type { OperationBody } from "./scenarios.js";

export { ensureBuild, serverCommand } from "../helpers/compiled-server.js";

const ROOT = projectPath();

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
