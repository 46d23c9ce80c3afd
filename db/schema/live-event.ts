// The live change feed.
import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, id } from "./columns";

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
