// The decision log (決定事項): drafting, consultation with each town's stance and internal
// approval (庁内決裁), the decision rule, supersession (改定) and withdrawal (取下げ).
// Every read goes through visibleDecisions; every write runs in one transaction with its audit row.
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { MessageKey } from "~/i18n";
import { audit, type Actor } from "~/utils/audit.server";
import { fiscalYear, isIsoDate, todayInJapan } from "~/utils/dates";
import { anyOf, db, type Executor, schema, type Tx, write } from "~/utils/db.server";
import { dateText, checkbox, parseForm, text } from "~/utils/forms.server";
import { can, type Viewer } from "~/policy/permissions";
import { AGREEING, APPROVALS, DECISION_STATUSES, EDITABLE, FINAL, lifecycle, STANCES, tally, type Approval, type DecisionRule, type DecisionStatus, type Stance, type Tally } from "~/domain/decision";
import { conflict, forbidden, invalidField, notFound, ok, type Refusal, type Result } from "~/domain/result";
import { attach, type CheckedFile } from "./attachment.server";
import { commentsOn } from "./comment.server";
import { notifyDecisionChanged, notifyStanceRequested } from "./notification.server";
import { autoWatch } from "./watching.server";
import { visibleDecisions, visibleIssues, visibleMeetings } from "~/policy/visibility.server";

const { CLOSED_STATUSES } = schema;
/** The decision log's vocabularies and rules live in app/domain/decision.ts; re-exported for the models' callers. */
export { AGREEING, APPROVALS, DECISION_STATUSES, FINAL, STANCES, tally };
export type { Approval, DecisionRule, DecisionStatus, Stance, Tally };
const d = schema.decision;

// --- numbering and the rule ---------------------------------------------------------------

/** The next decision number in the fiscal year (April start) of `now`: D-2026-001, D-2026-002, … */
export async function nextDecisionNumber(tx: Executor, consortiumId: number, now = Date.now()) {
  const year = fiscalYear(todayInJapan(now));
  const max =
    tx
      .select({ max: sql<number>`coalesce(max(${d.sequence}), 0)` })
      .from(d)
      .where(and(eq(d.consortiumId, consortiumId), eq(d.fiscalYear, year)))
      .get()?.max ?? 0;
  const sequence = max + 1;
  return { fiscalYear: year, sequence, number: `D-${year}-${String(sequence).padStart(3, "0")}` };
}

// --- the register -----------------------------------------------------------------------

export type DecisionFilter = { projectId?: number; wgId?: number; status?: DecisionStatus; missingOrgId?: number; q?: string };

const positive = (v: string | null) => (v && /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

export function parseDecisionFilter(params: URLSearchParams): DecisionFilter {
  const status = params.get("status");
  return {
    projectId: positive(params.get("project")),
    wgId: positive(params.get("wg")),
    status: (DECISION_STATUSES as readonly string[]).includes(status ?? "") ? (status as DecisionStatus) : undefined,
    missingOrgId: positive(params.get("missing")),
    q: params.get("q")?.trim().slice(0, 100) || undefined,
  };
}

function filterSql(viewer: Viewer, f: DecisionFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [visibleDecisions(viewer)];
  if (f.projectId) conditions.push(eq(d.projectId, f.projectId));
  if (f.wgId) conditions.push(eq(d.wgId, f.wgId));
  if (f.status) conditions.push(eq(d.status, f.status));
  if (f.missingOrgId && can(viewer, "stance.read")) {
    // A town whose stance is still missing: consulted, participating, not answered.
    conditions.push(
      eq(d.status, "協議中"),
      sql`EXISTS (SELECT 1 FROM ${schema.decisionOrganization} o LEFT JOIN ${schema.decisionStance} s ON s.decision_id = o.decision_id AND s.organization_id = o.organization_id
        WHERE o.decision_id = ${d.id} AND o.organization_id = ${f.missingOrgId} AND s.stance IS NULL)`,
    );
  }
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(sql`${d.number} LIKE ${pattern} ESCAPE '\\'`, sql`${d.title} LIKE ${pattern} ESCAPE '\\'`, sql`${d.body} LIKE ${pattern} ESCAPE '\\'`));
  }
  return and(...conditions);
}

export async function listDecisions({ viewer, filter = {} }: { viewer: Viewer; filter?: DecisionFilter }) {
  const rows = db
    .select({
      id: d.id,
      number: d.number,
      title: d.title,
      status: d.status,
      projectId: d.projectId,
      projectName: schema.project.name,
      wgId: d.wgId,
      wgName: schema.workingGroup.name,
      stanceDueOn: d.stanceDueOn,
      reviewOn: d.reviewOn,
      decidedAt: d.decidedAt,
      updatedAt: d.updatedAt,
      rule: d.rule,
    })
    .from(d)
    .innerJoin(schema.project, eq(schema.project.id, d.projectId))
    .leftJoin(schema.workingGroup, eq(schema.workingGroup.id, d.wgId))
    .where(filterSql(viewer, filter))
    .orderBy(desc(d.fiscalYear), desc(d.sequence))
    .all();
  const stances = can(viewer, "stance.read") ? await stancesOf(rows.map((r) => r.id)) : new Map<number, StanceCell[]>();
  return rows.map((r) => ({ ...r, stances: stances.get(r.id) ?? [] }));
}

export type StanceCell = { organizationId: number; stance: Stance | null; approval: Approval; approvedOn: string | null };

