// Editing articles: create and update need an editor key; delete an admin key.
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { createArticle, deleteArticle, updateArticle } from "./article.edits.js";
import { CreateArticleInput, UpdateArticleInput } from "./article.input.js";
import type { ArticleRow } from "./article.table.js";
import { Article } from "./article.type.js";

@Resolver(() => Article)
export class ArticleMutationResolver {
  @Authorized("editor")
  @Mutation(() => Article, {
    description: "Creates an article with its statements and mentions in one transaction: all of it or, on any error, none of it. CONFLICT if the slug is taken. Needs an editor key.",
  })
  createArticle(@Arg("input", () => CreateArticleInput) input: CreateArticleInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): ArticleRow | Promise<ArticleRow> {
    return createArticle({ ...context, reason }, input);
  }

  @Authorized("editor")
  @Mutation(() => Article, { description: "Changes an article; fields left out stay as they are, `statements` replaces the statement list. Needs an editor key." })
  updateArticle(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateArticleInput) input: UpdateArticleInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): ArticleRow | Promise<ArticleRow> {
    return updateArticle({ ...context, reason }, id, input);
  }

  @Authorized("admin")
  @Mutation(() => ID, { description: "Deletes an article with its statements and returns its id. Needs an admin key." })
  deleteArticle(@Arg("id", () => ID) id: string, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): string | Promise<string> {
    return deleteArticle({ ...context, reason }, id);
  }
}
