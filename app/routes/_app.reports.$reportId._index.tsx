import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { periodLabel, ReportDocument } from "~/components/report-document";
import type { MessageKey } from "~/i18n";
import { correctReport, discardDraft, getReport, publishReport, readersOf, recordRead } from "~/models/report.server";
import { formatDateTime } from "~/utils/dates";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { renderMarkdown } from "~/utils/markdown.server";
import { parseId } from "~/utils/params";
import { can } from "~/policy/permissions";
import { readForm } from "~/utils/request-body.server";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";
import { invalidField } from "~/domain/result";
import { answer } from "~/utils/forms.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const report = await getReport({ viewer, reportId: parseId(params.reportId) });
  if (!report) notFound();
  // Only opening the page is a read: this loader also renders the answer to a POST.
  if (context.method === "GET") await recordRead({ actor: actorOf(context), report, via: "page" });
  const isPmo = can(viewer, "report.publish");
  return json({
    report: { ...report, narrativeHtml: renderMarkdown(report.narrative) },
    readers: isPmo && report.status === "公開" ? await readersOf({ viewer, reportId: report.id }) : [],
    isPmo,
  });
}

const Intent = z.object({ intent: z.enum(["publish", "correct", "discard"]) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const reportId = parseId(params.reportId);
  const parsed = Intent.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return answer(invalidField("form", "error.badRequest.body"));
  const args = { viewer, actor: actorOf(context), reportId };
  const { intent } = parsed.data;
  const result = intent === "publish" ? await publishReport(args) : intent === "correct" ? await correctReport(args) : await discardDraft(args);
  if (!result.ok) return answer(result);
  if (intent === "correct" && "id" in result) return redirect(`/reports/${result.id}/edit`);
  if (intent === "discard") return redirect("/reports?done=discarded");
  return redirect(`/reports/${reportId}?done=published`);
}

/** A refused action changed nothing: no reload (it would be audited as another read). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && typeof actionResult === "object" && "ok" in actionResult && actionResult.ok === false ? false : defaultShouldRevalidate;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? pageTitle(matches, "titles.report", { title: data.report.title }) : pageTitle(matches, "titles.reports") }];

export default function ReportPage() {
  const { report, readers, isPmo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const draft = report.status === "下書き";
  return (
    <div className="page report-page">
      <p className="breadcrumb">
        <Link to="/reports">{t("reports.title")}</Link>
      </p>
      {params.get("done") === "published" && !draft ? (
        <p className="flash ok" role="status">
          {t("reports.publishedFlash")}
        </p>
      ) : null}
      {result && !result.ok && result.errors.form ? (
        <p className="flash error" role="alert">
          {t(result.errors.form)}
        </p>
      ) : null}
      <div className="report-status-bar">
        <span className={draft ? "badge muted" : "badge ok"}>{t(`reportStatus.${report.status}`)}</span>
        <span className="muted">
          {report.projectName}・{periodLabel(report.period, locale)}
        </span>
      </div>
      {report.corrects ? (
        <p className="report-notice">
          {t("reports.correctsNotice")} <Link to={`/reports/${report.corrects.id}`}>{report.corrects.title}</Link>
        </p>
      ) : null}
      {report.correctedBy && report.correctedBy.status === "公開" ? (
        <p className="report-notice warn" role="note">
          {t("reports.correctedNotice")} <Link to={`/reports/${report.correctedBy.id}`}>{report.correctedBy.title}</Link>
        </p>
      ) : null}
      <nav className="actions report-actions" aria-label={t("reports.actions")}>
        {isPmo && draft ? (
          <>
            <Link to={`/reports/${report.id}/edit`} className="button primary">
              {t("reports.edit")}
            </Link>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="publish" />
              <button type="submit" className="button" disabled={navigation.state !== "idle"}>
                {t("reports.publish")}
              </button>
            </Form>
          </>
        ) : null}
        {isPmo && !draft && !report.correctedBy ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="correct" />
            <button type="submit" className="button">
              {t("reports.correct")}
            </button>
          </Form>
        ) : null}
        {isPmo && !draft && report.correctedBy && report.correctedBy.status === "下書き" ? (
          <Link to={`/reports/${report.correctedBy.id}/edit`} className="button">
            {t("reports.continueCorrection")}
          </Link>
        ) : null}
        <Link to={`/reports/${report.id}/print`} className="button" reloadDocument>
          {t("reports.printView")}
        </Link>
        <a href={`/reports/${report.id}.pdf`} className="button">
          {t("reports.downloadPdf")}
        </a>
        <a href={`/reports/${report.id}.json`} className="button subtle">
          {t("reports.downloadJson")}
        </a>
      </nav>
      {isPmo && draft ? <p className="muted small">{t("reports.publishHint")}</p> : null}
      <ReportDocument data={report} t={t} locale={locale} />
      {isPmo && !draft ? (
        <section className="card readers" aria-labelledby="readers">
          <h2 id="readers">{t("reports.readers")}</h2>
          {readers.length === 0 ? (
            <p className="muted">{t("reports.noReaders")}</p>
          ) : (
            <div className="table-wrap">
              <table className="table compact">
                <thead>
                  <tr>
                    <th scope="col">{t("reports.reader")}</th>
                    <th scope="col">{t("reports.readerOrg")}</th>
                    <th scope="col">{t("reports.firstRead")}</th>
                    <th scope="col">{t("reports.lastRead")}</th>
                    <th scope="col" className="num">{t("reports.readCount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {readers.map((r) => (
                    <tr key={r.userId}>
                      <th scope="row">{r.name}</th>
                      <td>
                        {r.organizationName}・{t(`rank.${r.rank}` as MessageKey)}
                      </td>
                      <td className="nowrap">{formatDateTime(r.firstAt, locale)}</td>
                      <td className="nowrap">{formatDateTime(r.lastAt, locale)}</td>
                      <td className="num">{r.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
      {isPmo && draft ? (
        <Form method="post" className="discard-form">
          <input type="hidden" name="intent" value="discard" />
          <button type="submit" className="button danger subtle">
            {t("reports.discard")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
