// Export everything and start a new installation from the file (ADR 026): the PMO downloads the
// demo consortium's ZIP from /admin/export, and the third server of playwright.config.ts (an
// empty installation, port + 2) starts from it through its setup page. Then the same issue
// numbers, a decision's stances, a meeting's confirmations, a comment with its author and date
// and an attachment's bytes are there. (Nothing was in the empty installation, so its ids are
// the demo's: the same URLs name the same records, ADR 026.)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, openDb, seriousA11yViolations, signInAs, test } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const RESTORE = `http://localhost:${PORT + 2}`;
const RESTORE_DB = "e2e/.data/restore/renkei.db";
const restoreEnv = { ...process.env, DATABASE_PATH: RESTORE_DB, DATA_DIR: "e2e/.data/restore", SEED_DEMO: "0", APP_URL: RESTORE };

const demo = <T>(sql: string) => {
  const db = openDb();
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
};
const issueNumbers = () => demo<{ number: number }>("SELECT number FROM issue ORDER BY number").map((r) => r.number);

test("only the PMO may export: everyone else, vendors and leadership included, finds nothing there", async ({ page }) => {
  for (const persona of ["vendor", "staff", "lead", "exec", "kitagawaAdmin"] as const) {
    await page.context().clearCookies();
    await signInAs(page, persona);
    expect((await page.goto("/admin/export"))?.status(), persona).toBe(404);
    expect((await page.request.get("/admin/export.zip")).status(), persona).toBe(404);
  }
});

