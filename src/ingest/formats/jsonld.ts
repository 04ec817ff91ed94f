// schema.org JSON-LD for one article: a self-contained document whose `@graph` holds the
// NewsArticle, each statement as a Quotation, and every Person, Organization, Event and Place they
// point at, each once, referenced by `@id` (URNs from slugs: uris.ts). The same document is one
// line of `khabar export --format jsonld` and the body of `GET /articles/{slug}.jsonld`.
//
// Mapping choices (README, "Open formats"):
// - `name` is the name as published (Arabic in the sample), `alternateName` the English name and
//   the aliases; an unnamed source is a Person with the label as its `name` and no `@id`.
// - Quotation: `additionalType` is Khabar's kind (DIRECT_QUOTE or PARAPHRASE), `publisher` the
//   agency it was reported through (`via`), `about` the incidents as Events.
// - Places are typed by kind (Country, AdministrativeArea, City, Place) and nest by
//   `containedInPlace`; `address` repeats the inherited region and country for flat readers.
import type { ArticleRecord, StatementRecord } from "../records.js";
import { locationSlugOf, placeChain, type LocationRecord, type RecordLookup } from "./lookup.js";
import { khabarUri, statementUri } from "./uris.js";

export type JsonLdNode = { "@type": string; "@id"?: string } & { [property: string]: unknown };

export interface JsonLdDocument {
  "@context": "https://schema.org";
  "@graph": JsonLdNode[];
}

export const JSON_LD_MEDIA_TYPE = "application/ld+json";

const UNSAFE_IN_HTML = /[<>&\u2028\u2029]/g;

/**
 * The document as JSON text that is safe to paste into a `<script type="application/ld+json">`:
 * `<`, `>`, `&` and the line separators are written as \u escapes, so a body quoting
 * "</script>" cannot end the script element. The same JSON value, for any JSON reader.
 */
