import type { Page } from "@playwright/test";
import { expect, openDb, PERSONAS, signInAs, test } from "./fixtures";

/** Submits the sign-in form and waits for the server's answer. */
async function submitSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login"),
    page.getByRole("button", { name: "ログイン" }).click(),
  ]);
  return response;
}

/** The newest reset link e-mailed to the address (read from the outbox). */
function lastResetLink(email: string) {
  const db = openDb();
  try {
    const row = db.prepare("SELECT text FROM email_outbox WHERE to_address = ? AND kind = 'password' ORDER BY id DESC LIMIT 1").get(email) as { text: string } | undefined;
    return row?.text.match(/\/set-password\/[\w-]+/)?.[0] ?? null;
  } finally {
    db.close();
  }
}

test.describe("sign-in", () => {
  test("a town employee signs in through the form, lands on the dashboard and signs out", async ({ page }) => {
    await page.goto("/wg/1");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fwg%2F1/);
    await page.getByLabel("メールアドレス").fill(PERSONAS.staff);
    await page.getByLabel("パスワード").fill("renkei-demo-2026");
    await page.getByRole("button", { name: "ログイン" }).click();
    // Back where they wanted to go, inside the signed-in shell.
    await expect(page).toHaveURL(/\/wg\/1$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("住民記録WG");
    await expect(page.getByText("北川市・構成団体職員")).toBeVisible();

    await page.getByText("北川市・構成団体職員").click();
    await page.getByRole("button", { name: "ログアウト" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("a wrong password says so without telling which of the two was wrong", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("メールアドレス").fill(PERSONAS.lead);
    await page.getByLabel("パスワード").fill("wrong-password");
    await page.getByRole("button", { name: "ログイン" }).click();
    await expect(page.getByRole("alert")).toHaveText("メールアドレスまたはパスワードが正しくありません");
    await page.getByLabel("メールアドレス").fill("nobody@example.jp");
    await page.getByLabel("パスワード").fill("renkei-demo-2026");
    await page.getByRole("button", { name: "ログイン" }).click();
    await expect(page.getByRole("alert")).toHaveText("メールアドレスまたはパスワードが正しくありません");
  });

  test("empty fields get a message next to the field and a 400", async ({ page }) => {
    await page.goto("/login");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "ログイン" }).click(),
    ]);
    expect(response.status()).toBe(400);
    await expect(page.locator(".field-error")).toHaveCount(2);
    await expect(page.locator(".field-error").first()).toHaveText("入力してください");
  });

  test("after 10 failures the account is paused from this address, colleagues here still sign in, and the owner gets in by an e-mailed reset link", async ({ page }) => {
    test.setTimeout(60_000); // a dozen sign-ins, each an argon2 check
    const owner = "staff@higashiyama.demo.renkei.jp"; // no other spec signs in as them
    await page.goto("/login");
    for (let i = 0; i < 10; i++) await submitSignIn(page, owner, `wrong-password-${i}`);
    const refused = await submitSignIn(page, owner, "renkei-demo-2026");
    expect(refused.status()).toBe(429);
    await expect(page.getByRole("alert")).toContainText("このアカウントはログインの失敗が続いたため、一時的にログインできなくなっています。");
    const offer = page.getByRole("button", { name: "パスワード再設定のリンクをメールで受け取る" });
    await expect(offer).toBeVisible();

    // A colleague behind the same address is not affected.
    await page.goto("/login");
    await submitSignIn(page, "welfare@kitagawa.demo.renkei.jp", "renkei-demo-2026");
    await expect(page.getByRole("heading", { name: "ダッシュボード" })).toBeVisible();
    await page.context().clearCookies();

    await page.goto("/login");
    await submitSignIn(page, owner, "renkei-demo-2026");
    await offer.click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await expect(page.getByRole("status")).toContainText("入力されたメールアドレスが Renkei に登録されていれば、パスワード再設定のリンクをお送りしました。");

    const link = lastResetLink(owner);
    expect(link, "a reset link was queued for the owner").toBeTruthy();
    await page.goto(link!);
    await page.getByLabel("新しいパスワード", { exact: true }).fill("inoue-chihiro-2026-new");
    await page.getByLabel("新しいパスワード（確認）").fill("inoue-chihiro-2026-new");
    await page.getByRole("button", { name: "パスワードを設定してログイン" }).click();
    await expect(page.getByRole("heading", { name: "ダッシュボード" })).toBeVisible();

    // The reset lifted the throttle: the owner signs in through the form from the same address.
    await page.context().clearCookies();
    await page.goto("/login");
    await submitSignIn(page, owner, "inoue-chihiro-2026-new");
    await expect(page.getByRole("heading", { name: "ダッシュボード" })).toBeVisible();
  });

  test("a reset link asked for an unknown e-mail gets the same answer", async ({ page }) => {
    await page.goto("/forgot-password");
    await page.getByLabel("メールアドレス").fill("nobody@kitagawa.demo.renkei.jp");
    await page.getByRole("button", { name: "再設定のリンクを送信" }).click();
    await expect(page.getByRole("status")).toContainText("入力されたメールアドレスが Renkei に登録されていれば、パスワード再設定のリンクをお送りしました。");
    expect(lastResetLink("nobody@kitagawa.demo.renkei.jp")).toBeNull();
  });

  test("「すべての端末からログアウト」 ends the sessions on other devices too", async ({ browser }) => {
    const phone = await browser.newContext();
    const desk = await browser.newContext();
    const phonePage = await phone.newPage();
    const deskPage = await desk.newPage();
    await signInAs(phonePage, "kitagawaAdmin");
    await signInAs(deskPage, "kitagawaAdmin");
    await deskPage.goto("/");
    await expect(deskPage.getByRole("heading", { name: "ダッシュボード" })).toBeVisible();

    await phonePage.goto("/account");
    await phonePage.getByRole("button", { name: "すべての端末からログアウト" }).click();
    await expect(phonePage).toHaveURL(/\/login$/);

    await deskPage.reload();
    await expect(deskPage).toHaveURL(/\/login$/);
    await phone.close();
    await desk.close();
  });
});

test("a user can switch the interface to English and back", async ({ page }) => {
  await signInAs(page, "admin@higashiyama.demo.renkei.jp");
  await page.goto("/account");
  await page.getByLabel("表示言語").selectOption("en");
  await page.getByRole("button", { name: "言語を保存" }).click();
  await expect(page.getByText("Language saved.")).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/account");
  await page.getByLabel("Language").selectOption("ja");
  await page.getByRole("button", { name: "Save language" }).click();
  await expect(page.getByText("表示言語を保存しました。")).toBeVisible();
});
