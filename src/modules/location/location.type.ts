import { Directive, Field, Float, ObjectType } from "type-graphql";
import { ConnectionType } from "../../shared/connection.type.js";
import { DateTime } from "../../shared/scalars.js";
import { Node } from "../node/node.type.js";
import { LocationKindEnum } from "./location.enums.js";

@Directive('@key(fields: "id")')
@Directive('@key(fields: "slug")')
@ObjectType("Location", { implements: [Node], simpleResolvers: true, description: "A place incidents happen at: a country, a region, a city or a site, each inside its parent." })
export class Location extends Node {
  @Field(() => String, { description: "Unique, human-readable key, e.g. `kalsu-base`, `babil-governorate`." })
  slug!: string;

  @Field(() => String, { description: "Name as published (Arabic for the sample content)." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Name in English." })
  nameEn!: string | null;

  @Field(() => LocationKindEnum, { description: "COUNTRY, REGION, CITY or SITE." })
  kind!: string;

  @Field(() => Float, { nullable: true, description: "WGS 84 latitude." })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: "WGS 84 longitude." })
  longitude!: number | null;

  @Field(() => String, { nullable: true, description: "The Wikidata item (`Q…`), the identifier other news data links by." })
  wikidataId!: string | null;

  @Field(() => DateTime, { description: "When the record was last changed in Khabar." })
  updatedAt!: string;
}

export const LocationConnection = ConnectionType(() => Location, "Location", "location");
