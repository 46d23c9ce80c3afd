import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listDecisions } from "~/models/decision.server";
import { formatDay } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { requireAuth } from "~/utils/session.server";
import { useShell } from "./_app";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  return json({ decisions: listDecisions({ viewer }) });
}

export const meta: MetaFunction = () => [{ title: "決定事項 | Renkei" }];

export default function Decisions() {
  const { decisions } = useLoaderData<typeof loader>();
  const { viewer } = useShell();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("decisions.title")}</h1>
      <p>{viewer.role === "executive" ? t("decisions.leadExec") : t("decisions.lead")}</p>
      {decisions.length === 0 ? (
        <p className="muted">{t("decisions.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("decisions.number")}</th>
                <th scope="col">{t("decisions.subject")}</th>
                <th scope="col">{t("decisions.status")}</th>
                <th scope="col">{t("decisions.project")}</th>
                <th scope="col">{t("decisions.decidedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {decisions.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap">{d.number}</td>
                  <td>{d.title}</td>
                  <td>
                    <span className={`badge status-${d.status}`}>{t(`decisionStatus.${d.status}`)}</span>
                  </td>
                  <td>
                    {d.projectName}
                    {d.wgName ? <div className="muted small">{d.wgName}</div> : null}
                  </td>
                  <td className="nowrap">{d.decidedAt ? formatDay(d.decidedAt, locale) : "—"}</td>
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
