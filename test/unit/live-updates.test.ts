// The pure parts of live updates: the filter matchers (the lists' SQL filters, said in memory), the
// search rule they share with the index, the bounded event queue, and what a write session
// records.
import { describe, expect, it } from "vitest";
import { SQLITE } from "../../src/db/dialect.js";
import { WriteSession } from "../../src/db/write-session.js";
import { articleMatcher, type ArticleEvent } from "../../src/modules/article/article.subscription.js";
import { incidentMatcher, type IncidentEvent } from "../../src/modules/incident/incident.subscription.js";
import { LiveQueue, SlowConsumerError } from "../../src/modules/live/live-queue.js";
import { searchMatcher, searchTermsOf } from "../../src/modules/live/search-match.js";
import { statementMatcher, type StatementEvent } from "../../src/modules/statement/statement.subscription.js";
import type { StatementRow } from "../../src/modules/statement/statement.table.js";
import type { ArticleRowWithoutBody } from "../../src/modules/article/article.table.js";
import type { IncidentRow } from "../../src/modules/incident/incident.table.js";

function statementEvent(row: Partial<StatementRow>, incidentIds: number[] = [], text = row.text ?? ""): StatementEvent {
  const payload = { id: 1, articleId: 10, position: 0, paragraph: 0, text, kind: "PARAPHRASE", speakerId: 5, speakerLabel: null, cue: null, saidAt: "2024-03-26T10:00:00.000Z", viaId: null, language: "ar", ...row } as StatementRow;
  return { payload, incidentIds: new Set(incidentIds), searchTerms: () => searchTermsOf([payload.text]) };
}

describe("statementMatcher", () => {
  it("passes every statement without a filter, and checks each field given", () => {
    const event = statementEvent({ speakerId: 5, articleId: 10, kind: "DIRECT_QUOTE", saidAt: "2024-03-26T10:00:00.000Z" }, [7]);
    expect(statementMatcher({})(event)).toBe(true);
    expect(statementMatcher({ speakerId: 5, articleId: 10, incidentId: 7, kind: "DIRECT_QUOTE" })(event)).toBe(true);
    expect(statementMatcher({ speakerId: 6 })(event)).toBe(false);
    expect(statementMatcher({ articleId: 11 })(event)).toBe(false);
    expect(statementMatcher({ incidentId: 8 })(event)).toBe(false);
    expect(statementMatcher({ kind: "PARAPHRASE" })(event)).toBe(false);
  });

  it("bounds the time like the list (both ends included)", () => {
    const event = statementEvent({ saidAt: "2024-03-26T10:00:00.000Z" });
    expect(statementMatcher({ saidAfter: "2024-03-26T10:00:00.000Z", saidBefore: "2024-03-26T10:00:00.000Z" })(event)).toBe(true);
    expect(statementMatcher({ saidAfter: "2024-03-26T10:00:00.001Z" })(event)).toBe(false);
    expect(statementMatcher({ saidBefore: "2024-03-26T09:59:59.999Z" })(event)).toBe(false);
  });

  it("searches with the index's analysis: harakat, prefixes and the last word as a prefix", () => {
    const event = statementEvent({ text: "وقُتل أكثر من مئة شخص" });
    expect(statementMatcher({ search: "قتل" })(event)).toBe(true);
    expect(statementMatcher({ search: "اكثر مئ" })(event)).toBe(false); // a prefix needs 3 letters
    expect(statementMatcher({ search: "قتل شخ" })(event)).toBe(false);
    expect(statementMatcher({ search: "قتل مئة" })(event)).toBe(true);
    expect(statementMatcher({ search: "جرح" })(event)).toBe(false);
  });
});

describe("searchMatcher", () => {
  it("refuses a blank query as the lists do, and matches nothing for text with no words", () => {
    expect(() => searchMatcher("   ")).toThrow(/filter\.search/);
    expect(searchMatcher("!!!")(searchTermsOf(["anything at all"]))).toBe(false);
  });

  it("matches English by stem and the last word by prefix", () => {
    const terms = searchTermsOf(["The ministers discussed partnerships"]);
    expect(searchMatcher("minister")(terms)).toBe(true);
    expect(searchMatcher("discussed partn")(terms)).toBe(true);
    expect(searchMatcher("partn discussed")(terms)).toBe(false);
  });
});

