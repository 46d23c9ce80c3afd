// Sign-in, sessions and the signed-in viewer. Lucia 3 (pinned, frozen upstream) lives
// only in this module so it can be swapped (docs/decisions/003-lucia-behind-one-module.md).
import { and, desc, eq, lt, ne, sql, type Placeholder } from "drizzle-orm";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { db, schema, write, type Tx } from "./db.server";
import { todayInJapan } from "./dates";
import { hasAccess } from "~/policy/access.server";
import type { Viewer } from "~/policy/permissions";

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    /** The account (the person), not a membership. */
    UserId: number;
    DatabaseSessionAttributes: { membershipId: number | null };
    DatabaseUserAttributes: AccountAttributes;
  }
}


// The queries every request runs, prepared once.
const accountColumns = { id: schema.account.id, email: schema.account.email, locale: schema.account.locale, operator: schema.account.operator, lastUserId: schema.account.lastUserId };
type AccountAttributes = { email: string; locale: "ja" | "en"; operator: boolean; lastUserId: number | null };

const sessionWithAccount = db
  .select({ session: schema.session, account: accountColumns })
  .from(schema.session)
  .innerJoin(schema.account, eq(schema.account.id, schema.session.accountId))
  .where(eq(schema.session.id, sql.placeholder("sessionId")))
  .prepare();

/** A membership that may be worked in today: the person's access holds and the consortium is not suspended. */
const usable = (today: string | Placeholder) => and(hasAccess(today), ne(schema.consortium.status, "suspended"));

const viewerRow = db
  .select({
    user: schema.user,
    account: { email: schema.account.email, locale: schema.account.locale },
    organization: schema.organization,
    role: schema.consortiumRole.role,
    consortiumName: schema.consortium.name,
    consortiumStatus: schema.consortium.status,
    mayComeIn: sql<boolean>`${usable(sql.placeholder("today"))!}`.mapWith(Boolean),
  })
  .from(schema.user)
  .innerJoin(schema.account, eq(schema.account.id, schema.user.accountId))
  .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
  .innerJoin(schema.consortiumRole, and(eq(schema.consortiumRole.userId, schema.user.id), eq(schema.consortiumRole.consortiumId, schema.user.consortiumId)))
  .innerJoin(schema.consortium, eq(schema.consortium.id, schema.user.consortiumId))
  .where(eq(schema.user.id, sql.placeholder("userId")))
  .prepare();

const usableMemberships = db
  .select({ userId: schema.user.id, consortiumId: schema.consortium.id, consortiumName: schema.consortium.name, organizationName: schema.organization.name })
  .from(schema.user)
  .innerJoin(schema.consortium, eq(schema.consortium.id, schema.user.consortiumId))
  .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
  .where(and(eq(schema.user.accountId, sql.placeholder("accountId")), usable(sql.placeholder("today"))))
  .orderBy(desc(schema.user.lastLoginAt), schema.consortium.id)
  .prepare();

const wgRolesOf = db
  .select({ wgId: schema.wgMembership.wgId, role: schema.wgMembership.role })
  .from(schema.wgMembership)
  .where(eq(schema.wgMembership.userId, sql.placeholder("userId")))
  .prepare();

/** Sessions live in SQLite so every server process shares them. Lucia's user is the account. */
const adapter: Adapter = {
  async getSessionAndUser(sessionId) {
    const row = sessionWithAccount.get({ sessionId });
    if (!row) return [null, null];
    const session: DatabaseSession = {
      id: row.session.id,
      userId: row.session.accountId,
      expiresAt: new Date(row.session.expiresAt * 1000),
      attributes: { membershipId: row.session.userId },
    };
    const { id, ...attributes } = row.account;
    return [session, { id, attributes } satisfies DatabaseUser];
  },
  async getUserSessions(accountId) {
    return db
      .select()
      .from(schema.session)
      .where(eq(schema.session.accountId, accountId))
      .all()
      .map((s) => ({ id: s.id, userId: s.accountId, expiresAt: new Date(s.expiresAt * 1000), attributes: { membershipId: s.userId } }));
  },
  async setSession(session) {
    await write((tx) =>
      tx
        .insert(schema.session)
        .values({ id: session.id, accountId: session.userId, userId: session.attributes.membershipId, expiresAt: Math.floor(session.expiresAt.getTime() / 1000) })
        .run(),
    );
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    await write((tx) =>
      tx
        .update(schema.session)
        .set({ expiresAt: Math.floor(expiresAt.getTime() / 1000) })
        .where(eq(schema.session.id, sessionId))
        .run(),
    );
  },
  async deleteSession(sessionId) {
    await write((tx) => tx.delete(schema.session).where(eq(schema.session.id, sessionId)).run());
  },
  async deleteUserSessions(accountId) {
    await write((tx) => tx.delete(schema.session).where(eq(schema.session.accountId, accountId)).run());
  },
  async deleteExpiredSessions() {
    await write((tx) => tx.delete(schema.session).where(lt(schema.session.expiresAt, Math.floor(Date.now() / 1000))).run());
  },
};

