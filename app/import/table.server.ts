// An uploaded spreadsheet (xlsx or CSV) as sheets of text cells. Nothing is evaluated: a
// formula gives its cached result, and a cell that begins with =, +, - or @ is just text here
// (whoever writes these cells back into a CSV must escape them).
import { parse } from "csv-parse/sync";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

export type Sheet = { name: string; rows: string[][] };
export type TableResult = { ok: true; sheets: Sheet[] } | { ok: false; message: string };

/** Upload limits: the file itself, and what its zip may unpack to. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

const tooManyRows = (maxRows: number, sheet?: string) =>
  `${sheet ? `「${sheet}」` : "シート"}の行数が多すぎます（${maxRows.toLocaleString("ja-JP")}行まで）。ファイルを分けて取り込んでください。`;

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

type ZipEntry = { name: string; method: number; compressedSize: number; size: number; localOffset: number };

/** The entries the zip's central directory lists, or null when it cannot be read (ZIP64 and the like: no spreadsheet here needs them). */
function zipEntries(buffer: Buffer): ZipEntry[] | null {
  const min = Math.max(0, buffer.length - 22 - 0xffff);
  for (let eocd = buffer.length - 22; eocd >= min; eocd--) {
    if (buffer.readUInt32LE(eocd) !== 0x06054b50) continue;
    const count = buffer.readUInt16LE(eocd + 10);
    let p = buffer.readUInt32LE(eocd + 16);
    const entries: ZipEntry[] = [];
    for (let i = 0; i < count; i++) {
      if (p + 46 > buffer.length || buffer.readUInt32LE(p) !== 0x02014b50) return null;
      const size = buffer.readUInt32LE(p + 24);
      const compressedSize = buffer.readUInt32LE(p + 20);
      if (size === 0xffffffff || compressedSize === 0xffffffff) return null;
      const nameLength = buffer.readUInt16LE(p + 28);
      const name = buffer.subarray(p + 46, p + 46 + nameLength).toString("utf8");
      entries.push({ name, method: buffer.readUInt16LE(p + 10), compressedSize, size, localOffset: buffer.readUInt32LE(p + 42) });
      p += 46 + nameLength + buffer.readUInt16LE(p + 30) + buffer.readUInt16LE(p + 32);
    }
    return entries;
  }
  return null;
}

/** The sum of the uncompressed sizes the zip's central directory declares, or null when it cannot be read. */
export function declaredUnzippedSize(buffer: Buffer): number | null {
  const entries = zipEntries(buffer);
  return entries && entries.reduce((sum, e) => sum + e.size, 0);
}

/**
 * Whether some worksheet of the zip has more than `limit` rows (<row> elements), found by
 * inflating each sheet piece by piece and counting, so a sheet of a million rows is refused
 * after reading past the limit and never held in memory. Null when a sheet cannot be read.
 */
export async function sheetOverRows(buffer: Buffer, limit: number): Promise<boolean | null> {
  const entries = zipEntries(buffer);
  if (!entries) return null;
  for (const entry of entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name))) {
    const local = entry.localOffset;
    if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== 0x04034b50) return null;
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + entry.compressedSize);
    if (entry.method !== 0 && entry.method !== 8) return null;
    const source = entry.method === 0 ? Readable.from([data]) : Readable.from([data]).pipe(zlib.createInflateRaw());
    let rows = 0;
    let carry = "";
    try {
      for await (const chunk of source) {
        const text = carry + (chunk as Buffer).toString("latin1");
        // A row that opens (<row …>, not an empty <row …/>): the cut at the end is read with the next piece.
        for (const m of text.matchAll(/<(?:\w+:)?row\b[^<>]*>/g)) if (!m[0].endsWith("/>")) rows++;
        if (rows > limit) {
          source.destroy();
          return true;
        }
        const cut = text.lastIndexOf("<");
        carry = cut === -1 || text.indexOf(">", cut) !== -1 ? "" : text.slice(cut);
      }
    } catch {
      return null;
    }
  }
  return false;
}

const NOT_EXCEL = "Excel ファイルとして読めませんでした。ファイルが壊れていないか、パスワードが掛かっていないか確認してください。";

