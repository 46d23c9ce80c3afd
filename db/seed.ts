// Demo consortium (DESIGN.md "Demo data"): what `npm start` shows on a fresh machine.
// Deterministic: every row is built in memory from `now` with explicit ids, then inserted
// in one synchronous transaction, so two seeds with the same `now` give identical tables.
// Dates are relative to `now` in Japan time so the demo always looks current.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "./schema/index";
import { hashPassword } from "../app/utils/password.server";
import { DEMO_LOGINS, DEMO_PASSWORD } from "./demo";

type DB = BetterSQLite3Database<typeof schema>;
type Tx = DB;
type Row<T extends SQLiteTable> = T["$inferInsert"];

export { DEMO_LOGINS, DEMO_PASSWORD };

export function isSeeded(db: DB): boolean {
  return db.select({ id: schema.consortium.id }).from(schema.consortium).limit(1).get() !== undefined;
}

/**
 * Seeds the demo consortium into an empty database: the app's own (through its unit of work)
 * when `db` is not given, or a separate connection's (a benchmark's, a test's).
 */
export async function seedDemoConsortium(db?: DB, opts: { now?: number } = {}): Promise<void> {
  const now = opts.now ?? Date.now();
  // Hashing is slow (argon2): once, shared by every demo account, before the write lock is taken.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const demo = buildDemo(now, passwordHash);
  const insert = (tx: DB) => {
    if (isSeeded(tx)) throw new Error("The database already holds a consortium; the demo seed needs an empty database.");
    insertRows(tx, schema.consortium, demo.consortium);
    insertRows(tx, schema.organization, demo.organization);
    insertRows(tx, schema.user, demo.user);
    insertRows(tx, schema.consortiumRole, demo.consortiumRole);
    insertRows(tx, schema.project, demo.project);
    insertRows(tx, schema.projectOrganization, demo.projectOrganization);
    insertRows(tx, schema.milestone, demo.milestone);
    insertRows(tx, schema.workingGroup, demo.workingGroup);
    insertRows(tx, schema.wgMembership, demo.wgMembership);
    insertRows(tx, schema.label, demo.label);
    insertRows(tx, schema.meeting, demo.meeting);
    insertRows(tx, schema.issue, demo.issue);
    insertRows(tx, schema.issueOrganization, demo.issueOrganization);
    insertRows(tx, schema.issueLabel, demo.issueLabel);
    insertRows(tx, schema.decision, demo.decision);
    insertRows(tx, schema.decisionOrganization, demo.decisionOrganization);
    insertRows(tx, schema.decisionIssue, demo.decisionIssue);
    insertRows(tx, schema.decisionStance, demo.decisionStance);
    insertRows(tx, schema.decisionStanceHistory, demo.decisionStanceHistory);
    insertRows(tx, schema.agendaItem, demo.agendaItem);
    insertRows(tx, schema.meetingAttendee, demo.meetingAttendee);
    insertRows(tx, schema.stickyNote, demo.stickyNote);
    insertRows(tx, schema.minutesConfirmation, demo.minutesConfirmation);
    insertRows(tx, schema.issuePostponement, demo.issuePostponement);
    insertRows(tx, schema.issueJournal, demo.issueJournal);
    insertRows(tx, schema.comment, demo.comment);
    insertRows(tx, schema.progressReport, demo.progressReport);
    seedInboxes(tx, now);
  };
  if (db) db.transaction(() => insert(db));
  else await (await import("../app/utils/db.server")).write(insert);
}

/**
 * What the demo users' inboxes would hold after the seeded history: stances requested from
 * towns that have not answered, minutes awaiting a town's confirmation, the latest report for
 * leadership, open issues assigned to someone. Anything older than a week is read.
 */
function seedInboxes(tx: Tx, now: number) {
  const week = now - 7 * DAY;
  tx.run(sql`
    INSERT INTO notification (user_id, consortium_id, kind, entity_type, entity_id, title, url, reason, actor_id, created_at, read_at, project_id)
    SELECT u.id, d.consortium_id, 'stance', 'decision', d.id, d.number || ' ' || d.title, '/decisions/' || d.id,
           'notifications.reason.stance', d.created_by, d.updated_at, NULL, d.project_id
    FROM decision d
    JOIN decision_organization o ON o.decision_id = d.id
    LEFT JOIN decision_stance s ON s.decision_id = d.id AND s.organization_id = o.organization_id
    JOIN user u ON u.organization_id = o.organization_id AND u.org_admin = 1 AND u.active = 1
    WHERE d.status = '協議中' AND s.stance IS NULL`);
  tx.run(sql`
    INSERT INTO notification (user_id, consortium_id, kind, entity_type, entity_id, title, url, reason, actor_id, created_at, read_at, project_id)
    SELECT DISTINCT u.id, m.consortium_id, 'minutes', 'meeting', m.id, m.title, '/meetings/' || m.id,
           'notifications.reason.minutes', m.chair_id, coalesce(m.ends_at, m.starts_at), NULL, m.project_id
    FROM meeting m
    JOIN meeting_attendee a ON a.meeting_id = m.id
    JOIN user att ON att.id = a.user_id
    JOIN organization org ON org.id = att.organization_id AND org.kind = 'municipality'
    JOIN user u ON u.organization_id = org.id AND u.org_admin = 1 AND u.active = 1
    WHERE m.state = '確認中'
      AND NOT EXISTS (SELECT 1 FROM minutes_confirmation c WHERE c.meeting_id = m.id AND c.organization_id = org.id)`);
  tx.run(sql`
    INSERT INTO notification (user_id, consortium_id, kind, entity_type, entity_id, title, url, reason, actor_id, created_at, read_at, project_id)
    SELECT cr.user_id, r.consortium_id, 'report', 'report', r.id, r.title, '/reports/' || r.id,
           'notifications.reason.report', r.published_by, r.published_at, CASE WHEN r.published_at < ${week} THEN r.published_at + ${DAY} END, r.project_id
    FROM progress_report r
    JOIN consortium_role cr ON cr.consortium_id = r.consortium_id AND cr.role = 'executive'
    WHERE r.status = '公開'`);
  tx.run(sql`
    INSERT INTO notification (user_id, consortium_id, kind, entity_type, entity_id, title, url, reason, actor_id, created_at, read_at, project_id)
    SELECT i.assignee_id, i.consortium_id, 'assigned', 'issue', i.id, '#' || i.number || ' ' || i.title, '/issues/' || i.number,
           'notifications.reason.assignee', i.created_by, i.created_at, CASE WHEN i.created_at < ${week} THEN i.created_at + ${DAY} END, w.project_id
    FROM issue i JOIN working_group w ON w.id = i.wg_id
    WHERE i.assignee_id IS NOT NULL AND i.assignee_id <> i.created_by AND i.status NOT IN ('解決', '完了', '却下')`);
}

function insertRows<T extends SQLiteTable>(tx: Tx, table: T, rows: Row<T>[]) {
  // Chunks keep each statement well under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 100) {
    tx.insert(table)
      .values(rows.slice(i, i + 100) as never)
      .run();
  }
}

// ---------------------------------------------------------------------------------------
// Time: integer ms for timestamps, YYYY-MM-DD (Japan time) for calendar dates.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const JST = 9 * HOUR; // Japan has no daylight saving time

function makeClock(now: number) {
  const todayStart = Math.floor((now + JST) / DAY) * DAY - JST;
  const dateOf = (ms: number) => new Date(ms + JST).toISOString().slice(0, 10);
  return {
    now,
    dateOf,
    /** A moment `dayOffset` days from today, at hh:mm Japan time. */
    at: (dayOffset: number, hour = 9, minute = 0) => todayStart + dayOffset * DAY + hour * HOUR + minute * MIN,
    /** The date `dayOffset` days from today, Japan time. */
    day: (dayOffset: number) => dateOf(todayStart + dayOffset * DAY + 12 * HOUR),
    /** `dayOffset`, moved back to the Friday before when it falls on a weekend (offices are closed). */
    weekdayBefore: (dayOffset: number) => {
      const weekday = new Date(todayStart + dayOffset * DAY + 12 * HOUR + JST).getUTCDay();
      return weekday === 6 ? dayOffset - 1 : weekday === 0 ? dayOffset - 2 : dayOffset;
    },
    /** `dayOffset`, moved on to the Monday after when it falls on a weekend. */
    weekdayAfter: (dayOffset: number) => {
      const weekday = new Date(todayStart + dayOffset * DAY + 12 * HOUR + JST).getUTCDay();
      return weekday === 6 ? dayOffset + 2 : weekday === 0 ? dayOffset + 1 : dayOffset;
    },
    /**
     * Squeezes a moment into office hours (9:00–18:00 Japan time) of the same day, keeping
     * the order of moments, so interpolated history does not happen at 3 a.m.
     */
    officeHours: (ms: number) => {
      const dayStart = Math.floor((ms + JST) / DAY) * DAY - JST;
      return roundMin(dayStart + 9 * HOUR + ((ms - dayStart) * 9) / 24);
    },
    /** Midnight (Japan time) of the first day of the month `monthOffset` months from now. */
    monthStart: (monthOffset: number) => {
      const d = new Date(now + JST);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthOffset, 1) - JST;
    },
  };
}
type Clock = ReturnType<typeof makeClock>;

function fiscalYearOf(date: string, startMonth: number) {
  const [y, m] = date.split("-").map(Number);
  return m >= startMonth ? y : y - 1;
}

const roundMin = (ms: number) => Math.floor(ms / MIN) * MIN;

/** Small deterministic PRNG (mulberry32) for attendance variety. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------
// Organizations and people.

type OrgKey = "kita" | "mina" | "higa" | "nishi" | "chuo" | "pref" | "vA" | "vB" | "pmo";
type TownKey = "kita" | "mina" | "higa" | "nishi" | "chuo";
const TOWNS: TownKey[] = ["kita", "mina", "higa", "nishi", "chuo"];

const ORGS: {
  key: OrgKey;
  kind: (typeof schema.ORGANIZATION_KINDS)[number];
  name: string;
  kana: string;
  lgCode?: string;
  population?: number;
}[] = [
  // Municipalities first (ids 1..5). 団体コード use a fictional prefecture number (48) with valid check digits.
  { key: "kita", kind: "municipality", name: "北川市", kana: "きたがわし", lgCode: "482013", population: 82_416 },
  { key: "mina", kind: "municipality", name: "南浜町", kana: "みなみはまちょう", lgCode: "483419", population: 18_532 },
  { key: "higa", kind: "municipality", name: "東山村", kana: "ひがしやまむら", lgCode: "483826", population: 3_874 },
  { key: "nishi", kind: "municipality", name: "西原市", kana: "にしはらし", lgCode: "482021", population: 54_109 },
  { key: "chuo", kind: "municipality", name: "中央町", kana: "ちゅうおうちょう", lgCode: "484211", population: 12_287 },
  { key: "pref", kind: "prefecture", name: "さくら県", kana: "さくらけん", lgCode: "480002", population: 1_184_000 },
  { key: "vA", kind: "vendor", name: "株式会社さくらシステムズ", kana: "さくらしすてむず" },
  { key: "vB", kind: "vendor", name: "みらい情報サービス株式会社", kana: "みらいじょうほうさーびす" },
  { key: "pmo", kind: "other", name: "協議会事務局", kana: "きょうぎかいじむきょく" },
];

type UserKey =
  | "pmo" | "kStaff" | "mLead" | "exec" | "vA"
  | "kAdmin" | "hAdmin" | "nAdmin" | "cAdmin"
  | "kTax" | "kWel" | "kIt" | "kDir" | "kFormer"
  | "mStaff" | "mTax" | "mWel"
  | "hStaff" | "hWel"
  | "nStaff" | "nTax" | "nWel"
  | "cStaff" | "cTax" | "cWel"
  | "pref" | "vB";

interface UserSpec {
  key: UserKey;
  email: string;
  org: OrgKey;
  name: string;
  kana: string;
  dept: string;
  rank: (typeof schema.RANKS)[number];
  role?: (typeof schema.CONSORTIUM_ROLES)[number];
  orgAdmin?: boolean;
  active?: boolean;
  guest?: boolean;
}

const USERS: UserSpec[] = [
  // The five logins of DESIGN.md.
  { key: "pmo", email: "pmo@demo.renkei.jp", org: "pmo", name: "佐藤 美咲", kana: "さとう みさき", dept: "協議会事務局（北川市 情報政策課から派遣）", rank: "所属長", role: "pmo" },
  { key: "kStaff", email: "staff@kitagawa.demo.renkei.jp", org: "kita", name: "高橋 健太", kana: "たかはし けんた", dept: "市民課", rank: "担当者" },
  { key: "mLead", email: "lead@minamihama.demo.renkei.jp", org: "mina", name: "田中 由美", kana: "たなか ゆみ", dept: "住民課", rank: "所属長", orgAdmin: true },
  { key: "exec", email: "exec@demo.renkei.jp", org: "pmo", name: "山本 浩二", kana: "やまもと こうじ", dept: "推進本部（本部長・北川市副市長）", rank: "経営層", role: "executive" },
  { key: "vA", email: "vendor@vendor-a.demo.renkei.jp", org: "vA", name: "伊藤 大輔", kana: "いとう だいすけ", dept: "公共ソリューション事業部", rank: "担当者", guest: true },
  // Town admins.
  { key: "kAdmin", email: "admin@kitagawa.demo.renkei.jp", org: "kita", name: "渡辺 真一", kana: "わたなべ しんいち", dept: "情報政策課", rank: "所属長", orgAdmin: true },
  { key: "hAdmin", email: "admin@higashiyama.demo.renkei.jp", org: "higa", name: "中村 直樹", kana: "なかむら なおき", dept: "総務課", rank: "所属長", orgAdmin: true },
  { key: "nAdmin", email: "admin@nishihara.demo.renkei.jp", org: "nishi", name: "小林 恵子", kana: "こばやし けいこ", dept: "情報システム課", rank: "所属長", orgAdmin: true },
  { key: "cAdmin", email: "admin@chuo.demo.renkei.jp", org: "chuo", name: "加藤 誠", kana: "かとう まこと", dept: "企画課", rank: "所属長", orgAdmin: true },
  // Town staff.
  { key: "kTax", email: "tax@kitagawa.demo.renkei.jp", org: "kita", name: "吉田 翔太", kana: "よしだ しょうた", dept: "税務課", rank: "担当者" },
  { key: "kWel", email: "welfare@kitagawa.demo.renkei.jp", org: "kita", name: "山田 彩", kana: "やまだ あや", dept: "福祉課", rank: "担当者" },
  { key: "kIt", email: "it@kitagawa.demo.renkei.jp", org: "kita", name: "阿部 悠斗", kana: "あべ ゆうと", dept: "情報政策課", rank: "担当者" },
  { key: "kDir", email: "director@kitagawa.demo.renkei.jp", org: "kita", name: "岡田 修", kana: "おかだ おさむ", dept: "総務部", rank: "部門長" },
  { key: "kFormer", email: "former@kitagawa.demo.renkei.jp", org: "kita", name: "藤田 誠司", kana: "ふじた せいじ", dept: "市民課（人事異動により転出）", rank: "担当者", active: false },
  { key: "mStaff", email: "staff@minamihama.demo.renkei.jp", org: "mina", name: "佐々木 拓也", kana: "ささき たくや", dept: "住民課", rank: "担当者" },
  { key: "mTax", email: "tax@minamihama.demo.renkei.jp", org: "mina", name: "山口 恵", kana: "やまぐち めぐみ", dept: "税務課", rank: "担当者" },
  { key: "mWel", email: "welfare@minamihama.demo.renkei.jp", org: "mina", name: "松本 陽介", kana: "まつもと ようすけ", dept: "健康福祉課", rank: "担当者" },
  { key: "hStaff", email: "staff@higashiyama.demo.renkei.jp", org: "higa", name: "井上 千尋", kana: "いのうえ ちひろ", dept: "住民税務課", rank: "担当者" },
  { key: "hWel", email: "welfare@higashiyama.demo.renkei.jp", org: "higa", name: "木村 和也", kana: "きむら かずや", dept: "保健福祉課", rank: "担当者" },
  { key: "nStaff", email: "staff@nishihara.demo.renkei.jp", org: "nishi", name: "林 早紀", kana: "はやし さき", dept: "市民課", rank: "担当者" },
  { key: "nTax", email: "tax@nishihara.demo.renkei.jp", org: "nishi", name: "清水 亮", kana: "しみず りょう", dept: "市民税課", rank: "担当者" },
  { key: "nWel", email: "welfare@nishihara.demo.renkei.jp", org: "nishi", name: "山崎 舞", kana: "やまざき まい", dept: "障害福祉課", rank: "担当者" },
  { key: "cStaff", email: "staff@chuo.demo.renkei.jp", org: "chuo", name: "森 隆", kana: "もり たかし", dept: "町民課", rank: "担当者" },
  { key: "cTax", email: "tax@chuo.demo.renkei.jp", org: "chuo", name: "池田 奈々", kana: "いけだ なな", dept: "税務課", rank: "担当者" },
  { key: "cWel", email: "welfare@chuo.demo.renkei.jp", org: "chuo", name: "橋本 和子", kana: "はしもと かずこ", dept: "福祉課", rank: "担当者" },
  // Prefecture and the second vendor.
  { key: "pref", email: "dx@pref-sakura.demo.renkei.jp", org: "pref", name: "石川 理恵", kana: "いしかわ りえ", dept: "市町村課 デジタル推進室", rank: "担当者" },
  { key: "vB", email: "vendor@vendor-b.demo.renkei.jp", org: "vB", name: "前田 剛", kana: "まえだ つよし", dept: "自治体ソリューション部", rank: "担当者", guest: true },
];

/** Who records a town's stance and confirms its minutes: the town admin. */
const TOWN_ADMIN: Record<TownKey, UserKey> = {
  kita: "kAdmin",
  mina: "mLead",
  higa: "hAdmin",
  nishi: "nAdmin",
  chuo: "cAdmin",
};

