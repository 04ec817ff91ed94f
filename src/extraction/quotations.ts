/**
 * Quotation marks → quoted segments, one per paragraph a quotation touches.
 *
 * One linear pass over the paragraphs (hostile text with thousands of marks stays linear).
 * Curly quotes and guillemets nest; straight quotes toggle. A quotation still open at the end of
 * a paragraph continues into the next one when that paragraph either reopens it (the English
 * convention: no closing mark, the next paragraph starts with an opening one) or closes it;
 * otherwise it is abandoned at the paragraph's end, so one stray mark cannot flip the pairing of
 * every quotation after it.
 */
import type { ParagraphSpan } from "./paragraphs.js";

export interface QuoteSegment {
  /** Segments of one quotation share an id. */
  quoteId: number;
  paragraph: number;
  /** The quoted words, whitespace trimmed (absolute offsets). */
  innerStart: number;
  innerEnd: number;
  /** Where the marks are (absolute); the paragraph's edges when the segment has no mark there. */
  outerStart: number;
  outerEnd: number;
  continuesFromPrevious: boolean;
  continuesToNext: boolean;
  /** False when no closing mark was found: a quotation that runs to the end of its paragraph. */
  closed: boolean;
}

const CLOSER_OF: Readonly<Record<string, string>> = { "“": "”", "«": "»", "„": "“", '"': '"' };

function isOpener(character: string | undefined): character is string {
  return character !== undefined && CLOSER_OF[character] !== undefined;
}

interface OpenQuote {
  quoteId: number;
  opener: string;
  closer: string;
  depth: number;
  innerStart: number;
  outerStart: number;
  continuesFromPrevious: boolean;
}

function trimmedRange(text: string, from: number, to: number): { start: number; end: number } {
  let start = from;
  let end = to;
  while (start < end && /\s/u.test(text[start] ?? "")) start++;
  while (end > start && /\s/u.test(text[end - 1] ?? "")) end--;
  return { start, end };
}

/** Whether an open quotation may run on into `next` (see the file header). */
function continuesInto(open: OpenQuote, next: ParagraphSpan | undefined): boolean {
  if (next === undefined) return false;
  if (isOpener(next.text[0])) return true;
  if (open.opener === '"') return (next.text.split('"').length - 1) % 2 === 1;
  const closerAt = next.text.indexOf(open.closer);
  const openerAt = next.text.indexOf(open.opener);
  return closerAt !== -1 && (openerAt === -1 || closerAt < openerAt);
}

export function findQuoteSegments(articleText: string, paragraphs: readonly ParagraphSpan[]): QuoteSegment[] {
  const segments: QuoteSegment[] = [];
  let nextQuoteId = 0;
  let open: OpenQuote | null = null;

  const emit = (quote: OpenQuote, paragraph: number, innerEnd: number, outerEnd: number, closed: boolean, continues: boolean): void => {
    const range = trimmedRange(articleText, quote.innerStart, innerEnd);
    segments.push({
      quoteId: quote.quoteId,
      paragraph,
      innerStart: range.start,
      innerEnd: range.end,
      outerStart: quote.outerStart,
      outerEnd,
      continuesFromPrevious: quote.continuesFromPrevious,
      continuesToNext: continues,
      closed,
    });
  };

  for (const paragraph of paragraphs) {
    let position = paragraph.start;
    const carried = open as OpenQuote | null; // (TS narrows the loop variable to its initial null)
    if (carried !== null) {
      // Carried over from the previous paragraph: skip a reopening mark.
      const reopens = isOpener(articleText[position]);
      open = { ...carried, depth: 0, continuesFromPrevious: true, outerStart: position, innerStart: reopens ? position + 1 : position };
      if (reopens) position++;
    }
    for (; position < paragraph.end; position++) {
      const character = articleText[position] ?? "";
      if (open === null) {
        if (isOpener(character)) {
          open = { quoteId: nextQuoteId++, opener: character, closer: CLOSER_OF[character] ?? character, depth: 0, innerStart: position + 1, outerStart: position, continuesFromPrevious: false };
        }
        continue;
      }
      if (character === open.closer && open.depth === 0) {
        emit(open, paragraph.index, position, position + 1, true, false);
        open = null;
      } else if (open.opener !== '"' && character === open.opener) {
        open.depth++;
      } else if (open.opener !== '"' && character === open.closer) {
        open.depth--;
      }
    }
    if (open !== null) {
      const next = paragraphs[paragraph.index + 1];
      const continues = continuesInto(open, next);
      emit(open, paragraph.index, paragraph.end, paragraph.end, false, continues);
      if (!continues) open = null;
    }
  }
  return segments.filter((segment) => segment.innerEnd > segment.innerStart);
}
