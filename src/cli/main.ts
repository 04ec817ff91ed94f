#!/usr/bin/env node
// The `khabar` command for operators: API keys, NDJSON import/export, migrations and the sample
// content. It works on the database DATABASE_URL names (src/config.ts), migrating it first.
// Data goes to stdout (an export, a new key on the last line); progress, summaries of exports
// and errors go to stderr, so `khabar export > graph.ndjson` stays clean.
import "reflect-metadata";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { ApiKeyStore, isApiKeyRole } from "../auth/api-keys.js";
import { PostgresApiKeyStore } from "../auth/postgres-api-keys.js";
import { ConfigError, loadConfig, type PostgresConfig } from "../config.js";
import { loadIntoEmptyPostgres } from "../postgres-start.js";
import { openPostgres, PostgresConnectionError, type PostgresHandle } from "../db/postgres/client.js";
import { copySqliteToPostgres, CopyError } from "../db/postgres/copy.js";
import { migratePostgres, PostgresMigrationError } from "../db/postgres/migrate.js";
import { BackupError, backupDatabase, restoreDatabase } from "../db/backup.js";
import { DatabaseOpenError, openDatabase, type DatabaseHandle } from "../db/client.js";
import { MigrationError, prepareDatabase } from "../database.js";
import type { ExportStore, ExportSummary } from "../ingest/exporter.js";
import { postgresEngine } from "../db/postgres/run.js";
import { EXPORT_FORMATS, exportFormat, isExportFormat, type FormatExportSummary } from "../ingest/formats/export.js";
import { DEFAULT_BATCH_SIZE, ImportError, importNdjson, importNdjsonInto, linesOf, type ImportProgress, type ImportSummary } from "../ingest/importer.js";
import { postgresWriteEngine } from "../db/postgres/write.js";
import { changeNotifications } from "../db/postgres/changes.js";
import { loadSampleContent, seedIfEmpty } from "../ingest/sample-content.js";
import { KhabarError } from "../shared/errors.js";
import { auditCommand, parseAuditArgs } from "./audit.js";
import { webhooksCommand } from "./webhooks.js";
import { WebhookTargetError } from "../modules/webhook/webhook.targets.js";
import { WebhookStore } from "../modules/webhook/webhook.store.js";
import { sqliteEngine } from "../db/engine.js";
import { sqliteWriteEngine } from "../db/write-engine.js";
import { extractCommand, importTextCommand, parseExtractArgs, parseImportTextArgs } from "./extract.js";
import { knownActors, knownActorsThrough } from "../modules/extraction/known-actors.js";

const HELP = `khabar — operate a Khabar database (the one DATABASE_URL names)

Usage:
  khabar keys create --role editor|admin [--name NAME]   make an API key; the key is printed once, alone on the last line
  khabar keys list                                       list keys (never the keys themselves)
  khabar keys revoke ID                                  revoke a key at once
  khabar import FILE|- [--batch-size N]                  load NDJSON (a file, or - for stdin); idempotent upsert by slug
  khabar export [--format F] [FILE]                      write the whole graph (stdout without FILE); F is ndjson (the
                                                         default, re-importable), jsonld, ninjs (articles) or acled-csv (incidents);
                                                         from SQLite or PostgreSQL, the same bytes
  khabar extract FILE|- [--language ar|en] [--json]      propose the statements of an article's text (nothing is written)
  khabar import-text FILE|- --slug S --published-at T [--headline H] [--language ar|en] [--url U]
                                                         write an article from its text, its statements as suggestions to review
  khabar audit [--since ISO] [--json] [--refused]        every change, newest first: time, action, entity, author (--json: a line each;
                                                         --refused: the mutations refused for want of a key or role)
  khabar webhooks add URL [--events a,b] [--secret S]     deliver signed events to URL (every event without --events); the secret is shown once
  khabar webhooks list | remove ID | deliveries ID [--limit N]
                                                         list webhooks, remove one, or show its delivery log (newest 50, or N)
  khabar migrate                                         apply pending migrations (SQLite, or PostgreSQL when DATABASE_URL=postgres://…)
  khabar copy-to-postgres FILE                           copy the SQLite database FILE into the empty PostgreSQL database of DATABASE_URL
  khabar seed                                            load the sample content into an empty database
  khabar backup FILE                                     copy the database to FILE while the server runs (SQLite online backup)
  khabar restore FILE                                    replace the database with the backup FILE (stop the server first)
  khabar help                                            this text

With DATABASE_URL=postgres://…: every command but backup and restore, which work on the SQLite file (backups on
PostgreSQL are pg_dump's); audit --refused lists the refusals of every Khabar on that database.

Roles: editor keys may create and update content; admin keys may also delete and merge.
Exit status: 0 on success, 1 on a failure (bad record: "line N: reason" on stderr), 2 on a usage error.`;

