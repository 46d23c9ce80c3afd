// One person in two consortia (issue 16, ADR 029): one sign-in, two memberships; where a session
// lands and how it moves; what an administrator of one consortium can and cannot learn or do
// about the person's other consortium.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertConsortium, insertOrganization, insertProject, insertTown, insertUser, insertWorkingGroup } from "../../db/factories";
import { authenticate, createSession, membershipsOf } from "~/utils/auth.server";
import { db, schema, write } from "~/utils/db.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import type { Viewer } from "~/policy/permissions";
import { requestPasswordReset, signIn } from "./account.server";
import { acceptInvitation, findInvitation } from "./membership.server";
import { actor, insertSmallConsortium, viewerOf } from "./test-support";
import { createUser, getManagedUser, issueResetLink, setUserActive, updateUser, type UserInput } from "./user-admin.server";

const PASSWORD = "two-consortia-2026";
const BOTH = "it@kitagawa.demo.renkei.jp"; // 北川市 情報政策課: in both consortia
const cookieOf = (setCookie: string) => setCookie.split(";")[0];
let first: { consortiumId: number; kitagawaId: number; pmo: Viewer };
let second: { consortiumId: number; townId: number; pmo: Viewer; pmoMembership: number };
let both: { firstMembership: number; secondMembership: number; accountId: number };

const input = (overrides: Partial<UserInput>): UserInput => ({
  email: "someone@example.lg.jp", displayName: "新規 太郎", displayNameKana: "", department: "", rank: "担当者",
  organizationId: first.kitagawaId, orgAdmin: false, role: "member", accessUntil: null, ...overrides,
});

beforeAll(async () => {
  const { consortium, towns } = await insertSmallConsortium();
  const passwordHash = await hashPassword(PASSWORD);
  const ids = await write((tx) => {
    tx.update(schema.account).set({ passwordHash }).where(eq(schema.account.email, "staff@kitagawa.demo.renkei.jp")).run();
    const a = insertUser(tx, { organizationId: towns.kitagawa.id, email: BOTH, displayName: "阿部 悠斗", passwordHash });
    const other = insertConsortium(tx, { name: "みどり川流域 共同調達協議会" });
    const town = insertTown(tx, { consortiumId: other.id, name: "北川市" });
    const office = insertOrganization(tx, { consortiumId: other.id, kind: "other", name: "事務局" });
    const project = insertProject(tx, { consortiumId: other.id, name: "基幹系システム共同調達", townIds: [town.id] });
    const wg = insertWorkingGroup(tx, { consortiumId: other.id, projectId: project.id, name: "調達仕様WG" });
    const pmo2 = insertUser(tx, { organizationId: office.id, email: "pmo@midorigawa.example.lg.jp", displayName: "小松 直子", role: "pmo", orgAdmin: true, passwordHash });
    const b = insertUser(tx, { organizationId: town.id, email: BOTH, displayName: "阿部 悠斗", wgs: [{ wgId: wg.id }] });
    return { a, b, other, town, pmo2 };
  });
  both = { firstMembership: ids.a.id, secondMembership: ids.b.id, accountId: ids.a.accountId };
  first = { consortiumId: consortium.id, kitagawaId: towns.kitagawa.id, pmo: await viewerOf("pmo@demo.renkei.jp") };
  second = { consortiumId: ids.other.id, townId: ids.town.id, pmo: await viewerOf("pmo@midorigawa.example.lg.jp"), pmoMembership: ids.pmo2.id };
});

