// Backup and restore of an installation (ADR 027), for `npm run backup` / `npm run restore`
// (db/backup.ts). A backup is a folder: the database as one consistent snapshot taken while
// the server goes on writing (VACUUM INTO), the stored files its attachments refer to, and
// manifest.json (row counts, schema level, checksums). A restore checks all of that before
// it touches the live database and files, and refuses while anything has the database open.
//
// This module opens SQLite files itself, not through db.server: that module opens the live
// database (and creates it) as soon as it is loaded, and a restore must find it closed.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import { migrationsFolder } from "../../db/migrate";
import { FILES_FOLDER, storedFileName, storedFilePath } from "./stored-files.server";

/** The two places `npm start` keeps data (DATABASE_PATH, DATA_DIR). */
export type Installation = { databasePath: string; dataDir: string };

/** A refusal, its reason in Japanese; nothing of the installation was changed. */
export class Refused extends Error {
  name = "Refused";
}

const MANIFEST = "manifest.json";
const DATABASE = "renkei.db";
/** A backup is written here, inside its folder, and replaces the previous one only once complete. */
const STAGING = ".renkei-backup-partial";
/** A referenced file missing at copy time may have been swept after the snapshot: snapshot again. */
const ATTEMPTS = 3;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const size = z.number().int().nonnegative();
const schemaLevel = z.object({ migrations: z.number().int().nonnegative(), latest: z.number().nonnegative() });
const manifestSchema = z.object({
  format: z.literal("renkei-backup"),
  formatVersion: z.literal(1),
  /** When the snapshot was taken. */
  createdAt: z.string(),
  appVersion: z.string(),
  /** The migrations applied: how many, and the newest one's timestamp (drizzle's created_at). */
  schema: schemaLevel,
  database: z.object({ file: z.literal(DATABASE), size, sha256 }),
  integrityCheck: z.string(),
  tables: z.record(size),
  /** Stored files, each at files/<first two digits>/<sha256> (the name is the checksum). */
  files: z.array(z.object({ sha256, size })),
  /** Files the database refers to that the installation did not have intact when the backup was made. */
  unavailableFiles: z.array(z.object({ sha256, reason: z.enum(["missing", "damaged"]) })),
  source: z.object({ databasePath: z.string(), dataDir: z.string() }),
});
export type Manifest = z.infer<typeof manifestSchema>;
type SchemaLevel = z.infer<typeof schemaLevel>;

export type BackupReport = { dir: string; manifest: Manifest; attempts: number; milliseconds: number };
export type RestoreReport = {
  manifest: Manifest;
  /** Where the database and the files were before, kept to undo the restore (null: there were none). */
  previous: { database: string | null; files: string | null };
  /** The backup's schema is older than this app's: the next start migrates it. */
  migratesAtStart: boolean;
};

/** Writes a backup of the installation into `dir` (new, empty, or holding a previous backup, which it replaces). */
export function backUp(installation: Installation, dir: string): BackupReport {
  const started = Date.now();
  const target = path.resolve(dir);
  if (!fs.existsSync(installation.databasePath)) throw new Refused(`データベースがありません: ${installation.databasePath}`);
  refuseInsideFiles(installation, target);
  prepareBackupFolder(target);
  const staging = path.join(target, STAGING);
  let attempts = 0;
  let copied: ReturnType<typeof snapshot>;
  do {
    attempts++;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging);
    copied = snapshot(installation, staging);
  } while (copied.unavailableFiles.some((f) => f.reason === "missing") && attempts < ATTEMPTS);

  const database = path.join(staging, DATABASE);
  const { takenAt, ...files } = copied;
  const manifest: Manifest = withSqlite(database, (sqlite) => ({
    format: "renkei-backup",
    formatVersion: 1,
    createdAt: takenAt.toISOString(),
    appVersion: appVersion(),
    schema: schemaLevelOf(sqlite),
    database: { file: DATABASE, size: fs.statSync(database).size, sha256: sha256OfFile(database) },
    integrityCheck: integrityOf(sqlite),
    tables: rowCounts(sqlite),
    ...files,
    source: installation,
  }));
  fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  promote(target, staging);
  return { dir: target, manifest, attempts, milliseconds: Date.now() - started };
}

