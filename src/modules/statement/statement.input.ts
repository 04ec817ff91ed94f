import { Field, ID, InputType } from "type-graphql";
import { StatementKindEnum } from "../../shared/enums.js";
import { DateTime } from "../../shared/scalars.js";
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
