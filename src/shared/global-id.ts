// Relay global ids: base64 of "Type:localId". Opaque to clients, decodable here, one helper for
// every type so that `node(id:)` and every `id: ID` argument agree. Which types exist is the
// module list's business (modules/index.ts: NODE_TYPE_NAMES); this file knows none of them.
import { BadUserInputError } from "./errors.js";

/** The name of a GraphQL type that implements Node (`Article`, `Person`…). */
export type NodeType = string;

export interface DecodedId {
  type: NodeType;
  id: number;
}

export function toGlobalId(type: NodeType, id: number): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64");
}

const DECODED_SHAPE = /^([A-Za-z]+):([1-9][0-9]{0,15})$/;
const BASE64_SHAPE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Returns null when the string is not a Khabar global id at all, or (given `knownTypes`) names a
 * type that does not exist.
 */
export function parseGlobalId(globalId: string, knownTypes?: ReadonlySet<string>): DecodedId | null {
  if (globalId.length > 64 || !BASE64_SHAPE.test(globalId)) return null;
  const match = DECODED_SHAPE.exec(Buffer.from(globalId, "base64").toString("utf8"));
  if (!match) return null;
  const type = match[1] as NodeType;
  if (knownTypes && !knownTypes.has(type)) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? { type, id } : null;
}

/** Decodes any Khabar id (of one of `knownTypes` when given), or throws BAD_USER_INPUT naming the argument. */
export function decodeGlobalId(globalId: string, argument = "id", knownTypes?: ReadonlySet<string>): DecodedId {
  const decoded = parseGlobalId(globalId, knownTypes);
  if (!decoded) throw BadUserInputError.field(argument, `"${truncate(globalId)}" is not a valid id`);
  return decoded;
}

/** Decodes an id that must be of one of the given types (an Article id is no Person id). */
export function decodeIdOf(globalId: string, types: readonly NodeType[], argument = "id"): number {
  const decoded = decodeGlobalId(globalId, argument);
  if (!types.includes(decoded.type)) {
    throw BadUserInputError.field(argument, `expected the id of a ${types.join(" or ")}, got the id of a ${decoded.type}`);
  }
  return decoded.id;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Ids of value objects that are not Nodes (claims, statement groups): opaque and stable, for client caches. */
export function opaqueId(type: string, ...parts: readonly number[]): string {
  return Buffer.from(`${type}:${parts.join(":")}`, "utf8").toString("base64");
}
