// One issue: its text, files, facts, and the timeline of comments and changes. The forms' intents
// are in intents.server.ts; the parts of the page live beside this file.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CarryBadge, StatusBadge } from "~/components/issue-list";
import { WatchButton } from "~/components/watch-button";
import type { MessageKey } from "~/i18n";
import { attachmentsOfIssue } from "~/models/attachment.server";
import { issueTimeline, mentionCandidates } from "~/models/comment.server";
import { ageInDays, getIssue, isOverdue } from "~/models/issue.server";
import { watchState } from "~/models/watching.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { badRequest } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { renderMarkdown } from "~/utils/markdown.server";
import { readUploadForm } from "~/utils/request-body.server";
import { parseId } from "~/utils/params";
import { can, mayReturnBall } from "~/policy/permissions";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";
import { Attachments } from "./attachments";
import { CommentForm } from "./comment-form";
import { DeleteIssueForm } from "./delete-form";
import { dispatch } from "./intents.server";
import { NoteSourceLine, Timeline } from "./timeline";

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
      returnBall: mayReturnBall(viewer, issue),
      delete: can(viewer, "issue.delete"),
    },
  });
}


export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const issue = await getIssue({ viewer, number: parseId(params.number) });
  if (!issue) notFound();
  const { form, tooLarge } = await readUploadForm(request);
  if (tooLarge) return badRequest({ files: "upload.tooLarge" }, {}, 413);
  return dispatch({ viewer, actor: actorOf(context), issue, form });
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
        <div className="stack">
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
          {can.delete ? <DeleteIssueForm number={issue.number} /> : null}
        </div>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
