import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { periodLabel } from "~/components/report-document";
import { listReports } from "~/models/report.server";
import { formatDay } from "~/utils/dates";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { can } from "~/policy/permissions";
import { requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "report.list");
  const project = Number(new URL(request.url).searchParams.get("project"));
  return json({
    reports: await listReports({ viewer, projectId: Number.isSafeInteger(project) && project > 0 ? project : undefined }),
    canWrite: can(viewer, "report.publish"),
  });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.reports") }];

export default function Reports() {
  const { reports, canWrite } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("reports.title")}</h1>
      <p>{canWrite ? t("reports.leadPmo") : t("reports.lead")}</p>
      {params.get("done") === "discarded" ? (
        <p className="flash" role="status">
          {t("reports.discardedFlash")}
        </p>
      ) : null}
      {canWrite ? (
        <p className="actions">
          <Link to="/reports/new" className="button primary">
            {t("reports.new")}
          </Link>
        </p>
      ) : null}
      {reports.length === 0 ? (
        <p className="muted">{t("reports.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("reports.period")}</th>
                <th scope="col">{t("reports.subject")}</th>
                <th scope="col">{t("reports.project")}</th>
                <th scope="col">{t("reports.audience")}</th>
                <th scope="col">{t("reports.status")}</th>
                <th scope="col">{t("reports.publishedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{periodLabel(r.period, locale)}</td>
                  <td>
                    <Link to={`/reports/${r.id}`}>{r.title}</Link>
                    {r.correctedById ? <span className="badge muted">{t("reports.corrected")}</span> : null}
                    {r.correctsId ? <span className="badge waiting">{t("reports.correction")}</span> : null}
                  </td>
                  <td>{r.projectName}</td>
                  <td>{t(`rank.${r.audienceRank}`)}</td>
                  <td>
                    <span className={r.status === "公開" ? "badge ok" : "badge muted"}>{t(`reportStatus.${r.status}`)}</span>
                  </td>
                  <td className="nowrap">{r.publishedAt ? formatDay(r.publishedAt, locale) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
