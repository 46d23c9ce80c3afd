// The people import: every row checked as the single-user form checks it, errors per cell,
// a town admin only into their own town and never above their own level, and everyone
// created — with their invitation in the outbox and their audit rows — or no one.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertConsortium, insertTown, insertUser, insertWorkingGroup } from "../../db/factories";
import type { PersonCells } from "~/domain/people-import";
import type { Viewer } from "~/policy/permissions";
import { db, schema, write } from "~/utils/db.server";
import { importPeople, importExamples, parseConfirmedRows, previewPeople } from "./people-import.server";
import { actor, insertDemoPeople, insertExecutive, insertSmallConsortium, personOf, viewerOf } from "./test-support";

let pmo: Viewer, kitagawaAdmin: Viewer, staff: Viewer, vendor: Viewer, executive: Viewer;

beforeAll(async () => {
  const { consortium, project, office } = await insertSmallConsortium();
  await write((tx) => {
    insertExecutive(tx, office.id);
    insertDemoPeople(tx, consortium.id, ["admin@kitagawa.demo.renkei.jp"]);
    insertWorkingGroup(tx, { consortiumId: consortium.id, projectId: project.id, name: "旧システム移行WG", archived: true });
    // Another consortium on the same installation, with a person whose address a file might name.
    const other = insertConsortium(tx, { name: "別の協議会" });
    const town = insertTown(tx, { consortiumId: other.id, name: "遠野原町" });
    insertUser(tx, { organizationId: town.id, email: "someone@tonohara.example.lg.jp", displayName: "別協議会 職員" });
  });
  pmo = await viewerOf("pmo@demo.renkei.jp");
  kitagawaAdmin = await viewerOf("admin@kitagawa.demo.renkei.jp");
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
  vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
  executive = await viewerOf("exec@demo.renkei.jp");
});

let line = 1;
const row = (cells: Partial<PersonCells>): PersonCells => ({
  line: ++line,
  name: "連携 花子",
  kana: "れんけい はなこ",
  email: `hanako${line}@city.example.lg.jp`,
  organization: "北川市",
  department: "市民課",
  rank: "",
  wgs: "",
  roles: "",
  ...cells,
});

async function preview(viewer: Viewer, rows: PersonCells[]) {
  const result = await previewPeople({ viewer, rows });
  if (!result.ok) throw new Error(result.kind);
  return result;
}
const errorsOf = async (viewer: Viewer, cells: Partial<PersonCells>) => (await preview(viewer, [row(cells)])).people[0].errors;
const userByEmail = (email: string) => (db.select({ id: schema.account.id }).from(schema.account).where(eq(schema.account.email, email)).get() ? personOf(email) : undefined);

