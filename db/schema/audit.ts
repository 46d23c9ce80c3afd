// Audit trail, notifications and the live change feed.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { user } from "./consortium";
import { createdAt, id } from "./columns";

/** Append-only; deliberately without foreign keys so it outlives what it describes. */
export const auditEvent = sqliteTable(
  "audit_event",
  {
    id: id(),
    consortiumId: integer("consortium_id"),
    actorId: integer("actor_id"),
    /** The actor's organization at the time, so a town admin can read their town's trail. */
    actorOrgId: integer("actor_org_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: text("before"),
    after: text("after"),
    ip: text("ip"),
    at: integer("at").notNull(),
  },
  (t) => [
    index("audit_consortium_at_idx").on(t.consortiumId, t.at),
    index("audit_actor_idx").on(t.actorId, t.at),
    index("audit_entity_idx").on(t.entityType, t.entityId),
  ],
);

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

/**
 * Change feed shared by every server process: live boards and inbox counts poll it.
 * `audience` lets a stream skip rows a viewer may not learn about (e.g. internal notes).
 */
export const liveEvent = sqliteTable(
  "live_event",
  {
    id: id(),
    channel: text("channel").notNull(),
    kind: text("kind").notNull(),
    audience: text("audience", { enum: ["all", "internal"] }).notNull().default("all"),
    payload: text("payload").notNull().default("{}"),
    createdAt: createdAt(),
  },
  (t) => [index("live_event_channel_idx").on(t.channel, t.id)],
);
