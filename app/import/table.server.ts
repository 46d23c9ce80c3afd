// An uploaded spreadsheet (xlsx or CSV) as sheets of text cells. Nothing is evaluated: a
// formula gives its cached result, and a cell that begins with =, +, - or @ is just text here
// (whoever writes these cells back into a CSV must escape them).
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

export type Sheet = { name: string; rows: string[][] };
export type TableResult = { ok: true; sheets: Sheet[] } | { ok: false; message: string };

/** Upload limits: the file itself, and what its zip may unpack to. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

const tooManyRows = (maxRows: number, sheet: string) =>
  `「${sheet}」の行数が多すぎます（${maxRows.toLocaleString("ja-JP")}行まで）。ファイルを分けて取り込んでください。`;

export async function readTable(buffer: Buffer, fileName: string, { maxRows = 20000 } = {}): Promise<TableResult> {
  if (buffer.length > MAX_FILE_BYTES) {
    return { ok: false, message: `ファイルが大きすぎます（${MAX_FILE_BYTES / 1024 / 1024}MB まで）。` };
  }
  if (buffer.length === 0) return { ok: false, message: "ファイルが空です。" };
  const lower = fileName.toLowerCase();
  if (isZip(buffer)) return readXlsx(buffer, maxRows);
  if (lower.endsWith(".xls") || buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return { ok: false, message: "古い形式の Excel ファイル（.xls）は読めません。Excel で「.xlsx」形式か CSV で保存し直してください。" };
  }
  if (lower.endsWith(".xlsx") || lower.endsWith(".xlsm")) {
    return { ok: false, message: "Excel ファイルとして読めませんでした。ファイルが壊れていないか確認してください。" };
  }
  return readCsv(buffer, fileName, maxRows);
}

// ---- CSV ----

/** The text of a CSV as Excel, Redmine or Backlog saved it: UTF-8 (with or without BOM), UTF-16 or CP932. */
export function decodeText(buffer: Buffer): string {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.subarray(3).toString("utf8");
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return iconv.decode(buffer.subarray(2), "utf-16le");
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return iconv.decode(buffer.subarray(2), "utf-16be");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, "cp932");
  }
}

function readCsv(buffer: Buffer, fileName: string, maxRows: number): TableResult {
  const text = decodeText(buffer);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  const name = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "") || "CSV";
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
      to: maxRows + 1, // stop reading once the limit is passed
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, message: `CSV ファイルとして読めませんでした${line ? `（${line}行目付近）` : ""}。` };
  }
  if (rows.length > maxRows) return { ok: false, message: tooManyRows(maxRows, name) };
  return { ok: true, sheets: [{ name, rows: rows.map((row) => row.map(unixLines)) }] };
}

// ---- xlsx ----

function isZip(buffer: Buffer) {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50;
}

/**
 * The sum of the uncompressed sizes the zip's central directory declares, or null when it
 * cannot be read (ZIP64 and the like are refused: no spreadsheet here needs them).
 */
export function declaredUnzippedSize(buffer: Buffer): number | null {
  const min = Math.max(0, buffer.length - 22 - 0xffff);
  for (let eocd = buffer.length - 22; eocd >= min; eocd--) {
    if (buffer.readUInt32LE(eocd) !== 0x06054b50) continue;
    const entries = buffer.readUInt16LE(eocd + 10);
    let p = buffer.readUInt32LE(eocd + 16);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (p + 46 > buffer.length || buffer.readUInt32LE(p) !== 0x02014b50) return null;
      const size = buffer.readUInt32LE(p + 24);
      if (size === 0xffffffff) return null;
      total += size;
      p += 46 + buffer.readUInt16LE(p + 28) + buffer.readUInt16LE(p + 30) + buffer.readUInt16LE(p + 32);
    }
    return total;
  }
  return null;
}

const NOT_EXCEL = "Excel ファイルとして読めませんでした。ファイルが壊れていないか、パスワードが掛かっていないか確認してください。";

async function readXlsx(buffer: Buffer, maxRows: number): Promise<TableResult> {
  const unzipped = declaredUnzippedSize(buffer);
  if (unzipped == null) return { ok: false, message: NOT_EXCEL };
  if (unzipped > MAX_UNZIPPED_BYTES) {
    return { ok: false, message: "Excel ファイルの中身が大きすぎます。不要なシートや書式を消すか、CSV で保存して取り込んでください。" };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types predate Node's generic Buffer.
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    return { ok: false, message: NOT_EXCEL };
  }
  const sheets: Sheet[] = [];
  for (const ws of workbook.worksheets) {
    // Count before converting anything to text.
    if (ws.actualRowCount > maxRows) return { ok: false, message: tooManyRows(maxRows, ws.name) };
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        // A merged range keeps its value in the top-left cell only.
        cells[col - 1] = cell.type === ExcelJS.ValueType.Merge ? "" : cellText(cell.value);
      });
      rows[rowNumber - 1] = Array.from(cells, (c) => c ?? "");
    });
    sheets.push({ name: ws.name, rows: Array.from(rows, (r) => r ?? []) });
  }
  return { ok: true, sheets };
}

/** Line breaks inside a cell as \n. */
const unixLines = (text: string) => (text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);

/** A number as Excel shows it in General format: 0.1+0.2 is 0.3. */
function numberText(n: number) {
  return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : "";
}

/** A cell's value as text: cached formula results, rich text flattened, dates as ISO. */
export function cellText(value: unknown): string {
  if (value == null) return "";
  if (typeof value === "string") return unixLines(value);
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((r: { text?: string }) => r.text ?? "").join("");
    if ("formula" in v || "sharedFormula" in v) return cellText(v.result);
    if ("hyperlink" in v || "text" in v) return cellText(v.text);
    if (typeof v.error === "string") return v.error;
  }
  return "";
}
