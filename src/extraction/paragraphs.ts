/**
 * Paragraphs exactly as `Article.paragraphs` has them (article.resolver.ts `paragraphsOf`, and
 * the importer's paragraph count): the text split on /\n\s*\n/, each piece trimmed, blank
 * pieces dropped. Statement.paragraph indexes that list, so the split must not differ by one
 * character; offsets are kept so that proposals can point into the whole text.
 */

export interface ParagraphSpan {
  index: number;
  /** Offset of the trimmed paragraph's first character in the article text. */
  start: number;
  end: number;
  text: string;
}

const PARAGRAPH_BREAK = /\n\s*\n/g;

export function splitParagraphs(articleText: string): ParagraphSpan[] {
  const paragraphs: ParagraphSpan[] = [];
  let pieceStart = 0;
  const addPiece = (from: number, to: number): void => {
    const piece = articleText.slice(from, to);
    const trimmed = piece.trim();
    if (trimmed === "") return;
    const start = from + piece.indexOf(trimmed);
    paragraphs.push({ index: paragraphs.length, start, end: start + trimmed.length, text: trimmed });
  };
  // The same separators String.prototype.split would use: matchAll walks them left to right.
  for (const separator of articleText.matchAll(PARAGRAPH_BREAK)) {
    addPiece(pieceStart, separator.index);
    pieceStart = separator.index + separator[0].length;
  }
  addPiece(pieceStart, articleText.length);
  return paragraphs;
}
