// A seeded, deterministic generator of benchmark content in the NDJSON import format
// (src/ingest/records.ts). Same size + same GENERATOR_VERSION = byte-identical file, so datasets
// and imported databases can be cached outside the repo. Speakers are drawn from a Zipf
// distribution: a handful dominate, as in real coverage.
import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ArticleRecord, IncidentRecord, OrganizationRecord, PersonRecord, StatementRecord } from "../../src/ingest/records.js";
import type { LocationRecord } from "../../src/modules/location/location.record.js";

/** Bump when the output changes: cached files and databases are keyed by it. */
export const GENERATOR_VERSION = 4;

export type SizeName = "S" | "M" | "L";

export interface DatasetSize {
  articles: number;
  people: number;
  organizations: number;
  statements: number;
  incidents: number;
}

const BASE: DatasetSize = { articles: 1_000, people: 300, organizations: 100, statements: 10_000, incidents: 200 };
const FACTORS: Record<SizeName, number> = { S: 1, M: 10, L: 100 };

export function sizeOf(name: SizeName): DatasetSize {
  const factor = FACTORS[name];
  return {
    articles: BASE.articles * factor,
    people: BASE.people * factor,
    organizations: BASE.organizations * factor,
    statements: BASE.statements * factor,
    incidents: BASE.incidents * factor,
  };
}

export function isSizeName(value: string): value is SizeName {
  return value === "S" || value === "M" || value === "L";
}

/** Where generated files and imported databases live: outside the repo, never committed. */
export function cacheDirectory(size: SizeName): string {
  const root = process.env.KHABAR_BENCH_CACHE ?? join(homedir(), ".cache", "khabar-bench");
  return join(root, `v${GENERATOR_VERSION}-${size}`);
}

