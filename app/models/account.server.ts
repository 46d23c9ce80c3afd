// Signing in and managing one's own account.
import crypto from "node:crypto";
import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { audit } from "~/utils/audit.server";
import { text } from "~/utils/forms.server";
import { landingMembership, loadViewer, revokeAllSessions, startSession } from "~/utils/auth.server";
import { hasAccess } from "~/policy/access.server";
import { db, schema, write, type Executor, type Tx } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { clearAccountThrottle, clearPairFailures, loginThrottle, recordLoginFailure, takeResetRequest, type LoginThrottle } from "~/utils/rate-limit.server";
import type { Viewer } from "~/policy/permissions";
import { RESET_LINK_HOURS } from "~/utils/password-policy";
import { todayInJapan } from "~/utils/dates";
import { queuePasswordResetMail } from "~/jobs/mail/outbox.server";

// Verifying against this when the e-mail is unknown keeps the timing the same.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$NRVRwEmiXk7NI59su6eZvw$k0yfV6PqaOe0sJOd2PzWX42+UKRs644im1VbJNON7Co";

/** The account signed in with this e-mail (any case), with the consortia it belongs to. */
export async function findAccountByEmail(email: string) {
  const account = db
    .select()
    .from(schema.account)
    .where(sql`lower(${schema.account.email}) = ${email.trim().toLowerCase()}`)
    .get();
  if (!account) return undefined;
  const consortiumIds = db.select({ id: schema.user.consortiumId }).from(schema.user).where(eq(schema.user.accountId, account.id)).all().map((m) => m.id);
  return { ...account, consortiumIds };
}

/**
 * An account-wide event (sign-in failures, password changes) goes into the audit trail of
 * every consortium the person belongs to, each row naming that consortium's membership only.
 */
async function auditAccount(tx: Tx, accountId: number, ip: string, input: { action: string; after?: unknown }) {
  const memberships = tx.select({ id: schema.user.id, consortiumId: schema.user.consortiumId, organizationId: schema.user.organizationId }).from(schema.user).where(eq(schema.user.accountId, accountId)).all();
  for (const m of memberships) {
    await audit(tx, { viewer: null, ip, userId: m.id, consortiumId: m.consortiumId, organizationId: m.organizationId }, { action: input.action, entityType: "user", entityId: m.id, after: input.after });
  }
}

export type SignInResult = { status: "ok"; cookie: string; userId: number | null } | { status: "invalid" } | { status: "blocked"; throttle: LoginThrottle };

export async function signIn({
  email,
  password,
  ip,
  secure,
}: {
  email: string;
  password: string;
  ip: string;
  secure: boolean;
}): Promise<SignInResult> {
  const account = await findAccountByEmail(email);
  // Refused before the password is checked, so a throttled guesser learns nothing more.
  const throttle = await loginThrottle({ email, ip, consortiumIds: account?.consortiumIds ?? [] });
  if (throttle) return { status: "blocked", throttle };
  const valid = await verifyPassword(account?.passwordHash ?? DUMMY_HASH, password);
  // Lands where the person last worked; nobody without a consortium to enter (or operator) comes in.
  const session = account && valid ? await startSession(account.id, secure) : null;
  if (!account || !session) {
    await recordLoginFailure({ email, ip, consortiumIds: account?.consortiumIds ?? [] });
    if (account) await write((tx) => auditAccount(tx, account.id, ip, { action: "login.failed", after: { email } }));
    return { status: "invalid" };
  }
  await clearPairFailures({ email, ip });
  if (session.membershipId !== null) {
    const membershipId = session.membershipId;
    await write(async (tx) => audit(tx, { viewer: (await loadViewer(membershipId))?.viewer ?? null, ip, userId: membershipId }, { action: "login", entityType: "user", entityId: membershipId }));
  }
  return { status: "ok", cookie: session.cookie, userId: session.membershipId };
}

