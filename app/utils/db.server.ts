// The ONLY place SQLite is opened. Each server process holds two connections to the file:
// a read-only one for every read, and one for writes, used only inside `write()` (the unit of
// work, ADR 018). WAL lets the processes of the cluster read while one writes.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { sql, type Column, type SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema/index";
import { env } from "./env.server";

export type DB = BetterSQLite3Database<typeof schema>;
/** The handle `write()` passes to its unit of work. */
export type Tx = DB;
/** What a model function that only reads accepts: the read connection, or a unit of work's handle. */
export type Executor = DB;

export function openSqlite(file: string, { readonly = false, guard }: { readonly?: boolean; guard?: () => void } = {}) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { readonly });
  if (!readonly) sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  cacheStatements(sqlite, 500, guard);
  return sqlite;
}

/**
 * Drizzle prepares every query anew; SQLite's prepare is a large part of a small query's
 * cost. Keep the most recent statements by their SQL text and reuse them (reset to the
 * default row mode, since a statement's raw/pluck/expand settings stick).
 */
function cacheStatements(sqlite: Database.Database, size = 500, guard?: () => void) {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    guard?.();
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

let startup = true; // while the connections are opened, and while migrations run
let writeStatements = 0;
const unitOfWork = new AsyncLocalStorage<Tx>();

// The write connection first: it creates the file and switches it to WAL. It refuses to run
// anything outside a unit of work.
const writer = openSqlite(env.databasePath, {
  guard: () => {
    if (!unitOfWork.getStore() && !startup) throw new Error("The write connection is used outside write().");
    writeStatements++;
  },
});
// A busy write lock is waited for by `write()` without blocking the event loop (below).
writer.pragma("busy_timeout = 0");
const reader = openSqlite(env.databasePath, { readonly: true });
startup = false;

const readDb: DB = drizzle(reader, { schema });
const writeDb: Tx = drizzle(writer, { schema });

/**
 * The handle models read through. Outside a unit of work it is the read-only connection (a
 * write that strays here fails loudly); inside `write()` it is that unit of work's own, so a
 * read sees what the unit of work has written so far.
 */
export const db: DB = new Proxy(readDb, {
  get: (_target, key) => {
    const handle = unitOfWork.getStore() ?? readDb;
    const value = Reflect.get(handle, key, handle);
    return typeof value === "function" ? value.bind(handle) : value;
  },
});
/**
 * `column IN (ids)` with the ids as one JSON parameter: the same statement text for any number
 * of ids (one prepared statement, not one per count), and built without a parameter per id
 * (the inArray of a 50-row page was a sixth of the list's query building; ADR 022).
 */
export function anyOf(column: Column, ids: readonly number[]): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** The read connection itself, for statements prepared once (live-event polling, health). */
export const readConnection = reader;
export { schema };

/**
 * One consistent view of the database for a long read (the consortium export, ADR 026): a
 * read-only connection of its own inside one read transaction, so what it reads belongs
 * together however long it streams, while the other requests' reads stay current. `close()`
 * ends it (WAL cannot be checkpointed past an open snapshot, so it must not stay open).
 */
export function openReadSnapshot() {
  const sqlite = openSqlite(env.databasePath, { readonly: true });
  sqlite.exec("BEGIN");
  // A deferred transaction takes its snapshot at its first read: now.
  sqlite.prepare("SELECT count(*) FROM sqlite_master").get();
  let open = true;
  return {
    sqlite,
    close() {
      if (!open) return;
      open = false;
      sqlite.exec("COMMIT");
      sqlite.close();
    },
  };
}

/** How many statements the write connection has prepared (tests: reads never run there). */
export function writeConnectionStatements() {
  return writeStatements;
}

// One unit of work at a time in this process: a promise chain is the mutex.
let tail: Promise<unknown> = Promise.resolve();

/** How long a write waits for another process's write lock before it gives up. */
const LOCK_WAIT_MS = 15_000;

function isBusy(error: unknown) {
  const code = (error as { code?: string })?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED";
}

/** BEGIN IMMEDIATE, retried with back-off while another process holds the lock; the event loop stays free. */
async function begin() {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    try {
      writer.exec("BEGIN IMMEDIATE");
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      await sleep(pause);
    }
  }
}

/**
 * The unit of work: every write goes through here. It waits its turn in this process, takes
 * SQLite's write lock (BEGIN IMMEDIATE, so a read-then-write never fails half-way with
 * SQLITE_BUSY), runs `work` on the write connection and commits; a throw rolls everything
 * back, the audit row included. A `write()` inside another joins the outer one.
 *
 * Not drizzle's own transaction helper with an async callback: on better-sqlite3 that commits
 * before the awaited statements run (drizzle-orm issues 1472 and 2275).
 */
export function write<T>(work: (tx: Tx) => Promise<T> | T): Promise<T> {
  if (unitOfWork.getStore()) return (async () => work(writeDb))();
  const run = tail.then(async () => {
    await begin();
    try {
      const result = await unitOfWork.run(writeDb, () => work(writeDb));
      writer.exec("COMMIT");
      return result;
    } catch (error) {
      if (writer.inTransaction) writer.exec("ROLLBACK");
      throw error;
    }
  });
  tail = run.catch(() => undefined);
  return run;
}

/** Whether the caller runs inside a unit of work. */
export function inWrite() {
  return unitOfWork.getStore() !== undefined;
}

/** Applies migrations (start-up, scripts): the one use of the write connection outside `write()`. */
export function migrateWith(migrate: (connection: Database.Database) => void) {
  startup = true;
  try {
    migrate(writer);
  } finally {
    startup = false;
  }
}

/**
 * Housekeeping: keep the query planner's statistics current as tables grow (the list and
 * search plans rely on them, ADR 021). `PRAGMA optimize` analyzes only what changed much
 * since the last time, and the analysis limit bounds how long it holds the write lock.
 */
export function refreshStatistics() {
  return write((tx) => {
    tx.run(sql`PRAGMA analysis_limit = 400`);
    tx.run(sql`PRAGMA optimize`);
  });
}
