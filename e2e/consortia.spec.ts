// One installation, two consortia (issue 16, ADR 029): a person of both switches between them,
// links name their consortium, someone of one consortium is added to the other without either
// learning anything of the other, and nothing of one consortium shows in the other.
import { expect, insertPerson, openDb, signInAs, test, userIdOf } from "./fixtures";

const SAKURA = "さくら広域自治体クラウド協議会";
const MIDORI = "みどり川流域 基幹系システム共同調達協議会";
const BOTH = "it@kitagawa.demo.renkei.jp";
const PASSWORD = "renkei-demo-2026";
const MIDORI_ISSUE = "経費按分の考え方（均等割と人口割の比率）";

async function signInThroughTheForm(page: import("@playwright/test").Page, email: string) {
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(PASSWORD);
  await page.getByRole("button", { name: "ログイン" }).click();
}

test("a person of two consortia signs in to the last used, switches in the header, and sees only the consortium they are in", async ({ page }) => {
  // As the demo has it: last in the first consortium (a rerun of the specs moved it).
  const db = openDb();
  db.prepare("UPDATE account SET last_user_id = ? WHERE email = ?").run(userIdOf(db, BOTH, 1), BOTH);
  db.close();
  await page.goto("/login");
  await signInThroughTheForm(page, BOTH);
  await expect(page.locator(".brand-name")).toHaveText(SAKURA);

  // The switcher lists both; the current one is marked and cannot be chosen again.
  await page.locator(".user-menu summary").click();
  const switcher = page.getByRole("form", { name: "協議会の切り替え" });
  await expect(switcher.getByRole("button")).toHaveCount(2);
  await expect(switcher.getByRole("button", { name: new RegExp(SAKURA) })).toBeDisabled();
  await switcher.getByRole("button", { name: new RegExp(MIDORI) }).click();
  await expect(page.locator(".brand-name")).toHaveText(MIDORI);

  // The issue list is the second consortium's; numbers start again at 1.
  await page.goto("/issues?status=all");
  await expect(page.getByRole("link", { name: MIDORI_ISSUE })).toBeVisible();
  const firstTitle = (openDb().prepare("SELECT title FROM issue WHERE consortium_id = 1 AND number = 1").get() as { title: string }).title;
  await expect(page.getByText(firstTitle)).toHaveCount(0);
  // A search finds nothing of the first consortium.
  await page.goto(`/search?q=${encodeURIComponent("住民票")}`);
  await expect(page.locator("main")).not.toContainText("住民票の写し");

  // The next sign-in lands where they left off.
  await page.locator(".user-menu summary").click();
  await page.getByRole("button", { name: "ログアウト" }).click();
  await signInThroughTheForm(page, BOTH);
  await expect(page.locator(".brand-name")).toHaveText(MIDORI);

  // A link that names the other consortium moves there and opens the item.
  await page.goto("/c/1/issues/1");
  await expect(page).toHaveURL(/\/issues\/1$/);
  await expect(page.locator(".brand-name")).toHaveText(SAKURA);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(firstTitle);
  // A consortium they are not in, or that does not exist: not found.
  for (const path of ["/c/999/", "/c/abc/issues/1"]) expect((await page.goto(path))!.status(), path).toBe(404);
});

test("a link naming a consortium asks a signed-out person to sign in, then opens it there", async ({ page }) => {
  await page.goto("/c/2/issues/3");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fc%2F2%2Fissues%2F3/);
  await signInThroughTheForm(page, BOTH);
  await expect(page).toHaveURL(/\/issues\/3$/);
  await expect(page.locator(".brand-name")).toHaveText(MIDORI);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(MIDORI_ISSUE);
});

test("the vendor of both consortia sees, in each, only what that consortium shared with them", async ({ page }) => {
  await signInAs(page, "vendor", 2);
  await page.goto("/");
  await expect(page.locator(".brand-name")).toHaveText(MIDORI);
  await expect(page.getByText("ゲストとして参加中（調達仕様WG）")).toBeVisible();
  expect((await page.goto("/issues/3"))!.status()).toBe(404); // not shared
  expect((await page.goto("/issues/4"))!.status()).toBe(200); // its question, answered
  await page.goto("/c/1/");
  await expect(page.getByText("ゲストとして参加中（住民記録WG）")).toBeVisible();
});

test("someone who already signs in elsewhere is added like anyone else; their link leads to the sign-in, and the other consortium stays out of sight", async ({ page, browser }) => {
  const stamp = Date.now();
  // Someone of the first consortium only, who signs in with the demo password.
  const known = `known-${stamp}@kitagawa.example.lg.jp`;
  const setup = openDb();
  insertPerson(setup, { organizationId: (setup.prepare("SELECT id FROM organization WHERE consortium_id = 1 AND name = '北川市'").get() as { id: number }).id, email: known, displayName: "吉田 翔太", demoPassword: true });
  setup.close();
  const created = async (email: string, name: string) => {
    await page.goto("/admin/users/new");
    await page.getByLabel("氏名", { exact: true }).fill(name);
    await page.getByLabel("メールアドレス").fill(email);
    await page.getByLabel("所属団体").selectOption({ label: "北川市" });
    await page.getByRole("button", { name: "作成" }).click();
    await expect(page.getByText("利用者を登録しました。")).toBeVisible();
    const text = (await page.locator("main").innerText()).replace(name, "…");
    return { text, link: await page.locator("input.one-time-link").inputValue() };
  };
  await signInAs(page, "pmo@midorigawa.demo.renkei.jp", 2);
  const first = await created(`newcomer-${stamp}@kitagawa.example.lg.jp`, "新規 一郎");
  const again = await created(known, "吉田 翔太");
  // The PMO of the second consortium is answered the same way for both.
  expect(again.text.replace(again.link, "")).toBe(first.text.replace(first.link, ""));

  // Adding them twice is "already in this consortium": nothing said of anywhere else.
  await page.goto("/admin/users/new");
  await page.getByLabel("氏名", { exact: true }).fill("吉田 翔太");
  await page.getByLabel("メールアドレス").fill(known);
  await page.getByRole("button", { name: "作成" }).click();
  await expect(page.getByText("このメールアドレスの方は、この協議会にすでに登録されています")).toBeVisible();

  // The person opens their link: it only leads to the sign-in, and in they are, in the new consortium.
  const person = await (await browser.newContext()).newPage();
  await person.goto(again.link);
  await expect(person.getByText("いつものメールアドレスとパスワードでログインしてください。")).toBeVisible();
  await expect(person.getByLabel("新しいパスワード", { exact: true })).toHaveCount(0);
  await person.getByRole("button", { name: "参加してログインへ進む" }).click();
  await signInThroughTheForm(person, known);
  await expect(person.locator(".brand-name")).toHaveText(MIDORI);
  await person.context().close();

  // The second consortium's PMO cannot change their e-mail, nor see a password link for them.
  const db = openDb();
  const id = userIdOf(db, known, 2);
  db.close();
  await page.goto(`/admin/users/${id}`);
  await expect(page.getByLabel("メールアドレス")).toHaveAttribute("readonly", "");
  await page.getByRole("button", { name: "パスワード再設定リンクを発行" }).click();
  await expect(page.getByText("パスワード再設定のご案内を、ご本人のメールアドレスに送りました（リンクはご本人にだけ届きます）。")).toBeVisible();
  await expect(page.locator("input.one-time-link")).toHaveCount(0);
  // Their page names nothing of the first consortium.
  await expect(page.locator("main")).not.toContainText(SAKURA);
});
