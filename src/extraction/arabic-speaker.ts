/**
 * The speaker phrase of an Arabic reporting verb. Arabic news puts the verb first and the
 * speaker right after it, often with a role and an appositive name (أكد وزير الخارجية الأميركي
 * أنتوني بلينكن، ونظيره العراقي فؤاد حسين، …): a chain of mentions joined by commas (one speaker,
 * described twice) or by و (a second, joint speaker). Unnamed sources (مصادر أمنية، مسؤول في
 * وزارة الداخلية) are kept as published; an unknown name is proposed as a label, never guessed.
 */
import { actorHasNoun, bareNoun, type ActorMention } from "./actor-index.js";
import {
  CLAUSE_CONNECTIVES,
  COMPLEMENTIZERS,
  DEFINITE_DOCUMENT_NOUNS,
  INSTITUTIONAL_DOCUMENT_NOUNS,
  DOCUMENT_NOUNS,
  GENERIC_ORGANIZATION_NOUNS,
  ISSUER_LINKS,
  PHRASE_BREAKERS,
  RESUMPTIVE_PRONOUNS,
  SPEECH_NOUNS,
  TIME_WORDS,
  ADVERBIAL_OPENERS,
  PREPOSITIONS_BEFORE_CLAUSE,
  TITLE_WORDS,
  UNNAMED_SOURCE_HEADS,
  UNNAMED_SOURCE_MODIFIERS,
  type Agreement,
} from "./arabic-lexicon.js";
import { textOf } from "./agencies.js";
import { quoteOfWord, type ParagraphScope } from "./paragraph-scope.js";
import { labelSpeaker, namedSpeaker, type Attribution, type Speaker, type SpeakerGroup } from "./speakers.js";
import type { Gender } from "./types.js";
import { normalizeWord, startsWithConjunction, withoutConjunction, wordsOf, type Word } from "./words.js";

interface ChainElement {
  firstWord: number;
  endWord: number;
  conjoined: boolean;
  /** Letters attached to the first word that are not part of the name (و, or ل in وفقا لمصادر). */
  attachedLetters: number;
  actor: ActorMention | null;
}

export interface SpeakerPhrase {
  group: SpeakerGroup;
  attribution: Attribution;
  /** Whether the phrase names its speaker (rather than continuing an earlier one). */
  named: boolean;
  /** The first word after the phrase. */
  after: number;
}

const COMMA = /[،,]/u;
// Nisba adjectives and plurals: أمنية، عسكري، محليون، دبلوماسيين.
// (A bare ة ending is left out: it ends far more nouns — وكالة، وزارة — than adjectives.)
const ADJECTIVE_ENDING = /(?:ي|يه|يون|يين|ون|ين)$/u;

function inLexicon(word: Word | undefined, lexicon: ReadonlySet<string>): boolean {
  return word !== undefined && withoutConjunction(word.normalized).some((form) => lexicon.has(form));
}

// The preposition على folds (ى → ي) to the given name علي (Ali); news prose spells the
// preposition with alif maqsura, so علي as published is a name (قرية آيت علي، علي حسن).
const NAME_ALI = /^علي$/u;

/** A word as published without harakat and tatweel, letters unfolded (علي stays apart from على). */
function withoutMarks(word: Word): string {
  return word.text.replace(/[\u064B-\u065F\u0670\u0640]/gu, "");
}

function isNameNotPreposition(word: Word): boolean {
  return NAME_ALI.test(withoutMarks(word));
}

export function isBreaker(word: Word | undefined): boolean {
  return word !== undefined && (PHRASE_BREAKERS.has(word.normalized) || COMPLEMENTIZERS.has(word.normalized)) && !isNameNotPreposition(word);
}

