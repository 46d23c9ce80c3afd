// The issue page's action, one entry per form intent: comment, edit a comment, mark or unmark the
// official answer, delete the issue. Each checks its own permission, parses its fields, calls one model function and
// maps a refusal with answer(). route.tsx authenticates, finds the issue and reads the body first.
import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { checkFiles } from "~/models/attachment.server";
import { addComment, editComment, parseCommentForm, returnBallToConsortium, setAnswer } from "~/models/comment.server";
import { consortiumWindowOrg, type getIssue } from "~/models/issue.server";
import { deleteIssue, parseDeletionForm } from "~/models/issue-deletion.server";
import { notFound, requirePermission } from "~/policy/guard.server";
import type { Viewer } from "~/policy/permissions";
import type { Result } from "~/domain/result";
import type { Actor } from "~/utils/audit.server";
import { answer, badRequest, uploadStatus } from "~/utils/forms.server";
import { filesOf } from "~/utils/request-body.server";

type Issue = NonNullable<Awaited<ReturnType<typeof getIssue>>>;
type IntentArgs = { viewer: Viewer; actor: Actor; issue: Issue; form: FormData };

const CommentTarget = z.object({ commentId: z.coerce.number().int().positive() });

/** The comment a form names; a malformed id is answered like a missing comment. */
function targetComment(form: FormData) {
  const target = CommentTarget.safeParse(Object.fromEntries(form));
  if (!target.success) notFound();
  return target.data.commentId;
}

const done = (result: Result) => (result.ok ? json({ ok: true as const, errors: {} }) : answer(result));

export const intents: Record<string, (args: IntentArgs) => Promise<Response>> = {
  async comment({ viewer, actor, issue, form }) {
    requirePermission(viewer, "comment.create", { wgId: issue.wgId, vendorVisible: issue.vendorVisible });
    const { data, errors } = parseCommentForm(form);
    if (!data) return badRequest(errors, { values: { body: String(form.get("body") ?? "") } });
    const checked = await checkFiles(filesOf(form, "files"));
    if (!checked.ok) return badRequest({ files: checked.error }, { values: { body: data.body } }, uploadStatus(checked.error));
    await addComment({ viewer, actor, issue, body: data.body, internal: data.internal, files: checked.files });
    if (form.get("returnBall") === "on") await returnBallToConsortium({ viewer, actor, issue, to: await consortiumWindowOrg(viewer.consortiumId, issue.wgId) });
    return json({ ok: true as const, errors: {} });
  },
  async "edit-comment"({ viewer, actor, issue, form }) {
    const { data, errors } = parseCommentForm(form);
    const commentId = targetComment(form);
    if (!data) return badRequest(errors);
    return done(await editComment({ viewer, actor, issueId: issue.id, commentId, body: data.body }));
  },
  /** 削除 (PMO): the issue leaves every list and waits 30 days among the deleted ones. */
  async delete({ viewer, actor, issue, form }) {
    requirePermission(viewer, "issue.delete");
    const { data, errors } = parseDeletionForm(form);
    if (!data) return badRequest(errors, { values: { reason: String(form.get("reason") ?? "") } });
    const deleted = await deleteIssue({ viewer, actor, number: issue.number, reason: data.reason });
    return deleted.ok ? redirect(`/admin/deleted-issues?deleted=${deleted.number}`) : answer(deleted);
  },
  answer: (args) => markAnswer(args, true),
  unanswer: (args) => markAnswer(args, false),
};

/** 回答: the consortium's official answer to a vendor question (or taking that mark back). */
async function markAnswer({ viewer, actor, issue, form }: IntentArgs, isAnswer: boolean) {
  const commentId = targetComment(form);
  requirePermission(viewer, "comment.markAnswer", { wgId: issue.wgId });
  return done(await setAnswer({ viewer, actor, issue, commentId, answer: isAnswer }));
}

/** Runs the form's intent; an unknown one is a bad request. */
export function dispatch(args: IntentArgs) {
  const intent = String(args.form.get("intent") ?? "");
  if (!Object.hasOwn(intents, intent)) return badRequest({ form: "error.badRequest.body" });
  return intents[intent](args);
}
