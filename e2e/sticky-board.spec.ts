// The live sticky-note board with two people at once: a town member and the vendor guest,
// on a running meeting shared with the vendor. A note one posts appears on the other's
// board without reloading; an internal memo never reaches the vendor.
import type { Browser, Locator, Page } from "@playwright/test";
import { createSessionFor, expect, openDb, seriousA11yViolations, signInAs, test } from "./fixtures";

/** A fresh running (開催中) 住民記録WG meeting shared with the vendor, so other specs are unaffected. */
function createRunningMeeting() {
  const db = openDb();
  try {
    const id = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { id: number }).id;
    const wg = db.prepare("SELECT id, project_id AS projectId, consortium_id AS consortiumId FROM working_group WHERE name = '住民記録WG'").get() as { id: number; projectId: number; consortiumId: number };
    const pmo = id("SELECT id FROM user WHERE consortium_id = 1 AND account_id = (SELECT id FROM account WHERE email = 'pmo@demo.renkei.jp')");
    const now = Date.now();
    const meetingId = Number(
      db
        .prepare(
          "INSERT INTO meeting (consortium_id, project_id, wg_id, kind, title, starts_at, ends_at, place, online_url, vendor_visible, state, chair_id, created_by, created_at) VALUES (?, ?, ?, 'WG定例', ?, ?, ?, '', 'https://meet.example.jp/renkei/e2e', 1, '開催中', ?, ?, ?)",
        )
        .run(wg.consortiumId, wg.projectId, wg.id, `付箋ボードE2E ${now}-${Math.random().toString(36).slice(2, 7)}`, now - 600_000, now + 3_600_000, pmo, pmo, now).lastInsertRowid,
    );
    db.prepare("INSERT INTO agenda_item (meeting_id, position, title) VALUES (?, 1, '前回ToDoの確認')").run(meetingId);
    for (const email of ["staff@kitagawa.demo.renkei.jp", "vendor@vendor-a.demo.renkei.jp", "pmo@demo.renkei.jp"]) {
      db.prepare("INSERT INTO meeting_attendee (meeting_id, user_id, attendance) VALUES (?, ?, '出席')").run(meetingId, id("SELECT id FROM user WHERE consortium_id = 1 AND account_id = (SELECT id FROM account WHERE email = ?)", email));
    }
    return meetingId;
  } finally {
    db.close();
  }
}

async function boardOf(browser: Browser, persona: "staff" | "vendor", meetingId: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await signInAs(page, persona);
  await page.goto(`/meetings/${meetingId}`);
  const board = page.locator("#sticky-board");
  await expect(board.getByRole("status").filter({ hasText: "接続中" })).toBeVisible();
  return { page, board, problems, close: () => context.close() };
}

/** The width of an image once the browser has fetched and decoded it (0 until then). */
function loadedWidth(image: Locator) {
  return image.evaluate((img) => ((img as HTMLImageElement).complete ? (img as HTMLImageElement).naturalWidth : 0));
}

async function addNote(page: Page, column: string, text: string, options: { internal?: boolean; kind?: string } = {}) {
  const col = page.locator("#sticky-board").getByRole("region", { name: column });
  const details = col.locator("details.sb-add");
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
  if (options.kind) await col.getByLabel("種類").selectOption(options.kind);
  if (options.internal) await col.getByLabel(/内部メモ/).check();
  const box = col.getByLabel("内容", { exact: true });
  await box.fill(text);
  await box.press("Enter");
  await expect(box).toHaveValue("");
}

