// `extractStatements`: a read-only query — nothing is written, no key is needed. The text is
// checked here (the extractor itself is pure and takes any string), speakers are resolved
// against Khabar's people and organizations, and the speaker and agency come back as the
// entities themselves through the loaders.
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { extractStatements, EXTRACTOR_VERSION, type StatementProposal } from "../../extraction/index.js";
import type { ActorRow } from "../actor/actor.table.js";
import { Actor } from "../actor/actor.type.js";
import { Organization } from "../organization/organization.type.js";
import { checkedLanguage, checkedText } from "./extraction.input.js";
import { ExtractionResult, ProposedStatement } from "./extraction.type.js";
import { knownActorsOf } from "./known-actors.js";

@Resolver(() => ExtractionResult)
export class ExtractionResolver {
  @Query(() => ExtractionResult, {
    description:
      "Proposes the statements of an article's text (Arabic or English, as published): direct quotes and attributed paraphrases with their speaker, reporting word, paragraph and offsets. Read-only: nothing is written. Empty text, more than 200,000 characters, or a language other than ar/en is BAD_USER_INPUT; a text without statements gives an empty list.",
  })
  async extractStatements(
    @Arg("text", () => String, { description: "The article as published; paragraphs separated by blank lines." }) text: string,
    @Arg("language", () => String, { nullable: true, description: "`ar` or `en`; detected from the script when left out." }) language: string | null,
    @Ctx() context: Context,
  ): Promise<ExtractionResult> {
    const body = checkedText(text);
    const actors = await knownActorsOf(context);
    const result = extractStatements(body, { language: checkedLanguage(language), actors });
    return { language: result.language, statements: result.statements as ProposedStatement[], unresolvedNames: result.unresolvedNames, extractorVersion: EXTRACTOR_VERSION };
  }
}

@Resolver(() => ProposedStatement)
export class ProposedStatementResolver {
  @FieldResolver(() => Actor, { nullable: true, description: "The person or organization who said it, when the text names one Khabar knows." })
  speaker(@Root() proposal: StatementProposal, @Ctx() { loaders }: Context): Promise<ActorRow | null> | null {
    return proposal.speaker === null ? null : loaders.actors.bySlug.load(proposal.speaker);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The agency the words came through (نقلت رويترز عن…), when Khabar knows it." })
  via(@Root() proposal: StatementProposal, @Ctx() { loaders }: Context): Promise<ActorRow | null> | null {
    return proposal.via === null ? null : loaders.actors.bySlug.load(proposal.via);
  }
}
