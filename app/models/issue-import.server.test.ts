// Importing issues: who may (404 for the rest), the mapping remembered per consortium, every
// error at its row and cell before anything is written, chunks, all or nothing when a chunk
// fails or the process dies, Redmine's journals under their authors, and its numbers searchable.
import fs from "node:fs";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { insertUser } from "../../db/factories";
import { issueTimeline } from "./comment.server";
import { listIssues } from "./issue.server";
import {
  getImport,
  importLanding,
  importMapping,
  importPreview,
  recoverStaleImports,
  saveMapping,
  startImport,
  STALE_AFTER_MS,
  sweepImports,
  UPLOAD_KEPT_MS,
  uploadImport,
  type MappingInput,
} from "./issue-import.server";
import { search } from "./search.server";
import { actor, insertSmallConsortium, viewerOf } from "./test-support";

const SAMPLES = "/work/shared/samples";
const sample = (name: string) => fs.readFileSync(`${SAMPLES}/${name}`);

let small: Awaited<ReturnType<typeof insertSmallConsortium>>;
let pmo: Viewer, lead: Viewer, staff: Viewer, vendor: Viewer, townAdmin: Viewer;

beforeAll(async () => {
  small = await insertSmallConsortium();
  await write((tx) => {
    insertUser(tx, { organizationId: small.towns.kitagawa.id, email: "admin@kitagawa.demo.renkei.jp", displayName: "北川 管理者", orgAdmin: true });
    // Someone the files name, so an assignee is found (Redmine writes first names first).
    insertUser(tx, { organizationId: small.towns.kitagawa.id, email: "yamamoto@kitagawa.demo.renkei.jp", displayName: "山本 誠", wgs: [{ wgId: small.wg.id }] });
  });
  [pmo, lead, staff, vendor, townAdmin] = await Promise.all(
    ["pmo@demo.renkei.jp", "lead@minamihama.demo.renkei.jp", "staff@kitagawa.demo.renkei.jp", "vendor@vendor-a.demo.renkei.jp", "admin@kitagawa.demo.renkei.jp"].map(viewerOf),
  );
});

const issuesOf = (importId: number) =>
  db.select().from(schema.issue).innerJoin(schema.importedIssue, and(eq(schema.importedIssue.issueId, schema.issue.id), eq(schema.importedIssue.importId, importId))).all().map((r) => r.issue);
const issueCount = () => db.select({ n: count() }).from(schema.issue).get()!.n;

async function upload(viewer: Viewer, name: string, bytes: Buffer) {
  const result = await uploadImport({ viewer, actor: actor(viewer), wgId: small.wg.id, fileName: name, bytes });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.importId;
}

/** The mapping form as the page posts it, with the page's own defaults and some changes. */
async function mappingForm(viewer: Viewer, importId: number, change: { column?: Record<number, string>; status?: Record<string, string>; towns?: Record<string, number> } = {}): Promise<MappingInput> {
  const m = await importMapping({ viewer, importId });
  if (!m.ok) throw new Error("refused");
  const values = (kind: "status" | "type" | "priority") => m.values[kind];
  return {
    column: m.columns.map((c) => change.column?.[c.index] ?? c.target),
    statusFrom: values("status").map((v) => v.value),
    statusTo: values("status").map((v) => change.status?.[v.value] ?? v.to),
    typeFrom: values("type").map((v) => v.value),
    typeTo: values("type").map((v) => v.to),
    priorityFrom: values("priority").map((v) => v.value),
    priorityTo: values("priority").map((v) => v.to),
    townFrom: m.towns.map((t) => t.value),
    townTo: m.towns.map((t) => String(change.towns?.[t.value] ?? t.organizationId)),
  };
}

async function runToEnd(viewer: Viewer, importId: number, onChunk?: (done: number) => void) {
  const started = await startImport({ viewer, actor: actor(viewer), importId, onChunk });
  if (!started.ok) throw new Error(JSON.stringify(started));
  return started.finished;
}