class UsageError extends Error {}

/** The SQLite database of DATABASE_URL, migrated; a PostgreSQL URL is refused, naming the commands that work there (a command with a PostgreSQL path checks first). */
function open(): DatabaseHandle {
  const config = loadConfig();
  if (config.postgres) {
    throw new ConfigError(
      "DATABASE_URL is a PostgreSQL URL, and this command works on SQLite only in this version of Khabar (backups on PostgreSQL are pg_dump's). On PostgreSQL, `khabar migrate`, `khabar keys`, `khabar webhooks`, `khabar audit`, `khabar export`, `khabar import`, `khabar import-text`, `khabar extract`, `khabar seed` and `khabar copy-to-postgres FILE` work; point DATABASE_URL at the SQLite file for the rest.",
    );
  }
  const database = openDatabase(config.databasePath);
  prepareDatabase(database);
  return database;
}

const PLURALS: Record<string, string> = { organization: "organizations", person: "people", incident: "incidents", article: "articles" };
const counted = (count: number, type: string) => `${count} ${count === 1 ? type : (PLURALS[type] ?? `${type}s`)}`;

function describeImport(summary: ImportSummary): string {
  const types = Object.entries(summary.byType)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => counted(count, type))
    .join(", ");
  return `imported ${summary.records} records (${types || "none"}; ${summary.statements} statements) from ${summary.lines} lines: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged`;
}

function describeExport(summary: ExportSummary): string {
  const types = Object.entries(summary.byType)
    .map(([type, count]) => counted(count, type))
    .join(", ");
  return `exported ${summary.records} records (${types})`;
}

function describeFormatExport(summary: FormatExportSummary): string {
  if (summary.ndjson) return describeExport(summary.ndjson);
  const written = Object.entries(summary.written).map(([type, count]) => counted(count, type));
  return `exported ${written.join(", ")} as ${summary.format}`;
}

/** The keys of DATABASE_URL's database, SQLite's or PostgreSQL's, and how to close it. */
async function openKeyStore(): Promise<{ store: Pick<PostgresApiKeyStore, "create" | "list" | "revoke">; close(): Promise<void> }> {
  const config = loadConfig();
  if (config.postgres) {
    const target = await openPostgres(config.postgres.url, config.postgres.pool);
    try {
      await migratePostgres(target.pool);
    } catch (error) {
      await target.close();
      throw error;
    }
    return { store: new PostgresApiKeyStore(target.pool), close: () => target.close() };
  }
  const database = open();
  const sqlite = new ApiKeyStore(database.db);
  return {
    store: { create: async (role, name) => sqlite.create(role, name), list: async () => sqlite.list(), revoke: async (id) => sqlite.revoke(id) },
    close: async () => database.close(),
  };
}

/** The PostgreSQL database of DATABASE_URL, migrated (as every command migrates the database it works on). */
async function openMigratedPostgres(config: PostgresConfig): Promise<PostgresHandle> {
  const target = await openPostgres(config.url, config.pool);
  try {
    await migratePostgres(target.pool);
    return target;
  } catch (error) {
    await target.close();
    throw error;
  }
}

/** The webhooks of DATABASE_URL's database: SQLite's file, or PostgreSQL's primary (which every Khabar on it sends from). */
async function openWebhookStore(): Promise<{ store: WebhookStore; close(): Promise<void> }> {
  const config = loadConfig();
  if (config.postgres) {
    const target = await openMigratedPostgres(config.postgres);
    return { store: new WebhookStore(postgresEngine(target.pool), postgresWriteEngine(target.pool)), close: () => target.close() };
  }
  const database = open();
  return { store: new WebhookStore(sqliteEngine(database.db), sqliteWriteEngine(database.db)), close: async () => database.close() };
}

