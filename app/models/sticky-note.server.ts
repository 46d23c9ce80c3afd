// The live sticky-note board (付箋ボード): the notes are the minutes. Visibility is applied in
// the queries (meeting visible, internal notes only for insiders); every write runs in one
// transaction with its audit row and a live_event row, which every server process's event
// streams poll (payload: ids and version only, never note text).
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { MessageKey } from "~/i18n";
import { conflict, forbidden, invalid, invalidField, notFound, type Refusal, type Result } from "~/domain/result";
import { lastLiveEventId, publishLiveEvent } from "~/jobs/live-events.server";
import { audit, type Actor } from "~/utils/audit.server";
import { isIsoDate } from "~/utils/dates";
import { anyOf, db, type Executor, schema, type Tx, write } from "~/utils/db.server";
import { can, isGuest, type Viewer } from "~/policy/permissions";
import { attach, type CheckedFile } from "./attachment.server";
import { addComment } from "./comment.server";
import { createIssue, getIssue, issueChoices } from "./issue.server";
import { insertDraft, projectTownIds } from "./decision.server";
import { readsInternal, visibleDecisions, visibleIssues, visibleMeetings, visibleNotes } from "~/policy/visibility.server";

const { meeting, stickyNote, agendaItem, NOTE_KINDS } = schema;
/** The kinds of sticky note (発言, 課題, 決定, …), for the board's form. */
export { NOTE_KINDS };
export type NoteKind = (typeof NOTE_KINDS)[number];
export const NOTE_MAX_LENGTH = 400;
export const NOTE_COLORS: Record<NoteKind, string> = { 発言: "yellow", 質問: "blue", 課題: "pink", ToDo: "green", 決定: "orange" };


// --- the meeting and who may write -----------------------------------------------------

/** The meeting, if the viewer may see it (same rule as the meeting pages: visibleMeetings). */
export async function boardMeeting(viewer: Viewer, meetingId: number) {
  return (
    db
      .select({ id: meeting.id, title: meeting.title, consortiumId: meeting.consortiumId, projectId: meeting.projectId, wgId: meeting.wgId, vendorVisible: meeting.vendorVisible, state: meeting.state })
      .from(meeting)
      .where(and(visibleMeetings(viewer), eq(meeting.id, meetingId)))
      .get() ?? null
  );
}
export type BoardMeeting = NonNullable<Awaited<ReturnType<typeof boardMeeting>>>;

async function isAttendee(viewer: Viewer, meetingId: number) {
  return !!db
    .select({ userId: schema.meetingAttendee.userId })
    .from(schema.meetingAttendee)
    .where(and(eq(schema.meetingAttendee.meetingId, meetingId), eq(schema.meetingAttendee.userId, viewer.userId)))
    .get();
}

/** WG members, the PMO and town admins (note.create), and insiders invited to the meeting. */
export async function mayWriteNotes(viewer: Viewer, m: BoardMeeting) {
  if (can(viewer, "note.create", { wgId: m.wgId, vendorVisible: m.vendorVisible })) return true;
  return can(viewer, "comment.readInternal") && await isAttendee(viewer, m.id);
}

function mayMakeIssue(viewer: Viewer, m: BoardMeeting) {
  return m.wgId !== null && !isGuest(viewer) && can(viewer, "issue.create", { wgId: m.wgId });
}

/** Board forms are shown only while the meeting runs and to those who may write. */
export async function canAddNotes(viewer: Viewer, m: BoardMeeting) {
  return m.state === "開催中" && await mayWriteNotes(viewer, m);
}

function stateRefusal(state: string): Refusal | null {
  if (state === "開催中") return null;
  if (state === "確定") return conflict("board.locked");
  if (state === "予定") return conflict("board.notStarted");
  return conflict("board.notRunning");
}

// --- reading ---------------------------------------------------------------------------