describe("who may import", () => {
  it("the page is not found for vendors, leadership-like outsiders and staff who lead no WG; a town admin sees only the people link", async () => {
    expect(await importLanding({ viewer: vendor })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await importLanding({ viewer: staff })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await importLanding({ viewer: townAdmin })).toMatchObject({ ok: true, wgs: [], peopleImport: true });
    expect(await importLanding({ viewer: lead })).toMatchObject({ ok: true, wgs: [{ id: small.wg.id, name: "住民記録WG" }], peopleImport: true });
    expect(await importLanding({ viewer: pmo })).toMatchObject({ ok: true, wgs: [{ id: small.wg.id }], peopleImport: true });
  });

  it("an upload into a WG the viewer does not lead is not found; another's import is not found", async () => {
    const bytes = sample("kadai-kanri-sample-sjis.csv");
    expect(await uploadImport({ viewer: staff, actor: actor(staff), wgId: small.wg.id, fileName: "a.csv", bytes })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await uploadImport({ viewer: vendor, actor: actor(vendor), wgId: small.wg.id, fileName: "a.csv", bytes })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await uploadImport({ viewer: pmo, actor: actor(pmo), wgId: 999_999, fileName: "a.csv", bytes })).toMatchObject({ ok: false, errors: { wgId: "issueImport.wgRequired" } });
    const id = await upload(lead, "a.csv", bytes);
    expect(await importMapping({ viewer: staff, importId: id })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await importPreview({ viewer: vendor, importId: id })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await getImport({ viewer: pmo, importId: id })).toMatchObject({ ok: true });
  });

  it("a file that is not an issue list is refused with the reader's Japanese message; an empty or oversized one too", async () => {
    expect(await uploadImport({ viewer: pmo, actor: actor(pmo), wgId: small.wg.id, fileName: "a.csv", bytes: Buffer.from("名前,住所\n山田,北川市\n") })).toMatchObject({
      ok: false,
      kind: "unreadable",
      message: expect.stringContaining("見出しの行"),
    });
    expect(await uploadImport({ viewer: pmo, actor: actor(pmo), wgId: small.wg.id, fileName: "a.csv", bytes: Buffer.alloc(0) })).toMatchObject({ ok: false, errors: { file: "upload.empty" } });
    expect(await uploadImport({ viewer: pmo, actor: actor(pmo), wgId: small.wg.id, fileName: "a.csv", bytes: Buffer.alloc(20 * 1024 * 1024 + 1, 0x41) })).toMatchObject({ ok: false, status: 413 });
  });
});

