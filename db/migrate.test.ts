import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrateDatabase } from "./migrate";

describe("migrations", () => {
  it("apply to an empty file and are idempotent", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-migrate-"));
    const sqlite = new Database(path.join(dir, "fresh.db"));
    migrateDatabase(sqlite);
    const tables = () =>
      (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const first = tables();
    for (const t of ["consortium", "organization", "user", "session", "consortium_role", "project", "milestone", "working_group", "wg_membership", "issue", "issue_journal", "issue_postponement", "comment", "attachment", "meeting", "agenda_item", "meeting_attendee", "sticky_note", "minutes_confirmation", "decision", "decision_stance", "progress_report", "audit_event", "notification", "login_attempt"]) {
      expect(first).toContain(t);
    }
    const applied = sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get();
    migrateDatabase(sqlite);
    migrateDatabase(sqlite);
    expect(tables()).toEqual(first);
    expect(sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get()).toEqual(applied);
    expect(sqlite.pragma("foreign_key_check")).toEqual([]);
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
