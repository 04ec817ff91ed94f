import { Field, Float, Int, ObjectType } from "type-graphql";
import { StatementKindEnum } from "../statement/statement.enums.js";

@ObjectType("ProposedStatement", { simpleResolvers: true, description: "A statement the extractor found in a text: nothing is written until an editor creates it." })
export class ProposedStatement {
  @Field(() => String, { description: "The statement's words, exactly the text between `start` and `end`." })
  text!: string;

  @Field(() => StatementKindEnum, { description: "DIRECT_QUOTE (in quotation marks) or PARAPHRASE." })
  kind!: string;

  @Field(() => String, { description: "The reporting word as published (قال، أكد، told, according to)." })
  cue!: string;

  @Field(() => Int, { description: "Index into the text's paragraphs (its blank-line split, as `Article.paragraphs`)." })
  paragraph!: number;

  @Field(() => Int, { description: "Offset of the first character in the text (UTF-16 code units, as JavaScript counts)." })
  start!: number;

  @Field(() => Int, { description: "Offset just after the last character." })
  end!: number;

  @Field(() => String, { nullable: true, description: "The speaker's name or role as it appears in the text." })
  speakerName!: string | null;

  @Field(() => String, { nullable: true, description: "An unnamed source as published (مصادر أمنية, a senior official), or a name no person or organization matched." })
  speakerLabel!: string | null;

  @Field(() => String, { nullable: true, description: "The agency the words came through, as it appears in the text." })
  viaName!: string | null;

  @Field(() => Float, { description: "0 to 1: how sure the rule is of the statement and its speaker together." })
  confidence!: number;

  @Field(() => String, { description: "The rule that found it (`quote-after-cue`, `reported-clause`, `attribution`…)." })
  rule!: string;
}

@ObjectType("ExtractionResult", { simpleResolvers: true, description: "What the extractor proposes for a text." })
export class ExtractionResult {
  @Field(() => String, { description: "The language it read the text as: `ar` or `en`." })
  language!: string;

  @Field(() => [ProposedStatement], { description: "The proposed statements in reading order." })
  statements!: ProposedStatement[];

  @Field(() => [String], { description: "Speaker names and roles no person or organization matched: candidates for new ones." })
  unresolvedNames!: string[];

  @Field(() => String, { description: "The extractor's version, for provenance." })
  extractorVersion!: string;
}
