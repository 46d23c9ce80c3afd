// Runs before every test file, in that file's process: point the app at a new SQLite file
// and apply the committed migrations to it, before any app module opens the database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll } from "vitest";
import { migrateDatabase } from "./db/migrate";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-test-"));
process.env.DATABASE_PATH = path.join(dir, "test.db");
process.env.DATA_DIR = dir;

const sqlite = new Database(process.env.DATABASE_PATH);
sqlite.pragma("journal_mode = WAL");
migrateDatabase(sqlite);
sqlite.close();

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
