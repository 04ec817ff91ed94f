import { describe, expect, it } from "vitest";
import { extractStatements, splitParagraphs, type KnownActor, type StatementProposal } from "../../src/extraction/index.js";
import { paragraphsOf } from "../../src/shared/rules.js";

// Small, invented cast: the rules must work from plain data, not from the sample's actors.
const ACTORS: KnownActor[] = [
  { slug: "samir-nasser", name: "سمير ناصر", nameEn: "Samir Nasser", aliases: ["ناصر"], kind: "PERSON", role: "وزير الخارجية العراقي", gender: "MALE" },
  { slug: "rana-khalil", name: "رنا خليل", nameEn: "Rana Khalil", aliases: ["خليل"], kind: "PERSON", role: "وزيرة الصحة", gender: "FEMALE" },
  { slug: "omar-said", name: "عمر سعيد", aliases: [], kind: "PERSON", role: "وزير النفط", gender: "MALE" },
  { slug: "security-cell", name: "خلية الإعلام الأمني", aliases: [], kind: "ORGANIZATION" },
  { slug: "state-department", name: "وزارة الخارجية الأميركية", nameEn: "State Department", aliases: ["الخارجية الأميركية"], kind: "ORGANIZATION" },
  { slug: "reuters", name: "رويترز", nameEn: "Reuters", aliases: ["وكالة رويترز"], kind: "ORGANIZATION", isNewsAgency: true },
  { slug: "anna-berg", name: "آنا بيرغ", nameEn: "Anna Berg", aliases: ["Berg"], kind: "PERSON", roleEn: "Finance Minister", gender: "FEMALE" },
  { slug: "paul-grant", name: "بول غرانت", nameEn: "Paul Grant", aliases: ["Grant"], kind: "PERSON", gender: "MALE" },
  { slug: "harbor-authority", name: "هيئة الميناء", nameEn: "Harbor Authority", aliases: ["the Harbor Authority"], kind: "ORGANIZATION" },
];

function extractArabic(text: string, actors: KnownActor[] = ACTORS): StatementProposal[] {
  return extractStatements(text, { language: "ar", actors }).statements;
}

function extractEnglish(text: string, actors: KnownActor[] = ACTORS): StatementProposal[] {
  return extractStatements(text, { language: "en", actors }).statements;
}

function only(statements: StatementProposal[]): StatementProposal {
  expect(statements).toHaveLength(1);
  return statements[0]!;
}

describe("paragraphs and offsets", () => {
  it("splits paragraphs exactly as Article.paragraphs does", () => {
    const body = "  أول فقرة \n\n\n ثانية\nبسطر ثان\n \t\n\nثالثة  \n\n   \n\n";
    expect(splitParagraphs(body).map((paragraph) => paragraph.text)).toEqual(paragraphsOf(body));
  });

  it("gives offsets that slice each proposal's text back out of the article", () => {
    const text = "وقال ناصر: \"سنواصل العمل مع شركائنا في كل المجالات\".\n\nوأكد أن الحكومة ستعلن خطة جديدة الأسبوع المقبل.";
    const statements = extractArabic(text);
    expect(statements.length).toBe(2);
    for (const statement of statements) expect(text.slice(statement.start, statement.end)).toBe(statement.text);
  });

  it("returns nothing, not an error, for empty text or text without statements", () => {
    expect(extractStatements("").statements).toEqual([]);
    expect(extractStatements("   \n\n ").statements).toEqual([]);
    expect(extractArabic("وقُتل ثلاثة أشخاص في انفجار وقع صباح اليوم في وسط المدينة.")).toEqual([]);
  });

  it("detects the language from the script when no hint is given", () => {
    expect(extractStatements("قال ناصر إن الوضع مستقر.").language).toBe("ar");
    expect(extractStatements("Grant said the port would reopen.").language).toBe("en");
    expect(extractStatements("Grant said the port would reopen.", { language: "en-GB" }).language).toBe("en");
  });
});

