// Vendor guests: the PMO invites a vendor person into 住民記録WG, they accept and set a
// password, see exactly their WG, ask a question (質問); the WG answers (with an internal
// memo beside it); the guest sees the 回答 and none of the memos. After the access end date
// (契約期間) the guest can no longer sign in.
import type { Page } from "@playwright/test";
import { expect, openDb, seriousA11yViolations, signInAs, test } from "./fixtures";

const PASSWORD = "sakura-guest-2026!";

function dbRows<T>(query: string, ...params: unknown[]) {
  const db = openDb();
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}
function dbRun(query: string, ...params: unknown[]) {
  const db = openDb();
  try {
    db.prepare(query).run(...params);
  } finally {
    db.close();
  }
}
/** Yesterday in Japan, 2026-11-21 style. */
function yesterdayInJapan() {
  const jst = new Date(Date.now() + 9 * 3_600_000 - 86_400_000);
  return jst.toISOString().slice(0, 10);
}

async function shoot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/guests-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function invite(page: Page, { name, email, wgs, until }: { name: string; email: string; wgs: string[]; until?: string }) {
  await page.goto("/admin/guests/new");
  await page.getByLabel("氏名").fill(name);
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("事業者").selectOption({ label: "株式会社さくらシステムズ" });
  for (const wg of wgs) await page.getByLabel(wg).check();
  if (until) await page.getByLabel("契約期間（利用終了日）").fill(until);
  await page.getByRole("button", { name: "招待リンクを作成" }).click();
  const link = page.locator("input.one-time-link");
  await expect(link).toBeVisible();
  const url = await link.inputValue();
  expect(url).toMatch(/\/invite\/[\w-]{40,}$/);
  return new URL(url).pathname;
}

async function accept(page: Page, path: string) {
  await page.context().clearCookies();
  await page.goto(path);
  await page.getByLabel("新しいパスワード", { exact: true }).fill(PASSWORD);
  await page.getByLabel("新しいパスワード（確認）").fill(PASSWORD);
  await page.getByRole("button", { name: "パスワードを設定して参加する" }).click();
  await expect(page).toHaveURL(/\/$/);
}

