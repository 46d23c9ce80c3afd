import { expect, insertPerson, openDb, signInAs, test, userIdOf } from "./fixtures";

test.describe("user administration", () => {
  test("bad input on the user form shows the message next to the field and stores nothing", async ({ page }) => {
    await signInAs(page, "pmo");
    await page.goto("/admin/users/new");
    await page.getByLabel("氏名", { exact: true }).fill("");
    await page.getByLabel("メールアドレス").fill("not-an-address");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "作成" }).click(),
    ]);
    expect(response.status()).toBe(400);
    await expect(page.getByText("氏名を入力してください")).toBeVisible();
    await expect(page.getByText("メールアドレスの形式が正しくありません（例: taro@city.example.lg.jp）")).toBeVisible();
    await expect(page.getByLabel("メールアドレス")).toHaveAttribute("aria-invalid", "true");

    // An address that is already registered.
    await page.getByLabel("氏名", { exact: true }).fill("重複 太郎");
    await page.getByLabel("メールアドレス").fill("STAFF@kitagawa.demo.renkei.jp");
    await page.getByRole("button", { name: "作成" }).click();
    await expect(page.getByText("このメールアドレスの方は、この協議会にすでに登録されています")).toBeVisible();
    const db = openDb();
    expect(db.prepare("SELECT count(*) AS n FROM user WHERE display_name = '重複 太郎'").get()).toEqual({ n: 0 });
    db.close();
  });

  test("the PMO registers a user, who sets a password through the one-time link and signs in", async ({ page, browser }) => {
    await signInAs(page, "pmo");
    await page.goto("/admin/users/new");
    await page.getByLabel("氏名", { exact: true }).fill("新任 花子");
    await page.getByLabel("氏名（かな）").fill("しんにん はなこ");
    await page.getByLabel("メールアドレス").fill("hanako.shinnin@nishihara.demo.renkei.jp");
    await page.getByLabel("所属団体").selectOption({ label: "西原市" });
    await page.getByLabel("所属（課・係）").fill("市民課");
    await page.getByRole("button", { name: "作成" }).click();
    await expect(page.getByText("利用者を登録しました。")).toBeVisible();
    const link = await page.locator("input.one-time-link").inputValue();
    expect(link).toMatch(/\/invite\//);

    const newcomer = await browser.newContext();
    const p = await newcomer.newPage();
    await p.goto(link);
    await expect(p.getByText("新任 花子様、「さくら広域自治体クラウド協議会」に招待されています。")).toBeVisible();
    await p.getByLabel("新しいパスワード", { exact: true }).fill("short");
    await p.getByLabel("新しいパスワード（確認）").fill("short");
    await p.getByRole("button", { name: "パスワードを設定して参加する" }).click();
    await expect(p.getByText("10文字以上で入力してください", { exact: true })).toBeVisible();
    await p.getByLabel("新しいパスワード", { exact: true }).fill("sakura-hanako-2026");
    await p.getByLabel("新しいパスワード（確認）").fill("sakura-hanako-2026");
    await p.getByRole("button", { name: "パスワードを設定して参加する" }).click();
    await expect(p.getByRole("heading", { name: "ダッシュボード" })).toBeVisible();
    await expect(p.getByText("新任 花子 さん、こんにちは。")).toBeVisible();
    // The link works once only.
    await p.goto(link);
    await expect(p.getByText("この招待リンクは使えません（期限切れ・使用済み・取り消し済みのいずれかです）。招待した方に新しいリンクを依頼してください。")).toBeVisible();
    await newcomer.close();
  });

  test("a town admin sees and manages only their own town's staff", async ({ page }) => {
    await signInAs(page, "lead"); // 南浜町の団体管理者
    await page.goto("/admin/users");
    await expect(page.getByText("南浜町の職員アカウントを管理できます。")).toBeVisible();
    const towns = await page.locator("tbody tr td:nth-child(2)").allInnerTexts();
    expect(towns.length).toBeGreaterThan(0);
    for (const town of towns) expect(town).toContain("南浜町");

    // Another town's user does not exist for them, and they cannot post to it either.
    const db = openDb();
    const other = { id: userIdOf(db, "staff@kitagawa.demo.renkei.jp") };
    db.close();
    const response = await page.goto(`/admin/users/${other.id}`);
    expect(response?.status()).toBe(404);
    const post = await page.request.post(`/admin/users/${other.id}`, {
      form: { intent: "deactivate" },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect(post.status()).toBe(404);
    // Only their own town can be chosen for a new user.
    await page.goto("/admin/users/new");
    await expect(page.getByLabel("所属団体").locator("option")).toHaveText(["南浜町"]);
  });

  test("a town admin sees a PMO account of their own town but cannot edit, stop or reset it", async ({ page }) => {
    const email = `pmo-${Date.now()}@kitagawa.demo.renkei.jp`;
    const db = openDb();
    const town = db.prepare("SELECT organization_id AS org FROM user WHERE id = ?").get(userIdOf(db, "admin@kitagawa.demo.renkei.jp")) as { org: number };
    const id = insertPerson(db, { organizationId: town.org, email, displayName: "出向 事務局員", role: "pmo" });
    db.close();

    await signInAs(page, "kitagawaAdmin");
    await page.goto("/admin/users");
    await expect(page.locator("tr", { hasText: email })).toContainText("事務局が管理");
    await page.goto(`/admin/users/${id}`);
    await expect(page.getByText("事務局だけが編集・利用停止・パスワード再設定を行えます。")).toBeVisible();
    for (const name of ["保存", "パスワード再設定リンクを発行", "利用を停止する"]) await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
    for (const intent of ["reset-link", "deactivate", "save"]) {
      const post = await page.request.post(`/admin/users/${id}`, { form: { intent, email: "taken@example.jp", displayName: "x", organizationId: String(town.org), rank: "担当者" }, headers: { Origin: new URL(page.url()).origin } });
      expect(post.status(), intent).toBe(403);
    }
    const after = openDb();
    expect(after.prepare("SELECT account.email, user.active FROM user JOIN account ON account.id = user.account_id WHERE user.id = ?").get(id)).toEqual({ email, active: 1 });
    expect(after.prepare("SELECT count(*) AS n FROM account_token WHERE user_id = ?").get(id)).toEqual({ n: 0 });
    after.close();
  });

  test("a deactivated user is signed out at once and cannot sign in again", async ({ page, browser }) => {
    const victim = await browser.newContext();
    const victimPage = await victim.newPage();
    const email = "admin@chuo.demo.renkei.jp";
    await signInAs(victimPage, email);
    await victimPage.goto("/");
    await expect(victimPage.getByRole("heading", { name: "ダッシュボード" })).toBeVisible();

    await signInAs(page, "pmo");
    const db = openDb();
    const id = userIdOf(db, email);
    db.close();
    await page.goto(`/admin/users/${id}`);
    await page.getByRole("button", { name: "利用を停止する" }).click();
    await expect(page.getByText("利用を停止しました。")).toBeVisible();

    await victimPage.reload();
    await expect(victimPage).toHaveURL(/\/login$/);
    await victimPage.getByLabel("メールアドレス").fill(email);
    await victimPage.getByLabel("パスワード").fill("renkei-demo-2026");
    await victimPage.getByRole("button", { name: "ログイン" }).click();
    await expect(victimPage.getByRole("alert")).toHaveText("メールアドレスまたはパスワードが正しくありません");

    await page.getByRole("button", { name: "利用を再開する" }).click();
    await expect(page.getByText("利用を再開しました。")).toBeVisible();
    await victim.close();
  });
});
