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
  cacheStatements(sqlite);
  return sqlite;
}

/**
 * Drizzle prepares every query anew; SQLite's prepare is a large part of a small query's
 * cost. Keep the most recent statements by their SQL text and reuse them (reset to the
 * default row mode, since a statement's raw/pluck/expand settings stick).
 */
function cacheStatements(sqlite: Database.Database, size = 500) {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
    } else {
      statement = prepare(source);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
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
