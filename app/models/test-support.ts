// What the model and route tests share: people by e-mail, their viewers and sessions, an
// actor for the audit, an issue form's input, and a small consortium built from the
// factories (db/factories) for tests that need a few rows rather than the whole demo.
import { and, eq, getTableColumns, sql } from "drizzle-orm";
import {
  agendaItemRow,
  type Handle,
  insertConsortium,
  insertDecision,
  insertIssue,
  insertMeeting,
  insertOrganization,
  insertProject,
  insertReport,
  insertRow,
  insertStickyNote,
  insertTown,
  insertUser,
  insertVendor,
  insertWgMembership,
  insertWorkingGroup,
} from "../../db/factories";
import { ORGS, USERS } from "../../db/seed/organizations";
import { loadViewer, type Authenticated } from "~/utils/auth.server";
import { isoDateInJapan, japanTimeToMs } from "~/utils/dates";
import type { Actor } from "~/utils/audit.server";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import type { IssueInput } from "./issue.server";

/** The membership of whoever signs in with `email`: in the consortium given, else their first. */
export const userId = async (email: string, consortiumId?: number) =>
  db
    .select({ id: schema.user.id })
    .from(schema.user)
    .innerJoin(schema.account, eq(schema.account.id, schema.user.accountId))
    .where(and(eq(schema.account.email, email), consortiumId === undefined ? undefined : eq(schema.user.consortiumId, consortiumId)))
    .orderBy(schema.user.id)
    .get()!.id;
/** The membership of whoever signs in with `email` (their first), with what their account holds. */
export const personOf = (email: string) =>
  db
    .select({ ...getTableColumns(schema.user), email: schema.account.email, passwordHash: schema.account.passwordHash, locale: schema.account.locale })
    .from(schema.user)
    .innerJoin(schema.account, eq(schema.account.id, schema.user.accountId))
    .where(sql`lower(${schema.account.email}) = ${email.toLowerCase()}`)
    .orderBy(schema.user.id)
    .get()!;
export const viewerOf = async (email: string) => (await loadViewer(await userId(email)))!.viewer;
/** What a signed-in request carries in its load context (routes' loaders and actions read it). */
export const authOf = async (email: string): Promise<Authenticated> => ({ ...(await loadViewer(await userId(email)))!, sessionId: "test" });
export const actor = (viewer: Viewer): Actor => ({ viewer, ip: "127.0.0.1" });

/** A posted form of these fields (a list posts the field once per value). */
export function formOf(fields: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  return form;
}

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

// Lookups and one-row writes the route tests need (a route test opens no database itself).
/** How many times `userId` has opened report `reportId` (its audited reads). */
export const reportReads = async (userId: number, reportId: number) =>
  db
    .select({ id: schema.auditEvent.id })
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.action, "report.read"), eq(schema.auditEvent.actorId, userId), eq(schema.auditEvent.entityId, String(reportId))))
    .all().length;
/** Writes one issue through the factories, in its own unit of work. */
export const insertIssueNow = (overrides: Parameters<typeof insertIssue>[1]) => write((tx) => insertIssue(tx, overrides));

// --- issue.server.test.ts, decision.server.test.ts and _app.reports.$reportId._index.test.ts
/** The demo's 経営層 login (推進本部, seated in the PMO office): for what leadership may and may not see. */
export const insertExecutive = (tx: Handle, officeId: number) =>
  insertUser(tx, { organizationId: officeId, email: "exec@demo.renkei.jp", displayName: "山本 浩二", rank: "経営層", role: "executive" });
/** Writes one person through the factories, in their own unit of work (route tests open no database). */
export const insertUserNow = (overrides: Parameters<typeof insertUser>[1]) => write((tx) => insertUser(tx, overrides));
/** Writes one progress report through the factories, in its own unit of work. */
export const insertReportNow = (overrides: Parameters<typeof insertReport>[1]) => write((tx) => insertReport(tx, overrides));
// --- meeting.server.test.ts, sticky-note.server.test.ts, meetings.$meetingId.events.test.ts, meetings.$meetingId.notes.test.ts

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type BoardNote = {
  /** The agenda item's index, null for 「その他」. */
  col: number | null;
  by: { id: number };
  kind: (typeof schema.NOTE_KINDS)[number];
  text: string;
  internal?: boolean;
  cluster?: string;
  issueId?: number;
  decisionId?: number;
};

