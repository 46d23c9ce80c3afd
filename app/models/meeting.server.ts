// Meetings (会議): lists, planning (with the carry-forward of a series), the meeting page,
// the state machine 予定 → 開催中 → 確認中 → 確定 with per-town confirmation of the minutes,
// and the exports (minutes.md, meetings.ics). Visibility is applied in every query.
import { and, asc, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { MessageKey } from "~/i18n";
import { conflict, forbidden, invalidField, notFound, ok, type Refusal, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { formatMeetingTime, isIsoDate, isoDateInJapan, japanTime, japanTimeToMs } from "~/utils/dates";
import { db, schema, write, type Tx } from "~/utils/db.server";
import { checkbox, parseForm, text } from "~/utils/forms.server";
import { can, isGuest, refusalStatus, type Viewer } from "~/policy/permissions";
import { OPEN_STATUSES, recordMeetingCarryOver } from "./issue.server";
import { notify } from "./notification.server";
import { listNotes } from "./sticky-note.server";
import { readsInternal, visibleComments, visibleIssues, visibleMeetings } from "~/policy/visibility.server";

const { meeting, agendaItem, meetingAttendee, stickyNote, minutesConfirmation, MEETING_KINDS, NOTE_KINDS, RANKS } = schema;
export { formatMeetingTime, japanTime, japanTimeToMs };
export type MeetingState = (typeof schema.MEETING_STATES)[number];

// --- lists ------------------------------------------------------------------------------

const listColumns = {
  id: meeting.id,
  kind: meeting.kind,
  rank: meeting.rank,
  title: meeting.title,
  startsAt: meeting.startsAt,
  endsAt: meeting.endsAt,
  place: meeting.place,
  onlineUrl: meeting.onlineUrl,
  state: meeting.state,
  vendorVisible: meeting.vendorVisible,
  wgId: meeting.wgId,
  projectId: meeting.projectId,
  hostOrgId: meeting.hostOrgId,
  hostName: schema.organization.name,
};

/** A WG's meetings: upcoming (not yet ended) soonest first, then past ones latest first. */
export async function listMeetings({ viewer, wgId, now = Date.now() }: { viewer: Viewer; wgId: number; now?: number }) {
  const where = and(visibleMeetings(viewer), eq(meeting.wgId, wgId));
  const ends = sql`coalesce(${meeting.endsAt}, ${meeting.startsAt})`;
  const base = () => db.select(listColumns).from(meeting).leftJoin(schema.organization, eq(schema.organization.id, meeting.hostOrgId)).$dynamic();
  const upcoming = base()
    .where(and(where, or(gte(ends, now), inArray(meeting.state, ["予定", "開催中"]))))
    .orderBy(asc(meeting.startsAt))
    .all();
  const past = base()
    .where(and(where, lt(ends, now), inArray(meeting.state, ["確認中", "確定"])))
    .orderBy(desc(meeting.startsAt))
    .limit(200)
    .all();
  return { upcoming, past };
}

// --- one meeting -------------------------------------------------------------------------

export async function findMeeting({ viewer, meetingId }: { viewer: Viewer; meetingId: number }) {
  return (
    db
      .select({
        ...listColumns,
        // The meeting before it in the series, only when the viewer may see that one too.
        previousMeetingId: sql<number | null>`CASE WHEN ${inArray(meeting.previousMeetingId, db.select({ id: meeting.id }).from(meeting).where(visibleMeetings(viewer)))} THEN ${meeting.previousMeetingId} END`,
        lockedAt: meeting.lockedAt,
        createdBy: meeting.createdBy,
        wgName: schema.workingGroup.name,
        projectName: schema.project.name,
      })
      .from(meeting)
      .leftJoin(schema.organization, eq(schema.organization.id, meeting.hostOrgId))
      .leftJoin(schema.workingGroup, eq(schema.workingGroup.id, meeting.wgId))
      .innerJoin(schema.project, eq(schema.project.id, meeting.projectId))
      .where(and(visibleMeetings(viewer), eq(meeting.id, meetingId)))
      .get() ?? null
  );
}
export type MeetingRow = NonNullable<Awaited<ReturnType<typeof findMeeting>>>;

/**
 * The agenda in order. An item linking an issue the viewer may not see is left out (a vendor
 * must not learn that the hidden issue exists); its notes fall under 「その他」.
 */
export async function agendaOf(viewer: Viewer, meetingId: number) {
  const rows = db
    .select({
      id: agendaItem.id,
      position: agendaItem.position,
      title: agendaItem.title,
      issueId: agendaItem.issueId,
      issueNumber: schema.issue.number,
      issueTitle: schema.issue.title,
      issueStatus: schema.issue.status,
      carryOverCount: schema.issue.carryOverCount,
    })
    .from(agendaItem)
    .leftJoin(schema.issue, eq(schema.issue.id, agendaItem.issueId))
    .where(and(eq(agendaItem.meetingId, meetingId), sql`(${agendaItem.issueId} IS NULL OR ${visibleIssues(viewer)})`))
    .orderBy(asc(agendaItem.position), asc(agendaItem.id))
    .all();
  return rows.map((r) => ({ ...r, open: r.issueStatus !== null && (OPEN_STATUSES as string[]).includes(r.issueStatus) }));
}

export async function attendeesOf(meetingId: number) {
  return db
    .select({
      userId: schema.user.id,
      name: schema.user.displayName,
      organizationId: schema.organization.id,
      organizationName: schema.organization.name,
      organizationKind: schema.organization.kind,
      attendance: meetingAttendee.attendance,
    })
    .from(meetingAttendee)
    .innerJoin(schema.user, eq(schema.user.id, meetingAttendee.userId))
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(eq(meetingAttendee.meetingId, meetingId))
    .orderBy(asc(schema.organization.id), asc(schema.user.displayNameKana))
    .all();
}

/** Groups rows by their organization, keeping the order of first appearance. */
export function byTown<R extends { organizationId: number; organizationName: string }>(rows: R[]) {
  const groups = new Map<number, { organizationId: number; organizationName: string; rows: R[] }>();
  for (const r of rows) {
    const g = groups.get(r.organizationId) ?? { organizationId: r.organizationId, organizationName: r.organizationName, rows: [] };
    g.rows.push(r);
    groups.set(r.organizationId, g);
  }
  return [...groups.values()];
}

/** The towns that confirm the minutes: municipalities among the attendees, and the host town. */
async function participatingTowns(executor: Tx | typeof db, meetingId: number, hostOrgId: number | null) {
  const towns = executor
    .select({ id: schema.organization.id, name: schema.organization.name })
    .from(schema.organization)
    .where(
      and(
        eq(schema.organization.kind, "municipality"),
        or(
          inArray(
            schema.organization.id,
            executor
              .select({ id: schema.user.organizationId })
              .from(meetingAttendee)
              .innerJoin(schema.user, eq(schema.user.id, meetingAttendee.userId))
              .where(eq(meetingAttendee.meetingId, meetingId)),
          ),
          hostOrgId ? eq(schema.organization.id, hostOrgId) : undefined,
        ),
      ),
    )
    .orderBy(asc(schema.organization.id))
    .all();
  return towns;
}

/** Each participating town with its confirmation (who, when) or none yet. */
export async function confirmationsOf(meetingId: number, hostOrgId: number | null) {
  const confirmed = new Map(
    db
      .select({ organizationId: minutesConfirmation.organizationId, at: minutesConfirmation.confirmedAt, byName: schema.user.displayName })
      .from(minutesConfirmation)
      .innerJoin(schema.user, eq(schema.user.id, minutesConfirmation.confirmedBy))
      .where(eq(minutesConfirmation.meetingId, meetingId))
      .all()
      .map((c) => [c.organizationId, c]),
  );
  return (await participatingTowns(db, meetingId, hostOrgId)).map((t) => {
    const c = confirmed.get(t.id);
    return { organizationId: t.id, organizationName: t.name, confirmedAt: c?.at ?? null, confirmedBy: c?.byName ?? null };
  });
}

/** The sticky notes the viewer may read, in board order: the same query as the live board. */
export async function notesOf(viewer: Viewer, meetingId: number) {
  return listNotes({ viewer, meetingId });
}
export type NoteRow = Awaited<ReturnType<typeof notesOf>>[number];

/** Notes grouped by agenda item (then 「その他」: no agenda, or one the viewer cannot see), then by kind. */
export function notesByAgenda(agenda: { id: number; title: string }[], notes: NoteRow[]) {
  const known = new Set(agenda.map((a) => a.id));
  const group = (rows: NoteRow[]) => NOTE_KINDS.map((kind) => ({ kind, notes: rows.filter((n) => n.kind === kind) })).filter((g) => g.notes.length);
  const columns = agenda.map((a) => ({ agendaItemId: a.id as number | null, title: a.title, kinds: group(notes.filter((n) => n.agendaItemId === a.id)) }));
  columns.push({ agendaItemId: null, title: "", kinds: group(notes.filter((n) => n.agendaItemId === null || !known.has(n.agendaItemId))) });
  return columns;
}

/** Everything the meeting page shows. */
export async function getMeeting({ viewer, meetingId }: { viewer: Viewer; meetingId: number }) {
  const row = await findMeeting({ viewer, meetingId });
  if (!row) return null;
  const agenda = await agendaOf(viewer, meetingId);
  const attendees = await attendeesOf(meetingId);
  const notes = await notesOf(viewer, meetingId);
  const confirmations = await confirmationsOf(meetingId, row.hostOrgId);
  const previous = row.previousMeetingId ? await findMeeting({ viewer, meetingId: row.previousMeetingId }) : null;
  return {
    meeting: row,
    agenda,
    attendees,
    attendeesByTown: byTown(attendees),
    notes,
    columns: notesByAgenda(agenda, notes),
    confirmations,
    previous: previous ? { id: previous.id, title: previous.title } : null,
  };
}

/** What the viewer may do on the meeting page right now. */
export function meetingAbilities(viewer: Viewer, m: MeetingRow, confirmations: { organizationId: number; confirmedAt: number | null }[]) {
  const manage = can(viewer, "meeting.manage", { wgId: m.wgId });
  const myTown = confirmations.find((c) => c.organizationId === viewer.organizationId);
  return {
    manage,
    start: manage && m.state === "予定",
    close: manage && m.state === "開催中",
    planNext: manage && m.wgId !== null,
    confirm:
      m.state === "確認中" &&
      !!myTown &&
      myTown.confirmedAt === null &&
      can(viewer, "minutes.confirm", { wgId: m.wgId, vendorVisible: m.vendorVisible, organizationId: viewer.organizationId }),
    readInternal: readsInternal(viewer),
  };
}

// --- planning ----------------------------------------------------------------------------

export type MeetingScope = { wgId: number; projectId: number } | { wgId: null; projectId: number };

/** The choices of the planning form: invitees by town, host towns, open issues of the scope. */
export async function meetingChoices({ viewer, scope }: { viewer: Viewer; scope: MeetingScope }) {
  const u = schema.user;
  const o = schema.organization;
  const inScope = scope.wgId
    ? sql`${u.id} IN (SELECT user_id FROM wg_membership WHERE wg_id = ${scope.wgId})`
    : // A project-level 連絡会 gathers any rank of the member bodies (所属長, 部門長 …), never vendors or leadership accounts.
      sql`${o.kind} <> 'vendor' AND ${u.id} NOT IN (SELECT user_id FROM consortium_role WHERE role = 'executive' AND consortium_id = ${viewer.consortiumId})`;
  const pmo = sql`${u.id} IN (SELECT user_id FROM consortium_role WHERE role = 'pmo' AND consortium_id = ${viewer.consortiumId})`;
  const people = db
    .select({ id: u.id, name: u.displayName, organizationId: o.id, organizationName: o.name, organizationKind: o.kind })
    .from(u)
    .innerJoin(o, eq(o.id, u.organizationId))
    .where(and(eq(o.consortiumId, viewer.consortiumId), eq(u.active, true), or(inScope, pmo)))
    .orderBy(asc(o.id), asc(u.displayNameKana))
    .all();
  const towns = db
    .select({ id: o.id, name: o.name })
    .from(o)
    .where(and(eq(o.consortiumId, viewer.consortiumId), eq(o.kind, "municipality")))
    .orderBy(asc(o.id))
    .all();
  const issues = db
    .select({ id: schema.issue.id, number: schema.issue.number, title: schema.issue.title, status: schema.issue.status, carryOverCount: schema.issue.carryOverCount, vendorVisible: schema.issue.vendorVisible })
    .from(schema.issue)
    .innerJoin(schema.workingGroup, eq(schema.workingGroup.id, schema.issue.wgId))
    .where(
      and(
        visibleIssues(viewer),
        inArray(schema.issue.status, OPEN_STATUSES),
        scope.wgId ? eq(schema.issue.wgId, scope.wgId) : eq(schema.workingGroup.projectId, scope.projectId),
      ),
    )
    .orderBy(asc(schema.issue.number))
    .all();
  return { people, peopleByTown: byTown(people), towns, issues };
}

/** The next meeting of a series, proposed from the previous one: still-open agenda issues pre-checked. */
export async function proposeNextMeeting({ viewer, previousId }: { viewer: Viewer; previousId: number }) {
  const prev = await findMeeting({ viewer, meetingId: previousId });
  if (!prev) return null;
  const agenda = await agendaOf(viewer, previousId);
  const nextTitle = prev.title.replace(/第(\d+)回/, (_, n: string) => `第${Number(n) + 1}回`);
  return {
    meeting: prev,
    values: {
      kind: prev.kind,
      rank: prev.rank ?? "",
      title: nextTitle === prev.title ? "" : nextTitle,
      date: "",
      startTime: japanTime(prev.startsAt),
      endTime: prev.endsAt ? japanTime(prev.endsAt) : "",
      place: prev.place,
      onlineUrl: prev.onlineUrl,
      hostOrgId: prev.hostOrgId ? String(prev.hostOrgId) : "",
      vendorVisible: prev.vendorVisible,
      previousMeetingId: String(prev.id),
      agendaTitles: agenda.filter((a) => a.issueId === null).map((a) => a.title).join("\n"),
    },
    attendeeIds: (await attendeesOf(previousId)).map((a) => a.userId),
    // Carry-forward: every agenda issue still open is proposed again.
    agendaIssueIds: agenda.filter((a) => a.issueId !== null && a.open).map((a) => a.issueId as number),
  };
}

const idList = z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.coerce.number().int().positive()).catch([]));
const time = (message: MessageKey) => z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, message));

