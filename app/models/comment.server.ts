// Comments on issues and the issue's timeline: comments, field changes and carry-overs,
// in time order. Internal memos (内部メモ) are filtered in the query for those who may
// not read them (vendor guests, leadership).
import { and, asc, count, desc, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "~/utils/audit.server";
import { anyOf, db, schema, write } from "~/utils/db.server";
import { checkbox, parseForm, text } from "~/utils/forms.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { can, isGuest, mayReturnBall, type Viewer } from "~/policy/permissions";
import { forbidden, invalidField, notFound, ok, type Result } from "~/domain/result";
import { attach, attachmentsOfIssue, type AttachmentInfo, type CheckedFile } from "./attachment.server";
import { noteSourceColumns, noteSourceOf, type NoteReference, type NoteSource } from "./issue.server";
import { notify } from "./notification.server";
import { visibleComments, visibleMeetingCitedBy } from "~/policy/visibility.server";

export const commentFormSchema = z.object({
  body: text(20_000, { required: "comments.bodyRequired", tooLong: "comments.bodyTooLong" }),
  internal: checkbox,
});

export function parseCommentForm(form: FormData) {
  return parseForm(commentFormSchema, form);
}

/** Who can be @mentioned in a WG: its members for insiders; for guests only leads and the PMO. */
export async function mentionCandidates({ viewer, wgId }: { viewer: Viewer; wgId: number }) {
  const roles = isGuest(viewer) ? ["lead"] : ["lead", "member"];
  return db
    .select({ userId: schema.user.id, name: schema.user.displayName, organizationName: schema.organization.name })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(
      and(
        eq(schema.user.active, true),
        eq(schema.organization.consortiumId, viewer.consortiumId),
        or(
          inArray(schema.user.id, db.select({ id: schema.wgMembership.userId }).from(schema.wgMembership).where(and(eq(schema.wgMembership.wgId, wgId), inArray(schema.wgMembership.role, roles as ["lead"])))),
          inArray(schema.user.id, db.select({ id: schema.consortiumRole.userId }).from(schema.consortiumRole).where(and(eq(schema.consortiumRole.consortiumId, viewer.consortiumId), eq(schema.consortiumRole.role, "pmo")))),
        ),
      ),
    )
    .orderBy(asc(schema.organization.id), asc(schema.user.displayNameKana))
    .all();
}

export async function addComment({
  viewer,
  actor,
  issue,
  body,
  internal,
  files,
  source,
}: {
  viewer: Viewer;
  actor: Actor;
  issue: { id: number; wgId: number; vendorVisible: boolean };
  body: string;
  internal: boolean;
  files: CheckedFile[];
  /** The sticky note added as this comment (付箋より). */
  source?: NoteReference;
}) {
  // A guest's comment is never internal, whatever the form said.
  const asInternal = internal && can(viewer, "comment.createInternal", { wgId: issue.wgId });
  return write(async (tx) => {
    const now = Date.now();
    const created = tx
      .insert(schema.comment)
      .values({ consortiumId: viewer.consortiumId, issueId: issue.id, body, internal: asInternal, sourceMeetingId: source?.meetingId ?? null, sourceNoteId: source?.noteId ?? null, authorId: viewer.userId, createdAt: now, updatedAt: now })
      .returning({ id: schema.comment.id })
      .get();
    await attach(tx, viewer, { commentId: created.id }, files);
    tx.update(schema.issue).set({ updatedAt: now }).where(eq(schema.issue.id, issue.id)).run();
    await audit(tx, actor, { action: "comment.create", entityType: "comment", entityId: created.id, after: { issueId: issue.id, internal: asInternal, files: files.map((f) => f.fileName), ...(source ? { source } : {}) } });
    await notify(tx, { type: "comment.created", issueId: issue.id, commentId: created.id, actor: viewer, body, internal: asInternal });
    return created.id;
  });
}

/**
 * Marks (or unmarks) a comment as the consortium's official answer (回答) to a vendor
 * question. Only someone who may edit the issue does it, and only on a comment the vendor
 * can read that the consortium wrote: an internal memo can never be the answer.
 */
export async function setAnswer({
  viewer,
  actor,
  issue,
  commentId,
  answer,
}: {
  viewer: Viewer;
  actor: Actor;
  issue: { id: number; wgId: number };
  commentId: number;
  answer: boolean;
}): Promise<Result> {
  const current = db
    .select({ id: schema.comment.id, internal: schema.comment.internal, isAnswer: schema.comment.isAnswer, authorKind: schema.organization.kind })
    .from(schema.comment)
    .innerJoin(schema.user, eq(schema.user.id, schema.comment.authorId))
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(and(eq(schema.comment.id, commentId), eq(schema.comment.issueId, issue.id), visibleComments(viewer)))
    .get();
  if (!current) return notFound();
  if (!can(viewer, "comment.markAnswer", { wgId: issue.wgId })) return notFound();
  // An internal memo or a vendor's own words are never the consortium's answer: a bad request.
  if (answer && (current.internal || current.authorKind === "vendor")) return invalidField("form", "guests.qa.notAnswerable");
  if (current.isAnswer === answer) return ok();
  await write(async (tx) => {
    const now = Date.now();
    tx.update(schema.comment).set({ isAnswer: answer }).where(eq(schema.comment.id, commentId)).run();
    tx.update(schema.issue).set({ updatedAt: now }).where(eq(schema.issue.id, issue.id)).run();
    // The official answer settles a vendor question that was waiting for it (回答待ち → 解決).
    const state = tx.select({ type: schema.issue.type, status: schema.issue.status }).from(schema.issue).where(eq(schema.issue.id, issue.id)).get();
    if (answer && state?.type === "質問" && state.status === "回答待ち") {
      tx.update(schema.issue).set({ status: "解決", closedAt: now }).where(eq(schema.issue.id, issue.id)).run();
      tx.insert(schema.issueJournal).values({ issueId: issue.id, userId: viewer.userId, field: "status", oldValue: "回答待ち", newValue: "解決", createdAt: now }).run();
    }
    await audit(tx, actor, { action: answer ? "comment.answer.mark" : "comment.answer.unmark", entityType: "comment", entityId: commentId, before: { isAnswer: current.isAnswer }, after: { isAnswer: answer, issueId: issue.id } });
  });
  return ok();
}

/**
 * A vendor answered a question addressed to it (ball with the vendor): the ball goes back to
 * the consortium's single window, recorded in the issue history.
 */
export async function returnBallToConsortium({ viewer, actor, issue, to }: { viewer: Viewer; actor: Actor; issue: { id: number; ballHolderOrgId: number | null }; to: number | null }) {
  if (!mayReturnBall(viewer, issue) || to === null) return false;
  await write(async (tx) => {
    const now = Date.now();
    tx.update(schema.issue).set({ ballHolderOrgId: to, updatedAt: now }).where(eq(schema.issue.id, issue.id)).run();
    tx.insert(schema.issueJournal)
      .values({ issueId: issue.id, userId: viewer.userId, field: "ballHolderOrgId", oldValue: String(issue.ballHolderOrgId), newValue: String(to), createdAt: now })
      .run();
    await audit(tx, actor, { action: "issue.ball.return", entityType: "issue", entityId: issue.id, before: { ballHolderOrgId: issue.ballHolderOrgId }, after: { ballHolderOrgId: to } });
    await notify(tx, { type: "issue.updated", issueId: issue.id, actor: viewer, before: { assigneeId: null, ballHolderOrgId: issue.ballHolderOrgId, status: "" }, changed: ["ballHolderOrgId"] });
  });
  return true;
}

/** Only the author edits a comment; the earlier text is kept as a revision. */
export async function editComment({ viewer, actor, issueId, commentId, body }: { viewer: Viewer; actor: Actor; issueId: number; commentId: number; body: string }): Promise<Result> {
  const current = db
    .select()
    .from(schema.comment)
    .where(and(eq(schema.comment.id, commentId), eq(schema.comment.issueId, issueId), visibleComments(viewer)))
    .get();
  if (!current) return notFound();
  if (current.authorId !== viewer.userId) return forbidden("comments.notYours");
  if (current.body === body) return ok();
  await write(async (tx) => {
    const now = Date.now();
    tx.insert(schema.commentRevision).values({ commentId, body: current.body, editedBy: viewer.userId, createdAt: now }).run();
    tx.update(schema.comment).set({ body, updatedAt: now }).where(eq(schema.comment.id, commentId)).run();
    await audit(tx, actor, { action: "comment.edit", entityType: "comment", entityId: commentId, before: { body: current.body }, after: { body } });
  });
  return ok();
}

// --- the timeline --------------------------------------------------------------------------

export type TimelineComment = {
  kind: "comment";
  id: number;
  at: number;
  authorId: number;
  authorName: string;
  authorOrganization: string;
  /** Written in the tool it was imported from (Redmine): under that author's name, not editable here. */
  imported: boolean;
  html: string;
  body: string;
  internal: boolean;
  isAnswer: boolean;
  answerable: boolean;
  /** The sticky note it was added from, for those who may see that meeting. */
  source: NoteSource | null;
  edited: boolean;
  revisions: { body: string; at: number }[];
  attachments: AttachmentInfo[];
};
export type TimelineChange = { kind: "change"; at: number; userName: string; changes: { field: string; from: string | null; to: string | null }[] };
/** `meeting` is null for a carry-over by a meeting the viewer may not see (「非公開の会議」). */
export type TimelinePostponement = { kind: "postponement"; at: number; userName: string | null; via: "due_date" | "meeting"; from: string | null; to: string | null; reason: string; meeting: { id: number; title: string } | null };
export type TimelineEntry = TimelineComment | TimelineChange | TimelinePostponement;

/** Names for the ids a journal row holds (assignee, ball holder, towns, labels). */
async function journalNames(consortiumId: number) {
  const users = new Map(db.select({ id: schema.user.id, name: schema.user.displayName }).from(schema.user).innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId)).where(eq(schema.organization.consortiumId, consortiumId)).all().map((u) => [String(u.id), u.name]));
  const orgs = new Map(db.select({ id: schema.organization.id, name: schema.organization.name }).from(schema.organization).where(eq(schema.organization.consortiumId, consortiumId)).all().map((o) => [String(o.id), o.name]));
  const labels = new Map(db.select({ id: schema.label.id, name: schema.label.name }).from(schema.label).where(eq(schema.label.consortiumId, consortiumId)).all().map((l) => [String(l.id), l.name]));
  const list = (names: Map<string, string>, value: string | null) => (value === null ? null : value.split(",").map((id) => names.get(id) ?? `#${id}`).join("、"));
  return (field: string, value: string | null): string | null => {
    if (value === null) return null;
    switch (field) {
      case "assigneeId":
        return users.get(value) ?? `#${value}`;
      case "ballHolderOrgId":
        return orgs.get(value) ?? `#${value}`;
      case "affectedOrgIds":
        return list(orgs, value);
      case "labelIds":
        return list(labels, value);
      default:
        return value;
    }
  };
}

