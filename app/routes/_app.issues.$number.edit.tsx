import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IssueForm } from "~/components/issue-form";
import { mentionCandidates } from "~/models/comment.server";
import { getIssue, issueChoices, parseIssueForm, updateIssue } from "~/models/issue.server";
import { answer, badRequest } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { issueFormValues } from "~/utils/issue-form-values";
import { parseId } from "~/utils/params";
import type { Viewer } from "~/policy/permissions";
import { readForm } from "~/utils/request-body.server";
import { actorOf, notFound, requireAuth, requirePermission } from "~/policy/guard.server";

async function editableIssue(viewer: Viewer, number: string | undefined) {
  const issue = await getIssue({ viewer, number: parseId(number) });
  if (!issue) notFound();
  requirePermission(viewer, "issue.edit", { wgId: issue.wgId });
  return issue;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const issue = await editableIssue(viewer, params.number);
  return json({
    issue: {
      ...issue,
      affectedOrgIds: issue.towns.map((o) => o.id),
      labelIds: issue.labels.map((l) => l.id),
    },
    options: await issueChoices({ viewer, wgId: issue.wgId }),
    mentions: await mentionCandidates({ viewer, wgId: issue.wgId }),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const issue = await editableIssue(viewer, params.number);
  const form = await readForm(request);
  const { data, errors } = parseIssueForm(form);
  if (!data) return badRequest(errors, { values: issueFormValues(form) });
  const result = await updateIssue({ viewer, actor: actorOf(context), number: issue.number, input: data });
  if (!result.ok) return answer(result, { values: issueFormValues(form) });
  return redirect(`/issues/${issue.number}`);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? pageTitle(matches, "titles.issueEdit", { number: data.issue.number }) : "Renkei" }];

export default function EditIssue() {
  const { issue, options, mentions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to={`/issues/${issue.number}`}>
          #{issue.number} {issue.title}
        </Link>
      </p>
      <h1>{t("issues.editTitle", { number: issue.number })}</h1>
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t("common.fixErrors")}
        </p>
      ) : null}
      <IssueForm
        mode="edit"
        values={result && !result.ok && result.values ? result.values : issue}
        errors={result && !result.ok ? result.errors : {}}
        choices={options}
        mentions={mentions}
        guest={false}
        currentDue={issue.dueOn}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
