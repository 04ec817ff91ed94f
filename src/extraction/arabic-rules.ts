/**
 * Arabic statements in one paragraph. Per sentence, the reporting cues are found (verbs with
 * their agreement, participles, verbless attributions, negated verbs); each cue's speaker phrase
 * and content opener are read left to right: a quotation, a colon, or أن/إن (also إلى أن، على
 * أن، بأن). A reported clause that is mostly a quotation yields the quotation (the sample's
 * convention); otherwise the clause is a paraphrase. Some verbs also take a noun object as their
 * content (نفت الوزارة وجود تلوث).
 */
import {
  ARABIC_CUES,
  ATTRIBUTIONS,
  COMPLEMENTIZERS,
  DOCUMENTARY_VERBS,
  IDENTITY_WORDS,
  MEDIA_NOUNS,
  NARRATOR_FORMULAS,
  NEGATABLE_CUES,
  NEGATION,
  PREPOSITIONS_BEFORE_CLAUSE,
  TIME_WORDS,
  type Agreement,
  type ArabicCue,
} from "./arabic-lexicon.js";
import { firstVerbSubject, isBreaker, parseSpeakerPhrase, sentenceSubject, subjectBefore, type SpeakerPhrase } from "./arabic-speaker.js";
import type { AgencyMention } from "./agencies.js";
import { findAgencies } from "./agencies.js";
import {
  confidenceOf,
  emit,
  emitClause,
  emitQuote,
  relayedVia,
  viaFor,
  type Attributed,
  emitUnclaimedQuotes,
  quoteEndingBefore,
  quoteOfWord,
  quoteIsOneConjunct,
  quoteStartingAt,
  sentenceAgencies,
  wordCount,
  wordsInside,
  type ParagraphScope,
} from "./paragraph-scope.js";
import type { QuoteSegment } from "./quotations.js";
import type { Sentence } from "./sentences.js";
import type { Attribution, SpeakerGroup } from "./speakers.js";
import type { ExtractionRule } from "./types.js";
import { normalizeWord, startsWithConjunction, withoutConjunction, type Word } from "./words.js";

type SiteKind = "verb" | "participle" | "attribution" | "negated";

interface CueSite {
  kind: SiteKind;
  first: number;
  end: number;
  cueText: string;
  agreement: Agreement;
  cue: ArabicCue | null;
  /** جاء في / ورد في: the speaker is the issuer of the document named next. */
  documentary: boolean;
}

const NO_AGREEMENT: Agreement = { gender: null, number: "SINGULAR" };
/** Prepositions a reporting verb governs (دعا إلى، شدد على، أعرب عن، حذر من). */
const OBJECT_PREPOSITIONS: ReadonlySet<string> = new Set(["إلى", "على", "عن", "من"].map(normalizeWord));
const COMMA = /[،,]/u;
const LEADING_MARKS = /^[\u064B-\u065F\u0670\u0640]+/u;

function lookupCue(word: Word): { cue: ArabicCue; stripped: boolean } | null {
  const forms = withoutConjunction(word.normalized);
  for (const [position, form] of forms.entries()) {
    const cue = ARABIC_CUES.get(form);
    if (cue !== undefined) return { cue, stripped: position > 0 };
  }
  return null;
}

function publishedCue(text: string, stripped: boolean): string {
  return stripped ? text.slice(1).replace(LEADING_MARKS, "") : text;
}

// عدم ذكر اسمه، دون ذكر التفاصيل: after these a cue's spelling is its verbal noun (the act of
// mentioning), the object of another verb, never a reporting verb with a speaker of its own.
const VERBAL_NOUN_GOVERNORS: ReadonlySet<string> = new Set(["عدم", "بعدم", "دون", "بدون"].map(normalizeWord));

// Cues whose bare past form is spelled exactly like their verbal noun (حثّ، نُصح): "أهمية حث
// الشباب" is the noun. Bare, they are verbs only where a verb can open a clause.
const SPELLED_AS_MASDAR: ReadonlySet<string> = new Set(["حث", "نصح"].map(normalizeWord));

