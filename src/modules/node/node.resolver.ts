import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { BadUserInputError } from "../../shared/errors.js";
import { decodeGlobalId, parseGlobalId, type DecodedId } from "../../shared/global-id.js";
import { Node, typed } from "./node.type.js";

const MAX_NODES = 100;

/** Loads any node through the loaders; a Person id that points at an organization row is not found. */
export async function loadNode(context: Context, { type, id }: DecodedId): Promise<object | null> {
  const { loaders } = context;
  let row: object | null;
  switch (type) {
    case "Article":
      row = await loaders.articles.byId.load(id);
      break;
    case "Statement":
      row = await loaders.statements.byId.load(id);
      break;
    case "Incident":
      row = await loaders.incidents.byId.load(id);
      break;
    case "Person":
    case "Organization": {
      const actor = await loaders.actors.byId.load(id);
      row = actor && (actor.actorType === "PERSON") === (type === "Person") ? actor : null;
      break;
    }
  }
  return row ? typed(row, type) : null;
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global id (Relay); null when it does not exist." })
  node(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
    return loadNode(context, decodeGlobalId(id));
  }

  @Query(() => [Node], { nullable: "items", description: `Many objects by global id, in the order asked (null for unknown ids); at most ${MAX_NODES}.` })
  nodes(@Arg("ids", () => [ID]) ids: string[], @Ctx() context: Context) {
    if (ids.length > MAX_NODES) throw BadUserInputError.field("ids", `at most ${MAX_NODES} ids at once, got ${ids.length}`);
    const invalid = ids.findIndex((id) => parseGlobalId(id) === null);
    if (invalid >= 0) throw BadUserInputError.field(`ids.${invalid}`, `"${ids[invalid]}" is not a valid id`);
    return Promise.all(ids.map((id) => loadNode(context, decodeGlobalId(id))));
  }
}
