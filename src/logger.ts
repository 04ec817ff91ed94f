// Logs on stdout. JSON, one object a line, when stdout is a file or a pipe (what log shippers and
// `jq` read, and what a container runtime collects); human-readable coloured lines when it is a
// terminal (`npm start` at a prompt), through pino-pretty as a transport (a worker thread, so
// formatting never runs on the request path).
import { pino, type Logger } from "pino";
import type { LogLevel } from "./config.js";

export type { Logger };

export interface LoggerOptions {
  /** Human-readable lines instead of JSON; by default, when stdout is a terminal. */
  pretty?: boolean;
}

export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const settings = { level, base: { service: "khabar" }, timestamp: pino.stdTimeFunctions.isoTime };
  if (!(options.pretty ?? process.stdout.isTTY === true)) return pino(settings);
  return pino({
    ...settings,
    // Every line is Khabar's own on one machine: the pid, host name and service name are noise there.
    transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" } },
  });
}
