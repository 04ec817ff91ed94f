// The per-request loader registry. Loaders cache by key for the life of one request only, so a
// write in one request is never hidden from the next by a stale cache.
import { createActorLoaders } from "../modules/actor/actor.loaders.js";
import { createArticleLoaders } from "../modules/article/article.loaders.js";
import { createIncidentLoaders } from "../modules/incident/incident.loaders.js";
import { createStatementLoaders } from "../modules/statement/statement.loaders.js";
import type { Repositories } from "./repositories.js";

export function createLoaders(repositories: Repositories) {
  return {
    articles: createArticleLoaders(repositories.articles),
    actors: createActorLoaders(repositories.actors),
    statements: createStatementLoaders(repositories.statements),
    incidents: createIncidentLoaders(repositories.incidents),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
