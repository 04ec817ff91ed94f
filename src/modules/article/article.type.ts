import { Directive, Field, ObjectType } from "type-graphql";
import { ConnectionType } from "../../shared/connection.type.js";
import { DateTime } from "../../shared/scalars.js";
import { Node } from "../node/node.type.js";

@ObjectType("ArticleImage", { simpleResolvers: true, description: "The lead image of an article, described as published." })
export class ArticleImage {
  @Field(() => String, { nullable: true, description: "Caption shown with the image." })
  caption!: string | null;

  @Field(() => String, { nullable: true, description: "Who the image is credited to (e.g. `@SecBlinken`)." })
  credit!: string | null;

  @Field(() => String, { nullable: true, description: "Alternative text for screen readers." })
  alt!: string | null;
}

@ObjectType("ArticleCorrection", { simpleResolvers: true, description: "A correction published with an article." })
export class ArticleCorrection {
  @Field(() => DateTime, { description: "When it was corrected." })
  at!: string;

  @Field(() => String, { description: "What was corrected, as the article says it." })
  note!: string;
}

@Directive('@key(fields: "id")')
@Directive('@key(fields: "slug")')
@ObjectType("Article", { implements: [Node], simpleResolvers: true, description: "A published news article." })
export class Article extends Node {
  @Field(() => String, { description: "Unique, human-readable key, e.g. `blinken-hussein-isis-partnership`." })
  slug!: string;

  @Field(() => String, { description: "Headline as published." })
  headline!: string;

  @Field(() => String, { nullable: true, description: "Standfirst / summary as published." })
  summary!: string | null;

  @Field(() => String, { description: "Full text; paragraphs are separated by blank lines." })
  body!: string;

  @Field(() => String, { description: "BCP-47 language tag of the text, e.g. `ar`." })
  language!: string;

  @Field(() => DateTime, { description: "When the article was published." })
  publishedAt!: string;

  @Field(() => DateTime, { description: "When the article was last changed in Khabar." })
  updatedAt!: string;

  @Field(() => String, { nullable: true, description: "Canonical URL of the article on the outlet's site, if known." })
  url!: string | null;

}

export const ArticleConnection = ConnectionType(() => Article, "Article", "article");