// ---------------------------------------------------------------------------------------
// Projects, working groups, labels.

type WgKey = "jumin" | "zeimu" | "fukushi" | "kiban" | "bunsho";

const WGS: {
  key: WgKey;
  project: 1 | 2;
  name: string;
  description: string;
  lead: UserKey;
  members: UserKey[];
  guests: UserKey[];
}[] = [
  {
    key: "jumin",
    project: 1,
    name: "住民記録WG",
    description: "住民基本台帳・印鑑登録・証明書交付の標準化対応と、5団体の窓口運用の統一を検討します。",
    lead: "mLead",
    members: ["kStaff", "kAdmin", "mStaff", "hAdmin", "hStaff", "nAdmin", "nStaff", "cAdmin", "cStaff"],
    guests: ["vA"],
  },
  {
    key: "zeimu",
    project: 1,
    name: "税務WG",
    description: "個人住民税・固定資産税・軽自動車税・国保税の帳票と処理スケジュールを検討します。",
    lead: "kTax",
    members: ["kStaff", "mTax", "hStaff", "nTax", "cTax"],
    guests: ["vB"],
  },
  {
    key: "fukushi",
    project: 1,
    name: "福祉WG",
    description: "障害者福祉・児童手当・子ども子育て・介護・健康管理の共同化範囲と機能検証を行います。",
    lead: "cWel",
    members: ["kWel", "mWel", "hWel", "nWel"],
    guests: [],
  },
  {
    key: "kiban",
    project: 1,
    name: "共通基盤WG",
    description: "ガバメントクラウド接続、ネットワーク、認証、セキュリティ、運用保守費の按分を検討します。",
    lead: "nAdmin",
    members: ["kAdmin", "kIt", "mLead", "hAdmin", "cAdmin", "pref"],
    guests: [],
  },
  {
    key: "bunsho",
    project: 2,
    name: "文書管理検討WG",
    description: "文書管理・電子決裁システムの共同利用に向けて、3団体の現行運用を比較します。",
    lead: "cAdmin",
    members: ["kIt", "kAdmin", "hAdmin"],
    guests: [],
  },
];

type LabelKey = "std" | "form" | "mig" | "cust" | "fg" | "add" | "cost" | "sec";
const LABELS: { key: LabelKey; name: string; color: string }[] = [
  { key: "std", name: "標準化対応", color: "#2563eb" },
  { key: "form", name: "帳票", color: "#0891b2" },
  { key: "mig", name: "データ移行", color: "#7c3aed" },
  { key: "cust", name: "カスタマイズ要望", color: "#dc2626" },
  { key: "fg", name: "Fit&Gap", color: "#16a34a" },
  { key: "add", name: "追加要望", color: "#ea580c" },
  { key: "cost", name: "費用按分", color: "#ca8a04" },
  { key: "sec", name: "セキュリティ", color: "#475569" },
];

const DISCUSSION_RULES = [
  "- 付箋には要点だけを短く書く（1枚に1つの論点）",
  "- 団体の規模や立場に関係なく、発言は対等に扱う",
  "- 事業者との個別協議はしない（窓口は事務局に一本化）",
  "- 決まったことはその場で「決定事項」に記録する",
  "- 持ち越す課題は、期限と担当を決めてから次へ進む",
  "- 会議後3開庁日以内に、各団体が議事録（付箋）を確認する",
].join("\n");

// ---------------------------------------------------------------------------------------
// Issues. `created`/`closed` are days ago, `due` is days from today.

type IssueType = (typeof schema.ISSUE_TYPES)[number];
type IssueStatus = (typeof schema.ISSUE_STATUSES)[number];
type Priority = (typeof schema.PRIORITIES)[number];

interface CommentSpec {
  by: UserKey;
  text: string;
  internal?: boolean;
  answer?: boolean;
}
const say = (by: UserKey, text: string): CommentSpec => ({ by, text });
/** 内部メモ: hidden from vendors and leadership. The heading makes leaks easy to spot in tests. */
const memo = (by: UserKey, text: string): CommentSpec => ({ by, text, internal: true });
const answer = (by: UserKey, text: string): CommentSpec => ({ by, text, answer: true });
const MEMO_HEADING = "**内部メモ（非公開）**";

interface IssueSpec {
  key: string;
  wg: WgKey;
  title: string;
  type: IssueType;
  status: IssueStatus;
  priority: Priority;
  assignee: UserKey | null;
  ball: OrgKey | null;
  due: number | null;
  created: number;
  createdHour?: number;
  closed?: number;
  by: UserKey;
  vendor?: boolean;
  labels?: LabelKey[];
  towns?: TownKey[]; // default: every participating town of the project
  body: string;
  postpone?: string[]; // reasons, one due-date postponement each
  comments?: CommentSpec[];
  prevAssignee?: UserKey;
  prevPriority?: Priority;
  prevBall?: OrgKey;
}

function issueBody(summary: string, points: string[], policy?: string) {
  let text = `## 概要\n${summary}\n\n## 論点\n${points.map((p) => `- ${p}`).join("\n")}\n`;
  if (policy) text += `\n## 対応方針（案）\n${policy}\n`;
  return text;
}
const HIDDEN_FROM_VENDOR_NOTE = "\n> ※団体間で検討中の内容のため、事業者非公開とする。\n";

