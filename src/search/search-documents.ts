// What text of each entity is searchable, and in which column. One definition serves the index
// (which stores the analyzed terms) and the snippets (which quote the original text), so a hit's
// snippet always comes from the text that made it a hit.
import type { ActorRow } from "../modules/actor/actor.table.js";
import type { ArticleRow } from "../modules/article/article.table.js";
import type { IncidentRow } from "../modules/incident/incident.table.js";
import type { StatementRow } from "../modules/statement/statement.table.js";
import type { NodeType } from "../shared/global-id.js";

/**
 * The original texts of one entity by column, most important first. Column weights (see
 * COLUMN_WEIGHTS in search-query.ts): title (headline, name) > subtitle (summary, aliases) > body.
 */
export interface SearchFields {
  title: string[];
  subtitle: string[];
  body: string[];
  /** Whole names a query can equal exactly (name, English name, aliases, headline, title). */
  names: string[];
  /** Recency tie-break between equal scores; ISO 8601, empty when the type has no date. */
  sortDate: string;
}

type Text = string | null | undefined;

function present(...texts: Text[]): string[] {
  return texts.filter((text): text is string => typeof text === "string" && text.trim() !== "");
}

/** The article columns its index row is made of. */
export type ArticleSearchColumns = Pick<ArticleRow, "headline" | "summary" | "imageCaption" | "body" | "publishedAt">;

export function articleFields(article: ArticleSearchColumns): SearchFields {
  return {
    title: present(article.headline),
    subtitle: present(article.summary, article.imageCaption),
    body: present(article.body),
    names: present(article.headline),
    sortDate: article.publishedAt,
  };
}

export function actorFields(actor: ActorRow, aliases: readonly string[]): SearchFields {
  return {
    title: present(actor.name, actor.nameEn),
    subtitle: present(...aliases),
    body: present(actor.role, actor.roleEn),
    names: present(actor.name, actor.nameEn, ...aliases),
    sortDate: "",
  };
}

/** The statement columns its index row is made of. */
export type StatementSearchColumns = Pick<StatementRow, "speakerLabel" | "text" | "saidAt">;

export function statementFields(statement: StatementSearchColumns): SearchFields {
  return {
    title: [],
    subtitle: present(statement.speakerLabel),
    body: present(statement.text),
    names: [],
    sortDate: statement.saidAt,
  };
}

export function incidentFields(incident: IncidentRow): SearchFields {
  return {
    title: present(incident.title, incident.titleEn),
    subtitle: present(incident.place, incident.region),
    body: present(incident.summary),
    names: present(incident.title, incident.titleEn),
    sortDate: incident.occurredOn,
  };
}

/** The type of an actor row as a node type. */
export function actorNodeType(actor: Pick<ActorRow, "actorType">): NodeType {
  return actor.actorType === "PERSON" ? "Person" : "Organization";
}
