// Backup while the server writes, restore, and what each refuses (ADR 027). Every test has
// its own installations in a temporary folder; "the server" is another process writing to
// the database as the app does (the file first, then its attachment row and audit row in one
// transaction).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../../db/migrate";
import { backUp, Refused, restore, type Installation } from "./backup.server";
import { storedFilePath } from "./stored-files.server";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-backup-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let made = 0;
/** A new installation (migrated, as `npm start` leaves it), or only its paths. */
function installation({ migrated = true } = {}): Installation {
  const dataDir = path.join(root, `installation-${++made}`);
  const databasePath = path.join(dataDir, "renkei.db");
  if (migrated) {
    fs.mkdirSync(dataDir, { recursive: true });
    const sqlite = new Database(databasePath);
    sqlite.pragma("journal_mode = WAL");
    migrateDatabase(sqlite);
    sqlite.close();
  }
  return { databasePath, dataDir };
}
const folder = (name: string) => path.join(root, `${name}-${++made}`);

/** Stores files and their rows until `limit` (then exits) or until stopped; says "ready" after `readyAfter`. */
const WRITER = `
  const Database = require("better-sqlite3"), crypto = require("node:crypto"), fs = require("node:fs"), path = require("node:path");
  const [databasePath, dataDir, limit, readyAfter] = process.argv.slice(1);
  const db = new Database(databasePath);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL"); // as the app (db.server)
  db.pragma("foreign_keys = OFF"); // the rows need no consortium or uploader
  const attachment = db.prepare("INSERT INTO attachment (consortium_id, file_name, mime, size, sha256, uploaded_by, created_at) VALUES (1, ?, 'text/plain', ?, ?, 1, ?)");
  const audit = db.prepare("INSERT INTO audit_event (action, entity_type, entity_id, at) VALUES ('attachment.add', 'attachment', ?, ?)");
  const store = db.transaction((name, bytes, sha) => audit.run(String(attachment.run(name, bytes.length, sha, Date.now()).lastInsertRowid), Date.now()));
  let n = 0;
  function writeOne() {
    const bytes = crypto.randomBytes(200 + (n % 13) * 150);
    const sha = crypto.createHash("sha256").update(bytes).digest("hex");
    const file = path.join(dataDir, "files", sha.slice(0, 2), sha);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file + ".tmp", bytes);
    fs.renameSync(file + ".tmp", file);
    store("file-" + n + ".txt", bytes, sha);
    if (++n === Number(readyAfter)) process.stdout.write("ready\\n");
    if (n === Number(limit)) { db.close(); process.exit(0); }
  }
  setInterval(() => { for (let i = 0; i < 5; i++) writeOne(); }, 1);
  process.on("SIGTERM", () => { db.close(); process.exit(0); });`;

function startWriter(target: Installation, { limit = 0, readyAfter = 0 } = {}) {
  return spawn(process.execPath, ["-e", WRITER, target.databasePath, target.dataDir, String(limit), String(readyAfter)], { stdio: ["ignore", "pipe", "inherit"] });
}
async function storeFiles(target: Installation, count: number) {
  const writer = startWriter(target, { limit: count });
  await once(writer, "exit");
}
async function stop(child: ChildProcess) {
  child.kill("SIGTERM");
  if (child.exitCode === null) await once(child, "exit");
}

