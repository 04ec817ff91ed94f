// vitest globalSetup: proves that no process started by the tests outlives the suite.
// setup() puts a mark unique to this run in the environment. Every process the tests start
// inherits it (the helpers pass process.env on), and so do its own children and orphans whose
// parent was killed, which a list of pids would miss. teardown() looks in /proc for processes
// that still carry the mark, apart from vitest's own workers, kills them, and fails the run
// naming each one.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const MARK = "KHABAR_TEST_RUN";

interface Leftover {
  pid: number;
  command: string;
}

export function setup(): void {
  process.env[MARK] = `${process.pid}-${randomUUID()}`;
}

export async function teardown(): Promise<void> {
  const mark = process.env[MARK];
  if (!mark || !existsSync("/proc/self/environ")) return; // not Linux: nothing to scan
  // A child killed by the last test's cleanup may still be on its way out; one left behind is not.
  let leftovers = marked(mark);
  for (let attempt = 0; leftovers.length > 0 && attempt < 50; attempt++) {
    await sleep(100);
    leftovers = marked(mark);
  }
  if (leftovers.length === 0) return;
  for (const { pid } of leftovers) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  // vitest only logs an error thrown here; the exit code is what fails CI.
  process.exitCode = 1;
  throw new Error(
    `${leftovers.length} process(es) started by the tests outlived the suite (now killed):\n` +
      leftovers.map(({ pid, command }) => `  ${pid} ${command}`).join("\n"),
  );
}

/**
 * Live processes whose environment carries this run's mark, except this one and its direct
 * children: vitest's workers (pool "forks" in vitest.config.ts; with threads, a test's own
 * children would be direct children too and escape this check).
 */
function marked(mark: string): Leftover[] {
  const found: Leftover[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const environment = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (!environment.includes(`${MARK}=${mark}`)) continue;
      // /proc/PID/stat: "pid (command) state ppid ..."; the command may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state === "Z" || Number(parent) === process.pid) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      found.push({ pid, command });
    } catch {
      // exited while we looked, or not ours to read
    }
  }
  return found;
}
