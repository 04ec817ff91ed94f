// The actor columns each Person and Organization field reads (both types, since a speaker may be
// either), so an actor fetched for a nested field reads only what is asked
// (shared/column-selection.ts). A field missing here makes the fetch read the whole row.
import { getTableColumns } from "drizzle-orm";
import type { FieldColumns } from "../../shared/column-selection.js";
import { actors, type ActorRow } from "./actor.table.js";

export const ACTOR_COLUMNS: FieldColumns<ActorRow> = {
  all: Object.keys(getTableColumns(actors)) as (keyof ActorRow & string)[],
  // actorType decides the GraphQL type (Person or Organization) of every actor value.
  always: ["id", "actorType"],
  fields: {
    id: ["id"],
    slug: ["slug"],
    name: ["name"],
    nameEn: ["nameEn"],
    country: ["country"],
    role: ["role"],
    roleEn: ["roleEn"],
    affiliation: ["affiliationId"],
    kind: ["kind"],
    wikidataId: ["wikidataId"],
    sameAs: ["sameAs"],
    updatedAt: ["updatedAt"],
    aliases: ["id"],
    articles: ["id"],
    publishedArticles: ["id"],
    statements: ["id"],
    statementsByArticle: ["id"],
    revisions: ["id"],
  },
};
