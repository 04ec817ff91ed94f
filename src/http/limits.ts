// Query limits, enforced before any resolver (and so any SQL) runs, and never as a 500.
//
// Depth, aliases and directives depend on the document alone: they are a validation rule, so
// Apollo answers 400 and caches the verdict with the document. Cost, `first` and string lengths
// depend on the variables too: they are checked in `didResolveOperation`, with an explicit
// `http.status` of 400 (Apollo answers 500 for an error thrown there without one; see STACK.md).
// Fragments are measured once each (memoized), so a fragment "bomb" that expands exponentially is
// measured in linear time; cycles are refused by graphql's NoFragmentCycles and skipped here.
import type { ApolloServerPlugin } from "@apollo/server";
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTVisitor,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from "graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../shared/connection.js";
import { ErrorCode, KhabarError } from "../shared/errors.js";
import type { QueryLimits } from "./hardening-config.js";

/** Plain lists (not connections) are bounded by one article or incident: assume this many items. */
const PLAIN_LIST_ESTIMATE = 10;
const SEARCH_ARGUMENTS = new Set(["search", "query"]);

export class QueryTooComplexError extends KhabarError {
  constructor(message: string, measure: string, limit: number, actual: number) {
    super(ErrorCode.QUERY_TOO_COMPLEX, message, { limit: { measure, maximum: limit, actual }, http: { status: 400 } });
  }
}

function badInput(path: string, message: string): KhabarError {
  return new KhabarError(ErrorCode.BAD_USER_INPUT, `${path}: ${message}`, { fieldErrors: [{ path, message }], http: { status: 400 } });
}

// ---------------------------------------------------------------------------------------------
// Static measures: depth, aliases, directives.

export interface StaticMeasure {
  depth: number;
  aliases: number;
  directives: number;
}

function countDirectives(directives: readonly DirectiveNode[] | undefined): number {
  return directives?.length ?? 0;
}

/** Depth, aliases and directives of an operation, with fragments expanded (memoized per fragment). */
export function measureOperation(operation: OperationDefinitionNode, fragments: (name: string) => FragmentDefinitionNode | undefined): StaticMeasure {
  const memo = new Map<string, StaticMeasure>();
  const active = new Set<string>();

  const measureSet = (selectionSet: SelectionSetNode | undefined): StaticMeasure => {
    const total: StaticMeasure = { depth: 0, aliases: 0, directives: 0 };
    if (!selectionSet) return total;
    for (const selection of selectionSet.selections) {
      let inner: StaticMeasure;
      if (selection.kind === Kind.FIELD) {
        const children = measureSet(selection.selectionSet);
        inner = {
          depth: 1 + children.depth,
          aliases: children.aliases + (selection.alias ? 1 : 0),
          directives: children.directives + countDirectives(selection.directives),
        };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const children = measureSet(selection.selectionSet);
        inner = { ...children, directives: children.directives + countDirectives(selection.directives) };
      } else {
        const name = selection.name.value;
        let fragment = memo.get(name);
        if (!fragment) {
          const definition = fragments(name);
          if (!definition || active.has(name)) fragment = { depth: 0, aliases: 0, directives: 0 };
          else {
            active.add(name);
            const children = measureSet(definition.selectionSet);
            active.delete(name);
            fragment = { ...children, directives: children.directives + countDirectives(definition.directives) };
            memo.set(name, fragment);
          }
        }
        inner = { ...fragment, directives: fragment.directives + countDirectives(selection.directives) };
      }
      total.depth = Math.max(total.depth, inner.depth);
      total.aliases += inner.aliases;
      total.directives += inner.directives;
    }
    return total;
  };

  const measure = measureSet(operation.selectionSet);
  return { ...measure, directives: measure.directives + countDirectives(operation.directives) };
}

/** A validation rule refusing operations deeper, or with more aliases or directives, than allowed. */
export function createStaticLimitsRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const measure = measureOperation(operation, (name) => context.getFragment(name) ?? undefined);
      const refuse = (what: string, measured: number, maximum: number) =>
        context.reportError(new QueryTooComplexError(`The operation is too complex: ${what} ${measured} exceeds the maximum of ${maximum}.`, what, maximum, measured));
      if (measure.depth > limits.maxDepth) refuse("depth", measure.depth, limits.maxDepth);
      if (measure.aliases > limits.maxAliases) refuse("aliases", measure.aliases, limits.maxAliases);
      if (measure.directives > limits.maxDirectives) refuse("directives", measure.directives, limits.maxDirectives);
      return false;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Variable-dependent measures: cost, `first`, string lengths.

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
      return Number(node.value);
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => valueOf(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, valueOf(field.value, variables)]));
  }
}

function argumentValue(node: { arguments?: readonly { name: { value: string }; value: ValueNode }[] }, name: string, variables: Record<string, unknown>): unknown {
  const argument = node.arguments?.find((candidate) => candidate.name.value === name);
  return argument ? valueOf(argument.value, variables) : undefined;
}

/** Whether @skip/@include leave the selection out. */
function isSkipped(directives: readonly DirectiveNode[] | undefined, variables: Record<string, unknown>): boolean {
  for (const directive of directives ?? []) {
    const condition = argumentValue(directive, "if", variables);
    if (directive.name.value === "skip" && condition === true) return true;
    if (directive.name.value === "include" && condition === false) return true;
  }
  return false;
}

