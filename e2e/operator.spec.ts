// The installation operator (issue 16): the demo PMO runs the installation too. They create a
// consortium with a new PMO, who accepts the invitation and lands in its empty dashboard; they
// suspend it and its PMO, with no other consortium, is told so; they archive and export one. An
// ordinary member does not find the operator's pages. Every consortium made here has a name of
// its own, so a rerun starts afresh and the demo consortium's rows stay as the other specs count them.
import crypto from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { expect, openDb, seriousA11yViolations, signInAs, test } from "./fixtures";

const PASSWORD = "kouiki-renkei-2026!";

/** The operator creates a consortium through /operator/new; returns the invitation link shown. */
async function createConsortium(page: Page, { name, pmoName, email }: { name: string; pmoName: string; email: string }) {
  await page.goto("/operator");
  await page.getByRole("link", { name: "協議会を作成する" }).click();
  await expect(page.getByRole("heading", { name: "協議会を作成する" })).toBeVisible();
  await page.getByLabel("協議会の名称").fill(name);
  await page.getByLabel("事務局の団体名").fill("東山市");
  await page.getByLabel("氏名").fill(pmoName);
  await page.getByLabel("メールアドレス（招待を送ります）").fill(email);
  await page.getByRole("button", { name: "作成して担当者に知らせる" }).click();
  await expect(page.getByText(`「${name}」を作成し、${email} さんを事務局担当者として登録しました。`)).toBeVisible();
  const link = await page.locator("input.one-time-link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{20,}$/);
  return new URL(link).pathname;
}

/** The new PMO opens the invitation in a browser of their own, sets a password and lands in the consortium. */
async function acceptAsNewPmo(browser: Browser, invitation: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(invitation);
  await page.getByLabel("新しいパスワード", { exact: true }).fill(PASSWORD);
  await page.getByLabel("新しいパスワード（確認）").fill(PASSWORD);
  await page.getByRole("button", { name: "パスワードを設定して参加する" }).click();
  await expect(page).toHaveURL(/\/$/);
  return page;
}

const rowOf = (page: Page, name: string) => page.getByRole("row").filter({ has: page.getByText(name, { exact: true }) });

test("the operator creates a consortium, its new PMO comes in, and suspending it sends them out", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const stamp = `${Date.now()}${crypto.randomInt(100)}`;
  const name = `テスト広域連携協議会 ${stamp}`;
  const email = `pmo-${stamp}@city.higashiyama.example.lg.jp`;

  await signInAs(page, "pmo");
  // The operator reaches the pages from the app's header, and finds the way back there.
  await page.goto("/");
  await page.locator(".user-menu summary").click();
  await page.getByRole("link", { name: "運用管理" }).click();
  await expect(page).toHaveURL(/\/operator$/);
  await expect(page.getByRole("heading", { name: "運用管理（協議会の一覧）" })).toBeVisible();
  await expect(page.getByRole("link", { name: "「さくら広域自治体クラウド協議会」へ戻る" })).toBeVisible();
  await expect(rowOf(page, "さくら広域自治体クラウド協議会")).toContainText("運用中");
  await expect(rowOf(page, "さくら広域自治体クラウド協議会")).toContainText("参加中");
  expect(await seriousA11yViolations(page)).toEqual([]);

  // A form with nothing in it says what is missing, next to each field (400, nothing written).
  await page.goto("/operator/new");
  const refused = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/operator/new");
  await page.getByRole("button", { name: "作成して担当者に知らせる" }).click();
  expect((await refused).status()).toBe(400);
  await expect(page.locator(".form-error")).toHaveText("入力内容を確認してください。");
  await expect(page.locator(".field.has-error")).toHaveCount(4);
  expect(await seriousA11yViolations(page)).toEqual([]);

  const invitation = await createConsortium(page, { name, pmoName: "小林 直子", email });
  // The same name twice is refused beside the field.
  await page.goto("/operator/new");
  await page.getByLabel("協議会の名称").fill(name);
  await page.getByLabel("事務局の団体名").fill("東山市");
  await page.getByLabel("氏名").fill("別の 担当者");
  await page.getByLabel("メールアドレス（招待を送ります）").fill(`other-${stamp}@example.lg.jp`);
  await page.getByRole("button", { name: "作成して担当者に知らせる" }).click();
  await expect(page.getByText("同じ名前の協議会がすでにあります")).toBeVisible();

  // The new PMO sets a password and lands in the new consortium's empty dashboard.
  const pmo = await acceptAsNewPmo(browser, invitation);
  await expect(pmo.getByRole("heading", { name: "ダッシュボード" })).toBeVisible();
  await expect(pmo.locator(".brand-name")).toHaveText(name);
  await expect(pmo.getByText("プロジェクトはまだありません。")).toBeVisible();
  // What the operator did shows in the consortium's own audit trail, by 運用者.
  await pmo.goto("/admin/audit");
  await expect(pmo.getByRole("row").filter({ hasText: "運用者が協議会を作成" })).toContainText("運用者");
  // They are no operator: the operator's pages are not there for them, nor is the link.
  expect((await pmo.goto("/operator"))!.status()).toBe(404);

  // The operator suspends it; the list says so.
  await page.goto("/operator");
  const row = rowOf(page, name);
  await expect(row).toContainText("運用中");
  await expect(row).toContainText("1人");
  await expect(row).toContainText("利用停止にすると、この協議会の参加者は誰も入れなくなります");
  await row.getByText("利用停止にする", { exact: true }).click();
  await row.getByRole("button", { name: "はい、利用停止にします" }).click();
  await expect(page.getByText(`「${name}」を利用停止にしました。`)).toBeVisible();
  await expect(rowOf(page, name)).toContainText("利用停止");
  await expect(rowOf(page, name).getByRole("button", { name: "運用を再開する" })).toBeVisible();

  // The PMO's next request: no consortium left for them.
  await pmo.goto("/issues");
  await expect(pmo).toHaveURL(/\/no-consortium$/);
  await expect(pmo.getByRole("heading", { name: "参加している協議会がありません" })).toBeVisible();
  // …and they are signed out: the next page asks them to sign in.
  await pmo.goto("/");
  await expect(pmo).toHaveURL(/\/login$/);
  // Signing in again does not get them into the suspended consortium.
  await pmo.getByLabel("メールアドレス").fill(email);
  await pmo.getByLabel("パスワード").fill(PASSWORD);
  await pmo.getByRole("button", { name: "ログイン" }).click();
  await expect(pmo.getByRole("alert")).toBeVisible();
  await expect(pmo).toHaveURL(/\/login/);
  await pmo.context().close();
});