export const meetingFormSchema = z
  .object({
    kind: z.enum(MEETING_KINDS, { errorMap: () => ({ message: "meetings.kindInvalid" }) }),
    rank: z.preprocess((v) => (v === "" || v == null ? null : v), z.enum(RANKS, { errorMap: () => ({ message: "meetings.rankInvalid" }) }).nullable()),
    title: text(200, { required: "meetings.titleRequired", tooLong: "meetings.titleTooLong" }),
    date: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().refine(isIsoDate, "meetings.dateInvalid")),
    startTime: time("meetings.startInvalid"),
    endTime: time("meetings.endInvalid"),
    place: text(200, { tooLong: "meetings.placeTooLong" }),
    onlineUrl: text(500, { tooLong: "meetings.urlInvalid" }).refine((v) => v === "" || isWebUrl(v), "meetings.urlInvalid"),
    hostOrgId: z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number({ invalid_type_error: "meetings.hostInvalid" }).int("meetings.hostInvalid").positive("meetings.hostInvalid").nullable()),
    vendorVisible: checkbox,
    attendeeIds: idList,
    agendaIssueIds: idList,
    agendaTitles: text(4000, { tooLong: "meetings.agendaTooLong" }),
    previousMeetingId: z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().positive().nullable().catch(null)),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "連絡会" && !v.rank) ctx.addIssue({ code: "custom", path: ["rank"], message: "meetings.rankRequired" });
    if (v.startTime && v.endTime && v.endTime <= v.startTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: "meetings.endBeforeStart" });
  });
