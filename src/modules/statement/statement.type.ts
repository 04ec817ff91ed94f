import { Directive, Field, Int, ObjectType } from "type-graphql";
import { ConnectionType } from "../../shared/connection.type.js";
import { StatementKindEnum, StatementOriginEnum } from "./statement.enums.js";
import { DateTime } from "../../shared/scalars.js";
import { Node } from "../node/node.type.js";

@Directive('@key(fields: "id")')
@ObjectType("Statement", { implements: [Node], simpleResolvers: true, description: "Something an actor said, as an article reported it." })
export class Statement extends Node {
  @Field(() => String, { description: "The words: the quotation for a DIRECT_QUOTE, the reported claim for a PARAPHRASE." })
  text!: string;

  @Field(() => StatementKindEnum, { description: "Direct quotation or paraphrase." })
  kind!: string;

  @Field(() => String, { nullable: true, description: "For unnamed sources (`speaker` null): the label as published, e.g. `مصادر أمنية`." })
  speakerLabel!: string | null;

  @Field(() => String, { nullable: true, description: "The reporting verb as published: `قال`, `أكد`, `نفى`…" })
  cue!: string | null;

  @Field(() => Int, { description: "0-based index of the article paragraph that reports the statement." })
  paragraph!: number;

  @Field(() => DateTime, { description: "When it was said; the article's publication time unless known otherwise." })
  saidAt!: string;

  @Field(() => String, { description: "BCP-47 language tag of the text." })
  language!: string;

  @Field(() => StatementOriginEnum, { description: "Where it came from: an editor, an import, or the extractor (approved by an editor)." })
  origin!: string;
}

export const StatementConnection = ConnectionType(() => Statement, "Statement", "statement");
