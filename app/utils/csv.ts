// CSV that opens correctly in Excel on Japanese Windows: UTF-8 with a BOM, CRLF line ends,
// quoted fields, and no cell Excel would run as a formula.
export function toCsv(rows: (string | number | null | undefined)[][]) {
  return "\uFEFF" + rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

function cell(value: string | number | null | undefined) {
  let text = value == null ? "" : String(value);
  // CSV injection: a cell starting with = + - @ (or a tab/CR) would be read as a formula.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The response headers of a CSV download, with a Japanese file name. */
export function csvHeaders(fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    "Cache-Control": "no-store",
  };
}