export async function changePassword({
  viewer,
  ip,
  currentPassword,
  newPassword,
}: {
  viewer: Viewer;
  ip: string;
  currentPassword: string;
  newPassword: string;
}) {
  const account = db.select().from(schema.account).where(eq(schema.account.id, viewer.accountId)).get();
  if (!account || !(await verifyPassword(account.passwordHash, currentPassword))) return false;
  const passwordHash = await hashPassword(newPassword);
  await write(async (tx) => {
    tx.update(schema.account).set({ passwordHash }).where(eq(schema.account.id, viewer.accountId)).run();
    await auditAccount(tx, viewer.accountId, ip, { action: "user.password.change" });
  });
  return true;
}

/**
 * The person changes the e-mail they sign in with (every consortium of theirs follows: it is
 * one account). Their current password confirms it is them.
 */
export async function changeEmail({ viewer, ip, currentPassword, email }: { viewer: Viewer; ip: string; currentPassword: string; email: string }): Promise<"changed" | "wrongPassword" | "inUse"> {
  const account = db.select().from(schema.account).where(eq(schema.account.id, viewer.accountId)).get();
  if (!account || !(await verifyPassword(account.passwordHash, currentPassword))) return "wrongPassword";
  return write(async (tx) => {
    const taken = tx.select({ id: schema.account.id }).from(schema.account).where(sql`lower(${schema.account.email}) = ${email.trim().toLowerCase()}`).get();
    if (taken && taken.id !== account.id) return "inUse";
    tx.update(schema.account).set({ email: email.trim() }).where(eq(schema.account.id, account.id)).run();
    await auditAccount(tx, account.id, ip, { action: "user.email.change", after: { email: email.trim() } });
    return "changed";
  });
}

export async function setLocale({ viewer, ip, locale }: { viewer: Viewer; ip: string; locale: "ja" | "en" }) {
  await write(async (tx) => {
    tx.update(schema.account).set({ locale }).where(eq(schema.account.id, viewer.accountId)).run();
    await audit(tx, { viewer, ip }, { action: "user.locale", entityType: "user", entityId: viewer.userId, after: { locale } });
  });
}

export async function logoutEverywhere({ viewer, ip }: { viewer: Viewer; ip: string }) {
  await revokeAllSessions(viewer.accountId);
  await write((tx) => auditAccount(tx, viewer.accountId, ip, { action: "session.revoke_all" }));
}

// --- one-time set-password links -------------------------------------------------------


