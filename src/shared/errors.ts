// One enum of error codes for the whole API. Every error a client sees carries one of them in
// `extensions.code`; anything thrown without a code is a bug and is masked as INTERNAL_SERVER_ERROR.
import { GraphQLError } from "graphql";

export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  NOT_FOUND = "NOT_FOUND",
  CONFLICT = "CONFLICT",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX",
  RATE_LIMITED = "RATE_LIMITED",
  PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND",
  OPERATION_NOT_TRUSTED = "OPERATION_NOT_TRUSTED",
  SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE",
  /** The server reads from an engine it has no write engine for (a read-only deployment): a mutation is refused. */
  READ_ONLY = "READ_ONLY",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

export interface FieldError {
  /** Dotted path inside the arguments, e.g. "input.statements.2.text". */
  path: string;
  message: string;
}

/** HTTP status a request-level error answers with when it stops the whole operation. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.READ_ONLY]: 403,
};

export class KhabarError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    const status = HTTP_STATUS[code];
    super(message, { extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) } });
    this.name = "KhabarError";
  }
}

export class BadUserInputError extends KhabarError {
  constructor(message: string, fieldErrors: FieldError[] = []) {
    super(ErrorCode.BAD_USER_INPUT, message, fieldErrors.length > 0 ? { fieldErrors } : {});
  }

  static field(path: string, message: string): BadUserInputError {
    return new BadUserInputError(`${path}: ${message}`, [{ path, message }]);
  }
}

export class NotFoundError extends KhabarError {
  constructor(message: string) {
    super(ErrorCode.NOT_FOUND, message);
  }
}

export class ConflictError extends KhabarError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, extensions);
  }
}

export class UnauthenticatedError extends KhabarError {
  constructor(message = "A valid API key is required: send `Authorization: Bearer <key>`.") {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends KhabarError {
  constructor(message: string) {
    super(ErrorCode.FORBIDDEN, message);
  }
}
