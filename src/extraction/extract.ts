/**
 * extractStatements: an article's text in, proposed statements out. Pure: no network, no model,
 * no database; the known actors come in as plain data. Linear in the text's length (one pass for
 * quotations, bounded look-around per cue), so hostile input cannot make it slow.
 */
import { ActorIndex } from "./actor-index.js";
import { extractArabicParagraph } from "./arabic-rules.js";
import { extractEnglishParagraph } from "./english-rules.js";
import type { ParagraphScope, QuoteAttribution } from "./paragraph-scope.js";
import { splitParagraphs } from "./paragraphs.js";
import { findQuoteSegments, type QuoteSegment } from "./quotations.js";
import { splitSentences } from "./sentences.js";
import { Discourse } from "./speakers.js";
import type { ExtractionLanguage, ExtractionOptions, ExtractionResult, StatementProposal } from "./types.js";
import { wordsOf } from "./words.js";

const ARABIC_LETTER = /\p{Script=Arabic}/gu;
const LATIN_LETTER = /\p{Script=Latin}/gu;

/** "ar", "ar-IQ", "en-GB" → ar / en; anything else (or nothing) → the majority script of the text. */
export function resolveLanguage(language: string | null | undefined, text: string): ExtractionLanguage {
  const primary = language?.split("-")[0]?.toLowerCase();
  if (primary === "ar" || primary === "en") return primary;
  const arabic = text.match(ARABIC_LETTER)?.length ?? 0;
  const latin = text.match(LATIN_LETTER)?.length ?? 0;
  return arabic >= latin ? "ar" : "en";
}

function byParagraph(segments: readonly QuoteSegment[]): Map<number, QuoteSegment[]> {
  const grouped = new Map<number, QuoteSegment[]>();
  for (const segment of segments) {
    const list = grouped.get(segment.paragraph) ?? [];
    list.push(segment);
    grouped.set(segment.paragraph, list);
  }
  return grouped;
}

export function extractStatements(text: string, options: ExtractionOptions = {}): ExtractionResult {
  const language = resolveLanguage(options.language, text);
  const actors = new ActorIndex(options.actors ?? []);
  const paragraphs = splitParagraphs(text);
  const segmentsByParagraph = byParagraph(findQuoteSegments(text, paragraphs));
  const paragraphWords = paragraphs.map((paragraph) => wordsOf(paragraph.text, paragraph.start));
  for (const words of paragraphWords) actors.noteArticleWords(words);

  const discourse = new Discourse();
  const quoteAttributions = new Map<number, QuoteAttribution>();
  const proposals: StatementProposal[] = [];
  const unresolvedNames = new Set<string>();
  for (const paragraph of paragraphs) {
    const words = paragraphWords[paragraph.index] ?? [];
    const segments = segmentsByParagraph.get(paragraph.index) ?? [];
    const scope: ParagraphScope = {
      articleText: text,
      paragraph,
      words,
      sentences: splitSentences(paragraph.text, paragraph.start, words, segments),
      segments,
      actors,
      discourse,
      quoteAttributions,
      claimed: new Set(),
      proposals: [],
      unresolvedNames,
    };
    if (language === "ar") extractArabicParagraph(scope);
    else extractEnglishParagraph(scope);
    proposals.push(...scope.proposals);
  }
  proposals.sort((left, right) => left.start - right.start || left.end - right.end);
  return { language, statements: proposals, unresolvedNames: [...unresolvedNames] };
}
