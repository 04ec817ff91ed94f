// Behind a federation router, `_entities` and `_service` are for the router only: `_entities`
// resolves any entity by key and so bypasses whatever authorization sits on root fields. When
// KHABAR_ROUTER_SECRET is set, an operation selecting either root field must carry the header
// `Router-Authorization: <secret>`. The check looks at root fields by name (through fragments, as
// the operation's summary lists them: a field that @skip/@include drops is not run, so not
// refused), so it holds whichever module adds those fields.
import { timingSafeEqual, createHash } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import type { DocumentNode, OperationDefinitionNode } from "graphql";
import { ErrorCode, KhabarError } from "../shared/errors.js";
import { operationSummary, summarizeOperation, type OperationSummary } from "./operation-summary.js";

export const ROUTER_ONLY_FIELDS: ReadonlySet<string> = new Set(["_entities", "_service"]);
export const ROUTER_SECRET_HEADER = "router-authorization";

/** Root fields of the operation that only the router may select (the server reads its summary instead). */
export function routerOnlyRootFields(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): string[] {
  return routerOnlyFieldsOf(summarizeOperation(undefined, document, operation, variables));
}

function routerOnlyFieldsOf(summary: OperationSummary): string[] {
  return [...summary.rootFields].filter((name) => ROUTER_ONLY_FIELDS.has(name));
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Constant-time comparison (digests have equal lengths whatever the inputs). */
export function routerSecretMatches(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given.trim()), digest(secret));
}

export function routerSecretPlugin<Context extends object>(secret: string): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fields = routerOnlyFieldsOf(operationSummary({ schema, document, operation, request }));
          if (fields.length === 0) return;
          if (!routerSecretMatches(request.http?.headers.get(ROUTER_SECRET_HEADER), secret)) {
            throw new KhabarError(ErrorCode.FORBIDDEN, `${fields.join(" and ")} may only be queried by the federation router (send the Router-Authorization header).`);
          }
        },
      };
    },
  };
}
