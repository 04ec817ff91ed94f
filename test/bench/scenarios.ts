// The benchmark's GraphQL operations, shared by the runner (which sends them to Khabar and to the
// floor) and the floor server (which answers them by operation name with hand-written SQL).

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

export const SEARCH = `query Search($query: String!) {
  search(query: $query, first: 10) { __typename }
}`;

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
