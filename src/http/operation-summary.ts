// What Khabar's checks need to know about an operation, computed in one walk (operation-walker.ts)
// and shared: query limits (depth, aliases, directives, cost, arguments), cache hints (the fields
// selected) and the router secret (the root fields). The summary holds facts, not verdicts, so it
// depends on the schema, the document and the variables only, never on a server's configuration;
// each check applies its own limits or policy to it.
//
// Apollo reuses the parsed document of a repeated query, so summaries are remembered per operation
// node, keyed by the values of the variables the walk read: those of `@skip`/`@include` and of the
// cost's `first` and `ids`. Arguments are kept as written (values or `$variables`) and resolved by
// the check that reads them, so `person(slug: $slug)` is walked once whatever the slug. Within a
// request, the plugins that ask share one summary, so an operation is walked at most once per
// request even when it cannot be remembered.
import type { GraphQLRequest } from "@apollo/server";
import {
  getNullableType,
  isListType,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from "graphql";
import { DEFAULT_PAGE_SIZE, isPageSize } from "../shared/connection.js";
import { combineMeasures, fieldRecorder, walkOperation, type OperationMeasure } from "./operation-walker.js";

/** Plain lists (not connections) are bounded by one article or incident: assume this many items. */
export const PLAIN_LIST_ESTIMATE = 10;

/** A field of the schema that the operation selects (outside introspection). */
export interface SelectedField {
  parentType: GraphQLObjectType | GraphQLInterfaceType;
  definition: GraphQLField<unknown, unknown>;
  /** Selected as a root field of the operation. */
  root: boolean;
}

/** An argument written on a selected field, as written: resolve `value` with the request's variables (`valueOf`). */
export interface SelectedArgument {
  definition: GraphQLArgument;
  value: ValueNode;
}

export interface OperationSummary {
  /** Deepest nesting of fields (a root field is depth 1). */
  depth: number;
  /** Aliased fields, fragments expanded. */
  aliases: number;
  /** Directives written on what the operation selects, fragments expanded. */
  directives: number;
  /** Estimated objects resolved (see `COST`). */
  cost: number;
  /** Each selected (parent type, field, root level) once. */
  fields: readonly SelectedField[];
  /** Names of the root fields, meta fields included. */
  rootFields: ReadonlySet<string>;
  /** Arguments of the selected fields (meta fields included), in document order. */
  arguments: readonly SelectedArgument[];
  /** A `@skip`/`@include` condition read a variable. */
  conditionsReadVariables: boolean;
  /** The variables the walk read: the summary holds for any variables that agree on these. */
  variablesRead: ReadonlySet<string>;
}

export const DEPTH: OperationMeasure<number> = {
  empty: 0,
  field: (_field, children) => 1 + children,
  combine: Math.max,
};

export const ALIASES: OperationMeasure<number> = {
  empty: 0,
  field: (field, children) => children + (field.node.alias ? 1 : 0),
  combine: (total, next) => total + next,
};

export const DIRECTIVES: OperationMeasure<number> = {
  empty: 0,
  field: (field, children) => children + (field.node.directives?.length ?? 0),
  combine: (total, next) => total + next,
  directives: (value, directives) => value + directives.length,
};

/**
 * Estimated number of objects the operation resolves: a field with a selection set counts 1 plus
 * its selection times a multiplier. A field with a `first` argument multiplies by `first` (the
 * default page size when absent); `edges`/`nodes` of a `*Connection` do not multiply again; other
 * lists count PLAIN_LIST_ESTIMATE items (or the length of their `ids`). Leaves and introspection
 * cost nothing.
 */
export const COST: OperationMeasure<number> = {
  empty: 0,
  field(field, children) {
    const { definition, node, parentType } = field;
    if (!definition || field.meta || !node.selectionSet) return 0;
    let multiplier = 1;
    if (definition.args.some((argument) => argument.name === "first")) {
      const first = field.argument("first");
      // An invalid `first` is refused by the argument check; any estimate will do meanwhile.
      multiplier = isPageSize(first) ? first : DEFAULT_PAGE_SIZE;
    } else if (isListType(getNullableType(definition.type)) && !parentType?.name.endsWith("Connection")) {
      const ids = field.argument("ids");
      multiplier = Array.isArray(ids) ? ids.length : PLAIN_LIST_ESTIMATE;
    }
    return 1 + multiplier * children;
  },
  combine: (total, next) => total + next,
};

/** Walks the operation once and summarizes it (not remembered; see `operationSummary`). */
export function summarizeOperation(
  schema: GraphQLSchema | undefined,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
): OperationSummary {
  const fields = new Map<string, SelectedField>();
  const rootFields = new Set<string>();
  const selectedArguments: SelectedArgument[] = [];
  const record = fieldRecorder(({ node, parentType, definition, root, meta }) => {
    if (root) rootFields.add(node.name.value);
    if (!definition) return;
    for (const written of node.arguments ?? []) {
      const argumentDefinition = definition.args.find((candidate) => candidate.name === written.name.value);
      if (argumentDefinition) selectedArguments.push({ definition: argumentDefinition, value: written.value });
    }
    if (meta || !parentType || !("getFields" in parentType)) return;
    const key = `${root ? "/" : ""}${parentType.name}.${definition.name}`;
    if (!fields.has(key)) fields.set(key, { parentType, definition, root });
  });
  const { value, conditionsReadVariables, variablesRead } = walkOperation(
    operation,
    { schema, fragments: document, variables },
    combineMeasures({ depth: DEPTH, aliases: ALIASES, directives: DIRECTIVES, cost: COST, record }),
  );
  return {
    depth: value.depth,
    aliases: value.aliases,
    directives: value.directives,
    cost: value.cost,
    fields: [...fields.values()],
    rootFields,
    arguments: selectedArguments,
    conditionsReadVariables,
    variablesRead,
  };
}

/** Summaries kept per operation (for distinct values of the variables they read); beyond that they are walked per request. */
const MAX_VARIABLE_SETS = 64;
/** Keys longer than this (JSON of the variables read) are not remembered. */
const MAX_KEY_LENGTH = 2048;

interface Remembered {
  schema: GraphQLSchema | undefined;
  /** Every variable a walk of this operation has read; the key is their values. */
  names: readonly string[];
  byKey: Map<string, OperationSummary>;
}

/** The values of the named variables, an absent one told apart from null (a declared default fills in the first only). */
function keyOf(names: readonly string[], variables: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(names.map((name) => (variables[name] === undefined ? 0 : [variables[name]])));
}

const byOperation = new WeakMap<OperationDefinitionNode, Remembered>();

/** `summarizeOperation`, remembered per operation node (Apollo reuses the parsed document). */
export function rememberedSummary(
  schema: GraphQLSchema | undefined,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> = {},
): OperationSummary {
  let remembered = byOperation.get(operation);
  if (remembered && remembered.schema === schema) {
    const known = remembered.byKey.get(keyOf(remembered.names, variables));
    if (known) return known;
  } else {
    byOperation.set(operation, (remembered = { schema, names: [], byKey: new Map() }));
  }
  const summary = summarizeOperation(schema, document, operation, variables);
  // Other variables may lead a walk to read more of them (a condition that now keeps a subtree):
  // the key then grows to cover them, and what was remembered under the narrower key is dropped.
  const names = remembered.names;
  if ([...summary.variablesRead].some((name) => !names.includes(name))) {
    remembered.names = [...new Set([...names, ...summary.variablesRead])].sort();
    remembered.byKey.clear();
  }
  const key = keyOf(remembered.names, variables);
  if (key.length <= MAX_KEY_LENGTH && remembered.byKey.size < MAX_VARIABLE_SETS) remembered.byKey.set(key, summary);
  return summary;
}

const byRequest = new WeakMap<GraphQLRequest, { operation: OperationDefinitionNode; summary: OperationSummary }>();

/** The summary of a request's operation, for a plugin's `didResolveOperation`; shared by all plugins of the request. */
export function operationSummary({
  schema,
  document,
  operation,
  request,
}: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  request: GraphQLRequest;
}): OperationSummary {
  const known = byRequest.get(request);
  if (known?.operation === operation) return known.summary;
  const summary = rememberedSummary(schema, document, operation, request.variables ?? {});
  byRequest.set(request, { operation, summary });
  return summary;
}
