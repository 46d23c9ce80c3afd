// Vendor guests: invitations (one-time, 7 days, revocable), re-invitation, the PMO's list,
// removal from every WG, and guest access ending on its date (契約期間).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertWgMembership, insertWorkingGroup } from "../../db/factories";
import { signIn } from "~/models/account.server";
import { addDays, todayInJapan } from "~/utils/dates";
import { db, schema, write } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import type { Viewer } from "~/policy/permissions";
import { addComment, setAnswer } from "./comment.server";
import { createIssue } from "./issue.server";
import { guestHome, inviteGuest, listGuests, removeFromAllWgs, revokeInvitation, vendorQueues, type InviteInput } from "./guest.server";
import { actor, insertDemoPeople, insertSmallConsortium, viewerOf, personOf } from "./test-support";
import { setUserActive } from "./user-admin.server";
import { acceptInvitation, findInvitation } from "./membership.server";

const byEmail = personOf;
const DAY = 86_400_000;
const PASSWORD = "guest-password-2026";
let pmo: Viewer, lead: Viewer, staff: Viewer, vendorA: number, vendorB: number, jumin: number, zeimu: number, kitagawa: number;

function input(overrides: Partial<InviteInput>): InviteInput {
  return { displayName: "事業者 花子", email: "hanako@vendor-a.example.jp", organizationId: vendorA, wgIds: [jumin], accessUntil: null, ...overrides };
}
const wgsOf = (userId: number) =>
  db.select().from(schema.wgMembership).where(eq(schema.wgMembership.userId, userId)).all().map((m) => `${m.wgId}:${m.role}`).sort();

beforeAll(async () => {
  // The lead leads 住民記録WG only; the second vendor's person is a guest of 税務WG, which the lead does not see.
  const { consortium, project, wg, vendorOrg, towns, users } = await insertSmallConsortium();
  const passwordHash = await hashPassword(PASSWORD);
  await write((tx) => {
    tx.update(schema.account).set({ passwordHash }).where(eq(schema.account.id, users.vendor.accountId)).run(); // has accepted an invitation: a re-invite sends no link
    const tax = insertWorkingGroup(tx, { consortiumId: consortium.id, projectId: project.id, name: "税務WG" });
    const { "vendor@vendor-b.demo.renkei.jp": vendorBPerson } = insertDemoPeople(tx, consortium.id, ["vendor@vendor-b.demo.renkei.jp"]);
    insertWgMembership(tx, { wgId: tax.id, userId: vendorBPerson.id, role: "guest" });
    [jumin, zeimu, vendorA, vendorB, kitagawa] = [wg.id, tax.id, vendorOrg.id, vendorBPerson.organizationId, towns.kitagawa.id];
  });
  pmo = await viewerOf("pmo@demo.renkei.jp");
  lead = await viewerOf("lead@minamihama.demo.renkei.jp");
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
});

