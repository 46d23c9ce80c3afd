// Progress reports end to end: the PMO writes a report (figures frozen, lights and
// highlights), publishes it; the executive sees it on the dashboard, reads it, opens the A4
// print view and the server-made PDF, and cannot reach drafts or internal pages; the PMO
// sees the executive in the read list; a published report refuses edits (409).
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { expect, openDb, seriousA11yViolations, signInAs, test } from "./fixtures";

const SHOTS = process.env.E2E_SHOTS_DIR;
async function shoot(page: Page, name: string) {
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

async function actAs(page: Page, persona: "pmo" | "exec" | "staff" | "vendor") {
  await page.context().clearCookies();
  await signInAs(page, persona);
}

/** YYYY-MM of the month `offset` months from now, in Japan. */
function monthFromNow(offset: number) {
  const jst = new Date(Date.now() + 9 * 3_600_000);
  const d = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
}

const draftId = () => {
  const db = openDb();
  try {
    return (db.prepare("SELECT id FROM progress_report WHERE status = '下書き' ORDER BY id LIMIT 1").get() as { id: number }).id;
  } finally {
    db.close();
  }
};

test("the PMO publishes a report; the executive reads and prints it; the PMO sees who read it", async ({ page }) => {
  test.setTimeout(120_000);
  const period = monthFromNow(2);
  const [y, m] = period.split("-").map(Number);
  const title = `E2E ${y}年${m}月 進捗報告 ${Date.now()}`;

  // --- the PMO writes the report -------------------------------------------------------
  await actAs(page, "pmo");
  await page.goto("/reports");
  await page.getByRole("link", { name: "進捗報告を作成" }).click();
  await expect(page.getByRole("heading", { name: "進捗報告の作成" })).toBeVisible();
  // This month already has the seeded draft: refused next to the field, nothing created.
  await page.getByLabel("対象期間").fill(monthFromNow(0));
  await page.getByRole("button", { name: "数値を取り込んで下書きを作成" }).click();
  await expect(page.getByText("このプロジェクトのこの期間の報告はすでにあります。")).toBeVisible();

  await page.getByLabel("対象期間").fill(period);
  await page.getByLabel("件名").fill(title);
  await page.getByLabel("報告先").selectOption("経営層");
  await page.getByRole("button", { name: "数値を取り込んで下書きを作成" }).click();
  await expect(page.getByRole("heading", { name: "進捗報告の編集（下書き）" })).toBeVisible();
  await expect(page.getByText(/数値は .* 時点のものです/)).toBeVisible();

  await page.getByLabel("概況（本文）").fill("要求仕様書（案）の確定が遅れています。**外字の扱い**は決定しました。");
  const jumin = page.getByRole("group", { name: "住民記録WG" });
  await jumin.getByLabel("信号").selectOption("遅延");
  await jumin.getByLabel("理由（一行）").fill("期限超過の課題が4件あり、仕様書確定が2週間遅れ");
  const higashiyama = page.getByRole("group", { name: "東山村" });
  await higashiyama.getByLabel("信号").selectOption("注意");
  await higashiyama.getByLabel("理由（一行）").fill("回線費用の按分について庁内説明中");
  await page.getByLabel("判断・対応をお願いしたいこと").fill("ガバメントクラウド接続回線の按分方式を各団体で決裁してください");
  // Too long a reason: refused next to the field (400), nothing saved.
  // (The field stops typing at 120 characters; a request without the browser's limit is refused.)
  const zeimu = page.getByRole("group", { name: "税務WG" }).getByLabel("理由（一行）");
  await zeimu.evaluate((el) => el.removeAttribute("maxlength"));
  await zeimu.fill("長".repeat(121));
  await page.getByRole("button", { name: "保存して確認" }).click();
  await expect(page.getByText("理由は120文字以内の一行にしてください。")).toBeVisible();
  await page.getByRole("group", { name: "税務WG" }).getByLabel("理由（一行）").fill("特別徴収の検証は順調");
  await page.getByRole("button", { name: "保存して確認" }).click();

  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("下書き", { exact: true }).first()).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "公開する" }).click();
  await expect(page.getByText("公開しました。")).toBeVisible();
  const reportId = Number(new URL(page.url()).pathname.split("/")[2]);
  // Lights and the chart are in the published report.
  await expect(page.getByRole("row", { name: /住民記録WG.*遅延.*期限超過の課題が4件/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /WGごとの未完了の課題/ })).toBeVisible();
  await shoot(page, "report-pmo-1280");

  // Published = immutable: the edit page answers 409.
  const edit = await page.request.get(`/reports/${reportId}/edit`);
  expect(edit.status()).toBe(409);

  // --- the executive -------------------------------------------------------------------
  await actAs(page, "exec");
  await page.goto("/");
  const briefing = page.getByRole("region", { name: "推進本部向け：最新の進捗報告" });
  await expect(briefing.getByRole("link", { name: title })).toBeVisible();
  await expect(briefing.getByRole("heading", { name: "この報告のあとに決定した事項" })).toBeVisible();
  // Nothing else to distract: no issue lists, no WGs.
  await expect(page.getByRole("heading", { name: "自分の担当", exact: true })).toHaveCount(0);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await shoot(page, "dashboard-exec-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, "dashboard-exec-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  await briefing.getByRole("link", { name: "報告を読む" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  // The executive version: summary, asks, lights, one chart — and no detail tables.
  await expect(page.getByRole("heading", { name: "判断・対応をお願いしたいこと" })).toBeVisible();
  await expect(page.getByText("ガバメントクラウド接続回線の按分方式を各団体で決裁してください")).toBeVisible();
  await expect(page.locator("article.report-doc").getByRole("img")).toHaveCount(1);
  await expect(page.getByRole("heading", { name: "WGごとの数値" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "公開する" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "訂正版を作成" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: /既読/ })).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, "report-exec-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  // The A4 print view, as the printer sees it.
  await page.getByRole("link", { name: "印刷用表示（A4）" }).click();
  await expect(page).toHaveURL(new RegExp(`/reports/${reportId}/print$`));
  await expect(page.getByText("さくら広域自治体クラウド協議会").first()).toBeVisible();
  await expect(page.getByText(`${y}年${m}月分`).first()).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 794, height: 1123 });
  await shoot(page, "report-print-a4");
  const browserPdf = await page.pdf({ preferCSSPageSize: true });
  if (SHOTS) fs.writeFileSync(`${SHOTS}/report-browser.pdf`, browserPdf);
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The PDF made on the server: A4 portrait (595×842 pt), more than nothing.
  const pdf = await page.request.get(`/reports/${reportId}.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  if (SHOTS) fs.writeFileSync(`${SHOTS}/report-server.pdf`, bytes);
  const pdfText = bytes.toString("latin1");
  const boxes = [...pdfText.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((b) => [Math.round(Number(b[1])), Math.round(Number(b[2]))]);
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) expect(box).toEqual([595, 842]);

  // JSON for open data.
  const data = await (await page.request.get(`/reports/${reportId}.json`)).json();
  expect(data.period).toBe(period);
  expect(data.lights.wgs["1"]).toEqual({ light: "遅延", reason: "期限超過の課題が4件あり、仕様書確定が2週間遅れ" });
  expect(data.figures.wgs).toHaveLength(4);

  // Drafts and internal pages are out of reach (404, as if they did not exist).
  const draft = draftId();
  for (const url of [`/reports/${draft}`, `/reports/${draft}/print`, `/reports/${draft}.pdf`, `/reports/${draft}.json`, "/projects/1/board", "/projects/1", "/wg/1", "/issues"]) {
    const res = await page.request.get(url, { maxRedirects: 0 });
    expect([403, 404], url).toContain(res.status());
  }
  const list = await page.request.get("/reports");
  expect(await list.text()).not.toContain("下書き</span>");
  expect((await page.request.get("/reports/new")).status()).toBe(403);

  // --- the PMO sees who read it --------------------------------------------------------
  await actAs(page, "pmo");
  await page.goto(`/reports/${reportId}`);
  const readers = page.getByRole("region", { name: "既読（誰がいつ読んだか）" });
  await expect(readers.getByRole("row", { name: /経営層/ })).toBeVisible();
  await shoot(page, "report-readers-1280");
});

test("a report for officers (担当者) shows the detailed figures and charts", async ({ page }) => {
  await actAs(page, "pmo");
  await page.goto("/reports/new?project=1");
  await page.getByLabel("対象期間").fill(monthFromNow(3));
  await page.getByLabel("報告先").selectOption("担当者");
  await page.getByRole("button", { name: "数値を取り込んで下書きを作成" }).click();
  await expect(page.getByRole("heading", { name: "進捗報告の編集（下書き）" })).toBeVisible();
  // Figures can be taken again while it is a draft.
  await page.getByRole("button", { name: "数値を取り直す" }).click();
  await expect(page.getByText("数値を取り直しました。")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await shoot(page, "report-edit-1280");
  await page.getByRole("button", { name: "保存して確認" }).click();
  for (const name of ["決まったこと", "節目（マイルストーン）", "WGごとの数値", "団体ごとの決定事項への対応", "未完了の課題の推移（直近12週・WG別）"]) {
    await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
  }
  await expect(page.locator("article.report-doc").getByRole("img")).toHaveCount(2);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await shoot(page, "report-officer-1280");
  // A draft: delete it again, so the list stays tidy.
  await page.getByRole("button", { name: "この下書きを削除" }).click();
  await expect(page.getByText("下書きを削除しました。")).toBeVisible();
});

test("a vendor guest never sees reports", async ({ page }) => {
  await actAs(page, "vendor");
  expect((await page.request.get("/reports")).status()).toBe(404);
  expect((await page.request.get("/reports/1")).status()).toBe(404);
  expect((await page.request.get("/reports/1.pdf")).status()).toBe(404);
});
