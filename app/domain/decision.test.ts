import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { APPROVALS, DECISION_RULES, DECISION_STATUSES, decisionActions, lifecycle, STANCES } from "./decision";

describe("the decision lifecycle", () => {
  it("names the same statuses, stances, approvals and rules as the schema (drizzle-kit reads the schema on its own)", () => {
    expect(DECISION_STATUSES).toEqual(schema.DECISION_STATUSES);
    expect(STANCES).toEqual(schema.STANCES);
    expect(APPROVALS).toEqual(schema.APPROVALS);
    expect(DECISION_RULES).toEqual(schema.DECISION_RULES);
  });

  it("shows leadership only what was decided", () => {
    expect(lifecycle.visibleStatuses(true)).toEqual(["決定", "改定"]);
    expect(lifecycle.visibleStatuses(false)).toEqual(DECISION_STATUSES);
  });

  it("offers each step only in the status that allows it, and only to those with the right", () => {
    const manager = { manage: true, draft: true, recordsFor: [3] };
    const draft = decisionActions({ status: "起案", hasRevision: false }, manager);
    expect(draft).toMatchObject({ edit: true, consult: true, withdraw: true, revise: false, setReview: false, linkRelated: true, recordFor: [] });
    expect(decisionActions({ status: "協議中", hasRevision: false }, manager)).toMatchObject({ edit: true, consult: false, recordFor: [3] });
    expect(decisionActions({ status: "決定", hasRevision: false }, manager)).toMatchObject({ edit: false, withdraw: true, revise: true, setReview: true, linkFollowUp: true, linkRelated: false });
    expect(decisionActions({ status: "決定", hasRevision: true }, manager).revise).toBe(false);
    expect(decisionActions({ status: "取下げ", hasRevision: false }, manager)).toMatchObject({ edit: false, withdraw: false, linkFollowUp: false, setReview: false });
    expect(decisionActions({ status: "起案", hasRevision: false }, { manage: false, draft: false, recordsFor: [] })).toMatchObject({ edit: false, consult: false, withdraw: false });
  });
});