/** Notes of a meeting the viewer may see: no deleted ones; internal ones only for insiders. */
export async function listNotes({ viewer, meetingId, noteId }: { viewer: Viewer; meetingId: number; noteId?: number }) {
  const author = schema.user;
  const rows = db
    .select({
      id: stickyNote.id,
      kind: stickyNote.kind,
      text: stickyNote.text,
      color: stickyNote.color,
      agendaItemId: stickyNote.agendaItemId,
      position: stickyNote.position,
      cluster: stickyNote.cluster,
      internal: stickyNote.internal,
      version: stickyNote.version,
      authorId: stickyNote.authorId,
      authorName: author.displayName,
      organizationName: schema.organization.name,
      issueNumber: sql<number | null>`(SELECT ${schema.issue.number} FROM ${schema.issue} WHERE ${schema.issue.id} = ${stickyNote.issueId} AND ${visibleIssues(viewer)})`,
      decisionId: sql<number | null>`(SELECT ${schema.decision.id} FROM ${schema.decision} WHERE ${schema.decision.id} = ${stickyNote.decisionId} AND ${visibleDecisions(viewer)})`,
      decisionNumber: sql<string | null>`(SELECT ${schema.decision.number} FROM ${schema.decision} WHERE ${schema.decision.id} = ${stickyNote.decisionId} AND ${visibleDecisions(viewer)})`,
      converted: sql<number>`(${stickyNote.issueId} IS NOT NULL OR ${stickyNote.decisionId} IS NOT NULL)`,
    })
    .from(stickyNote)
    .innerJoin(meeting, eq(meeting.id, stickyNote.meetingId))
    .innerJoin(author, eq(author.id, stickyNote.authorId))
    .innerJoin(schema.organization, eq(schema.organization.id, author.organizationId))
    .where(
      and(
        visibleMeetings(viewer),
        eq(stickyNote.meetingId, meetingId),
        noteId === undefined ? undefined : eq(stickyNote.id, noteId),
        visibleNotes(viewer),
      ),
    )
    .orderBy(asc(stickyNote.position), asc(stickyNote.id))
    .all();
  const ids = rows.map((r) => r.id);
  const sketches = new Map<number, { id: number; fileName: string }[]>();
  if (ids.length) {
    for (const a of db
      .select({ id: schema.attachment.id, fileName: schema.attachment.fileName, noteId: schema.attachment.stickyNoteId })
      .from(schema.attachment)
      .where(anyOf(schema.attachment.stickyNoteId, ids))
      .orderBy(asc(schema.attachment.id))
      .all()) {
      sketches.set(a.noteId!, [...(sketches.get(a.noteId!) ?? []), { id: a.id, fileName: a.fileName }]);
    }
  }
  return rows.map((r) => ({ ...r, converted: !!r.converted, sketches: sketches.get(r.id) ?? [] }));
}
export type BoardNote = Awaited<ReturnType<typeof listNotes>>[number];

/** The agenda columns; an item linking an issue the viewer may not see is left out (its notes show under その他). */
export async function boardAgenda(viewer: Viewer, meetingId: number) {
  return db
    .select({ id: agendaItem.id, title: agendaItem.title, issueNumber: schema.issue.number })
    .from(agendaItem)
    .leftJoin(schema.issue, eq(schema.issue.id, agendaItem.issueId))
    .where(and(eq(agendaItem.meetingId, meetingId), sql`(${agendaItem.issueId} IS NULL OR ${visibleIssues(viewer)})`))
    .orderBy(asc(agendaItem.position), asc(agendaItem.id))
    .all();
}

/** Everything the board needs (loader helper): null when the meeting is not visible. */
export async function boardData({ viewer, meetingId }: { viewer: Viewer; meetingId: number }) {
  const m = await boardMeeting(viewer, meetingId);
  if (!m) return null;
  const canAdd = await canAddNotes(viewer, m);
  return {
    meetingId: m.id,
    state: m.state,
    canAdd,
    canInternal: canAdd && readsInternal(viewer),
    /** 「課題にする」: the meeting's WG takes the issue; 「決定事項の案にする」: insiders draft decisions. */
    canMakeIssue: canAdd && mayMakeIssue(viewer, m),
    canDraftDecision: canAdd && can(viewer, "decision.draft"),
    me: viewer.userId,
    agenda: await boardAgenda(viewer, m.id),
    notes: await listNotes({ viewer, meetingId: m.id }),
    // Assignees for 「課題にする」 (guests do not browse the member directory).
    people: canAdd && mayMakeIssue(viewer, m) && m.wgId !== null ? (await issueChoices({ viewer, wgId: m.wgId })).assignees : [],
    /** The event stream resumes after this id, so nothing between load and connect is missed. */
    lastEventId: await lastLiveEventId(channelOf(m.id)),
    /** When this was read: the board shows the fresher of the page's data and its own refetch. */
    at: Date.now(),
  };
}
export type BoardData = NonNullable<Awaited<ReturnType<typeof boardData>>>;

