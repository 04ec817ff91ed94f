// The caches of derived data (the extractor's known people and organizations, search's kept
// rankings) follow the database: a read inside a transaction that is rolled back leaves nothing
// behind, since what they are checked against (databaseVersion, the last search change) looks the
// same after a rollback as before the transaction.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PERSON_SEARCH_CODE, indexActor } from "../../src/modules/actor/actor.search.js";
import { knownActors } from "../../src/modules/extraction/known-actors.js";
import { parseSearchQuery, searchHits } from "../../src/search/search-query.js";
import { SQLITE_MAINTENANCE } from "../../src/search/search-index.js";
import { runOnSqlite } from "../../src/db/query.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";

let database: TestDatabase;
beforeEach(async () => {
  database = await createSampleDatabase();
});
afterEach(() => database.destroy());

class RolledBack extends Error {}

/** Runs `read` after inserting a person named "Zoltan Quasimodo", inside a transaction that is then rolled back. */
function insideRolledBackPerson<Value>(read: () => Value): Value {
  let seen: Value | undefined;
  expect(() =>
    database.sqlite.transaction(() => {
      const { id } = database.sqlite
        .prepare(`insert into actors (actor_type, slug, name, created_at, updated_at) values ('PERSON', 'zoltan-quasimodo', 'Zoltan Quasimodo', '2024-01-01', '2024-01-01') returning id`)
        .get() as { id: number };
      runOnSqlite(database.db, indexActor(SQLITE_MAINTENANCE, id));
      seen = read();
      throw new RolledBack();
    })(),
  ).toThrow(RolledBack);
  return seen!;
}

describe("caches of derived data", () => {
  it("the extractor's known actors: one read inside a rolled-back transaction is not reused after it", () => {
    const slugs = () => knownActors(database.db).map((actor) => actor.slug);
    expect(slugs()).not.toContain("zoltan-quasimodo");
    expect(insideRolledBackPerson(slugs)).toContain("zoltan-quasimodo");
    expect(slugs()).not.toContain("zoltan-quasimodo");
  });

  it("search rankings: a search inside a rolled-back transaction is not reused after it", () => {
    const query = parseSearchQuery("Quasimodo", "search");
    const hits = () => searchHits(database.sqlite, query, [PERSON_SEARCH_CODE], null, 10).length;
    expect(hits()).toBe(0);
    expect(insideRolledBackPerson(hits)).toBe(1);
    expect(hits()).toBe(0);
  });
});
