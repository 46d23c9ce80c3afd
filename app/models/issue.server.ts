// Issues (課題 / 懸案事項): lists, the issue page, creation, edits with their journal, and
// carry-overs (持ち越し). Visibility is applied in every query (visibility.server.ts).
import { and, asc, count, desc, eq, gte, inArray, like, lt, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Column } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "~/utils/audit.server";
import { daysBetween, isoDateInJapan, todayInJapan } from "~/utils/dates";
import { anyOf, db, schema, type Tx, write } from "~/utils/db.server";
import { dateText, checkbox, parseForm, text } from "~/utils/forms.server";
import { can, isGuest, raisesQuestionsOnly, type Viewer } from "~/policy/permissions";
import { invalidField, notFound, ok, type Refusal, type Result } from "~/domain/result";
import { attach, type CheckedFile } from "./attachment.server";
import { notify } from "./notification.server";
import { cleanQuery, ftsPhrase } from "./search.server";
import { visibleIssues, visibleMeetingCitedBy } from "~/policy/visibility.server";

const { issue, CLOSED_STATUSES, ISSUE_STATUSES, ISSUE_TYPES, PRIORITIES } = schema;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
export const OPEN_STATUSES: IssueStatus[] = ISSUE_STATUSES.filter((s) => !(CLOSED_STATUSES as readonly string[]).includes(s));
export const PAGE_SIZE = 50;

// --- lists ------------------------------------------------------------------------------

