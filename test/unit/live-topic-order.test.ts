// A topic whose loads run asynchronously (PostgreSQL's primary, in production) still hands events
// out in commit order: a batch that comes while a load runs waits for it, and the batches that
// waited are loaded together. The reads here run on a real SQLite database, through a runner whose
// answers wait until the test lets each one go — the order of a slow server's answers, decided by
// the test instead of by timing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changeFeedOf, type Change } from "../../src/db/change-feed.js";
import { SQLITE } from "../../src/db/dialect.js";
import { sqliteRunner } from "../../src/db/query.js";
import type { AsyncRunner } from "../../src/db/read.js";
import { Gauge } from "../../src/modules/live/gauge.js";
import { configureLiveUpdates, DEFAULT_LIVE_SETTINGS, subscribeToTopic } from "../../src/modules/live/live-topic.js";
import { STATEMENT_ADDED } from "../../src/modules/statement/statement.subscription.js";
import type { StatementRow } from "../../src/modules/statement/statement.table.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";

interface GatedReads {
  run: AsyncRunner;
  /** Reads started and not answered yet. */
  pending: Gauge;
  /** Reads started so far. */
  started: () => number;
  /** Answers the oldest pending read (or fails it with `error`), once there is one. */
  answer(error?: Error): Promise<void>;
}

function gatedReads(database: TestDatabase): GatedReads {
  const runSqlite = sqliteRunner(database.sqlite);
  const pending = new Gauge();
  const gates: ((error?: Error) => void)[] = [];
  let started = 0;
  const run: AsyncRunner = async (read) => {
    started += 1;
    const opened = new Promise<void>((resolve, reject) => gates.push((error) => (error ? reject(error) : resolve())));
    pending.add(1);
    await opened;
    return runSqlite(read);
  };
  return {
    run,
    pending,
    started: () => started,
    answer: async (error) => {
      await pending.until((value) => value > 0);
      pending.add(-1);
      gates.shift()!(error);
    },
  };
}

const added = (id: number): Change => ({ type: "Statement", id, action: "created" });

describe("a topic loading asynchronously", () => {
  let database: TestDatabase;
  let statementIds: number[];
  let reads: GatedReads;

  beforeEach(async () => {
    database = await createSampleDatabase();
    statementIds = (database.sqlite.prepare("select id from statements order by id").all() as { id: number }[]).map((row) => row.id);
    reads = gatedReads(database);
    configureLiveUpdates(database.db, { ...DEFAULT_LIVE_SETTINGS, reads: { dialect: SQLITE, runner: { async: reads.run } } });
  });

  afterEach(() => database.close());

  it("hands out events in commit order, loading the batches that came during a load together, after it", async () => {
    const events = subscribeToTopic(STATEMENT_ADDED, { db: database.db }, () => true);
    const [first, second, third, fourth] = statementIds;
    const feed = changeFeedOf(database.db);
    feed.publish([added(first!)]);
    await reads.pending.until((value) => value === 1);
    // Two more commits while the first one's load waits on its first read: they wait too.
    feed.publish([added(second!), added(third!)]);
    feed.publish([added(fourth!)]);
    expect(reads.started()).toBe(1);
    // A statement's load is two reads (the rows, their incidents); the waiting batches are one load.
    for (let read = 0; read < 4; read += 1) await reads.answer();
    const delivered: number[] = [];
    for (let event = 0; event < 4; event += 1) delivered.push(((await events.next()).value as StatementRow).id);
    expect(delivered).toEqual([first, second, third, fourth]);
    expect(reads.started()).toBe(4);
    await events.return?.();
  });

  it("reports a load that fails and goes on with the next batch", async () => {
    const failures: unknown[] = [];
    changeFeedOf(database.db).onListenerError = (error) => failures.push(error);
    const events = subscribeToTopic(STATEMENT_ADDED, { db: database.db }, () => true);
    const [lost, next] = statementIds;
    const feed = changeFeedOf(database.db);
    feed.publish([added(lost!)]);
    feed.publish([added(next!)]);
    await reads.answer(new Error("the primary went away"));
    await reads.answer();
    await reads.answer();
    expect(((await events.next()).value as StatementRow).id).toBe(next);
    expect(failures).toEqual([new Error("the primary went away")]);
    await events.return?.();
  });
});
