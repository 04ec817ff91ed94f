// Editing locations: create and update need an editor key; delete an admin key.
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { createLocation, deleteLocation, updateLocation } from "./location.edits.js";
import { CreateLocationInput, UpdateLocationInput } from "./location.input.js";
import type { LocationRow } from "./location.table.js";
import { Location } from "./location.type.js";

@Resolver(() => Location)
export class LocationMutationResolver {
  @Authorized("editor")
  @Mutation(() => Location, { description: "Creates a location. CONFLICT if the slug is taken. Needs an editor key." })
  createLocation(@Arg("input", () => CreateLocationInput) input: CreateLocationInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): LocationRow | Promise<LocationRow> {
    return createLocation({ ...context, reason }, input);
  }

  @Authorized("editor")
  @Mutation(() => Location, { description: "Changes a location; fields left out stay as they are. A parent chain that loops is BAD_USER_INPUT. Needs an editor key." })
  updateLocation(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateLocationInput) input: UpdateLocationInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): LocationRow | Promise<LocationRow> {
    return updateLocation({ ...context, reason }, id, input);
  }

  @Authorized("admin")
  @Mutation(() => ID, {
    description: "Deletes a location and returns its id. CONFLICT while incidents happened there, unless `reassignTo` (a location id) names where they move, or while places lie inside it. Needs an admin key.",
  })
  deleteLocation(@Arg("id", () => ID) id: string, @Arg("reassignTo", () => ID, { nullable: true }) reassignTo: string | null, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): string | Promise<string> {
    return deleteLocation({ ...context, reason }, id, reassignTo);
  }
}
