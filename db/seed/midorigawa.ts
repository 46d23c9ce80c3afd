// The demo's second, small consortium: three towns procuring their core systems together
// (基幹系システム共同調達). It is there so that switching consortia and their isolation can
// be seen: two people of the first consortium take part in it too (北川市's 阿部 悠斗 and the
// vendor's 伊藤 大輔), each with one account and a second membership of their own here.
// Nothing here points at a row of the first consortium except those two accounts; its ids
// follow the first consortium's, whatever their number.
import { fiscalYear } from "../../app/utils/dates";
import { accountRow, consortiumRoleRow, consortiumRow, organizationRow, userRow, wgMembershipRow } from "../factories/consortium";
import { commentRow, issueRow } from "../factories/issue";
import { labelRow, milestoneRow, projectRow, workingGroupRow } from "../factories/project";
import type * as schema from "../schema/index";
import { MIN } from "./clock";
import { type Build, FISCAL_YEAR_START } from "./context";
import type { IssueStatus, IssueType, Priority } from "./issues";
import { MEMO_HEADING } from "./keys";
import { ORGS } from "./organizations";

export const MIDORIGAWA_ID = 2;
export const MIDORIGAWA_NAME = "みどり川流域 基幹系システム共同調達協議会";

type OrgKey = "kita" | "midori" | "aoba" | "office" | "vendor";
type UserKey = "pmo" | "midoriAdmin" | "aobaAdmin" | "kIt" | "vendor";
type LabelKey = "spec" | "cost" | "mig";

const kitagawa = ORGS.find((o) => o.key === "kita")!;

const ORGANIZATIONS: { key: OrgKey; kind: (typeof schema.ORGANIZATION_KINDS)[number]; name: string; kana: string; lgCode?: string; population?: number }[] = [
  // 北川市 takes part in both consortia: the same town, a row of this consortium's own.
  { key: "kita", kind: "municipality", name: kitagawa.name, kana: kitagawa.kana, lgCode: kitagawa.lgCode, population: kitagawa.population },
  // Fictional, in the same fictional prefecture (48) as the first consortium, with valid check digits.
  { key: "midori", kind: "municipality", name: "緑川町", kana: "みどりかわちょう", lgCode: "484431", population: 9_862 },
  { key: "aoba", kind: "municipality", name: "青葉村", kana: "あおばむら", lgCode: "484628", population: 2_417 },
  { key: "office", kind: "other", name: "協議会事務局", kana: "きょうぎかいじむきょく" },
  { key: "vendor", kind: "vendor", name: "株式会社さくらシステムズ", kana: "さくらしすてむず" },
];
const TOWNS: OrgKey[] = ["kita", "midori", "aoba"];

/** `shared`: the person's account is the one of their membership in the first consortium. */
const PEOPLE: {
  key: UserKey;
  email: string;
  org: OrgKey;
  name: string;
  kana: string;
  dept: string;
  rank: (typeof schema.RANKS)[number];
  role?: (typeof schema.CONSORTIUM_ROLES)[number];
  orgAdmin?: boolean;
  guest?: boolean;
  shared?: boolean;
}[] = [
  { key: "pmo", email: "pmo@midorigawa.demo.renkei.jp", org: "office", name: "小松 直子", kana: "こまつ なおこ", dept: "協議会事務局（緑川町 企画財政課から派遣）", rank: "所属長", role: "pmo", orgAdmin: true },
  { key: "midoriAdmin", email: "admin@midorigawa-town.demo.renkei.jp", org: "midori", name: "大野 健二", kana: "おおの けんじ", dept: "総務課", rank: "所属長", orgAdmin: true },
  { key: "aobaAdmin", email: "admin@aoba.demo.renkei.jp", org: "aoba", name: "村上 さおり", kana: "むらかみ さおり", dept: "総務企画課", rank: "所属長", orgAdmin: true },
  { key: "kIt", email: "it@kitagawa.demo.renkei.jp", org: "kita", name: "阿部 悠斗", kana: "あべ ゆうと", dept: "情報政策課", rank: "担当者", shared: true },
  { key: "vendor", email: "vendor@vendor-a.demo.renkei.jp", org: "vendor", name: "伊藤 大輔", kana: "いとう だいすけ", dept: "公共ソリューション事業部", rank: "担当者", guest: true, shared: true },
];

