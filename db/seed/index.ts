// Demo consortia (DESIGN.md "Demo data"): what `npm start` shows on a fresh machine. The
// first, 「さくら広域自治体クラウド協議会」, is the full demo; the second is small and shares
// two people with it, so switching consortia and their isolation can be seen (./midorigawa.ts).
// Deterministic: every row is built in memory from `now` with explicit ids (./build.ts, one
// file per domain, rows made with the factories the tests use), then inserted in one
// synchronous unit of work, so two seeds with the same `now` give identical tables.
// Dates are relative to `now` in Japan time so the demo always looks current.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../schema/index";
import { hashPassword } from "../../app/utils/password.server";
import type { Handle } from "../factories/define";
import { DEMO_LOGINS, DEMO_PASSWORD } from "../demo";
import { buildDemo } from "./build";
import type { Row } from "./context";
import { seedInboxes } from "./notifications";

type DB = Handle;
type Tx = Handle;

export { DEMO_LOGINS, DEMO_PASSWORD };

export function isSeeded(db: DB): boolean {
  return db.select({ id: schema.consortium.id }).from(schema.consortium).limit(1).get() !== undefined;
}

/**
 * Seeds the demo consortia into an empty database: the app's own (through its unit of work)
 * when `db` is not given, or a separate connection's (a benchmark's, a test's).
 */
export async function seedDemoConsortium(db?: DB, opts: { now?: number } = {}): Promise<void> {
  const now = opts.now ?? Date.now();
  // Hashing is slow (argon2): once, shared by every demo account, before the write lock is taken.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const demo = buildDemo(now, passwordHash);
  const insert = (tx: DB) => {
    if (isSeeded(tx)) throw new Error("The database already holds a consortium; the demo seed needs an empty database.");
    insertRows(tx, schema.consortium, demo.consortium);
    insertRows(tx, schema.organization, demo.organization);
    insertRows(tx, schema.account, demo.account);
    insertRows(tx, schema.user, demo.user);
    insertRows(tx, schema.consortiumRole, demo.consortiumRole);
    insertRows(tx, schema.project, demo.project);
    insertRows(tx, schema.projectOrganization, demo.projectOrganization);
    insertRows(tx, schema.milestone, demo.milestone);
    insertRows(tx, schema.workingGroup, demo.workingGroup);
    insertRows(tx, schema.wgMembership, demo.wgMembership);
    insertRows(tx, schema.label, demo.label);
    insertRows(tx, schema.meeting, demo.meeting);
    insertRows(tx, schema.issue, demo.issue);
    insertRows(tx, schema.issueOrganization, demo.issueOrganization);
    insertRows(tx, schema.issueLabel, demo.issueLabel);
    insertRows(tx, schema.decision, demo.decision);
    insertRows(tx, schema.decisionOrganization, demo.decisionOrganization);
    insertRows(tx, schema.decisionIssue, demo.decisionIssue);
    insertRows(tx, schema.decisionStance, demo.decisionStance);
    insertRows(tx, schema.decisionStanceHistory, demo.decisionStanceHistory);
    insertRows(tx, schema.agendaItem, demo.agendaItem);
    insertRows(tx, schema.meetingAttendee, demo.meetingAttendee);
    insertRows(tx, schema.stickyNote, demo.stickyNote);
    insertRows(tx, schema.minutesConfirmation, demo.minutesConfirmation);
    insertRows(tx, schema.issuePostponement, demo.issuePostponement);
    insertRows(tx, schema.issueJournal, demo.issueJournal);
    insertRows(tx, schema.comment, demo.comment);
    insertRows(tx, schema.progressReport, demo.progressReport);
    seedInboxes(tx, now);
  };
  if (db) db.transaction(() => insert(db));
  else await (await import("../../app/utils/db.server")).write(insert);
}

function insertRows<T extends SQLiteTable>(tx: Tx, table: T, rows: Row<T>[]) {
  // Chunks keep each statement well under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 100) {
    tx.insert(table)
      .values(rows.slice(i, i + 100) as never)
      .run();
  }
}

// ---------------------------------------------------------------------------------------
// CLI: `tsx db/seed/index.ts` (npm run db:seed) migrates, then seeds an empty database.

// Run as a script (`tsx db/seed/index.ts`); never when bundled into the server.
if (import.meta.url.endsWith("/db/seed/index.ts") && process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { db, migrateWith, readConnection } = await import("../../app/utils/db.server");
  const { migrateDatabase } = await import("../migrate");
  migrateWith(migrateDatabase);
  if (isSeeded(db)) {
    console.log("The database already holds a consortium; demo data not added.");
  } else {
    await seedDemoConsortium();
    // Rows per consortium: a table's own consortium_id, or its parent's.
    const tables: [table: string, consortiumOf: string][] = [
      ["organization", "t.consortium_id"], ["user", "t.consortium_id"], ["project", "t.consortium_id"],
      ["milestone", "(SELECT consortium_id FROM project WHERE id = t.project_id)"], ["working_group", "t.consortium_id"],
      ["wg_membership", "(SELECT consortium_id FROM working_group WHERE id = t.wg_id)"], ["label", "t.consortium_id"],
      ["issue", "t.consortium_id"], ["issue_journal", "(SELECT consortium_id FROM issue WHERE id = t.issue_id)"],
      ["issue_postponement", "(SELECT consortium_id FROM issue WHERE id = t.issue_id)"], ["comment", "t.consortium_id"],
      ["meeting", "t.consortium_id"], ["agenda_item", "(SELECT consortium_id FROM meeting WHERE id = t.meeting_id)"],
      ["sticky_note", "(SELECT consortium_id FROM meeting WHERE id = t.meeting_id)"],
      ["minutes_confirmation", "(SELECT consortium_id FROM meeting WHERE id = t.meeting_id)"], ["decision", "t.consortium_id"],
      ["decision_stance", "(SELECT consortium_id FROM decision WHERE id = t.decision_id)"],
      ["decision_stance_history", "(SELECT consortium_id FROM decision WHERE id = t.decision_id)"], ["progress_report", "t.consortium_id"],
    ];
    const count = (table: string, consortiumOf: string, consortiumId: number) =>
      (readConnection.prepare(`SELECT count(*) AS n FROM "${table}" t WHERE ${consortiumOf} = ?`).get(consortiumId) as { n: number }).n;
    const consortia = readConnection.prepare("SELECT id, name FROM consortium ORDER BY id").all() as { id: number; name: string }[];
    console.log(`Seeded ${consortia.length} demo consortia:`);
    for (const c of consortia) console.log(`  ${c.id}: 「${c.name}」`);
    console.log("  (the second is small; 阿部 悠斗 of 北川市 and the vendor 伊藤 大輔 belong to both: sign in as it@kitagawa to switch)");
    console.log(`  ${"".padEnd(24)}${consortia.map((c) => String(c.id).padStart(6)).join("")}`);
    for (const [table, consortiumOf] of tables) {
      console.log(`  ${table.padEnd(24)}${consortia.map((c) => String(count(table, consortiumOf, c.id)).padStart(6)).join("")}`);
    }
    const shared = readConnection.prepare("SELECT count(*) AS n FROM (SELECT account_id FROM user GROUP BY account_id HAVING count(*) > 1)").get() as { n: number };
    console.log(`  accounts: ${(readConnection.prepare("SELECT count(*) AS n FROM account").get() as { n: number }).n} (${shared.n} of them members of both consortia)`);
    console.log(`Demo logins (password: ${DEMO_PASSWORD}):`);
    for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(40)} ${l.label}`);
  }
}
