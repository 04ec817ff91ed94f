// The revision module: the editorial trail. Every other module's writer records a revision of
// each change it makes (revision.writer.ts); this module reads them back — `revisions` on each
// entity, the audit log — and restores them.
import { Article } from "../article/article.type.js";
import { Incident } from "../incident/incident.type.js";
import { Location } from "../location/location.type.js";
import type { KhabarModule } from "../module.js";
import { Organization } from "../organization/organization.type.js";
import { Person } from "../person/person.type.js";
import { Statement } from "../statement/statement.type.js";
import { createRevisionLoaders } from "./revision.loaders.js";
import { RevisionQueries } from "./revision.repository.js";
import { createRevisionsFieldResolver, RevisionResolver } from "./revision.resolver.js";

export type RevisionLoaders = ReturnType<typeof createRevisionLoaders>;

export const revisionModule: KhabarModule<"revisions", RevisionQueries, RevisionLoaders> = {
  key: "revisions",
  resolvers: [
    RevisionResolver,
    createRevisionsFieldResolver(Article, "Article"),
    createRevisionsFieldResolver(Person, "Person"),
    createRevisionsFieldResolver(Organization, "Organization"),
    createRevisionsFieldResolver(Statement, "Statement"),
    createRevisionsFieldResolver(Incident, "Incident"),
    createRevisionsFieldResolver(Location, "Location"),
  ],
  createQueries: (dialect) => new RevisionQueries(dialect),
  createLoaders: createRevisionLoaders,
};
