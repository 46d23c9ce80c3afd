// Dates as municipal staff read them: Japan time, 2026年11月22日(日), 年度 from April.
const WEEKDAYS_JA = ["日", "月", "火", "水", "木", "金", "土"];

/**
 * Japan keeps UTC+9 all year (no summer time since 1951), so its wall clock is plain
 * arithmetic: a page with a hundred dates no longer asks Intl for each one (formatToParts
 * took a tenth of an issue page's server time). dates.test.ts checks it against Intl.
 */
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

function japanParts(ms: number) {
  const d = new Date(ms + JAPAN_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** `YYYY-MM-DD` of the given instant in Japan. */
export function isoDateInJapan(ms: number) {
  const { year, month, day } = japanParts(ms);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function todayInJapan(now = Date.now()) {
  return isoDateInJapan(now);
}

/** Adds days to an ISO date (calendar arithmetic, no time zone involved). */
export function addDays(isoDate: string, days: number) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The dates this work deals with: a year like 0000 or 9999 is a typing slip, not a plan. */
const EARLIEST = "2000-01-01";
const LATEST = "2099-12-31";

/** A real calendar date, written 2026-11-22, within EARLIEST and LATEST. */
export function isIsoDate(value: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < EARLIEST || value > LATEST) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function weekday(isoDate: string) {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

/** 2026年11月22日(日) — or 2026-11-22 (Sun) in English. */
export function formatDate(isoDate: string | null | undefined, locale: "ja" | "en" = "ja") {
  if (!isoDate) return "";
  const [y, m, d] = isoDate.split("-").map(Number);
  if (locale === "en") {
    return `${isoDate} (${["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][weekday(isoDate)]})`;
  }
  return `${y}年${m}月${d}日(${WEEKDAYS_JA[weekday(isoDate)]})`;
}

/** 2026年11月22日(日) 14:05 */
export function formatDateTime(ms: number | null | undefined, locale: "ja" | "en" = "ja") {
  if (ms == null) return "";
  const { year, month, day, hour, minute } = japanParts(ms);
  const isoDate = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return `${formatDate(isoDate, locale)} ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** 年度: the fiscal year an ISO date falls in (April start by default). */
export function fiscalYear(isoDate: string, startMonth = 4) {
  const [y, m] = isoDate.split("-").map(Number);
  return m >= startMonth ? y : y - 1;
}

/** Whole days from one ISO date to another. */
export function daysBetween(fromIso: string, toIso: string) {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

/** The Japan-time calendar day of an instant: 2026年11月22日(日). */
export function formatDay(ms: number | null | undefined, locale: "ja" | "en" = "ja") {
  return ms == null ? "" : formatDate(isoDateInJapan(ms), locale);
}

const JST_OFFSET = 9 * 3_600_000; // Japan keeps no daylight saving time: always UTC+9.

/** 2026-11-22 + 14:00 in Japan → epoch ms, whatever the server's or browser's time zone. */
export function japanTimeToMs(isoDate: string, hhmm: string) {
  const [y, m, d] = isoDate.split("-").map(Number);
  const [h, min] = hhmm.split(":").map(Number);
  return Date.UTC(y, m - 1, d, h, min) - JST_OFFSET;
}

/** The `HH:MM` of an instant in Japan. */
export function japanTime(ms: number) {
  return new Date(ms + JST_OFFSET).toISOString().slice(11, 16);
}

/** 2026年11月22日(日) 14:00〜15:30 */
export function formatMeetingTime(startsAt: number, endsAt: number | null, locale: "ja" | "en" = "ja") {
  return `${formatDate(isoDateInJapan(startsAt), locale)} ${japanTime(startsAt)}${endsAt ? `〜${japanTime(endsAt)}` : ""}`;
}
