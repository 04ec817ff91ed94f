// The server half of live-idle.ts: Khabar on a fresh sample database, with room for many
// connections from one IP. Prints its URL as a JSON line; on each stdin line `measure` it collects
// garbage (run node with --expose-gc) and prints its memory and live-update gauges as a JSON line;
// on `write` it creates a statement through the mutations' write path (every subscriber's event).
import { sqliteWriteEngine } from "../../src/db/write-engine.js";
import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pino } from "pino";
import { openDatabase } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { loadSampleContent } from "../../src/ingest/sample-content.js";
import { createStatement } from "../../src/modules/statement/statement.edits.js";
import { createServer } from "../../src/server.js";

const directory = mkdtempSync(join(tmpdir(), "khabar-live-idle-"));
const database = openDatabase(join(directory, "khabar.db"));
migrateDatabase(database);
await loadSampleContent(database.db);
const server = await createServer({
  database,
  config: { environment: "production", liveUpdates: { maxConnectionsPerIp: 100_000, idleTimeoutMs: 3_600_000 } },
  logger: pino({ level: "silent" }),
});
const url = await server.listen(0, "127.0.0.1");
const gc = (globalThis as { gc?: () => void }).gc;

function report(): void {
  for (let round = 0; round < 3; round += 1) gc?.();
  const memory = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, connections: server.live.connections.value, subscriptions: server.live.subscriptions.value, gc: gc !== undefined })}\n`,
  );
}

process.stdout.write(`${JSON.stringify({ url })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim() !== "write") return report();
  createStatement({ writes: sqliteWriteEngine(database.db), viewer: null }, { article: "blinken-hussein-isis-partnership", text: "تصريح للجميع", kind: "PARAPHRASE", speaker: "fuad-hussein", paragraph: 1 });
  process.stdout.write(`${JSON.stringify({ written: true })}\n`);
});
lines.on("close", () => {
  void server.close(1_000).then(() => {
    database.close();
    rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  });
});