describe("one account, two memberships", () => {
  it("share the account: one e-mail, one password", () => {
    const rows = db.select().from(schema.user).where(eq(schema.user.accountId, both.accountId)).all();
    expect(rows.map((r) => r.consortiumId).sort()).toEqual([first.consortiumId, second.consortiumId].sort());
    expect(membershipsOf(both.accountId).map((m) => m.consortiumName).sort()).toEqual(["テスト広域協議会", "みどり川流域 共同調達協議会"].sort());
  });

  it("sign-in lands where the person last worked; a session switched elsewhere is remembered for next time", async () => {
    const one = await signIn({ email: BOTH, password: PASSWORD, ip: "192.0.2.200", secure: false });
    if (one.status !== "ok") throw new Error(one.status);
    const landed = (await authenticate(cookieOf(one.cookie), false)).auth!;
    // Land in the other one by a consortium link, then sign in anew: it lands there.
    const moved = await createSession(landed.viewer.consortiumId === first.consortiumId ? both.secondMembership : both.firstMembership, false);
    const movedTo = (await authenticate(cookieOf(moved.cookie), false)).auth!.viewer.consortiumId;
    expect(movedTo).not.toBe(landed.viewer.consortiumId);
    const again = await signIn({ email: BOTH, password: PASSWORD, ip: "192.0.2.200", secure: false });
    if (again.status !== "ok") throw new Error(again.status);
    expect((await authenticate(cookieOf(again.cookie), false)).auth!.viewer.consortiumId).toBe(movedTo);
  });

  it("deactivation in one consortium moves the session to the other; the person still signs in there", async () => {
    const { cookie } = await createSession(both.secondMembership, false);
    const done = await setUserActive({ viewer: second.pmo, actor: actor(second.pmo), userId: both.secondMembership, active: false });
    expect(done.ok).toBe(true);
    const after = await authenticate(cookieOf(cookie), false);
    // The session in the second consortium ended with the membership; a new one lands in the first.
    expect(after.auth).toBeNull();
    const signedIn = await signIn({ email: BOTH, password: PASSWORD, ip: "192.0.2.201", secure: false });
    if (signedIn.status !== "ok") throw new Error(signedIn.status);
    expect((await authenticate(cookieOf(signedIn.cookie), false)).auth!.viewer.consortiumId).toBe(first.consortiumId);
    await setUserActive({ viewer: second.pmo, actor: actor(second.pmo), userId: both.secondMembership, active: true });
  });

  it("a suspended consortium is entered by nobody: sessions there move, the switcher leaves it out", async () => {
    const { cookie } = await createSession(both.secondMembership, false);
    await write((tx) => tx.update(schema.consortium).set({ status: "suspended" }).where(eq(schema.consortium.id, second.consortiumId)).run());
    try {
      expect(membershipsOf(both.accountId).map((m) => m.consortiumId)).toEqual([first.consortiumId]);
      expect((await authenticate(cookieOf(cookie), false)).auth!.viewer.consortiumId).toBe(first.consortiumId);
      const pmoOnly = await signIn({ email: "pmo@midorigawa.example.lg.jp", password: PASSWORD, ip: "192.0.2.202", secure: false });
      expect(pmoOnly.status).toBe("invalid");
    } finally {
      await write((tx) => tx.update(schema.consortium).set({ status: "active" }).where(eq(schema.consortium.id, second.consortiumId)).run());
    }
  });

  it("an archived consortium is read-only for its people", async () => {
    await write((tx) => tx.update(schema.consortium).set({ status: "archived" }).where(eq(schema.consortium.id, second.consortiumId)).run());
    try {
      const { cookie } = await createSession(second.pmoMembership, false);
      const { auth } = await authenticate(cookieOf(cookie), false);
      expect(auth!.viewer.readOnly).toBe(true);
      expect(auth!.user.archived).toBe(true);
    } finally {
      await write((tx) => tx.update(schema.consortium).set({ status: "active" }).where(eq(schema.consortium.id, second.consortiumId)).run());
    }
  });
});

