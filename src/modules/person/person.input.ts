import { Field, InputType } from "type-graphql";
import { NotClearable, Optional, Reference, Slug, Text } from "../../shared/validation.js";
import { ActorOptionalFields } from "../actor/actor.input.js";

// Decorated so type-graphql collects its fields for subclasses; never referenced, so never in the schema.
@InputType()
abstract class PersonOptionalFields extends ActorOptionalFields {
  @Field(() => String, { nullable: true, description: "Role as published." })
  @Optional()
  @Text(500)
  role?: string | null;

  @Field(() => String, { nullable: true, description: "Role in English." })
  @Optional()
  @Text(500)
  roleEn?: string | null;

  @Field(() => String, { nullable: true, description: "The organization the person belongs to: its slug or id." })
  @Optional()
  @Reference()
  affiliation?: string | null;
}

@InputType("CreatePersonInput", { description: "A new person. References (`affiliation`) are slugs or ids." })
export class CreatePersonInput extends PersonOptionalFields {
  @Field(() => String, { description: "Unique key among people and organizations, e.g. `antony-blinken`." })
  @Slug()
  slug!: string;

  @Field(() => String, { description: "Name as published." })
  @Text(300)
  name!: string;
}

@InputType("UpdatePersonInput", { description: "Changes to a person: a field left out stays as it is; `null` clears a nullable field. `aliases` replaces the list." })
export class UpdatePersonInput extends PersonOptionalFields {
  @Field(() => String, { nullable: true, description: "A new slug." })
  @NotClearable()
  @Slug()
  slug?: string;

  @Field(() => String, { nullable: true, description: "Name as published." })
  @NotClearable()
  @Text(300)
  name?: string;
}
