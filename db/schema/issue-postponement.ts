// Carry-overs (持ち越し) of an issue. Its own module because it points at both an issue and a
// meeting, and meeting.ts already imports issue.ts (agenda items and sticky notes name issues).
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { user } from "./consortium";
import { issue } from "./issue";
import { meeting } from "./meeting";
import { createdAt, id } from "./columns";

/** 持ち越し: a later due date, or a meeting the issue stayed open through. */
export const issuePostponement = sqliteTable(
  "issue_postponement",
  {
    id: id(),
    issueId: integer("issue_id")
      .notNull()
      .references(() => issue.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["due_date", "meeting"] }).notNull(),
    fromDue: text("from_due"),
    toDue: text("to_due"),
    reason: text("reason").notNull().default(""),
    meetingId: integer("meeting_id").references(() => meeting.id),
    userId: integer("user_id").references(() => user.id),
    createdAt: createdAt(),
  },
  (t) => [index("issue_postponement_issue_idx").on(t.issueId, t.createdAt)],
);
