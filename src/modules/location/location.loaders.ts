import { createListLoader, createRowLoader } from "../../shared/batch.js";
import type { Reads } from "../../db/read.js";
import { createParentPageLoader } from "../../shared/parent-pages.js";
import type { ArticleRowWithoutBody } from "../article/article.table.js";
import type { IncidentRow } from "../incident/incident.table.js";
import type { LocationFacts } from "./location.facts.js";
import { ARTICLES_AT_LOCATION, INCIDENTS_AT_LOCATION, type LocationQueries } from "./location.repository.js";
import type { LocationRow } from "./location.table.js";

export function createLocationLoaders(repository: Reads<LocationQueries>) {
  const byId = createRowLoader<number, LocationRow>((ids) => repository.findByIds(ids), (row) => row.id);
  return {
    byId,
    byWikidataId: createRowLoader<string, LocationRow>(
      async (wikidataIds) => {
        const rows = await repository.findByWikidataIds(wikidataIds);
        for (const row of rows) byId.prime(row.id, row);
        return rows;
      },
      (row) => row.wikidataId ?? "",
    ),
    bySlug: createRowLoader<string, LocationRow>(
      async (slugs) => {
        const rows = await repository.findBySlugs(slugs);
        for (const row of rows) byId.prime(row.id, row);
        return rows;
      },
      (row) => row.slug,
    ),
    aliases: createListLoader((ids: readonly number[]) => repository.aliasesOf(ids), (row) => row.locationId),
    /** Region and country, inherited from the places around it. */
    facts: createRowLoader<number, LocationFacts>((ids) => repository.factsOf(ids), (row) => row.id),
    incidents: createParentPageLoader<IncidentRow>({
      sortKey: INCIDENTS_AT_LOCATION.sortKey,
      fetch: (ids, request) => repository.incidentPages(ids, request),
      count: (ids) => repository.countIncidents(ids),
    }),
    articles: createParentPageLoader<ArticleRowWithoutBody>({
      sortKey: ARTICLES_AT_LOCATION.sortKey,
      fetch: (ids, request) => repository.articlePages(ids, request),
      count: (ids) => repository.countArticles(ids),
    }),
  };
}
