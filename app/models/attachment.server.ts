// Attachments: checked by content, stored once under the data directory by their sha256,
// served only to those who may see what they are attached to.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { anyOf, db, schema, type Tx } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { can, type Viewer } from "~/policy/permissions";
import { checkUpload, safeFileName, type UploadCheck } from "~/utils/upload.server";
import { FILES_FOLDER, storedFilePath } from "~/utils/stored-files.server";
import { visibleComments, visibleDecisions, visibleIssues, visibleMeetings, visibleNotes } from "~/policy/visibility.server";
import { filesOfDeletedIssues } from "./issue-deletion.server";

/** A file that passed the checks, held in memory until the item it belongs to is saved. */
export type CheckedFile = { fileName: string; mime: string; size: number; sha256: string; bytes: Uint8Array };
export type UploadError = Extract<UploadCheck, { ok: false }>["error"];

/** Where a stored file lives (by its content); the export reads the files from there. */
export const filePath = (sha256: string) => storedFilePath(env.dataDir, sha256);

/**
 * Checks every file (all or nothing) and writes nothing: files reach the disk only through
 * `attach`, inside the transaction that saves their item, after its permission and input
 * checks — so a refused request leaves no file behind.
 */
export async function checkFiles(files: File[]): Promise<{ ok: true; files: CheckedFile[] } | { ok: false; error: UploadError; fileName: string }> {
  const checked: CheckedFile[] = [];
  for (const file of files) {
    const result = checkFile(file.name, new Uint8Array(await file.arrayBuffer()));
    if (!result.ok) return { ok: false, error: result.error, fileName: file.name };
    checked.push(result.file);
  }
  return { ok: true, files: checked };
}

/** One file's bytes checked as an upload is (the import re-checks every file it brings). */
export function checkFile(fileName: string, bytes: Uint8Array): { ok: true; file: CheckedFile } | { ok: false; error: UploadError } {
  const result = checkUpload(fileName, bytes);
  if (!result.ok) return result;
  const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
  return { ok: true, file: { fileName: safeFileName(fileName).slice(0, 200), mime: result.mime, size: bytes.byteLength, sha256, bytes } };
}

/**
 * Records checked files as attachments of one item, inside the caller's transaction, and
 * writes the new ones to disk (by content, so one copy serves every attachment of the same
 * file); returns their ids. Should the transaction still roll back, the file is an orphan
 * that `sweepOrphanFiles` removes a day later.
 */
export async function attach(tx: Tx, viewer: Viewer, owner: { issueId?: number; commentId?: number; stickyNoteId?: number; decisionId?: number; reportId?: number }, files: CheckedFile[]): Promise<number[]> {
  if (!files.length) return [];
  const now = Date.now();
  for (const file of files) writeOnce(file);
  return tx
    .insert(schema.attachment)
    .values(files.map(({ bytes: _bytes, ...f }) => ({ ...f, ...owner, consortiumId: viewer.consortiumId, uploadedBy: viewer.userId, createdAt: now })))
    .returning({ id: schema.attachment.id })
    .all()
    .map((r) => r.id);
}

/**
 * Stores a checked file by its content, once (write then rename, so a half-written file is
 * never served). Before the transaction that refers to it commits: should it roll back, the
 * file is an orphan that `sweepOrphanFiles` removes.
 */
export function writeOnce({ sha256, bytes }: Pick<CheckedFile, "sha256" | "bytes">) {
  const target = filePath(sha256);
  if (fs.existsSync(target)) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, target);
}


const ORPHAN_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Removes stored files that no attachment refers to (a transaction that rolled back after
 * writing, a crash between write and rename), once they are a day old: younger ones may
 * belong to a transaction still running.
 */
