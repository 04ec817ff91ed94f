// `search`: user text → ranked hits from the index of the request's engine (FTS5 on SQLite,
// postgres-search.ts on PostgreSQL: the same hits in the same order) → nodes through this request's
// loaders, each with a snippet quoted from the text that matched.
import type { Context } from "../../context.js";
import { decodeCursor, encodeCursor, pageRequest, type PageArgs } from "../../shared/connection.js";
import { BadUserInputError } from "../../shared/errors.js";
import type { NodeType } from "../../shared/global-id.js";
import { analyze, highlightSnippet } from "../../search/analyzer.js";
import type { SearchFields } from "../../search/search-documents.js";
import { entityOfRowId } from "../../search/search-index.js";
import { pageOfRanking, postgresRanking } from "../../search/postgres-search.js";
import { countHits, cursorValuesOf, parseSearchQuery, searchHits, type SearchCursor, type SearchHitRow } from "../../search/search-query.js";
import { createNodeLoader } from "../node/node.resolver.js";
import type { Searchable } from "./search.type.js";

export interface SearchArgs extends PageArgs {
  query: string;
  types?: NodeType[] | null;
}

export interface SearchEdgeValue {
  cursor: string;
  node: object;
  score: number;
  snippet: string | null;
}

function decodeSearchCursor(after: string): SearchCursor {
  const values = decodeCursor(after, 3);
  const [score, sortDate, rowid] = values;
  if (typeof score !== "number" || typeof sortDate !== "string" || typeof rowid !== "number" || !Number.isSafeInteger(rowid)) {
    throw BadUserInputError.field("after", "is not a cursor from this list; use a pageInfo.endCursor or edges.cursor value");
  }
  return [score, sortDate, rowid];
}

const MARKED = /<mark>(.*?)<\/mark>/gu;

/** How many different query words a snippet marks. */
function distinctMarks(snippet: string): number {
  return new Set([...snippet.matchAll(MARKED)].flatMap((match) => analyze(match[1] ?? ""))).size;
}

/**
 * Quoted from the searchable text that marks the most different query words; on a tie, the most
 * important column (a name before an alias, a headline before the body). So `فراس برس` quotes the
 * alias it equals, not the name that shares one word with it.
 */
function snippetOf(fields: SearchFields, terms: string[]): string | null {
  let best: { snippet: string; marks: number } | null = null;
  for (const text of [...fields.title, ...fields.subtitle, ...fields.body]) {
    const snippet = highlightSnippet(text, terms);
    const marks = distinctMarks(snippet);
    if (best === null || marks > best.marks) best = { snippet, marks };
    if (marks === new Set(terms).size) break; // cannot do better
  }
  return best?.snippet ?? null;
}

export type SearchService = (context: Context, args: SearchArgs) => Promise<SearchPage>;

export interface SearchPage {
  edges: SearchEdgeValue[];
  nodes: object[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  readonly totalCount: number;
}

/** `search` over the searchable types of the module list. */
export function createSearchService(searchables: readonly Searchable[]): SearchService {
  const byName = new Map(searchables.map((definition) => [definition.name, definition]));
  const byCode = new Map(searchables.map((definition) => [definition.search.code, definition]));
  const allCodes = searchables.map((definition) => definition.search.code);
  const loadNode = createNodeLoader(searchables);
  return async (context, args) => {
    const query = parseSearchQuery(args.query, "query");
    const codes = args.types && args.types.length > 0 ? args.types.map((type) => byName.get(type)!.search.code) : allCodes;
    // `first` is validated like every list's; the cursor has this list's own shape.
    const { size } = pageRequest({ first: args.first }, []);
    const after = args.after ? decodeSearchCursor(args.after) : null;

    let hits: SearchHitRow[];
    let count: () => number;
    if (context.engine.dialect.name === "postgres") {
      // PostgreSQL ranks every match at once (postgres-search.ts): the page and the total come
      // from that one ranking, so the total costs no statement of its own.
      const ranking = await postgresRanking(context.engine, query, codes);
      hits = pageOfRanking(ranking, after, size + 1);
      count = () => ranking.length;
    } else {
      const sqlite = context.db.$client;
      hits = searchHits(sqlite, query, codes, after, size + 1);
      count = () => countHits(sqlite, query, codes);
    }
    const pageHits = hits.slice(0, size);
    // Loads in one batch per type (DataLoader), and through the request's cache.
    const resolved = await Promise.all(
      pageHits.map(async (hit) => {
        const { code, id } = entityOfRowId(hit.rowid);
        const definition = byCode.get(code);
        if (!definition) return null; // a type this server no longer serves
        const node = await loadNode(context, { type: definition.name, id });
        if (!node) return null; // deleted between the two reads
        const snippet = snippetOf(await definition.search.fields(context, node), query.terms);
        return { cursor: encodeCursor(cursorValuesOf(hit)), node, score: hit.score, snippet } satisfies SearchEdgeValue;
      }),
    );
    const edges = resolved.filter((edge): edge is SearchEdgeValue => edge !== null);
    let total: number | undefined;
    return {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: {
        hasNextPage: hits.length > size,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      get totalCount() {
        total ??= count();
        return total;
      },
    };
  };
}
