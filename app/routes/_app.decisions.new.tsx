import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DecisionForm, decisionFormValues, type DecisionFormValues } from "~/components/decision-ui";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { MessageKey } from "~/i18n";
import { createDecision, decisionChoices, decisionToRevise, issueToDecide, parseDecisionForm } from "~/models/decision.server";
import { answer, badRequest } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { readForm } from "~/utils/request-body.server";
import { notFound, requireAuth, requirePermission } from "~/policy/guard.server";
import type { Viewer } from "~/policy/permissions";

/**
 * What the new decision starts from: a decided decision to revise (?supersedes=), an issue
 * (?issue=), or a project / WG (?project=, ?wg=). Anything the viewer cannot see is a 404.
 */
async function startingPoint(viewer: Viewer, url: URL) {
  const params = url.searchParams;
  const choices = await decisionChoices(viewer);
  const towns = (projectId: number) => choices.projects.find((p) => p.id === projectId)?.townIds ?? [];
  const blank = (projectId: number, wgId: number | null): DecisionFormValues => ({
    projectId,
    wgId,
    title: "",
    body: "",
    rationale: "",
    optionsConsidered: "",
    organizationIds: towns(projectId),
    relatedIssues: "",
    stanceDueOn: null,
    reviewOn: null,
    vendorVisible: false,
  });
  if (params.get("supersedes")) {
    const old = await decisionToRevise(viewer, parseId(params.get("supersedes")!));
    if (!old) notFound();
    const values = { ...blank(old.projectId, old.wgId), title: old.title, body: old.body, rationale: old.rationale, optionsConsidered: old.optionsConsidered, organizationIds: old.organizationIds, vendorVisible: old.vendorVisible };
    return { choices, values, supersedes: { id: old.id, number: old.number, title: old.title }, issue: null };
  }
  if (params.get("issue")) {
    const issue = await issueToDecide(viewer, parseId(params.get("issue")!));
    if (!issue) notFound();
    return { choices, values: { ...blank(issue.projectId, issue.wgId), title: issue.title, relatedIssues: `#${issue.number}` }, supersedes: null, issue: issue.number };
  }
  const wg = choices.wgs.find((w) => String(w.id) === params.get("wg"));
  const projectId = wg?.projectId ?? Number(params.get("project"));
  const project = choices.projects.find((p) => p.id === projectId) ?? choices.projects[0];
  return { choices, values: blank(project?.id ?? 0, wg?.id ?? null), supersedes: null, issue: null };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "decision.draft");
  return json(await startingPoint(viewer, new URL(request.url)));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "decision.draft");
  const url = new URL(request.url);
  const { supersedes } = await startingPoint(viewer, url);
  const form = await readForm(request);
  const { data, errors } = parseDecisionForm(form);
  if (!data) return badRequest(errors, { values: decisionFormValues(form) });
  const result = await createDecision({ viewer, actor: { viewer, ip: context.ip }, input: data, supersedesId: supersedes?.id ?? null });
  if (!result.ok) return answer(result, { values: decisionFormValues(form) });
  return redirect(`/decisions/${result.id}`);
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.decisionNew") }];

export default function NewDecision() {
  const { choices, values, supersedes, issue } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Partial<Record<string, MessageKey>>; values: DecisionFormValues }>();
  const t = useT();
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to="/decisions">{t("decisions.title")}</Link>
      </p>
      <h1>{supersedes ? t("decisions.reviseTitle") : t("decisions.newTitle")}</h1>
      {supersedes ? <p className="notice">{t("decisions.reviseLead", { number: supersedes.number, title: supersedes.title })}</p> : null}
      {issue ? <p className="muted">{t("decisions.fromIssueLead", { number: issue })}</p> : null}
      <p className="muted small">{t("decisions.numberHint")}</p>
      <DecisionForm
        key={JSON.stringify(result?.values ?? null)}
        choices={choices}
        values={result?.values ?? values}
        errors={result?.errors ?? {}}
        submitLabel={t("decisions.create")}
        cancelTo={supersedes ? `/decisions/${supersedes.id}` : "/decisions"}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
