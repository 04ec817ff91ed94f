// Editing single statements of an article: create and update need an editor key; delete an
// admin key. Each change stamps the article's updatedAt.
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { createStatement, deleteStatement, updateStatement } from "./statement.edits.js";
import { CreateStatementInput, UpdateStatementInput } from "./statement.input.js";
import type { StatementRow } from "./statement.table.js";
import { Statement } from "./statement.type.js";

@Resolver(() => Statement)
export class StatementMutationResolver {
  @Authorized("editor")
  @Mutation(() => Statement, { description: "Adds a statement to an article, placed in reading order by its paragraph. Needs an editor key." })
  createStatement(@Arg("input", () => CreateStatementInput) input: CreateStatementInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): StatementRow | Promise<StatementRow> {
    return createStatement({ ...context, reason }, input);
  }

  @Authorized("editor")
  @Mutation(() => Statement, { description: "Changes a statement; fields left out stay as they are. Needs an editor key." })
  updateStatement(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateStatementInput) input: UpdateStatementInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): StatementRow | Promise<StatementRow> {
    return updateStatement({ ...context, reason }, id, input);
  }

  @Authorized("admin")
  @Mutation(() => ID, { description: "Deletes a statement and returns its id. Needs an admin key." })
  deleteStatement(@Arg("id", () => ID) id: string, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): string | Promise<string> {
    return deleteStatement({ ...context, reason }, id);
  }
}
