import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { ConnectionType } from "../../shared/connection.type.js";
import { ClaimStanceEnum, IncidentKindEnum } from "./incident.enums.js";
import { DateTime, LocalDate } from "../../shared/scalars.js";
import { Node } from "../node/node.type.js";

@Directive('@key(fields: "id")')
@Directive('@key(fields: "slug")')
@ObjectType("Incident", { implements: [Node], simpleResolvers: true, description: "Something that happened: an attack, an explosion, a strike." })
export class Incident extends Node {
  @Field(() => String, { description: "Unique, human-readable key, e.g. `moscow-attack-2024`." })
  slug!: string;

  @Field(() => String, { description: "Title in the language of the coverage." })
  title!: string;

  @Field(() => String, { nullable: true, description: "Title in English." })
  titleEn!: string | null;

  @Field(() => IncidentKindEnum, { description: "What kind of event it was." })
  kind!: string;

  @Field(() => LocalDate, { description: "The day it happened." })
  occurredOn!: string;

  @Field(() => Int, { nullable: true, description: "People killed: the most conservative reported figure; null = unknown, 0 = none." })
  killed!: number | null;

  @Field(() => Int, { nullable: true, description: "People injured: the most conservative reported figure; null = unknown, 0 = none." })
  injured!: number | null;

  @Field(() => String, { nullable: true, description: "A short account of what happened." })
  summary!: string | null;

  @Field(() => DateTime, { description: "When the record was last changed in Khabar." })
  updatedAt!: string;
}

@ObjectType("IncidentClaim", { simpleResolvers: true, description: "An actor's stance on an incident: took responsibility, denied it, or blamed another." })
export class IncidentClaim {
  @Field(() => ID, { description: "Stable id of the claim, for client caches." })
  id!: string;

  @Field(() => ClaimStanceEnum, { description: "CLAIMED, DENIED or ACCUSED." })
  stance!: string;
}

export const IncidentConnection = ConnectionType(() => Incident, "Incident", "incident");
