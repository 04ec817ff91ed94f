import { Field, ID, InputType, registerEnumType } from "type-graphql";
import { ArrayMaxSize } from "../../shared/class-validator.js";
import { Instant, Language, Optional, Reference, Slug, Text } from "../../shared/validation.js";
import type { ReviewStatus } from "./suggestion.table.js";
import { enumObject } from "../../shared/enum-object.js";
import { ReviewStatusEnum } from "../statement/statement.enums.js";

export const ReviewDecisionEnum = enumObject(["APPROVE", "REJECT"] as const);
export type ReviewDecision = keyof typeof ReviewDecisionEnum;
registerEnumType(ReviewDecisionEnum, {
  name: "ReviewDecision",
  description: "What an editor decides about a suggestion.",
  valuesConfig: { APPROVE: { description: "Publish it as a statement (with the changes given)." }, REJECT: { description: "Turn it down." } },
});

@InputType("StatementSuggestionFilter", { description: "Narrows the list of suggestions; all given conditions must hold." })
export class StatementSuggestionFilter {
  @Field(() => ID, { nullable: true, description: "Only the suggestions for this article." })
  articleId?: string | null;

  @Field(() => ReviewStatusEnum, { nullable: true, defaultValue: "SUGGESTED", description: "Only those in this state (SUGGESTED when left out)." })
  status?: ReviewStatus | null;
}

@InputType("CreateArticleFromTextInput", { description: "An article given as its text: the extractor proposes its statements as suggestions." })
export class CreateArticleFromTextInput {
  @Field(() => String, { description: "Unique key, e.g. `blinken-baghdad-visit`." })
  @Slug()
  slug!: string;

  @Field(() => String, { description: "Headline as published." })
  @Text(1_000)
  headline!: string;

  @Field(() => String, { description: "The article's text as published; paragraphs separated by blank lines. At most 200,000 characters." })
  @Text(200_000)
  text!: string;

  @Field(() => String, { description: "`ar` or `en` (BCP-47 tags such as `ar-IQ` are kept as the article's language)." })
  @Language()
  language!: string;

  @Field(() => String, { description: "When it was published, ISO-8601 with a time zone." })
  @Instant()
  publishedAt!: string;

  @Field(() => String, { nullable: true, description: "Where it was published." })
  @Optional()
  @Text(2_000)
  url?: string | null;

  @Field(() => String, { nullable: true, description: "Summary or lead." })
  @Optional()
  @Text(100_000)
  summary?: string | null;

  @Field(() => [String], { nullable: true, description: "Topics." })
  @Optional()
  @ArrayMaxSize(100)
  @Text(200, { each: true })
  topics?: string[] | null;

  @Field(() => String, { nullable: true, description: "The outlet that published it: an organization's slug or id." })
  @Optional()
  @Reference()
  outlet?: string | null;
}