test("invite → accept → the guest asks, the WG answers, the guest sees the answer and no memo", async ({ page }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const email = `guest-${stamp}@vendor-a.example.jp`;
  const name = `招待 花子${stamp % 1000}`;

  // The PMO invites; a bad form first (no WG) says so next to the field.
  await signInAs(page, "pmo");
  await page.goto("/admin/guests/new");
  await expect(page.getByRole("heading", { name: "事業者を招待" })).toBeVisible();
  await page.getByLabel("氏名").fill(name);
  await page.getByLabel("メールアドレス").fill(email);
  const [bad] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "招待リンクを作成" }).click()]);
  expect(bad.status()).toBe(400);
  await expect(page.getByText("参加するWGを1つ以上選んでください。")).toBeVisible();
  await shoot(page, "invite-form");
  const link = await invite(page, { name, email, wgs: ["住民記録WG"] });
  await shoot(page, "invite-link");

  // The guest list shows the pending invitation.
  await page.goto("/admin/guests");
  const row = page.locator("tr", { hasText: email });
  await expect(row).toContainText("招待中");
  await expect(row).toContainText("住民記録WG");
  expect(await seriousA11yViolations(page)).toEqual([]);
  await shoot(page, "list");

  // Accepting: set a password, land on the guest home with exactly their WG.
  await accept(page, link);
  await expect(page.getByText("ゲストとして参加中（住民記録WG）")).toBeVisible();
  const home = page.locator("section.guest-home");
  await expect(home.getByRole("link", { name: "住民記録WG" })).toBeVisible();
  await expect(home.locator("li")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "管理" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "決定事項" })).toHaveCount(0);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await shoot(page, "home");
  // The link works once only.
  const again = await page.request.get(link);
  expect(again.status()).toBe(404);
  // Other WGs, the member directory and reports do not exist for the guest.
  for (const url of ["/wg/2", "/admin/users", "/reports", "/projects"]) {
    expect((await page.request.get(url)).status(), url).toBe(404);
  }

  // The guest asks a question from the WG page.
  await home.getByRole("link", { name: "住民記録WG" }).click();
  await expect(page.getByRole("heading", { name: "貴社対応待ち" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "回答待ち" })).toBeVisible();
  await page.getByRole("link", { name: "質問する" }).first().click();
  const title = `E2E 転入届の様式について ${stamp}`;
  await page.getByLabel("件名").fill(title);
  await page.getByLabel("内容").fill("転入届の標準様式で、備考欄の桁数は何桁を想定すればよいでしょうか。");
  await expect(page.getByLabel("種別")).toHaveValue("質問");
  await page.getByRole("button", { name: "登録", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  await expect(page.getByText("事業者に公開中")).toBeVisible();
  await expect(page.locator(".facts")).toContainText("協議会事務局");
  await expect(page.locator(".issue-badges")).toContainText("回答待ち");
  const number = Number(/\/issues\/(\d+)$/.exec(page.url())![1]);
  await page.goto("/wg/1");
  await expect(page.locator("#qa-awaiting").locator("xpath=..")).toContainText(title);

  // The WG lead writes an internal memo and the official answer, and marks it 回答.
  await page.context().clearCookies();
  await signInAs(page, "lead");
  await page.goto(`/issues/${number}`);
  const memo = `E2E内部メモ 南浜町では桁数を独自に拡張済み ${stamp}`;
  await page.getByLabel("コメント", { exact: true }).fill(memo);
  await page.getByLabel("内部メモ（事業者には表示しない）").check();
  await page.getByRole("button", { name: "コメントする" }).click();
  await expect(page.locator("li.comment", { hasText: memo })).toBeVisible();
  // An internal memo is never offered as the answer.
  await expect(page.locator("li.comment", { hasText: memo }).getByRole("button", { name: "回答にする" })).toHaveCount(0);
  const answer = `備考欄は全角200文字を想定してください（${stamp}）。`;
  await page.getByLabel("コメント", { exact: true }).fill(answer);
  await page.getByRole("button", { name: "コメントする" }).click();
  const answerComment = page.locator("li.comment", { hasText: answer });
  await expect(answerComment).toBeVisible();
  await answerComment.getByRole("button", { name: "回答にする" }).click();
  await expect(answerComment.locator(".badge", { hasText: "回答" })).toBeVisible();
  await expect(answerComment).toHaveClass(/answer/);
  // Marking a memo as the answer by a crafted request is refused.
  const memoId = dbRows<{ id: number }>("SELECT id FROM comment WHERE body = ?", memo)[0].id;
  const origin = new URL(page.url()).origin;
  const crafted = await page.request.post(`/issues/${number}`, { form: { intent: "answer", commentId: String(memoId) }, headers: { Origin: origin } });
  expect(crafted.status()).toBe(400);
  expect(dbRows<{ is_answer: number }>("SELECT is_answer FROM comment WHERE id = ?", memoId)[0].is_answer).toBe(0);

  // The guest sees the answer, highlighted, and no memo; the question left 「回答待ち」.
  await page.context().clearCookies();
  await signInAs(page, email);
  await page.goto(`/issues/${number}`);
  const seen = page.locator("li.comment", { hasText: answer });
  await expect(seen).toBeVisible();
  await expect(seen.locator(".badge", { hasText: "回答" })).toBeVisible();
  // The official answer settled the question.
  await expect(page.locator(".issue-badges")).toContainText("解決");
  await expect(page.getByText(memo)).toHaveCount(0);
  await expect(page.getByText("内部メモ")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "回答にする" })).toHaveCount(0);
  const html = await page.content();
  expect(html).not.toContain(memo);
  expect(html).not.toContain("南浜町では桁数を独自に拡張済み");
  expect(await seriousA11yViolations(page)).toEqual([]);
  await shoot(page, "answer");
  await page.goto("/wg/1");
  await expect(page.locator("#qa-awaiting").locator("xpath=..")).not.toContainText(title);
  await shoot(page, "wg");
});

