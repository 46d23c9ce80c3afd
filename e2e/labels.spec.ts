// The consortium's labels (/admin/labels): the PMO adds the hearing checklist's labels and its
// own, renames, archives (no longer offered on a new issue) and merges; others get 404.
import { expect, seriousA11yViolations, signInAs, test } from "./fixtures";

test("the PMO manages the labels; an archived one is not offered on a new issue", async ({ page, browser }) => {
  const stamp = Date.now() % 100000;
  const a = `外字${stamp}`;
  const b = `様式${stamp}`;
  await signInAs(page, "pmo");
  await page.goto("/admin/consortium");
  await page.getByRole("link", { name: "ラベル", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/labels$/);
  expect(await seriousA11yViolations(page)).toEqual([]);

  await page.getByRole("button", { name: "ヒアリング項目のラベルを追加" }).click();
  await expect(page.getByRole("status")).toContainText(/ヒアリング項目のラベルを\d+件追加しました/);
  await expect(page.getByLabel("「自動化候補」のラベル名")).toBeVisible();

  // A name is required; then two labels.
  const add = page.getByRole("region", { name: "ラベルを追加", exact: true });
  await add.getByRole("button", { name: "追加", exact: true }).click();
  await expect(add.getByLabel("ラベル名")).toHaveAccessibleDescription(/ラベル名を入力してください/);
  for (const name of [a, b]) {
    await add.getByLabel("ラベル名").fill(name);
    await add.getByRole("button", { name: "追加", exact: true }).click();
    await expect(add.getByRole("status")).toHaveText(`ラベル「${name}」を追加しました。`);
  }
  // Renaming to a name in use is refused; a new name is kept.
  await page.getByLabel(`「${b}」のラベル名`).fill(a);
  await page.getByRole("button", { name: `「${b}」の変更を保存` }).click();
  await expect(page.getByRole("alert").filter({ hasText: "同じ名前のラベルがすでにあります" })).toBeVisible();
  await page.getByLabel(`「${b}」のラベル名`).fill(`帳票${b}`);
  await page.getByRole("button", { name: `「${b}」の変更を保存` }).click();
  await expect(page.getByRole("status")).toHaveText(`ラベル「帳票${b}」を保存しました。`);

  await page.getByRole("button", { name: `「${a}」を使用停止にする` }).click();
  await expect(page.getByRole("status")).toHaveText(`ラベル「${a}」を使用停止にしました。`);
  await expect(page.getByRole("row", { name: new RegExp(a) })).toContainText("使用停止");

  await page.goto("/issues/new?wg=1");
  await expect(page.getByRole("checkbox", { name: `帳票${b}` })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: a })).toHaveCount(0);

  // Merging the archived label into the other deletes it.
  await page.goto("/admin/labels");
  page.once("dialog", (d) => void d.accept());
  const merge = page.getByRole("region", { name: "ラベルの統合" });
  await merge.getByLabel("統合元（削除されます）").selectOption({ label: a });
  await merge.getByLabel("統合先").selectOption({ label: `帳票${b}` });
  await merge.getByRole("button", { name: "統合" }).click();
  await expect(merge.getByRole("status")).toHaveText(`ラベルを「帳票${b}」に統合しました。`);
  await expect(page.getByLabel(`「${a}」のラベル名`)).toHaveCount(0);

  for (const persona of ["lead", "vendor"] as const) {
    const other = await browser.newPage();
    await signInAs(other, persona);
    expect((await other.goto("/admin/labels"))?.status(), persona).toBe(404);
    await other.close();
  }
});