describe("adding someone who already signs in elsewhere", () => {
  it("gives them a membership and the same invitation as a newcomer; their password and other consortium stay untouched", async () => {
    const newcomer = await createUser({ viewer: second.pmo, actor: actor(second.pmo), input: input({ email: "newcomer@example.lg.jp", organizationId: second.townId }) });
    const known = await createUser({ viewer: second.pmo, actor: actor(second.pmo), input: input({ email: "STAFF@kitagawa.demo.renkei.jp", displayName: "高橋 健太", organizationId: second.townId }) });
    if (!newcomer.ok || !known.ok) throw new Error("createUser failed");
    // The same answer: an id and a link, nothing else.
    expect(Object.keys(known).sort()).toEqual(Object.keys(newcomer).sort());
    const staffAccount = db.select().from(schema.account).where(eq(schema.account.email, "staff@kitagawa.demo.renkei.jp")).get()!;
    expect(db.select().from(schema.user).where(eq(schema.user.accountId, staffAccount.id)).all()).toHaveLength(2);
    // Their link leads to the sign-in, never to a new password; the newcomer's sets one.
    expect((await findInvitation(newcomer.inviteToken))?.mode).toBe("setPassword");
    expect((await findInvitation(known.inviteToken))?.mode).toBe("signIn");
    expect(await acceptInvitation({ token: known.inviteToken, password: "hijacked-password-1", ip: "127.0.0.1" })).toMatchObject({ signedIn: false });
    expect(db.select().from(schema.account).where(eq(schema.account.id, staffAccount.id)).get()!.passwordHash).toBe(staffAccount.passwordHash);
    // Invited by two consortia before setting a password: neither link sets one (it would open
    // the other consortium too); the person sets it from a reset mail only they receive.
    const twice = await createUser({ viewer: first.pmo, actor: actor(first.pmo), input: input({ email: "newcomer@example.lg.jp" }) });
    if (!twice.ok) throw new Error("createUser failed");
    expect((await findInvitation(twice.inviteToken))?.mode).toBe("passwordByMail");
    expect((await findInvitation(newcomer.inviteToken))?.mode).toBe("passwordByMail");
    expect(await acceptInvitation({ token: twice.inviteToken, password: "not-through-here-1", ip: "127.0.0.1" })).toBeNull();
    // The mails say the same, to the person only.
    const mails = db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.consortiumId, second.consortiumId)).all();
    const textOf = (to: string) => mails.find((m) => m.toAddress.toLowerCase() === to)!.text.replace(/\/invite\/[\w-]+/, "/invite/…").replace(/新規 太郎|高橋 健太/, "…");
    expect(textOf("staff@kitagawa.demo.renkei.jp")).toBe(textOf("newcomer@example.lg.jp"));
  });

  it("tells nothing of other consortia: an address elsewhere is not 'taken', an address here is", async () => {
    const here = await createUser({ viewer: second.pmo, actor: actor(second.pmo), input: input({ email: "pmo@midorigawa.example.lg.jp", organizationId: second.townId }) });
    expect(here).toMatchObject({ ok: false, errors: { email: "admin.users.emailTaken" } });
    const elsewhere = await createUser({ viewer: second.pmo, actor: actor(second.pmo), input: input({ email: "lead@minamihama.demo.renkei.jp", organizationId: second.townId }) });
    expect(elsewhere.ok).toBe(true);
  });

  it("an administrator cannot change the e-mail, or see a password link, of someone another consortium knows", async () => {
    const member = await getManagedUser({ viewer: second.pmo, userId: both.secondMembership });
    expect(member?.emailEditable).toBe(false);
    const changed = await updateUser({
      viewer: second.pmo, actor: actor(second.pmo), userId: both.secondMembership,
      input: input({ email: "taken-over@example.lg.jp", displayName: "阿部 悠斗", organizationId: second.townId }),
    });
    expect(changed).toMatchObject({ ok: false, errors: { email: "admin.users.emailOwnedByPerson" } });
    const link = await issueResetLink({ viewer: second.pmo, actor: actor(second.pmo), userId: both.secondMembership });
    expect(link).toMatchObject({ ok: true, token: null });
    // The mail goes to the person, outside this consortium's outbox.
    const reset = db.select().from(schema.emailOutbox).where(and(eq(schema.emailOutbox.toAddress, BOTH), eq(schema.emailOutbox.kind, "password"))).all().at(-1)!;
    expect(reset.consortiumId).toBeNull();
    // Someone only this consortium knows: the link is handed to the administrator as before.
    const local = await getManagedUser({ viewer: second.pmo, userId: second.pmoMembership });
    expect(local).toBeTruthy();
    expect(await issueResetLink({ viewer: second.pmo, actor: actor(second.pmo), userId: second.pmoMembership })).toMatchObject({ ok: true, token: expect.any(String) });
  });

  it("a reset the person asks for stays out of every consortium's outbox when they are in several", async () => {
    expect(await requestPasswordReset({ email: BOTH, ip: "198.51.100.90" })).toEqual({ status: "sent" });
    const mail = db.select().from(schema.emailOutbox).where(and(eq(schema.emailOutbox.toAddress, BOTH), eq(schema.emailOutbox.kind, "password"))).all().at(-1)!;
    expect(mail.consortiumId).toBeNull();
    expect(await verifyPassword(db.select().from(schema.account).where(eq(schema.account.id, both.accountId)).get()!.passwordHash, PASSWORD)).toBe(true);
  });
});