describe("Arabic direct quotations", () => {
  it("takes the words inside straight quotes after a verb and a name, with the cue as published without و", () => {
    const statement = only(extractArabic('وقال ناصر "نحن ملتزمون بالاتفاق مع جيراننا".'));
    expect(statement).toMatchObject({ kind: "DIRECT_QUOTE", text: "نحن ملتزمون بالاتفاق مع جيراننا", cue: "قال", speaker: "samir-nasser", rule: "quote-after-cue" });
  });

  it("takes guillemets and curly quotes after a colon", () => {
    expect(only(extractArabic("وقالت رنا خليل: «المستشفيات تعمل بكامل طاقتها منذ أمس».")).text).toBe("المستشفيات تعمل بكامل طاقتها منذ أمس");
    expect(only(extractArabic("وقالت رنا خليل: “المستشفيات تعمل بكامل طاقتها منذ أمس”.")).speaker).toBe("rana-khalil");
  });

  it("takes colon-introduced speech without quotation marks", () => {
    const statements = extractArabic('وقالت خليل "الوضع تحت السيطرة تماما".\n\nوتابعت: لن نغلق أي مستشفى مهما كانت الظروف.');
    expect(statements[1]).toMatchObject({ kind: "DIRECT_QUOTE", text: "لن نغلق أي مستشفى مهما كانت الظروف", cue: "تابعت", speaker: "rana-khalil", rule: "colon-speech" });
  });

  it("keeps a quotation that breaks across a line as one statement", () => {
    const statement = only(extractArabic('وقال ناصر: "سنعمل مع الجميع\nمن أجل استقرار المنطقة".'));
    expect(statement.text).toBe("سنعمل مع الجميع\nمن أجل استقرار المنطقة");
  });

  it("makes one statement per paragraph of a quotation that runs over several", () => {
    const text = "وقال ناصر: «لقد عملنا طويلا من أجل هذا الاتفاق.\n\n«وسنواصل العمل حتى يطبق بالكامل».";
    const statements = extractArabic(text);
    expect(statements.map((statement) => [statement.paragraph, statement.speaker, statement.cue])).toEqual([
      [0, "samir-nasser", "قال"],
      [1, "samir-nasser", "قال"],
    ]);
    expect(statements[1]).toMatchObject({ text: "وسنواصل العمل حتى يطبق بالكامل", rule: "quote-continued" });
  });

  it("does not take a quoted name or a one-word scare quote for a statement", () => {
    const statements = extractArabic('وكتبت "الخارجية الأميركية" عبر منصة "إكس" قائلة: "نرحب بالاتفاق وندعو إلى تطبيقه".');
    expect(only(statements)).toMatchObject({ text: "نرحب بالاتفاق وندعو إلى تطبيقه", speaker: "state-department", cue: "كتبت" });
    expect(only(extractArabic('وقال ناصر إن الانفجار نتج عن "هجوم" دون أن يقدم تفاصيل.'))).toMatchObject({ kind: "PARAPHRASE", text: 'الانفجار نتج عن "هجوم"' });
  });

  it("takes a reported clause that ends in a quotation as the quotation", () => {
    const statement = only(extractArabic('وأكد ناصر أن الحكومة "لن تتراجع عن قرارها".'));
    expect(statement).toMatchObject({ kind: "DIRECT_QUOTE", text: "لن تتراجع عن قرارها", rule: "quote-in-reported-clause" });
  });
});

