// The installation operator (issue 16, ADR 029): creates a consortium with its first PMO, the
// same way whether or not the e-mail already signs in to Renkei; suspends, resumes and archives
// consortia (each in that consortium's audit trail); exports one; refuses anyone else; and never
// answers with a consortium's content.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertConsortium, insertOrganization, insertUser } from "../../db/factories";
import { authenticate, createSession, loadViewer, membershipsOf, startSession } from "~/utils/auth.server";
import { db, schema, write } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { findInvitation } from "./membership.server";
import { createConsortium, exportForOperator, listConsortia, setConsortiumStatus, type NewConsortiumInput } from "./operator.server";

const IP = "192.0.2.10";
const input = (overrides: Partial<NewConsortiumInput> = {}): NewConsortiumInput => ({
  consortiumName: "テスト広域連携協議会",
  legalForm: "任意協議会",
  fiscalYearStartMonth: 4,
  decisionRule: "unanimity",
  organizationName: "東山市",
  organizationKind: "municipality",
  displayName: "小林 直子",
  displayNameKana: "こばやし なおこ",
  department: "企画課",
  email: "kobayashi@city.higashiyama.example.lg.jp",
  ...overrides,
});

let operator: { id: number; email: string };
let member: { id: number; email: string; userId: number; consortiumId: number; passwordHash: string };

beforeAll(async () => {
  const passwordHash = await hashPassword("correct horse 1");
  await write((tx) => {
    // The installation's first consortium, set up by its operator (who is its PMO too), with one more member.
    const consortium = insertConsortium(tx, { name: "さくら広域自治体クラウド協議会" });
    const office = insertOrganization(tx, { consortiumId: consortium.id, kind: "other", name: "協議会事務局" });
    const pmo = insertUser(tx, { organizationId: office.id, email: "pmo@demo.renkei.jp", displayName: "佐藤 美咲", role: "pmo", operator: true, passwordHash });
    operator = { id: pmo.accountId, email: pmo.email };
    const staff = insertUser(tx, { organizationId: office.id, email: "staff@kitagawa.demo.renkei.jp", displayName: "高橋 健太", passwordHash });
    member = { id: staff.accountId, email: staff.email, userId: staff.id, consortiumId: consortium.id, passwordHash };
  });
});

const consortiumNamed = (name: string) => db.select().from(schema.consortium).where(eq(schema.consortium.name, name)).get();
const auditOf = (consortiumId: number, action: string) =>
  db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.consortiumId, consortiumId), eq(schema.auditEvent.action, action))).all();

