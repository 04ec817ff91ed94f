// restoreRevision: writes a revision's record back through its entity's writer, as a new revision
// (RESTORED), in one transaction with the same rules as an update. An entity that still exists is
// rewritten in place; a deleted one is recreated from its record (a new id; a slug taken since is
// CONFLICT). What the record references and no longer exists is CONFLICT, naming each reference.
import { sql } from "drizzle-orm";
import { read } from "../../db/read-program.js";
import { firstRow } from "../../db/read.js";
import { rowWhere } from "../../db/table-writes.js";
import type { WriteProgram, WriteSession } from "../../db/write-session.js";
import { ConflictError, NotFoundError } from "../../shared/errors.js";
import { decodeIdOf } from "../../shared/global-id.js";
import { RecordError } from "../../shared/record-check.js";
import { checkOrganizationRecord, checkPersonRecord, type ActorRecord } from "../actor/actor.record.js";
import { actors } from "../actor/actor.table.js";
import { ActorWriter } from "../actor/actor.writer.js";
import { checkArticleRecord, type ArticleRecord } from "../article/article.record.js";
import { articles } from "../article/article.table.js";
import { ArticleWriter } from "../article/article.writer.js";
import { checkRecord, editTransaction, type Editor } from "../editing/edit-transaction.js";
import { checkIncidentRecord, type IncidentRecord } from "../incident/incident.record.js";
import { incidents } from "../incident/incident.table.js";
import { IncidentWriter } from "../incident/incident.writer.js";
import { locationWriter } from "../location/location.edits.js";
import { checkLocationRecord, type LocationRecord } from "../location/location.record.js";
import { locations } from "../location/location.table.js";
import { checkInArticle, writeInArticle } from "../statement/statement.edits.js";
import type { StatementRecord } from "../statement/statement.record.js";
import { statements } from "../statement/statement.table.js";
import { StatementWriter } from "../statement/statement.writer.js";
import { RevisionQueries } from "./revision.repository.js";
import type { RevisionEntityType, RevisionRow } from "./revision.table.js";

export const REVISION_ID_TYPE = "Revision";

/** Restores a revision; returns the entity's newest revision afterwards (the RESTORED one, unless nothing differed). */
export function restoreRevision(editor: Editor, id: string): RevisionRow | Promise<RevisionRow> {
  return editTransaction(
    editor,
    function* ({ session }) {
      const queries = new RevisionQueries(session.dialect);
      const revision = yield* read(queries.findById(decodeIdOf(id, [REVISION_ID_TYPE], "id")));
      if (!revision) throw new NotFoundError(`No revision has the id "${id}".`);
      session.action = "RESTORED";
      const record = JSON.parse(revision.record) as Record<string, unknown>;
      let entityId: number;
      try {
        entityId = yield* restoreRecord(session, revision.entityType, revision.entityId, record);
      } catch (error) {
        if (error instanceof RuleViolation) throw error.violation;
        if (!(error instanceof RecordError)) throw error;
        const missing = error.fieldErrors.map((fieldError) => ({ path: fieldError.path, message: fieldError.message }));
        throw new ConflictError(`The revision cannot be restored: ${missing.map((fieldError) => `${fieldError.path}: ${fieldError.message}`).join("; ")}.`, { references: missing });
      }
      return (yield* read(queries.latestOf(revision.entityType, entityId)))!;
    },
    "record",
  );
}

/** Checks the record by its kind's rules (RecordError → BAD_USER_INPUT, as an update), then writes it; returns the entity's id. */
function* restoreRecord(session: WriteSession, entityType: RevisionEntityType, entityId: number, record: Record<string, unknown>): WriteProgram<number> {
  const { dialect } = session;
  const exists = function* (table: typeof actors | typeof articles | typeof incidents | typeof locations): WriteProgram<boolean> {
    return (yield* read(firstRow(dialect, () => sql`select ${table.id} from ${table} where ${table.id} = ${entityId}`))) !== undefined;
  };
  switch (entityType) {
    case "Person":
    case "Organization": {
      const actor = record as unknown as ActorRecord;
      validated(() => checkRecord(actor, actor.type === "person" ? checkPersonRecord : checkOrganizationRecord));
      const writer = new ActorWriter(session);
      yield* writer.write(actor, (yield* exists(actors)) ? entityId : "new");
      return yield* writer.idBySlug(actor.slug, "slug");
    }
    case "Location": {
      const location = record as unknown as LocationRecord;
      validated(() => checkRecord(location, checkLocationRecord));
      const writer = locationWriter(session);
      yield* writer.write(location, (yield* exists(locations)) ? entityId : "new");
      return yield* writer.idBySlug(location.slug, "slug");
    }
    case "Incident": {
      const incident = record as unknown as IncidentRecord;
      validated(() => checkRecord(incident, checkIncidentRecord));
      const writer = new IncidentWriter(session);
      yield* writer.write(incident, (yield* exists(incidents)) ? entityId : "new");
      return yield* writer.idBySlug(incident.slug, "slug");
    }
    case "Article": {
      // The record's updatedAt is the old one: a restore is stamped now.
      const { updatedAt: _updatedAt, ...article } = record as unknown as ArticleRecord;
      validated(() => checkRecord(article, checkArticleRecord));
      const written = yield* new ArticleWriter(session).write(article, (yield* exists(articles)) ? entityId : "new");
      if (written.pendingRelated.length > 0) {
        throw new RecordError(written.pendingRelated.map((slug) => ({ path: "relatedArticles", message: `no article has the slug "${slug}"` })));
      }
      return written.articleId;
    }
    case "Statement": {
      const { article: articleSlug, ...statement } = record as unknown as StatementRecord & { article: string };
      const article = yield* read(rowWhere(dialect, articles, "slug", articleSlug));
      if (!article) throw new RecordError([{ path: "article", message: `no article has the slug "${articleSlug}"` }]);
      validated(() => checkInArticle(statement, article));
      const writer = new StatementWriter(session);
      const current = yield* read(rowWhere(dialect, statements, "id", entityId));
      const kept = current && current.articleId === article.id ? current : undefined;
      const id = yield* writeInArticle(writer, statement, article, kept ? kept.position : yield* writer.nextPosition(article.id), kept?.id);
      yield* new ArticleWriter(session).touch(article.id);
      return id;
    }
  }
}

/** Rules that fail are the record's fault, not a missing reference: BAD_USER_INPUT, as for an update. */
class RuleViolation extends Error {
  constructor(readonly violation: RecordError) {
    super(violation.message);
  }
}

function validated(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof RecordError) throw new RuleViolation(error);
    throw error;
  }
}
