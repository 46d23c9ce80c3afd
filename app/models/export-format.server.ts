// The consortium export format (docs/export-format.md, ADR 026), shared by the export and the
// import: which tables travel and in which order, which rows of each belong to a consortium,
// which columns point at which table, and how a row is written as JSON and checked on the way
// back. Everything is derived from the drizzle schema where it can be (columns, types, enums,
// foreign keys), so a new column travels without a change here; a new table or a new id column
// must take a side, which export-format.server.test.ts checks.
import { getTableColumns } from "drizzle-orm";
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { schema } from "~/utils/db.server";
import packageJson from "../../package.json";

export const EXPORT_FORMAT = "renkei-consortium-export";
/** Raised when a file of this version could not be read as the previous version was. */
export const EXPORT_VERSION = 2;
export const APP_VERSION: string = packageJson.version;

/**
 * Which rows of a table belong to the consortium: the consortium itself, rows with its
 * `consortium_id`, or rows whose `via` column points at a row of `parent` that belongs to it.
 */
type Scope = "self" | "consortium" | { via: string; parent: SQLiteTable } | { pointedAtBy: string; child: SQLiteTable };

type TableSpec = {
  table: SQLiteTable;
  scope: Scope;
  /** References the database does not enforce (no FOREIGN KEY), column → table. */
  refs?: Record<string, SQLiteTable>;
  /** `entity_id` names a row of the table `entity_type` names (audit rows, inbox, watchers). */
  polymorphic?: boolean;
  /** Columns left out of the file (secrets). */
  leaveOut?: string[];
  /** A JSON column holding rows of other tables (see remapRowsJson). */
  rowsJson?: string;
};

const via = (column: string, parent: SQLiteTable): Scope => ({ via: column, parent });
const s = schema;

/**
 * Every table that travels, in the order the import inserts them: each after every table its
 * foreign keys point at (the references the database does not enforce may point anywhere).
 */
const SPECS: TableSpec[] = [
  { table: s.consortium, scope: "self" },
  { table: s.organization, scope: "consortium" },
  // The sign-ins of the consortium's people: their e-mail and language only. Nothing of the
  // account that concerns the installation or other consortia travels (ADR 029).
  { table: s.account, scope: { pointedAtBy: "account_id", child: s.user }, leaveOut: ["password_hash", "operator", "last_user_id"] },
  { table: s.user, scope: "consortium" },
  { table: s.consortiumRole, scope: "consortium" },
  { table: s.project, scope: "consortium" },
  { table: s.projectOrganization, scope: via("project_id", s.project) },
  { table: s.milestone, scope: via("project_id", s.project) },
  { table: s.workingGroup, scope: "consortium" },
  { table: s.wgMembership, scope: via("wg_id", s.workingGroup) },
  { table: s.label, scope: "consortium" },
  { table: s.meeting, scope: "consortium", refs: { previous_meeting_id: s.meeting } },
  { table: s.issue, scope: "consortium", refs: { source_meeting_id: s.meeting, source_note_id: s.stickyNote } },
  // 削除した課題: its number stays taken; `payload` (the rows as they were) keeps the exporter's ids.
  { table: s.deletedIssue, scope: "consortium", refs: { wg_id: s.workingGroup }, rowsJson: "payload" },
  { table: s.issueOrganization, scope: via("issue_id", s.issue) },
  { table: s.issueLabel, scope: via("issue_id", s.issue) },
  { table: s.issueJournal, scope: via("issue_id", s.issue) },
  {
    table: s.decision,
    scope: "consortium",
    refs: { source_meeting_id: s.meeting, source_note_id: s.stickyNote, supersedes_id: s.decision, superseded_by_id: s.decision },
  },
  { table: s.decisionOrganization, scope: via("decision_id", s.decision) },
  { table: s.decisionIssue, scope: via("decision_id", s.decision) },
  { table: s.agendaItem, scope: via("meeting_id", s.meeting) },
  { table: s.meetingAttendee, scope: via("meeting_id", s.meeting) },
  { table: s.stickyNote, scope: via("meeting_id", s.meeting) },
  { table: s.minutesConfirmation, scope: via("meeting_id", s.meeting) },
  { table: s.issuePostponement, scope: via("issue_id", s.issue) },
  { table: s.progressReport, scope: "consortium", refs: { corrects_id: s.progressReport } },
  { table: s.comment, scope: "consortium", refs: { source_meeting_id: s.meeting, source_note_id: s.stickyNote } },
  { table: s.commentRevision, scope: via("comment_id", s.comment) },
  { table: s.attachment, scope: "consortium" },
  { table: s.decisionStance, scope: via("decision_id", s.decision), refs: { attachment_id: s.attachment } },
  { table: s.decisionStanceHistory, scope: via("decision_id", s.decision), refs: { attachment_id: s.attachment } },
  { table: s.auditEvent, scope: "consortium", refs: { consortium_id: s.consortium, actor_id: s.user, actor_org_id: s.organization }, polymorphic: true },
  { table: s.notification, scope: via("user_id", s.user), refs: { consortium_id: s.consortium, actor_id: s.user, project_id: s.project }, polymorphic: true },
  { table: s.watcher, scope: via("user_id", s.user), polymorphic: true },
  { table: s.notificationSetting, scope: via("user_id", s.user) },
];