/** Participating towns and their current stance, for many decisions at once. */
async function stancesOf(decisionIds: number[]) {
  const byDecision = new Map<number, StanceCell[]>();
  if (decisionIds.length === 0) return byDecision;
  const rows = db
    .select({
      decisionId: schema.decisionOrganization.decisionId,
      organizationId: schema.decisionOrganization.organizationId,
      stance: schema.decisionStance.stance,
      approval: sql<Approval>`coalesce(${schema.decisionStance.approval}, '未説明')`,
      approvedOn: schema.decisionStance.approvedOn,
    })
    .from(schema.decisionOrganization)
    .leftJoin(
      schema.decisionStance,
      and(eq(schema.decisionStance.decisionId, schema.decisionOrganization.decisionId), eq(schema.decisionStance.organizationId, schema.decisionOrganization.organizationId)),
    )
    .where(anyOf(schema.decisionOrganization.decisionId, decisionIds))
    .orderBy(asc(schema.decisionOrganization.organizationId))
    .all();
  for (const { decisionId, ...cell } of rows) {
    const list = byDecision.get(decisionId) ?? [];
    list.push(cell);
    byDecision.set(decisionId, list);
  }
  return byDecision;
}

/** The towns of the consortium, in their usual order (for the matrix and the filters). */
export async function consortiumTowns(viewer: Viewer) {
  return db
    .select({ id: schema.organization.id, name: schema.organization.name })
    .from(schema.organization)
    .where(and(eq(schema.organization.consortiumId, viewer.consortiumId), eq(schema.organization.kind, "municipality")))
    .orderBy(asc(schema.organization.id))
    .all();
}

/** Filter choices for the register: projects and WGs the viewer may see decisions of. */
export async function registerChoices(viewer: Viewer) {
  const visible = db
    .selectDistinct({ projectId: d.projectId, projectName: schema.project.name, wgId: d.wgId, wgName: schema.workingGroup.name })
    .from(d)
    .innerJoin(schema.project, eq(schema.project.id, d.projectId))
    .leftJoin(schema.workingGroup, eq(schema.workingGroup.id, d.wgId))
    .where(visibleDecisions(viewer))
    .all();
  const projects = new Map<number, string>();
  const wgs = new Map<number, string>();
  for (const r of visible) {
    projects.set(r.projectId, r.projectName);
    if (r.wgId !== null && r.wgName !== null) wgs.set(r.wgId, r.wgName);
  }
  return {
    projects: [...projects].map(([id, name]) => ({ id, name })).sort((a, b) => a.id - b.id),
    wgs: [...wgs].map(([id, name]) => ({ id, name })).sort((a, b) => a.id - b.id),
    towns: can(viewer, "stance.read") ? await consortiumTowns(viewer) : [],
  };
}

/**
 * 「自団体の対応待ち」: decisions in consultation waiting for the viewer's town (stance or 決裁);
 * null for anyone who is not town staff (the PMO, leadership, vendors).
 */
export async function pendingForTown({ viewer, limit = 10 }: { viewer: Viewer; limit?: number }) {
  if (!can(viewer, "stance.read") || viewer.organizationKind !== "municipality") return null;
  return db
    .select({
      id: d.id,
      number: d.number,
      title: d.title,
      stanceDueOn: d.stanceDueOn,
      stance: schema.decisionStance.stance,
      approval: sql<Approval>`coalesce(${schema.decisionStance.approval}, '未説明')`,
    })
    .from(d)
    .innerJoin(schema.decisionOrganization, and(eq(schema.decisionOrganization.decisionId, d.id), eq(schema.decisionOrganization.organizationId, viewer.organizationId)))
    .leftJoin(schema.decisionStance, and(eq(schema.decisionStance.decisionId, d.id), eq(schema.decisionStance.organizationId, viewer.organizationId)))
    .where(and(visibleDecisions(viewer), eq(d.status, "協議中"), or(isNull(schema.decisionStance.stance), sql`coalesce(${schema.decisionStance.approval}, '未説明') <> '決裁済'`)))
    .orderBy(sql`${d.stanceDueOn} IS NULL`, asc(d.stanceDueOn), asc(d.id))
    .limit(limit)
    .all();
}

// --- one decision -----------------------------------------------------------------------

export async function findDecision(viewer: Viewer, id: number) {
  return db
    .select()
    .from(d)
    .where(and(visibleDecisions(viewer), eq(d.id, id)))
    .get();
}

/** A decided decision the viewer may see, with its towns: what a revision (改定案) starts from. */
export async function decisionToRevise(viewer: Viewer, id: number) {
  const old = await findDecision(viewer, id);
  if (!old || !lifecycle.revise(old.status)) return null;
  return { ...old, organizationIds: await participantIds(db, old.id) };
}

/** A visible issue with its project: what a decision drafted from it (決定事項を起案) starts from. */
export async function issueToDecide(viewer: Viewer, number: number) {
  return db
    .select({ number: schema.issue.number, title: schema.issue.title, wgId: schema.issue.wgId, projectId: schema.workingGroup.projectId })
    .from(schema.issue)
    .innerJoin(schema.workingGroup, eq(schema.workingGroup.id, schema.issue.wgId))
    .where(and(visibleIssues(viewer), eq(schema.issue.number, number)))
    .get();
}