/** A meeting's agenda (a title, or an issue under its title) and its sticky notes, each at the end of its column. */
function insertBoard(tx: Handle, meeting: { id: number; startsAt: number }, agenda: (string | { id: number; title: string })[], notes: BoardNote[]) {
  const columns = agenda.map((a, i) => {
    const item = typeof a === "string" ? { title: a } : { title: a.title, issueId: a.id };
    return insertRow(tx, schema.agendaItem, agendaItemRow({ meetingId: meeting.id, position: i + 1, ...item }));
  });
  const positions = new Map<number | null, number>();
  return notes.map(({ col, by, ...n }, i) => {
    const position = (positions.get(col) ?? 0) + 1;
    positions.set(col, position);
    const createdAt = meeting.startsAt + (i + 1) * 3 * MINUTE;
    const agendaItemId = col === null ? null : columns[col].id;
    return insertStickyNote(tx, { ...n, meetingId: meeting.id, authorId: by.id, agendaItemId, position, createdAt, updatedAt: createdAt });
  });
}

/**
 * The small consortium with the demo's meetings, so the board and meeting tests read as on the
 * demo. 税務WG joins 住民記録WG (the Kitagawa staff member belongs to both; its lead is Kitagawa's
 * tax officer, its guest the second vendor, みらい情報サービス), and a leadership account
 * (exec@demo.renkei.jp) sees no meeting. The meetings, timed around the clock (past ones must have
 * ended, the next one lie ahead):
 * - 住民記録WG 第5回定例会: five weeks ago, 確定 (both towns confirmed), shared with the vendor;
 *   notes with an internal memo, a 決定 that became a decision, a 課題 that became an issue (その他);
 * - 第6回: last week, 確認中 (南浜町 confirmed), not shared; its agenda issues still open;
 * - 第7回: next week, 予定, shared, following 第6回;
 * - 税務WG 機能検証（特別徴収・eLTAX連携）: running since half an hour (開催中), shared with vendor B,
 *   three agenda columns and notes (one internal).
 * Open 住民記録WG issues, one done and one hidden from the vendor; two shared 税務WG issues.
 */
