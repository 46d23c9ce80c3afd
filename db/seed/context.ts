// What the domain builders of the demo share while they build it: the clock, the rows built
// so far (table by table, inserted in that order), the ids handed out by key, and the facts
// about the past that the report snapshots are computed from.
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type * as schema from "../schema/index";
import type { Clock } from "./clock";
import type { CommentSpec, LabelKey, OrgKey, TownKey, UserKey, WgKey } from "./keys";

export type Row<T extends SQLiteTable> = T["$inferInsert"];

export const CONSORTIUM_ID = 1;
export const FISCAL_YEAR_START = 4;

export type Stance = (typeof schema.STANCES)[number];
export type Approval = (typeof schema.APPROVALS)[number];

export interface Demo {
  consortium: Row<typeof schema.consortium>[];
  organization: Row<typeof schema.organization>[];
  account: Row<typeof schema.account>[];
  user: Row<typeof schema.user>[];
  consortiumRole: Row<typeof schema.consortiumRole>[];
  project: Row<typeof schema.project>[];
  projectOrganization: Row<typeof schema.projectOrganization>[];
  milestone: Row<typeof schema.milestone>[];
  workingGroup: Row<typeof schema.workingGroup>[];
  wgMembership: Row<typeof schema.wgMembership>[];
  label: Row<typeof schema.label>[];
  meeting: Row<typeof schema.meeting>[];
  issue: Row<typeof schema.issue>[];
  issueOrganization: Row<typeof schema.issueOrganization>[];
  issueLabel: Row<typeof schema.issueLabel>[];
  decision: Row<typeof schema.decision>[];
  decisionOrganization: Row<typeof schema.decisionOrganization>[];
  decisionIssue: Row<typeof schema.decisionIssue>[];
  decisionStance: Row<typeof schema.decisionStance>[];
  decisionStanceHistory: Row<typeof schema.decisionStanceHistory>[];
  agendaItem: Row<typeof schema.agendaItem>[];
  meetingAttendee: Row<typeof schema.meetingAttendee>[];
  stickyNote: Row<typeof schema.stickyNote>[];
  minutesConfirmation: Row<typeof schema.minutesConfirmation>[];
  issuePostponement: Row<typeof schema.issuePostponement>[];
  issueJournal: Row<typeof schema.issueJournal>[];
  comment: Row<typeof schema.comment>[];
  progressReport: Row<typeof schema.progressReport>[];
}

/** What the report snapshots need to know about an issue's past. */
export interface IssueFact {
  id: number;
  number: number;
  title: string;
  wgId: number;
  createdAt: number;
  closedAt: number | null;
  dueOn: string | null;
  ballOrgId: number | null;
  postponements: { kind: "due_date" | "meeting"; at: number; fromDue: string | null; toDue: string | null }[];
}
export interface DecisionFact {
  id: number;
  number: string;
  title: string;
  consultAt: number | null;
  decidedAt: number | null;
  endedAt: number | null; // withdrawn
  orgIds: number[];
  history: { orgId: number; stance: Stance | null; at: number }[];
}

export interface Build extends Clock {
  passwordHash: string;
  clock: Clock;
  /** A working day's date: due dates and milestones never fall on a weekend. */
  workDay: (dayOffset: number) => string;
  d: Demo;
  fail: (message: string) => never;
  orgId: Record<OrgKey, number>;
  orgName: (id: number) => string;
  userId: Record<UserKey, number>;
  isGuest: (key: UserKey) => boolean;
  projectTowns: Record<1 | 2, TownKey[]>;
  wgId: Record<WgKey, number>;
  wgProject: Record<WgKey, 1 | 2>;
  wgMembers: Record<WgKey, Set<UserKey>>;
  wgLead: (w: WgKey) => UserKey;
  labelId: Record<LabelKey, number>;
  meetingId: Record<string, number>;
  meetingTimes: Record<string, { startsAt: number; endsAt: number }>;
  meetingDay: Record<string, number>;
  confirmationsByMeeting: Record<string, { town: TownKey; at: number }[]>;
  /** Meetings an issue stayed open through (agenda items of meetings that have ended). */
  meetingCarryOvers: Record<string, { meeting: { key: string; chair: UserKey }; at: number }[]>;
  issueFacts: IssueFact[];
  issueByKey: Record<string, IssueFact>;
  decisionId: Record<string, number>;
  noteIdByDecision: Record<string, number>;
  decisionFacts: DecisionFact[];
  pushComment: (target: { issueId?: number; decisionId?: number; meetingId?: number }, c: CommentSpec, createdAt: number) => void;
}