/** The tables that stay behind, and why (the format document repeats this). */
export const LEFT_OUT: Record<string, string> = {
  session: "sign-in sessions are secrets of this installation; everyone signs in anew",
  account_token: "one-time set-password links are secrets; the new installation sends its own",
  login_attempt: "sign-in throttling counters of this installation, not records",
  email_outbox: "mail already sent or about to be (it holds set-password links); the new installation must not send it again",
  job_run: "the schedule bookkeeping of this installation",
  live_event: "the live-update feed of open pages, kept for a day",
  setup_token: "the one-time link of an installation's first setup",
  issue_import: "an upload waiting to be imported (kept a day at most); the issues it made travel as issues",
  imported_issue: "which import made which issue, for taking back a failed import",
  import_memory: "how this installation's import page last mapped columns, values and town names",
};

export type Column = { key: string; name: string; column: SQLiteColumn };

export type ExportTable = {
  name: string;
  table: SQLiteTable;
  scope: Scope;
  /** The columns that travel, in the file's key order. */
  columns: Column[];
  /** The integer primary key `id` (tables keyed by their references have none). */
  hasId: boolean;
  /** Every column that names a row of another (or the same) table: column → table name. */
  references: Record<string, string>;
  /** Those of them the database enforces (FOREIGN KEY): their table must be inserted first. */
  enforced: string[];
  polymorphic: boolean;
  leftOutColumns: string[];
  rowsJson: string | null;
};

const nameOf = (table: SQLiteTable) => getTableConfig(table).name;

export const EXPORT_TABLES: ExportTable[] = SPECS.map((spec) => {
  const leftOut = spec.leaveOut ?? [];
  const columns = Object.entries(getTableColumns(spec.table))
    .map(([key, column]) => ({ key, name: column.name, column: column as SQLiteColumn }))
    .filter((c) => !leftOut.includes(c.name));
  const references: Record<string, string> = {};
  for (const fk of getTableConfig(spec.table).foreignKeys) {
    const { columns: from, foreignTable } = fk.reference();
    references[from[0].name] = nameOf(foreignTable);
  }
  const enforced = Object.keys(references);
  for (const [column, target] of Object.entries(spec.refs ?? {})) references[column] = nameOf(target);
  return {
    name: nameOf(spec.table),
    table: spec.table,
    scope: spec.scope,
    columns,
    hasId: columns.some((c) => c.name === "id" && c.column.primary),
    references,
    enforced,
    polymorphic: spec.polymorphic ?? false,
    leftOutColumns: leftOut,
    rowsJson: spec.rowsJson ?? null,
  };
});

export const exportTableByName = new Map(EXPORT_TABLES.map((t) => [t.name, t]));

/** `entity_type` values and the table their `entity_id` names ("report" is the inbox's word for a progress report). */
const ENTITY_TABLES: Record<string, string> = { ...Object.fromEntries(EXPORT_TABLES.map((t) => [t.name, t.name])), report: "progress_report" };
export const entityTable = (entityType: string): string | undefined => ENTITY_TABLES[entityType];