const LABELS: { key: LabelKey; name: string; color: string }[] = [
  { key: "spec", name: "仕様書", color: "#2563eb" },
  { key: "cost", name: "費用按分", color: "#ca8a04" },
  { key: "mig", name: "データ移行", color: "#7c3aed" },
];

const WG = {
  name: "調達仕様WG",
  description: "RFIの回答を比較し、標準仕様書との差異・経費の按分・データ移行の範囲を整理して、3団体連名の要求仕様書にまとめます。",
  lead: "midoriAdmin" as UserKey,
  members: ["pmo", "aobaAdmin", "kIt"] as UserKey[],
  guests: ["vendor"] as UserKey[],
};

interface Said {
  by: UserKey;
  text: string;
  internal?: boolean;
  answer?: boolean;
}
const say = (by: UserKey, text: string): Said => ({ by, text });
const memo = (by: UserKey, text: string): Said => ({ by, text, internal: true });
const answer = (by: UserKey, text: string): Said => ({ by, text, answer: true });

/** `created`/`closed`: days ago; `due`: days from today. Numbered in this order, from #1. */
const ISSUES: {
  title: string;
  type: IssueType;
  status: IssueStatus;
  priority: Priority;
  by: UserKey;
  assignee: UserKey | null;
  ball: OrgKey | null;
  created: number;
  closed?: number;
  due: number | null;
  vendor?: boolean;
  labels?: LabelKey[];
  towns?: OrgKey[];
  body: string;
  comments?: Said[];
}[] = [
  {
    title: "RFI回答の比較（標準準拠システム3社）", type: "課題", status: "解決", priority: "高",
    by: "pmo", assignee: "pmo", ball: "office", created: 150, closed: 96, due: -100, labels: ["spec"],
    body: "## 概要\n3社から受けたRFI回答を、機能・標準仕様への準拠状況・概算費用・移行支援の4観点で比較表にまとめる。\n\n## 論点\n- 概算費用の前提（利用者数・端末数）が各社で異なる\n- ガバメントクラウド利用料を含むかどうか\n",
    comments: [
      say("pmo", "比較表（案）を共有フォルダに置きました。費用は5年間の総額に揃えています。"),
      say("midoriAdmin", "緑川町は端末台数を42台で回答しています。各社の前提と合わせて確認してください。"),
      say("pmo", "前提を揃えた比較表で3団体の確認が取れたため、解決とします。"),
    ],
  },
  {
    title: "標準仕様書との差異の洗い出し（住民記録・税務）", type: "課題", status: "対応中", priority: "高",
    by: "midoriAdmin", assignee: "kIt", ball: "kita", created: 80, due: 9, labels: ["spec"],
    body: "## 概要\n現行の業務運用のうち、標準仕様書に定めのない機能・帳票を洗い出し、要求仕様書に書くかどうかを整理する。\n\n## 論点\n- 北川市は現行で独自帳票が多い\n- 標準仕様書の「実装してもしなくてもよい機能」の扱い\n",
    comments: [
      say("kIt", "北川市分の一覧（住民記録 18件、税務 26件）を作成しました。"),
      say("aobaAdmin", "青葉村は標準の帳票で運用できる見込みです。差異は3件だけでした。"),
    ],
  },
  {
    title: "経費按分の考え方（均等割と人口割の比率）", type: "懸案", status: "対応中", priority: "高",
    by: "aobaAdmin", assignee: "pmo", ball: "office", created: 62, due: 16, labels: ["cost"],
    body: "## 概要\n共同調達の構築費・運用費を3団体でどう按分するか。人口の差が大きい（約8万人・約1万人・約2千人）ため、比率の決め方で負担が大きく変わる。\n\n## 論点\n- 均等割と人口割の比率（3:7、5:5 など）\n- 団体ごとの独自機能の費用は按分から外すか\n",
    comments: [
      say("aobaAdmin", "青葉村は人口割を厚くしていただかないと、予算の確保が難しい状況です。"),
      say("kIt", "北川市は3:7（均等割:人口割）までは庁内で説明できる見込みです。"),
      memo("pmo", "北川市の財政課は2:8を求める可能性がある。按分案は3団体の予算査定の日程が出てから示す。"),
    ],
  },
  {
    title: "データ移行の範囲（過去何年分の履歴を移行するか）", type: "質問", status: "解決", priority: "中",
    by: "vendor", assignee: "pmo", ball: "vendor", created: 40, closed: 12, due: -14, vendor: true, labels: ["mig"],
    body: "## 質問\n見積の前提として、移行対象とする履歴データの範囲を確認させてください。\n\n- 住民記録：除票を含めて何年分か\n- 税務：過年度の課税データを何年度分移行するか\n",
    comments: [
      say("vendor", "範囲によって移行費用が大きく変わるため、見積の前に確定をお願いします。"),
      answer("pmo", "**回答**：住民記録は除票を含めて**5年分**、税務は**過去5年度分**を移行対象とします（3団体で合意済み）。"),
      say("vendor", "承知しました。この前提で見積を作成します。"),
    ],
  },
  {
    title: "ガバメントクラウド利用料の試算の前提", type: "課題", status: "回答待ち", priority: "中",
    by: "pmo", assignee: "midoriAdmin", ball: "vendor", created: 21, due: 6, vendor: true, labels: ["cost"],
    body: "## 概要\n運用費の比較に必要なため、ガバメントクラウド利用料の試算（3団体分の合計と団体別の内訳）の提示を事業者に依頼する。\n\n## 論点\n- 共同利用で削減できる部分の見込み\n- 団体別の内訳の出し方\n",
    comments: [
      say("midoriAdmin", "3団体の利用者数と端末台数の一覧をお送りしました。"),
      say("vendor", "来週中に試算をお示しします。団体別の内訳は利用者数で按分した参考値になります。"),
    ],
  },
  {
    title: "各団体の現行システムの契約満了時期と解約条件の確認", type: "課題", status: "未着手", priority: "中",
    by: "pmo", assignee: "kIt", ball: "kita", created: 3, due: 12, towns: ["kita"],
    body: "## 概要\n切替時期を決めるため、各団体の現行システムの契約満了時期と、中途解約の条件（違約金の有無）を確認する。北川市分から先に確認をお願いしたい。\n",
  },
  {
    title: "標準仕様書の改定への追従と改定時の費用負担", type: "リスク", status: "未着手", priority: "低",
    by: "aobaAdmin", assignee: null, ball: "office", created: 30, due: null, labels: ["spec", "cost"],
    body: "## 概要\n契約期間中に標準仕様書が改定された場合、その対応費用を誰がどのように負担するかが決まっていない。要求仕様書と契約書案に書き方を決めておく必要がある。\n",
  },
];

