// Issues: visibility in the queries, numbering, the journal, carry-overs, comments and
// internal memos, search and CSV.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { FACTORY_NOW, insertIssue, insertMeeting, insertWgMembership, insertWorkingGroup } from "../../db/factories";
import { addDays, todayInJapan } from "~/utils/dates";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { addComment, editComment, issueTimeline } from "./comment.server";
import { issuesCsv } from "./issue-csv.server";
import { createIssue, getIssue, listIssues, parseIssueFilter, recordMeetingCarryOver, updateIssue, type IssueInput } from "./issue.server";
import { actor, viewerOf, issueInput, insertExecutive, insertSmallConsortium } from "./test-support";
import { search } from "./search.server";

let pmo: Viewer, staff: Viewer, lead: Viewer, vendor: Viewer, exec: Viewer;
/** The vendor's WG (住民記録WG) and 税務WG, where the Kitagawa staff member also works. */
let wgId: number, zeimuId: number;
let kita: number, mina: number;

const input = (overrides: Partial<IssueInput> = {}) => issueInput({ ...overrides });
const list = (viewer: Viewer, query = "status=all") => listIssues({ viewer, filter: parseIssueFilter(new URLSearchParams(query), viewer), pageSize: 500 });
async function created(result: Awaited<ReturnType<typeof createIssue>>) {
  if (!result.ok) throw new Error(`not created: ${JSON.stringify(result)}`);
  return (await getIssue({ viewer: pmo, number: result.number }))!;
}

// Three WGs: the vendor's, 税務WG (the staff member works in it too) and 福祉WG (nobody here
// works in it: glass walls); issues shared or not, overdue, closed and carried over; a
// meeting for the carry-over; and a leadership login.
beforeAll(async () => {
  const { consortium, towns, office, project, wg, users } = await insertSmallConsortium();
  [kita, mina, wgId] = [towns.kitagawa.id, towns.minamihama.id, wg.id];
  await write((tx) => {
    const consortiumId = consortium.id;
    insertExecutive(tx, office.id);
    zeimuId = insertWorkingGroup(tx, { consortiumId, projectId: project.id, name: "税務WG" }).id;
    insertWgMembership(tx, { wgId: zeimuId, userId: users.staff.id });
    const fukushiId = insertWorkingGroup(tx, { consortiumId, projectId: project.id, name: "福祉WG" }).id;
    insertMeeting(tx, { consortiumId, projectId: project.id, wgId, title: "住民記録WG 第1回定例会", createdBy: users.lead.id });

    const today = todayInJapan();
    const issue = (overrides: Partial<Parameters<typeof insertIssue>[1]>) => insertIssue(tx, { consortiumId, wgId, createdBy: users.lead.id, ...overrides });
    issue({ title: "転出証明書の様式", vendorVisible: true, assigneeId: users.staff.id, dueOn: addDays(today, 14) });
    issue({ title: "住基ネット接続の切替手順", vendorVisible: true, status: "対応中", assigneeId: users.staff.id, dueOn: addDays(today, -5) });
    issue({ title: "窓口の混雑対策", status: "対応中", dueOn: addDays(today, -2), carryOverCount: 3 });
    issue({ title: "本人確認書類の統一", status: "回答待ち", carryOverCount: 2 });
    issue({ title: "印鑑登録証明書の様式", vendorVisible: true, status: "完了", dueOn: addDays(today, -30), closedAt: FACTORY_NOW });
    issue({ wgId: zeimuId, title: "個人住民税の特別徴収", vendorVisible: true, carryOverCount: 1, createdBy: users.staff.id });
    issue({ wgId: fukushiId, title: "児童手当の支給日", createdBy: users.pmo.id });
  });
  pmo = await viewerOf("pmo@demo.renkei.jp");
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
  lead = await viewerOf("lead@minamihama.demo.renkei.jp");
  vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
  exec = await viewerOf("exec@demo.renkei.jp");
});

