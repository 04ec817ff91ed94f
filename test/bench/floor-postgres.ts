// The floor on PostgreSQL: scenarios 1–3 with node-postgres and hand-written SQL, answering with
// the same `data` as Khabar (floor-server.ts describes the floor). One pool of the size Khabar's
// has (KHABAR_PG_POOL_SIZE, 10 by default); every statement is a named prepared statement, so
// PostgreSQL parses and plans it once per connection, as Khabar's fixed-text reads are.
//
// Three ways to write it were measured (FLOOR_PG_VARIANT; README "Benchmark"):
// - `json` (the default, the fastest): one statement per request; LATERAL-style correlated
//   subqueries read each page off its index with a LIMIT, and PostgreSQL hands back the nested
//   rows as json arrays (json_agg), which node-postgres parses with one JSON.parse per column
//   instead of building an object per row;
// - `rows`: one statement per request, LATERAL joins, flat rows (the parent's columns repeated
//   on each child row), grouped in JS;
// - `multi`: the SQLite floor's statements, one per level (3–5 round trips).
import pg from "pg";
import { actorId, connection, cursor, floorHttpServer, globalId, incidentReply, opaqueId, pageInfo, type FloorOperations } from "./floor-common.js";

export type PostgresFloorVariant = "json" | "rows" | "multi";

const speaker = (id: number | null, name: string | null, type: string | null) => (id == null ? null : { id: actorId({ id, actor_type: type! }), name: name! });

// ---------------------------------------------------------------- json: one statement, nested json

const JSON_SQL = {
  personGrouped: `
    select p.id, p.name, (
      select json_agg(json_build_array(g.article_id, g.published_at, g.statement_count, a.headline, a.published_at,
               case when g.rank <= $2 then (
                 select json_agg(json_build_array(s.id, s.text, s.kind) order by s.position)
                 from statements s where s.speaker_id = p.id and s.article_id = g.article_id) end)
             order by g.rank)
      from (select article_id, published_at, statement_count, row_number() over (order by published_at desc, article_id desc) as rank
            from speaker_articles where speaker_id = p.id
            order by published_at desc, article_id desc limit $2 + 1) g
      join articles a on a.id = g.article_id) as groups
    from actors p where p.slug = $1 and p.actor_type = 'PERSON'`,
  articlesNested: `
    select a.id, a.headline, a.published_at, case when a.rank <= $1 then (
      select json_agg(json_build_array(s.id, s.position, s.text, s.kind, sp.id, sp.name, sp.actor_type,
               case when s.rank <= $2 then (
                 select json_agg(json_build_array(i.id, i.title) order by i.occurred_on desc, i.id desc)
                 from statement_incidents l join incidents i on i.id = l.incident_id where l.statement_id = s.id) end)
             order by s.position)
      from (select id, position, text, kind, speaker_id, row_number() over (order by position) as rank
            from statements where article_id = a.id order by position limit $2 + 1) s
      left join actors sp on sp.id = s.speaker_id) end as statements
    from (select id, headline, published_at, row_number() over (order by published_at desc, id desc) as rank
          from articles order by published_at desc, id desc limit $1 + 1) a
    order by a.rank`,
  incidentDetail: `
    select i.id, i.title, i.kind, i.occurred_on, i.killed, i.injured, (
      select json_agg(json_build_array(a.id, a.headline, a.published_at, l.published_at) order by l.published_at desc, l.article_id desc)
      from (select article_id, published_at from article_incidents where incident_id = i.id
            order by published_at desc, article_id desc limit $2 + 1) l
      join articles a on a.id = l.article_id) as articles, (
      select json_agg(json_build_array(s.id, s.text, l.said_at, l.article_id, l.position, sp.id, sp.name, sp.actor_type, a.headline)
               order by l.said_at desc, l.article_id desc, l.position)
      from (select statement_id, said_at, article_id, position from statement_incidents where incident_id = i.id
            order by said_at desc, article_id desc, position limit $2 + 1) l
      join statements s on s.id = l.statement_id
      join articles a on a.id = l.article_id
      left join actors sp on sp.id = s.speaker_id) as statements
    from incidents i where i.slug = $1`,
};

