// Small SVG charts for the PMO board and the progress reports. Each chart is an image with a
// <title> and <desc> (read by screen readers) and comes with the same numbers as a table,
// so nothing is only in the picture. Pure SVG: prints sharply and needs no JavaScript.
import { useId, type ReactNode } from "react";

/** Colour-blind-safe palette (Okabe–Ito), darkened for contrast on white. */
export const SERIES_COLORS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#7a6a00", "#56b4e9", "#000000"];
/** Dash patterns so series differ by more than colour. */
const DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4"];

type Bar = { label: string; value: number; previous?: number | null; href?: string };

/**
 * Horizontal bars, one per row, optionally with the previous period's value as a thin mark.
 * `table` adds the numbers as a table under the chart (in a disclosure on screen).
 */
export function BarChart({
  title,
  description,
  bars,
  unit,
  previousLabel,
  tableLabels,
  max: fixedMax,
}: {
  title: string;
  description: string;
  bars: Bar[];
  unit: string;
  previousLabel?: string;
  tableLabels: { item: string; value: string; previous?: string; show: string };
  max?: number;
}) {
  const id = useId();
  const labelWidth = 118;
  const width = 440;
  const rowHeight = 30;
  const height = bars.length * rowHeight + 24;
  const max = Math.max(1, fixedMax ?? 0, ...bars.map((b) => Math.max(b.value, b.previous ?? 0)));
  const scale = (v: number) => ((width - labelWidth - 56) * v) / max;
  const hasPrevious = bars.some((b) => b.previous != null);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {bars.map((b, i) => {
          const y = i * rowHeight + 4;
          return (
            <g key={b.label}>
              <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="chart-label">
                {b.label}
              </text>
              <rect x={labelWidth} y={y + 4} width={Math.max(scale(b.value), b.value > 0 ? 2 : 0)} height={18} fill={SERIES_COLORS[0]} rx={2} />
              {b.previous != null ? (
                <line x1={labelWidth + scale(b.previous)} x2={labelWidth + scale(b.previous)} y1={y} y2={y + 26} stroke="#111" strokeWidth={2} strokeDasharray="3 2" />
              ) : null}
              <text x={labelWidth + scale(b.value) + 6} y={y + 18} className="chart-value">
                {b.value}
                {unit}
              </text>
            </g>
          );
        })}
        <line x1={labelWidth} x2={labelWidth} y1={0} y2={height - 20} stroke="#555" />
        {hasPrevious && previousLabel ? (
          <g>
            <line x1={labelWidth} x2={labelWidth + 16} y1={height - 8} y2={height - 8} stroke="#111" strokeWidth={2} strokeDasharray="3 2" />
            <text x={labelWidth + 22} y={height - 4} className="chart-legend">
              {previousLabel}
            </text>
          </g>
        ) : null}
      </svg>
      <ChartTable summary={tableLabels.show}>
        <table className="table compact">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{tableLabels.item}</th>
              <th scope="col" className="num">
                {tableLabels.value}
              </th>
              {hasPrevious ? (
                <th scope="col" className="num">
                  {tableLabels.previous}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td className="num">{b.href ? <a href={b.href}>{b.value}</a> : b.value}</td>
                {hasPrevious ? <td className="num">{b.previous ?? "—"}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </ChartTable>
    </figure>
  );
}

/** Lines over time (e.g. open issues per WG over 12 weeks), one per series, with a legend. */
export function LineChart({
  title,
  description,
  labels,
  series,
  tableLabels,
}: {
  title: string;
  description: string;
  /** X axis labels, oldest first (short, e.g. 11/22). */
  labels: string[];
  series: { name: string; values: number[] }[];
  tableLabels: { item: string; show: string };
}) {
  const id = useId();
  const width = 480;
  const height = 220;
  const left = 36;
  const right = 24;
  const top = 10;
  const bottom = 28;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const niceMax = Math.ceil(max / 5) * 5;
  const x = (i: number) => left + ((width - left - right) * i) / Math.max(1, labels.length - 1);
  const y = (v: number) => top + (height - top - bottom) * (1 - v / niceMax);
  const ticks = [0, niceMax / 5, (2 * niceMax) / 5, (3 * niceMax) / 5, (4 * niceMax) / 5, niceMax];
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={left - 6} y={y(v) + 4} textAnchor="end" className="chart-axis">
              {v}
            </text>
          </g>
        ))}
        {labels.map((l, i) =>
          // Every other week, counting back from this week so the newest label always shows.
          (labels.length - 1 - i) % 2 === 0 ? (
            <text key={l} x={x(i)} y={height - 8} textAnchor={i === labels.length - 1 ? "end" : "middle"} className="chart-axis">
              {l}
            </text>
          ) : null,
        )}
        {series.map((s, si) => (
          <g key={s.name}>
            <polyline
              points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")}
              fill="none"
              stroke={SERIES_COLORS[si % SERIES_COLORS.length]}
              strokeWidth={2.5}
              strokeDasharray={DASHES[si % DASHES.length]}
            />
            {s.values.length ? <circle cx={x(s.values.length - 1)} cy={y(s.values[s.values.length - 1])} r={3.5} fill={SERIES_COLORS[si % SERIES_COLORS.length]} /> : null}
          </g>
        ))}
      </svg>
      <ul className="chart-key">
        {series.map((s, si) => (
          <li key={s.name}>
            <svg width="28" height="10" aria-hidden="true">
              <line x1="0" x2="28" y1="5" y2="5" stroke={SERIES_COLORS[si % SERIES_COLORS.length]} strokeWidth={3} strokeDasharray={DASHES[si % DASHES.length]} />
            </svg>
            {s.name}（{s.values[s.values.length - 1] ?? 0}）
          </li>
        ))}
      </ul>
      <ChartTable summary={tableLabels.show}>
        {/* Focusable so keyboard users can scroll the 12 columns on a phone. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
          <table className="table compact">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{tableLabels.item}</th>
                {labels.map((l) => (
                  <th key={l} scope="col" className="num">
                    {l}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  {s.values.map((v, i) => (
                    <td key={labels[i]} className="num">
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ChartTable>
    </figure>
  );
}

/** The numbers behind a chart: a disclosure on screen, always open when printed. */
function ChartTable({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="chart-table">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
