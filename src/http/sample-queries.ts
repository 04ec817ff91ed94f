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
      name
      region
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
    title: "Everything in Babil province",
    query: `# A region's incidents include those of the places inside it (Camp Kalsu is in Iskandariya, in Babil).
query BabilProvince {
  location(slug: "babil-governorate") {
    name
    nameEn
    kind
    country
    parent {
      name
    }
    incidents {
      nodes {
        title
        killed
        location {
          name
          kind
          latitude
          longitude
        }
      }
    }
    articles {
      nodes {
        headline
      }
    }
  }
}
`,
  },
  {
    title: "Extract statements from a text",
    query: `# Paste an article (Arabic or English) into the text: nothing is written.
query ExtractStatements {
  extractStatements(
    text: "قال وزير الخارجية العراقي فؤاد حسين، الثلاثاء، إن \\"الشراكة مع واشنطن مستمرة\\".\\n\\nوقالت مصادر أمنية إن القوات رفعت حالة التأهب."
    language: "ar"
  ) {
    language
    statements {
      kind
      cue
      paragraph
      text
      speaker {
        name
      }
      speakerLabel
      confidence
      rule
    }
    unresolvedNames
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
