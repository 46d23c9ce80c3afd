// Managing accounts: the PMO manages everyone, a town admin (団体管理者) only their own town.
// The scope is applied in every query, so another town's user is simply not found. Within
// their town a town admin sees every account but manages only those at their own level
// (can "user.manage": no PMO or leadership accounts); each row says so as mayManage.
import { and, asc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { forbidden, invalidField, notFound, ok, type Refusal, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { revokeMembershipSessions } from "~/utils/auth.server";
import { db, schema, write, type Executor, type Tx } from "~/utils/db.server";
import { can, type ConsortiumRole, type Viewer } from "~/policy/permissions";
import { createResetToken } from "./account.server";
import { accountByEmail, addMembership, inviteMember, managedHere, memberByEmail } from "./membership.server";
import { queuePasswordResetMail } from "~/jobs/mail/outbox.server";
import { z } from "zod";
import { dateText, checkbox, parseForm, text } from "~/utils/forms.server";

type Rank = (typeof schema.RANKS)[number];

function manageableUsers(viewer: Viewer): SQL | undefined {
  if (!can(viewer, "user.list")) return sql`0`;
  const inConsortium = eq(schema.user.consortiumId, viewer.consortiumId);
  return can(viewer, "consortium.manage") ? inConsortium : and(inConsortium, eq(schema.user.organizationId, viewer.organizationId));
}

const userColumns = {
  id: schema.user.id,
  accountId: schema.user.accountId,
  email: schema.account.email,
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
    .innerJoin(schema.account, eq(schema.account.id, schema.user.accountId))
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
  const user = { ...row, mayManage: mayManage(viewer, row), emailEditable: emailEditable(db, row.accountId, viewer.consortiumId) };
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

/** Does someone of this consortium other than membership `exceptId` sign in with this e-mail (in any case)? */
export async function emailTaken(consortiumId: number, email: string, exceptId?: number, ex: Executor = db) {
  const member = memberByEmail(ex, consortiumId, email);
  return member !== undefined && member.userId !== exceptId;
}

/**
 * The administrators change a person's e-mail only before the person has chosen a password,
 * and only when no other consortium knows them: after that the e-mail is the person's own
 * sign-in, changed on their account page.
 */
function emailEditable(ex: Executor, accountId: number, consortiumId: number) {
  const account = ex.select({ passwordHash: schema.account.passwordHash }).from(schema.account).where(eq(schema.account.id, accountId)).get();
  return !account?.passwordHash && managedHere(ex, accountId, consortiumId);
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
  if (await emailTaken(viewer.consortiumId, input.email)) return invalidField("email", "admin.users.emailTaken");
  return null;
}

/**
 * Adds a person to the consortium: a new account, or the account they already sign in with
 * (made in another consortium). Either way the same happens here: an invitation link (shown
 * to the administrator and e-mailed) that sets a first password, or, for someone who already
 * has one, leads to the sign-in. Nothing tells the administrator which it was.
 */
export async function createUser({ viewer, actor, input }: { viewer: Viewer; actor: Actor; input: UserInput }): Promise<Result<{ userId: number; inviteToken: string }>> {
  const refusal = await newUserRefusal(viewer, input);
  if (refusal) return refusal;
  return write(async (tx) => {
    if (await emailTaken(viewer.consortiumId, input.email, undefined, tx)) return invalidField("email", "admin.users.emailTaken");
    const { userId } = addMembership(tx, { ...input, consortiumId: viewer.consortiumId });
    const inviteToken = await inviteMember(tx, { userId, inviterId: viewer.userId, to: input.email, name: input.displayName });
    await audit(tx, actor, { action: "user.create", entityType: "user", entityId: userId, after: input });
    return ok({ userId, inviteToken });
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
  const emailChanged = input.email.trim().toLowerCase() !== before.email.toLowerCase();
  if (emailChanged && !before.emailEditable) return invalidField("email", "admin.users.emailOwnedByPerson");
  if (emailChanged && await emailTaken(viewer.consortiumId, input.email, userId)) return invalidField("email", "admin.users.emailTaken");
  // Guests are vendor staff and vendor staff are only guests: moving someone across that
  // line while they sit in WGs would silently change what they may see.
  if (before.wgs.length && await isVendorOrg(input.organizationId) !== (before.organizationKind === "vendor")) {
    return invalidField("organizationId", "admin.users.organizationKindLocked");
  }
  await write(async (tx) => {
    const { role, email, ...fields } = input;
    tx.update(schema.user).set(fields).where(eq(schema.user.id, userId)).run();
    if (emailChanged) await correctEmail(tx, { userId, accountId: before.accountId, email, inviterId: viewer.userId, name: input.displayName });
    if (can(viewer, "consortium.manage")) {
      tx.insert(schema.consortiumRole)
        .values({ userId, consortiumId: viewer.consortiumId, role })
        .onConflictDoUpdate({ target: [schema.consortiumRole.userId, schema.consortiumRole.consortiumId], set: { role } })
        .run();
    }
    const { wgs: _wgs, mayManage: _mayManage, emailEditable: _editable, accountId: _accountId, ...plain } = before;
    await audit(tx, actor, { action: "user.update", entityType: "user", entityId: userId, before: plain, after: input });
  });
  return ok({ userId });
}

/**
 * A mistyped address of someone who has not started yet (emailEditable). When the right address
 * already signs in to Renkei, the membership moves to that account (the unused one made for
 * the wrong address goes); either way a fresh invitation goes to the right address.
 */
async function correctEmail(tx: Tx, { userId, accountId, email, inviterId, name }: { userId: number; accountId: number; email: string; inviterId: number; name: string }) {
  const target = accountByEmail(tx, email);
  if (!target) {
    tx.update(schema.account).set({ email: email.trim() }).where(eq(schema.account.id, accountId)).run();
  } else {
    tx.update(schema.user).set({ accountId: target.id }).where(eq(schema.user.id, userId)).run();
    tx.update(schema.accountToken).set({ revokedAt: Date.now() }).where(and(eq(schema.accountToken.accountId, accountId), isNull(schema.accountToken.usedAt))).run();
    tx.update(schema.accountToken).set({ accountId: target.id }).where(eq(schema.accountToken.accountId, accountId)).run();
    tx.delete(schema.session).where(eq(schema.session.accountId, accountId)).run();
    tx.delete(schema.account).where(eq(schema.account.id, accountId)).run();
  }
  await inviteMember(tx, { userId, inviterId, to: email, name });
}

/** Deactivating ends the sessions working in this consortium at once; the account, its other consortia and its history stay. */
export async function setUserActive({ viewer, actor, userId, active }: { viewer: Viewer; actor: Actor; userId: number; active: boolean }): Promise<Result> {
  const user = await getManagedUser({ viewer, userId });
  if (!user) return notFound();
  if (!user.mayManage) return forbidden("admin.users.managedByPmo");
  await write(async (tx) => {
    tx.update(schema.user).set({ active }).where(eq(schema.user.id, userId)).run();
    await audit(tx, actor, { action: active ? "user.activate" : "user.deactivate", entityType: "user", entityId: userId });
  });
  if (!active) await write((tx) => revokeMembershipSessions(tx, userId));
  return ok();
}

/**
 * A one-time set-password link, e-mailed through the outbox and, for a person only this
 * consortium knows, also handed to the administrator (token). For someone who also takes part
 * elsewhere the link goes to their own mailbox only (token null), never through this
 * consortium's hands or outbox: it would open their other consortia too (ADR 029).
 */
export async function issueResetLink({ viewer, actor, userId }: { viewer: Viewer; actor: Actor; userId: number }): Promise<Result<{ token: string | null }>> {
  const user = await getManagedUser({ viewer, userId });
  if (!user) return notFound();
  if (!user.mayManage) return forbidden("admin.users.managedByPmo");
  return write(async (tx) => {
    const token = await createResetToken(tx, userId, viewer.userId);
    const handed = managedHere(tx, user.accountId, viewer.consortiumId);
    await queuePasswordResetMail(tx, { userId, token, privateToPerson: !handed });
    await audit(tx, actor, { action: "user.password.reset_link", entityType: "user", entityId: userId, after: { handedToAdministrator: handed } });
    return ok({ token: handed ? token : null });
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