/** Rows and the json arrays inside them, read positionally right below. */
type Json = any;

function jsonOperations(pool: pg.Pool): FloorOperations {
  const query = (name: string, text: string, values: unknown[]) => pool.query<Record<string, Json>>({ name, text, values });

  async function personGrouped(variables: { slug: string; first: number }) {
    const person = (await query("floor_person_grouped", JSON_SQL.personGrouped, [variables.slug, variables.first])).rows[0];
    if (!person) return { person: null };
    const groups: Json[] = person.groups ?? [];
    const edges = groups.slice(0, variables.first).map(([articleId, sortPublished, count, headline, publishedAt, statements]: Json) => ({
      cursor: cursor([sortPublished, articleId]),
      node: {
        id: opaqueId("StatementGroup", person.id, articleId),
        statementCount: count,
        article: { id: globalId("Article", articleId), headline, publishedAt },
        statements: ((statements ?? []) as Json[]).map(([id, text, kind]: Json) => ({ id: globalId("Statement", id), text, kind })),
      },
    }));
    return { person: { id: globalId("Person", person.id), name: person.name, statementsByArticle: { edges, pageInfo: pageInfo(edges, groups.length > variables.first) } } };
  }

  async function articlesNested(variables: { first: number; statements: number }) {
    const rows = (await query("floor_articles_nested", JSON_SQL.articlesNested, [variables.first, variables.statements])).rows;
    const edges = rows.slice(0, variables.first).map((article) => {
      const statements: Json[] = article.statements ?? [];
      const statementEdges = statements.slice(0, variables.statements).map(([id, position, text, kind, speakerId, speakerName, speakerType, incidents]: Json) => ({
        cursor: cursor([position]),
        node: {
          id: globalId("Statement", id),
          text,
          kind,
          speaker: speaker(speakerId, speakerName, speakerType),
          incidents: ((incidents ?? []) as Json[]).map(([incidentId, title]: Json) => ({ id: globalId("Incident", incidentId), title })),
        },
      }));
      return {
        cursor: cursor([article.published_at, article.id]),
        node: {
          id: globalId("Article", article.id),
          headline: article.headline,
          publishedAt: article.published_at,
          statements: { edges: statementEdges, pageInfo: pageInfo(statementEdges, statements.length > variables.statements) },
        },
      };
    });
    return { articles: { edges, pageInfo: pageInfo(edges, rows.length > variables.first) } };
  }

  async function incidentDetail(variables: { slug: string; first: number }) {
    const incident = (await query("floor_incident_detail", JSON_SQL.incidentDetail, [variables.slug, variables.first])).rows[0];
    if (!incident) return { incident: null };
    const articles: Json[] = incident.articles ?? [];
    const articlesPage = connection(articles, variables.first, ([id, headline, publishedAt, sortPublished]: Json) => ({
      cursor: cursor([sortPublished, id]),
      node: { id: globalId("Article", id), headline, publishedAt },
    }));
    const statements: Json[] = incident.statements ?? [];
    const statementsPage = connection(statements, variables.first, ([id, text, saidAt, articleId, position, speakerId, speakerName, speakerType, headline]: Json) => ({
      cursor: cursor([saidAt, articleId, position]),
      node: { id: globalId("Statement", id), text, speaker: speaker(speakerId, speakerName, speakerType), article: { id: globalId("Article", articleId), headline } },
    }));
    return incidentReply(
      { id: incident.id, title: incident.title, kind: incident.kind, occurredOn: incident.occurred_on, killed: incident.killed, injured: incident.injured },
      articlesPage,
      statementsPage,
    );
  }

  return { PersonGrouped: personGrouped, ArticlesNested: articlesNested, IncidentDetail: incidentDetail };
}

