// Revisions in the API: `revisions` on every entity that keeps them (editor key), the fields of a
// revision, and the audit log (admin key). Pages come from per-request loaders: one SQL statement
// per level however many entities a query lists.
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, type ClassType } from "type-graphql";
import type { Context } from "../../context.js";
import { pageRequest, toConnection } from "../../shared/connection.js";
import { PageArgsInput } from "../../shared/connection.type.js";
import { opaqueId, toGlobalId } from "../../shared/global-id.js";
import { BadUserInputError } from "../../shared/errors.js";
import { DateTime, JSONObject } from "../../shared/scalars.js";
import { changesBetween, type FieldChange } from "./revision.changes.js";
import { AuditLogFilter } from "./revision.input.js";
import { REVISIONS_NEWEST_FIRST } from "./revision.repository.js";
import { REVISION_ID_TYPE, restoreRevision } from "./revision.restore.js";
import type { RefusedMutationRow, RevisionEntityType, RevisionRow } from "./revision.table.js";
import { RefusedMutation, Revision, RevisionChange, RevisionConnection } from "./revision.type.js";

function recordOf(row: RevisionRow): Record<string, unknown> {
  return JSON.parse(row.record) as Record<string, unknown>;
}

@Resolver(() => Revision)
export class RevisionResolver {
  @FieldResolver(() => ID)
  id(@Root() row: RevisionRow): string {
    return opaqueId(REVISION_ID_TYPE, row.id);
  }

  @FieldResolver(() => ID)
  entityId(@Root() row: RevisionRow): string {
    return toGlobalId(row.entityType, row.entityId);
  }

  @FieldResolver(() => String)
  author(@Root() row: RevisionRow): string {
    return row.authorName;
  }

  @FieldResolver(() => JSONObject)
  record(@Root() row: RevisionRow): Record<string, unknown> {
    return recordOf(row);
  }

  @FieldResolver(() => [RevisionChange])
  async changes(@Root() row: RevisionRow, @Ctx() { loaders }: Context): Promise<FieldChange[]> {
    const previous = await loaders.revisions.previousRecord.load(row.id);
    return changesBetween(previous === null ? null : (JSON.parse(previous) as Record<string, unknown>), recordOf(row));
  }

  @Authorized("admin")
  @Query(() => RevisionConnection, { description: "Every change, newest first, filtered by key, entity type and time. Needs an admin key." })
  async auditLog(@Arg("filter", () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | null, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { repositories }: Context) {
    const request = pageRequest(page, REVISIONS_NEWEST_FIRST);
    const values = {
      authorKeyId: filter?.authorKeyId,
      entityType: filter?.entityType,
      since: filter?.since ? filter.since.toISOString() : null,
      until: filter?.until ? filter.until.toISOString() : null,
    };
    return toConnection(await repositories.revisions.auditPage(values, request), request, REVISIONS_NEWEST_FIRST, () => repositories.revisions.auditCount(values));
  }

  @Authorized("admin")
  @Query(() => [RefusedMutation], { description: "Mutations refused for want of a key or of the right role, newest first (at most 100). Needs an admin key." })
  refusedMutations(
    @Arg("since", () => DateTime, { nullable: true, description: "Only those at or after this time." }) since: Date | null,
    @Arg("first", () => Int, { defaultValue: 50, description: "How many, at most 100." }) first: number,
    @Ctx() { refusals }: Context,
  ): RefusedMutationRow[] | Promise<RefusedMutationRow[]> {
    if (first < 0 || first > 100) throw BadUserInputError.field("first", "must be between 0 and 100");
    return refusals.page(since ? since.toISOString() : null, first);
  }

  @Authorized("admin")
  @Mutation(() => Revision, {
    description:
      "Writes a revision's record back as a new revision (RESTORED), all or nothing, with the rules of an update; a deleted entity is recreated (with a new id). CONFLICT naming each reference that no longer exists, or when the slug is taken. Returns the entity's newest revision. Needs an admin key.",
  })
  restoreRevision(@Arg("id", () => ID) id: string, @Arg("reason", () => String, { nullable: true, description: "Why, kept on the revision." }) reason: string | null, @Ctx() context: Context): RevisionRow | Promise<RevisionRow> {
    return restoreRevision({ ...context, reason }, id);
  }
}

/** `revisions(first, after)` on an entity's type: its rows have an `id`, the entity id its revisions are kept under. */
export function createRevisionsFieldResolver(classType: ClassType, entityType: RevisionEntityType): Function {
  @Resolver(() => classType)
  class RevisionsFieldResolver {
    @Authorized("editor")
    @FieldResolver(() => RevisionConnection, { description: `Every change of this ${entityType === "Person" ? "person" : entityType.toLowerCase()}, newest first, with who made it and what changed. Needs an editor key.` })
    revisions(@Root() root: { id: number }, @Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { loaders }: Context) {
      return loaders.revisions.pagesOf(entityType).load(root.id, page);
    }
  }
  Object.defineProperty(RevisionsFieldResolver, "name", { value: `${entityType}RevisionsResolver` });
  return RevisionsFieldResolver;
}
