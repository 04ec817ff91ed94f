/**
 * Text analysis for full-text search: pure functions, no database access.
 *
 * SQLite FTS5's tokenizers know nothing of Arabic, so every term is normalized and
 * stemmed here, the same way for the text we index and for the queries users type.
 * The Arabic rules follow Lucene's ArabicNormalizer and ArabicStemmer (Larkey's
 * "light10" light stemmer); the English rules are a conservative subset of Porter's
 * step 1. Every term this module emits consists of letters and digits only, so it
 * can never carry FTS5 syntax.
 */

/** A word of the original text, where it is, and the term it analyzes to. */
export interface AnalyzedToken {
  /** The word as written (harakat, tatweel and case preserved). */
  text: string;
  /** UTF-16 offset of the word's first character in the original text. */
  start: number;
  /** UTF-16 offset just past the word's last character. */
  end: number;
  /** The analyzed term: what gets indexed and compared. Never empty. */
  term: string;
}

export interface SnippetOptions {
  /** Upper bound, in characters of the original text, of the quoted excerpt. */
  maxLength?: number;
  /** Markup placed before a matched word. */
  open?: string;
  /** Markup placed after a matched word. */
  close?: string;
}

/** The last query term matches as a prefix only from this many characters on. */
export const MIN_PREFIX_LENGTH = 3;

/** Default upper bound of a snippet, in characters. */
export const DEFAULT_SNIPPET_LENGTH = 160;

// Zero-width and bidi controls: invisible, and pasted text is full of them.
const INVISIBLE_CLASS = String.raw`\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF`;
const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}]`, "gu");

// Combining marks belong to the word they sit on (Arabic harakat are \p{M}, not
// \p{L}), and invisible controls inside a word must not split it. An apostrophe
// joins letters ("Biden's", "O'Brien") but never starts or ends a word.
const WORD_CHARS = `[\\p{L}\\p{N}\\p{M}${INVISIBLE_CLASS}]+`;
const WORD = new RegExp(`${WORD_CHARS}(?:['’]${WORD_CHARS})*`, "gu");

const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
const NOT_TERM_CHAR = /[^\p{L}\p{N}]/gu;

// ---------------------------------------------------------------- Arabic

// Harakat (U+064B–U+065F), superscript alef (U+0670), Quranic annotation marks and
// tatweel (U+0640): none of them changes which word is meant.
const ARABIC_MARKS = /[\u0640\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8\u06EA-\u06ED]/gu;

const ARABIC_LETTER_FOLDS: Readonly<Record<string, string>> = {
  "\u0622": "\u0627", // آ alef madda
  "\u0623": "\u0627", // أ alef hamza above
  "\u0625": "\u0627", // إ alef hamza below
  "\u0671": "\u0627", // ٱ alef wasla
  "\u0672": "\u0627", // ٲ alef wavy hamza above
  "\u0673": "\u0627", // ٳ alef wavy hamza below
  "\u0649": "\u064A", // ى alef maqsura → ي
  "\u06CC": "\u064A", // ی Farsi yeh, common in text typed on Persian keyboards
  "\u06A9": "\u0643", // ک keheh → ك, same reason
  "\u0629": "\u0647", // ة teh marbuta → ه
  // Hamza seats: Lucene leaves ؤ and ئ alone. We fold both to a bare hamza ء rather
  // than to و / ي: ؤ, ئ and ء each sit on their own key of an Arabic keyboard, so
  // users do type them (unlike أ إ آ, which need Shift and are routinely typed as ا);
  // what varies between writers is the seat, e.g. Egyptian مسئول / شئون against
  // Levantine and Gulf مسؤول / شؤون. Folding to ء unifies those spellings without
  // merging distinct words, as ئ → ي would (سئل "was asked" / سيل "flood").
  "\u0624": "\u0621", // ؤ
  "\u0626": "\u0621", // ئ
};

const ARABIC_FOLDABLE = /[\u0622\u0623\u0625\u0671-\u0673\u0649\u06CC\u06A9\u0629\u0624\u0626\u0660-\u0669\u06F0-\u06F9]/gu;

function foldArabicCharacter(character: string): string {
  const code = character.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660); // Arabic-Indic digits
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0); // Eastern (Persian) digits
  return ARABIC_LETTER_FOLDS[character] ?? character;
}

/**
 * Removes harakat and tatweel and folds letter variants (أ إ آ ٱ → ا, ى → ي, ة → ه,
 * ؤ ئ → ء) and Arabic-Indic digits (→ 0–9). NFKC first, so presentation forms
 * (ﻻ, ﷲ) and decomposed hamza (ا + U+0654) become the ordinary letters.
 */