describe("invitations", () => {
  it("creates the vendor person without a password, as guest of the WGs, with a 7-day one-time link", async () => {
    const res = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ wgIds: [jumin, zeimu] }) });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.created).toBe(true);
    expect(res.token).toMatch(/^[\w-]{40,}$/);
    const user = byEmail("hanako@vendor-a.example.jp");
    expect(user.passwordHash).toBeNull();
    expect(wgsOf(user.id)).toEqual([`${jumin}:guest`, `${zeimu}:guest`]);
    expect(await findInvitation(res.token!)).toMatchObject({ displayName: "事業者 花子", wgs: ["住民記録WG", "税務WG"] });
    // Valid for 7 days, not a moment longer.
    expect(await findInvitation(res.token!, Date.now() + 7 * DAY - 60_000)).not.toBeNull();
    expect(await findInvitation(res.token!, Date.now() + 7 * DAY + 60_000)).toBeNull();
    expect(await acceptInvitation({ token: res.token!, password: PASSWORD, ip: "127.0.0.1", now: Date.now() + 8 * DAY })).toBeNull();
    const audits = db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, "guest.invite")).all();
    expect(audits.some((a) => a.entityId === String(user.id))).toBe(true);
    expect(JSON.stringify(audits)).not.toContain(res.token!); // the link itself is never stored
  });

  it("accepting sets the password once; the link cannot be used again", async () => {
    const res = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "taro@vendor-a.example.jp", displayName: "事業者 太郎" }) });
    if (!res.ok) throw new Error("invite failed");
    const userId = (await acceptInvitation({ token: res.token!, password: PASSWORD, ip: "127.0.0.1" }))?.userId;
    expect(userId).toBe(res.userId);
    expect(await findInvitation(res.token!)).toBeNull();
    expect(await acceptInvitation({ token: res.token!, password: "another-password-1", ip: "127.0.0.1" })).toBeNull();
    expect((await signIn({ email: "taro@vendor-a.example.jp", password: PASSWORD, ip: "10.0.0.1", secure: false })).status).toBe("ok");
    expect((await listGuests({ viewer: pmo })).find((g) => g.id === userId)?.invitation).toBe("accepted");
  });

  it("a revoked link no longer works; a new invitation replaces the earlier link", async () => {
    const first = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "jiro@vendor-a.example.jp", displayName: "事業者 次郎" }) });
    if (!first.ok) throw new Error("invite failed");
    const second = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "jiro@vendor-a.example.jp", displayName: "事業者 次郎" }) });
    if (!second.ok) throw new Error("invite failed");
    expect(second.created).toBe(false);
    expect(await findInvitation(first.token!)).toBeNull();
    expect(await findInvitation(second.token!)).not.toBeNull();
    expect((await listGuests({ viewer: pmo })).find((g) => g.id === second.userId)?.invitation).toBe("pending");
    expect(await revokeInvitation({ viewer: pmo, actor: actor(pmo), userId: second.userId })).toEqual({ ok: true });
    expect(await findInvitation(second.token!)).toBeNull();
    expect(await acceptInvitation({ token: second.token!, password: PASSWORD, ip: "127.0.0.1" })).toBeNull();
    expect((await listGuests({ viewer: pmo })).find((g) => g.id === second.userId)?.invitation).toBe("revoked");
    expect(db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, "guest.invite.revoke")).all()).toHaveLength(1);
  });

  it("re-inviting an existing guest adds WGs, never a second user and no new link once they sign in", async () => {
    const vendor = byEmail("vendor@vendor-a.demo.renkei.jp");
    const before = db.select().from(schema.user).all().length;
    const res = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "VENDOR@vendor-a.demo.renkei.jp", wgIds: [jumin, zeimu] }) });
    expect(res).toMatchObject({ ok: true, created: false, token: null, addedWgIds: [zeimu], userId: vendor.id });
    expect(db.select().from(schema.user).all().length).toBe(before);
    expect(wgsOf(vendor.id)).toEqual([`${jumin}:guest`, `${zeimu}:guest`]);
    await write((tx) => tx.delete(schema.wgMembership).where(eq(schema.wgMembership.userId, vendor.id)).run());
    await write((tx) => tx.insert(schema.wgMembership).values({ userId: vendor.id, wgId: jumin, role: "guest" }).run());
  });

  it("a WG lead invites only into WGs they lead; town staff and other e-mails are refused", async () => {
    expect(await inviteGuest({ viewer: lead, actor: actor(lead), input: input({ email: "a@vendor-a.example.jp", wgIds: [zeimu] }) })).toMatchObject({ ok: false, kind: "invalid", errors: { wgIds: "guests.wgsInvalid" } });
    expect(await inviteGuest({ viewer: staff, actor: actor(staff), input: input({ email: "b@vendor-a.example.jp" }) })).toMatchObject({ ok: false, kind: "invalid", errors: { wgIds: "guests.wgsInvalid" } });
    expect(await inviteGuest({ viewer: lead, actor: actor(lead), input: input({ email: "c@vendor-a.example.jp" }) })).toMatchObject({ ok: true });
    // Not a vendor organization, staff e-mail, another vendor's person.
    expect(await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "d@vendor-a.example.jp", organizationId: kitagawa }) })).toMatchObject({ ok: false, kind: "invalid", errors: { organizationId: "guests.organizationInvalid" } });
    expect(await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "staff@kitagawa.demo.renkei.jp" }) })).toMatchObject({ ok: false, errors: { email: "guests.emailTakenByStaff" } });
    expect(await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "vendor@vendor-b.demo.renkei.jp" }) })).toMatchObject({ ok: false, errors: { email: "guests.emailOtherVendor" } });
    expect(vendorB).toBeGreaterThan(0);
    // The lead's list shows guests of their WG only.
    const leadList = await listGuests({ viewer: lead });
    expect(leadList.every((g) => g.wgs.some((w) => w.id === jumin))).toBe(true);
    expect(leadList.some((g) => g.email === "vendor@vendor-b.demo.renkei.jp")).toBe(false);
  });
});