test("a question addressed to the vendor: it answers and the ball returns to the consortium", async ({ page }) => {
  const pmoOrg = dbRows<{ id: number }>("SELECT id FROM organization WHERE consortium_id = 1 AND name = '協議会事務局'")[0].id;
  const title = `E2E 移行データ件数のご確認 ${Date.now()}`;
  // The WG lead asks the vendor: a shared issue with the ball at the vendor.
  await signInAs(page, "lead");
  await page.goto("/issues/new?wg=1");
  await page.getByLabel("件名").fill(title);
  await page.getByLabel("内容").fill("現行システムからの移行データ件数を教えてください。");
  await page.getByLabel("種別").selectOption("質問");
  await page.getByLabel("次に対応する団体").selectOption({ label: "株式会社さくらシステムズ" });
  await page.getByLabel("事業者に公開", { exact: true }).check();
  await page.getByRole("button", { name: "登録", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  const number = Number(/\/issues\/(\d+)$/.exec(page.url())![1]);

  await page.context().clearCookies();
  await signInAs(page, "vendor");
  await page.goto("/wg/1");
  await expect(page.locator("#qa-your-turn").locator("xpath=..")).toContainText(title);
  await page.goto(`/issues/${number}`);
  await page.getByLabel("コメント", { exact: true }).fill("ご質問の件、移行データの件数は約12万件です。");
  await expect(page.getByLabel("回答して協議会に対応を戻す")).toBeChecked();
  await page.getByRole("button", { name: "コメントする" }).click();
  await expect(page.locator(".facts")).toContainText("協議会事務局");
  expect(dbRows<{ b: number }>("SELECT ball_holder_org_id AS b FROM issue WHERE consortium_id = 1 AND number = ?", number)[0].b).toBe(pmoOrg);
  await page.goto("/wg/1");
  await expect(page.locator("#qa-your-turn").locator("xpath=..")).not.toContainText(title);
});

test("revoking an invitation; a WG lead invites only into the WGs they lead; access ends on its date", async ({ page }) => {
  test.setTimeout(60_000);
  const stamp = Date.now();
  // A WG lead (南浜町, 住民記録WG) is offered only 住民記録WG.
  await signInAs(page, "lead");
  await page.goto("/admin/guests/new");
  await expect(page.getByLabel("住民記録WG")).toBeVisible();
  await expect(page.getByLabel("税務WG")).toHaveCount(0);
  const revokedEmail = `revoked-${stamp}@vendor-a.example.jp`;
  const revokedLink = await invite(page, { name: "取消 太郎", email: revokedEmail, wgs: ["住民記録WG"] });
  await page.goto("/admin/guests");
  await page.locator("tr", { hasText: revokedEmail }).getByRole("button", { name: "招待を取り消す" }).click();
  await expect(page.getByText("招待を取り消しました。")).toBeVisible();
  await expect(page.locator("tr", { hasText: revokedEmail })).toContainText("取り消し済み");
  await page.context().clearCookies();
  await page.goto(revokedLink);
  await expect(page.getByRole("alert")).toContainText("この招待リンクは使えません");

  // A guest with an end date signs in until then, and not after.
  const email = `until-${stamp}@vendor-a.example.jp`;
  await signInAs(page, "pmo");
  const link = await invite(page, { name: "期限 次郎", email, wgs: ["住民記録WG"] });
  await accept(page, link);
  await expect(page.getByText("ゲストとして参加中（住民記録WG）")).toBeVisible();
  dbRun("UPDATE user SET access_until = ? WHERE account_id = (SELECT id FROM account WHERE email = ?)", yesterdayInJapan(), email);
  // The open session ends: the first request after it tells the guest they have no consortium
  // left (/no-consortium); a request of the page's own (the bell) may have been that one.
  await page.goto("/");
  await expect(page).toHaveURL(/\/(no-consortium|login)/);
  await page.goto("/login");
  // …and signing in again is refused like a wrong password.
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(PASSWORD);
  await page.getByRole("button", { name: "ログイン" }).click();
  await expect(page.getByRole("alert")).toHaveText("メールアドレスまたはパスワードが正しくありません");

  // The PMO sees the ended access and can remove someone from every WG.
  await page.context().clearCookies();
  await signInAs(page, "pmo");
  await page.goto("/admin/guests");
  const row = page.locator("tr", { hasText: email });
  await expect(row).toContainText("利用終了");
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "すべてのWGから外す" }).click();
  await expect(page.getByText("すべてのWGから外しました。")).toBeVisible();
  await expect(page.locator("tr", { hasText: email })).toContainText("参加WGなし");
});
