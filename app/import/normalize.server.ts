// What every import source shares: the normalized issue, the default value maps, and the
// step from a row's raw texts (one per field) to a checked NormalizedIssue.
import { ISSUE_STATUSES, ISSUE_TYPES, PRIORITIES } from "../../db/schema/issue";
import { excelSerialToIso, parseJapaneseDate } from "../utils/japanese-date";
import { stripControls } from "../utils/text";

export type IssueType = (typeof ISSUE_TYPES)[number];
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];

/** A field change in a tracker's history, as the tracker names the values (新規 → 進行中). */
export type ImportChange = { field: "status" | "priority" | "type" | "dueOn" | "title"; label: string; from: string | null; to: string | null };

/** A comment (and the changes made with it) by someone of the tracker, kept under their name. */
export type ImportComment = { author: string; at: number | null; body: string; internal?: boolean; changes?: ImportChange[] };

export type NormalizedIssue = {
  /** 1-based row in the sheet (or position in a JSON file), for messages. */
  line: number;
  sourceNumber?: string;
  /** The body's first line naming where it came from (「Redmine #9980」), when the source has one. */
  reference?: string;
  title: string;
  body: string;
  type: IssueType;
  status: IssueStatus;
  priority: Priority;
  dueOn: string | null;
  createdOn: string | null;
  assigneeName?: string;
  assigneeOrg?: string;
  reporterOrg?: string;
  affectedOrgs: string[];
  comments?: ImportComment[];
};

export type ImportError = { line: number; column: string; message: string };

export type ParseResult = { rows: NormalizedIssue[]; errors: ImportError[] };

/** The fields a column can feed. */
export const FIELDS = [
  "number",
  "title",
  "body",
  "type",
  "status",
  "priority",
  "dueOn",
  "createdOn",
  "reporterOrg",
  "assigneeOrg",
  "assigneeName",
  "affectedOrgs",
  "response",
  "note",
] as const;
export type Field = (typeof FIELDS)[number];

export type RawIssue = Partial<Record<Field, string>> & { line: number };

/** What a column of a sheet becomes: a field, a 「見出し: 値」 line of the body, or nothing. */
export type ColumnTarget = Field | "meta" | "skip";
export const COLUMN_TARGETS: readonly ColumnTarget[] = [...FIELDS, "meta", "skip"];

export type ValueMaps = {
  statusMap?: Record<string, IssueStatus>;
  typeMap?: Record<string, IssueType>;
  priorityMap?: Record<string, Priority>;
};

export type NormalizeOptions = ValueMaps & {
  organizations?: string[];
  /** Town names as a file writes them → the organization they mean (as in `organizations`). */
  organizationAliases?: Record<string, string>;
  /**
   * The people an assignee can be. When given, an assignee not among them is kept in the body
   * (「担当者: 山田 太郎（該当する利用者がいないため未割当）」) and the issue goes unassigned.
   */
  people?: string[];
  /** Today (ISO), for dates written without a year. */
  today?: string;
};

/** How a source treats a row: its column names for messages and what it adds to the body. */
export type RowContext = {
  labels: Partial<Record<Field, string>>;
  /** An unknown type: an error (a sheet typed by people) or 課題 with the value kept (a tracker). */
  unknownType?: "error" | "keep";
  /** A first line such as 「Redmine #9980」. */
  reference?: string;
  /** Extra labelled lines under the reference (カテゴリ, 作成者, …). */
  meta?: [label: string, value: string | undefined][];
  comments?: ImportComment[];
};

