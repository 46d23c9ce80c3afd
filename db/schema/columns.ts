// Column helpers shared by every schema module. Timestamps are integer milliseconds;
// calendar dates (due dates, milestones) are ISO `YYYY-MM-DD` text, Japan time.
import { integer } from "drizzle-orm/sqlite-core";

export const id = () => integer("id").primaryKey({ autoIncrement: true });
export const createdAt = () =>
  integer("created_at")
    .notNull()
    .$defaultFn(() => Date.now());
export const updatedAt = () =>
  integer("updated_at")
    .notNull()
    .$defaultFn(() => Date.now());
export const flag = (name: string) =>
  integer(name, { mode: "boolean" }).notNull().default(false);
