// Importing issues (/admin/import): a file from Excel (課題管理表), Redmine or Backlog goes
// into one WG in three steps — upload, map its columns and values (remembered per
// consortium), preview every row with every error — and then is written all or nothing, in
// chunks that each hold the write lock briefly, so the app keeps answering (ADR 024).
//
// All or nothing: nothing is written until every row has been read without an error; the
// chunks are then written one unit of work each, every issue listed in imported_issue; when a
// chunk fails (or the process dies: a running import whose heartbeat stopped), the issues
// written so far are deleted again, in chunks, and the import is marked failed.
import { and, asc, desc, eq, getTableColumns, inArray, lt, sql } from "drizzle-orm";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import {
  COLUMN_TARGETS,
  findPerson,
  mapValue,
  normalizeKey,
  personKeys,
  valueMaps,
  type ColumnTarget,
  type ImportError,
  type IssueStatus,
  type IssueType,
  type NormalizedIssue,
  type NormalizeOptions,
  type Priority,
} from "~/import/normalize.server";
import { loadIssueFile, readIssues, sourceTypeMap, suggestTargets, valuesSeen, type ImportSource, type LoadedFile } from "~/import/index.server";
import { MAX_FILE_BYTES } from "~/import/table.server";
import { conflict, invalid, invalidField, notFound, ok, type FieldErrors, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { japanTimeToMs, todayInJapan } from "~/utils/dates";
import { db, schema, write, type Tx } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { can, refusalOf, type Viewer } from "~/policy/permissions";
import { issueChoices, nextIssueNumber } from "./issue.server";

const { issueImport, importedIssue, importMemory, issue, CLOSED_STATUSES, ISSUE_STATUSES, ISSUE_TYPES, PRIORITIES } = schema;

/** Rows a file may have (a sheet's rows with text; Redmine's issues). */
export const IMPORT_MAX_ROWS = 20_000;
/** A running import whose chunks stopped this long ago died with its process. */
export const STALE_AFTER_MS = 2 * 60_000;
/** An upload not imported is deleted after a day. */
export const UPLOAD_KEPT_MS = 24 * 3600_000;
/** Each chunk aims to hold the write lock about this long (the budget is 200 ms). */
const CHUNK_TARGET_MS = 60;
/** Between chunks the lock is free this long, for everyone else's writes. */
const CHUNK_PAUSE_MS = 15;

export type ImportSettings = {
  /** Each column's target (tabular files; Redmine's JSON has none). */
  targets: ColumnTarget[];
  statusMap: Record<string, IssueStatus>;
  typeMap: Record<string, IssueType>;
  priorityMap: Record<string, Priority>;
  /** A town name as the file writes it → organization id (0: none of ours; kept in the body). */
  organizations: Record<string, number>;
};

/** An import's row without its file (read only when a step needs it: a poll of the progress must not load 20 MB). */
type Job = Omit<typeof issueImport.$inferSelect, "file"> & { hasFile: boolean };
const { file: _file, ...jobColumns } = getTableColumns(issueImport);
const jobSelection = { ...jobColumns, hasFile: sql<number>`${issueImport.file} IS NOT NULL`.mapWith(Boolean) };
type Loaded = Extract<LoadedFile, { ok: true }>;

// --- who may see what ------------------------------------------------------------------------

/** The WGs the viewer may import into: every WG for the PMO, the WGs they lead for a lead. */
async function importableWorkingGroups(viewer: Viewer) {
  return db
    .select({ id: schema.workingGroup.id, name: schema.workingGroup.name, projectName: schema.project.name })
    .from(schema.workingGroup)
    .innerJoin(schema.project, eq(schema.project.id, schema.workingGroup.projectId))
    .where(eq(schema.workingGroup.consortiumId, viewer.consortiumId))
    .orderBy(asc(schema.project.id), asc(schema.workingGroup.id))
    .all()
    .filter((wg) => can(viewer, "issue.import", { wgId: wg.id }));
}

/** The import, when the viewer may see it (its consortium, and they may import into its WG). */
function ownImport(viewer: Viewer, importId: number): Job | null {
  const job = db.select(jobSelection).from(issueImport).where(and(eq(issueImport.id, importId), eq(issueImport.consortiumId, viewer.consortiumId))).get();
  return job && can(viewer, "issue.import", { wgId: job.wgId }) ? job : null;
}

const summaryColumns = {
  id: issueImport.id,
  fileName: issueImport.fileName,
  source: issueImport.source,
  state: issueImport.state,
  total: issueImport.total,
  done: issueImport.done,
  comments: issueImport.comments,
  history: issueImport.history,
  firstNumber: issueImport.firstNumber,
  lastNumber: issueImport.lastNumber,
  failure: issueImport.failure,
  wgId: issueImport.wgId,
  wgName: schema.workingGroup.name,
  createdAt: issueImport.createdAt,
  finishedAt: issueImport.finishedAt,
  createdByName: schema.user.displayName,
};

/** /admin/import: the WGs to import into, whether the viewer registers people too, the latest imports. */
export async function importLanding({ viewer }: { viewer: Viewer }) {
  const refusal = refusalOf(viewer, "import.open");
  if (refusal) return refusal;
  const wgs = await importableWorkingGroups(viewer);
  const recent = db
    .select(summaryColumns)
    .from(issueImport)
    .leftJoin(schema.workingGroup, eq(schema.workingGroup.id, issueImport.wgId))
    .leftJoin(schema.user, eq(schema.user.id, issueImport.createdBy))
    .where(and(eq(issueImport.consortiumId, viewer.consortiumId), wgs.length ? inArray(issueImport.wgId, wgs.map((w) => w.id)) : sql`0`))
    .orderBy(desc(issueImport.createdAt), desc(issueImport.id))
    .limit(10)
    .all();
  return ok({ wgs, recent, peopleImport: can(viewer, "people.import", { organizationId: viewer.organizationId }) });
}

// --- step 1: upload ------------------------------------------------------------------------

export type UploadResult = Result<{ importId: number }> | { ok: false; kind: "unreadable"; message: string };

/**
 * Keeps an uploaded file for the next steps, once it reads as an issue list. A file that does
 * not answers `unreadable` with the reader's Japanese message (which says what to fix).
 */
export async function uploadImport({ viewer, actor, wgId, fileName, bytes }: { viewer: Viewer; actor: Actor; wgId: number; fileName: string; bytes: Buffer }): Promise<UploadResult> {
  const wgs = await importableWorkingGroups(viewer);
  if (!wgs.some((w) => w.id === wgId)) return wgs.length ? invalidField("wgId", "issueImport.wgRequired") : notFound();
  if (bytes.length === 0) return invalidField("file", "upload.empty");
  if (bytes.length > MAX_FILE_BYTES) return invalid({ file: "upload.tooLarge" }, 413);
  const loaded = await loadIssueFile(bytes, fileName, { maxRows: IMPORT_MAX_ROWS });
  if (!loaded.ok) return { ok: false, kind: "unreadable", message: loaded.message };
  const name = fileName.replace(/^.*[\\/]/, "").slice(0, 200) || "file";
  return write(async (tx) => {
    const created = tx.insert(issueImport).values({ consortiumId: viewer.consortiumId, wgId, createdBy: viewer.userId, fileName: name, source: loaded.source, file: bytes }).returning({ id: issueImport.id }).get();
    await audit(tx, actor, { action: "issue.import.upload", entityType: "issue_import", entityId: created.id, after: { wgId, fileName: name, source: loaded.source, bytes: bytes.length } });
    return ok({ importId: created.id });
  });
}

// --- step 2: columns and values ------------------------------------------------------------------

type Memory = { columns: Record<string, ColumnTarget>; values: { status?: Record<string, IssueStatus>; type?: Record<string, IssueType>; priority?: Record<string, Priority> }; organizations: Record<string, number> };

function memoryOf(consortiumId: number): Memory {
  const row = db.select().from(importMemory).where(eq(importMemory.consortiumId, consortiumId)).get();
  const parse = <T>(text: string | undefined, fallback: T): T => {
    try {
      return text ? (JSON.parse(text) as T) : fallback;
    } catch {
      return fallback;
    }
  };
  return { columns: parse(row?.columns, {}), values: parse(row?.values, {}), organizations: parse(row?.organizations, {}) };
}

const keyed = <T>(map: Record<string, T> | undefined, value: string) => {
  if (!map) return undefined;
  const key = normalizeKey(value);
  return Object.entries(map).find(([k]) => normalizeKey(k) === key)?.[1];
};

function organizationsOf(consortiumId: number) {
  return db
    .select({ id: schema.organization.id, name: schema.organization.name, kind: schema.organization.kind })
    .from(schema.organization)
    .where(eq(schema.organization.consortiumId, consortiumId))
    .orderBy(asc(schema.organization.id))
    .all();
}

/** The choices for a file nobody has mapped yet: what the file suggests, then what this consortium chose before. */
function defaultSettings(file: Loaded, consortiumId: number): ImportSettings {
  const memory = memoryOf(consortiumId);
  const targets = suggestTargets(file).map((target, col) => keyed(memory.columns, file.table?.headers[col] ?? "") ?? target);
  return settingsFor(file, targets, memory, organizationsOf(consortiumId));
}

/** Value maps and town names for the values these targets read, each from memory or by default. */
function settingsFor(file: Loaded, targets: ColumnTarget[], memory: Memory, organizations: { id: number; name: string }[], chosen?: ImportSettings): ImportSettings {
  const seen = valuesSeen(file, targets);
  const maps = valueMaps({ typeMap: sourceTypeMap(file.source) });
  const pick = <T extends string>(kind: "status" | "type" | "priority") => {
    const result: Record<string, T> = {};
    for (const { value } of seen[kind]) {
      const picked = (chosen ? keyed(chosen[`${kind}Map`], value) : undefined) ?? keyed(memory.values[kind], value) ?? mapValue(maps, kind, value);
      if (picked) result[value] = picked as T;
    }
    return result;
  };
  const towns: Record<string, number> = {};
  for (const { value } of seen.organizations) {
    const exact = organizations.find((o) => normalizeKey(o.name) === normalizeKey(value))?.id;
    const remembered = chosen?.organizations[value] ?? memory.organizations[value];
    towns[value] = remembered !== undefined && (remembered === 0 || organizations.some((o) => o.id === remembered)) ? remembered : (exact ?? 0);
  }
  return { targets, statusMap: pick<IssueStatus>("status"), typeMap: pick<IssueType>("type"), priorityMap: pick<Priority>("priority"), organizations: towns };
}

function settingsOf(job: Job, file: Loaded): ImportSettings {
  if (job.settings) {
    try {
      return JSON.parse(job.settings) as ImportSettings;
    } catch {
      // fall through to the defaults
    }
  }
  return defaultSettings(file, job.consortiumId);
}

async function fileOf(job: Job): Promise<Loaded | null> {
  const bytes = job.hasFile ? db.select({ file: issueImport.file }).from(issueImport).where(eq(issueImport.id, job.id)).get()?.file : null;
  if (!bytes) return null;
  const loaded = await loadIssueFile(bytes, job.fileName, { maxRows: IMPORT_MAX_ROWS });
  return loaded.ok ? loaded : null;
}

/** An import with its file read and the choices made so far. */
async function openImport(viewer: Viewer, importId: number) {
  const job = ownImport(viewer, importId);
  if (!job) return null;
  const file = await fileOf(job);
  return { job, file, settings: file ? settingsOf(job, file) : null };
}

const stepColumns = (job: Job) => ({
  id: job.id,
  fileName: job.fileName,
  source: job.source as ImportSource,
  state: job.state,
  wgId: job.wgId,
  total: job.total,
  done: job.done,
  comments: job.comments,
  history: job.history,
  firstNumber: job.firstNumber,
  lastNumber: job.lastNumber,
  failure: job.failure,
  createdAt: job.createdAt,
  finishedAt: job.finishedAt,
});

/** The import as it stands (for the progress and result views), without reading its file. */
export async function getImport({ viewer, importId }: { viewer: Viewer; importId: number }) {
  await recoverStaleImports();
  const job = ownImport(viewer, importId);
  if (!job) return notFound();
  const wg = db.select({ name: schema.workingGroup.name }).from(schema.workingGroup).where(eq(schema.workingGroup.id, job.wgId)).get();
  return ok({ job: { ...stepColumns(job), wgName: wg?.name ?? "", hasFile: job.hasFile } });
}

/** Step 2: each column with a few of its values and its target; the values and town names to confirm. */
export async function importMapping({ viewer, importId }: { viewer: Viewer; importId: number }) {
  const opened = await openImport(viewer, importId);
  if (!opened) return notFound();
  const { job, file, settings } = opened;
  if (!file || !settings) return conflict("issueImport.fileGone");
  const seen = valuesSeen(file, settings.targets);
  const columns = (file.table?.headers ?? []).map((header, i) => ({
    index: i,
    header: header || `${i + 1}列目`,
    samples: [...new Set(file.table!.rows.map((r) => (r.cells[i] ?? "").trim()).filter(Boolean))].slice(0, 3).map((v) => (v.length > 40 ? `${v.slice(0, 40)}…` : v)),
    target: settings.targets[i] ?? "skip",
  }));
  const values = (kind: "status" | "type" | "priority") =>
    seen[kind].map(({ value, count }) => ({ value, count, to: (keyed(settings[`${kind}Map`], value) ?? "") as string }));
  return ok({
    job: stepColumns(job),
    rowCount: file.table ? file.table.rows.length : file.issues.length,
    sheetName: file.table?.sheetName ?? null,
    skippedSheets: file.skippedSheets,
    columns,
    /** What a column can become, in the order the select offers them. */
    targets: COLUMN_TARGETS,
    values: { status: values("status"), type: values("type"), priority: values("priority") },
    towns: seen.organizations.map(({ value, count }) => ({ value, count, organizationId: settings.organizations[value] ?? 0 })),
    organizations: organizationsOf(viewer.consortiumId).map(({ id, name }) => ({ id, name })),
    /** A type nobody confirms: an error at its cell (the 課題管理表), or 課題 with the name kept (a tracker). */
    unknownTypeKept: file.source !== "kadai-kanri",
  });
}

const list = z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(200)));
export const mappingFormSchema = z.object({
  column: list,
  statusFrom: list,
  statusTo: list,
  typeFrom: list,
  typeTo: list,
  priorityFrom: list,
  priorityTo: list,
  townFrom: list,
  townTo: list,
});
export type MappingInput = z.infer<typeof mappingFormSchema>;
export const parseMappingForm = (form: FormData) => parseForm(mappingFormSchema, form);