/** مصادر أمنية، مسؤول عسكري رفيع، مصدر في البلدية، شهود عيان: head noun + modifiers (+ one في/من phrase). */
function unnamedSourceAt(words: readonly Word[], index: number, limit: number): ChainElement | null {
  const head = words[index];
  if (head === undefined) return null;
  const conjoined = !UNNAMED_SOURCE_HEADS.has(head.normalized) && inLexicon(head, UNNAMED_SOURCE_HEADS);
  // وفقا لمصادر، بحسب لمسؤولين: the preposition is attached to the head.
  const prepositional = !conjoined && /^[لب]/u.test(head.normalized) && UNNAMED_SOURCE_HEADS.has(head.normalized.slice(1));
  if (!conjoined && !prepositional && !UNNAMED_SOURCE_HEADS.has(head.normalized)) return null;
  let end = index + 1;
  // أولياء أمور، أولياء الأمور: a head that is never said alone takes the noun after it.
  if (words[index]?.normalized === CONSTRUCT_ONLY_HEAD && end < limit && !COMMA.test(words[end]?.gapBefore ?? "") && !isBreaker(words[end])) end++;
  while (end < limit && end - index < 6) {
    const word = words[end];
    if (word === undefined || COMMA.test(word.gapBefore) || startsWithConjunction(word)) break;
    if (word.normalized === "في" || word.normalized === "من") {
      let phraseEnd = end + 1;
      while (phraseEnd < limit && phraseEnd - end <= 3) {
        const next = words[phraseEnd];
        if (next === undefined || COMMA.test(next.gapBefore) || isBreaker(next) || COMPLEMENTIZERS.has(next.normalized)) break;
        phraseEnd++;
        if (next.normalized.startsWith("ال")) break; // a definite noun closes the construct (وزارة الداخلية)
      }
      if (phraseEnd > end + 1) end = phraseEnd;
      break;
    }
    // مصادر مقربة من النادي، أوساط قريبة من الحكومة: an indefinite participle or adjective that
    // governs the من / في phrase after it (mu- participle or fa'il/fa'ila shape) still describes the source.
    const governs = (words[end + 1]?.normalized === "من" || words[end + 1]?.normalized === "في") && !word.normalized.startsWith("ال") && /^م\p{L}{3,}$|^\p{L}{3,}ه$/u.test(word.normalized) && !COMMA.test(words[end + 1]?.gapBefore ?? "");
    if (governs || UNNAMED_SOURCE_MODIFIERS.has(word.normalized) || (!word.normalized.startsWith("ال") && ADJECTIVE_ENDING.test(word.normalized) && !SPEECH_NOUNS.has(word.normalized))) {
      end++;
      continue;
    }
    break;
  }
  return { firstWord: index, endWord: end, conjoined, attachedLetters: conjoined || prepositional ? 1 : 0, actor: null };
}

const CONSTRUCT_ONLY_HEAD = normalizeWord("أولياء");

// The sound masculine plural (باحثون، مهندسين): many people, never one person's singular role.
const SOUND_PLURAL = /(?:ون|ين)$/u;

/**
 * باحثون في معهد البحوث المائية is not the researcher باحثة في معهد البحوث المائية: the
 * analyzer's stems meet, but a plural description does not name the one holder of a singular role.
 */
function pluralForSingularRole(scope: ParagraphScope, mention: ActorMention): boolean {
  if (mention.source !== "role") return false;
  const published = scope.words[mention.firstWord];
  const roleFirst = wordsOf(mention.actor.role ?? "", 0)[0];
  return published !== undefined && roleFirst !== undefined && SOUND_PLURAL.test(published.normalized) && !SOUND_PLURAL.test(roleFirst.normalized);
}

function mentionAt(scope: ParagraphScope, index: number, limit: number): ChainElement | null {
  const found = scope.actors.longestAt(scope.words, index, limit);
  const mention = found !== null && pluralForSingularRole(scope, found) ? null : found;
  // لوكالة فرانس برس right after a verb is whom it was said to; بيان لقوات الحشد is whose statement it is.
  if (mention !== null && mention.oblique && !inLexicon(scope.words[index - 1], DOCUMENT_NOUNS)) return null;
  if (mention !== null) return { firstWord: mention.firstWord, endWord: mention.endWord, conjoined: mention.conjoined, attachedLetters: mention.conjoined ? 1 : 0, actor: mention };
  return unnamedSourceAt(scope.words, index, limit);
}

/** Words between two chain elements that still describe the same or a joint speaker. */
function linksChain(scope: ParagraphScope, previous: ChainElement, next: ChainElement): { links: boolean; joint: boolean } {
  const between = scope.words.slice(previous.endWord, next.firstWord);
  if (between.length > 3 || between.some((word) => isBreaker(word) || inLexicon(word, TIME_WORDS))) return { links: false, joint: false };
  const gaps = [...between, scope.words[next.firstWord]].map((word) => word?.gapBefore ?? "").join("");
  const joint = next.conjoined || between.some((word) => startsWithConjunction(word) && inLexicon(word, TITLE_WORDS));
  // Side by side without a comma, a name only restates a role or an organization's spokesperson
  // (وزير الصحة كريم الدباغ); an organization right after a speaker is the verb's object (اتهم التحالف المفوضية).
  const restates = between.length === 0 && next.actor?.actor.kind === "PERSON" && (previous.actor === null || previous.actor.source === "role" || previous.actor.actor.kind === "ORGANIZATION");
  const links = (between.length === 0 && restates) || (between.length > 0 && COMMA.test(gaps)) || (between.length === 0 && COMMA.test(gaps)) || joint;
  return { links, joint };
}

