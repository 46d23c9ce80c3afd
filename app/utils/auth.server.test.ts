// Sessions: creation, sliding expiry, revocation, deactivation and guest expiry.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoConsortium } from "../../db/seed";
import { signIn } from "~/models/account.server";
import { authenticate, createSession, lucia, revokeAllSessions, SESSION_DAYS } from "./auth.server";
import { db, schema } from "./db.server";
import { hashPassword, verifyPassword } from "./password.server";

function userId(email: string) {
  return db.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, email)).get()!.id;
}
const cookieOf = (setCookie: string) => setCookie.split(";")[0];

beforeAll(async () => {
  await seedDemoConsortium(db);
});

describe("passwords", () => {
  it("are hashed with argon2id and verified", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "Correct horse battery")).toBe(false);
    expect(await verifyPassword(null, "anything")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });
});

describe("signing in", () => {
  it("accepts the demo password, refuses a wrong one, and ignores the e-mail's case", async () => {
    const ok = await signIn({ email: "STAFF@kitagawa.demo.renkei.jp", password: "renkei-demo-2026", ip: "203.0.113.1", secure: false });
    expect(ok.status).toBe("ok");
    const bad = await signIn({ email: "staff@kitagawa.demo.renkei.jp", password: "nope", ip: "203.0.113.1", secure: false });
    expect(bad.status).toBe("invalid");
    const unknown = await signIn({ email: "nobody@example.jp", password: "renkei-demo-2026", ip: "203.0.113.1", secure: false });
    expect(unknown.status).toBe("invalid");
  });

  it("writes the audit trail", () => {
    const rows = db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, "login")).all();
    expect(rows.some((r) => r.actorId === userId("staff@kitagawa.demo.renkei.jp") && r.ip === "203.0.113.1")).toBe(true);
  });

  it("after 10 failures the account is refused for a while, even with the right password", async () => {
    const email = "tax@kitagawa.demo.renkei.jp";
    for (let i = 0; i < 10; i++) await signIn({ email, password: "wrong", ip: `198.51.100.${i}`, secure: false });
    const result = await signIn({ email, password: "renkei-demo-2026", ip: "198.51.100.200", secure: false });
    expect(result.status).toBe("blocked");
  });
});

describe("sessions", () => {
  it("a session cookie is HttpOnly, SameSite=Lax, and Secure only over https", async () => {
    const plain = await createSession(userId("pmo@demo.renkei.jp"), false);
    expect(plain.cookie).toMatch(/HttpOnly/i);
    expect(plain.cookie).toMatch(/SameSite=Lax/i);
    expect(plain.cookie).not.toMatch(/Secure/i);
    const secure = await createSession(userId("pmo@demo.renkei.jp"), true);
    expect(secure.cookie).toMatch(/Secure/i);
  });

  it("authenticates the viewer with their organization, role and WG roles", async () => {
    const { cookie } = await createSession(userId("vendor@vendor-a.demo.renkei.jp"), false);
    const { auth } = await authenticate(cookieOf(cookie), false);
    expect(auth?.viewer.organizationKind).toBe("vendor");
    expect(Object.values(auth!.viewer.wgRoles)).toEqual(["guest"]);
    expect(auth?.user.organizationName).toBe("株式会社さくらシステムズ");
  });

  it("expire after 30 days, and slide forward when used in the second half", async () => {
    const id = userId("lead@minamihama.demo.renkei.jp");
    const { sessionId, cookie } = await createSession(id, false);
    const row = () => db.select().from(schema.session).where(eq(schema.session.id, sessionId)).get();
    const fullLife = row()!.expiresAt;
    expect(fullLife - Date.now() / 1000).toBeGreaterThan((SESSION_DAYS - 1) * 86400);

    // 20 days later (10 days left): still valid, extended again to 30 days, new cookie sent.
    db.update(schema.session).set({ expiresAt: Math.floor(Date.now() / 1000) + 10 * 86400 }).where(eq(schema.session.id, sessionId)).run();
    const later = await authenticate(cookieOf(cookie), false);
    expect(later.auth?.user.id).toBe(id);
    expect(later.setCookie).toMatch(/renkei_session=/);
    expect(row()!.expiresAt).toBeGreaterThan(Math.floor(Date.now() / 1000) + 29 * 86400);

    // Past its expiry: refused, and the browser is told to drop the cookie.
    db.update(schema.session).set({ expiresAt: Math.floor(Date.now() / 1000) - 1 }).where(eq(schema.session.id, sessionId)).run();
    const expired = await authenticate(cookieOf(cookie), false);
    expect(expired.auth).toBeNull();
    expect(expired.setCookie).toMatch(/Max-Age=0/i);
  });

  it("「すべての端末からログアウト」 revokes every session of the user, and only theirs", async () => {
    const mine = userId("admin@higashiyama.demo.renkei.jp");
    const other = userId("admin@nishihara.demo.renkei.jp");
    const a = await createSession(mine, false);
    const b = await createSession(mine, false);
    const c = await createSession(other, false);
    await revokeAllSessions(mine);
    expect((await authenticate(cookieOf(a.cookie), false)).auth).toBeNull();
    expect((await authenticate(cookieOf(b.cookie), false)).auth).toBeNull();
    expect((await authenticate(cookieOf(c.cookie), false)).auth?.user.id).toBe(other);
  });

  it("a deactivated user's sessions stop working and they cannot sign in", async () => {
    const id = userId("welfare@chuo.demo.renkei.jp");
    const { cookie } = await createSession(id, false);
    db.update(schema.user).set({ active: false }).where(eq(schema.user.id, id)).run();
    expect((await authenticate(cookieOf(cookie), false)).auth).toBeNull();
    const result = await signIn({ email: "welfare@chuo.demo.renkei.jp", password: "renkei-demo-2026", ip: "192.0.2.50", secure: false });
    expect(result.status).toBe("invalid");
  });

  it("a guest whose access date has passed is signed out and cannot sign in", async () => {
    const id = userId("vendor@vendor-b.demo.renkei.jp");
    const { cookie } = await createSession(id, false);
    db.update(schema.user).set({ accessUntil: "2020-03-31" }).where(eq(schema.user.id, id)).run();
    expect((await authenticate(cookieOf(cookie), false)).auth).toBeNull();
    const result = await signIn({ email: "vendor@vendor-b.demo.renkei.jp", password: "renkei-demo-2026", ip: "192.0.2.51", secure: false });
    expect(result.status).toBe("invalid");
  });

  it("a forged or unknown session id is not accepted", async () => {
    expect((await authenticate(`${lucia.sessionCookieName}=forged`, false)).auth).toBeNull();
    expect((await authenticate(undefined, false)).auth).toBeNull();
  });
});
