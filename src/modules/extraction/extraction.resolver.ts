// `extractStatements`: a read-only query — nothing is written, no key is needed. The text is
// checked here (the extractor itself is pure and takes any string), speakers are resolved
// against Khabar's people and organizations, and the speaker and agency come back as the
// entities themselves through the loaders.
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { extractStatements, EXTRACTOR_VERSION, type KnownActor, type StatementProposal } from "../../extraction/index.js";
import { databaseVersion } from "../../db/query.js";
import { BadUserInputError } from "../../shared/errors.js";
import type { ActorRow } from "../actor/actor.table.js";
import { Actor } from "../actor/actor.type.js";
import { Organization } from "../organization/organization.type.js";
import { ExtractionResult, ProposedStatement } from "./extraction.type.js";

/** The longest text the extractor reads (a long feature is ~50,000 characters). */
export const MAX_EXTRACTION_TEXT = 200_000;
const LANGUAGES = new Set(["ar", "en"]);
// C0 controls other than tab, line feed and carriage return: a sign of binary, not of an article.
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/u;
// A surrogate without its pair: what invalid UTF-8 or a cut string becomes.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** The text the extractor may read, or BAD_USER_INPUT on `path`. */
export function checkedText(text: string, path = "text"): string {
  if (text.trim() === "") throw BadUserInputError.field(path, "must contain the article's text");
  if (text.length > MAX_EXTRACTION_TEXT) throw BadUserInputError.field(path, `must be at most ${MAX_EXTRACTION_TEXT} characters, got ${text.length}`);
  if (LONE_SURROGATE.test(text)) throw BadUserInputError.field(path, "is not valid Unicode (a lone surrogate)");
  if (BINARY.test(text)) throw BadUserInputError.field(path, "holds control characters: send the article as text");
  return text;
}

/** `ar` or `en` from a BCP-47 tag, or BAD_USER_INPUT on `path`. */
export function checkedLanguage(language: string | null | undefined, path = "language"): string | null {
  if (language == null) return null;
  const primary = language.split("-")[0]!.toLowerCase();
  if (!LANGUAGES.has(primary)) throw BadUserInputError.field(path, "must be ar or en (or left out to detect it from the script)");
  return primary;
}

/** A person or organization as the extractor knows it. */
export function knownActorOf({ actor, aliases }: { actor: ActorRow; aliases: string[] }): KnownActor {
  return {
    slug: actor.slug,
    name: actor.name,
    nameEn: actor.nameEn,
    aliases,
    kind: actor.actorType,
    role: actor.role,
    roleEn: actor.roleEn,
    isNewsAgency: actor.kind === "NEWS_AGENCY",
  };
}

// Every person and organization, as the extractor takes them, per connection: read again only
// when the database has changed, not on every extraction.
const knownActorsByConnection = new WeakMap<object, { version: string; actors: KnownActor[] }>();

function knownActors(db: Context["db"], repositories: Context["repositories"]): KnownActor[] {
  const version = databaseVersion(db.$client);
  const cached = knownActorsByConnection.get(db.$client);
  if (cached?.version === version) return cached.actors;
  const actors = repositories.actors.everyoneWithAliases().map(knownActorOf);
  knownActorsByConnection.set(db.$client, { version, actors });
  return actors;
}

@Resolver(() => ExtractionResult)
export class ExtractionResolver {
  @Query(() => ExtractionResult, {
    description:
      "Proposes the statements of an article's text (Arabic or English, as published): direct quotes and attributed paraphrases with their speaker, reporting word, paragraph and offsets. Read-only: nothing is written. Empty text, more than 200,000 characters, or a language other than ar/en is BAD_USER_INPUT; a text without statements gives an empty list.",
  })
  extractStatements(
    @Arg("text", () => String, { description: "The article as published; paragraphs separated by blank lines." }) text: string,
    @Arg("language", () => String, { nullable: true, description: "`ar` or `en`; detected from the script when left out." }) language: string | null,
    @Ctx() { db, repositories }: Context,
  ): ExtractionResult {
    const body = checkedText(text);
    const actors = knownActors(db, repositories);
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
