// Issues (課題 / 懸案事項), their labels and their history. Carry-overs live in
// issue-postponement.ts, comments in comment.ts and attachments in attachment.ts, so this
// module references only consortium and project and the imports stay a DAG.
import { sql, type SQL } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { consortium, organization, user } from "./consortium";
import { workingGroup } from "./project";
import { createdAt, flag, id, updatedAt } from "./columns";

export const ISSUE_TYPES = ["懸案", "課題", "質問", "要望", "リスク"] as const;
export const ISSUE_STATUSES = ["未着手", "対応中", "回答待ち", "解決", "完了", "却下"] as const;
export const CLOSED_STATUSES = ["解決", "完了", "却下"] as const;
export const PRIORITIES = ["低", "中", "高", "緊急"] as const;

/** The due date as the soonest-first order sees it: undated issues after every dated one. */
export const undatedLast = (dueOn: AnySQLiteColumn): SQL => sql`coalesce(${dueOn}, '9999-12-31')`;

export const issue = sqliteTable(
  "issue",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    wgId: integer("wg_id")
      .notNull()
      .references(() => workingGroup.id),
    /** #123, numbered per consortium. */
    number: integer("number").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    type: text("type", { enum: ISSUE_TYPES }).notNull().default("課題"),
    status: text("status", { enum: ISSUE_STATUSES }).notNull().default("未着手"),
    priority: text("priority", { enum: PRIORITIES }).notNull().default("中"),
    assigneeId: integer("assignee_id").references(() => user.id),
    /** ボール: the organization that must act next (a town, the PMO's body or the vendor). */
    ballHolderOrgId: integer("ball_holder_org_id").references(() => organization.id),
    dueOn: text("due_on"),
    vendorVisible: flag("vendor_visible"),
    /** Denormalized count of issue_postponement rows, for sorting and filtering lists. */
    carryOverCount: integer("carry_over_count").notNull().default(0),
    /**
     * The sticky note an issue was made from (付箋から作成), cited by reference only: the
     * meeting's title is shown to those who may see the meeting, never written into the body.
     */
    sourceMeetingId: integer("source_meeting_id"),
    sourceNoteId: integer("source_note_id"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => user.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    closedAt: integer("closed_at"),
  },
  (t) => [
    uniqueIndex("issue_number_uq").on(t.consortiumId, t.number),
    // Each list order has an index in that order, ending with the number (the tie-breaker),
    // so a page walks the index and stops after its rows instead of sorting every match. The
    // status and type come after it: a filter on them is checked in the index, without
    // reading each passed-over row (a WG's open 課題 by due date: 3.1 → 0.7 ms; ADR 022).
    index("issue_wg_status_idx").on(t.wgId, t.status, t.updatedAt, t.number, t.type),
    index("issue_wg_updated_idx").on(t.wgId, t.updatedAt, t.number, t.status, t.type),
    index("issue_consortium_status_idx").on(t.consortiumId, t.status, t.updatedAt, t.number, t.type),
    index("issue_consortium_updated_idx").on(t.consortiumId, t.updatedAt, t.number, t.status, t.type),
    index("issue_consortium_due_idx").on(t.consortiumId, t.dueOn, t.number, t.status, t.type),
    index("issue_consortium_due_first_idx").on(t.consortiumId, undatedLast(t.dueOn), sql`${t.number} desc`, t.status, t.type),
    index("issue_consortium_carry_idx").on(t.consortiumId, t.carryOverCount, t.number, t.status, t.type),
    index("issue_wg_due_idx").on(t.wgId, t.dueOn, t.number, t.status, t.type),
    index("issue_wg_due_first_idx").on(t.wgId, undatedLast(t.dueOn), sql`${t.number} desc`, t.status, t.type),
    index("issue_wg_carry_idx").on(t.wgId, t.carryOverCount, t.number, t.status, t.type),
    index("issue_assignee_idx").on(t.assigneeId, t.status, t.dueOn),
    index("issue_ball_idx").on(t.ballHolderOrgId, t.status, t.dueOn),
  ],
);

/** 影響を受ける団体. */
export const issueOrganization = sqliteTable(
  "issue_organization",
  {
    issueId: integer("issue_id")
      .notNull()
      .references(() => issue.id, { onDelete: "cascade" }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
  },
  (t) => [primaryKey({ columns: [t.issueId, t.organizationId] }), index("issue_org_org_idx").on(t.organizationId)],
);

export const label = sqliteTable(
  "label",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    name: text("name").notNull(),
    color: text("color").notNull().default("#64748b"),
    /** 使用停止: kept on the issues that have it, no longer offered for new ones. */
    archived: flag("archived"),
  },
  (t) => [uniqueIndex("label_name_uq").on(t.consortiumId, t.name)],
);

export const issueLabel = sqliteTable(
  "issue_label",
  {
    issueId: integer("issue_id")
      .notNull()
      .references(() => issue.id, { onDelete: "cascade" }),
    labelId: integer("label_id")
      .notNull()
      .references(() => label.id),
  },
  (t) => [primaryKey({ columns: [t.issueId, t.labelId] }), index("issue_label_label_idx").on(t.labelId)],
);

/** One row per changed field: the issue history (old → new, who, when). */
export const issueJournal = sqliteTable(
  "issue_journal",
  {
    id: id(),
    issueId: integer("issue_id")
      .notNull()
      .references(() => issue.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => user.id),
    field: text("field").notNull(),
    oldValue: text("old_value"),
    newValue: text("new_value"),
    /** Who made the change in the tool it was imported from (Redmine), shown instead of the importer. */
    importedAuthor: text("imported_author"),
    createdAt: createdAt(),
  },
  (t) => [index("issue_journal_issue_idx").on(t.issueId, t.createdAt)],
);
