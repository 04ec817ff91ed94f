import { ArrayMaxSize, Max, Min, ValidateNested } from "../../shared/class-validator.js";
import { Field, Float, ID, InputType, Int } from "type-graphql";
import { ClaimStanceEnum, IncidentKindEnum } from "./incident.enums.js";
import { CountryCode, LocalDate } from "../../shared/scalars.js";
import { Country, Day, NotClearable, Optional, Reference, Slug, Text } from "../../shared/validation.js";
import type { ClaimStance, IncidentKind } from "./incident.table.js";

@InputType("IncidentFilter", { description: "Narrows an incident list; all given conditions must hold." })
export class IncidentFilter {
  @Field(() => IncidentKindEnum, { nullable: true, description: "Only incidents of this kind." })
  kind?: IncidentKind | null;

  @Field(() => CountryCode, { nullable: true, description: "Only incidents in this country (ISO 3166-1 alpha-2)." })
  country?: string | null;

  @Field(() => ID, { nullable: true, description: "Only incidents at this location or at any place inside it (a region's incidents include its cities')." })
  locationId?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Only incidents on or after this day." })
  occurredAfter?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Only incidents on or before this day." })
  occurredBefore?: string | null;

  @Field(() => Int, { nullable: true, description: "Only incidents with at least this many reported dead (unknown counts never match)." })
  minKilled?: number | null;

  @Field(() => String, { nullable: true, description: "Words to find in the title or summary." })
  search?: string | null;
}

// Inputs of the editing mutations. Rules are class-validator's; see shared/validation.ts.

@InputType("IncidentLocationInput", { description: "Where an incident happened, as text; every field optional. It becomes a location of its own (`<incident slug>-place`); prefer `locatedAt` with a Location." })
export class IncidentLocationInput {
  @Field(() => String, { nullable: true, description: "Place, e.g. a base, a venue or a town." })
  @Optional()
  @Text(300)
  place?: string | null;

  @Field(() => String, { nullable: true, description: "Province or region." })
  @Optional()
  @Text(300)
  region?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code." })
  @Optional()
  @Country()
  country?: string | null;

  @Field(() => Float, { nullable: true, description: "WGS 84 latitude, -90 to 90." })
  @Optional()
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "WGS 84 longitude, -180 to 180." })
  @Optional()
  @Min(-180)
  @Max(180)
  longitude?: number | null;
}

/** The stance of a claim, shared by claims on an incident and claims a statement takes. */
// Decorated so type-graphql collects its fields for subclasses; never referenced, so never in the schema.
@InputType()
export abstract class ClaimStanceFields {
  @Field(() => ClaimStanceEnum, { description: "CLAIMED, DENIED or ACCUSED." })
  stance!: ClaimStance;

  @Field(() => String, { nullable: true, description: "For ACCUSED: who was blamed (slug or id)." })
  @Optional()
  @Reference()
  accused?: string | null;
}

@InputType("IncidentClaimInput", { description: "An actor's stance on the incident, not backed by a statement." })
export class IncidentClaimInput extends ClaimStanceFields {
  @Field(() => String, { description: "Who took the stance: a slug or id." })
  @Reference()
  actor!: string;
}

/** The optional fields of both incident inputs, with the same rules; on update a list replaces the list. */
// Decorated so type-graphql collects its fields for subclasses; never referenced, so never in the schema.
@InputType()
abstract class IncidentOptionalFields {
  @Field(() => String, { nullable: true, description: "Title in English." })
  @Optional()
  @Text(500)
  titleEn?: string | null;

  @Field(() => IncidentLocationInput, { nullable: true, description: "Where it happened, as text (on update, replaces the whole location). `locatedAt` names a Location instead." })
  @Optional()
  @ValidateNested()
  location?: IncidentLocationInput | null;

  @Field(() => String, { nullable: true, description: "The Location where it happened: a slug or id. Give this or `location`, not both." })
  @Optional()
  @Reference()
  locatedAt?: string | null;

  @Field(() => Int, { nullable: true, description: "People killed (most conservative figure); null = unknown, 0 = none." })
  @Optional()
  @Min(0)
  killed?: number | null;

  @Field(() => Int, { nullable: true, description: "People injured (most conservative figure); null = unknown, 0 = none." })
  @Optional()
  @Min(0)
  injured?: number | null;

  @Field(() => [String], { nullable: true, description: "Organizations that claimed it or were credibly attributed it (slugs or ids)." })
  @Optional()
  @ArrayMaxSize(100)
  @Reference({ each: true })
  perpetrators?: string[] | null;

  @Field(() => String, { nullable: true, description: "A short account of what happened." })
  @Optional()
  @Text(100_000)
  summary?: string | null;

  @Field(() => [IncidentClaimInput], { nullable: true, description: "Stances taken on it that no statement backs." })
  @Optional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  claims?: IncidentClaimInput[] | null;
}

@InputType("CreateIncidentInput", { description: "A new incident. References are slugs or ids." })
export class CreateIncidentInput extends IncidentOptionalFields {
  @Field(() => String, { description: "Unique key, e.g. `moscow-attack-2024`." })
  @Slug()
  slug!: string;

  @Field(() => String, { description: "Title in the language of the coverage." })
  @Text(500)
  title!: string;

  @Field(() => IncidentKindEnum, { description: "What kind of event it was." })
  kind!: IncidentKind;

  @Field(() => String, { description: "The day it happened, ISO-8601 (`2024-03-22`)." })
  @Day()
  occurredOn!: string;
}

@InputType("UpdateIncidentInput", { description: "Changes to an incident: a field left out stays as it is; `null` clears a nullable field; lists are replaced." })
export class UpdateIncidentInput extends IncidentOptionalFields {
  @Field(() => String, { nullable: true, description: "A new slug." })
  @NotClearable()
  @Slug()
  slug?: string;

  @Field(() => String, { nullable: true, description: "Title in the language of the coverage." })
  @NotClearable()
  @Text(500)
  title?: string;

  @Field(() => IncidentKindEnum, { nullable: true, description: "What kind of event it was." })
  @NotClearable()
  kind?: IncidentKind;

  @Field(() => String, { nullable: true, description: "The day it happened, ISO-8601." })
  @NotClearable()
  @Day()
  occurredOn?: string;
}
