// The floor: what scenarios 1–3 cost with nothing but node:http, a database driver and
// hand-written SQL. It answers the benchmark's operations (by operationName) with JSON `data`
// byte-identical to Khabar's, so the ratio Khabar/floor is the price of the GraphQL layer.
// On SQLite (DATABASE_PATH) with better-sqlite3, here; on PostgreSQL (DATABASE_URL) with
// node-postgres, in floor-postgres.ts.
// Run: DATABASE_PATH=… (or DATABASE_URL=postgres://…) PORT=… node --import tsx test/bench/floor-server.ts
// (prints "listening PORT").
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import { actorId, connection, cursor, floorHttpServer, globalId, incidentReply, opaqueId, pageInfo, type FloorOperations } from "./floor-common.js";
import { createPostgresFloor } from "./floor-postgres.js";

interface ActorRow {
  id: number;
  name: string;
  actor_type: string;
}

export function createFloor(path: string) {
  const sqlite = new Database(path, { readonly: true });
  sqlite.pragma("journal_mode = WAL");
  const q = {
    personBySlug: sqlite.prepare("select id, name from actors where slug = ? and actor_type = 'PERSON'"),
    groups: sqlite.prepare(
      "select article_id, published_at, statement_count from speaker_articles where speaker_id = ? order by published_at desc, article_id desc limit ?",
    ),
    articleHeadlines: sqlite.prepare("select id, headline, published_at from articles where id in (select value from json_each(?))"),
    speakerStatements: sqlite.prepare(
      "select id, text, kind, article_id from statements where speaker_id = ? and article_id in (select value from json_each(?)) order by article_id, position",
    ),
    newestArticles: sqlite.prepare("select id, headline, published_at from articles order by published_at desc, id desc limit ?"),
    articleStatements: sqlite.prepare(
      `select id, article_id, position, text, kind, speaker_id from (
         select s.*, row_number() over (partition by article_id order by position) as rank
         from statements s where article_id in (select value from json_each(?)))
       where rank <= ? order by article_id, position`,
    ),
    actors: sqlite.prepare("select id, name, actor_type from actors where id in (select value from json_each(?))"),
    statementIncidents: sqlite.prepare(
      `select l.statement_id, i.id, i.title from statement_incidents l join incidents i on i.id = l.incident_id
       where l.statement_id in (select value from json_each(?)) order by i.occurred_on desc, i.id desc`,
    ),
    incidentBySlug: sqlite.prepare("select id, title, kind, occurred_on, killed, injured from incidents where slug = ?"),
    incidentArticles: sqlite.prepare(
      `select a.id, a.headline, a.published_at, l.published_at as sort_published from article_incidents l join articles a on a.id = l.article_id
       where l.incident_id = ? order by l.published_at desc, l.article_id desc limit ?`,
    ),
    incidentStatements: sqlite.prepare(
      `select s.id, s.text, s.speaker_id, s.said_at, s.article_id, s.position from statement_incidents l join statements s on s.id = l.statement_id
       where l.incident_id = ? order by l.said_at desc, l.article_id desc, l.position asc limit ?`,
    ),
    articleTitles: sqlite.prepare("select id, headline from articles where id in (select value from json_each(?))"),
  };
  const actorsById = (ids: number[]) => new Map((q.actors.all(JSON.stringify([...new Set(ids)])) as ActorRow[]).map((row) => [row.id, row]));
  const speakerOf = (map: Map<number, ActorRow>, id: number | null) => {
    const row = id == null ? undefined : map.get(id);
    return row ? { id: actorId({ id: row.id, actor_type: row.actor_type }), name: row.name } : null;
  };

  function personGrouped(variables: { slug: string; first: number }) {
    const person = q.personBySlug.get(variables.slug) as { id: number; name: string } | undefined;
    if (!person) return { person: null };
    const groups = q.groups.all(person.id, variables.first + 1) as { article_id: number; published_at: string; statement_count: number }[];
    const page = groups.slice(0, variables.first);
    const ids = JSON.stringify(page.map((group) => group.article_id));
    const articles = new Map((q.articleHeadlines.all(ids) as { id: number; headline: string; published_at: string }[]).map((row) => [row.id, row]));
    const statementsByArticle = new Map<number, { id: string; text: string; kind: string }[]>();
    for (const row of q.speakerStatements.all(person.id, ids) as { id: number; text: string; kind: string; article_id: number }[]) {
      let list = statementsByArticle.get(row.article_id);
      if (!list) statementsByArticle.set(row.article_id, (list = []));
      list.push({ id: globalId("Statement", row.id), text: row.text, kind: row.kind });
    }
    const edges = page.map((group) => {
      const article = articles.get(group.article_id)!;
      return {
        cursor: cursor([group.published_at, group.article_id]),
        node: {
          id: opaqueId("StatementGroup", person.id, group.article_id),
          statementCount: group.statement_count,
          article: { id: globalId("Article", article.id), headline: article.headline, publishedAt: article.published_at },
          statements: statementsByArticle.get(group.article_id) ?? [],
        },
      };
    });
    return {
      person: {
        id: globalId("Person", person.id),
        name: person.name,
        statementsByArticle: { edges, pageInfo: pageInfo(edges, groups.length > variables.first) },
      },
    };
  }

  function articlesNested(variables: { first: number; statements: number }) {
    const rows = q.newestArticles.all(variables.first + 1) as { id: number; headline: string; published_at: string }[];
    const page = rows.slice(0, variables.first);
    const statementRows = q.articleStatements.all(JSON.stringify(page.map((row) => row.id)), variables.statements + 1) as {
      id: number;
      article_id: number;
      position: number;
      text: string;
      kind: string;
      speaker_id: number | null;
    }[];
    const byArticle = new Map<number, typeof statementRows>();
    for (const row of statementRows) {
      let list = byArticle.get(row.article_id);
      if (!list) byArticle.set(row.article_id, (list = []));
      list.push(row);
    }
    const shown = statementRows.filter((row) => (byArticle.get(row.article_id)?.indexOf(row) ?? 0) < variables.statements);
    const speakers = actorsById(shown.flatMap((row) => (row.speaker_id == null ? [] : [row.speaker_id])));
    const incidents = new Map<number, { id: string; title: string }[]>();
    for (const row of q.statementIncidents.all(JSON.stringify(shown.map((row) => row.id))) as { statement_id: number; id: number; title: string }[]) {
      let list = incidents.get(row.statement_id);
      if (!list) incidents.set(row.statement_id, (list = []));
      list.push({ id: globalId("Incident", row.id), title: row.title });
    }
    const edges = page.map((article) => {
      const all = byArticle.get(article.id) ?? [];
      const statementEdges = all.slice(0, variables.statements).map((row) => ({
        cursor: cursor([row.position]),
        node: { id: globalId("Statement", row.id), text: row.text, kind: row.kind, speaker: speakerOf(speakers, row.speaker_id), incidents: incidents.get(row.id) ?? [] },
      }));
      return {
        cursor: cursor([article.published_at, article.id]),
        node: {
          id: globalId("Article", article.id),
          headline: article.headline,
          publishedAt: article.published_at,
          statements: { edges: statementEdges, pageInfo: pageInfo(statementEdges, all.length > variables.statements) },
        },
      };
    });
    return { articles: { edges, pageInfo: pageInfo(edges, rows.length > variables.first) } };
  }

  function incidentDetail(variables: { slug: string; first: number }) {
    const incident = q.incidentBySlug.get(variables.slug) as
      | { id: number; title: string; kind: string; occurred_on: string; killed: number | null; injured: number | null }
      | undefined;
    if (!incident) return { incident: null };
    const articleRows = q.incidentArticles.all(incident.id, variables.first + 1) as { id: number; headline: string; published_at: string; sort_published: string }[];
    const articlesPage = connection(articleRows, variables.first, (row) => ({
      cursor: cursor([row.sort_published, row.id]),
      node: { id: globalId("Article", row.id), headline: row.headline, publishedAt: row.published_at },
    }));
    const statementRows = q.incidentStatements.all(incident.id, variables.first + 1) as {
      id: number;
      text: string;
      speaker_id: number | null;
      said_at: string;
      article_id: number;
      position: number;
    }[];
    const shown = statementRows.slice(0, variables.first);
    const speakers = actorsById(shown.flatMap((row) => (row.speaker_id == null ? [] : [row.speaker_id])));
    const headlines = new Map((q.articleTitles.all(JSON.stringify([...new Set(shown.map((row) => row.article_id))])) as { id: number; headline: string }[]).map((row) => [row.id, row.headline]));
    const statementsPage = connection(statementRows, variables.first, (row) => ({
      cursor: cursor([row.said_at, row.article_id, row.position]),
      node: {
        id: globalId("Statement", row.id),
        text: row.text,
        speaker: speakerOf(speakers, row.speaker_id),
        article: { id: globalId("Article", row.article_id), headline: headlines.get(row.article_id)! },
      },
    }));
    return incidentReply(
      { id: incident.id, title: incident.title, kind: incident.kind, occurredOn: incident.occurred_on, killed: incident.killed, injured: incident.injured },
      articlesPage,
      statementsPage,
    );
  }

  const operations: FloorOperations = {
    PersonGrouped: personGrouped,
    ArticlesNested: articlesNested,
    IncidentDetail: incidentDetail,
  };
  return { server: floorHttpServer(operations), operations, close: async () => sqlite.close() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.env.DATABASE_PATH;
  const url = process.env.DATABASE_URL;
  if (!path && !url) throw new Error("DATABASE_PATH (SQLite) or DATABASE_URL (postgres://…) is required");
  const { server } = path ? createFloor(path) : await createPostgresFloor(url!);
  server.keepAliveTimeout = 5_000;
  server.listen(Number(process.env.PORT ?? "0"), "127.0.0.1", () => {
    console.log(`listening ${(server.address() as AddressInfo).port}`);
  });
}
