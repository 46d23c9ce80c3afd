// Issues against the demo consortium: visibility in the queries, numbering, the journal,
// carry-overs, comments and internal memos, search and CSV.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoConsortium } from "../../db/seed";
import { addDays, todayInJapan } from "~/utils/dates";
import { db, schema, transaction } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { addComment, editComment, issueTimeline } from "./comment.server";
import { issuesCsv } from "./issue-csv.server";
import { createIssue, getIssue, listIssues, parseIssueFilter, recordMeetingCarryOver, updateIssue, type IssueInput } from "./issue.server";
import { actor, viewerOf, issueInput } from "./test-support";
import { search } from "./search.server";

let pmo: Viewer, staff: Viewer, lead: Viewer, vendor: Viewer, exec: Viewer;

const input = (overrides: Partial<IssueInput> = {}) => issueInput({ ...overrides });
const list = (viewer: Viewer, query = "status=all") => listIssues({ viewer, filter: parseIssueFilter(new URLSearchParams(query), viewer), pageSize: 500 });
function created(result: ReturnType<typeof createIssue>) {
  if (!result.ok) throw new Error(`not created: ${result.message}`);
  return getIssue({ viewer: pmo, number: result.number })!;
}

beforeAll(async () => {
  await seedDemoConsortium(db);
  pmo = viewerOf("pmo@demo.renkei.jp");
  staff = viewerOf("staff@kitagawa.demo.renkei.jp");
  lead = viewerOf("lead@minamihama.demo.renkei.jp");
  vendor = viewerOf("vendor@vendor-a.demo.renkei.jp");
  exec = viewerOf("exec@demo.renkei.jp");
});

describe("visibility in the queries", () => {
  it("town staff see every WG's issues (glass-walled); the vendor only shared ones of their WG; leadership none", () => {
    const all = db.select().from(schema.issue).all();
    expect(list(staff).total).toBe(all.length);
    const shared = all.filter((i) => i.vendorVisible && i.wgId === 1);
    expect(list(vendor).rows.map((r) => r.number).sort((a, b) => a - b)).toEqual(shared.map((i) => i.number).sort((a, b) => a - b));
    expect(list(exec).total).toBe(0);
  });

  it("a hidden issue is simply not found for the vendor, the same as a number that never existed", () => {
    const hidden = db.select().from(schema.issue).where(and(eq(schema.issue.wgId, 1), eq(schema.issue.vendorVisible, false))).get()!;
    expect(getIssue({ viewer: vendor, number: hidden.number })).toBeNull();
    expect(getIssue({ viewer: vendor, number: 999_999 })).toBeNull();
    expect(getIssue({ viewer: staff, number: hidden.number })?.title).toBe(hidden.title);
  });

  it("filters combine and counts follow the filter", () => {
    const overdue = list(staff, "status=open&overdue=1");
    const today = todayInJapan();
    expect(overdue.rows.every((r) => r.dueOn !== null && r.dueOn < today)).toBe(true);
    const carried = list(staff, "status=all&carry=2&sort=carry&dir=desc");
    expect(carried.rows.length).toBeGreaterThan(0);
    expect(carried.rows.every((r) => r.carryOverCount >= 2)).toBe(true);
    expect(carried.rows[0].carryOverCount).toBeGreaterThanOrEqual(carried.rows.at(-1)!.carryOverCount);
    const mine = list(staff, `status=all&assignee=me`);
    expect(mine.rows.every((r) => r.assigneeId === staff.userId)).toBe(true);
  });

  it("malformed list parameters are ignored rather than failing", () => {
    const f = parseIssueFilter(new URLSearchParams("status=bogus&sort=drop%20table&page=-3&carry=abc&wg=1e9"), staff);
    expect(f).toMatchObject({ status: "open", sort: "updated", page: 1, minCarry: undefined });
    expect(() => list(staff, "status=bogus&sort=x&page=999999")).not.toThrow();
  });
});