describe("creating a consortium", () => {
  it("makes the consortium, its secretariat and an invited first PMO for a new e-mail, audited in the new consortium", async () => {
    const result = await createConsortium({ account: operator, ip: IP, input: input() });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(Object.keys(result).sort()).toEqual(["consortiumId", "inviteToken", "ok"]);
    const consortium = consortiumNamed("テスト広域連携協議会")!;
    expect(consortium).toMatchObject({ id: result.consortiumId, legalForm: "任意協議会", fiscalYearStartMonth: 4, decisionRule: "unanimity", status: "active" });
    const org = db.select().from(schema.organization).where(eq(schema.organization.consortiumId, consortium.id)).all();
    expect(org).toMatchObject([{ name: "東山市", kind: "municipality" }]);

    const invitation = (await findInvitation(result.inviteToken))!;
    expect(invitation).toMatchObject({ consortiumId: consortium.id, consortiumName: "テスト広域連携協議会", mode: "setPassword" });
    const { viewer, user } = (await loadViewer(invitation.userId))!;
    expect(viewer).toMatchObject({ consortiumId: consortium.id, organizationId: org[0].id, role: "pmo", orgAdmin: true, readOnly: false });
    expect(user).toMatchObject({ displayName: "小林 直子", email: "kobayashi@city.higashiyama.example.lg.jp" });
    const account = db.select().from(schema.account).where(eq(schema.account.id, viewer.accountId)).get()!;
    expect(account).toMatchObject({ passwordHash: null, operator: false });
    // The invitation is mailed from the new consortium's outbox.
    expect(db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, "kobayashi@city.higashiyama.example.lg.jp")).all()).toMatchObject([
      { consortiumId: consortium.id, kind: "invitation" },
    ]);
    // The consortium's own audit trail says the operator made it (no member of it did).
    const [row] = auditOf(consortium.id, "operator.consortium.create");
    expect(row).toMatchObject({ actorId: null, entityType: "consortium", entityId: String(consortium.id), ip: IP });
    expect(JSON.parse(row.after!)).toMatchObject({ consortiumName: "テスト広域連携協議会", organizationName: "東山市", operator: "pmo@demo.renkei.jp", pmoUserId: invitation.userId });
  });

  it("gives an existing account the membership, with the same answer, its password untouched", async () => {
    const result = await createConsortium({ account: operator, ip: IP, input: input({ consortiumName: "北部 情報システム共同化協議会", email: "STAFF@kitagawa.demo.renkei.jp" }) });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(Object.keys(result).sort()).toEqual(["consortiumId", "inviteToken", "ok"]);
    const memberships = db.select().from(schema.user).where(eq(schema.user.accountId, member.id)).all();
    expect(memberships.map((m) => m.consortiumId).sort()).toEqual([member.consortiumId, result.consortiumId].sort());
    expect(db.select().from(schema.account).where(eq(schema.account.id, member.id)).get()!.passwordHash).toBe(member.passwordHash);
    // No second account for the same person, whatever the case of the address.
    expect(db.select().from(schema.account).all().filter((a) => a.email.toLowerCase() === member.email)).toHaveLength(1);
    // Their link leads to the sign-in (they have a password), and they may now work in both.
    expect(await findInvitation(result.inviteToken)).toMatchObject({ mode: "signIn", consortiumId: result.consortiumId });
    expect(membershipsOf(member.id).map((m) => m.consortiumId).sort()).toEqual([member.consortiumId, result.consortiumId].sort());
  });

  it("refuses a name already taken, and bad input never half-writes", async () => {
    const before = db.select().from(schema.consortium).all().length;
    expect(await createConsortium({ account: operator, ip: IP, input: input({ email: "another@example.lg.jp" }) })).toMatchObject({
      ok: false,
      kind: "invalid",
      errors: { consortiumName: "operator.new.nameTaken" },
    });
    expect(db.select().from(schema.consortium).all()).toHaveLength(before);
    expect(db.select().from(schema.account).where(eq(schema.account.email, "another@example.lg.jp")).get()).toBeUndefined();
  });
});

describe("the list of consortia", () => {
  it("tells each consortium's name, legal form, status, date and active members, and nothing of its content", async () => {
    const result = await listConsortia({ account: operator });
    if (!result.ok) throw new Error("refused");
    expect(result.consortia.map((c) => c.name)).toEqual(["さくら広域自治体クラウド協議会", "テスト広域連携協議会", "北部 情報システム共同化協議会"]);
    for (const c of result.consortia) expect(Object.keys(c).sort()).toEqual(["createdAt", "id", "legalForm", "members", "mine", "name", "status"]);
    expect(result.consortia.map((c) => [c.members, c.mine])).toEqual([
      [2, true],
      [1, false],
      [1, false],
    ]);
    // A membership ended does not count.
    await write((tx) => tx.update(schema.user).set({ active: false }).where(eq(schema.user.id, member.userId)).run());
    const again = await listConsortia({ account: operator });
    expect(again.ok && again.consortia[0].members).toBe(1);
    await write((tx) => tx.update(schema.user).set({ active: true }).where(eq(schema.user.id, member.userId)).run());
  });
});

