// The consortium's settings (/admin/consortium): the PMO's alone; a change is saved, kept in the
// discussion rules' history, and shown on the meeting page's board.
import { expect, seriousA11yViolations, signInAs, test } from "./fixtures";

test("the PMO sets the discussion rules; members see them on the board, and not the settings", async ({ page, browser }) => {
  await signInAs(page, "pmo");
  await page.goto("/admin");
  await page.getByRole("link", { name: "協議会の設定" }).click();
  await expect(page).toHaveURL(/\/admin\/consortium$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("協議会の設定");
  await expect(page.getByLabel("協議会の名称")).toHaveValue("さくら広域自治体クラウド協議会");
  expect(await seriousA11yViolations(page)).toEqual([]);

  // A name is required; what was typed stays.
  await page.getByLabel("協議会の名称").fill("");
  await page.getByLabel("ディスカッションルール", { exact: true }).fill("- 書きかけ");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByLabel("協議会の名称")).toHaveAccessibleDescription(/入力してください/);
  await expect(page.getByLabel("ディスカッションルール", { exact: true })).toHaveValue("- 書きかけ");

  const rules = `## 会議のルール（e2e ${Date.now()}）\n- 発言は付箋に書いてから\n- 相手の意見を否定しない`;
  await page.getByLabel("協議会の名称").fill("さくら広域自治体クラウド協議会");
  await page.getByLabel("ディスカッションルール", { exact: true }).fill(rules);
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("協議会の設定を保存しました。");
  await page.getByRole("heading", { name: "ディスカッションルールの変更履歴" }).scrollIntoViewIfNeeded();
  await page.locator(".rules-history summary").first().click();
  await expect(page.locator(".rules-history pre").first()).toHaveText(rules);

  // A member sees the rules on a meeting's board, and no settings page.
  const member = await browser.newPage();
  await signInAs(member, "staff");
  expect((await member.goto("/admin/consortium"))?.status()).toBe(404);
  await member.goto("/wg/1/meetings");
  await member.locator("a[href^='/meetings/']:not([href$='/new'])").first().click();
  const shown = member.locator(".discussion-rules");
  // Open while a meeting is in progress, closed otherwise: open it either way.
  if ((await shown.getAttribute("open")) === null) await shown.locator("summary").click();
  await expect(shown).toContainText("会議のルール（e2e");
  await expect(shown.getByRole("listitem").first()).toHaveText("発言は付箋に書いてから");
  await member.close();

  // Nor does a vendor.
  const vendor = await browser.newPage();
  await signInAs(vendor, "vendor");
  expect((await vendor.goto("/admin/consortium"))?.status()).toBe(404);
  await vendor.close();
});
