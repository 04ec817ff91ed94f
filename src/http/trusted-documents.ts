// Trusted documents (a safelist): with KHABAR_TRUSTED_DOCUMENTS=<manifest.json>, only the
// operations listed in that file run. The file is Apollo's persisted query manifest, as written by
// `@apollo/generate-persisted-query-manifest`:
//   { "format": "apollo-persisted-query-manifest", "version": 1,
//     "operations": [{ "id": "<sha256 of body>", "name": "...", "type": "query", "body": "..." }] }
// Clients send either the full body or only its id, APQ-style
// (`extensions.persistedQuery.sha256Hash`); the id lookup is served by the persisted-query cache
// wrapper below, so listed operations never depend on an APQ registration having happened.
// Anything else is refused with OPERATION_NOT_TRUSTED and HTTP 400, from `didResolveOperation`
// (Apollo answers 500 for errors thrown there unless they carry `extensions.http.status`), which
// also stops Apollo from registering an unlisted query in the APQ cache.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse, print, type DocumentNode } from "graphql";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { ConfigError } from "../config.js";
import { ErrorCode, KhabarError } from "../shared/errors.js";
import type { KeyValueCache } from "./bounded-cache.js";

export const TRUSTED_DOCUMENTS_FORMAT = "apollo-persisted-query-manifest";

export interface TrustedOperation {
  id: string;
  name: string;
  type: "query" | "mutation" | "subscription";
  body: string;
}

/** A ConfigError, so the entry point reports a bad manifest in one line and exits. */
export class TrustedDocumentsError extends ConfigError {
  override name = "TrustedDocumentsError";
}

export class TrustedDocuments {
  /** Body by id and by sha256 of the body (the same thing for manifests Apollo's tool writes). */
  private readonly bodies = new Map<string, string>();
  /** Printed (whitespace- and comment-normalized) bodies, so reformatting a listed query is fine. */
  private readonly printed = new Set<string>();

  constructor(readonly operations: readonly TrustedOperation[]) {
    for (const operation of operations) {
      this.bodies.set(operation.id, operation.body);
      this.bodies.set(sha256(operation.body), operation.body);
      this.printed.add(print(parse(operation.body)));
    }
  }

  bodyOf(hash: string): string | undefined {
    return this.bodies.get(hash);
  }

  allows(queryHash: string | undefined, document: DocumentNode): boolean {
    if (queryHash !== undefined && this.bodies.has(queryHash)) return true;
    return this.printed.has(print(document));
  }

  static fromFile(path: string): TrustedDocuments {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new TrustedDocumentsError(`KHABAR_TRUSTED_DOCUMENTS: cannot read ${path}: ${(error as Error).message}`);
    }
    return TrustedDocuments.fromManifest(text, path);
  }

  static fromManifest(text: string, source = "manifest"): TrustedDocuments {
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch {
      throw new TrustedDocumentsError(`${source} is not valid JSON`);
    }
    const record = manifest as { format?: unknown; version?: unknown; operations?: unknown };
    if (record?.format !== TRUSTED_DOCUMENTS_FORMAT || record.version !== 1 || !Array.isArray(record.operations)) {
      throw new TrustedDocumentsError(`${source} is not an ${TRUSTED_DOCUMENTS_FORMAT} version 1 (expected { "format", "version": 1, "operations": [...] })`);
    }
    const operations = record.operations.map((operation: unknown, index: number): TrustedOperation => {
      const entry = operation as Partial<TrustedOperation>;
      if (typeof entry?.id !== "string" || typeof entry.body !== "string") {
        throw new TrustedDocumentsError(`${source}: operations[${index}] needs a string "id" and "body"`);
      }
      try {
        parse(entry.body);
      } catch (error) {
        throw new TrustedDocumentsError(`${source}: operations[${index}] (${entry.name ?? entry.id}) does not parse: ${(error as Error).message}`);
      }
      return { id: entry.id, name: entry.name ?? "", type: entry.type ?? "query", body: entry.body };
    });
    return new TrustedDocuments(operations);
  }
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function trustedDocumentsPlugin(trusted: TrustedDocuments): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash, document, operationName }) {
          if (trusted.allows(queryHash, document)) return;
          throw new KhabarError(
            ErrorCode.OPERATION_NOT_TRUSTED,
            `This server only runs trusted operations, and ${operationName ? `operation "${operationName}"` : "this operation"} is not in its list. Send the id (sha256) or the exact body of a listed operation.`,
            { http: { status: 400 } },
          );
        },
      };
    },
  };
}

/**
 * The persisted-query cache Apollo consults for hash-only requests: listed operations first (they
 * are never evicted), then the bounded APQ cache. Apollo prefixes keys with "apq:".
 */
export function withTrustedDocuments(cache: KeyValueCache, trusted: TrustedDocuments | undefined): KeyValueCache {
  if (!trusted) return cache;
  return {
    get: async (key) => trusted.bodyOf(key.startsWith("apq:") ? key.slice(4) : key) ?? cache.get(key),
    set: (key, value, options) => cache.set(key, value, options),
    delete: (key) => cache.delete(key),
  };
}
