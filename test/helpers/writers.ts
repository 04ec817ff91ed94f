// The modules' writers on one database, for tests that write content below the API (inside
// their own transactions), the way import does.
import type { Db } from "../../src/db/client.js";
import { WriteSession } from "../../src/db/write-session.js";
import { ActorWriter } from "../../src/modules/actor/actor.writer.js";
import { ArticleWriter } from "../../src/modules/article/article.writer.js";
import { IncidentWriter } from "../../src/modules/incident/incident.writer.js";

export interface Writers {
  actors: ActorWriter;
  incidents: IncidentWriter;
  articles: ArticleWriter;
}

export function writersFor(db: Db): Writers {
  const session = new WriteSession(db);
  return { actors: new ActorWriter(session), incidents: new IncidentWriter(session), articles: new ArticleWriter(session) };
}