export function normalizeArabic(text: string): string {
  return text.normalize("NFKC").replace(ARABIC_MARKS, "").replace(ARABIC_FOLDABLE, foldArabicCharacter);
}

// Lucene's prefixes (ال وال بال كال فال لل و), plus the conjunction + preposition +
// article forms وبال وكال فبال ولل, so that وبالتالي and وللمرة meet بالتالي and للمرة. Longest first: the first one that
// fits wins, and only one is removed.
//
// Lucene does NOT strip a lone ف ب ك ل, and neither do we: they begin too many
// names and roots (بلينكن, بايدن, بغداد, فؤاد, فرانس, كركوك, لبنان → "بن" after the
// suffix), and a stripped stem breaks typing-as-you-search (بغد would no longer be a
// prefix of the indexed غداد). With the article (بال كال فال لل) they are stripped.
const ARABIC_PREFIXES = ["وبال", "وكال", "فبال", "ولل", "وال", "بال", "كال", "فال", "لل", "ال", "و"] as const;

// Lucene's suffixes, in Lucene's order. Each is tried once, in turn, on what the
// previous ones left (سياراتها → سيارات → سيار). ة and ية only matter when the
// stemmer is called on unnormalized text: normalizeArabic has already made them ه, يه.
const ARABIC_SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"] as const;

// Prefixes use Lucene's length checks: a lone و must leave at least 3 letters (وطن
// stays a word), the longer prefixes at least 2 (الو stays). Suffixes must leave 3
// letters where Lucene allows 2: Arabic roots are mostly triliteral, and a 2-letter
// stem is nearly always a wrong cut that merges unrelated words (بيان → بي, ولاية →
// لا "no", على → عل). It also keeps type-ahead working: a half-typed بلي or بلين
// stays a prefix of بلينكن instead of being cut to بل.
function canStripPrefix(word: string, prefix: string): boolean {
  const minimumStem = prefix.length === 1 ? 3 : 2;
  return word.startsWith(prefix) && word.length - prefix.length >= minimumStem;
}

function canStripSuffix(word: string, suffix: string): boolean {
  return word.endsWith(suffix) && word.length - suffix.length >= 3;
}

function stripArabicPrefix(word: string): string {
  const prefix = ARABIC_PREFIXES.find((candidate) => canStripPrefix(word, candidate));
  return prefix === undefined ? word : word.slice(prefix.length);
}

function stripArabicSuffixes(word: string): string {
  let stem = word;
  for (const suffix of ARABIC_SUFFIXES) {
    if (canStripSuffix(stem, suffix)) stem = stem.slice(0, -suffix.length);
  }
  return stem;
}

/**
 * Light stemming in the manner of Lucene's ArabicStemmer: removes one attached
 * prefix (article, conjunction + article, preposition + article, or و), then the
 * common suffixes. Expects a normalized word (see normalizeArabic).
 */
export function stemArabic(token: string): string {
  return stripArabicSuffixes(stripArabicPrefix(token));
}

// ---------------------------------------------------------------- English

function isConsonant(word: string, index: number): boolean {
  const character = word[index];
  if (character === undefined || "aeiou".includes(character)) return false;
  // Porter: y is a vowel after a consonant ("spy"), a consonant otherwise ("say").
  if (character === "y") return index === 0 || !isConsonant(word, index - 1);
  return true;
}

/** Porter's measure: how many vowel-run → consonant-run transitions the stem has. */
function measure(stem: string): number {
  let transitions = 0;
  for (let index = 1; index < stem.length; index++) {
    if (isConsonant(stem, index) && !isConsonant(stem, index - 1)) transitions++;
  }
  return transitions;
}

function hasVowel(stem: string): boolean {
  return [...stem].some((_, index) => !isConsonant(stem, index));
}

/** consonant-vowel-consonant, last not w x y: "hop", "mak" (→ hope, make). */
function endsShortSyllable(stem: string): boolean {
  const n = stem.length;
  return n >= 3 && isConsonant(stem, n - 3) && !isConsonant(stem, n - 2) && isConsonant(stem, n - 1) && !/[wxy]$/.test(stem);
}

// Guards: "ss" boss, "us" status, "is" crisis/ISIS/this, "as" Hamas/Abbas/Texas —
// names that must not lose their s (Hamas would become Hama, a Syrian city).
function stemPlural(word: string): string {
  if (word.endsWith("sses")) return word.slice(0, -2); // addresses → address
  if (word.endsWith("ies")) return word.length > 4 ? `${word.slice(0, -3)}y` : word; // policies → policy
  if (/(?:x|ch|sh)es$/.test(word)) return word.slice(0, -2); // taxes, speeches, clashes
  if (word.endsWith("s") && !/(?:ss|us|is|as)$/.test(word)) return word.slice(0, -1);
  return word;
}

