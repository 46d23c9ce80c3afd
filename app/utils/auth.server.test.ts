// Sessions: creation, sliding expiry, revocation, deactivation and guest expiry.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { consumeResetToken, requestPasswordReset, signIn } from "~/models/account.server";
import { insertDemoPeople, insertSmallConsortium, userId, viewerOf } from "~/models/test-support";
import { authenticate, createSession, lucia, revokeAllSessions, SESSION_DAYS } from "./auth.server";
import { db, schema, write } from "./db.server";
import { hashPassword, verifyPassword } from "./password.server";
import { recordLoginFailure } from "./rate-limit.server";

const cookieOf = (setCookie: string) => setCookie.split(";")[0];

beforeAll(async () => {
  const { consortium } = await insertSmallConsortium();
  // Each throttling and session test signs in as someone no other test touches; everyone has the demo's password.
  const passwordHash = await hashPassword("renkei-demo-2026");
  await write((tx) => {
    insertDemoPeople(tx, consortium.id, [
      "tax@kitagawa.demo.renkei.jp", "welfare@kitagawa.demo.renkei.jp", "it@kitagawa.demo.renkei.jp", "director@kitagawa.demo.renkei.jp",
      "former@kitagawa.demo.renkei.jp", "staff@minamihama.demo.renkei.jp", "admin@higashiyama.demo.renkei.jp", "admin@nishihara.demo.renkei.jp",
      "welfare@chuo.demo.renkei.jp", "vendor@vendor-b.demo.renkei.jp",
    ]);
    tx.update(schema.account).set({ passwordHash }).run();
  });
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

  it("writes the audit trail", async () => {
    const rows = db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, "login")).all();
    const staffId = await userId("staff@kitagawa.demo.renkei.jp");
    expect(rows.some((r) => r.actorId === staffId && r.ip === "203.0.113.1")).toBe(true);
  });
});

describe("sign-in throttling", () => {
  const PASSWORD = "renkei-demo-2026";
  const TOWN_EXIT = "203.0.113.50"; // the address a whole town's staff share (LGWAN)
  const signInFrom = (email: string, password: string, ip: string) => signIn({ email, password, ip, secure: false });

  it("10 failures stop that account from that address only: a colleague behind it and the owner elsewhere still sign in", async () => {
    const owner = "tax@kitagawa.demo.renkei.jp";
    for (let i = 0; i < 10; i++) expect((await signInFrom(owner, "wrong", TOWN_EXIT)).status).toBe("invalid");
    expect(await signInFrom(owner, PASSWORD, TOWN_EXIT)).toEqual({ status: "blocked", throttle: "pair" });
    expect((await signInFrom("welfare@kitagawa.demo.renkei.jp", PASSWORD, TOWN_EXIT)).status).toBe("ok");
    expect((await signInFrom(owner, PASSWORD, "198.51.100.9")).status).toBe("ok");
    // Signing in elsewhere does not lift the throttle of the pair that failed.
    expect((await signInFrom(owner, PASSWORD, TOWN_EXIT)).status).toBe("blocked");
  });

  it("a successful sign-in clears the pair's counter", async () => {
    const owner = "staff@minamihama.demo.renkei.jp";
    for (let i = 0; i < 9; i++) await signInFrom(owner, "wrong", TOWN_EXIT);
    expect((await signInFrom(owner, PASSWORD, TOWN_EXIT)).status).toBe("ok");
    for (let i = 0; i < 9; i++) await signInFrom(owner, "wrong", TOWN_EXIT);
    expect((await signInFrom(owner, PASSWORD, TOWN_EXIT)).status).toBe("ok");
  });

  it("the owner signs in while others hammer the account from elsewhere, until the account ceiling", async () => {
    const owner = "it@kitagawa.demo.renkei.jp";
    // 49 failures from five other addresses (recorded directly: argon2 makes each sign-in slow).
    for (let i = 0; i < 49; i++) await recordLoginFailure({ email: owner, ip: `192.0.2.${i % 5}` });
    expect((await signInFrom(owner, PASSWORD, TOWN_EXIT)).status).toBe("ok");
    await signInFrom(owner, "wrong", "192.0.2.4");
    expect(await signInFrom(owner, PASSWORD, TOWN_EXIT)).toEqual({ status: "blocked", throttle: "account" });
  });

  it("a throttled owner gets a reset link by e-mail (unknown addresses get the same answer); using it lifts the throttle", async () => {
    const owner = "it@kitagawa.demo.renkei.jp"; // throttled everywhere by the test above
    const mailsTo = (to: string) => db.select().from(schema.emailOutbox).where(and(eq(schema.emailOutbox.toAddress, to), eq(schema.emailOutbox.kind, "password"))).all();
    const before = mailsTo(owner).length;

    expect(await requestPasswordReset({ email: "IT@kitagawa.demo.renkei.jp", ip: TOWN_EXIT })).toEqual({ status: "sent" });
    expect(await requestPasswordReset({ email: "nobody@kitagawa.demo.renkei.jp", ip: TOWN_EXIT })).toEqual({ status: "sent" });
    expect(await requestPasswordReset({ email: "former@kitagawa.demo.renkei.jp", ip: TOWN_EXIT })).toEqual({ status: "sent" });
    expect(mailsTo("nobody@kitagawa.demo.renkei.jp")).toEqual([]);
    expect(mailsTo("former@kitagawa.demo.renkei.jp")).toEqual([]); // deactivated: no link

    const mails = mailsTo(owner);
    expect(mails.length).toBe(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.text).toContain("ログイン画面から");
    const token = mail.text.match(/\/set-password\/([\w-]+)/)![1];

    // The guesser's address is still refused until the owner uses the link.
    expect((await signInFrom(owner, PASSWORD, "192.0.2.77")).status).toBe("blocked");
    expect(await consumeResetToken({ token, password: "a-new-password-2026", ip: TOWN_EXIT })).toBe((await viewerOf(owner)).accountId);
    expect((await signInFrom(owner, "a-new-password-2026", TOWN_EXIT)).status).toBe("ok");
    expect((await signInFrom(owner, "a-new-password-2026", "192.0.2.4")).status).toBe("ok");
  });

  it("reset requests are limited per e-mail, alike for registered and unknown addresses", async () => {
    const ask = async (email: string) => (await requestPasswordReset({ email, ip: "198.51.100.60" })).status;
    const fourTimes = async (email: string) => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await ask(email));
      return statuses;
    };
    const registered = await fourTimes("director@kitagawa.demo.renkei.jp");
    const unknown = await fourTimes("no-such-person@kitagawa.demo.renkei.jp");
    expect(registered).toEqual(["sent", "sent", "sent", "limited"]);
    expect(unknown).toEqual(registered);
  });
});

