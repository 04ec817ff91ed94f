// The modules' writers on one database, for tests that write content below the API (inside
// their own transactions), the way import does. Writers are write programs; these run each
// method's program on the SQLite connection there and then, so a test calls them like functions.
import type { Db } from "../../src/db/client.js";
import { SQLITE } from "../../src/db/dialect.js";
import { runOnSqlite } from "../../src/db/query.js";
import { WriteSession, type WriteProgram } from "../../src/db/write-session.js";
import { ActorWriter } from "../../src/modules/actor/actor.writer.js";
import { ArticleWriter } from "../../src/modules/article/article.writer.js";
import { IncidentWriter } from "../../src/modules/incident/incident.writer.js";

/** A writer whose program methods run on SQLite and return their results. */
export type OnSqlite<Writer> = {
  [Name in keyof Writer]: Writer[Name] extends (...args: infer Args) => WriteProgram<infer Result> ? (...args: Args) => Result : Writer[Name];
};

export interface Writers {
  actors: OnSqlite<ActorWriter>;
  incidents: OnSqlite<IncidentWriter>;
  articles: OnSqlite<ArticleWriter>;
}

export function onSqlite<Writer extends object>(db: Db, writer: Writer): OnSqlite<Writer> {
  return new Proxy(writer, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...given: unknown[]) => unknown).apply(target, args);
        return isProgram(result) ? runOnSqlite(db, result) : result;
      };
    },
  }) as unknown as OnSqlite<Writer>;
}

function isProgram(value: unknown): value is WriteProgram<unknown> {
  return typeof value === "object" && value !== null && typeof (value as Generator).next === "function" && typeof (value as Generator)[Symbol.iterator] === "function";
}

export function writersFor(db: Db): Writers {
  const session = new WriteSession(SQLITE);
  session.connection = db.$client;
  return { actors: onSqlite(db, new ActorWriter(session)), incidents: onSqlite(db, new IncidentWriter(session)), articles: onSqlite(db, new ArticleWriter(session)) };
}
