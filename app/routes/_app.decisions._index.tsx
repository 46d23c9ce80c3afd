import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DecisionFilters, DecisionStatusBadge, StanceBadge } from "~/components/decision-ui";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { MessageKey } from "~/i18n";
import { consortiumTowns, listDecisions, parseDecisionFilter, registerChoices } from "~/models/decision.server";
import { formatDate, formatDay } from "~/utils/dates";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { AGREEING, lifecycle } from "~/domain/decision";
import { can, isLeadership } from "~/policy/permissions";
import { requireAuth } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const params = new URL(request.url).searchParams;
  const filter = parseDecisionFilter(params);
  const seeStances = can(viewer, "stance.read");
  return json({
    decisions: await listDecisions({ viewer, filter }),
    choices: await registerChoices(viewer),
    // Leadership reads only what was decided: the filter offers only those statuses.
    statuses: lifecycle.visibleStatuses(isLeadership(viewer)),
    towns: seeStances ? await consortiumTowns(viewer) : [],
    matrix: seeStances && params.get("view") === "matrix",
    seeStances,
    canDraft: can(viewer, "decision.draft"),
    leadership: isLeadership(viewer),
  });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.decisions") }];

export default function Decisions() {
  const { decisions, choices, statuses, towns, matrix, seeStances, canDraft, leadership } = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const withView = (view: string | null) => {
    const next = new URLSearchParams(params);
    if (view) next.set("view", view);
    else next.delete("view");
    const query = next.toString();
    return query ? `?${query}` : ".";
  };
  const csv = new URLSearchParams(params);
  csv.delete("view");
  return (
    <div className="page decisions-page">
      <div className="page-header">
        <h1>{t("decisions.title")}</h1>
        <div className="actions">
          {canDraft ? (
            <Link to="/decisions/new" className="button primary">
              {t("decisions.new")}
            </Link>
          ) : null}
          <a className="button" href={`/decisions.csv${csv.toString() ? `?${csv}` : ""}`} download>
            {t("decisions.csv")}
          </a>
        </div>
      </div>
      <p>{leadership ? t("decisions.leadExec") : t("decisions.lead")}</p>
      {seeStances ? (
        <nav className="tabs" aria-label={t("decisions.title")}>
          <Link to={withView(null)} className={matrix ? undefined : "active"} aria-current={matrix ? undefined : "page"}>
            {t("decisions.view.list")}
          </Link>
          <Link to={withView("matrix")} className={matrix ? "active" : undefined} aria-current={matrix ? "page" : undefined}>
            {t("decisions.view.matrix")}
          </Link>
        </nav>
      ) : null}
      <DecisionFilters projects={choices.projects} wgs={choices.wgs} towns={choices.towns} statuses={statuses} />
      <p className="muted" role="status">
        {t("decisions.count", { count: decisions.length })}
      </p>
      {decisions.length === 0 ? (
        <p className="muted">{t("decisions.none")}</p>
      ) : matrix ? (
        <Matrix decisions={decisions} towns={towns} />
      ) : (
        <Register decisions={decisions} seeStances={seeStances} />
      )}
    </div>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["decisions"][number];

function Register({ decisions, seeStances }: { decisions: Row[]; seeStances: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("decisions.number")}</th>
            <th scope="col">{t("decisions.subject")}</th>
            <th scope="col">{t("decisions.status")}</th>
            {seeStances ? <th scope="col">{t("decisions.consensus")}</th> : null}
            <th scope="col">{t("decisions.project")}</th>
            <th scope="col">{t("decisions.decidedAt")}</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((d) => {
            const agreeing = d.stances.filter((s) => s.stance !== null && AGREEING.includes(s.stance)).length;
            return (
              <tr key={d.id}>
                <td className="nowrap">{d.number}</td>
                <td>
                  <Link to={`/decisions/${d.id}`}>{d.title}</Link>
                  {d.status === "協議中" && d.stanceDueOn ? (
                    <div className="muted small">
                      {t("decisions.stanceDue")}: {formatDate(d.stanceDueOn, locale)}
                    </div>
                  ) : null}
                </td>
                <td>
                  <DecisionStatusBadge status={d.status} />
                </td>
                {seeStances ? (
                  <td className="nowrap">
                    {d.status === "起案" ? "—" : <Progress agreeing={agreeing} total={d.stances.length} />}
                  </td>
                ) : null}
                <td>
                  {d.projectName}
                  {d.wgName ? <div className="muted small">{d.wgName}</div> : null}
                </td>
                <td className="nowrap">{d.decidedAt ? formatDay(d.decidedAt, locale) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Progress({ agreeing, total }: { agreeing: number; total: number }) {
  const t = useT();
  return (
    <span className="stance-progress">
      <meter min={0} max={total || 1} value={agreeing} aria-hidden="true" />
      {t("decisions.progress", { agreeing, total })}
    </span>
  );
}

/** Decisions × towns: each cell the town's stance and whether it is approved internally. */
function Matrix({ decisions, towns }: { decisions: Row[]; towns: { id: number; name: string }[] }) {
  const t = useT();
  return (
    <>
      <p className="muted">{t("decisions.matrix.lead")}</p>
      <div className="table-wrap">
        <table className="table stance-matrix">
          <caption className="visually-hidden">{t("decisions.matrix.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("decisions.subject")}</th>
              {towns.map((town) => (
                <th scope="col" key={town.id} className="town">
                  {town.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {decisions.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  <span className="nowrap muted small">{d.number}</span> <DecisionStatusBadge status={d.status} />
                  <div>
                    <Link to={`/decisions/${d.id}`}>{d.title}</Link>
                  </div>
                </th>
                {towns.map((town) => {
                  const cell = d.stances.find((s) => s.organizationId === town.id);
                  if (cell && d.status === "起案") {
                    return (
                      <td key={town.id} className="cell-na">
                        —
                      </td>
                    );
                  }
                  if (!cell) {
                    return (
                      <td key={town.id} className="cell-na">
                        {t("decisions.matrix.notParticipating")}
                      </td>
                    );
                  }
                  const label = cell.stance ? t(`stance.${cell.stance}` as MessageKey) : t("decisions.noAnswer");
                  return (
                    <td key={town.id} className={`stance-cell stance-${cell.stance ?? "none"}`}>
                      <span className="stance-label">{label}</span>
                      <span className={`approval-mark approval-${cell.approval}`}>{t(`approval.${cell.approval}` as MessageKey)}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="matrix-legend muted small">
        {t("decisions.matrix.legend")}: <StanceBadge stance="賛成" /> <StanceBadge stance="条件付賛成" /> <StanceBadge stance="保留" /> <StanceBadge stance="反対" /> <StanceBadge stance={null} />
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
