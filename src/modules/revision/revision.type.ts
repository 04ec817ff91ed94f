import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType } from "../../shared/connection.type.js";
import { enumObject } from "../../shared/enum-object.js";
import { DateTime, JSONObject, JSONValue } from "../../shared/scalars.js";
import { REVISION_ACTIONS, REVISION_ENTITY_TYPES } from "./revision.table.js";

export const RevisionActionEnum = enumObject(REVISION_ACTIONS);
registerEnumType(RevisionActionEnum, {
  name: "RevisionAction",
  description: "What a change did: CREATED, UPDATED, DELETED, MERGED (a merge's source, before it went, and its target, after), RESTORED (an older revision written back).",
});

/** GraphQL names in capitals (PERSON), values the type names the table stores (Person). */
export const RevisionEntityTypeEnum = Object.fromEntries(REVISION_ENTITY_TYPES.map((type) => [type.toUpperCase(), type])) as { [Type in (typeof REVISION_ENTITY_TYPES)[number] as Uppercase<Type>]: Type };
registerEnumType(RevisionEntityTypeEnum, { name: "RevisionEntityType", description: "The kinds of entity that keep revisions." });

@ObjectType("RevisionChange", { simpleResolvers: true, description: "One top-level field of the record that differs from the previous revision." })
export class RevisionChange {
  @Field(() => String, { description: "The record field (`role`, `aliases`, `statements`…)." })
  field!: string;

  @Field(() => JSONValue, { nullable: true, description: "Its value in the previous revision; null when it had none (or there is no previous revision)." })
  before!: unknown;

  @Field(() => JSONValue, { nullable: true, description: "Its value in this revision; null when it has none." })
  after!: unknown;
}

@ObjectType("Revision", { description: "One change of an entity: who made it, when, why, and the entity's record as it was after it (before it, for a delete)." })
export class Revision {
  @Field(() => ID, { description: "Opaque id: pass it to `restoreRevision`." })
  id!: string;

  @Field(() => RevisionEntityTypeEnum, { description: "The kind of entity changed." })
  entityType!: string;

  @Field(() => ID, { description: "The global id of the entity changed (it may no longer exist)." })
  entityId!: string;

  @Field(() => RevisionActionEnum, { description: "What the change did." })
  action!: string;

  @Field(() => DateTime, { description: "When the change was written." })
  at!: string;

  @Field(() => String, { description: "Who: the API key's name, or `import`, `seed`, `cli` (the command line)." })
  author!: string;

  @Field(() => Int, { nullable: true, description: "The id of the API key that made the change; null for import, seed and the command line." })
  authorKeyId!: number | null;

  @Field(() => String, { nullable: true, description: "Why, as given with the change." })
  reason!: string | null;

  @Field(() => JSONObject, { description: "The entity's NDJSON record after the change (before it, for DELETED); a statement's carries its article's slug." })
  record!: Record<string, unknown>;

  @Field(() => [RevisionChange], { description: "Top-level record fields that differ from the previous revision of the same entity (every field, for the first)." })
  changes!: RevisionChange[];
}

export const RevisionConnection = ConnectionType(() => Revision, "Revision", "revision");

@ObjectType("RefusedMutation", { simpleResolvers: true, description: "A mutation refused for want of a key or of the right role: the audit log of attempts." })
export class RefusedMutation {
  @Field(() => String, { description: "The mutation, e.g. `deleteIncident`." })
  mutation!: string;

  @Field(() => String, { description: "UNAUTHENTICATED (no key, or an unknown or revoked one) or FORBIDDEN (the key's role is too low)." })
  code!: string;

  @Field(() => Int, { nullable: true, description: "The id of the key presented, when it is a known one (see `khabar keys list`)." })
  keyId!: number | null;

  @Field(() => String, { nullable: true, description: "That key's name." })
  keyName!: string | null;

  @Field(() => String, { nullable: true, description: "The request id (`x-request-id`), to find its log line." })
  requestId!: string | null;

  @Field(() => DateTime, { description: "When." })
  at!: string;
}