function isVerbalNoun(scope: ParagraphScope, index: number, sentenceFirstWord: number): boolean {
  const previous = scope.words[index - 1];
  const word = scope.words[index];
  // With و / ف attached (وحث، ونصح) or at a clause start (after a comma, first in its sentence) it is the verb.
  if (word !== undefined && SPELLED_AS_MASDAR.has(word.normalized) && index > sentenceFirstWord && !COMMA.test(word.gapBefore)) return true;
  return previous !== undefined && VERBAL_NOUN_GOVERNORS.has(previous.normalized) && !startsWithConjunction(scope.words[index] ?? previous);
}

// A definite sound masculine plural (or dual) in its accusative/genitive form: المزارعين، الطرفين.
const ACCUSATIVE_PLURAL = /^ال\p{L}{2,}ين$/u;

/**
 * ودعت المزارعين إلى …: a definite plural in its -ين case form right after the verb, followed by
 * the verb's preposition, is the verb's object (its subject would read المزارعون): the verb
 * continues the previous speaker. A nominative plural (ودعا المحتجون إلى …) is still a subject.
 */
function isAccusativeObject(scope: ParagraphScope, at: number): boolean {
  const noun = scope.words[at];
  const next = scope.words[at + 1];
  if (noun === undefined || next === undefined || !ACCUSATIVE_PLURAL.test(noun.normalized)) return false;
  return OBJECT_PREPOSITIONS.has(next.normalized) || (/^[ب]/u.test(next.normalized) && next.termWithoutPreposition !== null);
}

function findSites(scope: ParagraphScope, sentence: Sentence): CueSite[] {
  const sites: CueSite[] = [];
  for (let index = sentence.firstWord; index < sentence.endWord; index++) {
    const word = scope.words[index];
    if (word === undefined || quoteOfWord(scope, index) !== undefined) continue;
    const forms = withoutConjunction(word.normalized);
    if (forms.some((form) => NARRATOR_FORMULAS.has(form))) continue;
    const next = scope.words[index + 1];
    const afterNext = scope.words[index + 2];
    if (forms.includes(NEGATION) && next !== undefined && NEGATABLE_CUES.has(next.normalized) && !(afterNext !== undefined && IDENTITY_WORDS.has(afterNext.normalized))) {
      const text = scope.articleText.slice(word.start, next.end);
      sites.push({ kind: "negated", first: index, end: index + 2, cueText: publishedCue(text, forms[0] !== NEGATION), agreement: NO_AGREEMENT, cue: null, documentary: false });
      index++;
      continue;
    }
    const attributionForm = forms.findIndex((form) => ATTRIBUTIONS.has(form));
    if (attributionForm !== -1) {
      const required = ATTRIBUTIONS.get(forms[attributionForm] ?? "") ?? null;
      if (required === null || next?.normalized === required) {
        const end = required === null ? index + 1 : index + 2;
        const last = scope.words[end - 1] ?? word;
        sites.push({ kind: "attribution", first: index, end, cueText: publishedCue(scope.articleText.slice(word.start, last.end), attributionForm > 0), agreement: NO_AGREEMENT, cue: null, documentary: false });
        index = end - 1;
        continue;
      }
    }
    const documentary = forms.findIndex((form) => DOCUMENTARY_VERBS.has(form));
    if (documentary !== -1 && next?.normalized === "في") {
      sites.push({ kind: "verb", first: index, end: index + 1, cueText: publishedCue(word.text, documentary > 0), agreement: NO_AGREEMENT, cue: null, documentary: true });
      continue;
    }
    const found = lookupCue(word);
    if (found !== null && !isVerbalNoun(scope, index, sentence.firstWord)) {
      sites.push({ kind: found.cue.form, first: index, end: index + 1, cueText: publishedCue(word.text, found.stripped), agreement: found.cue.agreement, cue: found.cue, documentary: false });
    }
  }
  return sites;
}

type Opener =
  | { type: "quote"; at: number; segment: QuoteSegment }
  | { type: "colon"; at: number }
  | { type: "clause"; at: number; contentFrom: number }
  | { type: "none"; at: number };