test("archiving keeps a consortium readable, and the operator exports it for a handover", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const stamp = `${Date.now()}${crypto.randomInt(100)}`;
  const name = `保管テスト協議会 ${stamp}`;
  await signInAs(page, "pmo");
  const invitation = await createConsortium(page, { name, pmoName: "中村 隆", email: `archive-${stamp}@town.example.lg.jp` });
  const member = await acceptAsNewPmo(browser, invitation);

  await page.goto("/operator");
  await expect(rowOf(page, name)).toContainText("保管すると、参加者は内容を閲覧できますが、何も変更できなくなります。");
  await rowOf(page, name).getByText("保管する（閲覧のみ）", { exact: true }).click();
  await rowOf(page, name).getByRole("button", { name: "はい、保管します" }).click();
  await expect(page.getByText(`「${name}」を保管（閲覧のみ）にしました。`)).toBeVisible();
  await expect(rowOf(page, name)).toContainText("保管（閲覧のみ）");

  // The member still comes in and reads.
  await member.reload();
  await expect(member.getByRole("heading", { name: "ダッシュボード" })).toBeVisible();
  await expect(member.locator(".brand-name")).toHaveText(name);

  // The export: the consortium's ZIP, named after it.
  const download = page.waitForEvent("download");
  await rowOf(page, name).getByRole("link", { name: "エクスポート（ZIP）" }).click();
  expect((await download).suggestedFilename()).toMatch(new RegExp(`^renkei-保管テスト協議会_${stamp}-\\d{8}\\.zip$`));
  // …recorded in the consortium, for its PMO to see.
  await member.goto("/admin/export");
  await expect(member.locator(".link-list li").filter({ hasText: "運用者" })).toHaveCount(1);
  await member.context().close();
});

