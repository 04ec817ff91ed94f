// The live channel's payloads (db/postgres/changes.ts): a transaction's changes encoded in as few
// notifications as fit under PostgreSQL's payload limit, and put back together, checked, on the
// listening side. The real channel, between two servers, is test/postgres/live.test.ts.
import { describe, expect, it } from "vitest";
import type { Change } from "../../src/db/change-feed.js";
import { changeNotifications, encodeLiveChanges, liveBatches, LIVE_CHANNEL, NOTIFY_PAYLOAD_LIMIT_BYTES, parseLivePart } from "../../src/db/postgres/changes.js";
import { statementOf } from "../../src/db/read.js";

/** What a listener hears for these payloads, delivered in order: the batches and the refusals. */
function hear(payloads: readonly string[]): { batches: (readonly Change[])[]; refused: string[] } {
  const batches: (readonly Change[])[] = [];
  const refused: string[] = [];
  const listener = liveBatches(
    (changes) => batches.push(changes),
    (reason) => refused.push(reason),
  );
  for (const payload of payloads) listener.take(payload);
  return { batches, refused };
}

const created = (type: string, id: number): Change => ({ type, id, action: "created" });

describe("the live channel's payloads", () => {
  it("sends nothing for a transaction without changes", () => {
    expect(encodeLiveChanges([])).toEqual([]);
    expect(changeNotifications([])).toEqual([]);
  });

  it("folds consecutive changes of one type and action into one run, keeping the order they were recorded in", () => {
    const changes: Change[] = [created("Article", 3), created("Statement", 41), created("Statement", 42), { type: "Incident", id: 7, action: "updated" }, created("Statement", 43)];
    const payloads = encodeLiveChanges(changes);
    expect(payloads).toHaveLength(1);
    expect(JSON.parse(payloads[0]!)).toEqual({
      part: 1,
      of: 1,
      runs: [
        ["Article", "created", [3]],
        ["Statement", "created", [41, 42]],
        ["Incident", "updated", [7]],
        ["Statement", "created", [43]],
      ],
    });
    expect(hear(payloads)).toEqual({ batches: [changes], refused: [] });
  });

  it("splits a transaction too large for one notification into parts under PostgreSQL's limit, heard as one batch in order", () => {
    const changes: Change[] = [];
    for (let id = 1; id <= 5_000; id += 1) changes.push(id % 100 === 0 ? { type: "Incident", id, action: "updated" } : created("Statement", 1_000_000 + id));
    const payloads = encodeLiveChanges(changes);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(NOTIFY_PAYLOAD_LIMIT_BYTES);
    expect(hear(payloads)).toEqual({ batches: [changes], refused: [] });
  });

  it("keeps every part under the limit, whatever the limit and however the changes fall", () => {
    const changes: Change[] = [];
    for (let id = 1; id <= 400; id += 1) changes.push(id % 7 === 0 ? { type: "Location", id: id * 1_013, action: "deleted" } : created(id % 3 === 0 ? "Article" : "Statement", id));
    for (const limit of [120, 121, 157, 300, 999, 4_096]) {
      const payloads = encodeLiveChanges(changes, limit);
      for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(limit);
      expect(hear(payloads).batches).toEqual([changes]);
    }
  });

  it("counts bytes, not characters, in a type name", () => {
    const changes = Array.from({ length: 300 }, (_, index) => created(`خبر${index % 2}`, index + 1));
    const payloads = encodeLiveChanges(changes, 500);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(500);
    expect(hear(payloads).batches).toEqual([changes]);
  });

  it("is sent by `select pg_notify` on the live channel, one statement per part", () => {
    const changes = Array.from({ length: 2_000 }, (_, index) => created("Statement", index + 1));
    const reads = changeNotifications(changes);
    const payloads = encodeLiveChanges(changes);
    expect(reads).toHaveLength(payloads.length);
    reads.forEach((read, index) => {
      expect(read.dialect.name).toBe("postgres");
      expect(statementOf(read)).toEqual({ text: "select pg_notify($1, $2)", params: [LIVE_CHANNEL, payloads[index]] });
    });
  });
});

describe("a listener of the live channel", () => {
  const valid = encodeLiveChanges([created("Statement", 9)])[0]!;

  it("drops a malformed payload, says why, and hears the next transaction", () => {
    const malformed = [
      "not json",
      "[]",
      "null",
      `{"part":1,"of":1}`,
      `{"part":0,"of":1,"runs":[]}`,
      `{"part":2,"of":1,"runs":[]}`,
      `{"part":1,"of":1,"runs":[["Statement","created"]]}`,
      `{"part":1,"of":1,"runs":[["","created",[1]]]}`,
      `{"part":1,"of":1,"runs":[["Statement","published",[1]]]}`,
      `{"part":1,"of":1,"runs":[["Statement","created",[]]]}`,
      `{"part":1,"of":1,"runs":[["Statement","created",["1"]]]}`,
      `{"part":1,"of":1,"runs":[["Statement","created",[1.5]]]}`,
      `{"part":1,"of":1,"runs":[["Statement","created",[-1]]]}`,
    ];
    const heard = hear([...malformed, valid]);
    expect(heard.refused).toHaveLength(malformed.length);
    expect(heard.batches).toEqual([[created("Statement", 9)]]);
  });

  it("drops parts out of sequence and a transaction another one interrupts, never delivering half of one", () => {
    const [first, second, third] = encodeLiveChanges(
      Array.from({ length: 40 }, (_, index) => created("Statement", index + 1)),
      120,
    );
    expect(third).toBeDefined();
    // A second part with no first; then a transaction whose last part never comes, interrupted by a whole one.
    const heard = hear([second!, first!, second!, valid]);
    expect(heard.batches).toEqual([[created("Statement", 9)]]);
    expect(heard.refused).toEqual(["part 2 of " + String(JSON.parse(second!).of) + " out of sequence", "an incomplete transaction (2 of " + String(JSON.parse(first!).of) + " parts)"]);
  });

  it("forgets a transaction in progress when told its connection dropped", () => {
    const [first, second] = encodeLiveChanges(
      Array.from({ length: 40 }, (_, index) => created("Statement", index + 1)),
      120,
    );
    const batches: (readonly Change[])[] = [];
    const refused: string[] = [];
    const listener = liveBatches(
      (changes) => batches.push(changes),
      (reason) => refused.push(reason),
    );
    listener.take(first!);
    listener.reset();
    listener.take(second!);
    listener.take(valid);
    expect(batches).toEqual([[created("Statement", 9)]]);
    expect(refused).toHaveLength(1);
  });

  it("parses a part into its changes", () => {
    expect(parseLivePart(valid)).toEqual({ part: 1, of: 1, changes: [created("Statement", 9)] });
    expect(parseLivePart("{")).toEqual({ refused: "not JSON" });
  });
});