function speakerOf(scope: ParagraphScope, element: ChainElement, gender: Gender | null): { speaker: Speaker; attribution: Attribution } {
  const text = textOf(scope.words, element.firstWord, element.endWord, scope.articleText).slice(element.attachedLetters).replace(/^[\u064B-\u065F\u0670]+/u, "");
  const mention = element.actor;
  if (mention === null) return { speaker: labelSpeaker(text, gender, true), attribution: "unnamed" };
  if (!scope.actors.roleResolves(mention)) return { speaker: labelSpeaker(text, gender, false), attribution: "unresolved" };
  return { speaker: namedSpeaker(mention.actor, text, gender), attribution: mention.source === "role" ? "role" : "named" };
}

const ATTRIBUTION_RANK: readonly Attribution[] = ["named", "role", "unnamed", "anaphor", "continuation", "unresolved", "continuation-fallback"];

function worst(attributions: readonly Attribution[]): Attribution {
  return attributions.reduce<Attribution>((current, next) => (ATTRIBUTION_RANK.indexOf(next) > ATTRIBUTION_RANK.indexOf(current) ? next : current), "named");
}

/** Builds the group from a chain: appositives merge (a named person wins), و starts another speaker. */
function groupOf(scope: ParagraphScope, chain: readonly { element: ChainElement; joint: boolean }[], agreement: Agreement): { group: SpeakerGroup; attribution: Attribution } {
  const units: ChainElement[][] = [];
  for (const { element, joint } of chain) {
    if (joint || units.length === 0) units.push([element]);
    else units.at(-1)?.push(element);
  }
  const resolved = units.map((unit) => {
    // A person named in apposition wins over a role or an organization; an agency after the speaker is the addressee, not the speaker.
    const candidates = unit.filter((element, position) => position === 0 || element.actor?.actor.isNewsAgency !== true);
    const resolves = (element: ChainElement): boolean => element.actor !== null && scope.actors.roleResolves(element.actor);
    const preferred = candidates.find((element) => element.actor?.actor.kind === "PERSON" && element.actor.source !== "role" && resolves(element)) ?? candidates.find((element) => element.actor?.actor.kind === "PERSON" && resolves(element)) ?? candidates.find(resolves) ?? unit[0];
    return speakerOf(scope, preferred ?? chain[0]!.element, units.length === 1 ? agreement.gender : null);
  });
  const speakers = resolved.map((entry) => entry.speaker);
  const single = speakers.length === 1 ? speakers[0] : undefined;
  const groupAgreement: Agreement =
    single === undefined
      ? { gender: null, number: speakers.length === 2 ? "DUAL" : "PLURAL" }
      : { gender: single.actor?.gender ?? agreement.gender, number: agreement.number === "DUAL" ? "SINGULAR" : agreement.number };
  return { group: { speakers, agreement: groupAgreement, via: null }, attribution: worst(resolved.map((entry) => entry.attribution)) };
}

/**
 * A descriptor the actors do not know, then the person's name between commas (قالت مديرة الموارد
 * البشرية في الشركة، منى الزعبي، إن …): the first named person right after a comma, provided
 * nothing before it was already a speaker.
 */
function appositivePerson(scope: ParagraphScope, from: number, limit: number): ChainElement | null {
  if (isBreaker(scope.words[from])) return null; // وقال في مؤتمر مع نظيره، فلان، …: the name is not the speaker
  for (let index = from + 1; index < Math.min(limit, from + 10); index++) {
    const word = scope.words[index];
    if (word === undefined || COMPLEMENTIZERS.has(word.normalized)) return null;
    if (!COMMA.test(word.gapBefore)) continue;
    // After the comma, a title may precede the name (، العقيد فراس الشوبكي،).
    let nameAt = index;
    while (nameAt < index + 2 && inLexicon(scope.words[nameAt], TITLE_WORDS)) nameAt++;
    const mention = scope.actors.longestAt(scope.words, nameAt, limit);
    if (mention !== null && mention.actor.kind === "PERSON" && mention.source !== "role") {
      return { firstWord: mention.firstWord, endWord: mention.endWord, conjoined: false, attachedLetters: 0, actor: mention };
    }
  }
  return null;
}

