import { describe, expect, it } from "vitest";
import {
  analyze,
  analyzeForIndex,
  buildMatchQuery,
  foldLatin,
  highlightSnippet,
  normalizeArabic,
  stemArabic,
  tokenize,
} from "../../src/search/analyzer.js";

// Sentences from the sample page (../shared/seed/blinken-hussein-article.txt), as published.
const MOSCOW_PARAGRAPH =
  "وقُتل 139 شخصا في اعتداء وقع، الجمعة، في موسكو، تبناه تنظيم الدولة الإسلامية-ولاية خراسان في أفغانستان، جارة طاجيكستان التي تمدّ تنظيم الدولة الإسلامية بالمقاتلين على الدوام.";
const KALSU_PARAGRAPH =
  'قالت خلية الإعلام الأمني في العراق، السبت، إن أحد عناصر  الحشد الشعبي قضى بـ"بانفجار وحريق" داخل قاعدة عسكرية بمحافظة بابل، مضيفة أن 8 أشخاص آخرين تعرضوا لإصابات.';
const AFP_PARAGRAPH =
  "وردا على سؤال فرانس برس، لم يُحدد مسؤول عسكري ومسؤول في وزارة الداخلية الجهة التي تقف وراء القصف الجوي لقاعدة كالسو في محافظة بابل. كما لم يُحددا إذا كانت الضربة قد شُنت بطائرة مسيرة.";
const CONFIRMED_SENTENCE =
  'وأكد أنه سوف يتم نشر المزيد من "التفاصيل لاحقا في حال اكتمال عملية التحليل والتحقيق لمعرفة ملابسات هذا الحادث".';

// What a safe MATCH expression may look like: quoted letter/digit terms, spaces, a final *.
const SAFE_MATCH = /^"[\p{L}\p{N}]+"(?: "[\p{L}\p{N}]+")*\*?$/u;

function stripMarks(snippet: string): string {
  return snippet.replaceAll("<mark>", "").replaceAll("</mark>", "");
}

describe("normalizeArabic", () => {
  it("folds hamza on alef (أ إ آ) and alef wasla (ٱ) to a bare alef", () => {
    expect(normalizeArabic("أكد")).toBe("اكد");
    expect(normalizeArabic("إسرائيل")).toBe(normalizeArabic("اسرائيل"));
    expect(normalizeArabic("آخر")).toBe("اخر");
    expect(normalizeArabic("ٱلله")).toBe("الله");
  });

  it("folds the hamza seats ؤ and ئ to a bare hamza, so مسئول and مسؤول are one word", () => {
    expect(normalizeArabic("مسئول")).toBe("مسءول");
    expect(normalizeArabic("مسؤول")).toBe("مسءول");
    expect(normalizeArabic("شئون")).toBe(normalizeArabic("شؤون"));
  });

  it("folds alef maqsura to yeh, so على and علي are spelled alike", () => {
    expect(normalizeArabic("على")).toBe("علي");
  });

  it("folds ta marbuta to heh, so الضربة and الضربه are spelled alike", () => {
    expect(normalizeArabic("الضربة")).toBe("الضربه");
  });

  it("removes harakat, shadda, superscript alef and tatweel", () => {
    expect(normalizeArabic("قُتِلَ")).toBe("قتل");
    expect(normalizeArabic("تمدّ")).toBe("تمد");
    expect(normalizeArabic("يُعلّق")).toBe("يعلق");
    expect(normalizeArabic("هٰذا")).toBe("هذا");
    expect(normalizeArabic("بلـــينكن")).toBe("بلينكن");
    expect(normalizeArabic("شريكاً")).toBe("شريكا");
  });

  it("turns Arabic-Indic and Persian digits into ASCII digits", () => {
    expect(normalizeArabic("١٣٩")).toBe("139");
    expect(normalizeArabic("۲۰۲۴")).toBe("2024");
  });

  it("composes a decomposed hamza and expands presentation forms before folding", () => {
    expect(normalizeArabic("ا\u0654كد")).toBe("اكد");
    expect(normalizeArabic("\uFEFB")).toBe("لا");
  });

  it("folds Persian keheh and yeh to their Arabic letters", () => {
    expect(normalizeArabic("کرکوک")).toBe("كركوك");
    expect(normalizeArabic("علی")).toBe("علي");
  });
});