async function keys(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { role: { type: "string" }, name: { type: "string" } }, allowPositionals: true, strict: true });
  const { store, close } = await openKeyStore();
  try {
    switch (action) {
      case "create": {
        if (!values.role || !isApiKeyRole(values.role)) throw new UsageError("keys create needs --role editor or --role admin");
        const name = values.name ?? `${values.role} key`;
        const { row, key } = await store.create(values.role, name);
        process.stdout.write(`Created API key ${row.id} "${row.name}" with the ${row.role} role. It is shown only this once; send it as "Authorization: Bearer <key>":\n${key}\n`);
        return;
      }
      case "list": {
        const rows = await store.list();
        if (rows.length === 0) return void process.stdout.write("no API keys\n");
        process.stdout.write(["id\trole\tstatus\tcreated\tlast used\tname", ...rows.map((row) => [row.id, row.role, row.revokedAt ? `revoked ${row.revokedAt}` : "active", row.createdAt, row.lastUsedAt ?? "never", row.name].join("\t"))].join("\n") + "\n");
        return;
      }
      case "revoke": {
        const id = Number(positionals[0]);
        if (!Number.isInteger(id) || id <= 0) throw new UsageError("keys revoke needs the numeric ID of a key (see keys list)");
        if (!(await store.revoke(id))) throw new Error(`no active API key has the id ${id}`);
        process.stdout.write(`revoked API key ${id}\n`);
        return;
      }
      default:
        throw new UsageError(`unknown keys command "${action ?? ""}": use create, list or revoke`);
    }
  } finally {
    await close();
  }
}

async function importCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { "batch-size": { type: "string" } }, allowPositionals: true, strict: true });
  const source = positionals[0];
  if (!source) throw new UsageError("import needs a FILE, or - to read stdin");
  const batchSize = values["batch-size"] === undefined ? DEFAULT_BATCH_SIZE : Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError("--batch-size must be a whole number, 1 or more");
  const config = loadConfig();
  if (config.postgres) return importIntoPostgres(config.postgres, source, batchSize);
  const database = open();
  try {
    const summary = await importNdjson(database.db, linesOf(source === "-" ? process.stdin : source), { batchSize, onProgress: progressLine(batchSize) });
    process.stdout.write(`${describeImport(summary)}\n`);
  } catch (error) {
    if (error instanceof ImportError) {
      const kept = error.summary.records > 0 ? `; ${error.summary.records} records of earlier batches were committed` : "";
      throw new Error(`${error.message}\nnothing of the failing batch was written${kept}`);
    }
    throw error;
  } finally {
    database.close();
  }
}

/**
 * `khabar import` with a postgres:// URL. Into an empty database: all or nothing, the fast way
 * (the records go through SQLite's write path into a staging database, then one copy). Into one
 * with content: through the same writers over the primary, one transaction per batch, like SQLite's
 * import (a bad line stops it; earlier batches stay committed).
 */
async function importIntoPostgres(config: PostgresConfig, source: string, batchSize: number): Promise<void> {
  const target = await openPostgres(config.url, config.pool);
  const lines = () => linesOf(source === "-" ? process.stdin : source);
  try {
    await migratePostgres(target.pool);
    // Decided before anything is read: the source can be read once.
    const loaded = await loadIntoEmptyPostgres(target.pool, (db) => importNdjson(db, lines(), { batchSize })).catch((error: unknown) => {
      throw error instanceof ImportError ? new Error(`${error.message}\nnothing was written to PostgreSQL`) : error;
    });
    if (loaded) {
      process.stdout.write(`${describeImport(loaded.summary)}; copied ${loaded.rows} rows into ${target.where}\n`);
      return;
    }
    const summary = await importNdjsonInto(postgresWriteEngine(target.pool, { announce: changeNotifications }), lines(), { batchSize, onProgress: progressLine(batchSize) });
    process.stdout.write(`${describeImport(summary)} into ${target.where}\n`);
  } catch (error) {
    if (error instanceof ImportError) {
      const kept = error.summary.records > 0 ? `; ${error.summary.records} records of earlier batches were committed` : "";
      throw new Error(`${error.message}\nnothing of the failing batch was written to PostgreSQL${kept}`);
    }
    throw error;
  } finally {
    await target.close();
  }
}

