// The PMO board's figures and the progress reports against the demo consortium, seeded at a
// fixed moment (2026-11-20 12:00 JST) so every number is exact: figures per WG, town and
// decision; visibility; the frozen snapshot; immutability and corrections; period comparison;
// leadership's briefing. Drafts' visibility, the new-report form and the read list need no
// demo figures: report.server.test.ts checks them on factory rows.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoConsortium } from "../../db/seed";
import { compareWithPrevious, readSnapshot } from "~/components/report-document";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { projectFigures, suggestLights, type ProjectFigures } from "./project-figures.server";
import {
  correctReport,
  createReport,
  executiveBriefing,
  getReport,
  listReports,
  parseReportEdit,
  previousReport,
  publishReport,
  refreshFigures,
  updateReport,
} from "./report.server";
import { actor, viewerOf, formOf } from "./test-support";

const NOW = Date.UTC(2026, 10, 20, 3, 0); // 2026-11-20 12:00 in Japan
let pmo: Viewer, staff: Viewer, exec: Viewer, vendor: Viewer;

// The whole demo, on purpose: every figure, snapshot, decision number and report id below is the demo's.
beforeAll(async () => {
  await seedDemoConsortium(undefined, { now: NOW });
  pmo = await viewerOf("pmo@demo.renkei.jp");
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
  exec = await viewerOf("exec@demo.renkei.jp");
  vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
});


describe("projectFigures", () => {
  let f: ProjectFigures;
  beforeAll(async () => {
    f = (await projectFigures({ viewer: pmo, projectId: 1, now: NOW }))!;
  });

  it("counts open, overdue, carried-over and closed issues per WG", () => {
    expect(f.today).toBe("2026-11-20");
    expect(f.wgs.map((w) => [w.name, w.open, w.overdue, w.carriedOver, w.closed])).toEqual([
      ["住民記録WG", 14, 4, 7, 6],
      ["税務WG", 10, 2, 3, 5],
      ["福祉WG", 7, 2, 2, 4],
      ["共通基盤WG", 7, 2, 3, 3],
    ]);
    expect(f.totals).toEqual({ open: 38, closed: 18, overdue: 10, carriedOver: 15 });
    // The same totals straight from the table, without the model's query.
    const all = db
      .select({ status: schema.issue.status, dueOn: schema.issue.dueOn, carry: schema.issue.carryOverCount })
      .from(schema.issue)
      .innerJoin(schema.workingGroup, eq(schema.workingGroup.id, schema.issue.wgId))
      .where(eq(schema.workingGroup.projectId, 1))
      .all();
    const open = all.filter((i) => ["未着手", "対応中", "回答待ち"].includes(i.status));
    expect(open.length).toBe(38);
    expect(open.filter((i) => i.dueOn !== null && i.dueOn < "2026-11-20").length).toBe(10);
    expect(open.filter((i) => i.carry > 0).length).toBe(15);
  });

  it("shows whose ball each open issue is: towns, vendors and the PMO office", () => {
    const jumin = f.wgs[0];
    expect(jumin.ballByOrg).toEqual({ "1": 4, "2": 3, "7": 2, "9": 5 });
    expect(jumin.overdueBallByOrg).toEqual({ "1": 1, "2": 2, "7": 1 });
    expect(f.vendors.map((v) => v.name)).toEqual(["株式会社さくらシステムズ", "みらい情報サービス株式会社"]);
    expect(f.otherHolders.map((v) => v.name)).toEqual(["さくら県", "協議会事務局"]);
    expect(f.towns.map((t) => t.name)).toEqual(["北川市", "南浜町", "東山村", "西原市", "中央町"]);
  });

  it("lists this month's meetings and the towns that have not confirmed the minutes", () => {
    expect(f.meetings.map((m) => [m.title, m.state, m.unconfirmed.map((u) => u.name)])).toEqual([
      ["住民記録WG 第6回定例会", "確認中", ["東山村", "中央町"]],
      ["税務WG 機能検証（特別徴収・eLTAX連携）", "開催中", []],
      ["住民記録WG 第7回定例会", "予定", []],
    ]);
    expect(f.wgs.map((w) => w.meetingsThisMonth)).toEqual([2, 1, 0, 0]);
  });

  it("shows which town owes a stance or an internal approval on decisions in consultation", () => {
    expect(f.decisionsPending.map((d) => [d.number, d.awaitingStance, d.holding, d.awaitingApproval])).toEqual([
      ["D-2026-006", [3, 5], [2], [4]],
      ["D-2026-007", [3], [5], [2]],
    ]);
    expect(f.decisionsPendingByTown.map((t) => [t.name, t.pending, t.holding, t.awaitingApproval])).toEqual([
      ["北川市", 0, 0, 0],
      ["南浜町", 0, 1, 1],
      ["東山村", 2, 0, 0],
      ["西原市", 0, 0, 1],
      ["中央町", 1, 1, 0],
    ]);
    expect(f.stanceCompletion.map((t) => `${t.name}:${t.answered}/${t.total}`)).toEqual(["北川市:2/2", "南浜町:2/2", "東山村:0/2", "西原市:2/2", "中央町:1/2"]);
    expect(f.decisionsMade.map((d) => d.number)).toEqual(["D-2026-001", "D-2026-002", "D-2026-004", "D-2026-005"]);
  });

  it("gives milestones a state and draws 12 weekly points per WG", () => {
    expect(f.milestones.filter((m) => m.state === "late").map((m) => m.name)).toEqual(["要求仕様書（案）の確定"]);
    expect(f.milestones.filter((m) => m.state === "done")).toHaveLength(3);
    expect(f.trend.weeks).toHaveLength(12);
    expect(f.trend.weeks.at(-1)).toBe("2026-11-20");
    expect(f.trend.series.map((s) => s.values.at(-1))).toEqual([14, 10, 7, 7]);
    expect(f.trend.series[0].values).toEqual([8, 10, 10, 11, 11, 12, 12, 13, 13, 13, 14, 14]);
  });

  it("suggests lights from the figures", () => {
    const lights = suggestLights(f);
    expect(Object.values(lights.wgs).map((l) => l.light)).toEqual(["遅延", "注意", "注意", "注意"]);
    expect(lights.towns["1"]).toEqual({ light: "注意", reason: "意思表示待ちの決定事項0件・対応待ちの期限超過の課題2件" });
  });

  it("respects visibility: members see the same glass-walled figures; leadership and vendors see none", async () => {
    expect((await projectFigures({ viewer: staff, projectId: 1, now: NOW }))!.totals).toEqual(f.totals);
    expect(await projectFigures({ viewer: exec, projectId: 1, now: NOW })).toBeNull();
    expect(await projectFigures({ viewer: vendor, projectId: 1, now: NOW })).toBeNull();
    expect(await projectFigures({ viewer: pmo, projectId: 999, now: NOW })).toBeNull();
  });
});

