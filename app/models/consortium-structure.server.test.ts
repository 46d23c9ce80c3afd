// The PMO manages the consortium's structure: organizations, projects (towns, milestones,
// working groups) and WG members. Only the PMO may, only inside its own consortium, with
// clear messages for bad input, nothing half-written, and an audit row for every change.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertConsortium, insertMilestone, insertProject, insertTown, insertUser, insertWgMembership, insertWorkingGroup } from "../../db/factories";
import { todayInJapan } from "~/utils/dates";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { notFound, statusOf, type Result } from "~/domain/result";
import { createOrganization, getOrganization, listOrganizations, parseOrganizationForm, updateOrganization, type OrganizationInput } from "./organization-admin.server";
import {
  addMilestone,
  createProject,
  deleteMilestone,
  getProjectForAdmin,
  listProjectsForAdmin,
  parseProjectAction,
  parseProjectForm,
  setMilestoneDone,
  setParticipatingTowns,
  updateProject,
  type ProjectInput,
} from "./project-admin.server";
import {
  addWgMember,
  addWorkingGroup,
  changeWgRole,
  getWorkingGroupForAdmin,
  parseWgAction,
  removeWgMember,
  setWorkingGroupArchived,
  updateWorkingGroup,
} from "./working-group-admin.server";
import { actor, demoOrganization, insertDemoPeople, viewerOf, formOf, personOf } from "./test-support";

/** The value of a model call that must have succeeded. */
function allowed<T extends object>(result: Result<T>) {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result;
}

const byEmail = personOf;
const orgNamed = (name: string) => db.select().from(schema.organization).where(eq(schema.organization.name, name)).get()!;
const wgNamed = (name: string) => db.select().from(schema.workingGroup).where(eq(schema.workingGroup.name, name)).get()!;
const auditRows = (action: string) => db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, action)).all();


const town = (overrides: Partial<Record<string, string>> = {}) =>
  formOf({ kind: "municipality", name: "試験町", nameKana: "しけんちょう", lgCode: "489999", population: "1000", ...overrides });

const project = (overrides: Partial<ProjectInput> = {}): ProjectInput => ({
  name: "試験プロジェクト",
  description: "",
  phase: "構想計画",
  startsOn: null,
  endsOn: null,
  ...overrides,
});

let pmo: Viewer, townAdmin: Viewer;
/** The consortium's project (its five towns, four WGs and a milestone), built below. */
let mainProjectId: number;
/** Rows of a second consortium, which the first one's PMO must never reach. */
const other = { organizationId: 0, userId: 0, projectId: 0, milestoneId: 0, wgId: 0 };

