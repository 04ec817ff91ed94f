import { ArrayMaxSize, IsUrl, MaxLength, ValidateNested } from "../../shared/class-validator.js";
import { Field, ID, InputType } from "type-graphql";
import { DateTime } from "../../shared/scalars.js";
import { Instant, Language, NotClearable, Optional, Reference, Slug, Text } from "../../shared/validation.js";
import { ArticleStatementInput } from "../statement/statement.input.js";

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

// Inputs of the editing mutations. Rules are class-validator's; see shared/validation.ts.

@InputType("ArticleImageInput", { description: "The lead image of an article, described as published." })
export class ArticleImageInput {
  @Field(() => String, { nullable: true, description: "Caption shown with the image." })
  @Optional()
  @Text(2_000)
  caption?: string | null;

  @Field(() => String, { nullable: true, description: "Who the image is credited to." })
  @Optional()
  @Text(300)
  credit?: string | null;

  @Field(() => String, { nullable: true, description: "Alternative text for screen readers." })
  @Optional()
  @Text(2_000)
  alt?: string | null;
}

@InputType("ArticleCorrectionInput", { description: "A correction published with an article." })
export class ArticleCorrectionInput {
  @Field(() => String, { description: "When it was corrected, ISO-8601 with a time zone." })
  @Instant()
  at!: string;

  @Field(() => String, { description: "What was corrected." })
  @Text(5_000)
  note!: string;
}

/** The optional fields of both article inputs, with the same rules; on update a list given replaces the list. */
// Decorated so type-graphql collects its fields for subclasses; never referenced, so never in the schema.
@InputType()
abstract class ArticleOptionalFields {
  @Field(() => String, { nullable: true, description: "Standfirst / summary as published." })
  @Optional()
  @Text(5_000)
  summary?: string | null;

  @Field(() => String, { nullable: true, description: "Canonical URL on the outlet's site." })
  @Optional()
  @IsUrl({ require_protocol: true, protocols: ["http", "https"] }, { message: "url must be an http(s) URL" })
  @MaxLength(2_000)
  url?: string | null;

  @Field(() => [String], { nullable: true, description: "Topics the article is filed under." })
  @Optional()
  @ArrayMaxSize(50)
  @Text(200, { each: true })
  topics?: string[] | null;

  @Field(() => ArticleImageInput, { nullable: true, description: "The lead image." })
  @Optional()
  @ValidateNested()
  image?: ArticleImageInput | null;

  @Field(() => String, { nullable: true, description: "The outlet that published it: an organization's slug or id (usually of kind NEWS_OUTLET)." })
  @Optional()
  @Reference()
  outlet?: string | null;

  @Field(() => [ArticleCorrectionInput], { nullable: true, description: "Corrections published with it, in order; on update, replaces the list." })
  @Optional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  corrections?: ArticleCorrectionInput[] | null;

  @Field(() => [String], { nullable: true, description: "People it mentions (slugs or ids)." })
  @Optional()
  @ArrayMaxSize(500)
  @Reference({ each: true })
  people?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Organizations it mentions (slugs or ids)." })
  @Optional()
  @ArrayMaxSize(500)
  @Reference({ each: true })
  organizations?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Incidents it reports (slugs or ids)." })
  @Optional()
  @ArrayMaxSize(500)
  @Reference({ each: true })
  incidents?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Related articles (slugs or ids); linked both ways." })
  @Optional()
  @ArrayMaxSize(100)
  @Reference({ each: true })
  relatedArticles?: string[] | null;

  @Field(() => [ArticleStatementInput], { nullable: true, description: "What the article reports people and organizations said, in reading order. On update, replaces every statement, keeping the ids of those at the same positions; former speakers stay mentioned until `people`/`organizations` say otherwise." })
  @Optional()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  statements?: ArticleStatementInput[] | null;
}

@InputType("CreateArticleInput", {
  description: "A new article with its statements and mentions, written all or nothing. References are slugs or ids; speakers and the incidents statements speak about are mentioned automatically.",
})
export class CreateArticleInput extends ArticleOptionalFields {
  @Field(() => String, { description: "Unique key, e.g. `blinken-hussein-isis-partnership`." })
  @Slug()
  slug!: string;

  @Field(() => String, { description: "Headline as published." })
  @Text(1_000)
  headline!: string;

  @Field(() => String, { description: "Full text; paragraphs separated by blank lines." })
  @Text(100_000)
  body!: string;

  @Field(() => String, { description: "BCP-47 language tag, e.g. `ar`." })
  @Language()
  language!: string;

  @Field(() => String, { description: "When it was published, ISO-8601 with time zone." })
  @Instant()
  publishedAt!: string;
}

@InputType("UpdateArticleInput", {
  description: "Changes to an article: a field left out stays as it is; `null` clears a nullable field; a list given replaces the list (`statements` replaces every statement, keeping the ids of those at the same positions).",
})
export class UpdateArticleInput extends ArticleOptionalFields {
  @Field(() => String, { nullable: true, description: "A new slug." })
  @NotClearable()
  @Slug()
  slug?: string;

  @Field(() => String, { nullable: true, description: "Headline as published." })
  @NotClearable()
  @Text(1_000)
  headline?: string;

  @Field(() => String, { nullable: true, description: "Full text; paragraphs separated by blank lines." })
  @NotClearable()
  @Text(100_000)
  body?: string;

  @Field(() => String, { nullable: true, description: "BCP-47 language tag." })
  @NotClearable()
  @Language()
  language?: string;

  @Field(() => String, { nullable: true, description: "When it was published, ISO-8601." })
  @NotClearable()
  @Instant()
  publishedAt?: string;
}