describe("progress reports", () => {
  it("freezes the figures: later changes to issues never alter a published report", async () => {
    const created = await createReport({ viewer: pmo, actor: actor(pmo), input: { projectId: 1, period: "2026-12", title: "", audienceRank: "部門長" }, now: NOW });
    if (!created.ok) throw new Error("create failed");
    const draft = (await getReport({ viewer: pmo, reportId: created.id }))!;
    expect(draft.title).toBe("2026年12月 進捗報告（基幹業務システム共同化（第2期））");
    expect(readSnapshot(draft.snapshot).totals).toEqual({ open: 38, closed: 18, overdue: 10, carriedOver: 15 });
    // Suggested highlights: decisions since the previous published report (2026-10), and the asks.
    expect(draft.highlights.decided).toEqual(["D-2026-005 大量帳票の共同外部印刷の採用（改定：納税通知書等を対象外とする）"]);
    expect(draft.highlights.asks?.[0]).toMatch(/^D-2026-006 .*：南浜町・東山村・西原市・中央町の/);

    const edit = parseReportEdit(
      formOf({
        title: "12月の進捗",
        audienceRank: "経営層",
        narrative: "## 概況\n順調です。",
        decided: "- 外字の同定基準\n\n",
        risks: "",
        asks: "接続回線の按分を決裁してください",
        "light.wg.1": "遅延", "reason.wg.1": "期限超過4件",
        "light.wg.2": "注意", "reason.wg.2": "",
        "light.wg.3": "順調", "reason.wg.3": "",
        "light.wg.4": "順調", "reason.wg.4": "",
        ...Object.fromEntries([1, 2, 3, 4, 5].flatMap((o) => [[`light.town.${o}`, "順調"], [`reason.town.${o}`, ""]])),
      }),
      draft.snapshot,
    );
    expect(edit.errors).toBeNull();
    expect(edit.data!.highlights).toEqual({ decided: ["外字の同定基準"], risks: [], asks: ["接続回線の按分を決裁してください"] });
    expect(await updateReport({ viewer: pmo, actor: actor(pmo), reportId: created.id, edit: edit.data! })).toEqual({ ok: true });
    expect(await publishReport({ viewer: pmo, actor: actor(pmo), reportId: created.id, now: NOW + 1000 })).toEqual({ ok: true });

    // An issue closes after publication: the live figures move, the report does not.
    const anOpen = db.select().from(schema.issue).where(and(eq(schema.issue.wgId, 1), eq(schema.issue.status, "対応中"))).get()!;
    await write((tx) => tx.update(schema.issue).set({ status: "完了", closedAt: NOW + 2000 }).where(eq(schema.issue.id, anOpen.id)).run());
    expect((await projectFigures({ viewer: pmo, projectId: 1, now: NOW + 3000 }))!.totals.open).toBe(37);
    const published = (await getReport({ viewer: exec, reportId: created.id }))!;
    expect(readSnapshot(published.snapshot).totals.open).toBe(38);
    expect(published.lights.wgs?.["1"]).toEqual({ light: "遅延", reason: "期限超過4件" });

    // Immutable: edits, refreshes and a second publish answer 409.
    expect(await updateReport({ viewer: pmo, actor: actor(pmo), reportId: created.id, edit: edit.data! })).toMatchObject({ ok: false, kind: "conflict" });
    expect(await refreshFigures({ viewer: pmo, actor: actor(pmo), reportId: created.id })).toMatchObject({ ok: false, kind: "conflict" });
    expect(await publishReport({ viewer: pmo, actor: actor(pmo), reportId: created.id })).toMatchObject({ ok: false, kind: "conflict" });
    expect(db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "report.publish"), eq(schema.auditEvent.entityId, String(created.id)))).all()).toHaveLength(1);

    // A correction is a new version pointing at the old one; the old one stays as it was.
    const correction = await correctReport({ viewer: pmo, actor: actor(pmo), reportId: created.id, now: NOW + 4000 });
    if (!correction.ok) throw new Error("correct failed");
    expect(await correctReport({ viewer: pmo, actor: actor(pmo), reportId: created.id })).toEqual({ ok: true, id: correction.id });
    const c = (await getReport({ viewer: pmo, reportId: correction.id }))!;
    expect([c.status, c.corrects?.id, c.title]).toEqual(["下書き", created.id, "【訂正版】12月の進捗"]);
    expect(readSnapshot(c.snapshot).totals.open).toBe(38);
    // Until the correction is published, leadership sees neither it nor a "corrected" mark.
    expect(await getReport({ viewer: exec, reportId: correction.id })).toBeNull();
    expect((await getReport({ viewer: exec, reportId: created.id }))!.correctedBy).toBeNull();
    expect(await refreshFigures({ viewer: pmo, actor: actor(pmo), reportId: correction.id, now: NOW + 5000 })).toEqual({ ok: true });
    expect(readSnapshot((await getReport({ viewer: pmo, reportId: correction.id }))!.snapshot).totals.open).toBe(37);
    expect(await publishReport({ viewer: pmo, actor: actor(pmo), reportId: correction.id, now: NOW + 6000 })).toEqual({ ok: true });
    expect((await getReport({ viewer: exec, reportId: created.id }))!.correctedBy?.id).toBe(correction.id);
    expect((await listReports({ viewer: exec })).find((r) => r.id === created.id)!.correctedById).toBe(correction.id);
    expect(await correctReport({ viewer: pmo, actor: actor(pmo), reportId: created.id })).toMatchObject({ ok: false, kind: "conflict" });
  });

  it("compares with the previous published report of the same project", async () => {
    const draft = (await getReport({ viewer: pmo, reportId: 3 }))!; // 2026-11, seeded draft
    expect(draft.previous?.period).toBe("2026-10");
    expect((await previousReport({ viewer: pmo, projectId: 1, period: "2026-10" }))?.period).toBe("2026-09");
    expect(await previousReport({ viewer: pmo, projectId: 1, period: "2026-09" })).toBeNull();
    // The seeded draft's own frozen figures (taken an hour before NOW): 38 open, 18 closed.
    const current = readSnapshot(draft.snapshot);
    expect(current.totals).toEqual({ open: 38, closed: 18, overdue: 10, carriedOver: 15 });
    const cmp = compareWithPrevious({ ...current, decisionsMade: (await projectFigures({ viewer: pmo, projectId: 1, now: NOW }))!.decisionsMade }, draft.previous, null)!;
    // 2026-10 snapshot: open 31, closed 17, overdue 1, carried 15 (seeded history).
    expect(cmp.prevTotals).toEqual({ open: 31, closed: 17, overdue: 1, carriedOver: 15 });
    expect([cmp.open, cmp.closed, cmp.overdue, cmp.opened]).toEqual([38 - 31, 18 - 17, 10 - 1, 38 + 18 - 31 - 17]);
    expect(cmp.decisionsMade).toBe(1); // D-2026-005, decided after the October figures were taken
    expect(cmp.byWg).toEqual({ "1": 12, "2": 8, "3": 6, "4": 5 });
  });

  it("briefs leadership with the latest report per project and the decisions made since", async () => {
    const briefing = await executiveBriefing({ viewer: exec });
    expect(briefing).toHaveLength(1);
    // The latest published report of project 1 is the correction written above (2026-12).
    expect(briefing[0].period).toBe("2026-12");
    expect(briefing[0].decidedSince).toEqual([]);
    // Decided after that report: it appears; a decision still in consultation never does.
    await write((tx) => tx.update(schema.decision).set({ status: "決定", decidedAt: NOW + 10_000 }).where(eq(schema.decision.id, 7)).run());
    expect((await executiveBriefing({ viewer: exec }))[0].decidedSince.map((d) => d.number)).toEqual(["D-2026-007"]);
    expect(await executiveBriefing({ viewer: vendor })).toEqual([]);
  });
});
