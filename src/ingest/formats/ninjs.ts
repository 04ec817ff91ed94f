// IPTC ninjs 2.0 for one article: the news item as a "text" item with its headline, summary and
// plain-text body, the people and organisations it mentions, the places of the incidents it
// reports, its topics as subjects and its slug and URL as alternative ids. Statements have no ninjs
// equivalent; they are in the JSON-LD (Quotation) and NDJSON exports.
import type { ArticleRecord } from "../records.js";
import { locationSlugOf, type RecordLookup } from "./lookup.js";
import { khabarUri } from "./uris.js";

export interface NinjsText {
  role?: string;
  contenttype?: string;
  value: string;
}

export interface NinjsEntity {
  name?: string;
  uri?: string;
  literal?: string;
  rel?: string;
}

export interface NinjsPlace extends NinjsEntity {
  /** GeoJSON: longitude first. */
  geojson?: { type: "Point"; coordinates: [number, number] };
}

export interface NinjsAltId {
  role: string;
  value: string;
}

export interface NinjsItem {
  uri: string;
  type: "text";
  firstcreated: string;
  versioncreated: string;
  pubstatus: "usable";
  language: string;
  headlines: NinjsText[];
  descriptions?: NinjsText[];
  bodies: NinjsText[];
  people?: NinjsEntity[];
  organisations?: NinjsEntity[];
  places?: NinjsPlace[];
  events?: NinjsEntity[];
  subjects?: NinjsEntity[];
  altids: NinjsAltId[];
}

const PLAIN_TEXT = "text/plain";

function withoutEmptyLists<Item extends object>(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))) as Item;
}

/** The ninjs 2.0 item of one article. */
export function articleNinjs(article: ArticleRecord, lookup: RecordLookup): NinjsItem {
  const actorsOf = (slugs: readonly string[] | undefined) =>
    (slugs ?? []).flatMap((slug) => {
      const actor = lookup.actor(slug);
      return actor ? [{ name: actor.name, uri: khabarUri(actor.type, slug), literal: slug }] : [];
    });
  // The incidents it reports, and any only its statements speak about.
  const incidentSlugs = new Set([...(article.incidents ?? []), ...(article.statements ?? []).flatMap((statement) => statement.incidents ?? [])]);
  const incidents = [...incidentSlugs].flatMap((slug) => lookup.incident(slug) ?? []);
  const placeSlugs = [...new Set(incidents.flatMap((incident) => locationSlugOf(incident) ?? []))];
  const places = placeSlugs.flatMap((slug): NinjsPlace[] => {
    const location = lookup.location(slug);
    if (!location) return [];
    const place: NinjsPlace = { name: location.name, uri: khabarUri("location", slug), literal: slug };
    if (location.latitude != null && location.longitude != null) place.geojson = { type: "Point", coordinates: [location.longitude, location.latitude] };
    return [place];
  });
  return withoutEmptyLists<NinjsItem>({
    uri: khabarUri("article", article.slug),
    type: "text",
    // Khabar keeps no separate creation time in a record: an article is first created as published.
    firstcreated: article.publishedAt,
    versioncreated: article.updatedAt ?? article.publishedAt,
    pubstatus: "usable",
    language: article.language,
    headlines: [{ role: "main", contenttype: PLAIN_TEXT, value: article.headline }],
    descriptions: article.summary ? [{ role: "summary", contenttype: PLAIN_TEXT, value: article.summary }] : undefined,
    bodies: [{ role: "main", contenttype: PLAIN_TEXT, value: article.body }],
    people: actorsOf(article.people),
    organisations: actorsOf(article.organizations),
    places,
    events: incidents.map((incident) => ({ name: incident.title, uri: khabarUri("incident", incident.slug), literal: incident.slug })),
    subjects: (article.topics ?? []).map((topic) => ({ name: topic })),
    altids: [{ role: "khabar-slug", value: article.slug }, ...(article.url ? [{ role: "url", value: article.url }] : [])],
  });
}