const ISSUES: IssueSpec[] = [
  // ---- 住民記録WG (7 of 20 shared with the vendor) ----
  {
    key: "j-tenshutsu", wg: "jumin", title: "転出証明書の様式統一", type: "課題", status: "対応中", priority: "高",
    assignee: "mLead", ball: "pmo", due: 5, created: 60, by: "mLead", vendor: true, labels: ["form", "std"],
    body: issueBody(
      "5団体で転出証明書の様式・記載事項が異なっており、標準仕様書の様式例に合わせた統一様式への移行が必要。",
      ["世帯主欄・続柄欄の記載の有無が団体ごとに異なる", "転出予定日の表記（和暦・西暦）の統一", "転出・転入ワンストップ利用時の証明書との関係"],
      "標準仕様書の様式例をベースに、事務局で統一様式（案）を作成し、次回WGで確認する。",
    ),
    postpone: ["各団体のサンプル収集に時間を要したため", "標準仕様書の様式例の改定版の公表を待つため"],
    comments: [
      say("kStaff", "北川市のサンプルを共有フォルダに格納しました。世帯主欄は**記載あり**です。"),
      say("vA", "標準パッケージでは様式例どおりに出力します。世帯主欄の有無はパラメータで切り替えられます。"),
      memo("pmo", "事業者は「パラメータで切替可能」としているが、追加費用の有無は未確認。見積依頼の前に団体間で様式を一本化しておきたい。"),
      say("mLead", "次回WGで統一様式（案）を確認します。各団体は事前に庁内での確認をお願いします。"),
    ],
  },
  {
    key: "j-gaiji", wg: "jumin", title: "データ移行時の外字の扱い", type: "懸案", status: "回答待ち", priority: "緊急",
    assignee: "kStaff", prevAssignee: "kFormer", prevPriority: "高", ball: "vA", prevBall: "kita",
    due: -10, created: 90, by: "kFormer", vendor: true, labels: ["mig", "std"],
    body: issueBody(
      "現行システムで使用している外字（各団体で約300〜1,200字）を標準準拠システムへ移行する際の、同定・縮退の方法が決まっていない。",
      ["文字情報基盤（MJ文字）への同定ルール", "同定できない外字の扱い（縮退・個別登録）", "住民への通知が必要となるケースの整理", "同定作業の分担（団体／事業者）"],
      "外字の同定基準（決定事項）に基づき、事業者から縮退マップを提示してもらい、各団体で確認する。",
    ),
    postpone: ["事業者の縮退マップの提出が遅れたため", "同定基準の決定事項化を待つため", "東山村の外字調査が他の業務と重なったため"],
    comments: [
      say("kFormer", "北川市の外字は約1,200字。文字情報基盤で同定できないものが約80字あります。"),
      say("vA", "縮退マップ（案）を作成中です。同定できない文字は団体ごとに一覧でお示しします。"),
      memo("mLead", "事業者から同定作業の追加費用（1団体あたり数十万円規模）の打診あり。費用負担は協議会で整理するまで事業者には回答しないこと。"),
      say("kAdmin", "人事異動に伴い、北川市の担当を藤田から高橋に変更します。"),
      say("mLead", "縮退マップの提出期限を過ぎています。提出予定日をご回答ください。"),
      memo("pmo", "費用按分の考え方は、共通基盤WGの按分方式に合わせる方向で事務局案を作成中。"),
    ],
  },
  {
    key: "j-kofu", wg: "jumin", title: "住民票の写しの広域交付における手数料の扱い", type: "質問", status: "解決", priority: "中",
    assignee: "kAdmin", ball: "pmo", due: -40, created: 120, closed: 38, by: "cStaff",
    body: issueBody(
      "他団体の住民の住民票の写しを窓口で交付した場合の、手数料の収入先と手数料額の差異について確認したい。",
      ["手数料条例の額が団体ごとに異なる（300円／350円）", "広域交付分の収入計上の方法"],
    ),
    comments: [
      say("kAdmin", "手数料は交付した団体の条例額で徴収し、交付団体の収入とする整理で、各団体の法規担当に確認済みです。"),
      say("cStaff", "ありがとうございます。中央町の窓口マニュアルに反映しました。"),
    ],
  },
  {
    key: "j-fuhyo", wg: "jumin", title: "戸籍の附票との連携項目の確認", type: "質問", status: "解決", priority: "中",
    assignee: "mLead", ball: "mina", due: -20, created: 45, closed: 22, by: "vA", vendor: true, labels: ["std"],
    body: issueBody(
      "戸籍の附票システムとの連携で、住民記録システムから送信する項目の範囲を確認させてください。",
      ["国外転出者の附票記載事項の連携要否", "連携タイミング（即時／日次）"],
    ),
    comments: [
      say("vA", "各団体の現行運用を教えていただければ、標準仕様の範囲で設定します。"),
      answer("mLead", "**回答**：国外転出者分も連携対象とします。連携タイミングは5団体とも**日次**で統一します（WGで合意済み）。"),
      memo("nAdmin", "西原市は即時連携を希望していたが、日次で合意した。庁内向けの説明資料は西原市で作成する。"),
    ],
  },
  {
    key: "j-koumoku", wg: "jumin", title: "住民異動届の入力画面における項目順の確認", type: "質問", status: "回答待ち", priority: "中",
    assignee: "mStaff", ball: "mina", prevBall: "vA", due: -3, created: 18, by: "vA", vendor: true, labels: ["fg"],
    body: issueBody(
      "異動届の入力画面の項目順を、届出書の記載順に合わせる設定が可能です。各団体の届出書の様式をご提示いただけますか。",
      ["届出書の様式が団体ごとに異なる場合、どちらに合わせるか", "標準の項目順のままで運用できるか"],
    ),
    comments: [
      say("mStaff", "南浜町で各団体の届出書を取りまとめてお送りします。"),
      memo("mLead", "届出書の様式も統一したいが、東山村は印刷済みの在庫が多い。事業者には在庫の話はしない。"),
      say("vA", "承知しました。受領後1週間で画面設定案をお示しします。"),
    ],
  },
  {
    key: "j-shien", wg: "jumin", title: "支援措置対象者（DV等）の閲覧制限の運用統一", type: "リスク", status: "対応中", priority: "緊急", prevPriority: "高",
    assignee: "mLead", ball: "pmo", due: 9, created: 45, by: "mLead",
    body: issueBody(
      "DV・ストーカー・児童虐待等の支援措置対象者について、住民票の写し等の交付制限の運用（申出の受付、他団体への照会、システム上の警告表示）が団体ごとに異なる。共同化後は他団体の窓口でも交付できるため、誤交付のリスクが高まる。",
      ["申出を受けた団体から他団体への情報共有の方法", "システム上の警告表示の統一", "誤交付が起きた場合の対応手順"],
      "各団体の運用を比較表にまとめ、最も厳格な運用に合わせることを基本とする。",
    ),
    comments: [
      memo("kAdmin", "北川市で昨年度、誤交付の未遂事案があった。詳細は団体名を伏せてWGで共有する予定。外部には出さない。"),
      say("hAdmin", "東山村は件数が少なく、担当者の記憶に頼った運用になっています。統一ルールを歓迎します。"),
      say("mLead", "比較表（案）を作成しました。次回WGで確認をお願いします。"),
    ],
  },
  {
    key: "j-custom", wg: "jumin", title: "現行システムのカスタマイズ（独自帳票・独自機能）の棚卸し", type: "課題", status: "対応中", priority: "高",
    assignee: "kAdmin", prevAssignee: "kFormer", ball: "kita", due: 12, created: 100, by: "kFormer", labels: ["cust", "fg"],
    body: issueBody(
      "ノンカスタマイズ原則（決定事項）に基づき、現行システムのカスタマイズを棚卸しし、標準機能や運用変更で代替できるかを整理する。",
      ["独自帳票：5団体合計で約140種類", "独自機能：南浜町の世帯連絡票、西原市の窓口番号連携など", "廃止する場合の原課への説明方法"],
      "代替できないものは、費用対効果を示したうえで個別に決定事項として諮る。",
    ),
    postpone: ["北川市の棚卸しが人事異動で中断したため", "各団体の原課ヒアリングを追加で行うため"],
    comments: [
      say("kFormer", "北川市分の一覧（独自帳票38種類）を作成しました。"),
      say("nAdmin", "西原市分は原課ヒアリングが残っています。来週中に提出します。"),
      memo("pmo", "南浜町の世帯連絡票は町長肝いりの機能。廃止の説明は所属長レベルで根回しが必要。事業者には伝えない。"),
    ],
  },
  {
    key: "j-kakanai", wg: "jumin", title: "「書かない窓口」導入に向けた検討", type: "要望", status: "未着手", priority: "低",
    assignee: null, ball: "pmo", due: null, created: 30, by: "cStaff", labels: ["add"], towns: ["chuo", "nishi"],
    body: issueBody(
      "窓口の混雑緩和と住民の負担軽減のため、申請書を書かずに済む窓口（書かない窓口）の導入を、共同化と合わせて検討したい。",
      ["マイナンバーカードの読取による申請書の自動作成", "共同化の範囲に含めるか、各団体の独自導入とするか"],
    ),
    comments: [say("nAdmin", "西原市も関心があります。ただし仕様確定後の追加要望になるため、第2期の範囲外とすべきか議論が必要です。")],
  },
  {
    key: "j-fitgap", wg: "jumin", title: "Fit&Gap分析結果の取りまとめ（住民記録：異動処理）", type: "課題", status: "完了", priority: "高",
    assignee: "kAdmin", ball: "pmo", due: -25, created: 150, closed: 20, by: "pmo", vendor: true, labels: ["fg", "std"],
    body: issueBody(
      "標準仕様書（住民記録システム）の異動処理に関する機能要件について、5団体分のFit&Gap分析結果を取りまとめる。",
      ["Fit率：約92%（5団体平均）", "Gapの内訳：運用で対応 18件／標準オプションで対応 4件／要検討 2件", "要検討の2件は個別の課題として起票する"],
      "要検討の2件を除き、運用変更で対応することでWGとして合意。",
    ),
    comments: [
      say("vA", "Gapのうち4件は標準オプションで対応できます。オプション一覧を共有します。"),
      memo("pmo", "標準オプションのうち2件は有償。見積は協議会で一括して取得する方針で、事業者にはまだ伝えていない。"),
      say("kAdmin", "取りまとめ結果を第5回定例会で確認し、完了としました。"),
    ],
  },
  {
    key: "j-juki", wg: "jumin", title: "住基ネット接続機器の更新時期の調整", type: "懸案", status: "対応中", priority: "中",
    assignee: "kAdmin", ball: "kita", due: 20, created: 70, by: "kAdmin",
    body: issueBody(
      "住基ネットのコミュニケーションサーバ（CS）等の機器更新時期が団体ごとに異なり、共同化後の構成と合わない可能性がある。",
      ["各団体の機器の保守期限", "共同化後のCSの配置（各団体／共同設置）"],
    ),
    comments: [
      say("hAdmin", "東山村は保守期限が来年度末です。"),
      say("kAdmin", "共同設置の事例を県にも確認しています。"),
    ],
  },
  {
    key: "j-inkan", wg: "jumin", title: "印鑑登録証明書の様式差異", type: "課題", status: "解決", priority: "中",
    assignee: "cStaff", ball: "chuo", due: -50, created: 110, closed: 48, by: "kFormer", labels: ["form"],
    body: issueBody(
      "印鑑登録証明書の様式（偽造防止用紙の地紋、証明文の文言）が団体ごとに異なる。",
      ["地紋入り用紙を共同調達するか", "証明文の文言の統一"],
      "証明文は標準様式例に統一し、用紙は各団体での調達を継続する。",
    ),
    comments: [
      say("cStaff", "中央町の用紙在庫は約8か月分です。切替時期に合わせて調整します。"),
      say("mLead", "WGで合意したため解決とします。"),
    ],
  },
  {
    key: "j-onestop", wg: "jumin", title: "転出・転入手続ワンストップ化への対応", type: "課題", status: "対応中", priority: "高",
    assignee: "nStaff", ball: "vA", due: 12, created: 70, by: "nAdmin", vendor: true, labels: ["std"],
    body: issueBody(
      "マイナポータルからの転出届・転入予約データの取込みについて、標準準拠システムでの処理手順と各団体の窓口運用を確認する。",
      ["転入予約データの取込みタイミング", "来庁予定日の管理方法", "転出証明書情報の送信エラー時の対応"],
    ),
    comments: [
      say("hStaff", "東山村は取込み件数が月数件のため、手作業での確認でも対応できます。"),
      say("vA", "取込みは日次バッチと随時取込みの両方に対応しています。手順書（案）を次回お示しします。"),
      memo("nAdmin", "西原市は窓口業務の委託事業者との契約変更が必要になる可能性がある。費用面は庁内で検討中。"),
    ],
  },
  {
    key: "j-ikoudata", wg: "jumin", title: "住民票コード・個人番号を含む移行検証データの準備", type: "課題", status: "未着手", priority: "高",
    assignee: "kStaff", ball: "kita", due: 20, created: 35, createdHour: 17, by: "kStaff", vendor: true, labels: ["mig"],
    body: issueBody(
      "データ移行の検証に使うテストデータ（住民票コード・個人番号を含む）の準備方法を決める。",
      ["本番データを使う場合のマスキング方法", "検証環境へのデータの受け渡し手順（媒体・暗号化）", "検証後のデータ消去の確認方法"],
    ),
    comments: [
      say("vA", "マスキングツールは当社で用意できます。受け渡しは暗号化した媒体を想定しています。"),
      memo("kStaff", "北川市の情報セキュリティ委員会の承認が必要。承認前に事業者へ本番データは渡さない。"),
    ],
  },
  {
    key: "j-gaikoku", wg: "jumin", title: "外国人住民の氏名表記（通称・ローマ字）の取扱い", type: "懸案", status: "回答待ち", priority: "中",
    assignee: "mStaff", ball: "mina", due: -5, created: 50, by: "nStaff", labels: ["std"],
    body: issueBody(
      "外国人住民の氏名（ローマ字・漢字・カタカナ併記、通称）の表記が団体ごとに異なり、標準準拠システムへの移行時に表記の揺れが生じる。",
      ["通称の記載方法", "カタカナ併記の有無", "長い氏名の証明書への印字方法"],
    ),
    postpone: ["法務省への照会の回答を待つため", "南浜町の現行データの確認に時間を要したため"],
    comments: [
      say("mStaff", "南浜町は技能実習生の転入が多く、約400件が該当します。"),
      memo("mLead", "過去に表記誤りで苦情を受けた案件がある（個人の特定につながるため詳細は共有しない）。"),
    ],
  },
  {
    key: "j-convini", wg: "jumin", title: "証明書コンビニ交付の停止期間の調整", type: "課題", status: "未着手", priority: "中",
    assignee: null, ball: "pmo", due: 30, created: 25, by: "pmo",
    body: issueBody(
      "システム切替時にコンビニ交付サービスを停止する期間を、5団体でそろえる必要がある。",
      ["停止期間（年末年始の切替に合わせる案）", "住民への周知の方法と時期", "J-LISへの届出スケジュール"],
    ),
  },
  {
    key: "j-tanmatsu", wg: "jumin", title: "窓口端末の台数・配置の見直し", type: "要望", status: "却下", priority: "低",
    assignee: "nStaff", ball: "nishi", due: null, created: 95, closed: 60, by: "nStaff", labels: ["add"], towns: ["nishi"],
    body: issueBody(
      "共同化に合わせて窓口端末の台数を増やしたい。",
      ["端末台数の積算根拠", "費用負担"],
      "端末台数は各団体の判断事項であり、WGの検討範囲外として却下。各団体で予算要求する。",
    ),
    comments: [say("mLead", "WGの検討範囲外のため却下とします。各団体で個別にご検討ください。")],
  },
  {
    key: "j-setai", wg: "jumin", title: "南浜町独自の「世帯連絡票」出力機能の継続要望", type: "要望", status: "対応中", priority: "中",
    assignee: "mLead", ball: "mina", due: 15, created: 55, by: "mStaff", labels: ["cust", "add"], towns: ["mina"],
    body: issueBody(
      "南浜町では、転入世帯に地区の自治会・ごみ出し情報をまとめた「世帯連絡票」を出力している。標準機能にないため、継続の可否を検討したい。",
      ["標準機能のEUC（データ抽出）で代替できるか", "カスタマイズとする場合の費用対効果"],
    ),
    comments: [
      say("kAdmin", "ノンカスタマイズ原則に照らすと、まずEUCでの代替を検討すべきと考えます。"),
      memo("mLead", "町長が議会で継続を答弁済み。廃止とする場合は町長レクが必要。"),
    ],
  },
  {
    key: "j-jikangai", wg: "jumin", title: "休日開庁時の異動届受付の運用", type: "課題", status: "完了", priority: "中",
    assignee: "hStaff", ball: "higa", due: -60, created: 130, closed: 55, by: "kFormer",
    body: issueBody(
      "休日開庁時の異動届の受付で、システム停止時間帯（夜間バッチ）と重なる場合の運用を決める。",
      ["受付のみ行い、翌開庁日に入力する運用", "バッチ時間の調整"],
      "受付のみ行い翌開庁日に入力する運用で、5団体を統一する。",
    ),
    comments: [
      say("hStaff", "東山村は休日開庁を行っていないため影響はありません。"),
      say("mLead", "運用を統一しました。完了とします。"),
    ],
  },
  {
    key: "j-kenshu", wg: "jumin", title: "住民記録システム操作研修の実施計画", type: "課題", status: "未着手", priority: "中",
    assignee: "mLead", ball: "pmo", due: 40, created: 7, createdHour: 17, by: "mLead",
    body: issueBody(
      "新システムの操作研修を、窓口職員・会計年度任用職員を含めて計画する。",
      ["研修の開催方式（集合／オンライン／動画）", "研修環境の確保", "研修時期（切替の2か月前を想定）"],
    ),
  },
  {
    key: "j-haiki", wg: "jumin", title: "旧システムの保存期間経過データの廃棄手順", type: "リスク", status: "対応中", priority: "高",
    assignee: "kStaff", prevAssignee: "kFormer", ball: "kita", due: -2, created: 120, by: "kFormer", labels: ["mig"],
    body: issueBody(
      "旧システムのデータのうち保存期間を経過したもの（除票・改製原住民票等）の廃棄手順が決まっていない。移行対象外とする場合は、廃棄の記録を残す必要がある。",
      ["除票の保存期間（150年）への対応", "廃棄の決裁手続と記録方法", "旧システム事業者によるデータ消去証明"],
    ),
    postpone: ["廃棄対象の洗い出しが終わらなかったため", "除票の保存期間延長の影響確認のため", "情報セキュリティ委員会の開催を待つため", "窓口の繁忙期と重なったため"],
    comments: [
      say("kFormer", "北川市は除票約3万件が対象になる見込みです。"),
      say("kStaff", "前任から引き継ぎました。情報セキュリティ委員会の日程を確認中です。"),
      memo("pmo", "旧システム事業者の消去証明の費用が見積外。旧事業者との交渉状況は団体間だけで共有する。"),
    ],
  },

  // ---- 税務WG (3 shared with vendor B) ----
  {
    key: "z-tokucho", wg: "zeimu", title: "住民税特別徴収の通知書レイアウト差異", type: "課題", status: "対応中", priority: "高",
    assignee: "kTax", ball: "vB", due: 6, created: 65, by: "kTax", vendor: true, labels: ["form", "std"],
    body: issueBody(
      "特別徴収税額決定通知書（特別徴収義務者用・納税義務者用）のレイアウトが団体ごとに異なり、事業所から「市町村ごとに様式が違って確認しにくい」との声がある。",
      ["標準仕様書の様式例との差異（5団体で12項目）", "電子通知（eLTAX経由）と紙の通知の整合", "圧着はがき様式の採否"],
      "標準様式例に統一する方向で、決定事項（案）を協議中。",
    ),
    postpone: ["eLTAX側の仕様変更の確認に時間を要したため"],
    comments: [
      say("vB", "標準様式例どおりの出力に対応しています。圧着はがきは印刷事業者側の対応となります。"),
      say("mTax", "南浜町は圧着はがきを使っていません。統一する場合は予算措置が必要です。"),
      memo("kTax", "圧着はがきの単価は事業者Bの見積が他社より高い。共同印刷の見直し（決定事項）と合わせて比較する。"),
    ],
  },
  {
    key: "z-kotei", wg: "zeimu", title: "固定資産税の課税明細書の記載項目統一", type: "課題", status: "回答待ち", priority: "中",
    assignee: "hStaff", ball: "higa", due: -7, created: 80, by: "nTax", labels: ["form"],
    body: issueBody(
      "固定資産税の課税明細書の記載項目（前年度課税標準額、負担水準等）が団体ごとに異なる。",
      ["記載が必須の項目と任意の項目の整理", "東山村の山林・農地の表示方法"],
    ),
    postpone: ["東山村の評価替え作業のため", "記載項目の法令上の要否の確認のため", "庁内調整に時間を要したため"],
    comments: [
      say("hStaff", "東山村は評価替えの作業中で、回答が遅れています。申し訳ありません。"),
      say("kTax", "次回WGまでに回答をお願いします。"),
    ],
  },
  {
    key: "z-keiji", wg: "zeimu", title: "軽自動車税（種別割）減免申請様式の統一", type: "課題", status: "解決", priority: "低",
    assignee: "cTax", ball: "chuo", due: -45, created: 100, closed: 43, by: "cTax", labels: ["form"],
    body: issueBody(
      "軽自動車税（種別割）の身体障害者等に対する減免申請書の様式を統一する。",
      ["添付書類の範囲", "申請期限の記載"],
      "様式を統一する。添付書類は各団体の条例に従う。",
    ),
    comments: [say("cTax", "統一様式を共有しました。解決とします。")],
  },
  {
    key: "z-noutsu", wg: "zeimu", title: "納税通知書を共同外部印刷の対象から除外する", type: "懸案", status: "完了", priority: "高",
    assignee: "kTax", ball: "pmo", due: -20, created: 130, closed: 18, by: "mTax", labels: ["form", "cost"],
    body: issueBody(
      "共同外部印刷（決定事項）の対象に納税通知書を含めたが、各団体の納期・同封物（口座振替の案内等）が異なり、共同印刷では対応が難しいことが分かった。",
      ["納期（第1期）の差異", "同封物の差異", "除外した場合の費用への影響"],
      "納税通知書等を共同外部印刷の対象から除外する改定案を、連絡会（所属長）に諮る。",
    ),
    comments: [
      say("mTax", "南浜町は同封物が4種類あり、共同印刷の標準（2種類まで）に収まりません。"),
      say("pmo", "連絡会（所属長）で改定の方向が合意されました。決定事項を改定します。"),
      memo("kTax", "除外により北川市は年間約40万円の増額見込み。財政課には説明済み。"),
    ],
  },
  {
    key: "z-kouza", wg: "zeimu", title: "Web口座振替受付サービスの共同導入", type: "要望", status: "未着手", priority: "中",
    assignee: null, ball: "pmo", due: null, created: 40, by: "nTax", labels: ["add"], towns: ["nishi", "kita", "chuo"],
    body: issueBody(
      "口座振替の申込みをWebで受け付けるサービスを共同で導入したい。",
      ["対応金融機関の範囲", "手数料の按分", "第2期の調達範囲に含めるか"],
    ),
  },
  {
    key: "z-eltax", wg: "zeimu", title: "eLTAXとの連携テスト日程", type: "課題", status: "対応中", priority: "高",
    assignee: "nTax", ball: "vB", due: 10, created: 30, by: "kTax", vendor: true, labels: ["std"],
    body: issueBody(
      "eLTAX（地方税ポータル）との連携テストの日程を、各団体の繁忙期を避けて調整する。",
      ["給与支払報告書の受付テスト", "特別徴収税額通知の電子送付テスト", "テスト環境の接続申請"],
    ),
    comments: [
      say("vB", "テスト環境の接続申請は当社で代行できます。希望日程を各団体からいただけますか。"),
      say("nTax", "西原市は1月〜3月は避けてほしいです（当初課税の繁忙期）。"),
      memo("kTax", "事業者Bは他の自治体案件とテスト時期が重なっている模様。優先順位を下げられないよう契約条件で担保する方向。"),
    ],
  },
  {
    key: "z-batch", wg: "zeimu", title: "当初課税の処理件数の提示依頼", type: "質問", status: "回答待ち", priority: "中",
    assignee: "kTax", ball: "kita", prevBall: "vB", due: -4, created: 14, by: "vB", vendor: true,
    body: issueBody(
      "当初課税のバッチ処理時間を見積もるため、各団体の納税義務者数・特別徴収義務者数をご提示ください。",
      ["個人住民税の納税義務者数", "特別徴収義務者数", "普通徴収と特別徴収の比率"],
    ),
    comments: [
      say("kTax", "北川市で5団体分を取りまとめて回答します。"),
      memo("kTax", "件数は公表値で回答する。内訳の詳細（滞納件数等）は出さない。"),
    ],
  },
  {
    key: "z-tainou", wg: "zeimu", title: "滞納整理システムとの連携範囲", type: "懸案", status: "対応中", priority: "高",
    assignee: "mTax", ball: "mina", due: 3, created: 90, by: "mTax", labels: ["cust"],
    body: issueBody(
      "滞納整理システムは各団体が個別に導入しており、基幹税務システムとの連携範囲と方式が異なる。",
      ["連携するデータ項目（収納・調定・滞納処分）", "連携方式（ファイル連携／API）", "滞納整理システムも共同化するか"],
    ),
    postpone: ["各団体の滞納整理システムの契約期間の確認のため", "連携方式の技術検討を追加で行うため"],
    comments: [
      say("nTax", "西原市の滞納整理システムは再来年度まで契約があります。"),
      memo("pmo", "滞納整理システムの共同化は費用削減効果が大きいが、南浜町は現行事業者との関係が深い。根回しが必要。"),
    ],
  },
  {
    key: "z-punch", wg: "zeimu", title: "給与支払報告書のパンチ入力委託の共同化", type: "要望", status: "未着手", priority: "中",
    assignee: null, ball: "pmo", due: null, created: 20, by: "cTax", labels: ["add", "cost"],
    body: issueBody(
      "給与支払報告書（紙提出分）のパンチ入力委託を共同化し、単価を下げたい。",
      ["委託単価の比較", "提出件数の見込み", "個人情報の取扱い（委託先の監査）"],
    ),
  },
  {
    key: "z-noufu", wg: "zeimu", title: "南浜町独自様式（納付書）の継続使用", type: "要望", status: "却下", priority: "中",
    assignee: "mTax", ball: "mina", due: -90, created: 110, closed: 85, by: "mTax", labels: ["cust", "form"], towns: ["mina"],
    body: issueBody(
      "南浜町では町内の金融機関向けに独自様式の納付書を使用しており、継続使用を要望する。",
      ["町内の金融機関（農協・漁協）での取扱いの可否", "標準様式との差異"],
      "標準様式でも町内の金融機関で取扱い可能と確認できたため、要望は取り下げる（決定事項も取下げ）。",
    ),
    comments: [say("mTax", "町内の農協・漁協に確認した結果、標準様式でも取扱い可能とのことでした。要望を取り下げます。")],
  },
  {
    key: "z-shinrin", wg: "zeimu", title: "森林環境税の賦課開始に伴う帳票修正", type: "課題", status: "完了", priority: "中",
    assignee: "cTax", ball: "chuo", due: -100, created: 160, closed: 95, by: "kTax", labels: ["form"],
    body: issueBody(
      "森林環境税（国税）の賦課徴収の開始に伴い、納税通知書・特別徴収税額通知書の記載を修正する。",
      ["均等割の内訳の表示", "修正の適用年度"],
    ),
    comments: [say("cTax", "各団体の現行事業者で対応済みであることを確認しました。完了とします。")],
  },
  {
    key: "z-kokuho", wg: "zeimu", title: "国民健康保険税の算定方式の差異（資産割の有無）", type: "懸案", status: "対応中", priority: "高",
    assignee: "hStaff", ball: "higa", due: 14, created: 75, by: "kTax", labels: ["std"],
    body: issueBody(
      "国保税の算定方式が団体ごとに異なり（東山村・中央町は資産割あり）、標準準拠システムのパラメータで対応できるか確認が必要。",
      ["資産割の廃止予定の有無", "県の国保運営方針（保険料水準の統一）との関係"],
    ),
    comments: [
      say("hStaff", "東山村は資産割の廃止を検討中ですが、議会への説明は来年度になる見込みです。"),
      say("cTax", "中央町も同様です。県の統一方針の時期を確認したいです。"),
      memo("pmo", "県の保険料水準統一の時期は、県市町村課に非公式に確認中。"),
    ],
  },
  {
    key: "z-shoumei", wg: "zeimu", title: "所得・課税証明書の様式統一", type: "課題", status: "解決", priority: "中",
    assignee: "nTax", ball: "nishi", due: -30, created: 85, closed: 29, by: "nTax", labels: ["form", "std"],
    body: issueBody(
      "所得・課税証明書の様式（記載項目、証明文）を統一する。",
      ["扶養人数の内訳の表示", "コンビニ交付の様式との整合"],
      "標準様式例に統一する。",
    ),
    comments: [say("nTax", "標準様式例で統一することで合意しました。")],
  },
  {
    key: "z-testdata", wg: "zeimu", title: "税額シミュレーション用テストデータの提供時期", type: "課題", status: "未着手", priority: "中",
    assignee: "kTax", ball: "pmo", due: 21, created: 10, by: "kTax", labels: ["mig"],
    body: issueBody(
      "新旧システムの税額比較（パラレルラン）に使うテストデータの提供時期と範囲を決める。",
      ["対象の税目", "抽出件数（全件／サンプル）", "マスキングの要否"],
    ),
  },
  {
    key: "z-shokyaku", wg: "zeimu", title: "償却資産申告の電子申告率の向上策", type: "要望", status: "未着手", priority: "低",
    assignee: null, ball: null, due: null, created: 5, by: "cTax",
    body: issueBody(
      "償却資産申告の電子申告（eLTAX）の利用率が低い団体があるため、共同で周知策を検討したい。",
      ["税理士会への周知", "申告書送付時の案内の統一"],
    ),
  },

  // ---- 福祉WG ----
  {
    key: "f-jidou", wg: "fukushi", title: "児童手当の制度改正（高校生年代への拡充）への対応確認", type: "課題", status: "完了", priority: "高",
    assignee: "kWel", ball: "kita", due: -120, created: 200, closed: 118, by: "kWel", labels: ["std"],
    body: issueBody(
      "児童手当の制度改正（支給対象の高校生年代への拡充、所得制限の撤廃、第3子以降の加算）に、各団体の現行システムが対応できているかを確認する。",
      ["システム改修の完了時期", "申請勧奨の対象者の抽出"],
    ),
    comments: [say("kWel", "5団体とも改修の完了を確認しました。完了とします。")],
  },
  {
    key: "f-shougai", wg: "fukushi", title: "障害者福祉システムの標準仕様適合状況", type: "課題", status: "対応中", priority: "高",
    assignee: "nWel", ball: "nishi", due: -3, created: 60, by: "cWel", labels: ["fg", "std"],
    body: issueBody(
      "障害者福祉システムの標準仕様書に対する、各団体のFit&Gapを確認する。",
      ["独自の給付事業（単独事業）の扱い", "障害支援区分の認定審査会資料の出力"],
    ),
    postpone: ["西原市の原課ヒアリングが延期になったため", "標準仕様書の改定内容の確認のため"],
    comments: [
      say("nWel", "西原市は単独事業が7事業あり、整理に時間がかかっています。"),
      say("cWel", "期限を過ぎているので、次回のふりかえりまでに途中経過だけでも共有をお願いします。"),
    ],
  },
  {
    key: "f-kaigo", wg: "fukushi", title: "介護保険と後期高齢者医療の共同化範囲", type: "懸案", status: "回答待ち", priority: "中",
    assignee: "cWel", ball: "pmo", due: -12, created: 95, by: "mWel",
    body: issueBody(
      "介護保険システムと後期高齢者医療システムを第2期の共同化範囲に含めるか。後期高齢者医療は広域連合の標準システムとの関係がある。",
      ["広域連合の標準システムとの役割分担", "介護保険の共同化の費用対効果", "範囲に含めない場合の次期更新時期"],
    ),
    postpone: ["広域連合との調整が必要になったため", "介護保険事業計画の策定時期と重なったため", "事務局の検討資料の作成が遅れたため"],
    comments: [
      say("cWel", "事務局案の提示をお願いします。"),
      say("pmo", "広域連合との調整結果を踏まえて事務局案を作成します。遅れており申し訳ありません。"),
      memo("pmo", "介護保険は北川市が単独での更新を希望している。事務局案では共同化を推す方向。北川市の所属長と事前に協議する。"),
    ],
  },
  {
    key: "f-seiho", wg: "fukushi", title: "生活保護システムの共同調達への参加団体の整理", type: "懸案", status: "対応中", priority: "中",
    assignee: "kWel", ball: "nishi", due: 8, created: 50, by: "cWel", towns: ["kita", "nishi"],
    body: issueBody(
      "生活保護の実施機関は、福祉事務所を設置する北川市・西原市のみ。町村分は県が実施しているため、共同調達への参加団体を整理する。",
      ["参加団体を2市とする場合の費用按分", "県（福祉事務所）との連携"],
    ),
    comments: [say("nWel", "西原市は参加の方向で庁内調整中です。")],
  },
  {
    key: "f-hoiku", wg: "fukushi", title: "保育所入所の利用調整ロジックの差異", type: "課題", status: "対応中", priority: "高",
    assignee: "mWel", ball: "mina", due: 15, created: 55, by: "kWel", labels: ["cust"],
    body: issueBody(
      "保育所入所の利用調整（点数表・優先順位）が団体ごとに異なり、標準仕様のパラメータで表現できない項目がある。",
      ["同点時の優先順位のルール", "きょうだい同時入所の加点", "広域入所（他団体の保育所）の扱い"],
    ),
    comments: [
      say("mWel", "南浜町は独自の加点項目が3つあります。"),
      memo("kWel", "北川市は点数表の見直しを来年度に予定。共同化に合わせて見直すと説明しやすい。"),
    ],
  },
  {
    key: "f-soudan", wg: "fukushi", title: "福祉総合相談の記録様式の統一", type: "要望", status: "未着手", priority: "低",
    assignee: null, ball: null, due: null, created: 22, by: "hWel", labels: ["add"],
    body: issueBody(
      "福祉の総合相談窓口の相談記録の様式を統一し、団体間で比較できるようにしたい。",
      ["記録項目の範囲", "個人情報の取扱い"],
    ),
  },
  {
    key: "f-zeijoho", wg: "fukushi", title: "各種手当の所得判定に用いる税情報の連携方法", type: "質問", status: "解決", priority: "中",
    assignee: "kWel", ball: "kita", due: -35, created: 70, closed: 33, by: "nWel", labels: ["std"],
    body: issueBody(
      "児童扶養手当等の所得判定に使う税情報を、基幹税務システムからどのように連携するか確認したい。",
      ["団体内統合宛名システム経由か、直接連携か", "連携のタイミング（当初課税後の一括更新）"],
    ),
    comments: [say("kWel", "団体内統合宛名システム経由で連携する方式で、税務WGにも確認済みです。")],
  },
  {
    key: "f-yobou", wg: "fukushi", title: "健康管理システム（予防接種）の移行時期", type: "リスク", status: "対応中", priority: "高",
    assignee: "hWel", ball: "higa", due: 2, created: 40, by: "hWel", labels: ["mig"],
    body: issueBody(
      "予防接種記録のデータ移行の時期が、国の予防接種事務のデジタル化のスケジュールと重なるおそれがある。",
      ["国のシステムの稼働時期の確認", "移行時期を前倒し・後ろ倒しした場合の影響"],
    ),
    comments: [say("hWel", "国のスケジュールが示され次第、影響を整理します。")],
  },
  {
    key: "f-jukyusha", wg: "fukushi", title: "障害福祉サービス受給者証の様式", type: "課題", status: "完了", priority: "低",
    assignee: "nWel", ball: "nishi", due: -70, created: 120, closed: 65, by: "nWel", labels: ["form"],
    body: issueBody(
      "障害福祉サービス受給者証の様式（サイズ、記載欄）を統一する。",
      ["A4判とB5判の違い", "事業者記入欄の数"],
      "標準様式例（A4判）に統一する。",
    ),
    comments: [say("cWel", "5団体とも標準様式例で合意しました。完了とします。")],
  },
  {
    key: "f-juusou", wg: "fukushi", title: "重層的支援体制整備事業の共同実施の検討", type: "要望", status: "却下", priority: "低",
    assignee: null, ball: "pmo", due: null, created: 85, closed: 60, by: "mWel", labels: ["add"],
    body: issueBody(
      "重層的支援体制整備事業を、共同化の枠組みで共同実施できないか検討したい。",
      ["対象事業の範囲", "実施体制"],
      "システム共同化の範囲外のため却下。別途、県の研修等で情報交換する。",
    ),
    comments: [say("cWel", "システム共同化の範囲外のため却下とします。情報交換は県の研修の場で行いましょう。")],
  },
  {
    key: "f-furikaeri", wg: "fukushi", title: "機能検証サイクル（第1期）のふりかえり準備", type: "課題", status: "未着手", priority: "中",
    assignee: "cWel", ball: "chuo", due: 13, created: 3, by: "cWel",
    body: issueBody(
      "機能検証サイクル（ヒアリング → 検証 → ふりかえり）の第1期を終えるにあたり、ふりかえりの進め方を準備する。",
      ["良かった点・改善点の付箋の集め方", "次期サイクルの対象機能"],
    ),
  },

  // ---- 共通基盤WG ----
  {
    key: "k-kaisen", wg: "kiban", title: "ガバメントクラウド接続回線の費用按分", type: "懸案", status: "対応中", priority: "緊急",
    assignee: "nAdmin", ball: "mina", prevBall: "pmo", due: -6, created: 80, by: "kAdmin", labels: ["cost"],
    body: issueBody(
      "ガバメントクラウドへの接続回線（共同利用の閉域網）の費用を、5団体でどう按分するか。",
      ["均等割と人口割の比率（案：均等割30%・人口割70%）", "回線距離が長い団体の追加費用の扱い", "県の補助金の充当"],
      "均等割30%・人口割70%を基本とする決定事項（案）を協議中。",
    ),
    postpone: ["回線事業者の見積の取得に時間を要したため", "按分方式を連絡会（所属長）に諮ることとなったため", "南浜町の庁内説明が終わっていないため"],
    comments: [
      say("mLead", "南浜町は回線距離が長く、追加費用を上乗せされると負担が大きいです。"),
      say("nAdmin", "距離による追加費用を全体で按分する案も、事務局に作成してもらいました。"),
      memo("pmo", "南浜町は人口割の比率が上がると有利、東山村は均等割が重い。両町村の首長の意向を事前に確認すること。"),
    ],
  },
  {
    key: "k-lgwan", wg: "kiban", title: "LGWAN接続系とガバメントクラウドの接続方式", type: "課題", status: "対応中", priority: "高",
    assignee: "kIt", ball: "pref", due: 9, created: 60, by: "kIt", labels: ["sec"],
    body: issueBody(
      "庁内ネットワーク（LGWAN接続系）からガバメントクラウド上の標準準拠システムへの接続方式を決める。",
      ["閉域網の冗長化", "県の自治体情報セキュリティクラウドとの関係", "端末の認証方式"],
    ),
    comments: [say("pref", "県の自治体情報セキュリティクラウドとの関係について、県の考え方を整理して次回お示しします。")],
  },
  {
    key: "k-sso", wg: "kiban", title: "共通認証基盤（シングルサインオン）の導入範囲", type: "課題", status: "未着手", priority: "中",
    assignee: "kIt", ball: "kita", due: 25, created: 28, by: "nAdmin",
    body: issueBody(
      "標準準拠システムと庁内の他システムへのシングルサインオンの導入範囲を決める。",
      ["対象システムの範囲", "多要素認証の要否", "費用の按分"],
    ),
  },
  {
    key: "k-hoshu", wg: "kiban", title: "運用保守費の按分比率（均等割・人口割）", type: "懸案", status: "回答待ち", priority: "高",
    assignee: "nAdmin", ball: "higa", prevBall: "pmo", due: -15, created: 110, by: "pmo", labels: ["cost"],
    body: issueBody(
      "共同利用システムの運用保守費を、均等割と人口割の組合せで按分する比率を決める。",
      ["均等割と人口割の比率", "業務ごとに比率を変えるか", "途中参加団体の負担"],
    ),
    postpone: ["各団体の財政課との調整のため", "回線費用の按分方式と合わせて検討することとなったため"],
    comments: [
      say("hAdmin", "東山村は財政規模が小さく、均等割の比率が高いと負担が重くなります。村長への説明が必要です。"),
      memo("pmo", "東山村の負担額は人口割70%案でも、現行の単独運用より年約200万円安い試算。試算の詳細は団体間でのみ共有する。"),
    ],
  },
  {
    key: "k-tokutei", wg: "kiban", title: "特定移行支援システムの該当有無の確認", type: "リスク", status: "対応中", priority: "緊急", prevPriority: "高",
    assignee: "kAdmin", ball: "pmo", due: 4, created: 40, by: "kAdmin", labels: ["std"],
    body: issueBody(
      "標準準拠システムへの移行期限までに移行が難しい場合の「特定移行支援システム」への該当の有無を確認し、必要なら国への申出を行う。",
      ["該当する業務の洗い出し", "申出の期限と手続", "移行スケジュールへの影響"],
    ),
    comments: [
      say("pmo", "申出の様式を共有しました。各団体で該当の有無を確認してください。"),
      say("cAdmin", "中央町は該当なしの見込みです。"),
    ],
  },
  {
    key: "k-bcp", wg: "kiban", title: "バックアップの遠隔地保管とBCPの方針", type: "リスク", status: "未着手", priority: "高",
    assignee: "nAdmin", ball: "pmo", due: 30, created: 15, by: "nAdmin", labels: ["sec"],
    body: issueBody(
      "大規模災害時にも住民サービスを継続できるよう、バックアップの遠隔地保管と業務継続計画（BCP）の方針を決める。",
      ["バックアップの取得頻度と保管場所", "災害時の窓口業務の代替手段", "復旧目標時間"],
    ),
  },
  {
    key: "k-os", wg: "kiban", title: "窓口端末OSのサポート終了への対応", type: "課題", status: "完了", priority: "中",
    assignee: "kIt", ball: "kita", due: -80, created: 180, closed: 78, by: "kIt", labels: ["sec"],
    body: issueBody(
      "窓口端末のOSのサポート終了に合わせ、端末の更新または移行を行う。",
      ["対象端末の台数", "更新時期と共同化の切替時期の関係"],
    ),
    comments: [say("kIt", "5団体とも端末の更新が完了しました。完了とします。")],
  },
  {
    key: "k-policy", wg: "kiban", title: "情報セキュリティポリシー（クラウド利用編）の改定", type: "課題", status: "解決", priority: "高",
    assignee: "cAdmin", ball: "chuo", due: -25, created: 140, closed: 26, by: "pref", labels: ["sec"],
    body: issueBody(
      "ガバメントクラウドの利用に合わせて、各団体の情報セキュリティポリシー（クラウド利用編）を改定する。",
      ["国のガイドラインの改定内容の反映", "県のひな形の活用"],
    ),
    comments: [
      say("pref", "国のガイドラインの改定を踏まえた県のひな形を共有します。"),
      say("cAdmin", "5団体ともひな形をもとに改定を終えました。"),
    ],
  },
  {
    key: "k-hojokin", wg: "kiban", title: "県のデジタル化推進補助金の活用可否", type: "質問", status: "完了", priority: "中",
    assignee: "pref", ball: "pref", due: -50, created: 100, closed: 48, by: "hAdmin", labels: ["cost"],
    body: issueBody(
      "共同化の初期費用に、県のデジタル化推進補助金を充てられるか確認したい。",
      ["補助対象経費の範囲", "申請の主体（各団体／協議会）"],
    ),
    comments: [
      answer("pref", "**回答**：共同化に係る初期費用は補助対象です（上限あり）。申請は協議会の代表団体から一括で行ってください。"),
      say("hAdmin", "ありがとうございます。完了とします。"),
    ],
  },
  {
    key: "k-log", wg: "kiban", title: "共通基盤の監視とログの保管期間", type: "質問", status: "未着手", priority: "低",
    assignee: null, ball: "pmo", due: null, created: 8, by: "kIt", labels: ["sec"],
    body: issueBody(
      "共通基盤の稼働監視と、アクセスログの保管期間をどうするか確認したい。",
      ["ログの保管期間（1年／5年）", "監視の通知先"],
    ),
  },

  // ---- 文書管理検討WG (project 2: 北川市・東山村・中央町) ----
  {
    key: "b-genkyou", wg: "bunsho", title: "文書管理システムの現行調査（3団体の比較）", type: "課題", status: "完了", priority: "中",
    assignee: "kIt", ball: "kita", due: -40, created: 85, closed: 40, by: "cAdmin",
    body: issueBody(
      "3団体の文書管理システムと電子決裁の利用状況を調査し、比較表にまとめる。",
      ["電子決裁率", "文書の保存・廃棄の運用", "契約期間"],
    ),
    comments: [say("kIt", "比較表を共有しました。完了とします。")],
  },
  {
    key: "b-kessai", wg: "bunsho", title: "電子決裁の導入範囲", type: "懸案", status: "対応中", priority: "中",
    assignee: "cAdmin", ball: "chuo", due: 30, created: 45, by: "cAdmin",
    body: issueBody(
      "共同利用する文書管理システムで、電子決裁をどの範囲の文書から導入するか。",
      ["財務会計システムとの連携", "紙決裁が残る文書の扱い"],
    ),
    comments: [say("hAdmin", "東山村は紙決裁が中心のため、段階的な導入を希望します。")],
  },
  {
    key: "b-bunrui", wg: "bunsho", title: "文書分類表（ファイル基準表）の統一", type: "課題", status: "未着手", priority: "中",
    assignee: "hAdmin", ball: "higa", due: 60, created: 30, by: "kAdmin",
    body: issueBody(
      "共同利用に向けて、文書分類表（ファイル基準表）の体系をそろえる。",
      ["大分類・中分類の統一", "保存年限の基準"],
    ),
  },
  {
    key: "b-hozon", wg: "bunsho", title: "保存年限満了文書の移行要否", type: "質問", status: "回答待ち", priority: "低",
    assignee: "kIt", ball: "kita", due: -1, created: 26, by: "hAdmin",
    body: issueBody(
      "保存年限が満了した文書のデータを、新システムへ移行する必要があるか確認したい。",
      ["歴史公文書としての選別の要否", "移行費用への影響"],
    ),
    postpone: ["各団体の文書管理規程の確認のため"],
  },
];

