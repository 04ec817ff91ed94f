import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { ConnectionType } from "../../shared/connection.type.js";
import { DateTime } from "../../shared/scalars.js";
import { ReviewStatusEnum, StatementKindEnum } from "../statement/statement.enums.js";

@ObjectType("StatementSuggestion", {
  simpleResolvers: true,
  description: "A statement the extractor proposed for an article, as it proposed it; an editor approves (with changes, if any) or rejects it. Only editor keys see suggestions.",
})
export class StatementSuggestion {
  @Field(() => ID, { description: "Opaque id: pass it to `reviewStatement` or `approveStatements`." })
  id!: string;

  @Field(() => String, { description: "The words as proposed: exactly the article's text between `start` and `end`." })
  text!: string;

  @Field(() => StatementKindEnum, { description: "DIRECT_QUOTE or PARAPHRASE." })
  kind!: string;

  @Field(() => String, { nullable: true, description: "The reporting word as published." })
  cue!: string | null;

  @Field(() => Int, { description: "Index into `Article.paragraphs`." })
  paragraph!: number;

  @Field(() => Int, { description: "Offset of the first character in the article's body." })
  start!: number;

  @Field(() => Int, { description: "Offset just after the last character." })
  end!: number;

  @Field(() => String, { nullable: true, description: "The speaker as the text names them." })
  speakerName!: string | null;

  @Field(() => String, { nullable: true, description: "An unnamed source, or a name no person or organization matched (resolve it when approving)." })
  speakerLabel!: string | null;

  @Field(() => Float, { description: "0 to 1: how sure the rule was." })
  confidence!: number;

  @Field(() => String, { description: "The rule that proposed it." })
  rule!: string;

  @Field(() => String, { description: "The extractor's version." })
  extractorVersion!: string;

  @Field(() => ReviewStatusEnum, { description: "SUGGESTED until an editor approves or rejects it." })
  status!: string;

  @Field(() => String, { nullable: true, description: "The name of the API key that decided." })
  reviewedBy!: string | null;

  @Field(() => DateTime, { nullable: true, description: "When it was decided." })
  reviewedAt!: string | null;

  @Field(() => DateTime, { description: "When it was proposed." })
  createdAt!: string;
}

export const StatementSuggestionConnection = ConnectionType(() => StatementSuggestion, "StatementSuggestion", "statement suggestion");

@ObjectType("ArticleFromText", { simpleResolvers: true, description: "An article written from its text, and the statements the extractor suggests for it." })
export class ArticleFromText {
  @Field(() => [StatementSuggestion], { description: "The suggestions, in reading order, waiting for review." })
  suggestions!: object[];

  @Field(() => [String], { description: "Speaker names no person or organization matched: candidates for new ones." })
  unresolvedNames!: string[];
}
