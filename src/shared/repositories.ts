// The repositories of one database. They hold no per-request state, so a server makes them once.
import type { Db } from "../db/client.js";
import { ActorRepository } from "../modules/actor/actor.repository.js";
import { ArticleRepository } from "../modules/article/article.repository.js";
import { IncidentRepository } from "../modules/incident/incident.repository.js";
import { StatementRepository } from "../modules/statement/statement.repository.js";
import { fullTextActorMatcher, fullTextArticleMatcher, fullTextIncidentMatcher, fullTextStatementMatcher } from "../search/search-matchers.js";

export interface Repositories {
  articles: ArticleRepository;
  actors: ActorRepository;
  statements: StatementRepository;
  incidents: IncidentRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    articles: new ArticleRepository(db, fullTextArticleMatcher),
    actors: new ActorRepository(db, fullTextActorMatcher),
    statements: new StatementRepository(db, fullTextStatementMatcher),
    incidents: new IncidentRepository(db, fullTextIncidentMatcher),
  };
}
