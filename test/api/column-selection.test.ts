// Nested relations read only the columns the query's fields need (shared/column-selection.ts).
// The danger of that lever is a field whose resolver reads a column its entry forgot: it would
// answer null or a wrong value only when reached through a nested relation. So every field of
// Statement, Person, Organization, Incident and Article is asked through each pruned relation, alone, and
// compared with the same object fetched whole through `nodes(ids:)`.
import { getNamedType, isCompositeType, isLeafType, isObjectType, isNonNullType, type GraphQLField, type GraphQLObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildKhabarSchema } from "../../src/schema.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { createTestKeys } from "../helpers/keys.js";
import { gqlData, startTestServer, type TestServer } from "../helpers/server.js";

let database: TestDatabase;
let server: TestServer;
let editor: Record<string, string>;
let recording = false;
const recorded: string[] = [];

beforeAll(async () => {
  database = await createSampleDatabase({
    onStatement: (sql) => {
      if (recording) recorded.push(sql);
    },
  });
  server = await startTestServer(database);
  editor = createTestKeys(database).editor;
});
afterAll(async () => {
  await server.close();
  database.destroy();
});

const schema = buildKhabarSchema();

/** A selection of one field: scalars as they are, objects by their type name and id, pages by their size. */
function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((argument) => isNonNullType(argument.type) && argument.defaultValue === undefined);
  if (required.length > 0) return "";
  const named = getNamedType(field.type);
  if (!isCompositeType(named)) return field.name;
  if (isObjectType(named) && named.name.endsWith("Connection")) return `${field.name}(first: 2) { totalCount }`;
  if (isObjectType(named)) {
    // An object without an id (an image, a claim's figures) is compared by its leaves: its nullness alone would hide a column left out.
    const fields = Object.values(named.getFields());
    const leaves = named.getFields().id ? ["id"] : fields.filter((inner) => isLeafType(getNamedType(inner.type)) && inner.args.length === 0).map((inner) => inner.name);
    return `${field.name} { __typename ${leaves.join(" ")} }`;
  }
  return `${field.name} { __typename ... on Node { id } }`;
}

function fieldsOf(typeName: string): string[] {
  const type = schema.getType(typeName) as GraphQLObjectType;
  return Object.values(type.getFields())
    .map(selectionOf)
    .filter((selection) => selection !== "" && selection !== "id");
}

type Found = { id: string; [field: string]: unknown };

/** Every object the query reaches under `pick`, with the answer to the one selected field. */
async function throughRelation(query: (selection: string) => string, pick: (data: Record<string, unknown>) => Found[], selection: string): Promise<Found[]> {
  const data = await gqlData<Record<string, unknown>>(server.url, query(selection), undefined, editor);
  return pick(data).filter((found) => found !== null);
}

async function whole(typeName: string, ids: string[], selection: string): Promise<Found[]> {
  const data = await gqlData<{ nodes: Found[] }>(server.url, `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on ${typeName} { id ${selection} } } }`, { ids }, editor);
  return data.nodes;
}

interface Nodes<Item> {
  nodes: Item[];
}
type Path = [name: string, query: (selection: string) => string, pick: (data: Record<string, unknown>) => Found[]];
/** Reads an answer as the shape its query asked for (gqlData has checked there were no errors). */
const as = <Shape>(data: Record<string, unknown>) => data as unknown as Shape;

const STATEMENT_PATHS: Path[] = [
  [
    "an article's statements",
    (s) => `{ articles(first: 5) { nodes { statements(first: 20) { nodes { id ${s} } } } } }`,
    (d) => as<{ articles: Nodes<{ statements: Nodes<Found> }> }>(d).articles.nodes.flatMap((article) => article.statements.nodes),
  ],
  [
    "a speaker's statements",
    (s) => `{ person(slug: "antony-blinken") { statements(first: 20) { edges { node { id ${s} } } } } }`,
    (d) => as<{ person: { statements: { edges: { node: Found }[] } } }>(d).person.statements.edges.map((edge) => edge.node),
  ],
  [
    "an incident's statements",
    (s) => `{ incidents(first: 5) { nodes { statements(first: 20) { nodes { id ${s} } } } } }`,
    (d) => as<{ incidents: Nodes<{ statements: Nodes<Found> }> }>(d).incidents.nodes.flatMap((incident) => incident.statements.nodes),
  ],
  [
    "a group's statements",
    (s) => `{ person(slug: "fuad-hussein") { statementsByArticle { nodes { statements { id ${s} } } } } }`,
    (d) => as<{ person: { statementsByArticle: Nodes<{ statements: Found[] }> } }>(d).person.statementsByArticle.nodes.flatMap((group) => group.statements),
  ],
];

const ACTOR_PATHS: Path[] = [
  ["statements' speakers", (s) => `{ statements(first: 50) { nodes { speaker { id ${s} } } } }`, (d) => as<{ statements: Nodes<{ speaker: Found }> }>(d).statements.nodes.map((node) => node.speaker)],
  ["statements' agencies", (s) => `{ statements(first: 50) { nodes { via { id ${s} } } } }`, (d) => as<{ statements: Nodes<{ via: Found }> }>(d).statements.nodes.map((node) => node.via)],
  [
    "groups' speakers",
    (s) => `{ person(slug: "fuad-hussein") { statementsByArticle { nodes { speaker { id ${s} } } } } }`,
    (d) => as<{ person: { statementsByArticle: Nodes<{ speaker: Found }> } }>(d).person.statementsByArticle.nodes.map((group) => group.speaker),
  ],
];