export type MeetingInput = z.infer<typeof meetingFormSchema>;

function isWebUrl(v: string) {
  try {
    const url = new URL(v);
    return (url.protocol === "https:" || url.protocol === "http:") && !!url.hostname;
  } catch {
    return false;
  }
}

export function parseMeetingForm(form: FormData) {
  return parseForm(meetingFormSchema, form);
}

/** Checks every referenced person, town, issue and previous meeting against the choices. */
async function checkMeetingReferences(viewer: Viewer, scope: MeetingScope, input: MeetingInput): Promise<Refusal | null> {
  const choices = await meetingChoices({ viewer, scope });
  if (input.hostOrgId !== null && !choices.towns.some((t) => t.id === input.hostOrgId)) return invalidField("hostOrgId", "meetings.hostInvalid");
  const people = new Map(choices.people.map((p) => [p.id, p]));
  if (!input.attendeeIds.every((id) => people.has(id))) return invalidField("attendeeIds", "meetings.attendeeInvalid");
  // Vendors only ever sit in meetings shared with them (事業者参加).
  if (!input.vendorVisible && input.attendeeIds.some((id) => people.get(id)?.organizationKind === "vendor")) {
    return invalidField("attendeeIds", "meetings.vendorNotShared");
  }
  if (!input.agendaIssueIds.every((id) => choices.issues.some((i) => i.id === id))) return invalidField("agendaIssueIds", "meetings.issueInvalid");
  if (input.previousMeetingId !== null) {
    const prev = await findMeeting({ viewer, meetingId: input.previousMeetingId });
    if (!prev || prev.wgId !== scope.wgId || prev.projectId !== scope.projectId) return invalidField("form", "meetings.previousInvalid");
  }
  return null;
}

