// The live sticky-note board on the demo's meetings (built from the factories): visibility in the queries,
// optimistic concurrency, the meeting-state rules, the vendor rules, the change feed's
// audience, and what notes become (issues, draft decisions numbered per April fiscal year).
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { openAttachment, checkFiles } from "./attachment.server";
import {
  addNote,
  attachNoteToIssue,
  attachSketch,
  boardData,
  channelOf,
  deleteNote,
  editNote,
  listNotes,
  moveNote,
  noteToDecision,
  noteToIssue,
  setCluster,
  type NewNote,
} from "./sticky-note.server";
import { issueTimeline } from "./comment.server";
import { getIssue } from "./issue.server";
import { createMeeting } from "./meeting.server";
import { startMeeting } from "./meeting-lifecycle.server";
import { actor, insertMeetingBoards, viewerOf } from "./test-support";
import { mayReceive } from "~/policy/visibility.server";

let pmo: Viewer, staff: Viewer, lead: Viewer, vendorA: Viewer, vendorB: Viewer, exec: Viewer;
let live: number; // 税務WG 機能検証: 開催中, shared with vendor B
let meetings: Awaited<ReturnType<typeof insertMeetingBoards>>["meetings"]; // and 住民記録WG 第5回 (確定), 第6回 (確認中), 第7回 (予定)

const input = (overrides: Partial<NewNote> = {}): NewNote => ({ kind: "発言", text: "テストの付箋", agendaItemId: null, internal: false, ...overrides });
async function added(viewer: Viewer, overrides: Partial<NewNote> = {}, meetingId = live) {
  const result = await addNote({ viewer, actor: actor(viewer), meetingId, input: input(overrides) });
  if (!result.ok) throw new Error(`not added: ${JSON.stringify(result)}`);
  return result.note;
}
const lastEvent = (meetingId = live) => db.select().from(schema.liveEvent).where(eq(schema.liveEvent.channel, channelOf(meetingId))).orderBy(desc(schema.liveEvent.id)).get()!;
const noteRow = (id: number) => db.select().from(schema.stickyNote).where(eq(schema.stickyNote.id, id)).get()!;

beforeAll(async () => {
  ({ meetings } = await insertMeetingBoards());
  pmo = await viewerOf("pmo@demo.renkei.jp");
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
  lead = await viewerOf("lead@minamihama.demo.renkei.jp");
  vendorA = await viewerOf("vendor@vendor-a.demo.renkei.jp");
  vendorB = await viewerOf("vendor@vendor-b.demo.renkei.jp");
  exec = await viewerOf("exec@demo.renkei.jp");
  live = meetings.live.id;
  expect(db.select().from(schema.meeting).where(eq(schema.meeting.id, live)).get()).toMatchObject({ state: "開催中", vendorVisible: true });
});

