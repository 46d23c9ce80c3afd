// Time for the demo: integer ms for timestamps, YYYY-MM-DD (Japan time) for calendar dates,
// all relative to the seed's `now` so the demo always looks current.

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const JST = 9 * HOUR; // Japan has no daylight saving time

export function makeClock(now: number) {
  const todayStart = Math.floor((now + JST) / DAY) * DAY - JST;
  const dateOf = (ms: number) => new Date(ms + JST).toISOString().slice(0, 10);
  return {
    now,
    dateOf,
    /** A moment `dayOffset` days from today, at hh:mm Japan time. */
    at: (dayOffset: number, hour = 9, minute = 0) => todayStart + dayOffset * DAY + hour * HOUR + minute * MIN,
    /** The date `dayOffset` days from today, Japan time. */
    day: (dayOffset: number) => dateOf(todayStart + dayOffset * DAY + 12 * HOUR),
    /** `dayOffset`, moved back to the Friday before when it falls on a weekend (offices are closed). */
    weekdayBefore: (dayOffset: number) => {
      const weekday = new Date(todayStart + dayOffset * DAY + 12 * HOUR + JST).getUTCDay();
      return weekday === 6 ? dayOffset - 1 : weekday === 0 ? dayOffset - 2 : dayOffset;
    },
    /** `dayOffset`, moved on to the Monday after when it falls on a weekend. */
    weekdayAfter: (dayOffset: number) => {
      const weekday = new Date(todayStart + dayOffset * DAY + 12 * HOUR + JST).getUTCDay();
      return weekday === 6 ? dayOffset + 2 : weekday === 0 ? dayOffset + 1 : dayOffset;
    },
    /**
     * Squeezes a moment into office hours (9:00–18:00 Japan time) of the same day, keeping
     * the order of moments, so interpolated history does not happen at 3 a.m.
     */
    officeHours: (ms: number) => {
      const dayStart = Math.floor((ms + JST) / DAY) * DAY - JST;
      return roundMin(dayStart + 9 * HOUR + ((ms - dayStart) * 9) / 24);
    },
    /** Midnight (Japan time) of the first day of the month `monthOffset` months from now. */
    monthStart: (monthOffset: number) => {
      const d = new Date(now + JST);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthOffset, 1) - JST;
    },
  };
}
export type Clock = ReturnType<typeof makeClock>;

export const roundMin = (ms: number) => Math.floor(ms / MIN) * MIN;

/** Small deterministic PRNG (mulberry32) for attendance variety. */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
