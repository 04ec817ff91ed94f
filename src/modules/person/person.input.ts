import { ArrayMaxSize, IsISO31661Alpha2 } from "../../shared/class-validator.js";
import { Field, InputType } from "type-graphql";
import { NotClearable, Optional, Reference, Slug, Text } from "../../shared/validation.js";

@InputType("CreatePersonInput", { description: "A new person. References (`affiliation`) are slugs or ids." })
export class CreatePersonInput {
  @Field(() => String, { description: "Unique key among people and organizations, e.g. `antony-blinken`." })
  @Slug()
  slug!: string;

  @Field(() => String, { description: "Name as published." })
  @Text(300)
  name!: string;

  @Field(() => String, { nullable: true, description: "Name in English." })
  @Optional()
  @Text(300)
  nameEn?: string | null;

  @Field(() => [String], { nullable: true, description: "Other spellings of the name, in any language." })
  @Optional()
  @ArrayMaxSize(100)
  @Text(300, { each: true })
  aliases?: string[] | null;

  @Field(() => String, { nullable: true, description: "Role as published." })
  @Optional()
  @Text(500)
  role?: string | null;

  @Field(() => String, { nullable: true, description: "Role in English." })
  @Optional()
  @Text(500)
  roleEn?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code, e.g. `US`." })
  @Optional()
  @IsISO31661Alpha2({ message: "country must be an ISO 3166-1 alpha-2 code such as IQ" })
  country?: string | null;

  @Field(() => String, { nullable: true, description: "The organization the person belongs to: its slug or id." })
  @Optional()
  @Reference()
  affiliation?: string | null;
}

@InputType("UpdatePersonInput", { description: "Changes to a person: a field left out stays as it is; `null` clears a nullable field. `aliases` replaces the list." })
export class UpdatePersonInput {
  @Field(() => String, { nullable: true, description: "A new slug." })
  @NotClearable()
  @Slug()
  slug?: string;

  @Field(() => String, { nullable: true, description: "Name as published." })
  @NotClearable()
  @Text(300)
  name?: string;

  @Field(() => String, { nullable: true, description: "Name in English." })
  @Optional()
  @Text(300)
  nameEn?: string | null;

  @Field(() => [String], { nullable: true, description: "Other spellings of the name (replaces the list)." })
  @Optional()
  @ArrayMaxSize(100)
  @Text(300, { each: true })
  aliases?: string[] | null;

  @Field(() => String, { nullable: true, description: "Role as published." })
  @Optional()
  @Text(500)
  role?: string | null;

  @Field(() => String, { nullable: true, description: "Role in English." })
  @Optional()
  @Text(500)
  roleEn?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code." })
  @Optional()
  @IsISO31661Alpha2({ message: "country must be an ISO 3166-1 alpha-2 code such as IQ" })
  country?: string | null;

  @Field(() => String, { nullable: true, description: "The organization the person belongs to: its slug or id." })
  @Optional()
  @Reference()
  affiliation?: string | null;
}