export function buildMidorigawa(b: Build) {
  const { d, at, day, weekdayBefore, officeHours, workDay, fail, passwordHash } = b;
  /** The id after every row of a table built so far: the first consortium's ids are never reused. */
  const after = (rows: { id?: number }[]) => Math.max(0, ...rows.map((r) => r.id ?? 0)) + 1;
  const founded = at(-365, 10, 0);

  d.consortium.push(consortiumRow({
    id: MIDORIGAWA_ID,
    name: MIDORIGAWA_NAME,
    legalForm: "任意協議会",
    fiscalYearStartMonth: FISCAL_YEAR_START,
    decisionRule: "unanimity",
    discussionRules: [
      "- 3団体は規模に関係なく対等に発言する",
      "- 事業者への質問・回答は事務局を通し、課題として記録する",
      "- 決まったことは、その場で決定事項に残す",
    ].join("\n"),
    createdAt: founded,
  }));

  const orgId = {} as Record<OrgKey, number>;
  const firstOrg = after(d.organization);
  ORGANIZATIONS.forEach((o, i) => {
    orgId[o.key] = firstOrg + i;
    d.organization.push(organizationRow({
      id: firstOrg + i, consortiumId: MIDORIGAWA_ID, kind: o.kind, name: o.name, nameKana: o.kana,
      lgCode: o.lgCode ?? null, population: o.population ?? null, createdAt: founded + (i + 1) * MIN,
    }));
  });

  // People: a new account for the new ones; the two who are also in the first consortium keep theirs.
  const guestAccessUntil = `${fiscalYear(day(0), FISCAL_YEAR_START) + 1}-03-31`;
  const userId = {} as Record<UserKey, number>;
  let nextAccount = after(d.account);
  const firstUser = after(d.user);
  PEOPLE.forEach((p, i) => {
    const id = firstUser + i;
    userId[p.key] = id;
    const createdAt = at(-360, 9, i);
    const existing = d.account.find((a) => a.email === p.email);
    if ((p.shared ?? false) !== (existing !== undefined)) fail(`${p.email}: ${p.shared ? "has no account in the first consortium" : "already has an account"}`);
    let accountId = existing?.id;
    if (accountId === undefined) {
      accountId = nextAccount++;
      d.account.push(accountRow({ id: accountId, email: p.email, passwordHash, locale: "ja", operator: false, lastUserId: null, createdAt }));
    } else {
      // Their sign-in lands in the first consortium, where they have been longest.
      const first = d.user.find((u) => u.accountId === accountId)!;
      existing!.lastUserId = first.id;
    }
    d.user.push(userRow({
      id, accountId, consortiumId: MIDORIGAWA_ID, organizationId: orgId[p.org], displayName: p.name, displayNameKana: p.kana,
      department: p.dept, rank: p.rank, active: true, orgAdmin: p.orgAdmin ?? false,
      accessUntil: p.guest ? guestAccessUntil : null, lastLoginAt: null, createdAt,
    }));
    d.consortiumRole.push(consortiumRoleRow({ userId: id, consortiumId: MIDORIGAWA_ID, role: p.role ?? "member", createdAt }));
  });

  // The project, its towns and milestones.
  const year = fiscalYear(day(0), FISCAL_YEAR_START);
  const projectId = after(d.project);
  d.project.push(projectRow({
    id: projectId, consortiumId: MIDORIGAWA_ID, phase: "調達",
    // 令和 N 年度 = fiscal year 2018 + N.
    name: `基幹系システム共同調達（令和${year - 2018}〜${year - 2017}年度）`,
    description: "北川市・緑川町・青葉村の基幹系システム（住民記録・税務・福祉）を、標準準拠システムとして3団体連名で共同調達する。RFIの結果を踏まえて要求仕様書を取りまとめ、入札・契約までを扱う。",
    startsOn: day(-330), endsOn: `${year + 1}-03-31`, createdAt: at(-330, 10, 0),
  }));
  for (const t of TOWNS) d.projectOrganization.push({ projectId, organizationId: orgId[t] });
  const firstMilestone = after(d.milestone);
  [
    { name: "RFIの実施・結果の取りまとめ", dueOn: workDay(-95), doneOn: workDay(-96) },
    { name: "要求仕様書の確定・入札公告（3団体連名）", dueOn: workDay(75), doneOn: null },
  ].forEach((m, i) => d.milestone.push(milestoneRow({ id: firstMilestone + i, projectId, ...m, fixed: false, createdAt: at(-330, 11, i) })));

  // The working group: the 緑川町 admin leads, the vendor is a guest.
  const wgId = after(d.workingGroup);
  const wgCreated = at(-320, 10, 0);
  d.workingGroup.push(workingGroupRow({ id: wgId, consortiumId: MIDORIGAWA_ID, projectId, name: WG.name, description: WG.description, archived: false, createdAt: wgCreated }));
  const roles: [UserKey, "lead" | "member" | "guest"][] = [
    [WG.lead, "lead"],
    ...WG.members.map((u): [UserKey, "member"] => [u, "member"]),
    ...WG.guests.map((u): [UserKey, "guest"] => [u, "guest"]),
  ];
  roles.forEach(([u, role], j) => d.wgMembership.push(wgMembershipRow({ wgId, userId: userId[u], role, createdAt: wgCreated + (j + 1) * MIN })));

  const labelId = {} as Record<LabelKey, number>;
  const firstLabel = after(d.label);
  LABELS.forEach((l, i) => {
    labelId[l.key] = firstLabel + i;
    d.label.push(labelRow({ id: firstLabel + i, consortiumId: MIDORIGAWA_ID, name: l.name, color: l.color }));
  });

  // Issues, numbered from #1 in this consortium, with their status history and comments.
  const isGuest = (u: UserKey) => WG.guests.includes(u);
  const STATUS_PATHS: Record<IssueStatus, IssueStatus[]> = {
    未着手: [], 対応中: ["対応中"], 回答待ち: ["対応中", "回答待ち"], 解決: ["対応中", "解決"], 完了: ["対応中", "解決", "完了"], 却下: ["却下"],
  };
  const firstIssue = after(d.issue);
  let journalId = after(d.issueJournal);
  let commentId = after(d.comment);
  ISSUES.forEach((spec, i) => {
    const id = firstIssue + i;
    const number = i + 1;
    if (!spec.vendor && (isGuest(spec.by) || spec.comments?.some((c) => isGuest(c.by)))) fail(`#${number}: a vendor on an issue not shared with vendors`);
    if (spec.comments?.some((c) => c.internal && isGuest(c.by))) fail(`#${number}: a vendor cannot write an internal memo`);
    const createdAt = at(weekdayBefore(-spec.created), 9 + (i % 6), (i * 13) % 60);
    const closedAt = spec.closed === undefined ? null : at(weekdayBefore(-spec.closed), 16, (i * 7) % 60);
    const lastEvent = closedAt ?? at(-1, 18, 0);
    if (lastEvent <= createdAt) fail(`#${number}: closes before it is raised`);
    const during = (fraction: number) => Math.min(lastEvent, Math.max(createdAt + MIN, officeHours(createdAt + (lastEvent - createdAt) * fraction)));

    const path = STATUS_PATHS[spec.status];
    const statusChanges = path.map((status, j) => ({
      status, from: j === 0 ? "未着手" : path[j - 1],
      at: j === path.length - 1 && closedAt ? closedAt : during((j + 1) / (path.length + 1)),
    }));
    const comments = (spec.comments ?? []).map((c, j) => ({ c, at: during((j + 1) / ((spec.comments ?? []).length + 1)) }));
    const lastChange = Math.max(createdAt, ...statusChanges.map((s) => s.at), ...comments.map((c) => c.at));

    d.issue.push(issueRow({
      id, consortiumId: MIDORIGAWA_ID, wgId, number, title: spec.title, body: spec.body,
      type: spec.type, status: spec.status, priority: spec.priority,
      assigneeId: spec.assignee ? userId[spec.assignee] : null, ballHolderOrgId: spec.ball ? orgId[spec.ball] : null,
      dueOn: spec.due === null ? null : workDay(spec.due), vendorVisible: spec.vendor ?? false, carryOverCount: 0,
      createdBy: userId[spec.by], createdAt, updatedAt: lastChange, closedAt,
    }));
    for (const t of spec.towns ?? TOWNS) d.issueOrganization.push({ issueId: id, organizationId: orgId[t] });
    for (const l of spec.labels ?? []) d.issueLabel.push({ issueId: id, labelId: labelId[l] });
    for (const s of statusChanges) {
      d.issueJournal.push({ id: journalId++, issueId: id, userId: userId[spec.assignee ?? WG.lead], field: "status", oldValue: s.from, newValue: s.status, createdAt: s.at });
    }
    for (const { c, at: when } of comments) {
      d.comment.push(commentRow({
        id: commentId++, consortiumId: MIDORIGAWA_ID, issueId: id, decisionId: null, meetingId: null,
        body: c.internal ? `${MEMO_HEADING}\n\n${c.text}` : c.text, internal: c.internal ?? false, isAnswer: c.answer ?? false,
        authorId: userId[c.by], createdAt: when, updatedAt: when, deletedAt: null,
      }));
    }
  });
}
