/**
 * English statements in one paragraph. English puts the speaker before the verb (X said …),
 * after it when a quotation comes first ("…," said X), or between ("…," X told reporters); the
 * content follows the verb (that …, a colon, a quotation, or a bare clause) or precedes it
 * ("…, the ministry said."). "According to X" attributes without a verb.
 */
import { findAgencies, textOf, type AgencyMention } from "./agencies.js";
import {
  TIME_ADVERBIAL_WORDS,
  DOCUMENT_HEADS,
  ENGLISH_THAT_VERBS,
  GENERIC_ORGANIZATION_NOUNS,
  ENGLISH_PARTICIPLES,
  ENGLISH_PREPOSITIONS,
  ENGLISH_UNNAMED_HEADS,
  ENGLISH_VERBS,
  NARRATOR_AFTER_BUT,
  NARRATOR_AFTER_BUT_NEGATED,
  NO_BARE_CLAUSE,
  PARENTHETICAL_OPENERS,
  PRONOUNS,
  SPOKESPERSON_HEADS,
} from "./english-lexicon.js";
import { actorHasNoun, englishNameWords, type ActorMention } from "./actor-index.js";
import {
  confidenceOf,
  emit,
  emitClause,
  emitQuote,
  emitUnclaimedQuotes,
  quoteEndingBefore,
  quoteOfWord,
  quoteStartingAt,
  relayedVia,
  sentenceAgencies,
  wordsInside,
  type Attributed,
  type ParagraphScope,
} from "./paragraph-scope.js";
import type { QuoteSegment } from "./quotations.js";
import type { Sentence } from "./sentences.js";
import { labelSpeaker, namedSpeaker, type Attribution, type SpeakerGroup } from "./speakers.js";
import type { ExtractionRule, KnownActor } from "./types.js";

type SiteKind = "verb" | "participle" | "attribution";

interface CueSite {
  kind: SiteKind;
  first: number;
  end: number;
  cueText: string;
}

interface Phrase {
  group: SpeakerGroup;
  attribution: Attribution;
  named: boolean;
}

const COMMA = /,/u;
const COORDINATED_REPORTING = new Set(["said", "added", "insisted", "warned", "stressed", "noted", "argued", "says", "adds", "urged", "called", "denied", "accused", "confirmed", "described"]);
/** Words that open a noun phrase: after "told X", the start of the reported clause's subject. */
const OBJECT_PRONOUNS: ReadonlySet<string> = new Set(["him", "her", "them", "us"]);
const CLAUSE_DETERMINERS = new Set(["the", "a", "an", "its", "his", "her", "their", "this", "these", "those"]);
const LEADING_CONNECTIVES = new Set(["and", "but", "while", "as", "so", "then", "also"]);

function lower(scope: ParagraphScope, index: number): string {
  return scope.words[index]?.text.toLowerCase() ?? "";
}

/** Forms of "be": a reporting verb after one is passive ("could be announced", "was reported"). */
const BE_FORMS = new Set(["be", "been", "being", "is", "are", "was", "were"]);

/**
 * "A deal could be announced next week": a passive reporting verb's subject is what gets
 * reported, not who reports it, so it is no cue (an -ly adverb may sit between: "was widely
 * reported"). The active "… announced" and "has announced" are untouched.
 */
function isPassive(scope: ParagraphScope, index: number): boolean {
  const before = lower(scope, index - 1);
  if (BE_FORMS.has(before)) return true;
  return before.endsWith("ly") && BE_FORMS.has(lower(scope, index - 2));
}

function findSites(scope: ParagraphScope, sentence: Sentence): CueSite[] {
  const sites: CueSite[] = [];
  for (let index = sentence.firstWord; index < sentence.endWord; index++) {
    const word = scope.words[index];
    if (word === undefined || quoteOfWord(scope, index) !== undefined) continue;
    const text = word.text.toLowerCase();
    if (text === "according" && lower(scope, index + 1) === "to") {
      const to = scope.words[index + 1];
      sites.push({ kind: "attribution", first: index, end: index + 2, cueText: scope.articleText.slice(word.start, to?.end ?? word.end) });
      index++;
    } else if (["who", "which"].includes(scope.words[index - 1]?.text ?? "")) {
      // ", who asked not to be named," describes the speaker; it reports nothing.
      continue;
    } else if (text === "called" && lower(scope, index + 1) === "for") {
      const forWord = scope.words[index + 1];
      sites.push({ kind: "verb", first: index, end: index + 2, cueText: scope.articleText.slice(word.start, forWord?.end ?? word.end) });
      index++;
    } else if (isPassive(scope, index)) {
      continue;
    } else if (ENGLISH_VERBS.has(text) || text === "called" || (ENGLISH_THAT_VERBS.has(text) && (lower(scope, index + 1) === "that" || thatVerbEndsSentence(scope, sentence, index))) || describedAsQuotation(scope, sentence, index)) {
      sites.push({ kind: "verb", first: index, end: index + 1, cueText: word.text });
    } else if (ENGLISH_PARTICIPLES.has(text) && COMMA.test(word.gapBefore)) {
      sites.push({ kind: "participle", first: index, end: index + 1, cueText: word.text });
    }
  }
  return sites;
}

/**
 * '"…", a report by the regional health board found.': a verb that reports only with a
 * that-clause also reports the clause before it when it ends the sentence after its subject
 * ("found" with nothing after it but the full stop; "was found dead" stays passive).
 */
function thatVerbEndsSentence(scope: ParagraphScope, sentence: Sentence, index: number): boolean {
  return index + 1 === sentence.endWord && index - 2 > sentence.firstWord && !isPassive(scope, index);
}

/**
 * 'described the strike as "unnecessary and damaging"': "described" reports what follows "as"
 * when that is a quotation (at most four words between them); "described the scene" is no cue.
 */
function describedAsQuotation(scope: ParagraphScope, sentence: Sentence, index: number): boolean {
  return quotationDescribedAs(scope, sentence, index) !== undefined;
}

/** The quotation after "described … as", which is the statement itself (even one word: it is what the speaker called it). */
function quotationDescribedAs(scope: ParagraphScope, sentence: Sentence, index: number): QuoteSegment | undefined {
  if (lower(scope, index) !== "described") return undefined;
  for (let ahead = index + 1; ahead < Math.min(sentence.endWord, index + 6); ahead++) {
    if (lower(scope, ahead) === "as") return quoteStartingAt(scope, ahead + 1);
    if (quoteOfWord(scope, ahead) !== undefined || /[,;:]/u.test(scope.words[ahead]?.gapBefore ?? "")) return undefined;
  }
  return undefined;
}

const TITLES = new Set([
  "mr", "mrs", "ms", "dr", "president", "minister", "senator", "governor", "mayor", "judge", "general", "colonel", "captain",
  "coach", "professor", "prof", "sir", "lady", "lord", "chancellor", "secretary", "inspector", "sheikh", "king", "queen",
  "prince", "princess", "pope", "rabbi", "imam", "father", "commissioner", "ambassador", "envoy", "chief", "officer", "sergeant",
]);

