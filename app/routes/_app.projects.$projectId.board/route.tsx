import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart, LineChart } from "~/components/charts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MilestoneList } from "~/components/milestone-list";
import type { MessageKey } from "~/i18n";
import { projectFigures, suggestLights } from "~/models/project-figures.server";
import { formatDateTime } from "~/utils/dates";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { can } from "~/policy/permissions";
import { notFound, requireAuth, requirePermission } from "~/policy/guard.server";
import { DecisionsPendingPanel, MeetingsPanel, ReviewsAndRisksPanel } from "./board-panels";

/** /projects/:id/board — the PMO board: the whole project on one screen, every number a link. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "project.read");
  const figures = await projectFigures({ viewer, projectId: parseId(params.projectId) });
  if (!figures) notFound();
  return json({ f: figures, lights: suggestLights(figures), canReport: can(viewer, "report.publish") });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "titles.projectBoard", { name: data?.f.projectName ?? "" }) }];

const issuesOf = (wgId: number, query = "") => `/wg/${wgId}/issues${query ? `?${query}` : ""}`;

function Num({ n, to, danger }: { n: number; to?: string; danger?: boolean }) {
  const cls = danger && n > 0 ? "board-num danger" : n === 0 ? "board-num zero" : "board-num";
  return to ? (
    <Link to={to} className={cls}>
      {n}
    </Link>
  ) : (
    <span className={cls}>{n}</span>
  );
}

export default function PmoBoard() {
  const { f, lights, canReport } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const townName = new Map(f.towns.map((x) => [x.organizationId, x.name]));
  const decisionsFor = (orgId: number) => `/decisions?project=${f.projectId}&status=${encodeURIComponent("協議中")}&missing=${orgId}`;
  const unconfirmedBy = (orgId: number) => f.meetings.filter((m) => m.unconfirmed.some((u) => u.organizationId === orgId));
  const vendorBall = (wg: (typeof f.wgs)[number]) => f.vendors.reduce((a, v) => a + (wg.ballByOrg[String(v.organizationId)] ?? 0), 0);
  const late = f.milestones.filter((m) => m.state === "late").length;
  const atRisk = f.milestones.filter((m) => m.state === "atRisk").length;
  const pendingDecisions = f.decisionsPending.filter((d) => d.awaitingStance.length + d.holding.length + d.awaitingApproval.length > 0).length;
  const kpis: { label: string; value: number; to?: string; danger?: boolean }[] = [
    { label: t("reports.pmo.open"), value: f.totals.open, to: "#wgs" },
    { label: t("reports.pmo.overdue"), value: f.totals.overdue, to: "#wgs", danger: true },
    { label: t("reports.pmo.carried"), value: f.totals.carriedOver, to: "#wgs" },
    { label: t("reports.pmo.decisionsWaiting"), value: pendingDecisions, to: `/decisions?project=${f.projectId}&status=${encodeURIComponent("協議中")}` },
    { label: t("reports.pmo.milestonesLate"), value: late + atRisk, to: "#milestones", danger: late > 0 },
  ];
  const weekLabel = (d: string) => `${Number(d.slice(5, 7))}/${Number(d.slice(8, 10))}`;
  return (
    <div className="page pmo-board">
      <p className="breadcrumb">
        <Link to="/projects">{t("nav.projects")}</Link> <Link to={`/projects/${f.projectId}`}>{f.projectName}</Link>
      </p>
      <div className="page-header">
        <h1>{t("reports.pmo.title", { project: f.projectName })}</h1>
        <p className="actions">
          <Link to={`/reports?project=${f.projectId}`} className="button">
            {t("reports.pmo.reports")}
          </Link>
          {canReport ? (
            <Link to={`/reports/new?project=${f.projectId}`} className="button primary">
              {t("reports.pmo.writeReport")}
            </Link>
          ) : null}
        </p>
      </div>
      <p className="muted">{t("reports.pmo.asOf", { at: formatDateTime(f.takenAt, locale) })}</p>

      <ul className="kpis board-kpis" aria-label={t("reports.pmo.kpis")}>
        {kpis.map((k) => (
          <li key={k.label} className={k.danger && k.value > 0 ? "kpi bad" : "kpi"}>
            <span className="kpi-label">{k.label}</span>
            {k.to ? (
              <Link to={k.to} className="kpi-value">
                {k.value}
              </Link>
            ) : (
              <span className="kpi-value">{k.value}</span>
            )}
          </li>
        ))}
      </ul>

      <section className="card" aria-labelledby="wgs">
        <h2 id="wgs">{t("reports.pmo.byWg")}</h2>
        <div className="table-wrap">
          <table className="table board-table">
            <thead>
              <tr>
                <th scope="col">{t("reports.wg")}</th>
                <th scope="col">{t("reports.pmo.suggestedLight")}</th>
                <th scope="col" className="num">{t("reports.pmo.open")}</th>
                <th scope="col" className="num">{t("reports.pmo.overdue")}</th>
                <th scope="col" className="num">{t("reports.pmo.carried")}</th>
                <th scope="col" className="num">{t("reports.pmo.closed")}</th>
                <th scope="col" className="num">{t("reports.pmo.vendorBall")}</th>
                <th scope="col" className="num">{t("reports.pmo.meetingsThisMonth")}</th>
              </tr>
            </thead>
            <tbody>
              {f.wgs.map((w) => {
                const l = lights.wgs[String(w.wgId)];
                const vendorIds = f.vendors.filter((v) => w.ballByOrg[String(v.organizationId)]).map((v) => v.organizationId);
                return (
                  <tr key={w.wgId}>
                    <th scope="row">
                      <Link to={`/wg/${w.wgId}`}>{w.name}</Link>
                    </th>
                    <td>
                      <span className={`light ${l.light === "遅延" ? "late" : l.light === "注意" ? "warn" : "ok"}`} title={l.reason}>
                        <span aria-hidden="true">{l.light === "遅延" ? "● " : l.light === "注意" ? "▲ " : "○ "}</span>
                        {t(`light.${l.light}` as MessageKey)}
                      </span>
                    </td>
                    <td className="num"><Num n={w.open} to={issuesOf(w.wgId)} /></td>
                    <td className="num"><Num n={w.overdue} to={issuesOf(w.wgId, "overdue=1&sort=due&dir=asc")} danger /></td>
                    <td className="num"><Num n={w.carriedOver} to={issuesOf(w.wgId, "carry=1&sort=carry")} /></td>
                    <td className="num"><Num n={w.closed} to={issuesOf(w.wgId, "status=closed")} /></td>
                    <td className="num">
                      <Num n={vendorBall(w)} to={vendorIds.length === 1 ? issuesOf(w.wgId, `ball=${vendorIds[0]}`) : undefined} />
                    </td>
                    <td className="num"><Num n={w.meetingsThisMonth} to={`/wg/${w.wgId}/meetings`} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="matrix">
        <h2 id="matrix">{t("reports.pmo.matrix")}</h2>
        <p className="muted small">{t("reports.pmo.matrixHint")}</p>
        <div className="table-wrap">
          <table className="table board-matrix">
            <thead>
              <tr>
                <th scope="col">{t("reports.pmo.who")}</th>
                {f.wgs.map((w) => (
                  <th key={w.wgId} scope="col" className="num">
                    {w.name}
                  </th>
                ))}
                <th scope="col" className="num">{t("reports.pmo.awaitingStance")}</th>
                <th scope="col" className="num">{t("reports.pmo.holding")}</th>
                <th scope="col" className="num">{t("reports.pmo.awaitingApproval")}</th>
                <th scope="col" className="num">{t("reports.pmo.minutesUnconfirmed")}</th>
              </tr>
            </thead>
            <tbody>
              {f.towns.map((town) => {
                const d = f.decisionsPendingByTown.find((x) => x.organizationId === town.organizationId);
                const minutes = unconfirmedBy(town.organizationId);
                return (
                  <tr key={town.organizationId}>
                    <th scope="row">{town.name}</th>
                    {f.wgs.map((w) => {
                      const n = w.ballByOrg[String(town.organizationId)] ?? 0;
                      const overdue = w.overdueBallByOrg[String(town.organizationId)] ?? 0;
                      return (
                        <td key={w.wgId} className={overdue ? "num cell-overdue" : "num"}>
                          <Num n={n} to={issuesOf(w.wgId, `ball=${town.organizationId}&sort=due&dir=asc`)} />
                          {overdue ? <span className="cell-note">{t("reports.pmo.ofWhichOverdue", { n: overdue })}</span> : null}
                        </td>
                      );
                    })}
                    <td className="num"><Num n={d?.pending ?? 0} to={decisionsFor(town.organizationId)} danger /></td>
                    <td className="num"><Num n={d?.holding ?? 0} to={`/decisions?project=${f.projectId}&status=${encodeURIComponent("協議中")}`} /></td>
                    <td className="num"><Num n={d?.awaitingApproval ?? 0} to={`/decisions?project=${f.projectId}&status=${encodeURIComponent("協議中")}`} /></td>
                    <td className="num"><Num n={minutes.length} to={minutes.length === 1 ? `/meetings/${minutes[0].id}` : "#meetings"} /></td>
                  </tr>
                );
              })}
              {[...f.vendors.map((v) => ({ ...v, vendor: true })), ...f.otherHolders.map((v) => ({ ...v, vendor: false }))].map((v) => (
                <tr key={v.organizationId} className="vendor-row">
                  <th scope="row">
                    {v.name}
                    {v.vendor ? <span className="badge shared">{t("reports.pmo.vendor")}</span> : null}
                  </th>
                  {f.wgs.map((w) => {
                    const n = w.ballByOrg[String(v.organizationId)] ?? 0;
                    const overdue = w.overdueBallByOrg[String(v.organizationId)] ?? 0;
                    return (
                      <td key={w.wgId} className={overdue ? "num cell-overdue" : "num"}>
                        <Num n={n} to={issuesOf(w.wgId, `ball=${v.organizationId}&sort=due&dir=asc`)} />
                        {overdue ? <span className="cell-note">{t("reports.pmo.ofWhichOverdue", { n: overdue })}</span> : null}
                      </td>
                    );
                  })}
                  <td className="num muted" colSpan={4}>
                    —
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="grid two">
        <section className="card" aria-labelledby="trend">
          <h2 id="trend">{t("reports.pmo.trendTitle")}</h2>
          <LineChart
            title={t("reports.pmo.trendTitle")}
            description={t("reports.pmo.trendDesc", {
              weeks: f.trend.weeks.length,
              summary: f.trend.series.map((s) => `${s.name} ${s.values[0]}→${s.values[s.values.length - 1]}`).join("、"),
            })}
            labels={f.trend.weeks.map(weekLabel)}
            series={f.trend.series}
            tableLabels={{ item: t("reports.wg"), show: t("reports.chart.showTable") }}
          />
        </section>
        <section className="card" aria-labelledby="stances">
          <h2 id="stances">{t("reports.pmo.stanceTitle")}</h2>
          {f.stanceCompletion.some((s) => s.total > 0) ? (
            <BarChart
              title={t("reports.pmo.stanceTitle")}
              description={f.stanceCompletion.map((s) => t("reports.pmo.stanceDesc", { town: s.name, answered: s.answered, total: s.total })).join("、")}
              bars={f.stanceCompletion.map((s) => ({ label: s.name, value: s.answered, href: decisionsFor(s.organizationId) }))}
              max={Math.max(...f.stanceCompletion.map((s) => s.total))}
              unit={t("reports.pmo.unitDecisions")}
              tableLabels={{ item: t("reports.town"), value: t("reports.pmo.answered"), show: t("reports.chart.showTable") }}
            />
          ) : (
            <p className="muted">{t("reports.pmo.noConsultation")}</p>
          )}
          <p className="muted small">{t("reports.pmo.stanceHint", { n: f.decisionsPending.length })}</p>
        </section>
      </div>

      <div className="grid two">
        <MeetingsPanel f={f} />
        <DecisionsPendingPanel f={f} townName={townName} />
      </div>

      <div className="grid two">
        <section className="card" aria-labelledby="milestones">
          <h2 id="milestones">{t("reports.milestones")}</h2>
          <MilestoneList items={f.milestones.map((m) => ({ key: `${m.name}-${m.dueOn}`, ...m }))} />
        </section>
        <ReviewsAndRisksPanel f={f} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
