// Importing issues (/admin/import): an Excel 課題管理表, Redmine's CSV (CP932) and JSON, and
// Backlog's CSV, each through upload → columns and values → preview → import; a file with
// errors shows each at its row and cell and imports nothing; a file over 20 MB answers 413;
// whoever may not import gets 404. Other specs share the demo database: the lists are checked
// through this import's own filter, never by their order.
import { expect, seriousA11yViolations, signInAs, test, type Persona } from "./fixtures";
import type { Page } from "@playwright/test";

const SAMPLES = "/work/shared/samples";

async function upload(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }, wg = "文書管理検討WG") {
  const select = page.getByLabel("取り込み先の WG");
  await select.selectOption((await select.locator("option", { hasText: wg }).first().getAttribute("value"))!);
  await page.getByLabel("ファイル", { exact: true }).setInputFiles(file);
  await page.getByRole("button", { name: "読み込む" }).click();
}

/** From the preview: import, wait for the counts, open the WG's list of what was imported. */
async function runImport(page: Page, count: number) {
  await page.getByRole("button", { name: `${count}件を取り込む` }).click();
  await expect(page.getByRole("heading", { name: "取り込みが完了しました" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("status")).toContainText(`懸案事項 ${count}件`);
  await page.getByRole("link", { name: "取り込んだ懸案事項の一覧を見る" }).click();
  await expect(page).toHaveURL(/\/wg\/\d+\/issues\?import=\d+/);
  await expect(page.getByText("1回の取り込みで登録した懸案事項だけを表示しています。")).toBeVisible();
  await expect(page.getByText(`${count}件中`).first()).toBeVisible();
}

test("the PMO imports the Excel 課題管理表: 保留 is confirmed, towns are matched, 25 issues are created", async ({ page }) => {
  await signInAs(page, "pmo");
  await page.goto("/admin");
  await page.getByRole("link", { name: "取り込み", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/import$/);
  await expect(page.getByRole("link", { name: "職員を一括登録" })).toHaveAttribute("href", "/admin/import/people");
  expect(await seriousA11yViolations(page)).toEqual([]);

  await upload(page, `${SAMPLES}/kadai-kanri-sample.xlsx`);
  await expect(page).toHaveURL(/\/admin\/import\/issues\/\d+$/);
  await expect(page.getByText("課題管理表「kadai-kanri-sample.xlsx」 25行")).toBeVisible();
  await expect(page.getByLabel("「件名」の取り込み先")).toHaveValue("title");
  await expect(page.getByLabel("「期限」の取り込み先")).toHaveValue("dueOn");
  await expect(page.getByLabel("「北川市」の団体")).toHaveValue(/\d+/);
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Without a meaning for 保留 its five rows are errors at their cell; then it is confirmed.
  await page.getByLabel("「保留」の状況").selectOption("");
  await page.getByRole("button", { name: "内容を確認する" }).click();
  const errors = page.getByRole("region", { name: /エラー（5件）/ });
  await expect(errors).toBeVisible();
  await expect(errors.getByRole("row", { name: /^9行目 状況 「保留」は分かりません/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /件を取り込む/ })).toHaveCount(0);

  await page.getByRole("link", { name: "列と値の対応に戻る" }).click();
  await page.getByLabel("「保留」の状況").selectOption("対応中");
  await page.getByRole("button", { name: "内容を確認する" }).click();
  await expect(page.getByText("懸案事項 25件")).toBeVisible();
  await expect(page.getByRole("row", { name: /異動届の受付画面（西原市）/ }).first()).toContainText("未割当（元: 担当4）");
  expect(await seriousA11yViolations(page)).toEqual([]);
  await runImport(page, 25);
  await expect(page.getByRole("link", { name: "異動届の受付画面（西原市）" }).first()).toBeVisible();
});

test("a WG lead imports Redmine's CSV in CP932 from the WG's list; 「Redmine #9985」 is found by search", async ({ page }) => {
  // (Imports go to WGs whose lists no other spec counts.)
  await signInAs(page, "welfare@chuo.demo.renkei.jp");
  await page.goto("/wg/3/issues");
  await page.getByRole("link", { name: "課題を取り込む" }).click();
  await expect(page).toHaveURL(/\/admin\/import\?wg=3$/);
  await upload(page, `${SAMPLES}/redmine-issues-ja-cp932.csv`, "福祉WG");
  await expect(page.getByText("Redmine の CSV「redmine-issues-ja-cp932.csv」 30行")).toBeVisible();
  await expect(page.getByLabel("「題名」の取り込み先")).toHaveValue("title");
  await expect(page.getByLabel("「作成者」の取り込み先")).toHaveValue("meta");
  await expect(page.getByLabel("「予定工数」の取り込み先")).toHaveValue("skip");
  await expect(page.getByLabel("「フィードバック」の状況")).toHaveValue("回答待ち");
  await page.getByRole("button", { name: "内容を確認する" }).click();
  await expect(page.getByText("懸案事項 30件")).toBeVisible();
  await expect(page.getByRole("row", { name: /Redmine #9999/ })).toBeVisible();
  await runImport(page, 30);

  for (const q of ["Redmine #9985", "9985"]) {
    await page.goto(`/search?q=${encodeURIComponent(q)}`);
    await expect(page.getByRole("link", { name: /課題 9985/ }).first()).toBeVisible();
  }
});

test("Redmine's JSON: journals become comments under their authors and dates", async ({ page }) => {
  await signInAs(page, "pmo");
  await page.goto("/admin/import");
  await upload(page, `${SAMPLES}/redmine-api-issues.json`);
  await expect(page.getByText("Redmine の JSON は項目が決まっているため")).toBeVisible();
  await page.getByRole("button", { name: "内容を確認する" }).click();
  await expect(page.getByText("コメント 10件")).toBeVisible();
  await runImport(page, 5);
  await page.getByRole("link", { name: /国民健康保険資格取得 業務フロー見直し 課題 6/ }).first().click();
  await expect(page.getByText("Redmine #6", { exact: false }).first()).toBeVisible();
  const comment = page.locator(".comment").filter({ hasText: "テスト環境で再現しました。ログを確認中。" });
  await expect(comment).toContainText("一郎 山田");
  await expect(comment).toContainText("2022年6月14日");
  await expect(comment).toContainText("取り込み");
});

test("Backlog's CSV", async ({ page }) => {
  await signInAs(page, "pmo");
  await page.goto("/admin/import");
  await upload(page, "app/import/fixtures/backlog-issues.csv");
  await expect(page.getByText("Backlog の CSV「backlog-issues.csv」 4行")).toBeVisible();
  await page.getByRole("button", { name: "内容を確認する" }).click();
  await runImport(page, 4);
  await expect(page.getByRole("link", { name: "転出証明書の様式差異" }).first()).toBeVisible();
});

test("a file with errors shows each at its row and cell and imports nothing", async ({ page }) => {
  const stamp = Date.now() % 100000;
  await signInAs(page, "pmo");
  await page.goto("/admin/import");
  const csv = `件名,状況,期限\r\n取り込めない行のある表${stamp},対応中,R7.2.30\r\n,未着手,R7.3.1\r\n正しい行${stamp},完了,2025/3/1\r\n`;
  await upload(page, { name: "errors.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "内容を確認する" }).click();
  const errors = page.getByRole("region", { name: /エラー（2件）/ });
  await expect(errors.getByRole("row", { name: /^2行目 期限 日付として読めません/ })).toBeVisible();
  await expect(errors.getByRole("row", { name: /^3行目 件名 件名がありません/ })).toBeVisible();
  await expect(page.getByText("エラーのある行 2件")).toBeVisible();
  await expect(page.getByRole("button", { name: /件を取り込む/ })).toHaveCount(0);
  await page.goto(`/search?q=${encodeURIComponent(`正しい行${stamp}`)}`);
  await expect(page.getByRole("link", { name: `正しい行${stamp}` })).toHaveCount(0);

  // Not an issue list at all: said at the file field.
  await page.goto("/admin/import");
  await upload(page, { name: "名簿.csv", mimeType: "text/csv", buffer: Buffer.from("名前,住所\r\n山田,北川市\r\n") });
  await expect(page.getByLabel("ファイル", { exact: true })).toHaveAccessibleDescription(/このファイルは取り込めません: 課題の一覧として読めませんでした/);
});

test("a file over 20 MB answers 413 with a Japanese message", async ({ page }) => {
  await signInAs(page, "pmo");
  await page.goto("/admin/import");
  const big = Buffer.alloc(21 * 1024 * 1024, 0x61);
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/admin/import"));
  await upload(page, { name: "大きい.csv", mimeType: "text/csv", buffer: big });
  expect((await answered).status()).toBe(413);
  await expect(page.getByLabel("ファイル", { exact: true })).toHaveAccessibleDescription(/ファイルが大きすぎます/);
});

test("whoever may not import gets 404; a town admin sees only the people link", async ({ browser }) => {
  for (const persona of ["vendor", "staff", "exec"] as Persona[]) {
    const page = await browser.newPage();
    await signInAs(page, persona);
    expect((await page.goto("/admin/import"))?.status(), persona).toBe(404);
    expect((await page.goto("/admin/import/issues/1"))?.status(), persona).toBe(404);
    const origin = test.info().project.use.baseURL!;
    const posted = await page.request.post("/admin/import", { headers: { Origin: origin }, multipart: { wgId: "5", file: { name: "a.csv", mimeType: "text/csv", buffer: Buffer.from("件名,状況,期限\r\nx,未着手,\r\n") } } });
    expect(posted.status(), persona).toBe(404);
    await page.close();
  }
  const page = await browser.newPage();
  await signInAs(page, "kitagawaAdmin");
  expect((await page.goto("/admin/import"))?.status()).toBe(200);
  await expect(page.getByRole("link", { name: "職員を一括登録" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "課題を取り込む" })).toHaveCount(0);
  await page.close();
});
