// Managing accounts: the PMO manages everyone, a town admin (団体管理者) only their own town.
// The scope is applied in every query, so another town's user is simply not found. Within
// their town a town admin sees every account but manages only those at their own level
// (can "user.manage": no PMO or leadership accounts); each row says so as mayManage.
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { forbidden, invalidField, notFound, ok, type Refusal, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { revokeAllSessions } from "~/utils/auth.server";
import { db, schema, write, type Executor } from "~/utils/db.server";
import { can, type ConsortiumRole, type Viewer } from "~/policy/permissions";
import { createResetToken } from "./account.server";
import { queuePasswordResetMail } from "~/jobs/mail/outbox.server";
import { z } from "zod";
import { dateText, checkbox, parseForm, text } from "~/utils/forms.server";

type Rank = (typeof schema.RANKS)[number];

function manageableUsers(viewer: Viewer): SQL | undefined {
  if (!can(viewer, "user.list")) return sql`0`;
  const inConsortium = eq(schema.organization.consortiumId, viewer.consortiumId);
  return can(viewer, "consortium.manage") ? inConsortium : and(inConsortium, eq(schema.user.organizationId, viewer.organizationId));
}

const userColumns = {
  id: schema.user.id,
  email: schema.user.email,
  displayName: schema.user.displayName,
  displayNameKana: schema.user.displayNameKana,
  department: schema.user.department,
  rank: schema.user.rank,
  active: schema.user.active,
  orgAdmin: schema.user.orgAdmin,
  accessUntil: schema.user.accessUntil,
  lastLoginAt: schema.user.lastLoginAt,
  organizationId: schema.organization.id,
  organizationName: schema.organization.name,
  organizationKind: schema.organization.kind,
  role: schema.consortiumRole.role,
};

function usersQuery(viewer: Viewer) {
  return db
    .select(userColumns)
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .leftJoin(
      schema.consortiumRole,
      and(eq(schema.consortiumRole.userId, schema.user.id), eq(schema.consortiumRole.consortiumId, viewer.consortiumId)),
    )
    .$dynamic();
}

/** May the viewer edit, stop or reset this account (as it is)? */
function mayManage(viewer: Viewer, user: { organizationId: number; role: ConsortiumRole | null }) {
  return can(viewer, "user.manage", { organizationId: user.organizationId, role: user.role });
}

export async function listUsers({ viewer, organizationId }: { viewer: Viewer; organizationId?: number }) {
  const scope = manageableUsers(viewer);
  return usersQuery(viewer)
    .where(organizationId ? and(scope, eq(schema.user.organizationId, organizationId)) : scope)
    .orderBy(asc(schema.organization.id), sql`${schema.user.active} desc`, asc(schema.user.displayNameKana), asc(schema.user.id))
    .all()
    .map((u) => ({ ...u, mayManage: mayManage(viewer, u) }));
}

export async function getManagedUser({ viewer, userId }: { viewer: Viewer; userId: number }) {
  const row = usersQuery(viewer).where(and(manageableUsers(viewer), eq(schema.user.id, userId))).get();
  if (!row) return null;
  const user = { ...row, mayManage: mayManage(viewer, row) };
  const wgs = db
    .select({ wgId: schema.workingGroup.id, name: schema.workingGroup.name, role: schema.wgMembership.role })
    .from(schema.wgMembership)
    .innerJoin(schema.workingGroup, eq(schema.workingGroup.id, schema.wgMembership.wgId))
    .where(eq(schema.wgMembership.userId, userId))
    .orderBy(asc(schema.workingGroup.id))
    .all();
  return { ...user, wgs };
}

/** Organizations the viewer may put users in: all for the PMO, their own for a town admin. */
export async function assignableOrganizations(viewer: Viewer) {
  const inConsortium = eq(schema.organization.consortiumId, viewer.consortiumId);
  return db
    .select({ id: schema.organization.id, name: schema.organization.name, kind: schema.organization.kind })
    .from(schema.organization)
    .where(can(viewer, "consortium.manage") ? inConsortium : and(inConsortium, eq(schema.organization.id, viewer.organizationId)))
    .orderBy(asc(schema.organization.id))
    .all();
}

export type UserInput = {
  email: string;
  displayName: string;
  displayNameKana: string;
  department: string;
  rank: Rank;
  organizationId: number;
  orgAdmin: boolean;
  role: ConsortiumRole;
  accessUntil: string | null;
};

/** Is this e-mail address (in any case) another account's? */
export async function emailTaken(email: string, exceptId?: number, ex: Executor = db) {
  const row = ex
    .select({ id: schema.user.id })
    .from(schema.user)
    .where(sql`lower(${schema.user.email}) = ${email.toLowerCase()}`)
    .get();
  return row !== undefined && row.id !== exceptId;
}

async function isVendorOrg(organizationId: number) {
  return db.select({ kind: schema.organization.kind }).from(schema.organization).where(eq(schema.organization.id, organizationId)).get()?.kind === "vendor";
}

async function checkOrganization(viewer: Viewer, organizationId: number) {
  return (await assignableOrganizations(viewer)).some((o) => o.id === organizationId);
}

/** The account as the form would leave it must be one the viewer may manage: only the PMO hands out PMO and leadership roles. */
function mayBecome(viewer: Viewer, input: UserInput) {
  return mayManage(viewer, { organizationId: input.organizationId, role: input.role });
}

/**
 * Why the viewer may not create this account, or null: an organization outside their reach,
 * a role above their own (only the PMO hands out PMO and leadership roles), an e-mail in use.
 * The one check of a new account, for the form (createUser) and the people import alike.
 */
export async function newUserRefusal(viewer: Viewer, input: UserInput): Promise<Refusal | null> {
  if (!await checkOrganization(viewer, input.organizationId)) return invalidField("organizationId", "admin.users.organizationInvalid");
  if (!mayBecome(viewer, input)) return forbidden("admin.users.roleNotAssignable");
  if (await emailTaken(input.email)) return invalidField("email", "admin.users.emailTaken");
  return null;
}

export async function createUser({ viewer, actor, input }: { viewer: Viewer; actor: Actor; input: UserInput }): Promise<Result<{ userId: number; resetToken: string }>> {
  const refusal = await newUserRefusal(viewer, input);
  if (refusal) return refusal;
  return write(async (tx) => {
    const { role, ...fields } = input;
    const created = tx.insert(schema.user).values({ ...fields, passwordHash: null }).returning({ id: schema.user.id }).get();
    tx.insert(schema.consortiumRole).values({ userId: created.id, consortiumId: viewer.consortiumId, role }).run();
    const resetToken = await createResetToken(tx, created.id, viewer.userId);
    await queuePasswordResetMail(tx, { userId: created.id, token: resetToken, invited: true });
    await audit(tx, actor, { action: "user.create", entityType: "user", entityId: created.id, after: input });
    return ok({ userId: created.id, resetToken });
  });
}

export async function updateUser({ viewer, actor, userId, input }: { viewer: Viewer; actor: Actor; userId: number; input: UserInput }): Promise<Result<{ userId: number }>> {
  const before = await getManagedUser({ viewer, userId });
  if (!before) return notFound();
  if (!before.mayManage) return forbidden("admin.users.managedByPmo");
  if (!await checkOrganization(viewer, input.organizationId)) return invalidField("organizationId", "admin.users.organizationInvalid");
  if (!mayBecome(viewer, input)) return forbidden("admin.users.roleNotAssignable");
  // A town admin does not move their own 利用期限: whoever set it (the PMO) keeps control of it.
  if (userId === viewer.userId && !can(viewer, "consortium.manage") && (input.accessUntil ?? null) !== (before.accessUntil ?? null)) {
    return forbidden("admin.users.ownAccessUntil", "accessUntil");
  }
  if (await emailTaken(input.email, userId)) return invalidField("email", "admin.users.emailTaken");
  // Guests are vendor staff and vendor staff are only guests: moving someone across that
  // line while they sit in WGs would silently change what they may see.
  if (before.wgs.length && await isVendorOrg(input.organizationId) !== (before.organizationKind === "vendor")) {
    return invalidField("organizationId", "admin.users.organizationKindLocked");
  }
  await write(async (tx) => {
    const { role, ...fields } = input;
    tx.update(schema.user).set(fields).where(eq(schema.user.id, userId)).run();
    if (can(viewer, "consortium.manage")) {
      tx.insert(schema.consortiumRole)
        .values({ userId, consortiumId: viewer.consortiumId, role })
        .onConflictDoUpdate({ target: [schema.consortiumRole.userId, schema.consortiumRole.consortiumId], set: { role } })
        .run();
    }
    const { wgs: _wgs, mayManage: _mayManage, ...plain } = before;
    await audit(tx, actor, { action: "user.update", entityType: "user", entityId: userId, before: plain, after: input });
  });
  return ok({ userId });
}

/** Deactivating ends every session at once; the account and its history stay. */
export async function setUserActive({ viewer, actor, userId, active }: { viewer: Viewer; actor: Actor; userId: number; active: boolean }): Promise<Result> {
  const user = await getManagedUser({ viewer, userId });
  if (!user) return notFound();
  if (!user.mayManage) return forbidden("admin.users.managedByPmo");
  await write(async (tx) => {
    tx.update(schema.user).set({ active }).where(eq(schema.user.id, userId)).run();
    await audit(tx, actor, { action: active ? "user.activate" : "user.deactivate", entityType: "user", entityId: userId });
  });
  if (!active) await revokeAllSessions(userId);
  return ok();
}

/** A one-time set-password link to hand to the user; it is also e-mailed through the outbox. */
export async function issueResetLink({ viewer, actor, userId }: { viewer: Viewer; actor: Actor; userId: number }): Promise<Result<{ token: string }>> {
  const user = await getManagedUser({ viewer, userId });
  if (!user) return notFound();
  if (!user.mayManage) return forbidden("admin.users.managedByPmo");
  return write(async (tx) => {
    const token = await createResetToken(tx, userId, viewer.userId);
    await queuePasswordResetMail(tx, { userId, token });
    await audit(tx, actor, { action: "user.password.reset_link", entityType: "user", entityId: userId });
    return ok({ token });
  });
}

// --- the user form ----------------------------------------------------------------------


export const userFormSchema = z.object({
  displayName: text(100, { required: "admin.users.nameRequired", tooLong: "admin.users.nameTooLong" }),
  displayNameKana: text(100, { tooLong: "admin.users.kanaTooLong" }),
  email: text(254, { required: "admin.users.emailRequired", tooLong: "admin.users.emailInvalid" }).pipe(
    z.string().email("admin.users.emailInvalid"),
  ),
  department: text(100, { tooLong: "admin.users.departmentTooLong" }),
  organizationId: z.coerce.number({ invalid_type_error: "admin.users.organizationInvalid" }).int("admin.users.organizationInvalid").positive("admin.users.organizationInvalid"),
  rank: z.enum(schema.RANKS, { errorMap: () => ({ message: "admin.users.rankInvalid" }) }),
  role: z.enum(schema.CONSORTIUM_ROLES, { errorMap: () => ({ message: "admin.users.roleInvalid" }) }).default("member"),
  orgAdmin: checkbox,
  accessUntil: dateText("admin.users.dateInvalid"),
});

export function parseUserForm(form: FormData) {
  return parseForm(userFormSchema, form);
}