export async function getDecision({ viewer, id }: { viewer: Viewer; id: number }) {
  const row = db
    .select({
      decision: d,
      projectName: schema.project.name,
      wgName: schema.workingGroup.name,
      creatorName: schema.user.displayName,
      consortiumRule: schema.consortium.decisionRule,
      consortiumApprovalRequired: schema.consortium.approvalRequired,
    })
    .from(d)
    .innerJoin(schema.project, eq(schema.project.id, d.projectId))
    .innerJoin(schema.consortium, eq(schema.consortium.id, d.consortiumId))
    .innerJoin(schema.user, eq(schema.user.id, d.createdBy))
    .leftJoin(schema.workingGroup, eq(schema.workingGroup.id, d.wgId))
    .where(and(visibleDecisions(viewer), eq(d.id, id)))
    .get();
  if (!row) return null;
  // What the decision cites (its meeting and note, the decisions it revises or was revised by)
  // leaves only resolved for this viewer below: never as a bare id of something hidden.
  const { sourceMeetingId, sourceNoteId, supersedesId, supersededById, ...decision } = row.decision;
  const seeStances = can(viewer, "stance.read");
  const stances = seeStances ? await townStances(decision.id) : [];
  // A decided decision keeps the rule it was decided under; one in consultation follows the consortium's.
  const rule = (decision.rule ?? row.consortiumRule) as DecisionRule;
  const approvalRequired = decision.approvalRequired ?? row.consortiumApprovalRequired;
  const issues = db
    .select({
      number: schema.issue.number,
      title: schema.issue.title,
      status: schema.issue.status,
      dueOn: schema.issue.dueOn,
      relation: schema.decisionIssue.relation,
      assigneeName: schema.user.displayName,
    })
    .from(schema.decisionIssue)
    .innerJoin(schema.issue, eq(schema.issue.id, schema.decisionIssue.issueId))
    .leftJoin(schema.user, eq(schema.user.id, schema.issue.assigneeId))
    .where(and(eq(schema.decisionIssue.decisionId, decision.id), visibleIssues(viewer)))
    .orderBy(asc(schema.issue.number))
    .all();
  const link = async (linkedId: number | null) =>
    linkedId ? (db.select({ id: d.id, number: d.number, title: d.title, status: d.status }).from(d).where(and(visibleDecisions(viewer), eq(d.id, linkedId))).get() ?? null) : null;
  // A draft that would supersede this one (改定案), before it is decided.
  const revision = db
    .select({ id: d.id, number: d.number, title: d.title, status: d.status })
    .from(d)
    .where(and(visibleDecisions(viewer), eq(d.supersedesId, decision.id), inArray(d.status, [...EDITABLE])))
    .get();
  const sourceMeeting = sourceMeetingId
    ? db
        .select({ id: schema.meeting.id, title: schema.meeting.title, startsAt: schema.meeting.startsAt })
        .from(schema.meeting)
        .where(and(visibleMeetings(viewer), eq(schema.meeting.id, sourceMeetingId)))
        .get()
    : undefined;
  return {
    ...decision,
    projectName: row.projectName,
    wgName: row.wgName,
    creatorName: row.creatorName,
    rule,
    stances,
    tally: tally(rule, stances, approvalRequired),
    history: seeStances ? await stanceHistory(decision.id) : [],
    related: issues.filter((i) => i.relation === "related"),
    followUps: issues.filter((i) => i.relation === "follow_up"),
    supersedes: await link(supersedesId),
    supersededBy: await link(supersededById),
    revision: revision ?? null,
    sourceMeeting: sourceMeeting ? { ...sourceMeeting, noteId: sourceNoteId } : null,
  };
}
export type DecisionDetail = NonNullable<Awaited<ReturnType<typeof getDecision>>>;

async function townStances(decisionId: number) {
  return db
    .select({
      organizationId: schema.decisionOrganization.organizationId,
      organizationName: schema.organization.name,
      stance: schema.decisionStance.stance,
      approval: sql<Approval>`coalesce(${schema.decisionStance.approval}, '未説明')`,
      approvedOn: schema.decisionStance.approvedOn,
      comment: sql<string>`coalesce(${schema.decisionStance.comment}, '')`,
      attachmentId: schema.decisionStance.attachmentId,
      recordedByName: schema.user.displayName,
      recordedAt: schema.decisionStance.recordedAt,
    })
    .from(schema.decisionOrganization)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.decisionOrganization.organizationId))
    .leftJoin(
      schema.decisionStance,
      and(eq(schema.decisionStance.decisionId, decisionId), eq(schema.decisionStance.organizationId, schema.decisionOrganization.organizationId)),
    )
    .leftJoin(schema.user, eq(schema.user.id, schema.decisionStance.recordedBy))
    .where(eq(schema.decisionOrganization.decisionId, decisionId))
    .orderBy(asc(schema.decisionOrganization.organizationId))
    .all();
}

async function stanceHistory(decisionId: number) {
  const h = schema.decisionStanceHistory;
  return db
    .select({
      id: h.id,
      organizationName: schema.organization.name,
      stance: h.stance,
      approval: h.approval,
      approvedOn: h.approvedOn,
      comment: h.comment,
      attachmentId: h.attachmentId,
      recordedByName: schema.user.displayName,
      at: h.createdAt,
    })
    .from(h)
    .innerJoin(schema.organization, eq(schema.organization.id, h.organizationId))
    .innerJoin(schema.user, eq(schema.user.id, h.recordedBy))
    .where(eq(h.decisionId, decisionId))
    .orderBy(desc(h.createdAt), desc(h.id))
    .all();
}