// ---------------------------------------------------------------------------------------
// Meetings and their sticky notes.

type NoteKind = (typeof schema.NOTE_KINDS)[number];
const NOTE_COLORS: Record<NoteKind, string> = { 発言: "yellow", 質問: "blue", 課題: "pink", ToDo: "green", 決定: "orange" };

interface NoteSpec {
  col: number | null; // index into the meeting's agenda, null for その他
  by: UserKey;
  kind: NoteKind;
  text: string;
  internal?: boolean;
  cluster?: string;
  issue?: string;
  decision?: string;
}

interface MeetingSpec {
  key: string;
  wg: WgKey | null;
  kind: (typeof schema.MEETING_KINDS)[number];
  rank?: (typeof schema.RANKS)[number];
  title: string;
  when: "past" | "live" | "future";
  day: number;
  hour: number;
  minutes: number; // duration
  place: string;
  onlineUrl: string;
  host: TownKey;
  vendor: boolean;
  state: (typeof schema.MEETING_STATES)[number];
  chair: UserKey;
  previous?: string;
  createdDay: number;
  attendees: UserKey[];
  agenda: { title?: string; issue?: string }[];
  confirmedBy?: TownKey[];
  notes: NoteSpec[];
}

const MEETINGS: MeetingSpec[] = [
  {
    key: "m-jumin5", wg: "jumin", kind: "WG定例", title: "住民記録WG 第5回定例会", when: "past", day: -35, hour: 14, minutes: 120,
    place: "北川市役所 本庁舎3階 第1会議室", onlineUrl: "https://meet.example.jp/renkei/jumin-05", host: "kita", vendor: true,
    state: "確定", chair: "mLead", createdDay: -49,
    attendees: ["mLead", "kStaff", "kAdmin", "mStaff", "hAdmin", "hStaff", "nAdmin", "nStaff", "cAdmin", "cStaff", "pmo", "vA"],
    agenda: [{ title: "前回ToDoの確認" }, { issue: "j-gaiji" }, { issue: "j-tenshutsu" }, { issue: "j-fitgap" }, { issue: "j-onestop" }],
    confirmedBy: ["mina", "kita", "nishi", "chuo", "higa"],
    notes: [
      { col: 0, by: "nAdmin", kind: "質問", text: "前回のToDo（各団体の外字件数の報告）は全団体そろった？" },
      { col: 0, by: "mLead", kind: "発言", text: "5団体分そろいました。一覧は共有フォルダにあります。" },
      { col: 1, by: "kStaff", kind: "発言", text: "北川市の外字は約1,200字。文字情報基盤で同定できないのは約80字。", cluster: "外字の件数" },
      { col: 1, by: "cAdmin", kind: "質問", text: "同定できない外字は、移行後どう表示される？ 窓口で住民に説明が必要。", cluster: "住民への影響" },
      { col: 1, by: "vA", kind: "発言", text: "縮退マップ（案）を各団体にお示しします。同定できない文字は個別に確認させてください。", cluster: "外字の件数" },
      { col: 1, by: "mLead", kind: "決定", text: "外字は文字情報基盤への同定を原則とする。同定基準をWG案として協議会に諮る。", decision: "d-gaiji" },
      { col: 1, by: "vA", kind: "ToDo", text: "事業者：縮退マップ（案）を次回WGまでに提出" },
      { col: 2, by: "nStaff", kind: "課題", text: "転出証明書の記載事項が団体ごとに違う（世帯主欄の有無など）" },
      { col: 2, by: "mLead", kind: "ToDo", text: "各団体：転出証明書のサンプルを2週間以内に事務局へ送付" },
      { col: 3, by: "kAdmin", kind: "発言", text: "異動処理のFit率は約92%。Gapは運用変更でカバーできる見込み。" },
      { col: 3, by: "pmo", kind: "発言", text: "標準オプション2件は有償。見積は協議会で一括取得するため、この場では金額に触れない。", internal: true },
      { col: 4, by: "hStaff", kind: "質問", text: "転入予約データの取込み手順を確認したい。" },
      { col: 4, by: "vA", kind: "発言", text: "日次バッチと随時取込みの両方に対応しています。手順書（案）を次回お示しします。" },
      { col: null, by: "kStaff", kind: "課題", text: "移行検証用のテストデータ（住民票コード・個人番号）の準備方法を決める必要がある。", issue: "j-ikoudata" },
    ],
  },
  {
    key: "m-renraku2", wg: null, kind: "連絡会", rank: "所属長", title: "第2回 所属長連絡会", when: "past", day: -21, hour: 15, minutes: 90,
    place: "中央町役場 2階 大会議室", onlineUrl: "", host: "chuo", vendor: false, state: "確定", chair: "pmo", createdDay: -40,
    attendees: ["pmo", "kAdmin", "mLead", "hAdmin", "nAdmin", "cAdmin"],
    agenda: [{ title: "各WGの進捗報告（レク）" }, { issue: "k-kaisen" }, { issue: "k-hoshu" }, { issue: "k-tokutei" }, { issue: "z-noutsu" }],
    confirmedBy: ["kita", "chuo", "nishi", "mina", "higa"],
    notes: [
      { col: 0, by: "pmo", kind: "発言", text: "住民記録WG：Fit&Gapの取りまとめが完了。外字の同定基準を決定事項として協議中。" },
      { col: 0, by: "nAdmin", kind: "発言", text: "共通基盤WG：回線の見積を取得済み。按分方式が論点。" },
      { col: 1, by: "hAdmin", kind: "質問", text: "距離による追加費用は回線ごとに負担？ それとも全体で按分？", cluster: "按分の考え方" },
      { col: 1, by: "mLead", kind: "発言", text: "南浜町は回線距離が長い。全体按分でないと町長に説明できない。", cluster: "按分の考え方" },
      { col: 1, by: "nAdmin", kind: "ToDo", text: "共通基盤WG：按分方式の決定事項（案）を作成し、各団体に意思表示を依頼" },
      { col: 2, by: "hAdmin", kind: "発言", text: "東山村は均等割30%でも負担感が大きい。村長レクの前に事務局と事前協議したい。", internal: true },
      { col: 3, by: "cAdmin", kind: "課題", text: "特定移行支援システムの申出期限を全団体で確認する。" },
      { col: 4, by: "pmo", kind: "決定", text: "納税通知書等を共同外部印刷の対象から外す方向で合意。決定事項を改定する。", decision: "d-print-new" },
      { col: 4, by: "kAdmin", kind: "発言", text: "北川市は年間約40万円の増額になるが、財政課には説明済み。" },
    ],
  },
  {
    key: "m-jumin6", wg: "jumin", kind: "WG定例", title: "住民記録WG 第6回定例会", when: "past", day: -7, hour: 14, minutes: 120,
    place: "南浜町役場 2階 会議室A", onlineUrl: "https://meet.example.jp/renkei/jumin-06", host: "mina", vendor: false,
    state: "確認中", chair: "mLead", previous: "m-jumin5", createdDay: -20,
    attendees: ["mLead", "kStaff", "kAdmin", "mStaff", "hAdmin", "hStaff", "nAdmin", "nStaff", "cAdmin", "cStaff", "pmo"],
    agenda: [{ issue: "j-gaiji" }, { issue: "j-tenshutsu" }, { issue: "j-shien" }, { issue: "j-custom" }, { issue: "j-haiki" }, { issue: "j-gaikoku" }],
    confirmedBy: ["mina", "kita", "nishi"],
    notes: [
      { col: 0, by: "mLead", kind: "発言", text: "縮退マップがまだ提出されていない。事業者に提出日を確認する。" },
      { col: 0, by: "mLead", kind: "ToDo", text: "WGリーダー：事業者へ縮退マップの提出期限を確認" },
      { col: 1, by: "kStaff", kind: "発言", text: "5団体のサンプルを比較。差異は世帯主欄と転出予定日の表記。" },
      { col: 1, by: "mLead", kind: "決定", text: "転出証明書は標準様式例に統一する方向で、決定事項（案）を起案する。", decision: "d-tenshutsu" },
      { col: 2, by: "hAdmin", kind: "課題", text: "支援措置の申出情報を他団体へ共有する手順がない。" },
      { col: 2, by: "kAdmin", kind: "発言", text: "北川市の誤交付未遂の事案は、団体名を伏せて共有する。", internal: true },
      { col: 3, by: "nAdmin", kind: "発言", text: "西原市分の棚卸しは来週提出します。" },
      { col: 4, by: "cStaff", kind: "質問", text: "除票の保存期間150年の対象はどこまで？" },
      { col: 5, by: "mStaff", kind: "発言", text: "南浜町は約400件が該当。表記ルールの案を作ります。" },
      { col: null, by: "cAdmin", kind: "課題", text: "新システムの操作研修の計画を早めに立てたい（会計年度任用職員も対象）。", issue: "j-kenshu" },
    ],
  },
  {
    key: "m-zeimu-kensho", wg: "zeimu", kind: "検証", title: "税務WG 機能検証（特別徴収・eLTAX連携）", when: "live", day: 0, hour: 0, minutes: 120,
    place: "", onlineUrl: "https://meet.example.jp/renkei/zeimu-kensho-03", host: "nishi", vendor: true, state: "開催中", chair: "kTax", createdDay: -14,
    attendees: ["kTax", "kStaff", "mTax", "hStaff", "nTax", "cTax", "pmo", "vB"],
    agenda: [{ issue: "z-tokucho" }, { issue: "z-eltax" }, { issue: "z-batch" }],
    notes: [
      { col: 0, by: "vB", kind: "発言", text: "標準様式例どおりの出力を画面で確認しました。" },
      { col: 0, by: "mTax", kind: "質問", text: "圧着はがき様式への切替はどの画面で行う？" },
      { col: 0, by: "kTax", kind: "発言", text: "圧着はがきの単価は他社と比較してから判断する。事業者にはまだ回答しない。", internal: true },
      { col: 1, by: "nTax", kind: "発言", text: "西原市は1〜3月のテストは避けたい。" },
      { col: 1, by: "vB", kind: "ToDo", text: "事業者：テスト環境の接続申請を代行（今月中）" },
      { col: 2, by: "vB", kind: "質問", text: "当初課税の件数、5団体分はいつ頃いただけますか？" },
    ],
  },
  {
    key: "m-jumin7", wg: "jumin", kind: "WG定例", title: "住民記録WG 第7回定例会", when: "future", day: 7, hour: 14, minutes: 120,
    place: "東山村役場 1階 会議室", onlineUrl: "https://meet.example.jp/renkei/jumin-07", host: "higa", vendor: true,
    state: "予定", chair: "mLead", previous: "m-jumin6", createdDay: -6,
    attendees: ["mLead", "kStaff", "kAdmin", "mStaff", "hAdmin", "hStaff", "nAdmin", "nStaff", "cAdmin", "cStaff", "pmo", "vA"],
    agenda: [{ title: "前回ToDoの確認" }, { issue: "j-gaiji" }, { issue: "j-tenshutsu" }, { issue: "j-koumoku" }, { issue: "j-ikoudata" }],
    notes: [],
  },
  {
    key: "m-fukushi-furikaeri", wg: "fukushi", kind: "ふりかえり", title: "福祉WG ふりかえり（機能検証サイクル第1期）", when: "future", day: 14, hour: 10, minutes: 90,
    place: "中央町役場 3階 研修室", onlineUrl: "", host: "chuo", vendor: false, state: "予定", chair: "cWel", createdDay: -10,
    attendees: ["cWel", "kWel", "mWel", "hWel", "nWel", "pmo"],
    agenda: [{ issue: "f-shougai" }, { issue: "f-hoiku" }, { issue: "f-yobou" }, { issue: "f-furikaeri" }],
    notes: [],
  },
];