describe("the 課題管理表", () => {
  let first: number;

  it("shows each column's target and the values to confirm; 保留 is an error at its row and cell until it is mapped", async () => {
    first = await upload(pmo, "課題管理表.xlsx", sample("kadai-kanri-sample.xlsx"));
    const m = await importMapping({ viewer: pmo, importId: first });
    if (!m.ok) throw new Error("refused");
    expect(m.rowCount).toBe(25);
    expect(m.columns.map((c) => [c.header, c.target])).toContainEqual(["件名", "title"]);
    expect(m.values.status).toContainEqual({ value: "保留", count: 5, to: "" });
    expect(m.values.status).toContainEqual(expect.objectContaining({ value: "対応中", to: "対応中" }));
    // 北川市 and the others are registered; 東山村 is not (the small consortium has two towns).
    expect(m.towns).toContainEqual(expect.objectContaining({ value: "北川市", organizationId: small.towns.kitagawa.id }));
    expect(m.towns).toContainEqual(expect.objectContaining({ value: "東山村", organizationId: 0 }));

    const preview = await importPreview({ viewer: pmo, importId: first });
    if (!preview.ok) throw new Error("refused");
    expect(preview.errorCount).toBe(5);
    expect(preview.errors[0]).toMatchObject({ column: "状況", message: expect.stringMatching(/^\d+行目「状況」: 「保留」は分かりません/) });
    expect(await startImport({ viewer: pmo, actor: actor(pmo), importId: first })).toMatchObject({ ok: false, errors: { form: "issueImport.hasErrors" } });
    expect(issuesOf(first)).toEqual([]);
  });

  it("refuses a mapping without a subject or with a field twice, beside the columns", async () => {
    const form = await mappingForm(pmo, first);
    const titleAt = form.column.indexOf("title");
    const none = { ...form, column: form.column.map((c) => (c === "title" ? "skip" : c)) };
    expect(await saveMapping({ viewer: pmo, actor: actor(pmo), importId: first, input: none })).toMatchObject({ ok: false, errors: { form: "issueImport.titleRequired" } });
    const twice = { ...form, column: form.column.map((c, i) => (i === titleAt + 1 ? "title" : c)) };
    expect(await saveMapping({ viewer: pmo, actor: actor(pmo), importId: first, input: twice })).toMatchObject({
      ok: false,
      errors: { [`column.${titleAt}`]: "issueImport.fieldTwice", [`column.${titleAt + 1}`]: "issueImport.fieldTwice" },
    });
  });

  it("imports once 保留 and 東山村 are confirmed; the choices are remembered for the consortium's next file", async () => {
    const form = await mappingForm(pmo, first, { status: { 保留: "回答待ち" }, towns: { 東山村: small.towns.minamihama.id } });
    expect(await saveMapping({ viewer: pmo, actor: actor(pmo), importId: first, input: form })).toEqual({ ok: true });
    const preview = await importPreview({ viewer: pmo, importId: first });
    expect(preview).toMatchObject({ ok: true, count: 25, errorCount: 0 });
    const outcome = await runToEnd(pmo, first);
    expect(outcome).toMatchObject({ ok: true, issues: 25 });
    const issues = issuesOf(first);
    expect(issues).toHaveLength(25);
    expect(issues.filter((i) => i.status === "回答待ち").length).toBeGreaterThanOrEqual(5);
    const third = issues.find((i) => i.title === "異動届の受付画面（西原市）")!;
    // 担当者 「担当4」 is nobody here: unassigned, the name kept; 中央町 (no such organization) kept too.
    expect(third).toMatchObject({ assigneeId: null, status: "完了", dueOn: "2024-10-11", vendorVisible: false });
    expect(third.body).toContain("担当者: 担当4（該当する利用者がいないため未割当）");
    expect(third.body).toContain("担当団体: 中央町");
    expect(third.closedAt).not.toBeNull();
    const job = await getImport({ viewer: pmo, importId: first });
    expect(job).toMatchObject({ ok: true, job: { state: "done", done: 25, hasFile: false } });
    expect(db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "issue.import"), eq(schema.auditEvent.entityId, String(first)))).all()).toHaveLength(1);
    // The WG's list filtered to this import.
    const list = await listIssues({ viewer: pmo, filter: { wgId: small.wg.id, importId: first, status: "all", overdue: false, sort: "number", dir: "asc", page: 1 } });
    expect(list.total).toBe(25);
    // It runs once.
    expect(await startImport({ viewer: pmo, actor: actor(pmo), importId: first })).toMatchObject({ ok: false, kind: "conflict" });

    // The same rows as a Shift_JIS CSV: 保留 and 東山村 come pre-chosen, so it previews clean.
    const second = await upload(pmo, "課題管理表.csv", sample("kadai-kanri-sample-sjis.csv"));
    const m = await importMapping({ viewer: pmo, importId: second });
    if (!m.ok) throw new Error("refused");
    expect(m.values.status).toContainEqual({ value: "保留", count: 5, to: "回答待ち" });
    expect(m.towns).toContainEqual(expect.objectContaining({ value: "東山村", organizationId: small.towns.minamihama.id }));
    expect(await importPreview({ viewer: pmo, importId: second })).toMatchObject({ ok: true, count: 25, errorCount: 0 });
  });

  it("remembers a column left out, by its header", async () => {
    const id = await upload(pmo, "課題管理表.csv", sample("kadai-kanri-sample-sjis.csv"));
    const form = await mappingForm(pmo, id);
    const m = await importMapping({ viewer: pmo, importId: id });
    const noteAt = m.ok ? m.columns.findIndex((c) => c.header === "備考") : -1;
    form.column[noteAt] = "skip";
    await saveMapping({ viewer: pmo, actor: actor(pmo), importId: id, input: form });
    const next = await upload(lead, "別の表.xlsx", sample("kadai-kanri-sample.xlsx"));
    const again = await importMapping({ viewer: lead, importId: next });
    expect(again.ok && again.columns.find((c) => c.header === "備考")!.target).toBe("skip");
  });
});

