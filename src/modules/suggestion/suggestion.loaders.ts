import { createRowLoader } from "../../shared/batch.js";
import type { Reads } from "../../shared/reads.js";
import type { SuggestionRepository } from "./suggestion.repository.js";
import type { StatementSuggestionRow } from "./suggestion.table.js";

export function createSuggestionLoaders(repository: Reads<SuggestionRepository>) {
  return {
    byId: createRowLoader<number, StatementSuggestionRow>((ids) => repository.findByIds(ids), (row) => row.id),
  };
}
