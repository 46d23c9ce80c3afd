// The permission matrix as SQL: the same rules as app/policy/permissions.ts, applied inside
// queries so rows a viewer may not see are never loaded, counted or exported.
// (A vendor guest must not learn that a hidden item exists.)
import { and, eq, inArray, isNull, sql, type Column, type SQL } from "drizzle-orm";
import { schema, type Executor } from "~/utils/db.server";
import { LEADERSHIP_STATUSES } from "~/domain/decision";
import { can, isGuest, isLeadership, type Viewer } from "~/policy/permissions";

const NOTHING = sql`0`;

/** WG ids where the viewer is a guest. */
export function guestWgIds(viewer: Viewer) {
  return Object.entries(viewer.wgRoles)
    .filter(([, role]) => role === "guest")
    .map(([id]) => Number(id));
}

/** Working groups: every WG of the consortium for insiders, their own for guests. */
export function visibleWorkingGroups(viewer: Viewer): SQL {
  const base = eq(schema.workingGroup.consortiumId, viewer.consortiumId);
  if (isGuest(viewer)) return and(base, inArray(schema.workingGroup.id, guestWgIds(viewer))) ?? NOTHING;
  return can(viewer, "project.read") ? base : NOTHING;
}

/** Issues: glass-walled for insiders; for guests only those shared in their WGs. */
export function visibleIssues(viewer: Viewer): SQL {
  const base = eq(schema.issue.consortiumId, viewer.consortiumId);
  if (isGuest(viewer)) {
    return and(base, eq(schema.issue.vendorVisible, true), inArray(schema.issue.wgId, guestWgIds(viewer))) ?? NOTHING;
  }
  return can(viewer, "project.read") ? base : NOTHING;
}

/** Decisions: all for insiders; 決定 (and superseded) for leadership; shared ones for guests. */
export function visibleDecisions(viewer: Viewer): SQL {
  const base = eq(schema.decision.consortiumId, viewer.consortiumId);
  if (isGuest(viewer)) {
    return and(base, eq(schema.decision.vendorVisible, true), inArray(schema.decision.wgId, guestWgIds(viewer))) ?? NOTHING;
  }
  if (isLeadership(viewer)) return and(base, inArray(schema.decision.status, [...LEADERSHIP_STATUSES])) ?? NOTHING;
  return base;
}

/** Reports: drafts for the PMO only; published ones for every insider and leadership. */
export function visibleReports(viewer: Viewer): SQL {
  const base = eq(schema.progressReport.consortiumId, viewer.consortiumId);
  if (isGuest(viewer)) return NOTHING;
  if (can(viewer, "report.publish")) return base;
  return and(base, eq(schema.progressReport.status, "公開")) ?? NOTHING;
}

/** Meetings: all of the consortium for insiders; for guests only shared ones of their WGs; leadership none. */
export function visibleMeetings(viewer: Viewer): SQL {
  const base = eq(schema.meeting.consortiumId, viewer.consortiumId);
  if (isGuest(viewer)) {
    return and(base, eq(schema.meeting.vendorVisible, true), inArray(schema.meeting.wgId, guestWgIds(viewer))) ?? NOTHING;
  }
  return can(viewer, "project.read") ? base : NOTHING;
}

/**
 * Join condition for an item that cites a meeting by id (a carry-over, an issue or comment made
 * from a sticky note): the meeting row joins only when the viewer may see it, so the title of
 * an unshared meeting is never loaded.
 */
export function visibleMeetingCitedBy(viewer: Viewer, meetingId: Column): SQL {
  return and(eq(schema.meeting.id, meetingId), visibleMeetings(viewer)) ?? NOTHING;
}

// --- internal memos (内部メモ) and internal sticky notes ---------------------------------
// One rule: an internal comment or sticky note is hidden from everyone who may not read
// internal ("comment.readInternal" in permissions.ts: vendor guests and leadership), and
// a deleted one from everyone. Every query over comments or notes applies it here.

/** May this viewer read internal memos and notes (and receive what announces them)? */
export function readsInternal(viewer: Viewer) {
  return can(viewer, "comment.readInternal");
}

