// The PMO board's lower panels: this month's meetings, decisions awaiting the towns, decisions
// due for review and the issues most at risk. Private to the board route.
import { Link } from "@remix-run/react";
import type { ProjectFigures } from "~/domain/report";
import { formatDate, formatDateTime } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";

export function MeetingsPanel({ f }: { f: ProjectFigures }) {
  const t = useT();
  const locale = useLocale();
  return (
  <section className="card" aria-labelledby="meetings">
    <h2 id="meetings">{t("reports.pmo.meetings")}</h2>
    {f.meetings.length === 0 ? (
      <p className="muted">{t("reports.pmo.noMeetings")}</p>
    ) : (
      <ul className="link-list">
        {f.meetings.map((m) => (
          <li key={m.id}>
            <Link to={`/meetings/${m.id}`}>{m.title}</Link>
            <span className="muted small">{formatDateTime(m.startsAt, locale)}</span>
            <span className="badge">{m.state}</span>
            {m.unconfirmed.length ? (
              <span className="badge late">{t("reports.pmo.unconfirmedBy", { towns: m.unconfirmed.map((u) => u.name).join("・") })}</span>
            ) : null}
          </li>
        ))}
      </ul>
    )}
  </section>
  );
}

export function DecisionsPendingPanel({ f, townName }: { f: ProjectFigures; townName: Map<number, string> }) {
  const t = useT();
  const locale = useLocale();
  return (
  <section className="card" aria-labelledby="decisions">
    <h2 id="decisions">{t("reports.pmo.decisionsPending")}</h2>
    {f.decisionsPending.length === 0 ? (
      <p className="muted">{t("reports.pmo.noConsultation")}</p>
    ) : (
      <ul className="link-list">
        {f.decisionsPending.map((d) => (
          <li key={d.id}>
            <Link to={`/decisions/${d.id}`}>
              {d.number} {d.title}
            </Link>
            {d.stanceDueOn ? <span className="muted small">{t("reports.pmo.stanceDue", { date: formatDate(d.stanceDueOn, locale) })}</span> : null}
            <span className="small">
              {d.awaitingStance.length ? `${t("reports.pmo.awaitingStance")}：${d.awaitingStance.map((o) => townName.get(o)).join("・")}　` : ""}
              {d.holding.length ? `${t("reports.pmo.holding")}：${d.holding.map((o) => townName.get(o)).join("・")}　` : ""}
              {d.awaitingApproval.length ? `${t("reports.pmo.awaitingApproval")}：${d.awaitingApproval.map((o) => townName.get(o)).join("・")}` : ""}
              {d.awaitingStance.length + d.holding.length + d.awaitingApproval.length === 0 ? t("reports.pmo.allAgreed") : ""}
            </span>
          </li>
        ))}
      </ul>
    )}
  </section>
  );
}

export function ReviewsAndRisksPanel({ f }: { f: ProjectFigures }) {
  const t = useT();
  const locale = useLocale();
  return (
  <section className="card" aria-labelledby="reviews">
    <h2 id="reviews">{t("reports.pmo.reviewsDue")}</h2>
    {f.reviewsDue.length === 0 ? (
      <p className="muted">{t("reports.pmo.noReviews")}</p>
    ) : (
      <ul className="link-list">
        {f.reviewsDue.map((d) => (
          <li key={d.id}>
            <Link to={`/decisions/${d.id}`}>
              {d.number} {d.title}
            </Link>
            <span className={d.overdue ? "badge late" : "badge"}>{t("reports.pmo.reviewOn", { date: formatDate(d.reviewOn, locale) })}</span>
          </li>
        ))}
      </ul>
    )}
    <h2>{t("reports.pmo.risks")}</h2>
    {f.risks.length === 0 ? (
      <p className="muted">{t("reports.nothing")}</p>
    ) : (
      <ul className="link-list">
        {f.risks.map((r) => (
          <li key={r.number}>
            <Link to={`/issues/${r.number}`}>
              #{r.number} {r.title}
            </Link>
            <span className="muted small">{r.wgName}</span>
            <span className={r.carried >= 3 ? "badge carry severe" : "badge carry"}>{t("reports.pmo.carriedTimes", { n: r.carried })}</span>
            {r.overdue ? <span className="badge late">{t("reports.pmo.overdue")}</span> : null}
          </li>
        ))}
      </ul>
    )}
  </section>
  );
}
