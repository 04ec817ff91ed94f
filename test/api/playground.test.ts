// The offline playground: served from the project's own node_modules, and working in a real
// headless Chromium with every non-loopback request blocked (the network "unplugged").
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleDatabase, type TestDatabase } from "../helpers/database.js";
import { createTestKeys } from "../helpers/keys.js";
import { gqlData, startTestServer, type TestServer } from "../helpers/server.js";
import { SAMPLE_QUERIES } from "../../src/http/sample-queries.js";
import { projectPath } from "../../src/shared/project-root.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`playground browser test skipped: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);

let database: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  database = await createSampleDatabase();
  server = await startTestServer(database);
});

afterAll(async () => {
  await server?.close();
  database?.destroy();
});

const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

async function playgroundPage(): Promise<string> {
  const response = await fetch(server.url, { headers: { accept: browserAccept } });
  expect(response.status).toBe(200);
  return response.text();
}

describe("the playground page", () => {
  it("is served to a browser opening /graphql, with only local assets", async () => {
    const html = await playgroundPage();
    expect(html).toContain("<title>Khabar · GraphQL playground</title>");
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBe(6);
    for (const source of sources) expect(source).toMatch(/^\/graphql\/assets\//);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("preloads the sample queries as tabs", async () => {
    const html = await playgroundPage();
    expect(html).toContain('person(slug: \\"fuad-hussein\\")');
    expect(html).toContain("statementsByArticle");
    expect(html).toContain("moscow-attack-2024");
    expect(html).toContain("kalsu-base-explosion-2024");
  });

  it("serves GraphiQL, React and ReactDOM as immutable, compressible assets", async () => {
    const html = await playgroundPage();
    const graphiql = html.match(/src="(\/graphql\/assets\/graphiql-3\.9\.0\.[0-9a-f]+\.min\.js)"/)?.[1];
    expect(graphiql).toBeDefined();
    expect(html).toMatch(/\/graphql\/assets\/react-18\.3\.1\.[0-9a-f]+\.production\.min\.js/);
    expect(html).toMatch(/\/graphql\/assets\/react-dom-18\.3\.1\.[0-9a-f]+\.production\.min\.js/);
    const asset = await fetch(new URL(graphiql!, server.url), { headers: { "accept-encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("content-encoding")).toBe("gzip");
    expect((await asset.text()).length).toBeGreaterThan(500_000);
  });

  it("answers 404 for an unknown asset", async () => {
    expect((await fetch(new URL("/graphql/assets/nothing.js", server.url))).status).toBe(404);
  });

  it("is never served to GraphQL clients, which get GraphQL answers", async () => {
    const json = await fetch(server.url, { headers: { accept: "application/json", "apollo-require-preflight": "true" } });
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    const withQuery = await fetch(`${server.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: { accept: browserAccept, "apollo-require-preflight": "true" } });
    expect(await withQuery.text()).toContain('"__typename":"Query"');
  });
});

/** Headless Chromium with the network unplugged: anything but the loopback server is refused and recorded. */
async function offlinePlayground() {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const blocked: string[] = [];
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1" || url.protocol === "data:") return route.continue();
      blocked.push(route.request().url());
      return route.abort("internetdisconnected");
    });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return { browser, page, blocked, pageErrors };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

describe("the playground in headless Chromium, offline", () => {
  it.skipIf(!hasChromium)("runs the grouped-statements query from the editor and shows the Arabic result", async () => {
    const { browser, page, blocked, pageErrors } = await offlinePlayground();
    try {

      await page.goto(server.url);
      await page.locator(".graphiql-container").waitFor({ timeout: 20_000 });
      // The first tab holds the grouped-statements query.
      await expect.poll(() => page.locator(".graphiql-query-editor").innerText(), { timeout: 10_000 }).toContain("statementsByArticle");
      expect(await page.locator(".graphiql-tab").count()).toBe(SAMPLE_QUERIES.length);

      await page.locator("button.graphiql-execute-button").click();
      const result = page.locator(".result-window");
      await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain("statementCount");
      const text = await result.innerText();
      expect(text).toMatch(/[\u0600-\u06FF]{3,}/);
      expect(text).not.toContain('"errors"');

      const artifacts = projectPath("test", "artifacts");
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, "playground.png") });

      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it.skipIf(!hasChromium)("runs a subscription and shows a statement created meanwhile by a mutation", async () => {
    const { browser, page, blocked, pageErrors } = await offlinePlayground();
    try {

      await page.goto(server.url);
      await page.locator(".graphiql-container").waitFor({ timeout: 20_000 });
      await page.locator(".graphiql-tab").last().click();
      await expect.poll(() => page.locator(".graphiql-query-editor").innerText(), { timeout: 10_000 }).toContain("statementAdded");
      await page.locator("button.graphiql-execute-button").click();
      // The WebSocket is open and the subscription registered before the write.
      await server.server.live.subscriptions.until((running) => running === 1);

      const keys = createTestKeys(database);
      await gqlData(
        server.url,
        `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`,
        { input: { article: "blinken-hussein-isis-partnership", paragraph: 1, kind: "DIRECT_QUOTE", text: "تصريح حي من الطرفية", speaker: "fuad-hussein" } },
        keys.editor,
      );
      const result = page.locator(".result-window");
      await expect.poll(() => result.innerText(), { timeout: 15_000 }).toContain("تصريح حي من الطرفية");
      expect(await result.innerText()).toContain("فؤاد حسين");

      expect(blocked).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
