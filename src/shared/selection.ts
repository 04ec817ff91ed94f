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

const remembered = new WeakMap<readonly FieldNode[], { variables: unknown; fields: ReadonlySet<string> }>();

/**
 * The names of the fields selected on the objects this field returns. Fragments count whatever
 * their type condition (a union of the possible types' fields: more columns, never fewer).
 * Remembered per field node list and variables, since every parent of a page asks the same.
 */
export function selectedFields(info: GraphQLResolveInfo, shape: ResultShape): ReadonlySet<string> {
  const known = remembered.get(info.fieldNodes);
  if (known && known.variables === info.variableValues) return known.fields;
  const own = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  let sets = own;
  if (shape === "connection") {
    const top = fieldsOf(own, info);
    const edges = fieldsOf(top.get("edges") ?? [], info);
    sets = [...(top.get("nodes") ?? []), ...(edges.get("node") ?? [])];
  }
  const fields: ReadonlySet<string> = new Set(fieldsOf(sets, info).keys());
  remembered.set(info.fieldNodes, { variables: info.variableValues, fields });
  return fields;
}
