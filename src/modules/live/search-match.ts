// The `search` filter of a subscription, in memory: the same analysis and the same rule as the
// search index (search/analyzer.ts's buildMatchQuery): every analyzed query word must be one of the
// text's words, the last one also as a prefix when it has 3+ letters.
import { analyze, MIN_PREFIX_LENGTH } from "../../search/analyzer.js";
import { parseSearchQuery, SEARCH_FILTER_PATH } from "../../search/search-query.js";

/** The words of a row's searchable texts, analyzed. */
export function searchTermsOf(texts: readonly string[]): ReadonlySet<string> {
  return new Set(texts.flatMap((text) => analyze(text)));
}

/**
 * A matcher for what a user typed, checked (blank or too long is BAD_USER_INPUT on
 * `filter.search`, as for the lists) when the subscription starts. Text with nothing searchable
 * in it matches nothing, as in the lists.
 */
export function searchMatcher(query: string): (terms: ReadonlySet<string>) => boolean {
  const { terms: wanted } = parseSearchQuery(query, SEARCH_FILTER_PATH);
  if (wanted.length === 0) return () => false;
  const exact = wanted.slice(0, -1);
  const last = wanted.at(-1) as string;
  const asPrefix = [...last].length >= MIN_PREFIX_LENGTH;
  return (terms) => {
    if (!exact.every((term) => terms.has(term))) return false;
    if (terms.has(last)) return true;
    if (!asPrefix) return false;
    for (const term of terms) if (term.startsWith(last)) return true;
    return false;
  };
}

/** Computes a value on first use (the search words of an event only a search filter reads). */
export function lazy<Value>(compute: () => Value): () => Value {
  let value: { computed: Value } | undefined;
  return () => (value ??= { computed: compute() }).computed;
}
