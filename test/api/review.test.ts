// The editorial workflow of extraction over HTTP: an article created from its text gets
// suggestions, not statements; editors approve (with changes) or reject them; only approved ones
// reach public reads, and every decision is all or nothing.
import { describe, expect, it } from "vitest";
import { contentCounts } from "../helpers/keys.js";
import { gql, gqlData } from "../helpers/server.js";
import { useSampleServer } from "../helpers/sample-server.js";

const sample = useSampleServer();

const TEXT = [
  'قال وزير الخارجية العراقي فؤاد حسين، الأربعاء، إن "الحوار مع واشنطن مستمر".',
  "وأضاف أن اللجنة العليا ستجتمع الشهر المقبل.",
  "وقالت مصادر أمنية إن القوات رفعت حالة التأهب.",
].join("\n\n");

const CREATE = `mutation($input: CreateArticleFromTextInput!) { createArticleFromText(input: $input) {
  article { id slug statements { totalCount } }
  suggestions { id text kind paragraph speaker { slug } speakerLabel status rule extractorVersion }
  unresolvedNames } }`;
const REVIEW = `mutation($id: ID!, $decision: ReviewDecision!, $changes: UpdateStatementInput) { reviewStatement(id: $id, decision: $decision, changes: $changes) {
  id status reviewedBy statement { id text speaker { slug } speakerLabel origin reviewStatus } } }`;

interface Suggestion {
  id: string;
  text: string;
  speaker: { slug: string } | null;
  speakerLabel: string | null;
  status: string;
}

async function createFromText(slug: string): Promise<{ article: { id: string; statements: { totalCount: number } }; suggestions: Suggestion[] }> {
  const data = await gqlData(sample.server.url, CREATE, { input: { slug, headline: "حسين: الحوار مستمر", text: TEXT, language: "ar", publishedAt: "2024-06-05T09:00:00Z" } }, sample.keys.editor);
  return data.createArticleFromText;
}

describe("articles from text", () => {
  it("writes the article with the extractor's suggestions, none of them public yet", async () => {
    const created = await createFromText("hussein-dialogue");
    expect(created.article.statements.totalCount).toBe(0);
    expect(created.suggestions.map((suggestion) => [suggestion.speaker?.slug ?? suggestion.speakerLabel, suggestion.status])).toEqual([
      ["fuad-hussein", "SUGGESTED"],
      ["fuad-hussein", "SUGGESTED"],
      ["مصادر أمنية", "SUGGESTED"],
    ]);
    const listed = await gqlData(sample.server.url, `{ statementSuggestions(filter: { articleId: "${created.article.id}" }) { totalCount } }`, {}, sample.keys.editor);
    expect(listed.statementSuggestions.totalCount).toBe(3);
    const hussein = await gqlData(sample.server.url, `{ person(slug: "fuad-hussein") { statementsByArticle { nodes { article { slug } } } } }`);
    expect(hussein.person.statementsByArticle.nodes.map((group: { article: { slug: string } }) => group.article.slug)).not.toContain("hussein-dialogue");
  });

  it("keeps suggestions from anyone without an editor key", async () => {
    const result = await gql(sample.server.url, `{ statementSuggestions { totalCount } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses blank text and a taken slug, writing nothing", async () => {
    const before = contentCounts(sample.database);
    const blank = await gql(sample.server.url, CREATE, { input: { slug: "blank-text", headline: "x", text: "  ", language: "ar", publishedAt: "2024-06-05T09:00:00Z" } }, sample.keys.editor);
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const taken = await gql(sample.server.url, CREATE, { input: { slug: "blinken-hussein-isis-partnership", headline: "x", text: TEXT, language: "ar", publishedAt: "2024-06-05T09:00:00Z" } }, sample.keys.editor);
    expect(taken.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(contentCounts(sample.database)).toEqual(before);
  });
});

describe("reviewing suggestions", () => {
  it("publishes an approved suggestion with the editor's changes, as EXTRACTED, and refuses a second decision", async () => {
    const { suggestions, article } = await createFromText("hussein-dialogue-2");
    const [quote, , unnamed] = suggestions;
    const approved = await gqlData(sample.server.url, REVIEW, { id: quote!.id, decision: "APPROVE", changes: { cue: "صرح" } }, sample.keys.editor);
    expect(approved.reviewStatement).toMatchObject({ status: "APPROVED", reviewedBy: "test editor", statement: { text: quote!.text, speaker: { slug: "fuad-hussein" }, origin: "EXTRACTED", reviewStatus: "APPROVED" } });

    const relabelled = await gqlData(sample.server.url, REVIEW, { id: unnamed!.id, decision: "APPROVE", changes: { speakerLabel: "مصادر أمنية عراقية" } }, sample.keys.editor);
    expect(relabelled.reviewStatement.statement).toMatchObject({ speaker: null, speakerLabel: "مصادر أمنية عراقية" });

    const again = await gql(sample.server.url, REVIEW, { id: quote!.id, decision: "REJECT" }, sample.keys.editor);
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");

    const published = await gqlData(sample.server.url, `query($id: ID!) { node(id: $id) { ... on Article { statements { totalCount nodes { cue origin } } } } }`, { id: article.id });
    expect(published.node.statements.totalCount).toBe(2);
    expect(published.node.statements.nodes[0]).toEqual({ cue: "صرح", origin: "EXTRACTED" });
  });

  it("rejects a suggestion without publishing it, and names a bad change's field", async () => {
    const { suggestions, article } = await createFromText("hussein-dialogue-3");
    const bad = await gql(sample.server.url, REVIEW, { id: suggestions[0]!.id, decision: "APPROVE", changes: { paragraph: 7 } }, sample.keys.editor);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "changes.paragraph" }] });
    const rejected = await gqlData(sample.server.url, REVIEW, { id: suggestions[0]!.id, decision: "REJECT" }, sample.keys.editor);
    expect(rejected.reviewStatement).toMatchObject({ status: "REJECTED", statement: null });
    const published = await gqlData(sample.server.url, `query($id: ID!) { node(id: $id) { ... on Article { statements { totalCount } } } }`, { id: article.id });
    expect(published.node.statements.totalCount).toBe(0);
  });

  it("approves many at once, or none when one of them cannot be approved", async () => {
    const { suggestions, article } = await createFromText("hussein-dialogue-4");
    const ids = suggestions.map((suggestion) => suggestion.id);
    await gqlData(sample.server.url, REVIEW, { id: ids[2], decision: "REJECT" }, sample.keys.editor);
    const before = contentCounts(sample.database);
    const refused = await gql(sample.server.url, `mutation($ids: [ID!]!) { approveStatements(ids: $ids) { id } }`, { ids }, sample.keys.editor);
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(contentCounts(sample.database)).toEqual(before);

    const approved = await gqlData(sample.server.url, `mutation($ids: [ID!]!) { approveStatements(ids: $ids) { status } }`, { ids: ids.slice(0, 2) }, sample.keys.editor);
    expect(approved.approveStatements).toEqual([{ status: "APPROVED" }, { status: "APPROVED" }]);
    const hussein = await gqlData(sample.server.url, `{ person(slug: "fuad-hussein") { statementsByArticle(first: 50) { nodes { article { id } statementCount } } } }`);
    expect(hussein.person.statementsByArticle.nodes).toContainEqual({ article: { id: article.id }, statementCount: 2 });
  });

  it("does not take a suggestion's id as a node id", async () => {
    const { suggestions } = await createFromText("hussein-dialogue-5");
    const result = await gql(sample.server.url, `query($id: ID!) { node(id: $id) { id } }`, { id: suggestions[0]!.id });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