/** The mention chain starting within the first few words of [from, limit). */
function chainAt(scope: ParagraphScope, from: number, limit: number): { element: ChainElement; joint: boolean }[] {
  let start = from;
  let first: ChainElement | null = null;
  for (let skipped = 0; skipped <= 3 && start < limit; skipped++, start++) {
    first = mentionAt(scope, start, limit);
    if (first !== null) break;
    const word = scope.words[start];
    if (word === undefined || isBreaker(word) || inLexicon(word, TIME_WORDS) || (skipped > 0 && COMMA.test(word.gapBefore))) break;
  }
  // مدير الدفاع المدني في المحافظة، العقيد فلان: an organization after a descriptor describes the
  // person named next; only without a name does the organization speak.
  if (first !== null && start > from && first.actor?.actor.kind === "ORGANIZATION") first = appositivePerson(scope, from, limit) ?? first;
  first ??= appositivePerson(scope, from, limit);
  if (first === null) return [];
  const chain = [{ element: first, joint: false }];
  let previous = first;
  for (let index = previous.endWord; index < Math.min(limit, previous.endWord + 4); index++) {
    const next = mentionAt(scope, index, limit);
    if (next === null) continue;
    const { links, joint } = linksChain(scope, previous, next);
    if (!links) break;
    chain.push({ element: next, joint });
    previous = next;
    index = next.endWord - 1;
  }
  return chain;
}

// من جهته، من جانبها: "for his part", a discourse marker, not where the speaker comes from.
const SIDE_NOUNS = /^(?:جهت|جانب)/u;

/**
 * ربة منزل من حي الزيتون، طالب من جامعة …: an unknown speaker described by where they come from
 * keeps that origin (من + a construct closed by a definite noun); any other preposition ends the
 * phrase (في مؤتمر صحفي is where it was said). Returns the origin's end, or `at` when there is none.
 */
function originAfter(scope: ParagraphScope, at: number, limit: number): number {
  if (scope.words[at]?.normalized !== "من") return at;
  const construct = constructAfter(scope, at, limit);
  return construct.definite ? construct.end : at;
}

/**
 * The construct after the preposition at `at` (at most three words, up to a comma, a breaker, a
 * time word or من جهته): where it ends, and whether a definite noun closed it.
 */
function constructAfter(scope: ParagraphScope, at: number, limit: number): { end: number; definite: boolean } {
  let end = at + 1;
  while (end < limit && end - at <= 3) {
    const word = scope.words[end];
    if (word === undefined || COMMA.test(word.gapBefore) || isBreaker(word) || inLexicon(word, TIME_WORDS) || SIDE_NOUNS.test(word.normalized)) break;
    end++;
    if (word.normalized.startsWith("ال")) return { end, definite: true };
  }
  return { end, definite: false };
}

// كان، كانت، كانوا: the verb of a relative clause describing an indefinite speaker (ممرضة كانت في المناوبة).
const BE_VERBS = /^(?:كان|كانت|كانوا|كانا)$/u;
// في مؤتمر صحفي، في اتصال هاتفي، في تصريح: where or how it was said, not where the speaker works.
const SETTING_NOUNS: ReadonlySet<string> = new Set(["مؤتمر", "اتصال", "تصريح", "تصريحات", "مقابلة", "حديث", "بيان", "كلمة", "منشور", "تغريدة", "رسالة", "لقاء", "ختام", "بداية", "أثناء"].map(normalizeWord));

function isIndefiniteDescriptor(scope: ParagraphScope, from: number, end: number): boolean {
  const words = scope.words.slice(from, end);
  return words.length > 0 && words.every((word) => !withoutConjunction(word.normalized).some((form) => form.startsWith("ال"))) && !BE_VERBS.test(words[0]?.normalized ?? "");
}

/**
 * مهندس في بلدية بيرام، مصدر في النادي: an indefinite descriptor the actors do not know keeps the
 * في phrase that says where the person works, when that phrase ends the speaker phrase (a
 * definite noun closes the construct, or a comma or complementizer follows it). A phrase headed
 * by a noun of speaking (في مؤتمر صحفي، في تصريح) is the setting of the words, not an affiliation.
 */
