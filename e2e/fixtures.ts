// Playwright fixtures: sign a persona in by creating their session directly in the app's
// SQLite file (one spec signs in through the real form), and a few shared helpers.
import crypto from "node:crypto";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import Database from "better-sqlite3";

export const DB_PATH = path.resolve("e2e/.data/renkei.db");

export const PERSONAS = {
  pmo: "pmo@demo.renkei.jp",
  staff: "staff@kitagawa.demo.renkei.jp",
  lead: "lead@minamihama.demo.renkei.jp",
  exec: "exec@demo.renkei.jp",
  vendor: "vendor@vendor-a.demo.renkei.jp",
  kitagawaAdmin: "admin@kitagawa.demo.renkei.jp",
} as const;
export type Persona = keyof typeof PERSONAS;

export function openDb() {
  const db = new Database(DB_PATH);
  db.pragma("busy_timeout = 5000");
  return db;
}

/** The membership id of whoever signs in with `email`, in the consortium (the demo's first unless told). */
export function userIdOf(db: Database.Database, email: string, consortiumId = 1) {
  const row = db
    .prepare("SELECT user.id FROM user JOIN account ON account.id = user.account_id WHERE lower(account.email) = lower(?) AND user.consortium_id = ?")
    .get(email, consortiumId) as { id: number } | undefined;
  if (!row) throw new Error(`no such person in consortium ${consortiumId}: ${email}`);
  return row.id;
}

/** A person made directly in the database (an account and its membership in the organization's consortium); returns the membership id. */
export function insertPerson(
  db: Database.Database,
  { organizationId, email, displayName, role = "member", demoPassword = false }: { organizationId: number; email: string; displayName: string; role?: string; demoPassword?: boolean },
) {
  const now = Date.now();
  // The demo's password, when asked: every demo account has the same hash.
  const hash = demoPassword ? (db.prepare("SELECT password_hash AS h FROM account WHERE email = 'pmo@demo.renkei.jp'").get() as { h: string }).h : null;
  const accountId = Number(db.prepare("INSERT INTO account (email, password_hash, created_at) VALUES (?, ?, ?)").run(email, hash, now).lastInsertRowid);
  const { consortiumId } = db.prepare("SELECT consortium_id AS consortiumId FROM organization WHERE id = ?").get(organizationId) as { consortiumId: number };
  const id = Number(
    db.prepare("INSERT INTO user (account_id, consortium_id, organization_id, display_name, created_at) VALUES (?, ?, ?, ?, ?)").run(accountId, consortiumId, organizationId, displayName, now).lastInsertRowid,
  );
  db.prepare("INSERT INTO consortium_role (user_id, consortium_id, role, created_at) VALUES (?, ?, ?, ?)").run(id, consortiumId, role, now);
  return id;
}

/** Creates a session row for the person, working in the consortium (the demo's first unless told), and returns its id (what the cookie carries). */
export function createSessionFor(email: string, consortiumId = 1) {
  const db = openDb();
  try {
    const user = { id: userIdOf(db, email, consortiumId) };
    const id = crypto.randomBytes(20).toString("hex");
    db.prepare("INSERT INTO session (id, account_id, user_id, expires_at) SELECT ?, account_id, id, ? FROM user WHERE id = ?").run(id, Math.floor(Date.now() / 1000) + 30 * 86400, user.id);
    return id;
  } finally {
    db.close();
  }
}

/** Signs the persona in, working in the consortium (the demo's first unless told). */
export async function signInAs(page: Page, persona: Persona | string, consortiumId = 1) {
  const email = persona in PERSONAS ? PERSONAS[persona as Persona] : persona;
  const baseURL = test.info().project.use.baseURL!;
  await page.context().addCookies([
    { name: "renkei_session", value: createSessionFor(email, consortiumId), url: baseURL, httpOnly: true, sameSite: "Lax" },
  ]);
}

/** Serious and critical accessibility violations on the current page (axe-core). */
export async function seriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/**
 * Every page fails its test on a JavaScript error or a React hydration warning: those
 * are bugs a user would notice as a page that half works.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    await use(page);
    expect(problems, "errors in the browser console").toEqual([]);
  },
});
export { expect };
