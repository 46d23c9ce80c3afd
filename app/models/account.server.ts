// Signing in and managing one's own account.
import crypto from "node:crypto";
import { and, eq, getTableColumns, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { audit } from "~/utils/audit.server";
import { text } from "~/utils/forms.server";
import { createSession, loadViewer, revokeAllSessions } from "~/utils/auth.server";
import { hasAccess } from "~/policy/access.server";
import { db, schema, write, type Tx } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { clearAccountThrottle, clearPairFailures, loginThrottle, recordLoginFailure, takeResetRequest, type LoginThrottle } from "~/utils/rate-limit.server";
import type { Viewer } from "~/policy/permissions";
import { RESET_LINK_HOURS } from "~/utils/password-policy";
import { todayInJapan } from "~/utils/dates";
import { queuePasswordResetMail } from "~/jobs/mail/outbox.server";

// Verifying against this when the e-mail is unknown keeps the timing the same.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$NRVRwEmiXk7NI59su6eZvw$k0yfV6PqaOe0sJOd2PzWX42+UKRs644im1VbJNON7Co";

export async function findUserByEmail(email: string) {
  return db
    .select({ ...getTableColumns(schema.user), mayComeIn: hasAccess() })
    .from(schema.user)
    .where(sql`lower(${schema.user.email}) = ${email.trim().toLowerCase()}`)
    .get();
}

export type SignInResult = { status: "ok"; cookie: string; userId: number } | { status: "invalid" } | { status: "blocked"; throttle: LoginThrottle };

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
  // Refused before the password is checked, so a throttled guesser learns nothing more.
  const throttle = await loginThrottle({ email, ip });
  if (throttle) return { status: "blocked", throttle };
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !valid || !user.mayComeIn) {
    await recordLoginFailure({ email, ip });
    await write(async (tx) =>
      await audit(tx, { viewer: user ? (await loadViewer(user.id))?.viewer ?? null : null, ip, userId: user?.id }, { action: "login.failed", entityType: "user", entityId: user?.id, after: { email } }),
    );
    return { status: "invalid" };
  }
  await clearPairFailures({ email, ip });
  const { cookie } = await createSession(user.id, secure);
  await write(async (tx) => {
    tx.update(schema.user).set({ lastLoginAt: Date.now() }).where(eq(schema.user.id, user.id)).run();
    await audit(tx, { viewer: (await loadViewer(user.id))?.viewer ?? null, ip, userId: user.id }, { action: "login", entityType: "user", entityId: user.id });
  });
  return { status: "ok", cookie, userId: user.id };
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
  const user = db.select().from(schema.user).where(eq(schema.user.id, viewer.userId)).get();
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) return false;
  const passwordHash = await hashPassword(newPassword);
  await write(async (tx) => {
    tx.update(schema.user).set({ passwordHash }).where(eq(schema.user.id, viewer.userId)).run();
    await audit(tx, { viewer, ip }, { action: "user.password.change", entityType: "user", entityId: viewer.userId });
  });
  return true;
}

export async function setLocale({ viewer, ip, locale }: { viewer: Viewer; ip: string; locale: "ja" | "en" }) {
  await write(async (tx) => {
    tx.update(schema.user).set({ locale }).where(eq(schema.user.id, viewer.userId)).run();
    await audit(tx, { viewer, ip }, { action: "user.locale", entityType: "user", entityId: viewer.userId, after: { locale } });
  });
}

export async function logoutEverywhere({ viewer, ip }: { viewer: Viewer; ip: string }) {
  await revokeAllSessions(viewer.userId);
  await write((tx) =>
    audit(tx, { viewer, ip }, { action: "session.revoke_all", entityType: "user", entityId: viewer.userId }),
  );
}

// --- one-time set-password links -------------------------------------------------------


export function hashToken(token: string) {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/**
 * Creates a one-time link token of a purpose (only its hash is stored); the person's earlier
 * unused links of that purpose stop working, so only the newest link is valid.
 */
export async function createAccountToken(tx: Tx, { userId, createdBy, purpose, validMs, now = Date.now() }: { userId: number; createdBy: number | null; purpose: "reset" | "invite"; validMs: number; now?: number }) {
  const token = crypto.randomBytes(32).toString("base64url");
  tx.update(schema.accountToken)
    .set({ revokedAt: now })
    .where(and(eq(schema.accountToken.userId, userId), eq(schema.accountToken.purpose, purpose), isNull(schema.accountToken.usedAt), isNull(schema.accountToken.revokedAt)))
    .run();
  tx.insert(schema.accountToken)
    .values({ tokenHash: hashToken(token), purpose, userId, createdBy, expiresAt: now + validMs, createdAt: now })
    .run();
  return token;
}

/** A set-password link after a reset or for a new account (`createdBy` null: the owner asked for it). */
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
  const user = await findUserByEmail(email);
  if (!user?.passwordHash || !user.mayComeIn) return { status: "sent" };
  await write(async (tx) => {
    const token = await createResetToken(tx, user.id, null);
    await queuePasswordResetMail(tx, { userId: user.id, token, askedByOwner: true });
    await audit(tx, { viewer: (await loadViewer(user.id))?.viewer ?? null, ip, userId: user.id }, { action: "user.password.reset_request", entityType: "user", entityId: user.id });
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
    .select({ id: schema.accountToken.id, userId: schema.accountToken.userId, displayName: schema.user.displayName, email: schema.user.email })
    .from(schema.accountToken)
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

/** Sets the password from a one-time link; ends the user's other sessions and lifts the account's sign-in throttle. */
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
    tx.update(schema.user).set({ passwordHash }).where(eq(schema.user.id, found.userId)).run();
    await clearAccountThrottle(tx, found.email);
    await audit(tx, { viewer: (await loadViewer(found.userId))?.viewer ?? null, ip, userId: found.userId }, { action: "user.password.reset", entityType: "user", entityId: found.userId });
    return true;
  });
  if (!used) return null;
  await revokeAllSessions(found.userId);
  return found.userId;
}
