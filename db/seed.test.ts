// The demo seed: who can log in as what, determinism, and the shape every screen relies on
// (carry-overs, hidden items for vendors, decisions, minutes, reports).
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import * as schema from "./schema/index";
import { migrateDatabase } from "./migrate";
import { DEMO_LOGINS, DEMO_PASSWORD, isSeeded, seedDemoConsortium } from "./seed";
import { verifyPassword } from "../app/utils/password.server";

// 2026-11-22 12:00 Japan time.
const NOW = Date.UTC(2026, 10, 22, 3, 0, 0);

function freshDatabase() {
  const sqlite = new Database(":memory:");
  sqlite.pragma("foreign_keys = ON");
  migrateDatabase(sqlite);
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

type Sqlite = Database.Database;
const all = <T = Record<string, unknown>>(sqlite: Sqlite, sql: string, ...params: unknown[]) =>
  sqlite.prepare(sql).all(...params) as T[];
const one = <T = Record<string, unknown>>(sqlite: Sqlite, sql: string, ...params: unknown[]) =>
  sqlite.prepare(sql).get(...params) as T;

let first: ReturnType<typeof freshDatabase>;
let second: ReturnType<typeof freshDatabase>;
let seededBefore: boolean;

beforeAll(async () => {
  first = freshDatabase();
  second = freshDatabase();
  seededBefore = isSeeded(first.db);
  await seedDemoConsortium(first.db, { now: NOW });
  await seedDemoConsortium(second.db, { now: NOW });
}, 60_000);

/** The person's WG roles in a consortium (the first, the demo's main one, unless told). */
function wgRoles(sqlite: Sqlite, email: string, consortiumId = 1) {
  const rows = all<{ name: string; role: string }>(
    sqlite,
    `SELECT w.name, m.role FROM wg_membership m JOIN working_group w ON w.id = m.wg_id
     JOIN user u ON u.id = m.user_id JOIN account a ON a.id = u.account_id
     WHERE a.email = ? AND u.consortium_id = ? ORDER BY w.id`,
    email,
    consortiumId,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.role]));
}

/** The person's membership in a consortium (the first unless told), with their account's sign-in. */
function account(sqlite: Sqlite, email: string, consortiumId = 1) {
  return one<{ id: number; account_id: number; org: string; kind: string; role: string; org_admin: number; active: number; rank: string; access_until: string | null; password_hash: string; last_user_id: number | null }>(
    sqlite,
    `SELECT u.id, u.account_id, o.name AS org, o.kind, r.role, u.org_admin, u.active, u.rank, u.access_until, a.password_hash, a.last_user_id
     FROM user u JOIN account a ON a.id = u.account_id JOIN organization o ON o.id = u.organization_id JOIN consortium_role r ON r.user_id = u.id
     WHERE a.email = ? AND u.consortium_id = ?`,
    email,
    consortiumId,
  );
}

/** Every membership of the person's account, by consortium. */
const memberships = (sqlite: Sqlite, email: string) =>
  all<{ id: number; account_id: number; consortium_id: number; active: number }>(
    sqlite,
    "SELECT u.id, u.account_id, u.consortium_id, u.active FROM user u JOIN account a ON a.id = u.account_id WHERE a.email = ? ORDER BY u.consortium_id",
    email,
  );

