/**
 * FTS5's bm25() reproduced operation for operation (fts5Bm25Function and fts5Bm25GetData in
 * SQLite's fts5_aux.c), so that a score computed here from a row's terms is the very double FTS5
 * returns: same constants, same order of floating-point operations, and the logarithm taken by
 * SQLite's own ln(), which calls the same C library log() as FTS5. Only the inputs differ in where
 * they come from: the table's totals from FTS5's "averages" record, each phrase's number of
 * matching rows kept by the caller, a row's frequencies and length from search_terms.
 * test/unit/ranking-equivalence.test.ts compares both on every match of generated data.
 */

/** bm25's k1 and b (fts5_aux.c). */
const K1 = 1.2;
const B = 0.75;
/** The IDF of a phrase in more than half of the rows, which the formula would make negative. */
const MINIMUM_IDF = 1e-6;

/** What FTS5's xRowCount and xColumnTotalSize(-1) return. */
export interface IndexTotals {
  rows: number;
  tokens: number;
}

/** A SQLite varint (big-endian, 7 bits a byte, a 9th byte of 8 bits): the value and the next offset. */
function readVarint(bytes: Uint8Array, offset: number): [value: number, next: number] {
  let value = 0;
  for (let index = 0; index < 8; index += 1) {
    const byte = bytes[offset + index] ?? 0;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, offset + index + 1];
  }
  return [value * 256 + (bytes[offset + 8] ?? 0), offset + 9];
}

/**
 * The totals in FTS5's averages record (the %_data row with id 1): the row count, then each
 * column's token count (sqlite3Fts5IndexGetAverages). No record: an empty table.
 */
export function decodeIndexTotals(record: Uint8Array | null | undefined): IndexTotals {
  if (!record || record.length === 0) return { rows: 0, tokens: 0 };
  let [rows, offset] = readVarint(record, 0);
  let tokens = 0;
  while (offset < record.length) {
    let size: number;
    [size, offset] = readVarint(record, offset);
    tokens += size;
  }
  return { rows: Number(rows), tokens };
}

/** The argument of the IDF's logarithm for a phrase that `hits` of the table's rows match. */
export function idfArgument(totals: IndexTotals, hits: number): number {
  return (totals.rows - hits + 0.5) / (hits + 0.5);
}

/** The IDF from ln(idfArgument(...)), as FTS5 clamps it. */
export function idfOf(logarithm: number): number {
  return logarithm <= 0.0 ? MINIMUM_IDF : logarithm;
}

export function averageLength(totals: IndexTotals): number {
  return totals.tokens / totals.rows;
}

/**
 * -bm25(): the sum over phrases of idf × (f × (k1 + 1)) / (f + k1 × (1 − b + b × D / avgdl)), in
 * phrase order, `frequencies` being each phrase's weighted count in the row and `length` (D) the
 * row's tokens.
 */
export function bm25Score(idf: readonly number[], frequencies: readonly number[], length: number, averageDocumentLength: number): number {
  let score = 0.0;
  for (let index = 0; index < idf.length; index += 1) {
    const frequency = frequencies[index]!;
    score += idf[index]! * ((frequency * (K1 + 1.0)) / (frequency + K1 * (1 - B + (B * length) / averageDocumentLength)));
  }
  return score;
}
