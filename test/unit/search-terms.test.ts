// A row's terms as search_terms stores them must count what FTS5 counts: kept rankings rescore
// rows from them, and a difference would reorder hits. The tokenizer is FTS5's own, on this
// machine's SQLite, so the characters taken as rankable are checked against it.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { decodeSearchTerms, encodeSearchTerms, isRankableTerm, phraseFrequency, UNKNOWN_TERMS } from "../../src/search/search-terms.js";

/** Every BMP character search-terms.ts counts as part of a rankable term. */
function rankableCharacters(): string[] {
  const characters: string[] = [];
  for (let code = 0; code < 0xd800; code += 1) {
    const character = String.fromCharCode(code);
    if (isRankableTerm(character)) characters.push(character);
  }
  return characters;
}

/** The terms FTS5 makes of `text`, with the tokenizer of the search index (migration 0002). */
function fts5Terms(text: string): string[] {
  const sqlite = new Database(":memory:");
  try {
    sqlite.exec("create virtual table probe using fts5(body, tokenize = 'unicode61 remove_diacritics 0'); create virtual table probe_terms using fts5vocab(probe, 'instance');");
    sqlite.prepare("insert into probe (body) values (?)").run(text);
    return (sqlite.prepare("select term from probe_terms order by offset").all() as { term: string }[]).map((row) => row.term);
  } finally {
    sqlite.close();
  }
}

describe("the terms of an index row", () => {
  it("takes as rankable only characters that FTS5 keeps in a token unchanged", () => {
    const characters = rankableCharacters();
    expect(characters.length).toBeGreaterThan(200); // a-z 0-9, Latin-1 lowercase, Arabic letters
    expect(fts5Terms(characters.join(" "))).toEqual(characters);
    expect(fts5Terms(characters.join(""))).toEqual([characters.join("")]);
  });

  it("counts each column's terms the way FTS5 splits the analyzed text", () => {
    const columns = ["حكوم وزير حكوم", "", "وزير  اعلن 2024 biden"];
    const terms = decodeSearchTerms(encodeSearchTerms(columns))!;
    expect(terms.columns.map((counts) => Object.fromEntries(counts))).toEqual([{ حكوم: 2, وزير: 1 }, {}, { وزير: 1, اعلن: 1, "2024": 1, biden: 1 }]);
    expect(terms.length).toBe(fts5Terms(columns.join(" ")).length);
  });

  it("weights a phrase's occurrences by column, a prefix matching every longer term", () => {
    const terms = decodeSearchTerms(encodeSearchTerms(["حكوم", "حكومي", "حكوم حكومات وزير"]))!;
    expect(phraseFrequency(terms, { term: "حكوم", prefix: false }, [10, 4, 1])).toBe(10 + 1);
    expect(phraseFrequency(terms, { term: "حكوم", prefix: true }, [10, 4, 1])).toBe(10 + 4 + 2);
    expect(phraseFrequency(terms, { term: "سفير", prefix: true }, [10, 4, 1])).toBe(0);
  });

  it("leaves to FTS5 a row with any term it might split or fold differently", () => {
    for (const odd of ["σίσυφος", "北京", "ǆ", "x".repeat(1001)]) {
      expect(encodeSearchTerms(["حكوم", `وزير ${odd}`, ""])).toBe(UNKNOWN_TERMS);
    }
    expect(decodeSearchTerms(UNKNOWN_TERMS)).toBeNull();
    expect(decodeSearchTerms(null)).toBeNull();
  });
});
