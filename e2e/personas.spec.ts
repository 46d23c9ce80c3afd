import { expect, signInAs, test, type Persona } from "./fixtures";

const NAV: Record<Persona, string[]> = {
  pmo: ["ダッシュボード", "プロジェクト", "WG", "決定事項", "進捗報告", "管理"],
  staff: ["ダッシュボード", "プロジェクト", "WG", "決定事項", "進捗報告"],
  lead: ["ダッシュボード", "プロジェクト", "WG", "決定事項", "進捗報告", "管理"],
  exec: ["ダッシュボード", "決定事項", "進捗報告"],
  vendor: ["ダッシュボード", "WG"],
  kitagawaAdmin: ["ダッシュボード", "プロジェクト", "WG", "決定事項", "進捗報告", "管理"],
};

for (const persona of ["pmo", "staff", "lead", "exec", "vendor"] as const) {
  test(`${persona} sees the navigation their role allows`, async ({ page }) => {
    await signInAs(page, persona);
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "メインメニュー" }).first();
    await expect(nav.getByRole("link")).toHaveText(NAV[persona]);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("ダッシュボード");
  });
}

test("the vendor guest sees a guest banner and only their WG", async ({ page }) => {
  await signInAs(page, "vendor");
  await page.goto("/wg");
  await expect(page.getByRole("status")).toHaveText("ゲストとして参加中（住民記録WG）");
  await expect(page.getByRole("main").getByRole("link")).toHaveText(["住民記録WG"]);
  // Another WG, the member directory's admin pages and projects do not exist for a guest.
  for (const url of ["/wg/2", "/admin/users", "/admin/users/1", "/projects/1", "/reports"]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません");
  }
});

test("leadership reads decisions and reports but no working pages", async ({ page }) => {
  await signInAs(page, "exec");
  for (const url of ["/wg/1", "/projects/1"]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
  }
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("この操作は許可されていません");
  await page.goto("/decisions");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("決定事項");
  // Only decided items: no 起案 or 協議中 in leadership's register.
  await expect(page.getByRole("cell", { name: "協議中", exact: true })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "起案", exact: true })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "決定", exact: true }).first()).toBeVisible();
});

test("town staff without admin rights are refused the user administration", async ({ page }) => {
  await signInAs(page, "staff");
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("link", { name: "ダッシュボードへ戻る" })).toBeVisible();
});

test("an unknown page shows the Japanese 404 page with a way back", async ({ page }) => {
  await signInAs(page, "staff");
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません");
  await page.getByRole("link", { name: "ダッシュボードへ戻る" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ダッシュボード");
});

test("the shell works on a phone-width screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "staff");
  await page.goto("/");
  await page.getByText("メニュー", { exact: true }).click();
  await page.getByRole("navigation", { name: "メインメニュー" }).last().getByRole("link", { name: "WG" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("WG一覧");
});
