/**
 * Scores proposals against hand-made gold statements, as issue 13 defines it: a proposal
 * matches a gold statement in the same paragraph when their texts overlap by at least half (of
 * each, so neither a whole-paragraph proposal nor a two-word fragment can match by accident);
 * each gold statement matches at most one proposal. Speaker, kind, cue, via and span accuracy
 * are measured on the matched pairs. Pure: the gold set is passed in.
 */
import { analyze } from "../search/analyzer.js";
import { splitParagraphs } from "./paragraphs.js";
import type { StatementKind, StatementProposal } from "./types.js";
import { normalizeWord } from "./words.js";

export interface GoldStatement {
  paragraph: number;
  text: string;
  kind: StatementKind;
  cue: string;
  speaker?: string | null;
  speakerLabel?: string | null;
  via?: string | null;
}

export interface GoldPassage {
  id: string;
  language: "ar" | "en";
  text: string;
  statements: readonly GoldStatement[];
}

export interface PairDetail {
  gold: GoldStatement;
  proposal: StatementProposal | null;
  speakerCorrect: boolean;
  kindCorrect: boolean;
  cueCorrect: boolean;
  spanExact: boolean;
  viaCorrect: boolean;
}

export interface PassageScore {
  id: string;
  language: "ar" | "en";
  gold: number;
  proposed: number;
  pairs: PairDetail[];
  /** Proposals that matched no gold statement. */
  falsePositives: StatementProposal[];
}

export interface Metrics {
  gold: number;
  proposed: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  speakerAccuracy: number;
  kindAccuracy: number;
  cueAccuracy: number;
  spanAccuracy: number;
  viaAccuracy: number;
}

export const MINIMUM_OVERLAP = 0.5;

function overlapRatio(goldStart: number, goldEnd: number, proposal: StatementProposal): number {
  const overlap = Math.min(goldEnd, proposal.end) - Math.max(goldStart, proposal.start);
  if (overlap <= 0) return 0;
  return overlap / Math.max(goldEnd - goldStart, proposal.end - proposal.start);
}

function comparableLabel(label: string | null | undefined): string {
  return label == null ? "" : analyze(label).join(" ");
}

/** Cues compare as words: harakat, case and an attached و/ف do not count. */
export function comparableCue(cue: string): string {
  return cue
    .split(/\s+/u)
    .map((word) => normalizeWord(word).replace(/^[وف](?=\S{2,})/u, ""))
    .join(" ");
}

function speakerMatches(gold: GoldStatement, proposal: StatementProposal): boolean {
  if (gold.speaker != null) return proposal.speaker === gold.speaker;
  return proposal.speaker === null && comparableLabel(proposal.speakerLabel) === comparableLabel(gold.speakerLabel);
}

function edgesMatch(goldText: string, proposalText: string): boolean {
  const gold = analyze(goldText);
  const proposed = analyze(proposalText);
  return gold[0] === proposed[0] && gold.at(-1) === proposed.at(-1);
}

/** Where a gold statement lies in the article: its text must occur verbatim in its paragraph. */
export function locateGold(text: string, statement: GoldStatement): { start: number; end: number } {
  const paragraph = splitParagraphs(text)[statement.paragraph];
  const at = paragraph?.text.indexOf(statement.text) ?? -1;
  if (paragraph === undefined || at === -1) throw new Error(`gold statement not found in paragraph ${statement.paragraph}: ${statement.text.slice(0, 60)}`);
  return { start: paragraph.start + at, end: paragraph.start + at + statement.text.length };
}

export function scorePassage(passage: GoldPassage, proposals: readonly StatementProposal[]): PassageScore {
  const located = passage.statements.map((gold) => ({ gold, ...locateGold(passage.text, gold) }));
  const candidates: { goldIndex: number; proposalIndex: number; score: number }[] = [];
  located.forEach((gold, goldIndex) => {
    proposals.forEach((proposal, proposalIndex) => {
      if (proposal.paragraph !== gold.gold.paragraph) return;
      const ratio = overlapRatio(gold.start, gold.end, proposal);
      // A correct speaker breaks ties: one span said by two speakers has two gold statements.
      if (ratio >= MINIMUM_OVERLAP) candidates.push({ goldIndex, proposalIndex, score: ratio + (speakerMatches(gold.gold, proposal) ? 1 : 0) });
    });
  });
  candidates.sort((left, right) => right.score - left.score);
  const proposalOf = new Map<number, number>();
  const usedProposals = new Set<number>();
  for (const candidate of candidates) {
    if (proposalOf.has(candidate.goldIndex) || usedProposals.has(candidate.proposalIndex)) continue;
    proposalOf.set(candidate.goldIndex, candidate.proposalIndex);
    usedProposals.add(candidate.proposalIndex);
  }
  const pairs = located.map(({ gold }, goldIndex): PairDetail => {
    const index = proposalOf.get(goldIndex);
    const proposal = index === undefined ? null : (proposals[index] ?? null);
    if (proposal === null) return { gold, proposal: null, speakerCorrect: false, kindCorrect: false, cueCorrect: false, spanExact: false, viaCorrect: false };
    return {
      gold,
      proposal,
      speakerCorrect: speakerMatches(gold, proposal),
      kindCorrect: gold.kind === proposal.kind,
      cueCorrect: comparableCue(gold.cue) === comparableCue(proposal.cue),
      spanExact: edgesMatch(gold.text, proposal.text),
      viaCorrect: (gold.via ?? null) === proposal.via,
    };
  });
  return {
    id: passage.id,
    language: passage.language,
    gold: passage.statements.length,
    proposed: proposals.length,
    pairs,
    falsePositives: proposals.filter((_, index) => !usedProposals.has(index)),
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

export function summarize(scores: readonly PassageScore[]): Metrics {
  const gold = scores.reduce((sum, score) => sum + score.gold, 0);
  const proposed = scores.reduce((sum, score) => sum + score.proposed, 0);
  const matchedPairs = scores.flatMap((score) => score.pairs.filter((pair) => pair.proposal !== null));
  const matched = matchedPairs.length;
  const count = (predicate: (pair: PairDetail) => boolean): number => matchedPairs.filter(predicate).length;
  const precision = ratio(matched, proposed);
  const recall = ratio(matched, gold);
  return {
    gold,
    proposed,
    matched,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    speakerAccuracy: ratio(count((pair) => pair.speakerCorrect), matched),
    kindAccuracy: ratio(count((pair) => pair.kindCorrect), matched),
    cueAccuracy: ratio(count((pair) => pair.cueCorrect), matched),
    spanAccuracy: ratio(count((pair) => pair.spanExact), matched),
    viaAccuracy: ratio(count((pair) => pair.viaCorrect), matched),
  };
}
