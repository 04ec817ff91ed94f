/**
 * English reporting cues and the small closed classes the English rules need. Lower-case
 * surface forms: English cue verbs do not inflect for the speaker, so agreement comes from
 * pronouns (he / she / they) instead.
 */
export const ENGLISH_VERBS: ReadonlySet<string> = new Set([
  "said", "says", "say", "told", "tells", "added", "adds", "announced", "announces", "warned", "warns",
  "insisted", "insists", "stated", "noted", "explained", "explains", "argued", "argues", "claimed",
  "confirmed", "confirms", "denied", "denies", "wrote", "writes", "stressed", "acknowledged",
  "reported", "replied", "predicted", "admitted", "cautioned", "asserted", "contended", "conceded",
  "emphasized", "emphasised", "tweeted", "recalled", "alleged", "asked", "asks", "accused", "urged", "ruled",
  // "blamed rising costs": what the speaker holds responsible is their claim.
  "blamed", "blames",
]);

/** Verbs that report only with a that-clause (a report found that …; not "was found dead"). */
// "declared" too: "declared a state of emergency" is an act, "declared that …" a statement.
export const ENGLISH_THAT_VERBS: ReadonlySet<string> = new Set(["found", "finds", "showed", "shows", "concluded", "suggested", "revealed", "declared"]);

/** Words of a time adverbial between a verb and a bare clause: "said on Tuesday it would …". */
export const TIME_ADVERBIAL_WORDS: ReadonlySet<string> = new Set([
  "on", "late", "early", "last", "this", "next", "earlier", "later", "yesterday", "today", "tonight", "overnight",
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "month", "year", "night",
  "morning", "afternoon", "evening", "weekend", "day",
]);

/** Documents speak for whoever issued them: "a report by X found", "a statement from X said". */
export const DOCUMENT_HEADS: ReadonlySet<string> = new Set(["report", "statement", "study", "document", "letter", "filing", "survey", "figures", "data", "analysis", "audit", "review"]);

/** Generic nouns for an organization already in the story: the agency, the company, the ministry. */
export const GENERIC_ORGANIZATION_NOUNS: ReadonlySet<string> = new Set(["agency", "company", "organization", "organisation", "ministry", "department", "group", "authority", "army", "firm", "government", "council", "commission", "union", "command", "military", "charity", "court", "club", "team", "party", "bank", "federation", "league", "university", "hospital", "school", "movement", "coalition", "alliance", "office", "service", "board", "airline", "carrier", "airport", "observatory", "institute", "network", "broadcaster", "regulator", "watchdog", "embassy", "mission",
  // "The operator, Solvik Line, …; a spokesman for the operator": what a transport company is called.
  "operator"]);

/** Participles continue the sentence's speaker: "…, adding that …". */
export const ENGLISH_PARTICIPLES: ReadonlySet<string> = new Set([
  "adding", "saying", "noting", "warning", "insisting", "stressing", "arguing", "explaining", "claiming",
  "declaring", "acknowledging", "emphasizing", "emphasising", "telling", "ruling", "urging", "accusing",
  // "…, its board announced, blaming rising bills": what the speaker holds responsible, as with "blamed".
  "blaming",
]);

/** Between a verb and its content: "said on Monday that", "told reporters in Brussels that". */
export const ENGLISH_PREPOSITIONS: ReadonlySet<string> = new Set([
  "in", "on", "at", "to", "during", "after", "before", "from", "with", "via", "through", "by", "late", "early",
  "earlier", "later", "yesterday", "today", "tonight", "overnight", "also", "again", "repeatedly", "separately",
  "last", "this", "previously", "publicly", "privately", "recently", "then", "for",
  // "told reporters outside the court that …": a place between the addressee and the clause.
  "outside", "inside", "near",
]);

export const PRONOUNS: Readonly<Record<string, { gender: "MALE" | "FEMALE" | null; plural: boolean }>> = {
  he: { gender: "MALE", plural: false },
  she: { gender: "FEMALE", plural: false },
  they: { gender: null, plural: true },
  it: { gender: null, plural: false },
  we: { gender: null, plural: true },
  i: { gender: null, plural: false },
};

/** Heads of unnamed sources: "a senior official", "two people familiar with the talks", "local residents". */
export const ENGLISH_UNNAMED_HEADS: ReadonlySet<string> = new Set([
  "official", "officials", "source", "sources", "diplomat", "diplomats", "people", "person", "residents", "resident",
  "witnesses", "witness", "aide", "aides", "analysts", "officer", "officers", "spokesperson", "spokesman",
  "spokeswoman", "agency", "activists", "activist", "experts", "observers", "insiders", "negotiators",
  "lawmakers", "members", "medics", "doctors", "police", "investigators", "authorities", "document", "report",
  "statement", "survivors", "neighbours", "neighbors", "staff", "employees", "executives", "commanders",
  "judge", "prosecutor", "prosecutors", "lawyer", "lawyers", "ambassador", "envoy", "minister", "spokespeople",
  // "Teachers' representatives welcomed …": people who speak for a group the story does not name.
  "representatives",
  // "scientists at Calloway University", "an engineer who asked not to be named": people of a
  // profession speak for themselves, not for the institution they work at.
  "scientist", "scientists", "researcher", "researchers", "engineer", "engineers",
  // "Relatives of the victims, speaking outside court, said": kin of people in the story speak
  // for themselves, not for whoever the "of" phrase names.
  "relatives", "families",
]);

/** "A spokesperson for X" speaks for X: the statement is X's. */
export const SPOKESPERSON_HEADS: ReadonlySet<string> = new Set(["spokesperson", "spokesman", "spokeswoman", "representative"]);

/** Words that open a parenthetical between a speaker and the verb: ", who spoke on condition…,". */
export const PARENTHETICAL_OPENERS: ReadonlySet<string> = new Set(["who", "which", "whose", "speaking", "a", "an", "the", "one", "citing", "according", "in", "on"]);

/** After a comma, these begin the narrator's comment on the speaker, not the statement. */
export const NARRATOR_AFTER_BUT: ReadonlySet<string> = new Set(["declined", "refused", "gave", "offered", "provided", "without", "stopped"]);
/** "but did not / would not …" is the narrator too; "but would travel" is still the claim. */
export const NARRATOR_AFTER_BUT_NEGATED: ReadonlySet<string> = new Set(["did", "would", "could", "has", "had", "was"]);

/** Verbs that need "that", a colon or a quotation: "conceded defeat" and "announced a plan" are acts, not reported speech. */
export const NO_BARE_CLAUSE: ReadonlySet<string> = new Set(["conceded", "announced", "announces", "confirmed", "confirms", "reported", "recalled", "tweeted", "replied", "asked", "asks", "ruled", "acknowledged", "admitted"]);