/** "Paul Varga" is not Elena Varga: a one-word alias right after another given name names someone else. */
function otherGivenName(scope: ParagraphScope, mention: ActorMention): boolean {
  if (mention.endWord - mention.firstWord !== 1 || mention.source === "role") return false;
  const previous = scope.words[mention.firstWord - 1];
  const current = scope.words[mention.firstWord];
  if (previous === undefined || current === undefined || /[,.;:"“”]/u.test(current.gapBefore)) return false;
  const previousWord = previous.text.toLowerCase().replace(/\.$/u, "");
  return /^\p{Lu}/u.test(previous.text) && !TITLES.has(previousWord) && !CAPITALIZED_FUNCTION_WORDS.has(previousWord);
}

const CAPITALIZED_FUNCTION_WORDS = new Set(["the", "a", "an", "in", "on", "at", "but", "and", "after", "before", "when", "while", "yesterday", "today", "meanwhile", "however", "also", "then", "so", "as", "if"]);

function mentionsIn(scope: ParagraphScope, from: number, to: number): ActorMention[] {
  const mentions: ActorMention[] = [];
  for (let index = from; index < to; index++) {
    const mention = scope.actors.longestAt(scope.words, index, to);
    if (mention !== null && otherGivenName(scope, mention)) {
      index = mention.endWord - 1;
      continue;
    }
    if (mention !== null) {
      mentions.push(mention);
      index = mention.endWord - 1;
    }
  }
  return mentions;
}

function single(group: SpeakerGroup["speakers"][number], gender: "MALE" | "FEMALE" | null = null): SpeakerGroup {
  return { speakers: [group], agreement: { gender: group.actor?.gender ?? gender, number: "SINGULAR" }, via: null };
}

/**
 * "Harlow Textiles will close its mill …, the company said": a generic noun after the clause
 * points back to the organization that clause names, before any earlier sentence's.
 */
function organizationEarlierInSentence(scope: ParagraphScope, sentenceFirst: number, before: number): SpeakerGroup | null {
  const organization = mentionsIn(scope, sentenceFirst, before).filter((mention) => mention.actor.kind === "ORGANIZATION" && mention.actor.isNewsAgency !== true && quoteOfWord(scope, mention.firstWord) === undefined).at(-1);
  return organization === undefined ? null : single(namedSpeaker(organization.actor, textOf(scope.words, organization.firstWord, organization.endWord, scope.articleText), null));
}

const ISSUING_PARTICIPLES: ReadonlySet<string> = new Set(["published", "released", "issued", "compiled", "produced", "prepared"]);

/**
 * "figures published by the ministry", "a report released by the Water Authority": a document
 * speaks for whoever issued it, named after "<participle> by". Returns the offset of the issuer's
 * first word within `words`, or null when the phrase is not such a document.
 */
function issuerAfterDocument(words: readonly string[]): number | null {
  const documentAt = words.findIndex((word) => DOCUMENT_HEADS.has(word));
  if (documentAt === -1) return null;
  // "figures from the city's housing office", "a report by the Water Authority": the issuer right after the document.
  // (After an article too: "a report by the regional health board".)
  const bare = documentAt === 0 || (documentAt === 1 && ["a", "an", "the"].includes(words[0] ?? ""));
  if (bare && ["from", "by"].includes(words[documentAt + 1] ?? "")) return words.length > documentAt + 2 ? documentAt + 2 : null;
  if (!ISSUING_PARTICIPLES.has(words[documentAt + 1] ?? "") || words[documentAt + 2] !== "by") return null;
  return documentAt + 3 < words.length ? documentAt + 3 : null;
}

/**
 * "Justice Crane wrote that Pellham City Council had failed …. The council said …": "the
 * council" is the one organization of that head noun the story names (as speaker or not),
 * before falling back to the latest organization that spoke, which may be another kind (a court).
 */
const PLACE_PREPOSITIONS: ReadonlySet<string> = new Set(["on", "in", "at", "near", "along", "around", "outside", "across"]);

function namedOrganizationHeadedBy(scope: ParagraphScope, noun: string, text: string): SpeakerGroup | null {
  return onlyOrganization(scope, text, (actor) => scope.actors.namedInArticle.has(actor.slug) && actorHasNoun(actor, noun));
}

/** The one organization named in the article whose English name ends in `noun` (its head). */
function namedOrganizationEndingIn(scope: ParagraphScope, noun: string, text: string): SpeakerGroup | null {
  if (!/^\p{Ll}+$/u.test(noun)) return null;
  return onlyOrganization(scope, text, (actor) => scope.actors.namedInArticle.has(actor.slug) && (actor.nameEn ?? "").toLowerCase().split(/\s+/u).at(-1) === noun);
}

/** The one known organization (not a news agency) that `fits`, as the speaker `text` names; null when none or several do. */
function onlyOrganization(scope: ParagraphScope, text: string, fits: (actor: KnownActor) => boolean): SpeakerGroup | null {
  const candidates = scope.actors.actors.filter((actor) => actor.kind === "ORGANIZATION" && actor.isNewsAgency !== true && fits(actor));
  return candidates.length === 1 ? single(namedSpeaker(candidates[0]!, text, null)) : null;
}

// Words of a description that say nothing about which institution it is.
const DESCRIPTION_FILLERS: ReadonlySet<string> = new Set(["the", "of", "for", "its", "their", "local"]);

/**
 * "the county's emergency office" for Kerrow County Emergency Office: a definite description
 * whose words (two or more, head included) all belong to one known organization's English name
 * stands for that organization, though the story never spells the name out; when no actor, or
 * more than one, has all those words, it stays an unnamed description.
 */
function organizationDescribedBy(scope: ParagraphScope, words: readonly string[], text: string): SpeakerGroup | null {
  const content = words.map((word) => word.replace(/['’]s$/u, "")).filter((word) => !DESCRIPTION_FILLERS.has(word));
  const head = content.at(-1);
  if (content.length < 2 || head === undefined || !GENERIC_ORGANIZATION_NOUNS.has(head)) return null;
  const exact = onlyOrganization(scope, text, (actor) => actorHasNoun(actor, head) && content.every((word) => englishNameWords(actor).has(word)));
  if (exact !== null) return exact;
  // "the city's housing office" for Lindqvar Housing Office: a possessive place noun stands for
  // the place's name, which the article must spell out; the rest of the words are the name's.
  const possessor = words[0] === "the" && /['’]s$/u.test(words[1] ?? "") ? words[1]!.replace(/['’]s$/u, "") : null;
  if (possessor === null || !PLACE_NOUNS.has(possessor)) return null;
  const rest = content.filter((word) => word !== possessor);
  if (rest.length === 0) return null;
  const spelledInArticle = (word: string): boolean => new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, "iu").test(scope.articleText);
  return onlyOrganization(scope, text, (actor) => {
    const nameWords = englishNameWords(actor);
    if (!actorHasNoun(actor, head) || !rest.every((word) => nameWords.has(word))) return false;
    const placeWords = [...nameWords].filter((word) => !rest.includes(word) && !DESCRIPTION_FILLERS.has(word) && /^\p{L}+$/u.test(word));
    return placeWords.length > 0 && placeWords.every(spelledInArticle);
  });
}

// Possessors that stand for a place the story names: "the city's", "the country's".
const PLACE_NOUNS: ReadonlySet<string> = new Set(["city", "town", "village", "country", "county", "region", "province", "state", "capital", "island", "district"]);

const POSSESSIVE_DETERMINERS: ReadonlySet<string> = new Set(["its", "their"]);

/** A role's head part and what it is of: "director of the Orvel Museum of Antiquities" → director, orvel museum of antiquities. */
function roleParts(role: string): { role: string; of: string } | null {
  const match = /^(.+?) of (?:the )?(.+)$/u.exec(role.toLowerCase().trim());
  return match === null ? null : { role: match[1]!, of: match[2]! };
}

/** The head noun of an English phrase: the last word before "of", else the last word (orvel museum of antiquities → museum). */
function englishHead(phrase: string): string {
  const words = phrase.split(/\s+/u);
  const of = words.indexOf("of");
  return (of > 0 ? words[of - 1] : words.at(-1)) ?? "";
}

/**
 * "the museum's director", "Portlow's mayor", "the mission's lead scientist": a possessive role
 * is the role "<role> of <possessor>". It stands for the one known person the article names whose
 * role is that, of a possessor with that name (Portlow) or, for a definite common noun (the
 * museum), of something headed by that noun. Null when no one, or more than one, fits.
 */
function possessiveRoleHolder(scope: ParagraphScope, words: readonly string[], text: string): SpeakerGroup | null {
  const possessiveAt = words.findIndex((word) => /['’]s$/u.test(word));
  if (possessiveAt === -1 || possessiveAt === words.length - 1) return null;
  const definite = words[0] === "the";
  const possessor = words.slice(definite ? 1 : 0, possessiveAt + 1).join(" ").replace(/['’]s$/u, "");
  const role = words.slice(possessiveAt + 1).join(" ");
  if (possessor === "") return null;
  const holders = scope.actors.actors.filter((actor) => {
    if (actor.kind !== "PERSON" || !scope.actors.namedInArticle.has(actor.slug)) return false;
    const parts = roleParts(actor.roleEn ?? "");
    if (parts === null || parts.role !== role) return false;
    return parts.of === possessor || (definite && !possessor.includes(" ") && englishHead(parts.of) === possessor);
  });
  return holders.length === 1 ? single(namedSpeaker(holders[0]!, text, null)) : null;
}

/**
 * "Local union organiser Dev Patel": a lower-case description before an unknown capitalized
 * name describes the speaker; the name alone is the label (a name of two words or more).
 */
function trailingName(scope: ParagraphScope, from: number, to: number): { from: number; to: number } | null {
  let nameStart = to;
  while (nameStart > from && /^\p{Lu}/u.test(scope.words[nameStart - 1]?.text ?? "") && !COMMA.test(scope.words[nameStart]?.gapBefore ?? "")) nameStart--;
  const described = scope.words.slice(from, nameStart).some((word) => /^\p{Ll}/u.test(word.text));
  return to - nameStart >= 2 && nameStart > from && described && /^\p{Ll}/u.test(scope.words[nameStart - 1]?.text ?? "") ? { from: nameStart, to } : null;
}

/** The speaker named by words [from, to), or a pronoun's antecedent; `sentenceFirst` lets "the company" find its organization earlier in the sentence. */
function resolvePhrase(scope: ParagraphScope, rawFrom: number, to: number, sentenceGroup: SpeakerGroup | null, sentenceFirst: number = rawFrom): Phrase | null {
  let from = rawFrom;
  while (from < to && LEADING_CONNECTIVES.has(lower(scope, from))) from++;
  // "… denied targeting civilians and said …": a verb after "and" keeps the sentence's speaker.
  if (from >= to) return from > rawFrom && sentenceGroup !== null ? { group: sentenceGroup, attribution: "continuation", named: false } : null;
  const words = scope.words.slice(from, to).map((word) => word.text.toLowerCase());
  const pronoun = to - from === 1 ? PRONOUNS[words[0] ?? ""] : undefined;
  if (pronoun !== undefined) {
    if (sentenceGroup !== null) return { group: sentenceGroup, attribution: "continuation", named: false };
    const continued = scope.discourse.continuation({ gender: pronoun.gender, number: pronoun.plural ? "PLURAL" : "SINGULAR" }, pronoun.gender !== null);
    return continued === null ? null : { group: continued.group, attribution: continued.attribution, named: false };
  }
  const issuerAt = issuerAfterDocument(words);
  if (issuerAt !== null) return resolvePhrase(scope, from + issuerAt, to, sentenceGroup, sentenceFirst);
  const text = textOf(scope.words, from, to, scope.articleText);
  const mentions = mentionsIn(scope, from, to).filter((mention) => mention.actor.isNewsAgency !== true || mention.firstWord === from);
  // "a police spokesman" names no one in particular: an indefinite role is not its holder.
  const indefinite = (mention: ActorMention): boolean => mention.source === "role" && ["a", "an"].includes(lower(scope, mention.firstWord - 1));
  const people = mentions.filter((mention) => mention.actor.kind === "PERSON" && scope.actors.roleResolves(mention) && !indefinite(mention));
  const person = people.find((mention) => mention.source !== "role") ?? people[0];
  if (person !== undefined) return { group: single(namedSpeaker(person.actor, textOf(scope.words, person.firstWord, person.endWord, scope.articleText), null)), attribution: person.source === "role" ? "role" : "named", named: true };
  const holder = possessiveRoleHolder(scope, words, text);
  if (holder !== null) return { group: holder, attribution: "role", named: true };
  // "the museum's director" whose holder the story does not name: the role as published.
  if (words[0] === "the" && words.length <= 5 && mentions.length === 0 && /['’]s$/u.test(words[1] ?? "") && words.length > 2 && !DOCUMENT_HEADS.has(words.at(-1) ?? "") && !GENERIC_ORGANIZATION_NOUNS.has(words.at(-1) ?? "")) {
    return { group: single(labelSpeaker(text, null, false)), attribution: "unresolved", named: true };
  }
  // "a union representing workers …": an organization the story does not name is an unnamed source.
  const indefiniteStart = ["a", "an", "one", "two", "three", "several", "some"].includes(words[0] ?? "");
  const headIndex = words.findIndex((word, position) => ENGLISH_UNNAMED_HEADS.has(word) || (indefiniteStart && position <= 2 && GENERIC_ORGANIZATION_NOUNS.has(word)));
  const organization = mentions.find((mention) => mention.actor.kind === "ORGANIZATION");
  if (organization !== undefined) {
    const head = words[headIndex] ?? "";
    const unnamedBefore = headIndex !== -1 && from + headIndex < organization.firstWord && !SPOKESPERSON_HEADS.has(head) && !DOCUMENT_HEADS.has(head);
    if (!unnamedBefore) return { group: single(namedSpeaker(organization.actor, textOf(scope.words, organization.firstWord, organization.endWord, scope.articleText), null)), attribution: "named", named: true };
  }
  const role = mentions.find((mention) => mention.source === "role");
  if (role !== undefined && headIndex === -1) return { group: single(labelSpeaker(text, null, false)), attribution: "unresolved", named: true };
  if (words[0] === "the" && words.length <= 3) {
    const noun = words.at(-1) ?? "";
    const generic = GENERIC_ORGANIZATION_NOUNS.has(noun);
    const antecedent =
      (generic ? organizationEarlierInSentence(scope, sentenceFirst, from) : null) ??
      scope.discourse.anaphor(noun) ??
      (generic ? (namedOrganizationHeadedBy(scope, noun, text) ?? scope.discourse.latestOrganization()) : null) ??
      // "According to the sanctuary" after the Tamsin Valley Elephant Sanctuary: a definite noun
      // that is the last word (the head) of the one organization the article has named is it.
      (!generic && words.length === 2 ? namedOrganizationEndingIn(scope, noun, text) : null);
    if (antecedent !== null) return { group: antecedent, attribution: "anaphor", named: true };
  }
  // "a spokeswoman for the authority": the organization already in the story.
  const forAt = words.indexOf("for");
  if (headIndex !== -1 && SPOKESPERSON_HEADS.has(words[headIndex] ?? "") && forAt === headIndex + 1 && words[forAt + 1] === "the") {
    const noun = words.at(-1) ?? "";
    // "a spokeswoman for the environment ministry": words before the head say which one, so only
    // a known organization with all of them in its name is it; else an unnamed source.
    const modified = words.length - (forAt + 2) > 1;
    const organizationSpoken = modified
      ? organizationDescribedBy(scope, words.slice(forAt + 1), text)
      : (scope.discourse.anaphor(noun, "ORGANIZATION") ?? (GENERIC_ORGANIZATION_NOUNS.has(noun) ? scope.discourse.latestOrganization() : null));
    if (organizationSpoken !== null) return { group: organizationSpoken, attribution: "anaphor", named: true };
  }
  // "a company filing", "the group's statement": a document of the organization in the story.
  const documentAt = words.findIndex((word) => DOCUMENT_HEADS.has(word));
  if (documentAt > 0 && GENERIC_ORGANIZATION_NOUNS.has(words[documentAt - 1] ?? "")) {
    const organization = scope.discourse.latestOrganization();
    if (organization !== null) return { group: organization, attribution: "anaphor", named: true };
  }
  if (headIndex !== -1) return { group: single(labelSpeaker(text, null, true)), attribution: "unnamed", named: true };
  // "a local rescue group", "one former regulator": an indefinite speaker is an unnamed source.
  if (indefiniteStart && to - from <= 6 && mentions.length === 0) return { group: single(labelSpeaker(text, null, true)), attribution: "unnamed", named: true };
  const described = words[0] === "the" && mentions.length === 0 ? organizationDescribedBy(scope, words, text) : null;
  if (described !== null) return { group: described, attribution: "anaphor", named: true };
  // "The country's data protection regulator": a definite description of an institution the story does not name.
  if (words[0] === "the" && to - from <= 6 && mentions.length === 0 && GENERIC_ORGANIZATION_NOUNS.has(words.at(-1) ?? "")) return { group: single(labelSpeaker(text, null, true)), attribution: "unnamed", named: true };
  // "its organisers", "their lawyers": people the possessive ties to something in the story, unnamed.
  // "…, its board announced": a body the possessive ties to something in the story (a generic
  // organization noun) is unnamed too.
  if (POSSESSIVE_DETERMINERS.has(words[0] ?? "") && words.length >= 2 && words.length <= 4 && mentions.length === 0 && (/[^s']s$/u.test(words.at(-1) ?? "") || GENERIC_ORGANIZATION_NOUNS.has(words.at(-1) ?? "")) && !DOCUMENT_HEADS.has(words.at(-1) ?? "")) {
    return { group: single(labelSpeaker(text, null, true)), attribution: "unnamed", named: true };
  }
  // "Shop owners on the east bank", "Parents at the school": a bare plural agent noun (no
  // determiner, -ers/-ors/-ants/-ents/-ists/-ians, or a -men compound: "Fishermen in the area")
  // qualified by a place phrase is an unnamed group.
  if (mentions.length === 0 && to - from <= 8) {
    const headAt = words.findIndex((word) => ENGLISH_PREPOSITIONS.has(word));
    const head = words[headAt - 1] ?? "";
    if (headAt >= 1 && headAt <= 2 && PLACE_PREPOSITIONS.has(words[headAt] ?? "") && (/^\p{L}+(?:er|or|ant|ent|ist|ian)s$/u.test(head) || (/^\p{L}{2,}men$/u.test(head) && !SINGULAR_MEN_NOUNS.has(head))) && !CLAUSE_DETERMINERS.has(words[0] ?? "") && !POSSESSIVE_DETERMINERS.has(words[0] ?? "") && words[0] !== "the" && to - from - headAt >= 2) {
      return { group: single(labelSpeaker(text, null, true)), attribution: "unnamed", named: true };
    }
  }
  const trailing = trailingName(scope, from, to);
  if (trailing !== null) return { group: single(labelSpeaker(textOf(scope.words, trailing.from, trailing.to, scope.articleText), null, false)), attribution: "unresolved", named: true };
  // An unknown name: its leading capitalized run ("Paul Varga" of "Paul Varga of the University of Toronto").
  let nameEnd = from;
  while (nameEnd < to && /^\p{Lu}/u.test(scope.words[nameEnd]?.text ?? "") && (nameEnd === from || !COMMA.test(scope.words[nameEnd]?.gapBefore ?? ""))) nameEnd++;
  if (nameEnd - from >= 2 || (nameEnd - from === 1 && to - from === 1)) {
    return { group: single(labelSpeaker(textOf(scope.words, from, nameEnd, scope.articleText), null, false)), attribution: "unresolved", named: true };
  }
  // Mostly capitalized ("Bloomberg data"): the phrase as published.
  const capitalized = scope.words.slice(from, to).filter((word) => /^\p{Lu}/u.test(word.text));
  if (capitalized.length > 0 && capitalized.length >= (to - from) / 2) return { group: single(labelSpeaker(text, null, false)), attribution: "unresolved", named: true };
  return null;
}

/**
 * "…, its chief executive, Martin Hale, announced": a short comma chunk before a named person
 * that opens with a possessive (its, his, her, their, the X's) is the person's role, not the
 * claim's end; the claim stops before it. Returns where the claim ends.
 */
function appositiveRoleStart(scope: ParagraphScope, leftLimit: number, nameAt: number, phrase: Phrase): number {
  if (phrase.attribution !== "named" || phrase.group.speakers.length !== 1 || phrase.group.speakers[0]?.actor?.kind !== "PERSON") return nameAt;
  if (!COMMA.test(scope.words[nameAt]?.gapBefore ?? "")) return nameAt;
  let chunkAt = nameAt - 1;
  while (chunkAt > leftLimit && !COMMA.test(scope.words[chunkAt]?.gapBefore ?? "")) chunkAt--;
  if (chunkAt <= leftLimit || nameAt - chunkAt > 4 || quoteOfWord(scope, chunkAt) !== undefined) return nameAt;
  const first = lower(scope, chunkAt);
  const possessive = ["its", "his", "her", "their"].includes(first) || (first === "the" && /['’]s$/u.test(lower(scope, chunkAt + 1)));
  return possessive ? chunkAt : nameAt;
}

/** The end of the comma chunk starting at `from` (its first word may follow a comma). */
function commaChunkEnd(scope: ParagraphScope, from: number, limit: number): number {
  let end = from;
  while (end < limit && (end === from || !COMMA.test(scope.words[end]?.gapBefore ?? ""))) end++;
  return end;
}

/**
 * "…," said the study's lead author, Professor Amira Castell: a description the actors do not
 * know, then the speaker's name in apposition after the comma. Only a named person counts.
 */
function appositiveAfter(scope: ParagraphScope, from: number, limit: number, wholeChunk = false): Phrase | null {
  if (from >= limit || !COMMA.test(scope.words[from]?.gapBefore ?? "")) return null;
  let nameAt = from;
  while (nameAt < limit && TITLES.has(lower(scope, nameAt).replace(/\.$/u, ""))) nameAt++;
  const chunkEnd = commaChunkEnd(scope, from, limit);
  const mention = scope.actors.longestAt(scope.words, nameAt, chunkEnd);
  if (mention === null || mention.actor.kind !== "PERSON" || mention.source === "role") return null;
  if (wholeChunk && mention.endWord !== chunkEnd) return null;
  return { group: single(namedSpeaker(mention.actor, textOf(scope.words, mention.firstWord, mention.endWord, scope.articleText), null)), attribution: "named", named: true };
}

/** Perfect auxiliaries and time adverbs that may sit between a speaker and the cue verb. */
const VERB_GROUP_WORDS: ReadonlySet<string> = new Set(["has", "have", "had", "later", "already", "also", "earlier", "previously", "since", "now", "then"]);

/**
 * "His barrister, Tom Reed, had argued that …", "His club, Harbor Club, later confirmed that …",
 * "Local residents have called for …": a perfect auxiliary or a time adverb just before the cue
 * belongs to the verb, not to the speaker, so the speaker phrase ends ahead of them (at most
 * three such words, and never all the words before the cue).
 */
function verbGroupStart(scope: ParagraphScope, leftLimit: number, verb: number): number {
  let start = verb;
  while (start - 1 > leftLimit && verb - start < 3 && VERB_GROUP_WORDS.has(lower(scope, start - 1)) && !COMMA.test(scope.words[start]?.gapBefore ?? "")) start--;
  return start;
}

/** The speaker phrase just before a verb: the last comma chunk, or the one before a parenthetical (", who …,"). */
function phraseBefore(scope: ParagraphScope, leftLimit: number, verb: number): { from: number; to: number } | null {
  const chunks: { from: number; to: number }[] = [];
  let chunkStart = leftLimit;
  for (let index = leftLimit; index < verb; index++) {
    if (index > chunkStart && COMMA.test(scope.words[index]?.gapBefore ?? "")) {
      chunks.push({ from: chunkStart, to: index });
      chunkStart = index;
    }
  }
  const trailingComma = COMMA.test(scope.words[verb]?.gapBefore ?? "");
  if (!trailingComma) return chunkStart < verb ? { from: chunkStart, to: verb } : null;
  chunks.push({ from: chunkStart, to: verb });
  // "X, who …, said": skip parentheticals back to the speaker.
  for (let position = chunks.length - 1; position >= 0; position--) {
    const chunk = chunks[position];
    if (chunk === undefined) break;
    const opener = lower(scope, chunk.from);
    // ", who …,", ", a spokesman for …,", ", 68," are parentheticals between the speaker and the verb.
    if (position > 0 && (PARENTHETICAL_OPENERS.has(opener) || /^\p{N}/u.test(opener))) {
      // "Her opponent, the incumbent mayor Felix Aumann, said": a definite description ending in a
      // known person's name (no preposition in it: not "an ally of X") names the speaker the
      // opening description (no person in it) only describes.
      if (position === chunks.length - 1 && opener === "the" && appositionNamesPerson(scope, chunk, chunks[position - 1]!)) return chunk;
      continue;
    }
    return chunk;
  }
  return null;
}

function appositionNamesPerson(scope: ParagraphScope, chunk: { from: number; to: number }, described: { from: number; to: number }): boolean {
  for (let index = chunk.from; index < chunk.to; index++) if (ENGLISH_PREPOSITIONS.has(lower(scope, index)) || lower(scope, index) === "of") return false;
  const person = (from: number, to: number): ActorMention | undefined => mentionsIn(scope, from, to).find((mention) => mention.actor.kind === "PERSON" && mention.source !== "role");
  return person(described.from, described.to) === undefined && person(chunk.from, chunk.to)?.endWord === chunk.to;
}

/**
 * "A court in Carrowby", "a hospital in Dunmere": an indefinite speaker is described by its
 * place, which stays in the label; any other preposition ends the phrase (returns `at`).
 */
function placeAfter(scope: ParagraphScope, sentence: Sentence, at: number, before: number): number {
  const indefinite = ["a", "an"].includes(lower(scope, sentence.firstWord));
  if (!indefinite || !["in", "from"].includes(lower(scope, at))) return at;
  let end = at + 1;
  while (end < before && end - at <= 3 && /^\p{Lu}/u.test(scope.words[end]?.text ?? "") && !COMMA.test(scope.words[end]?.gapBefore ?? "")) end++;
  return end > at + 1 ? end : at;
}

/**
 * "Portlow's mayor, Ada Kershaw, on Wednesday defended …": a person named between commas right
 * after the description a sentence opens with is who that description is.
 */
function appositiveOpening(scope: ParagraphScope, sentence: Sentence, mentions: readonly ActorMention[]): ActorMention | undefined {
  return mentions.find(
    (mention) =>
      mention.actor.kind === "PERSON" &&
      mention.source !== "role" &&
      mention.firstWord > sentence.firstWord &&
      COMMA.test(scope.words[mention.firstWord]?.gapBefore ?? "") &&
      COMMA.test(scope.words[mention.endWord]?.gapBefore ?? "") &&
      !scope.words.slice(sentence.firstWord + 1, mention.firstWord).some((word) => COMMA.test(word.gapBefore)),
  );
}

// What follows a cue whose content lacks its subject: "a plan that shop owners say [it] will …".
const AUXILIARIES: ReadonlySet<string> = new Set(["will", "would", "could", "can", "may", "might", "should", "must", "is", "are", "was", "were", "has", "have", "had"]);

/**
 * "a plan that shop owners say will drive customers away": when the reported clause has no
 * subject of its own (the cue is followed by an auxiliary), the words before the cue are a
 * relative clause on its subject, and its speaker is who comes after the relative pronoun.
 * "The firm that owns the mine said it would …" (a subject follows) is left whole.
 */
function relativeClauseSubject(scope: ParagraphScope, before: { from: number; to: number } | null, afterCue: number): { from: number; to: number; relative: boolean } | null {
  if (before === null) return null;
  if (AUXILIARIES.has(lower(scope, afterCue))) {
    for (let index = before.to - 2; index > before.from; index--) {
      if (["that", "which"].includes(lower(scope, index)) && quoteOfWord(scope, index) === undefined) return { from: index + 1, to: before.to, relative: true };
    }
  }
  return { ...before, relative: false };
}

/**
 * "Teachers' representatives welcomed the move but warned that …": a cue right after "but" or
 * "and", coordinated with a first verb that reports nothing, has that verb's subject — the words
 * the sentence opens with, up to its first past-tense verb (six words at most, no comma, not a
 * time or place adverbial).
 */
function coordinatedSubject(scope: ParagraphScope, sentence: Sentence, before: { from: number; to: number }, cue: number): Phrase | null {
  if (!["but", "and"].includes(lower(scope, cue - 1)) || cue - 1 <= before.from) return null;
  // "In a statement, the company apologised and said …": an opening prepositional phrase and its
  // comma come before the subject (the whole opening chunk, up to five words, no cue in it).
  if (before.from !== sentence.firstWord && !openingAdverbialBefore(scope, sentence, before.from)) return null;
  const first = before.from;
  const opener = lower(scope, first);
  if (ENGLISH_PREPOSITIONS.has(opener) || TIME_ADVERBIAL_WORDS.has(opener) || PRONOUNS[opener] !== undefined || ["there", "this", "that"].includes(opener)) return null;
  for (let index = first + 1; index < Math.min(cue - 1, first + 7); index++) {
    const word = scope.words[index];
    if (word === undefined || COMMA.test(word.gapBefore) || quoteOfWord(scope, index) !== undefined) return null;
    if (/^\p{Ll}+ed$/u.test(word.text)) return resolvePhrase(scope, first, index, null, sentence.firstWord);
  }
  return null;
}

/** Whether the words from the sentence's start to `subjectAt` are one prepositional phrase and its comma ("In a statement,", "On Monday,"). */
function openingAdverbialBefore(scope: ParagraphScope, sentence: Sentence, subjectAt: number): boolean {
  if (!ENGLISH_PREPOSITIONS.has(lower(scope, sentence.firstWord)) || subjectAt - sentence.firstWord > 5 || !COMMA.test(scope.words[subjectAt]?.gapBefore ?? "")) return false;
  for (let index = sentence.firstWord + 1; index < subjectAt; index++) {
    if (COMMA.test(scope.words[index]?.gapBefore ?? "") || quoteOfWord(scope, index) !== undefined) return false;
  }
  return true;
}

/** The noun phrase a sentence opens with: up to the first preposition, comma or lower-case verb-like word. */
function openingPhrase(scope: ParagraphScope, sentence: Sentence, before: number): { from: number; to: number } | null {
  let to = sentence.firstWord;
  while (to < before && to - sentence.firstWord < 5) {
    const word = scope.words[to];
    if (word === undefined || (to > sentence.firstWord && COMMA.test(word.gapBefore))) break;
    if (ENGLISH_PREPOSITIONS.has(word.text.toLowerCase())) return { from: sentence.firstWord, to: placeAfter(scope, sentence, to, before) };
    if (to > sentence.firstWord + 1 && /^\p{Ll}/u.test(word.text) && !ENGLISH_UNNAMED_HEADS.has(word.text.toLowerCase())) break;
    to++;
  }
  return to > sentence.firstWord ? { from: sentence.firstWord, to } : null;
}

/** Where an English reported clause ends. */
function clauseEnd(scope: ParagraphScope, sentence: Sentence, from: number, verbStarts: ReadonlySet<number>): number {
  for (let index = from + 1; index < sentence.endWord; index++) {
    const word = scope.words[index];
    if (word === undefined) break;
    const quote = quoteOfWord(scope, index);
    if (quote !== undefined && quote === quoteOfWord(scope, index - 1)) continue;
    if (/;/u.test(word.gapBefore)) return index;
    const text = word.text.toLowerCase();
    const comma = COMMA.test(word.gapBefore);
    if (comma && (ENGLISH_PARTICIPLES.has(text) || (text === "according" && lower(scope, index + 1) === "to"))) return index;
    if (text === "but" && (NARRATOR_AFTER_BUT.has(lower(scope, index + 1)) || (NARRATOR_AFTER_BUT_NEGATED.has(lower(scope, index + 1)) && lower(scope, index + 2) === "not"))) return index;
    // "denied X and said …": a second reporting verb of the same speaker (not "and told her", which may be the clause's own subject).
    if (text === "and" && verbStarts.has(index + 1) && COORDINATED_REPORTING.has(lower(scope, index + 1))) return index;
    // 'said Grieve had "…" and ordered him to repay …': after a closing quotation, "and", a
    // past-tense verb and an object pronoun are the speaker's next act (the clause's own subject
    // would take a reflexive), so the claim ends with the quotation.
    if (text === "and" && quoteOfWord(scope, index - 1) !== undefined && /^\p{Ll}+ed$/u.test(scope.words[index + 1]?.text ?? "") && OBJECT_PRONOUNS.has(lower(scope, index + 2))) return index;
    // "Campaigners said the closures would hit readers hardest, and have collected 6,000
    // signatures": in a clause reported in the past (would, had, was, were), ", and" and a
    // present-tense auxiliary with its participle and no subject are the speaker's own act now.
    if (comma && text === "and" && PRESENT_AUXILIARIES.has(lower(scope, index + 1)) && /^\p{Ll}+(?:ed|en|un|wn)$/u.test(scope.words[index + 2]?.text ?? "") && backshifted(scope, from, index)) return index;
    if (comma && (text === "and" || text === "but" || text === "while")) {
      for (let ahead = index + 1; ahead <= index + 4 && ahead < sentence.endWord; ahead++) if (verbStarts.has(ahead)) return index;
    }
    if (comma && verbStarts.has(index + 1) && index + 1 < sentence.endWord) return index;
  }
  return sentence.endWord;
}

const PRESENT_AUXILIARIES: ReadonlySet<string> = new Set(["have", "has"]);
const BACKSHIFTED: ReadonlySet<string> = new Set(["would", "could", "had", "was", "were", "might"]);

/** Whether the words [from, to) hold a verb backshifted into the past, as reported speech does. */
function backshifted(scope: ParagraphScope, from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (BACKSHIFTED.has(lower(scope, index)) && quoteOfWord(scope, index) === undefined) return true;
  return false;
}

interface SentenceState {
  group: SpeakerGroup | null;
  attribution: Attribution;
  consumedUntil: number;
}

function contentAfter(scope: ParagraphScope, sentence: Sentence, from: number, limit: number, allowBareClause = true): { type: "quote"; segment: QuoteSegment } | { type: "colon"; at: number } | { type: "clause"; from: number } | null {
  let onlyTime = true;
  for (let index = from; index < Math.min(limit, from + 12); index++) {
    const word = scope.words[index];
    if (word === undefined) break;
    const quote = quoteStartingAt(scope, index);
    if (word.gapBefore.includes(":")) return quote !== undefined ? { type: "quote", segment: quote } : { type: "colon", at: index };
    if (quote !== undefined && (index === from || COMMA.test(word.gapBefore))) return { type: "quote", segment: quote };
    const text = word.text.toLowerCase();
    if (text === "that" && quoteOfWord(scope, index) === undefined) return index + 1 < sentence.endWord ? { type: "clause", from: index + 1 } : null;
    if (allowBareClause && index === from && !ENGLISH_PREPOSITIONS.has(text) && !COMMA.test(scope.words[index]?.gapBefore ?? "")) return { type: "clause", from: index };
    if (COMMA.test(word.gapBefore) && index > from) break;
    // "said on Tuesday it would …": a bare clause after a time adverbial.
    if (allowBareClause && index > from && onlyTime && !TIME_ADVERBIAL_WORDS.has(text) && !ENGLISH_PREPOSITIONS.has(text)) return { type: "clause", from: index };
    if (!TIME_ADVERBIAL_WORDS.has(text)) onlyTime = false;
  }
  return null;
}

/** Singular nouns ending in -men, not plurals of a -man compound ("specimen", not "fishermen"). */
const SINGULAR_MEN_NOUNS: ReadonlySet<string> = new Set(["specimen", "abdomen", "regimen", "acumen", "stamen", "albumen", "hymen", "omen"]);

/** Subject pronouns that open a reported clause: "announced they will …", "confirmed it would …". */
const CLAUSE_SUBJECT_PRONOUNS: ReadonlySet<string> = new Set(["it", "they", "he", "she", "we"]);

/**
 * Verbs that need "that" ("announced a plan" is an act) still take a bare clause whose subject
 * pronoun is followed at once by an auxiliary or modal: "Some shops have already announced they
 * will close", "Harbor Club confirmed it would appeal". "announced it" with a noun or nothing
 * after stays no statement.
 */
function bareClauseAllowed(scope: ParagraphScope, verb: number, from: number): boolean {
  if (!NO_BARE_CLAUSE.has(lower(scope, verb))) return true;
  if (COMMA.test(scope.words[from]?.gapBefore ?? "")) return false;
  return CLAUSE_SUBJECT_PRONOUNS.has(lower(scope, from)) && AUXILIARIES.has(lower(scope, from + 1));
}

function handleSentence(scope: ParagraphScope, sentence: Sentence, state: SentenceState): void {
  const sites = findSites(scope, sentence);
  const verbStarts = new Set(sites.filter((site) => site.kind !== "attribution").map((site) => site.first));
  const agencies = sentenceAgencies(scope, sentence);

  for (const [position, site] of sites.entries()) {
    if (site.first < state.consumedUntil) continue;
    const limit = sites[position + 1]?.first ?? sentence.endWord;
    const leftLimit = Math.max(sentence.firstWord, state.consumedUntil);

    if (site.kind === "attribution") {
      let end = site.end;
      while (end < sentence.endWord && !COMMA.test(scope.words[end]?.gapBefore ?? "") || end === site.end) end++;
      end = Math.min(end, sentence.endWord);
      let phrase = resolvePhrase(scope, site.end, end, null);
      // "…, according to the study's lead author, Amira Castell.": a trailing attribution's
      // description the actors do not know, then the person's name filling the next comma chunk.
      if (site.first > leftLimit && (phrase === null || phrase.attribution === "unresolved" || phrase.attribution === "unnamed")) {
        const nameEnd = commaChunkEnd(scope, end, sentence.endWord);
        const named = nameEnd === sentence.endWord ? appositiveAfter(scope, end, nameEnd, true) : null;
        if (named !== null) {
          phrase = named;
          end = nameEnd;
        }
      }
      if (phrase === null) continue;
      scope.discourse.remember(phrase.group);
      const attributed: Attributed = { cueText: site.cueText, group: phrase.group, attribution: phrase.attribution, via: relayedVia(scope, phrase.group, phrase.attribution, agencies, null) };
      if (site.first === leftLimit) {
        const clauseStop = clauseEnd(scope, sentence, end, verbStarts);
        emitClause(scope, end, clauseStop, attributed, "attribution");
        state.consumedUntil = clauseStop;
      } else {
        emitClause(scope, leftLimit, site.first, attributed, "attribution");
        state.consumedUntil = end;
      }
      state.group = phrase.group;
      state.attribution = phrase.attribution;
      continue;
    }

    let phrase: Phrase | null = null;
    let quoteFirst: QuoteSegment | undefined;
    let speakerEnd = site.end;
    if (site.kind === "participle") {
      // "A federal judge … blocked the rules, ruling that …": the participle's subject opens the sentence.
      const openingMentions = state.group === null ? mentionsIn(scope, sentence.firstWord, Math.min(site.first, sentence.firstWord + 8)) : [];
      const openingMention = appositiveOpening(scope, sentence, openingMentions) ?? openingMentions[0];
      // A name is its own phrase; a role ("A federal judge") keeps its determiner and head with the opening phrase.
      const byName = openingMention !== undefined && openingMention.source !== "role";
      const opening = state.group === null ? (byName ? { from: openingMention.firstWord, to: openingMention.endWord } : openingPhrase(scope, sentence, site.first)) : null;
      const named = opening === null ? null : resolvePhrase(scope, opening.from, opening.to, null);
      const group = state.group ?? named?.group ?? scope.discourse.latest();
      phrase = group === null ? null : { group, attribution: state.group !== null ? state.attribution : (named?.attribution ?? "continuation"), named: named !== null };
    } else {
      quoteFirst = quoteEndingBefore(scope, site.first);
      if (quoteFirst !== undefined) {
        // "…," said X, …
        const end = commaChunkEnd(scope, site.end, limit);
        // (A description the actors do not know yields to the name in apposition after it.)
        const described = resolvePhrase(scope, site.end, end, null);
        phrase = described !== null && described.attribution !== "unresolved" && described.attribution !== "unnamed" ? described : (appositiveAfter(scope, end, limit) ?? described);
        speakerEnd = end;
      } else {
        const before = relativeClauseSubject(scope, phraseBefore(scope, leftLimit, verbGroupStart(scope, leftLimit, site.first)), site.end);
        // ("…," X said — but not a quotation an earlier verb of this sentence already took: "said it was "…" and urged".)
        const candidate = before === null ? undefined : quoteEndingBefore(scope, before.from);
        const afterQuote = candidate !== undefined && !scope.claimed.has(candidate) ? candidate : undefined;
        quoteFirst = afterQuote;
        // (Words ending in "but" or "and" are no subject: the cue shares the first verb's.)
        const coordinated = before !== null && state.group === null ? coordinatedSubject(scope, sentence, before, site.first) : null;
        phrase = before === null ? null : (coordinated ?? resolvePhrase(scope, before.from, before.to, state.group, sentence.firstWord));
        if (before !== null && before.relative && phrase === null) phrase = { group: single(labelSpeaker(textOf(scope.words, before.from, before.to, scope.articleText), null, true)), attribution: "unnamed", named: true };
        if (phrase !== null && before !== null && afterQuote === undefined) {
          // "…, the ministry said." — the content precedes the speaker.
          const contentAfterVerb = contentAfter(scope, sentence, lower(scope, site.first) === "told" ? agencyAddresseeEnd(scope, site.end, limit) ?? site.end + 1 : site.end, limit, bareClauseAllowed(scope, site.first, site.end));
          if (contentAfterVerb === null && before.from - leftLimit >= 3) {
            const attributed: Attributed = { cueText: site.cueText, group: phrase.group, attribution: phrase.attribution, via: relayedVia(scope, phrase.group, phrase.attribution, agencies, null) };
            if (phrase.named) scope.discourse.remember(phrase.group);
            emitClause(scope, leftLimit, appositiveRoleStart(scope, leftLimit, before.from, phrase), attributed, "clause-before-cue");
            state.group = phrase.group;
            state.attribution = phrase.attribution;
            state.consumedUntil = limit;
            continue;
          }
        }
      }
    }
    if (phrase === null) continue;
    if (phrase.named) scope.discourse.remember(phrase.group);
    state.group = phrase.group;
    state.attribution = phrase.attribution;
    const attributed: Attributed = { cueText: site.cueText, group: phrase.group, attribution: phrase.attribution, via: relayedVia(scope, phrase.group, phrase.attribution, agencies, null) };

    if (quoteFirst !== undefined) {
      const rule: ExtractionRule = "quote-before-cue";
      emitQuote(scope, quoteFirst, { cue: site.cueText, group: phrase.group, via: attributed.via, confidence: confidenceOf(rule, phrase.attribution), rule });
      state.consumedUntil = Math.max(state.consumedUntil, speakerEnd);
      continue;
    }
    // told X …: the addressee is not content.
    let contentFrom = site.end;
    const agencyEnd = lower(scope, site.first) === "told" ? agencyAddresseeEnd(scope, site.end, limit) : null;
    if (agencyEnd !== null) contentFrom = agencyEnd;
    else if (lower(scope, site.first) === "told") {
      // "told Meridian Press the attack began …": a determiner after the addressee opens the clause.
      const addresseeEnds = (index: number): boolean =>
        ["that", "in", "on", "at"].includes(lower(scope, index)) || (index > site.end && (CLAUSE_DETERMINERS.has(lower(scope, index)) || ENGLISH_PREPOSITIONS.has(lower(scope, index)))) || /[,:]/u.test(scope.words[index]?.gapBefore ?? "") || quoteStartingAt(scope, index) !== undefined;
      while (contentFrom < limit && contentFrom - site.end < 4 && !addresseeEnds(contentFrom)) contentFrom++;
    }
    const described = quotationDescribedAs(scope, sentence, site.first);
    const content = described !== undefined ? { type: "quote" as const, segment: described } : contentAfter(scope, sentence, contentFrom, sentence.endWord, bareClauseAllowed(scope, site.first, contentFrom));
    if (content === null) continue;
    if (content.type === "quote") {
      const rule: ExtractionRule = "quote-after-cue";
      emitQuote(scope, content.segment, { cue: site.cueText, group: phrase.group, via: attributed.via, confidence: confidenceOf(rule, phrase.attribution), rule });
      state.consumedUntil = wordsInside(scope, content.segment).end;
    } else if (content.type === "colon") {
      const first = scope.words[content.at];
      if (first !== undefined) emit(scope, { start: first.start, end: sentence.end, kind: "DIRECT_QUOTE", cue: site.cueText, group: phrase.group, via: attributed.via, confidence: confidenceOf("colon-speech", phrase.attribution), rule: "colon-speech" });
      state.consumedUntil = sentence.endWord;
    } else {
      const end = clauseEnd(scope, sentence, content.from, verbStarts);
      emitClause(scope, content.from, end, attributed, "reported-clause");
      state.consumedUntil = end;
    }
  }
}

// What an agency is called after its name: "the Calder Wire news agency", "the Xinhua news service".
const AGENCY_DESCRIPTORS: ReadonlySet<string> = new Set(["news", "agency", "wire", "service"]);

/**
 * "told the Calder Wire news agency": the addressee of "told" is a whole agency phrase — a
 * determiner, the agency's name, then the common nouns describing it. Returns the word after it,
 * or null when no agency is told (then the addressee is read the general way).
 */
function agencyAddresseeEnd(scope: ParagraphScope, from: number, limit: number): number | null {
  const nameAt = lower(scope, from) === "the" ? from + 1 : from;
  const agency = findAgencies(scope.words, nameAt, limit, scope.actors, scope.articleText, () => false)[0];
  if (agency === undefined || agency.firstWord !== nameAt) return null;
  let end = agency.endWord;
  while (end < limit && end - agency.endWord < 3 && AGENCY_DESCRIPTORS.has(lower(scope, end)) && !/[,:]/u.test(scope.words[end]?.gapBefore ?? "")) end++;
  return end;
}

export function extractEnglishParagraph(scope: ParagraphScope): void {
  for (const sentence of scope.sentences) {
    const state: SentenceState = { group: null, attribution: "named", consumedUntil: sentence.firstWord };
    handleSentence(scope, sentence, state);
    const opening = mentionsIn(scope, sentence.firstWord, Math.min(sentence.endWord, sentence.firstWord + 6)).filter((mention) => quoteOfWord(scope, mention.firstWord) === undefined && scope.actors.roleResolves(mention));
    const groupOfMention = (mention: ActorMention): SpeakerGroup => single(namedSpeaker(mention.actor, textOf(scope.words, mention.firstWord, mention.endWord, scope.articleText), null));
    // Any organization a sentence opens with is what "the club" may refer to later.
    for (const mention of opening) if (mention.actor.kind === "ORGANIZATION") scope.discourse.rememberMentioned(groupOfMention(mention));
    // "Energy Secretary X defended the decision." — a later "he said" may mean X (the person in "FC Lindau coach Marta Ruiz").
    const subject = opening.find((mention) => mention.actor.kind === "PERSON") ?? opening[0];
    if (subject !== undefined && state.group === null) scope.discourse.rememberSubject(groupOfMention(subject));
  }
  emitUnclaimedQuotes(scope, 2);
}

export type { AgencyMention };