// --- the change feed ---------------------------------------------------------------------

export const channelOf = (meetingId: number) => `meeting:${meetingId}`;

/** A live_event row: internal notes only reach the streams of those who may read them. */
async function publish(tx: Executor, meetingId: number, kind: string, note: { id: number; version: number; internal: boolean }) {
  await publishLiveEvent(tx, { channel: channelOf(meetingId), kind, audience: note.internal ? "internal" : "all", payload: { noteId: note.id, version: note.version } });
}

// --- writes ------------------------------------------------------------------------------

type WriteResult<T extends object = { note: BoardNote }> = Result<T>;
type NoteRow = typeof stickyNote.$inferSelect;

/**
 * The common frame of every write: the meeting visible, the viewer allowed, the state
 * re-read inside the write transaction (開催中 only), the note (when given) visible too.
 * A refusal from inside rolls the whole transaction back: nothing is half-written.
 */
async function guarded<T extends object>(
  { viewer, meetingId, noteId }: { viewer: Viewer; meetingId: number; noteId?: number },
  fn: (tx: Tx, m: BoardMeeting, note: NoteRow | null) => Promise<WriteResult<T>> | WriteResult<T>,
): Promise<WriteResult<T>> {
  const m = await boardMeeting(viewer, meetingId);
  if (!m) return notFound();
  if (!await mayWriteNotes(viewer, m)) return forbidden("board.notAllowed");
  let refusal: Refusal | null = null;
  try {
    return await write(async (tx) => {
      const state = tx.select({ state: meeting.state }).from(meeting).where(eq(meeting.id, meetingId)).get()!.state;
      refusal = stateRefusal(state);
      if (refusal) return refusal;
      let note: NoteRow | null = null;
      if (noteId !== undefined) {
        note = tx.select().from(stickyNote).where(and(eq(stickyNote.id, noteId), eq(stickyNote.meetingId, meetingId), visibleNotes(viewer))).get() ?? null;
        if (!note) return (refusal = notFound());
      }
      const result = await fn(tx, { ...m, state }, note);
      if (!result.ok) {
        refusal = result;
        throw result; // rolls the unit of work back; answered below
      }
      return result;
    });
  } catch (error) {
    if (refusal) return refusal;
    throw error;
  }
}

async function noteFor(viewer: Viewer, meetingId: number, noteId: number) {
  return (await listNotes({ viewer, meetingId, noteId }))[0];
}

async function checkAgendaItem(viewer: Viewer, meetingId: number, agendaItemId: number | null) {
  return agendaItemId === null || (await boardAgenda(viewer, meetingId)).some((a) => a.id === agendaItemId);
}

async function endOfColumn(tx: Tx, meetingId: number, agendaItemId: number | null) {
  const column = agendaItemId === null ? isNull(stickyNote.agendaItemId) : eq(stickyNote.agendaItemId, agendaItemId);
  return (tx.select({ max: sql<number>`coalesce(max(${stickyNote.position}), 0)` }).from(stickyNote).where(and(eq(stickyNote.meetingId, meetingId), column)).get()?.max ?? 0) + 1;
}

export type NewNote = { kind: NoteKind; text: string; agendaItemId: number | null; internal: boolean };

