// GraphQL enums of organizations, registered once. Their values are the strings stored in SQLite.
import { registerEnumType } from "type-graphql";
import { enumObject } from "../../shared/enum-object.js";
import { ORGANIZATION_KINDS } from "../actor/actor.table.js";

export const OrganizationKindEnum = enumObject(ORGANIZATION_KINDS);
registerEnumType(OrganizationKindEnum, { name: "OrganizationKind", description: "What kind of body an organization is." });
