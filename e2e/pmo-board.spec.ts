// The PMO board (/projects/:id/board): the PMO reaches it from the project page, every
// number is a link to the list behind it, the charts are real SVG images with text
// alternatives, the page is accessible at desktop and phone widths; members see the same
// glass-walled board, leadership and vendors cannot reach it.
import fs from "node:fs";
import { expect, seriousA11yViolations, signInAs, test } from "./fixtures";

const SHOTS = process.env.E2E_SHOTS_DIR;
async function shoot(page: import("@playwright/test").Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  // Phone-width pages are long: also in screen-sized pieces, readable one by one.
  const width = page.viewportSize()?.width ?? 1280;
  if (width < 500) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, i = 1; y < height; y += 1200, i++) {
      await page.screenshot({ path: `${SHOTS}/${name}-part${i}.png`, fullPage: true, clip: { x: 0, y, width, height: Math.min(1200, height - y) } });
    }
  }
}

test("the PMO opens the board and follows a number to the list behind it", async ({ page }) => {
  await signInAs(page, "pmo");
  await page.goto("/projects/1");
  await page.getByRole("link", { name: "PMOボード（全体の状況）" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /PMOボード/ })).toBeVisible();

  // Per WG, town × WG matrix, charts, meetings, decisions, milestones.
  for (const name of ["WGごとの課題", "団体 × WG：どこに何が残っているか", "未完了の課題の推移（直近12週・WG別）", "今月の会議と議事録の確認", "各団体の対応を待っている決定事項", "節目（マイルストーン）"]) {
    await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  }
  const trend = page.getByRole("img", { name: /未完了の課題の推移/ });
  await expect(trend).toBeVisible();
  expect(await trend.locator("polyline").count()).toBe(4);
  await expect(page.getByRole("img", { name: /団体ごとの意思表示の状況/ })).toBeVisible();
  // The numbers behind the chart, as a table.
  await page.getByText("数値を表で見る").first().click();
  await expect(page.getByRole("table", { name: /未完了の課題の推移/ })).toBeVisible();

  // The matrix: 東山村 has not stated its stance on decisions in consultation → the decision log, filtered.
  const matrix = page.locator("table.board-matrix");
  const higashiyama = matrix.getByRole("row", { name: /東山村/ });
  const stanceLink = higashiyama.locator(`a[href*="missing=3"]`);
  await expect(stanceLink).toHaveAttribute("href", `/decisions?project=1&status=${encodeURIComponent("協議中")}&missing=3`);

  expect(await seriousA11yViolations(page)).toEqual([]);
  await shoot(page, "board-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, "board-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Overdue issues of 住民記録WG: the number equals the total of the list it opens.
  const row = page.locator("table.board-table").getByRole("row", { name: /住民記録WG/ });
  const overdue = row.locator('a[href*="overdue=1"]');
  const n = Number(await overdue.textContent());
  expect(n).toBeGreaterThan(0);
  await overdue.click();
  await expect(page).toHaveURL(/\/wg\/1\/issues\?overdue=1/);
  await expect(page.getByText(new RegExp(`^${n}件中`)).first()).toBeVisible();
});

test("members see the board; leadership and vendors cannot reach it", async ({ page }) => {
  await signInAs(page, "staff");
  await page.goto("/projects/1/board");
  await expect(page.getByRole("heading", { level: 1, name: /PMOボード/ })).toBeVisible();
  // Only the PMO writes reports.
  await expect(page.getByRole("link", { name: "進捗報告を作成" })).toHaveCount(0);

  for (const persona of ["exec", "vendor"] as const) {
    await page.context().clearCookies();
    await signInAs(page, persona);
    const response = await page.goto("/projects/1/board");
    expect(response?.status()).toBe(404);
  }
});
