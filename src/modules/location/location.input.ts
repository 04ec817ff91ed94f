import { Field, ID, InputType } from "type-graphql";
import { ArrayMaxSize } from "../../shared/class-validator.js";
import { CoordinateFields } from "../../shared/coordinates.input.js";
import { CountryCode } from "../../shared/scalars.js";
import { Country, NotClearable, Optional, Reference, SameAsField, Slug, Text, WikidataIdField } from "../../shared/validation.js";
import { LocationKindEnum } from "./location.enums.js";
import type { LocationKind } from "./location.table.js";

@InputType("LocationFilter", { description: "Narrows a list of locations; all given conditions must hold." })
export class LocationFilter {
  @Field(() => String, { nullable: true, description: "Words to find in the name, the English name or an alias." })
  search?: string | null;

  @Field(() => CountryCode, { nullable: true, description: "Only places in this country (ISO 3166-1 alpha-2), at any depth." })
  country?: string | null;

  @Field(() => LocationKindEnum, { nullable: true, description: "Only places of this kind." })
  kind?: LocationKind | null;

  @Field(() => ID, { nullable: true, description: "Only the places directly inside this location." })
  parentId?: string | null;
}

/** The optional fields of both location inputs, with the same rules; on update a list replaces the list. */
// Decorated so type-graphql collects its fields for subclasses; never referenced, so never in the schema.
@InputType()
abstract class LocationOptionalFields extends CoordinateFields {
  @Field(() => String, { nullable: true, description: "Name in English." })
  @Optional()
  @Text(300)
  nameEn?: string | null;

  @Field(() => [String], { nullable: true, description: "Other spellings, in any language; on update, replaces the list." })
  @Optional()
  @ArrayMaxSize(100)
  @Text(300, { each: true })
  aliases?: string[] | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code; places inside a country may leave it out." })
  @Optional()
  @Country()
  country?: string | null;

  @Field(() => String, { nullable: true, description: "The region as text, for a place whose region is not a location of its own." })
  @Optional()
  @Text(300)
  region?: string | null;

  @WikidataIdField()
  wikidataId?: string | null;

  @SameAsField()
  sameAs?: string[] | null;

  @Field(() => String, { nullable: true, description: "The location it lies in: a slug or id. A parent chain that loops is BAD_USER_INPUT." })
  @Optional()
  @Reference()
  parent?: string | null;
}

@InputType("CreateLocationInput", { description: "A new location. `parent` is a slug or id." })
export class CreateLocationInput extends LocationOptionalFields {
  @Field(() => String, { description: "Unique key, e.g. `kalsu-base`." })
  @Slug()
  slug!: string;

  @Field(() => String, { description: "Name as published." })
  @Text(300)
  name!: string;

  @Field(() => LocationKindEnum, { description: "COUNTRY, REGION, CITY or SITE." })
  kind!: LocationKind;
}

@InputType("UpdateLocationInput", { description: "Changes to a location: a field left out stays as it is; `null` clears a nullable field." })
export class UpdateLocationInput extends LocationOptionalFields {
  @Field(() => String, { nullable: true, description: "A new slug." })
  @NotClearable()
  @Slug()
  slug?: string;

  @Field(() => String, { nullable: true, description: "Name as published." })
  @NotClearable()
  @Text(300)
  name?: string;

  @Field(() => LocationKindEnum, { nullable: true, description: "COUNTRY, REGION, CITY or SITE." })
  @NotClearable()
  kind?: LocationKind;
}
