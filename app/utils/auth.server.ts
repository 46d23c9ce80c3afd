// Sign-in, sessions and the signed-in viewer. Lucia 3 (pinned, frozen upstream) lives
// only in this module so it can be swapped (docs/decisions/003-lucia-behind-one-module.md).
import { and, eq, lt, sql, type Placeholder } from "drizzle-orm";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { db, schema, write } from "./db.server";
import { todayInJapan } from "./dates";
import { hasAccess } from "~/policy/access.server";
import type { Viewer } from "~/policy/permissions";

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    UserId: number;
  }
}


// The queries every request runs, prepared once.
const sessionWithUser = db
  .select({
    session: schema.session,
    user: { id: schema.user.id, mayComeIn: hasAccess(sql.placeholder("today")) },
  })
  .from(schema.session)
  .innerJoin(schema.user, eq(schema.user.id, schema.session.userId))
  .where(eq(schema.session.id, sql.placeholder("sessionId")))
  .prepare();

const viewerRow = db
  .select({
    user: schema.user,
    organization: schema.organization,
    role: schema.consortiumRole.role,
    consortiumId: schema.consortium.id,
    consortiumName: schema.consortium.name,
  })
  .from(schema.user)
  .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
  .innerJoin(
    schema.consortiumRole,
    and(eq(schema.consortiumRole.userId, schema.user.id), eq(schema.consortiumRole.consortiumId, schema.organization.consortiumId)),
  )
  .innerJoin(schema.consortium, eq(schema.consortium.id, schema.consortiumRole.consortiumId))
  .where(eq(schema.user.id, sql.placeholder("userId")))
  .prepare();

const wgRolesOf = db
  .select({ wgId: schema.wgMembership.wgId, role: schema.wgMembership.role })
  .from(schema.wgMembership)
  .where(eq(schema.wgMembership.userId, sql.placeholder("userId")))
  .prepare();

/** Sessions live in SQLite so every server process shares them. */
const adapter: Adapter = {
  async getSessionAndUser(sessionId) {
    const row = sessionWithUser.get({ sessionId, today: todayInJapan() });
    if (!row) return [null, null];
    const session: DatabaseSession = {
      id: row.session.id,
      userId: row.session.userId,
      expiresAt: new Date(row.session.expiresAt * 1000),
      attributes: {},
    };
    // A deactivated user, or a guest past their access date, has no valid session.
    const user: DatabaseUser | null = row.user.mayComeIn ? { id: row.user.id, attributes: {} } : null;
    return [session, user];
  },
  async getUserSessions(userId) {
    return db
      .select()
      .from(schema.session)
      .where(eq(schema.session.userId, userId))
      .all()
      .map((s) => ({ id: s.id, userId: s.userId, expiresAt: new Date(s.expiresAt * 1000), attributes: {} }));
  },
  async setSession(session) {
    await write((tx) =>
      tx
        .insert(schema.session)
        .values({ id: session.id, userId: session.userId, expiresAt: Math.floor(session.expiresAt.getTime() / 1000) })
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
  async deleteUserSessions(userId) {
    await write((tx) => tx.delete(schema.session).where(eq(schema.session.userId, userId)).run());
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
});

function serializeCookie(cookie: ReturnType<typeof lucia.createBlankSessionCookie>, secure: boolean) {
  cookie.attributes.secure = secure;
  return cookie.serialize();
}

export async function createSession(userId: number, secure: boolean) {
  const session = await lucia.createSession(userId, {});
  return { sessionId: session.id, cookie: serializeCookie(lucia.createSessionCookie(session.id), secure) };
}

export function blankSessionCookie(secure: boolean) {
  return serializeCookie(lucia.createBlankSessionCookie(), secure);
}

/** 「すべての端末からログアウト」, and what deactivation does. */
export async function revokeAllSessions(userId: number) {
  await lucia.invalidateUserSessions(userId);
}

export async function revokeSession(sessionId: string) {
  await lucia.invalidateSession(sessionId);
}

export type SessionUser = {
  id: number;
  email: string;
  displayName: string;
  rank: string;
  locale: "ja" | "en";
  organizationName: string;
  consortiumName: string;
};

export type Authenticated = { user: SessionUser; viewer: Viewer; sessionId: string };

/**
 * Reads the session cookie of a request, once per request (called when the load context
 * is built). Returns who is signed in and, when the session was extended or is invalid,
 * the Set-Cookie header to send.
 */
export async function authenticate(
  cookieHeader: string | undefined,
  secure: boolean,
): Promise<{ auth: Authenticated | null; setCookie?: string }> {
  const sessionId = lucia.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return { auth: null };
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) return { auth: null, setCookie: blankSessionCookie(secure) };
  const loaded = await loadViewer(user.id);
  if (!loaded) return { auth: null, setCookie: blankSessionCookie(secure) };
  const setCookie = session.fresh ? serializeCookie(lucia.createSessionCookie(session.id), secure) : undefined;
  return { auth: { ...loaded, sessionId: session.id }, setCookie };
}

/** The user with their organization, consortium role and WG roles. */
export async function loadViewer(userId: number): Promise<{ user: SessionUser; viewer: Viewer } | null> {
  const row = viewerRow.get({ userId });
  if (!row) return null;
  const wgRoles: Viewer["wgRoles"] = {};
  for (const m of wgRolesOf.all({ userId })) wgRoles[m.wgId] = m.role;
  return {
    user: {
      id: row.user.id,
      email: row.user.email,
      displayName: row.user.displayName,
      rank: row.user.rank,
      locale: row.user.locale,
      organizationName: row.organization.name,
      consortiumName: row.consortiumName,
    },
    viewer: {
      userId: row.user.id,
      organizationId: row.organization.id,
      organizationKind: row.organization.kind,
      consortiumId: row.consortiumId,
      role: row.role,
      orgAdmin: row.user.orgAdmin,
      wgRoles,
    },
  };
}

/** Housekeeping, run by the server's primary process: forget sessions that have expired. */
export async function deleteExpiredSessions() {
  await lucia.deleteExpiredSessions();
}
