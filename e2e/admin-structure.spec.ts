// The PMO sets up the consortium's structure: organizations, projects (milestones,
// participating towns, working groups) and WG members. Other specs share the database,
// so everything here is created under unique names and the demo data is left alone.
import type { Page } from "@playwright/test";
import { expect, openDb, seriousA11yViolations, signInAs, test } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

/** Today in Japan as the app shows it: 2026年11月22日(日). */
function todayInJapanText() {
  const [y, m, d] = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date()).split("-").map(Number);
  const weekday = "日月火水木金土"[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return { iso: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`, text: `${y}年${m}月${d}日(${weekday})` };
}

/** Clicks a submit button and returns the status of the POST it sends. */
async function submit(page: Page, button: ReturnType<Page["getByRole"]>) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), button.click()]);
  return response.status();
}

/** Creates a project through the list page and returns its id (we land on its page). */
async function createProject(page: Page, name: string) {
  await page.goto("/admin/projects");
  await page.getByLabel("プロジェクト名").fill(name);
  await page.getByRole("button", { name: "プロジェクトを作成" }).click();
  await expect(page).toHaveURL(/\/admin\/projects\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  return Number(new URL(page.url()).pathname.split("/").pop());
}

test.describe("consortium structure (PMO)", () => {
  test("an organization with a bad 団体コード is refused next to the field, then registered once fixed", async ({ page }) => {
    const name = `試験町${unique()}`;
    await signInAs(page, "pmo");
    await page.goto("/admin/organizations");
    await expect(page.getByRole("heading", { name: /^市町村/ })).toBeVisible();
    await expect(page.getByRole("row", { name: /南浜町/ })).toContainText("483419");

    await page.getByLabel("種別").selectOption({ label: "市町村" });
    await page.getByLabel("団体名", { exact: true }).fill(name);
    await page.getByLabel("団体名（かな）").fill("しけんちょう");
    await page.getByLabel("団体コード").fill("12345");
    await page.getByLabel("人口").fill("4,321");
    expect(await submit(page, page.getByRole("button", { name: "団体を追加" }))).toBe(400);
    await expect(page.getByText("団体コードは6桁の数字で入力してください")).toBeVisible();
    await expect(page.getByLabel("団体コード")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("団体名", { exact: true })).toHaveValue(name); // what was typed stays

    await page.getByLabel("団体コード").fill("489901");
    expect(await submit(page, page.getByRole("button", { name: "団体を追加" }))).toBe(200);
    await expect(page.getByRole("status")).toContainText(`「${name}」を登録しました。`);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("489901");
    await expect(row).toContainText("4,321人");

    // The same name again is refused.
    await page.getByLabel("団体名", { exact: true }).fill(name);
    await page.getByLabel("団体コード").fill("489902");
    expect(await submit(page, page.getByRole("button", { name: "団体を追加" }))).toBe(400);
    await expect(page.getByText("この名前の団体は既に登録されています")).toBeVisible();

    // Edit it: a vendor needs no 団体コード and keeps none.
    await row.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
    await page.getByLabel("種別").selectOption({ label: "事業者" });
    await page.getByLabel("団体名（かな）").fill("シケンチョウ");
    expect(await submit(page, page.getByRole("button", { name: "保存" }))).toBe(400);
    await expect(page.getByText("かなはひらがなで入力してください")).toBeVisible();
    await page.getByLabel("団体名（かな）").fill("しけんしゃ");
    await page.getByRole("button", { name: "保存" }).click();
    await expect(page.getByRole("status")).toHaveText("団体の情報を保存しました。");
    const db = openDb();
    expect(db.prepare("SELECT kind, lg_code AS lgCode, population FROM organization WHERE consortium_id = 1 AND name = ?").get(name)).toEqual({
      kind: "vendor",
      lgCode: null,
      population: 4321,
    });
    expect(db.prepare("SELECT count(*) AS n FROM organization WHERE consortium_id = 1 AND name = ?").get(name)).toEqual({ n: 1 });
    db.close();
  });

  test("a project gets its dates checked, a milestone marked done and its participating towns", async ({ page }) => {
    const name = `試験共同化${unique()}`;
    await signInAs(page, "pmo");
    await page.goto("/admin/projects");
    await page.getByLabel("プロジェクト名").fill(name);
    await page.getByLabel("フェーズ").selectOption({ label: "調達" });
    await page.getByLabel("開始日").fill("2026-04-01");
    await page.getByLabel("終了予定日").fill("2026-03-31");
    expect(await submit(page, page.getByRole("button", { name: "プロジェクトを作成" }))).toBe(400);
    await expect(page.getByText("終了予定日は開始日と同じ日か、それより後の日付にしてください")).toBeVisible();
    await page.getByLabel("終了予定日").fill("2028-03-31");
    await page.getByRole("button", { name: "プロジェクトを作成" }).click();
    await expect(page).toHaveURL(/\/admin\/projects\/\d+$/);
    const projectId = Number(new URL(page.url()).pathname.split("/").pop());
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("調達");

    // A milestone: required fields first, then added, then done today (Japan time).
    expect(await submit(page, page.getByRole("button", { name: "マイルストーンを追加" }))).toBe(400);
    await expect(page.getByText("マイルストーン名を入力してください")).toBeVisible();
    await expect(page.getByText("期日を入力してください")).toBeVisible();
    await page.getByLabel("マイルストーン名").fill("本番切替");
    await page.getByLabel("期日").fill("2027-12-29");
    await page.getByLabel("固定日（本番切替など、動かせない日程）").check();
    await page.getByRole("button", { name: "マイルストーンを追加" }).click();
    await expect(page.getByRole("status")).toHaveText("マイルストーン「本番切替」を追加しました。");
    const milestone = page.getByRole("row", { name: /本番切替/ });
    await expect(milestone).toContainText("2027年12月29日(水)");
    await expect(milestone).toContainText("固定日");
    await expect(milestone).toContainText("予定");
    await page.getByRole("button", { name: "「本番切替」を完了にする" }).click();
    await expect(page.getByRole("status")).toHaveText("「本番切替」を完了にしました。");
    const today = todayInJapanText();
    await expect(milestone).toContainText(`${today.text} 完了`);
    await expect(page.getByRole("button", { name: "「本番切替」を未完了に戻す" })).toBeVisible();

    // Participating towns: the whole set is replaced.
    await page.getByLabel("北川市", { exact: true }).check();
    await page.getByLabel("東山村", { exact: true }).check();
    await page.getByRole("button", { name: "参加団体を保存" }).click();
    await expect(page.getByRole("status")).toHaveText("参加団体を保存しました（2団体）。");
    await page.getByLabel("北川市", { exact: true }).uncheck();
    await page.getByLabel("さくら県（都道府県）").check();
    await page.getByRole("button", { name: "参加団体を保存" }).click();
    await expect(page.getByRole("status")).toHaveText("参加団体を保存しました（2団体）。");
    await expect(page.getByLabel("北川市", { exact: true })).not.toBeChecked();

    const db = openDb();
    const towns = db
      .prepare("SELECT o.name FROM project_organization po JOIN organization o ON o.id = po.organization_id WHERE po.project_id = ? ORDER BY o.name")
      .all(projectId) as { name: string }[];
    expect(towns.map((t) => t.name).sort()).toEqual(["さくら県", "東山村"].sort());
    expect(db.prepare("SELECT done_on AS doneOn, fixed FROM milestone WHERE project_id = ?").get(projectId)).toEqual({ doneOn: today.iso, fixed: 1 });
    const audited = db.prepare("SELECT action FROM audit_event WHERE entity_type = 'project' AND entity_id = ? ORDER BY id").all(String(projectId)) as { action: string }[];
    expect(audited.map((a) => a.action)).toEqual(["project.create", "project.towns.set", "project.towns.set"]);
    db.close();

    // The list shows it with its counts.
    await page.getByRole("link", { name: "プロジェクト・WGの管理" }).click();
    const listed = page.getByRole("row", { name: new RegExp(name) });
    await expect(listed).toContainText("2026年4月1日(水) 〜 2028年3月31日(金)");
    await expect(listed).toContainText("2団体");
  });

  test("a new WG gets a member and a vendor guest; a vendor cannot be a member", async ({ page }) => {
    await signInAs(page, "pmo");
    const projectId = await createProject(page, `試験WGプロジェクト${unique()}`);
    await page.getByLabel("WG名").fill("試験WG");
    await page.getByLabel("説明").fill("e2e試験用のWG");
    await page.getByRole("button", { name: "WGを追加" }).click();
    await expect(page.getByRole("status")).toContainText("WG「試験WG」を追加しました。");
    // Same name in the same project: refused.
    await page.getByLabel("WG名").fill("試験WG");
    expect(await submit(page, page.getByRole("button", { name: "WGを追加" }))).toBe(400);
    await expect(page.getByText("このプロジェクトには同じ名前のWGが既にあります")).toBeVisible();

    await page.getByRole("link", { name: "試験WG", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/wgs\/\d+$/);
    const wgId = Number(new URL(page.url()).pathname.split("/").pop());
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("試験WG");
    await expect(page.getByText("参加者はまだいません。")).toBeVisible();

    // A town's staff member joins as a member.
    await page.getByLabel("追加する人").selectOption({ label: "松本 陽介（南浜町）" });
    await page.getByLabel("役割", { exact: true }).selectOption({ label: "メンバー" });
    await page.getByRole("button", { name: "参加者を追加" }).click();
    await expect(page.getByRole("status")).toHaveText("松本 陽介さんを追加しました。");
    await expect(page.getByRole("row", { name: /松本 陽介/ })).toContainText("南浜町");

    // A vendor as a member is refused with the reason; as a guest they join.
    await page.getByLabel("追加する人").selectOption({ label: "前田 剛（みらい情報サービス株式会社）" });
    await page.getByLabel("役割", { exact: true }).selectOption({ label: "メンバー" });
    expect(await submit(page, page.getByRole("button", { name: "参加者を追加" }))).toBe(400);
    await expect(page.getByText("事業者の方はゲストとしてのみ参加できます。役割は「ゲスト」を選んでください")).toBeVisible();
    await expect(page.getByLabel("役割", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("役割", { exact: true }).selectOption({ label: "ゲスト" });
    await page.getByRole("button", { name: "参加者を追加" }).click();
    await expect(page.getByRole("status")).toHaveText("前田 剛さんを追加しました。");

    // A town's staff member cannot be made a guest; they can be made the lead.
    await page.getByLabel("松本 陽介さんの役割", { exact: true }).selectOption({ label: "ゲスト" });
    expect(await submit(page, page.getByRole("button", { name: "松本 陽介さんの役割を変更" }))).toBe(400);
    await expect(page.getByText("ゲストは事業者の方だけに設定できます。")).toBeVisible();
    await page.getByLabel("松本 陽介さんの役割", { exact: true }).selectOption({ label: "WGリーダー" });
    await page.getByRole("button", { name: "松本 陽介さんの役割を変更" }).click();
    await expect(page.getByRole("status")).toHaveText("松本 陽介さんの役割を変更しました。");

    const db = openDb();
    const members = db
      .prepare("SELECT a.email, m.role FROM wg_membership m JOIN user u ON u.id = m.user_id JOIN account a ON a.id = u.account_id WHERE m.wg_id = ? ORDER BY a.email")
      .all(wgId);
    expect(members).toEqual([
      { email: "vendor@vendor-b.demo.renkei.jp", role: "guest" },
      { email: "welfare@minamihama.demo.renkei.jp", role: "lead" },
    ]);
    db.close();

    // Removing a member, and the way back to the project.
    await page.getByRole("button", { name: "前田 剛さんをWGから外す" }).click();
    await expect(page.getByRole("status")).toHaveText("前田 剛さんをWGから外しました。");
    await expect(page.getByRole("row", { name: /前田 剛/ })).toHaveCount(0);
    await page.getByRole("link", { name: /^試験WGプロジェクト/ }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/projects/${projectId}$`));
    await expect(page.getByRole("row", { name: /試験WG/ })).toContainText("1名");
  });

  for (const url of ["/admin/organizations", "/admin/organizations/2", "/admin/projects", "/admin/projects/1", "/admin/wgs/1"]) {
    test(`${url} has no serious accessibility problems`, async ({ page }) => {
      await signInAs(page, "pmo");
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await seriousA11yViolations(page)).toEqual([]);
    });
  }

  test("ids that do not exist are not found", async ({ page }) => {
    await signInAs(page, "pmo");
    for (const url of ["/admin/organizations/999999", "/admin/projects/999999", "/admin/wgs/999999", "/admin/projects/abc"]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません");
    }
  });
});

test("a town admin may not manage the consortium's structure", async ({ page }) => {
  await signInAs(page, "lead"); // 南浜町の団体管理者, lead of 住民記録WG
  for (const url of ["/admin/organizations", "/admin/organizations/2", "/admin/projects", "/admin/projects/1", "/admin/wgs/1"]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("この操作は許可されていません");
  }
  // The admin tabs do not offer these pages either.
  await page.goto("/admin/users");
  await expect(page.getByRole("link", { name: "団体", exact: true })).toHaveCount(0);
  // Posting directly is refused as well, and nothing is written.
  const origin = new URL(page.url()).origin;
  const post = await page.request.post("/admin/wgs/1", {
    form: { intent: "add-member", userId: "1", role: "member" },
    headers: { Origin: origin },
  });
  expect(post.status()).toBe(403);
  const created = await page.request.post("/admin/organizations", {
    form: { kind: "municipality", name: "勝手に作った町", nameKana: "", lgCode: "489998", population: "" },
    headers: { Origin: origin },
  });
  expect(created.status()).toBe(403);
  const db = openDb();
  expect(db.prepare("SELECT count(*) AS n FROM organization WHERE consortium_id = 1 AND name = '勝手に作った町'").get()).toEqual({ n: 0 });
  db.close();
});