/** Reads forward from a verb to the first content opener, stopping at the next verb cue. */
function findOpener(scope: ParagraphScope, from: number, limit: number): Opener {
  for (let index = from; index < limit; index++) {
    const word = scope.words[index];
    if (word === undefined) break;
    const quote = quoteStartingAt(scope, index);
    if (word.gapBefore.includes(":")) return quote !== undefined ? { type: "quote", at: index, segment: quote } : { type: "colon", at: index };
    // A quotation of one or two words right after the verb is a name or a scare quote ("سنتكوم"),
    // and so is any quotation right after an outlet noun (شبكة "سي إن إن").
    const namesOutlet = quote !== undefined && index > from && withoutConjunction(scope.words[index - 1]?.normalized ?? "").some((form) => MEDIA_NOUNS.has(form));
    if (quote !== undefined && wordCount(scope, quote) >= 3 && !namesOutlet && !quoteIsOneConjunct(scope, quote)) return { type: "quote", at: index, segment: quote };
    if (quote !== undefined) continue;
    if (quoteOfWord(scope, index) !== undefined) continue;
    if (COMPLEMENTIZERS.has(word.normalized)) return { type: "clause", at: index, contentFrom: index + 1 };
    const next = scope.words[index + 1];
    if (PREPOSITIONS_BEFORE_CLAUSE.has(word.normalized) && next !== undefined && COMPLEMENTIZERS.has(next.normalized)) {
      return { type: "clause", at: index, contentFrom: index + 2 };
    }
  }
  return { type: "none", at: limit };
}

/** Where a reported clause starting at `from` ends: the sentence's end, or the next reporting cue after a comma. */
function clauseEnd(scope: ParagraphScope, sentence: Sentence, from: number, siteStarts: ReadonlySet<number>): number {
  for (let index = from + 1; index < sentence.endWord; index++) {
    const word = scope.words[index];
    if (word === undefined) break;
    if (quoteOfWord(scope, index) !== undefined) continue; // no clause boundary inside quoted words
    if (/[;؛]/u.test(word.gapBefore)) return index;
    const comma = COMMA.test(word.gapBefore);
    if (siteStarts.has(index) && (comma || word.normalized.startsWith("و") || word.normalized.startsWith("ف"))) return index;
    const forms = withoutConjunction(word.normalized);
    if (forms.includes("دون") || (forms.includes("من") && scope.words[index + 1]?.normalized === "دون")) return index;
    if (comma && forms.some((form) => ATTRIBUTIONS.has(form))) return index;
    // "…، وهو ما نفته الحركة": the narrator's comment on the claim, not part of it.
    if (comma && (word.normalized === "وهو" || word.normalized === "وهي") && scope.words[index + 1]?.normalized === "ما") return index;
  }
  return sentence.endWord;
}

/** The first content word after a speaker: past commas, days, parentheses (سنتكوم). */
function objectStart(scope: ParagraphScope, from: number, limit: number): number {
  let index = from;
  let inParenthesis = false;
  while (index < limit) {
    const word = scope.words[index];
    if (word === undefined) break;
    if (word.gapBefore.includes("(")) inParenthesis = true;
    if (inParenthesis) {
      if (scope.words[index + 1]?.gapBefore.includes(")") ?? true) inParenthesis = false;
      index++;
      continue;
    }
    if (withoutConjunction(word.normalized).some((form) => TIME_WORDS.has(form))) {
      index++;
      continue;
    }
    // أعلنت، في بيان نشرته على منصة "تلغرام"، قبولها …: a circumstance between commas.
    if (isBreaker(word) && (index === from || COMMA.test(word.gapBefore))) {
      const close = scope.words.slice(index + 1, Math.min(limit, index + 12)).find((later) => COMMA.test(later.gapBefore));
      if (close !== undefined) {
        index = close.index;
        continue;
      }
    }
    break;
  }
  return index;
}

/**
 * في خطوة قال إنها، قرار قالت إنه: a reporting verb right after an indefinite noun, with no
 * punctuation or و between them and no subject of its own, is a relative clause describing that
 * noun (Arabic drops the relative pronoun after an indefinite noun); its subject is the
 * sentence's. Requires a complementizer right after the verb: a named subject would sit there.
 */
function describesIndefiniteNoun(scope: ParagraphScope, sentence: Sentence, verb: number): boolean {
  const noun = scope.words[verb - 1];
  const verbWord = scope.words[verb];
  const next = scope.words[verb + 1];
  if (noun === undefined || verbWord === undefined || next === undefined || verb - 1 <= sentence.firstWord) return false;
  const plainGap = verbWord.gapBefore.trim() === "";
  const indefinite = !withoutConjunction(noun.normalized).some((form) => form.startsWith("ال")) && quoteOfWord(scope, verb - 1) === undefined;
  return plainGap && indefinite && !startsWithConjunction(verbWord) && COMPLEMENTIZERS.has(next.normalized);
}

