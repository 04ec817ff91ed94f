// Editing incidents: create and update need an editor key; delete an admin key.
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { createIncident, deleteIncident, updateIncident } from "./incident.edits.js";
import { CreateIncidentInput, UpdateIncidentInput } from "./incident.input.js";
import type { IncidentRow } from "./incident.table.js";
import { Incident } from "./incident.type.js";

@Resolver(() => Incident)
export class IncidentMutationResolver {
  @Authorized("editor")
  @Mutation(() => Incident, { description: "Creates an incident. CONFLICT if the slug is taken. Needs an editor key." })
  createIncident(@Arg("input", () => CreateIncidentInput) input: CreateIncidentInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): IncidentRow | Promise<IncidentRow> {
    return createIncident({ ...context, reason }, input);
  }

  @Authorized("editor")
  @Mutation(() => Incident, { description: "Changes an incident; fields left out stay as they are. Needs an editor key." })
  updateIncident(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateIncidentInput) input: UpdateIncidentInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): IncidentRow | Promise<IncidentRow> {
    return updateIncident({ ...context, reason }, id, input);
  }

  @Authorized("admin")
  @Mutation(() => ID, { description: "Deletes an incident (its links to articles and statements go with it) and returns its id. Needs an admin key." })
  deleteIncident(@Arg("id", () => ID) id: string, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): string | Promise<string> {
    return deleteIncident({ ...context, reason }, id);
  }
}