export const SESSION_DAYS = 30;

/** 30-day sessions; Lucia extends them when half used (sliding expiry). */
export const lucia = new Lucia(adapter, {
  sessionExpiresIn: new TimeSpan(SESSION_DAYS, "d"),
  sessionCookie: { name: "renkei_session", expires: true, attributes: { sameSite: "lax", secure: false } },
  getSessionAttributes: (attributes) => attributes,
  getUserAttributes: (attributes) => attributes,
});

function serializeCookie(cookie: ReturnType<typeof lucia.createBlankSessionCookie>, secure: boolean) {
  cookie.attributes.secure = secure;
  return cookie.serialize();
}

/** A new session of the person behind `membershipId`, working in that membership. */
export async function createSession(membershipId: number, secure: boolean) {
  const row = db.select({ accountId: schema.user.accountId }).from(schema.user).where(eq(schema.user.id, membershipId)).get();
  if (!row) throw new Error(`No membership ${membershipId}`);
  return openSession(row.accountId, membershipId, secure);
}

/**
 * A new session of the account where it last worked (or the most recently used consortium it
 * may still enter); null when there is none and the account is no operator.
 */
export async function startSession(accountId: number, secure: boolean) {
  const account = db.select({ operator: schema.account.operator, lastUserId: schema.account.lastUserId }).from(schema.account).where(eq(schema.account.id, accountId)).get();
  if (!account) return null;
  const landing = landingMembership(accountId, account.lastUserId);
  if (!landing && !account.operator) return null;
  return openSession(accountId, landing?.userId ?? null, secure);
}

async function openSession(accountId: number, membershipId: number | null, secure: boolean) {
  const session = await lucia.createSession(accountId, { membershipId });
  if (membershipId !== null) await write((tx) => rememberMembership(tx, accountId, membershipId));
  return { sessionId: session.id, membershipId, cookie: serializeCookie(lucia.createSessionCookie(session.id), secure) };
}

export function blankSessionCookie(secure: boolean) {
  return serializeCookie(lucia.createBlankSessionCookie(), secure);
}

/** 「すべての端末からログアウト」: every session of the account. */
export async function revokeAllSessions(accountId: number) {
  await lucia.invalidateUserSessions(accountId);
}

/**
 * Deactivating a membership ends the sessions working in it, and only those: the person's
 * sessions in their other consortia go on.
 */
export async function revokeMembershipSessions(tx: Tx, membershipId: number) {
  tx.delete(schema.session).where(eq(schema.session.userId, membershipId)).run();
}

export async function revokeSession(sessionId: string) {
  await lucia.invalidateSession(sessionId);
}

export type SessionUser = {
  id: number;
  accountId: number;
  email: string;
  displayName: string;
  rank: string;
  locale: "ja" | "en";
  organizationName: string;
  consortiumName: string;
  /** 保管: the consortium may be read, not changed. */
  archived: boolean;
};

/** The person signed in, whatever consortium they work in (or none, for an operator). */
export type SignedInAccount = { id: number; email: string; locale: "ja" | "en"; operator: boolean; sessionId: string };

export type Authenticated = { user: SessionUser; viewer: Viewer; sessionId: string };

/** The consortia the account may work in, the most recently used first. */
export function membershipsOf(accountId: number, now = Date.now()) {
  return usableMemberships.all({ accountId, today: todayInJapan(now) });
}

/**
 * Where a session of this account works: `preferred` (the session's, or the account's last
 * used) when still usable, else the most recently used usable one; null when there is none.
 */
export function landingMembership(accountId: number, preferred: number | null, now = Date.now()) {
  const memberships = membershipsOf(accountId, now);
  return memberships.find((m) => m.userId === preferred) ?? memberships[0] ?? null;
}

