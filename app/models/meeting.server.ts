// Meetings (会議): lists, the meeting page, and planning (with the carry-forward of a series).
// The state machine lives in meeting-lifecycle.server.ts, the exports (minutes.md, meetings.ics)
// in meeting-export.server.ts. Visibility is applied in every query.
import { and, asc, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { MessageKey } from "~/i18n";
import { invalidField, ok, type Refusal, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { formatMeetingTime, japanTime, japanTimeToMs } from "~/utils/dates";
import { db, schema, write, type Tx } from "~/utils/db.server";
import { requiredDateText, checkbox, parseForm, text } from "~/utils/forms.server";
import { can, isVendorPerson, type Viewer } from "~/policy/permissions";
import { OPEN_STATUSES } from "./issue.server";
import { notify } from "./notification.server";
import { listNotes } from "./sticky-note.server";
import { readsInternal, visibleIssues, visibleMeetings } from "~/policy/visibility.server";

const { meeting, agendaItem, meetingAttendee, minutesConfirmation, MEETING_KINDS, NOTE_KINDS, RANKS } = schema;
export { formatMeetingTime, japanTime, japanTimeToMs };
export type MeetingState = (typeof schema.MEETING_STATES)[number];

// --- lists ------------------------------------------------------------------------------

export const meetingListColumns = {
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
  const base = () => db.select(meetingListColumns).from(meeting).leftJoin(schema.organization, eq(schema.organization.id, meeting.hostOrgId)).$dynamic();
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
        ...meetingListColumns,
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
export async function participatingTowns(executor: Tx | typeof db, meetingId: number, hostOrgId: number | null) {
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
    date: requiredDateText("meetings.dateInvalid", "meetings.dateInvalid"),
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
  if (!input.vendorVisible && input.attendeeIds.some((id) => { const p = people.get(id); return !!p && isVendorPerson(p); })) {
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