export async function createMeeting({ viewer, actor, scope, input }: { viewer: Viewer; actor: Actor; scope: MeetingScope; input: MeetingInput }): Promise<Result<{ id: number }>> {
  const refused = await checkMeetingReferences(viewer, scope, input);
  if (refused) return refused;
  const startsAt = japanTimeToMs(input.date, input.startTime);
  const endsAt = japanTimeToMs(input.date, input.endTime);
  const titles = input.agendaTitles
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  const issues = (await meetingChoices({ viewer, scope })).issues.filter((i) => input.agendaIssueIds.includes(i.id));
  return write(async (tx) => {
    const created = tx
      .insert(meeting)
      .values({
        consortiumId: viewer.consortiumId,
        projectId: scope.projectId,
        wgId: scope.wgId,
        kind: input.kind,
        rank: input.kind === "連絡会" ? input.rank : null,
        title: input.title,
        startsAt,
        endsAt,
        place: input.place,
        onlineUrl: input.onlineUrl,
        hostOrgId: input.hostOrgId,
        vendorVisible: input.vendorVisible,
        state: "予定",
        chairId: viewer.userId,
        previousMeetingId: input.previousMeetingId,
        createdBy: viewer.userId,
        createdAt: Date.now(),
      })
      .returning({ id: meeting.id })
      .get();
    const items = [...titles.map((title) => ({ title, issueId: null as number | null })), ...issues.map((i) => ({ title: i.title, issueId: i.id as number | null }))];
    if (items.length) tx.insert(agendaItem).values(items.map((it, i) => ({ meetingId: created.id, position: i + 1, ...it }))).run();
    const attendees = [...new Set(input.attendeeIds)];
    if (attendees.length) tx.insert(meetingAttendee).values(attendees.map((userId) => ({ meetingId: created.id, userId }))).run();
    await audit(tx, actor, { action: "meeting.create", entityType: "meeting", entityId: created.id, after: { ...input, startsAt, endsAt } });
    await notify(tx, { type: "meeting.created", meetingId: created.id, actor: viewer });
    return ok({ id: created.id });
  });
}

