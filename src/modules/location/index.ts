// The location module: places incidents happen at, each inside its parent.
import type { WriteSession } from "../../db/write-session.js";
import { ENTITY_MAX_AGE } from "../../shared/cache-policy.js";
import type { KhabarModule } from "../module.js";
import { locationWriter } from "./location.edits.js";
import { createLocationLoaders } from "./location.loaders.js";
import { LocationMutationResolver } from "./location.mutation.js";
import { checkLocationRecord, locationRecordBatches, type LocationRecord } from "./location.record.js";
import { locationReference } from "./location.reference.js";
import { LocationQueries } from "./location.repository.js";
import { LocationResolver } from "./location.resolver.js";
import { indexUnindexedLocations, locationFields, LOCATION_SEARCH_CODE, reindexLocations } from "./location.search.js";
import type { LocationRow } from "./location.table.js";
import { Location } from "./location.type.js";

export type LocationLoaders = ReturnType<typeof createLocationLoaders>;

export const locationModule: KhabarModule<"locations", LocationQueries, LocationLoaders> = {
  key: "locations",
  resolvers: [LocationResolver, LocationMutationResolver],
  nodeTypes: [
    {
      name: "Location",
      classType: Location,
      load: (context, id) => context.loaders.locations.byId.load(id),
      reference: locationReference,
      search: {
        code: LOCATION_SEARCH_CODE,
        enumValue: "LOCATION",
        description: "Locations, by name, English name and aliases.",
        fields: async (context, row) => {
          const location = row as LocationRow;
          const aliases = await context.loaders.locations.aliases.load(location.id);
          return locationFields(location, aliases.map((alias) => alias.alias));
        },
      },
    },
  ],
  createQueries: (dialect) => new LocationQueries(dialect),
  createLoaders: createLocationLoaders,
  records: {
    kinds: [{ type: "location", check: checkLocationRecord, write: function* (session: WriteSession, record: LocationRecord) { return { outcome: yield* locationWriter(session).write(record) }; } }],
    exportBatches: locationRecordBatches,
  },
  reindex: reindexLocations,
  indexMissing: indexUnindexedLocations,
  cacheHints: { types: { Location: ENTITY_MAX_AGE } },
};
