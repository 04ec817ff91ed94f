// Live updates over WebSocket: real graphql-ws clients (and raw ws sockets, for what a well-behaved
// client never sends) on loopback against a real server. Nothing here sleeps: a test waits for
// the events it expects or for the server's gauges to reach a value; the only timeouts are the
// guards that turn a hang into a failure.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApolloClient, HttpLink, InMemoryCache, gql as clientGql, split } from "@apollo/client/core";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition } from "@apollo/client/utilities";
import { createClient, type Client, type FormattedExecutionResult } from "graphql-ws";
import WebSocket from "ws";
import { ApiKeyStore } from "../../src/auth/api-keys.js";
import { changeFeedOf } from "../../src/db/change-feed.js";
import { importNdjson } from "../../src/ingest/importer.js";
import { liveSubscriptions } from "../../src/modules/live/live-topic.js";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { createTestKeys, type TestKeys } from "../helpers/keys.js";
import { gql, gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { guarded as guardedBy } from "../helpers/guarded.js";

type ExecutionResult<Data> = FormattedExecutionResult<Data, unknown>;

/** How long a wait may take before the test fails instead of hanging. */
const HANG_GUARD_MS = 5_000;

function guarded<Value>(promise: Promise<Value>, what: string): Promise<Value> {
  return guardedBy(promise, what, HANG_GUARD_MS);
}

function wsUrlOf(url: string): string {
  return url.replace(/^http/, "ws");
}

interface Subscription<Data> {
  events: ExecutionResult<Data>[];
  /** Resolves with the events once `count` have arrived. */
  received(count: number): Promise<ExecutionResult<Data>[]>;
  /** Resolves with the events received before the first one `isLast` accepts (that one included). */
  until(isLast: (event: ExecutionResult<Data>) => boolean): Promise<ExecutionResult<Data>[]>;
  /** Resolves with the errors of an `error` message. */
  failed(): Promise<unknown>;
  stop(): void;
}

function subscribe<Data = Record<string, unknown>>(client: Client, query: string, variables?: Record<string, unknown>): Subscription<Data> {
  const events: ExecutionResult<Data>[] = [];
  const waiters: (() => void)[] = [];
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<unknown>((resolve) => (fail = resolve));
  const stop = client.subscribe<Data>(
    { query, variables },
    {
      next: (event) => {
        events.push(event);
        for (const waiter of [...waiters]) waiter();
      },
      error: (error) => fail(error),
      complete: () => undefined,
    },
  );
  const waitFor = (done: () => boolean, what: string) =>
    guarded(
      new Promise<void>((resolve) => {
        const check = () => {
          if (!done()) return;
          waiters.splice(waiters.indexOf(check), 1);
          resolve();
        };
        waiters.push(check);
        check();
      }),
      what,
    );
  return {
    events,
    received: async (count) => {
      await waitFor(() => events.length >= count, `${count} events of ${query}`);
      return events;
    },
    until: async (isLast) => {
      await waitFor(() => events.some(isLast), `the last event of ${query}`);
      return events.slice(0, events.findIndex(isLast) + 1);
    },
    failed: () => guarded(failed, `an error for ${query}`),
    stop,
  };
}

function liveClient(server: TestServer, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url: wsUrlOf(server.url), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** Resolves once the server runs `count` subscriptions (they are registered before any write then). */
function subscriptionsRunning(server: TestServer, count: number): Promise<void> {
  return guarded(server.server.live.subscriptions.until((value) => value === count), `${count} running subscriptions`);
}

/** A raw WebSocket speaking (or not) graphql-transport-ws, for messages a real client never sends. */
interface RawSocket {
  socket: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  /** Sends connection_init and resolves on connection_ack. */
  init(): Promise<void>;
}

/** `protocol` null: the client offers no subprotocol at all. */
async function rawSocket(server: TestServer, protocol: string | null = "graphql-transport-ws"): Promise<RawSocket> {
  const socket = protocol === null ? new WebSocket(wsUrlOf(server.url)) : new WebSocket(wsUrlOf(server.url), protocol);
  const acknowledged = new Promise<void>((resolve) =>
    socket.on("message", (data) => {
      if ((JSON.parse(String(data)) as { type?: string }).type === "connection_ack") resolve();
    }),
  );
  const closed = guarded(new Promise<{ code: number; reason: string }>((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: String(reason) }))), "the socket to close");
  await guarded(new Promise<void>((resolve, reject) => (socket.once("open", () => resolve()), socket.once("error", reject))), "the socket to open");
  return {
    socket,
    closed,
    init: () => {
      socket.send(JSON.stringify({ type: "connection_init" }));
      return guarded(acknowledged, "connection_ack");
    },
  };
}

