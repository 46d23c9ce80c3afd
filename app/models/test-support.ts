// What the model and route tests share: people by e-mail, their viewers and sessions, an
// actor for the audit, an issue form's input, and a small consortium built from the
// factories (db/factories) for tests that need a few rows rather than the whole demo.
import { and, eq } from "drizzle-orm";
import {
  type Handle,
  insertConsortium,
  insertIssue,
  insertOrganization,
  insertProject,
  insertReport,
  insertTown,
  insertUser,
  insertVendor,
  insertWorkingGroup,
} from "../../db/factories";
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

// --- Added for issue.server.test.ts, decision.server.test.ts and _app.reports.$reportId._index.test.ts ---
/** The demo's 経営層 login (推進本部, seated in the PMO office): for what leadership may and may not see. */
export const insertExecutive = (tx: Handle, officeId: number) =>
  insertUser(tx, { organizationId: officeId, email: "exec@demo.renkei.jp", displayName: "山本 浩二", rank: "経営層", role: "executive" });
/** Writes one person through the factories, in their own unit of work (route tests open no database). */
export const insertUserNow = (overrides: Parameters<typeof insertUser>[1]) => write((tx) => insertUser(tx, overrides));
/** Writes one progress report through the factories, in its own unit of work. */
export const insertReportNow = (overrides: Parameters<typeof insertReport>[1]) => write((tx) => insertReport(tx, overrides));
