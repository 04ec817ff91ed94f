import { Field, InputType, Int } from "type-graphql";
import { IncidentKindEnum } from "../../shared/enums.js";
import { CountryCode, LocalDate } from "../../shared/scalars.js";
import type { IncidentKind } from "./incident.table.js";

@InputType("IncidentFilter", { description: "Narrows an incident list; all given conditions must hold." })
export class IncidentFilter {
  @Field(() => IncidentKindEnum, { nullable: true, description: "Only incidents of this kind." })
  kind?: IncidentKind | null;

  @Field(() => CountryCode, { nullable: true, description: "Only incidents in this country (ISO 3166-1 alpha-2)." })
  country?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Only incidents on or after this day." })
  occurredAfter?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Only incidents on or before this day." })
  occurredBefore?: string | null;

  @Field(() => Int, { nullable: true, description: "Only incidents with at least this many reported dead (unknown counts never match)." })
  minKilled?: number | null;

  @Field(() => String, { nullable: true, description: "Words to find in the title or summary." })
  search?: string | null;
}
