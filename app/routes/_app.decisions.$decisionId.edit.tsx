import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DecisionForm, decisionFormValues, type DecisionFormValues } from "~/components/decision-ui";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { MessageKey } from "~/i18n";
import { canManage, decisionChoices, getDecision, parseDecisionForm, updateDecision } from "~/models/decision.server";
import { answer, badRequest } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import type { Viewer } from "~/policy/permissions";
import { readForm } from "~/utils/request-body.server";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";

/** The decision, if the viewer may edit it now (a decided one is never edited: 409). */
async function editable(viewer: Viewer, id: number) {
  const decision = await getDecision({ viewer, id });
  if (!decision) notFound();
  if (!canManage(viewer, decision)) throw new Response("Forbidden", { status: 403 });
  if (decision.status !== "起案" && decision.status !== "協議中") throw new Response("Conflict", { status: 409 });
  return decision;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const decision = await editable(viewer, parseId(params.decisionId));
  const values: DecisionFormValues = {
    projectId: decision.projectId,
    wgId: decision.wgId,
    title: decision.title,
    body: decision.body,
    rationale: decision.rationale,
    optionsConsidered: decision.optionsConsidered,
    organizationIds: decision.stances.map((s) => s.organizationId),
    relatedIssues: decision.related.map((i) => `#${i.number}`).join(", "),
    stanceDueOn: decision.stanceDueOn,
    reviewOn: decision.reviewOn,
    vendorVisible: decision.vendorVisible,
  };
  return json({ decision: { id: decision.id, number: decision.number, status: decision.status }, values, choices: await decisionChoices(viewer) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const id = parseId(params.decisionId);
  await editable(viewer, id);
  const form = await readForm(request);
  const { data, errors } = parseDecisionForm(form);
  if (!data) return badRequest(errors, { values: decisionFormValues(form) });
  const result = await updateDecision({ viewer, actor: actorOf(context), id, input: data });
  if (!result.ok) return answer(result, { values: decisionFormValues(form) });
  return redirect(`/decisions/${id}`);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? pageTitle(matches, "titles.decisionEdit", { number: data.decision.number }) : "Renkei" }];

export default function EditDecision() {
  const { decision, values, choices } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Partial<Record<string, MessageKey>>; values: DecisionFormValues }>();
  const t = useT();
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to="/decisions">{t("decisions.title")}</Link> <Link to={`/decisions/${decision.id}`}>{decision.number}</Link>
      </p>
      <h1>{t("decisions.editTitle")}</h1>
      <DecisionForm
        key={JSON.stringify(result?.values ?? null)}
        choices={choices}
        values={result?.values ?? values}
        errors={result?.errors ?? {}}
        townsLocked={decision.status === "協議中"}
        submitLabel={t("decisions.save")}
        cancelTo={`/decisions/${decision.id}`}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
