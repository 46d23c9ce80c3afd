import { describe, expect, it } from "vitest";
import { addDays, daysBetween, fiscalYear, formatDate, formatDateTime, isIsoDate, isoDateInJapan, todayInJapan } from "./dates";

describe("dates as municipal staff read them", () => {
  it("formats 2026年11月22日(日)", () => {
    expect(formatDate("2026-11-22")).toBe("2026年11月22日(日)");
    expect(formatDate("2027-01-04")).toBe("2027年1月4日(月)");
    expect(formatDate("2026-11-22", "en")).toBe("2026-11-22 (Sun)");
  });
  it("uses Japan time, not the server's", () => {
    // 2026-11-22 15:30 UTC is already the 23rd in Japan.
    const ms = Date.UTC(2026, 10, 22, 15, 30);
    expect(todayInJapan(ms)).toBe("2026-11-23");
    expect(formatDateTime(ms)).toBe("2026年11月23日(月) 00:30");
  });
  it("年度 starts in April", () => {
    expect(fiscalYear("2026-03-31")).toBe(2025);
    expect(fiscalYear("2026-04-01")).toBe(2026);
    expect(fiscalYear("2027-01-15")).toBe(2026);
  });
  it("validates and adds calendar dates", () => {
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026/11/22")).toBe(false);
    // Years no municipal plan uses are typing slips (0000-01-01 was stored before).
    expect(isIsoDate("0000-01-01")).toBe(false);
    expect(isIsoDate("1999-12-31")).toBe(false);
    expect(isIsoDate("2100-01-01")).toBe(false);
    expect(isIsoDate("2000-01-01")).toBe(true);
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(daysBetween("2026-11-01", "2026-11-22")).toBe(21);
  });
});

describe("Japan's wall clock by arithmetic", () => {
  it("agrees with Intl's Asia/Tokyo for instants across 2000–2099, midnights included", () => {
    const intl = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const start = Date.UTC(2000, 0, 1);
    const span = Date.UTC(2099, 11, 31) - start;
    const instants = Array.from({ length: 2000 }, (_, i) => start + Math.floor((span / 2000) * i) + (i % 7) * 3_599_999);
    // Around midnight in Japan (15:00 UTC) and New Year.
    instants.push(Date.UTC(2026, 10, 21, 14, 59, 59, 999), Date.UTC(2026, 10, 21, 15, 0, 0, 0), Date.UTC(2025, 11, 31, 15, 0, 0, 0), Date.UTC(2028, 1, 28, 15, 30));
    for (const ms of instants) {
      const p = Object.fromEntries(intl.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      expect(formatDateTime(ms)).toBe(`${formatDate(`${p.year}-${p.month}-${p.day}`)} ${p.hour}:${p.minute}`);
      expect(isoDateInJapan(ms)).toBe(`${p.year}-${p.month}-${p.day}`);
    }
  });
});