describe("who sees which notes", () => {
  it("insiders see internal notes; the vendor of the WG sees the shared ones only; others see no board at all", async () => {
    const all = db.select().from(schema.stickyNote).where(and(eq(schema.stickyNote.meetingId, live))).all();
    const internal = all.filter((n) => n.internal);
    expect(internal.length).toBeGreaterThan(0);
    expect((await listNotes({ viewer: staff, meetingId: live })).map((n) => n.id).sort()).toEqual(all.map((n) => n.id).sort());
    const forVendor = await listNotes({ viewer: vendorB, meetingId: live });
    expect(forVendor.length).toBe(all.length - internal.length);
    expect(forVendor.some((n) => n.internal)).toBe(false);
    // Vendor A is not a guest of 税務WG; leadership sees no meetings: the board does not exist for them.
    expect(await listNotes({ viewer: vendorA, meetingId: live })).toEqual([]);
    expect(await boardData({ viewer: vendorA, meetingId: live })).toBeNull();
    expect(await boardData({ viewer: exec, meetingId: live })).toBeNull();
  });

  it("the board tells who may write: insiders and the vendor while 開催中; internal memo only for insiders", async () => {
    expect(await boardData({ viewer: staff, meetingId: live })).toMatchObject({ canAdd: true, canInternal: true, canMakeIssue: true, canDraftDecision: true });
    expect(await boardData({ viewer: vendorB, meetingId: live })).toMatchObject({ canAdd: true, canInternal: false, canMakeIssue: false, canDraftDecision: false, people: [] });
    const locked = meetings.jumin5.id;
    expect(await boardData({ viewer: staff, meetingId: locked })).toMatchObject({ state: "確定", canAdd: false, canInternal: false });
  });

  it("deleted notes disappear from every board", async () => {
    const note = await added(staff, { text: "消す付箋" });
    expect(await deleteNote({ viewer: staff, actor: actor(staff), meetingId: live, noteId: note.id })).toMatchObject({ ok: true });
    expect(noteRow(note.id).deletedAt).not.toBeNull();
    expect((await listNotes({ viewer: staff, meetingId: live })).some((n) => n.id === note.id)).toBe(false);
    expect(lastEvent()).toMatchObject({ kind: "note.deleted", audience: "all" });
  });
});

