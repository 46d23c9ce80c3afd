import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listReports } from "~/models/report.server";
import { formatDay } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { requireAuth, requirePermission } from "~/utils/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "report.list");
  return json({ reports: listReports({ viewer }) });
}

export const meta: MetaFunction = () => [{ title: "進捗報告 | Renkei" }];

/** 2026-11 → 2026年11月分 */
function periodLabel(period: string, locale: "ja" | "en") {
  const [y, m] = period.split("-").map(Number);
  return locale === "ja" && y && m ? `${y}年${m}月分` : period;
}

export default function Reports() {
  const { reports } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("reports.title")}</h1>
      <p>{t("reports.lead")}</p>
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
                  <td>{r.title}</td>
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
