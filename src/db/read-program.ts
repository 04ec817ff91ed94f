// A read program: work that needs several reads, each depending on the one before (a page of rows,
// then the aliases and slugs of that page), written once as a generator that yields each Read and
// receives its result. `runSynchronously` drives it on SQLite with no promise in between, so the
// export and the writers' record builders keep SQLite's synchronous speed; `runAsynchronously`
// drives the same program over PostgreSQL's promises. It is how the export path is engine-neutral
// without a second copy of its logic.
import type { AsyncRunner, Read, SyncRunner } from "./read.js";

export type ReadProgram<Result> = Generator<Read<unknown>, Result, unknown>;

/** One read inside a program: `const rows = yield* read(queries.aliasesOf(ids))`. */
export function* read<Result>(query: Read<Result>): ReadProgram<Result> {
  // The driver sends back what `query` produced: the cast is the one place the types meet.
  return (yield query as Read<unknown>) as Result;
}

/** A program with its result known, for builders that sometimes need no read. */
// eslint-disable-next-line require-yield
export function* done<Result>(result: Result): ReadProgram<Result> {
  return result;
}

export function runSynchronously<Result>(program: ReadProgram<Result>, run: SyncRunner): Result {
  let step = program.next();
  while (!step.done) step = program.next(run(step.value));
  return step.value;
}

export async function runAsynchronously<Result>(program: ReadProgram<Result>, run: AsyncRunner): Promise<Result> {
  let step = program.next();
  while (!step.done) step = program.next(await run(step.value));
  return step.value;
}

/**
 * Where a program runs: SQLite's synchronous runner, or an asynchronous one (PostgreSQL). Callers
 * that must work on both `await` the result; on SQLite that costs one microtask per program
 * (a batch of records), not one per read.
 */
export type ProgramRunner = { readonly sync: SyncRunner } | { readonly async: AsyncRunner };

export function runProgram<Result>(program: ReadProgram<Result>, runner: ProgramRunner): Result | Promise<Result> {
  return "sync" in runner ? runSynchronously(program, runner.sync) : runAsynchronously(program, runner.async);
}

/**
 * Programs that read a table a page at a time in slug order (keyset: each page after the last
 * slug of the one before) and turn each page into records: an export's batches.
 */
export function* pagesBySlug<Row extends { slug: string }, Record>(
  page: (afterSlug: string, size: number) => Read<Row[]>,
  recordsOf: (rows: readonly Row[]) => ReadProgram<Record[]>,
  batchSize: number,
): Generator<ReadProgram<Record[]>> {
  for (let after = "", more = true; more; ) {
    yield (function* () {
      const rows = yield* read(page(after, batchSize));
      more = rows.length === batchSize;
      after = rows.at(-1)?.slug ?? after;
      return yield* recordsOf(rows);
    })();
  }
}
