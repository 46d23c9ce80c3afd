// One entry for an uploaded issue list: which tool it came from, then its rows as issues.
import { isBacklogHeader, parseBacklogCsv } from "./backlog.server";
import { pickTable, suggestMapping, toIssues, type KadaiTable, type Mapping } from "./kadai-kanri.server";
import type { ImportError, NormalizedIssue, NormalizeOptions } from "./normalize.server";
import { isRedmineHeader, looksLikeRedmineJson, parseRedmineCsv, parseRedmineJson } from "./redmine.server";
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
