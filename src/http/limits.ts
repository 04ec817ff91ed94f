// Query limits, enforced before any resolver (and so any SQL) runs, and never as a 500.
//
// Every limit reads the operation's summary (operation-summary.ts: one walk, fragments expanded
// once, `@skip`/`@include` evaluated with the request's variables), in `didResolveOperation`, with
// an explicit `http.status` of 400 (Apollo answers 500 for an error thrown there without one; see
// STACK.md). The order is the order clients saw when depth, aliases and directives were a
// validation rule: those first, then the arguments (`first`, string lengths), then the cost. The
// verdicts on shape and cost are remembered with the summary; argument values, which the summary
// keeps as written, are checked per request.
import type { ApolloServerPlugin } from "@apollo/server";
import { getNamedType, getNullableType, isInputObjectType, isListType, isScalarType, type FragmentDefinitionNode, type GraphQLInputType, type OperationDefinitionNode } from "graphql";
import { pageSize } from "../shared/connection.js";
import { ErrorCode, KhabarError } from "../shared/errors.js";
import type { QueryLimits } from "./hardening-config.js";
import { ALIASES, DEPTH, DIRECTIVES, operationSummary, type OperationSummary, type SelectedArgument } from "./operation-summary.js";
import { combineMeasures, valueOf, variablesWithDefaults, walkOperation } from "./operation-walker.js";

const SEARCH_ARGUMENTS = new Set(["search", "query"]);
/** Input values nested deeper than this are not looked into (no input of the schema nests nearly so deep). */
const MAX_INPUT_DEPTH = 32;

export class QueryTooComplexError extends KhabarError {
  constructor(message: string, measure: string, limit: number, actual: number) {
    super(ErrorCode.QUERY_TOO_COMPLEX, message, { limit: { measure, maximum: limit, actual }, http: { status: 400 } });
  }
}

function badInput(path: string, message: string): KhabarError {
  return new KhabarError(ErrorCode.BAD_USER_INPUT, `${path}: ${message}`, { fieldErrors: [{ path, message }], http: { status: 400 } });
}

export interface StaticMeasure {
  depth: number;
  aliases: number;
  directives: number;
}

/**
 * Depth, aliases and directives of an operation without a schema or variables (fragments expanded
 * and memoized, as in the summary). The server reads them from the operation's summary instead.
 */
export function measureOperation(operation: OperationDefinitionNode, fragments: (name: string) => FragmentDefinitionNode | undefined): StaticMeasure {
  return walkOperation(operation, { fragments }, combineMeasures({ depth: DEPTH, aliases: ALIASES, directives: DIRECTIVES })).value;
}

/** Refuses strings longer than allowed in an argument's value, inside input objects and lists too. */
function checkStrings(value: unknown, type: GraphQLInputType, name: string, path: string, limits: QueryLimits, depth = 0): void {
  if (value === null || value === undefined || depth > MAX_INPUT_DEPTH) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, index) => checkStrings(item, nullable.ofType, name, `${path}.${index}`, limits, depth + 1));
    else checkStrings(value, nullable.ofType, name, path, limits, depth + 1);
  } else if (isInputObjectType(nullable)) {
    if (typeof value !== "object" || Array.isArray(value)) return;
    const fields = nullable.getFields();
    for (const [key, item] of Object.entries(value)) {
      const field = fields[key];
      if (field) checkStrings(item, field.type, key, `${path}.${key}`, limits, depth + 1);
    }
  } else if (isScalarType(nullable) && typeof value === "string") {
    const maximum = SEARCH_ARGUMENTS.has(name) ? limits.maxSearchLength : limits.maxStringLength;
    if (value.length > maximum) throw badInput(path, `must be at most ${maximum} characters long, got ${value.length}`);
  }
}

/** Refuses `first` outside 0..MAX_PAGE_SIZE (connection.ts's one check) and strings longer than allowed. */
function checkArgument({ definition, value: written }: SelectedArgument, variables: Readonly<Record<string, unknown>>, limits: QueryLimits): void {
  const value = valueOf(written, variables);
  if (definition.name === "first" && getNamedType(definition.type).name === "Int") {
    try {
      pageSize(value);
    } catch (error) {
      // The same code and fieldErrors, with the status Apollo needs to answer 400 from a plugin.
      if (error instanceof KhabarError) throw new KhabarError(error.code, error.message, { ...error.extensions, http: { status: 400 } });
      throw error;
    }
  }
  checkStrings(value, definition.type, definition.name, definition.name, limits);
}

interface Verdicts {
  /** Depth, aliases or directives. */
  shape: KhabarError | null;
  cost: KhabarError | null;
}

function judge(summary: OperationSummary, limits: QueryLimits): Verdicts {
  const refuse = (what: string, measured: number, maximum: number) =>
    new QueryTooComplexError(`The operation is too complex: ${what} ${measured} exceeds the maximum of ${maximum}.`, what, maximum, measured);
  let shape: KhabarError | null = null;
  if (summary.depth > limits.maxDepth) shape = refuse("depth", summary.depth, limits.maxDepth);
  else if (summary.aliases > limits.maxAliases) shape = refuse("aliases", summary.aliases, limits.maxAliases);
  else if (summary.directives > limits.maxDirectives) shape = refuse("directives", summary.directives, limits.maxDirectives);
  const cost =
    summary.cost <= limits.maxCost
      ? null
      : new QueryTooComplexError(
          `The operation is too complex: its estimated cost ${summary.cost} exceeds the maximum of ${limits.maxCost}. Ask for smaller pages (\`first\`) or fewer nested connections.`,
          "cost",
          limits.maxCost,
          summary.cost,
        );
  return { shape, cost };
}

/** Refuses the arguments' values, with the request's variables. */
function checkArguments(summary: OperationSummary, variables: Readonly<Record<string, unknown>>, limits: QueryLimits): KhabarError | null {
  try {
    for (const argument of summary.arguments) checkArgument(argument, variables, limits);
    return null;
  } catch (error) {
    if (error instanceof KhabarError) return error;
    throw error;
  }
}

/**
 * The first limit the operation exceeds, or null. `variables` are the request's, with the
 * operation's defaults filled in (`variablesWithDefaults`).
 */
export function checkLimits(summary: OperationSummary, limits: QueryLimits, variables: Readonly<Record<string, unknown>> = {}): KhabarError | null {
  const { shape, cost } = judge(summary, limits);
  return shape ?? checkArguments(summary, variables, limits) ?? cost;
}

/** Apollo plugin: every query limit, once the operation is known and before execution. */
export function queryLimitsPlugin<Context extends object>(limits: QueryLimits): ApolloServerPlugin<Context> {
  // Summaries are remembered per document (and the variables they read); so are the verdicts on
  // their shape and cost. Argument values are checked per request: a few per operation.
  const verdicts = new WeakMap<OperationSummary, Verdicts>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const summary = operationSummary({ schema, document, operation, request });
          let verdict = verdicts.get(summary);
          if (!verdict) verdicts.set(summary, (verdict = judge(summary, limits)));
          if (verdict.shape) throw verdict.shape;
          if (summary.arguments.length > 0) {
            const refused = checkArguments(summary, variablesWithDefaults(operation, request.variables ?? {}), limits);
            if (refused) throw refused;
          }
          if (verdict.cost) throw verdict.cost;
        },
      };
    },
  };
}
