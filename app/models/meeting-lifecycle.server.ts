// A meeting's lifecycle: 予定 → 開催中 → 確認中 → 確定, with each participating town's
// confirmation of the minutes (or its request for a correction instead). Every step re-reads
// the state inside its unit of work and returns the shared Result.
import { and, asc, eq, sql } from "drizzle-orm";
import { conflict, forbidden, notFound, ok, type Refusal, type Result } from "~/domain/result";
import type { MessageKey } from "~/i18n";
import { audit, type Actor } from "~/utils/audit.server";
import { db, schema, write, type Tx } from "~/utils/db.server";
import { can, refusalStatus, type Viewer } from "~/policy/permissions";
import { readsInternal, visibleComments } from "~/policy/visibility.server";
import { recordMeetingCarryOver } from "./issue.server";
import { findMeeting, participatingTowns, type MeetingState } from "./meeting.server";
import { notify } from "./notification.server";

const { meeting, agendaItem, minutesConfirmation } = schema;

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
