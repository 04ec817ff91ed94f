import { Field, ID, InputType } from "type-graphql";
import { DateTime } from "../../shared/scalars.js";

@InputType("ArticleFilter", { description: "Narrows an article list; all given conditions must hold." })
export class ArticleFilter {
  @Field(() => String, { nullable: true, description: "Words to find in the headline, summary or body." })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: "Only articles that mention (or quote) this person." })
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only articles that mention (or quote) this organization." })
  organizationId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only articles that report this incident." })
  incidentId?: string | null;

  @Field(() => String, { nullable: true, description: "Only articles with this topic." })
  topic?: string | null;

  @Field(() => String, { nullable: true, description: "Only articles in this language (BCP-47, e.g. `ar`)." })
  language?: string | null;

  @Field(() => DateTime, { nullable: true, description: "Only articles published at or after this instant." })
  publishedAfter?: Date | null;

  @Field(() => DateTime, { nullable: true, description: "Only articles published at or before this instant." })
  publishedBefore?: Date | null;
}