export async function sweepOrphanFiles(now = Date.now()) {
  const root = path.join(env.dataDir, FILES_FOLDER);
  if (!fs.existsSync(root)) return 0;
  // Files of a deleted issue stay while it may be restored (issue-deletion.server.ts).
  const used = new Set([...db.selectDistinct({ sha256: schema.attachment.sha256 }).from(schema.attachment).all().map((r) => r.sha256), ...await filesOfDeletedIssues()]);
  let removed = 0;
  for (const dir of fs.readdirSync(root)) {
    const folder = path.join(root, dir);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const name of fs.readdirSync(folder)) {
      const file = path.join(folder, name);
      if (now - fs.statSync(file).mtimeMs < ORPHAN_AGE_MS) continue;
      if (!name.endsWith(".tmp") && used.has(name)) continue;
      fs.rmSync(file, { force: true });
      removed++;
    }
  }
  return removed;
}

const attachmentColumns = {
  id: schema.attachment.id,
  fileName: schema.attachment.fileName,
  mime: schema.attachment.mime,
  size: schema.attachment.size,
  issueId: schema.attachment.issueId,
  commentId: schema.attachment.commentId,
};
export type AttachmentInfo = { id: number; fileName: string; mime: string; size: number; issueId: number | null; commentId: number | null };

export async function attachmentsOfIssue(issueId: number, commentIds: number[]): Promise<AttachmentInfo[]> {
  const onIssue = db.select(attachmentColumns).from(schema.attachment).where(eq(schema.attachment.issueId, issueId)).all();
  const onComments = commentIds.length
    ? db.select(attachmentColumns).from(schema.attachment).where(anyOf(schema.attachment.commentId, commentIds)).all()
    : [];
  return [...onIssue, ...onComments];
}

/**
 * The file behind /attachments/:id, if the viewer may see what it is attached to: the
 * issue (or the sticky note's meeting) must be visible, and a file on an internal memo or
 * internal note needs the right to read those.
 */
export async function openAttachment({ viewer, attachmentId }: { viewer: Viewer; attachmentId: number }) {
  const row = db
    .select({ ...attachmentColumns, sha256: schema.attachment.sha256, stickyNoteId: schema.attachment.stickyNoteId, decisionId: schema.attachment.decisionId, visibleCommentId: schema.comment.id, commentIssueId: schema.comment.issueId })
    .from(schema.attachment)
    // The comment joins only when the viewer may read it (not deleted; internal memos for those who read internal).
    .leftJoin(schema.comment, and(eq(schema.comment.id, schema.attachment.commentId), visibleComments(viewer)))
    .where(and(eq(schema.attachment.id, attachmentId), eq(schema.attachment.consortiumId, viewer.consortiumId)))
    .get();
  if (!row) return null;
  if (row.stickyNoteId) return await stickyNoteVisible(viewer, row.stickyNoteId) ? withFile(row) : null;
  // A decision's files are the towns' approval documents (決裁文書): for those who read stances.
  if (row.decisionId) {
    const visible = db.select({ id: schema.decision.id }).from(schema.decision).where(and(visibleDecisions(viewer), eq(schema.decision.id, row.decisionId))).get();
    return visible && can(viewer, "stance.read") ? withFile(row) : null;
  }
  if (row.commentId && row.visibleCommentId === null) return null;
  const issueId = row.issueId ?? row.commentIssueId;
  if (!issueId) return null; // reports serve their own files
  const visible = db.select({ id: schema.issue.id }).from(schema.issue).where(and(visibleIssues(viewer), eq(schema.issue.id, issueId))).get();
  if (!visible) return null;
  return withFile(row);
}

function withFile<R extends { sha256: string }>(row: R) {
  const file = filePath(row.sha256);
  if (!fs.existsSync(file)) return null;
  return { ...row, path: file };
}

/** A sketch on a sticky note: the meeting must be visible, the note not deleted, internal notes for insiders only. */
async function stickyNoteVisible(viewer: Viewer, noteId: number) {
  const note = db
    .select({ id: schema.stickyNote.id })
    .from(schema.stickyNote)
    .innerJoin(schema.meeting, eq(schema.meeting.id, schema.stickyNote.meetingId))
    .where(and(eq(schema.stickyNote.id, noteId), visibleNotes(viewer), visibleMeetings(viewer)))
    .get();
  return !!note;
}
