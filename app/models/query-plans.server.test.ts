// How the busiest queries reach their rows (EXPLAIN QUERY PLAN): a list page walks an index in
// its sort order and stops after its rows, its count stops at the count window, and no list,
// dashboard or search query scans the issue table or sorts every match. A plan that does is
// work proportional to the whole table: fine with the demo's 40 issues, slow with 100,000.
import { is, sql, SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { FACTORY_NOW, insertIssue, insertWorkingGroup } from "../../db/factories";
import { readConnection, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { COUNT_WINDOW, listIssues, listStatements, PAGE_SIZE, parseIssueFilter } from "./issue.server";
import { unreadStatement } from "./inbox.server";
import { searchStatements } from "./search.server";
import { insertSmallConsortium, viewerOf } from "./test-support";

let staff: Viewer, vendor: Viewer;
let wgId: number;

// Forty WGs of fifty issues each, then ANALYZE (as `PRAGMA optimize` does on a live database):
// with statistics, SQLite would rather join the few WGs first and sort every match after, the
// plan these tests exist to catch.
beforeAll(async () => {
  const small = await insertSmallConsortium();
  wgId = small.wg.id;
  await write((tx) => {
    const wgs = [wgId, ...Array.from({ length: 39 }, (_, i) => insertWorkingGroup(tx, { consortiumId: small.consortium.id, projectId: small.project.id, name: `業務WG${i + 2}` }).id)];
    for (let n = 1; n <= 2000; n++) {
      insertIssue(tx, {
        consortiumId: small.consortium.id, wgId: wgs[n % wgs.length], number: n, createdBy: small.users.staff.id, title: `外字の同定 ${n}`,
        status: n % 3 ? "対応中" : "完了", dueOn: n % 4 ? `2026-12-${String((n % 28) + 1).padStart(2, "0")}` : null,
        assigneeId: n % 2 ? small.users.staff.id : null, vendorVisible: n % 2 === 0, updatedAt: FACTORY_NOW - (n % 50) * 60_000,
      });
    }
    tx.run(sql`ANALYZE`);
  });
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
  vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
});

const dialect = new SQLiteSyncDialect();

/** The plan's lines for a drizzle query (anything with toSQL) or a raw sql`` statement. */
function planOf(query: { toSQL(): { sql: string; params: unknown[] } } | SQL) {
  const { sql, params } = is(query, SQL) ? dialect.sqlToQuery(query) : query.toSQL();
  return (readConnection.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

const fullScan = (plan: string[]) => plan.filter((line) => /^SCAN (issue|comment)\b/.test(line));
const sortsEverything = (plan: string[]) => plan.filter((line) => line.includes("USE TEMP B-TREE FOR ORDER BY"));

describe("issue lists", () => {
  const lists = [
    "status=open",
    "status=all",
    "status=open&sort=updated&dir=asc",
    "status=open&sort=due&dir=asc",
    "status=open&sort=due&dir=desc",
    "status=open&sort=carry&dir=desc",
    `status=open&type=${encodeURIComponent("課題")}&sort=due&dir=desc&wg=WG`,
    "status=open&sort=carry&dir=desc&wg=WG",
    "status=open&sort=updated&dir=desc&wg=WG",
    "status=open&sort=due&dir=asc&wg=WG",
    "status=open&page=3",
  ];
  it.each(lists)("%s walks an index in its order, for a town member and a vendor", (query) => {
    for (const viewer of [staff, vendor]) {
      const filter = parseIssueFilter(new URLSearchParams(query.replace("WG", String(wgId))), viewer);
      const { rows, count } = listStatements(viewer, filter);
      const plan = planOf(rows);
      expect(fullScan(plan), plan.join(" | ")).toEqual([]);
      expect(sortsEverything(plan), plan.join(" | ")).toEqual([]);
      // The count reads at most its window past the page (a LIMIT inside), never the whole match.
      expect(count.toSQL().sql).toMatch(/limit \?\)/i);
      expect(fullScan(planOf(count))).toEqual([]);
    }
  });

  it("a filter on a person or a text still reads through an index, never the whole table", () => {
    for (const query of [`assignee=${1}`, "q=外字", "q=外字の同定", "overdue=1", "carry=2"]) {
      const filter = parseIssueFilter(new URLSearchParams(query), staff);
      const { rows, count } = listStatements(staff, filter);
      expect(fullScan(planOf(rows)), query).toEqual([]);
      expect(fullScan(planOf(count)), query).toEqual([]);
    }
  });
});

describe("search", () => {
  it.each(["外字の同定", "外字", "#12"])("%s reads the search index or the issue index, never a whole table", (q) => {
    for (const viewer of [staff, vendor]) {
      for (const statement of searchStatements(viewer, q)) {
        const plan = planOf(statement);
        expect(fullScan(plan), plan.join(" | ")).toEqual([]);
        expect(sortsEverything(plan), plan.join(" | ")).toEqual([]);
      }
    }
  });
});

describe("the bell", () => {
  it("reads the person's unread notifications by index and each item by its key", () => {
    for (const viewer of [staff, vendor]) {
      const plan = planOf(unreadStatement(viewer));
      expect(plan.some((line) => /SEARCH notification USING .*INDEX notification_user_idx/.test(line)), plan.join(" | ")).toBe(true);
      expect(plan.filter((line) => /^SCAN (issue|meeting|decision|progress_report)\b/.test(line)), plan.join(" | ")).toEqual([]);
    }
  });
});

describe("the count window", () => {
  it("counts up to 1,000 past the page, then says there are more; a page past the end shows the last one", async () => {
    const first = await listIssues({ viewer: staff, filter: parseIssueFilter(new URLSearchParams("status=all"), staff) });
    expect(first).toMatchObject({ total: COUNT_WINDOW, exact: false, page: 1, pageCount: COUNT_WINDOW / PAGE_SIZE + 1 });
    const later = await listIssues({ viewer: staff, filter: parseIssueFilter(new URLSearchParams("status=all&page=25"), staff) });
    expect(later).toMatchObject({ total: 2000, exact: true, page: 25, pageCount: 40 });
    expect(later.rows).toHaveLength(PAGE_SIZE);
    const past = await listIssues({ viewer: staff, filter: parseIssueFilter(new URLSearchParams("status=all&page=90"), staff) });
    expect(past).toMatchObject({ total: 2000, exact: true, page: 40 });
    // A vendor counts only what is shared with them: the 50 issues of their WG, all shared here.
    const shared = await listIssues({ viewer: vendor, filter: parseIssueFilter(new URLSearchParams("status=all&page=2"), vendor) });
    expect(shared).toMatchObject({ total: 50, exact: true, page: 1, pageCount: 1 });
  });
});
