// `khabar extract FILE|- [--language ar|en] [--json]`: the statements the extractor proposes for
// an article's text, resolved against the database's people and organizations. Nothing is
// written. A table in reading order by default (paragraph, kind, speaker, cue, first words);
// `--json` prints the proposals as the API returns them.
// `khabar import-text FILE|- --slug S --published-at T [--headline H] [--language L] [--url U]`:
// writes the article with the proposals as suggestions to review, as createArticleFromText does.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { WriteEngine } from "../db/write-engine.js";
import { extractStatements, EXTRACTOR_VERSION, type KnownActor, type StatementProposal } from "../extraction/index.js";
import { createArticleFromText } from "../modules/suggestion/suggestion.edits.js";

export interface ExtractOptions {
  file: string;
  language: string | null;
  json: boolean;
}

export function parseExtractArgs(args: string[], usage: (message: string) => Error): ExtractOptions {
  const { values, positionals } = parseArgs({ args, options: { language: { type: "string" }, json: { type: "boolean" } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw usage("extract needs exactly one FILE (or - for stdin)");
  if (values.language !== undefined && !["ar", "en"].includes(values.language)) throw usage("--language must be ar or en");
  return { file: positionals[0]!, language: values.language ?? null, json: values.json ?? false };
}

function firstWords(text: string, count = 8): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > count ? `${words.slice(0, count).join(" ")} …` : words.join(" ");
}

function speakerOf(proposal: StatementProposal): string {
  return proposal.speaker ?? (proposal.speakerLabel ? `“${proposal.speakerLabel}”` : "?");
}

/** The proposals for the file's text, speakers resolved against `actors` (the database's people and organizations). */
export function extractCommand(actors: readonly KnownActor[], options: ExtractOptions): string {
  const text = readFileSync(options.file === "-" ? 0 : options.file, "utf8");
  const result = extractStatements(text, { language: options.language, actors: [...actors] });
  if (options.json) return `${JSON.stringify({ ...result, extractorVersion: EXTRACTOR_VERSION }, null, 2)}\n`;
  const rows = result.statements.map((proposal) => [proposal.paragraph, proposal.kind, speakerOf(proposal), proposal.cue, firstWords(proposal.text)].join("\t"));
  const unresolved = result.unresolvedNames.length > 0 ? `\nunresolved names: ${result.unresolvedNames.join(", ")}` : "";
  return `${["paragraph\tkind\tspeaker\tcue\ttext", ...rows].join("\n")}\n${result.statements.length} statement(s) proposed (${result.language}, extractor ${EXTRACTOR_VERSION})${unresolved}\n`;
}

export interface ImportTextOptions {
  file: string;
  slug: string;
  headline: string;
  language: string;
  publishedAt: string;
  url: string | null;
}

export function parseImportTextArgs(args: string[], usage: (message: string) => Error): ImportTextOptions {
  const { values, positionals } = parseArgs({
    args,
    options: { slug: { type: "string" }, headline: { type: "string" }, language: { type: "string" }, "published-at": { type: "string" }, url: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw usage("import-text needs exactly one FILE (or - for stdin)");
  if (!values.slug || !values["published-at"]) throw usage("import-text needs --slug and --published-at");
  return {
    file: positionals[0]!,
    slug: values.slug,
    headline: values.headline ?? values.slug,
    language: values.language ?? "ar",
    publishedAt: values["published-at"],
    url: values.url ?? null,
  };
}

/**
 * Writes the article and its suggestions through `writes` as `createArticleFromText` does (the
 * same writers, one transaction, on either engine); returns the summary line.
 */
export async function importTextCommand(writes: WriteEngine, actors: readonly KnownActor[], options: ImportTextOptions): Promise<string> {
  const text = readFileSync(options.file === "-" ? 0 : options.file, "utf8");
  const input = { slug: options.slug, headline: options.headline, text, language: options.language, publishedAt: options.publishedAt, url: options.url };
  const result = await createArticleFromText({ writes, viewer: null }, input, actors);
  return `wrote article ${options.slug} with ${result.suggestions.length} suggested statement(s) to review${result.unresolvedNames.length > 0 ? `; unresolved names: ${result.unresolvedNames.join(", ")}` : ""}\n`;
}
