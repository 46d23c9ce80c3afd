// What every factory shares: the drizzle handle it writes with, the row types of a table,
// and a sequence for defaults that must be unique (e-mails, names, numbers).
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type * as schema from "../schema/index";

/**
 * A synchronous drizzle handle: a unit of work's `tx` inside the app's `write()`, or a
 * standalone connection inside `db.transaction(() => …)` (the demo seed, the benchmark).
 */
export type Handle = BetterSQLite3Database<typeof schema>;
export type Insert<T extends SQLiteTable> = T["$inferInsert"];
export type Select<T extends SQLiteTable> = T["$inferSelect"];

let counter = 0;
/** The next number of a process-wide sequence, for defaults that must not collide. */
export const sequence = () => ++counter;

/** A fixed moment for defaults (2026-11-22 12:00 Japan time): factories never read the clock. */
export const FACTORY_NOW = Date.UTC(2026, 10, 22, 3, 0, 0);

/** Inserts one row and returns it as stored (defaults and the generated id filled in). */
export function insertRow<T extends SQLiteTable>(tx: Handle, table: T, values: Insert<T>): Select<T> {
  return tx.insert(table).values(values as never).returning().get() as Select<T>;
}
