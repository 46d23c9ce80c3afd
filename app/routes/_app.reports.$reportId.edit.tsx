import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, SelectField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MarkdownEditor } from "~/components/markdown-editor";
import { LIGHTS, periodLabel, readSnapshot, REPORT_RANKS } from "~/components/report-document";
import type { MessageKey } from "~/i18n";
import { getReport, parseReportEdit, refreshFigures, updateReport } from "~/models/report.server";
import { formatDateTime } from "~/utils/dates";
import { answer, badRequest, submittedValues } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { readForm } from "~/utils/request-body.server";
import { actorOf, notFound, requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "report.publish");
  const report = await getReport({ viewer, reportId: parseId(params.reportId) });
  if (!report) notFound();
  // A published report is immutable: the way to change it is a correction.
  if (report.status !== "下書き") throw new Response("公開済みの進捗報告は編集できません。訂正版を作成してください。", { status: 409 });
  return json({ report });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "report.publish");
  const reportId = parseId(params.reportId);
  const form = await readForm(request);
  const actor = actorOf(context);
  if (form.get("intent") === "refresh") {
    const result = await refreshFigures({ viewer, actor, reportId });
    if (!result.ok) return answer(result);
    return redirect(`/reports/${reportId}/edit?done=refreshed`);
  }
  const current = await getReport({ viewer, reportId });
  if (!current) notFound();
  const parsed = parseReportEdit(form, current.snapshot);
  if (!parsed.data) return badRequest(parsed.errors, { values: submittedValues(form) });
  const result = await updateReport({ viewer, actor, reportId, edit: parsed.data });
  if (!result.ok) return answer(result, { values: submittedValues(form) });
  return redirect(form.get("intent") === "saveAndView" ? `/reports/${reportId}` : `/reports/${reportId}/edit?done=saved`);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? pageTitle(matches, "titles.reportEdit", { title: data.report.title }) : pageTitle(matches, "titles.reports") }];

export default function EditReport() {
  const { report } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const f = readSnapshot(report.snapshot);
  const errors = (result && !result.ok ? result.errors : {}) as Record<string, MessageKey | undefined>;
  const values = (result && "values" in result ? result.values : undefined) as Record<string, string> | undefined;
  const v = (name: string, fallback: string) => values?.[name] ?? fallback;
  const err = (name: string) => (errors[name] ? t(errors[name]!) : undefined);
  const lightOptions = LIGHTS.map((l) => ({ value: l, label: t(`light.${l}`) }));
  const h = { decided: [], risks: [], asks: [], ...report.highlights } as { decided: string[]; risks: string[]; asks: string[] };
  const lightRows = (kind: "wg" | "town", rows: { id: number; name: string }[], stored: Record<string, { light: string; reason: string }>) =>
    rows.map((r) => {
      const key = `${kind}.${r.id}`;
      const s = stored[String(r.id)];
      return (
        <fieldset key={key} className="light-row">
          <legend>{r.name}</legend>
          <SelectField label={t("reports.light")} name={`light.${key}`} defaultValue={v(`light.${key}`, s?.light ?? "順調")} options={lightOptions} error={err(`light.${key}`)} />
          <Field label={t("reports.reason")} name={`reason.${key}`} defaultValue={v(`reason.${key}`, s?.reason ?? "")} maxLength={120} className="wide-input" error={err(`reason.${key}`)} />
        </fieldset>
      );
    });
  return (
    <div className="page report-edit">
      <p className="breadcrumb">
        <Link to="/reports">{t("reports.title")}</Link> <Link to={`/reports/${report.id}`}>{report.title}</Link>
      </p>
      <h1>{t("reports.editTitle")}</h1>
      <p className="muted">
        {report.projectName}・{periodLabel(report.period, locale)}・{t("reportStatus.下書き")}
      </p>
      {params.get("done") === "saved" ? (
        <p className="flash" role="status">
          {t("reports.savedFlash")}
        </p>
      ) : null}
      {params.get("done") === "refreshed" ? (
        <p className="flash" role="status">
          {t("reports.refreshedFlash")}
        </p>
      ) : null}
      {errors.form ? (
        <p className="flash error" role="alert">
          {t(errors.form)}
        </p>
      ) : null}
      <section className="card figures-note">
        <p>
          {t("reports.figuresFrozen", { at: f.takenAt ? formatDateTime(f.takenAt, locale) : "—" })}
        </p>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="refresh" />
          <button type="submit" className="button">
            {t("reports.refresh")}
          </button>
        </Form>
      </section>
      <Form method="post" className="report-form" noValidate>
        <Field label={t("reports.titleField")} name="title" defaultValue={v("title", report.title)} required maxLength={200} error={err("title")} className="wide-input" />
        <SelectField
          label={t("reports.audience")}
          name="audienceRank"
          defaultValue={v("audienceRank", report.audienceRank)}
          options={REPORT_RANKS.map((r) => ({ value: r, label: t(`rank.${r}`) }))}
          hint={t("reports.audienceHint")}
          error={err("audienceRank")}
        />
        <MarkdownEditor name="narrative" label={t("reports.narrative")} defaultValue={v("narrative", report.narrative)} hint={t("reports.narrativeHint")} error={err("narrative")} rows={10} />
        <h2>{t("reports.lightsWg")}</h2>
        <p className="muted small">{t("reports.lightsHint")}</p>
        {lightRows("wg", f.wgs.map((w) => ({ id: w.wgId, name: w.name })), (report.lights.wgs ?? {}) as Record<string, { light: string; reason: string }>)}
        <h2>{t("reports.lightsTown")}</h2>
        {lightRows("town", f.towns.map((x) => ({ id: x.organizationId, name: x.name })), (report.lights.towns ?? {}) as Record<string, { light: string; reason: string }>)}
        <h2>{t("reports.highlights")}</h2>
        <p className="muted small">{t("reports.highlightsHint")}</p>
        <HighlightField name="decided" label={t("reports.decided")} value={v("decided", h.decided.join("\n"))} error={err("decided")} />
        <HighlightField name="risks" label={t("reports.risks")} value={v("risks", h.risks.join("\n"))} error={err("risks")} />
        <HighlightField name="asks" label={t("reports.asks")} value={v("asks", h.asks.join("\n"))} error={err("asks")} />
        <div className="actions">
          <button type="submit" name="intent" value="save" className="button primary" disabled={navigation.state !== "idle"}>
            {t("reports.save")}
          </button>
          <button type="submit" name="intent" value="saveAndView" className="button" disabled={navigation.state !== "idle"}>
            {t("reports.saveAndView")}
          </button>
        </div>
      </Form>
    </div>
  );
}

function HighlightField({ name, label, value, error }: { name: string; label: string; value: string; error?: string }) {
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={`hl-${name}`}>{label}</label>
      <textarea id={`hl-${name}`} name={name} defaultValue={value} rows={4} aria-invalid={error ? true : undefined} aria-describedby={error ? `hl-${name}-error` : undefined} />
      {error ? (
        <p className="field-error" id={`hl-${name}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
