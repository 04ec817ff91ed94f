// The full-text engine behind the `search` filter of the lists: the repositories take these
// matchers (createRepositories), so every list filter and the search query share one engine.
import type { ActorTextMatcher } from "../modules/actor/actor.repository.js";
import type { TextMatcher } from "../modules/article/article.repository.js";
import { articles } from "../modules/article/article.table.js";
import { actors } from "../modules/actor/actor.table.js";
import type { IncidentTextMatcher } from "../modules/incident/incident.repository.js";
import { incidents } from "../modules/incident/incident.table.js";
import type { StatementTextMatcher } from "../modules/statement/statement.repository.js";
import { statements } from "../modules/statement/statement.table.js";
import { matchingIds } from "./search-query.js";

const FILTER_PATH = "filter.search";

export const fullTextArticleMatcher: TextMatcher = {
  articleIds: (query) => matchingIds(articles.id, query, FILTER_PATH, ["Article"]),
};

/** Names, English names and aliases only: a role or a mention elsewhere does not make a match. */
export const fullTextActorMatcher: ActorTextMatcher = {
  actorIds: (query) => matchingIds(actors.id, query, FILTER_PATH, ["Person", "Organization"], ["title", "subtitle"]),
};

export const fullTextStatementMatcher: StatementTextMatcher = {
  statementIds: (query) => matchingIds(statements.id, query, FILTER_PATH, ["Statement"]),
};

export const fullTextIncidentMatcher: IncidentTextMatcher = {
  incidentIds: (query) => matchingIds(incidents.id, query, FILTER_PATH, ["Incident"]),
};