beforeAll(async () => {
  await write((tx) => {
    // The demo's organizations of every kind (the towns with their 団体コード, which orders them) and the
    // people the tests name: Kitagawa's four active staff and one gone, the vendors' guests, the PMO.
    const consortiumId = insertConsortium(tx, { name: "さくら広域自治体クラウド協議会" }).id;
    // In the demo's order: the participating-towns test expects 北川市's id below 南浜町's.
    const townIds = ["北川市", "南浜町", "東山村", "西原市", "中央町"].map((name) => demoOrganization(tx, consortiumId, name).id);
    demoOrganization(tx, consortiumId, "さくら県");
    const people = insertDemoPeople(tx, consortiumId, [
      "pmo@demo.renkei.jp", "lead@minamihama.demo.renkei.jp", "tax@minamihama.demo.renkei.jp", "staff@chuo.demo.renkei.jp", "welfare@chuo.demo.renkei.jp",
      "staff@kitagawa.demo.renkei.jp", "tax@kitagawa.demo.renkei.jp", "welfare@kitagawa.demo.renkei.jp", "it@kitagawa.demo.renkei.jp",
      "former@kitagawa.demo.renkei.jp", "vendor@vendor-a.demo.renkei.jp", "vendor@vendor-b.demo.renkei.jp",
    ]);
    // One project with all five towns and four WGs; the first vendor's guest and the Minamihama lead are in 住民記録WG.
    mainProjectId = insertProject(tx, { consortiumId, name: "基幹業務システム共同化（第2期）", townIds }).id;
    insertMilestone(tx, { projectId: mainProjectId, name: "要求仕様書（案）の確定", dueOn: "2026-12-25" });
    const [jumin] = ["住民記録WG", "税務WG", "福祉WG", "共通基盤WG"].map((name) => insertWorkingGroup(tx, { consortiumId, projectId: mainProjectId, name }).id);
    insertWgMembership(tx, { wgId: jumin, userId: people["lead@minamihama.demo.renkei.jp"].id, role: "lead" });
    insertWgMembership(tx, { wgId: jumin, userId: people["vendor@vendor-a.demo.renkei.jp"].id, role: "guest" });

    const c = insertConsortium(tx, { name: "別の協議会" });
    other.organizationId = insertTown(tx, { consortiumId: c.id, name: "別町", lgCode: "470001" }).id;
    other.userId = insertUser(tx, { organizationId: other.organizationId, email: "someone@other.example.lg.jp", displayName: "別 太郎", role: "pmo" }).id;
    other.projectId = insertProject(tx, { consortiumId: c.id, name: "別プロジェクト" }).id;
    other.milestoneId = insertMilestone(tx, { projectId: other.projectId, name: "別の節目", dueOn: "2027-01-01" }).id;
    other.wgId = insertWorkingGroup(tx, { consortiumId: c.id, projectId: other.projectId, name: "別WG" }).id;
  });
  pmo = await viewerOf("pmo@demo.renkei.jp");
  townAdmin = await viewerOf("lead@minamihama.demo.renkei.jp");
});

describe("organizations", () => {
  it("requires a six-digit 団体コード for municipalities and prefectures, and accepts full-width digits", () => {
    expect(parseOrganizationForm(town({ lgCode: "" })).errors).toEqual({ lgCode: "structure.orgs.lgCodeInvalid" });
    expect(parseOrganizationForm(town({ lgCode: "48201" })).errors).toEqual({ lgCode: "structure.orgs.lgCodeInvalid" });
    expect(parseOrganizationForm(town({ kind: "prefecture", lgCode: "48-001" })).errors).toEqual({ lgCode: "structure.orgs.lgCodeInvalid" });
    expect(parseOrganizationForm(town({ lgCode: "４８２０１３" })).data?.lgCode).toBe("482013");
  });

  it("ignores a 団体コード for vendors, and checks the reading and the population", () => {
    const vendor = parseOrganizationForm(town({ kind: "vendor", lgCode: "12", population: "" }));
    expect(vendor.data).toMatchObject({ kind: "vendor", lgCode: null, population: null });
    expect(parseOrganizationForm(town({ nameKana: "シケンチョウ" })).errors).toEqual({ nameKana: "structure.orgs.kanaHiragana" });
    expect(parseOrganizationForm(town({ nameKana: "さくら しすてむず" })).errors).toBeNull();
    expect(parseOrganizationForm(town({ population: "-5" })).errors).toEqual({ population: "structure.orgs.populationInvalid" });
    expect(parseOrganizationForm(town({ population: "1.5" })).errors).toEqual({ population: "structure.orgs.populationInvalid" });
    expect(parseOrganizationForm(town({ population: "18,532" })).data?.population).toBe(18532);
    expect(parseOrganizationForm(town({ name: " " })).errors).toEqual({ name: "structure.orgs.nameRequired" });
    expect(parseOrganizationForm(town({ name: "あ".repeat(101) })).errors).toEqual({ name: "structure.orgs.nameTooLong" });
  });

  it("lists every organization grouped by kind, with its users counted", async () => {
    const { groups } = allowed(await listOrganizations({ viewer: pmo }));
    expect(groups.map((g) => g.kind)).toEqual(["municipality", "prefecture", "vendor", "other"]);
    const towns = groups[0].organizations;
    expect(towns.map((o) => o.name)).toEqual(["北川市", "西原市", "南浜町", "東山村", "中央町"]); // 団体コード order
    const kitagawa = towns.find((o) => o.name === "北川市")!;
    expect(kitagawa.inactiveUsers).toBe(1);
    expect(kitagawa.activeUsers).toBeGreaterThan(3);
  });

  it("creates an organization with an audit row; a name already registered is refused", async () => {
    const input = parseOrganizationForm(town()).data!;
    const created = await createOrganization({ viewer: pmo, actor: actor(pmo), input });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.organizationId : 0;
    expect(allowed(await getOrganization({ viewer: pmo, organizationId: id })).organization).toMatchObject({ name: "試験町", lgCode: "489999", population: 1000, activeUsers: 0 });
    expect(auditRows("organization.create").map((r) => r.entityId)).toEqual([String(id)]);

    const dup = await createOrganization({ viewer: pmo, actor: actor(pmo), input: { ...input, name: "北川市" } });
    expect(dup).toEqual({ ok: false, kind: "invalid", errors: { name: "structure.orgs.nameTaken" } });
    const rename = await updateOrganization({ viewer: pmo, actor: actor(pmo), organizationId: id, input: { ...input, name: "南浜町" } });
    expect(rename).toEqual({ ok: false, kind: "invalid", errors: { name: "structure.orgs.nameTaken" } });
    expect(await updateOrganization({ viewer: pmo, actor: actor(pmo), organizationId: id, input: { ...input, population: 990 } })).toEqual({ ok: true });
    expect(auditRows("organization.update")).toHaveLength(1);
  });

  it("does not turn a vendor whose staff are WG guests into a town", async () => {
    const vendor = orgNamed("株式会社さくらシステムズ");
    const input: OrganizationInput = { kind: "other", name: vendor.name, nameKana: vendor.nameKana, lgCode: null, population: null };
    expect(await updateOrganization({ viewer: pmo, actor: actor(pmo), organizationId: vendor.id, input })).toEqual({
      ok: false,
      kind: "invalid",
      errors: { kind: "structure.orgs.kindLocked" },
    });
    expect(orgNamed("株式会社さくらシステムズ").kind).toBe("vendor");
  });
});