describe("stemArabic", () => {
  it("strips the conjunction و when at least three letters remain", () => {
    expect(stemArabic("وقتل")).toBe("قتل");
    expect(stemArabic("واكد")).toBe("اكد");
    expect(stemArabic("وطن")).toBe("وطن");
  });

  it.each([
    ["ال", "العراق"],
    ["وال", "والعراق"],
    ["بال", "بالعراق"],
    ["كال", "كالعراق"],
    ["فال", "فالعراق"],
    ["لل", "للعراق"],
    ["وبال", "وبالعراق"],
    ["ولل", "وللعراق"],
  ])("strips the prefix %s (%s → عراق)", (_prefix, word) => {
    expect(stemArabic(word)).toBe("عراق");
  });

  it.each(["فرانس", "بلينكن", "بغداد", "كركوك", "لندن"])(
    "keeps a lone ف ب ك ل, which begin too many names and roots (%s)",
    (word) => {
      expect(stemArabic(word)).toBe(word);
    },
  );

  it("keeps at least two letters after an article prefix", () => {
    expect(stemArabic("الو")).toBe("الو");
  });

  it.each(["معلمها", "معلمان", "معلمات", "معلمون", "معلمين", "معلميه", "معلمية", "معلمه", "معلمة", "معلمي"])(
    "strips a common suffix (%s → معلم)",
    (word) => {
      expect(stemArabic(word)).toBe("معلم");
    },
  );

  it("strips stacked suffixes in Lucene's order", () => {
    expect(stemArabic("معلماتها")).toBe("معلم");
    expect(stemArabic("ضلوعها")).toBe("ضلوع");
  });

  it("strips a prefix and suffixes from the same word", () => {
    expect(stemArabic("والمعلمون")).toBe("معلم");
  });

  it("keeps three letters when cutting a suffix, so بيان and ولاية keep their meaning", () => {
    expect(stemArabic("بيان")).toBe("بيان");
    expect(stemArabic("فيه")).toBe("فيه");
    expect(stemArabic(normalizeArabic("ولاية"))).toBe("لاي");
  });

  it("leaves non-Arabic words alone", () => {
    expect(stemArabic("English")).toBe("English");
  });
});

describe("foldLatin", () => {
  it("lowercases and strips diacritics", () => {
    expect(foldLatin("Café")).toBe("cafe");
    expect(foldLatin("ÅNGSTRÖM")).toBe("angstrom");
    expect(foldLatin("ﬁnance")).toBe("finance");
  });

  it("stems regular plurals", () => {
    expect(foldLatin("statements")).toBe("statement");
    expect(foldLatin("Attacks")).toBe("attack");
    expect(foldLatin("policies")).toBe("policy");
    expect(foldLatin("speeches")).toBe("speech");
    expect(foldLatin("addresses")).toBe("address");
    expect(foldLatin("forces")).toBe("force");
  });

  it("stems -ed and -ing back to the plain verb", () => {
    expect(foldLatin("attacked")).toBe("attack");
    expect(foldLatin("attacking")).toBe("attack");
    expect(foldLatin("killed")).toBe("kill");
    expect(foldLatin("stated")).toBe("state");
    expect(foldLatin("planned")).toBe("plan");
    expect(foldLatin("making")).toBe("make");
    expect(foldLatin("agreed")).toBe("agree");
  });

  it("leaves names and short words alone", () => {
    expect(foldLatin("Blinken")).toBe("blinken");
    expect(foldLatin("Hamas")).toBe("hamas");
    expect(foldLatin("ISIS")).toBe("isis");
    expect(foldLatin("Hussein")).toBe("hussein");
    expect(foldLatin("used")).toBe("used");
    expect(foldLatin("thing")).toBe("thing");
    expect(foldLatin("need")).toBe("need");
  });

  it("drops a possessive 's with either apostrophe", () => {
    expect(foldLatin("Biden's")).toBe("biden");
    expect(foldLatin("Biden’s")).toBe("biden");
  });
});

