/**
 * Arabic reporting cues, particles and source nouns, stored in the analyzer's normalized
 * spelling (normalizeArabic + lower case: أ إ آ → ا, ى → ي, ة → ه, ؤ ئ → ء, harakat gone) so
 * that a word is looked up once however it was typed. The verb forms carry their agreement
 * (gender, number): Arabic verbs agree with their subject, which is what lets a bare
 * continuation (وقالت، وأضاف، وأشارا) find its speaker.
 */
import type { Gender } from "./types.js";
import { normalizeWord } from "./words.js";

export type GrammaticalNumber = "SINGULAR" | "DUAL" | "PLURAL";

export interface Agreement {
  gender: Gender | null;
  number: GrammaticalNumber;
}

export interface ArabicCue {
  /** "verb" introduces its own subject; "participle" (مضيفا، قائلة) continues the sentence's speaker. */
  form: "verb" | "participle";
  agreement: Agreement;
  /** The verb may take a noun object as its content (نفى وجود…، نوه بـ…، أكد عزم…). */
  takesObject: boolean;
  /** نقل: the agency relays, the speaker follows عن. */
  relays: boolean;
}

const MASCULINE: Agreement = { gender: "MALE", number: "SINGULAR" };
const FEMININE: Agreement = { gender: "FEMALE", number: "SINGULAR" };
const DUAL: Agreement = { gender: null, number: "DUAL" };
const PLURAL: Agreement = { gender: null, number: "PLURAL" };

// Sound past verbs (3rd person masculine singular); their ت / ا / تا / وا forms are derived.
const PAST_VERBS = [
  "قال", "أكد", "أضاف", "تابع", "أشار", "لفت", "كشف", "أوضح", "شدد", "أعلن", "نوه", "اعتبر",
  "ذكر", "صرح", "كتب", "أفاد", "حذر", "أعرب", "جدد", "أبلغ", "طالب", "زعم", "أقر", "اعترف",
  "توقع", "استبعد", "رجح", "أردف", "استطرد", "غرد", "نقل", "لاحظ", "تساءل", "ندد", "رحب", "اتهم", "أرجع", "وصف", "انتقد", "ختم", "اختتم",
  // نصح X بـ…: advice reports what the speaker told people to do, like دعا X إلى ….
  "نصح",
  // برر X القرار بـ…: a justification reports the reason the speaker gives, like أرجع X القرار إلى ….
  "برر",
];
// Weak or irregular verbs, and رد (whose ا form, ردا, is far more often the noun "in reply").
const IRREGULAR_VERBS: Readonly<Record<string, Agreement>> = {
  "نفى": MASCULINE, "نفت": FEMININE, "نفيا": DUAL, "نفتا": DUAL, "نفوا": PLURAL,
  "رأى": MASCULINE, "رأت": FEMININE, "رأوا": PLURAL,
  "دعا": MASCULINE, "دعت": FEMININE, "دعوا": PLURAL,
  "ادعى": MASCULINE, "ادعت": FEMININE,
  "رد": MASCULINE, "ردت": FEMININE, "ردوا": PLURAL,
  "عزا": MASCULINE, "عزت": FEMININE,
  // اشتكى من أن …: a complaint reports what the speakers say is wrong.
  "اشتكى": MASCULINE, "اشتكت": FEMININE, "اشتكيا": DUAL, "اشتكوا": PLURAL,
  // حث X على …: urging, a doubled verb (so no derived ت / ا forms from a sound stem).
  "حث": MASCULINE, "حثت": FEMININE, "حثا": DUAL, "حثتا": DUAL, "حثوا": PLURAL,
};
const PRESENT_VERBS: Readonly<Record<string, Agreement>> = {
  "يقول": MASCULINE, "تقول": FEMININE, "يقولون": PLURAL,
  "يرى": MASCULINE, "ترى": FEMININE, "يرون": PLURAL,
  "يؤكد": MASCULINE, "تؤكد": FEMININE, "يعتبر": MASCULINE, "تعتبر": FEMININE,
  "يشير": MASCULINE, "تشير": FEMININE, "يضيف": MASCULINE, "تضيف": FEMININE,
  "يوضح": MASCULINE, "توضح": FEMININE, "يعتقد": MASCULINE, "تعتقد": FEMININE,
  "يتوقع": MASCULINE, "تتوقع": FEMININE, "يحذر": MASCULINE, "تحذر": FEMININE,
};
// Participles continue the sentence's speaker: "..., مضيفا أن …".
const PARTICIPLES = [
  ["قائلا", "قائلة"], ["مضيفا", "مضيفة"], ["مشيرا", "مشيرة"], ["مؤكدا", "مؤكدة"], ["موضحا", "موضحة"],
  ["لافتا", "لافتة"], ["معتبرا", "معتبرة"], ["محذرا", "محذرة"], ["نافيا", "نافية"], ["مشددا", "مشددة"],
  ["منوها", "منوهة"], ["كاشفا", "كاشفة"], ["متابعا", "متابعة"], ["معلنا", "معلنة"], ["مبينا", "مبينة"],
  ["مستدركا", "مستدركة"], ["متسائلا", "متسائلة"], ["مطالبا", "مطالبة"], ["داعيا", "داعية"],
  // The participles of the lexicon's verbs of judging (رجح، توقع، استبعد، أعرب، وصف، انتقد) report
  // the same way (…، مرجحا أن …). (متهما is left out: it is as often the adjective "accused".)
  ["مرجحا", "مرجحة"], ["متوقعا", "متوقعة"], ["مستبعدا", "مستبعدة"], ["معربا", "معربة"], ["واصفا", "واصفة"], ["منتقدا", "منتقدة"],
] as const;