describe("sessions", () => {
  it("a session cookie is HttpOnly, SameSite=Lax, and Secure only over https", async () => {
    const plain = await createSession(await userId("pmo@demo.renkei.jp"), false);
    expect(plain.cookie).toMatch(/HttpOnly/i);
    expect(plain.cookie).toMatch(/SameSite=Lax/i);
    expect(plain.cookie).not.toMatch(/Secure/i);
    const secure = await createSession(await userId("pmo@demo.renkei.jp"), true);
    expect(secure.cookie).toMatch(/Secure/i);
  });

  it("authenticates the viewer with their organization, role and WG roles", async () => {
    const { cookie } = await createSession(await userId("vendor@vendor-a.demo.renkei.jp"), false);
    const { auth } = await authenticate(cookieOf(cookie), false);
    expect(auth?.viewer.organizationKind).toBe("vendor");
    expect(Object.values(auth!.viewer.wgRoles)).toEqual(["guest"]);
    expect(auth?.user.organizationName).toBe("株式会社さくらシステムズ");
  });

  it("expire after 30 days, and slide forward when used in the second half", async () => {
    const id = await userId("lead@minamihama.demo.renkei.jp");
    const { sessionId, cookie } = await createSession(id, false);
    const row = () => db.select().from(schema.session).where(eq(schema.session.id, sessionId)).get();
    const fullLife = row()!.expiresAt;
    expect(fullLife - Date.now() / 1000).toBeGreaterThan((SESSION_DAYS - 1) * 86400);

    // 20 days later (10 days left): still valid, extended again to 30 days, new cookie sent.
    await write((tx) => tx.update(schema.session).set({ expiresAt: Math.floor(Date.now() / 1000) + 10 * 86400 }).where(eq(schema.session.id, sessionId)).run());
    const later = await authenticate(cookieOf(cookie), false);
    expect(later.auth?.user.id).toBe(id);
    expect(later.setCookie).toMatch(/renkei_session=/);
    expect(row()!.expiresAt).toBeGreaterThan(Math.floor(Date.now() / 1000) + 29 * 86400);

    // Past its expiry: refused, and the browser is told to drop the cookie.
    await write((tx) => tx.update(schema.session).set({ expiresAt: Math.floor(Date.now() / 1000) - 1 }).where(eq(schema.session.id, sessionId)).run());
    const expired = await authenticate(cookieOf(cookie), false);
    expect(expired.auth).toBeNull();
    expect(expired.setCookie).toMatch(/Max-Age=0/i);
  });

  it("「すべての端末からログアウト」 revokes every session of the user, and only theirs", async () => {
    const mine = await userId("admin@higashiyama.demo.renkei.jp");
    const other = await userId("admin@nishihara.demo.renkei.jp");
    const a = await createSession(mine, false);
    const b = await createSession(mine, false);
    const c = await createSession(other, false);
    await revokeAllSessions((await viewerOf("admin@higashiyama.demo.renkei.jp")).accountId);
    expect((await authenticate(cookieOf(a.cookie), false)).auth).toBeNull();
    expect((await authenticate(cookieOf(b.cookie), false)).auth).toBeNull();
    expect((await authenticate(cookieOf(c.cookie), false)).auth?.user.id).toBe(other);
  });

  it("a deactivated user's sessions stop working and they cannot sign in", async () => {
    const id = await userId("welfare@chuo.demo.renkei.jp");
    const { cookie } = await createSession(id, false);
    await write((tx) => tx.update(schema.user).set({ active: false }).where(eq(schema.user.id, id)).run());
    expect((await authenticate(cookieOf(cookie), false)).auth).toBeNull();
    const result = await signIn({ email: "welfare@chuo.demo.renkei.jp", password: "renkei-demo-2026", ip: "192.0.2.50", secure: false });
    expect(result.status).toBe("invalid");
  });

  it("a guest whose access date has passed is signed out and cannot sign in", async () => {
    const id = await userId("vendor@vendor-b.demo.renkei.jp");
    const { cookie } = await createSession(id, false);
    await write((tx) => tx.update(schema.user).set({ accessUntil: "2020-03-31" }).where(eq(schema.user.id, id)).run());
    expect((await authenticate(cookieOf(cookie), false)).auth).toBeNull();
    const result = await signIn({ email: "vendor@vendor-b.demo.renkei.jp", password: "renkei-demo-2026", ip: "192.0.2.51", secure: false });
    expect(result.status).toBe("invalid");
  });

  it("a forged or unknown session id is not accepted", async () => {
    expect((await authenticate(`${lucia.sessionCookieName}=forged`, false)).auth).toBeNull();
    expect((await authenticate(undefined, false)).auth).toBeNull();
  });
});
