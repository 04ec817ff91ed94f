// `tsx test/bench/profile-summary.ts FILE.cpuprofile [N]`: the top-N functions by self time of a
// V8 CPU profile (from `node --cpu-prof`), to find where a slow figure goes.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function topSelfTime(profile: Profile, limit: number): { name: string; selfMs: number; share: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (!node) return;
    const delta = profile.timeDeltas[index] ?? 0;
    const frame = node.callFrame;
    const file = frame.url.replace(/^.*\/(node_modules\/)?/, (match) => (match.includes("node_modules") ? "nm:" : ""));
    const name = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    selfMicros.set(name, (selfMicros.get(name) ?? 0) + delta);
    total += delta;
  });
  return [...selfMicros.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, limit)
    .map(([name, micros]) => ({ name, selfMs: micros / 1000, share: micros / total }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: profile-summary.ts FILE.cpuprofile [N]");
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  for (const row of topSelfTime(profile, Number(process.argv[3] ?? 25))) {
    console.log(`${(row.share * 100).toFixed(1).padStart(5)}%  ${row.selfMs.toFixed(0).padStart(7)} ms  ${row.name}`);
  }
}