// Porter step 1b with one more guard: the stem must keep 3 letters, so "used" is
// not taken for "US".
function stemVerbEnding(word: string): string {
  if (word.endsWith("eed")) return measure(word.slice(0, -3)) > 0 ? word.slice(0, -1) : word; // agreed → agree
  const suffixLength = word.endsWith("ing") ? 3 : word.endsWith("ed") ? 2 : 0;
  const stem = word.slice(0, word.length - suffixLength);
  if (suffixLength === 0 || stem.length < 3 || !hasVowel(stem)) return word; // thing, bring, red
  if (/(?:at|bl|iz)$/.test(stem)) return `${stem}e`; // stated → state
  if (stem.at(-1) === stem.at(-2) && isConsonant(stem, stem.length - 1) && !/[lsz]$/.test(stem)) {
    return stem.slice(0, -1); // planned → plan, but killed → kill
  }
  if (measure(stem) === 1 && endsShortSyllable(stem)) return `${stem}e`; // making → make
  return stem;
}

function stemEnglish(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  return stemVerbEnding(stemPlural(word));
}

/**
 * Lowercases, strips diacritics (é → e, NFKD: ﬁ → fi), drops possessive 's and
 * apostrophes, then stems English conservatively: plurals (statements → statement,
 * policies → policy), -ed and -ing (attacked, attacking → attack). Blinken stays blinken.
 */