/**
 * Estimated number of objects the operation resolves. A field with a `first` argument multiplies
 * its selection by `first` (20 when absent); `edges`/`nodes` of a connection do not multiply again;
 * other lists count as PLAIN_LIST_ESTIMATE items (or the length of their `ids`).
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const memo = new Map<string, number>();
  const active = new Set<string>();

  const costOfSet = (selectionSet: SelectionSetNode | undefined, parentType: GraphQLOutputType | undefined): number => {
    if (!selectionSet) return 0;
    const named = parentType ? getNamedType(parentType) : undefined;
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (isSkipped(selection.directives, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const fieldDefinition = named && isCompositeType(named) && "getFields" in named ? named.getFields()[selection.name.value] : undefined;
        if (!fieldDefinition || !selection.selectionSet) continue;
        const children = costOfSet(selection.selectionSet, fieldDefinition.type);
        let multiplier = 1;
        if (fieldDefinition.args.some((argument) => argument.name === "first")) {
          const first = argumentValue(selection, "first", variables);
          multiplier = typeof first === "number" && Number.isFinite(first) ? Math.max(first, 0) : DEFAULT_PAGE_SIZE;
        } else if (isListType(getNullableType(fieldDefinition.type)) && !named?.name.endsWith("Connection")) {
          const ids = argumentValue(selection, "ids", variables);
          multiplier = Array.isArray(ids) ? ids.length : PLAIN_LIST_ESTIMATE;
        }
        total += 1 + multiplier * children;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : named;
        total += costOfSet(selection.selectionSet, (condition as GraphQLOutputType | undefined) ?? parentType);
      } else {
        const name = selection.name.value;
        const definition = fragments.get(name);
        if (!definition || active.has(name)) continue;
        let cost = memo.get(name);
        if (cost === undefined) {
          active.add(name);
          cost = costOfSet(definition.selectionSet, schema.getType(definition.typeCondition.name.value) as GraphQLOutputType | undefined);
          active.delete(name);
          memo.set(name, cost);
        }
        total += cost;
      }
    }
    return total;
  };

  const rootType = schema.getRootType(operation.operation) ?? undefined;
  return costOfSet(operation.selectionSet, rootType);
}

/**
 * Refuses `first` outside 0..MAX_PAGE_SIZE (or not an integer) and strings longer than allowed,
 * in arguments and inside input objects, whether written in the query or passed as variables.
 */
export function checkArguments(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, limits: QueryLimits): void {
  const checkString = (value: string, name: string, path: string) => {
    const maximum = SEARCH_ARGUMENTS.has(name) ? limits.maxSearchLength : limits.maxStringLength;
    if (value.length > maximum) throw badInput(path, `must be at most ${maximum} characters long, got ${value.length}`);
  };
  const checkRuntime = (value: unknown, type: GraphQLInputType, name: string, path: string, depth: number): void => {
    if (value === null || value === undefined || depth > 32) return;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (Array.isArray(value)) value.forEach((item, index) => checkRuntime(item, nullable.ofType, name, `${path}.${index}`, depth + 1));
      else checkRuntime(value, nullable.ofType, name, path, depth + 1);
    } else if (isInputObjectType(nullable)) {
      if (typeof value !== "object" || Array.isArray(value)) return;
      const fields = nullable.getFields();
      for (const [key, item] of Object.entries(value)) {
        const field = fields[key];
        if (field) checkRuntime(item, field.type, key, `${path}.${key}`, depth + 1);
      }
    } else if (isScalarType(nullable)) {
      if (typeof value === "string") checkString(value, name, path);
    }
  };

  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const definition = typeInfo.getArgument();
        if (!definition) return;
        const value = valueOf(node.value, variables);
        if (definition.name === "first" && getNamedType(definition.type).name === "Int" && value !== null && value !== undefined) {
          if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
            throw badInput("first", `must be an integer from 0 to ${MAX_PAGE_SIZE}, got ${JSON.stringify(value)}`);
          }
        }
        checkRuntime(value, definition.type, definition.name, definition.name, 0);
      },
    }),
  );
}

/** The request's variables, plus the defaults the operation declares for those it leaves out. */
function withDefaults(operation: OperationDefinitionNode, given: Record<string, unknown>): Record<string, unknown> {
  const variables = { ...given };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables[name] === undefined && definition.defaultValue) variables[name] = valueOf(definition.defaultValue, {});
  }
  return variables;
}

/** Apollo plugin: `first`, strings and cost, once the operation is known and before execution. */
export function queryLimitsPlugin<Context extends object>(limits: QueryLimits): ApolloServerPlugin<Context> {
  // Apollo reuses the parsed document of a repeated query, so the verdict for a document and the
  // same variables is remembered (a few per document) instead of walking the query again.
  const verdicts = new WeakMap<DocumentNode, Map<string, KhabarError | null>>();
  const judge = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): KhabarError | null => {
    try {
      checkArguments(schema, document, variables, limits);
    } catch (error) {
      if (error instanceof KhabarError) return error;
      throw error;
    }
    const cost = operationCost(schema, document, operation, variables);
    if (cost <= limits.maxCost) return null;
    return new QueryTooComplexError(
      `The operation is too complex: its estimated cost ${cost} exceeds the maximum of ${limits.maxCost}. Ask for smaller pages (\`first\`) or fewer nested connections.`,
      "cost",
      limits.maxCost,
      cost,
    );
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const variables = withDefaults(operation, request.variables ?? {});
          const key = `${operation.name?.value ?? ""}\n${JSON.stringify(variables)}`;
          let byVariables = verdicts.get(document);
          let verdict = key.length <= 2048 ? byVariables?.get(key) : undefined;
          if (verdict === undefined) {
            verdict = judge(schema, document, operation, variables);
            if (key.length <= 2048) {
              if (!byVariables) verdicts.set(document, (byVariables = new Map()));
              if (byVariables.size < 64) byVariables.set(key, verdict);
            }
          }
          if (verdict) throw verdict;
        },
      };
    },
  };
}
