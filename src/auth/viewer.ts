// Who is asking: resolved once per request from `Authorization: Bearer <key>`, then checked by
// the schema's authChecker on every field marked @Authorized. Mutations need an `editor` key;
// deletes and merges need an `admin` key (admin can do everything an editor can). Reads are
// public unless KHABAR_REQUIRE_KEY_FOR_READS=true.
import type { AuthChecker } from "type-graphql";
import type { Context, Viewer } from "../context.js";
import { ForbiddenError, UnauthenticatedError } from "../shared/errors.js";
import type { ApiKeyRole } from "../modules/api-key/api-key.table.js";
import type { KeyAuthenticator } from "./api-keys.js";

export type Credential = "missing" | "invalid" | "valid";

export interface ResolvedViewer {
  viewer: Viewer | null;
  credential: Credential;
}

/** Reads the bearer key from an Authorization header value. */
export async function resolveViewer(store: KeyAuthenticator, authorization: string | undefined): Promise<ResolvedViewer> {
  if (authorization === undefined || authorization.trim() === "") return { viewer: null, credential: "missing" };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const row = match?.[1] ? await store.authenticate(match[1]) : null;
  if (!row) return { viewer: null, credential: "invalid" };
  return { viewer: { keyId: row.id, name: row.name, role: row.role }, credential: "valid" };
}

const RANK: Record<ApiKeyRole, number> = { editor: 1, admin: 2 };

export function unauthenticated(credential: Credential | undefined): UnauthenticatedError {
  return credential === "invalid"
    ? new UnauthenticatedError("The API key is unknown or has been revoked. Send `Authorization: Bearer <key>` with a key made by `khabar keys create`.")
    : new UnauthenticatedError();
}

/**
 * type-graphql's checker: `@Authorized("editor")` / `@Authorized("admin")`. It throws our own
 * coded errors, because type-graphql's default ones carry no `extensions.code` and would be
 * masked as internal errors.
 */
export const authChecker: AuthChecker<Context, ApiKeyRole> = ({ context, info }, roles) => {
  const viewer = context.viewer;
  // A refused mutation goes to the audit log (refused reads do not). On PostgreSQL the log only
  // starts the write: the refusal is answered the same whether or not it gets recorded.
  const refused = (code: "UNAUTHENTICATED" | "FORBIDDEN") => {
    if (info.parentType.name === "Mutation") {
      context.refusals.record({ mutation: info.fieldName, code, keyId: viewer?.keyId ?? null, keyName: viewer?.name ?? null, requestId: context.requestId });
    }
  };
  if (!viewer) {
    refused("UNAUTHENTICATED");
    throw unauthenticated(context.credential);
  }
  const needed = Math.max(0, ...roles.map((role) => RANK[role]));
  if (RANK[viewer.role] < needed) {
    refused("FORBIDDEN");
    throw new ForbiddenError(`This needs an ${roles.includes("admin") ? "admin" : "editor"} key; the key "${viewer.name}" has the ${viewer.role} role.`);
  }
  return true;
};
