// MERGE POINT (milestone state): the one place this page decides a milestone's state. When
// app/domain/milestone.ts (the board's rule) lands, replace the body with a call to it.
export type AdminMilestoneState = "done" | "late" | "upcoming";

export function adminMilestoneState(m: { dueOn: string; doneOn: string | null }, today: string): AdminMilestoneState {
  return m.doneOn ? "done" : m.dueOn < today ? "late" : "upcoming";
}
