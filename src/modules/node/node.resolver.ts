import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { BadUserInputError } from "../../shared/errors.js";
import { decodeGlobalId, parseGlobalId, type DecodedId } from "../../shared/global-id.js";
import type { NodeTypeDefinition } from "../module.js";
import { Node, typed } from "./node.type.js";

const MAX_NODES = 100;

/** Loads any node of the module list by its decoded id, through the request's loaders. */
export type NodeLoader = (context: Context, id: DecodedId) => Promise<object | null>;

export function createNodeLoader(nodeTypes: readonly NodeTypeDefinition[]): NodeLoader {
  const byName = new Map(nodeTypes.map((definition) => [definition.name, definition]));
  return async (context, { type, id }) => {
    const definition = byName.get(type);
    const row = definition ? await definition.load(context, id) : null;
    return row ? typed(row, type) : null;
  };
}

/** `node(id:)` and `nodes(ids:)` over the given node types (the module list's). */
export function createNodeResolver(nodeTypes: readonly NodeTypeDefinition[]): Function {
  const known = new Set(nodeTypes.map((definition) => definition.name));
  const loadNode = createNodeLoader(nodeTypes);

  @Resolver()
  class NodeResolver {
    @Query(() => Node, { nullable: true, description: "Any object by its global id (Relay); null when it does not exist." })
    node(@Arg("id", () => ID) id: string, @Ctx() context: Context) {
      return loadNode(context, decodeGlobalId(id, "id", known));
    }

    @Query(() => [Node], { nullable: "items", description: `Many objects by global id, in the order asked (null for unknown ids); at most ${MAX_NODES}.` })
    nodes(@Arg("ids", () => [ID]) ids: string[], @Ctx() context: Context) {
      if (ids.length > MAX_NODES) throw BadUserInputError.field("ids", `at most ${MAX_NODES} ids at once, got ${ids.length}`);
      const invalid = ids.findIndex((id) => parseGlobalId(id, known) === null);
      if (invalid >= 0) throw BadUserInputError.field(`ids.${invalid}`, `"${ids[invalid]}" is not a valid id`);
      return Promise.all(ids.map((id) => loadNode(context, decodeGlobalId(id, "id", known))));
    }
  }
  return NodeResolver;
}
