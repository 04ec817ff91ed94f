// Which fields a query asks of the objects a relation returns, so the relation's SQL can read only
// the columns those fields need. A nested page of statements that asks for `text` and `speaker`
// needs 6 of the table's 13 columns; reading and converting the other 7 was a third of the
// request's SQL time and much of its garbage.
import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/** Where the objects are: the field's own value, or a connection's `edges.node` and `nodes`. */
export type ResultShape = "object" | "connection";

function included(node: FieldNode | SelectionSetNode["selections"][number], variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/** The fields of selection sets, fragments expanded (whatever their type condition). */
function collect(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo, into: Map<string, SelectionSetNode[]>, seen = new Set<string>()): void {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (!included(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const children = into.get(name) ?? [];
        if (selection.selectionSet) children.push(selection.selectionSet);
        into.set(name, children);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect([selection.selectionSet], info, into, seen);
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (!fragment || seen.has(name)) continue;
        seen.add(name);
        collect([fragment.selectionSet], info, into, seen);
      }
    }
  }
}

function fieldsOf(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo): Map<string, SelectionSetNode[]> {
  const fields = new Map<string, SelectionSetNode[]>();
  collect(sets, info, fields);
  return fields;
}

/** The selection sets of the objects this field returns: its own, or a connection's `edges.node` and `nodes`. */
function objectSets(info: GraphQLResolveInfo, shape: ResultShape): SelectionSetNode[] {
  const own = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  if (shape === "object") return own;
  const top = fieldsOf(own, info);
  const edges = fieldsOf(top.get("edges") ?? [], info);
  return [...(top.get("nodes") ?? []), ...(edges.get("node") ?? [])];
}

const remembered = new WeakMap<readonly FieldNode[], { variables: unknown; fields: ReadonlySet<string> }>();
const rememberedBelow = new WeakMap<readonly FieldNode[], { variables: unknown; below: Map<string, ReadonlySet<string> | null> }>();

/**
 * The fields selected on the objects of `relation`, a field of the objects this field returns
 * (for a page of statements, what is asked of each statement's `speaker`), or null when the
 * relation is not selected. Every alias of the relation counts: the union of their selections.
 */
export function selectedFieldsBelow(info: GraphQLResolveInfo, shape: ResultShape, relation: string): ReadonlySet<string> | null {
  let known = rememberedBelow.get(info.fieldNodes);
  if (!known || known.variables !== info.variableValues) rememberedBelow.set(info.fieldNodes, (known = { variables: info.variableValues, below: new Map() }));
  let fields = known.below.get(relation);
  if (fields === undefined) {
    const sets = fieldsOf(objectSets(info, shape), info).get(relation);
    fields = sets ? new Set(fieldsOf(sets, info).keys()) : null;
    known.below.set(relation, fields);
  }
  return fields;
}

/**
 * The names of the fields selected on the objects this field returns. Fragments count whatever
 * their type condition (a union of the possible types' fields: more columns, never fewer).
 * Remembered per field node list and variables, since every parent of a page asks the same.
 */
export function selectedFields(info: GraphQLResolveInfo, shape: ResultShape): ReadonlySet<string> {
  const known = remembered.get(info.fieldNodes);
  if (known && known.variables === info.variableValues) return known.fields;
  const fields: ReadonlySet<string> = new Set(fieldsOf(objectSets(info, shape), info).keys());
  remembered.set(info.fieldNodes, { variables: info.variableValues, fields });
  return fields;
}