describe("projects", () => {
  it("checks the dates: valid ISO dates, the end not before the start", () => {
    const form = (startsOn: string, endsOn: string) => formOf({ name: "P", description: "", phase: "調達", startsOn, endsOn });
    expect(parseProjectForm(form("2026-04-01", "2026-03-31")).errors).toEqual({ endsOn: "structure.projects.endBeforeStart" });
    expect(parseProjectForm(form("2026-02-30", "")).errors).toEqual({ startsOn: "structure.dateInvalid" });
    expect(parseProjectForm(form("2026-04-01", "2026-04-01")).data).toMatchObject({ startsOn: "2026-04-01", endsOn: "2026-04-01" });
    expect(parseProjectForm(form("", "")).data).toMatchObject({ startsOn: null, endsOn: null });
    // Both problems at once are both reported.
    const both = parseProjectForm(formOf({ name: "", description: "", phase: "調達", startsOn: "2026-04-01", endsOn: "2026-01-01" }));
    expect(both.errors).toEqual({ name: "structure.projects.nameRequired", endsOn: "structure.projects.endBeforeStart" });
    const save = parseProjectAction(formOf({ intent: "save", name: "P", description: "", phase: "調達", startsOn: "2026-04-01", endsOn: "2026-01-01" }));
    expect(save.errors).toEqual({ endsOn: "structure.projects.endBeforeStart" });
    expect(parseProjectAction(formOf({ intent: "drop-table" })).errors).toEqual({ intent: "error.badRequest.body" });
  });

  it("creates and edits a project, lists it with its counts, and audits both", async () => {
    const created = allowed(await createProject({ viewer: pmo, actor: actor(pmo), input: project() }));
    expect(await updateProject({ viewer: pmo, actor: actor(pmo), projectId: created.projectId, input: project({ phase: "調達", startsOn: "2026-04-01" }) })).toEqual({ ok: true });
    const listed = allowed(await listProjectsForAdmin({ viewer: pmo })).projects.find((p) => p.id === created.projectId);
    expect(listed).toMatchObject({ phase: "調達", startsOn: "2026-04-01", townCount: 0, wgCount: 0 });
    const main = allowed(await listProjectsForAdmin({ viewer: pmo })).projects.find((p) => p.name === "基幹業務システム共同化（第2期）");
    expect(main).toMatchObject({ townCount: 5, wgCount: 4 });
    expect(auditRows("project.create").map((r) => r.entityId)).toContain(String(created.projectId));
    expect(auditRows("project.update").map((r) => r.entityId)).toContain(String(created.projectId));
  });

  it("replaces the participating towns as one set, or not at all", async () => {
    const { projectId } = allowed(await createProject({ viewer: pmo, actor: actor(pmo), input: project({ name: "参加団体の試験" }) }));
    const towns = async () => allowed(await getProjectForAdmin({ viewer: pmo, projectId })).townIds.sort((a, b) => a - b);
    const [kita, mina, higa] = ["北川市", "南浜町", "東山村"].map((n) => orgNamed(n).id);
    const pref = orgNamed("さくら県").id;
    expect(await setParticipatingTowns({ viewer: pmo, actor: actor(pmo), projectId, organizationIds: [kita, mina, kita] })).toEqual({ ok: true, count: 2 });
    expect(await towns()).toEqual([kita, mina]);
    // A vendor, or another consortium's town, spoils the whole set: nothing changes.
    const vendor = orgNamed("株式会社さくらシステムズ").id;
    expect(await setParticipatingTowns({ viewer: pmo, actor: actor(pmo), projectId, organizationIds: [higa, vendor] })).toEqual({
      ok: false,
      kind: "invalid",
      errors: { organizationIds: "structure.towns.invalid" },
    });
    expect((await setParticipatingTowns({ viewer: pmo, actor: actor(pmo), projectId, organizationIds: [higa, other.organizationId] }))?.ok).toBe(false);
    expect(await towns()).toEqual([kita, mina]);
    expect(await setParticipatingTowns({ viewer: pmo, actor: actor(pmo), projectId, organizationIds: [higa, pref] })).toEqual({ ok: true, count: 2 });
    expect(await towns()).toEqual([higa, pref].sort((a, b) => a - b));
    const rows = auditRows("project.towns.set").filter((r) => r.entityId === String(projectId));
    expect(rows.map((r) => [JSON.parse(r.before!), JSON.parse(r.after!)])).toEqual([
      [[], [kita, mina]],
      [[kita, mina], [higa, pref].sort((a, b) => a - b)],
    ]);
    // The form: nothing ticked is an empty set, one ticked a set of one.
    expect(parseProjectAction(formOf({ intent: "set-towns" })).data).toEqual({ intent: "set-towns", organizationIds: [] });
    expect(parseProjectAction(formOf({ intent: "set-towns", organizationIds: "3" })).data).toEqual({ intent: "set-towns", organizationIds: [3] });
  });

  it("adds a milestone, marks it done today (Japan time), reopens and deletes it", async () => {
    const { projectId } = allowed(await createProject({ viewer: pmo, actor: actor(pmo), input: project({ name: "節目の試験" }) }));
    expect(parseProjectAction(formOf({ intent: "add-milestone", name: "", dueOn: "" })).errors).toEqual({
      name: "structure.milestones.nameRequired",
      dueOn: "structure.milestones.dueRequired",
    });
    expect(parseProjectAction(formOf({ intent: "add-milestone", name: "X", dueOn: "2026/13/01" })).errors).toEqual({ dueOn: "structure.dateInvalid" });
    const parsed = parseProjectAction(formOf({ intent: "add-milestone", name: "本番切替", dueOn: "2027-12-29", fixed: "on" })).data!;
    expect(parsed).toEqual({ intent: "add-milestone", name: "本番切替", dueOn: "2027-12-29", fixed: true });
    const added = allowed(await addMilestone({ viewer: pmo, actor: actor(pmo), projectId, input: { name: "本番切替", dueOn: "2027-12-29", fixed: true } }));
    const milestoneId = added.milestoneId;

    const done = await setMilestoneDone({ viewer: pmo, actor: actor(pmo), projectId, milestoneId, done: true });
    expect(done).toEqual({ ok: true, name: "本番切替", doneOn: todayInJapan() });
    expect(allowed(await getProjectForAdmin({ viewer: pmo, projectId })).milestones).toMatchObject([{ id: milestoneId, doneOn: todayInJapan(), fixed: true }]);
    expect(await setMilestoneDone({ viewer: pmo, actor: actor(pmo), projectId, milestoneId, done: false })).toMatchObject({ doneOn: null });
    expect(allowed(await getProjectForAdmin({ viewer: pmo, projectId })).milestones[0].doneOn).toBeNull();
    expect(auditRows("milestone.done").at(-1)).toMatchObject({ entityId: String(milestoneId), after: JSON.stringify({ doneOn: todayInJapan() }) });
    expect(auditRows("milestone.reopen")).toHaveLength(1);

    // A milestone of another project is not found through this one.
    const mainMilestone = db.select().from(schema.milestone).where(eq(schema.milestone.projectId, mainProjectId)).get()!;
    expect(await setMilestoneDone({ viewer: pmo, actor: actor(pmo), projectId, milestoneId: mainMilestone.id, done: true })).toEqual(notFound());
    expect(await deleteMilestone({ viewer: pmo, actor: actor(pmo), projectId, milestoneId })).toEqual({ ok: true, name: "本番切替" });
    expect(allowed(await getProjectForAdmin({ viewer: pmo, projectId })).milestones).toEqual([]);
    expect(auditRows("milestone.delete")).toHaveLength(1);
  });

  it("adds working groups with names unique within the project, and archives them", async () => {
    const { projectId } = allowed(await createProject({ viewer: pmo, actor: actor(pmo), input: project({ name: "WGの試験" }) }));
    const added = (await addWorkingGroup({ viewer: pmo, actor: actor(pmo), projectId, input: { name: "住民記録WG", description: "" } }))!;
    expect(added.ok).toBe(true); // the 住民記録WG built above belongs to another project
    expect(await addWorkingGroup({ viewer: pmo, actor: actor(pmo), projectId, input: { name: "住民記録WG", description: "別" } })).toEqual({
      ok: false,
      kind: "invalid",
      errors: { name: "structure.wgs.nameTaken" },
    });
    const wgId = added.ok ? added.wgId : 0;
    expect(await setWorkingGroupArchived({ viewer: pmo, actor: actor(pmo), projectId, wgId, archived: true })).toEqual({ ok: true, name: "住民記録WG" });
    expect(allowed(await getProjectForAdmin({ viewer: pmo, projectId })).workingGroups).toMatchObject([{ id: wgId, archived: true, memberCount: 0 }]);
    // Through the wrong project the WG is not found.
    expect(await setWorkingGroupArchived({ viewer: pmo, actor: actor(pmo), projectId: mainProjectId, wgId, archived: false })).toEqual(notFound());
    expect(auditRows("wg.create").map((r) => r.entityId)).toEqual([String(wgId)]);
    expect(auditRows("wg.archive").map((r) => r.entityId)).toEqual([String(wgId)]);
  });
});