describe("visibility in the queries", () => {
  it("town staff see every WG's issues (glass-walled); the vendor only shared ones of their WG; leadership none", async () => {
    const all = db.select().from(schema.issue).all();
    expect((await list(staff)).total).toBe(all.length);
    const shared = all.filter((i) => i.vendorVisible && i.wgId === wgId);
    expect((await list(vendor)).rows.map((r) => r.number).sort((a, b) => a - b)).toEqual(shared.map((i) => i.number).sort((a, b) => a - b));
    expect((await list(exec)).total).toBe(0);
  });

  it("a hidden issue is simply not found for the vendor, the same as a number that never existed", async () => {
    const hidden = db.select().from(schema.issue).where(and(eq(schema.issue.wgId, wgId), eq(schema.issue.vendorVisible, false))).get()!;
    expect(await getIssue({ viewer: vendor, number: hidden.number })).toBeNull();
    expect(await getIssue({ viewer: vendor, number: 999_999 })).toBeNull();
    expect((await getIssue({ viewer: staff, number: hidden.number }))?.title).toBe(hidden.title);
  });

  it("filters combine and counts follow the filter", async () => {
    const overdue = await list(staff, "status=open&overdue=1");
    const today = todayInJapan();
    expect(overdue.rows.every((r) => r.dueOn !== null && r.dueOn < today)).toBe(true);
    const carried = await list(staff, "status=all&carry=2&sort=carry&dir=desc");
    expect(carried.rows.length).toBeGreaterThan(0);
    expect(carried.rows.every((r) => r.carryOverCount >= 2)).toBe(true);
    expect(carried.rows[0].carryOverCount).toBeGreaterThanOrEqual(carried.rows.at(-1)!.carryOverCount);
    const mine = await list(staff, `status=all&assignee=me`);
    expect(mine.rows.every((r) => r.assigneeId === staff.userId)).toBe(true);
  });

  it("malformed list parameters are ignored rather than failing", async () => {
    const f = parseIssueFilter(new URLSearchParams("status=bogus&sort=drop%20table&page=-3&carry=abc&wg=1e9"), staff);
    expect(f).toMatchObject({ status: "open", sort: "updated", page: 1, minCarry: undefined });
    await expect(list(staff, "status=bogus&sort=x&page=999999")).resolves.toBeDefined();
  });
});

describe("creating and editing", () => {
  it("numbers issues per consortium and records who created them", async () => {
    const before = db.select().from(schema.issue).all().length;
    const issue = await created(await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input({ title: "番号の確認" }) }));
    expect(issue.number).toBe(before + 1);
    expect(issue.createdBy).toBe(staff.userId);
    const rows = db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "issue.create"), eq(schema.auditEvent.entityId, String(issue.id)))).all();
    expect(rows).toHaveLength(1);
  });

  it("refuses an assignee from outside the WG and stores nothing", async () => {
    const before = db.select().from(schema.issue).all().length;
    const result = await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input({ assigneeId: vendor.userId }) });
    expect(result).toEqual({ ok: false, kind: "invalid", errors: { assigneeId: "issues.assigneeInvalid" } });
    expect(db.select().from(schema.issue).all().length).toBe(before);
  });

  it("a vendor's issue is always shared with vendors and triaged by the consortium", async () => {
    const issue = await created(await createIssue({ viewer: vendor, actor: actor(vendor), wgId, input: input({ title: "仕様についての質問", type: "質問", priority: "緊急", vendorVisible: false }) }));
    expect(issue).toMatchObject({ vendorVisible: true, priority: "中", assigneeId: null });
  });

  it("journals every changed field, old → new", async () => {
    const issue = await created(await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input({ title: "経緯の確認" }) }));
    await updateIssue({ viewer: lead, actor: actor(lead), number: issue.number, input: input({ title: "経緯の確認（修正）", status: "対応中", assigneeId: staff.userId, affectedOrgIds: [mina, kita] }) });
    const journal = db.select().from(schema.issueJournal).where(eq(schema.issueJournal.issueId, issue.id)).all();
    expect(journal.map((j) => [j.field, j.oldValue, j.newValue])).toEqual([
      ["title", "経緯の確認", "経緯の確認（修正）"],
      ["status", "未着手", "対応中"],
      ["assigneeId", null, String(staff.userId)],
      ["affectedOrgIds", null, `${kita},${mina}`],
    ]);
    const change = (await issueTimeline({ viewer: staff, issueId: issue.id })).find((e) => e.kind === "change");
    expect(change).toMatchObject({ userName: "田中 由美" });
    expect(change && "changes" in change && change.changes.find((c) => c.field === "assigneeId")?.to).toBe("高橋 健太");
    // Saving without a change writes nothing.
    await updateIssue({ viewer: lead, actor: actor(lead), number: issue.number, input: input({ title: "経緯の確認（修正）", status: "対応中", assigneeId: staff.userId, affectedOrgIds: [kita, mina] }) });
    expect(db.select().from(schema.issueJournal).where(eq(schema.issueJournal.issueId, issue.id)).all()).toHaveLength(4);
  });
});