// The verbs of TAKES_OBJECT whose participles are cues: مطالبا is طالب's, داعيا is دعا's.
const PARTICIPLE_VERBS: Readonly<Record<string, string>> = {
  "مطالبا": "طالب", "داعيا": "دعا", "مؤكدا": "أكد", "محذرا": "حذر", "نافيا": "نفى", "مشددا": "شدد", "منوها": "نوه",
  "كاشفا": "كشف", "معلنا": "أعلن", "مرجحا": "رجح", "متوقعا": "توقع", "مستبعدا": "استبعد", "معربا": "أعرب",
  "واصفا": "وصف", "منتقدا": "انتقد",
};

/** جاء في بيان X أن / ورد في تقرير X أن: the document speaks for whoever issued it. */
export const DOCUMENTARY_VERBS: ReadonlySet<string> = new Set(["جاء", "ورد"].map(normalizeWord));
/** Words between a document and its issuer: بيان صادر عن X، البيان الصادر عن X. */
export const ISSUER_LINKS: ReadonlySet<string> = new Set(["صادر", "صادرة", "الصادر", "الصادرة", "عن", "في"].map(normalizeWord));
/** Generic nouns for an organization already speaking: المنظمة، الوكالة، الشركة، الوزارة. */
export const GENERIC_ORGANIZATION_NOUNS: ReadonlySet<string> = new Set(["منظمة", "وكالة", "شركة", "وزارة", "هيئة", "جمعية", "حركة", "مجموعة", "تحالف", "نقابة", "مفوضية", "لجنة", "حكومة", "قيادة", "خلية", "مؤسسة",
  // Local and public bodies: البلدية، الدائرة، السلطة، المديرية، الجامعة.
  "بلدية", "دائرة", "سلطة", "مديرية", "جامعة",
  // Sports clubs: وفق ما أعلن النادي after نادي الميناء was named.
  "نادي"].map(normalizeWord));
/** Connectives that may precede a subject placed before its verb: لكن النقابة قالت … */
export const CLAUSE_CONNECTIVES: ReadonlySet<string> = new Set(["لكن", "ولكن", "بينما", "فيما", "كما", "أما", "ثم", "غير", "أن", "إلا"].map(normalizeWord));
/** After a quotation ends a clause, these may still follow it (adverbials of place and time). */
export const ADVERBIAL_OPENERS: ReadonlySet<string> = new Set(["في", "على", "خلال", "منذ", "بعد", "قبل", "أمام", "عند", "إلى", "اليوم", "أمس", "حاليا", "أيضا"].map(normalizeWord));
// Verbs whose content may be a noun phrase or a prepositional object rather than أن + clause.
const TAKES_OBJECT = new Set(["أكد", "نفى", "نوه", "شدد", "جدد", "أعلن", "كشف", "حذر", "دعا", "طالب", "أعرب", "ندد", "رحب", "استبعد", "رجح", "توقع", "اتهم", "أرجع", "وصف", "انتقد", "نصح", "حث", "برر"].map(normalizeWord));
// After لم these say what the speaker did not specify or confirm: still a reported statement.
// (لم يعلق, "did not comment", is deliberately absent: it reports no content.)
const NEGATABLE = ["يحدد", "تحدد", "يحددا", "يؤكد", "تؤكد", "ينف", "تنف", "يكشف", "تكشف", "يوضح", "توضح"];