describe("guest access", () => {
  it("ends after the access end date: no sign-in, no invitation", async () => {
    const res = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "ends@vendor-a.example.jp", accessUntil: todayInJapan() }) });
    if (!res.ok) throw new Error("invite failed");
    expect(await acceptInvitation({ token: res.token!, password: PASSWORD, ip: "127.0.0.1" })).toMatchObject({ userId: res.userId, signedIn: true });
    expect((await signIn({ email: "ends@vendor-a.example.jp", password: PASSWORD, ip: "10.0.0.2", secure: false })).status).toBe("ok");
    // The day after the end date.
    await write((tx) => tx.update(schema.user).set({ accessUntil: addDays(todayInJapan(), -1) }).where(eq(schema.user.id, res.userId)).run());
    expect((await signIn({ email: "ends@vendor-a.example.jp", password: PASSWORD, ip: "10.0.0.3", secure: false })).status).toBe("invalid");
    expect((await listGuests({ viewer: pmo })).find((g) => g.id === res.userId)?.accessEnded).toBe(true);
    const late = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "late@vendor-a.example.jp" }) });
    if (!late.ok) throw new Error("invite failed");
    await write((tx) => tx.update(schema.user).set({ accessUntil: addDays(todayInJapan(), -1) }).where(eq(schema.user.id, late.userId)).run());
    expect(await findInvitation(late.token!)).toBeNull();
  });

  it("「すべてのWGから外す」 removes every guest membership and pending link (PMO only)", async () => {
    const res = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "out@vendor-a.example.jp", wgIds: [jumin, zeimu] }) });
    if (!res.ok) throw new Error("invite failed");
    expect(await removeFromAllWgs({ viewer: lead, actor: actor(lead), userId: res.userId })).toMatchObject({ ok: false });
    expect(await removeFromAllWgs({ viewer: pmo, actor: actor(pmo), userId: res.userId })).toEqual({ ok: true });
    expect(wgsOf(res.userId)).toEqual([]);
    expect(await findInvitation(res.token!)).toBeNull();
    // Town staff are never "guests".
    expect(await removeFromAllWgs({ viewer: pmo, actor: actor(pmo), userId: staff.userId })).toMatchObject({ ok: false });
  });

  it("the invitation form refuses an end date in the past", async () => {
    const { inviteFormSchema } = await import("./guest.server");
    const r = inviteFormSchema.safeParse({ displayName: "x", email: "x@example.jp", organizationId: String(vendorA), wgIds: String(jumin), accessUntil: addDays(todayInJapan(), -1) });
    expect(r.success).toBe(false);
  });
});

describe("re-inviting someone the PMO stopped", () => {
  const auditRows = (userId: number) => db.select().from(schema.auditEvent).where(eq(schema.auditEvent.entityId, String(userId))).all();

  it("a WG lead cannot restart a deactivated guest nor move their 契約期間; nothing is written", async () => {
    const res = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "stopped@vendor-b.example.jp", organizationId: vendorB, wgIds: [zeimu], accessUntil: "2027-03-31" }) });
    if (!res.ok) throw new Error("invite failed");
    expect(await acceptInvitation({ token: res.token!, password: PASSWORD, ip: "127.0.0.1" })).toMatchObject({ userId: res.userId, signedIn: true });
    expect(await setUserActive({ viewer: pmo, actor: actor(pmo), userId: res.userId, active: false })).toEqual({ ok: true });
    const audits = auditRows(res.userId).length;

    const again = await inviteGuest({ viewer: lead, actor: actor(lead), input: input({ email: "stopped@vendor-b.example.jp", organizationId: vendorB, wgIds: [jumin], accessUntil: "2030-12-31" }) });
    expect(again).toEqual({ ok: false, kind: "forbidden", errors: { email: "guests.stoppedByPmo" } });
    expect(byEmail("stopped@vendor-b.example.jp")).toMatchObject({ active: false, accessUntil: "2027-03-31" });
    expect(wgsOf(res.userId)).toEqual([`${zeimu}:guest`]);
    expect(auditRows(res.userId)).toHaveLength(audits);
    expect((await signIn({ email: "stopped@vendor-b.example.jp", password: PASSWORD, ip: "10.0.0.4", secure: false })).status).toBe("invalid");

    // The PMO may restart the account and extend its 契約期間 by inviting again.
    const restarted = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "stopped@vendor-b.example.jp", organizationId: vendorB, wgIds: [jumin], accessUntil: "2030-12-31" }) });
    expect(restarted).toMatchObject({ ok: true, created: false, addedWgIds: [jumin] });
    expect(byEmail("stopped@vendor-b.example.jp")).toMatchObject({ active: true, accessUntil: "2030-12-31" });
    await write((tx) => tx.delete(schema.wgMembership).where(and(eq(schema.wgMembership.userId, res.userId), eq(schema.wgMembership.wgId, jumin))).run());
  });

  it("a WG lead adds their WG to an active guest but keeps the 契約期間 on record", async () => {
    const res = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "kept@vendor-b.example.jp", organizationId: vendorB, wgIds: [zeimu], accessUntil: "2027-03-31" }) });
    if (!res.ok) throw new Error("invite failed");
    const again = await inviteGuest({ viewer: lead, actor: actor(lead), input: input({ email: "kept@vendor-b.example.jp", organizationId: vendorB, wgIds: [jumin], accessUntil: "2030-12-31" }) });
    expect(again).toMatchObject({ ok: true, created: false, addedWgIds: [jumin], accessUntil: "2027-03-31", accessUntilKept: true });
    expect(byEmail("kept@vendor-b.example.jp").accessUntil).toBe("2027-03-31");
    const row = auditRows(res.userId).find((a) => a.action === "guest.invite.more");
    expect(JSON.parse(row!.after!)).toMatchObject({ addedWgIds: [jumin], accessUntil: "2027-03-31" });
  });

  it("a WG lead cannot bring back a guest whose 契約期間 has ended", async () => {
    const res = await inviteGuest({ viewer: pmo, actor: actor(pmo), input: input({ email: "ended@vendor-b.example.jp", organizationId: vendorB, wgIds: [zeimu] }) });
    if (!res.ok) throw new Error("invite failed");
    const ended = addDays(todayInJapan(), -1);
    await write((tx) => tx.update(schema.user).set({ accessUntil: ended }).where(eq(schema.user.id, res.userId)).run());
    const again = await inviteGuest({ viewer: lead, actor: actor(lead), input: input({ email: "ended@vendor-b.example.jp", organizationId: vendorB, wgIds: [jumin], accessUntil: "2030-12-31" }) });
    expect(again).toEqual({ ok: false, kind: "forbidden", errors: { email: "guests.accessEndedPmoOnly" } });
    expect(byEmail("ended@vendor-b.example.jp").accessUntil).toBe(ended);
    expect(wgsOf(res.userId)).toEqual([`${zeimu}:guest`]);
  });
});

