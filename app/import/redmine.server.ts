// Redmine's issues: its CSV export (Japanese UI) and its REST API's JSON, with journals.
import { isoDateInJapan } from "../utils/dates";
import {
  collect,
  headerTable,
  specTargets,
  tableItems,
  type ColumnSpec,
  type Field,
  type ImportChange,
  type ImportComment,
  type IssueType,
  type NormalizeOptions,
  type ParseResult,
  type RawIssue,
  type RowContext,
} from "./normalize.server";
import type { Sheet } from "./table.server";

/** Redmine's default trackers; any other stays 課題, with its name kept in the body. */
const TRACKERS: Record<string, IssueType> = { バグ: "課題", 機能: "要望", サポート: "質問", bug: "課題", feature: "要望", support: "質問" };

/** CSV header → field. Columns not listed here or in CSV_META are left out. */
const CSV_COLUMNS: Record<string, Field> = {
  "#": "number",
  トラッカー: "type",
  ステータス: "status",
  優先度: "priority",
  題名: "title",
  担当者: "assigneeName",
  期日: "dueOn",
  作成日: "createdOn",
  説明: "body",
  // The CSV has the latest comment only, without its author: it goes into the body.
  最新のコメント: "note",
};
const CSV_META = ["プロジェクト", "カテゴリ", "対象バージョン", "作成者", "開始日", "親チケット"];
const LABELS = Object.fromEntries(Object.entries(CSV_COLUMNS).map(([label, field]) => [field, label]));

const reference = (id: string | number) => `Redmine #${id}`;

/** Redmine's CSV export (Japanese UI), as a source whose columns a person may still change. */
export const REDMINE_CSV: ColumnSpec = { columns: CSV_COLUMNS, meta: CSV_META, reference, unknownType: "keep", typeMap: TRACKERS };

/** True when the header row is Redmine's. */
export function isRedmineHeader(headers: string[]) {
  return ["#", "トラッカー", "ステータス", "題名"].every((h) => headers.includes(h));
}

const withTrackers = (options: NormalizeOptions): NormalizeOptions => ({ ...options, typeMap: { ...TRACKERS, ...options.typeMap } });

/** Redmine's CSV export: the first row is its header. */
export function parseRedmineCsv(sheet: Sheet, options: NormalizeOptions = {}): ParseResult {
  const table = headerTable(sheet);
  return collect(tableItems(table, specTargets(table.headers, REDMINE_CSV), REDMINE_CSV), withTrackers(options));
}

// ---- JSON ----

type Named = { id?: number; name?: string } | null | undefined;
type Journal = {
  user?: Named;
  notes?: string | null;
  private_notes?: boolean;
  created_on?: string;
  details?: { property?: string; name?: string; old_value?: string | null; new_value?: string | null }[];
};
export type RedmineIssue = {
  id: number;
  project?: Named;
  tracker?: Named;
  status?: Named;
  priority?: Named;
  author?: Named;
  assigned_to?: Named;
  category?: Named;
  fixed_version?: Named;
  subject?: string;
  description?: string | null;
  start_date?: string | null;
  due_date?: string | null;
  created_on?: string;
  journals?: Journal[];
};

const isIssue = (v: unknown): v is RedmineIssue => !!v && typeof v === "object" && typeof (v as RedmineIssue).id === "number" && "subject" in (v as object);

/**
 * The issues in any of Redmine's answers: `{ issues: [...] }` (a list), `{ issue: {...} }`
 * (one shown), arrays of either, or an object holding several such answers. An issue seen
 * twice is kept once, its fuller copy (the one with journals) winning.
 */
export function redmineIssues(json: unknown): RedmineIssue[] {
  const byId = new Map<number, RedmineIssue>();
  const visit = (v: unknown, depth: number) => {
    if (depth > 4 || !v || typeof v !== "object") return;
    if (isIssue(v)) {
      const seen = byId.get(v.id);
      if (!seen || (v.journals && !seen.journals)) byId.set(v.id, { ...seen, ...v });
      return;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child, depth + 1);
  };
  visit(json, 0);
  return [...byId.values()];
}

export function looksLikeRedmineJson(json: unknown) {
  return redmineIssues(json).length > 0;
}