describe("analyze", () => {
  it("makes وقُتل match قتل", () => {
    expect(analyze("وقُتل")).toEqual(analyze("قتل"));
  });

  it("makes وأكد and أكد match اكد", () => {
    expect(analyze("وأكد")).toEqual(["اكد"]);
    expect(analyze("أكد")).toEqual(["اكد"]);
    expect(analyze("اكد")).toEqual(["اكد"]);
  });

  it("makes الحشد الشعبي match حشد شعبي", () => {
    expect(analyze("الحشد الشعبي")).toEqual(analyze("حشد شعبي"));
  });

  it("makes والتعاون match تعاون", () => {
    expect(analyze("والتعاون")).toEqual(analyze("تعاون"));
  });

  it("keeps بلينكن matchable, with or without tatweel, harakat or the conjunction", () => {
    expect(analyze("بلينكن")).toEqual(["بلينكن"]);
    expect(analyze("بلـــينكن")).toEqual(["بلينكن"]);
    expect(analyze("وبلينكن")).toEqual(["بلينكن"]);
    expect(analyze("Blinken")).toEqual(["blinken"]);
  });

  it("matches the hamza forms of إسرائيل and آخر with the bare spellings", () => {
    expect(analyze("إسرائيل")).toEqual(analyze("اسرائيل"));
    expect(analyze("الإسرائيلي")).toEqual(analyze("إسرائيل"));
    expect(analyze("آخر")).toEqual(analyze("اخر"));
  });

  it("matches الضربة with ضربه and على with علي", () => {
    expect(analyze("الضربة")).toEqual(analyze("ضربه"));
    expect(analyze("على")).toEqual(analyze("علي"));
  });

  it("matches المسؤولين with مسئول", () => {
    expect(analyze("المسؤولين")).toEqual(analyze("مسئول"));
  });

  it("splits on Arabic punctuation and quotation marks", () => {
    expect(analyze('قال: «لا يزال»، ثم؟ "نعم"؛ حسنا')).toEqual(["قال", "لا", "يزال", "ثم", "نعم", "حسنا"]);
  });

  it("splits on hyphens and keeps both halves", () => {
    expect(analyze("الإسلامية-ولاية")).toEqual([...analyze("الإسلامية"), ...analyze("ولاية")]);
  });

  it("removes zero-width and bidi controls instead of splitting on them", () => {
    expect(analyze("بلي\u200Cنكن")).toEqual(["بلينكن"]);
    expect(analyze("\u202Bبلينكن\u202C \u2067قال\u2069")).toEqual(["بلينكن", "قال"]);
    expect(analyze("\uFEFFBlinken\u200F")).toEqual(["blinken"]);
  });

  it("analyzes Arabic-Indic and ASCII digits to the same term", () => {
    expect(analyze("وقُتل ١٣٩ شخصا")).toEqual(analyze("قتل 139 شخصا"));
    expect(analyze("فبراير ٢٠٢٣")).toEqual(["فبراير", "2023"]);
  });

  it("analyzes mixed Arabic and English text word by word", () => {
    expect(analyze("قال Blinken إن statements الحشد")).toEqual(["قال", "blinken", "ان", "statement", "حشد"]);
  });

  it("keeps terms in order with duplicates", () => {
    expect(analyze("بلينكن قال بلينكن")).toEqual(["بلينكن", "قال", "بلينكن"]);
  });

  it("finds nothing in punctuation, symbols and blanks", () => {
    expect(analyze("«»،؛؟ -- ... \u200B \n\t")).toEqual([]);
    expect(analyze("")).toEqual([]);
  });

  it("analyzes words of the sample article the way a reader searches for them", () => {
    expect(analyze(MOSCOW_PARAGRAPH)).toContain("قتل");
    expect(analyze(CONFIRMED_SENTENCE)[0]).toBe("اكد");
    expect(analyze(AFP_PARAGRAPH).join(" ")).toContain(analyze("فرانس برس").join(" "));
    expect(analyze(KALSU_PARAGRAPH).join(" ")).toContain(analyze("حشد شعبي").join(" "));
    expect(analyze(AFP_PARAGRAPH)).toContain(analyze("ضربة")[0]);
    expect(analyze(AFP_PARAGRAPH)).toContain(analyze("يحدد")[0]);
  });
});

