// The benchmark's GraphQL operations, shared by the runner (which sends them to Khabar and to the
// floor) and the floor server (which answers them by operation name with hand-written SQL).
import { LATIN_FIRST, mulberry32, ROLES, UNNAMED, WORDS } from "./generate.js";

export const PERSON_GROUPED = `query PersonGrouped($slug: String!, $first: Int!) {
  person(slug: $slug) {
    id
    name
    statementsByArticle(first: $first) {
      edges {
        cursor
        node {
          id
          statementCount
          article { id headline publishedAt }
          statements { id text kind }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const ARTICLES_NESTED = `query ArticlesNested($first: Int!, $statements: Int!) {
  articles(first: $first) {
    edges {
      cursor
      node {
        id
        headline
        publishedAt
        statements(first: $statements) {
          edges {
            cursor
            node {
              id
              text
              kind
              speaker { id name }
              incidents { id title }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const INCIDENT_DETAIL = `query IncidentDetail($slug: String!, $first: Int!) {
  incident(slug: $slug) {
    id
    title
    kind
    occurredOn
    killed
    injured
    articles(first: $first) {
      edges { cursor node { id headline publishedAt } }
      pageInfo { hasNextPage endCursor }
    }
    statements(first: $first) {
      edges {
        cursor
        node {
          id
          text
          speaker { id name }
          article { id headline }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const NODE_LOOKUP = `query NodeLookup($id: ID!) {
  node(id: $id) {
    id
    ... on Article { headline }
    ... on Person { name }
    ... on Organization { name }
    ... on Incident { title }
    ... on Statement { text }
  }
}`;

export const SLUG_LOOKUP = `query SlugLookup($slug: String!) {
  article(slug: $slug) { id headline publishedAt }
}`;

/** A search box's request: ten hits with snippets and what each hit is (no totalCount, which counts every match). */
export const SEARCH = `query Search($query: String!, $types: [SearchType!], $first: Int!) {
  search(query: $query, types: $types, first: $first) {
    edges {
      cursor
      score
      snippet
      node {
        __typename
        ... on Article { id headline }
        ... on Person { id name }
        ... on Organization { id name }
        ... on Statement { id text }
        ... on Incident { id title }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const CREATE_STATEMENT = `mutation CreateStatement($input: CreateStatementInput!) {
  createStatement(input: $input) { id text kind speaker { id name } }
}`;

export interface SearchTerm {
  query: string;
  types?: ("ARTICLE" | "PERSON" | "ORGANIZATION" | "STATEMENT" | "INCIDENT")[];
  /** common: in most articles and statements (uniform draws from WORDS); rare: in a few percent of one type. */
  frequency: "common" | "rare";
}

/**
 * Scenario 5's words, from the generator's vocabulary: common ones are in WORDS (every body and
 * statement draws from it uniformly), rare ones only in a field of one kind of record (a role, an
 * English first name, an unnamed-source label, one organization's English name).
 */
export const SEARCH_TERMS: readonly SearchTerm[] = [
  { query: WORDS[0]!, frequency: "common" }, // الحكومة
  { query: "قال", frequency: "common" },
  { query: `${WORDS[1]} ${WORDS[4]}`, frequency: "common" }, // الوزير الأمن: both words
  { query: "الانفجار", types: ["ARTICLE"], frequency: "common" },
  { query: LATIN_FIRST.at(-1)!, types: ["PERSON"], frequency: "rare" }, // Zainab
  { query: ROLES[7]!, frequency: "rare" }, // سفير
  { query: UNNAMED[2]!, frequency: "rare" }, // شهود عيان
  { query: "Organization 42", frequency: "rare" },
];

export function searchOperation(term: SearchTerm, first = 10): OperationBody {
  return { operationName: "Search", query: SEARCH, variables: { query: term.query, first, ...(term.types ? { types: term.types } : {}) } };
}

/** The search terms in turn, one per request, the same order every run. */
export function rotatingSearch(): () => OperationBody {
  let next = 0;
  return () => searchOperation(SEARCH_TERMS[next++ % SEARCH_TERMS.length]!);
}

/** `article(slug:)` for seeded-random articles among the first `articles`. */
export function randomSlugLookups(articles: number, seed = 5): () => OperationBody {
  const random = mulberry32(seed);
  return () => ({ operationName: "SlugLookup", query: SLUG_LOOKUP, variables: { slug: `article-${1 + Math.floor(random() * articles)}` } });
}

/** `createStatement` on seeded-random articles, by seeded-random speakers, at paragraph 0 (every article has one). */
export function randomCreateStatements(articles: number, people: number, seed = 6): () => OperationBody {
  const random = mulberry32(seed);
  const pick = <Item>(items: readonly Item[]) => items[Math.floor(random() * items.length)]!;
  return () => ({
    operationName: "CreateStatement",
    query: CREATE_STATEMENT,
    variables: {
      input: {
        article: `article-${1 + Math.floor(random() * articles)}`,
        text: Array.from({ length: 6 + Math.floor(random() * 12) }, () => pick(WORDS)).join(" "),
        kind: random() < 0.6 ? "DIRECT_QUOTE" : "PARAPHRASE",
        speaker: `person-${1 + Math.floor(random() * people)}`,
        paragraph: 0,
      },
    },
  });
}

/** The busiest speaker and incident: rank 0 of the generator's Zipf draws. */
export const BUSY_PERSON = "person-1";
export const BUSY_INCIDENT = "incident-1";

export interface OperationBody {
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Scenarios 1–3 at a page size: `first` for every connection (articles-nested: 20 × 10 by default). */
export function nestedOperations(pageSize?: number): Record<"person-grouped" | "articles-nested" | "incident-detail", OperationBody> {
  return {
    "person-grouped": { operationName: "PersonGrouped", query: PERSON_GROUPED, variables: { slug: BUSY_PERSON, first: pageSize ?? 10 } },
    "articles-nested": { operationName: "ArticlesNested", query: ARTICLES_NESTED, variables: { first: pageSize ?? 20, statements: pageSize ?? 10 } },
    "incident-detail": { operationName: "IncidentDetail", query: INCIDENT_DETAIL, variables: { slug: BUSY_INCIDENT, first: pageSize ?? 10 } },
  };
}