describe("working group members", () => {
  it("gives vendors the guest role and only vendors", async () => {
    const wgId = wgNamed("共通基盤WG").id;
    const vendor = byEmail("vendor@vendor-b.demo.renkei.jp").id;
    const townStaff = byEmail("welfare@chuo.demo.renkei.jp").id;
    const add = (userId: number, role: "lead" | "member" | "guest") => addWgMember({ viewer: pmo, actor: actor(pmo), wgId, userId, role });

    expect(await add(vendor, "member")).toEqual({ ok: false, kind: "invalid", errors: { role: "structure.wg.vendorGuestOnly" } });
    expect(await add(townStaff, "guest")).toEqual({ ok: false, kind: "invalid", errors: { role: "structure.wg.guestOnlyVendor" } });
    expect(await add(vendor, "guest")).toEqual({ ok: true, name: "前田 剛" });
    expect(await add(townStaff, "member")).toEqual({ ok: true, name: "橋本 和子" });
    expect(await add(townStaff, "lead")).toEqual({ ok: false, kind: "invalid", errors: { userId: "structure.wg.userInvalid" } }); // already in

    expect(await changeWgRole({ viewer: pmo, actor: actor(pmo), wgId, userId: vendor, role: "lead" })).toMatchObject({ errors: { role: "structure.wg.vendorGuestOnly" } });
    expect(await changeWgRole({ viewer: pmo, actor: actor(pmo), wgId, userId: townStaff, role: "guest" })).toMatchObject({ errors: { role: "structure.wg.guestOnlyVendor" } });
    expect(await changeWgRole({ viewer: pmo, actor: actor(pmo), wgId, userId: townStaff, role: "lead" })).toEqual({ ok: true, name: "橋本 和子" });

    const { members, candidates } = allowed(await getWorkingGroupForAdmin({ viewer: pmo, wgId }));
    expect(members.find((m) => m.userId === vendor)?.role).toBe("guest");
    expect(members.find((m) => m.userId === townStaff)?.role).toBe("lead");
    expect(candidates.map((c) => c.userId)).not.toContain(vendor);

    expect(await removeWgMember({ viewer: pmo, actor: actor(pmo), wgId, userId: townStaff })).toEqual({ ok: true, name: "橋本 和子" });
    expect(await removeWgMember({ viewer: pmo, actor: actor(pmo), wgId, userId: townStaff })).toEqual(notFound());
    expect(auditRows("wg.member.add").map((r) => JSON.parse(r.after!))).toEqual([
      { userId: vendor, role: "guest" },
      { userId: townStaff, role: "member" },
    ]);
    expect(auditRows("wg.member.role")).toHaveLength(1);
    expect(auditRows("wg.member.remove")).toHaveLength(1);
  });

  it("offers and accepts only active users of the consortium", async () => {
    const wgId = wgNamed("住民記録WG").id;
    const former = byEmail("former@kitagawa.demo.renkei.jp").id;
    const { candidates } = allowed(await getWorkingGroupForAdmin({ viewer: pmo, wgId }));
    expect(candidates.map((c) => c.userId)).not.toContain(former);
    expect(candidates.every((c) => c.active)).toBe(true);
    expect(await addWgMember({ viewer: pmo, actor: actor(pmo), wgId, userId: former, role: "member" })).toMatchObject({ kind: "invalid", errors: { userId: "structure.wg.userInvalid" } });
    expect(await addWgMember({ viewer: pmo, actor: actor(pmo), wgId, userId: other.userId, role: "member" })).toMatchObject({ kind: "invalid", errors: { userId: "structure.wg.userInvalid" } });
  });

  it("renames a WG, with a name unique within its project", async () => {
    const wgId = wgNamed("福祉WG").id;
    expect(await updateWorkingGroup({ viewer: pmo, actor: actor(pmo), wgId, input: { name: "税務WG", description: "" } })).toMatchObject({ errors: { name: "structure.wgs.nameTaken" } });
    expect(await updateWorkingGroup({ viewer: pmo, actor: actor(pmo), wgId, input: { name: "福祉WG", description: "福祉の検討" } })).toEqual({ ok: true });
    expect(parseWgAction(formOf({ intent: "add-member", userId: "", role: "member" })).errors).toEqual({ userId: "structure.wg.userRequired" });
  });
});

