// Editing organizations: create and update need an editor key; delete and merge an admin key.
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import type { ActorRow } from "../actor/actor.table.js";
import { createActor, deleteActor, mergeActors, updateActor } from "../actor/actor.edits.js";
import { CreateOrganizationInput, UpdateOrganizationInput } from "./organization.input.js";
import { Organization } from "./organization.type.js";

@Resolver(() => Organization)
export class OrganizationMutationResolver {
  @Authorized("editor")
  @Mutation(() => Organization, { description: "Creates an organization. CONFLICT if the slug is taken by a person or an organization. Needs an editor key." })
  createOrganization(@Arg("input", () => CreateOrganizationInput) input: CreateOrganizationInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): ActorRow | Promise<ActorRow> {
    return createActor({ ...context, reason }, "ORGANIZATION", input);
  }

  @Authorized("editor")
  @Mutation(() => Organization, { description: "Changes an organization; fields left out stay as they are. Needs an editor key." })
  updateOrganization(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateOrganizationInput) input: UpdateOrganizationInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): ActorRow | Promise<ActorRow> {
    return updateActor({ ...context, reason }, "ORGANIZATION", id, input);
  }

  @Authorized("admin")
  @Mutation(() => ID, {
    description: "Deletes an organization and returns its id. CONFLICT while the organization speaks in statements, unless `reassignTo` (slug or id) names who takes them over. Needs an admin key.",
  })
  deleteOrganization(@Arg("id", () => ID) id: string, @Arg("reassignTo", () => String, { nullable: true }) reassignTo: string | null, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): string | Promise<string> {
    return deleteActor({ ...context, reason }, "ORGANIZATION", id, reassignTo);
  }

  @Authorized("admin")
  @Mutation(() => Organization, {
    description: "Folds a duplicate organization (source) into another (target): statements, mentions, claims and aliases move, the source's names become aliases, and the source is deleted. Needs an admin key.",
  })
  mergeOrganizations(@Arg("sourceId", () => ID) sourceId: string, @Arg("targetId", () => ID) targetId: string, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): ActorRow | Promise<ActorRow> {
    return mergeActors({ ...context, reason }, "ORGANIZATION", sourceId, targetId);
  }
}
