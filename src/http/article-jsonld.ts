// GET /articles/{slug}.jsonld: an article's schema.org JSON-LD, for pages that embed it in a
// <script type="application/ld+json"> or fetch it. The document is the one `khabar export --format
// jsonld` writes for the article (ingest/formats/jsonld.ts); here only that article and what it
// references are read, by the export's record programs (read rounds: ingest/formats/lookup.ts's
// withReferences), so one request costs a few dozen indexed lookups whatever the size of the
// graph, on SQLite (synchronously) and on PostgreSQL alike.
import type { IncomingMessage, ServerResponse } from "node:http";
import { articleJsonLd, JSON_LD_MEDIA_TYPE, jsonLdText, type JsonLdDocument } from "../ingest/formats/jsonld.js";
import { withReferences } from "../ingest/formats/lookup.js";
import type { Db } from "../db/client.js";
import { SQLITE } from "../db/dialect.js";
import type { ReadEngine } from "../db/engine.js";
import { sqliteRunner } from "../db/query.js";
import { runAsynchronously, runSynchronously, type ReadProgram } from "../db/read-program.js";
import { articleRecordBySlug } from "../modules/article/article.record.js";
import { SlugLookup } from "../modules/slugs.js";
import { ENTITY_MAX_AGE } from "../shared/cache-policy.js";
import { ErrorCode, KhabarError } from "../shared/errors.js";
import { SLUG_SHAPE } from "../shared/rules.js";
import { appendVary, sendBody } from "./compression.js";

const ROUTE = /^\/articles\/([^/]+)\.jsonld$/;

export interface ArticleJsonLdRouteOptions {
  /** Where the document is read from: the SQLite database, or the engine requests read from (PostgreSQL). */
  engine: ReadEngine;
  db: Db;
  /** CORS and rate limits, as for /graphql; true when it has answered the request. */
  guard?: (request: IncomingMessage, response: ServerResponse) => boolean;
  /** A read that failed for another reason than an unreachable database (logged by the server); answered 500. */
  onError?: (error: unknown) => void;
  /** A request header the document depends on besides the URL (the read-your-writes token), for shared caches' Vary. */
  varyOn?: string;
}

/** The article's document and every record it references, as the export would write it. */
function* documentOf(slug: string, slugs: SlugLookup): ReadProgram<JsonLdDocument | undefined> {
  const article = yield* articleRecordBySlug(slug, slugs);
  if (!article) return undefined;
  return yield* withReferences((lookup) => articleJsonLd(article, lookup), slugs);
}

/**
 * Reads the document from one snapshot: inside a read transaction, synchronously, on SQLite;
 * in a REPEATABLE READ transaction on PostgreSQL.
 */
async function readDocument(slug: string, options: ArticleJsonLdRouteOptions): Promise<JsonLdDocument | undefined> {
  if (!SLUG_SHAPE.test(slug)) return undefined;
  const { engine } = options;
  if (engine.dialect.name === "sqlite") {
    const run = sqliteRunner(options.db.$client);
    return options.db.$client.transaction(() => runSynchronously(documentOf(slug, new SlugLookup(SQLITE)), run))();
  }
  const program = () => documentOf(slug, new SlugLookup(engine.dialect));
  return engine.snapshot ? engine.snapshot((run) => runAsynchronously(program(), run)) : runAsynchronously(program(), engine.run);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("cache-control", "no-store");
  response.end(JSON.stringify(body));
}

/**
 * Answers `/articles/{slug}.jsonld` and returns true; any other path is left alone (false).
 * GET and HEAD only. A found article is cacheable like an entity over GraphQL (60 s, public);
 * an unknown slug is a JSON 404 that is not cached, so a new article shows at once.
 */
export function handleArticleJsonLd(request: IncomingMessage, response: ServerResponse, url: URL, options: ArticleJsonLdRouteOptions): boolean {
  const match = ROUTE.exec(url.pathname);
  if (!match) return false;
  if (options.guard?.(request, response)) return true;
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("allow", "GET, HEAD");
    sendJson(response, 405, { error: "Method not allowed: use GET." });
    return true;
  }
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]!);
  } catch {
    slug = "";
  }
  void readDocument(slug, options).then(
    (document) => {
      if (!document) return sendJson(response, 404, { error: `No article has the slug "${slug}".` });
      response.statusCode = 200;
      response.setHeader("content-type", `${JSON_LD_MEDIA_TYPE}; charset=utf-8`);
      response.setHeader("cache-control", `max-age=${ENTITY_MAX_AGE}, public`);
      if (options.varyOn) appendVary(response, options.varyOn);
      sendBody(request, response, jsonLdText(document));
    },
    (error: unknown) => {
      if (response.headersSent) return void response.end();
      // PostgreSQL down (and no replica): retryable, as GraphQL reads answer SERVICE_UNAVAILABLE.
      if (error instanceof KhabarError && error.code === ErrorCode.SERVICE_UNAVAILABLE) {
        response.setHeader("retry-after", "1");
        return sendJson(response, 503, { error: error.message });
      }
      options.onError?.(error);
      sendJson(response, 500, { error: "Internal server error" });
    },
  );
  return true;
}
