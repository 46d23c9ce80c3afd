// When a meeting takes place, as municipal staff read it: 2026年11月22日(日) 14:00〜15:30 (Japan time).
// Pure functions (shared by the pages and the minutes export) and a <MeetingTime> element.
import { formatDate, isoDateInJapan } from "~/utils/dates";
import { useLocale } from "~/utils/i18n";

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

export function MeetingTime({ startsAt, endsAt }: { startsAt: number; endsAt: number | null }) {
  const locale = useLocale();
  return <time dateTime={new Date(startsAt).toISOString()}>{formatMeetingTime(startsAt, endsAt, locale)}</time>;
}