// --- drafting and editing ---------------------------------------------------------------

const optionalDate = (message: MessageKey) => dateText(message);
const idList = z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.coerce.number().int().positive()));
/** 「#12, #15」 or 「12 15」: issue numbers. */
const issueNumbers = z
  .preprocess((v) => (typeof v === "string" ? v : ""), z.string().max(500, "decisions.issuesInvalid"))
  .refine((v) => /^[\s,、#＃0-9０-９]*$/.test(v), "decisions.issuesInvalid")
  .transform((v) => [...new Set((v.normalize("NFKC").match(/\d+/g) ?? []).map(Number))]);

export const decisionFormSchema = z.object({
  projectId: z.coerce.number({ invalid_type_error: "decisions.projectInvalid" }).int().positive("decisions.projectInvalid"),
  wgId: z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().positive().nullable()),
  title: text(200, { required: "decisions.titleRequired", tooLong: "decisions.titleTooLong" }),
  body: text(20_000, { tooLong: "decisions.bodyTooLong" }),
  rationale: text(20_000, { tooLong: "decisions.bodyTooLong" }),
  optionsConsidered: text(20_000, { tooLong: "decisions.bodyTooLong" }),
  organizationIds: idList,
  relatedIssues: issueNumbers,
  stanceDueOn: optionalDate("decisions.dateInvalid"),
  reviewOn: optionalDate("decisions.dateInvalid"),
  vendorVisible: checkbox,
});
export type DecisionInput = z.infer<typeof decisionFormSchema>;

export function parseDecisionForm(form: FormData) {
  return parseForm(decisionFormSchema, form);
}

/** What the decision form offers: projects, their WGs and their towns (default participants). */
export async function decisionChoices(viewer: Viewer) {
  const projects = db
    .select({ id: schema.project.id, name: schema.project.name })
    .from(schema.project)
    .where(eq(schema.project.consortiumId, viewer.consortiumId))
    .orderBy(asc(schema.project.id))
    .all();
  const wgs = db
    .select({ id: schema.workingGroup.id, name: schema.workingGroup.name, projectId: schema.workingGroup.projectId })
    .from(schema.workingGroup)
    .where(and(eq(schema.workingGroup.consortiumId, viewer.consortiumId), eq(schema.workingGroup.archived, false)))
    .orderBy(asc(schema.workingGroup.id))
    .all();
  const projectTowns = db
    .select({ projectId: schema.projectOrganization.projectId, organizationId: schema.projectOrganization.organizationId })
    .from(schema.projectOrganization)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.projectOrganization.organizationId))
    .where(eq(schema.organization.kind, "municipality"))
    .all();
  return {
    projects: projects.map((p) => ({ ...p, townIds: projectTowns.filter((t) => t.projectId === p.id).map((t) => t.organizationId) })),
    wgs,
    towns: await consortiumTowns(viewer),
  };
}
export type DecisionChoices = Awaited<ReturnType<typeof decisionChoices>>;

/** The project's towns: the default participants of a new decision. */
export async function projectTownIds(tx: Executor, projectId: number) {
  return tx
    .select({ id: schema.projectOrganization.organizationId })
    .from(schema.projectOrganization)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.projectOrganization.organizationId))
    .where(and(eq(schema.projectOrganization.projectId, projectId), eq(schema.organization.kind, "municipality")))
    .all()
    .map((r) => r.id);
}

async function checkInput(viewer: Viewer, input: DecisionInput): Promise<Result<{ issueIds: number[] }>> {
  const choices = await decisionChoices(viewer);
  const project = choices.projects.find((p) => p.id === input.projectId);
  if (!project) return invalidField("projectId", "decisions.projectInvalid");
  if (input.wgId !== null && !choices.wgs.some((w) => w.id === input.wgId && w.projectId === input.projectId)) return invalidField("wgId", "decisions.wgInvalid");
  if (input.organizationIds.length === 0) return invalidField("organizationIds", "decisions.townsRequired");
  if (!input.organizationIds.every((id) => choices.towns.some((t) => t.id === id))) return invalidField("organizationIds", "decisions.townsInvalid");
  if (input.vendorVisible && input.wgId === null) return invalidField("vendorVisible", "decisions.vendorNeedsWg");
  if (input.relatedIssues.length === 0) return ok({ issueIds: [] });
  const found = db
    .select({ id: schema.issue.id })
    .from(schema.issue)
    .where(and(visibleIssues(viewer), inArray(schema.issue.number, input.relatedIssues)))
    .all();
  if (found.length !== input.relatedIssues.length) return invalidField("relatedIssues", "decisions.issueNotFound");
  return ok({ issueIds: found.map((i) => i.id) });
}

type Draft = {
  projectId: number;
  wgId: number | null;
  title: string;
  body: string;
  rationale?: string;
  optionsConsidered?: string;
  organizationIds: number[];
  relatedIssueIds?: number[];
  stanceDueOn?: string | null;
  reviewOn?: string | null;
  vendorVisible?: boolean;
  sourceMeetingId?: number | null;
  sourceNoteId?: number | null;
  supersedesId?: number | null;
};

