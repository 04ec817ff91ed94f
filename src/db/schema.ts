// The barrel drizzle-kit reads to generate migrations, and the schema the client is typed with.
export * from "../modules/actor/actor.table.js";
export * from "../modules/article/article.table.js";
export * from "../modules/statement/statement.table.js";
export * from "../modules/incident/incident.table.js";
export * from "../modules/location/location.table.js";
export * from "../modules/suggestion/suggestion.table.js";
export * from "../modules/webhook/webhook.table.js";
export * from "../modules/api-key/api-key.table.js";
export * from "../modules/revision/revision.table.js";