describe("the preview", () => {
  it("shows each row as it will be created: organization, rank, role, town admin, WGs", async () => {
    const result = await preview(pmo, [
      row({ name: "東 太郎", email: "ＨＩＧＡＳＨＩ＠city.example.lg.jp", organization: "北川市", rank: "所属長", roles: "団体管理者、リーダー", wgs: "住民記録WG" }),
      row({ name: "伊藤 次郎", organization: "株式会社さくらシステムズ", wgs: "住民記録WG" }),
      row({ name: "推進 本部", organization: "協議会事務局", rank: "経営層", roles: "幹部" }),
    ]);
    expect(result.rowsWithErrors).toBe(0);
    expect(result.people.map(({ line: _line, ...p }) => p)).toEqual([
      {
        displayName: "東 太郎", displayNameKana: "れんけい はなこ", email: "HIGASHI@city.example.lg.jp", department: "市民課", rank: "所属長",
        organizationName: "北川市", organizationKind: "municipality", role: "member", orgAdmin: true, wgs: [{ id: expect.any(Number), name: "住民記録WG", role: "lead" }], errors: [],
      },
      expect.objectContaining({ organizationName: "株式会社さくらシステムズ", wgs: [expect.objectContaining({ role: "guest" })], errors: [] }),
      expect.objectContaining({ organizationName: "協議会事務局", rank: "経営層", role: "executive", errors: [] }),
    ]);
    expect(userByEmail("HIGASHI@city.example.lg.jp")).toBeUndefined();
  });

  it("says what is wrong, per cell, in the form's own words where the form has them", async () => {
    expect(await errorsOf(pmo, { name: "" })).toEqual([{ column: "name", message: "admin.users.nameRequired" }]);
    expect(await errorsOf(pmo, { email: "hanako@" })).toEqual([{ column: "email", message: "admin.users.emailInvalid" }]);
    expect(await errorsOf(pmo, { email: "" })).toEqual([{ column: "email", message: "admin.users.emailRequired" }]);
    expect(await errorsOf(pmo, { organization: "" })).toEqual([{ column: "organization", message: "people.err.organizationRequired" }]);
    expect(await errorsOf(pmo, { organization: "存在しない村" })).toEqual([{ column: "organization", message: "people.err.organizationUnknown", vars: { value: "存在しない村" } }]);
    expect(await errorsOf(pmo, { rank: "課長" })).toEqual([{ column: "rank", message: "people.err.rankUnknown", vars: { value: "課長" } }]);
    expect(await errorsOf(pmo, { roles: "部長" })).toEqual([{ column: "roles", message: "people.err.roleUnknown", vars: { value: "部長" } }]);
    expect(await errorsOf(pmo, { roles: "リーダー" })).toEqual([{ column: "roles", message: "people.err.wgRoleWithoutWg", vars: { value: "リーダー" } }]);
    expect(await errorsOf(pmo, { wgs: "存在しないWG" })).toEqual([{ column: "wgs", message: "people.err.wgUnknown", vars: { value: "存在しないWG" } }]);
    expect(await errorsOf(pmo, { wgs: "旧システム移行WG" })).toEqual([{ column: "wgs", message: "people.err.wgArchived", vars: { value: "旧システム移行WG" } }]);
    // Vendors are guests and only vendors are (the WG page's rule).
    expect(await errorsOf(pmo, { wgs: "住民記録WG", roles: "ゲスト" })).toEqual([{ column: "roles", message: "structure.wg.guestOnlyVendor" }]);
    expect(await errorsOf(pmo, { organization: "株式会社さくらシステムズ", wgs: "住民記録WG", roles: "メンバー" })).toEqual([{ column: "roles", message: "structure.wg.vendorGuestOnly" }]);
    // Several at once: one message per cell, in the file's column order.
    expect((await errorsOf(pmo, { name: "", email: "x", organization: "存在しない村" })).map((e) => e.column)).toEqual(["name", "email", "organization"]);
  });

  it("finds an address twice in the file and one already in this consortium; someone of another consortium is simply added", async () => {
    const first = row({ email: "same@city.example.lg.jp" });
    const result = await preview(pmo, [first, row({ email: "SAME@city.example.lg.jp" }), row({ email: "staff@kitagawa.demo.renkei.jp" }), row({ email: "someone@tonohara.example.lg.jp" })]);
    expect(result.people[0].errors).toEqual([]);
    expect(result.people[1].errors).toEqual([{ column: "email", message: "people.err.emailDuplicate", vars: { line: first.line } }]);
    // Nothing tells a person of this consortium from one of another: no name, no organization.
    expect(result.people[2].errors).toEqual([{ column: "email", message: "admin.users.emailTaken" }]);
    // Signing in for another consortium changes nothing here: no refusal, and nothing of it shows.
    expect(result.people[3].errors).toEqual([]);
    expect(JSON.stringify(result.people[3])).not.toMatch(/遠野原|別協議会/);
    expect(result.rowsWithErrors).toBe(2);
    // All of a row's problems at once, so one round of fixing is enough.
    expect(await errorsOf(pmo, { name: "", email: "staff@kitagawa.demo.renkei.jp" })).toEqual([
      { column: "name", message: "admin.users.nameRequired" },
      { column: "email", message: "admin.users.emailTaken" },
    ]);
  });

  it("a town admin: their own town (an empty 団体 too), never another, no consortium roles, no WGs; 団体管理者 they may give", async () => {
    const own = await preview(kitagawaAdmin, [row({ organization: "" }), row({ organization: "北川市", roles: "団体管理者" })]);
    expect(own.people.map((p) => [p.organizationName, p.orgAdmin, p.errors])).toEqual([["北川市", false, []], ["北川市", true, []]]);
    expect(await errorsOf(kitagawaAdmin, { organization: "南浜町" })).toEqual([{ column: "organization", message: "people.err.organizationOther", vars: { org: "北川市" } }]);
    expect(await errorsOf(kitagawaAdmin, { roles: "事務局" })).toEqual([{ column: "roles", message: "admin.users.roleNotAssignable" }]);
    expect(await errorsOf(kitagawaAdmin, { roles: "経営層" })).toEqual([{ column: "roles", message: "admin.users.roleNotAssignable" }]);
    expect(await errorsOf(kitagawaAdmin, { wgs: "住民記録WG" })).toEqual([{ column: "wgs", message: "people.err.wgPmoOnly" }]);
    expect((await errorsOf(kitagawaAdmin, { name: "", roles: "事務局" })).map((e) => e.message)).toEqual(["admin.users.nameRequired", "admin.users.roleNotAssignable"]);
  });

  it("is not found by staff, leadership and vendors", async () => {
    for (const viewer of [staff, executive, vendor]) expect(await previewPeople({ viewer, rows: [row({})] })).toEqual({ ok: false, kind: "not-found" });
    expect(await importExamples({ viewer: staff })).toEqual({ ok: false, kind: "not-found" });
  });

  it("names the consortium's own town and WG in the help and the sample file", async () => {
    expect(await importExamples({ viewer: pmo })).toMatchObject({ ok: true, organization: "北川市", wg: "住民記録WG", placesInWgs: true });
    expect(await importExamples({ viewer: kitagawaAdmin })).toMatchObject({ ok: true, organization: "北川市", wg: "", placesInWgs: false });
  });
});