// --- the state machine ---------------------------------------------------------------------

/** A step of the state machine: the state it led to, or why not. */
export type TransitionResult = Result<{ state: MeetingState }>;

/** Re-reads the meeting's state inside the write transaction, so two clicks cannot both win. */
async function stateIn(tx: Tx, meetingId: number) {
  return tx.select({ state: meeting.state, hostOrgId: meeting.hostOrgId }).from(meeting).where(eq(meeting.id, meetingId)).get()!;
}

const LOCKED = conflict("meetings.locked");

/** A viewer who may not do this: 404 when they may not even know of it (guests), else 403. */
function notAllowed(viewer: Viewer, action: "meeting.manage" | "minutes.confirm", message: MessageKey): Refusal {
  return refusalStatus(viewer, action) === 404 ? notFound() : forbidden(message);
}

/** 予定 → 開催中 */
export async function startMeeting({ viewer, actor, meetingId }: { viewer: Viewer; actor: Actor; meetingId: number }): Promise<TransitionResult> {
  const m = await findMeeting({ viewer, meetingId });
  if (!m) return notFound();
  if (!can(viewer, "meeting.manage", { wgId: m.wgId })) return notAllowed(viewer, "meeting.manage", "meetings.notAllowed");
  return write(async (tx) => {
    const { state } = await stateIn(tx, meetingId);
    if (state === "確定") return LOCKED;
    if (state !== "予定") return conflict("meetings.alreadyStarted");
    tx.update(meeting).set({ state: "開催中" }).where(eq(meeting.id, meetingId)).run();
    await audit(tx, actor, { action: "meeting.start", entityType: "meeting", entityId: meetingId, before: { state }, after: { state: "開催中" } });
    return ok({ state: "開催中" as const });
  });
}

