/**
 * The terms of one index row with their counts per column, as `search_terms` stores them
 * (migration 0015): enough to score the row with BM25 for any query without asking FTS5, which is
 * what lets a kept ranking be brought up to date after a write (ranking-cache.ts).
 *
 * Exactness: FTS5 splits the analyzed text of a column with its unicode61 tokenizer. For terms
 * made only of RANKABLE characters (lowercase ASCII letters and digits, lowercase Latin-1 letters,
 * Arabic letters) that is a split on spaces that changes no character, so the counts here are
 * FTS5's (test/unit/search-terms.test.ts checks every such character against FTS5 itself). A row
 * with any other term is stored as UNKNOWN_TERMS and its rankings are left to FTS5.
 *
 * Encoding: columns in the index's order separated by "|", each "term count term count …";
 * terms never contain a space or a "|" (they are rankable).
 */
import type { Phrase } from "./analyzer.js";

/** The terms of a row that only FTS5 can count. */
export const UNKNOWN_TERMS = "!";

// Each range is checked against FTS5's tokenizer in test/unit/search-terms.test.ts.
const RANKABLE_TERM = /^[a-z0-9\u00DF-\u00F6\u00F8-\u00FF\u0621-\u063A\u0641-\u064A\u0671-\u06D3]+$/;
/** FTS5 cuts tokens at 32,768 bytes; far below that, a term is surely kept whole. */
const MAX_RANKABLE_LENGTH = 1000;

/** Whether FTS5 indexes `term` (an analyzed term) as exactly this one token. */
export function isRankableTerm(term: string): boolean {
  return term.length <= MAX_RANKABLE_LENGTH && RANKABLE_TERM.test(term);
}

/** search_terms.terms for a row whose columns hold these analyzed texts (terms joined by spaces, as written to FTS5). */
export function encodeSearchTerms(columns: readonly string[]): string {
  const encoded: string[] = [];
  for (const column of columns) {
    const counts = new Map<string, number>();
    for (const term of column.split(" ")) counts.set(term, (counts.get(term) ?? 0) + 1);
    counts.delete(""); // a text that analyzed to nothing leaves two spaces in a row
    let text = "";
    for (const [term, count] of counts) {
      if (!isRankableTerm(term)) return UNKNOWN_TERMS; // once per distinct term: writes are the hot path
      text = text === "" ? `${term} ${count}` : `${text} ${term} ${count}`;
    }
    encoded.push(text);
  }
  return encoded.join("|");
}

/** A row's terms, decoded: per column, term → count. */
export interface RowTerms {
  columns: Map<string, number>[];
  /** Tokens in the row, every column (FTS5's document length). */
  length: number;
}

/** Decodes search_terms.terms; null when the row's terms are unknown (UNKNOWN_TERMS, or not yet analyzed). */
export function decodeSearchTerms(terms: string | null): RowTerms | null {
  if (terms === null || terms === UNKNOWN_TERMS) return null;
  let length = 0;
  const columns = terms.split("|").map((column) => {
    const counts = new Map<string, number>();
    if (column === "") return counts;
    const parts = column.split(" ");
    for (let index = 0; index + 1 < parts.length; index += 2) {
      const count = Number(parts[index + 1]);
      counts.set(parts[index]!, count);
      length += count;
    }
    return counts;
  });
  return { columns, length };
}

/**
 * The phrase's frequency in the row as FTS5's bm25() sums it: each occurrence (a token equal to
 * the term, or starting with it for a prefix) adds its column's weight. 0 when it does not occur.
 */
export function phraseFrequency(row: RowTerms, phrase: Phrase, weights: readonly number[]): number {
  let frequency = 0;
  row.columns.forEach((counts, column) => {
    const weight = weights[column] ?? 1;
    if (!phrase.prefix) {
      const count = counts.get(phrase.term);
      if (count !== undefined) frequency += weight * count;
      return;
    }
    for (const [term, count] of counts) if (term.startsWith(phrase.term)) frequency += weight * count;
  });
  return frequency;
}