// ---------------------------------------------------------------- rows: one statement, LATERAL joins, flat rows

const ROWS_SQL = {
  personGrouped: `
    select p.id as person_id, p.name as person_name, g.rank, g.article_id, g.published_at as sort_published, g.statement_count,
           a.headline, a.published_at, s.id, s.text, s.kind
    from actors p
    left join lateral (
      select article_id, published_at, statement_count, row_number() over (order by published_at desc, article_id desc) as rank
      from speaker_articles where speaker_id = p.id order by published_at desc, article_id desc limit $2 + 1) g on true
    left join articles a on a.id = g.article_id
    left join lateral (
      select id, text, kind, position from statements
      where speaker_id = p.id and article_id = g.article_id and g.rank <= $2) s on true
    where p.slug = $1 and p.actor_type = 'PERSON'
    order by g.rank, s.position`,
  articlesNested: `
    select a.rank, a.id as article_id, a.headline, a.published_at, s.rank as statement_rank, s.id, s.position, s.text, s.kind,
           sp.id as speaker_id, sp.name as speaker_name, sp.actor_type, i.id as incident_id, i.title
    from (select id, headline, published_at, row_number() over (order by published_at desc, id desc) as rank
          from articles order by published_at desc, id desc limit $1 + 1) a
    left join lateral (
      select id, position, text, kind, speaker_id, row_number() over (order by position) as rank
      from statements where article_id = a.id and a.rank <= $1 order by position limit $2 + 1) s on true
    left join actors sp on sp.id = s.speaker_id
    left join lateral (
      select i.id, i.title, i.occurred_on from statement_incidents l join incidents i on i.id = l.incident_id
      where l.statement_id = s.id and s.rank <= $2 offset 0) i on true
    order by a.rank, s.rank, i.occurred_on desc, i.id desc`,
  // Two lists under one parent: a union of two LATERAL pages, tagged.
  incidentDetail: `
    select i.id as incident_id, i.title as incident_title, i.kind as incident_kind, i.occurred_on, i.killed, i.injured,
           x.list, x.id, x.text, x.sort_at, x.article_id, x.position, x.published_at, x.speaker_id, x.speaker_name, x.actor_type
    from incidents i
    left join lateral (
      (select 'a' as list, a.id, a.headline as text, l.published_at as sort_at, a.id as article_id, 0 as position, a.published_at,
              null::integer as speaker_id, null::text as speaker_name, null::text as actor_type
       from (select article_id, published_at from article_incidents where incident_id = i.id
             order by published_at desc, article_id desc limit $2 + 1) l join articles a on a.id = l.article_id
       order by l.published_at desc, l.article_id desc)
      union all
      (select 's', s.id, s.text, l.said_at, l.article_id, l.position, a.headline, sp.id, sp.name, sp.actor_type
       from (select statement_id, said_at, article_id, position from statement_incidents where incident_id = i.id
             order by said_at desc, article_id desc, position limit $2 + 1) l
       join statements s on s.id = l.statement_id join articles a on a.id = l.article_id left join actors sp on sp.id = s.speaker_id
       order by l.said_at desc, l.article_id desc, l.position)) x on true
    where i.slug = $1`,
};

