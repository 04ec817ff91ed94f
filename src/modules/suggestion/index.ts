// The suggestion module: the extractor's proposals waiting for review, and the decisions on them.
// Suggestions are not public content: no node type, no search, no records, never cached.
import type { KhabarModule } from "../module.js";
import { createSuggestionLoaders } from "./suggestion.loaders.js";
import { SuggestionQueries } from "./suggestion.repository.js";
import { ArticleFromTextResolver, StatementSuggestionResolver } from "./suggestion.resolver.js";

export type SuggestionLoaders = ReturnType<typeof createSuggestionLoaders>;

export const suggestionModule: KhabarModule<"suggestions", SuggestionQueries, SuggestionLoaders> = {
  key: "suggestions",
  resolvers: [StatementSuggestionResolver, ArticleFromTextResolver],
  createQueries: (dialect) => new SuggestionQueries(dialect),
  createLoaders: createSuggestionLoaders,
};