function buildCues(): Map<string, ArabicCue> {
  const cues = new Map<string, ArabicCue>();
  const add = (word: string, form: ArabicCue["form"], agreement: Agreement, lemma: string): void => {
    const lemmaKey = normalizeWord(lemma);
    cues.set(normalizeWord(word), { form, agreement, takesObject: TAKES_OBJECT.has(lemmaKey), relays: lemmaKey === normalizeWord("نقل") });
  };
  for (const verb of PAST_VERBS) {
    add(verb, "verb", MASCULINE, verb);
    add(`${verb}ت`, "verb", FEMININE, verb);
    add(`${verb}ا`, "verb", DUAL, verb);
    add(`${verb}تا`, "verb", DUAL, verb);
    add(`${verb}وا`, "verb", PLURAL, verb);
  }
  const lemmaOf = (word: string): string => (word.startsWith("نف") ? "نفى" : word.startsWith("دع") ? "دعا" : word.startsWith("عز") ? "أرجع" : word.startsWith("حث") ? "حث" : word);
  for (const [word, agreement] of Object.entries(IRREGULAR_VERBS)) add(word, "verb", agreement, lemmaOf(word));
  for (const [word, agreement] of Object.entries(PRESENT_VERBS)) add(word, "verb", agreement, word);
  for (const [masculine, feminine] of PARTICIPLES) {
    // A participle takes the objects its verb takes (مطالبا بتعويضات، داعيا إلى الحوار).
    const verb = PARTICIPLE_VERBS[masculine] ?? masculine;
    add(masculine, "participle", MASCULINE, verb);
    add(feminine, "participle", FEMININE, verb);
  }
  return cues;
}

export const ARABIC_CUES: ReadonlyMap<string, ArabicCue> = buildCues();

export const NEGATABLE_CUES: ReadonlySet<string> = new Set(NEGATABLE.map(normalizeWord));
export const NEGATION = normalizeWord("لم");

/** Phrases that attribute without a verb; the value is the word that must follow, if any. */
export const ATTRIBUTIONS: ReadonlyMap<string, string | null> = new Map([
  [normalizeWord("بحسب"), null],
  [normalizeWord("حسب"), null],
  [normalizeWord("وفق"), null],
  [normalizeWord("وفقا"), null],
  [normalizeWord("طبقا"), null],
  [normalizeWord("نقلا"), normalizeWord("عن")],
]);

/** أن / إن and their forms with an attached pronoun or preposition: a reported clause begins after them. */
export const COMPLEMENTIZERS: ReadonlySet<string> = new Set(
  ["أن", "إن", "أنه", "إنه", "أنها", "إنها", "أنهم", "إنهم", "أنهما", "إنهما", "بأن", "بأنه", "بأنها", "بأنهم", "فإن", "فإنه", "فإنها"].map(normalizeWord),
);
/** إلى أن، على أن، من أن: the preposition the verb governs, then the clause. */
export const PREPOSITIONS_BEFORE_CLAUSE: ReadonlySet<string> = new Set(["إلى", "على", "من"].map(normalizeWord));

/** Prepositions that end a speaker's noun phrase (what follows is circumstance, not the speaker). */
export const PHRASE_BREAKERS: ReadonlySet<string> = new Set(
  ["في", "خلال", "مع", "عن", "إلى", "على", "من", "أمام", "عبر", "قبيل", "بعد", "قبل", "لدى", "حول", "أثناء", "عقب", "ردا", "وفي"].map(normalizeWord),
);