function rowsOperations(pool: pg.Pool): FloorOperations {
  const query = (name: string, text: string, values: unknown[]) => pool.query<Record<string, Json>>({ name, text, values });

  async function personGrouped(variables: { slug: string; first: number }) {
    const rows = (await query("floor_rows_person_grouped", ROWS_SQL.personGrouped, [variables.slug, variables.first])).rows;
    const person = rows[0];
    if (!person) return { person: null };
    const groups: { row: Json; statements: { id: string; text: string; kind: string }[] }[] = [];
    for (const row of rows) {
      if (row.article_id == null) continue;
      if (groups.at(-1)?.row.article_id !== row.article_id) groups.push({ row, statements: [] });
      if (row.id != null) groups.at(-1)!.statements.push({ id: globalId("Statement", row.id), text: row.text, kind: row.kind });
    }
    const edges = groups.slice(0, variables.first).map(({ row, statements }) => ({
      cursor: cursor([row.sort_published, row.article_id]),
      node: {
        id: opaqueId("StatementGroup", person.person_id, row.article_id),
        statementCount: row.statement_count,
        article: { id: globalId("Article", row.article_id), headline: row.headline, publishedAt: row.published_at },
        statements,
      },
    }));
    return { person: { id: globalId("Person", person.person_id), name: person.person_name, statementsByArticle: { edges, pageInfo: pageInfo(edges, groups.length > variables.first) } } };
  }

  async function articlesNested(variables: { first: number; statements: number }) {
    const rows = (await query("floor_rows_articles_nested", ROWS_SQL.articlesNested, [variables.first, variables.statements])).rows;
    interface Statement {
      row: Json;
      incidents: { id: string; title: string }[];
    }
    const articles: { row: Json; statements: Statement[] }[] = [];
    for (const row of rows) {
      if (articles.at(-1)?.row.article_id !== row.article_id) articles.push({ row, statements: [] });
      if (row.id == null) continue;
      const statements = articles.at(-1)!.statements;
      if (statements.at(-1)?.row.id !== row.id) statements.push({ row, incidents: [] });
      if (row.incident_id != null) statements.at(-1)!.incidents.push({ id: globalId("Incident", row.incident_id), title: row.title });
    }
    const edges = articles.slice(0, variables.first).map(({ row: article, statements }) => {
      const statementEdges = statements.slice(0, variables.statements).map(({ row, incidents }) => ({
        cursor: cursor([row.position]),
        node: { id: globalId("Statement", row.id), text: row.text, kind: row.kind, speaker: speaker(row.speaker_id, row.speaker_name, row.actor_type), incidents },
      }));
      return {
        cursor: cursor([article.published_at, article.article_id]),
        node: {
          id: globalId("Article", article.article_id),
          headline: article.headline,
          publishedAt: article.published_at,
          statements: { edges: statementEdges, pageInfo: pageInfo(statementEdges, statements.length > variables.statements) },
        },
      };
    });
    return { articles: { edges, pageInfo: pageInfo(edges, articles.length > variables.first) } };
  }

  async function incidentDetail(variables: { slug: string; first: number }) {
    const rows = (await query("floor_rows_incident_detail", ROWS_SQL.incidentDetail, [variables.slug, variables.first])).rows;
    const incident = rows[0];
    if (!incident) return { incident: null };
    const articles = rows.filter((row) => row.list === "a");
    const statements = rows.filter((row) => row.list === "s");
    const articlesPage = connection(articles, variables.first, (row) => ({
      cursor: cursor([row.sort_at, row.id]),
      node: { id: globalId("Article", row.id), headline: row.text, publishedAt: row.published_at },
    }));
    const statementsPage = connection(statements, variables.first, (row) => ({
      cursor: cursor([row.sort_at, row.article_id, row.position]),
      node: { id: globalId("Statement", row.id), text: row.text, speaker: speaker(row.speaker_id, row.speaker_name, row.actor_type), article: { id: globalId("Article", row.article_id), headline: row.published_at } },
    }));
    return incidentReply(
      { id: incident.incident_id, title: incident.incident_title, kind: incident.incident_kind, occurredOn: incident.occurred_on, killed: incident.killed, injured: incident.injured },
      articlesPage,
      statementsPage,
    );
  }

  return { PersonGrouped: personGrouped, ArticlesNested: articlesNested, IncidentDetail: incidentDetail };
}

// ---------------------------------------------------------------- multi: the SQLite floor's statements

