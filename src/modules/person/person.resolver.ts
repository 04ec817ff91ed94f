import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { PageArgsInput } from "../../shared/connection.type.js";
import { ActorFilter } from "../actor/actor.input.js";
import { actorConnection, findActor } from "../actor/actor.service.js";
import type { ActorRow } from "../actor/actor.table.js";
import { Organization } from "../organization/organization.type.js";
import { Person, PersonConnection } from "./person.type.js";

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: "One person by id, slug or Wikidata id (give exactly one); null when there is none." })
  person(@Arg("id", () => ID, { nullable: true }) id: string | null, @Arg("slug", () => String, { nullable: true }) slug: string | null,
    @Arg("wikidataId", () => String, { nullable: true, description: "A Wikidata item id such as Q23." }) wikidataId: string | null,
    @Ctx() context: Context,
  ) {
    return findActor(context, "PERSON", id, slug, wikidataId);
  }

  @Query(() => PersonConnection, { description: "People, by name." })
  people(@Arg("filter", () => ActorFilter, { nullable: true }) filter: ActorFilter | null, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() context: Context) {
    return actorConnection(context, "PERSON", filter, page);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The organization the person belongs to or speaks for." })
  async affiliation(@Root() person: ActorRow, @Ctx() { loaders }: Context): Promise<ActorRow | null> {
    return person.affiliationId == null ? null : loaders.actors.byId.load(person.affiliationId);
  }
}
