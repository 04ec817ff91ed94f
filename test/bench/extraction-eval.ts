// `npm run eval:extraction [-- --passages] [-- --misses] [-- --json FILE]`
// Scores src/extraction on the gold set: the sample page (the project's own annotation in
// src/ingest/sample/blinken-hussein.ndjson) and the passages in test/fixtures/extraction/: dev
// (rules tuned on it), held-out (written with dev, in view while designing), blind1–13 (each
// scored blind once, then learned from) — see
// test/fixtures/extraction/README.md. Prints one row per split and
// language; the extraction unit test imports evaluateGoldSets() to pin floors.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { extractStatements, type KnownActor } from "../../src/extraction/index.js";
import { scorePassage, summarize, type GoldPassage, type GoldStatement, type Metrics, type PassageScore } from "../../src/extraction/evaluation.js";
import { projectPath } from "../../src/shared/project-root.js";

/** How many blind sets there are (blind1 … blindN, each with its -actors.json and -first-run.txt). */
export const BLIND_SETS = 13;
export type SplitName = "sample" | "dev" | "heldout" | `blind${number}`;

export interface GoldSet {
  split: SplitName;
  passages: GoldPassage[];
  actors: KnownActor[];
}

interface SampleRecord {
  type: string;
  slug: string;
  name?: string;
  nameEn?: string;
  aliases?: string[];
  kind?: string;
  role?: string;
  roleEn?: string;
  body?: string;
  language?: string;
  statements?: GoldStatement[];
}

interface FixturePassage {
  id: string;
  language: "ar" | "en";
  paragraphs: string[];
  statements: GoldStatement[];
}

function sampleRecords(): SampleRecord[] {
  const lines = readFileSync(projectPath("src", "ingest", "sample", "blinken-hussein.ndjson"), "utf8").split("\n");
  return lines.filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as SampleRecord);
}

function actorsOf(records: readonly SampleRecord[]): KnownActor[] {
  return records
    .filter((record) => record.type === "person" || record.type === "organization")
    .map((record) => ({
      slug: record.slug,
      name: record.name ?? record.slug,
      nameEn: record.nameEn ?? null,
      aliases: record.aliases ?? [],
      kind: record.type === "person" ? "PERSON" : "ORGANIZATION",
      role: record.role ?? null,
      roleEn: record.roleEn ?? null,
      isNewsAgency: record.kind === "NEWS_AGENCY",
    }));
}

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(projectPath("test", "fixtures", "extraction", name), "utf8")) as T;
}

export function loadGoldSets(): GoldSet[] {
  const records = sampleRecords();
  const sampleActors = actorsOf(records);
  const sample: GoldPassage[] = records
    .filter((record) => record.type === "article")
    .map((record) => ({ id: record.slug, language: record.language === "en" ? "en" : "ar", text: record.body ?? "", statements: record.statements ?? [] }));
  // The passages mention the sample's agencies (Reuters, AFP) as well as their own actors.
  const passageActors = [...fixture<KnownActor[]>("actors.json"), ...sampleActors];
  const passages = (name: string): GoldPassage[] =>
    fixture<FixturePassage[]>(name).map((passage) => ({ id: passage.id, language: passage.language, text: passage.paragraphs.join("\n\n"), statements: passage.statements }));
  return [
    { split: "sample", passages: sample, actors: sampleActors },
    { split: "dev", passages: passages("dev.json"), actors: passageActors },
    { split: "heldout", passages: passages("heldout.json"), actors: passageActors },
    // Each blind set was scored blind once (blind*-first-run.txt) and learned from since; blind1's
    // files carry no number.
    ...Array.from({ length: BLIND_SETS }, (_, index) => {
      const name = index === 0 ? "blind" : `blind${index + 1}`;
      return { split: `blind${index + 1}` as const, passages: passages(`${name}.json`), actors: [...fixture<KnownActor[]>(`${name}-actors.json`), ...passageActors] };
    }),
  ];
}

export interface EvaluationRow {
  split: SplitName;
  language: "ar" | "en" | "all";
  metrics: Metrics;
}

export interface Evaluation {
  rows: EvaluationRow[];
  scores: Map<SplitName, PassageScore[]>;
}

export function evaluateGoldSets(sets: readonly GoldSet[] = loadGoldSets()): Evaluation {
  const rows: EvaluationRow[] = [];
  const scores = new Map<SplitName, PassageScore[]>();
  for (const set of sets) {
    const scored = set.passages.map((passage) => scorePassage(passage, extractStatements(passage.text, { language: passage.language, actors: set.actors }).statements));
    scores.set(set.split, scored);
    for (const language of ["ar", "en"] as const) {
      const subset = scored.filter((score) => score.language === language);
      if (subset.length > 0) rows.push({ split: set.split, language, metrics: summarize(subset) });
    }
    if (new Set(scored.map((score) => score.language)).size > 1) rows.push({ split: set.split, language: "all", metrics: summarize(scored) });
  }
  return { rows, scores };
}

