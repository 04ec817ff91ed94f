// The incident module: incidents, their perpetrators and claims, and the articles that report them.
import { ENTITY_MAX_AGE } from "../../shared/cache-policy.js";
import { checkIncidentRecord, incidentRecordBatches, type IncidentRecord } from "./incident.record.js";
import { IncidentWriter } from "./incident.writer.js";
import type { KhabarModule } from "../module.js";
import { createIncidentLoaders } from "./incident.loaders.js";
import { IncidentMutationResolver } from "./incident.mutation.js";
import { incidentReference } from "./incident.reference.js";
import { IncidentQueries } from "./incident.repository.js";
import { IncidentClaimResolver, IncidentResolver } from "./incident.resolver.js";
import { IncidentSubscriptionResolver } from "./incident.subscription.js";
import { incidentFields, INCIDENT_SEARCH_CODE, reindexIncidents } from "./incident.search.js";
import type { IncidentRow } from "./incident.table.js";
import { Incident } from "./incident.type.js";

export type IncidentLoaders = ReturnType<typeof createIncidentLoaders>;

export const incidentModule: KhabarModule<"incidents", IncidentQueries, IncidentLoaders> = {
  key: "incidents",
  resolvers: [IncidentResolver, IncidentClaimResolver, IncidentMutationResolver, IncidentSubscriptionResolver],
  nodeTypes: [
    {
      name: "Incident",
      classType: Incident,
      load: (context, id) => context.loaders.incidents.byId.load(id),
      reference: incidentReference,
      search: {
        code: INCIDENT_SEARCH_CODE,
        enumValue: "INCIDENT",
        description: "Incidents, by title, English title, place and summary.",
        fields: async (context, row) => {
          const incident = row as IncidentRow;
          if (incident.locationId === null) return incidentFields(incident, null);
          const [location, facts] = await Promise.all([context.loaders.locations.byId.load(incident.locationId), context.loaders.locations.facts.load(incident.locationId)]);
          return incidentFields(incident, location && { name: location.name, region: facts?.region ?? null });
        },
      },
    },
  ],
  createQueries: (dialect) => new IncidentQueries(dialect),
  createLoaders: createIncidentLoaders,
  records: {
    kinds: [{ type: "incident", check: checkIncidentRecord, write: function* (session, record: IncidentRecord) { return { outcome: yield* new IncidentWriter(session).write(record) }; } }],
    exportBatches: incidentRecordBatches,
  },
  reindex: reindexIncidents,
  cacheHints: { types: { Incident: ENTITY_MAX_AGE, IncidentClaim: ENTITY_MAX_AGE } },
};
