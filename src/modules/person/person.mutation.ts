// Editing people: create and update need an editor key; delete and merge an admin key.
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import type { ActorRow } from "../actor/actor.table.js";
import { createActor, deleteActor, mergeActors, updateActor } from "../actor/actor.edits.js";
import { CreatePersonInput, UpdatePersonInput } from "./person.input.js";
import { Person } from "./person.type.js";

@Resolver(() => Person)
export class PersonMutationResolver {
  @Authorized("editor")
  @Mutation(() => Person, { description: "Creates a person. CONFLICT if the slug is taken by a person or an organization. Needs an editor key." })
  createPerson(@Arg("input", () => CreatePersonInput) input: CreatePersonInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): ActorRow | Promise<ActorRow> {
    return createActor({ ...context, reason }, "PERSON", input);
  }

  @Authorized("editor")
  @Mutation(() => Person, { description: "Changes a person; fields left out stay as they are. Needs an editor key." })
  updatePerson(@Arg("id", () => ID) id: string, @Arg("input", () => UpdatePersonInput) input: UpdatePersonInput, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): ActorRow | Promise<ActorRow> {
    return updateActor({ ...context, reason }, "PERSON", id, input);
  }

  @Authorized("admin")
  @Mutation(() => ID, {
    description: "Deletes a person and returns its id. CONFLICT while the person speaks in statements, unless `reassignTo` (slug or id) names who takes them over. Needs an admin key.",
  })
  deletePerson(@Arg("id", () => ID) id: string, @Arg("reassignTo", () => String, { nullable: true }) reassignTo: string | null, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): string | Promise<string> {
    return deleteActor({ ...context, reason }, "PERSON", id, reassignTo);
  }

  @Authorized("admin")
  @Mutation(() => Person, {
    description: "Folds a duplicate person (source) into another (target): statements, mentions, claims and aliases move, the source's names become aliases, and the source is deleted. Needs an admin key.",
  })
  mergePeople(@Arg("sourceId", () => ID) sourceId: string, @Arg("targetId", () => ID) targetId: string, @Arg("reason", () => String, { nullable: true, description: "Why: kept on the revisions the change writes." }) reason: string | null, @Ctx() context: Context): ActorRow | Promise<ActorRow> {
    return mergeActors({ ...context, reason }, "PERSON", sourceId, targetId);
  }
}
