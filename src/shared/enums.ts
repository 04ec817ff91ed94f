// GraphQL enums, registered once. Their values are the strings stored in SQLite.
import { registerEnumType } from "type-graphql";
import { ORGANIZATION_KINDS } from "../modules/actor/actor.table.js";
import { CLAIM_STANCES, INCIDENT_KINDS } from "../modules/incident/incident.table.js";
import { STATEMENT_KINDS } from "../modules/statement/statement.table.js";

function enumObject<const Values extends readonly string[]>(values: Values): { [Value in Values[number]]: Value } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [Value in Values[number]]: Value };
}

export const StatementKindEnum = enumObject(STATEMENT_KINDS);
registerEnumType(StatementKindEnum, {
  name: "StatementKind",
  description: "How a statement was reported.",
  valuesConfig: {
    DIRECT_QUOTE: { description: "The speaker's own words, in quotation marks in the article." },
    PARAPHRASE: { description: "A claim the article reports without quotation marks." },
  },
});

export const IncidentKindEnum = enumObject(INCIDENT_KINDS);
registerEnumType(IncidentKindEnum, { name: "IncidentKind", description: "What kind of event an incident is." });

export const ClaimStanceEnum = enumObject(CLAIM_STANCES);
registerEnumType(ClaimStanceEnum, {
  name: "ClaimStance",
  description: "The position an actor took on an incident.",
  valuesConfig: {
    CLAIMED: { description: "Took responsibility." },
    DENIED: { description: "Denied involvement." },
    ACCUSED: { description: "Blamed another actor (see `accused`)." },
  },
});

export const OrganizationKindEnum = enumObject(ORGANIZATION_KINDS);
registerEnumType(OrganizationKindEnum, { name: "OrganizationKind", description: "What kind of body an organization is." });

export const TextDirectionEnum = enumObject(["RTL", "LTR"] as const);
registerEnumType(TextDirectionEnum, { name: "TextDirection", description: "Writing direction of a text, derived from its language." });

export const ArticleOrderEnum = enumObject(["NEWEST_FIRST", "OLDEST_FIRST"] as const);
registerEnumType(ArticleOrderEnum, { name: "ArticleOrder", description: "Order of an article list, by publication time." });
export type ArticleOrder = keyof typeof ArticleOrderEnum;