describe("creating and editing", () => {
  it("numbers issues per consortium and records who created them", () => {
    const before = db.select().from(schema.issue).all().length;
    const issue = created(createIssue({ viewer: staff, actor: actor(staff), wgId: 1, input: input({ title: "番号の確認" }) }));
    expect(issue.number).toBe(before + 1);
    expect(issue.createdBy).toBe(staff.userId);
    const rows = db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "issue.create"), eq(schema.auditEvent.entityId, String(issue.id)))).all();
    expect(rows).toHaveLength(1);
  });

  it("refuses an assignee from outside the WG and stores nothing", () => {
    const before = db.select().from(schema.issue).all().length;
    const result = createIssue({ viewer: staff, actor: actor(staff), wgId: 1, input: input({ assigneeId: vendor.userId }) });
    expect(result).toEqual({ ok: false, field: "assigneeId", message: "issues.assigneeInvalid" });
    expect(db.select().from(schema.issue).all().length).toBe(before);
  });

  it("a vendor's issue is always shared with vendors and triaged by the consortium", () => {
    const issue = created(createIssue({ viewer: vendor, actor: actor(vendor), wgId: 1, input: input({ title: "仕様についての質問", type: "質問", priority: "緊急", vendorVisible: false }) }));
    expect(issue).toMatchObject({ vendorVisible: true, priority: "中", assigneeId: null });
  });

  it("journals every changed field, old → new", () => {
    const issue = created(createIssue({ viewer: staff, actor: actor(staff), wgId: 1, input: input({ title: "経緯の確認" }) }));
    updateIssue({ viewer: lead, actor: actor(lead), number: issue.number, input: input({ title: "経緯の確認（修正）", status: "対応中", assigneeId: staff.userId, affectedOrgIds: [2, 1] }) });
    const journal = db.select().from(schema.issueJournal).where(eq(schema.issueJournal.issueId, issue.id)).all();
    expect(journal.map((j) => [j.field, j.oldValue, j.newValue])).toEqual([
      ["title", "経緯の確認", "経緯の確認（修正）"],
      ["status", "未着手", "対応中"],
      ["assigneeId", null, String(staff.userId)],
      ["affectedOrgIds", null, "1,2"],
    ]);
    const change = issueTimeline({ viewer: staff, issueId: issue.id }).find((e) => e.kind === "change");
    expect(change).toMatchObject({ userName: "田中 由美" });
    expect(change && "changes" in change && change.changes.find((c) => c.field === "assigneeId")?.to).toBe("高橋 健太");
    // Saving without a change writes nothing.
    updateIssue({ viewer: lead, actor: actor(lead), number: issue.number, input: input({ title: "経緯の確認（修正）", status: "対応中", assigneeId: staff.userId, affectedOrgIds: [1, 2] }) });
    expect(db.select().from(schema.issueJournal).where(eq(schema.issueJournal.issueId, issue.id)).all()).toHaveLength(4);
  });
});

describe("carry-over (持ち越し)", () => {
  it("moving the due date later needs a reason and counts as a carry-over; earlier does not", () => {
    const due = addDays(todayInJapan(), 7);
    const issue = created(createIssue({ viewer: pmo, actor: actor(pmo), wgId: 1, input: input({ dueOn: due }) }));
    const refused = updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ dueOn: addDays(due, 14) }) });
    expect(refused).toEqual({ ok: false, field: "postponeReason", message: "issues.reasonRequired" });
    expect(getIssue({ viewer: pmo, number: issue.number })!.dueOn).toBe(due);

    updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ dueOn: addDays(due, 14), postponeReason: "庁内調整のため" }) });
    updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ dueOn: addDays(due, 28), postponeReason: "事業者回答待ち" }) });
    updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ dueOn: addDays(due, 20) }) });
    expect(getIssue({ viewer: pmo, number: issue.number })!.carryOverCount).toBe(2);
    const postponements = db.select().from(schema.issuePostponement).where(eq(schema.issuePostponement.issueId, issue.id)).all();
    expect(postponements.map((p) => [p.fromDue, p.toDue, p.reason])).toEqual([
      [due, addDays(due, 14), "庁内調整のため"],
      [addDays(due, 14), addDays(due, 28), "事業者回答待ち"],
    ]);
  });

  it("an open agenda issue is carried over once per meeting; a closed one is not", () => {
    const open = created(createIssue({ viewer: pmo, actor: actor(pmo), wgId: 1, input: input() }));
    const done = created(createIssue({ viewer: pmo, actor: actor(pmo), wgId: 1, input: input({ status: "完了" }) }));
    const meetingId = db.select().from(schema.meeting).get()!.id;
    transaction((tx) => {
      expect(recordMeetingCarryOver(tx, { issueId: open.id, meetingId, userId: pmo.userId })).toBe(true);
      expect(recordMeetingCarryOver(tx, { issueId: open.id, meetingId, userId: pmo.userId })).toBe(false);
      expect(recordMeetingCarryOver(tx, { issueId: done.id, meetingId, userId: pmo.userId })).toBe(false);
    });
    expect(getIssue({ viewer: pmo, number: open.number })!.carryOverCount).toBe(1);
    expect(getIssue({ viewer: pmo, number: done.number })!.carryOverCount).toBe(0);
  });
});