export async function addNote({ viewer, actor, meetingId, input }: { viewer: Viewer; actor: Actor; meetingId: number; input: NewNote }): Promise<WriteResult> {
  const result = await guarded<{ noteId: number }>({ viewer, meetingId }, async (tx, m) => {
    if (!await checkAgendaItem(viewer, meetingId, input.agendaItemId)) return invalidField("agendaItemId", "board.agendaInvalid");
    // A vendor's note is never internal, whatever the form said.
    const internal = input.internal && readsInternal(viewer);
    const now = Date.now();
    const created = tx
      .insert(stickyNote)
      .values({
        meetingId: m.id,
        authorId: viewer.userId,
        kind: input.kind,
        text: input.text,
        color: NOTE_COLORS[input.kind],
        agendaItemId: input.agendaItemId,
        position: await endOfColumn(tx, m.id, input.agendaItemId),
        internal,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: stickyNote.id })
      .get();
    await audit(tx, actor, { action: "note.create", entityType: "sticky_note", entityId: created.id, after: { meetingId: m.id, kind: input.kind, text: input.text, agendaItemId: input.agendaItemId, internal } });
    await publish(tx, m.id, "note.added", { id: created.id, version: 1, internal });
    return { ok: true, noteId: created.id };
  });
  return result.ok ? { ok: true, note: await noteFor(viewer, meetingId, result.noteId) } : result;
}

/** Only the author edits, and only the version they saw: otherwise a conflict, never an overwrite. */
export async function editNote({ viewer, actor, meetingId, noteId, version, text, kind }: { viewer: Viewer; actor: Actor; meetingId: number; noteId: number; version: number; text: string; kind?: NoteKind }): Promise<WriteResult> {
  const result = await guarded<object>({ viewer, meetingId, noteId }, async (tx, m, note) => {
    if (note!.authorId !== viewer.userId) return forbidden("board.notYours");
    if (note!.version !== version) return conflict("board.conflict");
    const nextKind = kind ?? note!.kind;
    const next = note!.version + 1;
    const updated = tx
      .update(stickyNote)
      .set({ text, kind: nextKind, color: NOTE_COLORS[nextKind], version: next, updatedAt: Date.now() })
      .where(and(eq(stickyNote.id, noteId), eq(stickyNote.version, version)))
      .run();
    if (updated.changes !== 1) return conflict("board.conflict");
    await audit(tx, actor, { action: "note.edit", entityType: "sticky_note", entityId: noteId, before: { text: note!.text, kind: note!.kind }, after: { text, kind: nextKind } });
    await publish(tx, m.id, "note.updated", { id: noteId, version: next, internal: note!.internal });
    return { ok: true };
  });
  return result.ok ? { ok: true, note: await noteFor(viewer, meetingId, noteId) } : result;
}

/** Anyone who may add notes moves them: to another column (at its end) or to a position within one. */
export async function moveNote({ viewer, actor, meetingId, noteId, agendaItemId, position }: { viewer: Viewer; actor: Actor; meetingId: number; noteId: number; agendaItemId: number | null; position?: number }): Promise<WriteResult> {
  const result = await guarded<object>({ viewer, meetingId, noteId }, async (tx, m, note) => {
    if (!await checkAgendaItem(viewer, meetingId, agendaItemId)) return invalidField("agendaItemId", "board.agendaInvalid");
    const to = position ?? await endOfColumn(tx, m.id, agendaItemId);
    tx.update(stickyNote).set({ agendaItemId, position: to, updatedAt: Date.now() }).where(eq(stickyNote.id, noteId)).run();
    await audit(tx, actor, { action: "note.move", entityType: "sticky_note", entityId: noteId, before: { agendaItemId: note!.agendaItemId, position: note!.position }, after: { agendaItemId, position: to } });
    await publish(tx, m.id, "note.moved", { id: noteId, version: note!.version, internal: note!.internal });
    return { ok: true };
  });
  return result.ok ? { ok: true, note: await noteFor(viewer, meetingId, noteId) } : result;
}

/** Groups a note under a cluster label (empty: none). */
export async function setCluster({ viewer, actor, meetingId, noteId, cluster }: { viewer: Viewer; actor: Actor; meetingId: number; noteId: number; cluster: string }): Promise<WriteResult> {
  const value = cluster.trim() || null;
  const result = await guarded<object>({ viewer, meetingId, noteId }, async (tx, m, note) => {
    tx.update(stickyNote).set({ cluster: value, updatedAt: Date.now() }).where(eq(stickyNote.id, noteId)).run();
    await audit(tx, actor, { action: "note.cluster", entityType: "sticky_note", entityId: noteId, before: { cluster: note!.cluster }, after: { cluster: value } });
    await publish(tx, m.id, "note.updated", { id: noteId, version: note!.version, internal: note!.internal });
    return { ok: true };
  });
  return result.ok ? { ok: true, note: await noteFor(viewer, meetingId, noteId) } : result;
}

