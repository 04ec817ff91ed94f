import { Field, ID, InterfaceType } from "type-graphql";
import type { NodeType } from "../../shared/global-id.js";

/** Tags a row with its GraphQL type where a Node or union field returns rows of several tables. */
export const NODE_TYPE = Symbol("khabar.nodeType");

export type Typed<Row> = Row & { [NODE_TYPE]: NodeType };

export function typed<Row extends object>(row: Row, type: NodeType): Typed<Row> {
  return Object.assign(row, { [NODE_TYPE]: type });
}

export function nodeTypeOf(value: unknown): NodeType | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as Partial<Typed<object>>)[NODE_TYPE];
}

@InterfaceType("Node", {
  description: "An object with a global id (Relay): fetch any of them again with `node(id:)`.",
  resolveType: (value) => nodeTypeOf(value),
})
export abstract class Node {
  @Field(() => ID, { description: "Opaque global id, stable for the life of the object." })
  id!: string;
}
