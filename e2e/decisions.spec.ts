// The decision log end to end: the PMO drafts a decision from a meeting's 決定 note, three
// towns record their stances (one cannot record for another), the missing town is shown,
// the last stance makes it 決定, a revision supersedes it, and the matrix shows it all.
import type { Browser, Page } from "@playwright/test";
import { expect, openDb, seriousA11yViolations, signInAs, test } from "./fixtures";

function createRunningMeeting() {
  const db = openDb();
  try {
    const wg = db.prepare("SELECT id, project_id AS projectId, consortium_id AS consortiumId FROM working_group WHERE name = '住民記録WG'").get() as { id: number; projectId: number; consortiumId: number };
    const pmo = (db.prepare("SELECT id FROM user WHERE consortium_id = 1 AND account_id = (SELECT id FROM account WHERE email = 'pmo@demo.renkei.jp')").get() as { id: number }).id;
    const now = Date.now();
    const meetingId = Number(
      db
        .prepare(
          "INSERT INTO meeting (consortium_id, project_id, wg_id, kind, title, starts_at, ends_at, place, online_url, vendor_visible, state, chair_id, created_by, created_at) VALUES (?, ?, ?, 'WG定例', ?, ?, ?, '北川市役所 会議室', '', 0, '開催中', ?, ?, ?)",
        )
        .run(wg.consortiumId, wg.projectId, wg.id, `決定事項E2E ${now}`, now - 600_000, now + 3_600_000, pmo, pmo, now).lastInsertRowid,
    );
    db.prepare("INSERT INTO agenda_item (meeting_id, position, title) VALUES (?, 1, '証明書様式')").run(meetingId);
    return meetingId;
  } finally {
    db.close();
  }
}

async function as(browser: Browser, persona: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, persona);
  return { page, close: () => context.close() };
}