describe("carry-over (持ち越し)", () => {
  it("moving the due date later needs a reason and counts as a carry-over; earlier does not", async () => {
    const due = addDays(todayInJapan(), 7);
    const issue = await created(await createIssue({ viewer: pmo, actor: actor(pmo), wgId, input: input({ dueOn: due }) }));
    const refused = await updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ dueOn: addDays(due, 14) }) });
    expect(refused).toEqual({ ok: false, kind: "invalid", errors: { postponeReason: "issues.reasonRequired" } });
    expect((await getIssue({ viewer: pmo, number: issue.number }))!.dueOn).toBe(due);

    await updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ dueOn: addDays(due, 14), postponeReason: "庁内調整のため" }) });
    await updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ dueOn: addDays(due, 28), postponeReason: "事業者回答待ち" }) });
    await updateIssue({ viewer: pmo, actor: actor(pmo), number: issue.number, input: input({ dueOn: addDays(due, 20) }) });
    expect((await getIssue({ viewer: pmo, number: issue.number }))!.carryOverCount).toBe(2);
    const postponements = db.select().from(schema.issuePostponement).where(eq(schema.issuePostponement.issueId, issue.id)).all();
    expect(postponements.map((p) => [p.fromDue, p.toDue, p.reason])).toEqual([
      [due, addDays(due, 14), "庁内調整のため"],
      [addDays(due, 14), addDays(due, 28), "事業者回答待ち"],
    ]);
  });

  it("an open agenda issue is carried over once per meeting; a closed one is not", async () => {
    const open = await created(await createIssue({ viewer: pmo, actor: actor(pmo), wgId, input: input() }));
    const done = await created(await createIssue({ viewer: pmo, actor: actor(pmo), wgId, input: input({ status: "完了" }) }));
    const meetingId = db.select().from(schema.meeting).get()!.id;
    await write(async (tx) => {
      expect(await recordMeetingCarryOver(tx, { issueId: open.id, meetingId, userId: pmo.userId })).toBe(true);
      expect(await recordMeetingCarryOver(tx, { issueId: open.id, meetingId, userId: pmo.userId })).toBe(false);
      expect(await recordMeetingCarryOver(tx, { issueId: done.id, meetingId, userId: pmo.userId })).toBe(false);
    });
    expect((await getIssue({ viewer: pmo, number: open.number }))!.carryOverCount).toBe(1);
    expect((await getIssue({ viewer: pmo, number: done.number }))!.carryOverCount).toBe(0);
  });
});

describe("comments and internal memos", () => {
  it("hides internal memos from the vendor and leadership, even on a shared issue", async () => {
    const issue = await created(await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input({ vendorVisible: true }) }));
    await addComment({ viewer: staff, actor: actor(staff), issue, body: "見積の比較は内部メモで", internal: true, files: [] });
    await addComment({ viewer: staff, actor: actor(staff), issue, body: "事業者さんへのご質問です", internal: false, files: [] });
    const texts = async (viewer: Viewer) => (await issueTimeline({ viewer, issueId: issue.id })).flatMap((e) => (e.kind === "comment" ? [e.body] : []));
    expect(await texts(staff)).toEqual(["見積の比較は内部メモで", "事業者さんへのご質問です"]);
    expect(await texts(vendor)).toEqual(["事業者さんへのご質問です"]);
  });

  it("a vendor's comment is never internal, whatever the form said", async () => {
    const issue = await created(await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input({ vendorVisible: true }) }));
    const id = await addComment({ viewer: vendor, actor: actor(vendor), issue, body: "回答します", internal: true, files: [] });
    expect(db.select().from(schema.comment).where(eq(schema.comment.id, id)).get()!.internal).toBe(false);
  });

  it("only the author edits a comment, and the earlier text is kept", async () => {
    const issue = await created(await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input() }));
    const id = await addComment({ viewer: staff, actor: actor(staff), issue, body: "第一版", internal: false, files: [] });
    expect(await editComment({ viewer: lead, actor: actor(lead), issueId: issue.id, commentId: id, body: "他人の修正" })).toMatchObject({ ok: false, kind: "forbidden", errors: { form: "comments.notYours" } });
    expect(await editComment({ viewer: staff, actor: actor(staff), issueId: issue.id, commentId: id, body: "第二版" })).toEqual({ ok: true });
    const entry = (await issueTimeline({ viewer: staff, issueId: issue.id })).find((e) => e.kind === "comment");
    expect(entry).toMatchObject({ body: "第二版", edited: true, revisions: [{ body: "第一版" }] });
  });
});