/** Comments the viewer may read: not deleted; internal memos only for those who read internal. */
export function visibleComments(viewer: Viewer): SQL {
  return and(isNull(schema.comment.deletedAt), readsInternal(viewer) ? undefined : eq(schema.comment.internal, false)) ?? NOTHING;
}

/** Sticky notes the viewer may read (their meeting aside): not deleted; internal ones only for those who read internal. */
export function visibleNotes(viewer: Viewer): SQL {
  return and(isNull(schema.stickyNote.deletedAt), readsInternal(viewer) ? undefined : eq(schema.stickyNote.internal, false)) ?? NOTHING;
}

/** A notification or live event of this audience: "internal" ones only reach those who read internal. */
export function mayReceive(viewer: Viewer, audience: string) {
  return audience === "all" || (audience === "internal" && readsInternal(viewer));
}

// --- rows that point at items (notifications, queued mail) -------------------------------

/** Which of `ids` (all of one type) the viewer may see. */
export async function visibleIdsOf(ex: Executor, viewer: Viewer, entityType: string, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const pick = (rows: { id: number }[]) => new Set(rows.map((r) => r.id));
  switch (entityType) {
    case "issue":
      return pick(ex.select({ id: schema.issue.id }).from(schema.issue).where(and(visibleIssues(viewer), inArray(schema.issue.id, ids))).all());
    case "meeting":
      return pick(ex.select({ id: schema.meeting.id }).from(schema.meeting).where(and(visibleMeetings(viewer), inArray(schema.meeting.id, ids))).all());
    case "decision":
      return pick(ex.select({ id: schema.decision.id }).from(schema.decision).where(and(visibleDecisions(viewer), inArray(schema.decision.id, ids))).all());
    case "report":
      return pick(ex.select({ id: schema.progressReport.id }).from(schema.progressReport).where(and(visibleReports(viewer), inArray(schema.progressReport.id, ids))).all());
    case "user":
      // Invitations: about people of the viewer's own consortium, addressed to them only.
      return new Set(ids);
    default:
      return new Set();
  }
}

/**
 * The same rule as `filterVisible`, as a condition on a table of rows that point at items
 * (entity type, entity id as text, audience): the bell and the inbox count and list in one
 * query, each pointer checked by the item's primary key.
 */
export function pointsAtVisible(viewer: Viewer, row: { entityType: Column; entityId: Column; audience: Column }): SQL {
  const item = (table: typeof schema.issue | typeof schema.meeting | typeof schema.decision | typeof schema.progressReport, rule: SQL) =>
    rule === NOTHING ? NOTHING : sql`exists (select 1 from ${table} where ${table.id} = cast(${row.entityId} as integer) and ${rule})`;
  const audience = readsInternal(viewer) ? inArray(row.audience, ["all", "internal"]) : eq(row.audience, "all");
  const pointer = sql`case ${row.entityType}
    when 'issue' then ${item(schema.issue, visibleIssues(viewer))}
    when 'meeting' then ${item(schema.meeting, visibleMeetings(viewer))}
    when 'decision' then ${item(schema.decision, visibleDecisions(viewer))}
    when 'report' then ${item(schema.progressReport, visibleReports(viewer))}
    when 'user' then 1 else 0 end`;
  return and(audience, pointer) ?? NOTHING;
}

type Row = { id: number; entityType: string; entityId: string; audience: string };

/** Keeps the rows the viewer may still see (the item is visible; internal ones only for insiders). */
export async function filterVisible<R extends Row>(ex: Executor, viewer: Viewer, rows: R[]): Promise<R[]> {
  const byType = new Map<string, number[]>();
  for (const r of rows) byType.set(r.entityType, [...(byType.get(r.entityType) ?? []), Number(r.entityId)]);
  const visible = new Map<string, Set<number>>();
  for (const [type, ids] of byType) visible.set(type, await visibleIdsOf(ex, viewer, type, [...new Set(ids)]));
  return rows.filter((r) => mayReceive(viewer, r.audience) && visible.get(r.entityType)?.has(Number(r.entityId)));
}