describe("comments and internal memos", () => {
  it("hides internal memos from the vendor and leadership, even on a shared issue", () => {
    const issue = created(createIssue({ viewer: staff, actor: actor(staff), wgId: 1, input: input({ vendorVisible: true }) }));
    addComment({ viewer: staff, actor: actor(staff), issue, body: "見積の比較は内部メモで", internal: true, files: [] });
    addComment({ viewer: staff, actor: actor(staff), issue, body: "事業者さんへのご質問です", internal: false, files: [] });
    const texts = (viewer: Viewer) => issueTimeline({ viewer, issueId: issue.id }).flatMap((e) => (e.kind === "comment" ? [e.body] : []));
    expect(texts(staff)).toEqual(["見積の比較は内部メモで", "事業者さんへのご質問です"]);
    expect(texts(vendor)).toEqual(["事業者さんへのご質問です"]);
  });

  it("a vendor's comment is never internal, whatever the form said", () => {
    const issue = created(createIssue({ viewer: staff, actor: actor(staff), wgId: 1, input: input({ vendorVisible: true }) }));
    const id = addComment({ viewer: vendor, actor: actor(vendor), issue, body: "回答します", internal: true, files: [] });
    expect(db.select().from(schema.comment).where(eq(schema.comment.id, id)).get()!.internal).toBe(false);
  });

  it("only the author edits a comment, and the earlier text is kept", () => {
    const issue = created(createIssue({ viewer: staff, actor: actor(staff), wgId: 1, input: input() }));
    const id = addComment({ viewer: staff, actor: actor(staff), issue, body: "第一版", internal: false, files: [] });
    expect(editComment({ viewer: lead, actor: actor(lead), issueId: issue.id, commentId: id, body: "他人の修正" })).toBe("not-yours");
    expect(editComment({ viewer: staff, actor: actor(staff), issueId: issue.id, commentId: id, body: "第二版" })).toBe("ok");
    const entry = issueTimeline({ viewer: staff, issueId: issue.id }).find((e) => e.kind === "comment");
    expect(entry).toMatchObject({ body: "第二版", edited: true, revisions: [{ body: "第一版" }] });
  });
});

describe("search (FTS5 trigram)", () => {
  it("finds Japanese words in titles, bodies and comments, with highlighted snippets", () => {
    const issue = created(createIssue({ viewer: staff, actor: actor(staff), wgId: 2, input: input({ title: "固定資産税の縦覧帳簿", body: "縦覧期間中の閲覧方法を統一したい。" }) }));
    addComment({ viewer: staff, actor: actor(staff), issue, body: "償却資産の申告書様式も合わせて検討", internal: false, files: [] });
    const byBody = search({ viewer: staff, q: "閲覧方法" });
    expect(byBody.some((h) => h.number === issue.number && h.kind === "issue")).toBe(true);
    const hit = byBody.find((h) => h.number === issue.number)!;
    expect(hit.snippet.filter((s) => s.hit).map((s) => s.text).join("")).toContain("閲覧方法");
    expect(search({ viewer: staff, q: "償却資産" }).some((h) => h.kind === "comment" && h.number === issue.number)).toBe(true);
  });

  it("two-character queries still work (titles)", () => {
    created(createIssue({ viewer: staff, actor: actor(staff), wgId: 2, input: input({ title: "軽自動車税の減免申請" }) }));
    const hits = search({ viewer: staff, q: "減免" });
    expect(hits.some((h) => h.title === "軽自動車税の減免申請")).toBe(true);
  });

  it("never finds hidden issues or internal memos for the vendor", () => {
    const hidden = created(createIssue({ viewer: staff, actor: actor(staff), wgId: 1, input: input({ title: "価格交渉の進め方", body: "事業者には見せない交渉方針" }) }));
    const shared = created(createIssue({ viewer: staff, actor: actor(staff), wgId: 1, input: input({ title: "帳票出力の仕様確認", vendorVisible: true }) }));
    addComment({ viewer: staff, actor: actor(staff), issue: shared, body: "値引き余地は大きいと思われる", internal: true, files: [] });
    expect(search({ viewer: staff, q: "交渉方針" }).some((h) => h.number === hidden.number)).toBe(true);
    expect(search({ viewer: vendor, q: "交渉方針" })).toEqual([]);
    expect(search({ viewer: vendor, q: "価格交渉" })).toEqual([]);
    expect(search({ viewer: vendor, q: "値引き余地" })).toEqual([]);
    expect(search({ viewer: vendor, q: "帳票出力" }).some((h) => h.number === shared.number)).toBe(true);
    expect(search({ viewer: exec, q: "帳票出力" })).toEqual([]);
  });

  it("treats FTS operators in the query as text", () => {
    expect(() => search({ viewer: staff, q: '"外字" OR NEAR(a b) *' })).not.toThrow();
  });
});

describe("CSV export", () => {
  it("respects the filter and the viewer's visibility", () => {
    const csv = issuesCsv({ viewer: vendor, filter: parseIssueFilter(new URLSearchParams("status=all"), vendor), locale: "ja" });
    expect(csv.startsWith("\uFEFF番号,件名,WG,")).toBe(true);
    const lines = csv.trim().split("\r\n");
    expect(lines.length - 1).toBe(list(vendor).total);
    expect(csv).not.toContain("事業者非公開");
    expect(csv).not.toContain(",非公開,");
    const en = issuesCsv({ viewer: vendor, filter: parseIssueFilter(new URLSearchParams("status=all"), vendor), locale: "en" });
    expect(en.startsWith("\uFEFFNo.,Subject,WG,Type,Status,")).toBe(true);
    expect(en).toContain(",Shared,");
  });
});
