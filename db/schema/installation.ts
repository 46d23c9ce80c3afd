// The installation itself: the one-time setup link of a new installation (no consortium yet).
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";

/** At most one row: the token of /setup?token=…, deleted when the setup is done. */
export const setupToken = sqliteTable("setup_token", {
  id: integer("id").primaryKey(),
  token: text("token").notNull(),
  createdAt: createdAt(),
});