const q = (identifier: string) => `"${identifier}"`;

/** The WHERE clause (and its one parameter, the consortium id) of a table's rows in the consortium. */
export function scopeWhere(table: ExportTable): string {
  const scope = table.scope;
  if (scope === "self") return `${q("id")} = ?`;
  if (scope === "consortium") return `${q("consortium_id")} = ?`;
  if ("pointedAtBy" in scope) {
    const child = exportTableByName.get(nameOf(scope.child))!;
    return `${q("id")} IN (SELECT ${q(scope.pointedAtBy)} FROM ${q(child.name)} WHERE ${scopeWhere(child)})`;
  }
  const parent = exportTableByName.get(nameOf(scope.parent))!;
  return `${q(scope.via)} IN (SELECT ${q("id")} FROM ${q(parent.name)} WHERE ${scopeWhere(parent)})`;
}

/**
 * One page of a table's rows of a consortium (parameters: the consortium id, the last `__key`
 * read, the page size), in the order they were written: the key is SQLite's rowid (the `id`
 * where there is one), which every table has.
 */
export function pageRowsSql(table: ExportTable) {
  const columns = table.columns.map((c) => q(c.name)).join(", ");
  return `SELECT rowid AS "__key", ${columns} FROM ${q(table.name)} WHERE ${scopeWhere(table)} AND rowid > ? ORDER BY rowid LIMIT ?`;
}

export const countRowsSql = (table: ExportTable) => `SELECT count(*) AS n FROM ${q(table.name)} WHERE ${scopeWhere(table)}`;

/** A stored row (as SQLite returns it) as the file holds it: flags as true/false, JSON columns as JSON. */
export function encodeRow(table: ExportTable, raw: Record<string, unknown>) {
  const row: Record<string, unknown> = {};
  for (const { name, column } of table.columns) {
    const value = raw[name];
    if (value === null || value === undefined) row[name] = null;
    else if (column.dataType === "boolean") row[name] = value === 1 || value === true;
    else if (column.dataType === "json") row[name] = JSON.parse(String(value));
    else row[name] = value;
  }
  return row;
}

/** What a row failed on, for the refusal message: the column, or the row as a whole. */
export class RowProblem extends Error {
  constructor(readonly column: string) {
    super(`invalid value in ${column}`);
  }
}

function checkValue({ name, column }: Column, value: unknown) {
  // A required column may be left out where it has a default, never sent as null.
  if (value === undefined) {
    if (column.notNull && !column.hasDefault) throw new RowProblem(name);
    return;
  }
  if (value === null) {
    if (column.notNull) throw new RowProblem(name);
    return;
  }
  const enumValues = (column as { enumValues?: readonly string[] }).enumValues;
  const fits =
    column.dataType === "boolean" ? typeof value === "boolean"
    : column.dataType === "json" ? true
    : column.dataType === "string" ? typeof value === "string" && (!enumValues?.length || enumValues.includes(value))
    : column.columnType === "SQLiteReal" ? typeof value === "number" && Number.isFinite(value)
    : Number.isSafeInteger(value);
  if (!fits) throw new RowProblem(name);
}

/** Checks a row of the file against the table's columns (types, required values, allowed words); throws RowProblem. */
export function checkRow(table: ExportTable, row: unknown): Record<string, unknown> {
  if (!row || typeof row !== "object" || Array.isArray(row)) throw new RowProblem("—");
  const record = row as Record<string, unknown>;
  const known = new Set(table.columns.map((c) => c.name));
  const stray = Object.keys(record).find((k) => !known.has(k));
  if (stray) throw new RowProblem(stray);
  // The id is what the other rows point at: it must be there.
  if (table.hasId && !(Number.isSafeInteger(record.id) && (record.id as number) > 0)) throw new RowProblem("id");
  for (const column of table.columns) checkValue(column, record[column.name]);
  return record;
}

/** How far each table's ids move on the way in (the receiving installation's id counter). */
export type Offsets = Record<string, number>;

