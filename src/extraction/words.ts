/**
 * Words of a paragraph for the rules: the search analyzer's tokens (so names match the way
 * search matches them) plus two lighter forms the rules need — `normalized` (letters folded,
 * harakat gone, lower case, nothing stripped: for looking up cue verbs and particles, where the
 * analyzer's stemmer would cut too much) and `gapBefore` (the punctuation between this word and
 * the previous one: commas, colons, quotation marks decide clause boundaries).
 */
import { normalizeArabic, tokenize } from "../search/analyzer.js";

export interface Word {
  /** Position in the paragraph's word list. */
  index: number;
  /** As published. */
  text: string;
  /** Offsets in the whole article text. */
  start: number;
  end: number;
  /** The search analyzer's term (stemmed): compared against actor names. */
  term: string;
  /** Folded and lower-cased, unstemmed: compared against cue and particle lexicons. */
  normalized: string;
  /** Text between the previous word (or the paragraph start) and this word. */
  gapBefore: string;
  /**
   * The term without a leading preposition ل/ب/ك, which the analyzer deliberately keeps (they
   * begin too many names), for matching the first word of a name: لقوات الحشد → قوات الحشد.
   */
  termWithoutPreposition: string | null;
}

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

export function normalizeWord(text: string): string {
  return normalizeArabic(text.replace(INVISIBLE, "")).toLowerCase();
}

/** The words of `text`, which starts at `offset` in the article. */
export function wordsOf(text: string, offset: number): Word[] {
  const words: Word[] = [];
  let previousEnd = 0;
  for (const token of tokenize(text)) {
    // "8,000", "1,250,000": a comma between digits with three after it groups thousands; one word,
    // so the comma is no clause boundary ("Some of the 8,000 entrants said …").
    const previous = words.at(-1);
    if (previous !== undefined && text.slice(previousEnd, token.start) === "," && /^\d{3}$/u.test(token.text) && /^\d{1,3}(?:,\d{3})*$/u.test(previous.text)) {
      previous.text = text.slice(previous.start - offset, token.end);
      previous.end = token.end + offset;
      previous.normalized = normalizeWord(previous.text);
      previous.term = previous.term + token.term;
      previousEnd = token.end;
      continue;
    }
    words.push({
      index: words.length,
      text: token.text,
      start: token.start + offset,
      end: token.end + offset,
      term: token.term,
      normalized: normalizeWord(token.text),
      gapBefore: text.slice(previousEnd, token.start),
      termWithoutPreposition: withoutPreposition(token.text),
    });
    previousEnd = token.end;
  }
  return words;
}

function withoutPreposition(text: string): string | null {
  const normalized = normalizeWord(text);
  if (!/^[لبك]/u.test(normalized) || normalized.length < 4 || normalized.startsWith("ال")) return null;
  return tokenize(text.slice(1))[0]?.term ?? null;
}

/** The words' analyzer terms, for matching a phrase (a name, an alias, a role) against the text. */
export function termsOf(phrase: string): string[] {
  return tokenize(phrase).map((token) => token.term);
}

const ARABIC_CONJUNCTIONS = ["و", "ف"] as const;

/**
 * The forms a lexicon lookup should try: the word itself, then without one attached و or ف
 * (وقال → قال, فأكد → أكد). The bare form comes first because some cue words begin with و
 * themselves (وفق, وصف).
 */
export function withoutConjunction(normalized: string): string[] {
  const forms = [normalized];
  for (const conjunction of ARABIC_CONJUNCTIONS) {
    if (normalized.startsWith(conjunction) && normalized.length > 2) forms.push(normalized.slice(1));
  }
  return forms;
}

/** Whether the word carries an attached conjunction و ("and"): joint speakers, new clauses. */
export function startsWithConjunction(word: Word): boolean {
  return word.normalized.startsWith("و") && word.normalized.length > 2;
}
