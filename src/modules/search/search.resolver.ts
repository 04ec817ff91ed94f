import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { PageArgsInput } from "../../shared/connection.type.js";
import type { NodeType } from "../../shared/global-id.js";
import { MAX_QUERY_LENGTH } from "../../search/search-query.js";
import { createSearchService } from "./search.service.js";
import { createSearchTypes, type Searchable } from "./search.type.js";

/** The `search` query over the given searchable types (the module list's). */
export function createSearchResolver(searchables: readonly Searchable[]): Function {
  const { SearchTypeEnum, SearchConnection } = createSearchTypes(searchables);
  const search = createSearchService(searchables);

  @Resolver()
  class SearchResolver {
    @Query(() => SearchConnection, {
      description:
        "Full-text search across articles, people, organizations, statements and incidents, best match first. Arabic is matched the way a good Arabic analyzer does (diacritics and tatweel ignored, أ إ آ → ا, ى → ي, ة → ه, attached prefixes such as و ال بال and common suffixes stripped); English is case- and accent-folded and lightly stemmed; the last word also matches as a prefix.",
    })
    search(
      @Arg("query", () => String, { description: `What to look for, as typed: any text is valid (quotes and operators are plain text). Blank or over ${MAX_QUERY_LENGTH} characters is BAD_USER_INPUT.` })
      query: string,
      @Arg("types", () => [SearchTypeEnum], { nullable: true, description: "Only these kinds of objects; all kinds when omitted or empty." })
      types: NodeType[] | null,
      @Args(() => PageArgsInput) page: PageArgsInput,
      @Ctx() context: Context,
    ) {
      return search(context, { query, types, first: page.first, after: page.after });
    }
  }
  return SearchResolver;
}