// ---------------------------------------------------------------------------------------
// Decisions, in the order they were drafted (that order gives the D-<年度>-NNN sequence).

type Stance = (typeof schema.STANCES)[number];
type Approval = (typeof schema.APPROVALS)[number];
interface StanceSpec {
  stance: Stance | null;
  approval: Approval;
  comment?: string;
}

interface DecisionSpec {
  key: string;
  wg: WgKey | null;
  title: string;
  body: string;
  rationale: string;
  options?: string;
  status: (typeof schema.DECISION_STATUSES)[number];
  created: number;
  consulted?: number; // 協議中 from this day (days ago)
  decided?: number;
  withdrawn?: number;
  withdrawnReason?: string;
  stanceDue?: number;
  reviewIn?: number;
  supersedes?: string;
  sourceMeeting?: string;
  vendor?: boolean;
  stances: Partial<Record<TownKey, StanceSpec>>; // missing = all 賛成・決裁済 when decided, else no stance yet
  issues: { issue: string; relation: "related" | "follow_up" }[];
  comments?: CommentSpec[];
}

const DECISIONS: DecisionSpec[] = [
  {
    key: "d-nocust", wg: null, title: "標準準拠システムのノンカスタマイズ原則",
    body: "## 決定内容\n標準準拠システムは原則としてカスタマイズを行わず、業務を標準仕様に合わせる（ノンカスタマイズ）。\n\n- 例外は、費用対効果を示したうえで、協議会の決定事項として個別に決定する\n- データベース及び中核部分の改変は行わない\n- 独自帳票は、標準様式例で代替できないものに限り検討する",
    rationale: "カスタマイズは改修・保守費用を増やし、次期更新時の事業者変更の妨げになるため。国の標準化の方針とも整合する。",
    options: "1. 原則ノンカスタマイズ（採用）\n2. 団体ごとに必要最小限のカスタマイズを認める\n3. 5団体共通のカスタマイズのみ認める",
    status: "決定", created: 210, consulted: 200, decided: 180, reviewIn: 180, vendor: true, stances: {},
    issues: [{ issue: "j-fitgap", relation: "related" }],
  },
  {
    key: "d-print-old", wg: null, title: "大量帳票の共同外部印刷の採用",
    body: "## 決定内容\n納税通知書・各種通知書等の大量帳票は、5団体共同で外部印刷・封入封緘を委託する。\n\n- 委託先は共同で選定する\n- 費用は出力件数に応じて按分する",
    rationale: "印刷・封入封緘の単価を下げ、職員の作業時間を減らすため。",
    status: "改定", created: 170, consulted: 165, decided: 150, stances: {},
    issues: [],
  },
  {
    key: "d-noufu", wg: "zeimu", title: "南浜町独自様式の納付書の継続使用",
    body: "## 提案内容\n南浜町の町内金融機関向けの独自様式の納付書を、例外として継続使用する。",
    rationale: "町内の農協・漁協で標準様式の納付書が取り扱えない可能性があるため。",
    status: "取下げ", created: 100, consulted: 98, withdrawn: 85,
    withdrawnReason: "標準様式の納付書でも町内の金融機関で取扱い可能と確認できたため、提案団体（南浜町）が取り下げた。",
    stances: {
      kita: { stance: "反対", approval: "庁内説明中", comment: "ノンカスタマイズ原則の例外とする理由が弱い。" },
      nishi: { stance: "保留", approval: "庁内説明中", comment: "費用の見込みを確認してから判断したい。" },
    },
    issues: [{ issue: "z-noufu", relation: "related" }],
  },
  {
    key: "d-gaiji", wg: "jumin", title: "外字の同定基準（文字情報基盤への同定・縮退のルール）",
    body: "## 決定内容\n- 外字は文字情報基盤（MJ文字）への同定を原則とする\n- 同定できない外字は、事業者が提示する縮退マップに基づき各団体が確認する\n- 字形が変わる住民には、各団体から個別に通知する",
    rationale: "5団体で同じ基準を使うことで、移行作業の手戻りと住民への説明の差をなくすため。",
    options: "1. 文字情報基盤への同定を原則とする（採用）\n2. 各団体の外字をそのまま登録する",
    status: "決定", created: 34, consulted: 33, decided: 27, sourceMeeting: "m-jumin5", vendor: true,
    stances: {
      higa: { stance: "条件付賛成", approval: "決裁済", comment: "同定できない外字が残る場合は、住民への個別通知の方法を別途協議すること。" },
    },
    issues: [
      { issue: "j-gaiji", relation: "related" },
      { issue: "j-ikoudata", relation: "follow_up" },
    ],
    comments: [
      say("vA", "承知しました。移行ツールの縮退マップに同定基準を反映します。"),
      memo("pmo", "事業者による同定作業の費用は本決定の範囲外。費用協議は別途行う。"),
    ],
  },
  {
    key: "d-print-new", wg: null, title: "大量帳票の共同外部印刷の採用（改定：納税通知書等を対象外とする）",
    body: "## 決定内容\n大量帳票は引き続き5団体共同で外部印刷・封入封緘を委託する。ただし、**納税通知書等（住民税・固定資産税・国保税）は対象外**とし、各団体で印刷する。",
    rationale: "納期と同封物が団体ごとに異なり、共同印刷では対応が難しいため（税務WGの懸案事項による）。",
    status: "決定", created: 21, consulted: 20, decided: 10, supersedes: "d-print-old", sourceMeeting: "m-renraku2",
    stances: {
      mina: { stance: "条件付賛成", approval: "決裁済", comment: "同封物の取扱いは来年度に再確認すること。" },
    },
    issues: [{ issue: "z-noutsu", relation: "related" }],
  },
  {
    key: "d-kaisen", wg: "kiban", title: "ガバメントクラウド接続回線の費用按分方式",
    body: "## 提案内容\nガバメントクラウド接続回線の費用は、**均等割30%・人口割70%の割合**で按分する。\n\n- 回線距離による追加費用は、全体で按分する\n- 県の補助金は按分前の総額から控除する",
    rationale: "小規模団体の負担を抑えつつ、受益に応じた負担とするため。",
    options: "1. 均等割30%・人口割70%（提案）\n2. 均等割50%・人口割50%\n3. 回線ごとの実費負担",
    status: "協議中", created: 20, consulted: 19, stanceDue: 10, sourceMeeting: "m-renraku2",
    stances: {
      kita: { stance: "賛成", approval: "決裁済" },
      nishi: { stance: "条件付賛成", approval: "庁内説明中", comment: "距離による追加費用は全体按分とすること。" },
      mina: { stance: "保留", approval: "庁内説明中", comment: "人口割の比率について、町長への説明が必要。" },
      higa: { stance: null, approval: "未説明" },
      chuo: { stance: null, approval: "庁内説明中" },
    },
    issues: [
      { issue: "k-kaisen", relation: "related" },
      { issue: "k-hoshu", relation: "related" },
    ],
    comments: [
      memo("pmo", "南浜町・東山村の町村長レクを来週予定。レク資料は事務局で作成する。"),
      say("mLead", "南浜町は来週の庁議で説明する予定です。"),
    ],
  },
  {
    key: "d-tokucho", wg: "zeimu", title: "特別徴収税額通知書の様式統一",
    body: "## 提案内容\n特別徴収税額決定通知書は、標準仕様書の様式例に統一する。\n\n- 電子通知（eLTAX）を原則とする\n- 紙の通知の圧着はがき化は各団体の判断とする",
    rationale: "事業所の確認の手間を減らし、帳票の保守費用を下げるため。",
    status: "協議中", created: 12, consulted: 11, stanceDue: 3,
    stances: {
      kita: { stance: "賛成", approval: "決裁済" },
      mina: { stance: "賛成", approval: "庁内説明中" },
      nishi: { stance: "賛成", approval: "決裁済" },
      higa: { stance: null, approval: "未説明" },
      chuo: { stance: "保留", approval: "庁内説明中", comment: "圧着はがきへの変更は予算措置が必要なため、当初予算の査定後に回答する。" },
    },
    issues: [{ issue: "z-tokucho", relation: "related" }],
    comments: [say("cAdmin", "中央町は予算査定の後の回答となります。")],
  },
  {
    key: "d-tenshutsu", wg: "jumin", title: "転出証明書の様式統一",
    body: "## 提案内容（起案中）\n転出証明書は標準仕様書の様式例に統一する。世帯主欄は記載する。",
    rationale: "広域交付・ワンストップ化に備え、5団体で同じ記載事項とするため。",
    status: "起案", created: 6, sourceMeeting: "m-jumin6", stances: {},
    issues: [{ issue: "j-tenshutsu", relation: "related" }],
  },
];