export const SORT_KEYS = ["number", "title", "type", "status", "priority", "assignee", "ball", "due", "carry", "age", "updated"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export type IssueFilter = {
  wgId?: number;
  status: "open" | "closed" | "all" | IssueStatus;
  type?: (typeof ISSUE_TYPES)[number];
  assigneeId?: number;
  ballHolderOrgId?: number;
  affectedOrgId?: number;
  labelId?: number;
  overdue: boolean;
  minCarry?: number;
  /** The issues one import wrote (/admin/import links to them). */
  importId?: number;
  q?: string;
  sort: SortKey;
  dir: "asc" | "desc";
  page: number;
};

const positive = (v: string | null) => {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 && n < 2 ** 31 ? n : undefined;
};
const oneOf = <T extends string>(values: readonly T[], v: string | null) => (values as readonly string[]).includes(v ?? "") ? (v as T) : undefined;

/** Reads a list filter from the URL; anything malformed is simply ignored (lists never 400). */
export function parseIssueFilter(params: URLSearchParams, viewer: Viewer): IssueFilter {
  const assignee = params.get("assignee");
  const ball = params.get("ball");
  return {
    wgId: positive(params.get("wg")),
    status: oneOf(["open", "closed", "all", ...ISSUE_STATUSES] as const, params.get("status")) ?? "open",
    type: oneOf(ISSUE_TYPES, params.get("type")),
    assigneeId: assignee === "me" ? viewer.userId : positive(assignee),
    ballHolderOrgId: ball === "mine" ? viewer.organizationId : positive(ball),
    affectedOrgId: positive(params.get("town")),
    labelId: positive(params.get("label")),
    overdue: params.get("overdue") === "1",
    minCarry: positive(params.get("carry")),
    importId: positive(params.get("import")),
    q: cleanQuery(params.get("q") ?? "") || undefined,
    sort: oneOf(SORT_KEYS, params.get("sort")) ?? "updated",
    dir: params.get("dir") === "asc" ? "asc" : params.get("dir") === "desc" ? "desc" : defaultDirection(oneOf(SORT_KEYS, params.get("sort")) ?? "updated"),
    page: Math.min(positive(params.get("page")) ?? 1, 100_000),
  };
}

function defaultDirection(sort: SortKey): "asc" | "desc" {
  return ["title", "assignee", "ball", "due", "type", "status"].includes(sort) ? "asc" : "desc";
}

const priorityRank = sql`CASE ${issue.priority} WHEN '緊急' THEN 4 WHEN '高' THEN 3 WHEN '中' THEN 2 ELSE 1 END`;
const statusRank = sql`CASE ${issue.status} WHEN '未着手' THEN 1 WHEN '対応中' THEN 2 WHEN '回答待ち' THEN 3 WHEN '解決' THEN 4 WHEN '完了' THEN 5 ELSE 6 END`;
const assignee = schema.user;
const ballHolder = schema.organization;

function orderBy(sort: SortKey, dir: "asc" | "desc") {
  const column: Record<SortKey, SQL | AnySQLiteColumn> = {
    number: issue.number,
    title: sql`${issue.title}`,
    type: sql`${issue.type}`,
    status: statusRank,
    priority: priorityRank,
    assignee: sql`${assignee.displayNameKana}`,
    ball: sql`${ballHolder.nameKana}`,
    // Undated issues last either way: NULL sorts last descending; ascending needs coalesce.
    due: dir === "asc" ? schema.undatedLast(issue.dueOn) : sql`${issue.dueOn}`,
    carry: issue.carryOverCount,
    age: issue.createdAt,
    updated: issue.updatedAt,
  };
  const direction = dir === "asc" ? asc : desc;
  return [direction(column[sort]), desc(issue.number)];
}

function filterConditions(viewer: Viewer, f: IssueFilter): SQL {
  const today = todayInJapan();
  const conditions: (SQL | undefined)[] = [visibleIssues(viewer)];
  if (f.wgId) conditions.push(eq(issue.wgId, f.wgId));
  if (f.status === "open") conditions.push(inArray(issue.status, OPEN_STATUSES));
  else if (f.status === "closed") conditions.push(inArray(issue.status, [...CLOSED_STATUSES]));
  else if (f.status !== "all") conditions.push(eq(issue.status, f.status));
  if (f.type) conditions.push(eq(issue.type, f.type));
  if (f.assigneeId) conditions.push(eq(issue.assigneeId, f.assigneeId));
  if (f.ballHolderOrgId) conditions.push(eq(issue.ballHolderOrgId, f.ballHolderOrgId));
  if (f.affectedOrgId) {
    conditions.push(
      inArray(issue.id, db.select({ id: schema.issueOrganization.issueId }).from(schema.issueOrganization).where(eq(schema.issueOrganization.organizationId, f.affectedOrgId))),
    );
  }
  if (f.labelId) {
    conditions.push(inArray(issue.id, db.select({ id: schema.issueLabel.issueId }).from(schema.issueLabel).where(eq(schema.issueLabel.labelId, f.labelId))));
  }
  if (f.overdue) conditions.push(lt(issue.dueOn, today), notInArray(issue.status, [...CLOSED_STATUSES]));
  if (f.minCarry) conditions.push(gte(issue.carryOverCount, f.minCarry));
  if (f.importId) {
    conditions.push(inArray(issue.id, db.select({ id: schema.importedIssue.issueId }).from(schema.importedIssue).where(eq(schema.importedIssue.importId, f.importId))));
  }
  if (f.q) conditions.push(textMatch(f.q));
  return and(...conditions)!;
}

/** Title or body contains the text: FTS5 trigram for 3+ characters, LIKE on titles below. */
function textMatch(q: string): SQL {
  const asNumber = /^#?(\d{1,9})$/.exec(q);
  const byNumber = asNumber ? eq(issue.number, Number(asNumber[1])) : undefined;
  const byText =
    [...q].length >= 3
      ? sql`${issue.id} IN (SELECT rowid FROM issue_fts WHERE issue_fts MATCH ${ftsPhrase(q)})`
      : like(issue.title, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return byNumber ? or(byNumber, byText)! : byText;
}

const listColumns = {
  id: issue.id,
  number: issue.number,
  title: issue.title,
  type: issue.type,
  status: issue.status,
  priority: issue.priority,
  dueOn: issue.dueOn,
  carryOverCount: issue.carryOverCount,
  vendorVisible: issue.vendorVisible,
  createdAt: issue.createdAt,
  updatedAt: issue.updatedAt,
  wgId: issue.wgId,
  wgName: schema.workingGroup.name,
  assigneeId: issue.assigneeId,
  assigneeName: assignee.displayName,
  ballHolderOrgId: issue.ballHolderOrgId,
  ballHolderName: ballHolder.name,
};

function baseQuery(columns: typeof listColumns) {
  // Left joins only (every issue has its WG): SQLite keeps the issue table as the outer loop,
  // so a list walks an index in its sort order and stops after a page, instead of joining
  // every matching row first and sorting them all.
  return db
    .select(columns)
    .from(issue)
    .leftJoin(schema.workingGroup, eq(schema.workingGroup.id, issue.wgId))
    .leftJoin(assignee, eq(assignee.id, issue.assigneeId))
    .leftJoin(ballHolder, eq(ballHolder.id, issue.ballHolderOrgId))
    .$dynamic();
}

export type IssueRow = Awaited<ReturnType<typeof listIssues>>["rows"][number];

/** A list counts its matches only this far past the page it shows (then says 「1,000件以上」). */
export const COUNT_WINDOW = 1000;

/**
 * The two statements of a list page: how many match (counted at most up to `COUNT_WINDOW`
 * past the page's first row, so no list counts a whole table), and the page's rows.
 */
export function listStatements(viewer: Viewer, filter: IssueFilter, pageSize = PAGE_SIZE) {
  const where = filterConditions(viewer, filter);
  const offset = (filter.page - 1) * pageSize;
  const matches = db.select({ one: sql`1` }).from(issue).where(where).limit(offset + COUNT_WINDOW + 1).as("matches");
  return {
    offset,
    count: db.select({ n: count() }).from(matches),
    rows: baseQuery(listColumns).where(where).orderBy(...orderBy(filter.sort, filter.dir)).limit(pageSize).offset(offset),
  };
}

export async function listIssues({ viewer, filter, pageSize = PAGE_SIZE }: { viewer: Viewer; filter: IssueFilter; pageSize?: number }) {
  let statements = listStatements(viewer, filter, pageSize);
  let counted = statements.count.get()?.n ?? 0;
  if (counted <= statements.offset && filter.page > 1) {
    // Past the last page (an old link): show the last one instead.
    filter = { ...filter, page: Math.max(1, Math.ceil(counted / pageSize)) };
    statements = listStatements(viewer, filter, pageSize);
    counted = statements.count.get()?.n ?? 0;
  }
  const exact = counted <= statements.offset + COUNT_WINDOW;
  const total = exact ? counted : statements.offset + COUNT_WINDOW;
  const rows = statements.rows.all();
  return {
    rows: await withTags(rows),
    total,
    /** False when there are more than `total` (the count stopped at its window). */
    exact,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)) + (exact ? 0 : 1),
    pageSize,
    today: todayInJapan(),
  };
}

