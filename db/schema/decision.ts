// Decision log (決定事項) with each town's stance and internal approval (庁内決裁).
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { consortium, DECISION_RULES, organization, user } from "./consortium";
import { project, workingGroup } from "./project";
import { issue } from "./issue";
import { createdAt, flag, id, updatedAt } from "./columns";

export const DECISION_STATUSES = ["起案", "協議中", "決定", "改定", "取下げ"] as const;
export const STANCES = ["賛成", "条件付賛成", "保留", "反対"] as const;
export const APPROVALS = ["未説明", "庁内説明中", "決裁済"] as const;

export const decision = sqliteTable(
  "decision",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    projectId: integer("project_id")
      .notNull()
      .references(() => project.id),
    wgId: integer("wg_id").references(() => workingGroup.id),
    /** D-2026-012: fiscal year (April start) and a sequence within it. */
    number: text("number").notNull(),
    fiscalYear: integer("fiscal_year").notNull(),
    sequence: integer("sequence").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    rationale: text("rationale").notNull().default(""),
    optionsConsidered: text("options_considered").notNull().default(""),
    status: text("status", { enum: DECISION_STATUSES }).notNull().default("起案"),
    /** The rule that was applied when it reached 決定. */
    rule: text("rule", { enum: DECISION_RULES }),
    /** Whether 決定 waited for every town's 決裁済 (the consortium's setting when it was decided). */
    approvalRequired: integer("approval_required", { mode: "boolean" }),
    sourceMeetingId: integer("source_meeting_id"),
    sourceNoteId: integer("source_note_id"),
    supersedesId: integer("supersedes_id"),
    supersededById: integer("superseded_by_id"),
    stanceDueOn: text("stance_due_on"),
    effectiveOn: text("effective_on"),
    reviewOn: text("review_on"),
    withdrawnReason: text("withdrawn_reason"),
    vendorVisible: flag("vendor_visible"),
    decidedAt: integer("decided_at"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => user.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("decision_number_uq").on(t.consortiumId, t.number),
    index("decision_project_idx").on(t.projectId, t.status),
  ],
);

export const decisionOrganization = sqliteTable(
  "decision_organization",
  {
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decision.id, { onDelete: "cascade" }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.organizationId] })],
);

/** Related issues, and follow-up actions (決定事項のフォロー). */
export const decisionIssue = sqliteTable(
  "decision_issue",
  {
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decision.id, { onDelete: "cascade" }),
    issueId: integer("issue_id")
      .notNull()
      .references(() => issue.id),
    relation: text("relation", { enum: ["related", "follow_up"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.issueId] }), index("decision_issue_issue_idx").on(t.issueId)],
);

/** A town's current stance and approval; every change is also kept in decision_stance_history. */
export const decisionStance = sqliteTable(
  "decision_stance",
  {
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decision.id, { onDelete: "cascade" }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    stance: text("stance", { enum: STANCES }),
    approval: text("approval", { enum: APPROVALS }).notNull().default("未説明"),
    approvedOn: text("approved_on"),
    comment: text("comment").notNull().default(""),
    /** The approval document (決裁文書), an attachment of the decision. */
    attachmentId: integer("attachment_id"),
    recordedBy: integer("recorded_by").references(() => user.id),
    recordedAt: integer("recorded_at"),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.organizationId] }), index("decision_stance_org_idx").on(t.organizationId)],
);

export const decisionStanceHistory = sqliteTable(
  "decision_stance_history",
  {
    id: id(),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decision.id, { onDelete: "cascade" }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    stance: text("stance", { enum: STANCES }),
    approval: text("approval", { enum: APPROVALS }).notNull(),
    approvedOn: text("approved_on"),
    comment: text("comment").notNull().default(""),
    attachmentId: integer("attachment_id"),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => user.id),
    createdAt: createdAt(),
  },
  (t) => [index("decision_stance_history_idx").on(t.decisionId, t.organizationId, t.createdAt)],
);
