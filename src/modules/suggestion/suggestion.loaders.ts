import { createRowLoader } from "../../shared/batch.js";
import type { SuggestionRepository } from "./suggestion.repository.js";
import type { StatementSuggestionRow } from "./suggestion.table.js";

export function createSuggestionLoaders(repository: SuggestionRepository) {
  return {
    byId: createRowLoader<number, StatementSuggestionRow>((ids) => repository.findByIds(ids), (row) => row.id),
  };
}
