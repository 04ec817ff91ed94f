/**
 * Sentences of a paragraph, for the rules' clause ends. A full stop, ! ? or ؟ followed by a space
 * (or the paragraph's end) ends a sentence, except inside a quotation (quoted speech has its own
 * sentences, and the attribution may follow it) and after an English abbreviation or initial
 * (U.S., Mr., Gen., J.).
 */
import type { QuoteSegment } from "./quotations.js";
import type { Word } from "./words.js";

export interface Sentence {
  start: number;
  end: number;
  /** Word indexes [firstWord, endWord) of the paragraph's word list. */
  firstWord: number;
  endWord: number;
}

const TERMINAL = /[.!?؟]+(?=["'”»’)\]]*(?:\s|$))/gu;
const ABBREVIATION = /(?:^|[\s(])(?:[A-Z]|Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|Adm|Sen|Rep|Gov|Prof|St|Jr|Sr|No|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|[A-Z]\.[A-Z])$/u;

/** The segment containing `offset`; `segments` are in text order and do not overlap (binary search: hostile text may hold thousands). */
export function insideQuote(offset: number, segments: readonly QuoteSegment[]): QuoteSegment | undefined {
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const segment = segments[middle];
    if (segment === undefined) return undefined;
    if (offset < segment.innerStart) high = middle - 1;
    else if (offset >= segment.innerEnd) low = middle + 1;
    else return segment;
  }
  return undefined;
}

export function splitSentences(paragraphText: string, paragraphStart: number, words: readonly Word[], segments: readonly QuoteSegment[]): Sentence[] {
  const ends: number[] = [];
  for (const match of paragraphText.matchAll(TERMINAL)) {
    const absolute = paragraphStart + match.index;
    if (insideQuote(absolute, segments) !== undefined) continue;
    if (match[0] === "." && ABBREVIATION.test(paragraphText.slice(Math.max(0, match.index - 6), match.index))) continue;
    ends.push(absolute + match[0].length);
  }
  const paragraphEnd = paragraphStart + paragraphText.length;
  if (ends.at(-1) !== paragraphEnd) ends.push(paragraphEnd);

  const sentences: Sentence[] = [];
  let start = paragraphStart;
  let wordIndex = 0;
  for (const end of ends) {
    const firstWord = wordIndex;
    while (wordIndex < words.length && (words[wordIndex]?.start ?? Infinity) < end) wordIndex++;
    if (wordIndex > firstWord) sentences.push({ start, end, firstWord, endWord: wordIndex });
    start = end;
  }
  return sentences;
}
