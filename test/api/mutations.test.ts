import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/shared/global-id.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { contentCounts, createTestKeys, type TestKeys } from "../helpers/keys.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";

let database: TestDatabase;
let server: TestServer;
let keys: TestKeys;

beforeAll(async () => {
  database = await createSampleDatabase();
  server = await startTestServer(database);
  keys = createTestKeys(database);
});

afterAll(async () => {
  await server.close();
  database.destroy();
});

const editor = (query: string, variables?: Record<string, unknown>) => gqlData(server.url, query, variables, keys.editor);
const admin = (query: string, variables?: Record<string, unknown>) => gqlData(server.url, query, variables, keys.admin);
async function failure(query: string, variables: Record<string, unknown>, headers = keys.admin) {
  const result = await gql(server.url, query, variables, headers);
  expect(result.errors, JSON.stringify(result.data)).toBeDefined();
  return result.errors![0]!;
}

const CREATE_PERSON = `mutation($input: CreatePersonInput!) { createPerson(input: $input) { id slug name nameEn aliases role country updatedAt affiliation { slug } } }`;
const UPDATE_PERSON = `mutation($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { id slug name nameEn aliases role country updatedAt affiliation { slug } } }`;
const CREATE_ARTICLE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) {
  id slug headline updatedAt direction paragraphs topics image { caption }
  people { slug } organizations { slug } incidents { slug } relatedArticles { slug }
  statements { totalCount nodes { id text kind paragraph speaker { slug } speakerLabel via { slug } incidents { slug } saidAt } } } }`;

function articleInput(slug: string, statements: Record<string, unknown>[] = []) {
  return {
    slug,
    headline: "عنوان تجريبي",
    body: "الفقرة الأولى.\n\nالفقرة الثانية.\n\nالفقرة الثالثة.",
    language: "ar",
    publishedAt: "2024-05-01T10:00:00Z",
    topics: ["test"],
    image: { caption: "صورة" },
    people: ["joe-biden"],
    incidents: ["moscow-attack-2024"],
    relatedArticles: ["blinken-hussein-isis-partnership"],
    statements,
  };
}

describe("people and organizations", () => {
  it("creates a person with an affiliation given by slug and returns the same shape the queries return", async () => {
    const data = await editor(CREATE_PERSON, { input: { slug: "test-person", name: "شخص", nameEn: "Test Person", aliases: ["TP"], role: "متحدث", country: "IQ", affiliation: "us-state-department" } });
    expect(data.createPerson).toMatchObject({ slug: "test-person", name: "شخص", aliases: ["TP"], country: "IQ", affiliation: { slug: "us-state-department" } });
    const read = await gqlData(server.url, `{ person(slug: "test-person") { id name } }`);
    expect(read.person.id).toBe(data.createPerson.id);
  });

  it("updates only the fields given, clears a field set to null, and moves updatedAt", async () => {
    const created = (await editor(CREATE_PERSON, { input: { slug: "update-me", name: "قبل", nameEn: "Before", role: "دور" } })).createPerson;
    const updated = (await editor(UPDATE_PERSON, { id: created.id, input: { name: "بعد", nameEn: null, affiliation: toGlobalId("Organization", 1) } })).updatePerson;
    expect(updated).toMatchObject({ slug: "update-me", name: "بعد", nameEn: null, role: "دور", affiliation: { slug: expect.any(String) } });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
  });

  it("renames a slug, and refuses a slug another person or organization has with CONFLICT", async () => {
    const created = (await editor(CREATE_PERSON, { input: { slug: "rename-me", name: "اسم" } })).createPerson;
    expect((await editor(UPDATE_PERSON, { id: created.id, input: { slug: "renamed" } })).updatePerson.slug).toBe("renamed");
    expect((await failure(UPDATE_PERSON, { id: created.id, input: { slug: "reuters" } })).extensions?.code).toBe("CONFLICT");
    expect((await failure(CREATE_PERSON, { input: { slug: "antony-blinken", name: "x" } })).extensions?.code).toBe("CONFLICT");
  });

  it("answers NOT_FOUND for an unknown id and for the id of the other kind of actor", async () => {
    expect((await failure(UPDATE_PERSON, { id: toGlobalId("Person", 99999), input: { name: "x" } })).extensions?.code).toBe("NOT_FOUND");
    const reuters = (await gqlData(server.url, `{ organization(slug: "reuters") { id } }`)).organization.id;
    const error = await failure(UPDATE_PERSON, { id: reuters, input: { name: "x" } });
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("reports every invalid field at once, with dotted paths under the argument name", async () => {
    const error = await failure(CREATE_PERSON, { input: { slug: "Not A Slug", name: "  ", country: "Iraq", aliases: ["ok", ""] } });
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    const paths = (error.extensions?.fieldErrors as { path: string }[]).map((fieldError) => fieldError.path);
    expect(new Set(paths)).toEqual(new Set(["input.slug", "input.name", "input.country", "input.aliases"]));
  });

  it("refuses to clear a required field with null", async () => {
    const id = (await editor(CREATE_PERSON, { input: { slug: "no-clear", name: "اسم" } })).createPerson.id;
    const error = await failure(UPDATE_PERSON, { id, input: { name: null } });
    expect(error.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: "input.name" })]);
  });

  it("names an unknown reference as a BAD_USER_INPUT field error", async () => {
    const error = await failure(CREATE_PERSON, { input: { slug: "bad-affiliation", name: "اسم", affiliation: "no-such-org" } });
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "input.affiliation", message: expect.stringContaining("no-such-org") }] });
  });

  it("creates, updates and deletes an organization", async () => {
    const created = (await editor(`mutation { createOrganization(input: { slug: "test-agency", name: "وكالة", kind: NEWS_AGENCY, country: "FR" }) { id kind country } }`)).createOrganization;
    expect(created).toMatchObject({ kind: "NEWS_AGENCY", country: "FR" });
    const updated = (await editor(`mutation($id: ID!) { updateOrganization(id: $id, input: { kind: OTHER, country: null }) { kind country } }`, { id: created.id })).updateOrganization;
    expect(updated).toEqual({ kind: "OTHER", country: null });
    expect((await admin(`mutation($id: ID!) { deleteOrganization(id: $id) }`, { id: created.id })).deleteOrganization).toBe(created.id);
    expect((await gqlData(server.url, `{ organization(slug: "test-agency") { id } }`)).organization).toBeNull();
  });

  it("refuses with CONFLICT to delete a person who still speaks, and deletes after reassigning the statements", async () => {
    const before = contentCounts(database);
    const person = (await gqlData(server.url, `{ person(slug: "fuad-hussein") { id statements { totalCount } } }`)).person;
    const error = await failure(`mutation($id: ID!) { deletePerson(id: $id) }`, { id: person.id });
    expect(error.extensions).toMatchObject({ code: "CONFLICT", statementCount: person.statements.totalCount });
    expect(contentCounts(database)).toEqual(before);

    await editor(CREATE_PERSON, { input: { slug: "hussein-heir", name: "وريث" } });
    expect((await admin(`mutation($id: ID!) { deletePerson(id: $id, reassignTo: "hussein-heir") }`, { id: person.id })).deletePerson).toBe(person.id);
    const heir = (await gqlData(server.url, `{ person(slug: "hussein-heir") { statements { totalCount } articles { totalCount } } }`)).person;
    expect(heir.statements.totalCount).toBe(person.statements.totalCount);
    expect(heir.articles.totalCount).toBeGreaterThan(0);
  });
});

describe("merging duplicates", () => {
  it("moves statements, mentions and aliases to the target and deletes the source", async () => {
    const source = (await gqlData(server.url, `{ person(slug: "antony-blinken") { id name nameEn aliases statements { totalCount } articles { totalCount } statementsByArticle { totalCount } } }`)).person;
    const target = (await editor(CREATE_PERSON, { input: { slug: "blinken-duplicate", name: "بلينكن المكرر", aliases: ["Tony"] } })).createPerson;
    const merged = (
      await admin(`mutation($s: ID!, $t: ID!) { mergePeople(sourceId: $s, targetId: $t) { slug aliases nameEn statements { totalCount } articles { totalCount } statementsByArticle { totalCount } } }`, {
        s: source.id,
        t: target.id,
      })
    ).mergePeople;
    expect(merged.slug).toBe("blinken-duplicate");
    expect(merged.statements.totalCount).toBe(source.statements.totalCount);
    expect(merged.articles.totalCount).toBe(source.articles.totalCount);
    expect(merged.statementsByArticle.totalCount).toBe(source.statementsByArticle.totalCount);
    expect(merged.nameEn).toBe(source.nameEn);
    expect(merged.aliases).toEqual(expect.arrayContaining(["Tony", source.name, ...source.aliases]));
    expect((await gqlData(server.url, `{ person(slug: "antony-blinken") { id } }`)).person).toBeNull();
  });

  it("merges organizations, including statements reported through them and perpetrations", async () => {
    const source = (await gqlData(server.url, `{ organization(slug: "islamic-state-khorasan") { id statements { totalCount } } }`)).organization;
    const target = (await gqlData(server.url, `{ organization(slug: "islamic-state") { id statements { totalCount } } }`)).organization;
    const merged = (await admin(`mutation($s: ID!, $t: ID!) { mergeOrganizations(sourceId: $s, targetId: $t) { slug statements { totalCount } } }`, { s: source.id, t: target.id })).mergeOrganizations;
    expect(merged.statements.totalCount).toBe(source.statements.totalCount + target.statements.totalCount);
    const moscow = (await gqlData(server.url, `{ incident(slug: "moscow-attack-2024") { perpetrators { slug } } }`)).incident;
    expect(moscow.perpetrators.map((actor: { slug: string }) => actor.slug)).toContain("islamic-state");
    expect(moscow.perpetrators.map((actor: { slug: string }) => actor.slug)).not.toContain("islamic-state-khorasan");
  });

  it("refuses to merge an actor into itself, and unknown ids are NOT_FOUND", async () => {
    const id = (await gqlData(server.url, `{ person(slug: "joe-biden") { id } }`)).person.id;
    expect((await failure(`mutation($s: ID!, $t: ID!) { mergePeople(sourceId: $s, targetId: $t) { id } }`, { s: id, t: id })).extensions?.code).toBe("BAD_USER_INPUT");
    expect((await failure(`mutation($s: ID!, $t: ID!) { mergePeople(sourceId: $s, targetId: $t) { id } }`, { s: toGlobalId("Person", 9999), t: id })).extensions?.code).toBe("NOT_FOUND");
  });
});

describe("articles and statements", () => {
  it("creates an article with nested statements and mentions in one go", async () => {
    const article = (
      await editor(CREATE_ARTICLE, {
        input: articleInput("nested-article", [
          { text: "نص أول", kind: "DIRECT_QUOTE", speaker: "joe-biden", paragraph: 0, incidents: ["moscow-attack-2024"] },
          { text: "نص ثان", kind: "PARAPHRASE", speakerLabel: "مصادر أمنية", paragraph: 2, via: "reuters", saidAt: "2024-04-30T08:00:00Z" },
        ]),
      })
    ).createArticle;
    expect(article).toMatchObject({ slug: "nested-article", direction: "RTL", topics: ["test"], image: { caption: "صورة" }, incidents: [{ slug: "moscow-attack-2024" }], relatedArticles: [{ slug: "blinken-hussein-isis-partnership" }] });
    expect(article.paragraphs).toHaveLength(3);
    expect(article.statements.totalCount).toBe(2);
    expect(article.statements.nodes[0]).toMatchObject({ speaker: { slug: "joe-biden" }, saidAt: "2024-05-01T10:00:00.000Z", incidents: [{ slug: "moscow-attack-2024" }] });
    expect(article.statements.nodes[1]).toMatchObject({ speaker: null, speakerLabel: "مصادر أمنية", via: { slug: "reuters" }, saidAt: "2024-04-30T08:00:00.000Z" });
    expect(article.organizations.map((actor: { slug: string }) => actor.slug)).toContain("reuters");
    const related = (await gqlData(server.url, `{ article(slug: "blinken-hussein-isis-partnership") { relatedArticles { slug } } }`)).article;
    expect(related.relatedArticles.map((item: { slug: string }) => item.slug)).toContain("nested-article");
  });

  it("writes nothing when one nested statement is bad, and lists every problem with its path", async () => {
    const before = contentCounts(database);
    const error = await failure(
      CREATE_ARTICLE,
      {
        input: articleInput("atomic-article", [
          { text: "جيد", kind: "DIRECT_QUOTE", speaker: "joe-biden", paragraph: 0 },
          { text: "جيد أيضا", kind: "PARAPHRASE", speaker: "joe-biden", paragraph: 1 },
          { text: "", kind: "PARAPHRASE", speaker: "joe-biden", paragraph: -1, saidAt: "yesterday" },
        ]),
      },
      keys.editor,
    );
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    const paths = (error.extensions?.fieldErrors as { path: string }[]).map((fieldError) => fieldError.path);
    expect(new Set(paths)).toEqual(new Set(["input.statements.2.text", "input.statements.2.paragraph", "input.statements.2.saidAt"]));
    expect(contentCounts(database)).toEqual(before);
  });

  it("writes nothing when a statement's speaker does not exist or its paragraph is past the body", async () => {
    const before = contentCounts(database);
    const unknownSpeaker = await failure(CREATE_ARTICLE, { input: articleInput("atomic-2", [{ text: "نص", kind: "DIRECT_QUOTE", speaker: "nobody-at-all", paragraph: 0 }]) }, keys.editor);
    expect(unknownSpeaker.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: "input.statements.0.speaker" })]);
    const pastBody = await failure(CREATE_ARTICLE, { input: articleInput("atomic-3", [{ text: "نص", kind: "DIRECT_QUOTE", speaker: "joe-biden", paragraph: 7 }]) }, keys.editor);
    expect(pastBody.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: "input.statements.0.paragraph" })]);
    expect(contentCounts(database)).toEqual(before);
  });

  it("refuses a duplicate article slug with CONFLICT", async () => {
    expect((await failure(CREATE_ARTICLE, { input: articleInput("blinken-hussein-isis-partnership") }, keys.editor)).extensions?.code).toBe("CONFLICT");
  });

  it("updates an article's headline and replaces its statements, keeping ids by position", async () => {
    const created = (await editor(CREATE_ARTICLE, { input: articleInput("replace-statements", [{ text: "أ", kind: "DIRECT_QUOTE", speaker: "joe-biden", paragraph: 0 }]) })).createArticle;
    const updated = (
      await editor(
        `mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { headline summary updatedAt statements { nodes { id text speaker { slug } } } } }`,
        {
          id: created.id,
          input: {
            headline: "عنوان جديد",
            summary: "ملخص",
            statements: [
              { text: "أ معدل", kind: "DIRECT_QUOTE", speaker: "joe-biden", paragraph: 0 },
              { text: "ب", kind: "PARAPHRASE", speaker: "fuad-hussein-missing", paragraph: 1 },
            ],
          },
        },
      ).catch((error: Error) => error)
    );
    // The second speaker does not exist: nothing changed.
    expect(updated).toBeInstanceOf(Error);
    const after = (await gqlData(server.url, `{ article(slug: "replace-statements") { headline statements { nodes { text } } } }`)).article;
    expect(after).toEqual({ headline: "عنوان تجريبي", statements: { nodes: [{ text: "أ" }] } });

    const good = (
      await editor(`mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { headline updatedAt statements { nodes { id text } } } }`, {
        id: created.id,
        input: { headline: "عنوان جديد", statements: [{ text: "أ معدل", kind: "DIRECT_QUOTE", speaker: "joe-biden", paragraph: 0 }, { text: "ب", kind: "PARAPHRASE", speaker: "reuters", paragraph: 1 }] },
      })
    ).updateArticle;
    expect(good.headline).toBe("عنوان جديد");
    expect(good.statements.nodes.map((node: { text: string }) => node.text)).toEqual(["أ معدل", "ب"]);
    expect(good.statements.nodes[0].id).toBe(created.statements.nodes[0].id);
    expect(Date.parse(good.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
  });

  it("adds, corrects and deletes a single statement, keeping reading order and stamping the article", async () => {
    const article = (await editor(CREATE_ARTICLE, { input: articleInput("single-statements", [{ text: "آخر", kind: "DIRECT_QUOTE", speaker: "joe-biden", paragraph: 2 }]) })).createArticle;
    const added = (
      await editor(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { id text paragraph article { slug updatedAt statements { nodes { text } } } } }`, {
        input: { article: article.id, text: "أول", kind: "PARAPHRASE", speaker: "reuters", paragraph: 0 },
      })
    ).createStatement;
    expect(added.article.statements.nodes.map((node: { text: string }) => node.text)).toEqual(["أول", "آخر"]);
    expect(Date.parse(added.article.updatedAt)).toBeGreaterThan(Date.parse(article.updatedAt));

    const corrected = (await editor(`mutation($id: ID!) { updateStatement(id: $id, input: { text: "أول مصحح", cue: "قال" }) { id text cue kind speaker { slug } } }`, { id: added.id })).updateStatement;
    expect(corrected).toEqual({ id: added.id, text: "أول مصحح", cue: "قال", kind: "PARAPHRASE", speaker: { slug: "reuters" } });

    const bad = await failure(`mutation($id: ID!) { updateStatement(id: $id, input: { paragraph: 9 }) { id } }`, { id: added.id }, keys.editor);
    expect(bad.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: "input.paragraph" })]);

    expect((await admin(`mutation($id: ID!) { deleteStatement(id: $id) }`, { id: added.id })).deleteStatement).toBe(added.id);
    expect((await gqlData(server.url, `query($id: ID!) { statement(id: $id) { id } }`, { id: added.id })).statement).toBeNull();
    expect((await failure(`mutation($id: ID!) { deleteStatement(id: $id) }`, { id: added.id })).extensions?.code).toBe("NOT_FOUND");
  });

  it("deletes an article with its statements", async () => {
    const article = (await editor(CREATE_ARTICLE, { input: articleInput("to-delete", [{ text: "نص", kind: "DIRECT_QUOTE", speaker: "joe-biden", paragraph: 0 }]) })).createArticle;
    const statementId = article.statements.nodes[0].id;
    expect((await admin(`mutation($id: ID!) { deleteArticle(id: $id) }`, { id: article.id })).deleteArticle).toBe(article.id);
    expect((await gqlData(server.url, `query($id: ID!) { statement(id: $id) { id } }`, { id: statementId })).statement).toBeNull();
    expect((await failure(`mutation($id: ID!) { deleteArticle(id: $id) }`, { id: article.id })).extensions?.code).toBe("NOT_FOUND");
  });
});