test("two people on one board: notes appear live; internal memos never reach the vendor", async ({ browser }) => {
  test.slow(); // several browsers on one board: on a loaded 2-core machine their page loads alone take seconds
  const meetingId = createRunningMeeting();
  const town = await boardOf(browser, "staff", meetingId);
  const vendor = await boardOf(browser, "vendor", meetingId);

  // The vendor can add notes but has no internal-memo option.
  const vendorOther = vendor.board.getByRole("region", { name: "その他" });
  await vendorOther.locator("details.sb-add summary").click();
  await expect(vendorOther.getByLabel("内容", { exact: true })).toBeVisible();
  await expect(vendorOther.getByLabel(/内部メモ/)).toHaveCount(0);

  // A shared note from the town appears on the vendor's board without a reload.
  await addNote(town.page, "その他", "外字の縮退マップは来週提出");
  await expect(town.board.getByText("外字の縮退マップは来週提出")).toBeVisible();
  await expect(vendor.board.getByText("外字の縮退マップは来週提出")).toBeVisible();

  // An internal memo, then another shared note: once the vendor sees the later one, the
  // memo has had every chance to arrive — it must not have.
  await addNote(town.page, "その他", "見積額はまだ事業者に伝えない", { internal: true });
  await expect(town.board.locator(".sb-note", { hasText: "見積額はまだ事業者に伝えない" }).getByText("内部メモ")).toBeVisible();
  await addNote(town.page, "前回ToDoの確認", "各団体のサンプル送付は完了", { kind: "ToDo" });
  await expect(vendor.board.getByRole("region", { name: "前回ToDoの確認" }).getByText("各団体のサンプル送付は完了")).toBeVisible();
  await expect(vendor.board.getByText("見積額はまだ事業者に伝えない")).toHaveCount(0);
  expect(await vendor.page.content()).not.toContain("見積額はまだ事業者に伝えない");

  // The vendor's note reaches the town's board.
  await vendorOther.getByLabel("内容", { exact: true }).fill("テスト環境の接続申請を代行します");
  await vendorOther.getByLabel("内容", { exact: true }).press("Enter");
  await expect(town.board.getByText("テスト環境の接続申請を代行します")).toBeVisible();

  // Moving a note (keyboard-accessible buttons) moves it on the other board too.
  const shared = town.board.locator(".sb-note", { hasText: "外字の縮退マップは来週提出" });
  await shared.getByRole("button", { name: "前の列へ移動" }).click();
  await expect(vendor.board.getByRole("region", { name: "前回ToDoの確認" }).getByText("外字の縮退マップは来週提出")).toBeVisible();

  // Enter while an IME is composing (変換中) does not submit.
  const townOther = town.board.getByRole("region", { name: "その他" });
  const box = townOther.getByLabel("内容", { exact: true });
  await box.fill("へんかんちゅう");
  await box.evaluate((el) => el.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, isComposing: true })));
  await town.page.waitForTimeout(300);
  await expect(box).toHaveValue("へんかんちゅう");
  await expect(townOther.getByText("0 / 400文字")).toHaveCount(0);

  // The running board, with its forms open, has no serious accessibility problems.
  await townOther.locator(".sb-note").first().locator("details.sb-more summary").first().click();
  expect(await seriousA11yViolations(town.page)).toEqual([]);

  expect([...town.problems, ...vendor.problems]).toEqual([]);
  await town.close();
  await vendor.close();
});

test("the vendor's event stream never carries internal notes; another vendor's is not found", async ({ page, playwright }) => {
  const meetingId = createRunningMeeting();
  const baseURL = test.info().project.use.baseURL!;
  await signInAs(page, "staff");
  await page.goto(`/meetings/${meetingId}`);
  await expect(page.locator("#sticky-board").getByRole("status").filter({ hasText: "接続中" })).toBeVisible();
  // Read the vendor's stream in the browser of a second context, after the notes were written.
  const vendorContext = await page.context().browser()!.newContext();
  const vendorPage = await vendorContext.newPage();
  await signInAs(vendorPage, "vendor");
  await addNote(page, "その他", "内部だけの話", { internal: true });
  await addNote(page, "その他", "共有の話");
  await vendorPage.goto("/healthz");
  const received = await vendorPage.evaluate(async (id) => {
    const response = await fetch(`/meetings/${id}/events?since=0`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const until = Date.now() + 1500;
    while (Date.now() < until && !text.includes("note.added")) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 300))]);
      if (chunk && !chunk.done) text += decoder.decode(chunk.value);
    }
    await new Promise((r) => setTimeout(r, 500));
    const more = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 300))]);
    if (more && !more.done) text += decoder.decode(more.value);
    await reader.cancel();
    return { type: response.headers.get("content-type"), text };
  }, meetingId);
  expect(received.type).toMatch(/^text\/event-stream/);
  const changes = received.text.split("\n\n").filter((b) => b.includes("event: change"));
  expect(changes).toHaveLength(1);
  expect(received.text).not.toContain("内部");
  // The board JSON for the vendor has the shared note only.
  const board = await vendorPage.request.get(`/meetings/${meetingId}/notes`);
  const notes = ((await board.json()) as { notes: { text: string }[] }).notes.map((n) => n.text);
  expect(notes).toEqual(["共有の話"]);
  await vendorContext.close();

  // Vendor B is no guest of 住民記録WG: the stream does not exist for them.
  const other = await playwright.request.newContext({ baseURL });
  const res = await other.get(`/meetings/${meetingId}/events`, { headers: { Cookie: `renkei_session=${createSessionFor("vendor@vendor-b.demo.renkei.jp")}` } });
  expect(res.status()).toBe(404);
  await other.dispose();
});

