// The decision lifecycle (決定事項), pure and client-safe: its statuses, which step each status
// allows, the decision rule (tally) and what leadership sees. The model enforces these rules,
// the policy applies the leadership rule, and the decision page renders `decisionActions`, so
// no screen restates the lifecycle on its own.

/** 起案 → 協議中 → 決定 (→ 改定 when a revision is decided); 取下げ from any standing status. */
export const DECISION_STATUSES = ["起案", "協議中", "決定", "改定", "取下げ"] as const;
export const STANCES = ["賛成", "条件付賛成", "保留", "反対"] as const;
/** A town's internal approval (庁内決裁). */
export const APPROVALS = ["未説明", "庁内説明中", "決裁済"] as const;
export const DECISION_RULES = ["unanimity", "two_thirds", "majority"] as const;

export type DecisionStatus = (typeof DECISION_STATUSES)[number];
export type Stance = (typeof STANCES)[number];
export type Approval = (typeof APPROVALS)[number];
export type DecisionRule = (typeof DECISION_RULES)[number];

/** Stances that count towards the decision (賛成 and 条件付賛成). */
export const AGREEING: readonly Stance[] = ["賛成", "条件付賛成"];
/** Once decided (or superseded, or withdrawn) the text, the stances and their history never change. */
export const FINAL: readonly DecisionStatus[] = ["決定", "改定", "取下げ"];
/** Text and participants can still change: a draft, or a decision in consultation. */
export const EDITABLE: readonly DecisionStatus[] = ["起案", "協議中"];
/** No longer in force: superseded (改定) or withdrawn (取下げ). Nothing more happens to it. */
const ENDED: readonly DecisionStatus[] = ["改定", "取下げ"];
/** Leadership (経営層) reads the log of what was decided, never drafts or consultations. */
export const LEADERSHIP_STATUSES: readonly DecisionStatus[] = ["決定", "改定"];

const is = (status: string, list: readonly DecisionStatus[]) => (list as readonly string[]).includes(status);

/** What each status allows, whoever asks (the model refuses with 409 when a step is not allowed). */
export const lifecycle = {
  edit: (status: string) => is(status, EDITABLE),
  consult: (status: string) => status === "起案",
  recordStance: (status: string) => status === "協議中",
  withdraw: (status: string) => !is(status, ENDED),
  /** Follow-up actions are managed as long as the decision stands, after 決定 too. */
  linkFollowUp: (status: string) => !is(status, ENDED),
  /** What a decision is based on is fixed once it is decided. */
  linkRelated: (status: string) => is(status, EDITABLE),
  unlinkRelated: (status: string) => !is(status, FINAL),
  setReview: (status: string) => !is(status, ENDED),
  /** Only a decided decision is revised (改定案), and only by one draft at a time. */
  revise: (status: string) => status === "決定",
  final: (status: string) => is(status, FINAL),
  /** Statuses a viewer can see in the register: leadership only what was decided. */
  visibleStatuses: (leadership: boolean): readonly DecisionStatus[] => (leadership ? LEADERSHIP_STATUSES : DECISION_STATUSES),
  visibleToLeadership: (status: string) => is(status, LEADERSHIP_STATUSES),
};

/** What the viewer's rights let them do on the decision page, in its current status. */
export type DecisionActions = {
  edit: boolean;
  consult: boolean;
  withdraw: boolean;
  revise: boolean;
  setReview: boolean;
  linkFollowUp: boolean;
  linkRelated: boolean;
  /** Towns whose stance form the viewer sees (they record for them, during consultation). */
  recordFor: number[];
};

/**
 * The lifecycle and the viewer's rights together: `manage` (PMO, the WG's lead, the author),
 * `draft` (may draft a revision), `recordsFor` (the towns whose stance they record).
 */
export function decisionActions(
  decision: { status: string; hasRevision: boolean },
  rights: { manage: boolean; draft: boolean; recordsFor: number[] },
): DecisionActions {
  const { status } = decision;
  const { manage } = rights;
  return {
    edit: manage && lifecycle.edit(status),
    consult: manage && lifecycle.consult(status),
    // On the page, withdrawal is offered for a decision that stands (a draft, in consultation, decided).
    withdraw: manage && lifecycle.withdraw(status),
    revise: rights.draft && lifecycle.revise(status) && !decision.hasRevision,
    // The page offers the review date once decided (the model accepts it earlier too).
    setReview: manage && status === "決定",
    linkFollowUp: manage && lifecycle.linkFollowUp(status),
    linkRelated: manage && lifecycle.linkRelated(status),
    recordFor: lifecycle.recordStance(status) ? rights.recordsFor : [],
  };
}

export type Tally = {
  rule: DecisionRule;
  total: number;
  /** Agreeing towns needed for the rule. */
  required: number;
  agreeing: number;
  reached: boolean;
  /** Towns that have not answered yet. */
  missing: number[];
  /** Towns whose answer is 保留 or 反対. */
  holding: number[];
  /** Whether 決定 also waits for every town's 決裁済, and the towns not there yet. */
  approvalRequired: boolean;
  awaitingApproval: number[];
};

/**
 * The decision rule: unanimity (every participating town 賛成/条件付賛成), two thirds of the
 * participating towns (rounded up), or a majority (more than half). A decision with no
 * participating town never passes. With `approvalRequired` (a consortium setting) it also
 * waits until every participating town's internal approval (庁内決裁) is 決裁済.
 */
export function tally(rule: DecisionRule, stances: { organizationId: number; stance: Stance | null; approval?: Approval | null }[], approvalRequired = false): Tally {
  const total = stances.length;
  const agreeing = stances.filter((s) => s.stance && AGREEING.includes(s.stance)).length;
  const awaitingApproval = approvalRequired ? stances.filter((s) => s.approval !== "決裁済").map((s) => s.organizationId) : [];
  const required = rule === "two_thirds" ? Math.ceil((total * 2) / 3) : rule === "majority" ? Math.floor(total / 2) + 1 : total;
  return {
    rule,
    total,
    required,
    agreeing,
    reached: total > 0 && agreeing >= required && awaitingApproval.length === 0,
    missing: stances.filter((s) => s.stance === null).map((s) => s.organizationId),
    holding: stances.filter((s) => s.stance !== null && !AGREEING.includes(s.stance)).map((s) => s.organizationId),
    approvalRequired,
    awaitingApproval,
  };
}