/** The author removes their note (soft delete: the audit trail keeps what it said). */
export async function deleteNote({ viewer, actor, meetingId, noteId }: { viewer: Viewer; actor: Actor; meetingId: number; noteId: number }): Promise<WriteResult<{ noteId: number }>> {
  return guarded<{ noteId: number }>({ viewer, meetingId, noteId }, async (tx, m, note) => {
    if (note!.authorId !== viewer.userId) return forbidden("board.notYours");
    tx.update(stickyNote).set({ deletedAt: Date.now(), version: note!.version + 1 }).where(eq(stickyNote.id, noteId)).run();
    await audit(tx, actor, { action: "note.delete", entityType: "sticky_note", entityId: noteId, before: { text: note!.text, kind: note!.kind } });
    await publish(tx, m.id, "note.deleted", { id: noteId, version: note!.version + 1, internal: note!.internal });
    return { ok: true, noteId };
  });
}

/** A sketch (ポンチ絵) or photo on the author's own note. */
export async function attachSketch({ viewer, actor, meetingId, noteId, files }: { viewer: Viewer; actor: Actor; meetingId: number; noteId: number; files: CheckedFile[] }): Promise<WriteResult> {
  if (!files.length || files.some((f) => !f.mime.startsWith("image/"))) return invalid({ sketch: "board.sketchImageOnly" }, 415);
  const result = await guarded<object>({ viewer, meetingId, noteId }, async (tx, m, note) => {
    if (note!.authorId !== viewer.userId) return forbidden("board.notYours");
    await attach(tx, viewer, { stickyNoteId: noteId }, files);
    const next = note!.version + 1;
    tx.update(stickyNote).set({ version: next, updatedAt: Date.now() }).where(eq(stickyNote.id, noteId)).run();
    await audit(tx, actor, { action: "note.sketch", entityType: "sticky_note", entityId: noteId, after: { files: files.map((f) => f.fileName) } });
    await publish(tx, m.id, "note.updated", { id: noteId, version: next, internal: note!.internal });
    return { ok: true };
  });
  return result.ok ? { ok: true, note: await noteFor(viewer, meetingId, noteId) } : result;
}

// --- what a note becomes ---------------------------------------------------------------------

const titleOf = (text: string) => {
  const first = text.split(/\r?\n/).find((l) => l.trim())?.trim() ?? text.trim();
  return [...first].length > 100 ? `${[...first].slice(0, 99).join("")}…` : first;
};
const quote = (text: string) => text.split(/\r?\n/).map((l) => `> ${l}`).join("\n");

async function markConverted(tx: Tx, actor: Actor, m: BoardMeeting, note: NoteRow, set: { issueId?: number; decisionId?: number }, action: string) {
  const next = note.version + 1;
  tx.update(stickyNote).set({ ...set, version: next, updatedAt: Date.now() }).where(eq(stickyNote.id, note.id)).run();
  await audit(tx, actor, { action, entityType: "sticky_note", entityId: note.id, after: set });
  await publish(tx, m.id, "note.updated", { id: note.id, version: next, internal: note.internal });
}

