// Dates typed into forms: Western and 和暦 forms read as ISO; blank is null; the rest refused.
import { describe, expect, it } from "vitest";
import { dateText, requiredDateText } from "./forms.server";

describe("dateText", () => {
  const field = dateText("issues.dueInvalid");
  it.each([
    ["2026-11-22", "2026-11-22"],
    ["2026/11/22", "2026-11-22"],
    ["R8.11.22", "2026-11-22"],
    ["令和8年11月22日", "2026-11-22"],
    ["２０２６／１１／２２", "2026-11-22"],
    [" ", null],
    ["", null],
    [undefined, null],
  ])("reads %j as %j", (typed, iso) => {
    expect(field.parse(typed)).toBe(iso);
  });
  it("refuses what is not a date", () => {
    for (const typed of ["令和8年13月1日", "2026-02-30", "あした", "R8"]) {
      expect(field.safeParse(typed)).toMatchObject({ success: false, error: { issues: [{ message: "issues.dueInvalid" }] } });
    }
  });
  it("says a required date is missing", () => {
    const required = requiredDateText("meetings.dateInvalid", "structure.dateInvalid");
    expect(required.safeParse("")).toMatchObject({ success: false, error: { issues: [{ message: "meetings.dateInvalid" }] } });
    expect(required.parse("R8.4.1")).toBe("2026-04-01");
  });
});