/** Every matching issue (for CSV), in list order. */
export async function exportIssues({ viewer, filter, limit = 50_000 }: { viewer: Viewer; filter: IssueFilter; limit?: number }) {
  const rows = baseQuery(listColumns).where(filterConditions(viewer, filter)).orderBy(...orderBy(filter.sort, filter.dir)).limit(limit).all();
  return withTags(rows);
}

/** Adds affected towns and labels to list rows, with one query each. */
async function withTags<R extends { id: number }>(rows: R[]) {
  const ids = rows.map((r) => r.id);
  const towns = new Map<number, string[]>();
  const labels = new Map<number, { name: string; color: string }[]>();
  if (ids.length) {
    for (const t of db
      .select({ issueId: schema.issueOrganization.issueId, name: schema.organization.name })
      .from(schema.issueOrganization)
      .innerJoin(schema.organization, eq(schema.organization.id, schema.issueOrganization.organizationId))
      .where(anyOf(schema.issueOrganization.issueId, ids))
      .orderBy(asc(schema.organization.id))
      .all()) {
      towns.set(t.issueId, [...(towns.get(t.issueId) ?? []), t.name]);
    }
    for (const l of db
      .select({ issueId: schema.issueLabel.issueId, name: schema.label.name, color: schema.label.color })
      .from(schema.issueLabel)
      .innerJoin(schema.label, eq(schema.label.id, schema.issueLabel.labelId))
      .where(anyOf(schema.issueLabel.issueId, ids))
      .orderBy(asc(schema.label.id))
      .all()) {
      labels.set(l.issueId, [...(labels.get(l.issueId) ?? []), { name: l.name, color: l.color }]);
    }
  }
  return rows.map((r) => ({ ...r, towns: towns.get(r.id) ?? [], labels: labels.get(r.id) ?? [] }));
}

