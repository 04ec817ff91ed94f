/**
 * The extractor's public data: what it is given (text, language, known actors as plain data)
 * and what it proposes. No database or GraphQL type appears here, so the module can be wired
 * into any layer (resolver, CLI, importer) without dragging one into another.
 */

export type ExtractionLanguage = "ar" | "en";

export type ActorKind = "PERSON" | "ORGANIZATION";

export type Gender = "MALE" | "FEMALE";

/** A person or organization the extractor may resolve speakers to (Khabar's Person/Organization). */
export interface KnownActor {
  slug: string;
  /** The name as published (Arabic for Arabic actors). */
  name: string;
  nameEn?: string | null;
  /** Other spellings in any language. */
  aliases?: readonly string[];
  kind: ActorKind;
  role?: string | null;
  roleEn?: string | null;
  /** Lets a feminine or masculine continuation verb agree with a person. */
  gender?: Gender | null;
  /** A news agency: when it relays someone else's words it becomes `via`, not the speaker. */
  isNewsAgency?: boolean;
}

export type StatementKind = "DIRECT_QUOTE" | "PARAPHRASE";

/** Which rule produced a proposal: editors and the evaluation see why it was proposed. */
export type ExtractionRule =
  | "quote-after-cue" // قال X: «…» / X said: "…" / وتابع "…"
  | "quote-before-cue" // "…," X said / "…," said X
  | "quote-in-reported-clause" // قال إن X "…" — the clause is mostly the quotation
  | "quote-continued" // the next paragraph of a quotation that runs over several
  | "quote-follows-quote" // a second quotation in the same paragraph, same speaker
  | "colon-speech" // وتابع: كلام بلا علامات تنصيص
  | "reported-clause" // أكد أن … / X said (that) …
  | "verb-object" // نفى X وجود … / نوه X بـ… — a reporting verb with a noun object
  | "attribution" // بحسب / وفقا لـ / نقلا عن / according to X
  | "clause-before-cue" // …, X said.
  | "negated-cue"; // لم يحدد X … — what the speaker would not say is itself reported

export interface StatementProposal {
  /** The statement's words, exactly `articleText.slice(start, end)`. */
  text: string;
  kind: StatementKind;
  /** The reporting word as published, without an attached و/ف ("قال", "أكد", "told", "According to"). */
  cue: string;
  /** 0-based index into the article's blank-line paragraphs (`Article.paragraphs`). */
  paragraph: number;
  /** UTF-16 offsets into the whole article text. */
  start: number;
  end: number;
  /** Slug of the resolved speaker, when one of the known actors. */
  speaker: string | null;
  /** The speaker's name or role as it appears in the text (resolved or not). */
  speakerName: string | null;
  /** An unnamed source as published (مصادر أمنية, a senior official), or a name no known actor matched. */
  speakerLabel: string | null;
  /** Slug of the news agency the words came through, when a known actor. */
  via: string | null;
  /** The agency as it appears in the text, resolved or not. */
  viaName: string | null;
  /** 0..1: how sure the rule is of the statement and its speaker together. */
  confidence: number;
  rule: ExtractionRule;
}

export interface ExtractionOptions {
  /** "ar" or "en" (a BCP-47 tag such as "ar-IQ" is accepted); detected from the script when absent. */
  language?: string | null;
  actors?: readonly KnownActor[];
}

export interface ExtractionResult {
  language: ExtractionLanguage;
  /** In reading order: by offset. */
  statements: StatementProposal[];
  /** Speaker names the text gives that no known actor matched (proposed as new actors). */
  unresolvedNames: string[];
}
