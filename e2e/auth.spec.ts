import { expect, PERSONAS, signInAs, test } from "./fixtures";

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