/** Inserts a draft (起案) with its number, participants and related issues; audited. */
export async function insertDraft(tx: Tx, viewer: Viewer, actor: Actor, draft: Draft, now = Date.now()) {
  const numbering = await nextDecisionNumber(tx, viewer.consortiumId, now);
  const created = tx
    .insert(d)
    .values({
      consortiumId: viewer.consortiumId,
      projectId: draft.projectId,
      wgId: draft.wgId,
      ...numbering,
      title: draft.title,
      body: draft.body,
      rationale: draft.rationale ?? "",
      optionsConsidered: draft.optionsConsidered ?? "",
      status: "起案",
      sourceMeetingId: draft.sourceMeetingId ?? null,
      sourceNoteId: draft.sourceNoteId ?? null,
      supersedesId: draft.supersedesId ?? null,
      stanceDueOn: draft.stanceDueOn ?? null,
      reviewOn: draft.reviewOn ?? null,
      vendorVisible: draft.vendorVisible ?? false,
      createdBy: viewer.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: d.id })
    .get();
  await replaceParticipants(tx, created.id, draft.organizationIds);
  await replaceRelated(tx, created.id, draft.relatedIssueIds ?? []);
  await audit(tx, actor, {
    action: "decision.draft",
    entityType: "decision",
    entityId: created.id,
    after: { number: numbering.number, title: draft.title, projectId: draft.projectId, wgId: draft.wgId, organizationIds: draft.organizationIds, supersedesId: draft.supersedesId ?? null, sourceMeetingId: draft.sourceMeetingId ?? null, sourceNoteId: draft.sourceNoteId ?? null },
  });
  return { id: created.id, number: numbering.number };
}

async function replaceParticipants(tx: Tx, decisionId: number, organizationIds: number[]) {
  tx.delete(schema.decisionOrganization).where(eq(schema.decisionOrganization.decisionId, decisionId)).run();
  const unique = [...new Set(organizationIds)];
  if (unique.length) tx.insert(schema.decisionOrganization).values(unique.map((organizationId) => ({ decisionId, organizationId }))).run();
}

async function replaceRelated(tx: Tx, decisionId: number, issueIds: number[]) {
  tx.delete(schema.decisionIssue).where(and(eq(schema.decisionIssue.decisionId, decisionId), eq(schema.decisionIssue.relation, "related"))).run();
  const followUps = new Set(
    tx.select({ id: schema.decisionIssue.issueId }).from(schema.decisionIssue).where(eq(schema.decisionIssue.decisionId, decisionId)).all().map((r) => r.id),
  );
  const unique = [...new Set(issueIds)].filter((id) => !followUps.has(id));
  if (unique.length) tx.insert(schema.decisionIssue).values(unique.map((issueId) => ({ decisionId, issueId, relation: "related" as const }))).run();
}

/** May the viewer edit, consult or withdraw this decision? PMO, the WG's lead, or its author. */
export function canManage(viewer: Viewer, decision: { wgId: number | null; createdBy: number }) {
  return can(viewer, "decision.manage", { wgId: decision.wgId, createdBy: decision.createdBy });
}

/** The decision, if the viewer may see (else 404) and manage it (else 403). */
async function managed(viewer: Viewer, id: number): Promise<Result<{ decision: NonNullable<Awaited<ReturnType<typeof findDecision>>> }>> {
  const decision = await findDecision(viewer, id);
  if (!decision) return notFound();
  if (!canManage(viewer, decision)) return forbidden("decisions.notAllowed");
  return ok({ decision });
}

/** A visible issue's id by its number. */
async function visibleIssueId(viewer: Viewer, number: number) {
  return db.select({ id: schema.issue.id }).from(schema.issue).where(and(visibleIssues(viewer), eq(schema.issue.number, number))).get()?.id;
}

export async function createDecision({ viewer, actor, input, supersedesId = null, now = Date.now() }: { viewer: Viewer; actor: Actor; input: DecisionInput; supersedesId?: number | null; now?: number }): Promise<Result<{ id: number; number: string }>> {
  if (!can(viewer, "decision.draft")) return forbidden("decisions.notAllowed");
  const checked = await checkInput(viewer, input);
  if (!checked.ok) return checked;
  if (supersedesId !== null) {
    const old = await findDecision(viewer, supersedesId);
    // The form names the decision it revises: one the viewer cannot see is a bad form (400), not a missing page.
    if (!old) return invalidField("form", "decisions.notFound");
    if (!lifecycle.revise(old.status)) return conflict("decisions.onlyDecidedSuperseded");
  }
  return write(async (tx) => {
    const made = await insertDraft(tx, viewer, actor, { ...input, relatedIssueIds: checked.issueIds, supersedesId }, now);
    return ok(made);
  });
}

const TEXT_FIELDS = ["projectId", "wgId", "title", "body", "rationale", "optionsConsidered", "stanceDueOn", "reviewOn", "vendorVisible"] as const;

/**
 * Edits a draft or a decision in consultation. Participants can change only before the
 * consultation starts (the towns have been asked). A decided decision is never edited.
 */
