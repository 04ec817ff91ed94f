import { Field, ID, Int, InterfaceType, ObjectType } from "type-graphql";
import { ConnectionType } from "../../shared/connection.type.js";
import { DateTime } from "../../shared/scalars.js";
import { Node } from "../node/node.type.js";
import type { ActorRow } from "./actor.table.js";

@InterfaceType("Actor", {
  implements: [Node],
  description: "Someone who speaks in statements and takes stances on incidents: a Person or an Organization.",
  resolveType: (value: ActorRow) => (value.actorType === "PERSON" ? "Person" : "Organization"),
})
export abstract class Actor extends Node {
  @Field(() => String, { description: "Unique, human-readable key, e.g. `antony-blinken`, `reuters`." })
  slug!: string;

  @Field(() => String, { description: "Name as published (Arabic for the sample content)." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Name in English." })
  nameEn!: string | null;

  @Field(() => String, { nullable: true, description: "The Wikidata item (`Q…`), the identifier other news data links by." })
  wikidataId!: string | null;

  @Field(() => DateTime, { description: "When the record was last changed in Khabar." })
  updatedAt!: string;
}

@ObjectType("StatementGroup", {
  simpleResolvers: true,
  description: "An actor's statements in one article, in reading order: one group of `Actor.statementsByArticle`.",
})
export class StatementGroup {
  @Field(() => ID, { description: "Stable id of the group (actor and article), for client caches." })
  id!: string;

  @Field(() => Int, { description: "How many statements of the actor the article reports." })
  statementCount!: number;
}

export const StatementGroupConnection = ConnectionType(() => StatementGroup, "StatementGroup", "statement group");
