// The barrel drizzle-kit reads for the pg dialect (src/db/postgres/drizzle.config.ts): every
// table and view of the SQLite barrel, derived (derive.ts), under the same names. Deriving keeps
// the module tables the one definition of the schema; a table added to ../schema.ts must be named
// here too, and test/postgres/schema.test.ts fails until it is.
import * as sqliteSchema from "../schema.js";
import { derivePostgresSchema } from "./derive.js";

export const {
  actors,
  actorAliases,
  articles,
  articleTopics,
  articleCorrections,
  articleMentions,
  relatedArticles,
  statements,
  speakerArticles,
  incidents,
  incidentPerpetrators,
  incidentClaims,
  articleIncidents,
  statementIncidents,
  locations,
  locationAliases,
  locationTree,
  locationArticles,
  statementSuggestions,
  webhooks,
  webhookDeliveries,
  apiKeys,
  revisions,
  refusedMutations,
} = derivePostgresSchema(sqliteSchema);
