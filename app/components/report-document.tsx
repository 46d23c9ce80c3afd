// A progress report (進捗報告) as a document: the same component renders the report page,
// the A4 print view and (rendered on the server) the PDF. What it shows depends on the
// audience rank: 経営層 gets the summary, lights, what must be decided and one chart;
// lower ranks see more detail. Figures come from the frozen snapshot only.
import type { Locale, T } from "~/i18n";
import type { Highlights, Lights, ProjectFigures, WgFigures } from "~/domain/report";
import { milestoneState } from "~/domain/milestone";
import { formatDate, formatDateTime, formatDay, isoDateInJapan } from "~/utils/dates";
import { BarChart, LineChart } from "./charts";

// The report vocabulary lives in ~/domain/report; re-exported for the routes that import it from here.
export { LIGHTS, REPORT_RANKS, type Highlights, type Light, type Rank } from "~/domain/report";

/** 2026-11 → 2026年11月分 (English: 2026-11). */
export function periodLabel(period: string, locale: Locale) {
  const [y, m] = period.split("-").map(Number);
  return locale === "ja" && y && m ? `${y}年${m}月分` : period;
}

/** How much detail a rank gets: 経営層 0 (summary) … 担当者 3 (everything). */
export function detailLevel(rank: string) {
  return ({ 経営層: 0, 部門長: 1, 所属長: 2, 担当者: 3 } as Record<string, number>)[rank] ?? 0;
}

/**
 * Fills in what older snapshots (from before the board existed) do not carry, so every
 * stored report renders; figures that were never taken stay empty rather than invented.
 */
export function readSnapshot(s: Partial<ProjectFigures> | null | undefined): ProjectFigures {
  const raw = s ?? {};
  const today = raw.today ?? (raw.takenAt ? isoDateInJapan(raw.takenAt) : "");
  // Older snapshots lack some fields: the casts say "maybe missing" to the defaults below.
  const wgs: WgFigures[] = (raw.wgs ?? []).map((w) => {
    const old = w as Partial<WgFigures> & Pick<WgFigures, "wgId" | "name" | "open" | "closed" | "overdue" | "carriedOver">;
    return { ...old, ballByOrg: old.ballByOrg ?? {}, overdueBallByOrg: old.overdueBallByOrg ?? {}, meetingsThisMonth: old.meetingsThisMonth ?? 0 };
  });
  const byTown = (raw.decisionsPendingByTown ?? []).map((t) => {
    const old = t as Partial<ProjectFigures["decisionsPendingByTown"][number]> & { organizationId: number; name: string; pending: number };
    return { ...old, holding: old.holding ?? 0, awaitingApproval: old.awaitingApproval ?? 0 };
  });
  return {
    version: 2,
    takenAt: raw.takenAt ?? 0,
    today,
    projectId: raw.projectId ?? 0,
    projectName: raw.projectName ?? "",
    wgs,
    towns: raw.towns ?? byTown.map((t) => ({ organizationId: t.organizationId, name: t.name })),
    vendors: raw.vendors ?? [],
    otherHolders: raw.otherHolders ?? [],
    totals:
      raw.totals ??
      wgs.reduce(
        (a, w) => ({ open: a.open + w.open, closed: a.closed + w.closed, overdue: a.overdue + w.overdue, carriedOver: a.carriedOver + w.carriedOver }),
        { open: 0, closed: 0, overdue: 0, carriedOver: 0 },
      ),
    trend: raw.trend ?? { weeks: [], series: [] },
    meetings: raw.meetings ?? [],
    decisionsPending: raw.decisionsPending ?? [],
    decisionsPendingByTown: byTown,
    stanceCompletion: raw.stanceCompletion ?? [],
    decisionsMade: raw.decisionsMade ?? [],
    reviewsDue: raw.reviewsDue ?? [],
    milestones: (raw.milestones ?? []).map((m) => {
      const old = m as Partial<ProjectFigures["milestones"][number]> & { name: string; dueOn: string; doneOn: string | null };
      return { ...old, fixed: old.fixed ?? false, state: old.state ?? milestoneState(old, today) };
    }),
    risks: raw.risks ?? [],
  } as ProjectFigures;
}

export type Comparison = {
  previousId: number;
  previousPeriod: string;
  open: number;
  closed: number;
  overdue: number;
  carriedOver: number;
  /** Issues raised between the two snapshots. */
  opened: number;
  /** Decisions made between the two snapshots (null when the snapshot cannot tell). */
  decisionsMade: number | null;
  prevTotals: ProjectFigures["totals"];
  byWg: Record<string, number | null>;
};