interface SentenceState {
  group: SpeakerGroup | null;
  attribution: Attribution;
  /** A verb that named its speaker but had no content of its own (كتبت X … قائلة:). */
  pendingCue: string | null;
  via: AgencyMention | null;
  consumedUntil: number;
}

/** A feminine singular name (a woman, or an organization whose first word ends in ة) right after a masculine singular verb. */
function feminineAfterMasculine(agreement: Agreement, group: SpeakerGroup, firstWord: Word | undefined): boolean {
  if (agreement.gender !== "MALE" || agreement.number !== "SINGULAR" || group.speakers.length !== 1 || firstWord === undefined) return false;
  const actor = group.speakers[0]?.actor;
  if (actor === null || actor === undefined) return false;
  return actor.kind === "PERSON" ? actor.gender === "FEMALE" : /ه$/u.test(firstWord.normalized);
}

function handleSentence(scope: ParagraphScope, sentence: Sentence, state: SentenceState): void {
  const sites = findSites(scope, sentence);
  const verbStarts = new Set(sites.filter((site) => site.kind === "verb" || site.kind === "participle").map((site) => site.first));
  const agencies = sentenceAgencies(scope, sentence);

  // The next verb after each site, computed once from the right (a sentence of cue words stays linear).
  const nextVerbAt: number[] = new Array<number>(sites.length);
  let following = sentence.endWord;
  for (let position = sites.length - 1; position >= 0; position--) {
    nextVerbAt[position] = following;
    const site = sites[position];
    if (site !== undefined && (site.kind === "verb" || site.kind === "participle")) following = site.first;
  }

  for (const [position, site] of sites.entries()) {
    if (site.first < state.consumedUntil) continue;
    const limit = nextVerbAt[position] ?? sentence.endWord;
    const context = { agreement: site.agreement, sentenceGroup: state.group, documentary: site.documentary, takesObject: site.cue?.takesObject === true };

    if (site.kind === "attribution") {
      handleAttribution(scope, sentence, site, state, agencies, verbStarts);
      continue;
    }

    const opener = site.kind === "negated" ? ({ type: "none", at: limit } as const) : findOpener(scope, site.end, limit);
    const regionEnd = opener.at;
    // نقل X عن Y / نقلا عن Y: X relays (via), Y speaks.
    const relayAt = scope.words.slice(site.end, regionEnd).findIndex((word) => word.normalized === "عن");
    const relayed = (site.cue?.relays === true || scope.words[site.end + relayAt - 1]?.normalized === "نقلا") && relayAt !== -1;
    let explicitVia: AgencyMention | null = null;
    let phrase: SpeakerPhrase | null;
    if (relayed) {
      const relayWord = site.end + relayAt;
      explicitVia = findAgencies(scope.words, site.end, relayWord, scope.actors, scope.articleText, () => false)[0] ?? agencies[0] ?? null;
      // The verb (نقلت) agrees with the agency, so it says nothing about the relayed speaker's gender.
      phrase = parseSpeakerPhrase(scope, relayWord + 1, regionEnd, { ...context, agreement: { gender: null, number: "SINGULAR" }, sentenceGroup: null });
      if (phrase !== null && !phrase.named) phrase = null;
    } else {
      phrase = site.kind === "participle" ? null : parseSpeakerPhrase(scope, site.end, regionEnd, context);
      // A guessed label after the verb (انتقدت غياب مخصصات …) gives way to a subject named before
      // it (لكن النائبة فلانة انتقدت …), or, after و in the same sentence, to the sentence's
      // speaker (رحبت السعودية وعمان بالدعوة، وأكدتا دعمهما …): the words are then the object.
      const guessed = phrase !== null && phrase.attribution === "unresolved" && phrase.group.speakers.every((speaker) => speaker.actor === null);
      if ((phrase === null || !phrase.named || guessed) && site.kind !== "participle") {
        const before = subjectBefore(scope, sentence.firstWord, site.first, context);
        if (before !== null) phrase = { ...before, after: site.end };
        else if (guessed && state.group !== null && site.cue?.takesObject === true && startsWithConjunction(scope.words[site.first]!)) phrase = { group: state.group, attribution: "continuation", named: false, after: site.end };
        else if (guessed && state.group === null && site.cue?.takesObject === true && startsWithConjunction(scope.words[site.first]!) && isAccusativeObject(scope, site.end)) {
          const continued = scope.discourse.continuation(site.agreement);
          if (continued !== null) phrase = { group: continued.group, attribution: continued.attribution, named: false, after: site.end };
        }
      }
      // ودعا وزارة البيئة إلى …: a masculine singular verb cannot have a feminine singular
      // subject right after it (a person, or an organization named by a noun in ة), so that
      // name begins the verb's object and the verb keeps the sentence's speaker.
      if (phrase !== null && phrase.named && state.group !== null && site.kind === "verb" && site.cue?.takesObject === true && startsWithConjunction(scope.words[site.first]!) && feminineAfterMasculine(site.agreement, phrase.group, scope.words[site.end])) {
        phrase = { group: state.group, attribution: "continuation", named: false, after: site.end };
      }
      // من جهته، شكر فلان اللاعبين …، وكتب: "…": a cue after و with no subject of its own, in a
      // sentence that opened with another verb and its subject, shares that subject (as a participle does).
      if ((phrase === null || !phrase.named) && site.kind === "verb" && state.group === null && site.first > sentence.firstWord + 1 && startsWithConjunction(scope.words[site.first]!)) {
        const subject = firstVerbSubject(scope, sentence.firstWord, site.first, site.agreement);
        if (subject !== null) phrase = { group: subject, attribution: "named", named: true, after: phrase?.after ?? site.end };
      }
      // رفع البنك المركزي الفائدة، في خطوة قال إنها …: a verb describing an indefinite noun has the sentence's subject as its own.
      if ((phrase === null || !phrase.named) && site.kind === "verb" && state.group === null && describesIndefiniteNoun(scope, sentence, site.first)) {
        const subject = sentenceSubject(scope, sentence.firstWord, site.first - 1, site.agreement);
        if (subject !== null) phrase = { group: subject, attribution: "named", named: true, after: site.end };
      }
      if (site.kind === "participle") {
        const subject = state.group === null ? sentenceSubject(scope, sentence.firstWord, site.first, site.agreement) : null;
        if (subject !== null) scope.discourse.remember(subject);
        const group = state.group ?? subject ?? scope.discourse.continuation(site.agreement)?.group ?? null;
        phrase = group === null ? null : { group, attribution: state.group !== null ? state.attribution : subject !== null ? "named" : "continuation", named: false, after: site.end };
      }
    }
    if (phrase === null) continue;
    // A subject agency before a relaying verb (وكانت وكالة فرانس برس نقلت عن …) is the via, not the speaker.
    // وطالب أولياء أمور بـ…، وقال أحدهم لإذاعة …: an agency addressed after a later verb of the
    // sentence that opens with و is that verb's, not this one's.
    const laterVerb = sites.slice(position + 1).find((later) => later.kind === "verb" && startsWithConjunction(scope.words[later.first]!));
    const agenciesHere = laterVerb === undefined ? agencies : agencies.filter((agency) => agency.firstWord < laterVerb.first);
    const previous = scope.discourse.latest();
    let via = relayedVia(scope, phrase.group, phrase.attribution, agenciesHere, explicitVia ?? state.via);
    // ونقلت الوكالة عن … حسن المراغي، قوله … ثم وأوضح المراغي: a named follow-up (a و-verb, no
    // agency of its own) of the very speaker the agency relayed last keeps that agency. Only after
    // a relaying verb (نقل … عن): a speaker who spoke to an agency (قال X لوكالة بلومبرغ) may be
    // speaking elsewhere next.
    if (via === null && phrase.attribution === "named" && agenciesHere.length === 0 && startsWithConjunction(scope.words[site.first]!) && previous !== null && RELAYED_BY_VERB.has(previous) && sameSingleActor(previous, phrase.group)) {
      const earlier = scope.discourse.relayOf(previous);
      if (earlier !== null) via = { ...earlier, firstWord: -1, endWord: -1 };
    }
    if (relayed && via !== null) RELAYED_BY_VERB.add(phrase.group);
    const cueText = site.kind === "participle" && site.cueText.startsWith("قائل") && state.pendingCue !== null ? state.pendingCue : site.cueText;
    const attributed: Attributed = { cueText, group: phrase.group, attribution: phrase.attribution, via };

    if (phrase.named) scope.discourse.remember(phrase.group);
    state.group = phrase.group;
    state.attribution = phrase.attribution;

    if (site.kind === "negated") {
      let last = sentence;
      for (const following of scope.sentences) {
        if (following.start < last.end) continue;
        const firstWord = scope.words[following.firstWord];
        if (following.start === last.end && firstWord !== undefined && withoutConjunction(firstWord.normalized).includes("كما")) last = following;
      }
      const start = scope.words[site.first]?.start ?? sentence.start;
      const cueStart = start + (scope.articleText.slice(start, start + 1) === "و" ? 1 : 0);
      emit(scope, { start: cueStart, end: last.end, kind: "PARAPHRASE", cue: site.cueText, group: phrase.group, via, confidence: confidenceOf("negated-cue", phrase.attribution), rule: "negated-cue" });
      state.consumedUntil = last.endWord;
      continue;
    }

    // «…»، قال X: the quotation came first.
    const quoteFirst = quoteEndingBefore(scope, site.first);
    if (opener.type !== "quote" && quoteFirst !== undefined && !scope.claimed.has(quoteFirst) && wordCount(scope, quoteFirst) >= 2) {
      const rule: ExtractionRule = "quote-before-cue";
      emitQuote(scope, quoteFirst, { cue: cueText, group: phrase.group, via, confidence: confidenceOf(rule, phrase.attribution), rule });
      state.consumedUntil = Math.max(state.consumedUntil, opener.type === "none" ? regionEnd : opener.at);
      if (opener.type === "none") continue;
    }
    if (opener.type === "quote") {
      const rule: ExtractionRule = "quote-after-cue";
      emitQuote(scope, opener.segment, { cue: cueText, group: phrase.group, via, confidence: confidenceOf(rule, phrase.attribution), rule });
      state.pendingCue = null;
      state.consumedUntil = Math.max(state.consumedUntil, wordsInside(scope, opener.segment).end);
      continue;
    }
    if (opener.type === "colon") {
      const first = scope.words[opener.at];
      if (first !== undefined) {
        emit(scope, { start: first.start, end: scope.paragraph.end, kind: "DIRECT_QUOTE", cue: cueText, group: phrase.group, via, confidence: confidenceOf("colon-speech", phrase.attribution), rule: "colon-speech" });
        state.consumedUntil = scope.words.length;
      }
      continue;
    }
    if (opener.type === "clause") {
      const end = clauseEnd(scope, sentence, opener.contentFrom, verbStarts);
      emitClause(scope, opener.contentFrom, end, attributed, "reported-clause");
      state.pendingCue = null;
      state.consumedUntil = end;
      continue;
    }
    // No opener before the next verb: a noun object, or a speaker the next cue will use.
    const objectFrom = objectStart(scope, phrase.after, limit);
    const objectWord = scope.words[objectFrom];
    // دعت إلى اعتصام، طالب بإعادة الفرز: a prepositional object is content even without a named subject.
    const prepositional = objectWord !== undefined && (OBJECT_PREPOSITIONS.has(objectWord.normalized) || (/^[ب]/u.test(objectWord.normalized) && objectWord.termWithoutPreposition !== null));
    // (One word is enough for a prepositional object: رحبت بالدعوة.)
    // (A participle's object only when prepositional: مطالبا بتعويضات، but مؤكدا أهمية … stays the narrator's.)
    if (site.cue?.takesObject === true && (site.kind !== "participle" || prepositional) && (phrase.named || prepositional || phrase.attribution === "continuation") && objectFrom < limit && limit - objectFrom >= (prepositional ? 1 : 2) && (prepositional || !isBreaker(objectWord))) {
      const end = clauseEnd(scope, sentence, objectFrom, verbStarts);
      emitClause(scope, objectFrom, end, attributed, "verb-object");
      state.consumedUntil = end;
      continue;
    }
    state.pendingCue = site.cueText;
    if (via !== null) state.via = via;
  }
}

