// Analysis one batch ahead: an import's long texts (bodies, statements, summaries) are analyzed
// for the search index in a worker thread while the importer's thread writes the batch before
// them, so that thread spends its time on SQLite (an M import: 8.5 → 7.1 s wall; the worker's
// CPU is extra, ~1 s, so on a machine without a free core it gains less). The answers
// prime the analyzer's cache for their batch (rememberAnalyses in search/analyzer.ts). A batch
// whose answer is not back when its turn comes is analyzed on the importer's thread as before,
// and so is everything when the worker cannot start: analysis is a pure function of the text, so
// the index is the same either way.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { projectPath } from "../shared/project-root.js";
import type { AnalysisAnswer, AnalysisReady, AnalysisRequest } from "./analysis-worker.js";

/** One batch's texts and, once the worker has answered, their analyses in the same order. */
export interface AheadAnalysis {
  texts: string[];
  analyzed: string[] | null;
}

/** The worker thread, started on first use and ended by `close`. */
export class AnalysisAhead {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 0;
  private readonly waiting = new Map<number, AheadAnalysis>();
  /** Settles once the worker has loaded its code (its `ready` message) or failed to: what `close` waits for. */
  private started: Promise<void> | null = null;

  constructor(private readonly spawnWorker: () => Worker = spawnAnalysisWorker) {}

  /** Sends texts to the worker; the request's `analyzed` is filled in when the answer arrives (between batches). */
  request(texts: string[]): AheadAnalysis {
    const request: AheadAnalysis = { texts, analyzed: null };
    const worker = texts.length > 0 ? this.start() : null;
    if (!worker) return request;
    const id = this.nextId++;
    this.waiting.set(id, request);
    worker.postMessage({ id, texts } satisfies AnalysisRequest);
    return request;
  }

  async close(): Promise<void> {
    // A worker that could not load says so (warnWorkerLost) even when the import ended first; it
    // is unref'd, so it is held while that is settled, or the process would exit waiting.
    if (this.worker && this.started) {
      this.worker.ref();
      await this.started;
    }
    const { worker } = this;
    this.worker = null;
    this.waiting.clear();
    if (worker) await worker.terminate();
  }

  private start(): Worker | null {
    if (this.worker || this.broken) return this.worker;
    try {
      const worker = this.spawnWorker();
      let loaded: () => void = () => undefined;
      this.started = new Promise((resolve) => {
        loaded = resolve;
        worker.once("error", () => resolve());
        worker.once("exit", () => resolve());
      });
      worker.on("message", (answer: AnalysisAnswer | AnalysisReady) => {
        if ("ready" in answer) return loaded();
        const request = this.waiting.get(answer.id);
        this.waiting.delete(answer.id);
        if (request) request.analyzed = answer.analyzed;
      });
      // A worker that fails (it could not load, say) is not replaced: the importer's thread analyzes.
      worker.on("error", (error: Error) => {
        this.broken = true;
        this.worker = null;
        this.waiting.clear();
        warnWorkerLost(error);
      });
      // Never what keeps a process alive: the importer ends it, and an answer nobody waits for is dropped.
      worker.unref();
      this.worker = worker;
    } catch (error) {
      this.broken = true;
      warnWorkerLost(error as Error);
    }
    return this.worker;
  }
}

/**
 * The import still writes the same index without the worker, only slower; said once on stderr
 * (a process warning) so that a lost worker — a bundle that cannot find it, say — is seen.
 */
function warnWorkerLost(error: Error): void {
  process.emitWarning(`The import's analysis worker stopped (${error.message}); the importer's thread analyzes the texts itself, which is slower`, { code: ANALYSIS_WORKER_WARNING });
}

export const ANALYSIS_WORKER_WARNING = "KHABAR_ANALYSIS_WORKER";

// Set by src/bundle.ts (esbuild's `define`) in the bundles: this code then sits in a chunk shared
// by the server and the CLI, not beside the worker's bundle, which is dist/server/analysis-worker.js.
declare const KHABAR_ANALYSIS_WORKER_BUNDLE: string | undefined;

/**
 * The worker: in a bundle, the worker's own bundle; from tsc's output, the compiled entry next to
 * this file; or, when running from TypeScript (tsx,
 * vitest), from the .ts entry after registering tsx's loader in the worker, which does not
 * inherit the loader of a test runner.
 */
function spawnAnalysisWorker(): Worker {
  if (typeof KHABAR_ANALYSIS_WORKER_BUNDLE === "string") return new Worker(projectPath(KHABAR_ANALYSIS_WORKER_BUNDLE));
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./analysis-worker.js", here));
  const tsx = createRequire(here).resolve("tsx/esm/api");
  const entry = new URL("./analysis-worker.ts", here).href;
  return new Worker(`require(${JSON.stringify(tsx)}).register(); import(${JSON.stringify(entry)});`, { eval: true });
}

/**
 * Below this length a text is left to the importer's thread: names, slugs and dates analyze in
 * microseconds (their words are memoized), and sending them costs about as much as that.
 */
const LONG_TEXT = 64;

/** Every long string of a record (bodies, statements, summaries: what the writers index and is worth sending), once each. */
export function textsOf(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    if (value.length >= LONG_TEXT) into.add(value);
  }
  else if (Array.isArray(value)) for (const item of value) textsOf(item, into);
  else if (value !== null && typeof value === "object") for (const item of Object.values(value)) textsOf(item, into);
}