describe("Arabic paraphrases", () => {
  it.each([
    ["أكد ناصر أن المحادثات ستستأنف الشهر المقبل.", "أكد", "المحادثات ستستأنف الشهر المقبل"],
    ["وأشار ناصر إلى أن المحادثات ستستأنف الشهر المقبل.", "أشار", "المحادثات ستستأنف الشهر المقبل"],
    ["وكشف ناصر أنه سيزور واشنطن الشهر المقبل.", "كشف", "سيزور واشنطن الشهر المقبل"],
    ["وأوضح ناصر أن المحادثات ستستأنف الشهر المقبل.", "أوضح", "المحادثات ستستأنف الشهر المقبل"],
    ["وشدد ناصر على أن المحادثات ستستأنف الشهر المقبل.", "شدد", "المحادثات ستستأنف الشهر المقبل"],
    ["ونفى ناصر وجود أي خلاف مع الجانب الأميركي.", "نفى", "وجود أي خلاف مع الجانب الأميركي"],
  ])("reads %s as a paraphrase with its cue and reported clause", (text, cue, clause) => {
    expect(only(extractArabic(text))).toMatchObject({ kind: "PARAPHRASE", cue, text: clause, speaker: "samir-nasser" });
  });

  it.each([
    ["وبحسب مصادر أمنية، فإن الهجوم وقع قرب الحدود.", "بحسب"],
    ["ووفقا لمصادر أمنية، فإن الهجوم وقع قرب الحدود.", "وفقا"],
    ["الهجوم وقع قرب الحدود، بحسب مصادر أمنية.", "بحسب"],
  ])("reads the verbless attribution in %s", (text, cue) => {
    expect(only(extractArabic(text))).toMatchObject({ kind: "PARAPHRASE", cue, text: "الهجوم وقع قرب الحدود", speaker: null, speakerLabel: "مصادر أمنية", rule: "attribution" });
  });

  it("takes a statement attributed through a document to the organization that issued it", () => {
    expect(only(extractArabic("ووفق بيان للخارجية الأميركية، يأتي اللقاء تحضيرا لزيارة مرتقبة."))).toMatchObject({ speaker: "state-department", cue: "وفق" });
    expect(only(extractArabic("وكشف بيان خلية الإعلام الأمني أنه جرى تشكيل لجنة تحقيق."))).toMatchObject({ speaker: "security-cell", text: "جرى تشكيل لجنة تحقيق" });
  });
});

describe("Arabic speakers", () => {
  it("resolves a speaker named only by role when the article names the role's holder", () => {
    const text = "التقى سمير ناصر نظيره التركي أمس.\n\nوقال وزير الخارجية العراقي إن اللقاء كان مثمرا.";
    expect(extractArabic(text).at(-1)).toMatchObject({ speaker: "samir-nasser", paragraph: 1 });
  });

  it("proposes the role as a label when the article never names its holder", () => {
    const statement = only(extractArabic("وقال وزير النفط إن الإنتاج سيرتفع العام المقبل."));
    expect(statement).toMatchObject({ speaker: null, speakerLabel: "وزير النفط" });
  });

  it("carries a masculine continuation past a feminine speaker to the last masculine one", () => {
    const text = "وقال ناصر إن الحدود ستفتح غدا.\n\nوقالت رنا خليل إن المستشفيات جاهزة.\n\nوأضاف أن المعابر ستعمل على مدار الساعة.";
    expect(extractArabic(text).map((statement) => statement.speaker)).toEqual(["samir-nasser", "rana-khalil", "samir-nasser"]);
  });

  it("carries a feminine continuation to the last feminine speaker", () => {
    const text = "وقالت رنا خليل إن المستشفيات جاهزة.\n\nوقال ناصر إن الحدود ستفتح غدا.\n\nوتابعت أن الأدوية وصلت.";
    expect(extractArabic(text).at(-1)).toMatchObject({ speaker: "rana-khalil", cue: "تابعت", rule: "reported-clause" });
  });

  it("gives a joint statement to each speaker, and a dual continuation to both", () => {
    const statements = extractArabic('أكد سمير ناصر، ونظيرته رنا خليل، الثلاثاء، عزمهما مواصلة التعاون، وأشارا إلى أن الشراكة "ستتوسع في المرحلة المقبلة".');
    expect(statements.map((statement) => [statement.cue, statement.speaker])).toEqual([
      ["أكد", "samir-nasser"],
      ["أكد", "rana-khalil"],
      ["أشارا", "samir-nasser"],
      ["أشارا", "rana-khalil"],
    ]);
  });

  it("keeps unnamed sources as published and never turns them into a known person", () => {
    const statement = only(extractArabic("وقال مسؤول عسكري رفيع إن القوات انسحبت من المنطقة."));
    expect(statement).toMatchObject({ speaker: null, speakerLabel: "مسؤول عسكري رفيع" });
    expect(extractStatements("وقال مسؤول عسكري رفيع إن القوات انسحبت.", { language: "ar", actors: ACTORS }).unresolvedNames).toEqual([]);
  });

  it("records the agency a statement came through as via, not as the speaker", () => {
    const statement = only(extractArabic("ونقلت رويترز عن مصادر أمنية قولها إن الانفجار نجم عن قصف."));
    expect(statement).toMatchObject({ speaker: null, speakerLabel: "مصادر أمنية", via: "reuters", cue: "نقلت" });
  });

  it("ignores narrator formulas that look like reporting verbs", () => {
    expect(extractArabic("يذكر أن الاتفاق وقع عام 2008 بين البلدين.")).toEqual([]);
  });
});