test("a member of an archived consortium is told it is archived, and nothing can be changed", async ({ page, browser }) => {
  const stamp = `${Date.now()}${crypto.randomInt(100)}`;
  const name = `保管の表示テスト協議会 ${stamp}`;
  await signInAs(page, "pmo");
  const invitation = await createConsortium(page, { name, pmoName: "中村 隆", email: `banner-${stamp}@town.example.lg.jp` });
  const member = await acceptAsNewPmo(browser, invitation);
  await page.goto("/operator");
  await rowOf(page, name).getByText("保管する（閲覧のみ）", { exact: true }).click();
  await rowOf(page, name).getByRole("button", { name: "はい、保管します" }).click();
  await expect(rowOf(page, name)).toContainText("保管（閲覧のみ）"); // stored before the member looks
  await member.reload();
  await expect(member.getByText("この協議会は保管されています。内容は閲覧できますが、変更はできません。")).toBeVisible();
  // Whatever the page, a change is refused with a Japanese message (the PMO's settings here).
  const refused = await member.request.post("/admin/consortium", { form: { intent: "settings", name: "変えた名前" }, headers: { Origin: new URL(member.url()).origin } });
  expect(refused.status()).toBe(403);
  await member.goto("/admin/consortium");
  await expect(member.getByRole("heading", { name: "ページが見つかりません" })).toBeVisible();
  await member.context().close();
});

test("an ordinary member does not find the operator's pages; an operator without a consortium lands on them", async ({ page, browser }) => {
  await signInAs(page, "staff");
  for (const path of ["/operator/consortia/1/export.zip", "/operator/new", "/operator"]) {
    expect((await page.goto(path))!.status(), path).toBe(404);
  }
  // The same page as any address that does not exist.
  await expect(page.getByRole("heading", { name: "ページが見つかりません" })).toBeVisible();
  const post = await page.request.post("/operator?index", { form: { intent: "suspend", consortiumId: "1" }, headers: { Origin: new URL(page.url()).origin } });
  expect(post.status()).toBe(404);
  await page.goto("/");
  await page.locator(".user-menu summary").click();
  await expect(page.getByRole("link", { name: "運用管理" })).toHaveCount(0);

  // Signed out, the pages ask for the sign-in first.
  const anonymous = await browser.newContext();
  const visitor = await anonymous.newPage();
  await visitor.goto("/operator/new");
  await expect(visitor).toHaveURL(/\/login\?redirectTo=%2Foperator%2Fnew$/);
  await anonymous.close();

  // An operator who takes part in no consortium: home is the operator's list; sign-out works.
  const email = `operator-${Date.now()}${crypto.randomInt(100)}@example.lg.jp`;
  const db = openDb();
  const accountId = Number(db.prepare("INSERT INTO account (email, operator, created_at) VALUES (?, 1, ?)").run(email, Date.now()).lastInsertRowid);
  const sessionId = crypto.randomBytes(20).toString("hex");
  db.prepare("INSERT INTO session (id, account_id, user_id, expires_at) VALUES (?, ?, NULL, ?)").run(sessionId, accountId, Math.floor(Date.now() / 1000) + 86400);
  db.close();
  const context = await browser.newContext();
  await context.addCookies([{ name: "renkei_session", value: sessionId, url: test.info().project.use.baseURL!, httpOnly: true, sameSite: "Lax" }]);
  const operator = await context.newPage();
  await operator.goto("/");
  await expect(operator).toHaveURL(/\/operator$/);
  await expect(operator.getByText(email)).toBeVisible();
  await expect(operator.getByRole("link", { name: /へ戻る$/ })).toHaveCount(0);
  await operator.getByRole("button", { name: "ログアウト" }).click();
  await expect(operator).toHaveURL(/\/login$/);
  await operator.goto("/operator");
  await expect(operator).toHaveURL(/\/login\?redirectTo=%2Foperator$/);
  await context.close();
});
