// Runs Khabar's entry point as a real child process, for start-up and shutdown tests.
// The child is node itself with tsx as a loader (`node --import tsx`), so the pid we hold is the
// server's: `node_modules/.bin/tsx` is a wrapper that runs the server in a second process, and
// killing the wrapper left that server running after the suite.
import { spawn, type ChildProcess } from "node:child_process";
import { pathToFileURL } from "node:url";
import { projectPath } from "../../src/shared/project-root.js";
import { CLI_ENTRY, serverCommand } from "./compiled-server.js";

export interface StartedProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Sends the signal (unless the process has already exited) and resolves with the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

interface Run {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Resolves once stdout and stderr are also read to their end, so output() is whole. */
  closed: Promise<void>;
}

/** Every child started here that has not exited yet, for `stopAllKhabar`. */
const running = new Set<Run>();

export interface RunOptions {
  /** The child's working directory (the project root by default): where relative paths land. */
  cwd?: string;
  /**
   * Run the server as `npm start` does (the bundle in dist/server, built beforehand with
   * `ensureBuild`) instead of the TypeScript entry under tsx; `script` is then ignored.
   */
  compiled?: boolean;
}

export function runKhabar(environment: Record<string, string>, script = "src/index.ts", args: string[] = [], options: RunOptions = {}): Run {
  // Both by absolute location, so the child runs the same from any working directory: Node
  // resolves `--import tsx` from the cwd, and tsx looks for tsconfig.json (decorators) there.
  const [node, ...command] = options.compiled
    ? serverCommand().map((part, index, all) => (index === all.length - 1 ? projectPath(part) : part))
    : [process.execPath, "--import", pathToFileURL(projectPath("node_modules", "tsx", "dist", "loader.mjs")).href, projectPath(script)];
  const child = spawn(node!, [...command, ...args], {
    cwd: options.cwd ?? projectPath(),
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", NODE_ENV: "test", TSX_TSCONFIG_PATH: projectPath("tsconfig.json"), ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += String(chunk)));
  child.stderr?.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const run = { child, output: () => output, exited, closed };
  running.add(run);
  void exited.then(() => running.delete(run));
  return run;
}

function stopRun(run: Run, signal: NodeJS.Signals): Promise<number | null> {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill(signal);
  return run.exited;
}

/** Kills every child this helper started that is still running, and waits until each has exited. For `afterEach`. */
export async function stopAllKhabar(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  await Promise.all([...running].map((run) => stopRun(run, signal)));
}

/** Starts the server and waits for the line that announces its URL. */
export async function startKhabar(environment: Record<string, string>, options: RunOptions = {}): Promise<StartedProcess> {
  const run = runKhabar(environment, undefined, undefined, options);
  const url = await new Promise<string>((resolve, reject) => {
    // A guard against a hang only, so the failure shows the output; start-up takes about a second.
    const timer = setTimeout(() => reject(new Error(`Khabar did not start in time:\n${run.output()}`)), 20_000);
    run.child.stdout?.on("data", () => {
      const match = /"url":"([^"]+)"/.exec(run.output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    run.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Khabar exited with ${code} before serving:\n${run.output()}`));
    });
  }).catch(async (error: unknown) => {
    await stopRun(run, "SIGKILL");
    throw error;
  });
  return { child: run.child, url, output: run.output, stop: (signal = "SIGTERM") => stopRun(run, signal) };
}

/** Runs to completion and returns the exit code and everything printed. */
export async function runToExit(environment: Record<string, string>, script?: string, args?: string[], options?: RunOptions): Promise<{ code: number | null; output: string }> {
  const run = runKhabar(environment, script, args, options);
  const code = await run.exited;
  await run.closed;
  return { code, output: run.output() };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `khabar` command against `databasePath` to its end, with `stdin` as its input (and
 * `environment` added); stdout and stderr apart. `compiled`: the bundled command package.json's
 * bin names (dist/server/khabar.js, built beforehand with `ensureBuild`) instead of the sources.
 */
export function runCli(databasePath: string, args: string[], stdin?: string, environment: Record<string, string> = {}, options: { compiled?: boolean } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const command = options.compiled ? [CLI_ENTRY] : ["--import", "tsx", "src/cli/main.ts"];
    const child = spawn(process.execPath, [...command, ...args], {
      cwd: projectPath(),
      env: { ...process.env, DATABASE_URL: databasePath, NODE_ENV: "test", ...environment },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

/**
 * NODE_OPTIONS that preload test/fixtures/driver-modules.cjs: on SIGTERM the process prints how
 * many of the PostgreSQL driver's CommonJS modules it has loaded, and how many in all.
 */
export const COUNT_DRIVER_MODULES = `--require ${projectPath("test", "fixtures", "driver-modules.cjs")}`;

/** What that preload printed, or null when it printed nothing. */
export function countedDriverModules(output: string): { loaded: number; modules: number } | null {
  return JSON.parse(/driver-modules (\{.*\})/.exec(output)?.[1] ?? "null") as { loaded: number; modules: number } | null;
}