describe("writing notes and the change feed", () => {
  it("adds a note at the end of its column, with an audit row and a live event that carries no text", async () => {
    const agendaItemId = (await boardData({ viewer: staff, meetingId: live }))!.agenda[0].id;
    const note = await added(staff, { kind: "質問", text: "画面の切替はどこ？", agendaItemId });
    expect(note).toMatchObject({ kind: "質問", color: "blue", agendaItemId, version: 1, internal: false, authorName: expect.any(String) });
    const others = (await listNotes({ viewer: staff, meetingId: live })).filter((n) => n.agendaItemId === agendaItemId && n.id !== note.id);
    expect(note.position).toBeGreaterThan(Math.max(...others.map((n) => n.position)));
    const event = lastEvent();
    expect(event).toMatchObject({ kind: "note.added", audience: "all" });
    expect(JSON.parse(event.payload)).toEqual({ noteId: note.id, version: 1 });
    expect(event.payload).not.toContain("画面");
    const auditRow = db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, "note.create"), eq(schema.auditEvent.entityId, String(note.id)))).get();
    expect(auditRow?.actorId).toBe(staff.userId);
  });

  it("an internal note's event is for insiders only; a vendor's note is never internal", async () => {
    const secret = await added(staff, { text: "単価はまだ言わない", internal: true });
    expect(secret.internal).toBe(true);
    expect(lastEvent()).toMatchObject({ kind: "note.added", audience: "internal" });
    expect(mayReceive(vendorB, "internal")).toBe(false);
    expect(mayReceive(staff, "internal")).toBe(true);
    expect(mayReceive(vendorB, "all")).toBe(true);

    const fromVendor = await added(vendorB, { text: "事業者の付箋", internal: true });
    expect(fromVendor.internal).toBe(false);
    expect(noteRow(fromVendor.id).internal).toBe(false);
    expect(lastEvent().audience).toBe("all");
    // The vendor cannot touch (or learn of) an internal note: not found.
    expect(await moveNote({ viewer: vendorB, actor: actor(vendorB), meetingId: live, noteId: secret.id, agendaItemId: null })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await setCluster({ viewer: vendorB, actor: actor(vendorB), meetingId: live, noteId: secret.id, cluster: "x" })).toMatchObject({ ok: false, kind: "not-found" });
  });

  it("only the author edits, and only the version they saw: a stale edit is a conflict, not an overwrite", async () => {
    const note = await added(staff, { text: "最初の文" });
    expect(await editNote({ viewer: vendorB, actor: actor(vendorB), meetingId: live, noteId: note.id, version: 1, text: "横取り" })).toMatchObject({ ok: false, kind: "forbidden", errors: { form: "board.notYours" } });
    expect(await deleteNote({ viewer: pmo, actor: actor(pmo), meetingId: live, noteId: note.id })).toMatchObject({ ok: false, kind: "forbidden" });
    const first = await editNote({ viewer: staff, actor: actor(staff), meetingId: live, noteId: note.id, version: 1, text: "二番目の文", kind: "課題" });
    expect(first).toMatchObject({ ok: true, note: { text: "二番目の文", kind: "課題", color: "pink", version: 2 } });
    expect(JSON.parse(lastEvent().payload)).toEqual({ noteId: note.id, version: 2 });
    // A second tab still showing version 1:
    const stale = await editNote({ viewer: staff, actor: actor(staff), meetingId: live, noteId: note.id, version: 1, text: "古い画面からの編集" });
    expect(stale).toEqual({ ok: false, kind: "conflict", errors: { form: "board.conflict" } });
    expect(noteRow(note.id).text).toBe("二番目の文");
  });

  it("anyone who may add notes moves and groups them; columns of other meetings are refused", async () => {
    const note = await added(vendorB, { text: "動かす付箋" });
    const agenda = (await boardData({ viewer: pmo, meetingId: live }))!.agenda;
    const moved = await moveNote({ viewer: pmo, actor: actor(pmo), meetingId: live, noteId: note.id, agendaItemId: agenda[1].id });
    expect(moved).toMatchObject({ ok: true, note: { agendaItemId: agenda[1].id } });
    expect(lastEvent()).toMatchObject({ kind: "note.moved" });
    expect(await moveNote({ viewer: staff, actor: actor(staff), meetingId: live, noteId: note.id, agendaItemId: agenda[1].id, position: -5 })).toMatchObject({ ok: true, note: { position: -5 } });
    const foreign = db.select().from(schema.agendaItem).where(eq(schema.agendaItem.meetingId, meetings.jumin5.id)).get()!;
    expect(await moveNote({ viewer: pmo, actor: actor(pmo), meetingId: live, noteId: note.id, agendaItemId: foreign.id })).toMatchObject({ ok: false, kind: "invalid" });
    expect(await setCluster({ viewer: staff, actor: actor(staff), meetingId: live, noteId: note.id, cluster: "  テスト環境  " })).toMatchObject({ ok: true, note: { cluster: "テスト環境" } });
  });

  it("notes change only while the meeting runs: refused when planned, being confirmed or final", async () => {
    const cases = [
      [meetings.jumin7.id, "board.notStarted"],
      [meetings.jumin6.id, "board.notRunning"],
      [meetings.jumin5.id, "board.locked"],
    ] as const;
    for (const [meetingId, message] of cases) {
      const before = db.select().from(schema.stickyNote).where(eq(schema.stickyNote.meetingId, meetingId)).all();
      expect(await addNote({ viewer: lead, actor: actor(lead), meetingId, input: input() })).toEqual({ ok: false, kind: "conflict", errors: { form: message } });
      if (before[0]) {
        expect(await moveNote({ viewer: lead, actor: actor(lead), meetingId, noteId: before[0].id, agendaItemId: null })).toMatchObject({ ok: false, kind: "conflict" });
      }
      expect(db.select().from(schema.stickyNote).where(eq(schema.stickyNote.meetingId, meetingId)).all()).toEqual(before);
    }
  });

  it("people outside the meeting may not write; leadership and foreign vendors get not found", async () => {
    const fukushiOnly = await viewerOf("exec@demo.renkei.jp");
    expect(await addNote({ viewer: fukushiOnly, actor: actor(fukushiOnly), meetingId: live, input: input() })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await addNote({ viewer: vendorA, actor: actor(vendorA), meetingId: live, input: input() })).toMatchObject({ ok: false, kind: "not-found" });
  });
});