test("two tabs editing one note: the later save is told, not overwritten; a sketch shows on the other board", async ({ browser }) => {
  test.slow(); // several browsers on one board: on a loaded 2-core machine their page loads alone take seconds
  const meetingId = createRunningMeeting();
  const first = await boardOf(browser, "staff", meetingId);
  await addNote(first.page, "その他", "最初の文面");
  const second = await boardOf(browser, "staff", meetingId);
  const vendor = await boardOf(browser, "vendor", meetingId);

  // Tab 1 starts editing; tab 2 saves a change first.
  const noteIn = (page: Page) => page.locator("#sticky-board .sb-note", { hasText: /文面/ });
  await noteIn(first.page).getByRole("button", { name: "編集" }).click();
  await noteIn(second.page).getByRole("button", { name: "編集" }).click();
  await noteIn(second.page).getByLabel("内容").fill("二番目のタブで直した文面");
  await noteIn(second.page).getByRole("button", { name: "保存" }).click();
  await expect(vendor.board.getByText("二番目のタブで直した文面")).toBeVisible();
  await noteIn(first.page).getByLabel("内容").fill("一番目のタブの古い文面");
  await noteIn(first.page).getByRole("button", { name: "保存" }).click();
  await expect(first.board.getByRole("alert")).toHaveText("他の人がこの付箋を更新しました。最新の内容を確認してから、もう一度編集してください。");
  await expect(vendor.board.getByText("二番目のタブで直した文面")).toBeVisible();
  await expect(vendor.board.getByText("一番目のタブの古い文面")).toHaveCount(0);

  // A sketch drawn on the canvas appears on the vendor's board.
  const note = noteIn(second.page);
  await second.page.bringToFront(); // the window one draws in is the one in front
  await note.locator("summary", { hasText: "手描き・画像" }).click();
  const canvas = note.locator("canvas");
  const box = (await canvas.boundingBox())!;
  await second.page.mouse.move(box.x + 20, box.y + 20);
  await second.page.mouse.down();
  await second.page.mouse.move(box.x + 120, box.y + 80, { steps: 8 });
  await second.page.mouse.up();
  await note.getByRole("button", { name: "スケッチを保存" }).click();
  const image = vendor.board.locator(".sb-note", { hasText: "二番目のタブで直した文面" }).getByRole("img", { name: /付箋のスケッチ/ });
  await expect(image).toBeVisible();
  await expect.poll(() => loadedWidth(image)).toBeGreaterThan(0);

  // The sketch is part of the minutes: the markdown links it, the print view shows it.
  const minutes = await (await second.page.request.get(`/meetings/${meetingId}/minutes.md`)).text();
  expect(minutes).toMatch(/- 二番目のタブで直した文面（[^)]*）\n  !\[[^\]]*\]\(http:\/\/[^)]+\/attachments\/\d+\)/);
  await second.page.goto(`/meetings/${meetingId}/print`);
  const printed = second.page.locator(".print-doc li", { hasText: "二番目のタブで直した文面" }).locator("img");
  await expect(printed).toBeVisible();
  await expect.poll(() => loadedWidth(printed)).toBeGreaterThan(0);
  await second.page.emulateMedia({ media: "print" });
  await expect(second.page.getByRole("button", { name: "印刷する" })).toBeHidden();

  expect([...first.problems, ...second.problems, ...vendor.problems]).toEqual([]);
  await Promise.all([first.close(), second.close(), vendor.close()]);
});

test("notes become an issue and a draft decision; a final meeting's board is read-only", async ({ page }) => {
  const meetingId = createRunningMeeting();
  await signInAs(page, "staff");
  await page.goto(`/meetings/${meetingId}`);
  await addNote(page, "その他", "移行データの抽出手順を決める", { kind: "課題" });
  await addNote(page, "その他", "外字は同定を原則とする", { kind: "決定" });
  const board = page.locator("#sticky-board");

  const issueNote = board.locator(".sb-note", { hasText: "移行データの抽出手順を決める" });
  await issueNote.locator("summary", { hasText: "課題にする" }).click();
  await issueNote.getByLabel("期限").fill("2026-12-25");
  await issueNote.getByRole("button", { name: "課題を作成" }).click();
  const issueLink = issueNote.getByRole("link", { name: /課題 #\d+ になりました/ });
  await expect(issueLink).toBeVisible();
  await expect(issueNote.locator("summary", { hasText: "課題にする" })).toHaveCount(0);

  const decisionNote = board.locator(".sb-note", { hasText: "外字は同定を原則とする" });
  await decisionNote.getByRole("button", { name: "決定事項の案にする" }).click();
  await expect(decisionNote.getByRole("link", { name: /決定事項 D-\d{4}-\d{3} になりました/ })).toBeVisible();

  // Drag and drop moves a note to another column too.
  await board.locator(".sb-note", { hasText: "外字は同定を原則とする" }).dragTo(board.getByRole("region", { name: "前回ToDoの確認" }));
  await expect(board.getByRole("region", { name: "前回ToDoの確認" }).getByText("外字は同定を原則とする")).toBeVisible();

  // The issue links back to the meeting's note.
  await issueLink.click();
  await expect(page.getByRole("heading", { name: /移行データの抽出手順を決める/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /付箋ボードE2E/ })).toHaveAttribute("href", new RegExp(`/meetings/${meetingId}#note-\\d+`));

  // A final (確定) meeting: notes shown, no forms, no live connection.
  const db = openDb();
  const final = (db.prepare("SELECT id FROM meeting WHERE state = '確定' AND wg_id = (SELECT id FROM working_group WHERE name = '住民記録WG') ORDER BY id LIMIT 1").get() as { id: number }).id;
  db.close();
  await page.goto(`/meetings/${final}`);
  await expect(page.locator("#sticky-board").getByText("この会議の付箋は閲覧のみです。")).toBeVisible();
  await expect(page.locator("#sticky-board .sb-note").first()).toBeVisible();
  await expect(page.locator("#sticky-board details.sb-add, #sticky-board .sb-actions")).toHaveCount(0);
  await expect(page.locator("#sticky-board").getByRole("status")).toHaveCount(0);
});