describe("incidents", () => {
  const CREATE_INCIDENT = `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id slug kind occurredOn killed injured updatedAt location { place country latitude } perpetrators { slug } claims { stance actor { slug } } } }`;

  it("creates, updates and deletes an incident", async () => {
    const created = (
      await editor(CREATE_INCIDENT, {
        input: { slug: "test-blast", title: "انفجار", kind: "EXPLOSION", occurredOn: "2024-04-19", killed: 1, injured: 8, location: { place: "كالسو", country: "IQ", latitude: 32.8 }, perpetrators: ["israel-defense-forces"], claims: [{ actor: "us-central-command", stance: "DENIED" }] },
      })
    ).createIncident;
    expect(created).toMatchObject({ kind: "EXPLOSION", occurredOn: "2024-04-19", killed: 1, location: { place: "كالسو", country: "IQ", latitude: 32.8 }, perpetrators: [{ slug: "israel-defense-forces" }], claims: [{ stance: "DENIED", actor: { slug: "us-central-command" } }] });
    const updated = (await editor(`mutation($id: ID!) { updateIncident(id: $id, input: { killed: null, perpetrators: [] }) { killed injured updatedAt perpetrators { slug } } }`, { id: created.id })).updateIncident;
    expect(updated).toMatchObject({ killed: null, injured: 8, perpetrators: [] });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
    expect((await admin(`mutation($id: ID!) { deleteIncident(id: $id) }`, { id: created.id })).deleteIncident).toBe(created.id);
    expect((await failure(`mutation($id: ID!) { deleteIncident(id: $id) }`, { id: created.id })).extensions?.code).toBe("NOT_FOUND");
  });

  it("validates counts, dates, countries and coordinates all at once", async () => {
    const error = await failure(CREATE_INCIDENT, { input: { slug: "bad-incident", title: "x", kind: "OTHER", occurredOn: "2024-02-30", killed: -1, location: { country: "XX", latitude: 100 } } }, keys.editor);
    const paths = (error.extensions?.fieldErrors as { path: string }[]).map((fieldError) => fieldError.path);
    expect(new Set(paths)).toEqual(new Set(["input.occurredOn", "input.killed", "input.location.country", "input.location.latitude"]));
  });

  it("refuses a duplicate incident slug with CONFLICT", async () => {
    expect((await failure(CREATE_INCIDENT, { input: { slug: "moscow-attack-2024", title: "x", kind: "OTHER", occurredOn: "2024-01-01" } }, keys.editor)).extensions?.code).toBe("CONFLICT");
  });
});

describe("queries with validation on", () => {
  it("still answer filters and pages as before", async () => {
    const data = await gqlData(server.url, `{ articles(first: 5, filter: { language: "ar" }) { totalCount } people(filter: { country: "US" }) { totalCount } incidents(filter: { minKilled: 0 }) { totalCount } }`);
    expect(data.articles.totalCount).toBeGreaterThan(0);
    expect(data.people.totalCount).toBeGreaterThan(0);
  });
});
