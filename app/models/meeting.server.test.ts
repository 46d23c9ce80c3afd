// Meetings (the demo's, built from the factories): visibility, planning and carry-forward, the state
// machine with per-town confirmation and locking, and the exports (minutes.md, .ics).
import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { agendaItemRow, insertOrganization, insertRow, insertTown, insertUser } from "../../db/factories";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import {
  createMeeting,
  getMeeting,
  japanTimeToMs,
  listMeetings,
  meetingChoices,
  meetingAbilities,
  parseMeetingForm,
  proposeNextMeeting,
  type MeetingInput,
  type MeetingScope,
} from "./meeting.server";
import {
  closeMeeting,
  confirmMinutes,
  correctionsOf,
  requestCorrection,
  startMeeting,
} from "./meeting-lifecycle.server";
import {
  foldLine,
  icsText,
  meetingsIcs,
  minutesMarkdown,
} from "./meeting-export.server";
import { actor, insertMeetingBoards, userId, viewerOf, formOf } from "./test-support";

const orgId = (name: string) => db.select().from(schema.organization).where(eq(schema.organization.name, name)).get()!.id;
const meetingByTitle = (title: string) => db.select().from(schema.meeting).where(eq(schema.meeting.title, title)).get()!;
let pmo: Viewer, staff: Viewer, lead: Viewer, vendor: Viewer, exec: Viewer, mStaff: Viewer;
let JUMIN: number, ZEIMU: number, projectId: number;
let scope: MeetingScope;

function input(overrides: Partial<MeetingInput> = {}): MeetingInput {
  return {
    kind: "WG定例",
    rank: null,
    title: "テスト会議",
    date: "2026-12-01",
    startTime: "14:00",
    endTime: "15:30",
    place: "南浜町役場 会議室A",
    onlineUrl: "",
    hostOrgId: orgId("南浜町"),
    vendorVisible: false,
    attendeeIds: [],
    agendaIssueIds: [],
    agendaTitles: "",
    previousMeetingId: null,
    ...overrides,
  };
}
const openJuminIssues = () =>
  db
    .select()
    .from(schema.issue)
    .where(eq(schema.issue.wgId, JUMIN))
    .all()
    .filter((i) => ["未着手", "対応中", "回答待ち"].includes(i.status));
async function planned(overrides: Partial<MeetingInput> = {}) {
  const result = await createMeeting({ viewer: lead, actor: actor(lead), scope, input: input(overrides) });
  if (!result.ok) throw new Error(`not created: ${JSON.stringify(result)}`);
  return result.id;
}

/**
 * Who these tests meet beyond the boards: a second Minamihama staff member and Kitagawa's town
 * admin (both of 住民記録WG), a town outside the project with its admin (東山村), Kitagawa's
 * director (部門長, for a 連絡会), and the prefecture (a body that hosts no meeting). And on
 * 第5回's shared agenda an item linking an issue hidden from the vendor, which the vendor must not
 * see (the demo never has one).
 */
function insertMeetingPeople({ consortium, towns, wg, issues, meetings }: Awaited<ReturnType<typeof insertMeetingBoards>>) {
  const consortiumId = consortium.id;
  return write((tx) => {
    insertUser(tx, { organizationId: towns.minamihama.id, email: "staff@minamihama.demo.renkei.jp", displayName: "佐々木 拓也", wgs: [{ wgId: wg.id }] });
    insertUser(tx, {
      organizationId: towns.kitagawa.id, email: "admin@kitagawa.demo.renkei.jp", displayName: "渡辺 真一", rank: "所属長", orgAdmin: true, wgs: [{ wgId: wg.id }],
    });
    const higashiyama = insertTown(tx, { consortiumId, name: "東山村", nameKana: "ひがしやまむら" });
    insertUser(tx, { organizationId: higashiyama.id, email: "admin@higashiyama.demo.renkei.jp", displayName: "中村 直樹", rank: "所属長", orgAdmin: true });
    insertUser(tx, { organizationId: towns.kitagawa.id, email: "director@kitagawa.demo.renkei.jp", displayName: "岡田 修", rank: "部門長" });
    insertOrganization(tx, { consortiumId, kind: "prefecture", name: "さくら県" });
    const position = meetings.jumin5.agendaItems.length + 1;
    insertRow(tx, schema.agendaItem, agendaItemRow({ meetingId: meetings.jumin5.id, position, title: issues.shien.title, issueId: issues.shien.id }));
  });
}

