// Builds the executable GraphQL schema from the type-graphql classes. Every resolver class of the
// API is listed here; adding a module means adding its resolvers to RESOLVERS.
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { lexicographicSortSchema, type GraphQLSchema } from "graphql";
import { buildSchemaSync, type NonEmptyArray } from "type-graphql";
import { ActorResolver, StatementGroupResolver } from "./modules/actor/actor.resolver.js";
import { ArticleResolver } from "./modules/article/article.resolver.js";
import { IncidentClaimResolver, IncidentResolver } from "./modules/incident/incident.resolver.js";
import { NodeResolver } from "./modules/node/node.resolver.js";
import { OrganizationResolver } from "./modules/organization/organization.resolver.js";
import { Person } from "./modules/person/person.type.js";
import { PersonResolver } from "./modules/person/person.resolver.js";
import { Organization } from "./modules/organization/organization.type.js";
import { StatementResolver } from "./modules/statement/statement.resolver.js";
import { ArticleMutationResolver } from "./modules/article/article.mutation.js";
import { IncidentMutationResolver } from "./modules/incident/incident.mutation.js";
import { OrganizationMutationResolver } from "./modules/organization/organization.mutation.js";
import { PersonMutationResolver } from "./modules/person/person.mutation.js";
import { StatementMutationResolver } from "./modules/statement/statement.mutation.js";
import { authChecker } from "./auth/viewer.js";
import { validateArgument } from "./shared/validation.js";
import "./shared/enums.js";

export const RESOLVERS: NonEmptyArray<Function> = [
  NodeResolver,
  ArticleResolver,
  ActorResolver,
  StatementGroupResolver,
  PersonResolver,
  OrganizationResolver,
  StatementResolver,
  IncidentResolver,
  IncidentClaimResolver,
  ArticleMutationResolver,
  PersonMutationResolver,
  OrganizationMutationResolver,
  StatementMutationResolver,
  IncidentMutationResolver,
];

let cached: GraphQLSchema | undefined;

/** The schema is the same for every server in a process (type-graphql metadata is global). */
export function buildKhabarSchema(): GraphQLSchema {
  cached ??= buildSchemaSync({
    resolvers: RESOLVERS,
    // Types reachable only through interfaces must be listed, or the schema would omit them.
    orphanedTypes: [Person, Organization],
    // class-validator rules on the inputs; validateArgument names the argument in error paths.
    validate: true,
    validateFn: validateArgument,
    // @Authorized("editor" | "admin") on mutations; see auth/viewer.ts.
    authChecker,
    emitSchemaFile: false,
  });
  return cached;
}

/** The public SDL as committed in schema/schema.graphql: sorted, so diffs show real changes. */
export function printPublicSchema(schema: GraphQLSchema = buildKhabarSchema()): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema)).trim()}\n`;
}