describe("what notes become", () => {
  it("a 課題 note becomes an issue in the meeting's WG, linked back; other kinds are refused", async () => {
    const remark = await added(staff, { kind: "発言", text: "ただの発言" });
    expect(await noteToIssue({ viewer: staff, actor: actor(staff), meetingId: live, noteId: remark.id, assigneeId: null, dueOn: null })).toMatchObject({ ok: false, kind: "invalid" });
    const note = await added(staff, { kind: "課題", text: "当初課税の件数を5団体分そろえる\n補足あり" });
    const result = await noteToIssue({ viewer: staff, actor: actor(staff), meetingId: live, noteId: note.id, assigneeId: staff.userId, dueOn: "2026-12-25" });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const issue = db.select().from(schema.issue).where(eq(schema.issue.number, result.issueNumber)).get()!;
    const m = db.select().from(schema.meeting).where(eq(schema.meeting.id, live)).get()!;
    expect(issue).toMatchObject({ wgId: m.wgId, title: "当初課税の件数を5団体分そろえる", assigneeId: staff.userId, dueOn: "2026-12-25", vendorVisible: true });
    // The meeting is cited by reference, never in the text; the page shows it to those who may see it.
    expect(issue.body).toBe("> 当初課税の件数を5団体分そろえる\n> 補足あり");
    expect(issue).toMatchObject({ sourceMeetingId: live, sourceNoteId: note.id });
    expect((await getIssue({ viewer: staff, number: issue.number }))!.source).toEqual({ meetingId: live, noteId: note.id, title: m.title });
    expect((await getIssue({ viewer: vendorB, number: issue.number }))!.source).toEqual({ meetingId: live, noteId: note.id, title: m.title });
    expect(noteRow(note.id).issueId).toBe(issue.id);
    expect(result.note.issueNumber).toBe(issue.number);
    expect(await noteToIssue({ viewer: staff, actor: actor(staff), meetingId: live, noteId: note.id, assigneeId: null, dueOn: null })).toMatchObject({ ok: false, kind: "conflict" });
    // An internal ToDo never becomes an issue the vendor can see.
    const secret = await added(staff, { kind: "ToDo", text: "内部で単価比較", internal: true });
    const hidden = await noteToIssue({ viewer: staff, actor: actor(staff), meetingId: live, noteId: secret.id, assigneeId: null, dueOn: null });
    if (!hidden.ok) throw new Error(JSON.stringify(hidden));
    expect(db.select().from(schema.issue).where(eq(schema.issue.number, hidden.issueNumber)).get()!.vendorVisible).toBe(false);
    // The vendor's board shows no link to a hidden issue.
    const vendorNote = await added(vendorB, { kind: "ToDo", text: "事業者のToDo" });
    expect(await noteToIssue({ viewer: vendorB, actor: actor(vendorB), meetingId: live, noteId: vendorNote.id, assigneeId: null, dueOn: null })).toMatchObject({ ok: false, kind: "forbidden" });
  });

  it("an issue or comment made from a note of an unshared meeting never names the meeting to a vendor", async () => {
    const zeimu = db.select().from(schema.meeting).where(eq(schema.meeting.id, live)).get()!;
    const planned = await createMeeting({
      viewer: pmo,
      actor: actor(pmo),
      scope: { wgId: zeimu.wgId!, projectId: zeimu.projectId },
      input: { kind: "WG定例", rank: null, title: "税務WG 非公開の打合せ（単価）", date: "2026-12-01", startTime: "10:00", endTime: "11:00", place: "", onlineUrl: "", hostOrgId: null, vendorVisible: false, attendeeIds: [], agendaIssueIds: [], agendaTitles: "", previousMeetingId: null },
    });
    if (!planned.ok) throw new Error(JSON.stringify(planned));
    const closed = planned.id;
    expect(await startMeeting({ viewer: pmo, actor: actor(pmo), meetingId: closed })).toMatchObject({ ok: true });
    const title = "税務WG 非公開の打合せ（単価）";

    // 付箋 → 課題: not shared at first (the meeting is not); later shared with the vendor.
    const note = await added(staff, { kind: "課題", text: "帳票の出力順を統一する" }, closed);
    const made = await noteToIssue({ viewer: staff, actor: actor(staff), meetingId: closed, noteId: note.id, assigneeId: null, dueOn: null });
    if (!made.ok) throw new Error(JSON.stringify(made));
    const row = db.select().from(schema.issue).where(eq(schema.issue.number, made.issueNumber)).get()!;
    expect(row.vendorVisible).toBe(false);
    await write((tx) => tx.update(schema.issue).set({ vendorVisible: true }).where(eq(schema.issue.id, row.id)).run());
    const forVendor = (await getIssue({ viewer: vendorB, number: made.issueNumber }))!;
    expect(forVendor.source).toBeNull();
    expect(JSON.stringify(forVendor)).not.toContain(title);
    expect(JSON.stringify(forVendor)).not.toContain(`/meetings/${closed}`);
    expect((await getIssue({ viewer: staff, number: made.issueNumber }))!.source).toEqual({ meetingId: closed, noteId: note.id, title });

    // 付箋 → an existing shared issue's comment.
    const remark = await added(staff, { kind: "ToDo", text: "出力順の案を次回までに用意" }, closed);
    expect(await attachNoteToIssue({ viewer: staff, actor: actor(staff), meetingId: closed, noteId: remark.id, issueNumber: made.issueNumber })).toMatchObject({ ok: true });
    const vendorTimeline = await issueTimeline({ viewer: vendorB, issueId: row.id });
    const vendorComment = vendorTimeline.find((e) => e.kind === "comment" && e.body.includes("出力順の案"));
    expect(vendorComment).toMatchObject({ source: null });
    expect(JSON.stringify(vendorTimeline)).not.toContain(title);
    expect(JSON.stringify(vendorTimeline)).not.toContain(`/meetings/${closed}`);
    const staffComment = (await issueTimeline({ viewer: staff, issueId: row.id })).find((e) => e.kind === "comment" && e.body.includes("出力順の案"));
    expect(staffComment).toMatchObject({ source: { meetingId: closed, noteId: remark.id, title } });
  });

  it("a note can be added to an existing issue as a comment with a link back", async () => {
    const note = await added(staff, { kind: "ToDo", text: "eLTAXテストの日程を再確認" });
    const target = db.select().from(schema.issue).where(eq(schema.issue.wgId, db.select().from(schema.meeting).where(eq(schema.meeting.id, live)).get()!.wgId!)).get()!;
    const result = await attachNoteToIssue({ viewer: staff, actor: actor(staff), meetingId: live, noteId: note.id, issueNumber: target.number });
    expect(result).toMatchObject({ ok: true, issueNumber: target.number });
    const comment = db.select().from(schema.comment).where(eq(schema.comment.issueId, target.id)).orderBy(desc(schema.comment.id)).get()!;
    expect(comment.body).toBe("> eLTAXテストの日程を再確認");
    expect(comment).toMatchObject({ sourceMeetingId: live, sourceNoteId: note.id });
    const shown = (await issueTimeline({ viewer: staff, issueId: target.id })).find((e) => e.kind === "comment" && e.id === comment.id);
    expect(shown).toMatchObject({ source: { meetingId: live, noteId: note.id } });
    expect(noteRow(note.id).issueId).toBe(target.id);
    expect(await attachNoteToIssue({ viewer: staff, actor: actor(staff), meetingId: live, noteId: note.id, issueNumber: 999_999 })).toMatchObject({ ok: false, kind: "invalid", errors: { issueNumber: "board.issueNotFound" } });
  });

  it("a 決定 note becomes a draft decision numbered D-<fiscal year>-NNN, the year starting in April", async () => {
    const jst = (iso: string) => Date.parse(`${iso}+09:00`);
    const decide = async (text: string, now: number) => {
      const note = await added(staff, { kind: "決定", text });
      const r = await noteToDecision({ viewer: staff, actor: actor(staff), meetingId: live, noteId: note.id, now });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r;
    };
    const march = await decide("3月末の決定", jst("2031-03-31T23:30:00"));
    const april = await decide("4月初めの決定", jst("2031-04-01T00:10:00"));
    const april2 = await decide("4月の2件目", jst("2031-04-15T10:00:00"));
    expect([march.decisionNumber, april.decisionNumber, april2.decisionNumber]).toEqual(["D-2030-001", "D-2031-001", "D-2031-002"]);
    const row = db.select().from(schema.decision).where(eq(schema.decision.id, april.decisionId)).get()!;
    const m = db.select().from(schema.meeting).where(eq(schema.meeting.id, live)).get()!;
    expect(row).toMatchObject({ status: "起案", title: "4月初めの決定", fiscalYear: 2031, sequence: 1, sourceMeetingId: live, sourceNoteId: april.note.id, projectId: m.projectId, wgId: m.wgId });
    expect(noteRow(april.note.id).decisionId).toBe(april.decisionId);
    // Continues after the numbers already taken in the current fiscal year (第5回's decision, unless it fell in the previous year).
    const now = Date.now();
    const current = await decide("今年度の決定", now);
    const seqs = db.select().from(schema.decision).where(eq(schema.decision.fiscalYear, db.select().from(schema.decision).where(eq(schema.decision.id, current.decisionId)).get()!.fiscalYear)).all().map((d) => d.sequence);
    expect(db.select().from(schema.decision).where(eq(schema.decision.id, current.decisionId)).get()!.sequence).toBe(Math.max(...seqs));
    expect(new Set(seqs).size).toBe(seqs.length);
    const remark = await added(staff, { kind: "発言", text: "発言" });
    expect(await noteToDecision({ viewer: staff, actor: actor(staff), meetingId: live, noteId: remark.id })).toMatchObject({ ok: false, kind: "invalid" });
  });
});

