/**
 * Finds known actors in a paragraph's words. Names, aliases and roles are compared as the search
 * analyzer's term sequences, so a name matches however it is spelled, prefixed or vocalized
 * (للخارجية الأميركية meets the alias الخارجية الأميركية; وبلينكن meets بلينكن) — the same
 * normalization search uses, imported rather than copied.
 *
 * A person's last name alone (حسين, Keller) is a weaker variant: it counts only when no other
 * actor shares it. A role (وزير الخارجية العراقي) resolves to its holder only when the article also
 * names the holder; otherwise the role is proposed as a label.
 */
import type { KnownActor } from "./types.js";
import { wordsOf, type Word } from "./words.js";

export type MentionSource = "name" | "surname" | "role";

export interface ActorMention {
  actor: KnownActor;
  source: MentionSource;
  /** Word indexes [firstWord, endWord) in the paragraph. */
  firstWord: number;
  endWord: number;
  /** The first word carries a conjunction the name does not have: a second, joint speaker. */
  conjoined: boolean;
  /** Matched only without a leading ل/ب (لوكالة فرانس برس): an addressee or possessor, not a subject. */
  oblique: boolean;
}

interface Variant {
  terms: string[];
  actor: KnownActor;
  source: MentionSource;
  /** The variant's first word, unstemmed: tells an attached و (ومسؤول) from a name that begins with و (وزارة). */
  firstWord: string;
  /** An acronym (WHO, AP, IDF) matches only in capitals: "who" and "ap" are ordinary words. */
  acronym: string | null;
}

const MAX_VARIANT_TERMS = 12;

const ACRONYM = /^\p{Lu}[\p{Lu}\p{N}]{1,5}$/u;

function variant(phrase: string, actor: KnownActor, source: MentionSource): Variant {
  const words = wordsOf(phrase, 0);
  const acronyms = words.filter((word) => ACRONYM.test(word.text));
  return { terms: words.map((word) => word.term), actor, source, firstWord: words[0]?.normalized ?? "", acronym: words.length === 1 && acronyms.length === 1 ? (acronyms[0]?.text ?? null) : null };
}

function variantsOf(actor: KnownActor): Variant[] {
  const names = [actor.name, actor.nameEn ?? "", ...(actor.aliases ?? [])].filter((name) => name.trim() !== "");
  const variants: Variant[] = names.map((name) => variant(name, actor, "name"));
  if (actor.kind === "PERSON") {
    for (const name of [actor.name, actor.nameEn ?? ""]) {
      const words = wordsOf(name, 0);
      const last = words.at(-1);
      if (words.length > 1 && last !== undefined && last.term.length >= 3) variants.push({ terms: [last.term], actor, source: "surname", firstWord: last.normalized, acronym: null });
    }
  }
  for (const role of [actor.role ?? "", actor.roleEn ?? ""]) {
    if (role.trim() !== "") variants.push(variant(role, actor, "role"));
  }
  return variants.filter((variant) => variant.terms.length > 0 && variant.terms.length <= MAX_VARIANT_TERMS);
}

export class ActorIndex {
  private readonly byFirstTerm = new Map<string, Variant[]>();
  private readonly surnameOwners = new Map<string, Set<string>>();
  /** Slugs the article names outright (by name or alias): what a role may resolve to. */
  readonly namedInArticle = new Set<string>();

  constructor(readonly actors: readonly KnownActor[]) {
    for (const actor of actors) {
      for (const variant of variantsOf(actor)) {
        const first = variant.terms[0] ?? "";
        const list = this.byFirstTerm.get(first) ?? [];
        list.push(variant);
        this.byFirstTerm.set(first, list);
        if (variant.source === "surname") {
          const owners = this.surnameOwners.get(first) ?? new Set<string>();
          owners.add(actor.slug);
          this.surnameOwners.set(first, owners);
        }
      }
    }
  }

  /** Records which actors the article names, before any role is resolved. */
  noteArticleWords(words: readonly Word[]): void {
    for (let index = 0; index < words.length; index++) {
      const mention = this.longestAt(words, index, words.length);
      if (mention !== null && mention.source === "name") this.namedInArticle.add(mention.actor.slug);
    }
  }