/**
 * 開催中 → 確認中: every agenda issue still open has been carried over by this meeting
 * (持ち越し, counted once per meeting). With no town to confirm, the minutes lock at once.
 */
export async function closeMeeting({ viewer, actor, meetingId }: { viewer: Viewer; actor: Actor; meetingId: number }): Promise<TransitionResult> {
  const m = await findMeeting({ viewer, meetingId });
  if (!m) return notFound();
  if (!can(viewer, "meeting.manage", { wgId: m.wgId })) return notAllowed(viewer, "meeting.manage", "meetings.notAllowed");
  return write(async (tx) => {
    const { state, hostOrgId } = await stateIn(tx, meetingId);
    if (state === "確定") return LOCKED;
    if (state !== "開催中") return conflict("meetings.notRunning");
    const now = Date.now();
    const issueIds = tx
      .select({ issueId: agendaItem.issueId })
      .from(agendaItem)
      .where(and(eq(agendaItem.meetingId, meetingId), sql`${agendaItem.issueId} IS NOT NULL`))
      .all()
      .map((r) => r.issueId as number);
    const carried: number[] = [];
    for (const issueId of new Set(issueIds)) {
      if (await recordMeetingCarryOver(tx, { issueId, meetingId, userId: viewer.userId, at: now })) carried.push(issueId);
    }
    const towns = await participatingTowns(tx, meetingId, hostOrgId);
    const next: MeetingState = towns.length ? "確認中" : "確定";
    tx.update(meeting)
      .set({ state: next, endsAt: sql`coalesce(${meeting.endsAt}, ${now})`, lockedAt: next === "確定" ? now : null })
      .where(eq(meeting.id, meetingId))
      .run();
    await audit(tx, actor, { action: "meeting.close", entityType: "meeting", entityId: meetingId, before: { state }, after: { state: next, carriedOverIssueIds: carried } });
    await notify(tx, { type: "meeting.closed", meetingId, actor: viewer, state: next });
    return ok({ state: next });
  });
}

/**
 * What a confirmation and a correction both need: the minutes are being checked (確認中) and
 * the viewer's town takes part. `work` runs in the same unit of work with the participating towns.
 */
async function asCheckingTown(viewer: Viewer, meetingId: number, work: (tx: Tx, towns: { id: number }[]) => Promise<TransitionResult>): Promise<TransitionResult> {
  const m = await findMeeting({ viewer, meetingId });
  if (!m) return notFound();
  if (!can(viewer, "minutes.confirm", { wgId: m.wgId, vendorVisible: m.vendorVisible, organizationId: viewer.organizationId })) {
    return notAllowed(viewer, "minutes.confirm", "meetings.notParticipating");
  }
  return write(async (tx) => {
    const { state, hostOrgId } = await stateIn(tx, meetingId);
    if (state === "確定") return LOCKED;
    if (state !== "確認中") return conflict("meetings.notConfirming");
    const towns = await participatingTowns(tx, meetingId, hostOrgId);
    if (!towns.some((t) => t.id === viewer.organizationId)) return forbidden("meetings.notParticipating");
    return work(tx, towns);
  });
}

/** A town confirms the minutes (「内容を確認しました」); the last town's confirmation locks them (確定). */
export async function confirmMinutes({ viewer, actor, meetingId }: { viewer: Viewer; actor: Actor; meetingId: number }): Promise<TransitionResult> {
  return asCheckingTown(viewer, meetingId, async (tx, towns) => {
    const done = tx
      .select({ organizationId: minutesConfirmation.organizationId })
      .from(minutesConfirmation)
      .where(eq(minutesConfirmation.meetingId, meetingId))
      .all()
      .map((r) => r.organizationId);
    if (done.includes(viewer.organizationId)) return conflict("meetings.alreadyConfirmed");
    const now = Date.now();
    tx.insert(minutesConfirmation).values({ meetingId, organizationId: viewer.organizationId, confirmedBy: viewer.userId, confirmedAt: now }).run();
    const complete = towns.every((t) => t.id === viewer.organizationId || done.includes(t.id));
    if (complete) tx.update(meeting).set({ state: "確定", lockedAt: now }).where(eq(meeting.id, meetingId)).run();
    await audit(tx, actor, {
      action: "meeting.confirm",
      entityType: "meeting",
      entityId: meetingId,
      after: { organizationId: viewer.organizationId, state: complete ? "確定" : "確認中" },
    });
    await notify(tx, { type: "meeting.confirmed", meetingId, actor: viewer, complete });
    return ok({ state: complete ? ("確定" as const) : ("確認中" as const) });
  });
}

