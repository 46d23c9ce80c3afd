// The issue list: filter form, sortable table and pagination. The filter lives in the URL,
// so a list can be bookmarked and sent to a boss.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { MessageKey } from "~/i18n";
import { formatDate } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { useInAppLinks } from "./in-app-links";
import { isTyping } from "./shortcuts";

const STATUSES = ["未着手", "対応中", "回答待ち", "解決", "完了", "却下"] as const;
const TYPES = ["懸案", "課題", "質問", "要望", "リスク"] as const;
const CLOSED = new Set(["解決", "完了", "却下"]);

export type ListRow = {
  id: number;
  number: number;
  title: string;
  type: string;
  status: string;
  priority: string;
  dueOn: string | null;
  carryOverCount: number;
  createdAt: number;
  wgName: string | null;
  assigneeName: string | null;
  ballHolderName: string | null;
  vendorVisible: boolean;
  labels: { name: string; color: string }[];
  towns: string[];
};

type Choice = { id: number; name: string };

export function IssueFilters({
  choices,
  workingGroups,
  showVendorChoices = true,
}: {
  choices: { assignees: Choice[]; ballHolders: Choice[]; towns: Choice[]; labels: Choice[] };
  workingGroups?: Choice[];
  showVendorChoices?: boolean;
}) {
  const t = useT();
  const [params] = useSearchParams();
  const value = (k: string) => params.get(k) ?? "";
  const details = useRef<HTMLDetailsElement>(null);
  const filtered = [...params.keys()].some((k) => !["sort", "dir", "page"].includes(k));
  useEffect(() => {
    // On a phone the filters would fill the screen: folded until asked for.
    if (details.current && !filtered && window.matchMedia("(max-width: 700px)").matches) details.current.open = false;
  }, [filtered]);
  return (
    <details className="filters-toggle" open ref={details}>
      <summary>{t("issues.filter")}</summary>
    <Form method="get" className="filters card" aria-label={t("issues.filter")}>
      <input type="hidden" name="sort" value={value("sort")} />
      <input type="hidden" name="dir" value={value("dir")} />
      <div className="field">
        <label htmlFor="f-q">{t("issues.filterText")}</label>
        <input id="f-q" name="q" type="search" defaultValue={value("q")} />
      </div>
      {workingGroups ? (
        <Select id="f-wg" name="wg" label={t("issues.wg")} value={value("wg")} options={workingGroups.map((w) => [String(w.id), w.name])} />
      ) : null}
      <Select
        id="f-status"
        name="status"
        label={t("issues.status")}
        value={value("status") || "open"}
        noAny
        options={[["open", t("issues.statusOpen")], ["closed", t("issues.statusClosed")], ["all", t("issues.statusAll")], ...STATUSES.map((s) => [s, t(`status.${s}`)] as [string, string])]}
      />
      <Select id="f-type" name="type" label={t("issues.type")} value={value("type")} options={TYPES.map((s) => [s, t(`type.${s}`)])} />
      {showVendorChoices ? (
        <>
          <Select
            id="f-assignee"
            name="assignee"
            label={t("issues.assignee")}
            value={value("assignee")}
            options={[["me", t("issues.me")], ...choices.assignees.map((u) => [String(u.id), u.name] as [string, string])]}
          />
          <Select
            id="f-ball"
            name="ball"
            label={t("issues.ballShort")}
            value={value("ball")}
            options={[["mine", t("issues.myTown")], ...choices.ballHolders.map((o) => [String(o.id), o.name] as [string, string])]}
          />
          <Select id="f-town" name="town" label={t("issues.townsShort")} value={value("town")} options={choices.towns.map((o) => [String(o.id), o.name])} />
          <Select id="f-label" name="label" label={t("issues.labels")} value={value("label")} options={choices.labels.map((l) => [String(l.id), l.name])} />
          <Select
            id="f-carry"
            name="carry"
            label={t("issues.minCarry")}
            value={value("carry")}
            options={[1, 2, 3, 5].map((n) => [String(n), t("issues.minCarryN", { n })])}
          />
        </>
      ) : null}
      <div className="field checkbox">
        <input id="f-overdue" type="checkbox" name="overdue" value="1" defaultChecked={value("overdue") === "1"} />
        <label htmlFor="f-overdue">{t("issues.overdueOnly")}</label>
      </div>
      <div className="filter-actions">
        <button type="submit" className="button primary">
          {t("issues.filterApply")}
        </button>
        <Link to="?" className="button">
          {t("issues.filterClear")}
        </Link>
      </div>
    </Form>
    </details>
  );
}

function Select({ id, name, label, value, options, noAny }: { id: string; name: string; label: string; value: string; options: [string, string][]; noAny?: boolean }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {noAny ? null : <option value="">{t("issues.any")}</option>}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

const COLUMNS: { key: string; label: MessageKey; sort?: string }[] = [
  { key: "number", label: "issues.number", sort: "number" },
  { key: "title", label: "issues.subject", sort: "title" },
  { key: "type", label: "issues.type", sort: "type" },
  { key: "status", label: "issues.status", sort: "status" },
  { key: "priority", label: "issues.priority", sort: "priority" },
  { key: "assignee", label: "issues.assignee", sort: "assignee" },
  { key: "ball", label: "issues.ballShort", sort: "ball" },
  { key: "due", label: "issues.due", sort: "due" },
  { key: "carry", label: "issues.carry", sort: "carry" },
  { key: "age", label: "issues.age", sort: "age" },
];

function SortHeader({ column }: { column: (typeof COLUMNS)[number] }) {
  const t = useT();
  const [params] = useSearchParams();
  const active = params.get("sort") === column.sort;
  const dir = params.get("dir");
  const next = new URLSearchParams(params);
  next.set("sort", column.sort!);
  // A second click reverses; a first click starts with what is most useful for the column.
  const firstDir = ["number", "priority", "carry", "age"].includes(column.sort!) ? "desc" : "asc";
  next.set("dir", active ? (dir === "asc" ? "desc" : "asc") : firstDir);
  next.delete("page");
  return (
    <th scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : undefined}>
      <a href={`?${next}`} title={t("issues.sortBy", { column: t(column.label) })} className="sort-link">
        {t(column.label)}
        <span aria-hidden="true">{active ? (dir === "asc" ? " ▲" : " ▼") : ""}</span>
      </a>
    </th>
  );
}