/** 課題/ToDo note → a new issue in the meeting's WG (assignee and due date from the form). */
export async function noteToIssue({ viewer, actor, meetingId, noteId, assigneeId, dueOn }: { viewer: Viewer; actor: Actor; meetingId: number; noteId: number; assigneeId: number | null; dueOn: string | null }): Promise<WriteResult<{ note: BoardNote; issueNumber: number }>> {
  if (dueOn !== null && !isIsoDate(dueOn)) return invalidField("dueOn", "issues.dueInvalid");
  let number = 0;
  const result = await guarded<object>({ viewer, meetingId, noteId }, async (tx, m, note) => {
    if (note!.kind !== "課題" && note!.kind !== "ToDo") return invalidField("form", "board.notAnIssueNote");
    if (note!.issueId !== null) return conflict("board.alreadyIssue");
    if (!mayMakeIssue(viewer, m) || m.wgId === null) return forbidden("board.notAllowed");
    const created = await createIssue({
      viewer,
      actor,
      wgId: m.wgId,
      input: {
        title: titleOf(note!.text),
        // The meeting is cited by reference (shown only to those who may see it), never in the
        // text: the issue may be shared with a vendor who may not see the meeting.
        body: quote(note!.text),
        type: "課題",
        status: "未着手",
        priority: "中",
        assigneeId,
        ballHolderOrgId: null,
        dueOn,
        affectedOrgIds: [],
        labelIds: [],
        // An internal note never becomes an item vendors can see.
        vendorVisible: m.vendorVisible && !note!.internal,
        postponeReason: undefined,
      },
      source: { meetingId: m.id, noteId: note!.id },
    });
    if (!created.ok) return created;
    number = created.number;
    const issueId = tx.select({ id: schema.issue.id }).from(schema.issue).where(and(eq(schema.issue.consortiumId, viewer.consortiumId), eq(schema.issue.number, number))).get()!.id;
    await markConverted(tx, actor, m, note!, { issueId }, "note.toIssue");
    return { ok: true };
  });
  return result.ok ? { ok: true, note: await noteFor(viewer, meetingId, noteId), issueNumber: number } : result;
}

/** Adds the note as a comment on an existing issue the viewer may see and comment on. */
export async function attachNoteToIssue({ viewer, actor, meetingId, noteId, issueNumber }: { viewer: Viewer; actor: Actor; meetingId: number; noteId: number; issueNumber: number }): Promise<WriteResult<{ note: BoardNote; issueNumber: number }>> {
  const target = await getIssue({ viewer, number: issueNumber });
  if (!target) return invalidField("issueNumber", "board.issueNotFound");
  if (!can(viewer, "comment.create", { wgId: target.wgId, vendorVisible: target.vendorVisible })) return forbidden("board.notAllowed", "issueNumber");
  const result = await guarded<object>({ viewer, meetingId, noteId }, async (tx, m, note) => {
    if (note!.issueId !== null) return conflict("board.alreadyIssue");
    await addComment({
      viewer,
      actor,
      issue: target,
      body: quote(note!.text),
      source: { meetingId: m.id, noteId: note!.id },
      // An internal note stays an internal memo on the issue.
      internal: note!.internal,
      files: [],
    });
    await markConverted(tx, actor, m, note!, { issueId: target.id }, "note.attachToIssue");
    return { ok: true };
  });
  return result.ok ? { ok: true, note: await noteFor(viewer, meetingId, noteId), issueNumber } : result;
}

/** 決定 note → a draft decision (起案) citing its meeting and note. */
export async function noteToDecision({ viewer, actor, meetingId, noteId, now = Date.now() }: { viewer: Viewer; actor: Actor; meetingId: number; noteId: number; now?: number }): Promise<WriteResult<{ note: BoardNote; decisionId: number; decisionNumber: string }>> {
  let made = { id: 0, number: "" };
  const result = await guarded<object>({ viewer, meetingId, noteId }, async (tx, m, note) => {
    if (note!.kind !== "決定") return invalidField("form", "board.notADecisionNote");
    if (note!.decisionId !== null) return conflict("board.alreadyDecision");
    if (!can(viewer, "decision.draft")) return forbidden("board.notAllowed");
    const created = await insertDraft(tx, viewer, actor, {
      projectId: m.projectId,
      wgId: m.wgId,
      title: titleOf(note!.text),
      // The meeting is cited by sourceMeetingId (shown only to those who may see it), never in
      // the text: leadership and vendors may read the decision but not the meeting.
      body: quote(note!.text),
      organizationIds: await projectTownIds(tx, m.projectId),
      sourceMeetingId: m.id,
      sourceNoteId: note!.id,
    }, now);
    await markConverted(tx, actor, m, note!, { decisionId: created.id }, "note.toDecision");
    made = created;
    return { ok: true };
  });
  return result.ok ? { ok: true, note: await noteFor(viewer, meetingId, noteId), decisionId: made.id, decisionNumber: made.number } : result;
}