  /** The longest actor variant starting at `index` and ending before `limit`. */
  longestAt(words: readonly Word[], index: number, limit: number): ActorMention | null {
    const first = words[index];
    if (first === undefined) return null;
    let best: ActorMention | null = null;
    const direct = this.byFirstTerm.get(first.term) ?? [];
    const oblique = first.termWithoutPreposition === null ? [] : (this.byFirstTerm.get(first.termWithoutPreposition) ?? []);
    for (const variant of [...direct, ...oblique]) {
      const length = variant.terms.length;
      if (index + length > limit || (best !== null && length <= best.endWord - best.firstWord)) continue;
      if (!variant.terms.every((term, offset) => offset === 0 || words[index + offset]?.term === term)) continue;
      if (variant.source === "surname" && !this.surnameIsUnambiguous(variant)) continue;
      if (variant.acronym !== null && first.text !== variant.acronym) continue;
      const conjoined = first.normalized.startsWith("و") && !variant.firstWord.startsWith("و");
      best = { actor: variant.actor, source: variant.source, firstWord: index, endWord: index + length, conjoined, oblique: !direct.includes(variant) };
    }
    return best;
  }

  private surnameIsUnambiguous(variant: Variant): boolean {
    const owners = this.surnameOwners.get(variant.terms[0] ?? "");
    if (owners === undefined || owners.size <= 1) return true;
    // Shared surname: acceptable only if this owner is the one the article names.
    return this.namedInArticle.has(variant.actor.slug) && [...owners].filter((slug) => this.namedInArticle.has(slug)).length === 1;
  }

  /** Whether a role mention may stand for its holder (the article names the holder). */
  roleResolves(mention: ActorMention): boolean {
    return mention.source !== "role" || this.namedInArticle.has(mention.actor.slug);
  }

}

// The analyzer's stemmer treats an initial و as the conjunction (وزير → زير) but keeps it after
// the article (الوزير → وزير), so anaphors are compared on unstemmed words with only the
// article removed.
function withoutArticle(normalized: string): string {
  return normalized.replace(/^(?:وال|فال|بال|لل|ال|the-)/u, "");
}

export function bareNoun(word: Word): string {
  return withoutArticle(word.normalized);
}

const nounsOfActor = new WeakMap<KnownActor, ReadonlySet<string>>();
const ARABIC_LETTER = /\p{Script=Arabic}/u;

/**
 * The noun a phrase is about: Arabic is head-first (وزارة الصحة → وزارة), English head-last
 * before any "of" (Ministry of Health → ministry; British Airline Pilots Union → union), so "the
 * airline" does not mean a pilots' union and "the authority" does not mean its director.
 */
function headNoun(phrase: string): string | null {
  const words = wordsOf(phrase, 0);
  if (words.length === 0) return null;
  if (ARABIC_LETTER.test(phrase)) return bareNoun(words[0]!);
  const of = words.findIndex((word) => word.normalized === "of");
  const head = of > 0 ? words[of - 1] : words.at(-1);
  return head === undefined ? null : bareNoun(head);
}

const englishNameWordsOfActor = new WeakMap<KnownActor, ReadonlySet<string>>();

/** The lower-cased words of the actor's English name (Kerrow County Emergency Office → kerrow, county, …), worked out once per actor. */
export function englishNameWords(actor: KnownActor): ReadonlySet<string> {
  let words = englishNameWordsOfActor.get(actor);
  if (words === undefined) {
    words = new Set((actor.nameEn ?? "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== ""));
    englishNameWordsOfActor.set(actor, words);
  }
  return words;
}

/** Whether the actor's name, alias or role is headed by the noun (الوزير → وزير الصحة; the ministry → Ministry of Health). */
export function actorHasNoun(actor: KnownActor, noun: string): boolean {
  let nouns = nounsOfActor.get(actor);
  if (nouns === undefined) {
    const phrases = [actor.name, actor.nameEn ?? "", actor.role ?? "", actor.roleEn ?? "", ...(actor.aliases ?? [])];
    nouns = new Set(phrases.map(headNoun).filter((noun): noun is string => noun !== null));
    nounsOfActor.set(actor, nouns);
  }
  return nouns.has(noun);
}