/** Age in days (経過日数) of an issue created at `createdAt`. */
export function ageInDays(createdAt: number, today = todayInJapan()) {
  return daysBetween(isoDateInJapan(createdAt), today);
}

export function isOverdue(row: { dueOn: string | null; status: string }, today = todayInJapan()) {
  return !!row.dueOn && row.dueOn < today && !(CLOSED_STATUSES as readonly string[]).includes(row.status);
}

// --- choices for forms and filters -------------------------------------------------------

/** People who can be assigned in a WG: its leads and members, and the PMO. */
async function assignableUsers(wgId: number | undefined, consortiumId: number) {
  const inWg = wgId
    ? sql`${schema.user.id} IN (SELECT user_id FROM wg_membership WHERE wg_id = ${wgId} AND role IN ('lead', 'member'))`
    : sql`${schema.user.id} IN (SELECT user_id FROM wg_membership WHERE role IN ('lead', 'member'))`;
  return db
    .select({ id: schema.user.id, name: schema.user.displayName, organizationName: schema.organization.name })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(
      and(
        eq(schema.organization.consortiumId, consortiumId),
        eq(schema.user.active, true),
        or(inWg, sql`${schema.user.id} IN (SELECT user_id FROM consortium_role WHERE role = 'pmo' AND consortium_id = ${consortiumId})`),
      ),
    )
    .orderBy(asc(schema.organization.id), asc(schema.user.displayNameKana))
    .all();
}

/** The choices of the issue form and the list filters, limited to what the viewer may know. */
export async function issueChoices({ viewer, wgId }: { viewer: Viewer; wgId?: number }) {
  const organizations = db
    .select({ id: schema.organization.id, name: schema.organization.name, kind: schema.organization.kind })
    .from(schema.organization)
    .where(eq(schema.organization.consortiumId, viewer.consortiumId))
    .orderBy(asc(schema.organization.id))
    .all()
    // A guest never learns which other vendors take part.
    .filter((o) => !isGuest(viewer) || o.kind !== "vendor" || o.id === viewer.organizationId);
  const labels = db
    .select({ id: schema.label.id, name: schema.label.name, color: schema.label.color, archived: schema.label.archived })
    .from(schema.label)
    .where(eq(schema.label.consortiumId, viewer.consortiumId))
    .orderBy(asc(schema.label.id))
    .all();
  // Guests do not browse the member directory.
  const people = isGuest(viewer) ? [] : await assignableUsers(wgId, viewer.consortiumId);
  return {
    assignees: people,
    ballHolders: organizations,
    towns: organizations.filter((o) => o.kind === "municipality" || o.kind === "prefecture"),
    labels,
  };
}

// --- one issue ---------------------------------------------------------------------------

/** Where an issue or comment made from a sticky note came from, as stored. */
export type NoteReference = { meetingId: number; noteId: number };
/** …and as a viewer who may see that meeting reads it (null for everyone else). */
export type NoteSource = NoteReference & { title: string };

/** Columns of the cited meeting, joined with visibleMeetingCitedBy: all null when it is hidden. */
export const noteSourceColumns = (noteId: Column) => ({
  sourceMeetingId: schema.meeting.id,
  sourceTitle: schema.meeting.title,
  sourceNoteId: sql<number | null>`CASE WHEN ${schema.meeting.id} IS NULL THEN NULL ELSE ${noteId} END`,
});