describe("all or nothing, in chunks", () => {
  const csv = (rows: number, { bad, name = "一括取り込みの課題" }: { bad?: number; name?: string } = {}) =>
    Buffer.from(
      "件名,状況,期限,内容\r\n" +
        Array.from({ length: rows }, (_, i) => `${name}${i + 1},${i + 1 === bad ? "謎の状態" : "対応中"},R7.3.${(i % 28) + 1},本文${i + 1}\r\n`).join(""),
    );

  it("an error in one row of 1,000 keeps every row out, and says where", async () => {
    const before = issueCount();
    const id = await upload(pmo, "bad.csv", csv(1000, { bad: 777 }));
    const preview = await importPreview({ viewer: pmo, importId: id });
    expect(preview).toMatchObject({ ok: true, errorCount: 1, errors: [{ line: 778, column: "状況", message: expect.stringContaining("778行目「状況」: 「謎の状態」は分かりません") }] });
    expect(await startImport({ viewer: pmo, actor: actor(pmo), importId: id })).toMatchObject({ ok: false });
    expect(issueCount()).toBe(before);
  });

  it("writes in several chunks, each briefly, and numbers the issues in order", async () => {
    const id = await upload(pmo, "many.csv", csv(1500));
    const chunks: number[] = [];
    const outcome = await runToEnd(pmo, id, (done) => chunks.push(done));
    expect(outcome).toMatchObject({ ok: true, issues: 1500 });
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.at(-1)).toBe(1500);
    const job = db.select().from(schema.issueImport).where(eq(schema.issueImport.id, id)).get()!;
    expect(job.lastNumber! - job.firstNumber!).toBe(1499);
    console.log(`1,500 rows in ${chunks.length} chunks, the longest held the write lock ${job.longestChunkMs} ms`);
    const numbers = issuesOf(id).map((i) => [i.title, i.number] as const).sort((a, b) => a[1] - b[1]);
    expect(numbers[0]).toEqual(["一括取り込みの課題1", job.firstNumber]);
    expect(numbers.at(-1)).toEqual(["一括取り込みの課題1500", job.lastNumber]);
  });

  it("a chunk that fails midway takes back every issue already written; the import can be run again", async () => {
    const before = issueCount();
    const id = await upload(pmo, "fails.csv", csv(1200, { name: "途中で失敗する課題" }));
    let seen = 0;
    const outcome = await runToEnd(pmo, id, (done) => {
      seen = done;
      if (done > 300) throw new Error("disk full (test)");
    });
    expect(seen).toBeGreaterThan(300);
    expect(outcome).toEqual({ ok: false, failure: "disk full (test)" });
    expect(issueCount()).toBe(before);
    expect(db.select().from(schema.importedIssue).where(eq(schema.importedIssue.importId, id)).all()).toEqual([]);
    expect(await search({ viewer: pmo, q: "途中で失敗する課題1100" })).toEqual([]);
    expect(await getImport({ viewer: pmo, importId: id })).toMatchObject({ ok: true, job: { state: "failed", done: 0, hasFile: true } });
    expect(db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "issue.import.fail"), eq(schema.auditEvent.entityId, String(id)))).all()).toHaveLength(1);
    // Run again, it goes through.
    expect(await runToEnd(pmo, id)).toMatchObject({ ok: true, issues: 1200 });
    expect(issueCount()).toBe(before + 1200);
  });

  it("an import whose process died is taken back by the housekeeping; old uploads are deleted", async () => {
    const id = await upload(pmo, "dies.csv", csv(120));
    await runToEnd(pmo, id);
    const before = issueCount();
    // As if the process had died after its last chunk: still running, no heartbeat for a while.
    await write((tx) => tx.update(schema.issueImport).set({ state: "running", heartbeatAt: Date.now() - STALE_AFTER_MS - 1000 }).where(eq(schema.issueImport.id, id)).run());
    expect(await recoverStaleImports()).toBe(1);
    expect(issueCount()).toBe(before - 120);
    expect(await getImport({ viewer: pmo, importId: id })).toMatchObject({ ok: true, job: { state: "failed", failure: "interrupted" } });

    const old = await upload(pmo, "old.csv", csv(3));
    await sweepImports(Date.now() + UPLOAD_KEPT_MS + 1000);
    expect(await getImport({ viewer: pmo, importId: old })).toMatchObject({ ok: false, kind: "not-found" });
  });
});

