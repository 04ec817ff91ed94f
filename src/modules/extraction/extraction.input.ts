// The text and language the extractor is given through the API and the CLI, checked before it
// reads them: the extractor itself is pure and takes any string.
import { BadUserInputError } from "../../shared/errors.js";

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