describe("sketches", () => {
  const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])], "sketch.png", { type: "image/png" });

  it("a sketch on an internal note is served to insiders only; on a shared note to the vendor too", async () => {
    const stored = await checkFiles([png()]);
    if (!stored.ok) throw new Error(stored.error);
    const secret = await added(staff, { text: "内部のポンチ絵", internal: true });
    const shared = await added(staff, { text: "共有のポンチ絵" });
    const onSecret = await attachSketch({ viewer: staff, actor: actor(staff), meetingId: live, noteId: secret.id, files: stored.files });
    const onShared = await attachSketch({ viewer: staff, actor: actor(staff), meetingId: live, noteId: shared.id, files: stored.files });
    if (!onSecret.ok || !onShared.ok) throw new Error("not attached");
    const secretFile = onSecret.note.sketches[0].id;
    const sharedFile = onShared.note.sketches[0].id;
    expect(await openAttachment({ viewer: staff, attachmentId: secretFile })).not.toBeNull();
    expect(await openAttachment({ viewer: vendorB, attachmentId: secretFile })).toBeNull();
    expect(await openAttachment({ viewer: vendorB, attachmentId: sharedFile })).not.toBeNull();
    expect(await openAttachment({ viewer: vendorA, attachmentId: sharedFile })).toBeNull();
    expect(await openAttachment({ viewer: exec, attachmentId: sharedFile })).toBeNull();
    expect(await attachSketch({ viewer: vendorB, actor: actor(vendorB), meetingId: live, noteId: shared.id, files: stored.files })).toMatchObject({ ok: false, kind: "forbidden" });
    await deleteNote({ viewer: staff, actor: actor(staff), meetingId: live, noteId: shared.id });
    expect(await openAttachment({ viewer: staff, attachmentId: sharedFile })).toBeNull();
  });
});
