/**
 * Who said it: the resolved speaker of a statement, and the discourse memory that lets a bare
 * continuation (وتابع، وقالت، he added) find it again. Groups rather than single speakers,
 * because two people can say one thing (أكد بلينكن ونظيره العراقي … وأشارا إلى أن …).
 */
import type { Agreement } from "./arabic-lexicon.js";
import { actorHasNoun } from "./actor-index.js";
import type { ActorKind, Gender, KnownActor } from "./types.js";

export interface Speaker {
  /** Slug of a known actor, or null for an unnamed source or an unresolved name. */
  slug: string | null;
  /** The name or role as published. */
  name: string | null;
  /** Unnamed source, or a name/role no known actor matched, as published. */
  label: string | null;
  actor: KnownActor | null;
  /** Grammatical gender the text gives the speaker (the verb's agreement, or the person's gender). */
  gender: Gender | null;
  /** An unnamed source (مصادر أمنية): not a name to propose as a new actor. */
  unnamed: boolean;
}

export interface SpeakerGroup {
  speakers: Speaker[];
  agreement: Agreement;
  via: { slug: string | null; name: string } | null;
}

/** How a group was found, which bounds the confidence of what it says. */
export type Attribution = "named" | "role" | "unnamed" | "unresolved" | "continuation" | "continuation-fallback" | "anaphor";

export interface AttributedGroup {
  group: SpeakerGroup;
  attribution: Attribution;
}

function agrees(group: SpeakerGroup, wanted: Agreement, personal: boolean): boolean {
  // "he" / "she" is a person, never an organization (Arabic verbs agree with organizations too).
  if (personal && group.speakers.some((speaker) => speaker.actor?.kind === "ORGANIZATION")) return false;
  if (wanted.number === "DUAL") return group.speakers.length === 2 || group.agreement.number === "DUAL";
  if (wanted.number === "PLURAL") return group.speakers.length > 1 || group.agreement.number === "PLURAL";
  if (group.speakers.length !== 1 && group.agreement.number !== "SINGULAR") return false;
  return wanted.gender === null || group.agreement.gender === null || group.agreement.gender === wanted.gender;
}

// Where an English label's head noun phrase ends: "two people familiar with the talks" is about people.
const ENGLISH_LABEL_BREAKS: ReadonlySet<string> = new Set(["of", "for", "at", "in", "from", "with", "on", "to", "familiar", "close", "who", "that", "which", "briefed", "involved", "speaking"]);

/**
 * The words of a label an anaphor may point back to. Arabic labels keep every word (مصادر أمنية,
 * ثلاثة مسؤولين); an English label only its head, the last word before any preposition or
 * relative: "agency scientists" are scientists, so "the agency" is not them (blind9: the agency
 * said … after "agency scientists said").
 */
function labelNouns(label: string): string[] {
  const words = label.toLowerCase().split(/\s+/u).filter((word) => word !== "");
  if (/\p{Script=Arabic}/u.test(label)) return words;
  const stop = words.findIndex((word, position) => position > 0 && ENGLISH_LABEL_BREAKS.has(word));
  const head = (stop === -1 ? words : words.slice(0, stop)).at(-1);
  return head === undefined ? [] : [head.replace(/[,.;:'’]+$/u, "")];
}

export class Discourse {
  private readonly groups: SpeakerGroup[] = [];
  /** Sentence subjects that said nothing reported, kept apart for organization anaphors. */
  private readonly subjects: SpeakerGroup[] = [];
  /** Everything remembered, in reading order. */
  private readonly order: SpeakerGroup[] = [];

  /** The agency that relayed each group's words (نقلت وكالة … عن مصدر طبي): its follow-ups come through it too. */
  private readonly relays = new Map<SpeakerGroup, { slug: string | null; name: string }>();

  noteRelay(group: SpeakerGroup, via: { slug: string | null; name: string }): void {
    this.relays.set(group, via);
  }

  relayOf(group: SpeakerGroup): { slug: string | null; name: string } | null {
    return this.relays.get(group) ?? null;
  }

  remember(group: SpeakerGroup): void {
    if (group.speakers.length === 0) return;
    this.groups.push(group);
    this.order.push(group);
  }

  /**
   * The most recent speakers the continuation can refer to: agreeing in gender and number
   * (a feminine verb needs a feminine speaker), looking back a few statements at most.
   */
  continuation(wanted: Agreement, personal = false): AttributedGroup | null {
    const recent = this.groups.slice(-6).reverse();
    const agreeing = recent.find((group) => agrees(group, wanted, personal));
    if (agreeing !== undefined) return { group: agreeing, attribution: "continuation" };
    const latest = personal ? recent.find((group) => group.speakers.every((speaker) => speaker.actor?.kind !== "ORGANIZATION")) : recent[0];
    return latest === undefined ? null : { group: latest, attribution: "continuation-fallback" };
  }

  /** A definite noun pointing back (الوزير، المنظمة، the ministry, the official). */
  anaphor(noun: string, kind?: ActorKind): SpeakerGroup | null {
    for (const group of this.groups.slice(-8).reverse()) {
      const speaker = group.speakers[0];
      if (speaker === undefined || group.speakers.length !== 1) continue;
      if (kind !== undefined && speaker.actor?.kind !== kind) continue;
      if (speaker.actor !== null && actorHasNoun(speaker.actor, noun)) return group;
      if (speaker.label !== null && labelNouns(speaker.label).some((word) => word.replace(/^ال/u, "") === noun)) return group;
    }
    return null;
  }

  latest(): SpeakerGroup | null {
    return this.groups.at(-1) ?? null;
  }

  /** For generic nouns (the agency, المنظمة, a company filing): the most recent organization that spoke or was the subject of a sentence. */
  latestOrganization(): SpeakerGroup | null {
    const spoke = this.groups.slice(-8).reverse().find((group) => group.speakers.length === 1 && group.speakers[0]?.actor?.kind === "ORGANIZATION") ?? null;
    const mentioned = [...this.subjects].reverse().find((group) => group.speakers[0]?.actor?.kind === "ORGANIZATION") ?? null;
    if (spoke === null || mentioned === null) return spoke ?? mentioned;
    return this.order.indexOf(mentioned) > this.order.indexOf(spoke) ? mentioned : spoke;
  }

  /**
   * A sentence's subject that said nothing reported (Energy Secretary X defended the decision.):
   * a later "he" may still mean them, so they become the latest candidate.
   */
  rememberSubject(group: SpeakerGroup): void {
    this.subjects.push(group);
    this.remember(group);
  }

  /** An organization mentioned (not speaking): only generic nouns may point back to it. */
  rememberMentioned(group: SpeakerGroup): void {
    this.subjects.push(group);
    this.order.push(group);
  }
}

export function namedSpeaker(actor: KnownActor, name: string, gender: Gender | null): Speaker {
  return { slug: actor.slug, name, label: null, actor, gender: actor.gender ?? gender, unnamed: false };
}

/** A speaker no known actor matched: an unnamed source, or a name or role proposed as a label. */
export function labelSpeaker(label: string, gender: Gender | null, unnamed: boolean): Speaker {
  return { slug: null, name: unnamed ? null : label, label, actor: null, gender, unnamed };
}
