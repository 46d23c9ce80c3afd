// Attachments (添付ファイル): each file belongs to exactly one item.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { consortium, user } from "./consortium";
import { issue } from "./issue";
import { decision } from "./decision";
import { stickyNote } from "./meeting";
import { progressReport } from "./report";
import { comment } from "./comment";
import { createdAt, id } from "./columns";

/** Files stored on disk under the data directory by sha256; owned by one item. */
export const attachment = sqliteTable(
  "attachment",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    issueId: integer("issue_id").references(() => issue.id, { onDelete: "cascade" }),
    commentId: integer("comment_id").references(() => comment.id, { onDelete: "cascade" }),
    stickyNoteId: integer("sticky_note_id").references(() => stickyNote.id, { onDelete: "cascade" }),
    decisionId: integer("decision_id").references(() => decision.id, { onDelete: "cascade" }),
    reportId: integer("report_id").references(() => progressReport.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => user.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("attachment_issue_idx").on(t.issueId),
    index("attachment_comment_idx").on(t.commentId),
    index("attachment_note_idx").on(t.stickyNoteId),
    index("attachment_decision_idx").on(t.decisionId),
    index("attachment_report_idx").on(t.reportId),
  ],
);
