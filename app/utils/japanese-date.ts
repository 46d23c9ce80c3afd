// Dates as people type them in Japanese sheets: 2024/11/5, 令和6年11月5日, R6.11.5, ２０２４／１１／５.
// Pure and client-safe.

type Era = { names: string[]; start: string; end: string };

/** Each era from its first day to its last (the day before the next one began). */
const ERAS: Era[] = [
  { names: ["明治", "m"], start: "1868-10-23", end: "1912-07-29" },
  { names: ["大正", "t"], start: "1912-07-30", end: "1926-12-24" },
  { names: ["昭和", "s"], start: "1926-12-25", end: "1989-01-07" },
  { names: ["平成", "h"], start: "1989-01-08", end: "2019-04-30" },
  { names: ["令和", "r"], start: "2019-05-01", end: "9999-12-31" },
];

const pad = (n: number) => String(n).padStart(2, "0");

function isoOf(y: number, m: number, d: number): string | null {
  if (!(y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCFullYear(y); // years below 100 would otherwise mean 19xx
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${pad(m)}-${pad(d)}`;
}

/** Full-width digits and separators to ASCII, spaces trimmed, Latin letters lower-cased. */
function fold(text: string) {
  return text.normalize("NFKC").replace(/\s+/g, " ").trim().toLowerCase();
}

const SEP = "[-/.]";
const WESTERN = new RegExp(`^(\\d{4})(?:${SEP}(\\d{1,2})${SEP}(\\d{1,2})|年(\\d{1,2})月(\\d{1,2})日?)$`);
const ERA_RE = new RegExp(`^(明治|大正|昭和|平成|令和|[mtshr])\\s*(\\d{1,2}|元)(?:${SEP}(\\d{1,2})${SEP}(\\d{1,2})|年(\\d{1,2})月(\\d{1,2})日?)$`);
const NO_YEAR = new RegExp(`^(\\d{1,2})(?:/(\\d{1,2})|月(\\d{1,2})日?)$`);

/**
 * The ISO `YYYY-MM-DD` a written date means, or null. A trailing weekday （火） or time
 * (23:53) is ignored. `today` (ISO) lets a date without a year (11/5) fall in that year.
 */
export function parseJapaneseDate(text: string, today?: string): string | null {
  let s = fold(text)
    .replace(/\s*\((?:[日月火水木金土]|祝)\)\s*/, " ")
    .replace(/(?:t|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?$/, "")
    .replace(/\s*([年月日])\s*/g, "$1")
    .trim();
  if (!s) return null;
  if (/^\d{8}$/.test(s)) return isoOf(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));

  const w = WESTERN.exec(s);
  if (w) return isoOf(Number(w[1]), Number(w[2] ?? w[4]), Number(w[3] ?? w[5]));

  const e = ERA_RE.exec(s);
  if (e) {
    const era = ERAS.find((x) => x.names.includes(e[1]));
    if (!era) return null;
    const eraYear = e[2] === "元" ? 1 : Number(e[2]);
    if (eraYear < 1) return null;
    const iso = isoOf(Number(era.start.slice(0, 4)) + eraYear - 1, Number(e[3] ?? e[5]), Number(e[4] ?? e[6]));
    return iso && iso >= era.start && iso <= era.end ? iso : null;
  }

  const n = NO_YEAR.exec(s);
  if (n && today && /^\d{4}-/.test(today)) return isoOf(Number(today.slice(0, 4)), Number(n[1]), Number(n[2] ?? n[3]));
  return null;
}

/**
 * An Excel serial day (1900 date system) as an ISO date; the time of day is dropped.
 * Excel counts a 1900-02-29 that never was, so serials from 61 on are days since 1899-12-30.
 */
export function excelSerialToIso(serial: number): string {
  const days = Math.floor(serial);
  const base = days > 60 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  return new Date(base + days * 86_400_000).toISOString().slice(0, 10);
}
