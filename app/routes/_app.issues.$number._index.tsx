import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FileDrop } from "~/components/file-drop";
import { CarryBadge, StatusBadge } from "~/components/issue-list";
import { MarkdownEditor } from "~/components/markdown-editor";
import { WatchButton } from "~/components/watch-button";
import type { MessageKey } from "~/i18n";
import { attachmentsOfIssue, checkFiles } from "~/models/attachment.server";
import { addComment, editComment, issueTimeline, mentionCandidates, parseCommentForm, returnBallToConsortium, setAnswer, type TimelineEntry } from "~/models/comment.server";
import { ageInDays, consortiumWindowOrg, getIssue, isOverdue, type NoteSource } from "~/models/issue.server";
import { watchState } from "~/models/watching.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { badRequest, uploadStatus } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { renderMarkdown } from "~/utils/markdown.server";
import { filesOf, readUploadForm } from "~/utils/request-body.server";
import { parseId } from "~/utils/params";
import { can, isGuest } from "~/policy/permissions";
import { actorOf, notFound, requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const issue = await getIssue({ viewer, number: parseId(params.number) });
  if (!issue) notFound();
  const mentions = await mentionCandidates({ viewer, wgId: issue.wgId });
  const shared = { wgId: issue.wgId, vendorVisible: issue.vendorVisible };
  return json({
    issue: { ...issue, html: renderMarkdown(issue.body, { mentions }), age: ageInDays(issue.createdAt), overdue: isOverdue(issue) },
    files: await attachmentsOfIssue(issue.id, []),
    timeline: await issueTimeline({ viewer, issueId: issue.id }),
    mentions,
    me: viewer.userId,
    watch: await watchState(viewer, "issue", issue.id),
    can: {
      edit: can(viewer, "issue.edit", { wgId: issue.wgId }),
      draftDecision: can(viewer, "decision.draft"),
      comment: can(viewer, "comment.create", shared),
      internal: can(viewer, "comment.createInternal", { wgId: issue.wgId }),
      markAnswer: can(viewer, "comment.markAnswer", { wgId: issue.wgId }),
      // A question addressed to the vendor: its reply can hand the ball back to the consortium.
      returnBall: isGuest(viewer) && issue.ballHolderOrgId === viewer.organizationId,
    },
  });
}

const EditComment = z.object({ commentId: z.coerce.number().int().positive() });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const issue = await getIssue({ viewer, number: parseId(params.number) });
  if (!issue) notFound();
  const { form, tooLarge } = await readUploadForm(request);
  if (tooLarge) return badRequest({ files: "upload.tooLarge" }, {}, 413);
  const intent = form.get("intent");
  const actor = actorOf(context);
  if (intent === "comment") {
    requirePermission(viewer, "comment.create", { wgId: issue.wgId, vendorVisible: issue.vendorVisible });
    const { data, errors } = parseCommentForm(form);
    if (!data) return badRequest(errors, { values: { body: String(form.get("body") ?? "") } });
    const checked = await checkFiles(filesOf(form, "files"));
    if (!checked.ok) return badRequest({ files: checked.error }, { values: { body: data.body } }, uploadStatus(checked.error));
    await addComment({ viewer, actor, issue, body: data.body, internal: data.internal, files: checked.files });
    if (form.get("returnBall") === "on") await returnBallToConsortium({ viewer, actor, issue, to: await consortiumWindowOrg(viewer.consortiumId, issue.wgId) });
    return json({ ok: true as const, errors: {} });
  }
  if (intent === "edit-comment") {
    const { data, errors } = parseCommentForm(form);
    const target = EditComment.safeParse(Object.fromEntries(form));
    if (!target.success) notFound();
    if (!data) return badRequest(errors);
    const result = await editComment({ viewer, actor, issueId: issue.id, commentId: target.data.commentId, body: data.body });
    if (result === "not-found") notFound();
    if (result === "not-yours") return badRequest({ form: "comments.notYours" }, {}, 403);
    return json({ ok: true as const, errors: {} });
  }
  if (intent === "answer" || intent === "unanswer") {
    const target = EditComment.safeParse(Object.fromEntries(form));
    if (!target.success) notFound();
    requirePermission(viewer, "comment.markAnswer", { wgId: issue.wgId });
    const result = await setAnswer({ viewer, actor, issue, commentId: target.data.commentId, answer: intent === "answer" });
    if (result === "not-found") notFound();
    if (result === "not-answerable") return badRequest({ form: "guests.qa.notAnswerable" });
    return json({ ok: true as const, errors: {} });
  }
  return badRequest({ form: "error.badRequest.body" });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? pageTitle(matches, "titles.issue", { number: data.issue.number, title: data.issue.title }) : "Renkei" }];