/** The visible comments on one item (an issue or a decision), oldest first; internal memos only for those who may read them. */
export async function commentsOn(viewer: Viewer, owner: { issueId: number } | { decisionId: number }) {
  return db
    .select({
      id: schema.comment.id,
      at: schema.comment.createdAt,
      updatedAt: schema.comment.updatedAt,
      authorId: schema.comment.authorId,
      // An imported comment shows who wrote it in the tool it came from (Redmine), not the importer.
      authorName: sql<string>`coalesce(${schema.comment.importedAuthor}, ${schema.user.displayName})`,
      authorOrganization: sql<string>`CASE WHEN ${schema.comment.importedAuthor} IS NULL THEN ${schema.organization.name} ELSE '' END`,
      imported: sql<boolean>`${schema.comment.importedAuthor} IS NOT NULL`.mapWith(Boolean),
      authorKind: schema.organization.kind,
      body: schema.comment.body,
      internal: schema.comment.internal,
      isAnswer: schema.comment.isAnswer,
      ...noteSourceColumns(schema.comment.sourceNoteId),
    })
    .from(schema.comment)
    .innerJoin(schema.user, eq(schema.user.id, schema.comment.authorId))
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .leftJoin(schema.meeting, visibleMeetingCitedBy(viewer, schema.comment.sourceMeetingId))
    .where(
      and(
        "issueId" in owner ? eq(schema.comment.issueId, owner.issueId) : eq(schema.comment.decisionId, owner.decisionId),
        visibleComments(viewer),
      ),
    )
    .orderBy(asc(schema.comment.createdAt), asc(schema.comment.id))
    .all()
    .map(({ sourceMeetingId, sourceTitle, sourceNoteId, ...c }) => ({ ...c, source: noteSourceOf({ sourceMeetingId, sourceTitle, sourceNoteId }) }));
}