describe("the import", () => {
  it("creates everyone: accounts, roles, WG places, an invitation each in the outbox, audit rows", async () => {
    const rows = [
      row({ name: "=HYPERLINK(\"http://evil\")", email: "import1@city.example.lg.jp", wgs: "住民記録WG", roles: "リーダー" }),
      row({ name: "南浜 次郎", email: "import2@town.example.lg.jp", organization: "南浜町", rank: "部門長", roles: "事務局" }),
    ];
    const result = await importPeople({ viewer: pmo, actor: actor(pmo), rows, fileName: "名簿.xlsx" });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.invited.map((i) => [i.displayName, i.email, i.organizationName])).toEqual([
      ["=HYPERLINK(\"http://evil\")", "import1@city.example.lg.jp", "北川市"],
      ["南浜 次郎", "import2@town.example.lg.jp", "南浜町"],
    ]);
    const first = userByEmail("import1@city.example.lg.jp")!;
    expect(first.displayName).toBe("=HYPERLINK(\"http://evil\")"); // text, as typed
    expect(first.passwordHash).toBeNull();
    const second = userByEmail("import2@town.example.lg.jp")!;
    expect(second.rank).toBe("部門長");
    expect(db.select().from(schema.consortiumRole).where(eq(schema.consortiumRole.userId, second.id)).get()?.role).toBe("pmo");
    expect(db.select().from(schema.wgMembership).where(eq(schema.wgMembership.userId, first.id)).all()).toMatchObject([{ role: "lead" }]);
    const mails = db.select().from(schema.emailOutbox).where(inArray(schema.emailOutbox.toAddress, ["import1@city.example.lg.jp", "import2@town.example.lg.jp"])).all();
    expect(mails.map((m) => m.kind)).toEqual(["invitation", "invitation"]);
    const ids = [String(first.id), String(second.id)];
    const audits = db.select().from(schema.auditEvent).where(inArray(schema.auditEvent.entityId, ids)).all().map((a) => a.action);
    expect(audits.sort()).toEqual(["user.create", "user.create"]);
    const summary = db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, "people.import")).all();
    expect(summary).toHaveLength(1);
    expect(JSON.parse(summary[0].after!)).toEqual({ fileName: "名簿.xlsx", count: 2, userIds: [first.id, second.id] });
    expect(db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "wg.member.add"), eq(schema.auditEvent.actorId, pmo.userId))).all()).toHaveLength(1);
  });

  it("creates no one when any row fails, e.g. an address taken since the preview", async () => {
    const rows = [row({ email: "late1@city.example.lg.jp" }), row({ email: "late2@city.example.lg.jp" })];
    expect((await preview(pmo, rows)).rowsWithErrors).toBe(0);
    await write((tx) => insertUser(tx, { organizationId: pmo.organizationId, email: "late2@city.example.lg.jp" }));
    const mailsBefore = db.select().from(schema.emailOutbox).all().length;
    expect(await importPeople({ viewer: pmo, actor: actor(pmo), rows, fileName: "名簿.csv" })).toEqual({ ok: false, kind: "invalid", errors: { form: "people.import.changed" } });
    expect(userByEmail("late1@city.example.lg.jp")).toBeUndefined();
    expect(db.select().from(schema.emailOutbox).all().length).toBe(mailsBefore);
  });

  it("a town admin cannot import what the preview refuses by posting it anyway", async () => {
    const rows = [row({ email: "forged1@city.example.lg.jp" }), row({ email: "forged2@town.example.lg.jp", organization: "南浜町" })];
    expect(await importPeople({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), rows, fileName: "x.csv" })).toMatchObject({ ok: false, kind: "invalid" });
    expect(userByEmail("forged1@city.example.lg.jp")).toBeUndefined();
    const own = await importPeople({ viewer: kitagawaAdmin, actor: actor(kitagawaAdmin), rows: [row({ email: "own@city.example.lg.jp", organization: "", roles: "団体管理者" })], fileName: "x.csv" });
    expect(own.ok).toBe(true);
    expect(userByEmail("own@city.example.lg.jp")).toMatchObject({ organizationId: kitagawaAdmin.organizationId, orgAdmin: true });
  });

  it("is refused to anyone who may not import", async () => {
    expect(await importPeople({ viewer: staff, actor: actor(staff), rows: [row({})], fileName: "x.csv" })).toEqual({ ok: false, kind: "not-found" });
  });
});

describe("the rows posted back", () => {
  it("accepts the preview's rows only", () => {
    const rows = [row({})];
    expect(parseConfirmedRows(JSON.stringify(rows))).toEqual(rows);
    expect(parseConfirmedRows("{not json")).toBeNull();
    expect(parseConfirmedRows(JSON.stringify([]))).toBeNull();
    expect(parseConfirmedRows(JSON.stringify([{ ...rows[0], name: 5 }]))).toBeNull();
    expect(parseConfirmedRows(JSON.stringify(Array.from({ length: 2001 }, () => rows[0])))).toBeNull();
    expect(parseConfirmedRows(undefined)).toBeNull();
  });
});
