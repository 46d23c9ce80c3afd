// When a meeting takes place, as municipal staff read it: 2026年11月22日(日) 14:00〜15:30 (Japan time).
import { formatMeetingTime } from "~/utils/dates";
import { useLocale } from "~/utils/i18n";

export function MeetingTime({ startsAt, endsAt }: { startsAt: number; endsAt: number | null }) {
  const locale = useLocale();
  return <time dateTime={new Date(startsAt).toISOString()}>{formatMeetingTime(startsAt, endsAt, locale)}</time>;
}
