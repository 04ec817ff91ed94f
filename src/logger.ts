import { pino, type Logger } from "pino";
import type { LogLevel } from "./config.js";

export type { Logger };

/** Structured JSON logs on stdout, one object a line (what log shippers and `jq` expect). */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: "khabar" }, timestamp: pino.stdTimeFunctions.isoTime });
}