function handleAttribution(scope: ParagraphScope, sentence: Sentence, site: CueSite, state: SentenceState, agencies: readonly AgencyMention[], verbStarts: ReadonlySet<number>): void {
  let speakerFrom = site.end;
  // بحسب ما ذكرت X: the verb inside the attribution is part of it.
  if (scope.words[speakerFrom]?.normalized === "ما") speakerFrom += verbStarts.has(speakerFrom + 1) ? 2 : 1;
  let regionEnd = speakerFrom + 1;
  while (regionEnd < sentence.endWord) {
    const word = scope.words[regionEnd];
    if (word === undefined || COMMA.test(word.gapBefore) || COMPLEMENTIZERS.has(word.normalized) || verbStarts.has(regionEnd)) break;
    regionEnd++;
  }
  // بحسب ما نقلت رويترز عن سكان …: the agency relays, the speaker follows عن.
  const relayAt = scope.words.slice(speakerFrom, regionEnd).findIndex((word) => word.normalized === "عن");
  const relayVia = relayAt === -1 ? null : (findAgencies(scope.words, speakerFrom, speakerFrom + relayAt, scope.actors, scope.articleText, () => false)[0] ?? null);
  if (relayVia !== null) speakerFrom += relayAt + 1;
  const phrase = parseSpeakerPhrase(scope, speakerFrom, regionEnd, { agreement: NO_AGREEMENT, sentenceGroup: null });
  if (phrase === null || !phrase.named) return;
  scope.discourse.remember(phrase.group);
  const attributed: Attributed = { cueText: site.cueText, group: phrase.group, attribution: phrase.attribution, via: viaFor(phrase.group, agencies, relayVia) };
  const leading = site.first - sentence.firstWord <= 1 || COMMA.test(scope.words[site.first]?.gapBefore ?? "") === false && site.first === sentence.firstWord;
  if (leading) {
    let from = regionEnd;
    if (COMPLEMENTIZERS.has(scope.words[from]?.normalized ?? "")) from++;
    const end = clauseEnd(scope, sentence, from, verbStarts);
    if (end - from >= 2) emitClause(scope, from, end, attributed, "attribution");
    state.consumedUntil = end;
  } else {
    let from = Math.max(sentence.firstWord, state.consumedUntil);
    // يذكر أن …، بحسب X: the narrator's formula is not part of what X reported.
    const opening = scope.words[from];
    if (opening !== undefined && withoutConjunction(opening.normalized).some((form) => NARRATOR_FORMULAS.has(form))) from++;
    while (from < site.first && (COMPLEMENTIZERS.has(scope.words[from]?.normalized ?? "") || scope.words[from]?.normalized === "الي")) from++;
    if (site.first - from >= 2) emitClause(scope, from, site.first, attributed, "attribution");
    state.consumedUntil = regionEnd;
  }
  state.group = phrase.group;
  state.attribution = phrase.attribution;
}