describe("seedDemoConsortium", () => {
  it("reports whether the database has been seeded", async () => {
    expect(seededBefore).toBe(false);
    expect(isSeeded(first.db)).toBe(true);
    await expect(seedDemoConsortium(first.db, { now: NOW })).rejects.toThrow();
  });

  it("creates the five demo logins of the design, each with the right organization, role and WGs", async () => {
    expect(DEMO_LOGINS.slice(0, 5).map((l) => l.email)).toEqual([
      "pmo@demo.renkei.jp",
      "staff@kitagawa.demo.renkei.jp",
      "lead@minamihama.demo.renkei.jp",
      "exec@demo.renkei.jp",
      "vendor@vendor-a.demo.renkei.jp",
    ]);
    const { sqlite } = first;

    expect(account(sqlite, "pmo@demo.renkei.jp")).toMatchObject({ org: "協議会事務局", role: "pmo" });
    expect(account(sqlite, "staff@kitagawa.demo.renkei.jp")).toMatchObject({ org: "北川市", role: "member", org_admin: 0 });
    expect(wgRoles(sqlite, "staff@kitagawa.demo.renkei.jp")).toEqual({ 住民記録WG: "member", 税務WG: "member" });
    expect(account(sqlite, "lead@minamihama.demo.renkei.jp")).toMatchObject({ org: "南浜町", role: "member", org_admin: 1 });
    expect(wgRoles(sqlite, "lead@minamihama.demo.renkei.jp")).toMatchObject({ 住民記録WG: "lead" });
    expect(account(sqlite, "exec@demo.renkei.jp")).toMatchObject({ role: "executive", rank: "経営層" });
    expect(wgRoles(sqlite, "exec@demo.renkei.jp")).toEqual({});
    expect(account(sqlite, "vendor@vendor-a.demo.renkei.jp")).toMatchObject({ org: "株式会社さくらシステムズ", kind: "vendor", role: "member" });
    expect(wgRoles(sqlite, "vendor@vendor-a.demo.renkei.jp")).toEqual({ 住民記録WG: "guest" });
    expect(wgRoles(sqlite, "vendor@vendor-b.demo.renkei.jp")).toEqual({ 税務WG: "guest" });

    for (const email of ["admin@kitagawa", "admin@higashiyama", "admin@nishihara", "admin@chuo"].map((a) => `${a}.demo.renkei.jp`)) {
      expect(account(sqlite, email)).toMatchObject({ role: "member", org_admin: 1, rank: "所属長" });
      expect(wgRoles(sqlite, email)).toHaveProperty("住民記録WG");
    }

    // Every printed login works with the demo password (one shared hash).
    const hashes = new Set(all<{ h: string }>(sqlite, "SELECT password_hash AS h FROM account").map((r) => r.h));
    expect(hashes.size).toBe(1);
    for (const login of DEMO_LOGINS) expect(memberships(sqlite, login.email).some((m) => m.active === 1), login.email).toBe(true);
    expect(await verifyPassword(account(sqlite, DEMO_LOGINS[0].email).password_hash, DEMO_PASSWORD)).toBe(true);

    // User admin screens have a deactivated account to show.
    expect(one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM user WHERE active = 0").n).toBeGreaterThan(0);
  });

  it("adds a second, small consortium that two people of the first also belong to, each with one account", () => {
    const { sqlite } = first;
    expect(one(sqlite, "SELECT name, legal_form, decision_rule, fiscal_year_start_month, status FROM consortium WHERE id = 2")).toEqual({
      name: "みどり川流域 基幹系システム共同調達協議会", legal_form: "任意協議会", decision_rule: "unanimity", fiscal_year_start_month: 4, status: "active",
    });
    const c2 = one<{ created_at: number; discussion_rules: string }>(sqlite, "SELECT created_at, discussion_rules FROM consortium WHERE id = 2");
    expect(Math.round((NOW - c2.created_at) / 86_400_000)).toBe(365);
    expect(c2.discussion_rules).not.toBe("");

    const orgs = all<{ id: number; kind: string; name: string; name_kana: string; lg_code: string | null; population: number | null }>(
      sqlite, "SELECT id, kind, name, name_kana, lg_code, population FROM organization WHERE consortium_id = 2 ORDER BY id",
    );
    expect(orgs.map((o) => [o.name, o.kind])).toEqual([
      ["北川市", "municipality"], ["緑川町", "municipality"], ["青葉村", "municipality"], ["協議会事務局", "other"], ["株式会社さくらシステムズ", "vendor"],
    ]);
    // The same town in both, as two rows: each consortium keeps its own.
    const kitagawa = all<{ id: number; name_kana: string; lg_code: string; population: number }>(sqlite, "SELECT id, name_kana, lg_code, population FROM organization WHERE name = '北川市' ORDER BY id");
    expect(kitagawa).toHaveLength(2);
    expect(kitagawa[1].id).not.toBe(kitagawa[0].id);
    expect({ ...kitagawa[1], id: 0 }).toEqual({ ...kitagawa[0], id: 0 });
    // Every 団体コード of the demo has its check digit: 11 − (weighted sum mod 11), last digit.
    for (const { lg_code: code } of all<{ lg_code: string }>(sqlite, "SELECT lg_code FROM organization WHERE lg_code IS NOT NULL")) {
      const sum = [6, 5, 4, 3, 2].reduce((acc, w, i) => acc + w * Number(code[i]), 0);
      expect(Number(code[5]), code).toBe((11 - (sum % 11)) % 10);
    }

    // The two people in both consortia: one account each, two memberships; they sign in to the first.
    for (const email of ["it@kitagawa.demo.renkei.jp", "vendor@vendor-a.demo.renkei.jp"]) {
      const rows = memberships(sqlite, email);
      expect(rows.map((m) => m.consortium_id), email).toEqual([1, 2]);
      expect(new Set(rows.map((m) => m.account_id)).size, email).toBe(1);
      expect(one(sqlite, "SELECT count(*) AS n FROM account WHERE lower(email) = ?", email)).toEqual({ n: 1 });
      expect(account(sqlite, email, 2).last_user_id, email).toBe(rows[0].id);
    }
    expect(account(sqlite, "it@kitagawa.demo.renkei.jp", 2)).toMatchObject({ org: "北川市", role: "member", org_admin: 0 });
    expect(wgRoles(sqlite, "it@kitagawa.demo.renkei.jp", 2)).toEqual({ 調達仕様WG: "member" });
    const vendor = account(sqlite, "vendor@vendor-a.demo.renkei.jp", 2);
    expect(vendor).toMatchObject({ org: "株式会社さくらシステムズ", kind: "vendor", role: "member" });
    expect(vendor.access_until).toBe(account(sqlite, "vendor@vendor-a.demo.renkei.jp").access_until);
    expect(vendor.access_until).toBe("2027-03-31");
    expect(wgRoles(sqlite, "vendor@vendor-a.demo.renkei.jp", 2)).toEqual({ 調達仕様WG: "guest" });
    // Everyone else is in one consortium only.
    expect(one(sqlite, "SELECT count(*) AS n FROM (SELECT account_id FROM user GROUP BY account_id HAVING count(*) > 1)")).toEqual({ n: 2 });
    expect(memberships(sqlite, "pmo@midorigawa.demo.renkei.jp").map((m) => m.consortium_id)).toEqual([2]);
    expect(account(sqlite, "pmo@midorigawa.demo.renkei.jp", 2)).toMatchObject({ org: "協議会事務局", role: "pmo", org_admin: 1, rank: "所属長" });
    expect(wgRoles(sqlite, "admin@midorigawa-town.demo.renkei.jp", 2)).toEqual({ 調達仕様WG: "lead" });
    expect(account(sqlite, "admin@aoba.demo.renkei.jp", 2)).toMatchObject({ org: "青葉村", org_admin: 1 });
    expect(memberships(sqlite, "pmo@demo.renkei.jp").map((m) => m.consortium_id)).toEqual([1]);

    // Its issues are numbered from #1; two are shared with the vendor, one a question the PMO answered.
    const issues = all<{ id: number; number: number; vendor_visible: number; type: string; creator: string }>(
      sqlite,
      `SELECT i.id, i.number, i.vendor_visible, i.type, a.email AS creator FROM issue i
       JOIN user u ON u.id = i.created_by JOIN account a ON a.id = u.account_id WHERE i.consortium_id = 2 ORDER BY i.number`,
    );
    expect(issues.length).toBeGreaterThanOrEqual(6);
    expect(issues.length).toBeLessThanOrEqual(8);
    expect(issues.map((i) => i.number)).toEqual(issues.map((_, k) => k + 1));
    expect(issues.filter((i) => i.vendor_visible)).toHaveLength(2);
    const question = issues.find((i) => i.vendor_visible && i.type === "質問" && i.creator === "vendor@vendor-a.demo.renkei.jp")!;
    expect(all(sqlite, "SELECT 1 FROM comment c WHERE c.issue_id = ? AND c.is_answer = 1 AND c.author_id = ?", question.id, account(sqlite, "pmo@midorigawa.demo.renkei.jp", 2).id)).toHaveLength(1);
    expect(all(sqlite, "SELECT 1 FROM issue_label l JOIN issue i ON i.id = l.issue_id WHERE i.consortium_id = 2").length).toBeGreaterThan(0);
    expect(all(sqlite, "SELECT 1 FROM comment WHERE consortium_id = 2").length).toBeGreaterThanOrEqual(3);

    // Something new for 阿部 悠斗 in the second consortium while he works in the first.
    const abe = account(sqlite, "it@kitagawa.demo.renkei.jp", 2).id;
    expect(all(sqlite, "SELECT consortium_id FROM notification WHERE user_id = ? AND read_at IS NULL", abe)).toEqual([{ consortium_id: 2 }]);
  });

  it("keeps the two consortia apart: no row of one points at an organization, person, WG or label of the other", () => {
    const { sqlite } = first;
    // Each query lists the rows whose consortium differs from that of a row they point at.
    const crossings: Record<string, string> = {
      user: "SELECT u.id FROM user u JOIN organization o ON o.id = u.organization_id WHERE o.consortium_id <> u.consortium_id",
      consortium_role: "SELECT r.user_id FROM consortium_role r JOIN user u ON u.id = r.user_id WHERE u.consortium_id <> r.consortium_id",
      project_organization: "SELECT p.id FROM project_organization po JOIN project p ON p.id = po.project_id JOIN organization o ON o.id = po.organization_id WHERE o.consortium_id <> p.consortium_id",
      working_group: "SELECT w.id FROM working_group w JOIN project p ON p.id = w.project_id WHERE p.consortium_id <> w.consortium_id",
      wg_membership: "SELECT m.wg_id FROM wg_membership m JOIN working_group w ON w.id = m.wg_id JOIN user u ON u.id = m.user_id WHERE u.consortium_id <> w.consortium_id",
      issue: `SELECT i.id FROM issue i JOIN working_group w ON w.id = i.wg_id JOIN user c ON c.id = i.created_by
              LEFT JOIN user a ON a.id = i.assignee_id LEFT JOIN organization b ON b.id = i.ball_holder_org_id
              WHERE w.consortium_id <> i.consortium_id OR c.consortium_id <> i.consortium_id
                 OR a.consortium_id <> i.consortium_id OR b.consortium_id <> i.consortium_id`,
      issue_organization: "SELECT i.id FROM issue_organization x JOIN issue i ON i.id = x.issue_id JOIN organization o ON o.id = x.organization_id WHERE o.consortium_id <> i.consortium_id",
      issue_label: "SELECT i.id FROM issue_label x JOIN issue i ON i.id = x.issue_id JOIN label l ON l.id = x.label_id WHERE l.consortium_id <> i.consortium_id",
      issue_journal: "SELECT j.id FROM issue_journal j JOIN issue i ON i.id = j.issue_id JOIN user u ON u.id = j.user_id WHERE u.consortium_id <> i.consortium_id",
      comment: `SELECT c.id FROM comment c JOIN user u ON u.id = c.author_id LEFT JOIN issue i ON i.id = c.issue_id
                LEFT JOIN decision d ON d.id = c.decision_id LEFT JOIN meeting m ON m.id = c.meeting_id
                WHERE u.consortium_id <> c.consortium_id OR i.consortium_id <> c.consortium_id
                   OR d.consortium_id <> c.consortium_id OR m.consortium_id <> c.consortium_id`,
      meeting_attendee: "SELECT m.id FROM meeting_attendee a JOIN meeting m ON m.id = a.meeting_id JOIN user u ON u.id = a.user_id WHERE u.consortium_id <> m.consortium_id",
      decision_organization: "SELECT d.id FROM decision_organization x JOIN decision d ON d.id = x.decision_id JOIN organization o ON o.id = x.organization_id WHERE o.consortium_id <> d.consortium_id",
      notification: "SELECT n.id FROM notification n JOIN user u ON u.id = n.user_id WHERE u.consortium_id <> n.consortium_id",
    };
    for (const [table, sql] of Object.entries(crossings)) expect(all(sqlite, sql), table).toEqual([]);
    // And the second consortium has rows in each of those tables that it could have got wrong.
    for (const table of ["user", "consortium_role", "working_group", "label", "issue", "comment", "notification"]) {
      expect(one<{ n: number }>(sqlite, `SELECT count(*) AS n FROM "${table}" WHERE consortium_id = 2`).n, table).toBeGreaterThan(0);
    }
  });

  it("produces identical tables for the same `now` (ids included)", () => {
    const tables = all<{ name: string }>(first.sqlite, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%' ORDER BY name").map((t) => t.name);
    expect(tables).toContain("issue");
    for (const table of tables) {
      const rows = (sqlite: Sqlite) =>
        all(sqlite, `SELECT * FROM "${table}" ORDER BY rowid`).map((row) =>
          // argon2 salts each hash, so only the password hash may differ between two seeds.
          table === "account" ? { ...row, password_hash: "(hash)" } : row,
        );
      expect(rows(second.sqlite), table).toEqual(rows(first.sqlite));
    }
  });

  it("numbers about sixty issues and keeps each carry-over count equal to its postponements", () => {
    const { sqlite } = first;
    const issues = all<{ id: number; number: number; carry_over_count: number; n: number }>(
      sqlite,
      `SELECT i.id, i.number, i.carry_over_count, (SELECT count(*) FROM issue_postponement p WHERE p.issue_id = i.id) AS n
       FROM issue i WHERE i.consortium_id = 1 ORDER BY i.number`,
    );
    expect(issues.length).toBeGreaterThanOrEqual(55);
    expect(issues.map((i) => i.number)).toEqual(issues.map((_, k) => k + 1));
    for (const i of issues) expect(i.carry_over_count, `#${i.number}`).toBe(i.n);
    expect(issues.filter((i) => i.carry_over_count >= 2 && i.carry_over_count <= 5).length).toBeGreaterThanOrEqual(5);
    expect(all(sqlite, "SELECT 1 FROM issue_postponement WHERE kind = 'meeting' AND meeting_id IS NOT NULL").length).toBeGreaterThan(0);
    expect(all(sqlite, "SELECT 1 FROM issue_postponement WHERE kind = 'due_date' AND from_due < to_due").length).toBeGreaterThan(0);

    // Every status and type appears; closed ones carry closed_at, open ones do not.
    const statuses = all<{ status: string }>(sqlite, "SELECT DISTINCT status FROM issue").map((r) => r.status);
    expect(statuses.sort()).toEqual([...schema.ISSUE_STATUSES].sort());
    const types = all<{ type: string }>(sqlite, "SELECT DISTINCT type FROM issue").map((r) => r.type);
    expect(types.sort()).toEqual([...schema.ISSUE_TYPES].sort());
    expect(
      all(sqlite, "SELECT 1 FROM issue WHERE (status IN ('解決','完了','却下')) <> (closed_at IS NOT NULL)"),
    ).toHaveLength(0);
    // Some open issues are overdue relative to `now` (2026-11-22).
    expect(
      all(sqlite, "SELECT 1 FROM issue WHERE status NOT IN ('解決','完了','却下') AND due_on < '2026-11-22'").length,
    ).toBeGreaterThan(3);
  });

  it("shares some 住民記録WG issues with the vendor, hides the rest, and keeps internal memos on shared ones", () => {
    const { sqlite } = first;
    const jumin = all<{ id: number; vendor_visible: number; body: string }>(
      sqlite,
      "SELECT i.id, i.vendor_visible, i.body FROM issue i JOIN working_group w ON w.id = i.wg_id WHERE w.name = '住民記録WG'",
    );
    const shared = jumin.filter((i) => i.vendor_visible);
    const hidden = jumin.filter((i) => !i.vendor_visible);
    expect(shared.length).toBeGreaterThan(0);
    expect(hidden.length).toBeGreaterThan(shared.length);
    for (const i of hidden) expect(i.body).toContain("事業者非公開");
    for (const i of shared) {
      expect(i.body).not.toContain("非公開");
      const memos = all(sqlite, "SELECT 1 FROM comment WHERE issue_id = ? AND internal = 1", i.id);
      expect(memos.length, `issue ${i.id}`).toBeGreaterThan(0);
    }
    // Hidden things carry a phrase a leak test can search for.
    for (const c of all<{ body: string }>(sqlite, "SELECT body FROM comment WHERE internal = 1")) {
      expect(c.body).toContain("内部メモ");
      expect(c.body).toContain("非公開");
    }
    for (const n of all<{ text: string }>(sqlite, "SELECT text FROM sticky_note WHERE internal = 1")) {
      expect(n.text).toContain("非公開");
    }
  });

  it("shows the vendor guest nothing that mentions 非公開", () => {
    const { sqlite } = first;
    const vendor = account(sqlite, "vendor@vendor-a.demo.renkei.jp").id;
    const guestWgs = "SELECT wg_id FROM wg_membership WHERE user_id = ? AND role = 'guest'";
    const texts = [
      ...all<{ t: string }>(sqlite, `SELECT title || body AS t FROM issue WHERE vendor_visible = 1 AND wg_id IN (${guestWgs})`, vendor),
      ...all<{ t: string }>(
        sqlite,
        `SELECT c.body AS t FROM comment c JOIN issue i ON i.id = c.issue_id
         WHERE c.internal = 0 AND i.vendor_visible = 1 AND i.wg_id IN (${guestWgs})`,
        vendor,
      ),
      ...all<{ t: string }>(sqlite, `SELECT title AS t FROM meeting WHERE vendor_visible = 1 AND wg_id IN (${guestWgs})`, vendor),
      ...all<{ t: string }>(
        sqlite,
        `SELECT a.title AS t FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id WHERE m.vendor_visible = 1 AND m.wg_id IN (${guestWgs})`,
        vendor,
      ),
      ...all<{ t: string }>(
        sqlite,
        `SELECT n.text AS t FROM sticky_note n JOIN meeting m ON m.id = n.meeting_id
         WHERE n.internal = 0 AND m.vendor_visible = 1 AND m.wg_id IN (${guestWgs})`,
        vendor,
      ),
      ...all<{ t: string }>(sqlite, "SELECT title || body || rationale AS t FROM decision WHERE vendor_visible = 1"),
      ...all<{ t: string }>(
        sqlite,
        "SELECT c.body AS t FROM comment c JOIN decision d ON d.id = c.decision_id WHERE c.internal = 0 AND d.vendor_visible = 1",
      ),
      ...all<{ t: string }>(sqlite, "SELECT discussion_rules AS t FROM consortium"),
    ];
    expect(texts.length).toBeGreaterThan(20);
    for (const { t } of texts) {
      expect(t).not.toContain("非公開");
      expect(t).not.toContain("内部メモ");
    }
    // Shared meetings only put shared issues on their agenda.
    expect(
      all(sqlite, "SELECT 1 FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id JOIN issue i ON i.id = a.issue_id WHERE m.vendor_visible = 1 AND i.vendor_visible = 0"),
    ).toHaveLength(0);
  });

  it("never writes an unshared meeting's title into what the vendor reads; issues made from notes cite them by reference", () => {
    const { sqlite } = first;
    const vendor = account(sqlite, "vendor@vendor-a.demo.renkei.jp").id;
    const guestWgs = "SELECT wg_id FROM wg_membership WHERE user_id = ? AND role = 'guest'";
    const shared = `i.vendor_visible = 1 AND i.wg_id IN (${guestWgs})`;
    const texts = [
      ...all<{ t: string }>(sqlite, `SELECT i.title || i.body AS t FROM issue i WHERE ${shared}`, vendor),
      ...all<{ t: string }>(sqlite, `SELECT c.body AS t FROM comment c JOIN issue i ON i.id = c.issue_id WHERE c.internal = 0 AND ${shared}`, vendor),
      // The history lines of shared issues: carry-over reasons.
      ...all<{ t: string }>(sqlite, `SELECT p.reason AS t FROM issue_postponement p JOIN issue i ON i.id = p.issue_id WHERE ${shared}`, vendor),
    ];
    const hiddenTitles = all<{ title: string }>(sqlite, `SELECT title FROM meeting WHERE NOT (vendor_visible = 1 AND wg_id IN (${guestWgs}))`, vendor).map((m) => m.title);
    expect(hiddenTitles).toContain("住民記録WG 第6回定例会");
    expect(all(sqlite, `SELECT 1 FROM issue_postponement p JOIN issue i ON i.id = p.issue_id JOIN meeting m ON m.id = p.meeting_id WHERE m.vendor_visible = 0 AND ${shared}`, vendor).length).toBeGreaterThan(0);
    for (const { t } of texts) for (const title of hiddenTitles) expect(t).not.toContain(title);
    const made = all<{ source_meeting_id: number; meeting_id: number; source_note_id: number; note_id: number }>(
      sqlite,
      "SELECT i.source_meeting_id, n.meeting_id, i.source_note_id, n.id AS note_id FROM issue i JOIN sticky_note n ON n.issue_id = i.id",
    );
    expect(made.length).toBeGreaterThan(0);
    for (const m of made) expect([m.source_meeting_id, m.source_note_id]).toEqual([m.meeting_id, m.note_id]);
  });

  it("builds meetings in every state, with confirmations and sticky-note minutes", () => {
    const { sqlite } = first;
    const meetings = all<{ id: number; state: string; locked_at: number | null; project_id: number; starts_at: number }>(
      sqlite,
      "SELECT id, state, locked_at, project_id, starts_at FROM meeting ORDER BY id",
    );
    expect(meetings).toHaveLength(6);
    expect(meetings.map((m) => m.state)).toEqual(["確定", "確定", "確認中", "開催中", "予定", "予定"]);
    for (const m of meetings) {
      const towns = one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM project_organization WHERE project_id = ?", m.project_id).n;
      const confirmed = one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM minutes_confirmation WHERE meeting_id = ?", m.id).n;
      if (m.state === "確定") {
        expect(confirmed).toBe(towns);
        expect(m.locked_at).not.toBeNull();
      } else if (m.state === "確認中") {
        expect(confirmed).toBeGreaterThan(0);
        expect(confirmed).toBeLessThan(towns);
      } else {
        expect(confirmed).toBe(0);
      }
      expect(m.starts_at < NOW).toBe(m.state !== "予定");
    }
    const colours = all<{ kind: string; color: string }>(sqlite, "SELECT DISTINCT kind, color FROM sticky_note");
    expect(Object.fromEntries(colours.map((c) => [c.kind, c.color]))).toEqual({
      発言: "yellow", 質問: "blue", 課題: "pink", ToDo: "green", 決定: "orange",
    });
    expect(all(sqlite, "SELECT 1 FROM sticky_note WHERE length(text) > 400")).toHaveLength(0);
    expect(all(sqlite, "SELECT 1 FROM sticky_note WHERE issue_id IS NOT NULL").length).toBeGreaterThan(0);
    expect(all(sqlite, "SELECT 1 FROM sticky_note WHERE decision_id IS NOT NULL").length).toBeGreaterThan(0);
    expect(all(sqlite, "SELECT 1 FROM sticky_note WHERE created_at >= ?", NOW)).toHaveLength(0);
  });

  it("records eight decisions with stances, one superseded and one withdrawn", () => {
    const { sqlite } = first;
    const decisions = all<{
      id: number; number: string; status: string; supersedes_id: number | null; superseded_by_id: number | null;
      withdrawn_reason: string | null; decided_at: number | null; fiscal_year: number; sequence: number;
    }>(sqlite, "SELECT * FROM decision ORDER BY id");
    expect(decisions).toHaveLength(8);
    for (const s of schema.DECISION_STATUSES) expect(decisions.some((d) => d.status === s), s).toBe(true);
    for (const d of decisions) {
      expect(d.number).toBe(`D-${d.fiscal_year}-${String(d.sequence).padStart(3, "0")}`);
    }
    const superseded = decisions.find((d) => d.status === "改定")!;
    const successor = decisions.find((d) => d.id === superseded.superseded_by_id)!;
    expect(successor.status).toBe("決定");
    expect(successor.supersedes_id).toBe(superseded.id);
    expect(decisions.find((d) => d.status === "取下げ")!.withdrawn_reason).toBeTruthy();

    for (const d of decisions.filter((x) => x.status === "決定")) {
      expect(d.decided_at).not.toBeNull();
      const stances = all<{ stance: string | null; approval: string }>(sqlite, "SELECT stance, approval FROM decision_stance WHERE decision_id = ?", d.id);
      const towns = one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM decision_organization WHERE decision_id = ?", d.id).n;
      expect(stances).toHaveLength(towns);
      for (const s of stances) {
        expect(["賛成", "条件付賛成"]).toContain(s.stance);
        expect(s.approval).toBe("決裁済");
      }
    }
    const consulting = decisions.find((d) => d.status === "協議中")!;
    expect(all(sqlite, "SELECT 1 FROM decision_stance WHERE decision_id = ? AND stance IS NULL", consulting.id).length).toBeGreaterThan(0);
    expect(one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM decision_stance_history").n).toBeGreaterThan(20);
    expect(all(sqlite, "SELECT 1 FROM decision_issue WHERE relation = 'follow_up'").length).toBeGreaterThan(0);
  });

  it("publishes two progress reports and keeps one draft with frozen figures", () => {
    const { sqlite } = first;
    const reports = all<{ period: string; status: string; snapshot: string; lights: string; highlights: string; published_at: number | null }>(
      sqlite,
      "SELECT period, status, snapshot, lights, highlights, published_at FROM progress_report ORDER BY id",
    );
    expect(reports.map((r) => [r.period, r.status])).toEqual([
      ["2026-09", "公開"],
      ["2026-10", "公開"],
      ["2026-11", "下書き"],
    ]);
    for (const r of reports) {
      const snapshot = JSON.parse(r.snapshot);
      expect(snapshot.wgs).toHaveLength(4);
      expect(snapshot.wgs[0]).toEqual(
        expect.objectContaining({ wgId: 1, name: "住民記録WG", open: expect.any(Number), closed: expect.any(Number), overdue: expect.any(Number), carriedOver: expect.any(Number) }),
      );
      expect(snapshot.decisionsPendingByTown).toHaveLength(5);
      expect(snapshot.milestones.length).toBeGreaterThan(5);
      expect(Object.keys(JSON.parse(r.lights).wgs)).toHaveLength(4);
      expect(JSON.parse(r.highlights)).toEqual(expect.objectContaining({ decided: expect.any(Array), risks: expect.any(Array), asks: expect.any(Array) }));
      expect(r.published_at === null).toBe(r.status === "下書き");
    }
  });
});
