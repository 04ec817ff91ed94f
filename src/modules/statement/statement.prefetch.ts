// The relations a query asks of a page of statements (their speakers, their incidents), read for
// the whole page before the page resolves, so each statement's `speaker` and `incidents` take
// their value at once (`peek`) rather than through a DataLoader load, a promise and a batch entry
// each. The prefetches of one level's pages (20 articles' statements) share one statement per
// relation, the same statements the per-row loads made, so the SQL is unchanged. A 20-article
// reply has ~400 such loads; stubbing them out took ~0.9 ms off its ~3 ms of CPU.
import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context.js";
import { omittedColumns } from "../../shared/column-selection.js";
import type { Connection } from "../../shared/connection.js";
import { selectedFieldsBelow, type ResultShape } from "../../shared/selection.js";
import { ACTOR_COLUMNS } from "../actor/actor.columns.js";
import { INCIDENT_COLUMNS } from "../incident/incident.columns.js";
import type { StatementRow } from "./statement.table.js";

/** Prefetches what `info` asks of these statements' speakers and incidents. Never fails: a field whose prefetch failed loads (and fails) on its own. */
export async function prefetchStatementRelations(loaders: Context["loaders"], info: GraphQLResolveInfo, shape: ResultShape, rows: readonly StatementRow[]): Promise<void> {
  if (rows.length === 0) return;
  const loads: Promise<void>[] = [];
  const speakerFields = selectedFieldsBelow(info, shape, "speaker");
  if (speakerFields) {
    const speakerIds = new Set<number>();
    for (const row of rows) if (row.speakerId != null) speakerIds.add(row.speakerId);
    loads.push(loaders.actors.byId.prefetch([...speakerIds], omittedColumns(ACTOR_COLUMNS, speakerFields)));
  }
  const incidentFields = selectedFieldsBelow(info, shape, "incidents");
  if (incidentFields) loads.push(loaders.incidents.spokenAboutIn.prefetch(rows.map((row) => row.id), omittedColumns(INCIDENT_COLUMNS, incidentFields)));
  await Promise.all(loads).catch(() => undefined);
}

/** A statement connection, once what it asks of its statements' relations is prefetched. */
export async function withStatementRelations(loaders: Context["loaders"], info: GraphQLResolveInfo, page: Promise<Connection<StatementRow>>): Promise<Connection<StatementRow>> {
  const connection = await page;
  await prefetchStatementRelations(loaders, info, "connection", connection.nodes);
  return connection;
}