const shift = (value: unknown, offset: number | undefined) => (typeof value === "number" ? value + (offset ?? 0) : value);

/** Paths of pages whose URL carries an internal id (the inbox's links). */
const ID_PATHS: Record<string, string> = { meetings: "meeting", decisions: "decision", reports: "progress_report" };

/**
 * A checked row as drizzle insert values (TS keys), every id moved by its table's offset:
 * its own, each reference, an `entity_id` by its `entity_type`, and the id in an inbox link.
 */
export function remapRow(table: ExportTable, row: Record<string, unknown>, offsets: Offsets): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { key, name } of table.columns) {
    if (!(name in row)) continue;
    let value = row[name];
    if (name === "id" && table.hasId) value = shift(value, offsets[table.name]);
    else if (table.references[name]) value = shift(value, offsets[table.references[name]]);
    values[key] = value;
  }
  if (table.polymorphic && values.entityId != null) {
    const target = ENTITY_TABLES[String(values.entityType)];
    const id = Number(values.entityId);
    if (target && Number.isSafeInteger(id)) values.entityId = typeof values.entityId === "string" ? String(id + (offsets[target] ?? 0)) : id + (offsets[target] ?? 0);
  }
  if (table.rowsJson) {
    const key = table.columns.find((c) => c.name === table.rowsJson)!.key;
    if (typeof values[key] === "string") values[key] = remapRowsJson(values[key] as string, offsets);
  }
  if (typeof values.url === "string") {
    values.url = values.url.replace(/^\/(meetings|decisions|reports)\/(\d+)/, (_m, page: string, id: string) => `/${page}/${Number(id) + (offsets[ID_PATHS[page]] ?? 0)}`);
  }
  return values;
}

/** The export table of a schema module's name (`issueJournal` → issue_journal). */
const tableOfSchemaKey = (key: string) => EXPORT_TABLES.find((t) => t.table === (schema as Record<string, unknown>)[key]);

/**
 * A deleted issue's rows, as issue-deletion.server.ts keeps them to put them back: rows of each
 * table under its schema name (`comment: [...]`, TS keys) and bare ids under `<table>Ids`. Their
 * ids move as a file's rows do, so a deleted issue can still be restored after the move.
 */
function remapRowsJson(json: string, offsets: Offsets) {
  let rows: Record<string, unknown>;
  try {
    rows = JSON.parse(json);
  } catch {
    return json;
  }
  for (const [key, value] of Object.entries(rows ?? {})) {
    if (!Array.isArray(value)) continue;
    const ids = /^(\w+)Ids$/.exec(key);
    const table = tableOfSchemaKey(ids ? ids[1] : key);
    if (!table) continue;
    rows[key] = ids
      ? value.map((id) => shift(id, offsets[table.name]))
      : value.map((row: Record<string, unknown>) => remapRow(table, Object.fromEntries(table.columns.filter((c) => c.key in row).map((c) => [c.name, row[c.key]])), offsets));
  }
  return JSON.stringify(rows);
}

// --- the manifest -------------------------------------------------------------------------

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int().positive(),
  appVersion: z.string(),
  exportedAt: z.string(),
  consortium: z.object({ id: z.number().int(), name: z.string() }),
  tables: z.array(z.object({ name: z.string(), file: z.string(), rows: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), sha256: sha256Hex })),
  files: z.array(z.object({ attachmentId: z.number().int(), file: z.string(), bytes: z.number().int().nonnegative(), sha256: sha256Hex })),
  /** The exporting installation's id counter per table (ids never given again on the way in). */
  sequences: z.record(z.number().int().nonnegative()).default({}),
  leftOut: z.array(z.object({ table: z.string(), reason: z.string() })).default([]),
  leftOutColumns: z.array(z.object({ table: z.string(), column: z.string() })).default([]),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const tableFile = (name: string) => `tables/${name}.jsonl`;
/** `files/<attachment id>/<file name>`: the name made safe for any unzip tool. */
export const attachmentFile = (id: number, fileName: string) => `files/${id}/${fileName.replace(/[\\/:*?"<>|\x00-\x1f]/g, "_") || "file"}`;