export async function updateDecision({ viewer, actor, id, input, now = Date.now() }: { viewer: Viewer; actor: Actor; id: number; input: DecisionInput; now?: number }): Promise<Result> {
  const managing = await managed(viewer, id);
  if (!managing.ok) return managing;
  const current = managing.decision;
  if (!lifecycle.edit(current.status)) return conflict("decisions.final");
  const checked = await checkInput(viewer, input);
  if (!checked.ok) return checked;
  const participants = await participantIds(db, id);
  const sameTowns = participants.join(",") === [...new Set(input.organizationIds)].sort((a, b) => a - b).join(",");
  if (current.status === "協議中" && !sameTowns) return conflict("decisions.townsFixed", "organizationIds");
  if (current.status === "協議中" && input.projectId !== current.projectId) return conflict("decisions.projectFixed", "projectId");
  const before = Object.fromEntries(TEXT_FIELDS.map((f) => [f, current[f]]));
  const after = Object.fromEntries(TEXT_FIELDS.map((f) => [f, input[f]]));
  await write(async (tx) => {
    tx.update(d)
      .set({ ...after, updatedAt: now })
      .where(and(eq(d.id, id), inArray(d.status, [...EDITABLE])))
      .run();
    if (!sameTowns) await replaceParticipants(tx, id, input.organizationIds);
    await replaceRelated(tx, id, checked.issueIds);
    await audit(tx, actor, { action: "decision.update", entityType: "decision", entityId: id, before: { ...before, organizationIds: participants }, after: { ...after, organizationIds: input.organizationIds, relatedIssues: input.relatedIssues } });
  });
  return ok();
}

async function participantIds(tx: Executor, decisionId: number) {
  return tx
    .select({ id: schema.decisionOrganization.organizationId })
    .from(schema.decisionOrganization)
    .where(eq(schema.decisionOrganization.decisionId, decisionId))
    .orderBy(asc(schema.decisionOrganization.organizationId))
    .all()
    .map((r) => r.id);
}

// --- consultation, stances and the outcome ------------------------------------------------

/** 起案 → 協議中: every participating town is asked for its stance. */
export async function startConsultation({ viewer, actor, id, now = Date.now() }: { viewer: Viewer; actor: Actor; id: number; now?: number }): Promise<Result> {
  const managing = await managed(viewer, id);
  if (!managing.ok) return managing;
  const current = managing.decision;
  if (!lifecycle.consult(current.status)) return conflict("decisions.notDraft");
  const towns = await participantIds(db, id);
  if (towns.length === 0) return invalidField("form", "decisions.townsRequired");
  await write(async (tx) => {
    tx.update(d).set({ status: "協議中", updatedAt: now }).where(and(eq(d.id, id), eq(d.status, "起案"))).run();
    // Towns may already have answered informally (根回し); keep any row, add the rest.
    tx.insert(schema.decisionStance)
      .values(towns.map((organizationId) => ({ decisionId: id, organizationId, stance: null, approval: "未説明" as const })))
      .onConflictDoNothing()
      .run();
    await audit(tx, actor, { action: "decision.consult", entityType: "decision", entityId: id, before: { status: "起案" }, after: { status: "協議中", organizationIds: towns } });
    await notifyStanceRequested(tx, { decisionId: id, actor: viewer, organizationIds: towns }, now);
  });
  return ok();
}

const stanceValue = z.preprocess((v) => (v === "" || v == null ? null : v), z.enum(STANCES, { errorMap: () => ({ message: "decisions.stanceInvalid" }) }).nullable());

export const stanceFormSchema = z
  .object({
    organizationId: z.coerce.number().int().positive(),
    stance: stanceValue,
    comment: text(2000, { tooLong: "decisions.commentTooLong" }),
    approval: z.enum(APPROVALS, { errorMap: () => ({ message: "decisions.approvalInvalid" }) }),
    approvedOn: optionalDate("decisions.dateInvalid"),
  })
  .superRefine((v, ctx) => {
    if (v.stance === "条件付賛成" && !v.comment) ctx.addIssue({ code: "custom", path: ["comment"], message: "decisions.conditionRequired" });
    if (v.stance === "反対" && !v.comment) ctx.addIssue({ code: "custom", path: ["comment"], message: "decisions.reasonRequired" });
    if (v.approval === "決裁済" && !v.approvedOn) ctx.addIssue({ code: "custom", path: ["approvedOn"], message: "decisions.approvedOnRequired" });
  });
export type StanceInput = z.infer<typeof stanceFormSchema>;

export function parseStanceForm(form: FormData) {
  return parseForm(stanceFormSchema, form);
}

/**
 * A town records (or changes) its stance and internal approval while the decision is in
 * consultation. Each change is kept in the history; when the rule is met the decision
 * becomes 決定 in the same transaction (and the decision it supersedes becomes 改定).
 */
