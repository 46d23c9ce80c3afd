import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IssueForm } from "~/components/issue-form";
import { mentionCandidates } from "~/models/comment.server";
import { createIssue, issueChoices, parseIssueForm } from "~/models/issue.server";
import { linkIssue } from "~/models/decision.server";
import { getWorkingGroup, workingGroupsWhere } from "~/models/project.server";
import { checkFiles } from "~/models/attachment.server";
import { answer, badRequest, uploadStatus } from "~/utils/forms.server";
import { filesOf, readUploadForm } from "~/utils/request-body.server";
import { useT, pageTitle } from "~/utils/i18n";
import { issueFormValues } from "~/utils/issue-form-values";
import { parseId } from "~/utils/params";
import { raisesQuestionsOnly, refusalStatus, type Viewer } from "~/policy/permissions";
import { actorOf, notFound, requireAuth, requirePermission } from "~/policy/guard.server";

async function workingGroupFor(viewer: Viewer, request: Request) {
  const wgParam = new URL(request.url).searchParams.get("wg");
  if (!wgParam) return null;
  const wg = await getWorkingGroup({ viewer, wgId: parseId(wgParam) });
  if (!wg) notFound();
  requirePermission(viewer, "issue.create", { wgId: wg.id });
  return wg;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const wg = await workingGroupFor(viewer, request);
  if (!wg) {
    // No WG chosen yet: offer the ones the viewer may raise issues in.
    const choices = await workingGroupsWhere(viewer, "issue.create");
    if (choices.length === 0) throw new Response(null, { status: refusalStatus(viewer, "issue.create") });
    return json({ wg: null, choices, options: null, mentions: [], guest: raisesQuestionsOnly(viewer) });
  }
  return json({
    wg: { id: wg.id, name: wg.name },
    choices: [],
    options: await issueChoices({ viewer, wgId: wg.id }),
    mentions: await mentionCandidates({ viewer, wgId: wg.id }),
    guest: raisesQuestionsOnly(viewer),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const wg = await workingGroupFor(viewer, request);
  if (!wg) notFound();
  const { form, tooLarge } = await readUploadForm(request);
  if (tooLarge) return badRequest({ files: "upload.tooLarge" }, { values: null }, 413);
  const { data, errors } = parseIssueForm(form);
  if (!data) return badRequest(errors, { values: issueFormValues(form) });
  const checked = await checkFiles(filesOf(form, "files"));
  if (!checked.ok) return badRequest({ files: checked.error }, { values: issueFormValues(form) }, uploadStatus(checked.error));
  const result = await createIssue({ viewer, actor: actorOf(context), wgId: wg.id, input: data, files: checked.files });
  if (!result.ok) return answer(result, { values: issueFormValues(form) });
  // 「フォローアップの課題を新規作成」 from a decision: the new issue becomes its follow-up action.
  const decisionId = Number(new URL(request.url).searchParams.get("decision"));
  if (Number.isSafeInteger(decisionId) && decisionId > 0) {
    await linkIssue({ viewer, actor: actorOf(context), id: decisionId, number: result.number, relation: "follow_up" });
  }
  return redirect(`/issues/${result.number}`);
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.issueNew") }];

export default function NewIssue() {
  const { wg, choices, options, mentions, guest } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  if (!wg || !options) {
    return (
      <div className="page narrow">
        <h1>{t("issues.newTitle")}</h1>
        <ul className="link-list card">
          {choices.map((w) => (
            <li key={w.id}>
              <Link to={`?wg=${w.id}`}>{w.name}</Link> <span className="muted">{w.projectName}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to={`/wg/${wg.id}/issues`}>{wg.name}</Link>
      </p>
      <h1>{guest ? t("guests.qa.ask") : t("issues.newTitle")}</h1>
      {guest ? <p className="muted">{t("guests.qa.askHint")}</p> : null}
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t("common.fixErrors")}
        </p>
      ) : null}
      <IssueForm
        mode="create"
        values={result && !result.ok && result.values ? result.values : { vendorVisible: guest, ...(guest ? { type: "質問" } : {}) }}
        errors={result && !result.ok ? result.errors : {}}
        choices={options}
        mentions={mentions}
        guest={guest}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
