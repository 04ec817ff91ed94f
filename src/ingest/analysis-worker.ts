// Runs in a worker thread (started by analysis-ahead.ts): analyzes the texts of the next import
// batch for the search index while the importer's thread writes the current one. Only the
// analyzer is loaded here: a pure function of the text, so the answers are exactly what the
// importer's thread would have computed.
import { parentPort } from "node:worker_threads";
import { analyzeForIndex } from "../search/analyzer.js";

export interface AnalysisRequest {
  id: number;
  texts: string[];
}

export interface AnalysisAnswer {
  id: number;
  analyzed: string[];
}

/** Sent once the worker's code is loaded: a worker that cannot load never sends it (analysis-ahead.ts waits for one or the other). */
export interface AnalysisReady {
  ready: true;
}

parentPort?.on("message", (request: AnalysisRequest) => {
  const answer: AnalysisAnswer = { id: request.id, analyzed: request.texts.map(analyzeForIndex) };
  parentPort?.postMessage(answer);
});
parentPort?.postMessage({ ready: true } satisfies AnalysisReady);
