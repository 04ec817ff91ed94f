// GET /articles/{slug}.jsonld: an article's schema.org JSON-LD, for pages that embed it in a
// <script type="application/ld+json"> or fetch it. The document is the one `khabar export --format
// jsonld` writes for the article (ingest/formats/jsonld.ts); here only that article and what it
// references are read, through the modules' repositories and record functions, so one request
// costs a few dozen indexed lookups whatever the size of the graph.
import type { IncomingMessage, ServerResponse } from "node:http";
import { articleJsonLd, JSON_LD_MEDIA_TYPE, jsonLdText } from "../ingest/formats/jsonld.js";
import { placeFactsFrom, type LocationRecord, type PlaceFacts, type RecordLookup } from "../ingest/formats/lookup.js";
import type { ActorRecord, ArticleRecord, IncidentRecord } from "../ingest/records.js";
import type { Db } from "../db/client.js";
import { actorRecordOf } from "../modules/actor/actor.record.js";
import { articleRecordOf } from "../modules/article/article.record.js";
import { incidentRecordOf } from "../modules/incident/incident.record.js";
import type { SqliteRepositories } from "../modules/index.js";
import { locationRecordOf } from "../modules/location/location.record.js";
import { SlugLookup } from "../modules/slugs.js";
import { ENTITY_MAX_AGE } from "../shared/cache-policy.js";
import { SLUG_SHAPE } from "../shared/rules.js";
import { sendBody } from "./compression.js";

const ROUTE = /^\/articles\/([^/]+)\.jsonld$/;

export interface ArticleJsonLdRouteOptions {
  db: Db;
  repositories: SqliteRepositories;
  /** CORS and rate limits, as for /graphql; true when it has answered the request. */
  guard?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

/** Reads records by slug as the formats ask for them, each once per request. */
class DatabaseLookup implements RecordLookup {
  private readonly slugs: SlugLookup;
  private readonly actors = new Map<string, ActorRecord | undefined>();
  private readonly incidents = new Map<string, IncidentRecord | undefined>();
  private readonly locations = new Map<string, LocationRecord | undefined>();
  readonly placeFacts: (slug: string) => PlaceFacts;

  constructor(
    private readonly db: Db,
    private readonly repositories: SqliteRepositories,
  ) {
    this.slugs = new SlugLookup(db);
    this.placeFacts = placeFactsFrom(repositories);
  }

  private cached<Value>(cache: Map<string, Value | undefined>, slug: string, read: () => Value | undefined): Value | undefined {
    if (!cache.has(slug)) cache.set(slug, read());
    return cache.get(slug);
  }

  article(slug: string): ArticleRecord | undefined {
    const row = this.repositories.articles.findBySlugs([slug])[0];
    if (!row) return undefined;
    const body = this.repositories.articles.bodiesOf([row.id])[0]?.body ?? "";
    return articleRecordOf(this.db, { ...row, body }, this.slugs);
  }

  actor(slug: string): ActorRecord | undefined {
    return this.cached(this.actors, slug, () => {
      const row = this.repositories.actors.findBySlugs([slug])[0];
      return row ? actorRecordOf(this.db, row, this.slugs) : undefined;
    });
  }

  incident(slug: string): IncidentRecord | undefined {
    return this.cached(this.incidents, slug, () => {
      const row = this.repositories.incidents.findBySlugs([slug])[0];
      return row ? incidentRecordOf(this.db, row, this.slugs) : undefined;
    });
  }

  location(slug: string): LocationRecord | undefined {
    return this.cached(this.locations, slug, () => {
      const row = this.repositories.locations.findBySlugs([slug])[0];
      return row ? locationRecordOf(this.db, row, this.slugs) : undefined;
    });
  }
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
  // One read transaction: the article and what it references come from the same snapshot.
  const document = options.db.$client.transaction(() => {
    const lookup = new DatabaseLookup(options.db, options.repositories);
    const article = SLUG_SHAPE.test(slug) ? lookup.article(slug) : undefined;
    return article ? articleJsonLd(article, lookup) : undefined;
  })();
  if (!document) {
    sendJson(response, 404, { error: `No article has the slug "${slug}".` });
    return true;
  }
  response.statusCode = 200;
  response.setHeader("content-type", `${JSON_LD_MEDIA_TYPE}; charset=utf-8`);
  response.setHeader("cache-control", `max-age=${ENTITY_MAX_AGE}, public`);
  sendBody(request, response, jsonLdText(document));
  return true;
}
