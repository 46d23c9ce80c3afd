// The vocabulary of progress reports and the PMO board, pure and client-safe: audience ranks,
// traffic lights, and the shape of a project's figures (shown live on the board, frozen into a
// report as its snapshot). The model that computes the figures and the component that renders
// them both import it from here, so neither has to import the other.

/** Audience ranks, most detailed first (the user ranks of the schema). */
export const REPORT_RANKS = ["担当者", "所属長", "部門長", "経営層"] as const;
export type Rank = (typeof REPORT_RANKS)[number];
/** Traffic lights (信号): on track, needs attention, late. */
export const LIGHTS = ["順調", "注意", "遅延"] as const;
export type Light = (typeof LIGHTS)[number];
export type Highlights = { decided: string[]; risks: string[]; asks: string[] };

export type LightEntry = { light: Light; reason: string };
export type Lights = { wgs: Record<string, LightEntry>; towns: Record<string, LightEntry> };

import type { MilestoneState } from "./milestone";
export type { MilestoneState } from "./milestone";

export type Org = { organizationId: number; name: string };

export type WgFigures = {
  wgId: number;
  name: string;
  open: number;
  closed: number;
  overdue: number;
  /** Open issues carried over (持ち越し) at least once. */
  carriedOver: number;
  /** Open issues by ball holder organization id (who must act next). */
  ballByOrg: Record<string, number>;
  /** Of those, overdue ones. */
  overdueBallByOrg: Record<string, number>;
  meetingsThisMonth: number;
};

export type ProjectFigures = {
  version: 2;
  takenAt: number;
  today: string;
  projectId: number;
  projectName: string;
  wgs: WgFigures[];
  towns: Org[];
  /** Vendors holding balls in this project. */
  vendors: Org[];
  /** Other ball holders that are not towns (the PMO office, the prefecture). */
  otherHolders: Org[];
  totals: { open: number; closed: number; overdue: number; carriedOver: number };
  /** Open issues at the end of each of the last 12 weeks (the last point is today). */
  trend: { weeks: string[]; series: { wgId: number; name: string; values: number[] }[] };
  meetings: {
    id: number;
    title: string;
    wgId: number | null;
    startsAt: number;
    state: string;
    unconfirmed: Org[];
  }[];
  decisionsPending: {
    id: number;
    number: string;
    title: string;
    stanceDueOn: string | null;
    /** Towns that have not stated a stance (未回答). */
    awaitingStance: number[];
    /** Towns holding back (保留 / 反対). */
    holding: number[];
    /** Towns that agree but whose internal approval (庁内決裁) is not done. */
    awaitingApproval: number[];
  }[];
  /** Per town: open decisions waiting for its stance, holding, waiting for its 決裁. */
  decisionsPendingByTown: (Org & { pending: number; holding: number; awaitingApproval: number })[];
  /** Per town: of the decisions in consultation it takes part in, how many it answered. */
  stanceCompletion: (Org & { answered: number; total: number })[];
  decisionsMade: { id: number; number: string; title: string; decidedAt: number }[];
  reviewsDue: { id: number; number: string; title: string; reviewOn: string; overdue: boolean }[];
  milestones: { name: string; dueOn: string; doneOn: string | null; fixed: boolean; state: MilestoneState }[];
  /** The open issues carried over most often. */
  risks: { number: number; title: string; wgName: string; carried: number; overdue: boolean }[];
};

/**
 * A first suggestion for the traffic lights, which the PMO then adjusts in their own words:
 * a WG is late with 3+ overdue issues, needs attention with any overdue or 3+ carried over;
 * a town by what it owes (stances not given, overdue issues whose ball it holds).
 */
export function suggestLights(f: {
  wgs: Pick<WgFigures, "wgId" | "overdue" | "carriedOver" | "overdueBallByOrg">[];
  decisionsPendingByTown: (Org & { pending: number; holding?: number })[];
}): Lights {
  const wgs = Object.fromEntries(
    f.wgs.map((w) => {
      const light: Light = w.overdue >= 3 ? "遅延" : w.overdue >= 1 || w.carriedOver >= 3 ? "注意" : "順調";
      const reason = light === "順調" ? "期限超過の課題なし" : `期限超過${w.overdue}件・持ち越し中${w.carriedOver}件`;
      return [String(w.wgId), { light, reason }];
    }),
  );
  const towns = Object.fromEntries(
    f.decisionsPendingByTown.map((t) => {
      const overdueBall = f.wgs.reduce((a, w) => a + (w.overdueBallByOrg?.[String(t.organizationId)] ?? 0), 0);
      const score = t.pending + (t.holding ?? 0) + overdueBall;
      const light: Light = score >= 3 ? "遅延" : score >= 1 ? "注意" : "順調";
      const reason = score === 0 ? "求められている対応なし" : `意思表示待ちの決定事項${t.pending + (t.holding ?? 0)}件・対応待ちの期限超過の課題${overdueBall}件`;
      return [String(t.organizationId), { light, reason }];
    }),
  );
  return { wgs, towns };
}