beforeAll(async () => {
  const boards = await insertMeetingBoards();
  await insertMeetingPeople(boards);
  [JUMIN, ZEIMU, projectId] = [boards.wg.id, boards.zeimu.id, boards.project.id];
  scope = { wgId: JUMIN, projectId };
  pmo = await viewerOf("pmo@demo.renkei.jp");
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
  lead = await viewerOf("lead@minamihama.demo.renkei.jp");
  vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
  exec = await viewerOf("exec@demo.renkei.jp");
  mStaff = await viewerOf("staff@minamihama.demo.renkei.jp");
});

describe("visibility", () => {
  it("insiders see every meeting of the WG; the vendor only shared ones of their WG; leadership none", async () => {
    const all = db.select().from(schema.meeting).where(eq(schema.meeting.wgId, JUMIN)).all();
    const ids = (l: Awaited<ReturnType<typeof listMeetings>>) => [...l.upcoming, ...l.past].map((m) => m.id).sort();
    expect(ids(await listMeetings({ viewer: staff, wgId: JUMIN }))).toEqual(all.map((m) => m.id).sort());
    expect(ids(await listMeetings({ viewer: vendor, wgId: JUMIN }))).toEqual(all.filter((m) => m.vendorVisible).map((m) => m.id).sort());
    expect(ids(await listMeetings({ viewer: exec, wgId: JUMIN }))).toEqual([]);
    const hidden = all.find((m) => !m.vendorVisible)!;
    expect(await getMeeting({ viewer: vendor, meetingId: hidden.id })).toBeNull();
    expect(await getMeeting({ viewer: exec, meetingId: hidden.id })).toBeNull();
    expect((await getMeeting({ viewer: staff, meetingId: hidden.id }))?.meeting.title).toBe(hidden.title);
    // The vendor of 住民記録WG is no guest of 税務WG, even where that WG shares a meeting.
    const zeimuShared = db.select().from(schema.meeting).where(and(eq(schema.meeting.wgId, ZEIMU), eq(schema.meeting.vendorVisible, true))).get()!;
    expect(await getMeeting({ viewer: vendor, meetingId: zeimuShared.id })).toBeNull();
  });

  it("upcoming meetings come first, soonest first; past ones latest first", async () => {
    const { upcoming, past } = await listMeetings({ viewer: staff, wgId: JUMIN });
    expect(upcoming.every((m, i) => i === 0 || upcoming[i - 1].startsAt <= m.startsAt)).toBe(true);
    expect(past.every((m, i) => i === 0 || past[i - 1].startsAt >= m.startsAt)).toBe(true);
    expect(upcoming.map((m) => m.title)).toContain("住民記録WG 第7回定例会");
    expect(past.map((m) => m.title)).toContain("住民記録WG 第5回定例会");
  });

  it("internal notes reach insiders only; the vendor never sees them", async () => {
    const shared = meetingByTitle("住民記録WG 第5回定例会");
    const forStaff = (await getMeeting({ viewer: staff, meetingId: shared.id }))!;
    const forVendor = (await getMeeting({ viewer: vendor, meetingId: shared.id }))!;
    expect(forStaff.notes.some((n) => n.internal)).toBe(true);
    expect(forVendor.notes.length).toBeGreaterThan(0);
    expect(forVendor.notes.some((n) => n.internal)).toBe(false);
    // Every agenda item linking an issue the vendor may not see is left out for them.
    const hiddenIssues = new Set(db.select().from(schema.issue).where(eq(schema.issue.vendorVisible, false)).all().map((i) => i.id));
    expect(forVendor.agenda.some((a) => a.issueId !== null && hiddenIssues.has(a.issueId))).toBe(false);
  });
});