export function IssueTable({ rows, today, showWg }: { rows: ListRow[]; today: string; showWg?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const body = useRef<HTMLTableSectionElement>(null);
  useListKeys(body);
  // Plain links (see in-app-links): the table's sort headers and rows.
  const table = useInAppLinks();
  if (rows.length === 0) return <p className="card muted">{t("issues.none")}</p>;
  return (
    <div className="table-wrap" ref={table}>
      <table className="table issue-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <SortHeader key={c.key} column={c} />
            ))}
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.map((r) => {
            const overdue = !!r.dueOn && r.dueOn < today && !CLOSED.has(r.status);
            const age = Math.round((Date.parse(`${today}T00:00:00+09:00`) - r.createdAt) / 86_400_000);
            return (
              <tr key={r.id} className={CLOSED.has(r.status) ? "closed" : undefined}>
                <td className="nowrap">#{r.number}</td>
                <td className="issue-title-cell">
                  <a href={`/issues/${r.number}`} className="row-link">
                    {r.title}
                  </a>
                  <div className="row-meta">
                    {showWg ? <span className="muted small">{r.wgName}</span> : null}
                    {r.labels.map((l) => (
                      <span key={l.name} className="label-chip" style={{ borderColor: l.color }}>
                        {l.name}
                      </span>
                    ))}
                    {r.vendorVisible ? <span className="badge shared">{t("issues.sharedBadge")}</span> : null}
                  </div>
                </td>
                <td className="nowrap">{t(`type.${r.type}` as MessageKey)}</td>
                <td className="nowrap">
                  <StatusBadge status={r.status} />
                </td>
                <td className="nowrap">
                  <span className={`priority priority-${r.priority}`}>{t(`priority.${r.priority}` as MessageKey)}</span>
                </td>
                <td>{r.assigneeName ?? <span className="muted">{t("issues.unassigned")}</span>}</td>
                <td>{r.ballHolderName ?? "—"}</td>
                <td className={overdue ? "nowrap overdue" : "nowrap"}>
                  {r.dueOn ? formatDate(r.dueOn, locale) : "—"}
                  {overdue ? <span className="visually-hidden">（{t("issues.overdue")}）</span> : null}
                </td>
                <td className="nowrap">{r.carryOverCount > 0 ? <CarryBadge count={r.carryOverCount} /> : "—"}</td>
                <td className="nowrap">{t("issues.ageDays", { days: Math.max(0, age) })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge status ${CLOSED.has(status) ? "done" : status === "回答待ち" ? "waiting" : ""}`}>{t(`status.${status}` as MessageKey)}</span>;
}

export function CarryBadge({ count }: { count: number }) {
  const t = useT();
  return <span className={count >= 3 ? "badge carry severe" : "badge carry"}>{t("issues.carryCount", { count })}</span>;
}

/** 1,000 rather than 1000 (Japanese uses the same digit grouping). */
const grouped = (n: number) => n.toLocaleString("en-US");

/** A list's position: `exact` is false when the count stopped early (「1,000件以上」, a next page still). */
export function Pagination({
  list: { page, pageCount, total, pageSize, exact },
}: {
  list: { page: number; pageCount: number; total: number; pageSize: number; exact: boolean };
}) {
  const t = useT();
  const [params] = useSearchParams();
  const to = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    return `?${next}`;
  };
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  return (
    <nav className="pagination" aria-label={t(exact ? "issues.page" : "issues.pageAtLeast", { page, pages: pageCount })}>
      <span className="muted">
        {total === 0
          ? t("issues.countZero")
          : t(exact ? "issues.count" : "issues.countAtLeast", { total: grouped(total), from: grouped(from), to: grouped(Math.min(total, page * pageSize)) })}
      </span>
      {pageCount > 1 ? (
        <span className="pager">
          {page > 1 ? (
            <Link to={to(page - 1)} rel="prev" className="button">
              {t("issues.prev")}
            </Link>
          ) : null}
          <span>{t(exact ? "issues.page" : "issues.pageAtLeast", { page, pages: pageCount })}</span>
          {page < pageCount ? (
            <Link to={to(page + 1)} rel="next" className="button">
              {t("issues.next")}
            </Link>
          ) : null}
        </span>
      ) : null}
    </nav>
  );
}

/** j / k move between rows (never while typing or while an IME is composing). */
function useListKeys(body: React.RefObject<HTMLTableSectionElement>) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (isTyping(event) || (event.key !== "j" && event.key !== "k")) return;
      const links = [...(body.current?.querySelectorAll<HTMLAnchorElement>("a.row-link") ?? [])];
      if (!links.length) return;
      const index = links.indexOf(document.activeElement as HTMLAnchorElement);
      const next = event.key === "j" ? Math.min(links.length - 1, index + 1) : Math.max(0, index === -1 ? 0 : index - 1);
      links[next].focus();
      event.preventDefault();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [body]);
}
