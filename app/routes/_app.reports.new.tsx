import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, SelectField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { REPORT_RANKS } from "~/components/report-document";
import type { MessageKey } from "~/i18n";
import { createReport, parseNewReport, reportableProjects } from "~/models/report.server";
import { todayInJapan } from "~/utils/dates";
import { answer, badRequest, submittedValues } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "report.publish");
  const projects = await reportableProjects({ viewer });
  const asked = Number(new URL(request.url).searchParams.get("project"));
  return json({
    projects,
    projectId: projects.some((p) => p.id === asked) ? asked : (projects[0]?.id ?? null),
    period: todayInJapan().slice(0, 7),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "report.publish");
  const form = await readForm(request);
  const parsed = parseNewReport(form);
  if (!parsed.data) return badRequest(parsed.errors, { values: submittedValues(form) });
  const result = await createReport({ viewer, actor: actorOf(context), input: parsed.data });
  if (!result.ok) return answer(result, { values: submittedValues(form) });
  return redirect(`/reports/${result.id}/edit`);
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.reportNew") }];

export default function NewReport() {
  const { projects, projectId, period } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = (result?.errors ?? {}) as Record<string, MessageKey | undefined>;
  const values = (result?.values ?? {}) as Record<string, string>;
  const err = (name: string) => (errors[name] ? t(errors[name]!) : undefined);
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to="/reports">{t("reports.title")}</Link>
      </p>
      <h1>{t("reports.newTitle")}</h1>
      <p>{t("reports.newLead")}</p>
      <Form method="post" noValidate className="report-form">
        <SelectField
          label={t("reports.project")}
          name="projectId"
          defaultValue={values.projectId ?? String(projectId ?? "")}
          options={projects.map((p) => ({ value: p.id, label: p.name }))}
          error={err("projectId")}
        />
        <Field
          label={t("reports.period")}
          name="period"
          type="month"
          required
          defaultValue={values.period ?? period}
          hint={t("reports.periodHint")}
          error={err("period")}
        />
        <Field label={t("reports.titleField")} name="title" defaultValue={values.title ?? ""} maxLength={200} hint={t("reports.titleHint")} error={err("title")} className="wide-input" />
        <SelectField
          label={t("reports.audience")}
          name="audienceRank"
          defaultValue={values.audienceRank ?? "経営層"}
          options={REPORT_RANKS.map((r) => ({ value: r, label: t(`rank.${r}`) }))}
          hint={t("reports.audienceHint")}
          error={err("audienceRank")}
        />
        <div className="actions">
          <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
            {t("reports.create")}
          </button>
          <Link to="/reports" className="button">
            {t("reports.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