const INCIDENT_PATHS: Path[] = [
  ["statements' incidents", (s) => `{ statements(first: 50) { nodes { incidents { id ${s} } } } }`, (d) => as<{ statements: Nodes<{ incidents: Found[] }> }>(d).statements.nodes.flatMap((node) => node.incidents)],
];

const ARTICLE_PATHS: Path[] = [
  ["statements' articles", (s) => `{ statements(first: 50) { nodes { article { id ${s} } } } }`, (d) => as<{ statements: Nodes<{ article: Found }> }>(d).statements.nodes.map((node) => node.article)],
  [
    "groups' articles",
    (s) => `{ person(slug: "fuad-hussein") { statementsByArticle { nodes { article { id ${s} } } } } }`,
    (d) => as<{ person: { statementsByArticle: Nodes<{ article: Found }> } }>(d).person.statementsByArticle.nodes.map((group) => group.article),
  ],
];

async function expectSameAsWhole(typeName: string, fragment: (selection: string) => string, paths: Path[], fields: string[]) {
  for (const [name, query, pick] of paths) {
    for (const field of fields) {
      const found = await throughRelation(query, pick, fragment(field));
      expect(found.length, `${name}: nothing found to compare`).toBeGreaterThan(0);
      const expected = await whole(typeName, found.map((item) => item.id), field);
      const byId = new Map(expected.map((item) => [item.id, item]));
      for (const item of found) expect(item, `${name}, ${field}`).toEqual(byId.get(item.id));
    }
  }
}

/** The SQL text of the statement `query` ran that `matching` picks out (failing with every statement run when none does). */
async function statementRun(query: string, matching: (sql: string) => boolean): Promise<string> {
  recorded.length = 0;
  recording = true;
  try {
    await gqlData(server.url, query);
  } finally {
    recording = false;
  }
  const found = recorded.find(matching);
  expect(found, recorded.join("\n")).toBeDefined();
  return found!;
}

describe("nested relations that read only the selected columns", () => {
  it("answer every Statement field as the whole row does", async () => {
    await expectSameAsWhole("Statement", (field) => field, STATEMENT_PATHS, fieldsOf("Statement"));
  });

  it("answer every Person and Organization field as the whole row does", async () => {
    const person = fieldsOf("Person").map((field) => `... on Person { ${field} }`);
    const organization = fieldsOf("Organization").map((field) => `... on Organization { ${field} }`);
    for (const field of [...person, ...organization]) {
      for (const [name, query, pick] of ACTOR_PATHS) {
        // `via` is an Organization: a Person fragment cannot be spread there.
        if (name === "statements' agencies" && field.startsWith("... on Person")) continue;
        const found = await throughRelation(query, pick, field);
        if (found.length === 0) continue;
        const expected = await whole("Actor", found.map((item) => item.id), field);
        const byId = new Map(expected.map((item) => [item.id, item]));
        for (const item of found) expect(item, `${name}, ${field}`).toEqual(byId.get(item.id));
      }
    }
    // Both kinds of actor are reached, so neither fragment compared nothing.
    type Typed = { __typename: string } | null;
    const kinds = await gqlData<{ statements: Nodes<{ speaker: Typed; via: Typed }> }>(server.url, `{ statements(first: 50) { nodes { speaker { __typename } via { __typename } } } }`);
    const names = new Set(kinds.statements.nodes.flatMap((node) => [node.speaker?.__typename, node.via?.__typename]).filter((name) => name !== undefined));
    expect([...names].sort()).toEqual(["Organization", "Person"]);
  });

  it("answer every Incident field as the whole row does", async () => {
    await expectSameAsWhole("Incident", (field) => field, INCIDENT_PATHS, fieldsOf("Incident"));
  });

  it("answer every Article field as the whole row does", async () => {
    await expectSameAsWhole("Article", (field) => field, ARTICLE_PATHS, fieldsOf("Article"));
  });

  it("read only the columns the selected fields need, and the whole row for fields they do not know", async () => {
    const pageSql = (selection: string) =>
      statementRun(`{ articles(first: 3) { nodes { statements(first: 5) { nodes { ${selection} } } } } }`, (sql) => sql.includes(`as "parentId"`) && sql.includes(`"row"."position"`));
    const lean = await pageSql("text");
    expect(lean).toContain(`"row"."text"`);
    expect(lean).not.toContain(`"row"."cue"`);
    expect(lean).not.toContain(`"row"."speaker_label"`);
    expect(await pageSql("text cue")).toContain(`"row"."cue"`);
    // `__typename` needs no column; fragments count whatever their condition.
    expect(await pageSql("__typename ... on Statement { speakerLabel }")).toContain(`"row"."speaker_label"`);
  });

  it("read an article's headline for a statement without its summary or image, and the whole row for a field they do not know", async () => {
    const articleSql = (selection: string) => statementRun(`{ statements(first: 5) { nodes { article { ${selection} } } } }`, (sql) => sql.includes(`from "articles" as "a" where "a"."id"`));
    const lean = await articleSql("headline");
    expect(lean).toContain(`"a"."headline"`);
    expect(lean).not.toContain(`"a"."summary"`);
    expect(lean).not.toContain(`"a"."image_caption"`);
    expect(lean).not.toContain(`"a"."body"`);
    expect(await articleSql("headline image { alt }")).toContain(`"a"."image_alt"`);
    expect(await articleSql("__typename ... on Article { summary }")).toContain(`"a"."summary"`);
  });
});
