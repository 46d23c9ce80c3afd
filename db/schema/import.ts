// Issue imports (/admin/import): the uploaded file between the steps, the choices made for it,
// the issues each import wrote (so a failed one can be taken back), and what a consortium
// chose last time (its columns, values and town names), offered again on the next file.
import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { consortium, user } from "./consortium";
import { workingGroup } from "./project";
import { issue } from "./issue";
import { createdAt, id, updatedAt } from "./columns";

export const IMPORT_SOURCES = ["kadai-kanri", "redmine-csv", "redmine-json", "backlog"] as const;
/** uploaded → (mapped, previewed) → running → done; a failed run is taken back and can be run again. */
export const IMPORT_STATES = ["uploaded", "running", "done", "failed"] as const;

export const issueImport = sqliteTable(
  "issue_import",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    wgId: integer("wg_id")
      .notNull()
      .references(() => workingGroup.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => user.id),
    fileName: text("file_name").notNull(),
    source: text("source", { enum: IMPORT_SOURCES }).notNull(),
    /** The uploaded bytes, kept only until the import is done (or a day has passed). */
    file: blob("file", { mode: "buffer" }),
    /** The person's choices (JSON): each column's target, value maps, town names. */
    settings: text("settings"),
    state: text("state", { enum: IMPORT_STATES }).notNull().default("uploaded"),
    /** Rows to write, rows written so far (the progress bar). */
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    comments: integer("comments").notNull().default(0),
    /** History entries (field changes) written from the tool's journals. */
    history: integer("history").notNull().default(0),
    firstNumber: integer("first_number"),
    lastNumber: integer("last_number"),
    /** The longest a chunk held the write lock, in ms (measured, shown in the audit). */
    longestChunkMs: integer("longest_chunk_ms"),
    failure: text("failure"),
    /** Written by every chunk: a running import without a recent heartbeat died with its process. */
    heartbeatAt: integer("heartbeat_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("issue_import_consortium_idx").on(t.consortiumId, t.createdAt), index("issue_import_state_idx").on(t.state, t.updatedAt)],
);

/** The issues an import wrote: the list of what was imported, and what a failed import deletes again. */
export const importedIssue = sqliteTable(
  "imported_issue",
  {
    importId: integer("import_id")
      .notNull()
      .references(() => issueImport.id, { onDelete: "cascade" }),
    issueId: integer("issue_id")
      .notNull()
      .references(() => issue.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.importId, t.issueId] }), index("imported_issue_issue_idx").on(t.issueId)],
);

/** What the consortium chose on its last import (JSON), offered again on the next file. */
export const importMemory = sqliteTable("import_memory", {
  consortiumId: integer("consortium_id")
    .primaryKey()
    .references(() => consortium.id),
  /** Column header → target field (or 本文に追記 / 取り込まない). */
  columns: text("columns").notNull().default("{}"),
  /** { status: { 保留: "対応中" }, type: {…}, priority: {…} }. */
  values: text("values").notNull().default("{}"),
  /** Town name as written → organization id (0: none). */
  organizations: text("organizations").notNull().default("{}"),
  updatedBy: integer("updated_by").references(() => user.id),
  updatedAt: updatedAt(),
});