test("the PMO exports the consortium, and an empty installation starts from the file with the same records", async ({ page, browser }) => {
  test.slow();
  // The demo has no files: the PMO adds one to an issue, with a comment.
  await signInAs(page, "pmo");
  const body = `移行前に添付した集計表です ${Date.now()}`;
  const csv = Buffer.from(`団体,件数\n北川市,${Date.now() % 1000}\n`, "utf8");
  await page.goto("/issues/1");
  await page.getByLabel("コメント", { exact: true }).fill(body);
  await page.getByLabel("ファイルを添付").setInputFiles([{ name: "移行前の集計.csv", mimeType: "text/csv", buffer: csv }]);
  await page.getByRole("button", { name: "コメントする" }).click();
  const comment = page.locator("li.comment", { hasText: body });
  await expect(comment).toBeVisible();

  // What the new installation must show the same: a decision's stances, a meeting's confirmations, the comment.
  const decisionId = demo<{ id: number }>("SELECT decision_id AS id FROM decision_stance WHERE stance IS NOT NULL GROUP BY decision_id HAVING count(*) >= 2 ORDER BY decision_id LIMIT 1")[0].id;
  const meetingId = demo<{ id: number }>("SELECT meeting_id AS id FROM minutes_confirmation GROUP BY meeting_id ORDER BY meeting_id LIMIT 1")[0].id;
  const commentText = await comment.innerText();
  await page.goto(`/decisions/${decisionId}`);
  const stances = await page.locator(".stance-table").innerText();
  await page.goto(`/meetings/${meetingId}`);
  const confirmations = await page.locator(".confirmation-panel").innerText();
  const pmoName = demo<{ name: string }>("SELECT display_name AS name FROM user WHERE consortium_id = 1 AND account_id = (SELECT id FROM account WHERE email = 'pmo@demo.renkei.jp')")[0].name;

  // The export page says what the file holds; the button downloads it.
  await page.goto("/admin/export");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("データの書き出し（エクスポート）");
  await expect(page.getByText("パスワード、ログイン中の状態")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
  const before = issueNumbers();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "ZIP ファイルをダウンロード" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^renkei-さくら広域自治体クラウド協議会-\d{8}\.zip$/);
  const file = test.info().outputPath("export.zip");
  await download.saveAs(file);
  const after = issueNumbers();
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  // The download is in the audit log, and the page lists it.
  await page.reload();
  await expect(page.locator("#export-recent ~ ul li").first()).toContainText(pmoName);

  // The empty installation: its setup page offers to start from the file.
  const printed = execFileSync("npx", ["tsx", "db/setup.ts", "url"], { env: restoreEnv, encoding: "utf8" });
  const link = /(http:\/\/\S+\/setup\?token=[\w-]+)/.exec(printed)?.[1];
  expect(link, printed).toBeTruthy();
  const restored = await browser.newContext({ baseURL: RESTORE });
  const fresh = await restored.newPage();
  await fresh.goto(link!);
  await fresh.getByRole("link", { name: "移行データ（エクスポートしたファイル）から始める" }).click();
  await expect(fresh.getByRole("heading", { level: 1 })).toHaveText("移行データから始める");
  expect(await seriousA11yViolations(fresh)).toEqual([]);

  // Something that is not an export is refused with a message, and nothing is set up.
  await fresh.getByLabel("エクスポートしたファイル（ZIP）", { exact: true }).setInputFiles([{ name: "メモ.zip", mimeType: "application/zip", buffer: Buffer.from("ZIPではありません") }]);
  await fresh.getByLabel("PMO のメールアドレス").fill("pmo@demo.renkei.jp");
  await fresh.getByLabel("新しいパスワード", { exact: true }).fill("migrated-pmo-2027");
  await fresh.getByLabel("新しいパスワード（確認）").fill("migrated-pmo-2027");
  await fresh.getByRole("button", { name: "取り込んで始める" }).click();
  await expect(fresh.getByLabel("エクスポートしたファイル（ZIP）", { exact: true })).toHaveAccessibleDescription(/ZIP ファイルとして読めません/);
  await expect(fresh.getByLabel("PMO のメールアドレス")).toHaveValue("pmo@demo.renkei.jp");

  // The real file, and a PMO of it who signs in.
  await fresh.getByLabel("エクスポートしたファイル（ZIP）", { exact: true }).setInputFiles(file);
  await fresh.getByLabel("新しいパスワード", { exact: true }).fill("migrated-pmo-2027");
  await fresh.getByLabel("新しいパスワード（確認）").fill("migrated-pmo-2027");
  await fresh.getByRole("button", { name: "取り込んで始める" }).click();
  await expect(fresh).toHaveURL(`${RESTORE}/`);
  await expect(fresh.locator(".user-name")).toHaveText(pmoName);

  // The same issue numbers (those of the moment of the download: other tests add issues meanwhile).
  const restoredDb = new Database(path.resolve(RESTORE_DB), { readonly: true });
  const numbers = (restoredDb.prepare("SELECT number FROM issue ORDER BY number").all() as { number: number }[]).map((r) => r.number);
  restoredDb.close();
  expect(before.every((n) => numbers.includes(n))).toBe(true);
  expect(numbers.every((n) => after.includes(n))).toBe(true);

  // The same comment (author and date), the same stances, the same confirmations, the same bytes.
  await fresh.goto("/issues/1");
  const restoredComment = fresh.locator("li.comment", { hasText: body });
  expect(await restoredComment.innerText()).toBe(commentText);
  await expect(restoredComment).toContainText(pmoName);
  const href = await restoredComment.getByRole("link", { name: /移行前の集計\.csv/ }).getAttribute("href");
  expect(Buffer.from(await (await fresh.request.get(href!)).body())).toEqual(csv);
  await fresh.goto(`/decisions/${decisionId}`);
  expect(await fresh.locator(".stance-table").innerText()).toBe(stances);
  await fresh.goto(`/meetings/${meetingId}`);
  expect(await fresh.locator(".confirmation-panel").innerText()).toBe(confirmations);

  // Set up once: the page is gone, token or not.
  expect((await fresh.goto(link!.replace("/setup?", "/setup/import?")))?.status()).toBe(404);
  await restored.close();
});
