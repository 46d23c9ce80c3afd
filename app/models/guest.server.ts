// Vendor guests (事業者ゲスト): invitations, the PMO's list of guests, ending their access.
//
// An invitation creates the vendor person's account without a password, gives it guest
// memberships in the chosen WGs and a one-time link (account_token, purpose 'invite',
// valid 7 days; only its hash is stored). Accepting the link sets the password. Inviting
// someone who already has an account only adds WGs (never a second user). Access ends at
// the end of user.accessUntil (契約期間), which sign-in and every session already check.
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { forbidden, invalidField, ok, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { loadViewer, revokeMembershipSessions } from "~/utils/auth.server";
import { hasAccess } from "~/policy/access.server";
import { todayInJapan } from "~/utils/dates";
import { db, schema, write, type Tx } from "~/utils/db.server";
import { dateText, text } from "~/utils/forms.server";
import { hashPassword } from "~/utils/password.server";
import { can, isGuest, type Viewer } from "~/policy/permissions";
import { liveAccountToken } from "./account.server";
import { addMembership, inviteMember, managedHere } from "./membership.server";
import { OPEN_STATUSES } from "./issue.server";
import { notifyInvitationAccepted } from "./notification.server";
import { guestWgIds, visibleComments, visibleIssues, visibleWorkingGroups } from "~/policy/visibility.server";

export { INVITE_DAYS } from "./membership.server";

// --- the invitation form -------------------------------------------------------------------

const ids = z.preprocess(
  (v) => (Array.isArray(v) ? v : v === undefined || v === "" ? [] : [v]),
  z.array(z.coerce.number().int().positive()).min(1, "guests.wgsRequired").max(50, "guests.wgsRequired"),
);

export const inviteFormSchema = z.object({
  displayName: text(100, { required: "guests.nameRequired", tooLong: "guests.nameTooLong" }),
  email: text(254, { required: "guests.emailRequired", tooLong: "guests.emailInvalid" }).pipe(z.string().email("guests.emailInvalid")),
  organizationId: z.coerce.number({ invalid_type_error: "guests.organizationInvalid" }).int("guests.organizationInvalid").positive("guests.organizationInvalid"),
  wgIds: ids,
  accessUntil: dateText("guests.dateInvalid")
    .refine((v) => v === null || v >= todayInJapan(), "guests.datePast"),
});
export type InviteInput = z.infer<typeof inviteFormSchema>;

// --- choices ---------------------------------------------------------------------------------

/** Vendor organizations of the consortium (a guest belongs to one). */
export async function vendorOrganizations(viewer: Viewer) {
  return db
    .select({ id: schema.organization.id, name: schema.organization.name })
    .from(schema.organization)
    .where(and(eq(schema.organization.consortiumId, viewer.consortiumId), eq(schema.organization.kind, "vendor")))
    .orderBy(asc(schema.organization.nameKana), asc(schema.organization.id))
    .all();
}

/** The WGs the viewer may invite into: all for the PMO, the ones they lead for a WG lead. */
export async function invitableWorkingGroups(viewer: Viewer) {
  return db
    .select({ id: schema.workingGroup.id, name: schema.workingGroup.name, projectName: schema.project.name })
    .from(schema.workingGroup)
    .innerJoin(schema.project, eq(schema.project.id, schema.workingGroup.projectId))
    .where(eq(schema.workingGroup.consortiumId, viewer.consortiumId))
    .orderBy(asc(schema.workingGroup.projectId), asc(schema.workingGroup.id))
    .all()
    .filter((w) => can(viewer, "guest.invite", { wgId: w.id }));
}

/** May this viewer invite anyone at all (PMO, or lead of some WG)? */
export async function mayInvite(viewer: Viewer) {
  return (await invitableWorkingGroups(viewer)).length > 0;
}

// --- invite --------------------------------------------------------------------------------

export type Invited = { userId: number; token: string | null; created: boolean; addedWgIds: number[]; accessUntil: string | null; accessUntilKept: boolean };

/**
 * A guest this viewer may not manage, or not one at all. Answered on the guests list beside
 * the list (400), like any stale row: the page may show a guest who has just been removed.
 */
const notManageable = () => invalidField("form", "guests.notFound");

/**
 * Invites a vendor person into WGs. A new person gets an account without a password and a
 * one-time link; a person who has not yet accepted gets a fresh link; someone who already
 * signs in simply gains the WGs (token null).
 *
 * Whether an existing account may come in is the PMO's call: only the PMO restarts an
 * account it stopped or whose 契約期間 ended, and only the PMO moves the 契約期間. A WG lead's
 * re-invitation of a stopped or ended account is refused; of an active one it adds the WGs
 * and keeps the date on record (neither extended nor shortened), reported as accessUntilKept.
 */
export async function inviteGuest({ viewer, actor, input, now = Date.now() }: { viewer: Viewer; actor: Actor; input: InviteInput; now?: number }): Promise<Result<Invited>> {
  const org = db
    .select({ id: schema.organization.id, kind: schema.organization.kind })
    .from(schema.organization)
    .where(and(eq(schema.organization.id, input.organizationId), eq(schema.organization.consortiumId, viewer.consortiumId)))
    .get();
  if (!org || org.kind !== "vendor") return invalidField("organizationId", "guests.organizationInvalid");
  const wgIds = [...new Set(input.wgIds)];
  const allowed = new Set((await invitableWorkingGroups(viewer)).map((w) => w.id));
  if (!wgIds.length || wgIds.some((id) => !allowed.has(id))) return invalidField("wgIds", "guests.wgsInvalid");
  const byPmo = can(viewer, "guest.manage");

  // The account is read inside the write transaction, so a refusal rests on its current state.
  return write(async (tx): Promise<Result<Invited>> => {
    // Only this consortium's membership of the e-mail is looked at: whether the person takes
    // part elsewhere changes nothing here (addMembership, inviteMember).
    const existing = tx
      .select({
        id: schema.user.id,
        organizationId: schema.user.organizationId,
        hasPassword: sql<number>`${schema.account.passwordHash} IS NOT NULL`.mapWith(Boolean),
        active: schema.user.active,
        accessUntil: schema.user.accessUntil,
        mayComeIn: hasAccess(),
        kind: schema.organization.kind,
      })
      .from(schema.user)
      .innerJoin(schema.account, eq(schema.account.id, schema.user.accountId))
      .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
      .where(and(eq(schema.user.consortiumId, viewer.consortiumId), sql`lower(${schema.account.email}) = ${input.email.toLowerCase()}`))
      .get();
    if (existing && existing.kind !== "vendor") return invalidField("email", "guests.emailTakenByStaff");
    if (existing && existing.organizationId !== org.id) return invalidField("email", "guests.emailOtherVendor");
    if (existing && !byPmo && !existing.mayComeIn) return forbidden(existing.active ? "guests.accessEndedPmoOnly" : "guests.stoppedByPmo", "email");

    let userId: number;
    let created = false;
    let accessUntil = input.accessUntil;
    let accessUntilKept = false;
    if (existing) {
      userId = existing.id;
      if (byPmo) {
        if (input.accessUntil === null) accessUntil = existing.accessUntil;
        tx.update(schema.user).set({ active: true, accessUntil }).where(eq(schema.user.id, userId)).run();
      } else {
        accessUntil = existing.accessUntil;
        accessUntilKept = input.accessUntil !== null && input.accessUntil !== existing.accessUntil;
      }
    } else {
      userId = addMembership(tx, { consortiumId: viewer.consortiumId, email: input.email, displayName: input.displayName, organizationId: org.id, accessUntil, role: "member" }).userId;
      created = true;
    }
    const had = new Set(
      tx.select({ wgId: schema.wgMembership.wgId }).from(schema.wgMembership).where(eq(schema.wgMembership.userId, userId)).all().map((r) => r.wgId),
    );
    const addedWgIds = wgIds.filter((id) => !had.has(id));
    if (addedWgIds.length) tx.insert(schema.wgMembership).values(addedWgIds.map((wgId) => ({ userId, wgId, role: "guest" as const }))).run();
    // A new member always gets a link (whatever their account elsewhere); a guest of this
    // consortium who has started already is only given the new WGs.
    const token = existing?.hasPassword ? null : await inviteMember(tx, { userId, inviterId: viewer.userId, to: input.email, name: input.displayName, now });
    await audit(tx, actor, {
      action: created ? "guest.invite" : "guest.invite.more",
      entityType: "user",
      entityId: userId,
      after: { email: input.email, displayName: input.displayName, organizationId: org.id, wgIds, addedWgIds, accessUntil, link: token ? "issued" : "none" },
    });
    return ok({ userId, token, created, addedWgIds, accessUntil, accessUntilKept });
  });
}

/** Ends every unused invitation link of a guest. The PMO, or a lead of one of the guest's WGs. */
export async function revokeInvitation({ viewer, actor, userId, now = Date.now() }: { viewer: Viewer; actor: Actor; userId: number; now?: number }): Promise<Result> {
  const guest = await manageableGuest(viewer, userId);
  if (!guest) return notManageable();
  return write(async (tx) => {
    const res = tx
      .update(schema.accountToken)
      .set({ revokedAt: now })
      .where(and(eq(schema.accountToken.userId, userId), eq(schema.accountToken.purpose, "invite"), isNull(schema.accountToken.usedAt), isNull(schema.accountToken.revokedAt)))
      .run();
    await audit(tx, actor, { action: "guest.invite.revoke", entityType: "user", entityId: userId, after: { revoked: res.changes } });
    return ok();
  });
}

/** 「すべてのWGから外す」: the guest keeps the account (and its history) but sees nothing any more. */
export async function removeFromAllWgs({ viewer, actor, userId, now = Date.now() }: { viewer: Viewer; actor: Actor; userId: number; now?: number }): Promise<Result> {
  if (!can(viewer, "guest.manage")) return notManageable();
  const guest = await manageableGuest(viewer, userId);
  if (!guest) return notManageable();
  await write(async (tx) => {
    const before = tx.select({ wgId: schema.wgMembership.wgId }).from(schema.wgMembership).where(eq(schema.wgMembership.userId, userId)).all().map((r) => r.wgId);
    tx.delete(schema.wgMembership).where(and(eq(schema.wgMembership.userId, userId), eq(schema.wgMembership.role, "guest"))).run();
    tx.update(schema.accountToken)
      .set({ revokedAt: now })
      .where(and(eq(schema.accountToken.userId, userId), eq(schema.accountToken.purpose, "invite"), isNull(schema.accountToken.usedAt), isNull(schema.accountToken.revokedAt)))
      .run();
    await audit(tx, actor, { action: "guest.remove_all", entityType: "user", entityId: userId, before: { wgIds: before }, after: { wgIds: [] } });
  });
  // Open pages of this consortium stop working at once: the guest signs in again to a home without WGs.
  await write((tx) => revokeMembershipSessions(tx, userId));
  return ok();
}

/** A vendor user the viewer may manage: any for the PMO; for a WG lead, guests of a WG they lead. */
async function manageableGuest(viewer: Viewer, userId: number) {
  const user = db
    .select({ id: schema.user.id, kind: schema.organization.kind })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(and(eq(schema.user.id, userId), eq(schema.organization.consortiumId, viewer.consortiumId)))
    .get();
  if (!user || user.kind !== "vendor") return null;
  if (can(viewer, "guest.manage")) return user;
  const wgs = db.select({ wgId: schema.wgMembership.wgId }).from(schema.wgMembership).where(eq(schema.wgMembership.userId, userId)).all();
  return wgs.some((w) => can(viewer, "guest.invite", { wgId: w.wgId })) ? user : null;
}

// --- the PMO's list ------------------------------------------------------------------------

export type InvitationState = "accepted" | "pending" | "expired" | "revoked" | "none";

/** Every vendor person (PMO), or the guests of the WGs a lead leads; with WGs and invitation state. */
export async function listGuests({ viewer, now = Date.now() }: { viewer: Viewer; now?: number }) {
  const users = db
    .select({
      id: schema.user.id,
      email: schema.account.email,
      displayName: schema.user.displayName,
      organizationName: schema.organization.name,
      accessUntil: schema.user.accessUntil,
      lastLoginAt: schema.user.lastLoginAt,
      mayComeIn: hasAccess(todayInJapan(now)),
      hasPassword: sql<number>`${schema.account.passwordHash} IS NOT NULL`,
    })
    .from(schema.user)
    .innerJoin(schema.account, eq(schema.account.id, schema.user.accountId))
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(and(eq(schema.organization.consortiumId, viewer.consortiumId), eq(schema.organization.kind, "vendor")))
    .orderBy(asc(schema.organization.nameKana), asc(schema.user.displayNameKana), asc(schema.user.id))
    .all();
  if (!users.length) return [];
  const userIds = users.map((u) => u.id);
  const memberships = db
    .select({ userId: schema.wgMembership.userId, wgId: schema.workingGroup.id, name: schema.workingGroup.name })
    .from(schema.wgMembership)
    .innerJoin(schema.workingGroup, eq(schema.workingGroup.id, schema.wgMembership.wgId))
    .where(and(inArray(schema.wgMembership.userId, userIds), eq(schema.wgMembership.role, "guest")))
    .orderBy(asc(schema.workingGroup.id))
    .all();
  const tokens = db
    .select({ userId: schema.accountToken.userId, expiresAt: schema.accountToken.expiresAt, usedAt: schema.accountToken.usedAt, revokedAt: schema.accountToken.revokedAt })
    .from(schema.accountToken)
    .where(and(inArray(schema.accountToken.userId, userIds), eq(schema.accountToken.purpose, "invite")))
    .orderBy(desc(schema.accountToken.createdAt), desc(schema.accountToken.id))
    .all();
  const manageAll = can(viewer, "guest.manage");
  return users
    .map((u) => {
      const wgs = memberships.filter((m) => m.userId === u.id).map((m) => ({ id: m.wgId, name: m.name }));
      const last = tokens.find((t) => t.userId === u.id);
      const invitation: InvitationState = u.hasPassword
        ? "accepted"
        : !last
          ? "none"
          : last.usedAt
            ? "accepted"
            : last.revokedAt
              ? "revoked"
              : last.expiresAt <= now
                ? "expired"
                : "pending";
      return {
        id: u.id,
        email: u.email,
        displayName: u.displayName,
        organizationName: u.organizationName,
        accessUntil: u.accessUntil,
        accessEnded: !u.mayComeIn,
        lastLoginAt: u.lastLoginAt,
        invitation,
        invitationExpiresAt: invitation === "pending" ? last!.expiresAt : null,
        wgs,
        mayRevoke: invitation === "pending" && (manageAll || wgs.some((w) => can(viewer, "guest.invite", { wgId: w.id }))),
      };
    })
    .filter((g) => manageAll || g.wgs.some((w) => can(viewer, "guest.invite", { wgId: w.id })));
}

// --- the vendor's single window (質疑応答) -----------------------------------------------------

/**
 * What a vendor guest follows in a WG: 「回答待ち」 — questions its organization asked that
 * wait for the consortium — and 「貴社対応待ち」 — shared items whose ball is with it.
 * Only issues the guest may see (visibleIssues) are ever counted.
 */
export async function vendorQueues({ viewer, wgIds }: { viewer: Viewer; wgIds: number[] }) {
  if (!isGuest(viewer) || !wgIds.length) return { awaiting: [], yourTurn: [] };
  const rows = db
    .select({
      id: schema.issue.id,
      number: schema.issue.number,
      title: schema.issue.title,
      status: schema.issue.status,
      type: schema.issue.type,
      wgId: schema.issue.wgId,
      dueOn: schema.issue.dueOn,
      updatedAt: schema.issue.updatedAt,
      ballHolderOrgId: schema.issue.ballHolderOrgId,
      // Written out with the table name: inside a subquery an unqualified "id" would be the comment's.
      askedByUs: sql<number>`"issue"."created_by" IN (SELECT u.id FROM user u WHERE u.organization_id = ${viewer.organizationId})`,
      answered: sql<number>`EXISTS (SELECT 1 FROM ${schema.comment} WHERE ${schema.comment.issueId} = "issue"."id" AND ${schema.comment.isAnswer} = 1 AND ${visibleComments(viewer)})`,
    })
    .from(schema.issue)
    .where(and(visibleIssues(viewer), inArray(schema.issue.wgId, wgIds), inArray(schema.issue.status, OPEN_STATUSES)))
    .orderBy(asc(schema.issue.number))
    .all();
  const strip = ({ askedByUs: _a, ballHolderOrgId: _b, answered: _c, ...r }: (typeof rows)[number]) => r;
  return {
    // Asked by the vendor, not yet answered (回答) and not handed back to the vendor.
    awaiting: rows.filter((r) => r.askedByUs && r.type === "質問" && !r.answered && r.ballHolderOrgId !== viewer.organizationId).map(strip),
    yourTurn: rows.filter((r) => r.ballHolderOrgId === viewer.organizationId).map(strip),
  };
}

/** The guest home: only their WGs, each with its two queues counted. */
export async function guestHome(viewer: Viewer) {
  if (!isGuest(viewer)) return null;
  const ids = guestWgIds(viewer);
  const wgs = ids.length
    ? db
        .select({ id: schema.workingGroup.id, name: schema.workingGroup.name, description: schema.workingGroup.description })
        .from(schema.workingGroup)
        .where(visibleWorkingGroups(viewer))
        .orderBy(asc(schema.workingGroup.id))
        .all()
    : [];
  const queues = await vendorQueues({ viewer, wgIds: wgs.map((w) => w.id) });
  return wgs.map((w) => ({
    ...w,
    awaiting: queues.awaiting.filter((r) => r.wgId === w.id).length,
    yourTurn: queues.yourTurn.filter((r) => r.wgId === w.id).length,
  }));
}