describe("articleMatcher", () => {
  const payload = { id: 3, slug: "a", headline: "بلينكن في بغداد", summary: null, language: "ar", publishedAt: "2024-05-01T10:00:00.000Z" } as ArticleRowWithoutBody;
  const event: ArticleEvent = { payload, actorIds: new Set([12, 40]), incidentIds: new Set([2]), topics: new Set(["diplomacy"]), searchTerms: () => searchTermsOf([payload.headline]) };

  it("checks mentions, incidents, topic, language, dates and words", () => {
    expect(articleMatcher({ personId: 12, organizationId: 40, incidentId: 2, topic: "diplomacy", language: "ar", search: "بغداد" })(event)).toBe(true);
    expect(articleMatcher({ personId: 13 })(event)).toBe(false);
    expect(articleMatcher({ topic: "economy" })(event)).toBe(false);
    expect(articleMatcher({ language: "en" })(event)).toBe(false);
    expect(articleMatcher({ publishedAfter: "2024-05-02T00:00:00.000Z" })(event)).toBe(false);
    expect(articleMatcher({ search: "طهران" })(event)).toBe(false);
  });
});

describe("incidentMatcher", () => {
  const payload = { id: 4, slug: "kalsu", title: "انفجار كالسو", titleEn: null, kind: "EXPLOSION", occurredOn: "2024-04-19", locationId: 30, killed: 1, injured: 8, summary: null } as IncidentRow;
  const event: IncidentEvent = { payload, placeIds: new Set([30, 20, 10]), countries: new Set(["IQ"]), searchTerms: () => searchTermsOf([payload.title]) };

  it("includes the places around its location, like the list", () => {
    expect(incidentMatcher({ locationId: 10, country: "IQ", kind: "EXPLOSION" })(event)).toBe(true);
    expect(incidentMatcher({ locationId: 99 })(event)).toBe(false);
    expect(incidentMatcher({ country: "IR" })(event)).toBe(false);
  });

  it("never lets unknown casualties pass minKilled", () => {
    expect(incidentMatcher({ minKilled: 1 })(event)).toBe(true);
    expect(incidentMatcher({ minKilled: 2 })(event)).toBe(false);
    expect(incidentMatcher({ minKilled: 0 })({ ...event, payload: { ...payload, killed: null } })).toBe(false);
    expect(incidentMatcher({ occurredAfter: "2024-04-19", occurredBefore: "2024-04-19" })(event)).toBe(true);
  });
});

describe("LiveQueue", () => {
  it("hands events to a waiting reader, in order, and ends a pending read when returned", async () => {
    let ended = 0;
    const queue = new LiveQueue<number>(2, () => (ended += 1));
    const first = queue.next();
    queue.push(1);
    queue.push(2);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    const pending = queue.next();
    await queue.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(ended).toBe(1);
  });

  it("fails with SlowConsumerError once more events wait than it holds, and lets go of them", async () => {
    let ended = 0;
    const queue = new LiveQueue<number>(2, () => (ended += 1));
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(ended).toBe(1);
    await expect(queue.next()).rejects.toBeInstanceOf(SlowConsumerError);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });
});

describe("WriteSession's changes", () => {
  const session = () => new WriteSession(SQLITE);

  it("keeps one change per row: created absorbs updates, created then deleted is forgotten", () => {
    const write = session();
    write.changed({ type: "Statement", id: 1, action: "created" });
    write.changed({ type: "Statement", id: 1, action: "updated" });
    write.changed({ type: "Incident", id: 1, action: "updated" });
    write.changed({ type: "Incident", id: 1, action: "deleted" });
    write.changed({ type: "Article", id: 2, action: "created" });
    write.changed({ type: "Article", id: 2, action: "deleted" });
    expect(write.takeChanges()).toEqual([
      { type: "Statement", id: 1, action: "created" },
      { type: "Incident", id: 1, action: "deleted" },
    ]);
    expect(write.takeChanges()).toEqual([]);
  });
});