const MULTI_SQL = {
  personBySlug: "select id, name from actors where slug = $1 and actor_type = 'PERSON'",
  groups: "select article_id, published_at, statement_count from speaker_articles where speaker_id = $1 order by published_at desc, article_id desc limit $2",
  articleHeadlines: "select id, headline, published_at from articles where id = any($1::integer[])",
  speakerStatements: "select id, text, kind, article_id from statements where speaker_id = $1 and article_id = any($2::integer[]) order by article_id, position",
  newestArticles: "select id, headline, published_at from articles order by published_at desc, id desc limit $1",
  articleStatements: `select s.id, s.article_id, s.position, s.text, s.kind, s.speaker_id
    from unnest($1::integer[]) as parent(id)
    cross join lateral (select * from statements where article_id = parent.id order by position limit $2) s
    order by s.article_id, s.position`,
  actors: "select id, name, actor_type from actors where id = any($1::integer[])",
  statementIncidents: `select l.statement_id, i.id, i.title from statement_incidents l join incidents i on i.id = l.incident_id
    where l.statement_id = any($1::integer[]) order by i.occurred_on desc, i.id desc`,
  incidentBySlug: "select id, title, kind, occurred_on, killed, injured from incidents where slug = $1",
  incidentArticles: `select a.id, a.headline, a.published_at, l.published_at as sort_published from article_incidents l join articles a on a.id = l.article_id
    where l.incident_id = $1 order by l.published_at desc, l.article_id desc limit $2`,
  incidentStatements: `select s.id, s.text, s.speaker_id, l.said_at, l.article_id, l.position from statement_incidents l join statements s on s.id = l.statement_id
    where l.incident_id = $1 order by l.said_at desc, l.article_id desc, l.position asc limit $2`,
  articleTitles: "select id, headline from articles where id = any($1::integer[])",
};

