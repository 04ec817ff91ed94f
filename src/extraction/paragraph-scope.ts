/**
 * What the Arabic and English rules share while reading one paragraph: its words, sentences
 * and quotations, the known actors, the discourse so far, and the proposals made. Emitting goes
 * through here so that every proposal's text is exactly the article's slice between its offsets.
 */
import type { ActorIndex } from "./actor-index.js";
import { findAgencies, type AgencyMention } from "./agencies.js";
import type { ParagraphSpan } from "./paragraphs.js";
import type { QuoteSegment } from "./quotations.js";
import { insideQuote, type Sentence } from "./sentences.js";
import type { Attribution, Discourse, SpeakerGroup } from "./speakers.js";
import type { ExtractionRule, StatementKind, StatementProposal } from "./types.js";
import { ADVERBIAL_OPENERS, TIME_WORDS } from "./arabic-lexicon.js";
import { ENGLISH_PREPOSITIONS } from "./english-lexicon.js";
import { normalizeWord, withoutConjunction, type Word } from "./words.js";

function isAdverbialStart(word: Word | undefined): boolean {
  if (word === undefined) return false;
  const forms = withoutConjunction(word.normalized);
  return forms.some((form) => ADVERBIAL_OPENERS.has(form) || TIME_WORDS.has(form)) || ENGLISH_PREPOSITIONS.has(word.normalized);
}

/** How the statement of a quotation was attributed, for its later paragraphs and followers. */
export interface QuoteAttribution {
  group: SpeakerGroup;
  cue: string;
  confidence: number;
}

export interface ParagraphScope {
  articleText: string;
  paragraph: ParagraphSpan;
  words: Word[];
  sentences: Sentence[];
  /** This paragraph's quotation segments, in text order. */
  segments: QuoteSegment[];
  actors: ActorIndex;
  discourse: Discourse;
  /** Carried across paragraphs: quoteId → attribution. */
  quoteAttributions: Map<number, QuoteAttribution>;
  claimed: Set<QuoteSegment>;
  proposals: StatementProposal[];
  /** Names and roles no known actor matched (not unnamed sources): proposed as new actors. */
  unresolvedNames: Set<string>;
}

export function quoteOfWord(scope: ParagraphScope, index: number): QuoteSegment | undefined {
  const word = scope.words[index];
  return word === undefined ? undefined : insideQuote(word.start, scope.segments);
}

/** The quotation whose first word is `index`, if any. */
export function quoteStartingAt(scope: ParagraphScope, index: number): QuoteSegment | undefined {
  const segment = quoteOfWord(scope, index);
  if (segment === undefined) return undefined;
  const previous = scope.words[index - 1];
  return previous !== undefined && previous.start >= segment.innerStart ? undefined : segment;
}

/** The closed quotation ending right before word `index` (only its closing mark and punctuation between). */
export function quoteEndingBefore(scope: ParagraphScope, index: number): QuoteSegment | undefined {
  const previous = quoteOfWord(scope, index - 1);
  const word = scope.words[index];
  if (previous === undefined || word === undefined || !previous.closed || previous.outerEnd > word.start) return undefined;
  return previous;
}

/** Word indexes [first, end) of the words inside a segment. */
export function wordsInside(scope: ParagraphScope, segment: QuoteSegment): { first: number; end: number } {
  const first = firstWordFrom(scope.words, segment.innerStart);
  let end = first;
  while (end < scope.words.length && (scope.words[end]?.end ?? Infinity) <= segment.innerEnd) end++;
  return end === first ? { first: 0, end: 0 } : { first, end };
}