/** Text as a lookup key: full-width and half-width folded, spaces removed, Latin lower-cased. */
export function normalizeKey(text: string) {
  return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/** A single-line cell: controls dropped, spaces trimmed and collapsed. */
export function cleanLine(text: string | undefined) {
  return stripControls(text ?? "").replace(/[\s\u3000]+/g, " ").trim();
}

/** A multi-line cell: controls dropped, each line's trailing spaces and outer blank lines trimmed. */
export function cleanBlock(text: string | undefined) {
  return stripControls((text ?? "").replace(/\r\n?/g, "\n"), { multiline: true })
    .replace(/[ \t\u3000]+$/gm, "")
    .replace(/^\n+|\n+$/g, "");
}

const entries = <T extends string>(pairs: [T, string[]][]) =>
  Object.fromEntries(pairs.flatMap(([value, words]) => [value, ...words].map((w) => [normalizeKey(w), value]))) as Record<string, T>;

export const DEFAULT_STATUS_MAP = entries<IssueStatus>([
  ["未着手", ["未対応", "新規", "未処理", "未"]],
  ["対応中", ["進行中", "検討中", "処理中", "作業中", "調整中"]],
  ["回答待ち", ["確認待ち", "フィードバック", "回答待", "照会中"]],
  ["解決", ["解決済", "解決済み", "処理済み", "対応済", "対応済み"]],
  ["完了", ["済", "終了", "クローズ", "close", "closed", "done"]],
  ["却下", ["取下げ", "取り下げ", "取下"]],
]);

export const DEFAULT_TYPE_MAP = entries<IssueType>([
  ["懸案", ["懸案事項"]],
  ["課題", []],
  ["質問", ["問合せ", "問い合わせ", "照会", "確認事項"]],
  ["要望", ["要求"]],
  ["リスク", []],
]);

export const DEFAULT_PRIORITY_MAP = entries<Priority>([
  ["低", ["低め", "小"]],
  ["中", ["通常", "普通", "標準"]],
  ["高", ["高め", "大", "重要"]],
  ["緊急", ["急いで", "今すぐ", "至急", "最優先", "最高"]],
]);

/** A caller's map (keys as typed) over the defaults. */
export function mergeMap<T extends string>(defaults: Record<string, T>, extra: Record<string, T> | undefined) {
  if (!extra) return defaults;
  const merged = { ...defaults };
  for (const [k, v] of Object.entries(extra)) merged[normalizeKey(k)] = v;
  return merged;
}

/** The value maps a row is read with: the defaults, the source's own (trackers), the caller's. */
export function valueMaps(options: ValueMaps) {
  return {
    status: mergeMap(DEFAULT_STATUS_MAP, options.statusMap),
    type: mergeMap(DEFAULT_TYPE_MAP, options.typeMap),
    priority: mergeMap(DEFAULT_PRIORITY_MAP, options.priorityMap),
  };
}

/** What a file's value (状況 「検討中」) is in Renkei through the maps, or undefined. */
export function mapValue<K extends keyof ReturnType<typeof valueMaps>>(maps: ReturnType<typeof valueMaps>, kind: K, value: string) {
  return maps[kind][normalizeKey(value)] as ReturnType<typeof valueMaps>[K][string] | undefined;
}

/** Organizations named in a text: the whole cell, or a name such as 〇〇市 inside it (or an alias of one). */
export function matchOrganizations(texts: (string | undefined)[], organizations: string[], aliases: Record<string, string> = {}): string[] {
  const haystacks = texts.filter(Boolean).map((t) => normalizeKey(t!));
  if (!haystacks.length) return [];
  const aliasKeys = Object.entries(aliases).map(([alias, org]) => [normalizeKey(alias), org] as const);
  return organizations.filter((org) => {
    const key = normalizeKey(org);
    if (key.length > 0 && haystacks.some((h) => h.includes(key))) return true;
    return aliasKeys.some(([alias, target]) => target === org && alias.length > 0 && haystacks.some((h) => h.includes(alias)));
  });
}

/** The organization a cell names exactly (or through an alias), as the caller spells it. */
function exactOrganization(text: string | undefined, organizations: string[], aliases: Record<string, string> = {}) {
  if (!text) return undefined;
  const key = normalizeKey(text);
  const alias = Object.entries(aliases).find(([a]) => normalizeKey(a) === key)?.[1];
  if (alias && organizations.includes(alias)) return alias;
  return organizations.find((org) => normalizeKey(org) === key);
}

/** The town names of a cell that lists several (北川市、南浜町・西原市). */
export function splitNames(text: string | undefined) {
  return cleanLine(text)
    .split(/[、,，・/／;；\s]+/)
    .map((n) => n.trim())
    .filter(Boolean);
}

/**
 * A person's name as a lookup key: spaces gone, and the same for 「花子 山口」 and 「山口 花子」
 * (Redmine shows first names first).
 */
export function personKeys(name: string): string[] {
  const parts = name.normalize("NFKC").trim().split(/[\s\u3000]+/).filter(Boolean);
  const joined = parts.join("").toLowerCase();
  return parts.length === 2 ? [joined, (parts[1] + parts[0]).toLowerCase()] : [joined];
}

/** Whether `name` is one of `people` (by personKeys). */
export function findPerson<P>(name: string, people: Map<string, P>): P | undefined {
  for (const key of personKeys(name)) {
    const found = people.get(key);
    if (found !== undefined) return found;
  }
  return undefined;
}

const DATE_HINT = "R6.11.5 や 2024/11/05 の形で入力してください";

/** A date cell: ISO already (Excel dates), 和暦 or 西暦 text, or an Excel serial left as a number. */
export function parseDateCell(text: string, today?: string): string | null {
  const iso = parseJapaneseDate(text, today);
  if (iso) return iso;
  const folded = text.normalize("NFKC").trim();
  if (/^\d{5}(\.\d+)?$/.test(folded)) {
    const serial = Number(folded);
    if (serial >= 20000 && serial < 80000) return excelSerialToIso(serial);
  }
  return null;
}

/** Labelled paragraphs: 【対応方針・回答】 then its text. */
export function composeBody(parts: { reference?: string; meta?: [string, string | undefined][]; main?: string; sections?: [string, string | undefined][] }) {
  const head = [parts.reference, ...(parts.meta ?? []).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`)].filter(Boolean).join("\n");
  const sections = (parts.sections ?? []).filter(([, v]) => v).map(([k, v]) => `【${k}】\n${v}`);
  return [head, parts.main, ...sections].filter(Boolean).join("\n\n");
}

/** One row's raw texts → a checked issue, or the errors that keep it out. */
export function normalizeIssue(raw: RawIssue, context: RowContext, options: NormalizeOptions = {}) {
  const errors: ImportError[] = [];
  const organizations = options.organizations ?? [];
  const label = (field: Field) => context.labels[field] ?? field;
  const fail = (field: Field, message: string) =>
    errors.push({ line: raw.line, column: label(field), message: `${raw.line}行目「${label(field)}」: ${message}` });

  const title = cleanLine(raw.title);
  if (!title) fail("title", "件名がありません。");
  else if (title.length > 200) fail("title", `件名が長すぎます（200文字まで、今は${title.length}文字）。`);

  function pick<T extends string>(field: Field, map: Record<string, T>, fallback: T, allowed: readonly T[], kept?: (v: string) => void) {
    const value = cleanLine(raw[field]);
    if (!value) return fallback;
    const found = map[normalizeKey(value)];
    if (found) return found;
    if (kept) {
      kept(value);
      return fallback;
    }
    fail(field, `「${value}」は分かりません（${allowed.join("・")} のどれかにするか、読み替えを指定してください）。`);
    return fallback;
  }
  const meta = [...(context.meta ?? [])];
  const maps = valueMaps(options);
  const type = pick("type", maps.type, "課題", ISSUE_TYPES, context.unknownType === "keep" ? (v) => meta.unshift([label("type"), v]) : undefined);
  const status = pick("status", maps.status, "未着手", ISSUE_STATUSES);
  const priority = pick("priority", maps.priority, "中", PRIORITIES);

  const date = (field: "dueOn" | "createdOn") => {
    const value = cleanLine(raw[field]);
    if (!value) return null;
    const iso = parseDateCell(value, options.today);
    if (!iso) fail(field, `日付として読めません（${DATE_HINT}）`);
    return iso;
  };
  const dueOn = date("dueOn");
  const createdOn = date("createdOn");

  if (errors.length) return { errors };

  const aliases = options.organizationAliases ?? {};
  const assigneeName = cleanLine(raw.assigneeName) || undefined;
  const assigneeOrgText = cleanLine(raw.assigneeOrg) || undefined;
  const reporterOrgText = cleanLine(raw.reporterOrg) || undefined;
  // A 担当 column that names an organization is the 担当団体.
  const assigneeNamesOrg = exactOrganization(assigneeName, organizations, aliases);
  const assigneeOrg = exactOrganization(assigneeOrgText, organizations, aliases) ?? assigneeOrgText ?? assigneeNamesOrg;
  const reporterOrg = exactOrganization(reporterOrgText, organizations, aliases) ?? reporterOrgText;
  // What no organization or person of Renkei stands for stays readable in the body.
  if (options.organizations) {
    if (assigneeOrgText && !organizations.includes(assigneeOrg!)) meta.push([label("assigneeOrg"), assigneeOrgText]);
    if (reporterOrgText && !organizations.includes(reporterOrg!)) meta.push([label("reporterOrg"), reporterOrgText]);
  }
  if (options.people && assigneeName && !assigneeNamesOrg) {
    const known = new Map(options.people.flatMap((p) => personKeys(p).map((k) => [k, p] as const)));
    if (!findPerson(assigneeName, known)) meta.push([label("assigneeName"), `${assigneeName}（該当する利用者がいないため未割当）`]);
  }

  const sourceNumber = cleanLine(raw.number).normalize("NFKC").replace(/^[#＃]/, "").trim() || undefined;
  const issue: NormalizedIssue = {
    line: raw.line,
    ...(sourceNumber && { sourceNumber }),
    ...(context.reference && { reference: context.reference }),
    title,
    body: composeBody({
      reference: context.reference,
      meta,
      main: cleanBlock(raw.body),
      sections: [
        [label("response"), cleanBlock(raw.response)],
        [label("note"), cleanBlock(raw.note)],
      ],
    }),
    type,
    status,
    priority,
    dueOn,
    createdOn,
    ...(assigneeName && { assigneeName }),
    ...(assigneeOrg && { assigneeOrg }),
    ...(reporterOrg && { reporterOrg }),
    affectedOrgs: matchOrganizations([raw.affectedOrgs, reporterOrgText, assigneeOrgText, assigneeName, title], organizations, aliases),
    ...(context.comments?.length && { comments: context.comments }),
  };
  return { issue, errors };
}

/** Rows through normalizeIssue, the good ones kept and every error listed. */
export function collect(items: { raw: RawIssue; context: RowContext }[], options: NormalizeOptions): ParseResult {
  const result: ParseResult = { rows: [], errors: [] };
  for (const { raw, context } of items) {
    const { issue, errors } = normalizeIssue(raw, context, options);
    if (issue) result.rows.push(issue);
    result.errors.push(...errors);
  }
  return result;
}

/** A sheet's table: its header labels and body rows (1-based line numbers for messages). */
export type Table = { sheetName: string; headers: string[]; rows: { line: number; cells: string[] }[] };

/** How a source reads a row beyond its columns. */
export type SourceSpec = {
  unknownType: "error" | "keep";
  /** A first line such as 「Redmine #9980」, from the row's number. */
  reference?: (number: string) => string;
};

/**
 * A table's rows through each column's target: the first column of each field feeds it,
 * columns marked "meta" become 「見出し: 値」 lines at the top of the body.
 */
export function tableItems(table: Table, targets: ColumnTarget[], spec: SourceSpec): { raw: RawIssue; context: RowContext }[] {
  const columnOf = new Map<Field, number>();
  const metaColumns: number[] = [];
  targets.forEach((target, col) => {
    if (target === "meta") metaColumns.push(col);
    else if (target !== "skip" && !columnOf.has(target)) columnOf.set(target, col);
  });
  const header = (col: number) => table.headers[col]?.trim() || `${col + 1}列目`;
  const labels: Partial<Record<Field, string>> = Object.fromEntries([...columnOf].map(([field, col]) => [field, header(col)]));
  return table.rows.map(({ line, cells }) => {
    const raw: RawIssue = { line };
    for (const [field, col] of columnOf) raw[field] = cells[col] ?? "";
    const number = cleanLine(raw.number);
    const meta = metaColumns.map((col) => [header(col), cleanLine(cells[col]) || undefined] as [string, string | undefined]);
    return { raw, context: { labels, unknownType: spec.unknownType, reference: number && spec.reference ? spec.reference(number) : undefined, meta } };
  });
}

/** An export whose first row names its columns (Redmine's and Backlog's CSV). */
export type ColumnSpec = SourceSpec & {
  columns: Record<string, Field>;
  /** Columns shown as 「名前: 値」 lines at the top of the body. */
  meta: string[];
  /** The source's own names for types (Redmine's trackers, Backlog's 種別). */
  typeMap: Record<string, IssueType>;
};

/** A sheet whose first row is its header, as a table (blank rows left out). */
export function headerTable(sheet: { name: string; rows: string[][] }): Table {
  const [headers = [], ...body] = sheet.rows;
  return {
    sheetName: sheet.name,
    headers: headers.map((h) => h.trim()),
    rows: body.flatMap((cells, i) => (cells.every((c) => !c.trim()) ? [] : [{ line: i + 2, cells }])),
  };
}

/** Each column's target as the source's spec names it. */
export function specTargets(headers: string[], spec: ColumnSpec): ColumnTarget[] {
  return headers.map((h) => spec.columns[h.trim()] ?? (spec.meta.includes(h.trim()) ? "meta" : "skip"));
}