function affiliationAfter(scope: ParagraphScope, at: number, limit: number): number {
  if (scope.words[at]?.normalized !== "في") return at;
  const head = scope.words[at + 1];
  if (head === undefined || SETTING_NOUNS.has(bareNoun(head)) || SETTING_NOUNS.has(head.normalized)) return at;
  const { end, definite } = constructAfter(scope, at, limit);
  if (definite) return end;
  if (end === at + 1) return at;
  const next = scope.words[end];
  const closed = end >= limit || next === undefined || COMMA.test(next.gapBefore) || COMPLEMENTIZERS.has(next.normalized);
  return closed ? end : at;
}

function phraseUntilBreak(scope: ParagraphScope, from: number, limit: number): number {
  let end = from + 1;
  while (end < limit && end - from < 4) {
    const word = scope.words[end];
    if (word === undefined || COMMA.test(word.gapBefore) || inLexicon(word, TIME_WORDS) || inLexicon(word, SPEECH_NOUNS)) break;
    if (isBreaker(word)) {
      const origin = originAfter(scope, end, limit);
      if (origin !== end || !isIndefiniteDescriptor(scope, from, end)) return origin;
      return affiliationAfter(scope, end, limit);
    }
    end++;
  }
  return end;
}

// تقرير، دراسة، أرقام، بيانات، إحصاءات (bare or with ل/ب attached: وفقا لتقرير، بحسب أرقام).
const REPORT_NOUNS: ReadonlySet<string> = new Set(["تقرير", "دراسة", "أرقام", "بيانات", "إحصاءات", "إحصائيات", "بيان", "مسح"].map(normalizeWord));
// أصدرته، نشرته، أعدته، أصدرها …: "which X issued / published / prepared", the verb carrying the
// document's pronoun (matched on the normalized word, whose hamza seats are folded to ا).
// أجراه، أجرتها، أجراها (conducted) too: a study speaks for whoever carried it out. (أجرى ends in
// alif maqsura, written ا before a pronoun, which the normalized word keeps as ا.)
const ISSUING_RELATIVES = /^(?:(?:اصدر|نشر|اعد|اطلق)(?:ت|تا|وا|ا)?|اجر(?:ا|ت|تا|وا))(?:ه|ها)$/u;

/**
 * وفقا لتقرير أصدرته سلطة المياه: a document followed by a relative verb of issuing speaks for
 * the issuer named after that verb. Returns the issuer's first word, or `start` unchanged.
 */
function issuerOfReport(scope: ParagraphScope, start: number, limit: number): number {
  const noun = scope.words[start];
  const verb = scope.words[start + 1];
  if (noun === undefined || verb === undefined || start + 2 >= limit) return start;
  const bare = noun.normalized.replace(/^[لب]/u, "");
  const isReport = REPORT_NOUNS.has(noun.normalized) || REPORT_NOUNS.has(bare);
  if (!isReport || !ISSUING_RELATIVES.test(verb.normalized)) return start;
  return institutionOfAuthors(scope, start + 2, limit) ?? start + 2;
}

/**
 * دراسة أجراها باحثون في معهد …، تقرير أعده خبراء من جامعة …: a document's authors described
 * only as an indefinite group at a known organization — the document speaks for the organization.
 * Returns the organization's first word, or null when the authors are named or placed nowhere known.
 */
function institutionOfAuthors(scope: ParagraphScope, authors: number, limit: number): number | null {
  const group = scope.words[authors];
  const preposition = scope.words[authors + 1];
  if (group === undefined || preposition === undefined || group.normalized.startsWith("ال") || !["في", "من"].includes(preposition.normalized)) return null;
  if (scope.actors.longestAt(scope.words, authors, limit)?.source === "name") return null;
  const organization = scope.actors.longestAt(scope.words, authors + 2, limit);
  return organization !== null && organization.actor.kind === "ORGANIZATION" && organization.source === "name" && !organization.oblique ? authors + 2 : null;
}

export interface SpeakerContext {
  agreement: Agreement;
  /** The speaker already established in this sentence (for قالت فيه، وقال "…"). */
  sentenceGroup: SpeakerGroup | null;
  /** جاء في بيان X: the speaker is the document's issuer, after في and صادر عن. */
  documentary?: boolean;
  /** The verb takes a prepositional object (دعت إلى …، طالب بـ…): a ب-word right after it is content, not a name. */
  takesObject?: boolean;
}