async function recordStance(page: Page, decisionUrl: string, town: string, stance: string, options: { comment?: string; approval?: string; approvedOn?: string; document?: string } = {}) {
  await page.goto(decisionUrl);
  const form = page.getByRole("form", { name: new RegExp(`${town}の賛否を(登録|変更)`) });
  await form.getByLabel(stance, { exact: true }).check();
  if (options.comment !== undefined) await form.getByLabel("条件・理由・補足").fill(options.comment);
  if (options.approval) await form.getByLabel("庁内決裁の状況").selectOption(options.approval);
  if (options.approvedOn) await form.getByLabel("決裁日").fill(options.approvedOn);
  if (options.document) {
    await form.getByLabel(/決裁文書/).setInputFiles({ name: options.document, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% 決裁文書\n%%EOF\n") });
  }
  await form.getByRole("button", { name: "登録する" }).click();
}

test("a decision from a meeting note: stances of three towns, 決定, then 改定 by a revision", async ({ browser, page }) => {
  test.slow(); // six people in turn, each in their own browser context
  const title = `証明書の交付様式を統一する ${Date.now()}`;
  // 1. The PMO turns a 決定 note of a running meeting into a draft decision.
  const meetingId = createRunningMeeting();
  await signInAs(page, "pmo");
  await page.goto(`/meetings/${meetingId}`);
  const board = page.locator("#sticky-board");
  await expect(board.getByRole("status").filter({ hasText: "接続中" })).toBeVisible();
  const col = board.getByRole("region", { name: "証明書様式" });
  await col.locator("details.sb-add summary").click();
  await col.getByLabel("種類").selectOption("決定");
  await col.getByLabel("内容", { exact: true }).fill(title);
  await col.getByLabel("内容", { exact: true }).press("Enter");
  const note = board.locator(".sb-note", { hasText: title });
  await note.getByRole("button", { name: "決定事項の案にする" }).click();
  const created = note.getByRole("link", { name: /決定事項 D-\d{4}-\d{3} になりました/ });
  await expect(created).toBeVisible();
  await created.click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(title) })).toBeVisible();
  await expect(page.getByText("起案", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /会議「決定事項E2E/ })).toBeVisible();
  const decisionUrl = new URL(page.url()).pathname;
  const number = (await page.locator("h1 .muted").textContent())!.trim();
  expect(number).toMatch(/^D-\d{4}-\d{3}$/);

  // 2. The PMO narrows the participants to three towns, sets a due date and starts consultation.
  await page.getByRole("link", { name: "編集" }).click();
  await page.getByLabel("西原市").uncheck();
  await page.getByLabel("中央町").uncheck();
  await page.getByLabel("賛否の回答期限").fill("2026-12-18");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page).toHaveURL(decisionUrl);
  await page.getByRole("button", { name: "協議を開始する（各団体に賛否を依頼）" }).click();
  await expect(page.getByText("3団体中 0団体が賛成・条件付賛成（決定には3団体が必要）")).toBeVisible();
  await expect(page.getByRole("note")).toHaveText("未回答: 北川市、南浜町、東山村");
  // The PMO sees every town but records for none.
  await expect(page.getByRole("form", { name: /の賛否を登録/ })).toHaveCount(0);

  // 3. 北川市's admin records 賛成; the only form is for 北川市, and posting for 東山村 is refused.
  const kita = await as(browser, "admin@kitagawa.demo.renkei.jp");
  await recordStance(kita.page, decisionUrl, "北川市", "賛成", { approval: "庁内説明中" });
  await expect(kita.page.getByRole("status")).toHaveText("賛否を登録しました。");
  await expect(kita.page.getByRole("form", { name: /東山村/ })).toHaveCount(0);
  const forged = await kita.page.request.post(decisionUrl, {
    multipart: { intent: "stance", organizationId: "3", stance: "反対", comment: "なりすまし", approval: "未説明" },
    headers: { Origin: new URL(kita.page.url()).origin },
  });
  expect(forged.status()).toBe(403);
  await kita.close();

  // 4. 南浜町 (its admin, also the WG lead) answers 条件付賛成 — first without the condition.
  const mina = await as(browser, "lead@minamihama.demo.renkei.jp");
  await recordStance(mina.page, decisionUrl, "南浜町", "条件付賛成", { comment: "" });
  await expect(mina.page.getByText("条件付賛成の条件を記入してください。")).toBeVisible();
  await recordStance(mina.page, decisionUrl, "南浜町", "条件付賛成", { comment: "経過措置として旧様式を令和9年3月まで併用すること。", approval: "決裁済", approvedOn: "2026-11-20" });
  await expect(mina.page.getByRole("status")).toHaveText("賛否を登録しました。");
  await mina.close();

  // 5. Everyone sees who is still missing: 東山村.
  await page.reload();
  await expect(page.getByRole("note")).toHaveText("未回答: 東山村");
  await expect(page.getByText("3団体中 2団体が賛成・条件付賛成（決定には3団体が必要）")).toBeVisible();
  await page.goto(`/decisions?status=協議中&missing=3`);
  await expect(page.getByRole("link", { name: title })).toBeVisible();

  // 6. 東山村 sees it on its dashboard, records 賛成 with 決裁 and the decision becomes 決定.
  const higa = await as(browser, "admin@higashiyama.demo.renkei.jp");
  await higa.page.goto("/");
  const pending = higa.page.getByRole("region", { name: "自団体の対応待ち（決定事項）" });
  await expect(pending.getByRole("link", { name: new RegExp(title) })).toBeVisible();
  await recordStance(higa.page, decisionUrl, "東山村", "賛成", { approval: "決裁済", approvedOn: "2026-11-21", document: "東山村_決裁文書.pdf" });
  await expect(higa.page.getByRole("status")).toHaveText("すべての条件がそろい、決定しました。");
  await expect(higa.page.locator(".issue-badges").getByText("決定", { exact: true })).toBeVisible();
  await expect(higa.page.getByRole("form", { name: /の賛否を/ })).toHaveCount(0);
  const documentLink = higa.page.getByRole("row", { name: /東山村/ }).getByRole("link", { name: "決裁文書" });
  const documentUrl = (await documentLink.getAttribute("href"))!;
  expect((await higa.page.request.get(documentUrl)).status()).toBe(200);
  await higa.close();
  const outsider = await as(browser, "vendor");
  expect((await outsider.page.request.get(documentUrl)).status()).toBe(404);
  await outsider.close();

  // 7. A decided decision is never edited; the PMO drafts a revision that supersedes it.
  await page.goto(decisionUrl);
  await expect(page.getByRole("link", { name: "編集" })).toHaveCount(0);
  expect((await page.request.get(`${decisionUrl}/edit`)).status()).toBe(409);
  await expect(page.getByRole("table").getByText("経過措置として旧様式を令和9年3月まで併用すること。")).toBeVisible();
  await page.getByRole("link", { name: "改定案を作成" }).click();
  await expect(page.getByText(`${number}「${title}」を改定する案を起案します。`)).toBeVisible();
  await page.getByLabel("件名").fill(`${title}（改定）`);
  await page.getByRole("button", { name: "起案する" }).click();
  await expect(page.getByText(`${number} を改定する決定事項です。`)).toBeVisible();
  await page.getByRole("button", { name: "協議を開始する（各団体に賛否を依頼）" }).click();
  const revisionUrl = new URL(page.url()).pathname;
  for (const [email, town] of [["admin@kitagawa.demo.renkei.jp", "北川市"], ["lead@minamihama.demo.renkei.jp", "南浜町"], ["admin@higashiyama.demo.renkei.jp", "東山村"]]) {
    const who = await as(browser, email);
    await recordStance(who.page, revisionUrl, town, "賛成", { approval: "決裁済", approvedOn: "2026-11-22" });
    await expect(who.page.getByRole("status")).toContainText(/登録しました|決定しました/);
    await who.close();
  }
  await page.goto(decisionUrl);
  await expect(page.locator(".issue-badges").getByText("改定済み")).toBeVisible();
  await expect(page.getByRole("link", { name: /により改定されました/ })).toBeVisible();

  // 8. The matrix shows both: the original 改定済み, the revision 決定, with each town's stance.
  await page.goto("/decisions?view=matrix&project=1");
  const matrix = page.getByRole("table");
  const original = matrix.getByRole("row", { name: new RegExp(`${number} 改定済み`) });
  await expect(original.getByRole("cell")).toHaveText([/賛成.*説明中/, /条件付賛成.*決裁済/, /賛成.*決裁済/, "対象外", "対象外"]);
  const revision = matrix.getByRole("row", { name: /（改定）/ });
  await expect(revision.getByText("決定", { exact: true })).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
});