describe("the status of a consortium", () => {
  it("suspends: nobody works in it any more, its sessions move out, and it is audited there", async () => {
    const consortium = consortiumNamed("北部 情報システム共同化協議会")!;
    const membership = db.select().from(schema.user).where(and(eq(schema.user.accountId, member.id), eq(schema.user.consortiumId, consortium.id))).get()!;
    const { sessionId } = await createSession(membership.id, false);
    const elsewhere = await createSession(member.userId, false);

    const result = await setConsortiumStatus({ account: operator, ip: IP, consortiumId: consortium.id, status: "suspended" });
    expect(result).toMatchObject({ ok: true, name: "北部 情報システム共同化協議会", changed: true });
    expect(consortiumNamed("北部 情報システム共同化協議会")!.status).toBe("suspended");
    // Not offered to anyone any more; the person's other consortium stays.
    expect(membershipsOf(member.id).map((m) => m.consortiumId)).toEqual([member.consortiumId]);
    expect((await loadViewer(membership.id))!.mayComeIn).toBe(false);
    // The session that worked in it has left it; the one elsewhere goes on where it was.
    const sessionRow = (id: string) => db.select().from(schema.session).where(eq(schema.session.id, id)).get();
    expect(sessionRow(sessionId)).toMatchObject({ accountId: member.id, userId: null });
    expect(sessionRow(elsewhere.sessionId)).toMatchObject({ userId: member.userId });
    const [row] = auditOf(consortium.id, "operator.consortium.status");
    expect(row).toMatchObject({ actorId: null, entityId: String(consortium.id), ip: IP });
    expect(JSON.parse(row.before!)).toEqual({ status: "active" });
    expect(JSON.parse(row.after!)).toEqual({ status: "suspended", operator: "pmo@demo.renkei.jp" });

    // The same status again changes nothing and writes nothing.
    expect(await setConsortiumStatus({ account: operator, ip: IP, consortiumId: consortium.id, status: "suspended" })).toMatchObject({ ok: true, changed: false });
    expect(auditOf(consortium.id, "operator.consortium.status")).toHaveLength(1);

    // Resumed: offered again.
    expect(await setConsortiumStatus({ account: operator, ip: IP, consortiumId: consortium.id, status: "active" })).toMatchObject({ ok: true, changed: true });
    expect(membershipsOf(member.id).map((m) => m.consortiumId).sort()).toEqual([member.consortiumId, consortium.id].sort());
  });

  it("archives: members still come in, read-only", async () => {
    const consortium = consortiumNamed("北部 情報システム共同化協議会")!;
    expect(await setConsortiumStatus({ account: operator, ip: IP, consortiumId: consortium.id, status: "archived" })).toMatchObject({ ok: true, changed: true });
    const membership = db.select().from(schema.user).where(and(eq(schema.user.accountId, member.id), eq(schema.user.consortiumId, consortium.id))).get()!;
    expect(await loadViewer(membership.id)).toMatchObject({ mayComeIn: true, viewer: { readOnly: true }, user: { archived: true } });
    expect(membershipsOf(member.id).map((m) => m.consortiumId)).toContain(consortium.id);
  });

  it("suspends the only consortium of someone: their next request knows who they were, and their session is over", async () => {
    const created = await createConsortium({ account: operator, ip: IP, input: input({ consortiumName: "一時停止テスト協議会", email: "only-here@town.example.lg.jp" }) });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const { userId } = (await findInvitation(created.inviteToken))!;
    const { sessionId, cookie } = await createSession(userId, false);
    const cookieHeader = cookie.split(";")[0];
    expect((await authenticate(cookieHeader, false)).auth?.viewer.consortiumId).toBe(created.consortiumId);

    await setConsortiumStatus({ account: operator, ip: IP, consortiumId: created.consortiumId, status: "suspended" });
    const next = await authenticate(cookieHeader, false);
    // requireAuth sends them to /no-consortium (the account), and the browser drops the cookie.
    expect(next).toMatchObject({ auth: null, account: { email: "only-here@town.example.lg.jp", operator: false } });
    expect(next.setCookie).toMatch(/Max-Age=0/i);
    expect(db.select().from(schema.session).where(eq(schema.session.id, sessionId)).get()).toBeUndefined();
    expect(await authenticate(cookieHeader, false)).toMatchObject({ account: null, auth: null });
  });

  it("leaves an operator without a consortium signed in, outside every consortium", async () => {
    const accountId = await write((tx) => tx.insert(schema.account).values({ email: "operator-only@example.lg.jp", operator: true }).returning({ id: schema.account.id }).get().id);
    const session = (await startSession(accountId, false))!;
    const signedIn = await authenticate(session.cookie.split(";")[0], false);
    expect(signedIn).toMatchObject({ auth: null, account: { id: accountId, operator: true } });
    expect((await listConsortia({ account: { id: accountId, email: "operator-only@example.lg.jp" } })).ok).toBe(true);
  });

  it("answers not found for a consortium that does not exist", async () => {
    expect(await setConsortiumStatus({ account: operator, ip: IP, consortiumId: 9999, status: "suspended" })).toMatchObject({ ok: false, kind: "not-found" });
  });
});

