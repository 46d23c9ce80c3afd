// What the model and route tests share: people by e-mail, their viewers and sessions, an
// actor for the audit, an issue form's input, and a small consortium built from the
// factories (db/factories) for tests that need a few rows rather than the whole demo.
import { and, eq } from "drizzle-orm";
import { insertConsortium, insertIssue, insertOrganization, insertProject, insertTown, insertUser, insertVendor, insertWorkingGroup } from "../../db/factories";
import type { Handle } from "../../db/factories";
import { ORGS, USERS } from "../../db/seed/organizations";
import { loadViewer, type Authenticated } from "~/utils/auth.server";
import type { Actor } from "~/utils/audit.server";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import type { IssueInput } from "./issue.server";

export const userId = async (email: string) => db.select().from(schema.user).where(eq(schema.user.email, email)).get()!.id;
export const viewerOf = async (email: string) => (await loadViewer(await userId(email)))!.viewer;
/** What a signed-in request carries in its load context (routes' loaders and actions read it). */
export const authOf = async (email: string): Promise<Authenticated> => ({ ...(await loadViewer(await userId(email)))!, sessionId: "test" });
export const actor = (viewer: Viewer): Actor => ({ viewer, ip: "127.0.0.1" });

/** An issue form's input with every field at its default; tests name only what matters. */
export const issueInput = (overrides: Partial<IssueInput> = {}): IssueInput => ({
  title: "テスト用の課題",
  body: "",
  type: "課題",
  status: "未着手",
  priority: "中",
  assigneeId: null,
  ballHolderOrgId: null,
  dueOn: null,
  affectedOrgIds: [],
  labelIds: [],
  vendorVisible: false,
  postponeReason: undefined,
  ...overrides,
});

/**
 * Two towns, a vendor and the PMO office in one project with one working group (住民記録WG):
 * the PMO, a Kitagawa staff member, the Minamihama lead (town admin, WG lead) and the vendor
 * guest (WG guest). They carry the demo's e-mails and names, so a test reads the same either way.
 */
export function insertSmallConsortium() {
  return write((tx) => {
    const consortium = insertConsortium(tx, { name: "テスト広域協議会" });
    const consortiumId = consortium.id;
    const kitagawa = insertTown(tx, { consortiumId, name: "北川市", nameKana: "きたがわし" });
    const minamihama = insertTown(tx, { consortiumId, name: "南浜町", nameKana: "みなみはまちょう" });
    const vendorOrg = insertVendor(tx, { consortiumId, name: "株式会社さくらシステムズ" });
    const office = insertOrganization(tx, { consortiumId, kind: "other", name: "協議会事務局" });
    const project = insertProject(tx, { consortiumId, name: "基幹業務システム共同化", townIds: [kitagawa.id, minamihama.id] });
    const wg = insertWorkingGroup(tx, { consortiumId, projectId: project.id, name: "住民記録WG" });
    const pmo = insertUser(tx, { organizationId: office.id, email: "pmo@demo.renkei.jp", displayName: "佐藤 美咲", role: "pmo" });
    const staff = insertUser(tx, { organizationId: kitagawa.id, email: "staff@kitagawa.demo.renkei.jp", displayName: "高橋 健太", wgs: [{ wgId: wg.id }] });
    const lead = insertUser(tx, {
      organizationId: minamihama.id, email: "lead@minamihama.demo.renkei.jp", displayName: "田中 由美", rank: "所属長", orgAdmin: true,
      wgs: [{ wgId: wg.id, role: "lead" }],
    });
    const vendor = insertUser(tx, {
      organizationId: vendorOrg.id, email: "vendor@vendor-a.demo.renkei.jp", displayName: "伊藤 大輔", accessUntil: "2099-03-31",
      wgs: [{ wgId: wg.id, role: "guest" }],
    });
    return { consortium, towns: { kitagawa, minamihama }, vendorOrg, office, project, wg, users: { pmo, staff, lead, vendor } };
  });
}

// Lookups the route tests need (a route test opens no database itself).
export const meetingIn = async (state: (typeof schema.MEETING_STATES)[number]) => db.select({ id: schema.meeting.id }).from(schema.meeting).where(eq(schema.meeting.state, state)).get()!.id;
export const publishedReportId = async () => db.select({ id: schema.progressReport.id }).from(schema.progressReport).where(eq(schema.progressReport.status, "公開")).get()!.id;
/** How many times `userId` has opened report `reportId` (its audited reads). */
export const reportReads = async (userId: number, reportId: number) =>
  db
    .select({ id: schema.auditEvent.id })
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.action, "report.read"), eq(schema.auditEvent.actorId, userId), eq(schema.auditEvent.entityId, String(reportId))))
    .all().length;
/** Writes one issue through the factories, in its own unit of work. */
export const insertIssueNow = (overrides: Parameters<typeof insertIssue>[1]) => write((tx) => insertIssue(tx, overrides));

// --- More of the demo's people (consortium-structure, user-admin, guest, notification, report, outbox and auth tests) ---

/**
 * The consortium's organization of this name, created from the demo's list (db/seed/organizations.ts:
 * kind, reading, 団体コード, population) when it has none yet.
 */
export function demoOrganization(tx: Handle, consortiumId: number, name: string) {
  const found = tx.select().from(schema.organization).where(and(eq(schema.organization.consortiumId, consortiumId), eq(schema.organization.name, name))).get();
  if (found) return found;
  const spec = ORGS.find((o) => o.name === name);
  if (!spec) throw new Error(`the demo has no organization named ${name}`);
  return insertOrganization(tx, { consortiumId, kind: spec.kind, name, nameKana: spec.kana, lgCode: spec.lgCode ?? null, population: spec.population ?? null });
}

/**
 * The demo's people of these e-mails (db/seed/organizations.ts) with their names, departments,
 * ranks, consortium roles, town-admin flags, and active or guest state (a guest's 契約期間 runs to
 * 2099-03-31, far from any test's today), so a test reads as it did on the demo; their organizations
 * come from demoOrganization. No WG memberships and no password: the test adds what it needs.
 */
export function insertDemoPeople(tx: Handle, consortiumId: number, emails: string[]) {
  const people: Record<string, ReturnType<typeof insertUser>> = {};
  for (const email of emails) {
    const spec = USERS.find((u) => u.email === email);
    if (!spec) throw new Error(`the demo has no person ${email}`);
    const org = demoOrganization(tx, consortiumId, ORGS.find((o) => o.key === spec.org)!.name);
    people[email] = insertUser(tx, {
      organizationId: org.id, email, displayName: spec.name, displayNameKana: spec.kana, department: spec.dept, rank: spec.rank,
      role: spec.role ?? "member", orgAdmin: spec.orgAdmin ?? false, active: spec.active ?? true, accessUntil: spec.guest ? "2099-03-31" : null,
    });
  }
  return people;
}
