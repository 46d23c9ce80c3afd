// Meetings (会議) and their sticky-note minutes (付箋議事録).
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { consortium, organization, RANKS, user } from "./consortium";
import { project, workingGroup } from "./project";
import { issue } from "./issue";
import { decision } from "./decision";
import { createdAt, flag, id, updatedAt } from "./columns";

export const MEETING_KINDS = ["WG定例", "連絡会", "検証", "ふりかえり"] as const;
export const MEETING_STATES = ["予定", "開催中", "確認中", "確定"] as const;
export const NOTE_KINDS = ["発言", "質問", "課題", "ToDo", "決定"] as const;
export const ATTENDANCE = ["未回答", "出席", "オンライン", "欠席"] as const;

export const meeting = sqliteTable(
  "meeting",
  {
    id: id(),
    consortiumId: integer("consortium_id")
      .notNull()
      .references(() => consortium.id),
    projectId: integer("project_id")
      .notNull()
      .references(() => project.id),
    /** Null for a project-level meeting (e.g. a 連絡会 across all WGs). */
    wgId: integer("wg_id").references(() => workingGroup.id),
    kind: text("kind", { enum: MEETING_KINDS }).notNull(),
    /** For 連絡会: the rank that meets (担当者/所属長/部門長/経営層). */
    rank: text("rank", { enum: RANKS }),
    title: text("title").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at"),
    place: text("place").notNull().default(""),
    onlineUrl: text("online_url").notNull().default(""),
    hostOrgId: integer("host_org_id").references(() => organization.id),
    vendorVisible: flag("vendor_visible"),
    state: text("state", { enum: MEETING_STATES }).notNull().default("予定"),
    chairId: integer("chair_id").references(() => user.id),
    /** The previous meeting of the same series (carry-forward of agenda issues). */
    previousMeetingId: integer("previous_meeting_id"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => user.id),
    createdAt: createdAt(),
    lockedAt: integer("locked_at"),
  },
  (t) => [
    index("meeting_wg_idx").on(t.wgId, t.startsAt),
    index("meeting_project_idx").on(t.projectId, t.startsAt),
  ],
);

export const agendaItem = sqliteTable(
  "agenda_item",
  {
    id: id(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meeting.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    issueId: integer("issue_id").references(() => issue.id),
  },
  (t) => [index("agenda_item_meeting_idx").on(t.meetingId, t.position), index("agenda_item_issue_idx").on(t.issueId)],
);

export const meetingAttendee = sqliteTable(
  "meeting_attendee",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meeting.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => user.id),
    attendance: text("attendance", { enum: ATTENDANCE }).notNull().default("未回答"),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] }), index("meeting_attendee_user_idx").on(t.userId)],
);

/** 付箋: the sticky notes are the minutes. */
export const stickyNote = sqliteTable(
  "sticky_note",
  {
    id: id(),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meeting.id, { onDelete: "cascade" }),
    authorId: integer("author_id")
      .notNull()
      .references(() => user.id),
    kind: text("kind", { enum: NOTE_KINDS }).notNull().default("発言"),
    /** Plain text, at most 400 characters. */
    text: text("text").notNull(),
    color: text("color").notNull().default("yellow"),
    /** Column on the board: an agenda item, or null for 「その他」. */
    agendaItemId: integer("agenda_item_id").references(() => agendaItem.id),
    position: real("position").notNull().default(0),
    x: real("x"),
    y: real("y"),
    cluster: text("cluster"),
    internal: flag("internal"),
    /** What the note became. */
    issueId: integer("issue_id").references(() => issue.id),
    decisionId: integer("decision_id").references(() => decision.id),
    /** Optimistic concurrency: two people editing one note get told, not overwritten. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [index("sticky_note_meeting_idx").on(t.meetingId, t.agendaItemId, t.position)],
);

/** Each participating town confirms the minutes; when all have, they lock (確定). */
export const minutesConfirmation = sqliteTable(
  "minutes_confirmation",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meeting.id, { onDelete: "cascade" }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organization.id),
    confirmedBy: integer("confirmed_by")
      .notNull()
      .references(() => user.id),
    confirmedAt: integer("confirmed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.organizationId] })],
);
