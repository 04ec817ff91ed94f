// A lookup by slug that an import batch may answer from memory (db/batch-write.ts): the writers'
// `idBySlug`s, as one program.
import type { Read } from "./read.js";
import { read } from "./read-program.js";
import type { WriteProgram, WriteSession } from "./write-session.js";

/** What `lookup` finds for `slug`, remembered for the rest of an import once found (only rows: a slug not there yet may be created later). */
export function* rememberedLookup<Value>(session: WriteSession, table: string, slug: string, lookup: () => Read<Value | undefined>): WriteProgram<Value | undefined> {
  const { batch } = session;
  const known = batch?.recall<Value>(table, slug);
  if (known !== undefined) return known;
  const found = yield* read(lookup());
  if (found !== undefined) batch?.keep(table, slug, found);
  return found;
}