/** Resolves the speaker named in words [from, limit), or the continuation when none is named. */
export function parseSpeakerPhrase(scope: ParagraphScope, from: number, limit: number, context: SpeakerContext): SpeakerPhrase | null {
  let start = from;
  const skippable = (word: Word | undefined): boolean =>
    inLexicon(word, DOCUMENT_NOUNS) || inLexicon(word, SPEECH_NOUNS) || (word?.normalized.length ?? 0) <= 1 || (context.documentary === true && word !== undefined && ISSUER_LINKS.has(word.normalized));
  while (start < limit && skippable(scope.words[start])) start++;
  start = issuerOfReport(scope, start, limit);
  const addressee = scope.actors.longestAt(scope.words, start, limit);
  if (addressee !== null && addressee.oblique && !inLexicon(scope.words[start - 1], DOCUMENT_NOUNS)) start = addressee.endWord;

  const chain = start < limit ? chainAt(scope, start, limit) : [];
  if (chain.length > 0) {
    const { group, attribution } = groupOf(scope, chain, context.agreement);
    return { group, attribution, named: true, after: chain.at(-1)!.element.endWord };
  }

  const head = scope.words[start];
  const prepositionalObject = context.takesObject === true && head !== undefined && /^[بل]/u.test(head.normalized) && head.termWithoutPreposition !== null;
  if (head !== undefined && start < limit && !isBreaker(head) && !inLexicon(head, RESUMPTIVE_PRONOUNS) && !inLexicon(head, TIME_WORDS) && !prepositionalObject) {
    // Only after جاء في / ورد في: elsewhere القرار is as often the subject of a non-reporting verb.
    if (context.documentary === true && inLexicon(head, INSTITUTIONAL_DOCUMENT_NOUNS)) {
      const issuer = scope.discourse.latestOrganization();
      if (issuer !== null) return { group: issuer, attribution: "anaphor", named: true, after: start + 1 };
    }
    if (inLexicon(head, DEFINITE_DOCUMENT_NOUNS)) {
      const latest = scope.discourse.latest();
      if (latest !== null) return { group: latest, attribution: "anaphor", named: true, after: start + 1 };
    }
    if (head.normalized.startsWith("ال") || head.normalized.startsWith("وال")) {
      const noun = bareNoun(head).replace(/^و?ال/u, "");
      const antecedent = scope.discourse.anaphor(noun) ?? (GENERIC_ORGANIZATION_NOUNS.has(noun) ? (namedOrganizationHeadedBy(scope, noun, head) ?? latestOrganizationFor(scope, noun)) : null);
      if (antecedent !== null) return { group: antecedent, attribution: "anaphor", named: true, after: start + 1 };
    }
    const end = phraseUntilBreak(scope, start, limit);
    const label = textOf(scope.words, start, end, scope.articleText);
    const group: SpeakerGroup = { speakers: [labelSpeaker(label, context.agreement.gender, false)], agreement: context.agreement, via: null };
    return { group, attribution: "unresolved", named: true, after: end };
  }

  const sentenceGroup = context.sentenceGroup;
  if (sentenceGroup !== null) return { group: sentenceGroup, attribution: "continuation", named: false, after: start };
  const continued = scope.discourse.continuation(context.agreement);
  return continued === null ? null : { group: continued.group, attribution: continued.attribution, named: false, after: start };
}

/**
 * The subject of a sentence whose verb is not a reporting cue (انتقد الاتحاد القرار، معتبرا …؛
 * بحث الوزير فلان مع …): the first mention chain within its first words, for a participle's
 * speaker and for later pronouns.
 */
export function sentenceSubject(scope: ParagraphScope, sentenceFirstWord: number, before: number, agreement: Agreement): SpeakerGroup | null {
  for (let start = sentenceFirstWord; start < Math.min(before, sentenceFirstWord + 6); start++) {
    const word = scope.words[start];
    if (word === undefined || quoteOfWord(scope, start) !== undefined) continue;
    const chain = chainAt(scope, start, before);
    if (chain.length > 0 && chain[0]!.element.firstWord <= sentenceFirstWord + 6) return groupOf(scope, chain, agreement).group;
  }
  return null;
}

/**
 * من جهته، شكر فلان اللاعبين …، وكتب: the subject of a sentence's first verb, for a later cue after
 * و that names none: a mention chain right after a word that is no preposition (the verb), within
 * the sentence's first six words, agreeing with the cue in gender and number.
 */
