// A project's figures at one moment (the PMO board), as plain JSON: the same object is
// shown live on /projects/:id/board and frozen into a progress report as its snapshot.
// Every query applies the viewer's visibility, so a figure never counts a hidden row.
import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { milestoneState } from "~/domain/milestone";
import type { Org, ProjectFigures, WgFigures } from "~/domain/report";
import { addDays, isoDateInJapan, todayInJapan } from "~/utils/dates";
import { anyOf, db, schema } from "~/utils/db.server";
import { can, type Viewer } from "~/policy/permissions";
import { confirmationsOf } from "./meeting.server";
import { visibleDecisions, visibleIssues, visibleMeetings, visibleWorkingGroups } from "~/policy/visibility.server";

const { issue, decision, decisionStance, decisionOrganization, meeting, milestone, organization } = schema;

// The report vocabulary lives in ~/domain/report; re-exported for the callers of this model.
export { LIGHTS, suggestLights, type Light, type LightEntry, type Lights, type MilestoneState, type Org, type ProjectFigures, type WgFigures } from "~/domain/report";

/** Decisions whose review date (見直し日) falls within this many days are listed as due. */
export const REVIEW_WINDOW_DAYS = 30;
export const TREND_WEEKS = 12;

const OPEN = ["未着手", "対応中", "回答待ち"] as const;

/** Midnight (Japan time) that starts the month of `today`, as ms. */
function monthStartMs(today: string) {
  return Date.parse(`${today.slice(0, 8)}01T00:00:00+09:00`);
}

/** End (exclusive) of a Japan calendar day, as ms. */
function dayEndMs(isoDate: string) {
  return Date.parse(`${addDays(isoDate, 1)}T00:00:00+09:00`);
}

/**
 * The figures of a project as the viewer may see them, or null when the project is not
 * visible to them (leadership and guests never see live figures, only published reports).
 */
