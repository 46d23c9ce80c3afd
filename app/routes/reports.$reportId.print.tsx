import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { periodLabel, ReportPrint } from "~/components/report-document";
import { getReport, recordRead } from "~/models/report.server";
import { documentTitle, metaLocale, useLocale, useT } from "~/utils/i18n";
import { renderMarkdown } from "~/utils/markdown.server";
import { parseId } from "~/utils/params";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";

/** /reports/:id/print — the report as an A4 portrait document for the paper briefing file (レク資料). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const report = await getReport({ viewer, reportId: parseId(params.reportId) });
  if (!report) notFound();
  await recordRead({ actor: actorOf(context), report, via: "print" });
  return json({ report: { ...report, narrativeHtml: renderMarkdown(report.narrative) }, printedAt: Date.now() });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? documentTitle(matches, "titles.reportPrint", { title: data.report.title, period: periodLabel(data.report.period, metaLocale(matches)) }) : documentTitle(matches, "titles.reports") },
];

export default function PrintReport() {
  const { report, printedAt } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return <ReportPrint data={report} t={t} locale={locale} printedAt={printedAt} interactive />;
}

export function ErrorBoundary() {
  return (
    <main className="error-page">
      <GeneralErrorBoundary />
    </main>
  );
}
