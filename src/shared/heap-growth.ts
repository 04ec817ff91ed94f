// Why the server sets V8's old-generation growth itself: by default V8 lets the old generation
// grow to up to 4× what survived its last full collection before it collects again. Under a steady
// load of short requests that room fills with garbage (objects of requests still in flight across
// two scavenges, promoted, dead soon after), and the process's memory follows it: at the M dataset
// a peak RSS of ~255 MB around ~40 MB of live heap. Growing by a fixed 2× collects sooner; measured
// with `--max-semi-space-size=8` (npm start): peak RSS 155–165 MB for 2–9 % more CPU per request
// (README, Memory). The factor is read at each collection, so setting it after start works.
import { setFlagsFromString } from "node:v8";

const FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/** Sets V8's growth factor to `percent` unless it is 0 or the command line already chose one; says whether it did. */
export function applyHeapGrowth(percent: number, commandLine: readonly string[] = process.execArgv): boolean {
  if (percent === 0 || commandLine.some((argument) => FLAG.test(argument))) return false;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  return true;
}
