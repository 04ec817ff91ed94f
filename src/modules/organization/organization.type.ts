import { Directive, Field, ObjectType } from "type-graphql";
import { ConnectionType } from "../../shared/connection.type.js";
import { OrganizationKindEnum } from "./organization.enums.js";
import { CountryCode } from "../../shared/scalars.js";
import { Actor } from "../actor/actor.type.js";
import { Node } from "../node/node.type.js";

@Directive('@key(fields: "id")')
@Directive('@key(fields: "slug")')
@ObjectType("Organization", {
  implements: [Node, Actor],
  simpleResolvers: true,
  description: "A government, ministry, army, armed group or news agency.",
})
export class Organization extends Actor {
  @Field(() => OrganizationKindEnum, { description: "What kind of body this is." })
  kind!: string;

  @Field(() => CountryCode, { nullable: true, description: "Country of the organization (ISO 3166-1 alpha-2); null for non-state groups." })
  country!: string | null;
}

export const OrganizationConnection = ConnectionType(() => Organization, "Organization", "organization");