describe("Redmine and Backlog", () => {
  it("Redmine's CSV in CP932: each issue keeps 「Redmine #9985」, found by 9985 or by the reference", async () => {
    const id = await upload(pmo, "issues.csv", sample("redmine-issues-ja-cp932.csv"));
    const m = await importMapping({ viewer: pmo, importId: id });
    if (!m.ok) throw new Error("refused");
    expect(m.job.source).toBe("redmine-csv");
    expect(m.columns.find((c) => c.header === "題名")!.target).toBe("title");
    expect(m.columns.find((c) => c.header === "作成者")!.target).toBe("meta");
    expect(m.columns.find((c) => c.header === "予定工数")!.target).toBe("skip");
    expect(await runToEnd(pmo, id)).toMatchObject({ ok: true, issues: 30 });
    const issue = issuesOf(id).find((i) => i.body.startsWith("Redmine #9985\n"))!;
    expect(issue).toBeDefined();
    for (const q of ["9985", "Redmine #9985", "redmine #9985", "#9985"]) {
      const hits = await search({ viewer: pmo, q });
      expect(hits.map((h) => h.number), q).toContain(issue.number);
    }
    // The vendor does not see it (imported issues are not shared with vendors).
    expect((await search({ viewer: vendor, q: "Redmine #9985" })).map((h) => h.number)).not.toContain(issue.number);
  });

  it("Redmine's JSON: journals become comments and history under their authors and dates", async () => {
    const id = await upload(pmo, "issues.json", sample("redmine-api-issues.json"));
    expect(await runToEnd(pmo, id)).toMatchObject({ ok: true, issues: 5, comments: 10 });
    const six = issuesOf(id).find((i) => i.body.startsWith("Redmine #6\n"))!;
    const timeline = await issueTimeline({ viewer: pmo, issueId: six.id });
    const comments = timeline.filter((e) => e.kind === "comment");
    expect(comments).toHaveLength(4);
    expect(comments[0]).toMatchObject({ authorName: "誠 山本", imported: true, at: Date.parse("2022-06-06T14:30:50Z"), body: "ベンダーに問い合わせ中です。回答があり次第共有します。" });

    // A journal's field changes become history entries.
    const json = {
      issue: {
        id: 9980, subject: "帳票の様式", tracker: { id: 1, name: "バグ" }, status: { id: 2, name: "進行中" }, priority: { id: 2, name: "通常" }, assigned_to: { id: 3, name: "誠 山本" },
        created_on: "2024-06-01T00:00:00Z",
        journals: [
          { user: { id: 3, name: "誠 山本" }, notes: "", created_on: "2024-06-02T01:00:00Z", details: [{ property: "attr", name: "status_id", old_value: "1", new_value: "2" }] },
          { user: { id: 3, name: "誠 山本" }, notes: "社内で確認", private_notes: true, created_on: "2024-06-03T01:00:00Z", details: [] },
        ],
      },
      other: { issue: { id: 9981, subject: "別件", status: { id: 1, name: "新規" } } },
    };
    const withHistory = await upload(pmo, "9980.json", Buffer.from(JSON.stringify(json)));
    expect(await runToEnd(pmo, withHistory)).toMatchObject({ ok: true, issues: 2, comments: 1, history: 1 });
    const issue = issuesOf(withHistory).find((i) => i.title === "帳票の様式")!;
    expect((await search({ viewer: pmo, q: "Redmine #9980" })).map((h) => h.number)).toContain(issue.number);
    expect((await search({ viewer: pmo, q: "9980" })).map((h) => h.number)).toContain(issue.number);
    // 山本 誠 is a member of the WG: 「誠 山本」 is found.
    expect(issue.assigneeId).toBe((await viewerOf("yamamoto@kitagawa.demo.renkei.jp")).userId);
    const entries = await issueTimeline({ viewer: pmo, issueId: issue.id });
    expect(entries.find((e) => e.kind === "change")).toMatchObject({ userName: "誠 山本", at: Date.parse("2024-06-02T01:00:00Z"), changes: [{ field: "status", from: "未着手", to: "対応中" }] });
    expect(entries.find((e) => e.kind === "comment")).toMatchObject({ authorName: "誠 山本", internal: true, body: "社内で確認" });
  });

  it("Backlog's CSV", async () => {
    const id = await upload(pmo, "backlog.csv", fs.readFileSync(new URL("../import/fixtures/backlog-issues.csv", import.meta.url)));
    expect(await runToEnd(pmo, id)).toMatchObject({ ok: true, issues: 4 });
    expect(issuesOf(id).map((i) => i.body.split("\n")[0]).sort()).toEqual(["Backlog JUKI-1", "Backlog JUKI-2", "Backlog JUKI-3", "Backlog JUKI-4"]);
  });

  it("a formula-looking cell stays text; an xlsx formula imports its cached value", async () => {
    const id = await upload(pmo, "f.csv", Buffer.from("件名,内容,状況\r\n=HYPERLINK(\"http://x\"),@SUM(A1),\r\n+81 の件,-1,\r\n"));
    expect(await runToEnd(pmo, id)).toMatchObject({ ok: true, issues: 2 });
    expect(issuesOf(id).map((i) => [i.title, i.body]).sort()).toEqual([["+81 の件", "-1"], ['=HYPERLINK("http://x")', "@SUM(A1)"]]);
  });
});
