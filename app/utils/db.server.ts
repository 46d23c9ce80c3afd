// The ONLY place SQLite is opened. One connection per server process; WAL lets the
// processes of the cluster read concurrently while one writes.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema/index";
import { env } from "./env.server";

export type DB = BetterSQLite3Database<typeof schema>;
/** The handle inside `db.transaction(tx => …)`; model functions accept either. */
export type Tx = Parameters<Parameters<DB["transaction"]>[0]>[0];
export type Executor = DB | Tx;

export function openSqlite(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return sqlite;
}

const sqliteHandle = openSqlite(env.databasePath);
export const sqlite = sqliteHandle;
export const db: DB = drizzle(sqliteHandle, { schema });
export { schema };

/**
 * Runs a write transaction. IMMEDIATE takes the write lock up front, so a transaction that
 * reads and then writes waits for another process's write (busy_timeout) instead of
 * failing with SQLITE_BUSY. Synchronous by design: no await inside.
 */
export function transaction<T>(fn: (tx: Tx) => T): T {
  return db.transaction(fn, { behavior: "immediate" });
}
