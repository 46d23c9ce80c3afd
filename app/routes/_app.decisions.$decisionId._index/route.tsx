// One decision: its text, the consultation (each town's stance), the discussion and its
// follow-ups. The forms' intents are in intents.server.ts; what the viewer may do comes from
// the lifecycle in app/domain/decision.ts, so the JSX below only renders `allowed`.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DecisionStatusBadge } from "~/components/decision-ui";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { WatchButton } from "~/components/watch-button";
import { decisionActions } from "~/domain/decision";
import { canManage, decisionComments, findDecision, followUpProgress, getDecision } from "~/models/decision.server";
import { watchState } from "~/models/watching.server";
import { formatDateTime } from "~/utils/dates";
import { badRequest } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { renderMarkdown } from "~/utils/markdown.server";
import { readUploadForm } from "~/utils/request-body.server";
import { parseId } from "~/utils/params";
import { can } from "~/policy/permissions";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";
import { Discussion } from "./discussion";
import { dispatch } from "./intents.server";
import { Banners, Facts, IssueLinks, Withdraw } from "./sidebar";
import { Consensus, History } from "./stances";
import type { ActionData } from "./types";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const decision = await getDecision({ viewer, id: parseId(params.decisionId) });
  if (!decision) notFound();
  const html = (markdown: string) => (markdown.trim() ? renderMarkdown(markdown) : "");
  return json({
    decision: {
      ...decision,
      html: { body: html(decision.body), rationale: html(decision.rationale), options: html(decision.optionsConsidered) },
      progress: followUpProgress(decision.followUps),
    },
    comments: (await decisionComments({ viewer, decisionId: decision.id })).map((c) => ({ ...c, html: renderMarkdown(c.body) })),
    canComment: can(viewer, "comment.create", { wgId: decision.wgId, vendorVisible: decision.vendorVisible }),
    canInternal: can(viewer, "comment.createInternal", { wgId: decision.wgId }),
    seeStances: can(viewer, "stance.read"),
    watch: await watchState(viewer, "decision", decision.id),
    allowed: decisionActions(
      { status: decision.status, hasRevision: decision.revision !== null },
      {
        manage: canManage(viewer, decision),
        draft: can(viewer, "decision.draft"),
        // The towns this viewer records for (a town admin: their own town).
        recordsFor: decision.stances.filter((s) => can(viewer, "stance.record", { wgId: decision.wgId, organizationId: s.organizationId })).map((s) => s.organizationId),
      },
    ),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const id = parseId(params.decisionId);
  if (!(await findDecision(viewer, id))) notFound();
  const { form, tooLarge } = await readUploadForm(request);
  if (tooLarge) return badRequest({ document: "upload.tooLarge" }, {}, 413);
  return dispatch({ viewer, actor: actorOf(context), id, form });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? pageTitle(matches, "titles.decision", { number: data.decision.number, title: data.decision.title }) : "Renkei" }];

export default function DecisionPage() {
  const { decision, comments, canComment, canInternal, seeStances, allowed, watch } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page decision-page">
      <p className="breadcrumb">
        <Link to="/decisions">{t("decisions.title")}</Link>
      </p>
      <div className="page-header">
        <h1>
          <span className="muted">{decision.number}</span> {decision.title}
        </h1>
        <div className="actions">
          <WatchButton {...watch} />
          {allowed.edit ? (
            <Link to="edit" className="button">
              {t("decisions.edit")}
            </Link>
          ) : null}
          {allowed.revise ? (
            <Link to={`/decisions/new?supersedes=${decision.id}`} className="button">
              {t("decisions.revise")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="issue-badges">
        <DecisionStatusBadge status={decision.status} />
        <span className="muted">
          {decision.projectName}
          {decision.wgName ? ` ／ ${decision.wgName}` : ""}
        </span>
        {decision.vendorVisible ? <span className="badge shared">{t("decisions.shared")}</span> : null}
      </p>
      {result?.message ? (
        <p className="flash" role="status">
          {t(result.message)}
        </p>
      ) : null}
      {result?.errors?.form ? (
        <p className="form-error" role="alert">
          {t(result.errors.form)}
        </p>
      ) : null}
      <Banners decision={decision} />
      <div className="grid two wide-first">
        <div className="stack">
          <article className="card">
            <h2 className="card-title">{t("decisions.body")}</h2>
            {decision.html.body ? <div className="markdown" dangerouslySetInnerHTML={{ __html: decision.html.body }} /> : <p className="muted">—</p>}
            {decision.html.rationale ? (
              <>
                <h3>{t("decisions.rationale")}</h3>
                <div className="markdown" dangerouslySetInnerHTML={{ __html: decision.html.rationale }} />
              </>
            ) : null}
            {decision.html.options ? (
              <>
                <h3>{t("decisions.options")}</h3>
                <div className="markdown" dangerouslySetInnerHTML={{ __html: decision.html.options }} />
              </>
            ) : null}
            <p className="muted small">
              {t("decisions.createdBy")}: {decision.creatorName}・{formatDateTime(decision.createdAt, locale)}
            </p>
          </article>
          {seeStances ? <Consensus decision={decision} recordFor={allowed.recordFor} result={result} /> : null}
          {seeStances ? <History decision={decision} /> : null}
          <Discussion comments={comments} canComment={canComment} canInternal={canInternal} errors={result?.errors ?? {}} />
        </div>
        <aside className="stack">
          <Facts decision={decision} allowed={allowed} />
          {allowed.consult ? (
            <Form method="post" className="card">
              <p className="small">{t("decisions.consultHint")}</p>
              <button type="submit" name="intent" value="consult" className="button primary">
                {t("decisions.consult")}
              </button>
            </Form>
          ) : null}
          <IssueLinks decision={decision} allowed={allowed} kind="follow_up" />
          <IssueLinks decision={decision} allowed={allowed} kind="related" />
          {allowed.withdraw ? <Withdraw error={result?.errors?.reason} /> : null}
        </aside>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
