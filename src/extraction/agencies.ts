/**
 * News agencies, so that "نقلت رويترز عن …" or "told Reuters" becomes `via` rather than the
 * speaker. Known actors flagged isNewsAgency resolve to a slug; the common agencies below are
 * recognized even when the caller passed no actors (then only their name is given).
 */
import type { ActorIndex } from "./actor-index.js";
import type { KnownActor } from "./types.js";
import { termsOf, type Word } from "./words.js";

const COMMON_AGENCIES = [
  "رويترز", "وكالة رويترز", "فرانس برس", "وكالة فرانس برس", "أسوشيتد برس", "الأناضول", "وكالة الأناضول", "بلومبرغ",
  "شينخوا", "سبوتنيك", "تاس", "إرنا", "سانا", "وفا", "واع", "بترا", "وكالة الأنباء الألمانية",
  "Reuters", "AFP", "Agence France-Presse", "Associated Press", "the Associated Press", "AP", "Anadolu", "Bloomberg",
  "Xinhua", "TASS", "Interfax", "dpa", "ANSA", "Kyodo", "Yonhap", "EFE",
].map((name) => ({ name, terms: termsOf(name) }));

export interface AgencyMention {
  slug: string | null;
  name: string;
  firstWord: number;
  endWord: number;
}

function isAgency(actor: KnownActor): boolean {
  return actor.isNewsAgency === true;
}

/** Agencies named in words [from, to), left to right, outside quotations. */
export function findAgencies(words: readonly Word[], from: number, to: number, actors: ActorIndex, articleText: string, isQuoted: (index: number) => boolean): AgencyMention[] {
  const found: AgencyMention[] = [];
  for (let index = from; index < to; index++) {
    if (isQuoted(index)) continue;
    const mention = actors.longestAt(words, index, to);
    if (mention !== null && isAgency(mention.actor)) {
      found.push({ slug: mention.actor.slug, name: textOf(words, mention.firstWord, mention.endWord, articleText), firstWord: mention.firstWord, endWord: mention.endWord });
      index = mention.endWord - 1;
      continue;
    }
    if (mention !== null) {
      index = mention.endWord - 1; // a longer non-agency name (جيش …) is not an agency
      continue;
    }
    const common = COMMON_AGENCIES.filter((agency) => agency.terms.every((term, offset) => index + offset < to && words[index + offset]?.term === term))
      .sort((left, right) => right.terms.length - left.terms.length)[0];
    if (common !== undefined) {
      const end = index + common.terms.length;
      // "the Associated Press" is a common name; the known actor inside it gives the slug.
      let slug: string | null = null;
      for (let inner = index; inner < end && slug === null; inner++) {
        const known = actors.longestAt(words, inner, end);
        if (known !== null && isAgency(known.actor)) slug = known.actor.slug;
      }
      found.push({ slug, name: textOf(words, index, end, articleText), firstWord: index, endWord: end });
      index = end - 1;
    }
  }
  return found;
}

export function textOf(words: readonly Word[], from: number, to: number, articleText: string): string {
  const first = words[from];
  const last = words[to - 1];
  return first === undefined || last === undefined ? "" : articleText.slice(first.start, last.end);
}