describe("planning", () => {
  it("Japan time is stored as the right instant whatever the server's time zone", () => {
    expect(japanTimeToMs("2026-11-22", "14:00")).toBe(Date.parse("2026-11-22T05:00:00Z"));
    expect(japanTimeToMs("2026-01-01", "08:30")).toBe(Date.parse("2025-12-31T23:30:00Z"));
  });

  it("bad input comes back per field", () => {
    const { errors } = parseMeetingForm(formOf({ kind: "連絡会", title: " ", date: "2026-02-30", startTime: "15:00", endTime: "14:00", onlineUrl: "javascript:alert(1)" }));
    expect(errors).toMatchObject({
      title: "meetings.titleRequired",
      date: "meetings.dateInvalid",
      endTime: "meetings.endBeforeStart",
      onlineUrl: "meetings.urlInvalid",
      rank: "meetings.rankRequired",
    });
    const ok = parseMeetingForm(formOf({ kind: "WG定例", title: "定例", date: "2026-12-01", startTime: "14:00", endTime: "15:00", onlineUrl: "https://meet.example.jp/x", attendeeIds: ["3", "4"] }));
    expect(ok.data?.attendeeIds).toEqual([3, 4]);
  });

  it("refuses unknown invitees, towns and issues, and vendors unless vendors take part; nothing is written", async () => {
    const before = db.select().from(schema.meeting).all().length;
    const vendorId = await userId("vendor@vendor-a.demo.renkei.jp");
    const otherWgIssue = db.select().from(schema.issue).where(eq(schema.issue.wgId, ZEIMU)).get()!;
    expect(await createMeeting({ viewer: lead, actor: actor(lead), scope, input: input({ attendeeIds: [vendorId] }) })).toMatchObject({ ok: false, kind: "invalid", errors: { attendeeIds: "meetings.vendorNotShared" } });
    expect(await createMeeting({ viewer: lead, actor: actor(lead), scope, input: input({ attendeeIds: [999_999] }) })).toMatchObject({ ok: false, kind: "invalid", errors: { attendeeIds: expect.any(String) } });
    expect(await createMeeting({ viewer: lead, actor: actor(lead), scope, input: input({ hostOrgId: orgId("さくら県") ?? 999 }) })).toMatchObject({ ok: false, kind: "invalid", errors: { hostOrgId: expect.any(String) } });
    expect(await createMeeting({ viewer: lead, actor: actor(lead), scope, input: input({ agendaIssueIds: [otherWgIssue.id] }) })).toMatchObject({ ok: false, kind: "invalid", errors: { agendaIssueIds: expect.any(String) } });
    expect(db.select().from(schema.meeting).all().length).toBe(before);
    const shared = await planned({ vendorVisible: true, attendeeIds: [vendorId, await userId("staff@kitagawa.demo.renkei.jp")] });
    expect(await getMeeting({ viewer: vendor, meetingId: shared }) !== null).toBe(true);
    const auditRow = db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "meeting.create"), eq(schema.auditEvent.entityId, String(shared)))).get();
    expect(auditRow?.actorId).toBe(lead.userId);
  });

  it("a project-level 連絡会: the PMO plans it with the project's staff; no vendor can be invited; WG leads do not manage it", async () => {
    const projectScope = { wgId: null, projectId };
    const choices = await meetingChoices({ viewer: pmo, scope: projectScope });
    expect(choices.people.some((p) => p.organizationKind === "vendor")).toBe(false);
    expect(choices.people.map((p) => p.id)).toContain(await userId("tax@kitagawa.demo.renkei.jp"));
    const vendorId = await userId("vendor@vendor-a.demo.renkei.jp");
    expect(await createMeeting({ viewer: pmo, actor: actor(pmo), scope: projectScope, input: input({ kind: "連絡会", rank: "部門長", vendorVisible: true, attendeeIds: [vendorId] }) })).toMatchObject({ ok: false, kind: "invalid", errors: { attendeeIds: expect.any(String) } });
    const created = await createMeeting({ viewer: pmo, actor: actor(pmo), scope: projectScope, input: input({ kind: "連絡会", rank: "部門長", title: "第1回 部門長連絡会（テスト）", attendeeIds: [await userId("director@kitagawa.demo.renkei.jp")] }) });
    expect(created.ok).toBe(true);
    const id = (created as { id: number }).id;
    expect(db.select().from(schema.meeting).where(eq(schema.meeting.id, id)).get()).toMatchObject({ wgId: null, rank: "部門長", kind: "連絡会" });
    expect(await startMeeting({ viewer: lead, actor: actor(lead), meetingId: id })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await getMeeting({ viewer: vendor, meetingId: id })).toBeNull();
  });

  it("the next meeting of a series proposes the still-open agenda issues of the previous one", async () => {
    const previous = meetingByTitle("住民記録WG 第6回定例会");
    const proposal = (await proposeNextMeeting({ viewer: lead, previousId: previous.id }))!;
    const agendaIssues = db.select().from(schema.agendaItem).where(eq(schema.agendaItem.meetingId, previous.id)).all().map((a) => a.issueId);
    const stillOpen = openJuminIssues().filter((i) => agendaIssues.includes(i.id)).map((i) => i.id);
    expect(stillOpen.length).toBeGreaterThan(0);
    expect(proposal.agendaIssueIds.sort()).toEqual(stillOpen.sort());
    expect(proposal.values.title).toBe("住民記録WG 第7回定例会");
    expect(proposal.values.previousMeetingId).toBe(String(previous.id));
    expect(await proposeNextMeeting({ viewer: vendor, previousId: previous.id })).toBeNull();
  });
});

