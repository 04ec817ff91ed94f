// The server as `npm start` runs it: the command in package.json, and a build of it that is not
// older than the sources. What the benchmarks measure and the start-up tests of the bundle run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { projectPath } from "../../src/shared/project-root.js";

const ROOT = projectPath();

/** The bundle `npm start` runs (src/bundle.ts makes it from tsc's output). */
export const SERVER_ENTRY = "dist/server/index.js";

/** The bundled `khabar` command, as package.json's bin names it. */
export const CLI_ENTRY = "dist/server/khabar.js";

/**
 * The command `npm start` runs the server with (package.json), as [node, ...its flags, the entry]:
 * the benchmarks measure the server as users start it, memory flags included.
 */
export function serverCommand(extraNodeFlags: readonly string[] = []): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const match = /^node((?:\s+--\S+)*)\s+(\S+)$/.exec(scripts.start?.trim() ?? "");
  if (!match || match[2] !== SERVER_ENTRY) throw new Error(`package.json's start script is not "node [--flags] ${SERVER_ENTRY}": ${scripts.start}`);
  const flags = match[1]!.trim().split(/\s+/).filter((flag) => flag !== "");
  return [process.execPath, ...flags, ...extraNodeFlags, match[2]];
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Runs `npm run build`'s two steps (tsc, then the bundle) when the bundle is missing or older than
 * src/ or the lockfile (the bundle holds the packages too).
 */
export function ensureBuild(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  const entry = join(ROOT, SERVER_ENTRY);
  const newest = Math.max(newestMtime(join(ROOT, "src")), statSync(join(ROOT, "package-lock.json")).mtimeMs);
  if (existsSync(entry) && statSync(entry).mtimeMs >= newest) return;
  log("building dist/ (tsc, then the server bundle)…");
  const compiled = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.json")], { stdio: "inherit" });
  if (compiled.status !== 0) throw new Error("tsc failed");
  const bundled = spawnSync(process.execPath, [join(ROOT, "dist", "src", "bundle.js")], { stdio: "inherit" });
  if (bundled.status !== 0) throw new Error("bundling the server failed");
}