// --- exports -------------------------------------------------------------------------------

// Every text from the database is escaped: titles, places and the names of people and towns
// (a name like 「[x](javascript:…)」 or 「# 」 must not become a link or a heading).
const mdEscape = (s: string) => s.replace(/([\\`*_[\]#<>|])/g, "\\$1").replace(/\r?\n/g, " ");
/** A URL inside <…>: serialized by the URL parser, which percent-encodes `<`, `>` and spaces. */
function mdAutolink(url: string) {
  try {
    return `<${new URL(url).href}>`;
  } catch {
    return mdEscape(url);
  }
}

/** The minutes as markdown: the sticky notes per agenda item and kind, with what they became. */
export async function minutesMarkdown({ viewer, meetingId, origin }: { viewer: Viewer; meetingId: number; origin: string }) {
  const data = await getMeeting({ viewer, meetingId });
  if (!data) return null;
  const { meeting: m, attendeesByTown, columns } = data;
  const lines: string[] = [];
  lines.push(`# ${mdEscape(m.title)}`, "");
  lines.push(`- 会議の種類: ${m.kind}${m.rank ? `（${m.rank}）` : ""}`);
  lines.push(`- 日時: ${formatMeetingTime(m.startsAt, m.endsAt)}`);
  if (m.place) lines.push(`- 開催場所: ${mdEscape(m.place)}`);
  if (m.onlineUrl) lines.push(`- オンライン会議URL: ${mdAutolink(m.onlineUrl)}`);
  if (m.hostName) lines.push(`- 主催団体: ${mdEscape(m.hostName)}`);
  lines.push(`- 状態: ${m.state}`);
  lines.push(`- 会議ページ: <${origin}/meetings/${m.id}>`, "");
  lines.push("## 出席者", "");
  for (const g of attendeesByTown) lines.push(`- ${mdEscape(g.organizationName)}: ${g.rows.map((a) => `${mdEscape(a.name)}（${a.attendance}）`).join("、")}`);
  if (!attendeesByTown.length) lines.push("- （なし）");
  lines.push("");
  const agendaById = new Map(data.agenda.map((a) => [a.id, a]));
  for (const col of columns) {
    const item = col.agendaItemId !== null ? agendaById.get(col.agendaItemId) : null;
    if (col.agendaItemId === null && !col.kinds.length) continue;
    const heading = item ? (item.issueNumber ? `#${item.issueNumber} ${item.title}` : item.title) : "その他";
    lines.push(`## ${mdEscape(heading)}`, "");
    if (item?.issueNumber) lines.push(`課題: <${origin}/issues/${item.issueNumber}>`, "");
    if (!col.kinds.length) lines.push("（付箋なし）", "");
    for (const g of col.kinds) {
      lines.push(`### ${g.kind}`, "");
      for (const n of g.notes) {
        const links = [
          n.issueNumber ? `→ 課題 [#${n.issueNumber}](${origin}/issues/${n.issueNumber})` : null,
          n.decisionId ? `→ 決定事項 [${n.decisionNumber}](${origin}/decisions/${n.decisionId})` : null,
        ].filter(Boolean);
        lines.push(`- ${mdEscape(n.text)}（${mdEscape(n.authorName)}・${mdEscape(n.organizationName)}）${n.internal ? " 〔内部メモ〕" : ""}${links.length ? ` ${links.join(" ")}` : ""}`);
        for (const sketch of n.sketches) lines.push(`  ![${mdEscape(sketch.fileName)}](${origin}/attachments/${sketch.id})`);
      }
      lines.push("");
    }
  }
  const fileName = `${m.title}_議事録_${isoDateInJapan(m.startsAt)}.md`;
  return { fileName, body: lines.join("\n") };
}

/**
 * The viewer's meetings for a calendar: those they are invited to, and for insiders every
 * meeting of the WGs they lead or belong to. Always within what they may see.
 */
export async function calendarMeetings({ viewer, since = Date.now() - 180 * 86_400_000 }: { viewer: Viewer; since?: number }) {
  const mine = sql`${meeting.id} IN (SELECT meeting_id FROM meeting_attendee WHERE user_id = ${viewer.userId})`;
  const ownWgs = Object.entries(viewer.wgRoles)
    .filter(([, role]) => role === "lead" || role === "member")
    .map(([id]) => Number(id));
  const scope = isGuest(viewer) || !ownWgs.length ? mine : or(mine, inArray(meeting.wgId, ownWgs));
  const rows = db
    .select(listColumns)
    .from(meeting)
    .leftJoin(schema.organization, eq(schema.organization.id, meeting.hostOrgId))
    .where(and(visibleMeetings(viewer), scope, gte(meeting.startsAt, since)))
    .orderBy(asc(meeting.startsAt))
    .limit(1000)
    .all();
  return Promise.all(rows.map(async (r) => ({ ...r, agenda: (await agendaOf(viewer, r.id)).map((a) => (a.issueNumber ? `#${a.issueNumber} ${a.title}` : a.title)) })));
}

// --- iCalendar (RFC 5545) ---------------------------------------------------------------------

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11). */
export function icsText(value: string) {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1). */
export function foldLine(line: string) {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    // Continuation lines start with a space, which counts toward their 75 octets.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const icsUtc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** The viewer's meetings as an iCalendar feed (CRLF, folded, times in UTC). */
export async function meetingsIcs({ viewer, origin, now = Date.now() }: { viewer: Viewer; origin: string; now?: number }) {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Renkei//Meetings//JA", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", `X-WR-CALNAME:${icsText("Renkei 会議")}`, "X-WR-TIMEZONE:Asia/Tokyo"];
  for (const m of await calendarMeetings({ viewer })) {
    const url = `${origin}/meetings/${m.id}`;
    const description = [
      `${m.kind}${m.rank ? `（${m.rank}）` : ""}`,
      m.agenda.length ? `議題:\n${m.agenda.map((a) => `・${a}`).join("\n")}` : "",
      m.onlineUrl ? `オンライン会議URL: ${m.onlineUrl}` : "",
      url,
    ].filter(Boolean);
    lines.push(
      "BEGIN:VEVENT",
      `UID:meeting-${m.id}@renkei`,
      `DTSTAMP:${icsUtc(now)}`,
      `DTSTART:${icsUtc(m.startsAt)}`,
      `DTEND:${icsUtc(m.endsAt ?? m.startsAt + 3_600_000)}`,
      `SUMMARY:${icsText(m.title)}`,
      ...(m.place || m.onlineUrl ? [`LOCATION:${icsText(m.place || m.onlineUrl)}`] : []),
      `URL:${url}`,
      `DESCRIPTION:${icsText(description.join("\n"))}`,
      `STATUS:${m.state === "予定" ? "TENTATIVE" : "CONFIRMED"}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

// --- corrections (訂正の申し出) ------------------------------------------------------------

export const CORRECTION_MAX = 2000;

/**
 * Instead of confirming, a participating town may ask for a correction while the minutes
 * are being checked. It is kept as an internal comment on the meeting (between the towns),
 * with its audit row.
 */
export async function requestCorrection({ viewer, actor, meetingId, text }: { viewer: Viewer; actor: Actor; meetingId: number; text: string }): Promise<TransitionResult> {
  return asCheckingTown(viewer, meetingId, async (tx) => {
    const now = Date.now();
    const created = tx
      .insert(schema.comment)
      .values({ consortiumId: viewer.consortiumId, meetingId, body: text, internal: true, authorId: viewer.userId, createdAt: now, updatedAt: now })
      .returning({ id: schema.comment.id })
      .get();
    await audit(tx, actor, { action: "meeting.correction", entityType: "meeting", entityId: meetingId, after: { commentId: created.id } });
    await notify(tx, { type: "meeting.correction", meetingId, actor: viewer, body: text });
    return ok({ state: "確認中" as const });
  });
}

/** The corrections asked for on a meeting, for those who may read internal comments. */
export async function correctionsOf(viewer: Viewer, meetingId: number) {
  if (!readsInternal(viewer)) return [];
  return db
    .select({
      id: schema.comment.id,
      body: schema.comment.body,
      at: schema.comment.createdAt,
      authorName: schema.user.displayName,
      organizationName: schema.organization.name,
    })
    .from(schema.comment)
    .innerJoin(schema.user, eq(schema.user.id, schema.comment.authorId))
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(and(eq(schema.comment.meetingId, meetingId), visibleComments(viewer)))
    .orderBy(asc(schema.comment.createdAt))
    .all();
}