function multiOperations(pool: pg.Pool): FloorOperations {
  const run = async (name: keyof typeof MULTI_SQL, values: unknown[]) => (await pool.query<Record<string, Json>>({ name: `floor_multi_${name}`, text: MULTI_SQL[name], values })).rows;
  const actorsById = async (ids: number[]) => new Map((await run("actors", [[...new Set(ids)]])).map((row) => [row.id as number, row]));
  const speakerOf = (map: Map<number, Json>, id: number | null) => {
    const row = id == null ? undefined : map.get(id);
    return row ? speaker(row.id, row.name, row.actor_type) : null;
  };
  const grouped = <Row extends Record<string, Json>>(rows: Row[], key: string) => {
    const map = new Map<number, Row[]>();
    for (const row of rows) {
      let list = map.get(row[key]);
      if (!list) map.set(row[key], (list = []));
      list.push(row);
    }
    return map;
  };

  async function personGrouped(variables: { slug: string; first: number }) {
    const person = (await run("personBySlug", [variables.slug]))[0];
    if (!person) return { person: null };
    const groups = await run("groups", [person.id, variables.first + 1]);
    const page = groups.slice(0, variables.first);
    const ids = page.map((group) => group.article_id as number);
    const [articleRows, statementRows] = await Promise.all([run("articleHeadlines", [ids]), run("speakerStatements", [person.id, ids])]);
    const articles = new Map(articleRows.map((row) => [row.id as number, row]));
    const statements = grouped(statementRows, "article_id");
    const edges = page.map((group) => {
      const article = articles.get(group.article_id)!;
      return {
        cursor: cursor([group.published_at, group.article_id]),
        node: {
          id: opaqueId("StatementGroup", person.id, group.article_id),
          statementCount: group.statement_count,
          article: { id: globalId("Article", article.id), headline: article.headline, publishedAt: article.published_at },
          statements: (statements.get(group.article_id) ?? []).map((row) => ({ id: globalId("Statement", row.id), text: row.text, kind: row.kind })),
        },
      };
    });
    return { person: { id: globalId("Person", person.id), name: person.name, statementsByArticle: { edges, pageInfo: pageInfo(edges, groups.length > variables.first) } } };
  }

  async function articlesNested(variables: { first: number; statements: number }) {
    const rows = await run("newestArticles", [variables.first + 1]);
    const page = rows.slice(0, variables.first);
    const byArticle = grouped(await run("articleStatements", [page.map((row) => row.id), variables.statements + 1]), "article_id");
    const shown = page.flatMap((article) => (byArticle.get(article.id) ?? []).slice(0, variables.statements));
    const [speakers, incidentRows] = await Promise.all([
      actorsById(shown.flatMap((row) => (row.speaker_id == null ? [] : [row.speaker_id as number]))),
      run("statementIncidents", [shown.map((row) => row.id)]),
    ]);
    const incidents = grouped(incidentRows, "statement_id");
    const edges = page.map((article) => {
      const all = byArticle.get(article.id) ?? [];
      const statementEdges = all.slice(0, variables.statements).map((row) => ({
        cursor: cursor([row.position]),
        node: {
          id: globalId("Statement", row.id),
          text: row.text,
          kind: row.kind,
          speaker: speakerOf(speakers, row.speaker_id),
          incidents: (incidents.get(row.id) ?? []).map((incident) => ({ id: globalId("Incident", incident.id), title: incident.title })),
        },
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

  async function incidentDetail(variables: { slug: string; first: number }) {
    const incident = (await run("incidentBySlug", [variables.slug]))[0];
    if (!incident) return { incident: null };
    const [articleRows, statementRows] = await Promise.all([run("incidentArticles", [incident.id, variables.first + 1]), run("incidentStatements", [incident.id, variables.first + 1])]);
    const shown = statementRows.slice(0, variables.first);
    const [speakers, titles] = await Promise.all([
      actorsById(shown.flatMap((row) => (row.speaker_id == null ? [] : [row.speaker_id as number]))),
      run("articleTitles", [[...new Set(shown.map((row) => row.article_id as number))]]),
    ]);
    const headlines = new Map(titles.map((row) => [row.id as number, row.headline as string]));
    const articlesPage = connection(articleRows, variables.first, (row) => ({
      cursor: cursor([row.sort_published, row.id]),
      node: { id: globalId("Article", row.id), headline: row.headline, publishedAt: row.published_at },
    }));
    const statementsPage = connection(statementRows, variables.first, (row) => ({
      cursor: cursor([row.said_at, row.article_id, row.position]),
      node: { id: globalId("Statement", row.id), text: row.text, speaker: speakerOf(speakers, row.speaker_id), article: { id: globalId("Article", row.article_id), headline: headlines.get(row.article_id)! } },
    }));
    return incidentReply(
      { id: incident.id, title: incident.title, kind: incident.kind, occurredOn: incident.occurred_on, killed: incident.killed, injured: incident.injured },
      articlesPage,
      statementsPage,
    );
  }

  return { PersonGrouped: personGrouped, ArticlesNested: articlesNested, IncidentDetail: incidentDetail };
}

// ---------------------------------------------------------------- the floor

export async function createPostgresFloor(url: string, variant: PostgresFloorVariant = (process.env.FLOOR_PG_VARIANT as PostgresFloorVariant | undefined) ?? "json") {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.KHABAR_PG_POOL_SIZE ?? "10"), application_name: "khabar-floor" });
  pool.on("error", () => undefined); // an idle connection's error: the pool replaces it
  const operations = { json: jsonOperations, rows: rowsOperations, multi: multiOperations }[variant]?.(pool);
  if (!operations) throw new Error(`FLOOR_PG_VARIANT must be json, rows or multi, got ${variant}`);
  await pool.query("select 1"); // fail at start, not on the first request
  return { server: floorHttpServer(operations), operations, close: () => pool.end() };
}
