// Backlog's issue CSV export (課題の一覧 → CSV). Its 種別 are per project: the default
// ones are mapped, any other stays 課題 with its name kept in the body.
import { collect, headerTable, specTargets, tableItems, type ColumnSpec, type Field, type IssueType, type NormalizeOptions, type ParseResult } from "./normalize.server";
import type { Sheet } from "./table.server";

const TYPES: Record<string, IssueType> = { タスク: "課題", バグ: "課題", 要望: "要望" };

const COLUMNS: Record<string, Field> = {
  キー: "number",
  件名: "title",
  詳細: "body",
  種別: "type",
  状態: "status",
  優先度: "priority",
  担当者: "assigneeName",
  期限日: "dueOn",
  登録日: "createdOn",
};
const META = ["プロジェクト名", "カテゴリー名", "マイルストーン", "バージョン", "登録者", "開始日"];

/** True when the header row is Backlog's. */
export function isBacklogHeader(headers: string[]) {
  return ["キー", "件名", "状態"].every((h) => headers.includes(h));
}

export const BACKLOG_CSV: ColumnSpec = { columns: COLUMNS, meta: META, reference: (key) => `Backlog ${key}`, unknownType: "keep", typeMap: TYPES };

export function parseBacklogCsv(sheet: Sheet, options: NormalizeOptions = {}): ParseResult {
  const table = headerTable(sheet);
  return collect(tableItems(table, specTargets(table.headers, BACKLOG_CSV), BACKLOG_CSV), { ...options, typeMap: { ...TYPES, ...options.typeMap } });
}
