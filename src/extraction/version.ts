/** Recorded with every extracted statement's origin (issue 13): bump when the rules change what they propose. */
export const EXTRACTOR_VERSION = "1.9.0";
