// Deleting what was entered by mistake: the PMO deletes an issue with a reason, it is gone for
// everyone (page, list, search), and comes back from 「削除した課題」; an empty organization
// is deleted, one with people is not.
import { expect, signInAs, test } from "./fixtures";

const JUMIN_WG = 1;
const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

test("the PMO deletes an issue made by mistake, and restores it", async ({ page, browser }) => {
  const title = `誤って登録した課題 ${unique()}`;
  await signInAs(page, "pmo");
  await page.goto(`/issues/new?wg=${JUMIN_WG}`);
  await page.getByLabel("件名").fill(title);
  await page.getByRole("button", { name: "登録", exact: true }).click();
  await expect(page).toHaveURL(/\/issues\/\d+$/);
  const number = Number(new URL(page.url()).pathname.split("/").pop());

  // A reason is required; then the issue goes and the list of deleted ones says so.
  await page.getByText("この課題を削除").click();
  await page.getByRole("button", { name: `#${number} を削除する` }).click();
  await expect(page.getByLabel("削除する理由")).toHaveAccessibleDescription(/入力してください/);
  await page.getByLabel("削除する理由").fill("二重に登録したため");
  await page.getByRole("button", { name: `#${number} を削除する` }).click();
  await expect(page).toHaveURL(/\/admin\/deleted-issues\?deleted=/);
  await expect(page.getByRole("status")).toContainText(`#${number} を削除しました。`);
  const row = page.getByRole("row", { name: new RegExp(title) });
  await expect(row).toContainText("二重に登録したため");
  await expect(row).toContainText("佐藤 美咲");

  // Gone for everyone: the page, the WG's list, the search.
  const staff = await browser.newPage();
  await signInAs(staff, "staff");
  for (const p of [page, staff]) {
    expect((await p.goto(`/issues/${number}`))?.status()).toBe(404);
    await p.goto(`/wg/${JUMIN_WG}/issues?status=all`);
    await expect(p.getByRole("main")).not.toContainText(title);
    await p.goto(`/search?q=${encodeURIComponent(title)}`);
    await expect(p.getByRole("main")).toContainText("に一致する課題やコメントはありません");
  }
  // Nobody but the PMO sees the deleted ones or the delete button.
  expect((await staff.goto("/admin/deleted-issues"))?.status()).toBe(404);
  await staff.close();
  const vendor = await browser.newPage();
  await signInAs(vendor, "vendor");
  expect((await vendor.goto("/admin/deleted-issues"))?.status()).toBe(404);
  await vendor.close();

  await page.goto("/admin/deleted-issues");
  await page.getByRole("button", { name: `#${number} を元に戻す` }).click();
  await expect(page).toHaveURL(new RegExp(`/issues/${number}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  await page.goto("/admin/deleted-issues");
  await expect(page.getByRole("main")).not.toContainText(title);
});

test("town staff see no delete button on an issue", async ({ page }) => {
  await signInAs(page, "staff");
  await page.goto("/issues/1");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("この課題を削除")).toHaveCount(0);
});

test("an empty organization is deleted; one with people is not", async ({ page }) => {
  const name = `誤登録の団体${unique()}`;
  await signInAs(page, "pmo");
  await page.goto("/admin/organizations");
  await page.getByLabel("種別").selectOption({ label: "その他" });
  await page.getByLabel("団体名", { exact: true }).fill(name);
  await page.getByRole("button", { name: "団体を追加" }).click();
  await expect(page.getByRole("status")).toContainText(`「${name}」を登録しました。`);

  // One with people: refused, and told why.
  await page.getByRole("link", { name: "南浜町" }).first().click();
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "団体を削除する" }).click();
  await expect(page.getByRole("alert")).toHaveText("職員が登録されている団体は削除できません。");

  await page.goto("/admin/organizations");
  await page.getByRole("link", { name }).click();
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "団体を削除する" }).click();
  await expect(page).toHaveURL(/\/admin\/organizations$/);
  await expect(page.getByRole("main")).not.toContainText(name);
});