/** The change since the previous published report of the same project. */
export function compareWithPrevious(
  current: ProjectFigures,
  previous: { id: number; period: string; snapshot: Partial<ProjectFigures> } | null,
  decidedFallback: number | null,
): Comparison | null {
  if (!previous) return null;
  const prev = readSnapshot(previous.snapshot);
  const c = current.totals;
  const p = prev.totals;
  const prevWg = new Map(prev.wgs.map((w) => [w.wgId, w.open]));
  return {
    previousId: previous.id,
    previousPeriod: previous.period,
    open: c.open - p.open,
    closed: c.closed - p.closed,
    overdue: c.overdue - p.overdue,
    carriedOver: c.carriedOver - p.carriedOver,
    opened: c.open + c.closed - (p.open + p.closed),
    decisionsMade: current.decisionsMade.length
      ? current.decisionsMade.filter((d) => d.decidedAt > prev.takenAt).length
      : decidedFallback,
    prevTotals: p,
    byWg: Object.fromEntries(current.wgs.map((w) => [String(w.wgId), prevWg.has(w.wgId) ? prevWg.get(w.wgId)! : null])),
  };
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "±0");

export type ReportDocumentData = {
  id: number;
  title: string;
  period: string;
  projectName: string;
  consortiumName: string;
  audienceRank: string;
  status: string;
  publishedAt: number | null;
  publishedByName: string | null;
  narrativeHtml: string;
  snapshot: Partial<ProjectFigures>;
  lights: Partial<Lights>;
  highlights: Partial<Highlights>;
  previous: { id: number; period: string; snapshot: Partial<ProjectFigures> } | null;
};

function LightBadge({ light, t }: { light: string; t: T }) {
  const cls = light === "遅延" ? "light late" : light === "注意" ? "light warn" : "light ok";
  const mark = light === "遅延" ? "●" : light === "注意" ? "▲" : "○";
  return (
    <span className={cls}>
      <span aria-hidden="true">{mark} </span>
      {t(`light.${light}` as never)}
    </span>
  );
}

