import { ArrayMaxSize, Min, ValidateNested } from "../../shared/class-validator.js";
import { Field, ID, InputType, Int } from "type-graphql";
import { StatementKindEnum } from "./statement.enums.js";
import { DateTime } from "../../shared/scalars.js";
import { Instant, Language, NotClearable, Optional, Reference, Text } from "../../shared/validation.js";
import { ClaimStanceFields } from "../incident/incident.input.js";
import type { StatementKind } from "./statement.table.js";

@InputType("StatementFilter", { description: "Narrows a statement list; all given conditions must hold." })
export class StatementFilter {
  @Field(() => ID, { nullable: true, description: "Only statements by this person or organization." })
  speakerId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only statements reported by this article." })
  articleId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only statements about this incident." })
  incidentId?: string | null;

  @Field(() => StatementKindEnum, { nullable: true, description: "Only direct quotes, or only paraphrases." })
  kind?: StatementKind | null;

  @Field(() => String, { nullable: true, description: "Words to find in the statement text." })
  search?: string | null;

  @Field(() => DateTime, { nullable: true, description: "Only statements said at or after this instant." })
  saidAfter?: Date | null;

  @Field(() => DateTime, { nullable: true, description: "Only statements said at or before this instant." })
  saidBefore?: Date | null;
}

// Inputs of the editing mutations. Rules are class-validator's; see shared/validation.ts.

@InputType("StatementClaimInput", { description: "A stance on an incident that the statement itself takes (its speaker claims, denies or accuses)." })
export class StatementClaimInput extends ClaimStanceFields {
  @Field(() => String, { description: "The incident: a slug or id." })
  @Reference()
  incident!: string;
}

/** The optional fields of every statement input, with the same rules on create and update. */
// Decorated so type-graphql collects its fields for subclasses; never referenced, so never in the schema.
@InputType()
abstract class StatementOptionalFields {
  @Field(() => String, { nullable: true, description: "Who said it: a person's or organization's slug or id; null for an unnamed source (then give `speakerLabel`)." })
  @Optional()
  @Reference()
  speaker?: string | null;

  @Field(() => String, { nullable: true, description: "For unnamed sources: the label as published, e.g. `مصادر أمنية`." })
  @Optional()
  @Text(500)
  speakerLabel?: string | null;

  @Field(() => String, { nullable: true, description: "The reporting verb as published: `قال`, `أكد`…" })
  @Optional()
  @Text(100)
  cue?: string | null;

  @Field(() => String, { nullable: true, description: "When it was said, ISO-8601; absent or null = the article's publishedAt." })
  @Optional()
  @Instant()
  saidAt?: string | null;

  @Field(() => String, { nullable: true, description: "The agency it was reported through (organization slug or id)." })
  @Optional()
  @Reference()
  via?: string | null;

  @Field(() => [String], { nullable: true, description: "Incidents it is about (slugs or ids); on update, replaces the list." })
  @Optional()
  @ArrayMaxSize(100)
  @Reference({ each: true })
  incidents?: string[] | null;

  @Field(() => String, { nullable: true, description: "BCP-47 language of the text; absent or null = the article's." })
  @Optional()
  @Language()
  language?: string | null;

  @Field(() => [StatementClaimInput], { nullable: true, description: "Stances on incidents this statement takes; on update, replaces the list." })
  @Optional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  claims?: StatementClaimInput[] | null;
}

@InputType("ArticleStatementInput", { description: "A statement inside `createArticle`/`updateArticle`, in reading order. Give `speaker`, or `speakerLabel` for an unnamed source." })
export class ArticleStatementInput extends StatementOptionalFields {
  @Field(() => String, { description: "The words as published." })
  @Text(100_000)
  text!: string;

  @Field(() => StatementKindEnum, { description: "DIRECT_QUOTE or PARAPHRASE." })
  kind!: StatementKind;

  @Field(() => Int, { description: "0-based index of the article paragraph that reports it." })
  @Min(0)
  paragraph!: number;
}

@InputType("CreateStatementInput", { description: "A statement added to an existing article; it takes its place in reading order by `paragraph`." })
export class CreateStatementInput extends ArticleStatementInput {
  @Field(() => String, { description: "The article that reports it: a slug or id." })
  @Reference()
  article!: string;
}

@InputType("UpdateStatementInput", { description: "Changes to a statement: a field left out stays as it is; `null` clears a nullable field." })
export class UpdateStatementInput extends StatementOptionalFields {
  @Field(() => String, { nullable: true, description: "The words as published." })
  @NotClearable()
  @Text(100_000)
  text?: string;

  @Field(() => StatementKindEnum, { nullable: true, description: "DIRECT_QUOTE or PARAPHRASE." })
  @NotClearable()
  kind?: StatementKind;

  @Field(() => Int, { nullable: true, description: "0-based paragraph index; the statement moves in reading order with it." })
  @NotClearable()
  @Min(0)
  paragraph?: number;
}
