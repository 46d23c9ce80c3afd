// The working groups of a consortium's projects as the PMO (事務局) sets them up: adding,
// renaming and archiving them, and who takes part in each (lead, member, vendor guest).
// Every function refuses anyone but the PMO and scopes every query by the viewer's
// consortium, so another consortium's WG is simply not found.
import { and, asc, eq, isNotNull, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { conflict, invalidField, notFound, ok, type Result } from "~/domain/result";
import type { MessageKey } from "~/i18n";
import { audit, type Actor } from "~/utils/audit.server";
import { db, schema, write, type Executor } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import type { OrganizationKind, Viewer, WgRole } from "~/policy/permissions";
import { findProject } from "./project-admin.server";
import { formId, pmoRefusal, stillInUse, wgFields, type WorkingGroupInput } from "./structure-fields.server";

export type { WorkingGroupInput };

async function findWorkingGroup(ex: Executor, viewer: Viewer, wgId: number) {
  return ex
    .select({
      id: schema.workingGroup.id,
      name: schema.workingGroup.name,
      description: schema.workingGroup.description,
      archived: schema.workingGroup.archived,
      projectId: schema.project.id,
      projectName: schema.project.name,
    })
    .from(schema.workingGroup)
    .innerJoin(schema.project, eq(schema.project.id, schema.workingGroup.projectId))
    .where(and(eq(schema.workingGroup.id, wgId), eq(schema.workingGroup.consortiumId, viewer.consortiumId)))
    .get();
}

async function wgNameTaken(ex: Executor, projectId: number, name: string, exceptId?: number) {
  const row = ex
    .select({ id: schema.workingGroup.id })
    .from(schema.workingGroup)
    .where(and(eq(schema.workingGroup.projectId, projectId), eq(schema.workingGroup.name, name)))
    .get();
  return row !== undefined && row.id !== exceptId;
}

export async function addWorkingGroup({ viewer, actor, projectId, input }: { viewer: Viewer; actor: Actor; projectId: number; input: WorkingGroupInput }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ wgId: number; name: string }>> => {
    if (!await findProject(tx, viewer, projectId)) return notFound();
    if (await wgNameTaken(tx, projectId, input.name)) return invalidField("name", "structure.wgs.nameTaken");
    const created = tx
      .insert(schema.workingGroup)
      .values({ ...input, projectId, consortiumId: viewer.consortiumId })
      .returning({ id: schema.workingGroup.id })
      .get();
    await audit(tx, actor, { action: "wg.create", entityType: "working_group", entityId: created.id, after: { ...input, projectId } });
    return ok({ wgId: created.id, name: input.name });
  });
}

/** Archived WGs keep their issues, meetings and members; the flag only marks them finished. */
export async function setWorkingGroupArchived({
  viewer,
  actor,
  projectId,
  wgId,
  archived,
}: {
  viewer: Viewer;
  actor: Actor;
  projectId: number;
  wgId: number;
  archived: boolean;
}) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ name: string }>> => {
    const wg = await findWorkingGroup(tx, viewer, wgId);
    if (!wg || wg.projectId !== projectId) return notFound();
    tx.update(schema.workingGroup).set({ archived }).where(eq(schema.workingGroup.id, wgId)).run();
    await audit(tx, actor, { action: archived ? "wg.archive" : "wg.unarchive", entityType: "working_group", entityId: wgId });
    return ok({ name: wg.name });
  });
}

/**
 * Deletes a WG set up by mistake: one without issues (deleted ones still restorable included),
 * meetings or decisions. Its memberships go with it.
 */
export async function deleteWorkingGroup({ viewer, actor, wgId }: { viewer: Viewer; actor: Actor; wgId: number }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ name: string; projectId: number }>> => {
    const wg = await findWorkingGroup(tx, viewer, wgId);
    if (!wg) return notFound();
    const used = stillInUse(tx, [
      [schema.issue, eq(schema.issue.wgId, wgId), "deletion.wg.issues"],
      [schema.deletedIssue, and(eq(schema.deletedIssue.wgId, wgId), isNotNull(schema.deletedIssue.payload)), "deletion.wg.deletedIssues"],
      [schema.meeting, eq(schema.meeting.wgId, wgId), "deletion.wg.meetings"],
      [schema.decision, eq(schema.decision.wgId, wgId), "deletion.wg.decisions"],
    ]);
    if (used) return conflict(used);
    const members = tx.select({ userId: schema.wgMembership.userId, role: schema.wgMembership.role }).from(schema.wgMembership).where(eq(schema.wgMembership.wgId, wgId)).all();
    tx.delete(schema.workingGroup).where(eq(schema.workingGroup.id, wgId)).run();
    await audit(tx, actor, { action: "wg.delete", entityType: "working_group", entityId: wgId, before: { name: wg.name, projectId: wg.projectId, members } });
    return ok({ name: wg.name, projectId: wg.projectId });
  });
}

export const wgActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("save"), ...wgFields }),
    z.object({
      intent: z.literal("add-member"),
      userId: formId("structure.wg.userRequired"),
      role: z.enum(schema.WG_ROLES, { errorMap: () => ({ message: "structure.wg.roleInvalid" }) }),
    }),
    z.object({
      intent: z.literal("change-role"),
      userId: formId("error.badRequest.body"),
      role: z.enum(schema.WG_ROLES, { errorMap: () => ({ message: "structure.wg.roleInvalid" }) }),
    }),
    z.object({ intent: z.literal("remove-member"), userId: formId("error.badRequest.body") }),
    z.object({ intent: z.literal("delete") }),
  ],
  { errorMap: () => ({ message: "error.badRequest.body" }) },
);