export async function insertMeetingBoards() {
  const small = await insertSmallConsortium();
  const { consortium, towns, office, project, wg: jumin } = small;
  const { pmo, staff, lead, vendor } = small.users;
  const consortiumId = consortium.id;
  const projectId = project.id;
  const now = Date.now();
  /** `days` from today at hh:mm, Japan time. */
  const at = (days: number, hhmm: string) => japanTimeToMs(isoDateInJapan(now + days * DAY), hhmm);
  const built = await write((tx) => {
    const vendorBOrg = insertVendor(tx, { consortiumId, name: "みらい情報サービス株式会社" });
    const zeimu = insertWorkingGroup(tx, { consortiumId, projectId, name: "税務WG" });
    insertWgMembership(tx, { wgId: zeimu.id, userId: staff.id });
    const tax = insertUser(tx, {
      organizationId: towns.kitagawa.id, email: "tax@kitagawa.demo.renkei.jp", displayName: "吉田 翔太", wgs: [{ wgId: zeimu.id, role: "lead" }],
    });
    const vendorB = insertUser(tx, {
      organizationId: vendorBOrg.id, email: "vendor@vendor-b.demo.renkei.jp", displayName: "前田 剛", accessUntil: "2099-03-31",
      wgs: [{ wgId: zeimu.id, role: "guest" }],
    });
    const exec = insertUser(tx, { organizationId: office.id, email: "exec@demo.renkei.jp", displayName: "山本 浩二", rank: "経営層", role: "executive" });

    const issue = (wgId: number, title: string, status: (typeof schema.ISSUE_STATUSES)[number], vendorVisible: boolean) =>
      insertIssue(tx, { consortiumId, wgId, createdBy: lead.id, title, status, vendorVisible, closedAt: status === "完了" ? at(-20, "17:00") : null });
    const issues = {
      gaiji: issue(jumin.id, "データ移行時の外字の扱い", "回答待ち", true),
      tenshutsu: issue(jumin.id, "転出証明書の様式統一", "対応中", true),
      fitgap: issue(jumin.id, "Fit&Gap分析結果の取りまとめ（住民記録：異動処理）", "完了", true),
      shien: issue(jumin.id, "支援措置対象者（DV等）の閲覧制限の運用統一", "対応中", false),
      ikoudata: issue(jumin.id, "住民票コード・個人番号を含む移行検証データの準備", "未着手", true),
      tokucho: issue(zeimu.id, "住民税特別徴収の通知書レイアウト差異", "対応中", true),
      eltax: issue(zeimu.id, "eLTAXとの連携テスト日程", "対応中", true),
    };

    const series = { consortiumId, projectId, wgId: jumin.id, kind: "WG定例" as const, chairId: lead.id, createdBy: lead.id };
    const jumin5 = insertMeeting(tx, {
      ...series, title: "住民記録WG 第5回定例会", startsAt: at(-35, "14:00"), endsAt: at(-35, "16:00"), place: "北川市役所 本庁舎3階 第1会議室",
      onlineUrl: "https://meet.example.jp/renkei/jumin-05", hostOrgId: towns.kitagawa.id, vendorVisible: true, state: "確定", lockedAt: at(-33, "11:00"),
      attendees: [lead.id, staff.id, pmo.id, vendor.id], createdAt: at(-49, "17:30"),
    });
    const gaijiDecision = insertDecision(tx, {
      consortiumId, projectId, wgId: jumin.id, createdBy: lead.id, title: "外字の同定基準（文字情報基盤への同定を原則とする）",
      organizationIds: [towns.kitagawa.id, towns.minamihama.id], createdAt: jumin5.endsAt!,
    });
    const notes5 = insertBoard(tx, jumin5, ["前回ToDoの確認", issues.gaiji, issues.tenshutsu, issues.fitgap], [
      { col: 0, by: lead, kind: "発言", text: "5団体分そろいました。一覧は共有フォルダにあります。" },
      { col: 1, by: staff, kind: "発言", text: "北川市の外字は約1,200字。文字情報基盤で同定できないのは約80字。", cluster: "外字の件数" },
      { col: 1, by: vendor, kind: "発言", text: "縮退マップ（案）を各団体にお示しします。同定できない文字は個別に確認させてください。", cluster: "外字の件数" },
      { col: 1, by: lead, kind: "決定", text: "外字は文字情報基盤への同定を原則とする。同定基準をWG案として協議会に諮る。", decisionId: gaijiDecision.id },
      { col: 2, by: lead, kind: "ToDo", text: "各団体：転出証明書のサンプルを2週間以内に事務局へ送付" },
      { col: 3, by: pmo, kind: "発言", text: "【内部メモ・非公開】標準オプション2件は有償。見積は協議会で一括取得するため、この場では金額に触れない。", internal: true },
      { col: null, by: staff, kind: "課題", text: "移行検証用のテストデータ（住民票コード・個人番号）の準備方法を決める必要がある。", issueId: issues.ikoudata.id },
    ]);
    // The issue was made from that note (付箋から作成): it cites the note by reference, as the app does.
    const madeFrom = { sourceMeetingId: jumin5.id, sourceNoteId: notes5[notes5.length - 1].id };
    tx.update(schema.issue).set(madeFrom).where(eq(schema.issue.id, issues.ikoudata.id)).run();

    const jumin6 = insertMeeting(tx, {
      ...series, title: "住民記録WG 第6回定例会", startsAt: at(-7, "14:00"), endsAt: at(-7, "16:00"), place: "南浜町役場 2階 会議室A",
      onlineUrl: "https://meet.example.jp/renkei/jumin-06", hostOrgId: towns.minamihama.id, vendorVisible: false, state: "確認中", previousMeetingId: jumin5.id,
      attendees: [lead.id, staff.id, pmo.id], createdAt: at(-20, "17:30"),
    });
    insertBoard(tx, jumin6, [issues.gaiji, issues.tenshutsu, issues.shien], [
      { col: 0, by: lead, kind: "発言", text: "縮退マップがまだ提出されていない。事業者に提出日を確認する。" },
      { col: 2, by: staff, kind: "発言", text: "【内部メモ・非公開】北川市の誤交付未遂の事案は、団体名を伏せて共有する。", internal: true },
    ]);
    const jumin7 = insertMeeting(tx, {
      ...series, title: "住民記録WG 第7回定例会", startsAt: at(7, "14:00"), endsAt: at(7, "16:00"), place: "北川市役所 本庁舎3階 第1会議室",
      onlineUrl: "https://meet.example.jp/renkei/jumin-07", hostOrgId: towns.kitagawa.id, vendorVisible: true, state: "予定", previousMeetingId: jumin6.id,
      attendees: [lead.id, staff.id, pmo.id, vendor.id], createdAt: at(-6, "17:30"),
    });
    insertBoard(tx, jumin7, ["前回ToDoの確認", issues.gaiji, issues.tenshutsu, issues.ikoudata], []);
    tx.insert(schema.minutesConfirmation).values([
      { meetingId: jumin5.id, organizationId: towns.minamihama.id, confirmedBy: lead.id, confirmedAt: at(-34, "10:00") },
      { meetingId: jumin5.id, organizationId: towns.kitagawa.id, confirmedBy: staff.id, confirmedAt: at(-33, "11:00") },
      { meetingId: jumin6.id, organizationId: towns.minamihama.id, confirmedBy: lead.id, confirmedAt: at(-6, "10:00") },
    ]).run();

    // The live board started half an hour ago, on a five-minute boundary.
    const liveStart = Math.floor(now / (5 * MINUTE)) * 5 * MINUTE - 30 * MINUTE;
    const live = insertMeeting(tx, {
      consortiumId, projectId, wgId: zeimu.id, kind: "検証", title: "税務WG 機能検証（特別徴収・eLTAX連携）", startsAt: liveStart, endsAt: liveStart + 120 * MINUTE,
      onlineUrl: "https://meet.example.jp/renkei/zeimu-kensho-03", hostOrgId: towns.kitagawa.id, vendorVisible: true, state: "開催中",
      chairId: tax.id, createdBy: tax.id,
      attendees: [tax.id, staff.id, pmo.id, vendorB.id], createdAt: at(-14, "17:30"),
    });
    insertBoard(tx, live, [issues.tokucho, issues.eltax, "当初課税の処理件数の確認"], [
      { col: 0, by: vendorB, kind: "発言", text: "標準様式例どおりの出力を画面で確認しました。" },
      { col: 0, by: staff, kind: "質問", text: "圧着はがき様式への切替はどの画面で行う？" },
      { col: 0, by: tax, kind: "発言", text: "【内部メモ・非公開】圧着はがきの単価は他社と比較してから判断する。事業者にはまだ回答しない。", internal: true },
      { col: 1, by: vendorB, kind: "ToDo", text: "事業者：テスト環境の接続申請を代行（今月中）" },
      { col: 2, by: vendorB, kind: "質問", text: "当初課税の件数、2団体分はいつ頃いただけますか？" },
    ]);
    return { vendorBOrg, zeimu, users: { tax, vendorB, exec }, issues, decisions: { gaiji: gaijiDecision }, meetings: { jumin5, jumin6, jumin7, live } };
  });
  return { ...small, ...built, users: { ...small.users, ...built.users } };
}

// --- More of the demo's people (consortium-structure, user-admin, guest, notification, report, outbox and auth tests)

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