export function ReportDocument({ data, t, locale, print = false }: { data: ReportDocumentData; t: T; locale: Locale; print?: boolean }) {
  const f = readSnapshot(data.snapshot);
  const level = detailLevel(data.audienceRank);
  const h: Highlights = { decided: [], risks: [], asks: [], ...data.highlights };
  const comparison = compareWithPrevious(f, data.previous, data.previous ? h.decided.length : null);
  const townName = new Map(f.towns.map((x) => [x.organizationId, x.name]));
  const lights = { wgs: data.lights.wgs ?? {}, towns: data.lights.towns ?? {} };
  const kpis: { key: string; label: string; value: number; delta: number | null; goodWhenDown: boolean }[] = [
    { key: "open", label: t("reports.kpiOpen"), value: f.totals.open, delta: comparison?.open ?? null, goodWhenDown: true },
    { key: "overdue", label: t("reports.kpiOverdue"), value: f.totals.overdue, delta: comparison?.overdue ?? null, goodWhenDown: true },
    { key: "carried", label: t("reports.kpiCarried"), value: f.totals.carriedOver, delta: comparison?.carriedOver ?? null, goodWhenDown: true },
    { key: "closed", label: t("reports.kpiClosedSince"), value: comparison ? comparison.closed : f.totals.closed, delta: null, goodWhenDown: false },
  ];
  return (
    <article className={print ? "report-doc print" : "report-doc"}>
      <header className="report-head">
        <p className="print-org">{data.consortiumName}</p>
        <h1>{data.title}</h1>
        <dl className="print-facts">
          <dt>{t("reports.period")}</dt>
          <dd>{periodLabel(data.period, locale)}</dd>
          <dt>{t("reports.project")}</dt>
          <dd>{data.projectName}</dd>
          <dt>{t("reports.audience")}</dt>
          <dd>{t(`rank.${data.audienceRank}` as never)}</dd>
          <dt>{t("reports.figuresAt")}</dt>
          <dd>{f.takenAt ? formatDateTime(f.takenAt, locale) : "—"}</dd>
          <dt>{t("reports.publishedLabel")}</dt>
          <dd>{data.publishedAt ? `${formatDay(data.publishedAt, locale)}（${data.publishedByName ?? ""}）` : t("reports.notYetPublished")}</dd>
        </dl>
      </header>

      <section className="report-section" aria-labelledby={`summary-${data.id}`}>
        <h2 id={`summary-${data.id}`}>{t("reports.summary")}</h2>
        <ul className="kpis">
          {kpis.map((k) => (
            <li key={k.key} className="kpi">
              <span className="kpi-label">{k.label}</span>
              <span className="kpi-value">{k.value}</span>
              {k.delta !== null ? (
                <span className={k.delta === 0 ? "kpi-delta" : (k.delta < 0) === k.goodWhenDown ? "kpi-delta good" : "kpi-delta bad"}>
                  {t("reports.sincePrevious", { delta: signed(k.delta) })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
        {comparison ? (
          <p className="report-compare">
            {t("reports.compareLine", {
              period: periodLabel(comparison.previousPeriod, locale),
              opened: comparison.opened,
              closed: comparison.closed,
              decided: comparison.decisionsMade ?? "—",
            })}
          </p>
        ) : (
          <p className="muted">{t("reports.noPrevious")}</p>
        )}
        {data.narrativeHtml ? <div className="markdown" dangerouslySetInnerHTML={{ __html: data.narrativeHtml }} /> : null}
      </section>

      <section className="report-section" aria-labelledby={`asks-${data.id}`}>
        <h2 id={`asks-${data.id}`}>{t("reports.asks")}</h2>
        {h.asks.length ? (
          <ol className="report-list asks">
            {h.asks.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t("reports.nothing")}</p>
        )}
      </section>

      <section className="report-section" aria-labelledby={`lights-${data.id}`}>
        <h2 id={`lights-${data.id}`}>{t("reports.lights")}</h2>
        <div className="lights-grid">
          <table className="table compact lights">
            <caption>{t("reports.lightsWg")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reports.wg")}</th>
                <th scope="col">{t("reports.light")}</th>
                <th scope="col">{t("reports.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {f.wgs.map((w) => {
                const l = lights.wgs[String(w.wgId)];
                return (
                  <tr key={w.wgId}>
                    <th scope="row">{w.name}</th>
                    <td>{l ? <LightBadge light={l.light} t={t} /> : "—"}</td>
                    <td>{l?.reason ?? ""}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <table className="table compact lights">
            <caption>{t("reports.lightsTown")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reports.town")}</th>
                <th scope="col">{t("reports.light")}</th>
                <th scope="col">{t("reports.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {f.towns.map((x) => {
                const l = lights.towns[String(x.organizationId)];
                return (
                  <tr key={x.organizationId}>
                    <th scope="row">{x.name}</th>
                    <td>{l ? <LightBadge light={l.light} t={t} /> : "—"}</td>
                    <td>{l?.reason ?? ""}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="report-section" aria-labelledby={`chart-${data.id}`}>
        <h2 id={`chart-${data.id}`}>{t("reports.chartOpenByWg")}</h2>
        <BarChart
          title={t("reports.chartOpenByWg")}
          description={f.wgs.map((w) => t("reports.chartOpenDesc", { wg: w.name, n: w.open, prev: comparison?.byWg[String(w.wgId)] ?? "—" })).join("、")}
          bars={f.wgs.map((w) => ({ label: w.name, value: w.open, previous: comparison ? comparison.byWg[String(w.wgId)] : null }))}
          unit={t("reports.unitIssues")}
          previousLabel={comparison ? t("reports.previousMark", { period: periodLabel(comparison.previousPeriod, locale) }) : undefined}
          tableLabels={{ item: t("reports.wg"), value: t("reports.now"), previous: t("reports.previous"), show: t("reports.chart.showTable") }}
        />
      </section>

      {level >= 1 ? (
        <>
          <section className="report-section" aria-labelledby={`decided-${data.id}`}>
            <h2 id={`decided-${data.id}`}>{t("reports.decided")}</h2>
            {h.decided.length ? (
              <ul className="report-list">
                {h.decided.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("reports.nothing")}</p>
            )}
          </section>
          <section className="report-section" aria-labelledby={`risks-${data.id}`}>
            <h2 id={`risks-${data.id}`}>{t("reports.risks")}</h2>
            {h.risks.length ? (
              <ul className="report-list">
                {h.risks.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("reports.nothing")}</p>
            )}
          </section>
          <section className="report-section" aria-labelledby={`milestones-${data.id}`}>
            <h2 id={`milestones-${data.id}`}>{t("reports.milestones")}</h2>
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">{t("reports.milestone")}</th>
                  <th scope="col">{t("reports.dueOn")}</th>
                  <th scope="col">{t("reports.state")}</th>
                </tr>
              </thead>
              <tbody>
                {f.milestones.map((m) => (
                  <tr key={`${m.name}-${m.dueOn}`}>
                    <th scope="row">{m.name}</th>
                    <td className="nowrap">{formatDate(m.dueOn, locale)}</td>
                    <td>
                      <span className={`badge ms-${m.state}`}>{t(`msState.${m.state}` as never)}</span>
                      {m.doneOn ? <span className="muted small"> {formatDate(m.doneOn, locale)}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}

      {level >= 2 ? (
        <section className="report-section" aria-labelledby={`figures-${data.id}`}>
          <h2 id={`figures-${data.id}`}>{t("reports.figuresByWg")}</h2>
          <div className="table-wrap">
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">{t("reports.wg")}</th>
                  <th scope="col" className="num">{t("reports.pmo.open")}</th>
                  <th scope="col" className="num">{t("reports.pmo.overdue")}</th>
                  <th scope="col" className="num">{t("reports.pmo.carried")}</th>
                  <th scope="col" className="num">{t("reports.pmo.closed")}</th>
                  {comparison ? <th scope="col" className="num">{t("reports.openChange")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {f.wgs.map((w) => {
                  const prev = comparison?.byWg[String(w.wgId)];
                  return (
                    <tr key={w.wgId}>
                      <th scope="row">{w.name}</th>
                      <td className="num">{w.open}</td>
                      <td className="num">{w.overdue}</td>
                      <td className="num">{w.carriedOver}</td>
                      <td className="num">{w.closed}</td>
                      {comparison ? <td className="num">{prev == null ? "—" : signed(w.open - prev)}</td> : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <h3>{t("reports.pendingByTown")}</h3>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t("reports.town")}</th>
                <th scope="col" className="num">{t("reports.pmo.awaitingStance")}</th>
                <th scope="col" className="num">{t("reports.pmo.holding")}</th>
                <th scope="col" className="num">{t("reports.pmo.awaitingApproval")}</th>
              </tr>
            </thead>
            <tbody>
              {f.decisionsPendingByTown.map((x) => (
                <tr key={x.organizationId}>
                  <th scope="row">{x.name}</th>
                  <td className="num">{x.pending}</td>
                  <td className="num">{x.holding}</td>
                  <td className="num">{x.awaitingApproval}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {f.trend.series.length ? (
            <>
              <h3>{t("reports.pmo.trendTitle")}</h3>
              <LineChart
                title={t("reports.pmo.trendTitle")}
                description={t("reports.pmo.trendDesc", { weeks: f.trend.weeks.length, summary: f.trend.series.map((s) => `${s.name} ${s.values[0]}→${s.values[s.values.length - 1]}`).join("、") })}
                labels={f.trend.weeks.map((w) => `${Number(w.slice(5, 7))}/${Number(w.slice(8, 10))}`)}
                series={f.trend.series}
                tableLabels={{ item: t("reports.wg"), show: t("reports.chart.showTable") }}
              />
            </>
          ) : null}
        </section>
      ) : null}

      {level >= 3 && f.decisionsPending.length ? (
        <section className="report-section" aria-labelledby={`pending-${data.id}`}>
          <h2 id={`pending-${data.id}`}>{t("reports.pmo.decisionsPending")}</h2>
          <ul className="report-list">
            {f.decisionsPending.map((d) => (
              <li key={d.id}>
                {d.number} {d.title}
                <span className="muted small">
                  {" "}
                  {[
                    d.awaitingStance.length ? `${t("reports.pmo.awaitingStance")}：${d.awaitingStance.map((o) => townName.get(o)).join("・")}` : "",
                    d.holding.length ? `${t("reports.pmo.holding")}：${d.holding.map((o) => townName.get(o)).join("・")}` : "",
                    d.awaitingApproval.length ? `${t("reports.pmo.awaitingApproval")}：${d.awaitingApproval.map((o) => townName.get(o)).join("・")}` : "",
                  ]
                    .filter(Boolean)
                    .join(" / ")}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

/**
 * The A4 print layout around the document: the consortium's name and period run in the page
 * header, page numbers come from the @page rules (see app.css, 進捗報告 section).
 * `interactive` adds the print button (not in the server-side PDF).
 */
export function ReportPrint({ data, t, locale, printedAt, interactive }: { data: ReportDocumentData; t: T; locale: Locale; printedAt: number; interactive: boolean }) {
  return (
    <main className="print-doc report-print">
      {/* Running header on every printed page: the consortium and the period. */}
      <style dangerouslySetInnerHTML={{ __html: `@page report { @top-right { content: "${cssText(`${data.consortiumName}　${periodLabel(data.period, locale)}`)}"; font-size: 8pt; color: #555; } }` }} />
      {interactive ? (
        <p className="print-actions">
          <a href={`/reports/${data.id}`} className="button">
            {t("reports.backToReport")}
          </a>{" "}
          <a href={`/reports/${data.id}.pdf`} className="button">
            {t("reports.downloadPdf")}
          </a>{" "}
          <button type="button" className="button primary" onClick={() => window.print()}>
            {t("reports.printButton")}
          </button>
        </p>
      ) : null}
      {data.status !== "公開" ? <p className="print-draft">{t("reports.draftWatermark")}</p> : null}
      <ReportDocument data={data} t={t} locale={locale} print />
      <footer className="print-footer">
        {data.consortiumName}・{periodLabel(data.period, locale)}・{t("reports.printedAt", { at: formatDateTime(printedAt, locale) })}
      </footer>
    </main>
  );
}

/** Text safe inside a CSS string in a <style> element. */
function cssText(s: string) {
  return s.replace(/[\\"<>\n\r]/g, " ");
}