test("leadership reads decided decisions without stances; a vendor sees only what is shared; bad input is refused", async ({ browser, page }) => {
  test.slow();
  await signInAs(page, "exec");
  await page.goto("/decisions");
  await expect(page.getByRole("link", { name: "標準準拠システムのノンカスタマイズ原則" })).toBeVisible();
  await expect(page.getByRole("link", { name: "ガバメントクラウド接続回線の費用按分方式" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "賛否マトリクス" })).toHaveCount(0);
  await page.getByRole("link", { name: "標準準拠システムのノンカスタマイズ原則" }).click();
  await expect(page.getByText("各団体の賛否と庁内決裁")).toHaveCount(0);
  expect((await page.request.get("/decisions/6")).status()).toBe(404);
  expect((await page.request.get("/decisions/new")).status()).toBe(403);

  const vendor = await as(browser, "vendor");
  await vendor.page.goto("/decisions/4");
  await expect(vendor.page.getByRole("heading", { level: 1 })).toContainText("外字の同定基準");
  await expect(vendor.page.getByText("各団体の賛否と庁内決裁")).toHaveCount(0);
  for (const id of [1, 6, 8, 999]) expect((await vendor.page.request.get(`/decisions/${id}`)).status()).toBe(404);
  await vendor.close();

  // A draft with bad input: a clear message next to the field and nothing stored.
  const pmo = await as(browser, "pmo");
  await pmo.page.goto("/decisions/new?project=1");
  await pmo.page.getByLabel("件名").fill("");
  for (const town of ["北川市", "南浜町", "東山村", "西原市", "中央町"]) await pmo.page.getByLabel(town).uncheck();
  await pmo.page.getByLabel("関連する課題").fill("#99999");
  await pmo.page.getByRole("button", { name: "起案する" }).click();
  await expect(pmo.page.getByText("件名を入力してください。")).toBeVisible();
  await pmo.page.getByLabel("件名").fill("回答期限の統一");
  await pmo.page.getByRole("button", { name: "起案する" }).click();
  await expect(pmo.page.getByText("賛否を求める団体を1つ以上選んでください。")).toBeVisible();
  await pmo.page.getByLabel("北川市").check();
  await pmo.page.getByRole("button", { name: "起案する" }).click();
  await expect(pmo.page.getByText("その番号の課題が見つかりません。")).toBeVisible();
  const csv = await pmo.page.request.get("/decisions.csv?status=協議中");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("ガバメントクラウド接続回線の費用按分方式");
  await pmo.close();
});