export default function IssuePage() {
  const { issue, files, timeline, mentions, me, can, watch } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page issue-page">
      <p className="breadcrumb">
        <Link to={`/wg/${issue.wgId}`}>{issue.wgName}</Link> <Link to={`/wg/${issue.wgId}/issues`}>{t("issues.title")}</Link>
      </p>
      <div className="page-header">
        <h1>
          <span className="muted">#{issue.number}</span> {issue.title}
        </h1>
        <div className="actions">
          <WatchButton {...watch} />
          {can.draftDecision ? (
            <Link to={`/decisions/new?issue=${issue.number}`} className="button">
              {t("decisions.new")}
            </Link>
          ) : null}
          {can.edit ? (
            <Link to="edit" className="button">
              {t("issues.edit")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="issue-badges">
        <StatusBadge status={issue.status} />
        <span className="badge">{t(`type.${issue.type}` as MessageKey)}</span>
        <span className={`priority priority-${issue.priority}`}>
          {t("issues.priority")}: {t(`priority.${issue.priority}` as MessageKey)}
        </span>
        {issue.carryOverCount > 0 ? <CarryBadge count={issue.carryOverCount} /> : null}
        <span className="muted">
          {t("issues.age")} {t("issues.ageDays", { days: issue.age })}
        </span>
        {issue.vendorVisible ? <span className="badge shared">{t("issues.sharedBadge")}</span> : null}
      </p>
      <div className="grid two wide-first">
        <div className="stack">
          <article className="card">
            {issue.html ? <div className="markdown" dangerouslySetInnerHTML={{ __html: issue.html }} /> : <p className="muted">—</p>}
            <Attachments files={files} />
            <NoteSourceLine source={issue.source} message="issues.fromNote" />
            <p className="muted small">
              {t("issues.createdBy")}: {issue.creatorName}（{issue.creatorOrganization}）・{formatDateTime(issue.createdAt, locale)}
            </p>
          </article>
          <section aria-labelledby="history">
            <h2 id="history">{t("issues.history")}</h2>
            <Timeline entries={timeline} me={me} mentions={mentions} markAnswer={can.markAnswer} />
          </section>
          {can.comment ? <CommentForm allowInternal={can.internal} returnBall={can.returnBall} mentions={mentions} /> : <p className="muted">{t("issues.readOnly")}</p>}
        </div>
        <aside className="card facts-card">
          <dl className="facts">
            <dt>{t("issues.assignee")}</dt>
            <dd>{issue.assigneeName ?? t("issues.unassigned")}</dd>
            <dt>{t("issues.ballShort")}</dt>
            <dd>{issue.ballHolderName ?? "—"}</dd>
            <dt>{t("issues.due")}</dt>
            <dd className={issue.overdue ? "overdue" : undefined}>
              {issue.dueOn ? formatDate(issue.dueOn, locale) : t("issues.noDue")}
              {issue.overdue ? `（${t("issues.overdue")}）` : ""}
            </dd>
            <dt>{t("issues.towns")}</dt>
            <dd>{issue.towns.length ? issue.towns.map((o) => o.name).join("、") : "—"}</dd>
            <dt>{t("issues.labels")}</dt>
            <dd>
              {issue.labels.length
                ? issue.labels.map((l) => (
                    <span key={l.id} className="label-chip" style={{ borderColor: l.color }}>
                      {l.name}
                    </span>
                  ))
                : "—"}
            </dd>
            <dt>{t("issues.wg")}</dt>
            <dd>
              <Link to={`/wg/${issue.wgId}`}>{issue.wgName}</Link>
            </dd>
            <dt>{t("issues.updated")}</dt>
            <dd>{formatDateTime(issue.updatedAt, locale)}</dd>
          </dl>
        </aside>
      </div>
    </div>
  );
}

type Files = ReturnType<typeof useLoaderData<typeof loader>>["files"];

function Attachments({ files }: { files: Files }) {
  const t = useT();
  if (!files.length) return null;
  return (
    <div className="attachments" aria-label={t("issues.attachments")}>
      {files.map((f) =>
        f.mime.startsWith("image/") ? (
          <a key={f.id} href={`/attachments/${f.id}`} className="attachment-image" target="_blank" rel="noreferrer">
            <img src={`/attachments/${f.id}`} alt={f.fileName} loading="lazy" />
            <span className="small">{f.fileName}</span>
          </a>
        ) : (
          <a key={f.id} href={`/attachments/${f.id}`} className="attachment-file" download={f.mime === "application/pdf" ? undefined : f.fileName}>
            📎 {f.fileName} <span className="muted small">({Math.max(1, Math.round(f.size / 1024))} KB)</span>
          </a>
        ),
      )}
    </div>
  );
}

const FIELD_LABEL: Record<string, MessageKey> = {
  title: "issues.subject",
  type: "issues.type",
  status: "issues.status",
  priority: "issues.priority",
  assigneeId: "issues.assignee",
  ballHolderOrgId: "issues.ballShort",
  dueOn: "issues.due",
  vendorVisible: "issues.vendorVisible",
  affectedOrgIds: "issues.towns",
  labelIds: "issues.labels",
};

function Timeline({ entries, me, mentions, markAnswer }: { entries: TimelineEntry[]; me: number; mentions: ReturnType<typeof useLoaderData<typeof loader>>["mentions"]; markAnswer: boolean }) {
  const t = useT();
  const locale = useLocale();
  const value = (field: string, v: string | null) => {
    if (v === null) return "";
    if (field === "status") return t(`status.${v}` as MessageKey);
    if (field === "type") return t(`type.${v}` as MessageKey);
    if (field === "priority") return t(`priority.${v}` as MessageKey);
    if (field === "dueOn") return formatDate(v, locale);
    if (field === "vendorVisible") return v === "true" ? t("common.yes") : t("common.no");
    return v;
  };
  if (!entries.length) return <p className="muted">{t("issues.noHistory")}</p>;
  return (
    <ol className="timeline">
      {entries.map((e, i) => {
        if (e.kind === "comment") return <CommentEntry key={`c${e.id}`} entry={e} mine={e.authorId === me} mentions={mentions} markAnswer={markAnswer} />;
        if (e.kind === "postponement") {
          return (
            <li key={`p${i}`} className="timeline-event carry">
              <span className="timeline-when">{formatDateTime(e.at, locale)}</span>{" "}
              {e.via === "due_date" ? (
                t("issues.postponed", { from: formatDate(e.from, locale), to: formatDate(e.to, locale) })
              ) : e.meeting ? (
                <Link to={`/meetings/${e.meeting.id}`}>{t("issues.carriedByMeeting", { meeting: e.meeting.title })}</Link>
              ) : (
                t("issues.carriedByHiddenMeeting")
              )}
              {e.userName ? `（${e.userName}）` : ""}
              {e.reason ? <div className="small">{t("issues.reason", { reason: e.reason })}</div> : null}
            </li>
          );
        }
        return (
          <li key={`j${i}`} className="timeline-event">
            <span className="timeline-when">{formatDateTime(e.at, locale)}</span> <strong>{e.userName}</strong>
            <ul>
              {e.changes.map((c, j) => (
                <li key={j}>
                  {c.field === "body"
                    ? t("issues.bodyChanged")
                    : t(c.from === null ? "issues.set" : c.to === null ? "issues.cleared" : "issues.changed", {
                        field: t(FIELD_LABEL[c.field] ?? "issues.subject"),
                        from: value(c.field, c.from),
                        to: value(c.field, c.to),
                      })}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}

/** The sticky note an issue or comment came from: loaded only for those who may see its meeting. */
function NoteSourceLine({ source, message }: { source: NoteSource | null; message: "issues.fromNote" | "comments.fromNote" }) {
  const t = useT();
  if (!source) return null;
  return (
    <p className="muted small">
      <Link to={`/meetings/${source.meetingId}#note-${source.noteId}`}>{t(message, { meeting: source.title })}</Link>
    </p>
  );
}

function CommentEntry({
  entry,
  mine,
  mentions,
  markAnswer,
}: {
  entry: Extract<TimelineEntry, { kind: "comment" }>;
  mine: boolean;
  mentions: ReturnType<typeof useLoaderData<typeof loader>>["mentions"];
  markAnswer: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const [editing, setEditing] = useState(false);
  const navigation = useNavigation();
  useEffect(() => {
    if (navigation.state === "idle") setEditing(false);
  }, [navigation.state]);
  return (
    <li className={entry.internal ? "comment internal" : entry.isAnswer ? "comment answer" : "comment"} id={`comment-${entry.id}`}>
      <header>
        <strong>{entry.authorName}</strong> <span className="muted small">{entry.authorOrganization}</span>{" "}
        <span className="timeline-when">{formatDateTime(entry.at, locale)}</span>
        {entry.edited ? <span className="muted small">（{t("comments.edited")}）</span> : null}
        {entry.internal ? <span className="badge internal">{t("comments.internalBadge")}</span> : null}
        {entry.isAnswer ? <span className="badge ok">{t("comments.answerBadge")}</span> : null}
        {mine && !editing ? (
          <button type="button" className="link-button small" onClick={() => setEditing(true)}>
            {t("comments.edit")}
          </button>
        ) : null}
        {markAnswer && (entry.answerable || entry.isAnswer) ? (
          <Form method="post" className="answer-toggle">
            <input type="hidden" name="commentId" value={entry.id} />
            <button type="submit" name="intent" value={entry.isAnswer ? "unanswer" : "answer"} className="link-button small">
              {entry.isAnswer ? t("guests.qa.unmarkAnswer") : t("guests.qa.markAnswer")}
            </button>
          </Form>
        ) : null}
      </header>
      {editing ? (
        <Form method="post">
          <input type="hidden" name="intent" value="edit-comment" />
          <input type="hidden" name="commentId" value={entry.id} />
          <MarkdownEditor name="body" label={t("comments.body")} defaultValue={entry.body} mentions={mentions} rows={5} />
          <div className="form-actions">
            <button type="submit" className="button primary">
              {t("comments.editSave")}
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </Form>
      ) : (
        <div className="markdown" dangerouslySetInnerHTML={{ __html: entry.html }} />
      )}
      <NoteSourceLine source={entry.source} message="comments.fromNote" />
      <Attachments files={entry.attachments} />
      {entry.revisions.length ? (
        <details className="revisions">
          <summary>{t("comments.revisions", { count: entry.revisions.length })}</summary>
          {entry.revisions.map((r, i) => (
            <div key={i}>
              <span className="timeline-when">{formatDateTime(r.at, locale)}</span>
              <pre>{r.body}</pre>
            </div>
          ))}
        </details>
      ) : null}
    </li>
  );
}

function CommentForm({
  allowInternal,
  returnBall,
  mentions,
}: {
  allowInternal: boolean;
  returnBall: boolean;
  mentions: ReturnType<typeof useLoaderData<typeof loader>>["mentions"];
}) {
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [formKey, setFormKey] = useState(0);
  const errors: Record<string, string | undefined> = result && !result.ok ? result.errors : {};
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "comment";
  useEffect(() => {
    // After a successful comment, start a fresh form.
    if (result?.ok && navigation.state === "idle") setFormKey((k) => k + 1);
  }, [result, navigation.state]);
  return (
    <section className="card" aria-labelledby="add-comment">
      <h2 id="add-comment">{t("comments.add")}</h2>
      <Form method="post" encType="multipart/form-data" key={formKey} noValidate>
        <input type="hidden" name="intent" value="comment" />
        <MarkdownEditor
          name="body"
          label={t("comments.body")}
          defaultValue={result && !result.ok && "values" in result ? (result.values as { body?: string } | undefined)?.body : undefined}
          error={errors.body ? t(errors.body as MessageKey) : undefined}
          mentions={mentions}
          rows={5}
        />
        <FileDrop error={errors.files ? t(errors.files as MessageKey) : undefined} />
        {allowInternal ? (
          <div className="field checkbox">
            <input id="comment-internal" type="checkbox" name="internal" />
            <label htmlFor="comment-internal">{t("comments.internal")}</label>
          </div>
        ) : null}
        {returnBall ? (
          <div className="field checkbox">
            <input id="comment-return-ball" type="checkbox" name="returnBall" defaultChecked />
            <label htmlFor="comment-return-ball">{t("guests.qa.returnBall")}</label>
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={submitting}>
            {t("comments.add")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
