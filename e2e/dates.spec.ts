// Dates are typed as people write them: 和暦 (R8.12.24, 令和8年12月24日) or 2026/12/24; the field
// says how it reads them, and a date that cannot be read is refused at the field.
import { expect, signInAs, test } from "./fixtures";

test("a due date typed in 和暦 is read, shown and saved", async ({ page }) => {
  await signInAs(page, "pmo");
  await page.goto("/issues/new?wg=1");
  await page.getByLabel("件名").fill(`和暦の期限 ${Date.now()}`);
  const due = page.getByLabel("期限", { exact: true });
  await due.fill("令和8年13月1日");
  await expect(due).toHaveAccessibleDescription(/日付として読めません/);
  await page.getByRole("button", { name: "登録", exact: true }).click();
  await expect(page.getByLabel("期限", { exact: true })).toHaveAccessibleDescription(/期限/);
  await expect(page.getByLabel("期限", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("期限", { exact: true }).fill("R8.12.24");
  await expect(page.getByLabel("期限", { exact: true })).toHaveAccessibleDescription(/2026年12月24日\(木\) として受け付けます/);
  await page.getByRole("button", { name: "登録", exact: true }).click();
  await expect(page).toHaveURL(/\/issues\/\d+$/);
  await expect(page.locator(".facts")).toContainText("2026年12月24日(木)");
});