const STATEMENT_FIELDS = `id text kind speaker { __typename name } article { slug headline } incidents { slug }`;

interface StatementEvent {
  statementAdded: { id: string; text: string; kind: string; speaker: { __typename: string; name: string } | null; article: { slug: string; headline: string }; incidents: { slug: string }[] };
}

const CREATE_STATEMENT = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`;

describe("live updates over graphql-ws", () => {
  let database: TestDatabase;
  let server: TestServer;
  let keys: TestKeys;
  const clients: Client[] = [];
  const ids: Record<string, string> = {};

  const open = (connectionParams?: Record<string, unknown>) => {
    const client = liveClient(server, connectionParams);
    clients.push(client);
    return client;
  };
  const createStatement = (input: Record<string, unknown>) =>
    gqlData(server.url, CREATE_STATEMENT, { input: { article: "blinken-hussein-isis-partnership", paragraph: 1, kind: "PARAPHRASE", ...input } }, keys.editor);

  beforeAll(async () => {
    database = await createSampleDatabase();
    keys = createTestKeys(database);
    server = await startTestServer(database);
    const data = await gqlData(
      server.url,
      `{ fuad: person(slug: "fuad-hussein") { id } blinken: person(slug: "antony-blinken") { id }
         moscow: incident(slug: "moscow-attack-2024") { id } kalsu: incident(slug: "kalsu-base-explosion-2024") { id }
         main: article(slug: "blinken-hussein-isis-partnership") { id } }`,
    );
    for (const [name, value] of Object.entries(data as Record<string, { id: string }>)) ids[name] = value.id;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    await subscriptionsRunning(server, 0);
  });

  afterAll(async () => {
    await server.close();
    database.destroy();
  });

  it("delivers a statement created by a mutation, with its speaker, article and incidents", async () => {
    const client = open();
    const added = subscribe<StatementEvent>(client, `subscription { statementAdded { ${STATEMENT_FIELDS} } }`);
    await subscriptionsRunning(server, 1);

    const { createStatement: created } = await createStatement({ text: "سنواصل الشراكة", speaker: "fuad-hussein", incidents: ["moscow-attack-2024"] });

    const [event] = await added.received(1);
    expect(event?.errors).toBeUndefined();
    expect(event?.data?.statementAdded).toMatchObject({
      id: created.id,
      text: "سنواصل الشراكة",
      speaker: { __typename: "Person", name: "فؤاد حسين" },
      article: { slug: "blinken-hussein-isis-partnership" },
      incidents: [{ slug: "moscow-attack-2024" }],
    });
  });

  it("works with Apollo Client's GraphQLWsLink split from its HttpLink, as the README sets it up", async () => {
    const wsClient = open();
    const apollo = new ApolloClient({
      link: split(
        ({ query }) => {
          const definition = getMainDefinition(query);
          return definition.kind === "OperationDefinition" && definition.operation === "subscription";
        },
        new GraphQLWsLink(wsClient),
        new HttpLink({ uri: server.url, headers: keys.editor }),
      ),
      cache: new InMemoryCache(),
    });
    const texts: string[] = [];
    let received: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (received = resolve));
    const observer = apollo
      .subscribe<{ statementAdded: { id: string; text: string; speaker: { name: string } | null } }>({
        query: clientGql`subscription ($filter: StatementFilter) { statementAdded(filter: $filter) { id text speaker { name } } }`,
        variables: { filter: { speakerId: ids.fuad } },
      })
      .subscribe({
        next: ({ data }) => {
          if (data) texts.push(data.statementAdded.text);
          received();
        },
      });
    await subscriptionsRunning(server, 1);
    await apollo.mutate({
      mutation: clientGql`mutation ($input: CreateStatementInput!) { createStatement(input: $input) { id } }`,
      variables: { input: { article: "blinken-hussein-isis-partnership", paragraph: 1, kind: "PARAPHRASE", text: "عبر أبولو", speaker: "fuad-hussein" } },
    });
    await guarded(arrived, "Apollo Client's event");
    expect(texts).toEqual(["عبر أبولو"]);
    observer.unsubscribe();
    apollo.stop();
  });

  it("delivers to each filter exactly the statements it matches, over 100 mixed writes", async () => {
    const client = open();
    const filters = {
      all: {},
      byFuad: { speakerId: ids.fuad },
      quotes: { kind: "DIRECT_QUOTE" },
      aboutMoscow: { incidentId: ids.moscow },
      searchPartnership: { search: "الشراكة" },
      fuadQuotesAboutKalsu: { speakerId: ids.fuad, kind: "DIRECT_QUOTE", incidentId: ids.kalsu },
    };
    const subscriptions = Object.fromEntries(
      Object.entries(filters).map(([name, filter]) => [name, subscribe<StatementEvent>(client, `subscription($filter: StatementFilter) { statementAdded(filter: $filter) { id text } }`, { filter })]),
    );
    await subscriptionsRunning(server, Object.keys(filters).length);

    const expected = Object.fromEntries(Object.keys(filters).map((name) => [name, 0]));
    for (let index = 0; index < 100; index += 1) {
      const speaker = index % 3 === 0 ? "fuad-hussein" : "antony-blinken";
      const kind = index % 2 === 0 ? "DIRECT_QUOTE" : "PARAPHRASE";
      const incident = ["moscow-attack-2024", "kalsu-base-explosion-2024", null][index % 5 % 3] ?? null;
      const text = index % 4 === 0 ? `الشراكة رقم ${index}` : `تصريح رقم ${index}`;
      // Every tenth write is an edit of an earlier statement: an update adds nothing.
      if (index % 10 === 9) {
        const { statements } = await gqlData(server.url, `{ statements(first: 1) { nodes { id } } }`);
        await gqlData(server.url, `mutation($id: ID!) { updateStatement(id: $id, input: { text: "تصريح معدل" }) { id } }`, { id: statements.nodes[0].id }, keys.editor);
        continue;
      }
      await createStatement({ text, speaker, kind, incidents: incident ? [incident] : [] });
      expected.all! += 1;
      if (speaker === "fuad-hussein") expected.byFuad! += 1;
      if (kind === "DIRECT_QUOTE") expected.quotes! += 1;
      if (incident === "moscow-attack-2024") expected.aboutMoscow! += 1;
      if (text.startsWith("الشراكة")) expected.searchPartnership! += 1;
      if (speaker === "fuad-hussein" && kind === "DIRECT_QUOTE" && incident === "kalsu-base-explosion-2024") expected.fuadQuotesAboutKalsu! += 1;
    }
    // One last statement that every filter matches: once a subscription has it, it has all the others.
    await createStatement({ text: "الشراكة الأخيرة", speaker: "fuad-hussein", kind: "DIRECT_QUOTE", incidents: ["moscow-attack-2024", "kalsu-base-explosion-2024"] });

    const counts: Record<string, number> = {};
    for (const [name, subscription] of Object.entries(subscriptions)) {
      const events = await subscription.until((event) => event.data?.statementAdded.text === "الشراكة الأخيرة");
      counts[name] = events.length - 1;
      expect(events.every((event) => event.errors === undefined)).toBe(true);
    }
    expect(counts).toEqual(expected);
    expect(expected.fuadQuotesAboutKalsu).toBeGreaterThan(0);
  });

  it("raises nothing for a mutation that rolled back", async () => {
    const client = open();
    const added = subscribe<StatementEvent>(client, `subscription { statementAdded { text } }`);
    const published = subscribe<{ articlePublished: { slug: string } }>(client, `subscription { articlePublished { slug } }`);
    await subscriptionsRunning(server, 2);

    // The second statement's speaker does not exist: the whole article, first statement included, is refused.
    const refused = await gql(
      server.url,
      `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id } }`,
      {
        input: {
          slug: "never-written",
          headline: "لن تكتب",
          body: "فقرة.\n\nفقرة ثانية.",
          language: "ar",
          publishedAt: "2024-05-01T10:00:00Z",
          statements: [
            { text: "الأولى", kind: "PARAPHRASE", speaker: "fuad-hussein", paragraph: 0 },
            { text: "الثانية", kind: "PARAPHRASE", speaker: "nobody-at-all", paragraph: 1 },
          ],
        },
      },
      keys.editor,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    await createStatement({ text: "بعد الفشل", speaker: "fuad-hussein" });

    const events = await added.until((event) => event.data?.statementAdded.text === "بعد الفشل");
    expect(events.map((event) => event.data?.statementAdded.text)).toEqual(["بعد الفشل"]);
    expect(published.events).toEqual([]);
  });

  it("adds an extracted statement only when an editor approves it (suggestions are not public)", async () => {
    const client = open();
    const added = subscribe<StatementEvent>(client, `subscription { statementAdded { text article { slug } } }`);
    await subscriptionsRunning(server, 1);

    const { createArticleFromText: created } = await gqlData(
      server.url,
      `mutation($input: CreateArticleFromTextInput!) { createArticleFromText(input: $input) { suggestions { id text } } }`,
      { input: { slug: "from-text", headline: "من نص", language: "ar", publishedAt: "2024-07-01T09:00:00Z", text: 'قال وزير الخارجية العراقي فؤاد حسين إن "الشراكة مستمرة".\n\nوأضاف أن "العمل متواصل".' } },
      keys.editor,
    );
    expect(created.suggestions.length).toBeGreaterThan(0);
    await createStatement({ text: "قبل الموافقة", speaker: "fuad-hussein" });
    const [first] = await added.received(1);
    expect(first?.data?.statementAdded.text).toBe("قبل الموافقة");

    await gqlData(server.url, `mutation($ids: [ID!]!) { approveStatements(ids: $ids) { id } }`, { ids: [created.suggestions[0].id] }, keys.editor);
    const events = await added.received(2);
    expect(events[1]?.data?.statementAdded).toMatchObject({ text: created.suggestions[0].text, article: { slug: "from-text" } });
    expect(events).toHaveLength(2);
  });

  it("raises events for an import: the article is published and its statements added", async () => {
    const client = open();
    const added = subscribe<StatementEvent>(client, `subscription($filter: StatementFilter) { statementAdded(filter: $filter) { text article { slug } } }`, { filter: { speakerId: ids.blinken } });
    const published = subscribe<{ articlePublished: { slug: string; people: { slug: string }[] } }>(
      client,
      `subscription($filter: ArticleFilter) { articlePublished(filter: $filter) { slug people { slug } } }`,
      { filter: { personId: ids.blinken, topic: "diplomacy" } },
    );
    await subscriptionsRunning(server, 2);

    const article = (slug: string, topics: string[]) =>
      JSON.stringify({
        type: "article",
        slug,
        headline: `عنوان ${slug}`,
        body: "فقرة أولى.\n\nفقرة ثانية.",
        language: "ar",
        publishedAt: "2024-06-01T08:00:00Z",
        topics,
        statements: [
          { text: `قال بلينكن في ${slug}`, kind: "PARAPHRASE", speaker: "antony-blinken", paragraph: 0 },
          { text: `قال حسين في ${slug}`, kind: "PARAPHRASE", speaker: "fuad-hussein", paragraph: 1 },
        ],
      });
    const summary = await importNdjson(database.db, [article("imported-one", ["diplomacy"]), article("imported-two", ["economy"])], { batchSize: 1 });
    expect(summary.created).toBe(2);

    const statements = await added.received(2);
    expect(statements.map((event) => event.data?.statementAdded)).toEqual([
      { text: "قال بلينكن في imported-one", article: { slug: "imported-one" } },
      { text: "قال بلينكن في imported-two", article: { slug: "imported-two" } },
    ]);
    const [articleEvent] = await published.received(1);
    expect(articleEvent?.data?.articlePublished).toEqual({ slug: "imported-one", people: expect.arrayContaining([{ slug: "antony-blinken" }]) });

    // Importing the same file again changes nothing, so it raises nothing: the next event is a new one.
    await importNdjson(database.db, [article("imported-one", ["diplomacy"]), article("imported-three", ["diplomacy"])]);
    const after = await published.received(2);
    expect(after.map((event) => event.data?.articlePublished.slug)).toEqual(["imported-one", "imported-three"]);
  });

  it("raises incidentUpdated when casualties change or a statement about the incident is added, filtered like the list", async () => {
    const client = open();
    const deadly = subscribe<{ incidentUpdated: { slug: string; killed: number | null } }>(client, `subscription { incidentUpdated(filter: { minKilled: 100 }) { slug killed } }`);
    const inIraq = subscribe<{ incidentUpdated: { slug: string; killed: number | null; statements: { totalCount: number } } }>(
      client,
      `subscription { incidentUpdated(filter: { country: "IQ" }) { slug killed statements { totalCount } } }`,
    );
    await subscriptionsRunning(server, 2);

    const update = (id: string, killed: number) => gqlData(server.url, `mutation($id: ID!, $killed: Int) { updateIncident(id: $id, input: { killed: $killed }) { id } }`, { id, killed }, keys.editor);
    await update(ids.kalsu!, 2);
    await update(ids.moscow!, 144);
    await createStatement({ text: "عن كالسو", speaker: "fuad-hussein", incidents: ["kalsu-base-explosion-2024"] });
    await update(ids.kalsu!, 3);

    const iraq = await inIraq.received(3);
    expect(iraq.map((event) => event.data?.incidentUpdated.slug)).toEqual(["kalsu-base-explosion-2024", "kalsu-base-explosion-2024", "kalsu-base-explosion-2024"]);
    expect(iraq.map((event) => event.data?.incidentUpdated.killed)).toEqual([2, 2, 3]);
    expect(iraq[2]!.data!.incidentUpdated.statements.totalCount).toBe(iraq[0]!.data!.incidentUpdated.statements.totalCount + 1);
    const [moscow] = await deadly.received(1);
    expect(moscow?.data?.incidentUpdated).toEqual({ slug: "moscow-attack-2024", killed: 144 });
    expect(deadly.events).toHaveLength(1);
  });

  it("raises incidentUpdated for the incidents at a place whose name changes", async () => {
    const client = open();
    const inBabil = subscribe<{ incidentUpdated: { slug: string; location: { name: string; region: string } } }>(
      client,
      `subscription { incidentUpdated { slug location { name region } } }`,
    );
    await subscriptionsRunning(server, 1);
    const { location } = await gqlData(server.url, `{ location(slug: "babil-governorate") { id } }`);
    await gqlData(server.url, `mutation($id: ID!) { updateLocation(id: $id, input: { name: "محافظة بابل الكبرى" }) { id } }`, { id: location.id }, keys.editor);
    const [event] = await inBabil.received(1);
    expect(event?.data?.incidentUpdated).toEqual({ slug: "kalsu-base-explosion-2024", location: { name: "معسكر كالسو", region: "محافظة بابل الكبرى" } });
    await gqlData(server.url, `mutation($id: ID!) { updateLocation(id: $id, input: { name: "محافظة بابل" }) { id } }`, { id: location.id }, keys.editor);
    await inBabil.received(2);
  });

  it("refuses a bad filter with a coded error and keeps the connection", async () => {
    const client = open();
    const bad = subscribe(client, `subscription { statementAdded(filter: { speakerId: "not-an-id" }) { id } }`);
    const good = subscribe<StatementEvent>(client, `subscription { statementAdded { text } }`);
    await subscriptionsRunning(server, 1);
    const [refusal] = await bad.received(1);
    expect(refusal?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    await createStatement({ text: "ما زال يعمل", speaker: "fuad-hussein" });
    expect((await good.received(1))[0]?.data?.statementAdded.text).toBe("ما زال يعمل");
  });

  it("frees the subscriptions of a client that goes away mid-stream", async () => {
    const { socket, init } = await rawSocket(server);
    await init();
    for (const id of ["1", "2", "3"]) socket.send(JSON.stringify({ id, type: "subscribe", payload: { query: `subscription { statementAdded { id } }` } }));
    await subscriptionsRunning(server, 3);
    expect(liveSubscriptions.value).toBe(3);
    expect(changeFeedOf(database.db).listenerCount).toBe(1);

    socket.terminate();

    await subscriptionsRunning(server, 0);
    await guarded(liveSubscriptions.until((value) => value === 0), "the topics to let go");
    expect(changeFeedOf(database.db).listenerCount).toBe(0);
    await guarded(server.server.live.connections.until((value) => value === 0), "the connection to close");
  });

  it("refuses queries and mutations over WebSocket, and operations over the query limits", async () => {
    const client = open();
    const query = subscribe(client, `{ person(slug: "fuad-hussein") { name } }`);
    expect(await query.failed()).toEqual([expect.objectContaining({ extensions: { code: "BAD_REQUEST" } })]);
    const aliases = Array.from({ length: 31 }, (_, index) => `a${index}: id`).join(" ");
    const tooMany = subscribe(client, `subscription { statementAdded { ${aliases} } }`);
    expect(await tooMany.failed()).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "QUERY_TOO_COMPLEX", limit: { measure: "aliases", maximum: 30, actual: 31 } }) })]);
    const invalid = subscribe(client, `subscription { statementAdded { noSuchField } }`);
    expect(await invalid.failed()).toEqual([expect.objectContaining({ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })]);
  });

  it("refuses a subscription sent over HTTP with a 400 that says where it runs", async () => {
    const response = await gql(server.url, `subscription { statementAdded { id } }`);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expect(response.errors?.[0]?.message).toContain("WebSocket");
  });

  describe("malformed messages close the connection as the protocol says, and the server carries on", () => {
    it.each([
      ["a message that is not JSON", (socket: WebSocket) => socket.send("{not json"), 4400],
      ["a message of an unknown type", (socket: WebSocket) => socket.send(JSON.stringify({ type: "shout" })), 4400],
      ["a subscribe before connection_init", (socket: WebSocket) => socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { statementAdded { id } }" } })), 4401],
      [
        "a second connection_init",
        (socket: WebSocket) => {
          socket.send(JSON.stringify({ type: "connection_init" }));
          socket.send(JSON.stringify({ type: "connection_init" }));
        },
        4429,
      ],
    ])("%s", async (_name, send, code) => {
      const { socket, closed } = await rawSocket(server);
      send(socket);
      expect((await closed).code).toBe(code);
      const health = await fetch(server.url.replace("/graphql", "/healthz"));
      expect(health.status).toBe(200);
    });

    it("refuses a client that does not speak graphql-transport-ws (4406)", async () => {
      const { closed } = await rawSocket(server, null);
      expect((await closed).code).toBe(4406);
    });
  });

  it("closes every connection with 1001 when the server shuts down", async () => {
    const otherDatabase = await createSampleDatabase();
    const other = await startTestServer(otherDatabase);
    try {
      const { socket, closed, init } = await rawSocket(other);
      await init();
      socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { statementAdded { id } }" } }));
      await subscriptionsRunning(other, 1);
      await other.close();
      expect((await closed).code).toBe(1001);
    } finally {
      otherDatabase.destroy();
    }
  });
});

describe("live updates: keys and limits", () => {
  let database: TestDatabase;
  let keys: TestKeys;
  let server: TestServer;

  beforeAll(async () => {
    database = await createSampleDatabase();
    keys = createTestKeys(database);
    server = await startTestServer(database, {
      // The key is checked again every 50 ms, so a revocation shows within the test's wait.
      config: { environment: "test", requireKeyForReads: true, liveUpdates: { maxSubscriptionsPerConnection: 2, maxConnectionsPerIp: 3, maxMessageBytes: 4096, keyRecheckMs: 50, maxQueuedEvents: 1 } },
    });
  });

  afterAll(async () => {
    await server.close();
    database.destroy();
  });

  const closeCodeOf = async (connectionParams?: Record<string, unknown>) => {
    const client = liveClient(server, connectionParams);
    const closed = new Promise<number>((resolve) => client.on("closed", (event) => resolve((event as { code: number }).code)));
    subscribe(client, `subscription { statementAdded { id } }`);
    const code = await guarded(closed, "the refused connection to close");
    await client.dispose();
    return code;
  };

  it("refuses a connection without a valid key when reads need one (4403), and serves one with a key", async () => {
    expect(await closeCodeOf()).toBe(4403);
    expect(await closeCodeOf({ authorization: "Bearer khabar_not-a-real-key" })).toBe(4403);

    const client = liveClient(server, { authorization: keys.editor.authorization });
    const added = subscribe<StatementEvent>(client, `subscription { statementAdded { text } }`);
    await subscriptionsRunning(server, 1);
    await gqlData(server.url, CREATE_STATEMENT, { input: { article: "blinken-hussein-isis-partnership", paragraph: 1, kind: "PARAPHRASE", text: "بمفتاح", speaker: "fuad-hussein" } }, keys.editor);
    expect((await added.received(1))[0]?.data?.statementAdded.text).toBe("بمفتاح");
    await client.dispose();
    await subscriptionsRunning(server, 0);
  });

  it("ends the connection of a key revoked while it is open (4403)", async () => {
    const store = new ApiKeyStore(database.db);
    const made = store.create("editor", "revoked while subscribed");
    const client = liveClient(server, { authorization: `Bearer ${made.key}` });
    const closed = new Promise<number>((resolve) => client.on("closed", (event) => resolve((event as { code: number }).code)));
    subscribe(client, `subscription { statementAdded { id } }`);
    await subscriptionsRunning(server, 1);
    store.revoke(made.row.id);
    expect(await guarded(closed, "the revoked connection to close")).toBe(4403);
    await subscriptionsRunning(server, 0);
    await client.dispose();
  });

  it("refuses a subscription beyond the per-connection maximum, and lets another start once one completes", async () => {
    const client = liveClient(server, { authorization: keys.editor.authorization });
    const first = subscribe(client, `subscription { statementAdded { id } }`);
    subscribe(client, `subscription { incidentUpdated { id } }`);
    await subscriptionsRunning(server, 2);
    const third = subscribe(client, `subscription { articlePublished { id } }`);
    expect(await third.failed()).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "RATE_LIMITED", limit: { measure: "subscriptionsPerConnection", maximum: 2 } }) })]);
    first.stop();
    await subscriptionsRunning(server, 1);
    subscribe(client, `subscription { articlePublished { id } }`);
    await subscriptionsRunning(server, 2);
    await client.dispose();
    await subscriptionsRunning(server, 0);
  });

  it("answers 429 to a connection beyond the per-IP maximum", async () => {
    const sockets = await Promise.all([rawSocket(server), rawSocket(server), rawSocket(server)]);
    const refused = new WebSocket(wsUrlOf(server.url), "graphql-transport-ws");
    refused.on("error", () => undefined);
    const status = await guarded(new Promise<number>((resolve) => refused.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0))), "the refusal");
    expect(status).toBe(429);
    for (const { socket } of sockets) socket.terminate();
    await guarded(server.server.live.connections.until((value) => value === 0), "the sockets to close");
  });

  it("disconnects a subscriber that falls behind its queue of events (1008) instead of buffering them", async () => {
    const client = liveClient(server, { authorization: keys.editor.authorization });
    const closed = new Promise<number>((resolve) => client.on("closed", (event) => resolve((event as { code: number }).code)));
    subscribe(client, `subscription { statementAdded { text article { body } } }`);
    await subscriptionsRunning(server, 1);
    // One import batch commits five statements at once: while the first is executed, a queue of
    // one event cannot hold the other four.
    const statements = Array.from({ length: 5 }, (_, index) => ({ text: `دفعة ${index}`, kind: "PARAPHRASE", speaker: "fuad-hussein", paragraph: 0 }));
    await importNdjson(database.db, [JSON.stringify({ type: "article", slug: "burst", headline: "دفعة", body: "فقرة.", language: "ar", publishedAt: "2024-06-02T08:00:00Z", statements })]);
    expect(await guarded(closed, "the slow consumer to be dropped")).toBe(1008);
    await subscriptionsRunning(server, 0);
    await client.dispose();
  });

  it("closes a connection that sends a frame larger than allowed (1009)", async () => {
    const { socket, closed } = await rawSocket(server);
    socket.send(JSON.stringify({ type: "connection_init", payload: { padding: "x".repeat(5000) } }));
    expect((await closed).code).toBe(1009);
  });
});
