// One entry for an uploaded issue list: which tool it came from, then its rows as issues.
// `parseIssueFile` reads a file in one go; the import page uses its steps: `loadIssueFile`
// (the file as a table or Redmine's issues), `suggestTargets` (each column's field),
// `valuesSeen` (the values a person confirms) and `readIssues` (the rows, with every error).
import { BACKLOG_CSV, isBacklogHeader, parseBacklogCsv } from "./backlog.server";
import { KADAI_KANRI, mappingTargets, pickTable, suggestMapping, toIssues, type KadaiTable, type Mapping } from "./kadai-kanri.server";
import {
  cleanLine,
  collect,
  headerTable,
  specTargets,
  splitNames,
  tableItems,
  type ColumnSpec,
  type ColumnTarget,
  type Field,
  type ImportError,
  type IssueType,
  type NormalizedIssue,
  type NormalizeOptions,
  type ParseResult,
} from "./normalize.server";
import { isRedmineHeader, looksLikeRedmineJson, parseRedmineCsv, parseRedmineJson, REDMINE_CSV, redmineIssues, type RedmineIssue } from "./redmine.server";
import { decodeText, MAX_FILE_BYTES, readTable, type Sheet } from "./table.server";

export type ImportSource = "kadai-kanri" | "redmine-csv" | "redmine-json" | "backlog";

export type ParsedFile =
  | {
      ok: true;
      source: ImportSource;
      rows: NormalizedIssue[];
      errors: ImportError[];
      /** The 課題管理表 and the mapping used, for a caller that lets people change it. */
      table?: KadaiTable;
      mapping?: Mapping;
      skippedSheets: { name: string; reason: string }[];
    }
  | { ok: false; message: string };

const headerOf = (sheet: Sheet) => (sheet.rows[0] ?? []).map((h) => h.trim());

/** The tool a file came from: sheets by their header, parsed JSON by its shape. */
export function detectSource(input: Sheet[] | unknown): ImportSource | null {
  const isSheets = Array.isArray(input) && input.length > 0 && input.every((s) => s && typeof s === "object" && "rows" in s && "name" in s);
  if (!isSheets) return looksLikeRedmineJson(input) ? "redmine-json" : null;
  const sheets = input as Sheet[];
  if (sheets.some((s) => isRedmineHeader(headerOf(s)))) return "redmine-csv";
  if (sheets.some((s) => isBacklogHeader(headerOf(s)))) return "backlog";
  return pickTable(sheets).table ? "kadai-kanri" : null;
}

const NO_HEADER =
  "課題の一覧として読めませんでした。先頭15行以内に「件名」「期限」「状況」などの見出しの行があるか確認してください（Redmine・Backlog の CSV はそのまま取り込めます）。";

function parseJson(buffer: Buffer): unknown {
  try {
    return JSON.parse(decodeText(buffer));
  } catch {
    return undefined;
  }
}

export async function parseIssueFile(buffer: Buffer, fileName: string, options: NormalizeOptions & { maxRows?: number } = {}): Promise<ParsedFile> {
  const head = buffer.subarray(0, 16).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (fileName.toLowerCase().endsWith(".json") || head.startsWith("{") || head.startsWith("[")) {
    if (buffer.length > MAX_FILE_BYTES) return { ok: false, message: `ファイルが大きすぎます（${MAX_FILE_BYTES / 1024 / 1024}MB まで）。` };
    const json = parseJson(buffer);
    if (json === undefined) return { ok: false, message: "JSON ファイルとして読めませんでした。" };
    if (detectSource(json) !== "redmine-json") return { ok: false, message: "Redmine の JSON（/issues.json）として読めませんでした。" };
    return { ok: true, source: "redmine-json", ...parseRedmineJson(json, options), skippedSheets: [] };
  }

  const read = await readTable(buffer, fileName, { maxRows: options.maxRows });
  if (!read.ok) return read;
  const source = detectSource(read.sheets);
  if (source === "redmine-csv" || source === "backlog") {
    const sheet = read.sheets.find((s) => (source === "backlog" ? isBacklogHeader : isRedmineHeader)(headerOf(s)))!;
    const parse = source === "backlog" ? parseBacklogCsv : parseRedmineCsv;
    const skippedSheets = read.sheets.filter((s) => s !== sheet).map((s) => ({ name: s.name, reason: "課題一覧は先のシートから読みました。" }));
    return { ok: true, source, ...parse(sheet, options), skippedSheets };
  }
  const { table, skipped } = pickTable(read.sheets);
  if (!table) return { ok: false, message: NO_HEADER };
  const mapping = suggestMapping(table.headers);
  if (mapping.title === undefined) return { ok: false, message: "「件名」（課題名・タイトル）の列が見つかりません。" };
  return { ok: true, source: "kadai-kanri", ...toIssues(table, mapping, options), table, mapping, skippedSheets: skipped };
}

// ---- the import page's steps ----

type TabularSource = Exclude<ImportSource, "redmine-json">;
export type LoadedFile =
  | { ok: true; source: TabularSource; table: KadaiTable; issues?: undefined; skippedSheets: { name: string; reason: string }[] }
  | { ok: true; source: "redmine-json"; table?: undefined; issues: RedmineIssue[]; skippedSheets: { name: string; reason: string }[] }
  | { ok: false; message: string };