/** Days and other time words that sit between a speaker and the content ("، الثلاثاء،"). */
export const TIME_WORDS: ReadonlySet<string> = new Set(
  ["السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "اليوم", "أمس", "الليلة", "صباح", "مساء", "وقتها", "لاحقا", "مؤخرا", "الأسبوع", "الماضي", "الشهر", "الماضية", "قد"].map(normalizeWord),
);

/** Masdar of speech after نقل … عن X: "قوله إن". Skipped: it repeats the speaker. */
export const SPEECH_NOUNS: ReadonlySet<string> = new Set(["قوله", "قولها", "قولهم", "قولهما", "تأكيده", "تأكيدها", "بالقول", "القول"].map(normalizeWord));

/** Documents: بيان X = X's statement; a bare البيان continues the previous speaker. */
// (نص "the text of" wraps a document without changing its issuer: نص البيان، نص الحكم.)
export const DOCUMENT_NOUNS: ReadonlySet<string> = new Set(["بيان", "بيانا", "تصريح", "تصريحات", "رسالة", "تغريدة", "منشور", "نص"].map(normalizeWord));
/**
 * Rulings and decisions (الحكم، القرار) are issued by institutions, never by a person speaking:
 * a bare one speaks for the organization the story is about (ألغت المحكمة … وجاء في نص الحكم).
 */
export const INSTITUTIONAL_DOCUMENT_NOUNS: ReadonlySet<string> = new Set(["الحكم", "القرار"].map(normalizeWord));
export const DEFINITE_DOCUMENT_NOUNS: ReadonlySet<string> = new Set(["البيان", "التقرير", "الرسالة", "التصريح"].map(normalizeWord));

/** A quoted name after these is the outlet's name ("شبكة "سي إن إن""), never quoted speech. */
export const MEDIA_NOUNS: ReadonlySet<string> = new Set(["شبكة", "صحيفة", "قناة", "موقع", "وكالة", "إذاعة", "مجلة", "منصة", "حساب", "تطبيق", "برنامج"].map(normalizeWord));

/** مسؤول لم تكشف هويته: "whose identity was not disclosed" describes the source, it reports nothing. */
export const IDENTITY_WORDS: ReadonlySet<string> = new Set(["هويته", "هويتها", "هويتهم", "هويتهما", "اسمه", "اسمها", "أسماءهم", "اسمهم"].map(normalizeWord));

/** Pronoun words that point back at the sentence's speaker: قالت فيه إن … */
export const RESUMPTIVE_PRONOUNS: ReadonlySet<string> = new Set(["فيه", "فيها", "عنه", "عنها", "منه", "منها"].map(normalizeWord));

/** Narrator formulas that look like reporting verbs: يذكر أن (it is worth recalling that …). */
export const NARRATOR_FORMULAS: ReadonlySet<string> = new Set(["يذكر", "يشار", "تجدر"].map(normalizeWord));

/** Titles and descriptors between a role and a name (المتحدث …، العميد سامر …، ونظيره العراقي …). */
export const TITLE_WORDS: ReadonlySet<string> = new Set(
  ["العميد", "اللواء", "الفريق", "العقيد", "الدكتور", "الشيخ", "السيد", "السيدة", "النائب", "النائبة", "نظيره", "نظيرته", "الوزير", "الوزيرة", "المهندس", "أول", "ركن", "الرئيس", "القاضي", "الأمين", "العام",
   "الطبيب", "المحامي", "الصحفي", "الكاتب", "الناشط", "المحلل", "الخبير", "الأستاذ", "البروفيسور", "المقدم", "الرائد", "النقيب",
   // The feminine titles (رئيسة البعثة، الدكتورة …): the stem meets the masculine, the ة does not.
   "الدكتورة", "المهندسة", "الطبيبة", "المحامية", "الصحفية", "الكاتبة", "الناشطة", "المحللة", "الخبيرة", "الأستاذة", "البروفيسورة", "القاضية", "الرئيسة"].map(normalizeWord),
);

/** Heads of unnamed sources: kept as published in speakerLabel, never resolved to a person. */
export const UNNAMED_SOURCE_HEADS: ReadonlySet<string> = new Set(
  ["مصدر", "مصادر", "مصدران", "مسؤول", "مسؤولون", "مسؤولين", "مسؤولة", "مسؤولان", "شهود", "شاهد", "ناشطون", "ناشطين", "ناشط", "سكان", "دبلوماسي", "دبلوماسيون", "دبلوماسيين", "متحدث", "وثيقة", "تقرير", "مراقبون", "مراقبين", "خبراء", "محللون", "محللين", "مقربون", "مقربين", "مطلعون", "مطلعين", "أوساط", "جهات", "مواطنون", "مواطنين", "أهالي", "عناصر", "مسعفون", "مسعفين", "أطباء", "عمال", "موظفون", "موظفين", "نشطاء", "معارضون", "معارضين",
   // Accusative forms, after إن / لكن / أن: لكن مصدرا في النادي أكد …
   "مصدرا", "مسؤولا", "شاهدا", "دبلوماسيا", "ناشطا", "متحدثا", "سكانا", "عمالا", "مواطنا",
   // Quantities of people (عدد من السكان، بعض النواب): the source is the group counted.
   "عدد", "عددا", "بعض",
   // Parents (أولياء أمور), and one picked out of a group already in the story (أحدهم، إحداهن).
   "أولياء", "أحدهم", "إحداهن", "أحدهما", "إحداهما"].map(normalizeWord),
);
/** Modifiers an unnamed source may carry without the nisba ending: مسؤول رفيع، شهود عيان، مسؤولين أتراك. */
export const UNNAMED_SOURCE_MODIFIERS: ReadonlySet<string> = new Set(
  ["رفيع", "رفيعة", "رفيعو", "كبار", "عيان", "أتراك", "مطلع", "مطلعة", "مطلعون", "بارز", "بارزة", "آخر", "آخرون", "غربيون", "عرب", "أكراد"].map(normalizeWord),
);