// ---------------------------------------------------------------------------------------
// Building the rows.

interface Demo {
  consortium: Row<typeof schema.consortium>[];
  organization: Row<typeof schema.organization>[];
  user: Row<typeof schema.user>[];
  consortiumRole: Row<typeof schema.consortiumRole>[];
  project: Row<typeof schema.project>[];
  projectOrganization: Row<typeof schema.projectOrganization>[];
  milestone: Row<typeof schema.milestone>[];
  workingGroup: Row<typeof schema.workingGroup>[];
  wgMembership: Row<typeof schema.wgMembership>[];
  label: Row<typeof schema.label>[];
  meeting: Row<typeof schema.meeting>[];
  issue: Row<typeof schema.issue>[];
  issueOrganization: Row<typeof schema.issueOrganization>[];
  issueLabel: Row<typeof schema.issueLabel>[];
  decision: Row<typeof schema.decision>[];
  decisionOrganization: Row<typeof schema.decisionOrganization>[];
  decisionIssue: Row<typeof schema.decisionIssue>[];
  decisionStance: Row<typeof schema.decisionStance>[];
  decisionStanceHistory: Row<typeof schema.decisionStanceHistory>[];
  agendaItem: Row<typeof schema.agendaItem>[];
  meetingAttendee: Row<typeof schema.meetingAttendee>[];
  stickyNote: Row<typeof schema.stickyNote>[];
  minutesConfirmation: Row<typeof schema.minutesConfirmation>[];
  issuePostponement: Row<typeof schema.issuePostponement>[];
  issueJournal: Row<typeof schema.issueJournal>[];
  comment: Row<typeof schema.comment>[];
  progressReport: Row<typeof schema.progressReport>[];
}

/** What the report snapshots need to know about an issue's past. */
interface IssueFact {
  id: number;
  number: number;
  title: string;
  wgId: number;
  createdAt: number;
  closedAt: number | null;
  dueOn: string | null;
  ballOrgId: number | null;
  postponements: { kind: "due_date" | "meeting"; at: number; fromDue: string | null; toDue: string | null }[];
}
interface DecisionFact {
  id: number;
  number: string;
  title: string;
  consultAt: number | null;
  decidedAt: number | null;
  endedAt: number | null; // withdrawn
  orgIds: number[];
  history: { orgId: number; stance: Stance | null; at: number }[];
}

const CONSORTIUM_ID = 1;
const FISCAL_YEAR_START = 4;

