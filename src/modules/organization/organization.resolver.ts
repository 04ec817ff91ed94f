import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { PageArgsInput } from "../../shared/connection.type.js";
import { ActorFilter } from "../actor/actor.input.js";
import { actorConnection, findActor } from "../actor/actor.service.js";
import type { ActorRow } from "../actor/actor.table.js";
import { ArticleConnection } from "../article/article.type.js";
import { Organization, OrganizationConnection } from "./organization.type.js";

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true, description: "One organization by id, slug or Wikidata id (give exactly one); null when there is none." })
  organization(@Arg("id", () => ID, { nullable: true }) id: string | null, @Arg("slug", () => String, { nullable: true }) slug: string | null,
    @Arg("wikidataId", () => String, { nullable: true, description: "A Wikidata item id such as Q23." }) wikidataId: string | null,
    @Ctx() context: Context,
  ) {
    return findActor(context, "ORGANIZATION", id, slug, wikidataId);
  }

  @Query(() => OrganizationConnection, { description: "Organizations, by name." })
  organizations(@Arg("filter", () => ActorFilter, { nullable: true }) filter: ActorFilter | null, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() context: Context) {
    return actorConnection(context, "ORGANIZATION", filter, page);
  }

  @FieldResolver(() => ArticleConnection, { description: "The articles it published as their outlet, newest first." })
  publishedArticles(@Root() organization: ActorRow, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { loaders }: Context) {
    return loaders.articles.pageByOutlet.load(organization.id, page);
  }
}