/** Moves a session to another of its account's memberships (the switcher in the header, a /c/… link). */
export async function switchMembership(sessionId: string, accountId: number, membershipId: number) {
  await write((tx) => {
    tx.update(schema.session).set({ userId: membershipId }).where(and(eq(schema.session.id, sessionId), eq(schema.session.accountId, accountId))).run();
    rememberMembership(tx, accountId, membershipId);
  });
}

/** The membership just entered: the next sign-in lands there, and its 最終ログイン moves. */
export function rememberMembership(tx: Tx, accountId: number, membershipId: number, now = Date.now()) {
  tx.update(schema.account).set({ lastUserId: membershipId }).where(eq(schema.account.id, accountId)).run();
  tx.update(schema.user).set({ lastLoginAt: now }).where(eq(schema.user.id, membershipId)).run();
}

/**
 * Reads the session cookie of a request, once per request (called when the load context
 * is built). Returns the account signed in, the membership it works in (auth: null for an
 * operator outside every consortium, and for a person whose last consortium has just gone:
 * their session ends with this request) and, when the session was extended, moved or is
 * invalid, the Set-Cookie header to send.
 */
export async function authenticate(
  cookieHeader: string | undefined,
  secure: boolean,
): Promise<{ account: SignedInAccount | null; auth: Authenticated | null; setCookie?: string }> {
  const signedOut = { account: null, auth: null, setCookie: blankSessionCookie(secure) };
  const sessionId = lucia.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return { account: null, auth: null };
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) return signedOut;
  const account: SignedInAccount = { id: user.id, email: user.email, locale: user.locale, operator: user.operator, sessionId: session.id };
  const setCookie = session.fresh ? serializeCookie(lucia.createSessionCookie(session.id), secure) : undefined;
  let loaded = session.membershipId === null ? null : await loadViewer(session.membershipId);
  if (!loaded?.mayComeIn || loaded.viewer.accountId !== account.id) {
    // Deactivated in this consortium, past the access date, or the consortium suspended: the
    // session moves to another consortium of the person's, or (nothing left) ends.
    const landing = landingMembership(account.id, user.lastUserId);
    if (!landing && !account.operator) {
      // Nothing left to work in: the session ends, but this one request still knows who it
      // was, so the guard can say so (/no-consortium) instead of showing a bare sign-in page.
      await revokeSession(session.id);
      return { ...signedOut, account };
    }
    loaded = landing ? await loadViewer(landing.userId) : null;
    if (landing?.userId !== session.membershipId) {
      await write((tx) => tx.update(schema.session).set({ userId: landing?.userId ?? null }).where(eq(schema.session.id, session.id)).run());
    }
  }
  return { account, auth: loaded ? { user: loaded.user, viewer: loaded.viewer, sessionId: session.id } : null, setCookie };
}

/**
 * The membership with its account, organization, consortium role and WG roles, and whether it
 * may be worked in today (its access holds, the consortium is not suspended).
 */
export async function loadViewer(userId: number, now = Date.now()): Promise<{ user: SessionUser; viewer: Viewer; mayComeIn: boolean } | null> {
  const row = viewerRow.get({ userId, today: todayInJapan(now) });
  if (!row) return null;
  const wgRoles: Viewer["wgRoles"] = {};
  for (const m of wgRolesOf.all({ userId })) wgRoles[m.wgId] = m.role;
  const archived = row.consortiumStatus === "archived";
  return {
    user: {
      id: row.user.id,
      accountId: row.user.accountId,
      email: row.account.email,
      displayName: row.user.displayName,
      rank: row.user.rank,
      locale: row.account.locale,
      organizationName: row.organization.name,
      consortiumName: row.consortiumName,
      archived,
    },
    viewer: {
      userId: row.user.id,
      accountId: row.user.accountId,
      organizationId: row.organization.id,
      organizationKind: row.organization.kind,
      consortiumId: row.user.consortiumId,
      role: row.role,
      orgAdmin: row.user.orgAdmin,
      wgRoles,
      readOnly: archived,
    },
    mayComeIn: row.mayComeIn,
  };
}

/** Housekeeping, run by the server's primary process: forget sessions that have expired. */
export async function deleteExpiredSessions() {
  await lucia.deleteExpiredSessions();
}