describe("English statements", () => {
  it("reads X said (that) … as a paraphrase", () => {
    expect(only(extractEnglish("Finance Minister Anna Berg said on Monday that the budget would be balanced."))).toMatchObject({ kind: "PARAPHRASE", speaker: "anna-berg", cue: "said", text: "the budget would be balanced" });
    expect(only(extractEnglish("Grant said the port would reopen next week."))).toMatchObject({ speaker: "paul-grant", text: "the port would reopen next week" });
  });

  it("reads a quotation before its speaker, either order", () => {
    expect(only(extractEnglish('"We are ready for the storm," said Paul Grant.'))).toMatchObject({ kind: "DIRECT_QUOTE", speaker: "paul-grant", text: "We are ready for the storm,", rule: "quote-before-cue" });
    expect(only(extractEnglish('"We are ready for the storm," Grant told reporters.'))).toMatchObject({ speaker: "paul-grant", cue: "told" });
  });

  it("reads according to X before and after the clause", () => {
    expect(only(extractEnglish("According to the Harbor Authority, the port will reopen on Friday."))).toMatchObject({ speaker: "harbor-authority", cue: "According to", text: "the port will reopen on Friday" });
    expect(only(extractEnglish("The port will reopen on Friday, according to the Harbor Authority."))).toMatchObject({ speaker: "harbor-authority", text: "The port will reopen on Friday" });
  });

  it("carries he and she to the last speaker of that gender", () => {
    const text = 'Anna Berg said taxes would not rise.\n\nGrant said the plan was "a fantasy".\n\n"We have done the arithmetic," she said.';
    expect(extractEnglish(text).map((statement) => statement.speaker)).toEqual(["anna-berg", "paul-grant", "anna-berg"]);
  });

  it("keeps an unnamed source as a label and an agency as via", () => {
    expect(only(extractEnglish("The ship was seized overnight, a senior official told Reuters."))).toMatchObject({ speakerLabel: "a senior official", via: "reuters", text: "The ship was seized overnight", rule: "clause-before-cue" });
  });

  it("continues a quotation whose paragraphs each reopen with a quotation mark", () => {
    const text = 'Grant said: "The port has never been busier.\n\n"And we expect next year to be better still."';
    expect(extractEnglish(text).map((statement) => [statement.paragraph, statement.speaker])).toEqual([
      [0, "paul-grant"],
      [1, "paul-grant"],
    ]);
  });

  it("gives a second quotation in the paragraph to the same speaker", () => {
    const statements = extractEnglish('"It was a long night," said Paul Grant. "Nobody slept."');
    expect(statements.map((statement) => statement.text)).toEqual(["It was a long night,", "Nobody slept."]);
    expect(statements[1]?.rule).toBe("quote-follows-quote");
  });
});

describe("hostile text", () => {
  it("answers for 10,000 quotation marks, nested and unbalanced marks, and bidi controls", () => {
    const marks = `قال ناصر ${'"'.repeat(10_000)} «« » \u202Eتجربة\u202C`;
    expect(Array.isArray(extractArabic(marks))).toBe(true);
    const nested = 'قال ناصر: «قال لي "لا تتأخر" ثم غادر».';
    expect(only(extractArabic(nested)).text).toBe('قال لي "لا تتأخر" ثم غادر');
  });

  it("does not let an unbalanced guillemet swallow the paragraphs after it", () => {
    const text = "وقال ناصر: «سنواصل العمل\n\nوفي سياق آخر، قالت رنا خليل إن المستشفيات جاهزة.";
    const statements = extractArabic(text);
    expect(statements.at(-1)).toMatchObject({ paragraph: 1, speaker: "rana-khalil", text: "المستشفيات جاهزة" });
  });
});