function query<T>(file: string, sql: string): T {
  const sqlite = new Database(file, { readonly: true });
  try {
    return sqlite.prepare(sql).pluck().get() as T;
  } finally {
    sqlite.close();
  }
}
const attachments = (target: Installation) => query<number>(target.databasePath, "SELECT count(*) FROM attachment");
const sha256Of = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("backup and restore", () => {
  it("backs up while the server writes, and restores to the same rows and files", async () => {
    const live = installation();
    const writer = startWriter(live, { readyAfter: 150 });
    await once(writer.stdout!, "data");
    const before = attachments(live);
    const report = backUp(live, folder("backup"));
    const after = attachments(live);
    await stop(writer);

    // The snapshot is of one moment while the writes went on: later than the first rows, earlier than the last.
    const { manifest } = report;
    expect(manifest.tables.attachment).toBeGreaterThanOrEqual(before);
    expect(after).toBeGreaterThan(manifest.tables.attachment);
    expect(manifest.integrityCheck).toBe("ok");
    expect(manifest.unavailableFiles).toEqual([]);
    expect(manifest.files).toHaveLength(manifest.tables.attachment);

    const target = installation({ migrated: false });
    const restored = restore(target, report.dir);
    expect(restored.previous).toEqual({ database: null, files: null });
    const sqlite = new Database(target.databasePath, { readonly: true });
    try {
      expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      for (const [table, rows] of Object.entries(manifest.tables)) expect([table, sqlite.prepare(`SELECT count(*) FROM "${table}"`).pluck().get()]).toEqual([table, rows]);
      // One transaction each: no attachment without its audit row, nor the reverse.
      expect(sqlite.prepare("SELECT count(*) FROM audit_event").pluck().get()).toBe(manifest.tables.attachment);
      expect(sqlite.prepare("SELECT count(*) FROM attachment a LEFT JOIN audit_event e ON e.entity_id = CAST(a.id AS TEXT) WHERE e.id IS NULL").pluck().get()).toBe(0);
      for (const { sha256, size } of sqlite.prepare("SELECT sha256, size FROM attachment").all() as { sha256: string; size: number }[]) {
        const file = storedFilePath(target.dataDir, sha256);
        expect([sha256Of(file), fs.statSync(file).size]).toEqual([sha256, size]);
      }
    } finally {
      sqlite.close();
    }
  });

  it("refuses to restore while the server has the database open, and keeps the previous data when it goes ahead", async () => {
    const source = installation();
    await storeFiles(source, 3);
    const { dir } = backUp(source, folder("backup"));

    const live = installation();
    await storeFiles(live, 5);
    // An idle read-only connection, as each server worker holds.
    const server = spawn(process.execPath, ["-e", `const db = new (require("better-sqlite3"))(process.argv[1], { readonly: true }); db.prepare("SELECT 1 FROM attachment").get(); process.stdout.write("open\\n"); setInterval(() => {}, 1000);`, live.databasePath], { stdio: ["ignore", "pipe", "inherit"] });
    await once(server.stdout!, "data");
    expect(() => restore(live, dir)).toThrow(/開いています/);
    expect(attachments(live)).toBe(5);
    await stop(server);

    const { previous } = restore(live, dir);
    expect(attachments(live)).toBe(3);
    // Undoing is renaming back: the database set aside is whole (its -wal folded in) and so are its files.
    expect(query(previous.database!, "SELECT count(*) FROM attachment")).toBe(5);
    expect(fs.readdirSync(previous.files!).flatMap((d) => fs.readdirSync(path.join(previous.files!, d)))).toHaveLength(5);
    expect(fs.readdirSync(live.dataDir).filter((name) => name.includes("restoring"))).toEqual([]);
  });

  it("refuses a damaged backup before touching the installation", async () => {
    const source = installation();
    await storeFiles(source, 3);
    const live = installation();
    await storeFiles(live, 2);
    const untouched = () => [sha256Of(live.databasePath), fs.readdirSync(live.dataDir).sort()];
    const was = untouched();

    const damagedFile = backUp(source, folder("backup"));
    const file = path.join(damagedFile.dir, "files", damagedFile.manifest.files[0].sha256.slice(0, 2), damagedFile.manifest.files[0].sha256);
    fs.appendFileSync(file, "x");
    expect(() => restore(live, damagedFile.dir)).toThrow(/壊れています/);

    // A database damaged before its checksum was taken: only SQLite's own check (integrity_check) can tell.
    const damagedDatabase = backUp(source, folder("backup"));
    const database = path.join(damagedDatabase.dir, "renkei.db");
    // An index page overwritten (SQLite keeps no checksums of its own: a damaged row's text would go unnoticed).
    const root = query<number>(database, "SELECT rootpage FROM sqlite_master WHERE name = 'attachment_issue_idx'");
    const bytes = fs.readFileSync(database);
    bytes.fill(0x5a, (root - 1) * 4096, root * 4096);
    fs.writeFileSync(database, bytes);
    const manifestFile = path.join(damagedDatabase.dir, "manifest.json");
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    manifest.database.sha256 = sha256Of(database);
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(() => restore(live, damagedDatabase.dir)).toThrow(/データベースが壊れています/);

    fs.rmSync(manifestFile);
    expect(() => restore(live, damagedDatabase.dir)).toThrow(/バックアップではありません/);
    expect(untouched()).toEqual(was);
  });

  it("refuses a backup made by a newer version of the app", () => {
    const newer = installation();
    const sqlite = new Database(newer.databasePath);
    sqlite.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('from-the-future', ?)").run(Date.now() + 365 * 24 * 3600 * 1000);
    sqlite.close();
    const { dir } = backUp(newer, folder("backup"));
    expect(() => restore(installation(), dir)).toThrow(/より新しい版/);
  });

  it("writes only into a new or empty folder or over a previous backup", async () => {
    const source = installation();
    await storeFiles(source, 2);
    const stranger = folder("not-a-backup");
    fs.mkdirSync(stranger);
    fs.writeFileSync(path.join(stranger, "memo.txt"), "大事なメモ");
    expect(() => backUp(source, stranger)).toThrow(Refused);
    expect(fs.readdirSync(stranger)).toEqual(["memo.txt"]);

    const dir = folder("nightly");
    backUp(source, dir);
    await storeFiles(source, 1);
    const second = backUp(source, dir);
    expect(second.manifest.files).toHaveLength(3);
    expect(fs.readdirSync(dir).sort()).toEqual(["files", "manifest.json", "renkei.db"]);
  });

  it("lists the files the database refers to but the installation lacks", async () => {
    const source = installation();
    await storeFiles(source, 2);
    const gone = query<string>(source.databasePath, "SELECT sha256 FROM attachment ORDER BY id LIMIT 1");
    fs.rmSync(storedFilePath(source.dataDir, gone));
    const report = backUp(source, folder("backup"));
    expect(report.manifest.unavailableFiles).toEqual([{ sha256: gone, reason: "missing" }]);
    expect(report.manifest.files).toHaveLength(1);
    // Snapshotted again in case the file was swept after the first snapshot; it was not.
    expect(report.attempts).toBe(3);
  });

  it("npm run backup and restore use DATABASE_PATH and DATA_DIR, and say what they did", async () => {
    const source = installation();
    await storeFiles(source, 2);
    const target = installation({ migrated: false });
    const dir = folder("backup");
    const cli = (command: string, where: Installation) =>
      spawnSync(process.execPath, ["--import", "tsx", "db/backup.ts", command, dir], { env: { ...process.env, DATABASE_PATH: where.databasePath, DATA_DIR: where.dataDir }, encoding: "utf8" });
    const backup = cli("backup", source);
    expect([backup.status, backup.stdout]).toEqual([0, expect.stringContaining(`バックアップを書き込みました: ${dir}`)]);
    const restored = cli("restore", target);
    expect([restored.status, restored.stdout]).toEqual([0, expect.stringContaining(`復元しました: ${target.databasePath}`)]);
    expect(attachments(target)).toBe(2);
  });
});