export function parseWgAction(form: FormData) {
  return parseForm(wgActionSchema, form);
}

/**
 * Vendors take part in working groups as guests, and only vendors do: the permission rules
 * tell guests from staff by their organization, so any other pairing would be a lie.
 */
export function wgRoleProblem(kind: OrganizationKind, role: WgRole): MessageKey | null {
  if (kind === "vendor") return role === "guest" ? null : "structure.wg.vendorGuestOnly";
  return role === "guest" ? "structure.wg.guestOnlyVendor" : null;
}

const personColumns = {
  userId: schema.user.id,
  displayName: schema.user.displayName,
  displayNameKana: schema.user.displayNameKana,
  active: schema.user.active,
  organizationName: schema.organization.name,
  organizationKind: schema.organization.kind,
};

/** The WG with its members and the active users of the consortium who could join it. */
export async function getWorkingGroupForAdmin({ viewer, wgId }: { viewer: Viewer; wgId: number }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  const wg = await findWorkingGroup(db, viewer, wgId);
  if (!wg) return notFound();
  const members = db
    .select({ ...personColumns, role: schema.wgMembership.role })
    .from(schema.wgMembership)
    .innerJoin(schema.user, eq(schema.user.id, schema.wgMembership.userId))
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(eq(schema.wgMembership.wgId, wgId))
    .orderBy(
      sql`case ${schema.wgMembership.role} when 'lead' then 0 when 'member' then 1 else 2 end`,
      asc(schema.organization.id),
      asc(schema.user.displayNameKana),
      asc(schema.user.id),
    )
    .all();
  const candidates = db
    .select(personColumns)
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(
      and(
        eq(schema.organization.consortiumId, viewer.consortiumId),
        eq(schema.user.active, true),
        notInArray(
          schema.user.id,
          db.select({ id: schema.wgMembership.userId }).from(schema.wgMembership).where(eq(schema.wgMembership.wgId, wgId)),
        ),
      ),
    )
    .orderBy(asc(schema.organization.id), asc(schema.user.displayNameKana), asc(schema.user.id))
    .all();
  return ok({ wg, members, candidates });
}

export async function updateWorkingGroup({ viewer, actor, wgId, input }: { viewer: Viewer; actor: Actor; wgId: number; input: WorkingGroupInput }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result> => {
    const before = await findWorkingGroup(tx, viewer, wgId);
    if (!before) return notFound();
    if (await wgNameTaken(tx, before.projectId, input.name, wgId)) return invalidField("name", "structure.wgs.nameTaken");
    tx.update(schema.workingGroup).set(input).where(eq(schema.workingGroup.id, wgId)).run();
    await audit(tx, actor, {
      action: "wg.update",
      entityType: "working_group",
      entityId: wgId,
      before: { name: before.name, description: before.description },
      after: input,
    });
    return ok();
  });
}

/** A user of the viewer's consortium, with their organization's kind and their WG role. */
async function findPerson(ex: Executor, viewer: Viewer, wgId: number, userId: number) {
  return ex
    .select({ ...personColumns, role: schema.wgMembership.role })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .leftJoin(schema.wgMembership, and(eq(schema.wgMembership.userId, schema.user.id), eq(schema.wgMembership.wgId, wgId)))
    .where(and(eq(schema.user.id, userId), eq(schema.organization.consortiumId, viewer.consortiumId)))
    .get();
}

type Membership = { viewer: Viewer; actor: Actor; wgId: number; userId: number };

export async function addWgMember({ viewer, actor, wgId, userId, role }: Membership & { role: WgRole }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ name: string }>> => {
    if (!await findWorkingGroup(tx, viewer, wgId)) return notFound();
    const person = await findPerson(tx, viewer, wgId, userId);
    if (!person || !person.active || person.role !== null) return invalidField("userId", "structure.wg.userInvalid");
    const problem = wgRoleProblem(person.organizationKind, role);
    if (problem) return invalidField("role", problem);
    tx.insert(schema.wgMembership).values({ wgId, userId, role }).run();
    await audit(tx, actor, { action: "wg.member.add", entityType: "working_group", entityId: wgId, after: { userId, role } });
    return ok({ name: person.displayName });
  });
}

export async function changeWgRole({ viewer, actor, wgId, userId, role }: Membership & { role: WgRole }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ name: string }>> => {
    if (!await findWorkingGroup(tx, viewer, wgId)) return notFound();
    const person = await findPerson(tx, viewer, wgId, userId);
    if (!person?.role) return notFound();
    const problem = wgRoleProblem(person.organizationKind, role);
    if (problem) return invalidField("role", problem);
    tx.update(schema.wgMembership)
      .set({ role })
      .where(and(eq(schema.wgMembership.wgId, wgId), eq(schema.wgMembership.userId, userId)))
      .run();
    await audit(tx, actor, { action: "wg.member.role", entityType: "working_group", entityId: wgId, before: { userId, role: person.role }, after: { userId, role } });
    return ok({ name: person.displayName });
  });
}

export async function removeWgMember({ viewer, actor, wgId, userId }: Membership) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ name: string }>> => {
    if (!await findWorkingGroup(tx, viewer, wgId)) return notFound();
    const person = await findPerson(tx, viewer, wgId, userId);
    if (!person?.role) return notFound();
    tx.delete(schema.wgMembership)
      .where(and(eq(schema.wgMembership.wgId, wgId), eq(schema.wgMembership.userId, userId)))
      .run();
    await audit(tx, actor, { action: "wg.member.remove", entityType: "working_group", entityId: wgId, before: { userId, role: person.role } });
    return ok({ name: person.displayName });
  });
}
