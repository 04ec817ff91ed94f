// What Khabar's checks need to know about an operation, computed in one walk (operation-walker.ts)
// and shared: query limits (depth, aliases, directives, cost, arguments), cache hints (the fields
// selected) and the router secret (the root fields). The summary holds facts, not verdicts, so it
// depends on the schema, the document and the variables only, never on a server's configuration;
// each check applies its own limits or policy to it.
//
// Apollo reuses the parsed document of a repeated query, so summaries are remembered per operation
// node: one for any variables when the walk read none, otherwise a few per distinct variables.
// Within a request, the plugins that ask share one summary, so an operation is walked at most once
// per request even when its variables are too large to remember.
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

/** An argument written on a selected field, with variables substituted (not coerced). */
export interface SelectedArgument {
  definition: GraphQLArgument;
  value: unknown;
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
  /** The walk read a variable: the summary holds for these variables only. */
  readVariables: boolean;
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
  const record = fieldRecorder(({ node, parentType, definition, root, meta, argument }) => {
    if (root) rootFields.add(node.name.value);
    if (!definition) return;
    for (const written of node.arguments ?? []) {
      const argumentDefinition = definition.args.find((candidate) => candidate.name === written.name.value);
      if (argumentDefinition) selectedArguments.push({ definition: argumentDefinition, value: argument(written.name.value) });
    }
    if (meta || !parentType || !("getFields" in parentType)) return;
    const key = `${root ? "/" : ""}${parentType.name}.${definition.name}`;
    if (!fields.has(key)) fields.set(key, { parentType, definition, root });
  });
  const { value, conditionsReadVariables, readVariables } = walkOperation(
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
    readVariables,
  };
}

/** Summaries kept per operation and distinct variables; beyond that they are walked per request. */
const MAX_VARIABLE_SETS = 64;
/** Variables longer than this (as JSON) are not remembered: the summary would be as large. */
const MAX_VARIABLES_KEY = 2048;

interface Remembered {
  schema: GraphQLSchema | undefined;
  /** The summary, when its walk read no variable: it holds for any. */
  forAnyVariables?: OperationSummary;
  byVariables: Map<string, OperationSummary>;
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
  if (!remembered || remembered.schema !== schema) byOperation.set(operation, (remembered = { schema, byVariables: new Map() }));
  if (remembered.forAnyVariables) return remembered.forAnyVariables;
  const key = JSON.stringify(variables);
  const known = key.length <= MAX_VARIABLES_KEY ? remembered.byVariables.get(key) : undefined;
  if (known) return known;
  const summary = summarizeOperation(schema, document, operation, variables);
  if (!summary.readVariables) remembered.forAnyVariables = summary;
  else if (key.length <= MAX_VARIABLES_KEY && remembered.byVariables.size < MAX_VARIABLE_SETS) remembered.byVariables.set(key, summary);
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
