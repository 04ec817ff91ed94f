// GraphQL enums of incidents, registered once. Their values are the strings stored in SQLite.
import { registerEnumType } from "type-graphql";
import { enumObject } from "../../shared/enum-object.js";
import { CLAIM_STANCES, INCIDENT_KINDS } from "./incident.table.js";

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