describe("the state machine", () => {
  it("only the PMO or the WG lead start and end a meeting; ending carries open agenda issues over exactly once", async () => {
    const [a, b] = openJuminIssues();
    const id = await planned({ agendaIssueIds: [a.id, b.id], attendeeIds: [await userId("staff@kitagawa.demo.renkei.jp"), await userId("staff@minamihama.demo.renkei.jp")] });
    expect(await startMeeting({ viewer: staff, actor: actor(staff), meetingId: id })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await startMeeting({ viewer: vendor, actor: actor(vendor), meetingId: id })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await startMeeting({ viewer: lead, actor: actor(lead), meetingId: id })).toEqual({ ok: true, state: "開催中" });
    expect(await startMeeting({ viewer: lead, actor: actor(lead), meetingId: id })).toMatchObject({ ok: false, kind: "conflict" });
    // b is settled during the meeting: not carried over.
    await write((tx) => tx.update(schema.issue).set({ status: "完了" }).where(eq(schema.issue.id, b.id)).run());
    const carryOf = (issueId: number) => db.select().from(schema.issue).where(eq(schema.issue.id, issueId)).get()!.carryOverCount;
    const [aBefore, bBefore] = [carryOf(a.id), carryOf(b.id)];
    expect(await closeMeeting({ viewer: staff, actor: actor(staff), meetingId: id })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await closeMeeting({ viewer: lead, actor: actor(lead), meetingId: id })).toEqual({ ok: true, state: "確認中" });
    expect(await closeMeeting({ viewer: pmo, actor: actor(pmo), meetingId: id })).toMatchObject({ ok: false, kind: "conflict" });
    expect([carryOf(a.id), carryOf(b.id)]).toEqual([aBefore + 1, bBefore]);
    const rows = db.select().from(schema.issuePostponement).where(eq(schema.issuePostponement.meetingId, id)).all();
    expect(rows.map((r) => r.issueId)).toEqual([a.id]);
    await write((tx) => tx.update(schema.issue).set({ status: b.status }).where(eq(schema.issue.id, b.id)).run());
  });

  it("each participating town confirms once; the last confirmation locks the minutes; after 確定 nothing changes", async () => {
    const id = await planned({ attendeeIds: [await userId("staff@kitagawa.demo.renkei.jp"), await userId("pmo@demo.renkei.jp")], hostOrgId: orgId("南浜町") });
    expect(await confirmMinutes({ viewer: staff, actor: actor(staff), meetingId: id })).toMatchObject({ ok: false, kind: "conflict" });
    await startMeeting({ viewer: lead, actor: actor(lead), meetingId: id });
    await closeMeeting({ viewer: lead, actor: actor(lead), meetingId: id });
    const data = (await getMeeting({ viewer: staff, meetingId: id }))!;
    expect(data.confirmations.map((c) => c.organizationName)).toEqual(["北川市", "南浜町"]);
    expect(meetingAbilities(staff, data.meeting, data.confirmations).confirm).toBe(true);
    expect(meetingAbilities(pmo, data.meeting, data.confirmations).confirm).toBe(false);
    expect(await confirmMinutes({ viewer: pmo, actor: actor(pmo), meetingId: id })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await confirmMinutes({ viewer: vendor, actor: actor(vendor), meetingId: id })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await confirmMinutes({ viewer: await viewerOf("admin@higashiyama.demo.renkei.jp"), actor: actor(pmo), meetingId: id })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await confirmMinutes({ viewer: staff, actor: actor(staff), meetingId: id })).toEqual({ ok: true, state: "確認中" });
    expect(await confirmMinutes({ viewer: await viewerOf("admin@kitagawa.demo.renkei.jp"), actor: actor(staff), meetingId: id })).toMatchObject({ ok: false, kind: "conflict" });
    expect(await confirmMinutes({ viewer: mStaff, actor: actor(mStaff), meetingId: id })).toEqual({ ok: true, state: "確定" });
    const locked = db.select().from(schema.meeting).where(eq(schema.meeting.id, id)).get()!;
    expect(locked.state).toBe("確定");
    expect(locked.lockedAt).not.toBeNull();
    for (const attempt of [startMeeting, closeMeeting, confirmMinutes]) {
      expect(await attempt({ viewer: lead, actor: actor(lead), meetingId: id })).toEqual({ ok: false, kind: "conflict", errors: { form: "meetings.locked" } });
    }
    expect(db.select().from(schema.minutesConfirmation).where(eq(schema.minutesConfirmation.meetingId, id)).all()).toHaveLength(2);
    expect(db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.entityType, "meeting"), eq(schema.auditEvent.entityId, String(id)))).all().map((r) => r.action)).toEqual([
      "meeting.create",
      "meeting.start",
      "meeting.close",
      "meeting.confirm",
      "meeting.confirm",
    ]);
  });

  it("a participating town may ask for a correction while the minutes are checked; the vendor never sees it", async () => {
    const id = await planned({ attendeeIds: [await userId("staff@kitagawa.demo.renkei.jp")], hostOrgId: orgId("南浜町") });
    expect(await requestCorrection({ viewer: staff, actor: actor(staff), meetingId: id, text: "早すぎる" })).toMatchObject({ ok: false, kind: "conflict" });
    await startMeeting({ viewer: lead, actor: actor(lead), meetingId: id });
    await closeMeeting({ viewer: lead, actor: actor(lead), meetingId: id });
    expect(await requestCorrection({ viewer: pmo, actor: actor(pmo), meetingId: id, text: "事務局から" })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await requestCorrection({ viewer: staff, actor: actor(staff), meetingId: id, text: "北川市の外字件数は約1,200字です" })).toEqual({ ok: true, state: "確認中" });
    expect((await correctionsOf(lead, id)).map((c) => [c.organizationName, c.body])).toEqual([["北川市", "北川市の外字件数は約1,200字です"]]);
    expect(await correctionsOf(vendor, id)).toEqual([]);
    // The meeting stays 確認中 until every town has confirmed.
    expect(db.select().from(schema.meeting).where(eq(schema.meeting.id, id)).get()!.state).toBe("確認中");
  });
});

