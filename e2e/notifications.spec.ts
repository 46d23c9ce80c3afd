// Notifications (issue 8): a mention makes the bell count rise in another browser without a
// reload; the inbox shows why, opens the item and marks it read; the watch button toggles;
// the PMO finds the e-mail in /admin/outbox (written as an .eml file: no SMTP in tests);
// the notification settings on /account are saved.
import type { Browser, Page } from "@playwright/test";
import { createSessionFor, expect, openDb, PERSONAS, seriousA11yViolations, signInAs, test } from "./fixtures";

const JUMIN_WG = 1;

function dbRows<T>(query: string, ...params: unknown[]) {
  const db = openDb();
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A second signed-in browser (its own cookies), failing the test on console errors too. */
async function otherBrowser(browser: Browser, baseURL: string, email: string) {
  const context = await browser.newContext({ baseURL, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  await context.addCookies([{ name: "renkei_session", value: createSessionFor(email), url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  return { page, context, problems };
}

async function bellCount(page: Page) {
  const badge = page.getByTestId("bell-count");
  return (await badge.count()) ? Number(await badge.textContent()) : 0;
}

test("a mention raises the bell in another browser without reload, and the inbox opens the item", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  // An open issue of 住民記録WG that both 北川市 (staff) and 南浜町 (lead) can see.
  const [issue] = dbRows<{ number: number; title: string }>("SELECT number, title FROM issue WHERE wg_id = ? AND status = '未着手' ORDER BY number LIMIT 1", JUMIN_WG);

  await signInAs(page, "staff");
  await page.goto("/");
  const before = await bellCount(page);

  const lead = await otherBrowser(browser, baseURL!, PERSONAS.lead);
  const marker = `E2E 通知 ${Date.now()}`;
  await lead.page.goto(`/issues/${issue.number}`);
  await lead.page.getByLabel("コメント", { exact: true }).fill(`@高橋健太 さん、${marker} の確認をお願いします。`);
  await lead.page.getByRole("button", { name: "コメントする" }).click();
  await expect(lead.page.locator("li.comment", { hasText: marker })).toBeVisible();

  // The staff member's page was never reloaded: the count comes over the event stream.
  await expect(page.getByTestId("bell-count")).toHaveText(String(before + 1), { timeout: 10_000 });
  await expect(page.getByTestId("bell")).toHaveAccessibleName(`通知（未読 ${before + 1} 件）`);
  expect(lead.problems).toEqual([]);
  await lead.context.close();

  // The inbox: the kind, the reason and a link to the item.
  await page.getByTestId("bell").click();
  await expect(page).toHaveURL(/\/notifications$/);
  const entry = page.locator("li.notification", { hasText: `#${issue.number} ${issue.title}` }).first();
  await expect(entry).toContainText("メンション");
  await expect(entry).toContainText("理由: あなたがメンションされました");
  await expect(entry).toContainText("田中 由美さん");
  expect(await seriousA11yViolations(page)).toEqual([]);
  await entry.getByRole("button", { name: `#${issue.number} ${issue.title}`, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/issues/${issue.number}$`));
  await expect(page.getByTestId("bell-count")).toHaveCount(before === 0 ? 0 : 1);

  // Mark everything read (one more unread notification, so there is something to mark).
  const db = openDb();
  db.prepare("INSERT INTO notification (user_id, consortium_id, kind, entity_type, entity_id, title, url, reason, created_at) SELECT id, 1, 'watched', 'issue', (SELECT id FROM issue WHERE consortium_id = 1 AND number = ?), 'E2E 既読テスト', ?, 'notifications.reason.watching', ? FROM user WHERE consortium_id = 1 AND account_id = (SELECT id FROM account WHERE email = ?)").run(issue.number, `/issues/${issue.number}`, Date.now(), PERSONAS.staff);
  db.close();
  await page.goto("/notifications?show=unread");
  await expect(page.locator("li.notification", { hasText: "E2E 既読テスト" })).toBeVisible();
  await page.getByRole("button", { name: "すべて既読にする" }).click();
  await expect(page.getByText("未読の通知はありません。")).toBeVisible();
  await expect(page.getByTestId("bell-count")).toHaveCount(0);
});

test("watch and unwatch an issue", async ({ page }) => {
  const [issue] = dbRows<{ number: number }>("SELECT number FROM issue WHERE wg_id = ? ORDER BY number DESC LIMIT 1", JUMIN_WG);
  await signInAs(page, "kitagawaAdmin");
  await page.goto(`/issues/${issue.number}`);
  const watch = page.getByRole("button", { name: /ウォッチする|ウォッチ中/ });
  await expect(watch).toHaveText(/ウォッチする/);
  await watch.click();
  await expect(page.getByRole("button", { name: /ウォッチ中/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: /ウォッチ中/ })).toBeVisible();
  await page.getByRole("button", { name: /ウォッチ中/ }).click();
  await expect(page.getByRole("button", { name: /ウォッチする/ })).toBeVisible();
});

test("the PMO reads the outgoing mail, and a user changes their notification settings", async ({ page }) => {
  test.setTimeout(60_000);
  // A password reset link goes out by e-mail (through the queue, as an .eml file here).
  await signInAs(page, "pmo");
  const [staff] = dbRows<{ id: number }>("SELECT id FROM user WHERE consortium_id = 1 AND account_id = (SELECT id FROM account WHERE email = ?)", PERSONAS.staff);
  await page.goto(`/admin/users/${staff.id}`);
  await page.getByRole("button", { name: /再設定/ }).first().click();
  await expect(page.getByText(/再設定リンクを発行し、本人にメールで送りました/)).toBeVisible();
  await page.goto("/admin/outbox");
  await expect(page.getByRole("heading", { name: "送信メール" })).toBeVisible();
  const row = page.locator("tr", { hasText: "パスワード再設定のご案内" }).first();
  await expect(row).toContainText(PERSONAS.staff);
  // The worker sends it within seconds.
  await expect(async () => {
    await page.reload();
    await expect(page.locator("tr", { hasText: "パスワード再設定のご案内" }).first()).toContainText("送信済み");
  }).toPass({ timeout: 20_000 });
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.locator("tr", { hasText: "パスワード再設定のご案内" }).first().getByRole("link").click();
  await expect(page.locator(".mail-text")).toContainText("/set-password/");
  await expect(page.locator(".mail-text")).toContainText("このメールをお送りした理由");
  await expect(page.getByText(/outbox\/\d{4}-\d{2}\/\d+\.eml/)).toBeVisible();

  // A town member may not open the outbox.
  await page.context().clearCookies();
  await signInAs(page, "staff");
  const refused = await page.goto("/admin/outbox");
  expect([403, 404]).toContain(refused?.status());

  // Settings: mentions only in the daily digest.
  await page.goto("/account#notifications");
  await page.getByLabel("コメントなどでメンションされたとき").selectOption("digest");
  await page.getByRole("button", { name: "通知の設定を保存" }).click();
  await expect(page.getByText("通知の設定を保存しました。")).toBeVisible();
  await expect(page.getByLabel("コメントなどでメンションされたとき")).toHaveValue("digest");
  expect(await seriousA11yViolations(page)).toEqual([]);
});
