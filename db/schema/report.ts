// Progress reports (進捗報告) the PMO publishes to leadership.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { consortium, RANKS, user } from "./consortium";
import { project } from "./project";
import { createdAt, id, updatedAt } from "./columns";

export const REPORT_STATUSES = ["下書き", "公開"] as const;

export const progressReport = sqliteTable(
  "progress_report",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    projectId: integer("project_id")
      .notNull()
      .references(() => project.id),
    /** e.g. 2026-11 (2026年11月分). */
    period: text("period").notNull(),
    title: text("title").notNull(),
    narrative: text("narrative").notNull().default(""),
    audienceRank: text("audience_rank", { enum: RANKS }).notNull().default("経営層"),
    /** Frozen figures (JSON) taken when the report was created. */
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    /** Traffic lights per WG and per town, highlights (JSON). */
    lights: text("lights", { mode: "json" }).notNull().default("{}"),
    highlights: text("highlights", { mode: "json" }).notNull().default("{}"),
    status: text("status", { enum: REPORT_STATUSES }).notNull().default("下書き"),
    /** A correction of a published report is a new version pointing at the old one. */
    correctsId: integer("corrects_id"),
    publishedBy: integer("published_by").references(() => user.id),
    publishedAt: integer("published_at"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => user.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("report_project_idx").on(t.projectId, t.status, t.period)],
);
