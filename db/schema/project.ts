// Joint projects (共同化プロジェクト), their milestones and working groups (WG / 部会).
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { consortium, organization, user } from "./consortium";
import { createdAt, flag, id } from "./columns";

export const PHASES = ["構想計画", "調達", "構築", "運用保守"] as const;
export const WG_ROLES = ["lead", "member", "guest"] as const;

export const project = sqliteTable(
  "project",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    phase: text("phase", { enum: PHASES }).notNull().default("構想計画"),
    startsOn: text("starts_on"),
    endsOn: text("ends_on"),
    createdAt: createdAt(),
  },
  (t) => [index("project_consortium_idx").on(t.consortiumId)],
);

/** 参加団体: the towns taking part in a project. */
export const projectOrganization = sqliteTable(
  "project_organization",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.organizationId] })],
);

export const milestone = sqliteTable(
  "milestone",
  {
    id: id(),
    projectId: integer("project_id")
      .notNull()
      .references(() => project.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    dueOn: text("due_on").notNull(),
    doneOn: text("done_on"),
    /** A fixed date that must not slip (e.g. a cut-over window). */
    fixed: flag("fixed"),
    createdAt: createdAt(),
  },
  (t) => [index("milestone_project_idx").on(t.projectId, t.dueOn)],
);

export const workingGroup = sqliteTable(
  "working_group",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    projectId: integer("project_id")
      .notNull()
      .references(() => project.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    archived: flag("archived"),
    createdAt: createdAt(),
  },
  (t) => [index("wg_project_idx").on(t.projectId), index("wg_consortium_idx").on(t.consortiumId)],
);

export const wgMembership = sqliteTable(
  "wg_membership",
  {
    wgId: integer("wg_id")
      .notNull()
      .references(() => workingGroup.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => user.id),
    role: text("role", { enum: WG_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.wgId, t.userId] }), index("wg_membership_user_idx").on(t.userId)],
);