export async function projectFigures({ viewer, projectId, now = Date.now() }: { viewer: Viewer; projectId: number; now?: number }): Promise<ProjectFigures | null> {
  if (!can(viewer, "project.read")) return null;
  const project = db
    .select({ id: schema.project.id, name: schema.project.name })
    .from(schema.project)
    .where(and(eq(schema.project.id, projectId), eq(schema.project.consortiumId, viewer.consortiumId)))
    .get();
  if (!project) return null;
  const today = todayInJapan(now);

  const wgRows = db
    .select({ id: schema.workingGroup.id, name: schema.workingGroup.name })
    .from(schema.workingGroup)
    .where(and(visibleWorkingGroups(viewer), eq(schema.workingGroup.projectId, projectId), eq(schema.workingGroup.archived, false)))
    .orderBy(asc(schema.workingGroup.id))
    .all();
  const wgIds = wgRows.map((w) => w.id);
  const inProject = wgIds.length ? and(visibleIssues(viewer), inArray(issue.wgId, wgIds))! : sql`0`;

  // Week ends: today (end of day) and the 11 weeks before, oldest first.
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => addDays(today, -7 * (TREND_WEEKS - 1 - i)));
  const openAt = (d: string) => {
    const t = dayEndMs(d);
    return sql<number>`coalesce(sum(CASE WHEN ${issue.createdAt} < ${t} AND (${issue.closedAt} IS NULL OR ${issue.closedAt} >= ${t}) THEN 1 ELSE 0 END), 0)`;
  };
  const isOpen = sql`${issue.status} IN ('未着手', '対応中', '回答待ち')`;
  const counts = db
    .select({
      wgId: issue.wgId,
      open: sql<number>`coalesce(sum(CASE WHEN ${isOpen} THEN 1 ELSE 0 END), 0)`,
      closed: sql<number>`coalesce(sum(CASE WHEN ${isOpen} THEN 0 ELSE 1 END), 0)`,
      overdue: sql<number>`coalesce(sum(CASE WHEN ${isOpen} AND ${issue.dueOn} < ${today} THEN 1 ELSE 0 END), 0)`,
      carriedOver: sql<number>`coalesce(sum(CASE WHEN ${isOpen} AND ${issue.carryOverCount} > 0 THEN 1 ELSE 0 END), 0)`,
      ...Object.fromEntries(weeks.map((w, i) => [`w${i}`, openAt(w)])),
    })
    .from(issue)
    .where(inProject)
    .groupBy(issue.wgId)
    .all() as ({ wgId: number; open: number; closed: number; overdue: number; carriedOver: number } & Record<string, number>)[];
  const countsByWg = new Map(counts.map((c) => [c.wgId, c]));

  const balls = db
    .select({
      wgId: issue.wgId,
      orgId: issue.ballHolderOrgId,
      kind: organization.kind,
      name: organization.name,
      n: sql<number>`count(*)`,
      overdue: sql<number>`coalesce(sum(CASE WHEN ${issue.dueOn} < ${today} THEN 1 ELSE 0 END), 0)`,
    })
    .from(issue)
    .innerJoin(organization, eq(organization.id, issue.ballHolderOrgId))
    .where(and(inProject, inArray(issue.status, [...OPEN])))
    .groupBy(issue.wgId, issue.ballHolderOrgId)
    .all();

  // Meetings: those of this month, and any whose minutes still wait for a town's confirmation.
  const monthStart = monthStartMs(today);
  const nextMonthStart = Date.parse(`${isoDateInJapan(monthStart + 32 * 86_400_000).slice(0, 8)}01T00:00:00+09:00`);
  const meetingRows = db
    .select({ id: meeting.id, title: meeting.title, wgId: meeting.wgId, startsAt: meeting.startsAt, state: meeting.state, hostOrgId: meeting.hostOrgId })
    .from(meeting)
    .where(
      and(
        visibleMeetings(viewer),
        eq(meeting.projectId, projectId),
        sql`((${meeting.startsAt} >= ${monthStart} AND ${meeting.startsAt} < ${nextMonthStart}) OR ${meeting.state} = '確認中')`,
      ),
    )
    .orderBy(asc(meeting.startsAt))
    .all();
  const meetings = await Promise.all(meetingRows.map(async (m) => ({
    id: m.id,
    title: m.title,
    wgId: m.wgId,
    startsAt: m.startsAt,
    state: m.state,
    unconfirmed:
      m.state === "確認中"
        ? (await confirmationsOf(m.id, m.hostOrgId))
            .filter((c) => c.confirmedAt === null)
            .map((c) => ({ organizationId: c.organizationId, name: c.organizationName }))
        : [],
  })));

  const wgs: WgFigures[] = wgRows.map((w) => {
    const c = countsByWg.get(w.id);
    const mine = balls.filter((b) => b.wgId === w.id);
    return {
      wgId: w.id,
      name: w.name,
      open: c?.open ?? 0,
      closed: c?.closed ?? 0,
      overdue: c?.overdue ?? 0,
      carriedOver: c?.carriedOver ?? 0,
      ballByOrg: Object.fromEntries(mine.map((b) => [String(b.orgId), b.n])),
      overdueBallByOrg: Object.fromEntries(mine.filter((b) => b.overdue > 0).map((b) => [String(b.orgId), b.overdue])),
      meetingsThisMonth: meetingRows.filter((m) => m.wgId === w.id && m.startsAt >= monthStart && m.startsAt < nextMonthStart).length,
    };
  });

  const towns: Org[] = db
    .select({ organizationId: organization.id, name: organization.name })
    .from(schema.projectOrganization)
    .innerJoin(organization, eq(organization.id, schema.projectOrganization.organizationId))
    .where(and(eq(schema.projectOrganization.projectId, projectId), eq(organization.kind, "municipality")))
    .orderBy(asc(organization.id))
    .all();
  // Who else holds balls: vendors, and the PMO office or the prefecture.
  const townIds = new Set(towns.map((t) => t.organizationId));
  const holders = new Map<number, { name: string; kind: string }>();
  for (const b of balls) if (b.orgId !== null && !townIds.has(b.orgId)) holders.set(b.orgId, { name: b.name, kind: b.kind });
  const holderList = (vendor: boolean) =>
    [...holders]
      .filter(([, h]) => (h.kind === "vendor") === vendor)
      .sort((a, b) => a[0] - b[0])
      .map(([organizationId, h]) => ({ organizationId, name: h.name }));
  const vendors = holderList(true);
  const otherHolders = holderList(false);

  // Decisions in consultation (協議中): who still owes a stance or an internal approval.
  const inConsultation = db
    .select({ id: decision.id, number: decision.number, title: decision.title, stanceDueOn: decision.stanceDueOn })
    .from(decision)
    .where(and(visibleDecisions(viewer), eq(decision.projectId, projectId), eq(decision.status, "協議中")))
    .orderBy(asc(decision.fiscalYear), asc(decision.sequence))
    .all();
  const ids = inConsultation.map((d) => d.id);
  const participants = ids.length
    ? db.select().from(decisionOrganization).where(anyOf(decisionOrganization.decisionId, ids)).all()
    : [];
  const stances = ids.length ? db.select().from(decisionStance).where(anyOf(decisionStance.decisionId, ids)).all() : [];
  const stanceOf = (decisionId: number, orgId: number) => stances.find((s) => s.decisionId === decisionId && s.organizationId === orgId);
  const decisionsPending = inConsultation.map((d) => {
    const orgs = participants.filter((p) => p.decisionId === d.id).map((p) => p.organizationId).sort((a, b) => a - b);
    const awaitingStance: number[] = [];
    const holding: number[] = [];
    const awaitingApproval: number[] = [];
    for (const o of orgs) {
      const s = stanceOf(d.id, o);
      if (!s?.stance) awaitingStance.push(o);
      else if (s.stance === "保留" || s.stance === "反対") holding.push(o);
      else if (s.approval !== "決裁済") awaitingApproval.push(o);
    }
    return { ...d, awaitingStance, holding, awaitingApproval };
  });
  const decisionsPendingByTown = towns.map((t) => ({
    ...t,
    pending: decisionsPending.filter((d) => d.awaitingStance.includes(t.organizationId)).length,
    holding: decisionsPending.filter((d) => d.holding.includes(t.organizationId)).length,
    awaitingApproval: decisionsPending.filter((d) => d.awaitingApproval.includes(t.organizationId)).length,
  }));
  const stanceCompletion = towns.map((t) => {
    const mine = participants.filter((p) => p.organizationId === t.organizationId);
    return { ...t, total: mine.length, answered: mine.filter((p) => stanceOf(p.decisionId, t.organizationId)?.stance).length };
  });

  const decisionsMade = db
    .select({ id: decision.id, number: decision.number, title: decision.title, decidedAt: decision.decidedAt })
    .from(decision)
    .where(and(visibleDecisions(viewer), eq(decision.projectId, projectId), inArray(decision.status, ["決定", "改定"]), sql`${decision.decidedAt} IS NOT NULL`))
    .orderBy(asc(decision.decidedAt))
    .all() as { id: number; number: string; title: string; decidedAt: number }[];

  const reviewsDue = db
    .select({ id: decision.id, number: decision.number, title: decision.title, reviewOn: decision.reviewOn })
    .from(decision)
    .where(
      and(
        visibleDecisions(viewer),
        eq(decision.projectId, projectId),
        eq(decision.status, "決定"),
        sql`${decision.reviewOn} IS NOT NULL`,
        lt(decision.reviewOn, addDays(today, REVIEW_WINDOW_DAYS + 1)),
      ),
    )
    .orderBy(asc(decision.reviewOn))
    .all()
    .map((d) => ({ ...d, reviewOn: d.reviewOn!, overdue: d.reviewOn! < today }));

  const milestones = db
    .select()
    .from(milestone)
    .where(eq(milestone.projectId, projectId))
    .orderBy(asc(milestone.dueOn))
    .all()
    .map((m) => {
      // A completion dated after today is not shown as done yet (the snapshot keeps what was true today).
      const doneOn = m.doneOn && m.doneOn <= today ? m.doneOn : null;
      return { name: m.name, dueOn: m.dueOn, doneOn, fixed: m.fixed, state: milestoneState(m, today) };
    });

  const wgName = new Map(wgRows.map((w) => [w.id, w.name]));
  const risks = db
    .select({ number: issue.number, title: issue.title, wgId: issue.wgId, carried: issue.carryOverCount, dueOn: issue.dueOn })
    .from(issue)
    .where(and(inProject, inArray(issue.status, [...OPEN]), gte(issue.carryOverCount, 1)))
    .orderBy(sql`${issue.carryOverCount} DESC`, sql`${issue.dueOn} IS NULL`, asc(issue.dueOn), asc(issue.number))
    .limit(5)
    .all()
    .map((r) => ({ number: r.number, title: r.title, wgName: wgName.get(r.wgId) ?? "", carried: r.carried, overdue: r.dueOn !== null && r.dueOn < today }));

  const totals = wgs.reduce(
    (a, w) => ({ open: a.open + w.open, closed: a.closed + w.closed, overdue: a.overdue + w.overdue, carriedOver: a.carriedOver + w.carriedOver }),
    { open: 0, closed: 0, overdue: 0, carriedOver: 0 },
  );

  return {
    version: 2,
    takenAt: now,
    today,
    projectId: project.id,
    projectName: project.name,
    wgs,
    towns,
    vendors,
    otherHolders,
    totals,
    trend: {
      weeks,
      series: wgRows.map((w) => ({ wgId: w.id, name: w.name, values: weeks.map((_, i) => Number(countsByWg.get(w.id)?.[`w${i}`] ?? 0)) })),
    },
    meetings,
    decisionsPending,
    decisionsPendingByTown,
    stanceCompletion,
    decisionsMade,
    reviewsDue,
    milestones,
    risks,
  };
}
