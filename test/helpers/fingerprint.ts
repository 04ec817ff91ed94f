// A hash of every row of every table: equal fingerprints mean the data did not change.
import { createHash } from "node:crypto";
import type Database from "better-sqlite3";

export function databaseFingerprint(sqlite: Database.Database): string {
  const hash = createHash("sha256");
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(`\n#${name}\n`);
    for (const row of sqlite.prepare(`select * from "${name}"`).raw().iterate()) hash.update(JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? String(value) : Buffer.isBuffer(value) ? value.toString("hex") : value)));
  }
  return hash.digest("hex");
}
