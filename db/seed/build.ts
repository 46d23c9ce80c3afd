// Builds every row of the demo in memory from `now`, domain by domain, in the order the
// rows refer to each other (ids are explicit, so two builds with the same `now` are equal).
import { makeClock } from "./clock";
import { type Build, CONSORTIUM_ID, type Demo } from "./context";
import { buildDecisions, DECISIONS } from "./decisions";
import { buildIssues } from "./issues";
import { MEMO_HEADING, TOWNS } from "./keys";
import { buildBoards, buildMeetings } from "./meetings";
import { buildMidorigawa } from "./midorigawa";
import { buildOrganizations, ORGS, USERS } from "./organizations";
import { buildProjects, WGS } from "./projects";
import { buildReports } from "./reports";
import { commentRow } from "../factories/issue";

export function buildDemo(now: number, passwordHash: string): Demo {
  const clock = makeClock(now);
  const d: Demo = {
    consortium: [], organization: [], account: [], user: [], consortiumRole: [], project: [], projectOrganization: [],
    milestone: [], workingGroup: [], wgMembership: [], label: [], meeting: [], issue: [], issueOrganization: [],
    issueLabel: [], decision: [], decisionOrganization: [], decisionIssue: [], decisionStance: [],
    decisionStanceHistory: [], agendaItem: [], meetingAttendee: [], stickyNote: [], minutesConfirmation: [],
    issuePostponement: [], issueJournal: [], comment: [], progressReport: [],
  };
  const fail = (message: string): never => {
    throw new Error(`demo seed: ${message}`);
  };
  const userId = {} as Build["userId"];
  const wgId = {} as Build["wgId"];
  let commentId = 0;
  const b: Build = {
    ...clock,
    clock,
    passwordHash,
    workDay: (dayOffset) => clock.day(clock.weekdayBefore(dayOffset)),
    d,
    fail,
    orgId: {} as Build["orgId"],
    orgName: (id) => ORGS[id - 1].name,
    userId,
    isGuest: (key) => USERS[userId[key] - 1].guest === true,
    projectTowns: { 1: TOWNS, 2: ["kita", "higa", "chuo"] },
    wgId,
    wgProject: {} as Build["wgProject"],
    wgMembers: {} as Build["wgMembers"],
    wgLead: (w) => WGS[wgId[w] - 1].lead,
    labelId: {} as Build["labelId"],
    meetingId: {},
    meetingTimes: {},
    meetingDay: {},
    confirmationsByMeeting: {},
    meetingCarryOvers: {},
    issueFacts: [],
    issueByKey: {},
    decisionId: Object.fromEntries(DECISIONS.map((dec, i) => [dec.key, i + 1])),
    noteIdByDecision: {},
    decisionFacts: [],
    pushComment: (target, c, createdAt) => {
      if (c.internal && b.isGuest(c.by)) fail("a vendor cannot write an internal memo");
      commentId += 1;
      d.comment.push(
        commentRow({
          id: commentId, consortiumId: CONSORTIUM_ID, issueId: target.issueId ?? null, decisionId: target.decisionId ?? null,
          meetingId: target.meetingId ?? null, body: c.internal ? `${MEMO_HEADING}\n\n${c.text}` : c.text,
          internal: c.internal ?? false, isAnswer: c.answer ?? false, authorId: userId[c.by], createdAt,
          updatedAt: createdAt, deletedAt: null,
        }),
      );
    },
  };

  buildOrganizations(b);
  buildProjects(b);
  buildMeetings(b);
  buildIssues(b);
  buildBoards(b);
  buildDecisions(b);
  buildReports(b);
  // The second, small consortium last: its ids follow every id of the first.
  buildMidorigawa(b);
  return d;
}
