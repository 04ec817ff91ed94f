// Behind a federation router, `_entities` and `_service` are for the router only: `_entities`
// resolves any entity by key and so bypasses whatever authorization sits on root fields. When
// KHABAR_ROUTER_SECRET is set, an operation selecting either root field must carry the header
// `Router-Authorization: <secret>`. The check looks at root fields by name (through fragments),
// so it holds whichever module adds those fields.
import { timingSafeEqual, createHash } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { ErrorCode, KhabarError } from "../shared/errors.js";

export const ROUTER_ONLY_FIELDS: ReadonlySet<string> = new Set(["_entities", "_service"]);
export const ROUTER_SECRET_HEADER = "router-authorization";

/** Root fields of the operation that only the router may select. */
export function routerOnlyRootFields(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const found = new Set<string>();
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (ROUTER_ONLY_FIELDS.has(selection.name.value)) found.add(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return [...found];
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
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const fields = routerOnlyRootFields(document, operation);
          if (fields.length === 0) return;
          if (!routerSecretMatches(request.http?.headers.get(ROUTER_SECRET_HEADER), secret)) {
            throw new KhabarError(ErrorCode.FORBIDDEN, `${fields.join(" and ")} may only be queried by the federation router (send the Router-Authorization header).`);
          }
        },
      };
    },
  };
}