export function jsonLdText(document: JsonLdDocument): string {
  return JSON.stringify(document).replace(UNSAFE_IN_HTML, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const PLACE_TYPES: Record<LocationRecord["kind"], string> = { COUNTRY: "Country", REGION: "AdministrativeArea", CITY: "City", SITE: "Place" };

const reference = (id: string) => ({ "@id": id });

/** Drops absent values and empty lists, so documents stay small and stable. */
function present(node: JsonLdNode): JsonLdNode {
  return Object.fromEntries(Object.entries(node).filter(([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))) as JsonLdNode;
}

function alternateNames(nameEn: string | null | undefined, aliases: readonly string[] | undefined, name: string): string[] {
  return [...new Set([...(nameEn ? [nameEn] : []), ...(aliases ?? [])])].filter((alternate) => alternate !== name);
}

/** `sameAs`: the Wikidata item's URL first (what linked data joins on), then the record's own links. */
function sameAsOf(entity: { wikidataId?: string | null; sameAs?: readonly string[] }): string[] {
  return [...(entity.wikidataId ? [`https://www.wikidata.org/entity/${entity.wikidataId}`] : []), ...(entity.sameAs ?? [])];
}

/** Collects the graph's nodes, each `@id` once, in the order they are first met. */
class Graph {
  readonly nodes: JsonLdNode[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly lookup: RecordLookup) {}

  private add(node: JsonLdNode): void {
    if (node["@id"] !== undefined) {
      if (this.ids.has(node["@id"])) return;
      this.ids.add(node["@id"]);
    }
    this.nodes.push(present(node));
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** A person or organization by slug; its `@id`, or undefined when there is no such record. */
  actor(slug: string): string | undefined {
    const actor = this.lookup.actor(slug);
    if (!actor) return undefined;
    const id = khabarUri(actor.type, slug);
    if (this.has(id)) return id;
    if (actor.type === "person") {
      const affiliation = actor.affiliation ? this.lookup.actor(actor.affiliation) : undefined;
      this.add({
        "@type": "Person",
        "@id": id,
        name: actor.name,
        alternateName: alternateNames(actor.nameEn, actor.aliases, actor.name),
        sameAs: sameAsOf(actor),
        jobTitle: actor.role ?? actor.roleEn,
        affiliation: affiliation ? reference(khabarUri(affiliation.type, affiliation.slug)) : undefined,
      });
      if (affiliation) this.actor(affiliation.slug);
    } else {
      this.add({ "@type": "Organization", "@id": id, name: actor.name, alternateName: alternateNames(actor.nameEn, actor.aliases, actor.name), sameAs: sameAsOf(actor) });
    }
    return id;
  }

  /** A location and every place it lies in. */
  place(slug: string): string | undefined {
    const chain = placeChain(this.lookup, slug);
    for (const location of chain) {
      const facts = this.lookup.placeFacts(location.slug);
      const hasCoordinates = location.latitude != null && location.longitude != null;
      this.add({
        "@type": PLACE_TYPES[location.kind],
        "@id": khabarUri("location", location.slug),
        name: location.name,
        alternateName: alternateNames(location.nameEn, location.aliases, location.name),
        sameAs: sameAsOf(location),
        geo: hasCoordinates ? { "@type": "GeoCoordinates", latitude: location.latitude, longitude: location.longitude } : undefined,
        address: facts.country || facts.region ? present({ "@type": "PostalAddress", addressRegion: facts.region, addressCountry: facts.country }) : undefined,
        containedInPlace: location.parent && this.lookup.location(location.parent) ? reference(khabarUri("location", location.parent)) : undefined,
      });
    }
    return chain[0] ? khabarUri("location", chain[0].slug) : undefined;
  }

  /** An incident as an Event at its place. */
  event(slug: string): string | undefined {
    const incident = this.lookup.incident(slug);
    if (!incident) return undefined;
    const id = khabarUri("incident", slug);
    if (this.has(id)) return id;
    const locationSlug = locationSlugOf(incident);
    const place = locationSlug ? this.place(locationSlug) : undefined;
    this.add({
      "@type": "Event",
      "@id": id,
      name: incident.title,
      alternateName: incident.titleEn,
      additionalType: incident.kind,
      startDate: incident.occurredOn,
      description: incident.summary,
      location: place ? reference(place) : undefined,
    });
    return id;
  }

  quotation(article: ArticleRecord, statement: StatementRecord, index: number): void {
    const speaker = statement.speaker ? this.actor(statement.speaker) : undefined;
    const via = statement.via ? this.actor(statement.via) : undefined;
    const about = (statement.incidents ?? []).flatMap((incident) => this.event(incident) ?? []);
    this.add({
      "@type": "Quotation",
      "@id": statementUri(article.slug, index),
      additionalType: statement.kind,
      text: statement.text,
      // An unnamed source has no identity to point at: a Person that is only its label.
      creator: speaker ? reference(speaker) : { "@type": "Person", name: statement.speakerLabel },
      isPartOf: reference(khabarUri("article", article.slug)),
      about: about.map(reference),
      publisher: via ? reference(via) : undefined,
      dateCreated: statement.saidAt ?? article.publishedAt,
      inLanguage: statement.language ?? article.language,
    });
  }

  article(article: ArticleRecord): void {
    // The outlet is an organization node of its own, like every other actor.
    const publisher = article.outlet ? this.actor(article.outlet) : undefined;
    const image = article.image ? present({ "@type": "ImageObject", caption: article.image.caption, creditText: article.image.credit, description: article.image.alt }) : undefined;
    this.add({
      "@type": "NewsArticle",
      "@id": khabarUri("article", article.slug),
      headline: article.headline,
      description: article.summary,
      articleBody: article.body,
      inLanguage: article.language,
      datePublished: article.publishedAt,
      dateModified: article.updatedAt ?? article.publishedAt,
      url: article.url,
      keywords: article.topics,
      image: image && Object.keys(image).length > 1 ? image : undefined,
      publisher: publisher ? reference(publisher) : undefined,
    });
  }
}

/** The JSON-LD document of one article and everything it references. */
export function articleJsonLd(article: ArticleRecord, lookup: RecordLookup): JsonLdDocument {
  const graph = new Graph(lookup);
  graph.article(article);
  const mentions = [
    ...(article.people ?? []).flatMap((slug) => graph.actor(slug) ?? []),
    ...(article.organizations ?? []).flatMap((slug) => graph.actor(slug) ?? []),
  ];
  const events = new Set((article.incidents ?? []).flatMap((slug) => graph.event(slug) ?? []));
  (article.statements ?? []).forEach((statement, index) => {
    graph.quotation(article, statement, index);
    for (const incident of statement.incidents ?? []) if (graph.has(khabarUri("incident", incident))) events.add(khabarUri("incident", incident));
  });
  const node = graph.nodes[0]!;
  node.mentions = [...new Set([...mentions, ...events])].map(reference);
  if ((node.mentions as unknown[]).length === 0) delete node.mentions;
  return { "@context": "https://schema.org", "@graph": graph.nodes };
}