describe("who may", () => {
  it("refuses anyone but the PMO with 403, and writes nothing", async () => {
    const status = async (fn: () => unknown) => {
      const result = (await fn()) as Result;
      return result.ok ? "allowed" : statusOf(result);
    };
    const input = parseOrganizationForm(town({ name: "勝手町" })).data!;
    expect(await status(() => listOrganizations({ viewer: townAdmin }))).toBe(403);
    expect(await status(() => createOrganization({ viewer: townAdmin, actor: actor(townAdmin), input }))).toBe(403);
    expect(await status(() => listProjectsForAdmin({ viewer: townAdmin }))).toBe(403);
    expect(await status(() => createProject({ viewer: townAdmin, actor: actor(townAdmin), input: project({ name: "勝手プロジェクト" }) }))).toBe(403);
    const wgId = wgNamed("住民記録WG").id; // the town admin leads this WG, and still may not manage its members
    expect(await status(() => getWorkingGroupForAdmin({ viewer: townAdmin, wgId }))).toBe(403);
    expect(await status(() => addWgMember({ viewer: townAdmin, actor: actor(townAdmin), wgId, userId: byEmail("tax@minamihama.demo.renkei.jp").id, role: "member" }))).toBe(403);
    const vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
    expect(await status(() => getProjectForAdmin({ viewer: vendor, projectId: mainProjectId }))).toBe(404); // vendors learn nothing
    expect(db.select().from(schema.organization).where(eq(schema.organization.name, "勝手町")).all()).toEqual([]);
    expect(db.select().from(schema.project).where(eq(schema.project.name, "勝手プロジェクト")).all()).toEqual([]);
  });

  it("does not find another consortium's organizations, projects, milestones and WGs", async () => {
    const input = parseOrganizationForm(town({ name: "乗っ取り町" })).data!;
    expect(await getOrganization({ viewer: pmo, organizationId: other.organizationId })).toEqual(notFound());
    expect(await updateOrganization({ viewer: pmo, actor: actor(pmo), organizationId: other.organizationId, input })).toEqual(notFound());
    expect(await getProjectForAdmin({ viewer: pmo, projectId: other.projectId })).toEqual(notFound());
    expect(await updateProject({ viewer: pmo, actor: actor(pmo), projectId: other.projectId, input: project() })).toEqual(notFound());
    expect(await setParticipatingTowns({ viewer: pmo, actor: actor(pmo), projectId: other.projectId, organizationIds: [] })).toEqual(notFound());
    expect(await addMilestone({ viewer: pmo, actor: actor(pmo), projectId: other.projectId, input: { name: "x", dueOn: "2027-01-01", fixed: false } })).toEqual(notFound());
    const ids = { projectId: other.projectId, milestoneId: other.milestoneId };
    expect(await setMilestoneDone({ viewer: pmo, actor: actor(pmo), ...ids, done: true })).toEqual(notFound());
    expect(await deleteMilestone({ viewer: pmo, actor: actor(pmo), ...ids })).toEqual(notFound());
    expect(await addWorkingGroup({ viewer: pmo, actor: actor(pmo), projectId: other.projectId, input: { name: "x", description: "" } })).toEqual(notFound());
    expect(await getWorkingGroupForAdmin({ viewer: pmo, wgId: other.wgId })).toEqual(notFound());
    expect(await updateWorkingGroup({ viewer: pmo, actor: actor(pmo), wgId: other.wgId, input: { name: "x", description: "" } })).toEqual(notFound());
    expect(await addWgMember({ viewer: pmo, actor: actor(pmo), wgId: other.wgId, userId: byEmail("staff@chuo.demo.renkei.jp").id, role: "member" })).toEqual(notFound());
    expect(allowed(await listOrganizations({ viewer: pmo })).groups.flatMap((g) => g.organizations.map((o) => o.id))).not.toContain(other.organizationId);
    expect(allowed(await listProjectsForAdmin({ viewer: pmo })).projects.map((p) => p.id)).not.toContain(other.projectId);
    // Nothing of the other consortium changed.
    expect(db.select().from(schema.organization).where(eq(schema.organization.id, other.organizationId)).get()?.name).toBe("別町");
    expect(db.select().from(schema.milestone).where(and(eq(schema.milestone.id, other.milestoneId))).get()?.doneOn).toBeNull();
    expect(db.select().from(schema.wgMembership).where(eq(schema.wgMembership.wgId, other.wgId)).all()).toEqual([]);
  });
});
