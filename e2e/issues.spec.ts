// Issues (課題・懸案事項): the glass-walled flow with vendor sharing and internal memos,
// carry-overs, bad input, uploads, CSV, search, lists with keyboard use, mentions and
// the dashboard. Tests share one database and run in parallel: every issue a test makes
// has a unique title, and assertions on seeded data only rely on what no test changes.
import fs from "node:fs";
import { expect, openDb, signInAs, test, type Persona } from "./fixtures";
import type { Locator, Page } from "@playwright/test";

const JUMIN_WG = 1; // 住民記録WG: staff is a member, lead is its lead, vendor a guest
const ZEIMU_WG = 2; // 税務WG: the vendor of 住民記録WG is not a guest here

// A valid 1×1 PNG (the server sniffs the signature; the browser must be able to draw it).
const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const png = (name: string) => ({ name, mimeType: "image/png", buffer: PNG_1X1 });
// The start of a Windows program (an "MZ" header and binary zeros).
const WINDOWS_PROGRAM = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(62), Buffer.from("This program cannot be run in DOS mode.")]);

let counter = 0;
/** A title no other test (or run) uses. */
function uniqueTitle(label: string) {
  counter += 1;
  return `E2E-${label}-${Date.now()}-${process.pid}-${counter}`;
}

/** `YYYY-MM-DD`, `days` from today in Japan. */
function isoDaysFromToday(days: number) {
  const jst = new Date(Date.now() + 9 * 3_600_000);
  jst.setUTCDate(jst.getUTCDate() + days);
  return jst.toISOString().slice(0, 10);
}

/** 2027-02-05 → 2027年2月5日 (how the app prints dates, without the weekday). */
function japaneseDate(iso: string) {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** Switches the page's browser context to another persona (or any demo user by e-mail). */
async function actAs(page: Page, persona: Persona | `${string}@${string}`) {
  await page.context().clearCookies();
  await signInAs(page, persona);
}

/** The app's origin, for requests posted directly (every action checks the Origin header). */
function appOrigin() {
  return new URL(test.info().project.use.baseURL!).origin;
}

// Direct HTTP requests with the page's session. "Connection: close": the server drops idle
// keep-alive sockets after 5 s, and a request sent on one at that moment fails (ECONNRESET).
function httpGet(page: Page, url: string) {
  return page.request.get(url, { headers: { Connection: "close" } });
}

/** Posts a form the way a script would (every action checks the Origin header). */
function httpPost(page: Page, url: string, form: Record<string, string>) {
  return page.request.post(url, { form, headers: { Origin: appOrigin(), Connection: "close" }, maxRedirects: 0 });
}

/** Clicks a submit button and returns the response to the form's POST. */
async function submit(page: Page, button: Locator) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), button.click()]);
  return response;
}

/** Waits until React has hydrated the page (shortcuts and the mention list need it). */
async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const main = document.querySelector("main");
    return !!main && Object.keys(main).some((k) => k.startsWith("__reactFiber"));
  });
}

type UploadFile = { name: string; mimeType: string; buffer: Buffer };

/** Creates an issue through the form and returns its number. */
async function createIssue(
  page: Page,
  { title, body = "E2Eテストで登録した課題です。", wg = JUMIN_WG, due, files = [] }: { title: string; body?: string; wg?: number; due?: string; files?: UploadFile[] },
) {
  await page.goto(`/issues/new?wg=${wg}`);
  await page.getByLabel("件名").fill(title);
  await page.getByLabel("内容").fill(body);
  if (due) await page.getByLabel("期限", { exact: true }).fill(due);
  if (files.length) await page.getByLabel("ファイルを添付").setInputFiles(files);
  await page.getByRole("button", { name: "登録", exact: true }).click();
  await expect(page).toHaveURL(/\/issues\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  return Number(new URL(page.url()).pathname.split("/").pop());
}

/** Edits the issue and checks 「事業者に公開」. */
async function shareWithVendor(page: Page, number: number) {
  await page.goto(`/issues/${number}/edit`);
  await page.getByLabel("事業者に公開", { exact: true }).check();
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page).toHaveURL(new RegExp(`/issues/${number}$`));
  await expect(page.getByText("事業者に公開中")).toBeVisible();
}

/** The comment box of the issue page. */
function commentBox(page: Page) {
  return page.getByLabel("コメント", { exact: true });
}

/** Posts a comment on the open issue page and returns the comment in the timeline. */
async function addComment(page: Page, { body, files = [], internal = false }: { body: string; files?: UploadFile[]; internal?: boolean }) {
  await commentBox(page).fill(body);
  if (files.length) await page.getByLabel("ファイルを添付").setInputFiles(files);
  if (internal) await page.getByLabel("内部メモ（事業者には表示しない）").check();
  const response = await submit(page, page.getByRole("button", { name: "コメントする" }));
  expect(response.status()).toBe(200);
  const comment = page.locator("li.comment", { hasText: body });
  await expect(comment).toBeVisible();
  return comment;
}

