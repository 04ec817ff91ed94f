// The sample queries the playground opens with, one tab each: the questions the sample content
// answers (design.md §5).
export interface SampleQuery {
  title: string;
  query: string;
}

export const SAMPLE_QUERIES: readonly SampleQuery[] = [
  {
    title: "Fuad Hussein's statements, grouped by article",
    query: `# Everything Iraq's foreign minister said, grouped by the article that reported it.
query FuadHusseinStatementsByArticle {
  person(slug: "fuad-hussein") {
    name
    nameEn
    role
    statementsByArticle(first: 10) {
      totalCount
      nodes {
        statementCount
        article {
          headline
          publishedAt
        }
        statements {
          kind
          cue
          text
          paragraph
        }
      }
    }
  }
}
`,
  },
  {
    title: "The Moscow attack: killed and claims",
    query: `# Who claimed the Moscow attack, and how many were killed.
query MoscowAttack {
  incident(slug: "moscow-attack-2024") {
    title
    titleEn
    occurredOn
    killed
    injured
    perpetrators {
      name
      nameEn
    }
    claims {
      stance
      actor {
        name
        nameEn
      }
      statement {
        text
      }
    }
  }
}
`,
  },
  {
    title: "The Kalsu explosion: CENTCOM's denial",
    query: `# The explosion at Kalsu base, and who denied involvement.
query KalsuExplosion {
  incident(slug: "kalsu-base-explosion-2024") {
    title
    titleEn
    occurredOn
    killed
    injured
    location {
      place
      country
    }
    claims {
      stance
      actor {
        slug
        name
        nameEn
      }
      statement {
        cue
        text
      }
    }
  }
}
`,
  },
  {
    title: "Live: new statements",
    query: `# A subscription (over WebSocket to this same URL): run it, then create a statement from another
# terminal (createStatement with an editor key) and it appears here with its speaker and article.
# statementAdded takes the statements list's filter, e.g. (filter: { kind: DIRECT_QUOTE }).
subscription NewStatements {
  statementAdded {
    id
    kind
    text
    speaker {
      name
    }
    article {
      headline
    }
  }
}
`,
  },
];
