import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { pageRequest, toConnection } from "../../shared/connection.js";
import { PageArgsInput } from "../../shared/connection.type.js";
import { optionalIdOf } from "../../shared/lookup.js";
import { Actor } from "../actor/actor.type.js";
import type { ActorRow } from "../actor/actor.table.js";
import { Article } from "../article/article.type.js";
import { Organization } from "../organization/organization.type.js";
import { UpdateStatementInput } from "../statement/statement.input.js";
import { Statement } from "../statement/statement.type.js";
import { knownActorsOf } from "../extraction/known-actors.js";
import { approveStatements, createArticleFromText, reviewStatement, suggestionId } from "./suggestion.edits.js";
import { CreateArticleFromTextInput, ReviewDecisionEnum, StatementSuggestionFilter, type ReviewDecision } from "./suggestion.input.js";
import { SUGGESTION_SORT } from "./suggestion.repository.js";
import type { StatementSuggestionRow } from "./suggestion.table.js";
import { ArticleFromText, StatementSuggestion, StatementSuggestionConnection } from "./suggestion.type.js";

interface ArticleFromTextValue {
  articleId: number;
  suggestions: StatementSuggestionRow[];
  unresolvedNames: string[];
}

@Resolver(() => StatementSuggestion)
export class StatementSuggestionResolver {
  @Authorized("editor")
  @Query(() => StatementSuggestionConnection, { description: "The extractor's suggestions, oldest first (SUGGESTED ones unless `filter.status` says otherwise). Needs an editor key." })
  async statementSuggestions(
    @Arg("filter", () => StatementSuggestionFilter, { nullable: true }) filter: StatementSuggestionFilter | null,
    @Args(() => PageArgsInput) page: PageArgsInput,
    @Ctx() { repositories }: Context,
  ) {
    const request = pageRequest(page, SUGGESTION_SORT);
    const values = { articleId: optionalIdOf(filter?.articleId, ["Article"], "filter.articleId"), status: filter?.status ?? "SUGGESTED" };
    const rows = await repositories.suggestions.findPage(values, request);
    return toConnection(rows, request, SUGGESTION_SORT, () => repositories.suggestions.count(values));
  }

  @FieldResolver(() => ID, { description: "Opaque id: pass it to `reviewStatement` or `approveStatements`." })
  id(@Root() row: StatementSuggestionRow): string {
    return suggestionId(row);
  }

  @FieldResolver(() => Article, { description: "The article it was found in." })
  article(@Root() row: StatementSuggestionRow, @Ctx() { loaders }: Context) {
    return loaders.articles.byId.load(row.articleId);
  }

  @FieldResolver(() => Actor, { nullable: true, description: "The person or organization the extractor matched as the speaker." })
  speaker(@Root() row: StatementSuggestionRow, @Ctx() { loaders }: Context): Promise<ActorRow | null> | null {
    return row.speakerId === null ? null : loaders.actors.byId.load(row.speakerId);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The agency the words came through." })
  via(@Root() row: StatementSuggestionRow, @Ctx() { loaders }: Context): Promise<ActorRow | null> | null {
    return row.viaId === null ? null : loaders.actors.byId.load(row.viaId);
  }

  @FieldResolver(() => Statement, { nullable: true, description: "The statement its approval published, with the editor's changes; compare it with this proposal." })
  statement(@Root() row: StatementSuggestionRow, @Ctx() { loaders }: Context) {
    return row.statementId === null ? null : loaders.statements.byId.load(row.statementId);
  }

  @Authorized("editor")
  @Mutation(() => ArticleFromText, {
    description:
      "Creates an article from its text and stores the statements the extractor proposes for it as suggestions (none is published until an editor approves it). All or nothing. Needs an editor key.",
  })
  async createArticleFromText(@Arg("input", () => CreateArticleFromTextInput) input: CreateArticleFromTextInput, @Ctx() context: Context): Promise<ArticleFromTextValue> {
    // Read before the transaction (where nothing is cached): writing the article changes no person or organization.
    return createArticleFromText(context, input, await knownActorsOf(context));
  }

  @Authorized("editor")
  @Mutation(() => StatementSuggestion, {
    description:
      "Approves a suggestion — publishing it as a statement, with `changes` (the fields of UpdateStatementInput) overriding what the extractor proposed — or rejects it. CONFLICT if it was already decided. Needs an editor key.",
  })
  reviewStatement(
    @Arg("id", () => ID) id: string,
    @Arg("decision", () => ReviewDecisionEnum) decision: ReviewDecision,
    @Arg("changes", () => UpdateStatementInput, { nullable: true }) changes: UpdateStatementInput | null,
    @Ctx() context: Context,
  ): StatementSuggestionRow | Promise<StatementSuggestionRow> {
    return reviewStatement(context, id, decision, changes);
  }

  @Authorized("editor")
  @Mutation(() => [StatementSuggestion], { description: "Approves suggestions as proposed (at most 100): all of them, or none if any fails. Needs an editor key." })
  approveStatements(@Arg("ids", () => [ID]) ids: string[], @Ctx() context: Context): StatementSuggestionRow[] | Promise<StatementSuggestionRow[]> {
    return approveStatements(context, ids);
  }
}

@Resolver(() => ArticleFromText)
export class ArticleFromTextResolver {
  @FieldResolver(() => Article, { description: "The article written." })
  article(@Root() value: ArticleFromTextValue, @Ctx() { loaders }: Context) {
    return loaders.articles.byId.load(value.articleId);
  }
}