/** The id in `/attachments/:id` of an inline image. */
async function attachmentIdOf(img: Locator) {
  const src = await img.getAttribute("src");
  expect(src).toMatch(/^\/attachments\/\d+$/);
  return Number(src!.split("/").pop());
}

function withDb<T>(fn: (db: ReturnType<typeof openDb>) => T): T {
  const db = openDb();
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------

test.describe("glass walls and vendor sharing", () => {
  test("a member raises an issue with a picture, another town comments, and the vendor sees only what is shared", async ({ page }) => {
    const title = uniqueTitle("glass");

    // 北川市の担当者 raises the issue with a sketch (ポンチ絵), then adds a screenshot.
    await actAs(page, "staff");
    const number = await createIssue(page, { title, body: "窓口の画面で **転入日** の表示がずれます。", files: [png("ponchi-e.png")] });
    const sketch = page.locator("article").getByRole("img", { name: "ponchi-e.png" });
    await expect(sketch).toBeVisible();
    const sketchId = await attachmentIdOf(sketch);
    expect((await httpGet(page, `/attachments/${sketchId}`)).headers()["content-type"]).toBe("image/png");
    const withPicture = await addComment(page, { body: "画面のスクリーンショットを添付します。", files: [png("madoguchi.png")] });
    const picture = withPicture.getByRole("img", { name: "madoguchi.png" });
    await expect(picture).toBeVisible();
    const pictureId = await attachmentIdOf(picture);
    const served = await httpGet(page, `/attachments/${pictureId}`);
    expect(served.status()).toBe(200);
    expect(served.headers()["content-type"]).toBe("image/png");
    expect(Buffer.compare(await served.body(), PNG_1X1)).toBe(0);

    // 南浜町 (another town) sees the issue and comments.
    await actAs(page, "lead");
    await page.goto(`/issues/${number}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
    await expect(page.getByRole("img", { name: "madoguchi.png" })).toBeVisible();
    const leadComment = "南浜町でも同じ事象を確認しました。事業者に確認します。";
    await addComment(page, { body: leadComment });

    // Not shared yet: for the vendor the issue and its files do not exist.
    await actAs(page, "vendor");
    expect((await page.goto(`/issues/${number}`))?.status()).toBe(404);
    expect((await httpGet(page, `/attachments/${pictureId}`)).status()).toBe(404);
    expect((await httpGet(page, `/attachments/${sketchId}`)).status()).toBe(404);

    // An internal memo (with a file) from 北川市.
    await actAs(page, "staff");
    await page.goto(`/issues/${number}`);
    const memoText = "費用負担の整理が済むまで事業者には伝えないこと。";
    const memo = await addComment(page, { body: memoText, internal: true, files: [png("naibu-shiryo.png")] });
    await expect(memo).toHaveClass(/internal/);
    await expect(memo.getByText("内部メモ", { exact: true })).toBeVisible();
    const memoFileId = await attachmentIdOf(memo.getByRole("img", { name: "naibu-shiryo.png" }));

    // The WG lead shares the issue with the vendor.
    await actAs(page, "lead");
    await shareWithVendor(page, number);

    // Now the vendor sees the issue, the picture and the lead's comment, never the memo.
    await actAs(page, "vendor");
    expect((await page.goto(`/issues/${number}`))?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
    await expect(page.locator("li.comment", { hasText: leadComment })).toBeVisible();
    await expect(page.getByRole("img", { name: "madoguchi.png" })).toBeVisible();
    await expect(page.getByRole("img", { name: "ponchi-e.png" })).toBeVisible();
    await expect(page.locator("main")).not.toContainText(memoText);
    await expect(page.locator("main")).not.toContainText("内部メモ");
    await expect(page.getByRole("img", { name: "naibu-shiryo.png" })).toHaveCount(0);
    expect(await page.content()).not.toContain(memoText); // not even in the loader data
    // Vendors cannot write internal memos.
    await expect(page.getByLabel("内部メモ（事業者には表示しない）")).toHaveCount(0);
    expect((await httpGet(page, `/attachments/${pictureId}`)).status()).toBe(200);
    expect((await httpGet(page, `/attachments/${sketchId}`)).status()).toBe(200);
    expect((await httpGet(page, `/attachments/${memoFileId}`)).status()).toBe(404);
  });

  test("town staff outside the WG read but do not write; the vendor cannot edit or write internal memos", async ({ page }) => {
    const title = uniqueTitle("walls");
    await actAs(page, "staff");
    const number = await createIssue(page, { title });
    await addComment(page, { body: "北川市の内部検討用のメモです。", internal: true });

    // 北川市の福祉担当 is in 福祉WG only: glass-walled, read only.
    await actAs(page, "welfare@kitagawa.demo.renkei.jp");
    expect((await page.goto(`/issues/${number}`))?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
    await expect(page.getByText("北川市の内部検討用のメモです。")).toBeVisible(); // insiders read internal memos
    await expect(page.getByText("このWGのメンバーではないため、閲覧のみできます（ガラス張り）。")).toBeVisible();
    await expect(page.getByRole("button", { name: "コメントする" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "編集" })).toHaveCount(0);
    const comment = await httpPost(page, `/issues/${number}`, { intent: "comment", body: "書けないはず" });
    expect(comment.status()).toBe(403);
    expect((await page.goto(`/issues/${number}/edit`))?.status()).toBe(403);

    // Leadership does not browse issues at all.
    await actAs(page, "exec");
    expect((await page.goto(`/issues/${number}`))?.status()).toBe(404);

    // Shared with the vendor: they comment, but cannot edit and cannot make a memo internal.
    await actAs(page, "staff");
    await shareWithVendor(page, number);
    await actAs(page, "vendor");
    expect((await page.goto(`/issues/${number}/edit`))?.status()).toBe(404);
    expect((await page.goto(`/issues/${number}`))?.status()).toBe(200);
    await expect(page.getByText("北川市の内部検討用のメモです。")).toHaveCount(0);
    const body = `事業者からの質問です ${Date.now()}`;
    const posted = await httpPost(page, `/issues/${number}`, { intent: "comment", body, internal: "on" });
    expect(posted.status()).toBe(200);
    expect(withDb((db) => db.prepare("SELECT internal FROM comment WHERE body = ?").all(body))).toEqual([{ internal: 0 }]);
    const edit = await httpPost(page, `/issues/${number}/edit`, { title: "事業者が書き換えた件名", type: "課題", status: "完了", priority: "中" });
    expect(edit.status()).toBe(404);
    expect(withDb((db) => db.prepare("SELECT title, status FROM issue WHERE consortium_id = 1 AND number = ?").get(number))).toEqual({ title, status: "未着手" });
  });

  test("a vendor raises a question in their WG; it is shared with them automatically", async ({ page }) => {
    const title = uniqueTitle("vendor-question");
    await actAs(page, "vendor");
    await page.goto(`/issues/new?wg=${JUMIN_WG}`);
    // Vendors describe the question; the consortium triages it.
    await expect(page.getByLabel("担当者")).toHaveCount(0);
    await expect(page.getByLabel("事業者に公開", { exact: true })).toHaveCount(0);
    await page.getByLabel("件名").fill(title);
    await page.getByLabel("内容").fill("帳票のサンプルをいただけますか。");
    await page.getByLabel("種別").selectOption("質問");
    await page.getByRole("button", { name: "登録", exact: true }).click();
    await expect(page).toHaveURL(/\/issues\/\d+$/);
    await expect(page.getByText("事業者に公開中")).toBeVisible();
    const number = Number(new URL(page.url()).pathname.split("/").pop());
    expect(withDb((db) => db.prepare("SELECT vendor_visible AS shared, wg_id AS wg, type FROM issue WHERE consortium_id = 1 AND number = ?").get(number))).toEqual({ shared: 1, wg: JUMIN_WG, type: "質問" });
    // Not in a WG they are no guest of.
    expect((await page.goto(`/issues/new?wg=${ZEIMU_WG}`))?.status()).toBe(404);
  });
});

test.describe("carry-over (持ち越し)", () => {
  test("moving the due date later needs a reason and is counted as a carry-over", async ({ page }) => {
    const title = uniqueTitle("carry");
    const [due0, due1, due2] = [isoDaysFromToday(20), isoDaysFromToday(40), isoDaysFromToday(61)];
    await actAs(page, "pmo");
    const number = await createIssue(page, { title, due: due0 });

    // Later without a reason: refused, with the message next to the reason field.
    await page.goto(`/issues/${number}/edit`);
    await page.getByLabel("期限", { exact: true }).fill(due1);
    const refused = await submit(page, page.getByRole("button", { name: "保存" }));
    expect(refused.status()).toBe(400);
    const reason = page.getByLabel("期限を延ばす理由");
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await expect(reason).toHaveAccessibleDescription(/期限を延ばす場合は理由を入力してください/);
    expect(withDb((db) => db.prepare("SELECT due_on AS due, carry_over_count AS carry FROM issue WHERE consortium_id = 1 AND number = ?").get(number))).toEqual({ due: due0, carry: 0 });

    // With a reason: saved, twice.
    const reasons = ["各団体の庁内調整に時間を要したため", "事業者の回答を待つため"];
    for (const [i, next] of [due1, due2].entries()) {
      await page.goto(`/issues/${number}/edit`);
      await page.getByLabel("期限", { exact: true }).fill(next);
      await page.getByLabel("期限を延ばす理由").fill(reasons[i]);
      await page.getByRole("button", { name: "保存" }).click();
      await expect(page).toHaveURL(new RegExp(`/issues/${number}$`));
    }
    await expect(page.locator(".issue-badges")).toContainText("持ち越し2回");
    const carries = page.locator(".timeline-event.carry");
    await expect(carries).toHaveCount(2);
    await expect(carries.nth(0)).toContainText(`期限を ${japaneseDate(due0)}`);
    await expect(carries.nth(0)).toContainText(`理由: ${reasons[0]}`);
    await expect(carries.nth(1)).toContainText(`${japaneseDate(due2)}`);
    await expect(carries.nth(1)).toContainText(`理由: ${reasons[1]}`);

    // The WG list shows it, sorted and filtered by carry-overs.
    for (const query of ["sort=carry&dir=desc&status=all", "carry=2"]) {
      await page.goto(`/wg/${JUMIN_WG}/issues?${query}`);
      const row = page.locator("tbody tr", { hasText: title });
      await expect(row).toHaveCount(1);
      await expect(row.locator("td").nth(8)).toHaveText("持ち越し2回");
    }
  });
});

test.describe("bad input on the issue form", () => {
  test("clear messages next to the field, 400, and nothing stored", async ({ page }) => {
    const prefix = uniqueTitle("bad");
    await actAs(page, "staff");
    await page.goto(`/issues/new?wg=${JUMIN_WG}`);
    const title = page.getByLabel("件名");
    const create = page.getByRole("button", { name: "登録", exact: true });

    // Empty title.
    await title.fill("   ");
    let response = await submit(page, create);
    expect(response.status()).toBe(400);
    await expect(title).toHaveAttribute("aria-invalid", "true");
    await expect(title).toHaveAccessibleDescription(/件名を入力してください$/);
    await expect(page.getByRole("alert").filter({ hasText: "入力内容を確認してください。" })).toBeVisible();

    // 201 characters (the browser's maxlength would stop a user typing; a script is not stopped).
    await title.evaluate((el) => el.removeAttribute("maxlength"));
    await title.fill(`${prefix}-${"あ".repeat(201 - prefix.length - 1)}`);
    response = await submit(page, create);
    expect(response.status()).toBe(400);
    await expect(title).toHaveAccessibleDescription(/件名は200文字以内で入力してください$/);

    // An impossible due date.
    await title.fill(`${prefix}-期限`);
    await page.getByLabel("期限", { exact: true }).fill("2026-13-45");
    response = await submit(page, create);
    expect(response.status()).toBe(400);
    await expect(page.getByLabel("期限", { exact: true })).toHaveAccessibleDescription(/期限は「2026\/11\/22」や「R8.11.22」のような日付で入力してください$/);
    await expect(title).toHaveValue(`${prefix}-期限`); // what was typed is kept

    // Assignees that are not members of the WG, posted directly.
    const validIssue = { intent: "create", body: "", type: "課題", status: "未着手", priority: "中" };
    const vendorId = withDb((db) => (db.prepare("SELECT id FROM user WHERE consortium_id = 1 AND account_id = (SELECT id FROM account WHERE email = 'vendor@vendor-a.demo.renkei.jp')").get() as { id: number }).id);
    for (const assigneeId of ["999999", String(vendorId), "abc"]) {
      const post = await httpPost(page, `/issues/new?wg=${JUMIN_WG}`, { ...validIssue, title: `${prefix}-担当者${assigneeId}`, assigneeId });
      expect(post.status(), `assignee ${assigneeId}`).toBe(400);
    }
    // Other bad values posted directly.
    for (const [field, value] of [["type", "雑談"], ["status", "保留"], ["priority", "最優先"], ["ballHolderOrgId", "999999"], ["dueOn", "2026-02-30"], ["labelIds", "999999"]]) {
      const post = await httpPost(page, `/issues/new?wg=${JUMIN_WG}`, { ...validIssue, title: `${prefix}-${field}`, [field]: value });
      expect(post.status(), `${field}=${value}`).toBe(400);
    }

    const stored = withDb((db) => db.prepare("SELECT count(*) AS n FROM issue WHERE title LIKE ?").get(`${prefix}%`));
    expect(stored).toEqual({ n: 0 });
  });
});

test.describe("uploads", () => {
  test("a file over 20 MB is refused with 413 and a message, and nothing is stored", async ({ page }) => {
    await actAs(page, "staff");
    const number = await createIssue(page, { title: uniqueTitle("big") });
    const body = `大きな資料を添付します ${Date.now()}`;
    await commentBox(page).fill(body);
    // 21 MB, written to the test's output folder: handing the browser a path is much
    // faster than sending the bytes over the protocol.
    const big = test.info().outputPath("big.pdf");
    fs.writeFileSync(big, Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(21 * 1024 * 1024)]));
    await page.getByLabel("ファイルを添付").setInputFiles(big);
    const response = await submit(page, page.getByRole("button", { name: "コメントする" }));
    expect(response.status()).toBe(413);
    await expect(page.getByText("ファイルが大きすぎます（1ファイル20MBまで）")).toBeVisible();
    await expect(page.locator("li.comment", { hasText: body })).toHaveCount(0);
    expect(withDb((db) => db.prepare("SELECT count(*) AS n FROM comment WHERE body = ?").get(body))).toEqual({ n: 0 });
    expect(withDb((db) => db.prepare("SELECT count(*) AS n FROM comment JOIN issue ON issue.id = comment.issue_id WHERE issue.number = ?").get(number))).toEqual({ n: 0 });
  });

  test("the issue form refuses a program renamed to .png and stores no issue", async ({ page }) => {
    const title = uniqueTitle("exe-create");
    await actAs(page, "staff");
    await page.goto(`/issues/new?wg=${JUMIN_WG}`);
    await page.getByLabel("件名").fill(title);
    await page.getByLabel("ファイルを添付").setInputFiles({ name: "zu.png", mimeType: "image/png", buffer: WINDOWS_PROGRAM });
    const response = await submit(page, page.getByRole("button", { name: "登録", exact: true }));
    expect(response.status()).toBe(415);
    await expect(page.getByText("この種類のファイルは添付できません（画像・PDF・Office文書・テキストのみ）")).toBeVisible();
    await expect(page.getByLabel("件名")).toHaveValue(title);
    expect(withDb((db) => db.prepare("SELECT count(*) AS n FROM issue WHERE title = ?").get(title))).toEqual({ n: 0 });
  });

  test("a program renamed to .png is refused and nothing is stored", async ({ page }) => {
    await actAs(page, "staff");
    const number = await createIssue(page, { title: uniqueTitle("exe") });
    const body = `画像を添付します ${Date.now()}`;
    await commentBox(page).fill(body);
    await page.getByLabel("ファイルを添付").setInputFiles({ name: "screenshot.png", mimeType: "image/png", buffer: WINDOWS_PROGRAM });
    const response = await submit(page, page.getByRole("button", { name: "コメントする" }));
    expect(response.status()).toBe(415);
    await expect(page.getByText("この種類のファイルは添付できません（画像・PDF・Office文書・テキストのみ）")).toBeVisible();
    // What was typed is still there, the file is not.
    await expect(commentBox(page)).toHaveValue(body);
    await expect(page.locator("li.comment")).toHaveCount(0);
    withDb((db) => {
      expect(db.prepare("SELECT count(*) AS n FROM comment JOIN issue ON issue.id = comment.issue_id WHERE issue.number = ?").get(number)).toEqual({ n: 0 });
      expect(db.prepare("SELECT count(*) AS n FROM attachment WHERE file_name = 'screenshot.png'").get()).toEqual({ n: 0 });
    });
  });

  test("an empty file is refused with a message, not silently dropped", async ({ page }) => {
    await actAs(page, "staff");
    const number = await createIssue(page, { title: uniqueTitle("empty") });
    const body = `議事メモを添付します ${Date.now()}`;
    await commentBox(page).fill(body);
    await page.getByLabel("ファイルを添付").setInputFiles({ name: "gijimemo.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) });
    const response = await submit(page, page.getByRole("button", { name: "コメントする" }));
    expect(response.status()).toBeGreaterThanOrEqual(400);
    expect(response.status()).toBeLessThan(500);
    await expect(page.getByText("空のファイルは添付できません")).toBeVisible();
    expect(withDb((db) => db.prepare("SELECT count(*) AS n FROM comment JOIN issue ON issue.id = comment.issue_id WHERE issue.number = ?").get(number))).toEqual({ n: 0 });
  });
});

test.describe("CSV export", () => {
  const HEADER = "番号,件名,WG,種別,状態,優先度,担当者,次に対応する団体,期限,持ち越し回数,経過日数,影響を受ける団体,ラベル,事業者に公開,登録日,更新日";

  /** Downloads a CSV and checks the Excel-friendly format; returns its text without the BOM. */
  async function downloadCsv(page: Page, url: string) {
    const response = await httpGet(page, url);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/csv/);
    const bytes = await response.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(text.split("\r\n")[0]).toBe(HEADER);
    return text;
  }

  /** The issue numbers of the data rows (the first field, never quoted). */
  const numbersIn = (csv: string) => csv.split("\r\n").slice(1).filter(Boolean).map((line) => Number(line.split(",")[0]));

  test("staff download the WG's issues as CSV for Excel", async ({ page }) => {
    await actAs(page, "staff");
    const csv = await downloadCsv(page, `/wg/${JUMIN_WG}/issues.csv?status=all`);
    expect(csv).toContain("転出証明書の様式統一");
    expect(csv).toContain("データ移行時の外字の扱い");
    const numbers = numbersIn(csv);
    const seeded = withDb((db) => (db.prepare("SELECT number FROM issue WHERE wg_id = ? AND number <= 60").all(JUMIN_WG) as { number: number }[]).map((r) => r.number));
    expect(seeded.length).toBeGreaterThan(15);
    for (const n of seeded) expect(numbers).toContain(n);
  });

  test("a title that looks like a formula is exported as text", async ({ page }) => {
    await actAs(page, "staff");
    const title = `=HYPERLINK("http://evil.example","${uniqueTitle("csv")}")`;
    await createIssue(page, { title });
    const csv = await downloadCsv(page, `/wg/${JUMIN_WG}/issues.csv?status=all`);
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"",""`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  test("the vendor's CSV holds only the issues shared with them", async ({ page }) => {
    await actAs(page, "vendor");
    const csv = await downloadCsv(page, `/wg/${JUMIN_WG}/issues.csv?status=all`);
    const numbers = numbersIn(csv);
    expect(numbers.length).toBeGreaterThanOrEqual(7);
    withDb((db) => {
      const get = db.prepare("SELECT vendor_visible AS shared, wg_id AS wg FROM issue WHERE consortium_id = 1 AND number = ?");
      for (const n of numbers) expect(get.get(n), `#${n}`).toEqual({ shared: 1, wg: JUMIN_WG });
      const sharedSeeded = (db.prepare("SELECT number FROM issue WHERE wg_id = ? AND vendor_visible = 1 AND number <= 60").all(JUMIN_WG) as { number: number }[]).map((r) => r.number);
      for (const n of sharedSeeded) expect(numbers).toContain(n);
    });
    expect(csv).not.toContain("事業者非公開");
    expect(csv).not.toContain("非公開");
    // The consortium-wide export is limited the same way, and other WGs do not exist for them.
    for (const n of numbersIn(await downloadCsv(page, "/issues.csv?status=all"))) {
      expect(withDb((db) => db.prepare("SELECT vendor_visible AS shared, wg_id AS wg FROM issue WHERE consortium_id = 1 AND number = ?").get(n)), `#${n}`).toEqual({ shared: 1, wg: JUMIN_WG });
    }
    expect((await httpGet(page, `/wg/${ZEIMU_WG}/issues.csv?status=all`)).status()).toBe(404);
  });
});

test.describe("search", () => {
  /** "N results" / "nothing found" (the vendor's guest banner is a status too). */
  const resultStatus = (page: Page) => page.locator("main").getByRole("status");

  /** Searches from the search page and returns the result items. */
  async function searchFor(page: Page, q: string) {
    await page.goto(`/search?q=${encodeURIComponent(q)}`);
    await expect(resultStatus(page)).toContainText(`「${q}」`);
    return page.locator("ol.search-results > li");
  }

  test("staff find issues and comments in Japanese, with highlights", async ({ page }) => {
    await actAs(page, "staff");
    let hits = await searchFor(page, "特別徴収");
    await expect(resultStatus(page)).toContainText("の検索結果");
    expect(await hits.count()).toBeGreaterThan(0);
    await expect(hits.filter({ hasText: "住民税特別徴収の通知書レイアウト差異" }).first()).toBeVisible();
    const marks = page.locator("ol.search-results mark");
    expect(await marks.count()).toBeGreaterThan(0);
    for (const text of await marks.allInnerTexts()) expect(text).toBe("特別徴収");

    // Two characters: titles only, still found and highlighted.
    hits = await searchFor(page, "転出");
    await expect(page.getByText("2文字以下の語は件名だけを検索します。")).toBeVisible();
    await expect(hits.filter({ hasText: "転出証明書の様式統一" })).toHaveCount(1);
    await expect(hits.filter({ hasText: "転出証明書の様式統一" }).locator("mark")).toHaveText("転出");
    hits = await searchFor(page, "外字");
    await expect(hits.filter({ hasText: "データ移行時の外字の扱い" }).locator("mark")).toHaveText("外字");

    // Staff also find internal memos and unshared issues.
    hits = await searchFor(page, "世帯連絡票");
    expect(await hits.count()).toBeGreaterThan(0);
  });

  test("the vendor never finds hidden issues or internal memos", async ({ page }) => {
    await actAs(page, "vendor");
    // Shared issues are found …
    const hits = await searchFor(page, "縮退マップ");
    await expect(hits.filter({ hasText: "データ移行時の外字の扱い" }).first()).toBeVisible();
    // … words only in unshared issues or in internal memos are not.
    for (const q of ["非公開", "事業者非公開", "内部メモ", "世帯連絡票", "追加費用", "納税通知書"]) {
      const none = await searchFor(page, q);
      await expect(resultStatus(page)).toHaveText(`「${q}」に一致する課題やコメントはありません。`);
      await expect(none).toHaveCount(0);
    }
  });

  test("searching #19 finds issue #19", async ({ page }) => {
    await actAs(page, "staff");
    await page.goto(`/search?q=${encodeURIComponent("#19")}`);
    await expect(page.locator("ol.search-results > li").filter({ hasText: "#19 データ移行時の外字の扱い" })).toHaveCount(1);
  });

  test("a query with a NUL character is not a server error", async ({ page }) => {
    await actAs(page, "staff");
    const q = encodeURIComponent("外\u0000字の");
    for (const url of [`/search?q=${q}`, `/issues?q=${q}`, `/wg/${JUMIN_WG}/issues?q=${q}`, `/wg/${JUMIN_WG}/issues.csv?q=${q}`, `/issues.csv?q=${q}`]) {
      expect((await httpGet(page, url)).status(), url).toBe(200);
    }
  });
});

test.describe("issue lists and the keyboard", () => {
  const rows = (page: Page) => page.locator("table.issue-table tbody tr");

  test("the consortium list pages by 50 and the WG list shows everything on one page", async ({ page }) => {
    await actAs(page, "staff");
    await page.goto("/issues?status=all");
    await expect(rows(page)).toHaveCount(50);
    const summary = await page.locator("nav.pagination > span.muted").first().innerText();
    const total = Number(/^(\d+)件中 1〜50件$/.exec(summary)?.[1]);
    expect(total).toBeGreaterThanOrEqual(60);
    await page.getByRole("link", { name: "次へ" }).first().click();
    await expect(page).toHaveURL(/[?&]page=2(&|$)/);
    // Other tests may add issues meanwhile: the total can only grow.
    await expect(page.locator("nav.pagination > span.muted").first()).toHaveText(/^\d+件中 51〜\d+件$/);
    const [, total2, last] = /^(\d+)件中 51〜(\d+)件$/.exec(await page.locator("nav.pagination > span.muted").first().innerText())!.map(Number);
    expect(total2).toBeGreaterThanOrEqual(total);
    expect(last).toBe(Math.min(total2, 100));
    await expect(rows(page)).toHaveCount(last - 50);
    await expect(page.getByRole("link", { name: "前へ" }).first()).toBeVisible();

    await page.goto(`/wg/${JUMIN_WG}/issues?status=all`);
    const count = await rows(page).count();
    expect(count).toBeGreaterThanOrEqual(20);
    expect(count).toBeLessThanOrEqual(50);
    await expect(page.getByRole("link", { name: "次へ" })).toHaveCount(0);
  });

  test("sorting by due date and showing overdue issues only", async ({ page }) => {
    await actAs(page, "staff");
    await page.goto(`/wg/${JUMIN_WG}/issues`);
    await page.getByRole("link", { name: "期限", exact: true }).click();
    await expect(page).toHaveURL(/[?&]sort=due(&|$)/);
    await expect(page).toHaveURL(/[?&]dir=asc(&|$)/);
    await expect(page.getByRole("columnheader", { name: "期限", exact: true })).toHaveAttribute("aria-sort", "ascending");
    const dueCells = await rows(page).locator("td:nth-child(8)").allInnerTexts();
    const dated = dueCells.filter((d) => d !== "—").map((d) => d.replace(/\(.\).*$/, ""));
    expect(dated.length).toBeGreaterThan(3);
    const asIso = dated.map((d) => d.replace(/(\d+)年(\d+)月(\d+)日/, (_, y, m, day) => `${y}-${m.padStart(2, "0")}-${day.padStart(2, "0")}`));
    expect(asIso).toEqual([...asIso].sort());
    // Issues without a due date come last.
    expect(dueCells.slice(dated.length).every((d) => d === "—")).toBe(true);

    await page.getByLabel("期限超過のみ").check();
    await page.getByRole("button", { name: "絞り込む" }).click();
    await expect(page).toHaveURL(/[?&]overdue=1(&|$)/);
    await expect(page).toHaveURL(/[?&]sort=due(&|$)/); // the sort is kept
    const overdueRows = rows(page);
    expect(await overdueRows.count()).toBeGreaterThan(0);
    for (const row of await overdueRows.all()) {
      await expect(row.locator("td").nth(7)).toHaveClass(/\boverdue\b/);
      await expect(row.locator("td").nth(7)).toContainText("期限超過");
    }
  });

  test("sorting by due date descending still puts issues without a due date last", async ({ page }) => {
    await actAs(page, "staff");
    await page.goto(`/wg/${JUMIN_WG}/issues?status=all`);
    await page.getByRole("link", { name: "期限", exact: true }).click();
    await expect(page).toHaveURL(/[?&]dir=asc(&|$)/);
    await page.getByRole("link", { name: "期限", exact: true }).click();
    await expect(page).toHaveURL(/[?&]dir=desc(&|$)/);
    await expect(page.getByRole("columnheader", { name: "期限", exact: true })).toHaveAttribute("aria-sort", "descending");
    const dueCells = await rows(page).locator("td:nth-child(8)").allInnerTexts();
    const firstUndated = dueCells.indexOf("—");
    expect(firstUndated).toBeGreaterThan(0);
    expect(dueCells.slice(firstUndated).every((d) => d === "—")).toBe(true);
  });

  test("j and k move between rows, c raises an issue, but not while typing", async ({ page }) => {
    await actAs(page, "staff");
    await page.goto(`/wg/${JUMIN_WG}/issues`);
    await hydrated(page);
    const links = page.locator("tbody a.row-link");
    // Retry until the key handler is attached (j from no row always lands on the first).
    await expect(async () => {
      await page.keyboard.press("j");
      await expect(links.nth(0)).toBeFocused({ timeout: 500 });
    }).toPass();
    await page.keyboard.press("j");
    await expect(links.nth(1)).toBeFocused();
    await page.keyboard.press("k");
    await expect(links.nth(0)).toBeFocused();

    // Typing "c" into a search box is typing, not a shortcut.
    const search = page.getByRole("searchbox", { name: "課題とコメントを検索" });
    await search.click();
    await page.keyboard.type("c");
    await expect(search).toHaveValue("c");
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe(`/wg/${JUMIN_WG}/issues`);
    await page.getByLabel("キーワード・番号").pressSequentially("cc");
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe(`/wg/${JUMIN_WG}/issues`);

    // Outside a field, "c" opens the form for this WG.
    await page.getByRole("heading", { level: 1 }).click();
    await page.keyboard.press("c");
    await expect(page).toHaveURL(new RegExp(`/issues/new\\?wg=${JUMIN_WG}$`));
    await expect(page.getByRole("heading", { name: "課題の登録" })).toBeVisible();
  });
});

test.describe("mentions", () => {
  test("typing @ offers WG members and the comment shows the mention", async ({ page }) => {
    await actAs(page, "staff");
    await createIssue(page, { title: uniqueTitle("mention") });
    await hydrated(page);
    const box = commentBox(page);
    await box.click();
    await box.pressSequentially("@田中");
    const list = page.getByRole("listbox", { name: "メンバー候補" });
    await expect(list).toBeVisible();
    await expect(list.getByRole("option").first()).toContainText("田中 由美");
    await expect(list.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
    await box.press("Enter");
    await expect(box).toHaveValue("@田中由美 ");
    await expect(list).toHaveCount(0);
    await box.pressSequentially("確認をお願いします。");
    await expect(box).toHaveValue("@田中由美 確認をお願いします。");

    const response = await submit(page, page.getByRole("button", { name: "コメントする" }));
    expect(response.status()).toBe(200);
    const comment = page.locator("li.comment", { hasText: "確認をお願いします。" });
    await expect(comment.locator("span.mention")).toHaveText("@田中 由美");
  });
});

test.describe("dashboard", () => {
  test("staff see their own issues and those whose ball is with their town", async ({ page }) => {
    await actAs(page, "staff");
    await page.goto("/");
    const mine = page.getByRole("region", { name: "自分の担当" });
    const ball = page.getByRole("region", { name: "自団体の対応待ちの課題" });
    await expect(mine.getByRole("heading", { name: "自分の担当" })).toBeVisible();
    await expect(ball.getByRole("heading", { name: "自団体の対応待ちの課題" })).toBeVisible();
    await expect(mine.getByRole("link", { name: /データ移行時の外字の扱い/ })).toBeVisible();
    const seeAllMine = mine.getByRole("link", { name: /^すべて見る（\d+件）$/ });
    await expect(seeAllMine).toHaveAttribute("href", /^\/issues\?assignee=me/);
    await expect(ball.getByRole("link", { name: /^すべて見る（\d+件）$/ })).toHaveAttribute("href", /^\/issues\?ball=mine/);

    // "See all" lists exactly those issues.
    const total = Number(/（(\d+)件）/.exec(await seeAllMine.innerText())?.[1]);
    await seeAllMine.click();
    await expect(page).toHaveURL(/\/issues\?assignee=me/);
    await expect(page.locator("table.issue-table tbody tr")).toHaveCount(total);
    for (const assignee of await page.locator("table.issue-table tbody td:nth-child(6)").allInnerTexts()) expect(assignee).toBe("高橋 健太");

    await page.goto("/");
    await page.getByRole("region", { name: "自団体の対応待ちの課題" }).getByRole("link", { name: /^すべて見る/ }).click();
    await expect(page).toHaveURL(/\/issues\?ball=mine/);
    // The address changes a moment before the list renders: wait for its rows before reading them.
    await expect(page.locator("table.issue-table tbody tr").first()).toBeVisible();
    const holders = await page.locator("table.issue-table tbody td:nth-child(7)").allInnerTexts();
    expect(holders.length).toBeGreaterThan(0);
    for (const holder of holders) expect(holder).toBe("北川市");
  });
});