const TARGETS = new Set<string>(COLUMN_TARGETS);

/** The posted choices as settings, or the errors beside the columns they concern. */
function checkedSettings(file: Loaded, input: MappingInput, organizations: { id: number }[]): { settings: ImportSettings; errors: null } | { settings: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const width = file.table?.headers.length ?? 0;
  const targets: ColumnTarget[] = file.table ? input.column.slice(0, width).map((t) => (TARGETS.has(t) ? (t as ColumnTarget) : "skip")) : [];
  while (targets.length < width) targets.push("skip");
  if (file.table) {
    if (!targets.includes("title")) errors.form = "issueImport.titleRequired";
    const firstOf = new Map<ColumnTarget, number>();
    targets.forEach((t, i) => {
      if (t === "meta" || t === "skip") return;
      if (firstOf.has(t)) {
        errors[`column.${i}`] = "issueImport.fieldTwice";
        errors[`column.${firstOf.get(t)}`] = "issueImport.fieldTwice";
      } else firstOf.set(t, i);
    });
  }
  const pairs = <T extends string>(from: string[], to: string[], allowed: readonly T[]) => {
    const map: Record<string, T> = {};
    from.forEach((value, i) => {
      if ((allowed as readonly string[]).includes(to[i] ?? "")) map[value] = to[i] as T;
    });
    return map;
  };
  const towns: Record<string, number> = {};
  input.townFrom.forEach((value, i) => {
    const id = Number(input.townTo[i]);
    towns[value] = Number.isInteger(id) && organizations.some((o) => o.id === id) ? id : 0;
  });
  if (Object.keys(errors).length) return { settings: null, errors };
  return {
    settings: {
      targets,
      statusMap: pairs(input.statusFrom, input.statusTo, ISSUE_STATUSES),
      typeMap: pairs(input.typeFrom, input.typeTo, ISSUE_TYPES),
      priorityMap: pairs(input.priorityFrom, input.priorityTo, PRIORITIES),
      organizations: towns,
    },
    errors: null,
  };
}

