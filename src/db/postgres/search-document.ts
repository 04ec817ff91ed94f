/**
 * The `document` of PostgreSQL's search_index row (migration 0001): a tsvector of the row's
 * analyzed terms, written as tsvector literal text and cast (`$1::tsvector`), never passed through
 * to_tsvector. The terms come from Khabar's analyzer (src/search/analyzer.ts), so PostgreSQL must
 * not split, stem or drop anything: a literal keeps every term exactly as given.
 *
 * Each term is a lexeme with its positions (1-based, counted through the columns in order, so a
 * term's count in the row is its number of positions) and its column as the weight: title A,
 * subtitle B, body C (D for any further column). Limits of the type: a lexeme of more than 2046
 * bytes is left out (PostgreSQL refuses longer ones; no query can find it on this engine), positions
 * beyond 16383 count as 16383 (a term past that point in a very long body loses its extra counts).
 */
/** The weight of each column's lexemes, in the index's column order (title, subtitle, body): what lets a query keep to some columns (`term:AB`). */
export const DOCUMENT_WEIGHTS = ["A", "B", "C"] as const;
const MAX_LEXEME_BYTES = 2046;
const MAX_POSITION = 16383;

/** The tsvector literal for a row whose columns hold these terms, in order. */
export function searchDocument(columns: readonly (readonly string[])[]): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  columns.forEach((terms, column) => {
    const weight = DOCUMENT_WEIGHTS[column] ?? "D";
    for (const term of terms) {
      if (term === "") continue;
      position = Math.min(position + 1, MAX_POSITION);
      if (Buffer.byteLength(term, "utf8") > MAX_LEXEME_BYTES) continue;
      const list = positions.get(term);
      const entry = `${position}${weight}`;
      if (list) list.push(entry);
      else positions.set(term, [entry]);
    }
  });
  let literal = "";
  for (const [term, list] of positions) {
    // Inside single quotes a quote is doubled and a backslash escaped; nothing else is special.
    literal += `${literal === "" ? "" : " "}'${term.replaceAll("\\", "\\\\").replaceAll("'", "''")}':${list.join(",")}`;
  }
  return literal;
}

/** The document for analyzed column texts as the write path holds them (terms joined by spaces). */
export function searchDocumentOfTexts(columns: readonly string[]): string {
  return searchDocument(columns.map((text) => text.split(" ")));
}
