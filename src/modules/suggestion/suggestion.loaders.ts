import { createRowLoader } from "../../shared/batch.js";
import type { Reads } from "../../db/read.js";
import type { SuggestionQueries } from "./suggestion.repository.js";
import type { StatementSuggestionRow } from "./suggestion.table.js";

export function createSuggestionLoaders(repository: Reads<SuggestionQueries>) {
  return {
    byId: createRowLoader<number, StatementSuggestionRow>((ids) => repository.findByIds(ids), (row) => row.id),
  };
}
