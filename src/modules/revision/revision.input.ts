import { Field, InputType, Int } from "type-graphql";
import { DateTime } from "../../shared/scalars.js";
import { RevisionEntityTypeEnum } from "./revision.type.js";
import type { RevisionEntityType } from "./revision.table.js";

@InputType("AuditLogFilter", { description: "Which revisions the audit log lists; every field given must match." })
export class AuditLogFilter {
  @Field(() => Int, { nullable: true, description: "Changes made with this API key (its id, as `khabar keys list` shows)." })
  authorKeyId?: number | null;

  @Field(() => RevisionEntityTypeEnum, { nullable: true, description: "Changes of this kind of entity." })
  entityType?: RevisionEntityType | null;

  @Field(() => DateTime, { nullable: true, description: "Changes at or after this instant." })
  since?: Date | null;

  @Field(() => DateTime, { nullable: true, description: "Changes at or before this instant." })
  until?: Date | null;
}
