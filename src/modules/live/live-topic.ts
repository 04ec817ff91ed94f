// Live updates fanned out in memory. A topic (statementAdded, articlePublished, incidentUpdated)
// listens to a database's change feed once, however many subscribers it has: on each committed
// write it picks the changes it is about, loads those rows — and what its filters look at — in a
// few statements for all subscribers together, and hands each event to the subscribers whose
// filter accepts it (a pure function on the loaded event: never a query per subscriber). It stops
// listening when its last subscriber leaves.
//
// A load is a read program (db/read-program.ts), so one definition serves both engines: on SQLite
// it runs synchronously, right after the commit and before any other write can run; on PostgreSQL
// it runs over promises on the primary (the server configures that: configureLiveUpdates). Batches
// that arrive while a load is running wait and are loaded together after it, so events always
// leave in commit order, and a burst of commits costs one load, not one each.
import { changeFeedOf, type Change } from "../../db/change-feed.js";
import type { Db } from "../../db/client.js";
import { SQLITE, type Dialect } from "../../db/dialect.js";
import { sqliteRunner } from "../../db/query.js";
import { runAsynchronously, runSynchronously, type ProgramRunner, type ReadProgram } from "../../db/read-program.js";
import type { AsyncRunner } from "../../db/read.js";
import { Gauge } from "./gauge.js";
import { LiveQueue } from "./live-queue.js";

export interface LiveEvent<Payload> {
  /** What the subscription's resolvers receive as the root (a row, as queries load it). */
  payload: Payload;
}

export interface TopicDefinition<Event extends LiveEvent<object>> {
  /** The subscription field, for logs. */
  name: string;
  /** Whether a change raises this topic's event. */
  raisedBy(change: Change): boolean;
  /**
   * The events for the changed row ids, in their order (rows gone since are left out; an id given
   * twice gives two events), in a few reads for all, written in `dialect`.
   */
  load(dialect: Dialect, ids: readonly number[]): ReadProgram<Event[]>;
}

/** Where topics load their events: the dialect of the reads and what runs them. */
export interface LiveReads {
  dialect: Dialect;
  runner: ProgramRunner;
}

/** Per database: how many events may wait for a slow subscriber before it is disconnected, and where loads read. */
export interface LiveSettings {
  maxQueuedEvents: number;
  /** Absent: the database's own SQLite connection, synchronously. */
  reads?: LiveReads;
}

export const DEFAULT_LIVE_SETTINGS: LiveSettings = { maxQueuedEvents: 100 };

/** Open subscriptions of every topic and database (a gauge: tests await it, operators read it). */
export const liveSubscriptions = new Gauge();

interface Subscriber<Event> {
  accepts(event: Event): boolean;
  queue: LiveQueue<object>;
}

class Topic<Event extends LiveEvent<object>> {
  private readonly subscribers = new Set<Subscriber<Event>>();
  private stopListening: (() => void) | null = null;
  /** Ids of batches that came while an asynchronous load ran, in commit order: the next load's. */
  private waiting: number[] = [];
  private loading = false;

  constructor(
    private readonly definition: TopicDefinition<Event>,
    private readonly db: Db,
    private readonly settings: () => LiveSettings,
  ) {}

  subscribe(accepts: (event: Event) => boolean): AsyncIterableIterator<object> {
    const subscriber: Subscriber<Event> = {
      accepts,
      queue: new LiveQueue<object>(this.settings().maxQueuedEvents, () => {
        this.subscribers.delete(subscriber);
        liveSubscriptions.add(-1);
        if (this.subscribers.size === 0) {
          this.stopListening?.();
          this.stopListening = null;
        }
      }),
    };
    this.subscribers.add(subscriber);
    liveSubscriptions.add(1);
    this.stopListening ??= changeFeedOf(this.db).subscribe((changes) => this.dispatch(changes));
    return subscriber.queue;
  }

  private dispatch(changes: readonly Change[]): void {
    const ids = changes.filter((change) => this.definition.raisedBy(change)).map((change) => change.id);
    if (ids.length === 0 || this.subscribers.size === 0) return;
    const reads = this.settings().reads ?? { dialect: SQLITE, runner: { sync: sqliteRunner(this.db.$client) } };
    if ("sync" in reads.runner) {
      // Read right after the commit, before any other write can run (better-sqlite3 is synchronous).
      this.deliver(runSynchronously(this.definition.load(reads.dialect, ids), reads.runner.sync));
      return;
    }
    for (const id of ids) this.waiting.push(id);
    if (!this.loading) void this.drain(reads.dialect, reads.runner.async);
  }

  /** Loads what is waiting, one load at a time, so no batch's events overtake an earlier one's. */
  private async drain(dialect: Dialect, run: AsyncRunner): Promise<void> {
    this.loading = true;
    try {
      while (this.waiting.length > 0 && this.subscribers.size > 0) {
        const ids = this.waiting;
        this.waiting = [];
        try {
          this.deliver(await runAsynchronously(this.definition.load(dialect, ids), run));
        } catch (error) {
          // Those events are lost (logged); the next batch is loaded as usual.
          changeFeedOf(this.db).onListenerError(error);
        }
      }
    } finally {
      this.loading = false;
      if (this.subscribers.size === 0) this.waiting = [];
    }
  }

  private deliver(events: readonly Event[]): void {
    for (const event of events) {
      for (const subscriber of [...this.subscribers]) {
        if (subscriber.accepts(event)) subscriber.queue.push(event.payload);
      }
    }
  }
}

const topicsByDatabase = new WeakMap<Db["$client"], { settings: LiveSettings; topics: Map<TopicDefinition<LiveEvent<object>>, Topic<LiveEvent<object>>> }>();

function registryOf(db: Db) {
  let registry = topicsByDatabase.get(db.$client);
  if (!registry) topicsByDatabase.set(db.$client, (registry = { settings: DEFAULT_LIVE_SETTINGS, topics: new Map() }));
  return registry;
}

/** Sets the live-update settings of a database (the server does, from its configuration). */
export function configureLiveUpdates(db: Db, settings: LiveSettings): void {
  registryOf(db).settings = settings;
}

/** A subscription's source of events: the payloads of the topic's events its filter accepts. */
export function subscribeToTopic<Event extends LiveEvent<object>>(
  definition: TopicDefinition<Event>,
  context: { db: Db },
  accepts: (event: Event) => boolean,
): AsyncIterableIterator<object> {
  const registry = registryOf(context.db);
  const key = definition as unknown as TopicDefinition<LiveEvent<object>>;
  let topic = registry.topics.get(key) as Topic<Event> | undefined;
  if (!topic) {
    topic = new Topic(definition, context.db, () => registry.settings);
    registry.topics.set(key, topic as unknown as Topic<LiveEvent<object>>);
  }
  return topic.subscribe(accepts);
}

/**
 * type-graphql wants a PubSub as soon as the schema has a subscription, even when every
 * subscription brings its own `subscribe` (ours read the change feed). This one is never used.
 */
export const UNUSED_PUBSUB = {
  publish(): void {
    throw new Error("Khabar's subscriptions read the change feed; nothing publishes to type-graphql's PubSub.");
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error("Khabar's subscriptions read the change feed; nothing subscribes to type-graphql's PubSub.");
  },
};
