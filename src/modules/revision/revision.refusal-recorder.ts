// Refused mutations on PostgreSQL: written to the primary's `refused_mutations`, so every Khabar
// process on the database records into one log and any of them lists it (through the read
// engine: a replica will do, the log is not read-your-writes).
//
// A refusal answers a client that may be hostile — a keyless mutation costs it nothing to send —
// so recording never stands in the answer's way:
// - The insert is started and not awaited: the 401/403 goes out whatever the primary does.
// - One autocommit insert through the primary's engine, not a write transaction: with no read
//   before it, it needs no write lock, and refusals must not queue behind editors' writes (nor
//   they behind a flood of refusals).
// - At most `maxInFlight` inserts at once. The primary's pool also serves editors' writes and the
//   webhook sender; beyond the bound a refusal is dropped and counted, so a flood takes no more of
//   the pool than that.
// - A failure (the primary down or restarting) is logged once when it starts and once when a
//   refusal is recorded again, with how many were lost, not a line per request; while it lasts, at
//   most a line every REPORT_EVERY_MS. Drops are reported the same way.
import type { ReadEngine } from "../../db/engine.js";
import { insertRow } from "../../db/table-writes.js";
import { refusalPage, type Refusal, type RefusalLog } from "./revision.refusals.js";
import { refusedMutations, type RefusedMutationRow } from "./revision.table.js";

/** Two of the primary pool's connections (10 by default) at most: a refused client gets no more. */
export const DEFAULT_REFUSALS_IN_FLIGHT = 2;
const REPORT_EVERY_MS = 10_000;

/** What the recorder logs through (the server's pino logger). */
export interface RefusalRecorderLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface RefusalRecorderOptions {
  /** Where refusals are written: the primary (its engine, so statements go through the same runner as the other writes there). */
  primary: Pick<ReadEngine, "dialect" | "run">;
  /** Where they are read: the server's read engine (its replicas). */
  reads: Pick<ReadEngine, "dialect" | "run">;
  logger: RefusalRecorderLog;
  maxInFlight?: number;
  /** The clock of the "at most a line every 10 s" reports; Date.now by default. */
  now?: () => number;
}

type Phase = "started" | "ongoing" | "ended" | "stopped";

/**
 * Losses of one kind (drops, failures) in bursts: the first of a burst is logged at once, later
 * ones at most every REPORT_EVERY_MS, and the end of the burst; each line with the burst's total.
 */
class LossReport {
  private lost = 0;
  private lastReport = 0;

  constructor(
    private readonly now: () => number,
    private readonly report: (phase: Phase, notRecorded: number, error?: unknown) => void,
  ) {}

  note(error?: unknown): void {
    this.lost += 1;
    const now = this.now();
    if (this.lost > 1 && now - this.lastReport < REPORT_EVERY_MS) return;
    this.report(this.lost === 1 ? "started" : "ongoing", this.lost, error);
    this.lastReport = now;
  }

  /** The burst is over ("ended"), or the process stops during it ("stopped"). */
  end(phase: "ended" | "stopped" = "ended"): void {
    if (this.lost === 0) return;
    this.report(phase, this.lost);
    this.lost = 0;
  }
}

export class RefusalRecorder implements RefusalLog {
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly waiting: (() => void)[] = [];
  private readonly drops: LossReport;
  private readonly failures: LossReport;

  constructor(private readonly options: RefusalRecorderOptions) {
    this.maxInFlight = options.maxInFlight ?? DEFAULT_REFUSALS_IN_FLIGHT;
    const now = options.now ?? Date.now;
    const { logger } = options;
    this.drops = new LossReport(now, (phase, dropped) => {
      if (phase === "started") logger.warn({ maxInFlight: this.maxInFlight }, "refused mutations arrive faster than they can be recorded in PostgreSQL: each is answered as usual, those beyond the bound are not recorded");
      else if (phase === "ongoing") logger.warn({ notRecorded: dropped }, "refused mutations still arrive faster than they can be recorded");
      else logger.warn({ notRecorded: dropped }, phase === "ended" ? "a burst of refused mutations is over: those beyond the bound were not recorded" : "stopping during a burst of refused mutations");
    });
    this.failures = new LossReport(now, (phase, failed, error) => {
      if (phase === "started") logger.warn({ err: error }, "a refused mutation could not be recorded in PostgreSQL (it was answered as usual); further failures are counted until one is recorded again");
      else if (phase === "ongoing") logger.warn({ notRecorded: failed, err: error }, "refused mutations still cannot be recorded in PostgreSQL");
      else if (phase === "ended") logger.info({ notRecorded: failed }, "refused mutations are recorded in PostgreSQL again");
      else logger.warn({ notRecorded: failed }, "stopping while refused mutations cannot be recorded in PostgreSQL");
    });
  }

  record(refusal: Refusal): void {
    if (this.inFlight >= this.maxInFlight) {
      this.drops.note();
      return;
    }
    this.inFlight += 1;
    // The time of the refusal, not of the insert, which may wait for a pooled connection.
    const at = new Date().toISOString();
    const { primary } = this.options;
    // Started in a promise so that even a runner that throws at once cannot reach the request.
    void Promise.resolve()
      .then(() => primary.run(insertRow(primary.dialect, refusedMutations, { ...refusal, at })))
      .then(
        () => this.failures.end(),
        (error: unknown) => this.failures.note(error),
      )
      .finally(() => this.settle())
      // Only a logger could throw above: a refusal must never end as an unhandled rejection.
      .catch(() => undefined);
  }

  page(since: string | null, limit: number, beforeId: number | null = null): Promise<RefusedMutationRow[]> {
    const { reads } = this.options;
    return reads.run(refusalPage(reads.dialect, since, limit, beforeId));
  }

  /** Resolves once no recording is in flight (the tests' "the refusals answered so far are written"; shutdown). */
  settled(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Waits for the recordings in flight, then says what a burst that is still going on lost. Before the pools end. */
  async close(): Promise<void> {
    await this.settled();
    this.drops.end("stopped");
    this.failures.end("stopped");
  }

  private settle(): void {
    this.inFlight -= 1;
    if (this.inFlight > 0) return;
    // A flood is over when nothing is left in flight: report what its tail dropped.
    this.drops.end();
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