/**
 * Replaces the installation's database and files with the backup in `dir`, after checking
 * the backup whole (manifest, checksums, integrity, row counts, schema level) on copies
 * written beside the live ones. The previous database and files are kept beside, renamed
 * `….before-restore-<time>`.
 */
export function restore(installation: Installation, dir: string): RestoreReport {
  const source = path.resolve(dir);
  refuseInsideFiles(installation, source);
  const manifest = readManifest(source);
  const app = appSchemaLevel();
  if (manifest.schema.latest > app.latest) {
    throw new Refused(`このバックアップ（${source}）はより新しい版の Renkei（${manifest.appVersion}）のもので、この版（${appVersion()}）では読めません。Renkei を更新してから復元してください。`);
  }
  // Early, so a running server is found before gigabytes are copied; the swap checks again.
  lockExclusively(installation.databasePath)?.close();

  const stagedDatabase = `${installation.databasePath}.restoring-${process.pid}`;
  const stagedFiles = path.join(installation.dataDir, `${FILES_FOLDER}.restoring-${process.pid}`);
  try {
    stageDatabase(source, manifest, stagedDatabase);
    stageFiles(source, manifest, stagedFiles);
    const previous = swap(installation, stagedDatabase, stagedFiles, timestamp(new Date()));
    return { manifest, previous, migratesAtStart: manifest.schema.latest < app.latest };
  } finally {
    fs.rmSync(stagedDatabase, { force: true });
    fs.rmSync(stagedFiles, { recursive: true, force: true });
  }
}

// --- backup ----------------------------------------------------------------------------------

function prepareBackupFolder(target: string) {
  if (!fs.existsSync(target)) return fs.mkdirSync(target, { recursive: true });
  if (!fs.statSync(target).isDirectory()) throw new Refused(`フォルダーではありません: ${target}`);
  const entries = fs.readdirSync(target);
  // An interrupted backup left its staging folder: the folder is ours to write again.
  if (entries.length === 0 || entries.includes(STAGING) || isBackup(target)) return;
  throw new Refused(`このフォルダーは空でなく、Renkei のバックアップでもないため、書き込みません: ${target}\n空のフォルダーか新しいフォルダーを指定してください。`);
}

/**
 * The database as of one moment, and the files it refers to. VACUUM INTO reads in one
 * transaction, so the copy is consistent while the server goes on writing (WAL readers never
 * wait for writers); files are written before the rows that refer to them and never change,
 * so copying them after the snapshot finds every one the snapshot refers to, unless it was
 * removed in the meantime (see ATTEMPTS).
 */
/** The files the database refers to: its attachments', and those of deleted issues that may still be restored (ADR 028). */
const REFERENCED_FILES = `
  SELECT sha256 FROM attachment
  UNION
  SELECT json_extract(a.value, '$.sha256') FROM deleted_issue, json_each(deleted_issue.payload, '$.attachment') a WHERE deleted_issue.payload IS NOT NULL
  ORDER BY 1`;

function snapshot({ databasePath, dataDir }: Installation, staging: string) {
  const database = path.join(staging, DATABASE);
  const takenAt = new Date();
  withSqlite(databasePath, (live) => live.prepare("VACUUM INTO ?").run(database));
  const referenced = withSqlite(database, (sqlite) => sqlite.prepare(REFERENCED_FILES).pluck().all() as string[]);
  const files: Manifest["files"] = [];
  const unavailableFiles: Manifest["unavailableFiles"] = [];
  for (const sha of referenced) {
    const copy = path.join(staging, FILES_FOLDER, storedFileName(sha));
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    try {
      fs.copyFileSync(storedFilePath(dataDir, sha), copy);
    } catch (error) {
      if (!isMissing(error)) throw error;
      unavailableFiles.push({ sha256: sha, reason: "missing" });
      continue;
    }
    if (sha256OfFile(copy) === sha) {
      files.push({ sha256: sha, size: fs.statSync(copy).size });
    } else {
      fs.rmSync(copy);
      unavailableFiles.push({ sha256: sha, reason: "damaged" });
    }
  }
  return { takenAt, files, unavailableFiles };
}