export function noteSourceOf(r: { sourceMeetingId: number | null; sourceTitle: string | null; sourceNoteId: number | null }): NoteSource | null {
  return r.sourceMeetingId !== null && r.sourceTitle !== null && r.sourceNoteId !== null ? { meetingId: r.sourceMeetingId, noteId: r.sourceNoteId, title: r.sourceTitle } : null;
}

export async function getIssue({ viewer, number }: { viewer: Viewer; number: number }) {
  const found = db
    .select({
      ...listColumns,
      body: issue.body,
      closedAt: issue.closedAt,
      projectId: schema.workingGroup.projectId,
      createdBy: issue.createdBy,
      ...noteSourceColumns(issue.sourceNoteId),
    })
    .from(issue)
    .leftJoin(schema.workingGroup, eq(schema.workingGroup.id, issue.wgId))
    .leftJoin(assignee, eq(assignee.id, issue.assigneeId))
    .leftJoin(ballHolder, eq(ballHolder.id, issue.ballHolderOrgId))
    .leftJoin(schema.meeting, visibleMeetingCitedBy(viewer, issue.sourceMeetingId))
    .where(and(visibleIssues(viewer), eq(issue.number, number)))
    .get();
  if (!found) return null;
  const { sourceMeetingId, sourceTitle, sourceNoteId, ...row } = found;
  const creator = db.select({ name: schema.user.displayName, organizationName: schema.organization.name }).from(schema.user).innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId)).where(eq(schema.user.id, row.createdBy)).get();
  const towns = db
    .select({ id: schema.organization.id, name: schema.organization.name })
    .from(schema.issueOrganization)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.issueOrganization.organizationId))
    .where(eq(schema.issueOrganization.issueId, row.id))
    .orderBy(asc(schema.organization.id))
    .all();
  const labels = db
    .select({ id: schema.label.id, name: schema.label.name, color: schema.label.color })
    .from(schema.issueLabel)
    .innerJoin(schema.label, eq(schema.label.id, schema.issueLabel.labelId))
    .where(eq(schema.issueLabel.issueId, row.id))
    .orderBy(asc(schema.label.id))
    .all();
  return { ...row, creatorName: creator?.name ?? "", creatorOrganization: creator?.organizationName ?? "", towns, labels, source: noteSourceOf({ sourceMeetingId, sourceTitle, sourceNoteId }) };
}

// --- create and edit ----------------------------------------------------------------------

const optionalId = (message: "issues.assigneeInvalid" | "issues.ballInvalid") =>
  z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number({ invalid_type_error: message }).int(message).positive(message).nullable());
const idList = z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.coerce.number().int().positive()));

export const issueFormSchema = z.object({
  title: text(200, { required: "issues.titleRequired", tooLong: "issues.titleTooLong" }),
  body: text(20_000, { tooLong: "issues.bodyTooLong" }),
  type: z.enum(ISSUE_TYPES, { errorMap: () => ({ message: "issues.typeInvalid" }) }),
  status: z.enum(ISSUE_STATUSES, { errorMap: () => ({ message: "issues.statusInvalid" }) }).default("未着手"),
  priority: z.enum(PRIORITIES, { errorMap: () => ({ message: "issues.priorityInvalid" }) }).default("中"),
  assigneeId: optionalId("issues.assigneeInvalid"),
  ballHolderOrgId: optionalId("issues.ballInvalid"),
  dueOn: dateText("issues.dueInvalid"),
  affectedOrgIds: idList,
  labelIds: idList,
  vendorVisible: checkbox,
  postponeReason: text(500, { tooLong: "issues.reasonTooLong" }).optional(),
});
export type IssueInput = z.infer<typeof issueFormSchema>;

export function parseIssueForm(form: FormData) {
  return parseForm(issueFormSchema, form);
}