const SPECS: Record<"redmine-csv" | "backlog", ColumnSpec> = { "redmine-csv": REDMINE_CSV, backlog: BACKLOG_CSV };
/** An imported 課題管理表 row keeps its No. as the body's first line, searchable like Redmine's numbers. */
const KADAI_KANRI_NUMBERED = { ...KADAI_KANRI, reference: (n: string) => `課題管理表 No.${n}` };

/** The file as a table (with the tool it came from) or as Redmine's issues; a message when it cannot be read. */
export async function loadIssueFile(buffer: Buffer, fileName: string, { maxRows }: { maxRows?: number } = {}): Promise<LoadedFile> {
  const head = buffer.subarray(0, 16).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (fileName.toLowerCase().endsWith(".json") || head.startsWith("{") || head.startsWith("[")) {
    if (buffer.length > MAX_FILE_BYTES) return { ok: false, message: `ファイルが大きすぎます（${MAX_FILE_BYTES / 1024 / 1024}MB まで）。` };
    const json = parseJson(buffer);
    if (json === undefined) return { ok: false, message: "JSON ファイルとして読めませんでした。" };
    const issues = redmineIssues(json);
    if (!issues.length) return { ok: false, message: "Redmine の JSON（/issues.json）として読めませんでした。" };
    if (maxRows !== undefined && issues.length > maxRows) {
      return { ok: false, message: `課題が多すぎます（${maxRows.toLocaleString("ja-JP")}件まで）。ファイルを分けて取り込んでください。` };
    }
    return { ok: true, source: "redmine-json", issues, skippedSheets: [] };
  }
  const read = await readTable(buffer, fileName, { maxRows });
  if (!read.ok) return read;
  const source = detectSource(read.sheets);
  if (source === "redmine-csv" || source === "backlog") {
    const sheet = read.sheets.find((s) => (source === "backlog" ? isBacklogHeader : isRedmineHeader)(headerOf(s)))!;
    const skippedSheets = read.sheets.filter((s) => s !== sheet).map((s) => ({ name: s.name, reason: "課題一覧は先のシートから読みました。" }));
    return { ok: true, source, table: headerTable(sheet), skippedSheets };
  }
  const { table, skipped } = pickTable(read.sheets);
  if (!table) return { ok: false, message: NO_HEADER };
  return { ok: true, source: "kadai-kanri", table, skippedSheets: skipped };
}

/** Each column's target as the tool's export names it, or as the 課題管理表's headers suggest. */
export function suggestTargets(file: Extract<LoadedFile, { ok: true }>): ColumnTarget[] {
  if (!file.table) return [];
  if (file.source === "kadai-kanri") return mappingTargets(file.table.headers, suggestMapping(file.table.headers));
  return specTargets(file.table.headers, SPECS[file.source]);
}

/** The tool's own names for types (Redmine's trackers, Backlog's 種別), under the caller's. */
export function sourceTypeMap(source: ImportSource): Record<string, IssueType> {
  return source === "kadai-kanri" ? {} : source === "redmine-json" ? REDMINE_CSV.typeMap : SPECS[source].typeMap;
}

/** The rows as issues through each column's target, with every error at its row and cell. */
export function readIssues(file: Extract<LoadedFile, { ok: true }>, targets: ColumnTarget[], options: NormalizeOptions): ParseResult {
  const withSource = { ...options, typeMap: { ...sourceTypeMap(file.source), ...options.typeMap } };
  if (file.source === "redmine-json") return parseRedmineJson(file.issues, withSource);
  return collect(tableItems(file.table, targets, file.source === "kadai-kanri" ? KADAI_KANRI_NUMBERED : SPECS[file.source]), withSource);
}

export type SeenValues = Record<"status" | "type" | "priority" | "organizations", { value: string; count: number }[]>;

/** The values of the file a person confirms (状況, 分類, 優先度) and the town names it writes, each with how often. */
export function valuesSeen(file: Extract<LoadedFile, { ok: true }>, targets: ColumnTarget[]): SeenValues {
  const counts = { status: new Map<string, number>(), type: new Map<string, number>(), priority: new Map<string, number>(), organizations: new Map<string, number>() };
  const add = (kind: keyof typeof counts, value: string | null | undefined) => {
    const v = cleanLine(value ?? "");
    if (v) counts[kind].set(v, (counts[kind].get(v) ?? 0) + 1);
  };
  if (file.source === "redmine-json") {
    for (const issue of file.issues) {
      add("status", issue.status?.name);
      add("type", issue.tracker?.name);
      add("priority", issue.priority?.name);
    }
    // The history's values too: they are read through the same tables.
    const { rows } = parseRedmineJson(file.issues);
    for (const change of rows.flatMap((r) => r.comments ?? []).flatMap((c) => c.changes ?? [])) {
      if (change.field === "status" || change.field === "type" || change.field === "priority") {
        add(change.field, change.from);
        add(change.field, change.to);
      }
    }
  } else {
    const column = (field: Field) => targets.indexOf(field);
    const pick = (field: Field) => (column(field) === -1 ? [] : file.table.rows.map((r) => r.cells[column(field)]));
    for (const kind of ["status", "type", "priority"] as const) for (const v of pick(kind)) add(kind, v);
    for (const v of [...pick("reporterOrg"), ...pick("assigneeOrg")]) add("organizations", v);
    for (const v of pick("affectedOrgs")) for (const name of splitNames(v)) add("organizations", name);
  }
  const list = (m: Map<string, number>) => [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, "ja"));
  return { status: list(counts.status), type: list(counts.type), priority: list(counts.priority), organizations: list(counts.organizations) };
}