/**
 * Keeps the choices for this file and remembers them for the consortium's next file: each
 * header's target, each value's meaning, each town name's organization.
 */
export async function saveMapping({ viewer, actor, importId, input }: { viewer: Viewer; actor: Actor; importId: number; input: MappingInput }): Promise<Result> {
  const opened = await openImport(viewer, importId);
  if (!opened) return notFound();
  const { job, file } = opened;
  if (!file) return conflict("issueImport.fileGone");
  if (job.state === "running" || job.state === "done") return conflict("issueImport.alreadyRun");
  const organizations = organizationsOf(viewer.consortiumId);
  const checked = checkedSettings(file, input, organizations);
  if (!checked.settings) return invalid(checked.errors);
  // Values the new targets read that the form did not show yet get their defaults.
  const settings = settingsFor(file, checked.settings.targets, memoryOf(viewer.consortiumId), organizations, checked.settings);
  const memory = memoryOf(viewer.consortiumId);
  const columns = { ...memory.columns };
  (file.table?.headers ?? []).forEach((h, i) => {
    if (h.trim()) columns[normalizeKey(h)] = settings.targets[i];
  });
  const values = {
    status: { ...memory.values.status, ...settings.statusMap },
    type: { ...memory.values.type, ...settings.typeMap },
    priority: { ...memory.values.priority, ...settings.priorityMap },
  };
  const remembered = { columns: JSON.stringify(columns), values: JSON.stringify(values), organizations: JSON.stringify({ ...memory.organizations, ...settings.organizations }) };
  return write(async (tx) => {
    tx.update(issueImport).set({ settings: JSON.stringify(settings), updatedAt: Date.now() }).where(eq(issueImport.id, job.id)).run();
    tx.insert(importMemory)
      .values({ consortiumId: viewer.consortiumId, ...remembered, updatedBy: viewer.userId, updatedAt: Date.now() })
      .onConflictDoUpdate({ target: importMemory.consortiumId, set: { ...remembered, updatedBy: viewer.userId, updatedAt: Date.now() } })
      .run();
    await audit(tx, actor, { action: "issue.import.map", entityType: "issue_import", entityId: job.id, after: settings });
    return ok();
  });
}