/**
 * Checks that every referenced user, organization and label belongs here. An archived label
 * (使用停止) is accepted only on an issue that already has it (`keptLabelIds`).
 */
async function checkReferences(viewer: Viewer, wgId: number, input: IssueInput, keptLabelIds: number[] = []): Promise<Refusal | null> {
  const choices = await issueChoices({ viewer, wgId });
  if (input.assigneeId !== null && !choices.assignees.some((u) => u.id === input.assigneeId)) {
    return invalidField("assigneeId", "issues.assigneeInvalid");
  }
  if (input.ballHolderOrgId !== null && !choices.ballHolders.some((o) => o.id === input.ballHolderOrgId)) {
    return invalidField("ballHolderOrgId", "issues.ballInvalid");
  }
  if (!input.affectedOrgIds.every((id) => choices.towns.some((o) => o.id === id))) {
    return invalidField("affectedOrgIds", "issues.townsInvalid");
  }
  if (!input.labelIds.every((id) => choices.labels.some((l) => l.id === id && (!l.archived || keptLabelIds.includes(id))))) {
    return invalidField("labelIds", "issues.labelsInvalid");
  }
  return null;
}

/**
 * Who answers a vendor for the consortium (窓口一本化): the organization of the PMO staff
 * (the 協議会事務局 when there is one), else the town of the WG's lead; null if neither exists.
 */
export async function consortiumWindowOrg(consortiumId: number, wgId: number): Promise<number | null> {
  const pmo = db
    .select({ id: schema.organization.id })
    .from(schema.organization)
    .innerJoin(schema.user, eq(schema.user.organizationId, schema.organization.id))
    .innerJoin(schema.consortiumRole, and(eq(schema.consortiumRole.userId, schema.user.id), eq(schema.consortiumRole.consortiumId, consortiumId), eq(schema.consortiumRole.role, "pmo")))
    .where(and(eq(schema.organization.consortiumId, consortiumId), eq(schema.user.active, true), sql`${schema.organization.kind} <> 'vendor'`))
    .orderBy(sql`${schema.organization.kind} = 'other' DESC`, asc(schema.organization.id))
    .get();
  if (pmo) return pmo.id;
  const lead = db
    .select({ id: schema.user.organizationId })
    .from(schema.wgMembership)
    .innerJoin(schema.user, eq(schema.user.id, schema.wgMembership.userId))
    .where(and(eq(schema.wgMembership.wgId, wgId), eq(schema.wgMembership.role, "lead"), eq(schema.user.active, true)))
    .orderBy(asc(schema.user.id))
    .get();
  return lead?.id ?? null;
}

const closed = (status: string) => (CLOSED_STATUSES as readonly string[]).includes(status);

export async function createIssue({
  viewer,
  actor,
  wgId,
  input,
  files = [],
  source,
}: {
  viewer: Viewer;
  actor: Actor;
  wgId: number;
  input: IssueInput;
  files?: CheckedFile[];
  /** The sticky note it is made from (付箋から作成). */
  source?: NoteReference;
}): Promise<Result<{ number: number }>> {
  // A vendor's issue is always shared with vendors, and the vendor sets nothing else.
  const guest = raisesQuestionsOnly(viewer);
  // Its ball is with the consortium's single window (窓口一本化): the PMO office, else the WG lead's town.
  const values = guest
    ? {
        ...input,
        status: input.type === "質問" ? ("回答待ち" as const) : ("未着手" as const),
        priority: "中" as const,
        assigneeId: null,
        ballHolderOrgId: await consortiumWindowOrg(viewer.consortiumId, wgId),
        dueOn: null,
        affectedOrgIds: [],
        labelIds: [],
        vendorVisible: true,
      }
    : input;
  const refused = guest ? null : await checkReferences(viewer, wgId, values);
  if (refused) return refused;
  return write(async (tx) => {
    const next = nextIssueNumber(tx, viewer.consortiumId);
    const now = Date.now();
    const created = tx
      .insert(issue)
      .values({
        consortiumId: viewer.consortiumId,
        wgId,
        number: next,
        title: values.title,
        body: values.body,
        type: values.type,
        status: values.status,
        priority: values.priority,
        assigneeId: values.assigneeId,
        ballHolderOrgId: values.ballHolderOrgId,
        dueOn: values.dueOn,
        vendorVisible: values.vendorVisible,
        sourceMeetingId: source?.meetingId ?? null,
        sourceNoteId: source?.noteId ?? null,
        createdBy: viewer.userId,
        createdAt: now,
        updatedAt: now,
        closedAt: closed(values.status) ? now : null,
      })
      .returning({ id: issue.id })
      .get();
    await replaceTags(tx, created.id, values.affectedOrgIds, values.labelIds);
    await attach(tx, viewer, { issueId: created.id }, files);
    await audit(tx, actor, { action: "issue.create", entityType: "issue", entityId: created.id, after: { number: next, ...values, files: files.map((f) => f.fileName), ...(source ? { source } : {}) } });
    await notify(tx, { type: "issue.created", issueId: created.id, actor: viewer, body: values.body });
    return ok({ number: next });
  });
}