export async function recordStance({ viewer, actor, id, input, file, now = Date.now() }: { viewer: Viewer; actor: Actor; id: number; input: StanceInput; file?: CheckedFile; now?: number }): Promise<Result<{ decided: boolean }>> {
  const current = await findDecision(viewer, id);
  if (!current) return notFound();
  if (!can(viewer, "stance.record", { wgId: current.wgId, organizationId: input.organizationId })) return forbidden("decisions.stanceNotYours");
  if (!lifecycle.recordStance(current.status)) return conflict(lifecycle.final(current.status) ? "decisions.final" : "decisions.notInConsultation");
  if (input.approvedOn && input.approvedOn > todayInJapan(now)) return invalidField("approvedOn", "decisions.approvedOnFuture");
  let decided = false;
  const outcome = await write(async (tx): Promise<Refusal | null> => {
    const fresh = tx.select({ status: d.status, rule: d.rule, supersedesId: d.supersedesId }).from(d).where(eq(d.id, id)).get();
    if (!fresh || !lifecycle.recordStance(fresh.status)) return conflict("decisions.final");
    if (!(await participantIds(tx, id)).includes(input.organizationId)) return forbidden("decisions.stanceNotYours");
    const previous = tx
      .select()
      .from(schema.decisionStance)
      .where(and(eq(schema.decisionStance.decisionId, id), eq(schema.decisionStance.organizationId, input.organizationId)))
      .get();
    const attachmentId = file ? (await attach(tx, viewer, { decisionId: id }, [file]))[0] : (previous?.attachmentId ?? null);
    const values = {
      stance: input.stance,
      approval: input.approval,
      approvedOn: input.approval === "決裁済" ? input.approvedOn : null,
      comment: input.comment,
      attachmentId,
      recordedBy: viewer.userId,
      recordedAt: now,
    };
    tx.insert(schema.decisionStance)
      .values({ decisionId: id, organizationId: input.organizationId, ...values })
      .onConflictDoUpdate({ target: [schema.decisionStance.decisionId, schema.decisionStance.organizationId], set: values })
      .run();
    tx.insert(schema.decisionStanceHistory)
      .values({ decisionId: id, organizationId: input.organizationId, stance: values.stance, approval: values.approval, approvedOn: values.approvedOn, comment: values.comment, attachmentId, recordedBy: viewer.userId, createdAt: now })
      .run();
    tx.update(d).set({ updatedAt: now }).where(eq(d.id, id)).run();
    await audit(tx, actor, {
      action: "decision.stance",
      entityType: "decision",
      entityId: id,
      before: previous ? { organizationId: input.organizationId, stance: previous.stance, approval: previous.approval, approvedOn: previous.approvedOn, comment: previous.comment } : null,
      after: { organizationId: input.organizationId, stance: values.stance, approval: values.approval, approvedOn: values.approvedOn, comment: values.comment, attachmentId },
    });
    const { rule, approvalRequired } = await ruleOf(tx, viewer.consortiumId);
    const result = tally(rule, await currentStances(tx, id), approvalRequired);
    if (result.reached) {
      await decide(tx, actor, { id, rule, approvalRequired, supersedesId: fresh.supersedesId, now });
      await notifyDecisionChanged(tx, { decisionId: id, actor: viewer, summary: (t) => t("notifications.summary.decided") }, now);
      decided = true;
    }
    return null;
  });
  return outcome ?? ok({ decided });
}

async function ruleOf(tx: Executor, consortiumId: number): Promise<{ rule: DecisionRule; approvalRequired: boolean }> {
  const row = tx.select({ rule: schema.consortium.decisionRule, approvalRequired: schema.consortium.approvalRequired }).from(schema.consortium).where(eq(schema.consortium.id, consortiumId)).get();
  return { rule: (row?.rule ?? "unanimity") as DecisionRule, approvalRequired: row?.approvalRequired ?? false };
}

async function currentStances(tx: Executor, decisionId: number) {
  return tx
    .select({ organizationId: schema.decisionOrganization.organizationId, stance: schema.decisionStance.stance, approval: schema.decisionStance.approval })
    .from(schema.decisionOrganization)
    .leftJoin(
      schema.decisionStance,
      and(eq(schema.decisionStance.decisionId, decisionId), eq(schema.decisionStance.organizationId, schema.decisionOrganization.organizationId)),
    )
    .where(eq(schema.decisionOrganization.decisionId, decisionId))
    .all();
}

/** 協議中 → 決定 with the rule used; the superseded decision becomes 改定 and both link. */
async function decide(tx: Tx, actor: Actor, { id, rule, approvalRequired, supersedesId, now }: { id: number; rule: DecisionRule; approvalRequired: boolean; supersedesId: number | null; now: number }) {
  const today = todayInJapan(now);
  tx.update(d)
    .set({ status: "決定", rule, approvalRequired, decidedAt: now, effectiveOn: sql`coalesce(${d.effectiveOn}, ${today})`, updatedAt: now })
    .where(eq(d.id, id))
    .run();
  await audit(tx, actor, { action: "decision.decide", entityType: "decision", entityId: id, before: { status: "協議中" }, after: { status: "決定", rule, approvalRequired } });
  if (supersedesId !== null) {
    const superseded = tx
      .update(d)
      .set({ status: "改定", supersededById: id, updatedAt: now })
      .where(and(eq(d.id, supersedesId), eq(d.status, "決定")))
      .returning({ id: d.id })
      .get();
    if (superseded) await audit(tx, actor, { action: "decision.supersede", entityType: "decision", entityId: supersedesId, before: { status: "決定" }, after: { status: "改定", supersededById: id } });
  }
}

/** 取下げ with a reason: a draft, a decision in consultation, or a decided one. */
export async function withdrawDecision({ viewer, actor, id, reason, now = Date.now() }: { viewer: Viewer; actor: Actor; id: number; reason: string; now?: number }): Promise<Result> {
  const managing = await managed(viewer, id);
  if (!managing.ok) return managing;
  const current = managing.decision;
  if (!lifecycle.withdraw(current.status)) return conflict("decisions.final");
  const trimmed = reason.trim();
  if (!trimmed) return invalidField("reason", "decisions.withdrawReasonRequired");
  if (trimmed.length > 2000) return invalidField("reason", "decisions.commentTooLong");
  await write(async (tx) => {
    tx.update(d).set({ status: "取下げ", withdrawnReason: trimmed, updatedAt: now }).where(eq(d.id, id)).run();
    await notifyDecisionChanged(tx, { decisionId: id, actor: viewer, summary: (t) => t("notifications.summary.withdrawn", { reason: trimmed.slice(0, 100) }) }, now);
    await audit(tx, actor, { action: "decision.withdraw", entityType: "decision", entityId: id, before: { status: current.status }, after: { status: "取下げ", reason: trimmed } });
  });
  return ok();
}

