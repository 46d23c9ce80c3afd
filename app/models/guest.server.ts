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
import { loadViewer, revokeAllSessions } from "~/utils/auth.server";
import { hasAccess } from "~/policy/access.server";
import { todayInJapan } from "~/utils/dates";
import { db, schema, write, type Tx } from "~/utils/db.server";
import { dateText, text } from "~/utils/forms.server";
import { hashPassword } from "~/utils/password.server";
import { can, isGuest, type Viewer } from "~/policy/permissions";
import { createAccountToken, liveAccountToken } from "./account.server";
import { OPEN_STATUSES } from "./issue.server";
import { queueInvitationMail } from "~/jobs/mail/outbox.server";
import { notifyInvitationAccepted } from "./notification.server";
import { guestWgIds, visibleComments, visibleIssues, visibleWorkingGroups } from "~/policy/visibility.server";

export const INVITE_DAYS = 7;

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
    const existing = tx
      .select({
        id: schema.user.id,
        organizationId: schema.user.organizationId,
        passwordHash: schema.user.passwordHash,
        active: schema.user.active,
        accessUntil: schema.user.accessUntil,
        mayComeIn: hasAccess(),
        kind: schema.organization.kind,
      })
      .from(schema.user)
      .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
      .where(sql`lower(${schema.user.email}) = ${input.email.toLowerCase()}`)
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
      userId = tx
        .insert(schema.user)
        .values({ email: input.email, displayName: input.displayName, organizationId: org.id, accessUntil, passwordHash: null })
        .returning({ id: schema.user.id })
        .get().id;
      tx.insert(schema.consortiumRole).values({ userId, consortiumId: viewer.consortiumId, role: "member" }).run();
      created = true;
    }
    const had = new Set(
      tx.select({ wgId: schema.wgMembership.wgId }).from(schema.wgMembership).where(eq(schema.wgMembership.userId, userId)).all().map((r) => r.wgId),
    );
    const addedWgIds = wgIds.filter((id) => !had.has(id));
    if (addedWgIds.length) tx.insert(schema.wgMembership).values(addedWgIds.map((wgId) => ({ userId, wgId, role: "guest" as const }))).run();
    const token = existing?.passwordHash ? null : await createAccountToken(tx, { userId, createdBy: viewer.userId, purpose: "invite", validMs: INVITE_DAYS * 86_400_000, now });
    await audit(tx, actor, {
      action: created ? "guest.invite" : "guest.invite.more",
      entityType: "user",
      entityId: userId,
      after: { email: input.email, displayName: input.displayName, organizationId: org.id, wgIds, addedWgIds, accessUntil, link: token ? "issued" : "none" },
    });
    // The link goes out by e-mail (issue 8) as well as being shown to the inviter.
    if (token) await queueInvitationMail(tx, { consortiumId: viewer.consortiumId, to: input.email, inviteeName: input.displayName, inviterId: viewer.userId, link: `/invite/${token}`, dedupeKey: token.slice(0, 16) });
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
  // Open pages stop working at once: the guest signs in again to a home without WGs.
  await revokeAllSessions(userId);
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

// --- accepting -----------------------------------------------------------------------------

/** The invitation behind a link, or null (unknown, used, revoked, expired, access ended). */
export async function findInvitation(token: string, now = Date.now()) {
  const row = await liveAccountToken(token, "invite", now);
  if (!row) return null;
  const wgs = db
    .select({ name: schema.workingGroup.name })
    .from(schema.wgMembership)
    .innerJoin(schema.workingGroup, eq(schema.workingGroup.id, schema.wgMembership.wgId))
    .where(and(eq(schema.wgMembership.userId, row.userId), eq(schema.wgMembership.role, "guest")))
    .orderBy(asc(schema.workingGroup.id))
    .all()
    .map((w) => w.name);
  return { userId: row.userId, displayName: row.displayName, wgs };
}

/** Sets the password from the invitation link (once); returns the user id or null. */
export async function acceptInvitation({ token, password, ip, now = Date.now() }: { token: string; password: string; ip: string; now?: number }) {
  const found = await liveAccountToken(token, "invite", now);
  if (!found) return null;
  const passwordHash = await hashPassword(password);
  const used = await write(async (tx) => {
    const res = tx
      .update(schema.accountToken)
      .set({ usedAt: now })
      .where(and(eq(schema.accountToken.id, found.id), isNull(schema.accountToken.usedAt), isNull(schema.accountToken.revokedAt)))
      .run();
    if (res.changes === 0) return false; // used or revoked meanwhile
    // Accepting signs the guest in: that is their first sign-in.
    tx.update(schema.user).set({ passwordHash, lastLoginAt: now }).where(eq(schema.user.id, found.userId)).run();
    await audit(tx, { viewer: (await loadViewer(found.userId))?.viewer ?? null, ip, userId: found.userId }, { action: "guest.invite.accept", entityType: "user", entityId: found.userId });
    // Whoever sent the invitation is told it was accepted (issue 8).
    const inviterId = tx.select({ by: schema.accountToken.createdBy }).from(schema.accountToken).where(eq(schema.accountToken.id, found.id)).get()?.by;
    if (inviterId) await notifyInvitationAccepted(tx, { invitedUserId: found.userId, inviterId }, now);
    return true;
  });
  return used ? found.userId : null;
}

// --- the PMO's list ------------------------------------------------------------------------

export type InvitationState = "accepted" | "pending" | "expired" | "revoked" | "none";

/** Every vendor person (PMO), or the guests of the WGs a lead leads; with WGs and invitation state. */
export async function listGuests({ viewer, now = Date.now() }: { viewer: Viewer; now?: number }) {
  const users = db
    .select({
      id: schema.user.id,
      email: schema.user.email,
      displayName: schema.user.displayName,
      organizationName: schema.organization.name,
      accessUntil: schema.user.accessUntil,
      lastLoginAt: schema.user.lastLoginAt,
      mayComeIn: hasAccess(todayInJapan(now)),
      hasPassword: sql<number>`${schema.user.passwordHash} IS NOT NULL`,
    })
    .from(schema.user)
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
