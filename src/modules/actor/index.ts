// The actor module: people and organizations, who share the `actors` table, its loaders and the
// Actor interface (the person/ and organization/ folders hold what differs between them).
import { ENTITY_MAX_AGE } from "../../shared/cache-policy.js";
import type { Context } from "../../context.js";
import { actorRecordBatches, checkOrganizationRecord, checkPersonRecord, type OrganizationRecord, type PersonRecord } from "./actor.record.js";
import { ActorWriter } from "./actor.writer.js";
import type { KhabarModule, NodeTypeDefinition } from "../module.js";
import { OrganizationMutationResolver } from "../organization/organization.mutation.js";
import { organizationReference } from "../organization/organization.reference.js";
import { OrganizationResolver } from "../organization/organization.resolver.js";
import { Organization } from "../organization/organization.type.js";
import { PersonMutationResolver } from "../person/person.mutation.js";
import { personReference } from "../person/person.reference.js";
import { PersonResolver } from "../person/person.resolver.js";
import { Person } from "../person/person.type.js";
import { createActorLoaders } from "./actor.loaders.js";
import { ActorQueries } from "./actor.repository.js";
import { ActorResolver, StatementGroupResolver } from "./actor.resolver.js";
import { actorFields, indexUnindexedActors, ORGANIZATION_SEARCH_CODE, PERSON_SEARCH_CODE, reindexActors } from "./actor.search.js";
import type { ActorRow, ActorType } from "./actor.table.js";

export type ActorLoaders = ReturnType<typeof createActorLoaders>;

/** A Person id that points at an organization's row is not found, and the other way round. */
async function loadActor(context: Context, id: number, actorType: ActorType): Promise<ActorRow | null> {
  const actor = await context.loaders.actors.byId.load(id);
  return actor?.actorType === actorType ? actor : null;
}

async function actorSearchFields(context: Context, row: object) {
  const actor = row as ActorRow;
  const aliases = await context.loaders.actors.aliases.load(actor.id);
  return actorFields(actor, aliases.map((alias) => alias.alias));
}

const personType: NodeTypeDefinition = {
  name: "Person",
  classType: Person,
  load: (context, id) => loadActor(context, id, "PERSON"),
  reference: personReference,
  search: { code: PERSON_SEARCH_CODE, enumValue: "PERSON", description: "People, by name, English name, aliases and role.", fields: actorSearchFields },
};

const organizationType: NodeTypeDefinition = {
  name: "Organization",
  classType: Organization,
  load: (context, id) => loadActor(context, id, "ORGANIZATION"),
  reference: organizationReference,
  search: { code: ORGANIZATION_SEARCH_CODE, enumValue: "ORGANIZATION", description: "Organizations, by name, English name and aliases.", fields: actorSearchFields },
};

export const actorModule: KhabarModule<"actors", ActorQueries, ActorLoaders> = {
  key: "actors",
  resolvers: [ActorResolver, StatementGroupResolver, PersonResolver, OrganizationResolver, PersonMutationResolver, OrganizationMutationResolver],
  // Reachable only through the Actor interface: type-graphql would otherwise leave them out.
  orphanedTypes: [Person, Organization],
  nodeTypes: [personType, organizationType],
  createQueries: (dialect) => new ActorQueries(dialect),
  createLoaders: createActorLoaders,
  records: {
    kinds: [
      { type: "organization", check: checkOrganizationRecord, write: function* (session, record: OrganizationRecord) { return { outcome: yield* new ActorWriter(session).write(record) }; } },
      { type: "person", check: checkPersonRecord, write: function* (session, record: PersonRecord) { return { outcome: yield* new ActorWriter(session).write(record) }; } },
    ],
    exportBatches: actorRecordBatches,
  },
  reindex: reindexActors,
  indexMissing: indexUnindexedActors,
  cacheHints: { types: { Person: ENTITY_MAX_AGE, Organization: ENTITY_MAX_AGE, Actor: ENTITY_MAX_AGE, StatementGroup: ENTITY_MAX_AGE } },
};