// --- follow-up and review -----------------------------------------------------------------

/** Links an issue as a follow-up action (or a related issue); allowed after 決定 too. */
export async function linkIssue({ viewer, actor, id, number, relation }: { viewer: Viewer; actor: Actor; id: number; number: number; relation: "related" | "follow_up" }): Promise<Result> {
  const managing = await managed(viewer, id);
  if (!managing.ok) return managing;
  const current = managing.decision;
  if (!lifecycle.linkFollowUp(current.status)) return conflict("decisions.final");
  if (relation === "related" && !lifecycle.linkRelated(current.status)) return conflict("decisions.final");
  const issueId = await visibleIssueId(viewer, number);
  if (!issueId) return invalidField("number", "decisions.issueNotFound");
  await write(async (tx) => {
    tx.insert(schema.decisionIssue)
      .values({ decisionId: id, issueId: issueId, relation })
      .onConflictDoUpdate({ target: [schema.decisionIssue.decisionId, schema.decisionIssue.issueId], set: { relation } })
      .run();
    await audit(tx, actor, { action: "decision.linkIssue", entityType: "decision", entityId: id, after: { issueNumber: number, relation } });
  });
  return ok();
}

export async function unlinkIssue({ viewer, actor, id, number }: { viewer: Viewer; actor: Actor; id: number; number: number }): Promise<Result> {
  const managing = await managed(viewer, id);
  if (!managing.ok) return managing;
  const current = managing.decision;
  const issueId = await visibleIssueId(viewer, number);
  if (!issueId) return notFound();
  const link = db.select().from(schema.decisionIssue).where(and(eq(schema.decisionIssue.decisionId, id), eq(schema.decisionIssue.issueId, issueId))).get();
  if (!link) return ok();
  // What a decided decision was based on stays; only its follow-ups can be rearranged.
  if (link.relation === "related" && !lifecycle.unlinkRelated(current.status)) return conflict("decisions.final");
  await write(async (tx) => {
    tx.delete(schema.decisionIssue).where(and(eq(schema.decisionIssue.decisionId, id), eq(schema.decisionIssue.issueId, issueId))).run();
    await audit(tx, actor, { action: "decision.unlinkIssue", entityType: "decision", entityId: id, before: { issueNumber: number, relation: link.relation } });
  });
  return ok();
}

/** 見直し日: set or cleared at any time while the decision stands. */
export async function setReviewDate({ viewer, actor, id, reviewOn, now = Date.now() }: { viewer: Viewer; actor: Actor; id: number; reviewOn: string | null; now?: number }): Promise<Result> {
  const managing = await managed(viewer, id);
  if (!managing.ok) return managing;
  const current = managing.decision;
  if (!lifecycle.setReview(current.status)) return conflict("decisions.final");
  if (reviewOn !== null && !isIsoDate(reviewOn)) return invalidField("reviewOn", "decisions.dateInvalid");
  await write(async (tx) => {
    tx.update(d).set({ reviewOn, updatedAt: now }).where(eq(d.id, id)).run();
    await audit(tx, actor, { action: "decision.review", entityType: "decision", entityId: id, before: { reviewOn: current.reviewOn }, after: { reviewOn } });
  });
  return ok();
}

/** Follow-up progress: how many follow-up issues are done. */
export function followUpProgress(followUps: { status: string }[]) {
  const done = followUps.filter((i) => (CLOSED_STATUSES as readonly string[]).includes(i.status)).length;
  return { done, total: followUps.length };
}

// --- discussion (協議の記録) ---------------------------------------------------------------

/** Comments on a decision; internal memos (内部メモ) only for those who may read them. */
export async function decisionComments({ viewer, decisionId }: { viewer: Viewer; decisionId: number }) {
  return (await commentsOn(viewer, { decisionId })).map(({ id, at, authorName, authorOrganization, body, internal }) => ({ id, at, authorName, authorOrganization, body, internal }));
}

export async function addDecisionComment({ viewer, actor, id, body, internal, now = Date.now() }: { viewer: Viewer; actor: Actor; id: number; body: string; internal: boolean; now?: number }): Promise<Result> {
  const current = await findDecision(viewer, id);
  if (!current) return notFound();
  const shared = { wgId: current.wgId, vendorVisible: current.vendorVisible };
  if (!can(viewer, "comment.create", shared)) return forbidden("decisions.notAllowed");
  // A vendor (or anyone without the right) never writes an internal memo, whatever the form says.
  const asInternal = internal && can(viewer, "comment.createInternal", { wgId: current.wgId });
  await write(async (tx) => {
    const created = tx
      .insert(schema.comment)
      .values({ consortiumId: viewer.consortiumId, decisionId: id, body, internal: asInternal, authorId: viewer.userId, createdAt: now, updatedAt: now })
      .returning({ id: schema.comment.id })
      .get();
    tx.update(d).set({ updatedAt: now }).where(eq(d.id, id)).run();
    await audit(tx, actor, { action: "comment.create", entityType: "comment", entityId: created.id, after: { decisionId: id, internal: asInternal } });
    await autoWatch(tx, [viewer.userId], "decision", id, "comment");
    // Watchers include vendors of a shared decision: an internal memo is never announced.
    if (!asInternal) await notifyDecisionChanged(tx, { decisionId: id, actor: viewer, summary: (t) => t("notifications.summary.decisionComment") }, now);
  });
  return ok();
}
