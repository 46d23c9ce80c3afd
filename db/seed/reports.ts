// Progress reports: two published (two months ago, last month) and this month's draft, each
// with the figures frozen as they stood when it was taken.
import { reportRow } from "../factories/report";
import { suggestLights, type Highlights, type Lights, type Org, type ProjectFigures, type WgFigures } from "../../app/domain/report";
import type * as schema from "../schema/index";
import { DAY, HOUR, roundMin } from "./clock";
import { type Build, CONSORTIUM_ID, type DecisionFact, type IssueFact, type Row, type Stance } from "./context";
import { WGS } from "./projects";

export function buildReports(b: Build) {
  const { d, now, clock, dateOf, orgId, userId, orgName, projectTowns, wgId, issueFacts, decisionFacts } = b;
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
    d.progressReport.push(reportRow({
      id: i + 1, consortiumId: CONSORTIUM_ID, projectId: 1, period,
      title: `${y}年${mo}月 進捗報告（基幹業務システム共同化（第2期））`, narrative, audienceRank: "経営層",
      snapshot: snap.snapshot, lights: snap.lights, highlights: { decided, risks, asks } satisfies Highlights,
      status: r.published ? "公開" : "下書き", correctsId: null,
      publishedBy: r.published ? userId.pmo : null, publishedAt, createdBy: userId.pmo, createdAt,
      updatedAt: publishedAt ?? createdAt,
    }));
  });
}

/**
 * The part of the app's ProjectFigures (app/domain/report.ts) that the demo's reports freeze.
 * The app's projectFigures() cannot take them: it counts from the issues' current columns
 * (status, carry_over_count, due_on), so it knows the project only as it stands now, while
 * these reports were taken months ago; the seed replays its in-memory history to `t` instead.
 */
export type DemoSnapshot = Pick<ProjectFigures, "takenAt"> & {
  wgs: Pick<WgFigures, "wgId" | "name" | "open" | "closed" | "overdue" | "carriedOver">[];
  decisionsPendingByTown: (Org & { pending: number })[];
  milestones: Pick<ProjectFigures["milestones"][number], "name" | "dueOn" | "doneOn">[];
};

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
): { snapshot: DemoSnapshot; lights: Lights; risks: { number: number; title: string; carried: number; overdue: boolean }[]; pending: { number: string; title: string; towns: string[] }[] } {
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
  // The app's own rule, fed with the figures as they stood at `t`.
  const overdueBallByOrg = (wgId: number) => {
    const counts: Record<string, number> = {};
    for (const f of issues) if (f.wgId === wgId && f.ballOrgId !== null && overdueAt(f)) counts[String(f.ballOrgId)] = (counts[String(f.ballOrgId)] ?? 0) + 1;
    return counts;
  };
  const lights = suggestLights({ wgs: wgRows.map((w) => ({ ...w, overdueBallByOrg: overdueBallByOrg(w.wgId) })), decisionsPendingByTown: pendingByTown });
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
    lights,
    risks,
    pending,
  };
}
