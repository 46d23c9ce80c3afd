// A milestone's state (節目の状態), the one rule shared by the PMO board, the project page, the
// admin project page and the frozen report snapshots. Pure and client-safe.

export const MILESTONE_STATES = ["done", "onTrack", "atRisk", "late"] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

/** Days before a milestone's due date from which an unfinished milestone counts as at risk. */
export const AT_RISK_DAYS = 30;

/** An ISO date (YYYY-MM-DD) moved by whole days, calendar-exact (no time zone involved). */
function shiftDate(isoDate: string, days: number) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * done: completed on or before `today` (a completion dated in the future does not count yet);
 * late: due before today; atRisk: due within AT_RISK_DAYS; onTrack otherwise.
 * `today` is the Japan calendar date (todayInJapan()).
 */
export function milestoneState(m: { dueOn: string; doneOn: string | null }, today: string): MilestoneState {
  if (m.doneOn && m.doneOn <= today) return "done";
  if (m.dueOn < today) return "late";
  if (m.dueOn <= shiftDate(today, AT_RISK_DAYS)) return "atRisk";
  return "onTrack";
}

/** The catalog key of a state's label (「完了」「予定どおり」「要注意（30日以内）」「遅れ」). */
export const milestoneStateLabel = (state: MilestoneState) => `msState.${state}` as const;