function buildDemo(now: number, passwordHash: string): Demo {
  const clock = makeClock(now);
  const { at, day, dateOf, weekdayBefore, weekdayAfter, officeHours } = clock;
  /** A working day's date: due dates and milestones never fall on a weekend. */
  const workDay = (dayOffset: number) => day(weekdayBefore(dayOffset));
  const d: Demo = {
    consortium: [], organization: [], user: [], consortiumRole: [], project: [], projectOrganization: [],
    milestone: [], workingGroup: [], wgMembership: [], label: [], meeting: [], issue: [], issueOrganization: [],
    issueLabel: [], decision: [], decisionOrganization: [], decisionIssue: [], decisionStance: [],
    decisionStanceHistory: [], agendaItem: [], meetingAttendee: [], stickyNote: [], minutesConfirmation: [],
    issuePostponement: [], issueJournal: [], comment: [], progressReport: [],
  };
  const fail = (message: string): never => {
    throw new Error(`demo seed: ${message}`);
  };

  // Consortium and organizations.
  const founded = at(-730, 10, 0);
  d.consortium.push({
    id: CONSORTIUM_ID,
    name: "さくら広域自治体クラウド協議会",
    legalForm: "任意協議会",
    fiscalYearStartMonth: FISCAL_YEAR_START,
    decisionRule: "unanimity",
    discussionRules: DISCUSSION_RULES,
    createdAt: founded,
  });
  const orgId = {} as Record<OrgKey, number>;
  ORGS.forEach((o, i) => {
    orgId[o.key] = i + 1;
    d.organization.push({
      id: i + 1, consortiumId: CONSORTIUM_ID, kind: o.kind, name: o.name, nameKana: o.kana,
      lgCode: o.lgCode ?? null, population: o.population ?? null, createdAt: founded + (i + 1) * MIN,
    });
  });
  const orgName = (id: number) => ORGS[id - 1].name;

  // Users: vendor guest access lasts until the end of the next fiscal year.
  const currentFiscalYear = fiscalYearOf(day(0), FISCAL_YEAR_START);
  const guestAccessUntil = `${currentFiscalYear + 1}-03-31`;
  const userId = {} as Record<UserKey, number>;
  USERS.forEach((u, i) => {
    userId[u.key] = i + 1;
    const createdAt = at(-400, 9, i);
    d.user.push({
      id: i + 1, organizationId: orgId[u.org], email: u.email, displayName: u.name, displayNameKana: u.kana,
      department: u.dept, rank: u.rank, locale: "ja", passwordHash, active: u.active ?? true,
      orgAdmin: u.orgAdmin ?? false, accessUntil: u.guest ? guestAccessUntil : null, lastLoginAt: null, createdAt,
    });
    d.consortiumRole.push({ userId: i + 1, consortiumId: CONSORTIUM_ID, role: u.role ?? "member", createdAt });
  });
  const userOrg = (key: UserKey) => orgId[USERS[userId[key] - 1].org];

  // Projects and milestones.
  const cutoverYear = Number(day(0).slice(0, 4)) + 1;
  const cutover = `${cutoverYear}-12-29`;
  const rehearsal = new Date(Date.UTC(cutoverYear, 11, 29) - 60 * DAY).toISOString().slice(0, 10);
  d.project.push(
    {
      id: 1, consortiumId: CONSORTIUM_ID, name: "基幹業務システム共同化（第2期）", phase: "調達",
      description:
        "5団体の基幹業務システム（住民記録・税務・福祉）を、標準準拠システムとしてガバメントクラウド上で共同利用する。第2期は共同調達から本番切替までを扱う。",
      startsOn: day(-400), endsOn: `${cutoverYear + 1}-03-31`, createdAt: at(-400, 10, 0),
    },
    {
      id: 2, consortiumId: CONSORTIUM_ID, name: "文書管理システム共同利用", phase: "構想計画",
      description: "北川市・東山村・中央町の文書管理・電子決裁システムの共同利用に向けて、現行調査と基本構想の策定を行う。",
      startsOn: day(-90), endsOn: null, createdAt: at(-90, 10, 0),
    },
  );
  const projectTowns: Record<1 | 2, TownKey[]> = { 1: TOWNS, 2: ["kita", "higa", "chuo"] };
  for (const p of [1, 2] as const) {
    for (const t of projectTowns[p]) d.projectOrganization.push({ projectId: p, organizationId: orgId[t] });
  }
  const milestones: { project: number; name: string; dueOn: string; doneOn?: string; fixed?: boolean }[] = [
    { project: 1, name: "基本合意の締結", dueOn: workDay(-330), doneOn: workDay(-335) },
    { project: 1, name: "共同調達の基本方針の決定", dueOn: workDay(-210), doneOn: workDay(-205) },
    { project: 1, name: "RFIの実施・結果の取りまとめ", dueOn: workDay(-120), doneOn: workDay(-118) },
    { project: 1, name: "要求仕様書（案）の確定", dueOn: workDay(-14) }, // late
    { project: 1, name: "入札公告（連名）", dueOn: workDay(45) },
    { project: 1, name: "事業者の決定・契約締結", dueOn: workDay(120) },
    { project: 1, name: "データ移行リハーサル", dueOn: rehearsal },
    { project: 1, name: "本番切替（年末年始の切替期間 12/29〜1/3）", dueOn: cutover, fixed: true },
    { project: 2, name: "現行調査の完了", dueOn: workDay(-45), doneOn: workDay(-40) },
    { project: 2, name: "基本構想（案）の取りまとめ", dueOn: workDay(50) },
    { project: 2, name: "共同利用方式の決定", dueOn: workDay(140) },
  ];
  milestones.forEach((m, i) =>
    d.milestone.push({
      id: i + 1, projectId: m.project, name: m.name, dueOn: m.dueOn, doneOn: m.doneOn ?? null, fixed: m.fixed ?? false,
      createdAt: at(m.project === 1 ? -400 : -90, 11, i),
    }),
  );

  // Working groups and memberships.
  const wgId = {} as Record<WgKey, number>;
  const wgProject = {} as Record<WgKey, 1 | 2>;
  const wgMembers = {} as Record<WgKey, Set<UserKey>>;
  WGS.forEach((w, i) => {
    wgId[w.key] = i + 1;
    wgProject[w.key] = w.project;
    const createdAt = w.project === 1 ? at(-380, 10, i) : at(-88, 10, i);
    d.workingGroup.push({
      id: i + 1, consortiumId: CONSORTIUM_ID, projectId: w.project, name: w.name, description: w.description,
      archived: false, createdAt,
    });
    const roles: [UserKey, "lead" | "member" | "guest"][] = [
      [w.lead, "lead"],
      ...w.members.map((m): [UserKey, "member"] => [m, "member"]),
      ...w.guests.map((g): [UserKey, "guest"] => [g, "guest"]),
    ];
    wgMembers[w.key] = new Set(roles.map(([u]) => u));
    roles.forEach(([u, role], j) => d.wgMembership.push({ wgId: i + 1, userId: userId[u], role, createdAt: createdAt + (j + 1) * MIN }));
  });
  const wgLead = (w: WgKey) => WGS[wgId[w] - 1].lead;

  const labelId = {} as Record<LabelKey, number>;
  LABELS.forEach((l, i) => {
    labelId[l.key] = i + 1;
    d.label.push({ id: i + 1, consortiumId: CONSORTIUM_ID, name: l.name, color: l.color });
  });

  // Meetings (the live one started half an hour ago, on a five-minute boundary).
  const liveStart = Math.floor(now / (5 * MIN)) * 5 * MIN - 30 * MIN;
  const meetingId: Record<string, number> = {};
  const meetingTimes: Record<string, { startsAt: number; endsAt: number }> = {};
  const meetingDay: Record<string, number> = {};
  MEETINGS.forEach((m, i) => {
    meetingId[m.key] = i + 1;
    meetingDay[m.key] = m.when === "live" ? 0 : weekdayBefore(m.day);
    const startsAt = m.when === "live" ? liveStart : at(meetingDay[m.key], m.hour, 0);
    const endsAt = startsAt + m.minutes * MIN;
    meetingTimes[m.key] = { startsAt, endsAt };
  });
  const confirmationsByMeeting: Record<string, { town: TownKey; at: number }[]> = {};
  MEETINGS.forEach((m, i) => {
    const { startsAt, endsAt } = meetingTimes[m.key];
    const confirmations = (m.confirmedBy ?? []).map((town, j) => ({
      town,
      at: at(weekdayAfter(meetingDay[m.key] + 1 + Math.floor(j / 2)), 10 + j, 15 * (j % 4)),
    }));
    for (const c of confirmations) if (c.at >= now) fail(`confirmation of ${m.key} in the future`);
    confirmationsByMeeting[m.key] = confirmations;
    if (m.state === "確定" && confirmations.length !== projectTowns[m.wg ? wgProject[m.wg] : 1].length) {
      fail(`${m.key} is 確定 without every town's confirmation`);
    }
    d.meeting.push({
      id: i + 1, consortiumId: CONSORTIUM_ID, projectId: m.wg ? wgProject[m.wg] : 1, wgId: m.wg ? wgId[m.wg] : null,
      kind: m.kind, rank: m.rank ?? null, title: m.title, startsAt, endsAt, place: m.place, onlineUrl: m.onlineUrl,
      hostOrgId: orgId[m.host], vendorVisible: m.vendor, state: m.state, chairId: userId[m.chair],
      previousMeetingId: m.previous ? meetingId[m.previous] : null, createdBy: userId[m.chair],
      createdAt: at(m.createdDay, 17, 30),
      lockedAt: m.state === "確定" ? Math.max(...confirmations.map((c) => c.at)) : null,
    });
  });

  // Issues: numbered in the order they were raised.
  const dated = ISSUES.map((spec, index) => {
    const createdAt = at(weekdayBefore(-spec.created), spec.createdHour ?? 9 + (index % 7), (index * 17) % 60);
    return { spec, index, createdAt };
  }).sort((a, b) => a.createdAt - b.createdAt || a.index - b.index);
  const issueId: Record<string, number> = {};
  dated.forEach(({ spec }, i) => {
    if (issueId[spec.key]) fail(`duplicate issue key ${spec.key}`);
    issueId[spec.key] = i + 1;
  });
  const issueFacts: IssueFact[] = [];
  const issueByKey: Record<string, IssueFact> = {};

  // Meetings an issue stayed open through (agenda items of meetings that have ended).
  const meetingCarryOvers: Record<string, { meeting: MeetingSpec; at: number }[]> = {};
  for (const m of MEETINGS) {
    if (m.when !== "past") continue;
    for (const a of m.agenda) {
      if (!a.issue) continue;
      (meetingCarryOvers[a.issue] ??= []).push({ meeting: m, at: meetingTimes[m.key].endsAt + 10 * MIN });
    }
  }

  const STATUS_PATHS: Record<IssueStatus, IssueStatus[]> = {
    未着手: [],
    対応中: ["対応中"],
    回答待ち: ["対応中", "回答待ち"],
    解決: ["対応中", "解決"],
    完了: ["対応中", "解決", "完了"],
    却下: ["却下"],
  };
  const isClosed = (s: IssueStatus) => (schema.CLOSED_STATUSES as readonly string[]).includes(s);

  let journalId = 0;
  let postponementId = 0;
  let commentId = 0;
  const pushComment = (
    target: { issueId?: number; decisionId?: number; meetingId?: number },
    c: CommentSpec,
    createdAt: number,
  ) => {
    if (c.internal && USERS[userId[c.by] - 1].guest) fail("a vendor cannot write an internal memo");
    commentId += 1;
    d.comment.push({
      id: commentId, consortiumId: CONSORTIUM_ID, issueId: target.issueId ?? null, decisionId: target.decisionId ?? null,
      meetingId: target.meetingId ?? null, body: c.internal ? `${MEMO_HEADING}\n\n${c.text}` : c.text,
      internal: c.internal ?? false, isAnswer: c.answer ?? false, authorId: userId[c.by], createdAt,
      updatedAt: createdAt, deletedAt: null,
    });
  };

  dated.forEach(({ spec, createdAt }, i) => {
    const id = i + 1;
    const project = wgProject[spec.wg];
    const members = wgMembers[spec.wg];
    // (A previous assignee may have left the WG since, e.g. on a personnel transfer.)
    if (spec.assignee && !members.has(spec.assignee)) fail(`${spec.key}: assignee ${spec.assignee} is not in ${spec.wg}`);
    const guestCanSee = (u: UserKey) => !USERS[userId[u] - 1].guest || (spec.vendor === true && members.has(u));
    if (!guestCanSee(spec.by)) fail(`${spec.key}: raised by a vendor who cannot see it`);
    for (const c of spec.comments ?? []) if (!guestCanSee(c.by)) fail(`${spec.key}: vendor comment on a hidden issue`);

    const closed = isClosed(spec.status);
    if (closed !== (spec.closed !== undefined)) fail(`${spec.key}: closed days must be given exactly for closed statuses`);
    const closedAt = closed ? at(-(spec.closed as number), 16, (i * 11) % 60) : null;
    const lastEvent = closedAt ?? at(-1, 18, 0);
    if (lastEvent <= createdAt) fail(`${spec.key}: closes before it is raised`);
    const span = lastEvent - createdAt;
    /** A moment `fraction` of the way through the issue's life, in office hours. */
    const during = (fraction: number, extra = 0) =>
      Math.min(lastEvent, Math.max(createdAt + MIN, officeHours(createdAt + span * fraction) + extra));
    const events: { at: number; row: () => void }[] = [];
    const journal = (when: number, field: string, oldValue: string | null, newValue: string | null, by: UserKey) =>
      events.push({
        at: when,
        row: () => {
          journalId += 1;
          d.issueJournal.push({ id: journalId, issueId: id, userId: userId[by], field, oldValue, newValue, createdAt: when });
        },
      });
    const actor = spec.assignee ?? wgLead(spec.wg);

    // Status history.
    const path = STATUS_PATHS[spec.status];
    let previous: IssueStatus = "未着手";
    path.forEach((status, j) => {
      const when = j === path.length - 1 && closedAt ? closedAt : during((j + 1) / (path.length + 1));
      const by = status === "完了" || status === "却下" ? wgLead(spec.wg) : actor;
      journal(when, "status", previous, status, by);
      previous = status;
    });
    if (spec.prevAssignee) {
      journal(during(0.45), "assigneeId", String(userId[spec.prevAssignee]), spec.assignee ? String(userId[spec.assignee]) : null, wgLead(spec.wg));
    }
    if (spec.prevPriority) {
      journal(during(0.6, 3 * MIN), "priority", spec.prevPriority, spec.priority, wgLead(spec.wg));
    }
    if (spec.prevBall) {
      journal(during(0.7, 5 * MIN), "ballHolderOrgId", String(orgId[spec.prevBall]), spec.ball ? String(orgId[spec.ball]) : null, actor);
    }

    // Carry-overs: postponed due dates (journaled too) and meetings the issue stayed open through.
    const postponements: IssueFact["postponements"] = [];
    const reasons = spec.postpone ?? [];
    if (reasons.length) {
      if (spec.due === null) fail(`${spec.key}: postponed without a due date`);
      const finalDue = spec.due as number;
      const step = Math.floor((finalDue + spec.created) / (reasons.length + 1));
      if (step < 1) fail(`${spec.key}: too many postponements for its life span`);
      const dues = reasons.map((_, k) => -spec.created + step * (k + 1)).concat(finalDue);
      let last = createdAt;
      reasons.forEach((reason, k) => {
        // Postponed on the day the old due date lapsed (or earlier, if that is still ahead).
        let when = Math.min(at(weekdayBefore(dues[k]), 17, 30), lastEvent - (reasons.length - k) * HOUR);
        when = Math.max(when, last + 30 * MIN);
        last = when;
        const fromDue = workDay(dues[k]);
        const toDue = workDay(dues[k + 1]);
        if (fromDue >= toDue) fail(`${spec.key}: a postponement must move the due date later`);
        const by = wgLead(spec.wg);
        postponements.push({ kind: "due_date", at: when, fromDue, toDue });
        events.push({
          at: when,
          row: () => {
            postponementId += 1;
            d.issuePostponement.push({
              id: postponementId, issueId: id, kind: "due_date", fromDue, toDue, reason, meetingId: null,
              userId: userId[by], createdAt: when,
            });
          },
        });
        journal(when, "dueOn", fromDue, toDue, by);
      });
    }
    for (const mc of meetingCarryOvers[spec.key] ?? []) {
      if (mc.at <= createdAt) fail(`${spec.key}: on the agenda of ${mc.meeting.key} before it was raised`);
      if (closedAt !== null && closedAt <= mc.at) continue; // closed in that meeting: not carried over
      postponements.push({ kind: "meeting", at: mc.at, fromDue: null, toDue: null });
      events.push({
        at: mc.at,
        row: () => {
          postponementId += 1;
          d.issuePostponement.push({
            id: postponementId, issueId: id, kind: "meeting", fromDue: null, toDue: null,
            // The meeting is cited by meetingId only: its title is not for everyone who reads the issue.
            reason: "結論に至らず、次回へ持ち越し", meetingId: meetingId[mc.meeting.key],
            userId: userId[mc.meeting.chair], createdAt: mc.at,
          });
        },
      });
    }

    // Comments, spread over the issue's life.
    const comments = spec.comments ?? [];
    comments.forEach((c, j) => {
      const when = during((j + 1) / (comments.length + 1), 7 * MIN);
      events.push({ at: when, row: () => pushComment({ issueId: id }, c, when) });
    });

    for (const e of events) if (e.at <= createdAt || e.at > lastEvent || e.at >= now) fail(`${spec.key}: event out of range`);
    events.sort((a, b) => a.at - b.at);
    postponements.sort((a, b) => a.at - b.at);

    d.issue.push({
      id, consortiumId: CONSORTIUM_ID, wgId: wgId[spec.wg], number: id, title: spec.title,
      body: spec.wg === "jumin" && !spec.vendor ? spec.body + HIDDEN_FROM_VENDOR_NOTE : spec.body,
      type: spec.type, status: spec.status, priority: spec.priority,
      assigneeId: spec.assignee ? userId[spec.assignee] : null, ballHolderOrgId: spec.ball ? orgId[spec.ball] : null,
      dueOn: spec.due === null ? null : workDay(spec.due), vendorVisible: spec.vendor ?? false,
      carryOverCount: postponements.length, createdBy: userId[spec.by], createdAt,
      updatedAt: events.length ? events[events.length - 1].at : createdAt, closedAt,
    });
    // Rows of the child tables are inserted table by table; keep each table in issue order.
    for (const t of spec.towns ?? projectTowns[project]) {
      if (!projectTowns[project].includes(t)) fail(`${spec.key}: ${t} is not in the project`);
      d.issueOrganization.push({ issueId: id, organizationId: orgId[t] });
    }
    for (const l of spec.labels ?? []) d.issueLabel.push({ issueId: id, labelId: labelId[l] });
    for (const e of events) e.row();

    const fact: IssueFact = {
      id, number: id, title: spec.title, wgId: wgId[spec.wg], createdAt, closedAt,
      dueOn: spec.due === null ? null : workDay(spec.due), ballOrgId: spec.ball ? orgId[spec.ball] : null, postponements,
    };
    issueFacts.push(fact);
    issueByKey[spec.key] = fact;
  });

  // Agenda items, attendees and sticky notes.
  const decisionId: Record<string, number> = {};
  DECISIONS.forEach((dec, i) => (decisionId[dec.key] = i + 1));
  let agendaId = 0;
  let noteId = 0;
  const noteIdByDecision: Record<string, number> = {};
  MEETINGS.forEach((m) => {
    const mid = meetingId[m.key];
    const { startsAt } = meetingTimes[m.key];
    const columnIds: number[] = [];
    m.agenda.forEach((a, position) => {
      agendaId += 1;
      columnIds.push(agendaId);
      const issue = a.issue ? issueByKey[a.issue] : undefined;
      if (a.issue && !issue) fail(`${m.key}: unknown agenda issue ${a.issue}`);
      if (issue && m.vendor && !ISSUES.find((s) => s.key === a.issue)?.vendor) fail(`${m.key}: hidden issue on a shared agenda`);
      d.agendaItem.push({ id: agendaId, meetingId: mid, position: position + 1, title: a.title ?? issue?.title ?? "", issueId: issue?.id ?? null });
    });
    const random = mulberry32(mid * 7919);
    for (const u of m.attendees) {
      let attendance: (typeof schema.ATTENDANCE)[number];
      if (u === m.chair) attendance = m.onlineUrl && !m.place ? "オンライン" : "出席";
      else if (USERS[userId[u] - 1].guest) attendance = m.when === "future" ? "未回答" : "オンライン";
      else if (m.when === "future") attendance = random() < 0.5 ? "出席" : random() < 0.5 ? "オンライン" : "未回答";
      else {
        const r = random();
        attendance = !m.place ? (r < 0.9 ? "オンライン" : "欠席") : r < 0.65 ? "出席" : r < 0.9 ? "オンライン" : "欠席";
      }
      d.meetingAttendee.push({ meetingId: mid, userId: userId[u], attendance });
    }
    const positions = new Map<number | null, number>();
    m.notes.forEach((n, j) => {
      if (!m.attendees.includes(n.by)) fail(`${m.key}: note by a non-attendee`);
      if (n.internal && USERS[userId[n.by] - 1].guest) fail(`${m.key}: vendor internal note`);
      noteId += 1;
      const position = (positions.get(n.col) ?? 0) + 1;
      positions.set(n.col, position);
      const text = n.internal ? `【内部メモ・非公開】${n.text}` : n.text;
      if ([...text].length > 400) fail(`${m.key}: note too long`);
      const createdAt = startsAt + (m.when === "live" ? (j + 1) * 3 * MIN : (j + 1) * 6 * MIN);
      if (createdAt >= now) fail(`${m.key}: note in the future`);
      if (n.decision) noteIdByDecision[n.decision] = noteId;
      d.stickyNote.push({
        id: noteId, meetingId: mid, authorId: userId[n.by], kind: n.kind, text, color: NOTE_COLORS[n.kind],
        agendaItemId: n.col === null ? null : columnIds[n.col], position, x: null, y: null, cluster: n.cluster ?? null,
        internal: n.internal ?? false, issueId: n.issue ? issueByKey[n.issue].id : null,
        decisionId: n.decision ? decisionId[n.decision] : null, version: 1, createdAt, updatedAt: createdAt, deletedAt: null,
      });
      if (n.issue) {
        // The issue was made from this note (付箋から作成): it cites the note by reference, as the app does.
        const made = d.issue.find((i) => i.id === issueByKey[n.issue!].id)!;
        Object.assign(made, { sourceMeetingId: mid, sourceNoteId: noteId });
      }
    });
    for (const c of confirmationsByMeeting[m.key]) {
      d.minutesConfirmation.push({ meetingId: mid, organizationId: orgId[c.town], confirmedBy: userId[TOWN_ADMIN[c.town]], confirmedAt: c.at });
    }
  });

  // Meeting comments.
  pushComment({ meetingId: meetingId["m-jumin5"] }, say("vA", "第5回の説明資料（縮退マップの考え方）を共有しました。"), at(-34, 11, 0));
  pushComment(
    { meetingId: meetingId["m-jumin6"] },
    say("pmo", "議事録（付箋）の確認をお願いします。東山村・中央町がまだ確認していません。"),
    at(-3, 9, 30),
  );

  // Decisions.
  const sequenceByYear = new Map<number, number>();
  const decisionFacts: DecisionFact[] = [];
  DECISIONS.forEach((dec, i) => {
    const id = i + 1;
    const project = dec.wg ? wgProject[dec.wg] : 1;
    const towns = projectTowns[project];
    const createdAt = at(weekdayBefore(-dec.created), dec.sourceMeeting ? 17 : 10, 30 + ((i * 7) % 30));
    if (dec.sourceMeeting && createdAt <= meetingTimes[dec.sourceMeeting].endsAt) fail(`${dec.key}: drafted before its meeting`);
    const fiscalYear = fiscalYearOf(dateOf(createdAt), FISCAL_YEAR_START);
    const sequence = (sequenceByYear.get(fiscalYear) ?? 0) + 1;
    sequenceByYear.set(fiscalYear, sequence);
    const number = `D-${fiscalYear}-${String(sequence).padStart(3, "0")}`;
    const consultAt = dec.consulted !== undefined ? at(weekdayAfter(-dec.consulted), 10, 30) : null;
    const decidedDay = dec.decided !== undefined ? weekdayBefore(-dec.decided) : null;
    const decidedAt = decidedDay !== null ? at(decidedDay, 17, 0) : null;
    const withdrawnAt = dec.withdrawn !== undefined ? at(weekdayBefore(-dec.withdrawn), 15, 0) : null;
    if (consultAt !== null && consultAt <= createdAt) fail(`${dec.key}: consulted before it was drafted`);
    if (consultAt !== null && (decidedAt ?? withdrawnAt ?? now) <= consultAt) fail(`${dec.key}: ended before consultation`);
    const reached = dec.status === "決定" || dec.status === "改定";
    if (reached !== (decidedAt !== null)) fail(`${dec.key}: decidedAt must be set exactly for 決定/改定`);
    const stanceWindowEnd = decidedAt ?? withdrawnAt ?? at(-1, 12, 0);

    const fact: DecisionFact = { id, number, title: dec.title, consultAt, decidedAt, endedAt: withdrawnAt, orgIds: [], history: [] };
    let lastTouch = Math.max(createdAt, decidedAt ?? 0, withdrawnAt ?? 0);
    towns.forEach((t, j) => {
      const oid = orgId[t];
      fact.orgIds.push(oid);
      d.decisionOrganization.push({ decisionId: id, organizationId: oid });
      const spec: StanceSpec = dec.stances[t] ?? (reached ? { stance: "賛成", approval: "決裁済" } : { stance: null, approval: "未説明" });
      if (reached && (spec.stance === null || !["賛成", "条件付賛成"].includes(spec.stance) || spec.approval !== "決裁済")) {
        fail(`${dec.key}: decided without every town's consent`);
      }
      const by = userId[TOWN_ADMIN[t]];
      const steps: { approval: Approval; at: number; approvedOn: string | null }[] = [];
      if (consultAt !== null && (spec.stance !== null || spec.approval !== "未説明")) {
        const window = stanceWindowEnd - consultAt;
        const inWindow = (fraction: number) =>
          Math.min(stanceWindowEnd - MIN, Math.max(consultAt + MIN, officeHours(consultAt + window * fraction)));
        const first = inWindow(0.15 + 0.1 * j);
        if (spec.approval === "決裁済") {
          const second = inWindow(0.55 + 0.08 * j);
          steps.push({ approval: "庁内説明中", at: first, approvedOn: null }, { approval: "決裁済", at: second, approvedOn: dateOf(second) });
        } else {
          steps.push({ approval: spec.approval, at: first, approvedOn: null });
        }
      }
      for (const s of steps) {
        d.decisionStanceHistory.push({
          id: d.decisionStanceHistory.length + 1, decisionId: id, organizationId: oid, stance: spec.stance,
          approval: s.approval, approvedOn: s.approvedOn, comment: spec.comment ?? "", recordedBy: by, createdAt: s.at,
        });
        fact.history.push({ orgId: oid, stance: spec.stance, at: s.at });
        lastTouch = Math.max(lastTouch, s.at);
      }
      const last = steps[steps.length - 1];
      d.decisionStance.push({
        decisionId: id, organizationId: oid, stance: spec.stance, approval: spec.approval,
        approvedOn: last?.approvedOn ?? null, comment: spec.comment ?? "", recordedBy: last ? by : null,
        recordedAt: last?.at ?? null,
      });
    });
    for (const link of dec.issues) d.decisionIssue.push({ decisionId: id, issueId: issueByKey[link.issue].id, relation: link.relation });
    (dec.comments ?? []).forEach((c, j) => {
      const author = USERS[userId[c.by] - 1];
      if (author.guest && !(dec.vendor && dec.wg && wgMembers[dec.wg].has(c.by))) fail(`${dec.key}: vendor comment on a hidden decision`);
      const end = Math.min(stanceWindowEnd, now - HOUR);
      const when = Math.min(end, officeHours(createdAt + ((end - createdAt) * (j + 1)) / ((dec.comments?.length ?? 0) + 1)));
      pushComment({ decisionId: id }, c, when);
      lastTouch = Math.max(lastTouch, when);
    });
    const supersededBy = DECISIONS.findIndex((o) => o.supersedes === dec.key);
    d.decision.push({
      id, consortiumId: CONSORTIUM_ID, projectId: project, wgId: dec.wg ? wgId[dec.wg] : null, number, fiscalYear, sequence,
      title: dec.title, body: dec.body, rationale: dec.rationale, optionsConsidered: dec.options ?? "", status: dec.status,
      rule: decidedAt !== null ? "unanimity" : null,
      sourceMeetingId: dec.sourceMeeting ? meetingId[dec.sourceMeeting] : null,
      sourceNoteId: noteIdByDecision[dec.key] ?? null,
      supersedesId: dec.supersedes ? decisionId[dec.supersedes] : null,
      supersededById: supersededBy >= 0 ? supersededBy + 1 : null,
      stanceDueOn: dec.stanceDue !== undefined ? workDay(dec.stanceDue) : null,
      effectiveOn: decidedDay !== null ? day(weekdayAfter(decidedDay + 1)) : null,
      reviewOn: dec.reviewIn !== undefined ? workDay(dec.reviewIn) : null,
      withdrawnReason: dec.withdrawnReason ?? null, vendorVisible: dec.vendor ?? false, decidedAt,
      createdBy: dec.wg ? userId[wgLead(dec.wg)] : userId.pmo, createdAt, updatedAt: lastTouch,
    });
    decisionFacts.push(fact);
  });
  // A superseded decision was last touched when its successor was decided.
  for (const row of d.decision) {
    if (row.supersededById) {
      const successor = d.decision[row.supersededById - 1];
      row.updatedAt = Math.max(row.updatedAt as number, successor.decidedAt ?? 0);
    }
  }

  // Progress reports: two published (two months ago, last month), this month's draft.
  const p1Wgs = WGS.filter((w) => w.project === 1).map((w) => ({ id: wgId[w.key], name: w.name }));
  const p1Milestones = d.milestone.filter((m) => m.projectId === 1);
  const towns1 = projectTowns[1].map((t) => orgId[t]);
  const snapshotAt = (t: number) => takeSnapshot(t, dateOf(t), p1Wgs, issueFacts, decisionFacts, towns1, orgName, p1Milestones);
  // Hand-written lines stay true whatever `now` is; everything dated comes from the data.
  const reports: { monthOffset: number; published: boolean; lead: string; moves: string[] }[] = [
    {
      monthOffset: -2, published: true,
      lead: "RFIの結果を踏まえ、要求仕様書（案）の作成を進めています。各WGでは標準仕様書とのFit&Gapの確認と、費用按分の論点整理を並行して行っています。",
      moves: [
        "住民記録WG：異動処理のFit&Gap分析を取りまとめ中（Fit率 約92%）",
        "税務WG：納税通知書を共同外部印刷の対象から外す方向で検討",
        "共通基盤WG：ガバメントクラウド接続回線の見積を取得し、按分方式の検討を開始",
      ],
    },
    {
      monthOffset: -1, published: true,
      lead: "要求仕様書（案）の確定に向けて、各WGの論点を整理しています。外字と帳票の扱いは合意が進む一方、費用按分は町村の庁内説明に時間を要しています。",
      moves: [
        "住民記録WG：外字の同定基準を決定事項として協議",
        "共通基盤WG：接続回線と運用保守費の按分方式を検討",
        "福祉WG：障害者福祉システムのFit&Gapを実施中（西原市の単独事業の整理に遅れ）",
      ],
    },
    {
      monthOffset: 0, published: false,
      lead: "（作成中）月末に数値を確定して公開します。",
      moves: ["住民記録WG：転出証明書の様式統一を起案", "税務WG：特別徴収・eLTAX連携の機能検証を実施"],
    },
  ];
  reports.forEach((r, i) => {
    const periodStart = clock.monthStart(r.monthOffset);
    const period = dateOf(periodStart).slice(0, 7);
    const [y, mo] = period.split("-").map(Number);
    const takenAt = r.published ? clock.monthStart(r.monthOffset + 1) - 7 * HOUR : roundMin(now) - HOUR;
    const publishedAt = r.published ? Math.min(takenAt + 2 * DAY + HOUR, roundMin(now) - HOUR) : null;
    const snap = snapshotAt(takenAt);
    const decided = decisionFacts
      .filter((f) => f.decidedAt !== null && f.decidedAt >= periodStart && f.decidedAt <= takenAt)
      .map((f) => `${f.number} ${f.title}`);
    const asks = snap.pending.map((p) => `${p.number} ${p.title}：${p.towns.join("・")}の意思表示（庁内決裁）をお願いします`);
    const risks = snap.risks.map((x) => `#${x.number} ${x.title}（持ち越し${x.carried}回${x.overdue ? "・期限超過" : ""}）`);
    const totals = snap.snapshot.wgs.reduce(
      (a, w) => ({ open: a.open + w.open, closed: a.closed + w.closed, overdue: a.overdue + w.overdue, carriedOver: a.carriedOver + w.carriedOver }),
      { open: 0, closed: 0, overdue: 0, carriedOver: 0 },
    );
    const pendingTotal = snap.snapshot.decisionsPendingByTown.reduce((a, t) => a + t.pending, 0);
    const narrative = [
      `## ${y}年${mo}月の概況`,
      r.lead,
      "",
      "| 指標 | 件数 |",
      "|---|---|",
      `| 未完了の課題 | ${totals.open} |`,
      `| うち期限超過 | ${totals.overdue} |`,
      `| うち持ち越しあり | ${totals.carriedOver} |`,
      `| 完了・解決した課題（累計） | ${totals.closed} |`,
      `| 各団体の意思表示待ち（決定事項） | ${pendingTotal} |`,
      "",
      "## 決まったこと",
      ...(decided.length ? decided.map((x) => `- ${x}`) : ["- この期間に決定した事項はありません"]),
      "",
      "## 主な動き",
      ...r.moves.map((m) => `- ${m}`),
      "",
      "## リスク（持ち越しの多い課題）",
      ...(risks.length ? risks.map((x) => `- ${x}`) : ["- 特になし"]),
      "",
      "## 推進本部へのお願い",
      ...(asks.length ? asks.map((a) => `- ${a}`) : ["- 特になし"]),
      "",
    ].join("\n");
    const createdAt = takenAt;
    d.progressReport.push({
      id: i + 1, consortiumId: CONSORTIUM_ID, projectId: 1, period,
      title: `${y}年${mo}月 進捗報告（基幹業務システム共同化（第2期））`, narrative, audienceRank: "経営層",
      snapshot: snap.snapshot, lights: snap.lights, highlights: { decided, risks, asks },
      status: r.published ? "公開" : "下書き", correctsId: null,
      publishedBy: r.published ? userId.pmo : null, publishedAt, createdBy: userId.pmo, createdAt,
      updatedAt: publishedAt ?? createdAt,
    });
  });

  return d;
}

