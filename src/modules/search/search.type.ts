// GraphQL shapes of `search`: the SearchType enum, the SearchResult union and a Relay connection
// whose edges also carry the score and a highlighted snippet. The enum and the union list the
// searchable types of the module list, so they are made by createSearchTypes.
import { createUnionType, Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { PageInfo } from "../../shared/connection.type.js";
import type { NodeTypeDefinition, SearchableType } from "../module.js";
import { nodeTypeOf } from "../node/node.type.js";

/** A node type that search can find. */
export type Searchable = NodeTypeDefinition & { search: SearchableType };

export function createSearchTypes(searchables: readonly Searchable[]) {
  /** The enum's values are the node type names, so a resolver receives type names directly. */
  const SearchTypeEnum = Object.fromEntries(searchables.map((definition) => [definition.search.enumValue, definition.name]));
  registerEnumType(SearchTypeEnum, {
    name: "SearchType",
    description: "A kind of object `search` can find.",
    valuesConfig: Object.fromEntries(searchables.map((definition) => [definition.search.enumValue, { description: definition.search.description }])),
  });

  const SearchResult = createUnionType({
    name: "SearchResult",
    description: "Anything `search` can find.",
    types: () => searchables.map((definition) => definition.classType),
    // Rows carry no GraphQL type: the search service tags them (typed()).
    resolveType: (value) => nodeTypeOf(value),
  });

  @ObjectType("SearchEdge", { simpleResolvers: true, description: "One search hit: what was found, how well it matches, and where." })
  class SearchEdge {
    @Field(() => String, { description: "Opaque cursor of this hit; pass it as `after` for the hits ranked below it." })
    cursor!: string;

    @Field(() => SearchResult, { description: "The article, person, organization, statement or incident found." })
    node!: object;

    @Field(() => Float, {
      description: "Relevance, higher is better; hits come sorted by it. BM25 over the matched words (names and headlines weigh most, then summaries and aliases, then body text), plus 1000 when the query is exactly a name, alias, headline or title.",
    })
    score!: number;

    @Field(() => String, {
      nullable: true,
      description: "An HTML-safe excerpt of the matching text as published, the matched words wrapped in `<mark>…</mark>`.",
    })
    snippet!: string | null;
  }

  @ObjectType("SearchConnection", { simpleResolvers: true, description: "A page of search hits, best first (Relay connection)." })
  class SearchConnection {
    @Field(() => [SearchEdge], { description: "The hits of the page, best first, with cursors, scores and snippets." })
    edges!: SearchEdge[];

    @Field(() => [SearchResult], { description: "The objects found, in rank order (shorthand for edges.node)." })
    nodes!: object[];

    @Field(() => PageInfo, { description: "Cursors and whether more hits follow." })
    pageInfo!: PageInfo;

    @Field(() => Int, {
      // A getter that may return a promise (a batched count): a resolver-less field is read as a plain
      // property by compiled execution, which would serialize the promise itself.
      simple: false,
      description: "How many objects match in all (counted only when asked for)." })
    totalCount!: number;
  }

  return { SearchTypeEnum, SearchConnection };
}