export function extractArabicParagraph(scope: ParagraphScope): void {
  // A negated cue's statement may run over the next sentence (… كما لم يحددا …): consumption carries.
  let consumed = 0;
  for (const sentence of scope.sentences) {
    const state: SentenceState = { group: null, attribution: "named", pendingCue: null, via: null, consumedUntil: Math.max(consumed, sentence.firstWord) };
    handleSentence(scope, sentence, state);
    consumed = state.consumedUntil;
    if (state.group === null) {
      const subject = sentenceSubject(scope, sentence.firstWord, sentence.endWord, { gender: null, number: "SINGULAR" });
      if (subject !== null) scope.discourse.rememberSubject(subject);
    }
  }
  emitUnclaimedQuotes(scope, 3);
}

/** Speakers whose words an agency relayed with a relaying verb (نقلت الوكالة عن X). */
const RELAYED_BY_VERB = new WeakSet<SpeakerGroup>();

/** Whether both groups are the same one known actor. */
function sameSingleActor(earlier: SpeakerGroup | null, later: SpeakerGroup): boolean {
  const a = earlier?.speakers.length === 1 ? earlier.speakers[0]?.actor?.slug : undefined;
  const b = later.speakers.length === 1 ? later.speakers[0]?.actor?.slug : undefined;
  return a !== undefined && a === b;
}