/** The next #number: after every issue's, deleted ones included, so a number is never given twice. */
export function nextIssueNumber(tx: Tx, consortiumId: number) {
  const highest = (table: typeof issue | typeof schema.deletedIssue) =>
    tx.select({ max: sql<number>`coalesce(max(${table.number}), 0)` }).from(table).where(eq(table.consortiumId, consortiumId)).get()?.max ?? 0;
  return Math.max(highest(issue), highest(schema.deletedIssue)) + 1;
}

async function replaceTags(tx: Tx, issueId: number, orgIds: number[], labelIds: number[]) {
  tx.delete(schema.issueOrganization).where(eq(schema.issueOrganization.issueId, issueId)).run();
  tx.delete(schema.issueLabel).where(eq(schema.issueLabel.issueId, issueId)).run();
  const uniqueOrgs = [...new Set(orgIds)];
  const uniqueLabels = [...new Set(labelIds)];
  if (uniqueOrgs.length) tx.insert(schema.issueOrganization).values(uniqueOrgs.map((organizationId) => ({ issueId, organizationId }))).run();
  if (uniqueLabels.length) tx.insert(schema.issueLabel).values(uniqueLabels.map((labelId) => ({ issueId, labelId }))).run();
}

const JOURNALED = ["title", "body", "type", "status", "priority", "assigneeId", "ballHolderOrgId", "dueOn", "vendorVisible"] as const;
const asText = (v: unknown) => (v === null || v === undefined || v === "" ? null : String(v));
const idsText = (ids: number[]) => (ids.length ? [...new Set(ids)].sort((a, b) => a - b).join(",") : null);

/**
 * Saves an edit: one journal row per changed field, a postponement (持ち越し) when the due
 * date moves later (a reason is required), and the audit row — all in one transaction.
 */