describe("search (FTS5 trigram)", () => {
  it("finds Japanese words in titles, bodies and comments, with highlighted snippets", async () => {
    const issue = await created(await createIssue({ viewer: staff, actor: actor(staff), wgId: zeimuId, input: input({ title: "固定資産税の縦覧帳簿", body: "縦覧期間中の閲覧方法を統一したい。" }) }));
    await addComment({ viewer: staff, actor: actor(staff), issue, body: "償却資産の申告書様式も合わせて検討", internal: false, files: [] });
    const byBody = await search({ viewer: staff, q: "閲覧方法" });
    expect(byBody.some((h) => h.number === issue.number && h.kind === "issue")).toBe(true);
    const hit = byBody.find((h) => h.number === issue.number)!;
    expect(hit.snippet.filter((s) => s.hit).map((s) => s.text).join("")).toContain("閲覧方法");
    expect((await search({ viewer: staff, q: "償却資産" })).some((h) => h.kind === "comment" && h.number === issue.number)).toBe(true);
  });

  it("two-character queries still work (titles)", async () => {
    await created(await createIssue({ viewer: staff, actor: actor(staff), wgId: zeimuId, input: input({ title: "軽自動車税の減免申請" }) }));
    const hits = await search({ viewer: staff, q: "減免" });
    expect(hits.some((h) => h.title === "軽自動車税の減免申請")).toBe(true);
  });

  it("never finds hidden issues or internal memos for the vendor", async () => {
    const hidden = await created(await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input({ title: "価格交渉の進め方", body: "事業者には見せない交渉方針" }) }));
    const shared = await created(await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input({ title: "帳票出力の仕様確認", vendorVisible: true }) }));
    await addComment({ viewer: staff, actor: actor(staff), issue: shared, body: "値引き余地は大きいと思われる", internal: true, files: [] });
    expect((await search({ viewer: staff, q: "交渉方針" })).some((h) => h.number === hidden.number)).toBe(true);
    expect(await search({ viewer: vendor, q: "交渉方針" })).toEqual([]);
    expect(await search({ viewer: vendor, q: "価格交渉" })).toEqual([]);
    expect(await search({ viewer: vendor, q: "値引き余地" })).toEqual([]);
    expect((await search({ viewer: vendor, q: "帳票出力" })).some((h) => h.number === shared.number)).toBe(true);
    expect(await search({ viewer: exec, q: "帳票出力" })).toEqual([]);
  });

  it("treats FTS operators in the query as text", async () => {
    await expect(search({ viewer: staff, q: '"外字" OR NEAR(a b) *' })).resolves.toBeDefined();
  });
});

describe("CSV export", () => {
  it("respects the filter and the viewer's visibility", async () => {
    const csv = await issuesCsv({ viewer: vendor, filter: parseIssueFilter(new URLSearchParams("status=all"), vendor), locale: "ja" });
    expect(csv.startsWith("\uFEFF番号,件名,WG,")).toBe(true);
    const lines = csv.trim().split("\r\n");
    expect(lines.length - 1).toBe((await list(vendor)).total);
    expect(csv).not.toContain("事業者非公開");
    expect(csv).not.toContain(",非公開,");
    const en = await issuesCsv({ viewer: vendor, filter: parseIssueFilter(new URLSearchParams("status=all"), vendor), locale: "en" });
    expect(en.startsWith("\uFEFFNo.,Subject,WG,Type,Status,")).toBe(true);
    expect(en).toContain(",Shared,");
  });
});
