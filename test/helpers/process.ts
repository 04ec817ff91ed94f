// Runs Khabar's entry point as a real child process (tsx), for start-up and shutdown tests.
import { spawn, type ChildProcess } from "node:child_process";
import { projectPath } from "../../src/shared/project-root.js";

export interface StartedProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const TSX = projectPath("node_modules", ".bin", "tsx");

export function runKhabar(environment: Record<string, string>, script = "src/index.ts", args: string[] = []) {
  const child = spawn(TSX, [projectPath(script), ...args], {
    cwd: projectPath(),
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", NODE_ENV: "test", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += String(chunk)));
  child.stderr?.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Starts the server and waits for the line that announces its URL. */
export async function startKhabar(environment: Record<string, string>): Promise<StartedProcess> {
  const run = runKhabar(environment);
  const url = await new Promise<string>((resolve, reject) => {
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
  });
  return {
    child: run.child,
    url,
    output: run.output,
    stop: async (signal = "SIGTERM") => {
      run.child.kill(signal);
      return run.exited;
    },
  };
}

/** Runs to completion and returns the exit code and everything printed. */
export async function runToExit(environment: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const run = runKhabar(environment);
  const code = await run.exited;
  return { code, output: run.output() };
}
