// References in mutation inputs are slugs or global ids; records hold slugs. This turns each into
// the slug of an existing row of the right kind, collecting every one that does not resolve.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { FieldError } from "../../shared/errors.js";
import { parseGlobalId, type NodeType } from "../../shared/global-id.js";
import { RecordError } from "../../shared/record-check.js";
import { SLUG_SHAPE } from "../../shared/rules.js";
import { actors } from "../actor/actor.table.js";
import { articles } from "../article/article.table.js";
import { incidents } from "../incident/incident.table.js";
import { locations } from "../location/location.table.js";

export type ReferenceKind = "person" | "organization" | "actor" | "incident" | "article" | "location";

const NODE_TYPES_OF: Record<ReferenceKind, readonly NodeType[]> = {
  person: ["Person"],
  organization: ["Organization"],
  actor: ["Person", "Organization"],
  incident: ["Incident"],
  article: ["Article"],
  location: ["Location"],
};

const KIND_NAMES: Record<ReferenceKind, string> = {
  person: "person",
  organization: "organization",
  actor: "person or organization",
  incident: "incident",
  article: "article",
  location: "location",
};

export class References {
  readonly errors: FieldError[] = [];
  constructor(private readonly db: Db) {}

  one(reference: string, kind: ReferenceKind, path: string): string {
    const slug = this.resolve(reference, kind);
    if (slug === null) this.errors.push({ path, message: `no ${KIND_NAMES[kind]} has the slug or id "${reference.slice(0, 80)}"` });
    return slug ?? reference;
  }

  many(references: readonly string[] | null | undefined, kind: ReferenceKind, path: string): string[] | undefined {
    return references?.map((reference, index) => this.one(reference, kind, `${path}.${index}`));
  }

  optional(reference: string | null | undefined, kind: ReferenceKind, path: string): string | null | undefined {
    return reference == null ? reference : this.one(reference, kind, path);
  }

  /** Throws every unresolved reference at once. */
  check(): void {
    if (this.errors.length > 0) throw new RecordError(this.errors);
  }

  private resolve(reference: string, kind: ReferenceKind): string | null {
    if (SLUG_SHAPE.test(reference)) return this.existing(kind, "slug", reference);
    const decoded = parseGlobalId(reference);
    if (!decoded || !NODE_TYPES_OF[kind].includes(decoded.type)) return null;
    return this.existing(kind, "id", decoded.id);
  }

  private existing(kind: ReferenceKind, by: "slug" | "id", value: string | number): string | null {
    if (kind === "incident") return this.db.select({ slug: incidents.slug }).from(incidents).where(by === "slug" ? eq(incidents.slug, String(value)) : eq(incidents.id, Number(value))).get()?.slug ?? null;
    if (kind === "location") return this.db.select({ slug: locations.slug }).from(locations).where(by === "slug" ? eq(locations.slug, String(value)) : eq(locations.id, Number(value))).get()?.slug ?? null;
    if (kind === "article") return this.db.select({ slug: articles.slug }).from(articles).where(by === "slug" ? eq(articles.slug, String(value)) : eq(articles.id, Number(value))).get()?.slug ?? null;
    const row = this.db.select({ slug: actors.slug, actorType: actors.actorType }).from(actors).where(by === "slug" ? eq(actors.slug, String(value)) : eq(actors.id, Number(value))).get();
    if (!row) return null;
    if (kind === "person" && row.actorType !== "PERSON") return null;
    if (kind === "organization" && row.actorType !== "ORGANIZATION") return null;
    return row.slug;
  }
}
