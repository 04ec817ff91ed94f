// Shapes every error a client sees. Errors Khabar raises keep their code and message; anything
// else that reaches here from a resolver is a bug or an infrastructure fault: it is logged with
// the request id and masked, so no SQL, path or stack leaks to clients.
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { ArgumentValidationError } from "type-graphql";
import { storageFault } from "../db/faults.js";
import { ErrorCode, KhabarError, type FieldError } from "./errors.js";

/** Codes that Apollo and graphql-js attach to request errors they raise themselves. */
const CLIENT_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
]);

interface ValidationNode {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationNode[];
}

/** class-validator nests errors by object; clients get one flat list of dotted paths. */
function flattenValidation(validation: ValidationNode, prefix: string): FieldError[] {
  const path = prefix ? `${prefix}.${validation.property}` : validation.property;
  const own = Object.values(validation.constraints ?? {}).map((message) => ({ path, message }));
  return [...own, ...(validation.children ?? []).flatMap((child) => flattenValidation(child, path))];
}

export interface FormatErrorOptions {
  includeStacktrace: boolean;
  onInternalError: (error: unknown) => string | undefined;
}

export function createErrorFormatter(options: FormatErrorOptions) {
  return (given: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let formatted = given;
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const fieldErrors = original.extensions.validationErrors.flatMap((validation) => flattenValidation(validation, ""));
      return {
        message: `Invalid input: ${fieldErrors.map((fieldError) => `${fieldError.path}: ${fieldError.message}`).join("; ")}`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT, fieldErrors },
      };
    }
    // Apollo files every validation-rule error under GRAPHQL_VALIDATION_FAILED; our own rules
    // (query limits) raise KhabarErrors whose code is the one clients should see.
    const inner = error instanceof GraphQLError ? error.originalError : undefined;
    if (inner instanceof KhabarError && formatted.extensions?.code === "GRAPHQL_VALIDATION_FAILED") {
      formatted = { ...formatted, extensions: { ...formatted.extensions, ...inner.extensions, code: inner.code } };
    }
    // A write that met a locked, read-only or full database says so instead of being masked.
    const fault = original instanceof KhabarError ? undefined : storageFault(original);
    if (fault) return { message: fault.message, locations: formatted.locations, path: formatted.path, extensions: { code: fault.code, reason: fault.sqliteCode } };
    const code = formatted.extensions?.code;
    if (original instanceof KhabarError || (typeof code === "string" && CLIENT_ERROR_CODES.has(code))) {
      if (options.includeStacktrace) return formatted;
      const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // Apollo raises a few request errors with only an HTTP 4xx status and no code (APQ: "provided
    // sha does not match query", "Unsupported persisted query version"): the client's fault, not ours.
    const status = original instanceof GraphQLError && formatted.path === undefined ? (original.extensions.http as { status?: number } | undefined)?.status : undefined;
    if (status !== undefined && status >= 400 && status < 500) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: "BAD_REQUEST" } };
    }
    const requestId = options.onInternalError(original);
    return {
      message: "Internal server error. It has been logged; quote the requestId when reporting it.",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId ? { requestId } : {}) },
    };
  };
}