/** mulberry32: tiny, fast, good enough for test data, and the same on every platform. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<Item>(items: readonly Item[]): Item {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  words(count: number): string {
    const out: string[] = [];
    for (let index = 0; index < count; index += 1) out.push(this.pick(WORDS));
    return out.join(" ");
  }
}

/** Zipf sampler over ranks 0..n-1 (rank 0 most frequent), by inverse CDF with binary search. */
class Zipf {
  private readonly cumulative: Float64Array;
  constructor(n: number, exponent: number) {
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let rank = 0; rank < n; rank += 1) {
      sum += 1 / Math.pow(rank + 1, exponent);
      this.cumulative[rank] = sum;
    }
    for (let rank = 0; rank < n; rank += 1) this.cumulative[rank]! /= sum;
  }
  sample(random: Random): number {
    const target = random.float();
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

export const WORDS = [
  "الحكومة", "الوزير", "الرئيس", "المنطقة", "الأمن", "الجيش", "القوات", "الهجوم", "البلاد", "الاتفاق", "المفاوضات", "الدولية",
  "العراق", "سوريا", "لبنان", "إيران", "واشنطن", "بغداد", "دمشق", "بيروت", "الخارجية", "الداخلية", "الدفاع", "البرلمان",
  "مواصلة", "الشراكة", "محاربة", "الإرهاب", "تهديدا", "حقيقيا", "الوضع", "التوتر", "الاستقرار", "الإقليمي", "الاقتصادية",
  "المساعدات", "الإنسانية", "اللاجئين", "الحدود", "الانتخابات", "المعارضة", "الاحتجاجات", "العاصمة", "المحافظة", "المدنيين",
  "الضحايا", "الانفجار", "القصف", "الغارات", "الطائرات", "المسيرة", "الصواريخ", "التحقيق", "اللجنة", "التقرير", "البيان",
  "المتحدث", "الرسمي", "مصادر", "أمنية", "محلية", "قال", "أكد", "أضاف", "أشار", "نفى", "أعلن", "كشف", "أوضح", "لفت",
  "في", "من", "إلى", "على", "عن", "مع", "بين", "بعد", "قبل", "خلال", "حول", "ضد", "أن", "إن", "التي", "الذي", "هذا", "تلك",
  "يوم", "الثلاثاء", "الجمعة", "السبت", "الأحد", "الماضي", "المقبل", "اليوم", "أسابيع", "قليلة", "عدد", "كبير", "جديد",
];
const FIRST_NAMES = ["محمد", "أحمد", "علي", "حسين", "فؤاد", "عمر", "خالد", "سعيد", "يوسف", "إبراهيم", "مصطفى", "حسن", "جواد", "كريم", "سليم", "نبيل", "سامي", "رامي", "ليلى", "مريم", "نور", "هدى", "سارة", "زينب"];
const LAST_NAMES = ["الحسيني", "السوداني", "العبيدي", "الجبوري", "الموسوي", "الخزرجي", "الدليمي", "الربيعي", "الكعبي", "الشمري", "التميمي", "الزبيدي", "العلوي", "الحلبي", "النجار", "الخطيب", "حداد", "منصور", "سلامة", "عيسى"];
export const LATIN_FIRST = ["Mohammed", "Ahmed", "Ali", "Hussein", "Fuad", "Omar", "Khalid", "Saeed", "Yousef", "Ibrahim", "Mustafa", "Hassan", "Jawad", "Karim", "Salim", "Nabil", "Sami", "Rami", "Layla", "Maryam", "Nour", "Huda", "Sara", "Zainab"];
const LATIN_LAST = ["al-Husseini", "al-Sudani", "al-Obeidi", "al-Jubouri", "al-Mousawi", "al-Khazraji", "al-Dulaimi", "al-Rubaie", "al-Kaabi", "al-Shammari", "al-Tamimi", "al-Zubaidi", "al-Alawi", "al-Halabi", "al-Najjar", "al-Khatib", "Haddad", "Mansour", "Salameh", "Issa"];
export const ROLES = ["وزير الخارجية", "وزير الدفاع", "رئيس الوزراء", "المتحدث باسم الحكومة", "قائد الشرطة", "محافظ", "نائب في البرلمان", "سفير", "محلل سياسي", "قائد عسكري"];
const ORG_PREFIXES = ["وزارة", "هيئة", "قيادة", "مجلس", "وكالة", "خلية", "جبهة", "حركة", "منظمة", "قوات"];
const ORG_KINDS = ["GOVERNMENT", "MINISTRY", "ARMED_FORCES", "ARMED_GROUP", "SECURITY_AGENCY", "NEWS_AGENCY", "INTERNATIONAL_ORGANIZATION", "OTHER"] as const;
const INCIDENT_KINDS = ["ATTACK", "EXPLOSION", "AIRSTRIKE", "DRONE_STRIKE", "MISSILE_STRIKE", "SHOOTING", "OTHER"] as const;
const OUTLETS = [
  ["outlet-alhurra", "الحرة", "Alhurra"],
  ["outlet-reuters", "رويترز", "Reuters"],
  ["outlet-afp", "فرانس برس", "AFP"],
] as const;
const OUTLET_SLUGS = OUTLETS.map(([slug]) => slug);
/** How many outlets every dataset has besides its organizations. */
export const OUTLET_COUNT = OUTLETS.length;

const COUNTRIES = ["IQ", "SY", "LB", "IR", "US", "IL", "JO", "YE", "EG", "TR"];
const TOPICS = ["العراق", "سوريا", "لبنان", "إيران", "الولايات المتحدة", "الشرق الأوسط", "مكافحة الإرهاب", "الاقتصاد", "الانتخابات", "حقوق الإنسان", "اللاجئون", "الطاقة"];
const CUES = ["قال", "أكد", "أضاف", "أشار", "نفى", "أعلن", "كشف", "أوضح", "لفت", "تابع"];
export const UNNAMED = ["مصادر أمنية", "مسؤول عسكري", "شهود عيان", "مصدر حكومي"];

export interface GeneratedDataset {
  file: string;
  size: DatasetSize;
  statements: number;
}

/** Writes the dataset once (atomically, via a temporary file) and returns its path. */
export async function ensureDataset(sizeName: SizeName, log: (line: string) => void = () => {}): Promise<GeneratedDataset> {
  const directory = cacheDirectory(sizeName);
  const file = join(directory, "content.ndjson");
  const size = sizeOf(sizeName);
  if (existsSync(file)) return { file, size, statements: countStatements(size) };
  log(`generating ${size.articles} articles, ${size.statements} statements into ${file}…`);
  mkdirSync(directory, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const stream = createWriteStream(temporary, { encoding: "utf8" });
  let buffered: string[] = [];
  const flush = async () => {
    if (buffered.length === 0) return;
    const chunk = buffered.join("");
    buffered = [];
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once("drain", resolve));
  };
  // Streams: a thousand lines at most in memory, and the writer's backpressure is awaited.
  let articles = 0;
  for (const record of generateRecords(size)) {
    buffered.push(`${JSON.stringify(record)}\n`);
    if (buffered.length >= 1_000) await flush();
    if (record.type === "article" && ++articles % Math.max(1, size.articles / 10) === 0) log(`  ${articles} / ${size.articles} articles`);
  }
  await flush();
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  renameSync(temporary, file);
  return { file, size, statements: countStatements(size) };
}

/** Statement counts per article are drawn from the same seed, so the total is known up front. */
function countStatements(size: DatasetSize): number {
  let total = 0;
  for (const count of statementCounts(size)) total += count;
  return total;
}

/**
 * Per-article statement counts (mean ± 5) that sum exactly to size.statements. Deviations come in
 * +d/-d pairs so the running total never drifts: the newest articles look like every other one.
 */
function statementCounts(size: DatasetSize): number[] {
  const random = new Random(7);
  const mean = Math.floor(size.statements / size.articles);
  const counts: number[] = [];
  for (let index = 0; index < size.articles; index += 2) {
    const deviation = random.int(-Math.min(5, mean - 1), Math.min(5, mean - 1));
    counts.push(mean + deviation);
    if (index + 1 < size.articles) counts.push(mean - deviation);
  }
  let left = size.statements - counts.reduce((sum, count) => sum + count, 0);
  for (let index = 0; left !== 0; index = (index + 1) % counts.length) {
    const step = left > 0 ? 1 : counts[index]! > 1 ? -1 : 0;
    counts[index]! += step;
    left -= step;
  }
  return counts;
}

/**
 * A place tree for the incidents: every country with regions and their cities. Its own seed, so
 * the rest of the dataset draws the same numbers whatever the tree holds.
 */
function* generateLocations(citySlugs: string[]): Generator<LocationRecord> {
  const random = new Random(1948);
  for (const country of COUNTRIES) {
    const countrySlug = `country-${country.toLowerCase()}`;
    yield { type: "location", slug: countrySlug, name: `بلد ${random.words(1)}`, nameEn: `Country ${country}`, kind: "COUNTRY", country };
    for (let region = 1; region <= 3; region += 1) {
      const regionSlug = `${countrySlug}-region-${region}`;
      yield { type: "location", slug: regionSlug, name: `محافظة ${random.words(1)}`, kind: "REGION", parent: countrySlug };
      for (let city = 1; city <= 2; city += 1) {
        const slug = `${regionSlug}-city-${city}`;
        citySlugs.push(slug);
        yield { type: "location", slug, name: random.words(2), kind: "CITY", latitude: random.int(-9000, 9000) / 100, longitude: random.int(-18000, 18000) / 100, parent: regionSlug };
      }
    }
  }
}

export function* generateRecords(size: DatasetSize): Generator<OrganizationRecord | PersonRecord | LocationRecord | IncidentRecord | ArticleRecord> {
  const random = new Random(20240326);
  // The outlets articles name: organizations of their own, besides the size's (they draw no
  // random numbers, so everything else is what it was before outlets were organizations).
  for (const [slug, name, nameEn] of OUTLETS) yield { type: "organization", slug, name, nameEn, kind: "NEWS_OUTLET" };
  const organizationSlugs: string[] = [];
  for (let index = 1; index <= size.organizations; index += 1) {
    const slug = `org-${index}`;
    organizationSlugs.push(slug);
    const core = random.words(2);
    yield {
      type: "organization",
      slug,
      name: `${random.pick(ORG_PREFIXES)} ${core}`,
      nameEn: `Organization ${index}`,
      aliases: [core, `Org ${index}`, ...(random.chance(0.5) ? [`ORG${index}`] : [])],
      kind: random.pick(ORG_KINDS),
      country: random.chance(0.8) ? random.pick(COUNTRIES) : null,
    };
  }
  const personSlugs: string[] = [];
  for (let index = 1; index <= size.people; index += 1) {
    const slug = `person-${index}`;
    personSlugs.push(slug);
    const first = random.int(0, FIRST_NAMES.length - 1);
    const last = random.int(0, LAST_NAMES.length - 1);
    yield {
      type: "person",
      slug,
      name: `${FIRST_NAMES[first]} ${LAST_NAMES[last]} ${index}`,
      nameEn: `${LATIN_FIRST[first]} ${LATIN_LAST[last]} ${index}`,
      aliases: [LAST_NAMES[last]!, `${LATIN_LAST[last]} ${index}`],
      role: random.pick(ROLES),
      country: random.pick(COUNTRIES),
      affiliation: random.chance(0.5) ? random.pick(organizationSlugs) : null,
    };
  }
  const citySlugs: string[] = [];
  yield* generateLocations(citySlugs);
  const incidentSlugs: string[] = [];
  const start = Date.UTC(2020, 0, 1);
  const span = 4 * 365 * 86_400_000;
  for (let index = 1; index <= size.incidents; index += 1) {
    const slug = `incident-${index}`;
    incidentSlugs.push(slug);
    const perpetrator = random.chance(0.4) ? random.pick(organizationSlugs) : null;
    yield {
      type: "incident",
      slug,
      title: `${random.pick(["هجوم", "انفجار", "غارة", "قصف", "إطلاق نار"])} ${random.words(3)}`,
      titleEn: `Incident ${index}`,
      kind: random.pick(INCIDENT_KINDS),
      occurredOn: new Date(start + Math.floor(random.float() * span)).toISOString().slice(0, 10),
      location: random.pick(citySlugs),
      killed: random.chance(0.8) ? random.int(0, 150) : null,
      injured: random.chance(0.7) ? random.int(0, 300) : null,
      perpetrators: perpetrator ? [perpetrator] : [],
      summary: random.words(30),
      claims: perpetrator && random.chance(0.5) ? [{ actor: perpetrator, stance: "CLAIMED" }] : [],
    };
  }
  // Speakers: mostly people, some organizations; ranked by a fixed shuffle so the busiest speaker
  // is person-1 (scenario 1 asks for it by slug).
  const speakers = [...personSlugs, ...organizationSlugs];
  const speakerZipf = new Zipf(speakers.length, 1.05);
  const incidentZipf = new Zipf(incidentSlugs.length, 0.9);
  const counts = statementCounts(size);
  const step = span / size.articles;
  for (let index = 1; index <= size.articles; index += 1) {
    const statementCount = counts[index - 1]!;
    const paragraphs = statementCount + random.int(2, 5);
    const body = Array.from({ length: paragraphs }, () => `${random.words(random.int(20, 45))}.`).join("\n\n");
    const incidents = random.chance(0.6) ? [...new Set(Array.from({ length: random.int(1, 2) }, () => incidentSlugs[incidentZipf.sample(random)]!))] : [];
    const statements: StatementRecord[] = [];
    for (let position = 0; position < statementCount; position += 1) {
      const unnamed = random.chance(0.05);
      const speaker = unnamed ? null : speakers[speakerZipf.sample(random)]!;
      const about = incidents.length > 0 && random.chance(0.4) ? [random.pick(incidents)] : [];
      const claim = speaker && about.length > 0 && random.chance(0.05) ? [{ incident: about[0]!, stance: random.pick(["CLAIMED", "DENIED"] as const) }] : [];
      statements.push({
        text: random.words(random.int(6, 25)),
        kind: random.chance(0.6) ? "DIRECT_QUOTE" : "PARAPHRASE",
        ...(speaker ? { speaker } : { speakerLabel: random.pick(UNNAMED) }),
        cue: random.pick(CUES),
        paragraph: Math.min(paragraphs - 1, position + random.int(0, 1)),
        ...(random.chance(0.1) ? { via: random.pick(organizationSlugs) } : {}),
        ...(about.length > 0 ? { incidents: about } : {}),
        ...(claim.length > 0 ? { claims: claim } : {}),
      });
    }
    const related = index > 1 ? [...new Set(Array.from({ length: random.int(0, 2) }, () => `article-${random.int(Math.max(1, index - 50), index - 1)}`))] : [];
    yield {
      type: "article",
      slug: `article-${index}`,
      headline: random.words(random.int(6, 12)),
      summary: random.chance(0.7) ? random.words(15) : null,
      body,
      language: "ar",
      publishedAt: new Date(start + Math.floor(index * step + random.float() * step)).toISOString(),
      topics: [...new Set(Array.from({ length: random.int(1, 4) }, () => random.pick(TOPICS)))],
      image: random.chance(0.6) ? { caption: random.words(6), credit: "@khabar" } : null,
      outlet: random.pick([...OUTLET_SLUGS, null]),
      people: [...new Set(Array.from({ length: random.int(0, 3) }, () => random.pick(personSlugs)))],
      organizations: [...new Set(Array.from({ length: random.int(0, 2) }, () => random.pick(organizationSlugs)))],
      incidents,
      relatedArticles: related,
      statements,
    };
  }
}

/**
 * What a day of news adds to a database that holds `size`: new articles (a tenth of the size's,
 * so M gets S's 10k statements) by the size's speakers about its incidents, relating to its
 * articles. Taken from the size's own articles under new slugs (`next-article-N`), so every
 * reference resolves against the database and the import measures creates, not updates.
 */
export function* generateIncrement(size: DatasetSize): Generator<ArticleRecord> {
  const count = Math.max(1, Math.floor(size.articles / 10));
  let taken = 0;
  for (const record of generateRecords(size)) {
    if (record.type !== "article") continue;
    yield { ...record, slug: `next-${record.slug}` };
    if ((taken += 1) >= count) return;
  }
}

/** Writes the increment of a size once (see generateIncrement) and returns its path and statement count. */
export async function ensureIncrement(sizeName: SizeName): Promise<{ file: string; statements: number }> {
  const directory = cacheDirectory(sizeName);
  const file = join(directory, "next.ndjson");
  const size = sizeOf(sizeName);
  const records = [...generateIncrement(size)];
  const statements = records.reduce((total, record) => total + (record.statements?.length ?? 0), 0);
  if (existsSync(file)) return { file, statements };
  mkdirSync(directory, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await new Promise<void>((resolve, reject) => {
    const stream = createWriteStream(temporary, { encoding: "utf8" });
    stream.once("error", reject);
    stream.end(records.map((record) => `${JSON.stringify(record)}\n`).join(""), () => resolve());
  });
  renameSync(temporary, file);
  return { file, statements };
}

// `tsx test/bench/generate.ts S` writes (or finds) the dataset and prints its path.
if (import.meta.url === `file://${process.argv[1]}`) {
  const name = process.argv[2] ?? "S";
  if (!isSizeName(name)) throw new Error(`size must be S, M or L, got ${name}`);
  const started = performance.now();
  const dataset = await ensureDataset(name, (line) => process.stderr.write(`${line}\n`));
  process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  console.log(dataset.file, dataset.statements, "statements");
}