describe("the export for a handover", () => {
  it("streams the consortium's ZIP and records who took it, in that consortium", async () => {
    const consortium = consortiumNamed("テスト広域連携協議会")!;
    const result = await exportForOperator({ account: operator, ip: IP, consortiumId: consortium.id });
    if (!result.ok) throw new Error("refused");
    const chunks: Buffer[] = [];
    for await (const chunk of result.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 2).toString()).toBe("PK");
    expect(result.fileName).toMatch(/^renkei-テスト広域連携協議会-\d{8}\.zip$/);
    const [row] = auditOf(consortium.id, "operator.consortium.export");
    expect(row).toMatchObject({ actorId: null, ip: IP });
    expect(JSON.parse(row.after!)).toEqual({ fileName: result.fileName, operator: "pmo@demo.renkei.jp" });
    expect(await exportForOperator({ account: operator, ip: IP, consortiumId: 9999 })).toMatchObject({ ok: false, kind: "not-found" });
  });
});

describe("anyone but the operator", () => {
  it("is told nothing exists and changes nothing", async () => {
    const someone = { id: member.id, email: member.email };
    const consortium = consortiumNamed("テスト広域連携協議会")!;
    const audits = db.select().from(schema.auditEvent).all().length;
    expect(await listConsortia({ account: someone })).toEqual({ ok: false, kind: "not-found" });
    expect(await createConsortium({ account: someone, ip: IP, input: input({ consortiumName: "勝手な協議会", email: "x@example.lg.jp" }) })).toEqual({ ok: false, kind: "not-found" });
    expect(await setConsortiumStatus({ account: someone, ip: IP, consortiumId: consortium.id, status: "suspended" })).toEqual({ ok: false, kind: "not-found" });
    expect(await exportForOperator({ account: someone, ip: IP, consortiumId: consortium.id })).toEqual({ ok: false, kind: "not-found" });
    expect(consortiumNamed("勝手な協議会")).toBeUndefined();
    expect(consortiumNamed("テスト広域連携協議会")!.status).toBe("active");
    expect(db.select().from(schema.auditEvent).all()).toHaveLength(audits);
  });

  it("includes an operator whose flag was taken away meanwhile", async () => {
    const former = await write((tx) => {
      const org = db.select().from(schema.organization).where(eq(schema.organization.consortiumId, member.consortiumId)).get()!;
      return insertUser(tx, { organizationId: org.id, email: "former-operator@demo.renkei.jp", operator: true });
    });
    const account = { id: former.accountId, email: former.email };
    expect((await listConsortia({ account })).ok).toBe(true);
    await write((tx) => tx.update(schema.account).set({ operator: false }).where(eq(schema.account.id, former.accountId)).run());
    expect(await listConsortia({ account })).toEqual({ ok: false, kind: "not-found" });
  });
});
