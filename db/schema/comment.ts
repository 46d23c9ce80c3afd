// Comments on an issue, a decision or a meeting, and the earlier bodies of edited ones.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { consortium, user } from "./consortium";
import { issue } from "./issue";
import { decision } from "./decision";
import { meeting } from "./meeting";
import { createdAt, flag, id, updatedAt } from "./columns";

/** A comment on an issue, a decision or a meeting (exactly one of the three). */
export const comment = sqliteTable(
  "comment",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    issueId: integer("issue_id").references(() => issue.id, { onDelete: "cascade" }),
    decisionId: integer("decision_id").references(() => decision.id, { onDelete: "cascade" }),
    meetingId: integer("meeting_id").references(() => meeting.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    /** 内部メモ: never shown to vendors or leadership. */
    internal: flag("internal"),
    /** The consortium's official answer (回答) to a vendor question. */
    isAnswer: flag("is_answer"),
    /** A sticky note added to an issue as this comment (付箋より): cited by reference, as on issues. */
    sourceMeetingId: integer("source_meeting_id"),
    sourceNoteId: integer("source_note_id"),
    authorId: integer("author_id")
      .notNull()
      .references(() => user.id),
    /** Who wrote it in the tool it was imported from (Redmine), shown instead of the importer. */
    importedAuthor: text("imported_author"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [
    index("comment_issue_idx").on(t.issueId, t.createdAt),
    index("comment_decision_idx").on(t.decisionId, t.createdAt),
    index("comment_meeting_idx").on(t.meetingId, t.createdAt),
  ],
);

/** Earlier bodies of an edited comment. */
export const commentRevision = sqliteTable(
  "comment_revision",
  {
    id: id(),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comment.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    editedBy: integer("edited_by")
      .notNull()
      .references(() => user.id),
    createdAt: createdAt(),
  },
  (t) => [index("comment_revision_comment_idx").on(t.commentId)],
);