export async function updateIssue({ viewer, actor, number, input }: { viewer: Viewer; actor: Actor; number: number; input: IssueInput }): Promise<Result<{ number: number }>> {
  const current = await getIssue({ viewer, number });
  if (!current) return notFound();
  const refused = await checkReferences(viewer, current.wgId, input, current.labels.map((l) => l.id));
  if (refused) return refused;
  const postponed = !!current.dueOn && !!input.dueOn && input.dueOn > current.dueOn;
  if (postponed && !input.postponeReason) return invalidField("postponeReason", "issues.reasonRequired");

  const before: Record<string, string | null> = {
    ...Object.fromEntries(JOURNALED.map((f) => [f, asText(current[f])])),
    affectedOrgIds: idsText(current.towns.map((t) => t.id)),
    labelIds: idsText(current.labels.map((l) => l.id)),
  };
  const after: Record<string, string | null> = {
    ...Object.fromEntries(JOURNALED.map((f) => [f, asText(input[f])])),
    affectedOrgIds: idsText(input.affectedOrgIds),
    labelIds: idsText(input.labelIds),
  };
  const changed = Object.keys(after).filter((f) => before[f] !== after[f]);
  if (changed.length === 0) return ok({ number });

  await write(async (tx) => {
    const now = Date.now();
    tx.update(issue)
      .set({
        title: input.title,
        body: input.body,
        type: input.type,
        status: input.status,
        priority: input.priority,
        assigneeId: input.assigneeId,
        ballHolderOrgId: input.ballHolderOrgId,
        dueOn: input.dueOn,
        vendorVisible: input.vendorVisible,
        updatedAt: now,
        closedAt: closed(input.status) ? (current.closedAt ?? now) : null,
        ...(postponed ? { carryOverCount: sql`${issue.carryOverCount} + 1` } : {}),
      })
      .where(eq(issue.id, current.id))
      .run();
    await replaceTags(tx, current.id, input.affectedOrgIds, input.labelIds);
    tx.insert(schema.issueJournal)
      .values(changed.map((field) => ({ issueId: current.id, userId: viewer.userId, field, oldValue: before[field], newValue: after[field], createdAt: now })))
      .run();
    if (postponed) {
      tx.insert(schema.issuePostponement)
        .values({ issueId: current.id, kind: "due_date", fromDue: current.dueOn, toDue: input.dueOn, reason: input.postponeReason ?? "", userId: viewer.userId, createdAt: now })
        .run();
    }
    await audit(tx, actor, {
      action: "issue.update",
      entityType: "issue",
      entityId: current.id,
      before: Object.fromEntries(changed.map((f) => [f, before[f]])),
      after: Object.fromEntries(changed.map((f) => [f, after[f]])),
    });
    await notify(tx, { type: "issue.updated", issueId: current.id, actor: viewer, before: { assigneeId: current.assigneeId, ballHolderOrgId: current.ballHolderOrgId, status: current.status }, changed });
  });
  return ok({ number });
}

/**
 * An issue still open after a meeting it was on the agenda of has been carried over by that
 * meeting. Called when a meeting closes (meetings issue); counted once per meeting.
 */
export async function recordMeetingCarryOver(tx: Tx, { issueId, meetingId, userId, at = Date.now() }: { issueId: number; meetingId: number; userId: number; at?: number }) {
  const already = tx
    .select({ id: schema.issuePostponement.id })
    .from(schema.issuePostponement)
    .where(and(eq(schema.issuePostponement.issueId, issueId), eq(schema.issuePostponement.meetingId, meetingId)))
    .get();
  const current = tx.select({ status: issue.status, dueOn: issue.dueOn }).from(issue).where(eq(issue.id, issueId)).get();
  if (already || !current || closed(current.status)) return false;
  tx.insert(schema.issuePostponement).values({ issueId, kind: "meeting", meetingId, fromDue: current.dueOn, toDue: current.dueOn, userId, createdAt: at }).run();
  tx.update(issue).set({ carryOverCount: sql`${issue.carryOverCount} + 1` }).where(eq(issue.id, issueId)).run();
  return true;
}

// --- dashboard -----------------------------------------------------------------------------

/** 「自分の担当」 and 「自団体の対応待ち」: open issues, most urgent first. */
export async function dashboardIssues({ viewer, limit = 8 }: { viewer: Viewer; limit?: number }) {
  if (!can(viewer, "project.read")) return { mine: [], ball: [], mineTotal: 0, ballTotal: 0 };
  const pick = (extra: Partial<IssueFilter>) => listIssues({ viewer, filter: { status: "open", overdue: false, sort: "due", dir: "asc", page: 1, ...extra }, pageSize: limit });
  const mine = await pick({ assigneeId: viewer.userId });
  const ball = await pick({ ballHolderOrgId: viewer.organizationId });
  return { mine: mine.rows, mineTotal: mine.total, ball: ball.rows, ballTotal: ball.total };
}
