// Projects with their milestones and towns, working groups with their members, and labels.
import { wgMembershipRow } from "../factories/consortium";
import { labelRow, milestoneRow, projectRow, workingGroupRow } from "../factories/project";
import { DAY, MIN } from "./clock";
import { type Build, CONSORTIUM_ID } from "./context";
import type { LabelKey, UserKey, WgKey } from "./keys";

export const WGS: {
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


export const LABELS: { key: LabelKey; name: string; color: string }[] = [
  { key: "std", name: "標準化対応", color: "#2563eb" },
  { key: "form", name: "帳票", color: "#0891b2" },
  { key: "mig", name: "データ移行", color: "#7c3aed" },
  { key: "cust", name: "カスタマイズ要望", color: "#dc2626" },
  { key: "fg", name: "Fit&Gap", color: "#16a34a" },
  { key: "add", name: "追加要望", color: "#ea580c" },
  { key: "cost", name: "費用按分", color: "#ca8a04" },
  { key: "sec", name: "セキュリティ", color: "#475569" },
];

export function buildProjects(b: Build) {
  const { d, at, day, workDay, orgId, userId, projectTowns, wgId, wgProject, wgMembers, labelId } = b;
  // Projects and milestones.
  const cutoverYear = Number(day(0).slice(0, 4)) + 1;
  const cutover = `${cutoverYear}-12-29`;
  const rehearsal = new Date(Date.UTC(cutoverYear, 11, 29) - 60 * DAY).toISOString().slice(0, 10);
  d.project.push(
    projectRow({
      id: 1, consortiumId: CONSORTIUM_ID, name: "基幹業務システム共同化（第2期）", phase: "調達",
      description:
        "5団体の基幹業務システム（住民記録・税務・福祉）を、標準準拠システムとしてガバメントクラウド上で共同利用する。第2期は共同調達から本番切替までを扱う。",
      startsOn: day(-400), endsOn: `${cutoverYear + 1}-03-31`, createdAt: at(-400, 10, 0),
    }),
    projectRow({
      id: 2, consortiumId: CONSORTIUM_ID, name: "文書管理システム共同利用", phase: "構想計画",
      description: "北川市・東山村・中央町の文書管理・電子決裁システムの共同利用に向けて、現行調査と基本構想の策定を行う。",
      startsOn: day(-90), endsOn: null, createdAt: at(-90, 10, 0),
    }),
  );
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
    d.milestone.push(milestoneRow({
      id: i + 1, projectId: m.project, name: m.name, dueOn: m.dueOn, doneOn: m.doneOn ?? null, fixed: m.fixed ?? false,
      createdAt: at(m.project === 1 ? -400 : -90, 11, i),
    })),
  );

  // Working groups and memberships.
  WGS.forEach((w, i) => {
    wgId[w.key] = i + 1;
    wgProject[w.key] = w.project;
    const createdAt = w.project === 1 ? at(-380, 10, i) : at(-88, 10, i);
    d.workingGroup.push(workingGroupRow({
      id: i + 1, consortiumId: CONSORTIUM_ID, projectId: w.project, name: w.name, description: w.description,
      archived: false, createdAt,
    }));
    const roles: [UserKey, "lead" | "member" | "guest"][] = [
      [w.lead, "lead"],
      ...w.members.map((m): [UserKey, "member"] => [m, "member"]),
      ...w.guests.map((g): [UserKey, "guest"] => [g, "guest"]),
    ];
    wgMembers[w.key] = new Set(roles.map(([u]) => u));
    roles.forEach(([u, role], j) => d.wgMembership.push(wgMembershipRow({ wgId: i + 1, userId: userId[u], role, createdAt: createdAt + (j + 1) * MIN })));
  });

  LABELS.forEach((l, i) => {
    labelId[l.key] = i + 1;
    d.label.push(labelRow({ id: i + 1, consortiumId: CONSORTIUM_ID, name: l.name, color: l.color }));
  });
}
