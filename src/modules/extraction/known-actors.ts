// Khabar's people and organizations as the extractor resolves speakers against them.
import type { Context } from "../../context.js";
import type { Db } from "../../db/client.js";
import { databaseVersion } from "../../db/query.js";
import type { KnownActor } from "../../extraction/index.js";
import type { ReadEngine } from "../../db/engine.js";
import { ActorQueries, actorRepository } from "../actor/actor.repository.js";
import type { ActorRow } from "../actor/actor.table.js";

/** A person or organization as the extractor knows it. */
function knownActorOf({ actor, aliases }: { actor: ActorRow; aliases: string[] }): KnownActor {
  return {
    slug: actor.slug,
    name: actor.name,
    nameEn: actor.nameEn,
    aliases,
    kind: actor.actorType,
    role: actor.role,
    roleEn: actor.roleEn,
    isNewsAgency: actor.kind === "NEWS_AGENCY",
  };
}

// Every person and organization, as the extractor takes them, per connection: read again only
// when the database has changed, not on every extraction.
const knownActorsByConnection = new WeakMap<object, { version: string; actors: KnownActor[] }>();

/** The known actors of the engine a request reads from: SQLite's cached per connection, another engine's read each time. */
export async function knownActorsOf(context: Pick<Context, "db" | "engine" | "repositories">): Promise<KnownActor[]> {
  if (context.engine.dialect.name === "sqlite") return knownActors(context.db);
  return (await context.repositories.actors.everyoneWithAliases()).map(knownActorOf);
}

/** The known actors read through an engine, each time (the CLI on PostgreSQL: one command, one read). */
export async function knownActorsThrough(engine: Pick<ReadEngine, "dialect" | "run">): Promise<KnownActor[]> {
  return (await engine.run(new ActorQueries(engine.dialect).everyoneWithAliases())).map(knownActorOf);
}

export function knownActors(db: Db): KnownActor[] {
  const version = databaseVersion(db.$client);
  const cached = knownActorsByConnection.get(db.$client);
  if (version !== null && cached?.version === version) return cached.actors;
  const actors = actorRepository(db).everyoneWithAliases().map(knownActorOf);
  if (version !== null) knownActorsByConnection.set(db.$client, { version, actors });
  return actors;
}