export function foldLatin(token: string): string {
  const folded = token
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/['’]s$/u, "")
    .replace(/['’]/gu, "");
  return stemEnglish(folded);
}

// ---------------------------------------------------------------- analysis

// News text repeats its words (names, particles, the same verbs), and analysis is a pure function
// of the word: indexing memoizes it. Bounded, so a long import of varied text cannot grow it
// without limit (it is simply emptied when full).
const ANALYZED_WORDS_LIMIT = 100_000;
const analyzedWords = new Map<string, string>();

function analyzeWord(word: string): string {
  let term = analyzedWords.get(word);
  if (term === undefined) {
    if (analyzedWords.size >= ANALYZED_WORDS_LIMIT) analyzedWords.clear();
    term = analyzeWordUncached(word);
    analyzedWords.set(word, term);
  }
  return term;
}

function analyzeWordUncached(word: string): string {
  const visible = word.replace(INVISIBLE, "");
  const term = ARABIC_SCRIPT.test(visible)
    ? stemArabic(normalizeArabic(visible)).toLowerCase() // lowercase: Latin glued to Arabic ("F١٦")
    : foldLatin(visible);
  return term.replace(NOT_TERM_CHAR, ""); // letters and digits only: never FTS5 syntax
}

/**
 * The words of `text` with their offsets and analyzed terms, in order. Words are runs
 * of letters, digits and combining marks; everything else (spaces, punctuation,
 * ، ؛ ؟ « » " and the rest) separates them. Words that analyze to nothing are dropped.
 */
export function tokenize(text: string): AnalyzedToken[] {
  const tokens: AnalyzedToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = analyzeWord(match[0]);
    if (term !== "") tokens.push({ text: match[0], start: match.index, end: match.index + match[0].length, term });
  }
  return tokens;
}

/** The analyzed terms of `text`, in order, duplicates kept. */
export function analyze(text: string): string[] {
  return tokenize(text).map((token) => token.term);
}

// Texts analyzed ahead, by the text: an import's worker thread analyzes a batch while the batch
// before it is written (ingest/analysis-ahead.ts), and its answers are kept here for the length
// of their batch. Analysis being a pure function of the text, an answer is what analyzing the
// text here would give.
const analyzedAhead = new Map<string, string>();

/** Keeps analyses computed elsewhere (`analyzed[i]` is analyzeForIndex(`texts[i]`)) until forgetAnalyses. */
export function rememberAnalyses(texts: readonly string[], analyzed: readonly string[]): void {
  texts.forEach((text, index) => analyzedAhead.set(text, analyzed[index]!));
}

export function forgetAnalyses(): void {
  analyzedAhead.clear();
}

/** What the FTS5 column stores: the analyzed terms joined by single spaces. */
export function analyzeForIndex(text: string): string {
  const ahead = analyzedAhead.size > 0 ? analyzedAhead.get(text) : undefined;
  if (ahead !== undefined) return ahead;
  // Same terms as analyze(text).join(" "), without building a token object per word.
  let indexed = "";
  for (const match of text.matchAll(WORD)) {
    const term = analyzeWord(match[0]);
    if (term !== "") indexed = indexed === "" ? term : `${indexed} ${term}`;
  }
  return indexed;
}

// ---------------------------------------------------------------- querying

function quoteFtsString(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

function isPrefixTerm(term: string): boolean {
  return [...term].length >= MIN_PREFIX_LENGTH;
}

/** One phrase of a MATCH expression: a quoted term, matching as a prefix or as itself. */
export interface Phrase {
  term: string;
  prefix: boolean;
}

/** The phrases of the MATCH expression for these analyzed query terms, in order (see buildMatchQuery). */
export function matchPhrases(terms: readonly string[]): Phrase[] {
  const last = terms.length - 1;
  return terms.map((term, index) => ({ term, prefix: index === last && isPrefixTerm(term) }));
}

/** A phrase alone as a MATCH expression. */
export function phraseMatch(phrase: Phrase): string {
  return quoteFtsString(phrase.term) + (phrase.prefix ? "*" : "");
}

/**
 * Turns anything a user types into a safe FTS5 MATCH expression: every analyzed term
 * as a quoted string (so AND, NEAR, *, ^, :, - are plain words or gone), all of them
 * required, the last one also matching as a prefix when it has 3+ characters so
 * results follow typing. Returns null when nothing searchable is left.
 */
export function buildMatchQuery(userInput: string): string | null {
  const terms = analyze(userInput);
  if (terms.length === 0) return null;
  return matchPhrases(terms).map(phraseMatch).join(" ");
}

// ---------------------------------------------------------------- snippets

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Mirrors buildMatchQuery: exact terms, and the last term as a prefix. */
function queryMatcher(queryTerms: readonly string[]): (term: string) => boolean {
  const exact = new Set(queryTerms.filter((term) => term !== ""));
  const last = queryTerms.at(-1);
  const prefix = last !== undefined && isPrefixTerm(last) ? last : undefined;
  return (term) => exact.has(term) || (prefix !== undefined && term.startsWith(prefix));
}

interface TextRange {
  start: number;
  end: number;
}

/**
 * A window of at most maxLength characters centred on `focus`, shrunk to whole
 * words. A single word longer than the window is cut (at a code point boundary).
 */
function snippetWindow(text: string, tokens: readonly AnalyzedToken[], focus: TextRange, maxLength: number): TextRange {
  if (text.length <= maxLength) return { start: 0, end: text.length };
  const centredStart = Math.floor((focus.start + focus.end - maxLength) / 2);
  const end = Math.min(text.length, Math.max(0, centredStart) + maxLength);
  const start = Math.max(0, end - maxLength);
  const inside = tokens.filter((token) => token.start >= start && token.end <= end);
  const firstWord = inside[0];
  const lastWord = inside.at(-1);
  if (firstWord === undefined || lastWord === undefined) {
    const cut = Math.min(focus.start + maxLength, text.length);
    return { start: focus.start, end: /[\uD800-\uDBFF]/.test(text[cut - 1] ?? "") ? cut - 1 : cut };
  }
  return { start: start === 0 ? 0 : firstWord.start, end: end === text.length ? text.length : lastWord.end };
}

function trimRange(text: string, range: TextRange): TextRange {
  let { start, end } = range;
  while (start < end && /\s/u.test(text[start] ?? "")) start++;
  while (end > start && /\s/u.test(text[end - 1] ?? "")) end--;
  return { start, end };
}

/**
 * An HTML-safe excerpt of `original` (as published: harakat and tatweel kept) around
 * the first word matching `queryTerms`, with every matching word in the excerpt
 * wrapped in open/close (default <mark>…</mark>). `queryTerms` are analyzed terms,
 * as returned by analyze(userInput). Cut ends get "…"; runs of whitespace (paragraph
 * breaks) become one space. Without a match, the excerpt is the start of the text.
 */
export function highlightSnippet(original: string, queryTerms: string[], options: SnippetOptions = {}): string {
  const { maxLength = DEFAULT_SNIPPET_LENGTH, open = "<mark>", close = "</mark>" } = options;
  const tokens = tokenize(original);
  const matches = queryMatcher(queryTerms);
  const focus = tokens.find((token) => matches(token.term)) ?? { start: 0, end: 0 };
  const { start, end } = trimRange(original, snippetWindow(original, tokens, focus, Math.max(1, maxLength)));

  const outside = (from: number, to: number): string => escapeHtml(original.slice(from, to).replace(/\s+/gu, " "));
  let html = "";
  let cursor = start;
  for (const token of tokens) {
    if (token.start < start || token.end > end || !matches(token.term)) continue;
    html += outside(cursor, token.start) + open + escapeHtml(token.text) + close;
    cursor = token.end;
  }
  html += outside(cursor, end);

  const cutBefore = original.slice(0, start).trim() !== "";
  const cutAfter = original.slice(end).trim() !== "";
  return (cutBefore ? "…" : "") + html + (cutAfter ? "…" : "");
}
