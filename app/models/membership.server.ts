// Memberships (ADR 029): a person (account) takes part in a consortium as a `user` row. This is
// the one place a membership is made, whether the e-mail is new to the installation or already
// someone's sign-in elsewhere. Nothing here reads or returns what the account does in another
// consortium: callers learn only whether the person is already a member of *this* one, and
// whether they still need a set-password link.
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import { audit } from "~/utils/audit.server";
import { db, schema, write, type Executor, type Tx } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import type { ConsortiumRole } from "~/policy/permissions";
import { queueInvitationMail } from "~/jobs/mail/outbox.server";
import { createAccountToken, liveAccountToken, managedHere } from "./account.server";
export { managedHere };
import { notifyInvitationAccepted } from "./notification.server";

/** How long an invitation link works. */
export const INVITE_DAYS = 7;

type Rank = (typeof schema.RANKS)[number];

export function accountByEmail(ex: Executor, email: string) {
  return ex
    .select({ id: schema.account.id, hasPassword: sql<number>`${schema.account.passwordHash} IS NOT NULL`.mapWith(Boolean) })
    .from(schema.account)
    .where(sql`lower(${schema.account.email}) = ${email.trim().toLowerCase()}`)
    .get();
}

/** The membership in this consortium of whoever signs in with this e-mail (any case), if any. */
export function memberByEmail(ex: Executor, consortiumId: number, email: string) {
  return ex
    .select({ userId: schema.user.id, organizationId: schema.user.organizationId })
    .from(schema.user)
    .innerJoin(schema.account, eq(schema.account.id, schema.user.accountId))
    .where(and(eq(schema.user.consortiumId, consortiumId), sql`lower(${schema.account.email}) = ${email.trim().toLowerCase()}`))
    .get();
}

export type NewMember = {
  consortiumId: number;
  organizationId: number;
  email: string;
  displayName: string;
  displayNameKana?: string;
  department?: string;
  rank?: Rank;
  orgAdmin?: boolean;
  accessUntil?: string | null;
  role: ConsortiumRole;
  /** For an account made here (the first setup, the demo); an existing account keeps its own. */
  passwordHash?: string | null;
};

/**
 * Adds the person of `email` to the consortium: their existing account (signed up in another
 * consortium) or a new one. The caller has made sure they are not a member yet (memberByEmail).
 * `needsPassword`: the account has no password yet, so the person needs a set-password link;
 * otherwise they sign in as always and find the consortium in the header's switcher.
 */
export function addMembership(tx: Tx, { email, role, passwordHash = null, ...fields }: NewMember) {
  const existing = accountByEmail(tx, email);
  const accountId = existing?.id ?? tx.insert(schema.account).values({ email: email.trim(), passwordHash }).returning({ id: schema.account.id }).get().id;
  const userId = tx
    .insert(schema.user)
    .values({ accountId, ...fields })
    .returning({ id: schema.user.id })
    .get().id;
  tx.insert(schema.consortiumRole).values({ userId, consortiumId: fields.consortiumId, role }).run();
  return { userId, accountId, newAccount: !existing, needsPassword: existing ? !existing.hasPassword : passwordHash === null };
}

/**
 * The invitation of a new member (membership `userId`): a one-time link, e-mailed and returned
 * for the inviter to hand over. It sets a first password, or, for someone who already signs in
 * to Renkei, only leads to the sign-in (invite.$token.tsx): the same link and the same mail
 * either way, so the inviter learns nothing of the person's other consortia.
 */
export async function inviteMember(tx: Tx, { userId, inviterId, to, name, now = Date.now() }: { userId: number; inviterId: number | null; to: string; name: string; now?: number }) {
  const token = await createAccountToken(tx, { userId, createdBy: inviterId, purpose: "invite", validMs: INVITE_DAYS * 86_400_000, now });
  const { consortiumId } = tx.select({ consortiumId: schema.user.consortiumId }).from(schema.user).where(eq(schema.user.id, userId)).get()!;
  await queueInvitationMail(tx, { consortiumId, to, inviteeName: name, inviterId, link: `/invite/${token}`, dedupeKey: token.slice(0, 16) });
  return token;
}

// --- accepting an invitation ---------------------------------------------------------------

/**
 * What the link of an invitation does for this person: set a first password (an account only
 * this consortium knows), or lead to the sign-in (someone who already has a password). An
 * account without a password that another consortium knows too is not given one through
 * this consortium's link: the person sets it from their own mail (ADR 029).
 */
export type InvitationMode = "setPassword" | "signIn" | "passwordByMail";

/** The invitation behind a link, or null (unknown, used, revoked, expired, access ended). */
export async function findInvitation(token: string, now = Date.now()) {
  const row = await liveAccountToken(token, "invite", now);
  if (!row) return null;
  const consortium = db.select({ name: schema.consortium.name }).from(schema.consortium).where(eq(schema.consortium.id, row.consortiumId)).get()!;
  const wgs = db
    .select({ name: schema.workingGroup.name })
    .from(schema.wgMembership)
    .innerJoin(schema.workingGroup, eq(schema.workingGroup.id, schema.wgMembership.wgId))
    .where(eq(schema.wgMembership.userId, row.userId))
    .orderBy(asc(schema.workingGroup.id))
    .all()
    .map((w) => w.name);
  const mode: InvitationMode = row.hasPassword ? "signIn" : managedHere(db, row.accountId, row.consortiumId) ? "setPassword" : "passwordByMail";
  return { ...row, consortiumName: consortium.name, wgs, mode };
}

/**
 * Takes up the invitation (once): sets the first password when the link may (mode
 * setPassword), and tells the inviter. Returns the membership and whether the person is now
 * signed in (a new password) or goes on to the sign-in; null for a link that no longer works.
 */
export async function acceptInvitation({ token, password, ip, now = Date.now() }: { token: string; password: string | null; ip: string; now?: number }) {
  const found = await findInvitation(token, now);
  if (!found || found.mode === "passwordByMail" || (found.mode === "setPassword" && password === null)) return null;
  const passwordHash = found.mode === "setPassword" && password !== null ? await hashPassword(password) : null;
  const used = await write(async (tx) => {
    const res = tx
      .update(schema.accountToken)
      .set({ usedAt: now })
      .where(and(eq(schema.accountToken.id, found.id), isNull(schema.accountToken.usedAt), isNull(schema.accountToken.revokedAt)))
      .run();
    if (res.changes === 0) return false; // used or revoked meanwhile
    if (passwordHash) {
      // Set only if still unset: a password chosen meanwhile is the person's, not the link's.
      const set = tx.update(schema.account).set({ passwordHash }).where(and(eq(schema.account.id, found.accountId), isNull(schema.account.passwordHash))).run();
      if (set.changes === 0) return false;
    }
    await audit(tx, { viewer: null, ip, userId: found.userId, consortiumId: found.consortiumId }, { action: "invite.accept", entityType: "user", entityId: found.userId });
    // Whoever sent the invitation is told it was accepted (issue 8).
    const inviterId = tx.select({ by: schema.accountToken.createdBy }).from(schema.accountToken).where(eq(schema.accountToken.id, found.id)).get()?.by;
    if (inviterId) await notifyInvitationAccepted(tx, { invitedUserId: found.userId, inviterId }, now);
    return true;
  });
  return used ? { userId: found.userId, consortiumId: found.consortiumId, signedIn: passwordHash !== null } : null;
}