/** More cells than this are refused before they are read: a sheet's cells are what costs memory. */
export const MAX_CELLS = 1_000_000;

/**
 * Reads the workbook row by row (exceljs's streaming reader), keeping only each cell's text:
 * memory grows with the text kept, never with the workbook's own model. More rows with text
 * than allowed in a sheet, or more cells than MAX_CELLS, are refused.
 */
async function readXlsx(buffer: Buffer, maxRows: number): Promise<TableResult> {
  const unzipped = declaredUnzippedSize(buffer);
  if (unzipped == null) return { ok: false, message: NOT_EXCEL };
  if (unzipped > MAX_UNZIPPED_BYTES) {
    return { ok: false, message: "Excel ファイルの中身が大きすぎます。不要なシートや書式を消すか、CSV で保存して取り込んでください。" };
  }
  // A coarse count first (rows kept only for their formatting count too, so it allows five
  // times as many), then the exact one below on the rows that have text.
  const over = await sheetOverRows(buffer, maxRows * 5);
  if (over === null) return { ok: false, message: NOT_EXCEL };
  if (over) return { ok: false, message: tooManyRows(maxRows) };
  const sheets: (Sheet & { id: number })[] = [];
  let cellCount = 0;
  let refusal: string | null = null;
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
      sharedStrings: "cache",
      styles: "cache", // date formats: a date cell comes as a Date
      hyperlinks: "ignore",
      worksheets: "emit",
      entries: "ignore",
    });
    for await (const worksheet of reader) {
      // exceljs's types leave out what its streaming worksheet reader is.
      const ws = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name: string; id: number | string };
      const rows: string[][] = [];
      let filled = 0;
      for await (const row of ws) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells = Array.from(values.slice(1), (v) => cellText(v));
        while (cells.length && !cells[cells.length - 1]) cells.pop();
        // Once refused, the rest is only read through (so exceljs removes its temporary files).
        if (!cells.length || refusal) continue;
        cellCount += cells.length;
        if (++filled > maxRows) refusal = tooManyRows(maxRows, ws.name);
        else if (cellCount > MAX_CELLS) refusal = TOO_MANY_CELLS;
        else rows[row.number - 1] = cells;
      }
      sheets.push({ id: Number(ws.id), name: ws.name, rows: Array.from(rows, (r) => r ?? []) });
    }
  } catch {
    return { ok: false, message: NOT_EXCEL };
  }
  if (refusal) return { ok: false, message: refusal };
  return { ok: true, sheets: inWorkbookOrder(reader, sheets) };
}

type ReaderModel = { model?: { sheets?: { id: number; name: string; rId: string }[] }; workbookRels?: { Id: string; Target: string }[] };

/**
 * The sheets with their names, in the workbook's order. The streaming reader names a sheet
 * 「Sheet1」 when the file lists the sheet before the workbook, or points at it by an absolute
 * path (/xl/worksheets/sheet1.xml): the workbook's own list says which is which.
 */
function inWorkbookOrder(reader: ExcelJS.stream.xlsx.WorkbookReader, sheets: (Sheet & { id: number })[]): Sheet[] {
  const { model, workbookRels = [] } = reader as unknown as ReaderModel;
  const listed = model?.sheets ?? [];
  const entryOf = (rId: string) => /sheet(\d+)\.xml$/.exec(workbookRels.find((r) => r.Id === rId)?.Target ?? "")?.[1];
  const order = (s: Sheet & { id: number }) => {
    const i = listed.findIndex((l) => l.name === s.name || (s.name === `Sheet${s.id}` && entryOf(l.rId) === String(s.id)));
    return i === -1 ? listed.length + s.id : i;
  };
  return sheets
    .map((s) => ({ ...s, at: order(s) }))
    .sort((a, b) => a.at - b.at)
    .map(({ name, rows, at }) => ({ name: listed[at]?.name ?? name, rows }));
}

const TOO_MANY_CELLS = "Excel ファイルのセルが多すぎます。不要な列やシートを消すか、ファイルを分けて取り込んでください。";

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
