import { Directive, Field, ObjectType } from "type-graphql";
import { ConnectionType } from "../../shared/connection.type.js";
import { CountryCode } from "../../shared/scalars.js";
import { Actor } from "../actor/actor.type.js";
import { Node } from "../node/node.type.js";

@Directive('@key(fields: "id")')
@Directive('@key(fields: "slug")')
@ObjectType("Person", { implements: [Node, Actor], simpleResolvers: true, description: "A person in the news: a minister, a president, a spokesperson." })
export class Person extends Actor {
  @Field(() => String, { nullable: true, description: "Role as published, e.g. `وزير الخارجية الأميركي`." })
  role!: string | null;

  @Field(() => String, { nullable: true, description: "Role in English, e.g. `US Secretary of State`." })
  roleEn!: string | null;

  @Field(() => CountryCode, { nullable: true, description: "Country the person acts for (ISO 3166-1 alpha-2)." })
  country!: string | null;
}

export const PersonConnection = ConnectionType(() => Person, "Person", "person");
