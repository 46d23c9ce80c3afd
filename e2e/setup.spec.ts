// A new installation without the demo (the second server of playwright.config.ts): the
// one-time setup link from `npm run setup-url`, the setup form with its checks, the first PMO
// signed in, and the page gone afterwards.
import { execFileSync, spawnSync } from "node:child_process";
import { expect, seriousA11yViolations, test } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 1;
const BASE = `http://localhost:${PORT}`;
const env = { ...process.env, DATABASE_PATH: "e2e/.data/fresh/renkei.db", DATA_DIR: "e2e/.data/fresh", SEED_DEMO: "0", APP_URL: BASE };

test("the first setup creates the consortium and its first PMO, once", async ({ page }) => {
  test.slow();
  const printed = execFileSync("npx", ["tsx", "db/setup.ts", "url"], { env, encoding: "utf8" });
  const link = /(http:\/\/\S+\/setup\?token=[\w-]+)/.exec(printed)?.[1];
  expect(link, printed).toBeTruthy();

  // Without the token, or with a wrong one, there is no such page.
  for (const url of [`${BASE}/setup`, `${BASE}/setup?token=wrong`]) expect((await page.goto(url))?.status(), url).toBe(404);

  // Bad bodies are refused with a 4xx and write nothing.
  for (const [body, type] of [["{\"consortiumName\":\"x\"}", "application/json"], ["x".repeat(200_000), "application/x-www-form-urlencoded"], ["", "text/plain"]]) {
    const response = await page.request.post(link!, { data: body, headers: { "content-type": type, origin: BASE } });
    expect(response.status(), type).toBeGreaterThanOrEqual(400);
    expect(response.status(), type).toBeLessThan(500);
  }
  expect((await page.request.post(`${BASE}/setup?token=wrong`, { form: { consortiumName: "x" }, headers: { origin: BASE } })).status()).toBe(404);

  await page.goto(link!);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Renkei の初期設定");
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "登録して始める" }).click();
  await expect(page.getByLabel("協議会の名称")).toHaveAccessibleDescription(/入力してください/);
  await expect(page.getByLabel("メールアドレス")).toHaveAccessibleDescription(/入力してください/);

  await page.getByLabel("協議会の名称").fill("北部広域 自治体システム標準化協議会");
  await page.getByLabel("連携の形態").selectOption("連携協約");
  await expect(page.getByLabel("年度の始まり")).toHaveValue("4");
  await page.getByLabel("決定のルール").selectOption({ label: "3分の2以上（参加団体の3分の2以上の賛成・条件付賛成で決定）" });
  await page.getByLabel("事務局の団体名").fill("北川市");
  await page.getByLabel("氏名").fill("山田 花子");
  await page.getByLabel("ふりがな").fill("やまだ はなこ");
  await page.getByLabel("所属", { exact: true }).fill("情報政策課");
  await page.getByLabel("メールアドレス").fill("yamada@city.kitagawa.lg.jp");
  await page.getByLabel("新しいパスワード", { exact: true }).fill("kitagawa-setup-2026");
  await page.getByLabel("新しいパスワード（確認）").fill("kitagawa-setup-2027");
  await page.getByRole("button", { name: "登録して始める" }).click();
  await expect(page.getByLabel("新しいパスワード（確認）")).toHaveAccessibleDescription(/一致しません/);
  // What was typed stays (passwords aside).
  await expect(page.getByLabel("協議会の名称")).toHaveValue("北部広域 自治体システム標準化協議会");
  await expect(page.getByLabel("連携の形態")).toHaveValue("連携協約");

  await page.getByLabel("新しいパスワード", { exact: true }).fill("kitagawa-setup-2026");
  await page.getByLabel("新しいパスワード（確認）").fill("kitagawa-setup-2026");
  await page.getByRole("button", { name: "登録して始める" }).click();
  await expect(page).toHaveURL(`${BASE}/admin/projects`);
  await expect(page.locator(".user-name")).toHaveText("山田 花子");

  // Done: the link is gone, and so is the command's.
  expect((await page.goto(link!))?.status()).toBe(404);
  const again = spawnSync("npx", ["tsx", "db/setup.ts", "url"], { env, encoding: "utf8" });
  expect(again.status).toBe(2);
  expect(again.stderr).toContain("初期設定はすでに終わっています");

  // The person signs in again with what they chose.
  await page.context().clearCookies();
  await page.goto(`${BASE}/login`);
  await page.getByLabel("メールアドレス").fill("yamada@city.kitagawa.lg.jp");
  await page.getByLabel("パスワード", { exact: true }).fill("kitagawa-setup-2026");
  await page.getByRole("button", { name: "ログイン" }).click();
  await expect(page).toHaveURL(`${BASE}/`);
});
