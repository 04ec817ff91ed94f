import { Field, InputType } from "type-graphql";
import { OrganizationKindEnum } from "./organization.enums.js";
import { NotClearable, Slug, Text } from "../../shared/validation.js";
import { ActorOptionalFields } from "../actor/actor.input.js";
import type { OrganizationKind } from "../actor/actor.table.js";

@InputType("CreateOrganizationInput", { description: "A new organization." })
export class CreateOrganizationInput extends ActorOptionalFields {
  @Field(() => String, { description: "Unique key among people and organizations, e.g. `reuters`." })
  @Slug()
  slug!: string;

  @Field(() => String, { description: "Name as published." })
  @Text(300)
  name!: string;

  @Field(() => OrganizationKindEnum, { description: "What kind of body it is." })
  kind!: OrganizationKind;
}

@InputType("UpdateOrganizationInput", { description: "Changes to an organization: a field left out stays as it is; `null` clears a nullable field." })
export class UpdateOrganizationInput extends ActorOptionalFields {
  @Field(() => String, { nullable: true, description: "A new slug." })
  @NotClearable()
  @Slug()
  slug?: string;

  @Field(() => String, { nullable: true, description: "Name as published." })
  @NotClearable()
  @Text(300)
  name?: string;

  @Field(() => OrganizationKindEnum, { nullable: true, description: "What kind of body it is." })
  @NotClearable()
  kind?: OrganizationKind;
}