export function hashToken(token: string) {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/**
 * Creates a one-time link token of a purpose (only its hash is stored) for the person behind
 * membership `userId`; their earlier unused links of that purpose (an invitation: to that
 * consortium) stop working, so only the newest link is valid.
 */
export async function createAccountToken(tx: Tx, { userId, createdBy, purpose, validMs, now = Date.now() }: { userId: number; createdBy: number | null; purpose: "reset" | "invite"; validMs: number; now?: number }) {
  const token = crypto.randomBytes(32).toString("base64url");
  const accountId = accountOf(tx, userId);
  // An invitation replaces the earlier one to the same consortium only; a reset link, every earlier one.
  const holder = purpose === "invite" ? eq(schema.accountToken.userId, userId) : eq(schema.accountToken.accountId, accountId);
  tx.update(schema.accountToken)
    .set({ revokedAt: now })
    .where(and(holder, eq(schema.accountToken.purpose, purpose), isNull(schema.accountToken.usedAt), isNull(schema.accountToken.revokedAt)))
    .run();
  tx.insert(schema.accountToken)
    .values({ tokenHash: hashToken(token), purpose, accountId, userId, createdBy, expiresAt: now + validMs, createdAt: now })
    .run();
  return token;
}

/**
 * Every membership of the account is in this consortium: its administrators may see the
 * person's set-password links and change their e-mail. For anyone who also takes part
 * elsewhere those stay with the person (a link in another consortium's hands would open
 * this one's doors too).
 */
export function managedHere(ex: Executor, accountId: number, consortiumId: number) {
  return !ex
    .select({ id: schema.user.id })
    .from(schema.user)
    .where(and(eq(schema.user.accountId, accountId), ne(schema.user.consortiumId, consortiumId)))
    .limit(1)
    .get();
}

/** The account behind a membership. */
export function accountOf(ex: Executor, userId: number) {
  return ex.select({ accountId: schema.user.accountId }).from(schema.user).where(eq(schema.user.id, userId)).get()!.accountId;
}

/**
 * A set-password link (for the person behind membership `userId`) after a reset or for a new
 * account (`createdBy` null: the owner asked for it). The password is the account's: it
 * opens every consortium the person belongs to.
 */
export async function createResetToken(tx: Tx, userId: number, createdBy: number | null) {
  return createAccountToken(tx, { userId, createdBy, purpose: "reset", validMs: RESET_LINK_HOURS * 3600_000 });
}

export const resetRequestSchema = z.object({
  email: text(254, { required: "login.required", tooLong: "forgot.emailInvalid" }).pipe(z.string().email("forgot.emailInvalid")),
});

/**
 * The owner asks for a reset link by e-mail (offered on the sign-in page when sign-in is
 * throttled). The answer is the same whether or not the e-mail is registered; the link goes
 * only to the account's own address, and only for an account that may sign in.
 */
export async function requestPasswordReset({ email, ip }: { email: string; ip: string }): Promise<{ status: "sent" | "limited" }> {
  if (!await takeResetRequest({ email, ip })) return { status: "limited" };
  const account = await findAccountByEmail(email);
  // The mail is sent from (and kept in the outbox of) the consortium the person last worked in.
  const landing = account?.passwordHash ? landingMembership(account.id, account.lastUserId) : null;
  if (!account || !landing) return { status: "sent" };
  await write(async (tx) => {
    const token = await createResetToken(tx, landing.userId, null);
    await queuePasswordResetMail(tx, { userId: landing.userId, token, askedByOwner: true, privateToPerson: !managedHere(tx, account.id, landing.consortiumId) });
    await auditAccount(tx, account.id, ip, { action: "user.password.reset_request" });
  });
  return { status: "sent" };
}

/**
 * The one-time link behind a token, while it can still be used: the right purpose, neither
 * used nor revoked nor expired, and its holder may still come in (an invitation: the guest's
 * access has not ended; a reset: the account is active). The one lookup of a link by token.
 */
export async function liveAccountToken(token: string, purpose: "invite" | "reset", now = Date.now()) {
  if (!token || token.length > 200) return null;
  const row = db
    .select({
      id: schema.accountToken.id,
      accountId: schema.accountToken.accountId,
      userId: schema.user.id,
      consortiumId: schema.user.consortiumId,
      displayName: schema.user.displayName,
      email: schema.account.email,
      hasPassword: sql<number>`${schema.account.passwordHash} IS NOT NULL`.mapWith(Boolean),
    })
    .from(schema.accountToken)
    .innerJoin(schema.account, eq(schema.account.id, schema.accountToken.accountId))
    .innerJoin(schema.user, eq(schema.user.id, schema.accountToken.userId))
    .where(
      and(
        eq(schema.accountToken.tokenHash, hashToken(token)),
        eq(schema.accountToken.purpose, purpose),
        isNull(schema.accountToken.usedAt),
        isNull(schema.accountToken.revokedAt),
        gt(schema.accountToken.expiresAt, now),
        // A guest whose access already ended cannot start either.
        purpose === "invite" ? hasAccess(todayInJapan(now)) : eq(schema.user.active, true),
      ),
    )
    .get();
  return row ?? null;
}

export async function findResetToken(token: string) {
  return liveAccountToken(token, "reset");
}

/** Sets the password from a one-time link; ends the account's other sessions and lifts its sign-in throttle. Returns the account. */
export async function consumeResetToken({ token, password, ip }: { token: string; password: string; ip: string }) {
  const found = await liveAccountToken(token, "reset");
  if (!found) return null;
  const passwordHash = await hashPassword(password);
  const used = await write(async (tx) => {
    const res = tx
      .update(schema.accountToken)
      .set({ usedAt: Date.now() })
      .where(and(eq(schema.accountToken.id, found.id), isNull(schema.accountToken.usedAt)))
      .run();
    if (res.changes === 0) return false; // used by a concurrent request
    tx.update(schema.account).set({ passwordHash }).where(eq(schema.account.id, found.accountId)).run();
    await clearAccountThrottle(tx, found.email);
    await auditAccount(tx, found.accountId, ip, { action: "user.password.reset" });
    return true;
  });
  if (!used) return null;
  await revokeAllSessions(found.accountId);
  return found.accountId;
}
