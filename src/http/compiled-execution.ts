// Compiled execution: each operation is compiled once by graphql-jit into a function that walks
// the selection set without graphql-js's per-field interpretation (argument coercion, field
// lookup, completion by type), then reused for every request that sends the same document.
// Apollo Server 5 leaves one entry point for another executor, the `gateway` interface; Khabar
// uses it only for the executor (the schema is the local one, loaded once). Apollo still parses,
// validates, runs every plugin and formats the errors; only `execute` is replaced.
//
// An operation graphql-jit cannot compile falls back to graphql-js, so compiling is an
// optimisation, never a new way to fail.
import type { GatewayExecutionResult, GatewayGraphQLRequestContext, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

type Compiled = Pick<CompiledQuery, "query">;

/**
 * Compiled operations keyed by the parsed document: Apollo's document store hands the same
 * DocumentNode to every request with the same text, and drops it when its LRU evicts it, so a
 * WeakMap bounds this cache by Apollo's.
 */
export class CompiledOperations {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, Compiled | null>>();
  compiled = 0;
  fellBack = 0;

  constructor(private readonly schema: GraphQLSchema) {}

  /** The compiled operation, or null when graphql-jit refused it (graphql-js runs it instead). */
  get(document: DocumentNode, operationName: string | undefined): Compiled | null {
    let operations = this.byDocument.get(document);
    if (!operations) {
      operations = new Map();
      this.byDocument.set(document, operations);
    }
    const key = operationName ?? "";
    let compiled = operations.get(key);
    if (compiled === undefined) {
      compiled = this.compile(document, operationName);
      operations.set(key, compiled);
    }
    return compiled;
  }

  private compile(document: DocumentNode, operationName: string | undefined): Compiled | null {
    try {
      const result = compileQuery(this.schema, document, operationName, { useExperimentalPathBasedSkipInclude: true });
      if (isCompiledQuery(result)) {
        this.compiled += 1;
        return result;
      }
    } catch {
      // A document graphql-jit's compiler throws on is executed the reference way below.
    }
    this.fellBack += 1;
    return null;
  }
}

/**
 * graphql-jit reports errors as objects that only inherit GraphQLError's prototype: no `nodes`,
 * and `extensions` left undefined when the thrown error had none. Apollo and Khabar's plugins
 * read both, so each becomes the error graphql-js would have raised: the resolver's own
 * GraphQLError when it threw one, otherwise a located error wrapping what it threw.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof GraphQLError && original.path) return original;
  const converted = new GraphQLError(error.message, { path: error.path, originalError: original ?? undefined, extensions: error.extensions ?? undefined });
  // graphql-js computes locations from AST nodes, which graphql-jit does not keep; its own
  // locations are the same line and column, so they are carried over as they are.
  if (error.locations) Object.defineProperty(converted, "locations", { value: error.locations, enumerable: true });
  return converted;
}

/** What execution reads of Apollo's request context. */
export type ExecutionRequest = Pick<GatewayGraphQLRequestContext, "document" | "request" | "context">;

export function compiledExecutor(schema: GraphQLSchema, operations = new CompiledOperations(schema)): (requestContext: ExecutionRequest) => Promise<GatewayExecutionResult> {
  const reference = async (requestContext: ExecutionRequest) => {
    const { document, request, context } = requestContext;
    return execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName });
  };
  return async (requestContext) => {
    const { document, request, context } = requestContext;
    const compiled = operations.get(document, request.operationName);
    if (!compiled) return reference(requestContext);
    const result: ExecutionResult = await compiled.query(undefined, context, request.variables ?? {});
    // No `data` at all means execution never started: the variables did not coerce. graphql-js
    // words those errors the way Apollo recognises (a 400 BAD_USER_INPUT naming the variable),
    // and running it changes nothing, since no resolver ran.
    if (!("data" in result) || result.data === undefined) return reference(requestContext);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
  };
}

/** Apollo's gateway interface around the local schema, for its executor alone. */
export function compiledExecutionGateway(schema: GraphQLSchema, operations?: CompiledOperations): GatewayInterface {
  return {
    async load() {
      return { schema, executor: compiledExecutor(schema, operations) };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => undefined;
    },
    async stop() {},
  };
}