// --- step 3: preview -----------------------------------------------------------------------------

/** One issue as it will be written, with what it keeps from the file. */
export type PlannedIssue = {
  line: number;
  reference: string | null;
  title: string;
  body: string;
  type: IssueType;
  status: IssueStatus;
  priority: Priority;
  dueOn: string | null;
  createdAt: number;
  closedAt: number | null;
  assigneeId: number | null;
  assigneeName: string | null;
  /** The name the file gave when no one of Renkei matched (the issue stays 未割当). */
  unmatchedAssignee: string | null;
  ballHolderOrgId: number | null;
  ballHolderName: string | null;
  townIds: number[];
  townNames: string[];
  comments: { author: string; at: number; body: string; internal: boolean }[];
  history: { author: string; at: number; field: string; from: string | null; to: string | null }[];
};

type Plan = { rows: PlannedIssue[]; errors: ImportError[] };

/** Every row of the file as the issue it becomes, and every error — nothing is written here. */
async function planOf(viewer: Viewer, job: Job, file: Loaded, settings: ImportSettings): Promise<Plan> {
  const organizations = organizationsOf(viewer.consortiumId);
  const orgById = new Map(organizations.map((o) => [o.id, o]));
  const { assignees } = await issueChoices({ viewer, wgId: job.wgId });
  const people = new Map(assignees.flatMap((p) => personKeys(p.name).map((k) => [k, p] as const)));
  const aliases = Object.fromEntries(Object.entries(settings.organizations).flatMap(([name, id]) => (orgById.has(id) ? [[name, orgById.get(id)!.name]] : [])));
  const options: NormalizeOptions = {
    statusMap: settings.statusMap,
    typeMap: settings.typeMap,
    priorityMap: settings.priorityMap,
    organizations: organizations.map((o) => o.name),
    organizationAliases: aliases,
    people: assignees.map((p) => p.name),
    today: todayInJapan(),
  };
  const maps = valueMaps({ ...options, typeMap: { ...sourceTypeMap(file.source), ...options.typeMap } });
  const byName = new Map(organizations.map((o) => [o.name, o]));
  const now = Date.now();
  const plan: Plan = { rows: [], errors: [] };
  // A sheet is read a slice at a time, letting the worker answer other requests in between.
  // (Redmine's JSON is read whole: its journals name people by ids that any issue may resolve.)
  for (const part of slices(file)) {
    const { rows, errors } = readIssues(part, settings.targets, options);
    for (const row of rows) plan.rows.push(plannedIssue(row, { people, byName, maps, now }));
    plan.errors.push(...errors);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return plan;
}

const SLICE_ROWS = 1000;

function slices(file: Loaded): Loaded[] {
  if (!file.table) return [file];
  const { table } = file;
  const parts: Loaded[] = [];
  for (let i = 0; i < Math.max(table.rows.length, 1); i += SLICE_ROWS) parts.push({ ...file, table: { ...table, rows: table.rows.slice(i, i + SLICE_ROWS) } });
  return parts;
}

function plannedIssue(
  row: NormalizedIssue,
  { people, byName, maps, now }: { people: Map<string, { id: number; name: string }>; byName: Map<string, { id: number; name: string; kind: string }>; maps: ReturnType<typeof valueMaps>; now: number },
): PlannedIssue {
  const createdAt = row.createdOn ? japanTimeToMs(row.createdOn, "09:00") : now;
  const person = row.assigneeName && !byName.has(row.assigneeName) ? findPerson(row.assigneeName, people) : undefined;
  const ball = row.assigneeOrg ? byName.get(row.assigneeOrg) : undefined;
  const towns = row.affectedOrgs.map((n) => byName.get(n)!).filter((o) => o && (o.kind === "municipality" || o.kind === "prefecture"));
  const comments: PlannedIssue["comments"] = [];
  const history: PlannedIssue["history"] = [];
  for (const c of row.comments ?? []) {
    const at = c.at ?? createdAt;
    const author = c.author || "（不明）";
    const lines: string[] = [];
    for (const change of c.changes ?? []) {
      const mapped = (v: string | null) => {
        if (v === null) return { ok: true, value: null };
        if (change.field === "dueOn" || change.field === "title") return { ok: true, value: v };
        const value = mapValue(maps, change.field, v);
        return value ? { ok: true, value } : { ok: false, value: null };
      };
      const from = mapped(change.from);
      const to = mapped(change.to);
      if (from.ok && to.ok) history.push({ author, at, field: change.field, from: from.value, to: to.value });
      else lines.push(`${change.label}: ${change.from ?? "（なし）"} → ${change.to ?? "（なし）"}`);
    }
    const body = [c.body, lines.join("\n")].filter(Boolean).join("\n\n");
    if (body) comments.push({ author, at, body, internal: c.internal === true });
  }
  const last = Math.max(createdAt, ...comments.map((c) => c.at), ...history.map((h) => h.at));
  return {
    line: row.line,
    reference: row.reference ?? null,
    title: row.title,
    body: row.body.slice(0, 20_000),
    type: row.type,
    status: row.status,
    priority: row.priority,
    dueOn: row.dueOn,
    createdAt,
    closedAt: (CLOSED_STATUSES as readonly string[]).includes(row.status) ? last : null,
    assigneeId: person?.id ?? null,
    assigneeName: person?.name ?? null,
    unmatchedAssignee: row.assigneeName && !person && !byName.has(row.assigneeName) ? row.assigneeName : null,
    ballHolderOrgId: ball?.id ?? null,
    ballHolderName: ball?.name ?? null,
    townIds: towns.map((t) => t.id),
    townNames: towns.map((t) => t.name),
    comments,
    history,
  };
}

export const PREVIEW_ROWS = 20;
export const PREVIEW_ERRORS = 200;

/** Step 3: the first rows as they will be created, and every error (the first PREVIEW_ERRORS shown). */
export async function importPreview({ viewer, importId }: { viewer: Viewer; importId: number }) {
  const opened = await openImport(viewer, importId);
  if (!opened) return notFound();
  const { job, file, settings } = opened;
  if (!file || !settings) return conflict("issueImport.fileGone");
  const plan = await planOf(viewer, job, file, settings);
  const comments = plan.rows.reduce((n, r) => n + r.comments.length, 0);
  const history = plan.rows.reduce((n, r) => n + r.history.length, 0);
  const errorRows = new Set(plan.errors.map((e) => e.line)).size;
  return ok({
    job: stepColumns(job),
    /** Rows read from the file: those that become issues and those with errors. */
    rowCount: plan.rows.length + errorRows,
    count: plan.rows.length,
    errorRows,
    comments,
    history,
    unassigned: plan.rows.filter((r) => r.unmatchedAssignee).length,
    rows: plan.rows.slice(0, PREVIEW_ROWS).map(({ body, comments: c, history: h, ...r }) => ({ ...r, body: body.length > 300 ? `${body.slice(0, 300)}…` : body, commentCount: c.length, historyCount: h.length })),
    errors: plan.errors.slice(0, PREVIEW_ERRORS),
    errorCount: plan.errors.length,
  });
}

// --- the import itself ---------------------------------------------------------------------------

export type ImportOutcome = { ok: true; issues: number; comments: number; history: number; longestChunkMs: number } | { ok: false; failure: string };

class ImportStopped extends Error {}

/**
 * Checks every row once more and starts writing. `finished` settles when the import is done or
 * taken back (a route leaves it running after its answer; a test awaits it).
 */
export async function startImport({
  viewer,
  actor,
  importId,
  onChunk,
}: {
  viewer: Viewer;
  actor: Actor;
  importId: number;
  /** Called after each chunk's commit, with the rows written so far (tests make it throw). */
  onChunk?: (done: number) => void;
}): Promise<Result<{ total: number; finished: Promise<ImportOutcome> }>> {
  const opened = await openImport(viewer, importId);
  if (!opened) return notFound();
  const { job, file, settings } = opened;
  if (job.state === "running" || job.state === "done") return conflict("issueImport.alreadyRun");
  if (!file || !settings) return conflict("issueImport.fileGone");
  const plan = await planOf(viewer, job, file, settings);
  if (plan.errors.length) return invalidField("form", "issueImport.hasErrors");
  if (!plan.rows.length) return invalidField("form", "issueImport.nothing");
  const claimed = await write(async (tx) => {
    const now = Date.now();
    // A failed run still being taken back is not run again until it is gone.
    if (tx.select({ id: importedIssue.issueId }).from(importedIssue).where(eq(importedIssue.importId, job.id)).limit(1).get()) return false;
    const changed = tx
      .update(issueImport)
      .set({ state: "running", total: plan.rows.length, done: 0, comments: 0, history: 0, firstNumber: null, lastNumber: null, failure: null, heartbeatAt: now, updatedAt: now })
      .where(and(eq(issueImport.id, job.id), inArray(issueImport.state, ["uploaded", "failed"])))
      .run().changes;
    if (changed) await audit(tx, actor, { action: "issue.import.start", entityType: "issue_import", entityId: job.id, after: { wgId: job.wgId, rows: plan.rows.length } });
    return changed === 1;
  });
  if (!claimed) return conflict("issueImport.alreadyRun");
  const finished = writeInChunks({ viewer, actor, job, rows: plan.rows, onChunk });
  return ok({ total: plan.rows.length, finished });
}

async function writeInChunks({ viewer, actor, job, rows, onChunk }: { viewer: Viewer; actor: Actor; job: Job; rows: PlannedIssue[]; onChunk?: (done: number) => void }): Promise<ImportOutcome> {
  let done = 0;
  let size = 50;
  let longest = 0;
  let comments = 0;
  let history = 0;
  try {
    while (done < rows.length) {
      const chunk = rows.slice(done, done + size);
      const started = performance.now();
      const written = await write((tx) => writeChunk(tx, viewer, job, chunk));
      const took = performance.now() - started;
      longest = Math.max(longest, took);
      done += chunk.length;
      comments += written.comments;
      history += written.history;
      onChunk?.(done);
      // The next chunk sized to hold the lock about CHUNK_TARGET_MS, growing at most fourfold.
      size = Math.max(10, Math.min(size * 4, Math.round((chunk.length * CHUNK_TARGET_MS) / Math.max(took, 1))));
      await sleep(CHUNK_PAUSE_MS);
    }
    await write(async (tx) => {
      const now = Date.now();
      const row = tx.update(issueImport).set({ state: "done", file: null, longestChunkMs: Math.ceil(longest), finishedAt: now, updatedAt: now, heartbeatAt: now }).where(and(eq(issueImport.id, job.id), eq(issueImport.state, "running"))).returning().get();
      if (!row) throw new ImportStopped();
      await audit(tx, actor, {
        action: "issue.import",
        entityType: "issue_import",
        entityId: job.id,
        after: { wgId: job.wgId, fileName: job.fileName, source: job.source, issues: row.done, comments: row.comments, history: row.history, numbers: [row.firstNumber, row.lastNumber], longestChunkMs: Math.ceil(longest) },
      });
    });
    return { ok: true, issues: rows.length, comments, history, longestChunkMs: Math.ceil(longest) };
  } catch (error) {
    // Another process took this import back (it looked dead): that one deletes what was written.
    if (error instanceof ImportStopped) return { ok: false, failure: "stopped" };
    const failure = error instanceof Error ? error.message : String(error);
    console.error(`import ${job.id} failed; taking it back`, error);
    await takeBack(job.id, actor, failure).catch((e) => console.error(`import ${job.id}: taking back failed (retried by the housekeeping)`, e));
    return { ok: false, failure };
  }
}

/** One unit of work: the chunk's issues, their towns, comments, history and the import's progress. */
async function writeChunk(tx: Tx, viewer: Viewer, job: Job, chunk: PlannedIssue[]) {
  const state = tx.select({ state: issueImport.state }).from(issueImport).where(eq(issueImport.id, job.id)).get()?.state;
  if (state !== "running") throw new ImportStopped();
  const first = nextIssueNumber(tx, viewer.consortiumId);
  const now = Date.now();
  const created = tx
    .insert(issue)
    .values(
      chunk.map((r, i) => ({
        consortiumId: viewer.consortiumId,
        wgId: job.wgId,
        number: first + i,
        title: r.title,
        body: r.body,
        type: r.type,
        status: r.status,
        priority: r.priority,
        assigneeId: r.assigneeId,
        ballHolderOrgId: r.ballHolderOrgId,
        dueOn: r.dueOn,
        vendorVisible: false,
        createdBy: viewer.userId,
        createdAt: r.createdAt,
        updatedAt: now,
        closedAt: r.closedAt,
      })),
    )
    .returning({ id: issue.id, number: issue.number })
    .all();
  const idOf = new Map(created.map((c) => [c.number, c.id]));
  const ids = chunk.map((_, i) => idOf.get(first + i)!);
  const towns = chunk.flatMap((r, i) => [...new Set(r.townIds)].map((organizationId) => ({ issueId: ids[i], organizationId })));
  if (towns.length) tx.insert(schema.issueOrganization).values(towns).run();
  const comments = chunk.flatMap((r, i) =>
    r.comments.map((c) => ({ consortiumId: viewer.consortiumId, issueId: ids[i], body: c.body, internal: c.internal, authorId: viewer.userId, importedAuthor: c.author, createdAt: c.at, updatedAt: c.at })),
  );
  // A comment row has 9 values: keep each statement well under SQLite's variable limit.
  for (let i = 0; i < comments.length; i += 500) tx.insert(schema.comment).values(comments.slice(i, i + 500)).run();
  const history = chunk.flatMap((r, i) =>
    r.history.map((h) => ({ issueId: ids[i], userId: viewer.userId, importedAuthor: h.author, field: h.field, oldValue: h.from, newValue: h.to, createdAt: h.at })),
  );
  for (let i = 0; i < history.length; i += 500) tx.insert(schema.issueJournal).values(history.slice(i, i + 500)).run();
  tx.insert(importedIssue).values(ids.map((issueId) => ({ importId: job.id, issueId }))).run();
  tx.update(issueImport)
    .set({
      done: sql`${issueImport.done} + ${chunk.length}`,
      comments: sql`${issueImport.comments} + ${comments.length}`,
      history: sql`${issueImport.history} + ${history.length}`,
      firstNumber: sql`coalesce(${issueImport.firstNumber}, ${first})`,
      lastNumber: first + chunk.length - 1,
      heartbeatAt: now,
      updatedAt: now,
    })
    .where(eq(issueImport.id, job.id))
    .run();
  return { comments: comments.length, history: history.length };
}

const TAKE_BACK_CHUNK = 200;

/**
 * Deletes what a failed import wrote, a chunk at a time (their comments, history and towns go
 * with them), then marks it failed with the reason. References made to those issues meanwhile
 * (an agenda item, a sticky note, a decision) are let go first.
 */
async function takeBack(importId: number, actor: Actor, failure: string) {
  await write((tx) => {
    tx.update(issueImport).set({ state: "failed", failure: failure.slice(0, 500), heartbeatAt: Date.now(), updatedAt: Date.now() }).where(eq(issueImport.id, importId)).run();
  });
  let removed = 0;
  for (;;) {
    const n = await write((tx) => {
      const ids = tx.select({ id: importedIssue.issueId }).from(importedIssue).where(eq(importedIssue.importId, importId)).limit(TAKE_BACK_CHUNK).all().map((r) => r.id);
      if (!ids.length) return 0;
      tx.update(schema.agendaItem).set({ issueId: null }).where(inArray(schema.agendaItem.issueId, ids)).run();
      tx.update(schema.stickyNote).set({ issueId: null }).where(inArray(schema.stickyNote.issueId, ids)).run();
      tx.delete(schema.decisionIssue).where(inArray(schema.decisionIssue.issueId, ids)).run();
      tx.delete(issue).where(inArray(issue.id, ids)).run();
      tx.update(issueImport).set({ heartbeatAt: Date.now() }).where(eq(issueImport.id, importId)).run();
      return ids.length;
    });
    if (!n) break;
    removed += n;
    await sleep(CHUNK_PAUSE_MS);
  }
  await write(async (tx) => {
    tx.update(issueImport).set({ done: 0, comments: 0, history: 0, firstNumber: null, lastNumber: null, updatedAt: Date.now() }).where(eq(issueImport.id, importId)).run();
    await audit(tx, actor, { action: "issue.import.fail", entityType: "issue_import", entityId: importId, after: { failure: failure.slice(0, 500), removed } });
  });
}

/** An import whose process died (no chunk for STALE_AFTER_MS) is taken back, by the one process that claims it. */
export async function recoverStaleImports(now = Date.now()) {
  const stale = db
    .select({ id: issueImport.id, consortiumId: issueImport.consortiumId, createdBy: issueImport.createdBy, state: issueImport.state })
    .from(issueImport)
    .where(and(inArray(issueImport.state, ["running", "failed"]), lt(issueImport.heartbeatAt, now - STALE_AFTER_MS), hasLeftovers(issueImport.id, issueImport.state)))
    .all();
  for (const job of stale) {
    const claimed = await write((tx) =>
      tx.update(issueImport).set({ heartbeatAt: Date.now() }).where(and(eq(issueImport.id, job.id), lt(issueImport.heartbeatAt, now - STALE_AFTER_MS))).run().changes === 1,
    );
    if (claimed) await takeBack(job.id, { viewer: null, userId: job.createdBy, consortiumId: job.consortiumId }, job.state === "running" ? "interrupted" : "retry");
  }
  return stale.length;
}

/** Running, or failed with issues still to delete (a take-back that was cut off). */
const hasLeftovers = (id: typeof issueImport.id, state: typeof issueImport.state) =>
  sql`(${state} = 'running' OR EXISTS (SELECT 1 FROM ${importedIssue} WHERE ${importedIssue.importId} = ${id}))`;

/**
 * Housekeeping (every worker, hourly): imports whose process died are taken back, and uploads
 * nobody imported are deleted after a day (with their file).
 */
export async function sweepImports(now = Date.now()) {
  await recoverStaleImports(now);
  await write((tx) => {
    tx.delete(issueImport)
      .where(
        and(
          inArray(issueImport.state, ["uploaded", "failed"]),
          lt(issueImport.updatedAt, now - UPLOAD_KEPT_MS),
          sql`NOT EXISTS (SELECT 1 FROM ${importedIssue} WHERE ${importedIssue.importId} = ${issueImport.id})`,
        ),
      )
      .run();
  });
}