/**
 * Moves the staged backup into its folder. The previous backup's manifest goes first, so a
 * crash half-way never leaves a mix that claims to be complete (the staging folder that
 * remains marks the folder as ours for the next run).
 */
function promote(target: string, staging: string) {
  fs.rmSync(path.join(target, MANIFEST), { force: true });
  for (const name of [DATABASE, FILES_FOLDER]) {
    fs.rmSync(path.join(target, name), { recursive: true, force: true });
    if (fs.existsSync(path.join(staging, name))) fs.renameSync(path.join(staging, name), path.join(target, name));
  }
  fs.renameSync(path.join(staging, MANIFEST), path.join(target, MANIFEST));
  fs.rmdirSync(staging);
}

// --- restore ---------------------------------------------------------------------------------

function readManifest(dir: string): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, MANIFEST), "utf8");
  } catch (error) {
    if (!isMissing(error)) throw error;
    throw new Refused(`Renkei のバックアップではありません（${MANIFEST} がありません）: ${dir}`);
  }
  const parsed = manifestSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new Refused(`${path.join(dir, MANIFEST)} が読めません（Renkei のバックアップの形式ではないか、壊れています）。`);
  return parsed.data;
}

function isBackup(dir: string) {
  try {
    return !!readManifest(dir);
  } catch (error) {
    if (error instanceof Refused) return false;
    throw error;
  }
}

/** Copies the backup's database beside the live one and checks the copy: checksum, integrity, row counts, schema level. */
function stageDatabase(source: string, manifest: Manifest, staged: string) {
  fs.mkdirSync(path.dirname(staged), { recursive: true });
  copyVerified(path.join(source, DATABASE), staged, manifest.database);
  const damaged = (why: string) => new Refused(`バックアップのデータベースが壊れています（${why}）: ${path.join(source, DATABASE)}`);
  let found: { tables: Record<string, number>; schema: SchemaLevel };
  try {
    found = withSqlite(staged, (sqlite) => {
      const integrity = integrityOf(sqlite);
      if (integrity !== "ok") throw damaged(`integrity_check: ${integrity}`);
      return { tables: rowCounts(sqlite), schema: schemaLevelOf(sqlite) };
    });
  } catch (error) {
    // Damage can stop the reading itself ("file is not a database").
    if (!(error as { code?: string }).code?.startsWith("SQLITE_")) throw error;
    throw damaged((error as Error).message);
  }
  const sameLevel = found.schema.migrations === manifest.schema.migrations && found.schema.latest === manifest.schema.latest;
  if (!sameLevel || JSON.stringify(found.tables) !== JSON.stringify(manifest.tables)) {
    throw damaged(`行数またはマイグレーションが ${MANIFEST} と合いません`);
  }
}

function stageFiles(source: string, manifest: Manifest, staged: string) {
  fs.mkdirSync(staged, { recursive: true });
  for (const file of manifest.files) {
    const copy = path.join(staged, storedFileName(file.sha256));
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    copyVerified(path.join(source, FILES_FOLDER, storedFileName(file.sha256)), copy, file);
  }
}

function copyVerified(from: string, to: string, expected: { sha256: string; size: number }) {
  try {
    fs.copyFileSync(from, to);
  } catch (error) {
    if (!isMissing(error)) throw error;
    throw new Refused(`バックアップにあるはずのファイルがありません: ${from}`);
  }
  if (fs.statSync(to).size !== expected.size || sha256OfFile(to) !== expected.sha256) {
    throw new Refused(`バックアップのファイルが壊れています（checksum が ${MANIFEST} と合いません）: ${from}`);
  }
}

/**
 * Whether anything has the database open, answered by SQLite's own file locks: every
 * connection to a WAL database (the app's read-only ones included, idle or not) holds a shared
 * lock on the file for as long as it is open, and the system drops it when the process dies.
 * An exclusive lock is granted only when no server worker, sqlite3 shell or running backup has
 * the file open. Held (locking_mode EXCLUSIVE keeps it after COMMIT) until the connection closes.
 */
