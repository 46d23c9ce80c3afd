// Leadership's dashboard (経営層): the latest published report of each project and what was
// decided since, and nothing else to distract.
import { Link } from "@remix-run/react";
import { formatDay } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { periodLabel } from "./report-document";

export type BriefingItem = {
  id: number;
  projectId: number;
  projectName: string;
  title: string;
  period: string;
  publishedAt: number | null;
  wgLights: { 順調: number; 注意: number; 遅延: number };
  decidedSince: { id: number; number: string; title: string; decidedAt: number | null }[];
};

export function ExecutiveBriefing({ items }: { items: BriefingItem[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="exec-briefing" aria-labelledby="exec-briefing">
      <h2 id="exec-briefing">{t("reports.exec.title")}</h2>
      {items.length === 0 ? <p className="muted">{t("reports.exec.none")}</p> : null}
      {items.map((r) => (
        <article key={r.id} className="card exec-report">
          <p className="muted small">
            {r.projectName}・{periodLabel(r.period, locale)}
            {r.publishedAt ? `・${formatDay(r.publishedAt, locale)}` : ""}
          </p>
          <h3>
            <Link to={`/reports/${r.id}`}>{r.title}</Link>
          </h3>
          <p>
            <span className="light ok">○ {t("light.順調")} {r.wgLights.順調}</span>{" "}
            <span className="light warn">▲ {t("light.注意")} {r.wgLights.注意}</span>{" "}
            <span className="light late">● {t("light.遅延")} {r.wgLights.遅延}</span>
            <span className="visually-hidden">
              {t("reports.exec.lightsSummary", { ok: r.wgLights.順調, warn: r.wgLights.注意, late: r.wgLights.遅延 })}
            </span>
          </p>
          <p>
            <Link to={`/reports/${r.id}`} className="button primary">
              {t("reports.exec.open")}
            </Link>
          </p>
          <h4>{t("reports.exec.decidedSince")}</h4>
          {r.decidedSince.length === 0 ? (
            <p className="muted">{t("reports.exec.noneDecided")}</p>
          ) : (
            <ul className="link-list">
              {r.decidedSince.map((d) => (
                <li key={d.id}>
                  <Link to={`/decisions/${d.id}`}>
                    {d.number} {d.title}
                  </Link>
                  {d.decidedAt ? <span className="muted small">{formatDay(d.decidedAt, locale)}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
      <p className="actions">
        <Link to="/reports">{t("reports.exec.allReports")}</Link>
        <Link to="/decisions">{t("reports.exec.allDecisions")}</Link>
      </p>
    </section>
  );
}