export function firstVerbSubject(scope: ParagraphScope, sentenceFirstWord: number, before: number, agreement: Agreement): SpeakerGroup | null {
  for (let start = sentenceFirstWord + 1; start < Math.min(before, sentenceFirstWord + 6); start++) {
    const word = scope.words[start];
    const previous = scope.words[start - 1];
    if (word === undefined || previous === undefined || quoteOfWord(scope, start) !== undefined) continue;
    const mention = scope.actors.longestAt(scope.words, start, before);
    if (mention === null || mention.oblique || mention.source === "role") continue;
    // The word before is the first verb: not a preposition, a definite noun or a conjunction-led noun.
    if (previous.normalized.startsWith("ال") || previous.normalized.length < 3 || inLexicon(previous, ADVERBIAL_OPENERS) || PREPOSITIONS_BEFORE_CLAUSE.has(previous.normalized) || COMMA.test(word.gapBefore)) return null;
    if (quoteOfWord(scope, start - 1) !== undefined || inLexicon(previous, TITLE_WORDS)) return null;
    // …and it opens the sentence or follows the opening phrase's comma (من جهته، شكر).
    if (start - 1 !== sentenceFirstWord && !COMMA.test(previous.gapBefore)) return null;
    const gender = mention.actor.kind === "PERSON" ? (mention.actor.gender ?? null) : null;
    if (agreement.number !== "SINGULAR" || (gender !== null && agreement.gender !== null && gender !== agreement.gender)) return null;
    const chain = chainAt(scope, start, before);
    return chain.length > 0 ? groupOf(scope, chain, agreement).group : null;
  }
  return null;
}

const AMMA = /^و?أما$/u;

/**
 * أما مدير المستشفى، الدكتور فلان، فأكد …: everything between أما and the verb carrying ف is the
 * topic, and the topic is the verb's subject, however it is described (a role, then the name
 * between commas). Only when the verb carries ف: without it, أما opens a contrast whose subject
 * may come later.
 */
function topicOfAmma(scope: ParagraphScope, sentenceFirstWord: number, verbIndex: number, end: number): { element: ChainElement; joint: boolean }[] | null {
  const opener = scope.words[sentenceFirstWord];
  const verb = scope.words[verbIndex];
  if (opener === undefined || verb === undefined || !AMMA.test(withoutMarks(opener)) || !verb.normalized.startsWith("ف")) return null;
  const chain = chainAt(scope, sentenceFirstWord + 1, end);
  return chain.length > 0 && chain.at(-1)!.element.endWord === end ? chain : null;
}

/** Whether words [from, end) are one to three definite words (a genitive and its adjectives: البلدة القديمة), no comma, no quotation. */
function definiteConstructUntil(scope: ParagraphScope, from: number, end: number): boolean {
  if (end - from > 3) return false;
  for (let index = from; index < end; index++) {
    const word = scope.words[index];
    if (word === undefined || !word.normalized.startsWith("ال") || COMMA.test(word.gapBefore) || isBreaker(word) || quoteOfWord(scope, index) !== undefined || scope.actors.longestAt(scope.words, index, end) !== null) return false;
  }
  return true;
}

/** SVO order: a subject named right before the verb (وكان الوزير رزاق السعدي قد أكد …). */
export function subjectBefore(scope: ParagraphScope, sentenceFirstWord: number, verbIndex: number, context: SpeakerContext): SpeakerPhrase | null {
  // (`after` is the word after the verb: that is where an object would start.)
  let end = verbIndex;
  if (scope.words[end - 1]?.normalized === "قد") end--;
  const topic = topicOfAmma(scope, sentenceFirstWord, verbIndex, end);
  if (topic !== null) {
    const { group, attribution } = groupOf(scope, topic, context.agreement);
    return { group, attribution, named: true, after: verbIndex + 1 };
  }
  for (let start = Math.max(sentenceFirstWord, end - 8); start < end; start++) {
    const chain = chainAt(scope, start, end);
    const last = chain.at(-1);
    if (last !== undefined && last.element.actor === null && last.element.endWord < end && definiteConstructUntil(scope, last.element.endWord, end)) {
      // لكن سكان البلدة القديمة اشتكوا: before its verb, an unnamed source in construct with a
      // definite noun (and that noun's adjectives) is all subject; nothing there can be an object.
      chain[chain.length - 1] = { ...last, element: { ...last.element, endWord: end } };
    }
    if (last === undefined || chain.at(-1)!.element.endWord !== end) continue;
    const before = scope.words.slice(sentenceFirstWord, chain[0]!.element.firstWord);
    const clauseStart =
      before.length === 0 ||
      COMMA.test(scope.words[chain[0]!.element.firstWord]?.gapBefore ?? "") ||
      before.every((word) => /^و?كان/u.test(word.normalized) || TITLE_WORDS.has(word.normalized) || inLexicon(word, CLAUSE_CONNECTIVES));
    if (!clauseStart) continue;
    const { group, attribution } = groupOf(scope, chain, context.agreement);
    return { group, attribution, named: true, after: verbIndex + 1 };
  }
  return subjectAfterConnective(scope, sentenceFirstWord, end, verbIndex, context);
}

