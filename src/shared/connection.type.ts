// GraphQL shapes of Relay connections, built once per node type by a factory so every list in the
// API pages the same way.
import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./connection.js";

@ObjectType("PageInfo", { simpleResolvers: true, description: "Where a page sits in its list (Relay cursor connections)." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether more items follow this page: fetch them with `after: endCursor`." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "Whether items precede this page (true when the page was asked for with `after`)." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the first item of the page; null when the page is empty." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the last item of the page; pass it as `after` for the next page." })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgsInput {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return: ${DEFAULT_PAGE_SIZE} by default, at most ${MAX_PAGE_SIZE} (more is a BAD_USER_INPUT error).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return the items after this cursor (a `pageInfo.endCursor` or `edges.cursor`)." })
  after?: string | null;
}

/**
 * `<Name>Connection` and `<Name>Edge` for a node type. The node type is passed as a thunk because
 * entity modules import each other's connections, and ES modules may not be initialized yet.
 */
export function ConnectionType<Node extends object>(nodeType: () => ClassType<Node> | object, name: string, nodeDescription: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${nodeDescription} in a page, with its cursor.` })
  class Edge {
    @Field(() => String, { description: "Opaque cursor of this item; stable when other items are added." })
    cursor!: string;

    @Field(() => nodeType(), { description: `The ${nodeDescription}.` })
    node!: Node;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${nodeDescription} items (Relay connection).` })
  class Connection {
    @Field(() => [Edge], { description: "The items of the page with their cursors." })
    edges!: Edge[];

    @Field(() => [nodeType()], { description: "The items of the page, without cursors (shorthand for edges.node)." })
    nodes!: Node[];

    @Field(() => PageInfo, { description: "Cursors and whether more pages exist." })
    pageInfo!: PageInfo;

    @Field(() => Int, {
      // A getter that may return a promise (a batched count): a resolver-less field is read as a plain
      // property by compiled execution, which would serialize the promise itself.
      simple: false,
      description: "How many items the whole list holds (counted only when asked for)." })
    totalCount!: number;
  }

  return Connection;
}
