// Deleting an issue made by mistake (PMO only). The issue and every row that hangs on it leave
// the live tables in one unit of work and wait in deleted_issue as JSON, so no list, count,
// search, notification or link can show them; for 30 days the PMO can put them back exactly
// as they were (same ids, same number). Then they are purged (ADR 028).
import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import { notFound, ok, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { isoDateInJapan } from "~/utils/dates";
import { db, schema, write, type Tx } from "~/utils/db.server";
import { parseForm, text } from "~/utils/forms.server";
import { refusalOf, type Viewer } from "~/policy/permissions";
import { visibleIssues } from "~/policy/visibility.server";

export const RESTORABLE_DAYS = 30;
const RESTORABLE_MS = RESTORABLE_DAYS * 86_400_000;

const deletionSchema = z.object({ reason: text(500, { required: "issues.delete.reasonRequired", tooLong: "issues.delete.reasonTooLong" }) });

export function parseDeletionForm(form: FormData) {
  return parseForm(deletionSchema, form);
}

/** What an issue takes with it, in the order they are put back (parents first). */
type Rows = {
  issue: (typeof schema.issue.$inferSelect)[];
  issueOrganization: (typeof schema.issueOrganization.$inferSelect)[];
  issueLabel: (typeof schema.issueLabel.$inferSelect)[];
  issueJournal: (typeof schema.issueJournal.$inferSelect)[];
  issuePostponement: (typeof schema.issuePostponement.$inferSelect)[];
  comment: (typeof schema.comment.$inferSelect)[];
  commentRevision: (typeof schema.commentRevision.$inferSelect)[];
  attachment: (typeof schema.attachment.$inferSelect)[];
  decisionIssue: (typeof schema.decisionIssue.$inferSelect)[];
  /** Agenda items and sticky notes that pointed at the issue: their link is cleared, then set again. */
  agendaItemIds: number[];
  stickyNoteIds: number[];
};

function rowsOf(tx: Tx, issueId: number): Rows {
  const comments = tx.select().from(schema.comment).where(eq(schema.comment.issueId, issueId)).all();
  const commentIds = comments.map((c) => c.id);
  const ofComments = <C extends typeof schema.commentRevision.commentId>(column: C) => (commentIds.length ? inArray(column, commentIds) : sql`0`);
  return {
    issue: tx.select().from(schema.issue).where(eq(schema.issue.id, issueId)).all(),
    issueOrganization: tx.select().from(schema.issueOrganization).where(eq(schema.issueOrganization.issueId, issueId)).all(),
    issueLabel: tx.select().from(schema.issueLabel).where(eq(schema.issueLabel.issueId, issueId)).all(),
    issueJournal: tx.select().from(schema.issueJournal).where(eq(schema.issueJournal.issueId, issueId)).all(),
    issuePostponement: tx.select().from(schema.issuePostponement).where(eq(schema.issuePostponement.issueId, issueId)).all(),
    comment: comments,
    commentRevision: tx.select().from(schema.commentRevision).where(ofComments(schema.commentRevision.commentId)).all(),
    attachment: tx
      .select()
      .from(schema.attachment)
      .where(or(eq(schema.attachment.issueId, issueId), commentIds.length ? inArray(schema.attachment.commentId, commentIds) : undefined))
      .all(),
    decisionIssue: tx.select().from(schema.decisionIssue).where(eq(schema.decisionIssue.issueId, issueId)).all(),
    agendaItemIds: tx.select({ id: schema.agendaItem.id }).from(schema.agendaItem).where(eq(schema.agendaItem.issueId, issueId)).all().map((r) => r.id),
    stickyNoteIds: tx.select({ id: schema.stickyNote.id }).from(schema.stickyNote).where(eq(schema.stickyNote.issueId, issueId)).all().map((r) => r.id),
  };
}

export async function deleteIssue({ viewer, actor, number, reason }: { viewer: Viewer; actor: Actor; number: number; reason: string }): Promise<Result<{ number: number }>> {
  const refusal = refusalOf(viewer, "issue.delete");
  if (refusal) return refusal;
  return write(async (tx) => {
    const found = tx.select({ id: schema.issue.id, title: schema.issue.title, wgId: schema.issue.wgId }).from(schema.issue).where(and(visibleIssues(viewer), eq(schema.issue.number, number))).get();
    if (!found) return notFound();
    const rows = rowsOf(tx, found.id);
    const now = Date.now();
    tx.insert(schema.deletedIssue)
      .values({ consortiumId: viewer.consortiumId, number, title: found.title, wgId: found.wgId, reason, deletedBy: viewer.userId, deletedAt: now, payload: JSON.stringify(rows) })
      .run();
    tx.update(schema.agendaItem).set({ issueId: null }).where(eq(schema.agendaItem.issueId, found.id)).run();
    tx.update(schema.stickyNote).set({ issueId: null }).where(eq(schema.stickyNote.issueId, found.id)).run();
    tx.delete(schema.decisionIssue).where(eq(schema.decisionIssue.issueId, found.id)).run();
    // Comments, their revisions and files, labels, towns, history and carry-overs cascade.
    tx.delete(schema.issue).where(eq(schema.issue.id, found.id)).run();
    await audit(tx, actor, { action: "issue.delete", entityType: "issue", entityId: found.id, before: { number, title: found.title }, after: { reason } });
    return ok({ number });
  });
}

const restorable = (now: number) => and(isNotNull(schema.deletedIssue.payload), gt(schema.deletedIssue.deletedAt, now - RESTORABLE_MS));

/** Puts a deleted issue back as it was; a town, label or decision removed meanwhile is left out. */
export async function restoreIssue({ viewer, actor, number }: { viewer: Viewer; actor: Actor; number: number }): Promise<Result<{ number: number }>> {
  const refusal = refusalOf(viewer, "issue.delete");
  if (refusal) return refusal;
  return write(async (tx) => {
    const deleted = tx
      .select({ id: schema.deletedIssue.id, payload: schema.deletedIssue.payload })
      .from(schema.deletedIssue)
      .where(and(eq(schema.deletedIssue.consortiumId, viewer.consortiumId), eq(schema.deletedIssue.number, number), restorable(Date.now())))
      .get();
    if (!deleted?.payload) return notFound();
    const rows = JSON.parse(deleted.payload) as Rows;
    const [issue] = rows.issue;
    const exists = (table: typeof schema.organization | typeof schema.label | typeof schema.decision, ids: number[]) =>
      new Set(ids.length ? tx.select({ id: table.id }).from(table).where(inArray(table.id, ids)).all().map((r) => r.id) : []);
    const orgs = exists(schema.organization, [...rows.issueOrganization.map((r) => r.organizationId), ...(issue.ballHolderOrgId ? [issue.ballHolderOrgId] : [])]);
    const labels = exists(schema.label, rows.issueLabel.map((r) => r.labelId));
    const decisions = exists(schema.decision, rows.decisionIssue.map((r) => r.decisionId));

    tx.insert(schema.issue).values({ ...issue, ballHolderOrgId: issue.ballHolderOrgId && orgs.has(issue.ballHolderOrgId) ? issue.ballHolderOrgId : null }).run();
    const insert = <T extends Parameters<typeof tx.insert>[0]>(table: T, values: T["$inferInsert"][]) => {
      if (values.length) tx.insert(table).values(values).run();
    };
    insert(schema.issueOrganization, rows.issueOrganization.filter((r) => orgs.has(r.organizationId)));
    insert(schema.issueLabel, rows.issueLabel.filter((r) => labels.has(r.labelId)));
    insert(schema.issueJournal, rows.issueJournal);
    insert(schema.issuePostponement, rows.issuePostponement);
    insert(schema.comment, rows.comment);
    insert(schema.commentRevision, rows.commentRevision);
    insert(schema.attachment, rows.attachment);
    insert(schema.decisionIssue, rows.decisionIssue.filter((r) => decisions.has(r.decisionId)));
    if (rows.agendaItemIds.length) tx.update(schema.agendaItem).set({ issueId: issue.id }).where(and(inArray(schema.agendaItem.id, rows.agendaItemIds), isNull(schema.agendaItem.issueId))).run();
    if (rows.stickyNoteIds.length) tx.update(schema.stickyNote).set({ issueId: issue.id }).where(and(inArray(schema.stickyNote.id, rows.stickyNoteIds), isNull(schema.stickyNote.issueId))).run();
    tx.delete(schema.deletedIssue).where(eq(schema.deletedIssue.id, deleted.id)).run();
    await audit(tx, actor, { action: "issue.restore", entityType: "issue", entityId: issue.id, after: { number, title: issue.title } });
    return ok({ number });
  });
}

/** The deleted issues the PMO can still restore, newest first. */
export async function listDeletedIssues({ viewer, now = Date.now() }: { viewer: Viewer; now?: number }) {
  const refusal = refusalOf(viewer, "issue.delete");
  if (refusal) return refusal;
  const rows = db
    .select({
      number: schema.deletedIssue.number,
      title: schema.deletedIssue.title,
      reason: schema.deletedIssue.reason,
      deletedAt: schema.deletedIssue.deletedAt,
      deletedBy: schema.user.displayName,
      wgName: schema.workingGroup.name,
    })
    .from(schema.deletedIssue)
    .innerJoin(schema.user, eq(schema.user.id, schema.deletedIssue.deletedBy))
    .leftJoin(schema.workingGroup, eq(schema.workingGroup.id, schema.deletedIssue.wgId))
    .where(and(eq(schema.deletedIssue.consortiumId, viewer.consortiumId), restorable(now)))
    .orderBy(desc(schema.deletedIssue.deletedAt))
    .all();
  return ok({ issues: rows.map((r) => ({ ...r, restorableUntil: isoDateInJapan(r.deletedAt + RESTORABLE_MS) })) });
}

/**
 * The daily purge: deleted issues older than 30 days lose their rows for good (their files go
 * with the next sweep of unreferenced files); the number, title and reason stay, so the number
 * is never reused.
 */
export async function purgeDeletedIssues(now = Date.now()) {
  return write(async (tx) => {
    const due = tx
      .select({ id: schema.deletedIssue.id, consortiumId: schema.deletedIssue.consortiumId, number: schema.deletedIssue.number })
      .from(schema.deletedIssue)
      .where(and(isNotNull(schema.deletedIssue.payload), lte(schema.deletedIssue.deletedAt, now - RESTORABLE_MS)))
      .all();
    for (const d of due) {
      tx.update(schema.deletedIssue).set({ payload: null, purgedAt: now }).where(eq(schema.deletedIssue.id, d.id)).run();
      await audit(tx, { viewer: null, consortiumId: d.consortiumId }, { action: "issue.purge", entityType: "deleted_issue", entityId: d.id, after: { number: d.number } });
    }
    return due.length;
  });
}

/** Files of deleted issues that may still be restored: the orphan sweep keeps them. */
export async function filesOfDeletedIssues() {
  return new Set(
    db
      .all<{ sha256: string }>(sql`SELECT json_extract(a.value, '$.sha256') AS sha256 FROM ${schema.deletedIssue}, json_each(${schema.deletedIssue.payload}, '$.attachment') a WHERE ${schema.deletedIssue.payload} IS NOT NULL`)
      .map((r) => r.sha256),
  );
}