describe("vendor Q&A (質疑応答)", () => {
  it("a vendor's question is shared, waits for the consortium's window, and the marked 回答 settles it", async () => {
    const vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
    const res = await createIssue({ viewer: vendor, actor: actor(vendor), wgId: jumin, input: { title: "質問のテスト", body: "桁数は？", type: "質問", status: "完了", priority: "高", assigneeId: null, ballHolderOrgId: null, dueOn: null, vendorVisible: false, affectedOrgIds: [], labelIds: [], postponeReason: "" } as never });
    if (!res.ok) throw new Error("create failed");
    const row = db.select().from(schema.issue).where(eq(schema.issue.number, res.number)).get()!;
    const pmoOrg = db.select().from(schema.organization).where(eq(schema.organization.name, "協議会事務局")).get()!.id;
    expect(row).toMatchObject({ vendorVisible: true, status: "回答待ち", ballHolderOrgId: pmoOrg, type: "質問" });
    expect((await vendorQueues({ viewer: vendor, wgIds: [jumin] })).awaiting.map((r) => r.number)).toContain(res.number);
    expect((await guestHome(vendor))?.map((w) => w.name)).toEqual(["住民記録WG"]);

    const issue = { id: row.id, wgId: jumin, vendorVisible: true };
    const memo = await addComment({ viewer: lead, actor: actor(lead), issue, body: "内部の検討メモ", internal: true, files: [] });
    const fromVendor = await addComment({ viewer: vendor, actor: actor(vendor), issue, body: "補足です", internal: false, files: [] });
    const official = await addComment({ viewer: lead, actor: actor(lead), issue, body: "200文字です", internal: false, files: [] });
    // An internal memo and the vendor's own comment can never be the answer; a guest cannot mark.
    expect(await setAnswer({ viewer: lead, actor: actor(lead), issue, commentId: memo, answer: true })).toMatchObject({ ok: false, kind: "invalid", errors: { form: "guests.qa.notAnswerable" } });
    expect(await setAnswer({ viewer: lead, actor: actor(lead), issue, commentId: fromVendor, answer: true })).toMatchObject({ ok: false, kind: "invalid", errors: { form: "guests.qa.notAnswerable" } });
    expect(await setAnswer({ viewer: vendor, actor: actor(vendor), issue, commentId: official, answer: true })).toEqual({ ok: false, kind: "not-found" });
    expect(await setAnswer({ viewer: lead, actor: actor(lead), issue, commentId: official, answer: true })).toEqual({ ok: true });
    expect(db.select().from(schema.issue).where(eq(schema.issue.id, row.id)).get()!.status).toBe("解決");
    expect((await vendorQueues({ viewer: vendor, wgIds: [jumin] })).awaiting.map((r) => r.number)).not.toContain(res.number);
  });
});
