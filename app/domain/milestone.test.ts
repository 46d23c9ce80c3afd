import { describe, expect, it } from "vitest";
import { AT_RISK_DAYS, milestoneState } from "./milestone";

describe("milestoneState", () => {
  const today = "2026-11-20";
  it("counts a milestone done once its completion date has come", () => {
    expect(milestoneState({ dueOn: "2026-10-01", doneOn: "2026-11-20" }, today)).toBe("done");
    expect(milestoneState({ dueOn: "2027-03-01", doneOn: "2026-09-01" }, today)).toBe("done");
    // A completion dated in the future does not count yet: the milestone is judged by its due date.
    expect(milestoneState({ dueOn: "2026-11-01", doneOn: "2026-11-21" }, today)).toBe("late");
    expect(milestoneState({ dueOn: "2027-06-01", doneOn: "2026-12-01" }, today)).toBe("onTrack");
  });

  it("is late after its due date, at risk within the window, on track beyond it", () => {
    expect(milestoneState({ dueOn: "2026-11-19", doneOn: null }, today)).toBe("late");
    expect(milestoneState({ dueOn: "2026-11-20", doneOn: null }, today)).toBe("atRisk");
    expect(milestoneState({ dueOn: "2026-12-10", doneOn: null }, today)).toBe("atRisk");
    expect(AT_RISK_DAYS).toBe(30);
    expect(milestoneState({ dueOn: "2026-12-20", doneOn: null }, today)).toBe("atRisk");
    expect(milestoneState({ dueOn: "2026-12-21", doneOn: null }, today)).toBe("onTrack");
    expect(milestoneState({ dueOn: "2027-01-04", doneOn: null }, today)).toBe("onTrack");
  });

  it("counts across month and year ends exactly", () => {
    expect(milestoneState({ dueOn: "2027-01-30", doneOn: null }, "2026-12-31")).toBe("atRisk");
    expect(milestoneState({ dueOn: "2027-01-31", doneOn: null }, "2026-12-31")).toBe("onTrack");
  });
});
