// The 課題管理表 as municipal staff keep it in Excel (or save it as CSV): title lines, a
// header of one or two rows (「起票」 over 「日」「団体」), body rows, a （以下余白） line.
import { collect, normalizeKey, tableItems, type ColumnTarget, type Field, type NormalizeOptions, type ParseResult, type SourceSpec, type Table } from "./normalize.server";
import type { Sheet } from "./table.server";

export type KadaiTable = Table;
export type Mapping = Partial<Record<Field, number>>;

/** Sheets typed by people: a type no one can read is an error at its cell, not a guess. */
export const KADAI_KANRI: SourceSpec = { unknownType: "error" };

/** Header words per field, most specific first; a column matches a word as a whole label or one of its ・-parts. */
const HEADER_WORDS: [Field, string[]][] = [
  ["number", ["No", "No.", "NO", "№", "番号", "管理番号", "課題番号", "課題No", "項番", "通番"]],
  ["title", ["件名", "課題名", "タイトル", "表題", "題名", "項目"]],
  ["body", ["内容", "詳細", "説明", "課題内容", "概要", "課題の内容"]],
  ["type", ["分類", "種別", "区分", "種類"]],
  ["status", ["状況", "状態", "ステータス", "進捗", "対応状況"]],
  ["priority", ["優先度", "重要度", "優先順位"]],
  ["dueOn", ["期限", "期日", "回答期限", "対応期限", "期限日"]],
  ["createdOn", ["起票日", "登録日", "発生日", "受付日", "作成日"]],
  ["reporterOrg", ["起票団体", "起票者", "起票元", "提起団体", "発議団体"]],
  ["assigneeOrg", ["担当団体", "対応団体", "担当自治体"]],
  ["assigneeName", ["担当者", "担当", "対応者"]],
  ["affectedOrgs", ["対象団体", "影響団体", "関係団体", "対象市町村", "関係市町村"]],
  ["response", ["対応方針", "回答", "対応内容", "対応", "回答内容"]],
  ["note", ["備考", "メモ", "コメント"]],
];

const WORD_FIELD = new Map(HEADER_WORDS.flatMap(([field, words]) => words.map((w) => [labelKey(w), field] as const)));

function labelKey(label: string) {
  return normalizeKey(label).replace(/[.。:：]+$/, "");
}

/** The field a header label names, or undefined. */
export function headerField(label: string): Field | undefined {
  const key = labelKey(label);
  if (!key) return undefined;
  return WORD_FIELD.get(key) ?? key.split(/[・/、，,()（）]/).map((part) => WORD_FIELD.get(labelKey(part))).find(Boolean);
}

const matches = (row: string[]) => row.filter((cell) => headerField(cell)).length;
const isEmpty = (row: string[] | undefined) => !row || row.every((c) => !c.trim());
const END_MARK = /^[\s\u3000]*[（(]?[\s\u3000]*以下余白[\s\u3000]*[)）]?[\s\u3000]*$/;
/** A （以下余白） row: its only text is that mark. */
const isEndRow = (row: string[]) => row.some((c) => END_MARK.test(c)) && row.every((c) => !c.trim() || END_MARK.test(c));

/**
 * A parent row over a child row (a merged header): each child gets its parent's label in
 * front unless it already reads as a header by itself (起票+日 → 起票日, but 担当者 stays).
 */
function combineHeader(parent: string[], child: string[]): string[] | null {
  const width = Math.max(parent.length, child.length);
  const labels: string[] = [];
  let group = "";
  let combined = 0;
  let childCells = 0;
  for (let i = 0; i < width; i++) {
    const p = (parent[i] ?? "").trim();
    const c = (child[i] ?? "").trim();
    // An empty parent cell beside a child continues the parent to its left (a merge).
    if (p) group = p;
    else if (!c) group = "";
    const owner = p || (c && child[i - 1]?.trim() ? group : "");
    if (!c) {
      labels.push(p);
      continue;
    }
    childCells++;
    let label: string;
    if (!owner || c.startsWith(owner) || headerField(c)) label = c;
    else label = owner + c;
    if (headerField(label)) combined++;
    labels.push(label);
  }
  // A child row is mostly header words, once its parents are put in front.
  return childCells >= 1 && combined * 2 >= childCells && combined >= 1 ? labels : null;
}

/** The header and body rows of a sheet, or null when no row within the first 15 looks like a header. */
export function findTable(sheet: Sheet): KadaiTable | null {
  const limit = Math.min(sheet.rows.length, 15);
  for (let h = 0; h < limit; h++) {
    const row = sheet.rows[h] ?? [];
    if (matches(row) < 3) continue;
    const child = sheet.rows[h + 1];
    const combined = child && !isEmpty(child) ? combineHeader(row, child) : null;
    const headers = (combined ?? row).map((c) => c.trim());
    const rows: KadaiTable["rows"] = [];
    for (let r = h + (combined ? 2 : 1); r < sheet.rows.length; r++) {
      const cells = sheet.rows[r] ?? [];
      if (isEndRow(cells)) break;
      if (isEmpty(cells)) continue;
      rows.push({ line: r + 1, cells: headers.map((_, i) => cells[i] ?? "") });
    }
    return { sheetName: sheet.name, headers, rows };
  }
  return null;
}

/** The first sheet with a header; the other sheets are reported as skipped. */
export function pickTable(sheets: Sheet[]): { table: KadaiTable | null; skipped: { name: string; reason: string }[] } {
  let table: KadaiTable | null = null;
  const skipped: { name: string; reason: string }[] = [];
  for (const sheet of sheets) {
    const found: KadaiTable | null = table ? null : findTable(sheet);
    if (found) table = found;
    else skipped.push({ name: sheet.name, reason: table ? "課題一覧は先のシートから読みました。" : "見出しの行（件名・期限・状況など）が見つかりません。" });
  }
  return { table, skipped };
}

/** Which column feeds which field: the first column naming each field. */
export function suggestMapping(headers: string[]): Mapping {
  const mapping: Mapping = {};
  headers.forEach((header, i) => {
    const field = headerField(header);
    if (field && mapping[field] === undefined) mapping[field] = i;
  });
  return mapping;
}

/** Each column's target under a field → column mapping (the columns it leaves out are skipped). */
export function mappingTargets(headers: string[], mapping: Mapping): ColumnTarget[] {
  const targets: ColumnTarget[] = headers.map(() => "skip");
  for (const [field, col] of Object.entries(mapping) as [Field, number][]) if (col < targets.length) targets[col] = field;
  return targets;
}

/** The table's rows as issues, through the given mapping. */
export function toIssues(table: KadaiTable, mapping: Mapping, options: NormalizeOptions = {}): ParseResult {
  return collect(tableItems(table, mappingTargets(table.headers, mapping), KADAI_KANRI), options);
}