describe("exports", () => {
  it("minutes.md: attendees by town, notes per agenda item and kind with author, town and links; internal notes for insiders only", async () => {
    const m = meetingByTitle("住民記録WG 第5回定例会");
    const forStaff = (await minutesMarkdown({ viewer: staff, meetingId: m.id, origin: "https://renkei.example.jp" }))!;
    const forVendor = (await minutesMarkdown({ viewer: vendor, meetingId: m.id, origin: "https://renkei.example.jp" }))!;
    expect(forStaff.body).toContain("# 住民記録WG 第5回定例会");
    expect(forStaff.body).toContain("## 出席者");
    expect(forStaff.body).toMatch(/- 北川市: .*高橋 健太/);
    expect(forStaff.body).toContain("### 決定");
    expect(forStaff.body).toContain("（田中 由美・南浜町）");
    expect(forStaff.body).toMatch(/\]\(https:\/\/renkei\.example\.jp\/c\/\d+\/decisions\/\d+\)/);
    expect(forStaff.body).toMatch(/## その他[\s\S]*\[#\d+\]\(https:\/\/renkei\.example\.jp\/c\/\d+\/issues\/\d+\)/);
    expect(forStaff.body).toContain("見積は協議会で一括取得");
    expect(forVendor.body).not.toContain("見積は協議会で一括取得");
    expect(forVendor.body).not.toContain("内部メモ");
    expect(forStaff.fileName).toMatch(/^住民記録WG 第5回定例会_議事録_\d{4}-\d{2}-\d{2}\.md$/);
    const hidden = meetingByTitle("住民記録WG 第6回定例会");
    expect(await minutesMarkdown({ viewer: vendor, meetingId: hidden.id, origin: "https://x" })).toBeNull();
  });

  it("a shared meeting does not point the vendor to the unshared meeting before it in the series", async () => {
    const next = meetingByTitle("住民記録WG 第7回定例会");
    const previous = meetingByTitle("住民記録WG 第6回定例会");
    expect([next.vendorVisible, previous.vendorVisible, next.previousMeetingId]).toEqual([true, false, previous.id]);
    const forVendor = (await getMeeting({ viewer: vendor, meetingId: next.id }))!;
    expect(forVendor.previous).toBeNull();
    expect(forVendor.meeting.previousMeetingId).toBeNull();
    expect(JSON.stringify(forVendor)).not.toContain(previous.title);
    const forStaff = (await getMeeting({ viewer: staff, meetingId: next.id }))!;
    expect(forStaff.meeting.previousMeetingId).toBe(previous.id);
    expect(forStaff.previous).toEqual({ id: previous.id, title: previous.title });
  });

  it("minutes.md: names of people and towns are text, never markdown or HTML", async () => {
    const { marked } = await import("marked");
    const m = meetingByTitle("住民記録WG 第5回定例会");
    const person = db.select().from(schema.user).where(eq(schema.user.id, lead.userId)).get()!;
    const town = db.select().from(schema.organization).where(eq(schema.organization.id, orgId("北川市"))).get()!;
    try {
      // A URL the form accepts (new URL() parses it) that would close the <autolink> early.
      await write((tx) => tx.update(schema.meeting).set({ onlineUrl: "https://meet.example.jp/a>[入室](javascript:alert(2))" }).where(eq(schema.meeting.id, m.id)).run());
      await write((tx) => tx.update(schema.user).set({ displayName: "[x](javascript:alert(1)) *強調* `code`" }).where(eq(schema.user.id, person.id)).run());
      await write((tx) => tx.update(schema.organization).set({ name: "# <script>alert(1)</script> | 表" }).where(eq(schema.organization.id, town.id)).run());
      const { body } = (await minutesMarkdown({ viewer: staff, meetingId: m.id, origin: "https://renkei.example.jp" }))!;
      const html = await marked.parse(body);
      expect(html).not.toMatch(/<script|href="javascript:|<em>強調|<code>code/);
      // The only heading of level 1 is the meeting's title; the names read as written.
      expect(html.match(/<h1/g)).toHaveLength(1);
      expect(html).toContain("[x](javascript:alert(1)) *強調* `code`");
      expect(html).toContain("# &lt;script&gt;alert(1)&lt;/script&gt; | 表");
    } finally {
      await write((tx) => tx.update(schema.meeting).set({ onlineUrl: m.onlineUrl }).where(eq(schema.meeting.id, m.id)).run());
      await write((tx) => tx.update(schema.user).set({ displayName: person.displayName }).where(eq(schema.user.id, person.id)).run());
      await write((tx) => tx.update(schema.organization).set({ name: town.name }).where(eq(schema.organization.id, town.id)).run());
    }
  });

  it("text escaping and folding follow RFC 5545, never splitting a UTF-8 character", () => {
    expect(icsText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    const long = `SUMMARY:${"住民記録システム標準化".repeat(12)}`;
    const folded = foldLine(long);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join("")).toBe(long);
  });

  it("meetings.ics parses with a real iCalendar parser: the viewer's meetings, UTC times, a long Japanese summary folded", async () => {
    const longTitle = "住民記録WG 臨時会（外字同定基準・転出証明書様式・移行データ検証計画・操作研修計画についての集中討議）";
    const id = await planned({ title: longTitle, attendeeIds: [await userId("staff@kitagawa.demo.renkei.jp")], agendaTitles: "前回ToDoの確認, 進め方; その他", date: "2026-12-03", startTime: "09:30", endTime: "11:00" });
    const ics = await meetingsIcs({ viewer: staff, origin: "https://renkei.example.jp" });
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
    const mine = events.find((e) => e.uid === `meeting-${id}@renkei`)!;
    expect(mine.summary).toBe(longTitle);
    expect(mine.startDate.toJSDate().getTime()).toBe(Date.parse("2026-12-03T00:30:00Z"));
    expect(mine.endDate.toJSDate().getTime()).toBe(Date.parse("2026-12-03T02:00:00Z"));
    expect(mine.location).toBe("南浜町役場 会議室A");
    expect(mine.description).toContain("前回ToDoの確認, 進め方; その他");
    expect(mine.component.getFirstPropertyValue("url")).toBe(`https://renkei.example.jp/c/${staff.consortiumId}/meetings/${id}`);
    expect(mine.component.getFirstPropertyValue("dtstamp")).toBeTruthy();
    // The vendor's feed holds only meetings shared with them.
    const vendorEvents = new ICAL.Component(ICAL.parse(await meetingsIcs({ viewer: vendor, origin: "https://renkei.example.jp" }))).getAllSubcomponents("vevent");
    const shared = new Set(db.select().from(schema.meeting).where(eq(schema.meeting.vendorVisible, true)).all().map((m) => `meeting-${m.id}@renkei`));
    expect(vendorEvents.length).toBeGreaterThan(0);
    expect(vendorEvents.every((e) => shared.has(String(e.getFirstPropertyValue("uid"))))).toBe(true);
    expect(new ICAL.Component(ICAL.parse(await meetingsIcs({ viewer: exec, origin: "https://x.jp" }))).getAllSubcomponents("vevent")).toHaveLength(0);
  });
});
