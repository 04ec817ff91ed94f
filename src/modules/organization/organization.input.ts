import { ArrayMaxSize, IsISO31661Alpha2 } from "../../shared/class-validator.js";
import { Field, InputType } from "type-graphql";
import { OrganizationKindEnum } from "../../shared/enums.js";
import { NotClearable, Optional, Slug, Text } from "../../shared/validation.js";
import type { OrganizationKind } from "../actor/actor.table.js";

@InputType("CreateOrganizationInput", { description: "A new organization." })
export class CreateOrganizationInput {
  @Field(() => String, { description: "Unique key among people and organizations, e.g. `reuters`." })
  @Slug()
  slug!: string;

  @Field(() => String, { description: "Name as published." })
  @Text(300)
  name!: string;

  @Field(() => String, { nullable: true, description: "Name in English." })
  @Optional()
  @Text(300)
  nameEn?: string | null;

  @Field(() => [String], { nullable: true, description: "Other spellings and abbreviations, in any language." })
  @Optional()
  @ArrayMaxSize(100)
  @Text(300, { each: true })
  aliases?: string[] | null;

  @Field(() => OrganizationKindEnum, { description: "What kind of body it is." })
  kind!: OrganizationKind;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code; null for non-state groups." })
  @Optional()
  @IsISO31661Alpha2({ message: "country must be an ISO 3166-1 alpha-2 code such as IQ" })
  country?: string | null;
}

@InputType("UpdateOrganizationInput", { description: "Changes to an organization: a field left out stays as it is; `null` clears a nullable field." })
export class UpdateOrganizationInput {
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

  @Field(() => [String], { nullable: true, description: "Other spellings (replaces the list)." })
  @Optional()
  @ArrayMaxSize(100)
  @Text(300, { each: true })
  aliases?: string[] | null;

  @Field(() => OrganizationKindEnum, { nullable: true, description: "What kind of body it is." })
  @NotClearable()
  kind?: OrganizationKind;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country code." })
  @Optional()
  @IsISO31661Alpha2({ message: "country must be an ISO 3166-1 alpha-2 code such as IQ" })
  country?: string | null;
}