describe("tokenize", () => {
  it("reports each word's offsets in the original text", () => {
    const text = "قال «وقُتل» Blinken";
    const tokens = tokenize(text);
    expect(tokens.map((token) => text.slice(token.start, token.end))).toEqual(["قال", "وقُتل", "Blinken"]);
    expect(tokens.map((token) => token.term)).toEqual(["قال", "قتل", "blinken"]);
  });
});

describe("analyzeForIndex", () => {
  it("joins the analyzed terms with single spaces", () => {
    expect(analyzeForIndex("  وقُتل   بلينكن،  Blinken\n")).toBe("قتل بلينكن blinken");
  });

  it("stores only letters and digits, whatever the text", () => {
    const indexed = analyzeForIndex(`${KALSU_PARAGRAPH} "x" NEAR(a*) ^b: -c '; DROP TABLE x; --`);
    for (const term of indexed.split(" ")) expect(term).toMatch(/^[\p{L}\p{N}]+$/u);
  });
});

describe("buildMatchQuery", () => {
  it("quotes every analyzed term and prefix-matches the last one", () => {
    expect(buildMatchQuery("وقُتل بلينكن")).toBe('"قتل" "بلينكن"*');
    expect(buildMatchQuery("الحشد الشعبي")).toBe('"حشد" "شعب"*');
  });

  it("prefix-matches the last term only from three characters on", () => {
    expect(buildMatchQuery("Blinken US")).toBe('"blinken" "us"');
    expect(buildMatchQuery("بلي")).toBe('"بلي"*');
  });

  it.each(["", "   ", '"', "*", "^", ":", "-", "«»،", "\u200F", "()"])(
    "returns null when %j leaves nothing to search for",
    (input) => {
      expect(buildMatchQuery(input)).toBeNull();
    },
  );

  it.each([
    '"',
    "*",
    "NEAR(",
    "NEAR(a b, 2)",
    "AND OR",
    "a OR b NOT c",
    "^start",
    "body:term",
    "{body}: x",
    "-not",
    "'; DROP TABLE x; --",
    '"unterminated',
    'قتل" OR "*',
    "x*y",
  ])("turns the hostile input %j into quoted terms only", (input) => {
    const query = buildMatchQuery(input);
    if (query !== null) expect(query).toMatch(SAFE_MATCH);
  });

  it("turns FTS5 operators into plain words", () => {
    expect(buildMatchQuery("NEAR(a b) AND OR")).toBe('"near" "a" "b" "and" "or"');
    expect(buildMatchQuery("'; DROP TABLE x; --")).toBe('"drop" "table" "x"');
  });

  it("keeps any random mix of syntax characters safe", () => {
    const alphabet = ['"', "'", "*", "^", ":", "-", "(", ")", "{", "}", " ", "a", "N", "O", "R", "ق", "ت", "ل", "ً", "ـ", "\u200F", "«", "،", "1", "٣", "+", ".", "\\"];
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let attempt = 0; attempt < 2000; attempt++) {
      const length = Math.floor(random() * 16);
      const input = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      const query = buildMatchQuery(input);
      if (query !== null) expect(query, JSON.stringify(input)).toMatch(SAFE_MATCH);
    }
  });
});

