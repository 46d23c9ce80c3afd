// 削除した課題: an issue deleted by mistake leaves the live tables whole (so nothing can show
// it, count it or point at it) and waits here, with every row that hung on it, for 30 days.
// After that the rows are purged and only the number, title and reason remain, so the number
// is never given to another issue (ADR 028).
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { consortium, user } from "./consortium";
import { id } from "./columns";

export const deletedIssue = sqliteTable(
  "deleted_issue",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    wgId: integer("wg_id").notNull(),
    reason: text("reason").notNull(),
    deletedBy: integer("deleted_by")
      .notNull()
      .references(() => user.id),
    deletedAt: integer("deleted_at").notNull(),
    /** The issue and its rows as JSON (DeletedIssueRows); null once purged. */
    payload: text("payload"),
    purgedAt: integer("purged_at"),
  },
  (t) => [uniqueIndex("deleted_issue_number_uq").on(t.consortiumId, t.number), index("deleted_issue_wg_idx").on(t.wgId)],
);
