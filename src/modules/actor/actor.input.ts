import { ArrayMaxSize } from "../../shared/class-validator.js";
import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../shared/scalars.js";
import { Country, Optional, SameAsField, Text, WikidataIdField } from "../../shared/validation.js";

@InputType("ActorFilter", { description: "Narrows a list of people or organizations; all given conditions must hold." })
export class ActorFilter {
  @Field(() => String, { nullable: true, description: "Words to find in the name, the English name or an alias." })
  search?: string | null;

  @Field(() => CountryCode, { nullable: true, description: "Only those of this country (ISO 3166-1 alpha-2)." })
  country?: string | null;
}

/**
 * The optional fields every person and organization input shares, with the same rules on create
 * and update (on update a field left out stays as it is, `null` clears it, a list replaces the list).
 */
// Decorated so type-graphql collects its fields for subclasses; never referenced, so never in the schema.
@InputType()
export abstract class ActorOptionalFields {
  @Field(() => String, { nullable: true, description: "Name in English." })
  @Optional()
  @Text(300)
  nameEn?: string | null;

  @Field(() => [String], { nullable: true, description: "Other spellings and abbreviations, in any language; on update, replaces the list." })
  @Optional()
  @ArrayMaxSize(100)
  @Text(300, { each: true })
  aliases?: string[] | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code, e.g. `US`; null for non-state groups." })
  @Optional()
  @Country()
  country?: string | null;

  @WikidataIdField()
  wikidataId?: string | null;

  @SameAsField()
  sameAs?: string[] | null;
}