describe("highlightSnippet", () => {
  it("marks وقُتل for the query قتل and keeps its harakat", () => {
    expect(highlightSnippet("وقُتل 139 شخصا في اعتداء", analyze("قتل"))).toBe("<mark>وقُتل</mark> 139 شخصا في اعتداء");
  });

  it("marks every word whose analyzed form is a query term", () => {
    expect(highlightSnippet(KALSU_PARAGRAPH, analyze("حشد شعبي"))).toContain("<mark>الحشد</mark> <mark>الشعبي</mark>");
    expect(highlightSnippet(MOSCOW_PARAGRAPH, analyze("الدولة"))).toMatch(/<mark>الدولة<\/mark>.*<mark>الدولة<\/mark>/u);
  });

  it("marks words that start with the last query term, as the search matched them", () => {
    const snippet = highlightSnippet("Blinken issued statements; the state said", analyze("Blinken stat"));
    expect(snippet).toBe("<mark>Blinken</mark> issued <mark>statements</mark>; the <mark>state</mark> said");
    expect(highlightSnippet("statements by Blinken", ["stat", "blinken"])).toBe("statements by <mark>Blinken</mark>");
  });

  it("escapes HTML outside and inside the marks", () => {
    const snippet = highlightSnippet("<script>alert('قتل')</script> & وقُتل", analyze("script قتل"));
    expect(snippet).toBe(
      "&lt;<mark>script</mark>&gt;alert('<mark>قتل</mark>')&lt;/<mark>script</mark>&gt; &amp; <mark>وقُتل</mark>",
    );
    expect(highlightSnippet("<b>x</b>", [])).toBe("&lt;b&gt;x&lt;/b&gt;");
  });

  it("uses the markup given in the options", () => {
    expect(highlightSnippet("قال بلينكن", analyze("بلينكن"), { open: "[", close: "]" })).toBe("قال [بلينكن]");
  });

  it("centres a long text on the first match and cuts it at word boundaries", () => {
    const before = Array.from({ length: 40 }, (_, index) => `قبل${index}`).join(" ");
    const after = Array.from({ length: 40 }, (_, index) => `بعد${index}`).join(" ");
    const text = `${before} وقُتل ${after}`;
    const snippet = highlightSnippet(text, analyze("قتل"), { maxLength: 80 });
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet).toContain("<mark>وقُتل</mark>");
    const excerpt = stripMarks(snippet).slice(1, -1);
    expect(excerpt.length).toBeLessThanOrEqual(80);
    expect(text).toContain(excerpt);
    expect(excerpt).toMatch(/^قبل\d+ .* بعد\d+$/u);
    const [left = "", right = ""] = excerpt.split("وقُتل");
    expect(Math.abs(left.length - right.length)).toBeLessThan(15);
  });

  it("shows the start of the text when nothing matches", () => {
    const snippet = highlightSnippet(MOSCOW_PARAGRAPH, analyze("Blinken"), { maxLength: 40 });
    expect(snippet.startsWith("وقُتل 139")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet).not.toContain("<mark>");
  });

  it("returns a short text whole, with runs of whitespace made single spaces", () => {
    expect(highlightSnippet("  قال\n\nبلينكن  ", analyze("قال"))).toBe("<mark>قال</mark> بلينكن");
  });

  it("cuts a single word longer than the snippet instead of returning it whole", () => {
    const snippet = highlightSnippet(`${"ا".repeat(1000)} قتل`, [], { maxLength: 50 });
    expect(snippet.length).toBeLessThanOrEqual(51);
    expect(snippet.endsWith("…")).toBe(true);
  });

  it("highlights the sample article as published", () => {
    const snippet = highlightSnippet(MOSCOW_PARAGRAPH, analyze("قتل موسكو"));
    expect(snippet).toContain("<mark>وقُتل</mark> 139");
    expect(snippet).toContain("<mark>موسكو</mark>");
    expect(snippet).toContain("تمدّ");
    expect(highlightSnippet(AFP_PARAGRAPH, analyze("فرانس برس"))).toContain("<mark>فرانس</mark> <mark>برس</mark>");
    expect(highlightSnippet(CONFIRMED_SENTENCE, analyze("اكد"))).toMatch(/^<mark>وأكد<\/mark>/u);
  });
});