function lockExclusively(databasePath: string): Database.Database | null {
  if (!fs.existsSync(databasePath)) return null;
  const sqlite = new Database(databasePath, { fileMustExist: true });
  try {
    sqlite.pragma("busy_timeout = 0");
    sqlite.pragma("locking_mode = EXCLUSIVE");
    sqlite.exec("BEGIN EXCLUSIVE");
    sqlite.exec("COMMIT");
    return sqlite;
  } catch (error) {
    sqlite.close();
    const code = (error as { code?: string }).code;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
      throw new Refused(`サーバー（またはほかのプログラム）が ${databasePath} を開いています。サーバーを止めてから復元してください。`);
    }
    throw error;
  }
}

/** Puts the staged database and files in place; the previous ones are renamed aside. */
function swap({ databasePath, dataDir }: Installation, stagedDatabase: string, stagedFiles: string, stamp: string) {
  const previous: RestoreReport["previous"] = { database: null, files: null };
  const live = lockExclusively(databasePath);
  if (live) {
    try {
      // Everything committed goes into the file itself (and the -wal away), so the copy kept aside is whole.
      const mode = live.pragma("journal_mode = DELETE", { simple: true });
      if (mode !== "delete") throw new Error(`${databasePath} could not leave WAL mode (${String(mode)}); nothing was changed.`);
      previous.database = `${databasePath}.before-restore-${stamp}`;
      fs.renameSync(databasePath, previous.database);
    } finally {
      live.close();
    }
  }
  // Left by a server that crashed: they belong to the database set aside (already folded into it) or to none.
  for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(databasePath + suffix, { force: true });
  fs.renameSync(stagedDatabase, databasePath);
  const files = path.join(dataDir, FILES_FOLDER);
  try {
    if (fs.existsSync(files)) {
      previous.files = `${files}.before-restore-${stamp}`;
      fs.renameSync(files, previous.files);
    }
    fs.renameSync(stagedFiles, files);
  } catch (error) {
    // Half a restore is worse than none: the previous database goes back.
    fs.renameSync(databasePath, stagedDatabase);
    if (previous.database) fs.renameSync(previous.database, databasePath);
    if (previous.files && !fs.existsSync(files)) fs.renameSync(previous.files, files);
    throw error;
  }
  return previous;
}

// --- shared ------------------------------------------------------------------------------------

function withSqlite<T>(file: string, use: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma("busy_timeout = 5000");
    return use(sqlite);
  } finally {
    sqlite.close();
  }
}

/** Rows per table (FTS indexes count through their shadow tables). */
function rowCounts(sqlite: Database.Database) {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`).pluck().get() as number]));
}

function integrityOf(sqlite: Database.Database) {
  return (sqlite.prepare("PRAGMA integrity_check(20)").pluck().all() as string[]).join("; ");
}

function schemaLevelOf(sqlite: Database.Database): SchemaLevel {
  const migrated = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!migrated) return { migrations: 0, latest: 0 };
  return sqlite.prepare("SELECT count(*) AS migrations, coalesce(max(CAST(created_at AS INTEGER)), 0) AS latest FROM __drizzle_migrations").get() as SchemaLevel;
}

/** This app's migrations, as drizzle's migrator compares them (by the newest timestamp). */
function appSchemaLevel(): SchemaLevel {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return { migrations: journal.entries.length, latest: Math.max(0, ...journal.entries.map((e) => e.when)) };
}

function appVersion() {
  return (JSON.parse(fs.readFileSync(path.join(migrationsFolder, "..", "..", "package.json"), "utf8")) as { version: string }).version;
}

function sha256OfFile(file: string) {
  const hash = crypto.createHash("sha256");
  const buffer = Buffer.alloc(1 << 20);
  const fd = fs.openSync(file, "r");
  try {
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

/** A backup inside the stored files would be swept as orphans, or moved aside by a restore. */
function refuseInsideFiles({ dataDir }: Installation, dir: string) {
  const files = path.join(dataDir, FILES_FOLDER);
  if (dir === files || dir.startsWith(files + path.sep)) throw new Refused(`添付ファイルのフォルダー（${files}）の中は指定できません: ${dir}`);
}

/** 20261202-153000, in the server's time zone. */
function timestamp(now: Date) {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

const isMissing = (error: unknown) => (error as { code?: string })?.code === "ENOENT";

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