/** The figures a report freezes, as they stood at moment `t`. */
function takeSnapshot(
  t: number,
  today: string,
  wgs: { id: number; name: string }[],
  issues: IssueFact[],
  decisions: DecisionFact[],
  townIds: number[],
  orgName: (id: number) => string,
  milestones: Row<typeof schema.milestone>[],
) {
  const dueAt = (f: IssueFact) => {
    const moves = f.postponements.filter((p) => p.kind === "due_date");
    if (!moves.length) return f.dueOn;
    let due = moves[0].fromDue;
    for (const p of moves) if (p.at <= t) due = p.toDue;
    return due;
  };
  const openAt = (f: IssueFact) => f.createdAt <= t && (f.closedAt === null || f.closedAt > t);
  const carriedAt = (f: IssueFact) => f.postponements.filter((p) => p.at <= t).length;
  const overdueAt = (f: IssueFact) => {
    const due = dueAt(f);
    return openAt(f) && due !== null && due < today;
  };
  const wgRows = wgs.map((w) => {
    const mine = issues.filter((f) => f.wgId === w.id);
    return {
      wgId: w.id,
      name: w.name,
      open: mine.filter(openAt).length,
      closed: mine.filter((f) => f.closedAt !== null && f.closedAt <= t).length,
      overdue: mine.filter(overdueAt).length,
      carriedOver: mine.filter((f) => openAt(f) && carriedAt(f) > 0).length,
    };
  });
  const consenting = (dec: DecisionFact, orgId: number) => {
    let stance: Stance | null = null;
    for (const h of dec.history) if (h.orgId === orgId && h.at <= t) stance = h.stance;
    return stance === "賛成" || stance === "条件付賛成";
  };
  const inConsultation = decisions.filter(
    (dec) => dec.consultAt !== null && dec.consultAt <= t && !(dec.decidedAt !== null && dec.decidedAt <= t) && !(dec.endedAt !== null && dec.endedAt <= t),
  );
  const pendingByTown = townIds.map((orgId) => ({
    organizationId: orgId,
    name: orgName(orgId),
    pending: inConsultation.filter((dec) => dec.orgIds.includes(orgId) && !consenting(dec, orgId)).length,
  }));
  const wgLights = Object.fromEntries(
    wgRows.map((w) => {
      const light = w.overdue >= 3 ? "遅延" : w.overdue >= 1 || w.carriedOver >= 3 ? "注意" : "順調";
      const reason = light === "順調" ? "期限超過の課題なし" : `期限超過${w.overdue}件・持ち越し中${w.carriedOver}件`;
      return [String(w.wgId), { light, reason }];
    }),
  );
  const townLights = Object.fromEntries(
    pendingByTown.map((p) => {
      const overdueBall = issues.filter((f) => f.ballOrgId === p.organizationId && overdueAt(f)).length;
      const score = p.pending + overdueBall;
      const light = score >= 3 ? "遅延" : score >= 1 ? "注意" : "順調";
      return [String(p.organizationId), { light, reason: `意思表示待ちの決定事項${p.pending}件・ボールを持つ期限超過の課題${overdueBall}件` }];
    }),
  );
  const wgIds = new Set(wgs.map((w) => w.id));
  const risks = issues
    .filter((f) => wgIds.has(f.wgId) && openAt(f) && carriedAt(f) > 0)
    .map((f) => ({ number: f.number, title: f.title, carried: carriedAt(f), overdue: overdueAt(f) }))
    .sort((a, b) => b.carried - a.carried || Number(b.overdue) - Number(a.overdue) || a.number - b.number)
    .slice(0, 3);
  const pending = inConsultation
    .map((dec) => ({
      number: dec.number,
      title: dec.title,
      towns: dec.orgIds.filter((o) => !consenting(dec, o)).map(orgName),
    }))
    .filter((p) => p.towns.length > 0);
  return {
    snapshot: {
      takenAt: t,
      wgs: wgRows,
      decisionsPendingByTown: pendingByTown,
      milestones: milestones.map((m) => ({
        name: m.name,
        dueOn: m.dueOn,
        doneOn: m.doneOn && m.doneOn <= today ? m.doneOn : null,
      })),
    },
    lights: { wgs: wgLights, towns: townLights },
    risks,
    pending,
  };
}

// ---------------------------------------------------------------------------------------
// CLI: `tsx db/seed.ts` (npm run db:seed) migrates, then seeds an empty database.

// Run as a script (`tsx db/seed.ts`); never when bundled into the server.
if (import.meta.url.endsWith("/db/seed.ts") && process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { db, migrateWith, readConnection } = await import("../app/utils/db.server");
  const { migrateDatabase } = await import("./migrate");
  migrateWith(migrateDatabase);
  if (isSeeded(db)) {
    console.log("The database already holds a consortium; demo data not added.");
  } else {
    await seedDemoConsortium();
    const count = (table: string) => (readConnection.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    const tables = [
      "organization", "user", "project", "milestone", "working_group", "wg_membership", "label", "issue", "issue_journal",
      "issue_postponement", "comment", "meeting", "agenda_item", "sticky_note", "minutes_confirmation", "decision",
      "decision_stance", "decision_stance_history", "progress_report",
    ];
    console.log("Seeded the demo consortium 「さくら広域自治体クラウド協議会」:");
    console.log(tables.map((t) => `  ${t}: ${count(t)}`).join("\n"));
    console.log(`Demo logins (password: ${DEMO_PASSWORD}):`);
    for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(36)} ${l.label}`);
  }
}