/** Index of the first word starting at or after `offset` (binary search: words are in order). */
function firstWordFrom(words: readonly Word[], offset: number): number {
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((words[middle]?.start ?? Infinity) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function wordCount(scope: ParagraphScope, segment: QuoteSegment): number {
  const { first, end } = wordsInside(scope, segment);
  return end - first;
}

export function sentenceAgencies(scope: ParagraphScope, sentence: Sentence): AgencyMention[] {
  return findAgencies(scope.words, sentence.firstWord, sentence.endWord, scope.actors, scope.articleText, (index) => quoteOfWord(scope, index) !== undefined);
}

// Base confidence of each rule, then a factor for how the speaker was found.
const RULE_CONFIDENCE: Readonly<Record<ExtractionRule, number>> = {
  "quote-after-cue": 0.95,
  "quote-before-cue": 0.95,
  "quote-in-reported-clause": 0.9,
  "quote-continued": 0.9,
  "quote-follows-quote": 0.85,
  "colon-speech": 0.8,
  "reported-clause": 0.9,
  "verb-object": 0.75,
  attribution: 0.85,
  "clause-before-cue": 0.8,
  "negated-cue": 0.6,
};
const ATTRIBUTION_FACTOR: Readonly<Record<Attribution, number>> = {
  named: 1,
  role: 0.95,
  unnamed: 0.95,
  anaphor: 0.9,
  continuation: 0.9,
  "continuation-fallback": 0.6,
  unresolved: 0.7,
};

export function confidenceOf(rule: ExtractionRule, attribution: Attribution): number {
  return Math.round(RULE_CONFIDENCE[rule] * ATTRIBUTION_FACTOR[attribution] * 100) / 100;
}

export interface Emission {
  start: number;
  end: number;
  kind: StatementKind;
  cue: string;
  group: SpeakerGroup;
  via: AgencyMention | null;
  confidence: number;
  rule: ExtractionRule;
}

const EDGE_PUNCTUATION = /^[\s،,;؛:.]+|[\s،,;؛:.]+$/gu;

/** One proposal per speaker of the group (a joint statement is each speaker's statement). */
export function emit(scope: ParagraphScope, emission: Emission): void {
  let { start, end } = emission;
  // A quotation keeps its inner punctuation as published; a reported clause loses the edges.
  if (emission.kind === "PARAPHRASE" || emission.rule === "colon-speech") {
    const raw = scope.articleText.slice(start, end);
    const leading = raw.length - raw.replace(/^[\s،,;؛:.]+/u, "").length;
    const trailing = raw.length - raw.replace(EDGE_PUNCTUATION, "").length - leading;
    start += leading;
    end -= Math.max(0, trailing);
  }
  if (end <= start) return;
  const via = emission.group.via ?? (emission.via === null ? null : { slug: emission.via.slug, name: emission.via.name });
  for (const speaker of emission.group.speakers) {
    if (speaker.slug !== null && speaker.slug === via?.slug) continue;
    if (speaker.slug === null && !speaker.unnamed && speaker.label !== null) scope.unresolvedNames.add(speaker.label);
    scope.proposals.push({
      text: scope.articleText.slice(start, end),
      kind: emission.kind,
      cue: emission.cue,
      paragraph: scope.paragraph.index,
      start,
      end,
      speaker: speaker.slug,
      speakerName: speaker.name,
      speakerLabel: speaker.label,
      via: via?.slug ?? null,
      viaName: via?.name ?? null,
      confidence: emission.confidence,
      rule: emission.rule,
    });
  }
}

/** Emits a quotation segment and records its attribution for its continuation and followers. */
export function emitQuote(scope: ParagraphScope, segment: QuoteSegment, emission: Omit<Emission, "start" | "end" | "kind">): void {
  scope.claimed.add(segment);
  emit(scope, { ...emission, start: segment.innerStart, end: segment.innerEnd, kind: "DIRECT_QUOTE" });
  scope.quoteAttributions.set(segment.quoteId, { group: emission.group, cue: emission.cue, confidence: emission.confidence });
}

/** Quotations no cue claimed: the rest of a multi-paragraph quotation, or a second quotation after an attributed one. */
export function emitUnclaimedQuotes(scope: ParagraphScope, minimumWords: number): void {
  let previous: QuoteAttribution | null = null;
  for (const segment of scope.segments) {
    const carried = scope.quoteAttributions.get(segment.quoteId);
    if (scope.claimed.has(segment)) {
      previous = carried ?? previous;
      continue;
    }
    if (segment.continuesFromPrevious && carried !== undefined) {
      emitQuote(scope, segment, { cue: carried.cue, group: carried.group, via: null, confidence: Math.min(carried.confidence, 0.9), rule: "quote-continued" });
      previous = carried;
    } else if (previous !== null && wordCount(scope, segment) >= minimumWords) {
      emitQuote(scope, segment, { cue: previous.cue, group: previous.group, via: null, confidence: Math.min(previous.confidence, 0.85), rule: "quote-follows-quote" });
    }
  }
}

export interface Attributed {
  cueText: string;
  group: SpeakerGroup;
  attribution: Attribution;
  via: AgencyMention | null;
}

// دعا الأطراف إلى "…"، حث على "…": the preposition a call or demand governs.
const GOVERNING_PREPOSITIONS: ReadonlySet<string> = new Set(["إلى", "على"].map(normalizeWord));

/**
 * A quotation right after the preposition the verb governs (دعا الأطراف إلى "الانخراط بجدية" في
 * المفاوضات) is the very thing called for, in the speaker's words; a short adverbial after it
 * (في المفاوضات) is where, not more of the claim, even when it is longer than the quotation.
 */
function governedByPreposition(scope: ParagraphScope, quoteFirstWord: number): boolean {
  const previous = scope.words[quoteFirstWord - 1];
  return previous !== undefined && GOVERNING_PREPOSITIONS.has(previous.normalized);
}

// Prepositions that may repeat after و to coordinate a second object (إلى "…" وإلى …، على "…" وعلى …).
const COORDINABLE_PREPOSITIONS: ReadonlySet<string> = new Set(["إلى", "على", "عن", "من", "في"].map(normalizeWord));

/**
 * عزا التراجع إلى "حالة من الإحباط" وإلى سوء الأحوال الجوية: when the prepositional phrase a
 * quotation completes goes on with و + a preposition, the quotation is one conjunct of the
 * object, not the whole statement; the statement is the reported words around it.
 */
export function quoteIsOneConjunct(scope: ParagraphScope, segment: QuoteSegment): boolean {
  const span = wordsInside(scope, segment);
  const before = scope.words[span.first - 1];
  const after = scope.words[span.end];
  if (before === undefined || after === undefined || !after.normalized.startsWith("و")) return false;
  const governed = COORDINABLE_PREPOSITIONS.has(before.normalized);
  return governed && COORDINABLE_PREPOSITIONS.has(after.normalized.slice(1));
}

/** Emits [from, end) as a paraphrase, or as its quotation when the quotation is most of it. */
export function emitClause(scope: ParagraphScope, from: number, end: number, attributed: Attributed, paraphraseRule: ExtractionRule): void {
  const first = scope.words[from];
  const last = scope.words[end - 1];
  if (first === undefined || last === undefined || end <= from) return;
  const inside = scope.segments.filter((segment) => segment.innerStart >= first.start && segment.innerEnd <= last.end + 1 && segment.innerStart < last.end);
  const finalQuote = inside.at(-1);
  const base = { cue: attributed.cueText, group: attributed.group, via: attributed.via };
  if (finalQuote !== undefined) {
    const span = wordsInside(scope, finalQuote);
    const after = end - span.end;
    // One quoted word is a scare quote marking a term (نتج عن "هجوم"), not the speaker's words;
    // and what may follow the quotation is a short adverbial (في العراق، الجمعة / overnight), not
    // more of the claim (رغم بعض الخروقات).
    const quotedWords = span.end - span.first;
    const adverbialAfter = after === 0 || isAdverbialStart(scope.words[span.end]);
    if (quotedWords >= 2 && after <= 3 && (after <= quotedWords || governedByPreposition(scope, span.first)) && adverbialAfter && !quoteIsOneConjunct(scope, finalQuote)) {
      const rule: ExtractionRule = span.first === from ? "quote-after-cue" : "quote-in-reported-clause";
      emitQuote(scope, finalQuote, { ...base, confidence: confidenceOf(rule, attributed.attribution), rule });
      return;
    }
  }
  for (const segment of inside) scope.claimed.add(segment);
  const lastQuote = quoteOfWord(scope, end - 1);
  const endOffset = lastQuote !== undefined && lastQuote.closed && lastQuote.innerEnd <= last.end ? lastQuote.outerEnd : last.end;
  // Symmetrically, a paraphrase opening on a quotation's first word keeps its opening mark.
  const startOffset = quoteStartingAt(scope, from)?.outerStart ?? first.start;
  emit(scope, { ...base, start: startOffset, end: endOffset, kind: "PARAPHRASE", confidence: confidenceOf(paraphraseRule, attributed.attribution), rule: paraphraseRule });
}

/** The agency the words came through: one named as relaying them, else any agency in the sentence that is not the speaker. */
export function viaFor(group: SpeakerGroup, agencies: readonly AgencyMention[], explicit: AgencyMention | null): AgencyMention | null {
  const slugs = new Set(group.speakers.map((speaker) => speaker.slug));
  const names = new Set(group.speakers.map((speaker) => speaker.name));
  const candidate = explicit ?? agencies.find((agency) => !(agency.slug !== null && slugs.has(agency.slug)) && !names.has(agency.name)) ?? null;
  return candidate;
}

/**
 * The via of a statement: `viaFor`, else — for a follow-up that points back (وأضاف المصدر، he
 * added) — the agency that relayed the speaker before, since the agency is still the one
 * reporting. A speaker relayed now is noted for its own follow-ups.
 */
export function relayedVia(scope: ParagraphScope, group: SpeakerGroup, attribution: Attribution, agencies: readonly AgencyMention[], explicit: AgencyMention | null): AgencyMention | null {
  const found = viaFor(group, agencies, explicit);
  if (found !== null) {
    scope.discourse.noteRelay(group, found);
    return found;
  }
  const pointsBack = attribution === "anaphor" || attribution === "continuation" || attribution === "continuation-fallback";
  const whole = pointsBack ? group : partitiveAntecedent(scope, group);
  const earlier = whole === null ? null : scope.discourse.relayOf(whole);
  return earlier === null ? null : { ...earlier, firstWord: -1, endWord: -1 };
}

// "one of the people", "two of the officials", "another of the sources": a part of a group named before.
const PARTITIVE = /^(?:one|two|three|another|some|several|most)\s+of\s+(?:the|those|these)\s+(\p{L}+)$/iu;
// "the second diplomat", "the other official": a definite ordinal picks one member out of a plural
// group already introduced ("two diplomats … told …"), so it is a partitive too. Only with a
// plural antecedent: "the second diplomat" after one named diplomat is no part of a group.
const ORDINAL_MEMBER = /^the\s+(?:first|second|third|other|latter|former)\s+(\p{L}+)$/iu;

/**
 * "…, three people with knowledge of the plan told Calder Wire. …, one of the people said.": a
 * partitive speaker is a member of a group already speaking, so its words came the same way (the
 * same agency). Returns that earlier group, or null when the label is not partitive.
 */
function partitiveAntecedent(scope: ParagraphScope, group: SpeakerGroup): SpeakerGroup | null {
  const label = group.speakers.length === 1 ? group.speakers[0]?.label : null;
  const trimmed = label === null || label === undefined ? undefined : label.trim();
  const noun = trimmed === undefined ? undefined : PARTITIVE.exec(trimmed)?.[1];
  const member = trimmed === undefined || noun !== undefined ? undefined : ORDINAL_MEMBER.exec(trimmed)?.[1];
  if (noun === undefined && member === undefined) return null;
  // The group's label names the members in the plural (two diplomats): "diplomat" + s.
  const earlier = scope.discourse.anaphor((noun ?? `${member ?? ""}s`).toLowerCase());
  return earlier === group ? null : earlier;
}
