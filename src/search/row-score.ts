/**
 * The score of one index row for a query, from its stored terms (search_terms): the one scoring
 * function of both engines. On SQLite, kept rankings rescore their candidates with it
 * (ranking-cache.ts) and check it against FTS5's own bm25(); on PostgreSQL, which has no BM25,
 * every ranking is computed with it (postgres-search.ts). Same inputs, same doubles.
 */
import type { Phrase } from "./analyzer.js";
import { bm25Score } from "./bm25.js";
import { COLUMN_WEIGHTS, EXACT_NAME_BONUS } from "./fts-ranking.js";
import { phraseFrequency, type RowTerms } from "./search-terms.js";

/** Per phrase, its weighted count in the row (FTS5's column weights); a 0 means the row does not match. */
export function phraseFrequencies(terms: RowTerms, phrases: readonly Phrase[]): number[] {
  return phrases.map((phrase) => phraseFrequency(terms, phrase, COLUMN_WEIGHTS));
}

/** -bm25() of a matching row, plus EXACT_NAME_BONUS when the query equals one of its names. */
export function rowScore(idf: readonly number[], frequencies: readonly number[], length: number, averageDocumentLength: number, exact: boolean): number {
  const score = bm25Score(idf, frequencies, length, averageDocumentLength);
  return exact ? score + EXACT_NAME_BONUS : score;
}