/** A line per committed batch once an import spans more than one: short imports stay quiet. */
function progressLine(batchSize: number): (progress: ImportProgress) => void {
  return (progress) => {
    if (progress.lines >= batchSize) process.stderr.write(`… ${progress.lines} lines, ${progress.records} records, ${progress.statements} statements\n`);
  };
}

/** A file stream once the file is open, so a bad path is a clean error rather than a crash mid-export. */
function openForWriting(path: string): Promise<Writable> {
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(path, { encoding: "utf8" });
    stream.once("error", reject);
    stream.once("ready", () => {
      stream.off("error", reject);
      resolve(stream);
    });
  });
}

async function exportCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { format: { type: "string", default: "ndjson" } }, allowPositionals: true, strict: true });
  const format = values.format;
  // Checked before the database is opened or a file created: a typo changes nothing.
  if (!isExportFormat(format)) throw new UsageError(`unknown export format "${format}": use ${EXPORT_FORMATS.join(", ")}`);
  if (positionals.length > 1) throw new UsageError("export takes at most one FILE");
  const file = positionals[0];
  const run = async (store: ExportStore) => {
    const output = file ? await openForWriting(file) : process.stdout;
    const summary = await exportFormat(store, format, output);
    if (file) await new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve())));
    process.stderr.write(`${describeFormatExport(summary)}\n`);
  };
  const config = loadConfig();
  // Export only reads, so it works on PostgreSQL too (from the primary, in one snapshot), migrated first as SQLite is.
  if (config.postgres) {
    const target = await openPostgres(config.postgres.url, config.postgres.pool);
    try {
      await migratePostgres(target.pool);
      await run(postgresEngine(target.pool));
    } finally {
      await target.close();
    }
    return;
  }
  const database = open();
  try {
    await run(database.db);
  } finally {
    database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case "keys":
      return keys(args);
    case "import":
      return importCommand(args);
    case "export":
      return exportCommand(args);
    case "extract": {
      const options = parseExtractArgs(args, (message) => new UsageError(message));
      const config = loadConfig();
      if (config.postgres) {
        const target = await openMigratedPostgres(config.postgres);
        try {
          process.stdout.write(extractCommand(await knownActorsThrough(postgresEngine(target.pool)), options));
        } finally {
          await target.close();
        }
        return;
      }
      const database = open();
      try {
        process.stdout.write(extractCommand(knownActors(database.db), options));
      } finally {
        database.close();
      }
      return;
    }
    case "import-text": {
      const options = parseImportTextArgs(args, (message) => new UsageError(message));
      const config = loadConfig();
      if (config.postgres) {
        // Through the same writers over the primary as the mutation; the commit is announced, so
        // every Khabar's live updates, response cache and webhooks hear of it.
        const target = await openMigratedPostgres(config.postgres);
        try {
          const actors = await knownActorsThrough(postgresEngine(target.pool));
          process.stdout.write(await importTextCommand(postgresWriteEngine(target.pool, { announce: changeNotifications }), actors, options));
        } finally {
          await target.close();
        }
        return;
      }
      const database = open();
      try {
        process.stdout.write(await importTextCommand(sqliteWriteEngine(database.db), knownActors(database.db), options));
      } finally {
        database.close();
      }
      return;
    }
    case "audit": {
      const options = parseAuditArgs(args, (message) => new UsageError(message));
      const write = (text: string) => void process.stdout.write(text);
      const config = loadConfig();
      if (config.postgres) {
        const target = await openMigratedPostgres(config.postgres);
        try {
          // The primary's: every Khabar on the database records its revisions and refusals there.
          await auditCommand(postgresEngine(target.pool), options, write);
        } finally {
          await target.close();
        }
        return;
      }
      const database = open();
      try {
        await auditCommand(sqliteEngine(database.db), options, write);
      } finally {
        database.close();
      }
      return;
    }
    case "webhooks": {
      const { store, close } = await openWebhookStore();
      try {
        process.stdout.write(await webhooksCommand(store, args, loadConfig().webhooks.allowPrivate, (message) => new UsageError(message)));
      } finally {
        await close();
      }
      return;
    }
    case "copy-to-postgres": {
      const file = args[0];
      if (!file || args.length > 1) throw new UsageError("copy-to-postgres needs exactly one SQLite FILE to copy from");
      const config = loadConfig();
      if (!config.postgres) throw new UsageError("copy-to-postgres copies into the PostgreSQL database DATABASE_URL names: set DATABASE_URL=postgres://…");
      const source = openDatabase(file, { readonly: true });
      const target = await openPostgres(config.postgres.url, config.postgres.pool);
      try {
        await migratePostgres(target.pool);
        const result = await copySqliteToPostgres(source.sqlite, target.pool, {
          onProgress: (step) => {
            if (step.done) process.stderr.write(`${step.table}: ${step.rows} rows\n`);
          },
        });
        process.stdout.write(`copied ${result.rows} rows in ${result.tables.length} tables from ${file} to ${target.where}\n`);
      } finally {
        await target.close();
        source.close();
      }
      return;
    }
    case "migrate": {
      const config = loadConfig();
      if (config.postgres) {
        const target = await openPostgres(config.postgres.url, config.postgres.pool);
        try {
          const { applied } = await migratePostgres(target.pool);
          process.stdout.write(`${target.where}: ${applied} migration(s) applied\n`);
        } finally {
          await target.close();
        }
        return;
      }
      const database = openDatabase(config.databasePath);
      try {
        const { applied } = prepareDatabase(database);
        process.stdout.write(`${config.databasePath}: ${applied} migration(s) applied\n`);
      } finally {
        database.close();
      }
      return;
    }
    case "seed": {
      const config = loadConfig();
      if (config.postgres) {
        const target = await openPostgres(config.postgres.url, config.postgres.pool);
        try {
          await migratePostgres(target.pool);
          const loaded = await loadIntoEmptyPostgres(target.pool, (db) => loadSampleContent(db));
          process.stdout.write(loaded ? `loaded the sample content: ${describeImport(loaded.summary)}; copied ${loaded.rows} rows into ${target.where}\n` : "the database already has content; the sample was not loaded\n");
        } finally {
          await target.close();
        }
        return;
      }
      const database = open();
      try {
        const summary = await seedIfEmpty(database.db);
        process.stdout.write(summary ? `loaded the sample content: ${describeImport(summary)}\n` : "the database already has content; the sample was not loaded\n");
      } finally {
        database.close();
      }
      return;
    }
    case "backup": {
      const file = args[0];
      if (!file || args.length > 1) throw new UsageError("backup needs exactly one FILE to write");
      const database = open();
      try {
        const summary = await backupDatabase(database, file);
        process.stdout.write(`backed up ${database.path} to ${summary.file} (${summary.bytes} bytes, integrity ok)\n`);
      } finally {
        database.close();
      }
      return;
    }
    case "restore": {
      const file = args[0];
      if (!file || args.length > 1) throw new UsageError("restore needs exactly one backup FILE");
      const target = loadConfig().databasePath;
      const { bytes } = restoreDatabase(file, target);
      process.stdout.write(`restored ${target} from ${file} (${bytes} bytes); the next start applies any newer migrations\n`);
      return;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${HELP}\n`);
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`khabar: ${error.message}\nRun "khabar help" for usage.\n`);
      process.exitCode = 2;
      return;
    }
    const known = error instanceof Error && (error instanceof KhabarError || error instanceof WebhookTargetError || error instanceof ConfigError || error instanceof DatabaseOpenError || error instanceof MigrationError || error instanceof BackupError || error instanceof PostgresConnectionError || error instanceof PostgresMigrationError || error instanceof CopyError || error.constructor === Error);
    process.stderr.write(known ? `khabar: ${(error as Error).message}\n` : `khabar: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