const COLUMNS = ["split", "lang", "gold", "prop", "match", "P", "R", "F1", "speaker", "kind", "cue", "span", "via"] as const;

function format(value: number): string {
  return value.toFixed(3);
}

function rowCells(label: string, language: string, metrics: Metrics): string[] {
  return [label, language, String(metrics.gold), String(metrics.proposed), String(metrics.matched), format(metrics.precision), format(metrics.recall), format(metrics.f1), format(metrics.speakerAccuracy), format(metrics.kindAccuracy), format(metrics.cueAccuracy), format(metrics.spanAccuracy), format(metrics.viaAccuracy)];
}

function printTable(rows: readonly string[][]): void {
  const widths = COLUMNS.map((column, index) => Math.max(column.length, ...rows.map((row) => row[index]?.length ?? 0)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(" | ")} |`;
  console.log(line(COLUMNS));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

function printMisses(evaluation: Evaluation): void {
  for (const [split, scored] of evaluation.scores) {
    for (const score of scored) {
      for (const pair of score.pairs) {
        const wrong = [!pair.speakerCorrect && "speaker", !pair.kindCorrect && "kind", !pair.cueCorrect && "cue", !pair.spanExact && "span", !pair.viaCorrect && "via"].filter(Boolean);
        if (pair.proposal === null) console.log(`${split} ${score.id} ¶${pair.gold.paragraph} MISSED ${pair.gold.kind} ${pair.gold.speaker ?? pair.gold.speakerLabel}: ${pair.gold.text.slice(0, 70)}`);
        else if (wrong.length > 0) console.log(`${split} ${score.id} ¶${pair.gold.paragraph} WRONG ${wrong.join(",")}: gold ${pair.gold.kind} ${pair.gold.speaker ?? pair.gold.speakerLabel} ${pair.gold.cue} via ${pair.gold.via ?? "-"} / got ${pair.proposal.kind} ${pair.proposal.speaker ?? pair.proposal.speakerLabel} ${pair.proposal.cue} via ${pair.proposal.via ?? "-"} «${pair.proposal.text.slice(0, 50)}»`);
      }
      for (const proposal of score.falsePositives) console.log(`${split} ${score.id} ¶${proposal.paragraph} EXTRA ${proposal.kind} ${proposal.speaker ?? proposal.speakerLabel} (${proposal.rule}): ${proposal.text.slice(0, 70)}`);
    }
  }
}

/** Mean time to extract a ~2,000-word Arabic article (the sample's two pages repeated), after a warm-up run. */
export function timeTwoThousandWords(sets: readonly GoldSet[]): { words: number; milliseconds: number } {
  const sample = sets.find((set) => set.split === "sample");
  const body = (sample?.passages ?? []).map((passage) => passage.text).join("\n\n");
  const bodyWords = body.split(/\s+/u).filter((word) => word !== "").length;
  const article = Array.from({ length: Math.max(1, Math.ceil(2000 / Math.max(1, bodyWords))) }, () => body).join("\n\n");
  const run = (): void => void extractStatements(article, { language: "ar", actors: sample?.actors ?? [] });
  run();
  const runs = 10;
  const started = performance.now();
  for (let index = 0; index < runs; index++) run();
  return { words: article.split(/\s+/u).filter((word) => word !== "").length, milliseconds: (performance.now() - started) / runs };
}

function main(argv: readonly string[]): void {
  const sets = loadGoldSets();
  const evaluation = evaluateGoldSets(sets);
  const rows = evaluation.rows.map((row) => rowCells(row.split, row.language, row.metrics));
  if (argv.includes("--passages")) {
    for (const [split, scored] of evaluation.scores) for (const score of scored) rows.push(rowCells(`${split}:${score.id}`, score.language, summarize([score])));
  }
  printTable(rows);
  console.log("\nMatch: same paragraph, texts overlapping by at least half of each. speaker/kind/cue/span/via: accuracy on matched statements (span: first and last words right).");
  const timing = timeTwoThousandWords(sets);
  console.log(`Extraction time: ${timing.milliseconds.toFixed(1)} ms for a ${timing.words}-word Arabic article (mean of 10 runs, this machine, shared cores).`);
  if (argv.includes("--misses")) {
    console.log("");
    printMisses(evaluation);
  }
  const jsonAt = argv.indexOf("--json");
  const jsonFile = jsonAt === -1 ? undefined : argv[jsonAt + 1];
  if (jsonFile !== undefined) writeFileSync(jsonFile, `${JSON.stringify(evaluation.rows, null, 2)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