const FIELD_NAMES: Record<string, string> = {
  status_id: "ステータス",
  assigned_to_id: "担当者",
  priority_id: "優先度",
  tracker_id: "トラッカー",
  due_date: "期日",
  start_date: "開始日",
  subject: "題名",
  done_ratio: "進捗率",
  category_id: "カテゴリ",
  fixed_version_id: "対象バージョン",
  description: "説明",
};

/** Names for the ids a journal's details carry, from what the file shows. */
function namesById(issues: RedmineIssue[]) {
  const names: Record<string, Map<string, string>> = { status_id: new Map(), assigned_to_id: new Map(), priority_id: new Map(), tracker_id: new Map() };
  const add = (key: string, v: Named) => v?.id != null && v.name && names[key].set(String(v.id), v.name);
  for (const i of issues) {
    add("status_id", i.status);
    add("priority_id", i.priority);
    add("tracker_id", i.tracker);
    add("assigned_to_id", i.assigned_to);
    add("assigned_to_id", i.author);
    for (const j of i.journals ?? []) add("assigned_to_id", j.user);
  }
  return names;
}

/** The attributes whose changes become Renkei's own history (the rest stay lines of the comment). */
const HISTORY_FIELDS: Record<string, ImportChange["field"]> = { status_id: "status", priority_id: "priority", tracker_id: "type", due_date: "dueOn", subject: "title" };

/** Each attribute change: a history entry Renkei keeps, or 「担当者: 山田 → 佐藤」 for the comment. */
function journalChanges(details: Journal["details"], names: ReturnType<typeof namesById>) {
  const changes: ImportChange[] = [];
  const lines: string[] = [];
  for (const d of details ?? []) {
    if (d.property !== "attr" || !d.name) continue;
    const label = FIELD_NAMES[d.name] ?? d.name;
    if (d.name === "description") {
      lines.push(`${label}を更新`);
      continue;
    }
    const value = (v: string | null | undefined) => (v == null || v === "" ? null : (names[d.name!]?.get(v) ?? v));
    const field = HISTORY_FIELDS[d.name];
    // A status known only by its id (no issue of the file has it) cannot be mapped: a line.
    const unnamed = (v: string | null | undefined) => v != null && v !== "" && names[d.name!] && !names[d.name!].has(v);
    if (field && !unnamed(d.old_value) && !unnamed(d.new_value)) changes.push({ field, label, from: value(d.old_value), to: value(d.new_value) });
    else lines.push(`${label}: ${value(d.old_value) ?? "（なし）"} → ${value(d.new_value) ?? "（なし）"}`);
  }
  return { changes, lines };
}

function comments(issue: RedmineIssue, names: ReturnType<typeof namesById>): ImportComment[] {
  return (issue.journals ?? []).flatMap((j) => {
    const { changes, lines } = journalChanges(j.details, names);
    const body = [j.notes?.trim(), lines.join("\n")].filter(Boolean).join("\n\n");
    if (!body && !changes.length) return [];
    const at = j.created_on ? Date.parse(j.created_on) : NaN;
    return [{ author: j.user?.name ?? "", at: Number.isNaN(at) ? null : at, body, ...(j.private_notes && { internal: true }), ...(changes.length && { changes }) }];
  });
}

/** Redmine's REST JSON (already parsed). `line` is the issue's position in the file. */
export function parseRedmineJson(json: unknown, options: NormalizeOptions = {}): ParseResult {
  const issues = redmineIssues(json);
  const names = namesById(issues);
  const items = issues.map((issue, i) => {
    const created = issue.created_on ? Date.parse(issue.created_on) : NaN;
    const raw: RawIssue = {
      line: i + 1,
      number: String(issue.id),
      title: issue.subject ?? "",
      body: issue.description ?? "",
      type: issue.tracker?.name ?? "",
      status: issue.status?.name ?? "",
      priority: issue.priority?.name ?? "",
      dueOn: issue.due_date ?? "",
      createdOn: Number.isNaN(created) ? "" : isoDateInJapan(created),
      assigneeName: issue.assigned_to?.name ?? "",
    };
    const meta: RowContext["meta"] = [
      ["プロジェクト", issue.project?.name],
      ["カテゴリ", issue.category?.name],
      ["対象バージョン", issue.fixed_version?.name],
      ["作成者", issue.author?.name],
      ["開始日", issue.start_date ?? undefined],
    ];
    const context: RowContext = { labels: LABELS, unknownType: "keep", reference: reference(issue.id), meta, comments: comments(issue, names) };
    return { raw, context };
  });
  return collect(items, withTrackers(options));
}
