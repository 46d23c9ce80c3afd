// Progress reports on a few factory rows: drafts hidden from everyone but the PMO, the new-report
// form, and the read list. The frozen figures, corrections, comparison and leadership's briefing
// are checked against the demo's exact numbers in project-figures.server.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { insertReport } from "../../db/factories";
import { write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { createReport, getReport, listReports, parseNewReport, readersOf, recordRead } from "./report.server";
import { actor, insertDemoPeople, insertSmallConsortium, viewerOf, formOf } from "./test-support";

const NOW = Date.UTC(2026, 10, 20, 3, 0); // 2026-11-20 12:00 in Japan
let pmo: Viewer, staff: Viewer, exec: Viewer, vendor: Viewer;
/** The project, and its reports as the demo has them: September and October published, November a draft. */
let projectId: number, september: number, october: number, november: number;

beforeAll(async () => {
  const { consortium, project, users } = await insertSmallConsortium();
  projectId = project.id;
  await write((tx) => {
    insertDemoPeople(tx, consortium.id, ["exec@demo.renkei.jp"]);
    const report = (period: string, published: boolean) => {
      const publication = published ? { status: "公開" as const, publishedAt: NOW, publishedBy: users.pmo.id } : {};
      return insertReport(tx, { consortiumId: consortium.id, projectId, period, createdBy: users.pmo.id, ...publication }).id;
    };
    [september, october, november] = [report("2026-09", true), report("2026-10", true), report("2026-11", false)];
  });
  pmo = await viewerOf("pmo@demo.renkei.jp");
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
  exec = await viewerOf("exec@demo.renkei.jp");
  vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
});


describe("progress reports", () => {
  it("shows drafts to the PMO only", async () => {
    expect((await listReports({ viewer: pmo })).map((r) => [r.period, r.status])).toEqual([
      ["2026-11", "下書き"],
      ["2026-10", "公開"],
      ["2026-09", "公開"],
    ]);
    for (const v of [staff, exec]) {
      expect((await listReports({ viewer: v })).map((r) => r.status)).toEqual(["公開", "公開"]);
      expect(await getReport({ viewer: v, reportId: november })).toBeNull();
    }
    expect(await listReports({ viewer: vendor })).toEqual([]);
    expect(await getReport({ viewer: vendor, reportId: september })).toBeNull();
    expect((await getReport({ viewer: pmo, reportId: november }))!.status).toBe("下書き");
  });

  it("validates the new-report form", async () => {
    expect(parseNewReport(formOf({ projectId: String(projectId), period: "2026-13", title: "", audienceRank: "経営層" })).errors).toEqual({ period: "reports.periodInvalid" });
    expect(parseNewReport(formOf({ projectId: String(projectId), period: "2026-11", title: "", audienceRank: "課長" })).errors).toEqual({ audienceRank: "reports.audienceInvalid" });
    const dup = await createReport({ viewer: pmo, actor: actor(pmo), input: { projectId, period: "2026-11", title: "", audienceRank: "経営層" }, now: NOW });
    expect(dup).toMatchObject({ ok: false, kind: "invalid", errors: { period: "reports.periodTaken" } });
    expect(await createReport({ viewer: staff, actor: actor(staff), input: { projectId, period: "2026-12", title: "", audienceRank: "経営層" } })).toMatchObject({ ok: false, kind: "forbidden" });
  });

  it("records who read a published report, never a draft, and shows the list to the PMO only", async () => {
    await recordRead({ actor: actor(exec), report: { id: october, status: "公開" }, via: "page" });
    await recordRead({ actor: actor(exec), report: { id: october, status: "公開" }, via: "print" });
    await recordRead({ actor: actor(staff), report: { id: october, status: "公開" }, via: "pdf" });
    await recordRead({ actor: actor(pmo), report: { id: november, status: "下書き" }, via: "page" });
    const readers = await readersOf({ viewer: pmo, reportId: october });
    expect(readers).toHaveLength(2);
    const execRow = readers.find((r) => r.userId === exec.userId)!;
    expect([execRow.rank, execRow.count]).toEqual(["経営層", 2]);
    expect(readers.find((r) => r.userId === staff.userId)!.count).toBe(1);
    expect(await readersOf({ viewer: pmo, reportId: november })).toEqual([]);
    expect(await readersOf({ viewer: exec, reportId: october })).toEqual([]);
  });
});