export async function issueTimeline({ viewer, issueId }: { viewer: Viewer; issueId: number }): Promise<TimelineEntry[]> {
  const comments = await commentsOn(viewer, { issueId });
  const commentIds = comments.map((c) => c.id);
  const attachments = await attachmentsOfIssue(issueId, commentIds);
  const revisions = commentIds.length
    ? db.select({ commentId: schema.commentRevision.commentId, body: schema.commentRevision.body, at: schema.commentRevision.createdAt }).from(schema.commentRevision).where(anyOf(schema.commentRevision.commentId, commentIds)).orderBy(desc(schema.commentRevision.createdAt)).all()
    : [];
  const wgId = db.select({ wgId: schema.issue.wgId }).from(schema.issue).where(eq(schema.issue.id, issueId)).get()?.wgId;
  const mentions = wgId ? (await mentionCandidates({ viewer, wgId })).map((m) => ({ name: m.name, userId: m.userId })) : [];

  // An edit of the text is shown as 「内容を更新」: the earlier text (perhaps written before the
  // issue was shared with vendors) is never loaded.
  const ij = schema.issueJournal;
  const valueOf = (v: typeof ij.oldValue | typeof ij.newValue) => sql<string | null>`CASE WHEN ${ij.field} = 'body' THEN NULL ELSE ${v} END`;
  const journal = db
    .select({ at: ij.createdAt, userId: ij.userId, userName: sql<string>`coalesce(${ij.importedAuthor}, ${schema.user.displayName})`, field: ij.field, from: valueOf(ij.oldValue), to: valueOf(ij.newValue) })
    .from(ij)
    .innerJoin(schema.user, eq(schema.user.id, ij.userId))
    .where(eq(ij.issueId, issueId))
    .orderBy(asc(ij.createdAt), asc(ij.id))
    .all();
  const name = await journalNames(viewer.consortiumId);
  const changes: TimelineChange[] = [];
  for (const j of journal) {
    const last = changes.at(-1);
    const change = { field: j.field, from: name(j.field, j.from), to: name(j.field, j.to) };
    // A journal "entry" is everything one person changed in one save.
    if (last && last.at === j.at && last.userName === j.userName) last.changes.push(change);
    else changes.push({ kind: "change", at: j.at, userName: j.userName, changes: [change] });
  }

  // The meeting of a carry-over is joined only when the viewer may see it: a vendor reads
  // 「非公開の会議で持ち越し」, never the title (or a reason naming it) of an unshared meeting.
  const postponement = schema.issuePostponement;
  const postponements = db
    .select({
      at: postponement.createdAt,
      userName: schema.user.displayName,
      via: postponement.kind,
      from: postponement.fromDue,
      to: postponement.toDue,
      reason: sql<string>`CASE WHEN ${postponement.meetingId} IS NOT NULL AND ${schema.meeting.id} IS NULL THEN '' ELSE ${postponement.reason} END`,
      meetingId: schema.meeting.id,
      meetingTitle: schema.meeting.title,
    })
    .from(postponement)
    .leftJoin(schema.user, eq(schema.user.id, postponement.userId))
    .leftJoin(schema.meeting, visibleMeetingCitedBy(viewer, postponement.meetingId))
    .where(eq(postponement.issueId, issueId))
    .orderBy(asc(postponement.createdAt), asc(postponement.id))
    .all()
    .map(({ meetingId, meetingTitle, ...p }) => ({
      kind: "postponement" as const,
      ...p,
      meeting: meetingId !== null && meetingTitle !== null ? { id: meetingId, title: meetingTitle } : null,
    }));

  const entries: TimelineEntry[] = [
    ...comments.map((c) => ({
      kind: "comment" as const,
      id: c.id,
      at: c.at,
      authorId: c.authorId,
      authorName: c.authorName,
      authorOrganization: c.authorOrganization,
      imported: c.imported,
      /** Only the consortium's own comments can be its official answer (回答). */
      answerable: !c.internal && c.authorKind !== "vendor",
      body: c.body,
      html: renderMarkdown(c.body, { mentions }),
      internal: c.internal,
      isAnswer: c.isAnswer,
      source: c.source,
      edited: c.updatedAt > c.at,
      revisions: revisions.filter((r) => r.commentId === c.id).map((r) => ({ body: r.body, at: r.at })),
      attachments: attachments.filter((a) => a.commentId === c.id),
    })),
    ...changes,
    ...postponements,
  ];
  return entries.sort((a, b) => a.at - b.at);
}

/** Number of visible comments per issue (for lists), respecting internal memos. */
export async function commentCounts(viewer: Viewer, issueIds: number[]) {
  if (!issueIds.length) return new Map<number, number>();
  const rows = db
    .select({ issueId: schema.comment.issueId, n: count() })
    .from(schema.comment)
    .where(
      and(
        inArray(schema.comment.issueId, issueIds),
        visibleComments(viewer),
      ),
    )
    .groupBy(schema.comment.issueId)
    .all();
  return new Map(rows.map((r) => [r.issueId!, r.n]));
}

