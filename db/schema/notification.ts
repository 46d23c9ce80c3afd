// Notifications (issue 8): the inbox, who watches what, per-user settings, the e-mail outbox
// and the bookkeeping of the scheduled jobs.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { user } from "./consortium";
import { createdAt, id } from "./columns";

export const NOTIFICATION_KINDS = ["assigned", "mentioned", "comment", "ball", "due", "stance", "minutes", "report", "invitation", "watched"] as const;
/** off: nothing; inapp: the inbox only; immediate: inbox + an e-mail now; digest: inbox + the 8:00 digest. */
export const NOTIFICATION_MODES = ["off", "inapp", "immediate", "digest"] as const;
export const WATCHED_TYPES = ["issue", "meeting", "decision"] as const;
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed", "cancelled"] as const;

/** The in-app inbox: one row per person told about something. */
export const notification = sqliteTable(
  "notification",
  {
    id: id(),
    userId: integer("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    consortiumId: integer("consortium_id"),
    kind: text("kind").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    title: text("title").notNull(),
    url: text("url").notNull(),
    reason: text("reason").notNull().default(""),
    actorId: integer("actor_id"),
    createdAt: createdAt(),
    readAt: integer("read_at"),
    /** The project the item belongs to (the digest groups by it). */
    projectId: integer("project_id"),
    /** 'internal': about an internal memo, shown only to those who may read internal notes. */
    audience: text("audience", { enum: ["all", "internal"] }).notNull().default("all"),
    /** Makes scheduled notifications idempotent (e.g. due:soon:<issue>:<date>:<user>). */
    dedupeKey: text("dedupe_key"),
    /** 'digest': waits for the 8:00 digest; 'digested': went out in one. */
    emailState: text("email_state"),
  },
  (t) => [
    index("notification_user_idx").on(t.userId, t.readAt, t.createdAt),
    uniqueIndex("notification_dedupe_idx").on(t.dedupeKey),
    index("notification_digest_idx").on(t.emailState, t.userId),
  ],
);

/** Who follows an item. `watching = false` remembers a manual unwatch, so automatic watching does not undo it. */
export const watcher = sqliteTable(
  "watcher",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    entityType: text("entity_type", { enum: WATCHED_TYPES }).notNull(),
    entityId: integer("entity_id").notNull(),
    watching: integer("watching", { mode: "boolean" }).notNull().default(true),
    /** Why: author, assignee, mentioned, ball, manual. */
    reason: text("reason").notNull().default("manual"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.entityType, t.entityId] }), index("watcher_entity_idx").on(t.entityType, t.entityId)],
);

export const notificationSetting = sqliteTable(
  "notification_setting",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    mode: text("mode", { enum: NOTIFICATION_MODES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * E-mail waiting to be sent. Rows are claimed by one process at a time (status 'sending'
 * with a lease), retried with back-off, and `dedupeKey` makes enqueueing idempotent.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: id(),
    consortiumId: integer("consortium_id"),
    dedupeKey: text("dedupe_key").notNull(),
    userId: integer("user_id"),
    /** The inbox entry this mail is about: its visibility is checked again before sending. */
    notificationId: integer("notification_id"),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    kind: text("kind").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseUntil: integer("lease_until"),
    lastError: text("last_error"),
    messageId: text("message_id"),
    /** The .eml file (relative to the data directory) when no SMTP server is configured. */
    file: text("file"),
    sentAt: integer("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("email_outbox_dedupe_idx").on(t.dedupeKey), index("email_outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

/** Scheduled jobs: the last period each ran for (claimed with a conditional UPDATE) and a lease. */
export const jobRun = sqliteTable("job_run", {
  name: text("name").primaryKey(),
  lastKey: text("last_key").notNull().default(""),
  holder: text("holder"),
  leaseUntil: integer("lease_until"),
});