// Connectives after which a subject placed before its verb is accusative (لكن مهندسا …، غير أن طبيبا …).
const ACCUSATIVE_CONNECTIVES: ReadonlySet<string> = new Set(["لكن", "ولكن", "أن", "إن"].map(normalizeWord));

/**
 * Two subjects before a verb that no actor or unnamed-source head names, after a connective only:
 * - لكن البلدية أكدت …: one definite generic organization noun is the organization it points back
 *   to (as after the verb: a speaker so far, else the one organization named with that head);
 * - غير أن مهندسا شارك في المشروع قال …: an indefinite accusative noun and the clause that
 *   describes it (no comma, six words at most) are an unnamed source, as published.
 */
function subjectAfterConnective(scope: ParagraphScope, sentenceFirstWord: number, end: number, verbIndex: number, context: SpeakerContext): SpeakerPhrase | null {
  let first = sentenceFirstWord;
  while (first < end && inLexicon(scope.words[first], CLAUSE_CONNECTIVES)) first++;
  if (first === sentenceFirstWord || first >= end || !inLexicon(scope.words[first - 1], ACCUSATIVE_CONNECTIVES) && !inLexicon(scope.words[first - 1], CLAUSE_CONNECTIVES)) return null;
  const words = scope.words.slice(first, end);
  if (words.some((word) => COMMA.test(word.gapBefore)) || words.some((_, offset) => quoteOfWord(scope, first + offset) !== undefined)) return null;
  const head = words[0]!;
  if (words.length === 1 && head.normalized.startsWith("ال")) {
    const noun = bareNoun(head).replace(/^و?ال/u, "");
    if (!GENERIC_ORGANIZATION_NOUNS.has(noun)) return null;
    const antecedent = scope.discourse.anaphor(noun, "ORGANIZATION") ?? namedOrganizationHeadedBy(scope, noun, head) ?? latestOrganizationFor(scope, noun);
    return antecedent === null ? null : { group: antecedent, attribution: "anaphor", named: true, after: verbIndex + 1 };
  }
  const indefiniteAccusative = !head.normalized.startsWith("ال") && /[^ا]ا$/u.test(head.normalized) && inLexicon(scope.words[first - 1], ACCUSATIVE_CONNECTIVES);
  if (!indefiniteAccusative || words.length < 2 || words.length > 7 || scope.actors.longestAt(scope.words, first, end) !== null) return null;
  const label = textOf(scope.words, first, end, scope.articleText);
  return { group: { speakers: [labelSpeaker(label, context.agreement.gender, true)], agreement: context.agreement, via: null }, attribution: "unnamed", named: true, after: verbIndex + 1 };
}

/** Generic nouns that name one kind of body only: النادي is a club, never the ministry that spoke last. */
const HEAD_BOUND_NOUNS: ReadonlySet<string> = new Set(["نادي"].map(normalizeWord));

/** The latest organization speaking, unless the noun names a kind of body that must head its name. */
function latestOrganizationFor(scope: ParagraphScope, noun: string): SpeakerGroup | null {
  return HEAD_BOUND_NOUNS.has(noun) ? null : scope.discourse.latestOrganization();
}

/**
 * قالت الشركة after the union spoke, where the article has named one company (الشركة الوطنية
 * للنسيج) only in what was said: a generic noun no speaker so far is headed by is the one
 * organization named in the article with that head noun, before it falls back to the latest
 * organization speaking. Null when no organization, or more than one, has that head.
 */
function namedOrganizationHeadedBy(scope: ParagraphScope, noun: string, head: Word): SpeakerGroup | null {
  const candidates = scope.actors.actors.filter((actor) => actor.kind === "ORGANIZATION" && actor.isNewsAgency !== true && scope.actors.namedInArticle.has(actor.slug) && actorHasNoun(actor, noun));
  if (candidates.length !== 1) return null;
  return { speakers: [namedSpeaker(candidates[0]!, head.text, null)], agreement: { gender: null, number: "SINGULAR" }, via: null };
}
