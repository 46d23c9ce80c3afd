import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { migrateDatabase, migrationsFolder } from "./migrate";

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

  it("turn a one-consortium database into accounts and memberships without losing anything (0013)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-migrate-"));
    // The migrations as they were before accounts: the folder up to 0012.
    const before = path.join(dir, "before");
    fs.cpSync(migrationsFolder, before, { recursive: true });
    const journalFile = path.join(before, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { idx: number; tag: string }[] };
    for (const e of journal.entries.filter((e) => e.idx >= 13)) fs.rmSync(path.join(before, `${e.tag}.sql`));
    journal.entries = journal.entries.filter((e) => e.idx < 13);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const sqlite = new Database(path.join(dir, "old.db"));
    sqlite.pragma("foreign_keys = ON");
    migrate(drizzle(sqlite), { migrationsFolder: before });
    const now = Date.now();
    sqlite.exec(`
      INSERT INTO consortium (id, name, created_at) VALUES (1, '旧協議会', ${now});
      INSERT INTO organization (id, consortium_id, kind, name, created_at) VALUES (1, 1, 'other', '事務局', ${now}), (2, 1, 'municipality', '北川市', ${now});
      INSERT INTO user (id, organization_id, email, display_name, locale, password_hash, org_admin, last_login_at, created_at) VALUES
        (1, 2, 'staff@example.lg.jp', '職員', 'en', 'hash-staff', 0, 111, ${now}),
        (2, 1, 'PMO@example.lg.jp', '事務局員', 'ja', 'hash-pmo', 1, 222, ${now});
      INSERT INTO consortium_role (user_id, consortium_id, role, created_at) VALUES (1, 1, 'member', ${now}), (2, 1, 'pmo', ${now});
      INSERT INTO session (id, user_id, expires_at) VALUES ('s1', 1, 9999999999);
      INSERT INTO account_token (token_hash, purpose, user_id, created_by, expires_at, created_at) VALUES ('t1', 'reset', 1, 2, 9999999999999, ${now});
    `);
    migrateDatabase(sqlite);
    const q = (sql: string) => sqlite.prepare(sql).all();
    expect(q("SELECT id, email, password_hash AS hash, locale, operator, last_user_id AS last FROM account ORDER BY id")).toEqual([
      { id: 1, email: "staff@example.lg.jp", hash: "hash-staff", locale: "en", operator: 0, last: 1 },
      { id: 2, email: "PMO@example.lg.jp", hash: "hash-pmo", locale: "ja", operator: 1, last: 2 },
    ]);
    expect(q("SELECT id, account_id AS account, consortium_id AS c, organization_id AS org, display_name AS name, org_admin AS admin, last_login_at AS last FROM user ORDER BY id")).toEqual([
      { id: 1, account: 1, c: 1, org: 2, name: "職員", admin: 0, last: 111 },
      { id: 2, account: 2, c: 1, org: 1, name: "事務局員", admin: 1, last: 222 },
    ]);
    expect(q("SELECT id, account_id AS account, user_id AS user FROM session")).toEqual([{ id: "s1", account: 1, user: 1 }]);
    expect(q("SELECT account_id AS account, user_id AS user, created_by AS by FROM account_token")).toEqual([{ account: 1, user: 1, by: 2 }]);
    expect(q("SELECT status FROM consortium")).toEqual([{ status: "active" }]);
    expect(sqlite.pragma("foreign_key_check")).toEqual([]);
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
