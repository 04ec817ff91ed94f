/** The extraction module's public surface: everything else in this folder is internal. */
export { extractStatements, resolveLanguage } from "./extract.js";
export { splitParagraphs, type ParagraphSpan } from "./paragraphs.js";
export { EXTRACTOR_VERSION } from "./version.js";
export type {
  ActorKind,
  ExtractionLanguage,
  ExtractionOptions,
  ExtractionResult,
  ExtractionRule,
  Gender,
  KnownActor,
  StatementKind,
  StatementProposal,
} from "./types.js";
