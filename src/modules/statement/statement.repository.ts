// Every SQL read of statements: by ids, filtered pages, pages per article / speaker / incident,
// and the groups of a speaker's statements by article.
import { and, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { SQLITE, type Dialect } from "../../db/dialect.js";
import { columnsOf, idListRead, jsonList, limitLiteral, sqliteRunner } from "../../db/query.js";
import { keyedRows, reshaped, rows, synchronous, type Read, type Synchronous } from "../../db/read.js";
import { keysetCondition, orderByOf, type PageRequest, type SortKey } from "../../shared/connection.js";
import { groupBy } from "../../shared/batch.js";
import { WHOLE_ROW } from "../../shared/column-selection.js";
import { filteredCount, filteredPage } from "../../shared/filtered-page.js";
import { countsPerParent, pagesPerParent, type ParentRelation } from "../../shared/parent-pages.js";
import { statementIncidents } from "../incident/incident.table.js";
import { statements, speakerArticles, type SpeakerArticleRow, type StatementKind, type StatementRow } from "./statement.table.js";
import { matchingIds, SEARCH_FILTER_PATH } from "../../search/search-query.js";
import { STATEMENT_SEARCH_CODE } from "./statement.search.js";

/** Newest first; inside one article, reading order. */
export const STATEMENT_SORT_NEWEST_FIRST: SortKey<StatementRow> = [
  { column: statements.saidAt, direction: "desc", valueOf: (row) => row.saidAt },
  { column: statements.articleId, direction: "desc", valueOf: (row) => row.articleId },
  { column: statements.position, direction: "asc", valueOf: (row) => row.position },
];

export const STATEMENT_SORT_READING_ORDER: SortKey<StatementRow> = [{ column: statements.position, direction: "asc", valueOf: (row) => row.position }];

export const GROUP_SORT_NEWEST_FIRST: SortKey<SpeakerArticleRow> = [
  { column: speakerArticles.publishedAt, direction: "desc", valueOf: (row) => row.publishedAt },
  { column: speakerArticles.articleId, direction: "desc", valueOf: (row) => row.articleId },
];

export interface StatementFilterValues {
  speakerId?: number | null;
  articleId?: number | null;
  incidentId?: number | null;
  kind?: StatementKind | null;
  search?: string | null;
  saidAfter?: string | null;
  saidBefore?: string | null;
}

/** Every read of statements, for one dialect; run by db/read.ts's runners (StatementRepository on SQLite). */
export class StatementQueries {
  constructor(private readonly dialect: Dialect) {}

  findByIds(ids: readonly number[]): Read<StatementRow[]> {
    return STATEMENTS_BY_IDS(this.dialect, ids);
  }

  private filterCondition(filter: StatementFilterValues): SQL | undefined {
    return and(
      filter.speakerId != null ? eq(statements.speakerId, filter.speakerId) : undefined,
      filter.articleId != null ? eq(statements.articleId, filter.articleId) : undefined,
      filter.incidentId != null
        ? sql`${statements.id} in (select ${statementIncidents.statementId} from ${statementIncidents} where ${statementIncidents.incidentId} = ${filter.incidentId})`
        : undefined,
      filter.kind != null ? eq(statements.kind, filter.kind) : undefined,
      filter.search ? matchingIds(this.dialect, statements.id, filter.search, SEARCH_FILTER_PATH, [STATEMENT_SEARCH_CODE]) : undefined,
      filter.saidAfter != null ? gte(statements.saidAt, filter.saidAfter) : undefined,
      filter.saidBefore != null ? lte(statements.saidAt, filter.saidBefore) : undefined,
    );
  }

  findPage(filter: StatementFilterValues, request: PageRequest): Read<StatementRow[]> {
    return filteredPage(this.dialect, statements, this.filterCondition(filter), STATEMENT_SORT_NEWEST_FIRST, request);
  }

  count(filter: StatementFilterValues): Read<number> {
    return filteredCount(this.dialect, statements, this.filterCondition(filter));
  }

  pagesByArticle(articleIds: readonly number[], request: PageRequest, omit: readonly string[] = WHOLE_ROW): Read<Map<number, StatementRow[]>> {
    return pagesPerParent(this.dialect, STATEMENTS_BY_ARTICLE, articleIds, request, omit);
  }

  countByArticle(articleIds: readonly number[]): Read<Map<number, number>> {
    return countsPerParent(this.dialect, sql`${statements}`, statements.articleId, articleIds);
  }

  pagesBySpeaker(speakerIds: readonly number[], request: PageRequest, omit: readonly string[] = WHOLE_ROW): Read<Map<number, StatementRow[]>> {
    return pagesPerParent(this.dialect, STATEMENTS_BY_SPEAKER, speakerIds, request, omit);
  }

  countBySpeaker(speakerIds: readonly number[]): Read<Map<number, number>> {
    return countsPerParent(this.dialect, sql`${statements}`, statements.speakerId, speakerIds);
  }

  pagesByIncident(incidentIds: readonly number[], request: PageRequest, omit: readonly string[] = WHOLE_ROW): Read<Map<number, StatementRow[]>> {
    return pagesPerParent(this.dialect, STATEMENTS_BY_INCIDENT, incidentIds, request, omit);
  }

  countByIncident(incidentIds: readonly number[]): Read<Map<number, number>> {
    return countsPerParent(this.dialect, sql`${statementIncidents}`, statementIncidents.incidentId, incidentIds);
  }

  /** Pages of (speaker, article) groups, newest article first, with their statement counts. */
  groupPagesBySpeaker(speakerIds: readonly number[], request: PageRequest): Read<Map<number, SpeakerArticleRow[]>> {
    const keyset = keysetCondition(GROUP_SORT_NEWEST_FIRST, request.after);
    const list = JSON.stringify(speakerIds);
    // Built only when the text is not known yet: a first page's is rendered once (below).
    const page = () => sql`select ${speakerArticles.articleId} from ${speakerArticles}
            where ${speakerArticles.speakerId} = "parent"."value"${keyset ? sql` and ${keyset}` : sql``}
            order by ${sql.join(orderByOf(GROUP_SORT_NEWEST_FIRST), sql`, `)}
            limit ${limitLiteral(request.limit)}`;
    // As pagesPerParent: PostgreSQL reads each speaker's page as a LATERAL index range, SQLite as a correlated IN.
    const build = () =>
      this.dialect.name === "postgres"
        ? sql`select ${columnsOf(speakerArticles, "g")} from ${this.dialect.listTable(sql`${list}`, "parent")}
          cross join lateral (select * from ${speakerArticles}
            where ${speakerArticles.speakerId} = "parent"."value"${keyset ? sql` and ${keyset}` : sql``}
            order by ${sql.join(orderByOf(GROUP_SORT_NEWEST_FIRST), sql`, `)}
            limit ${limitLiteral(request.limit)}) as "g"
          order by "g"."speaker_id", "g"."published_at" desc, "g"."article_id" desc`
        : sql`select ${columnsOf(speakerArticles, "g")} from ${this.dialect.listTable(sql`${list}`, "parent")}
          join ${speakerArticles} as "g" on "g"."speaker_id" = "parent"."value" and "g"."article_id" in (${page()})
          order by "g"."speaker_id", "g"."published_at" desc, "g"."article_id" desc`;
    // A first page's text depends only on the limit (rendered once); a later page's carries its cursor as parameters.
    const read = keyset ? rows<SpeakerArticleRow>(this.dialect, build) : keyedRows<SpeakerArticleRow>(this.dialect, { owner: GROUP_FIRST_PAGES, variant: String(request.limit) }, [list], build);
    return reshaped(read, (found) => groupBy(found, (row) => row.speakerId));
  }

  countGroupsBySpeaker(speakerIds: readonly number[]): Read<Map<number, number>> {
    return countsPerParent(this.dialect, sql`${speakerArticles}`, speakerArticles.speakerId, speakerIds);
  }

  /** The statements of each (speaker, article) pair, in reading order. */
  bySpeakerAndArticle(pairs: readonly (readonly [number, number])[], omit: readonly string[] = WHOLE_ROW): Read<StatementRow[]> {
    return STATEMENTS_BY_SPEAKER_AND_ARTICLE(this.dialect, pairs, omit);
  }

  incidentLinksOf(statementIds: readonly number[]): Read<{ statementId: number; incidentId: number }[]> {
    return rows(
      this.dialect,
      () => sql`select "l"."statement_id" as "statementId", "l"."incident_id" as "incidentId" from ${statementIncidents} as "l"
          where "l"."statement_id" ${this.dialect.inList(jsonList(statementIds))}`,
    );
  }

  /** Every statement of some articles, in reading order: the export's (statement.record.ts). */
  ofArticles(articleIds: readonly number[]): Read<StatementRow[]> {
    return rows(
      this.dialect,
      () => sql`select ${columnsOf(statements, "s")} from ${statements} as "s"
          where "s"."article_id" ${this.dialect.inList(jsonList(articleIds))}
          order by "s"."article_id", "s"."position"`,
    );
  }
}

export type StatementRepository = Synchronous<StatementQueries>;

/** The statement reads on a SQLite connection, run synchronously. */
export function statementRepository(db: Db): StatementRepository {
  return synchronous(new StatementQueries(SQLITE), sqliteRunner(db.$client));
}

/** The text key of groupPagesBySpeaker's first pages. */
const GROUP_FIRST_PAGES = {};

const STATEMENTS_BY_IDS = idListRead<StatementRow>((dialect, ids) => sql`select ${columnsOf(statements, "s")} from ${statements} as "s" where "s"."id" ${dialect.inList(ids)}`);

const STATEMENTS_BY_SPEAKER_AND_ARTICLE = idListRead<StatementRow>(
  (dialect, pairs, omit) => sql`select ${columnsOf(statements, "s", omit)} from ${dialect.pairTable(pairs, "pair")}
      join ${statements} as "s" on "s"."speaker_id" = ${dialect.pairElement("pair", 0)} and "s"."article_id" = ${dialect.pairElement("pair", 1)}
      order by "s"."speaker_id", "s"."article_id", "s"."position"`,
);

const STATEMENTS_BY_ARTICLE: ParentRelation<StatementRow> = {
  rowTable: statements,
  rowId: statements.id,
  innerFrom: sql`${statements}`,
  innerRowId: statements.id,
  parentColumn: statements.articleId,
  sortKey: STATEMENT_SORT_READING_ORDER,
};

const STATEMENTS_BY_SPEAKER: ParentRelation<StatementRow> = {
  rowTable: statements,
  rowId: statements.id,
  innerFrom: sql`${statements}`,
  innerRowId: statements.id,
  parentColumn: statements.speakerId,
  sortKey: STATEMENT_SORT_NEWEST_FIRST,
};

/**
 * STATEMENT_SORT_NEWEST_FIRST over the copies on the incident links (migration 0003): the same
 * values, so the same order and cursors, read off statement_incidents_incident_said_idx.
 */
const INCIDENT_STATEMENT_SORT: SortKey<StatementRow> = [
  { column: statementIncidents.saidAt, direction: "desc", valueOf: (row) => row.saidAt },
  { column: statementIncidents.articleId, direction: "desc", valueOf: (row) => row.articleId },
  { column: statementIncidents.position, direction: "asc", valueOf: (row) => row.position },
];

const STATEMENTS_BY_INCIDENT: ParentRelation<StatementRow> = {
  rowTable: statements,
  rowId: statements.id,
  innerFrom: sql`${statementIncidents}`,
  innerRowId: statementIncidents.statementId,
  parentColumn: statementIncidents.incidentId,
  sortKey: INCIDENT_STATEMENT_SORT,
};
