// Meetings (会議): the WG lead plans a meeting (with bad input first), runs it, ends it
// (open agenda issues are carried over), every participating town confirms (確定); the
// vendor sees only shared meetings without internal notes; the calendar feed parses.
import ICAL from "ical.js";
import { expect, openDb, seriousA11yViolations, signInAs, test, type Persona } from "./fixtures";
import type { Page } from "@playwright/test";

const JUMIN_WG = 1; // 住民記録WG: lead@minamihama is its lead, the vendor a guest

async function actAs(page: Page, persona: Persona | `${string}@${string}`) {
  await page.context().clearCookies();
  await signInAs(page, persona);
}

function dbRows<T>(query: string, ...params: unknown[]) {
  const db = openDb();
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}
const userId = (email: string) => dbRows<{ id: number }>("SELECT id FROM user WHERE consortium_id = 1 AND account_id = (SELECT id FROM account WHERE email = ?)", email)[0].id;
const meetingId = (title: string) => dbRows<{ id: number }>("SELECT id FROM meeting WHERE title = ?", title)[0].id;

/** 2026-12-01-style date, `days` from today in Japan. */
function isoDaysFromToday(days: number) {
  const jst = new Date(Date.now() + 9 * 3_600_000);
  jst.setUTCDate(jst.getUTCDate() + days);
  return jst.toISOString().slice(0, 10);
}

test("the lead plans a meeting, runs it, and every town confirms the minutes", async ({ page }) => {
  test.setTimeout(90_000);
  const title = `E2E 住民記録WG 臨時会 ${Date.now()}`;
  // Two open agenda issues of the WG (issues other tests never close).
  const issues = dbRows<{ id: number; number: number; carry_over_count: number }>(
    "SELECT id, number, carry_over_count FROM issue WHERE wg_id = ? AND status IN ('未着手','対応中','回答待ち') ORDER BY number LIMIT 2",
    JUMIN_WG,
  );
  expect(issues).toHaveLength(2);
  const kitagawaStaff = userId("staff@kitagawa.demo.renkei.jp");
  const minamihamaStaff = userId("staff@minamihama.demo.renkei.jp");
  const vendor = userId("vendor@vendor-a.demo.renkei.jp");

  await actAs(page, "lead");
  await page.goto(`/wg/${JUMIN_WG}`);
  await page.getByRole("link", { name: "会議", exact: true }).click();
  await expect(page.getByRole("heading", { name: "住民記録WG の会議" })).toBeVisible();
  await page.getByRole("link", { name: "会議を計画" }).click();
  await expect(page.getByRole("heading", { name: "会議の計画" })).toBeVisible();

  // Vendor guests are offered only once 「事業者参加」 is checked.
  await expect(page.locator(`input[name=attendeeIds][value="${vendor}"]`)).toHaveCount(0);
  await page.getByLabel("事業者参加").check();
  await expect(page.locator(`input[name=attendeeIds][value="${vendor}"]`)).toHaveCount(1);
  await page.getByLabel("事業者参加").uncheck();

  // Bad input: the messages appear next to the fields, nothing is saved.
  await page.getByLabel("開催日").fill(isoDaysFromToday(10));
  await page.getByLabel("開始時刻").fill("15:00");
  await page.getByLabel("終了時刻").fill("14:00");
  await page.getByLabel("オンライン会議URL").fill("javascript:alert(1)");
  const [bad] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "会議を登録" }).click()]);
  expect(bad.status()).toBe(400);
  await expect(page.getByText("会議名を入力してください")).toBeVisible();
  await expect(page.getByText("終了時刻は開始時刻より後にしてください")).toBeVisible();
  await expect(page.getByText("URLは http:// または https:// から始まる正しい形で入力してください")).toBeVisible();
  expect(dbRows("SELECT id FROM meeting WHERE title = ?", title)).toHaveLength(0);

  await page.getByLabel("会議名").fill(title);
  await page.getByLabel("終了時刻").fill("16:30");
  await page.getByLabel("オンライン会議URL").fill("https://meet.example.jp/renkei/e2e");
  await page.getByLabel("開催場所").fill("南浜町役場 2階 会議室A");
  await page.getByLabel("主催団体").selectOption({ label: "南浜町" });
  for (const id of [kitagawaStaff, minamihamaStaff]) await page.locator(`input[name=attendeeIds][value="${id}"]`).check();
  for (const issue of issues) await page.locator(`input[name=agendaIssueIds][value="${issue.id}"]`).check();
  await page.getByLabel("その他の議題（1行に1つ）").fill("前回ToDoの確認");
  await page.getByRole("button", { name: "会議を登録" }).click();
  await expect(page).toHaveURL(/\/meetings\/\d+$/);
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.locator(".meeting-state")).toHaveText("予定");
  await expect(page.getByText(/\d{4}年\d{1,2}月\d{1,2}日\(.\) 15:00〜16:30/)).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(`#${issues[0].number} `) })).toBeVisible();

  await page.getByRole("button", { name: "会議を開始" }).click();
  await expect(page.locator(".meeting-state")).toHaveText("開催中");
  await page.getByRole("button", { name: "会議を終了して確認へ" }).click();
  await expect(page.locator(".meeting-state")).toHaveText("確認中");
  const panel = page.locator(".confirmation-panel");
  await expect(panel.locator('[data-town="北川市"]')).toContainText("未確認");
  await expect(panel.locator('[data-town="南浜町"]')).toContainText("未確認");

  // The open agenda issues were carried over by this meeting, once.
  for (const issue of issues) {
    await page.goto(`/issues/${issue.number}`);
    await expect(page.locator(".issue-badges .badge.carry")).toHaveText(`持ち越し${issue.carry_over_count + 1}回`);
  }
  const id = meetingId(title);

  // Each participating town confirms: 北川市 (staff), then 南浜町 (the lead's town).
  await actAs(page, "staff");
  await page.goto(`/meetings/${id}`);
  await page.getByRole("button", { name: "内容を確認しました" }).click();
  await expect(page.locator('.confirmation-panel [data-town="北川市"]')).toContainText("確認済み");
  await expect(page.getByRole("button", { name: "内容を確認しました" })).toHaveCount(0);
  await expect(page.locator(".meeting-state")).toHaveText("確認中");

  // 南浜町 first asks for a correction: an empty one is refused, a real one is shared.
  await actAs(page, "lead");
  await page.goto(`/meetings/${id}`);
  await page.getByRole("button", { name: "訂正を申し出る" }).click();
  await expect(page.getByText("訂正の内容を入力してください")).toBeVisible();
  await page.getByLabel("訂正の申し出").fill("南浜町の出席者に山口さんを追加してください");
  await page.getByRole("button", { name: "訂正を申し出る" }).click();
  await expect(page.getByText("訂正の申し出を送りました。")).toBeVisible();
  await expect(page.locator(".corrections")).toContainText("南浜町の出席者に山口さんを追加してください");
  await expect(page.locator(".meeting-state")).toHaveText("確認中");

  await page.getByRole("button", { name: "内容を確認しました" }).click();
  await expect(page.locator(".meeting-state")).toHaveText("確定");
  await expect(page.getByText(/に確定しました/)).toBeVisible();
  await expect(page.getByRole("button", { name: "会議を開始" })).toHaveCount(0);

  // After 確定 nothing changes, even when posted directly.
  const origin = new URL(page.url()).origin;
  const again = await page.request.post(`/meetings/${id}?_data=routes%2F_app.meetings.%24meetingId`, {
    form: { intent: "close" },
    headers: { Origin: origin, Connection: "close" },
  });
  expect(again.status()).toBe(409);
  for (const issue of issues) {
    const [row] = dbRows<{ carry_over_count: number }>("SELECT carry_over_count FROM issue WHERE id = ?", issue.id);
    expect(row.carry_over_count).toBe(issue.carry_over_count + 1);
  }
});

test("a staff member who is not the lead cannot plan a meeting", async ({ page }) => {
  await actAs(page, "staff");
  const response = await page.goto(`/meetings/new?wg=${JUMIN_WG}`);
  expect(response?.status()).toBe(403);
});

test("the vendor gets 404 for a meeting not shared with them and sees a shared one without internal notes", async ({ page }) => {
  const hidden = meetingId("住民記録WG 第6回定例会");
  const shared = meetingId("住民記録WG 第5回定例会");
  await actAs(page, "vendor");
  expect((await page.goto(`/meetings/${hidden}`))?.status()).toBe(404);
  expect((await page.request.get(`/meetings/${hidden}/minutes.md`, { headers: { Connection: "close" } })).status()).toBe(404);
  await page.goto(`/wg/${JUMIN_WG}/meetings`);
  await expect(page.getByRole("link", { name: "住民記録WG 第5回定例会" })).toBeVisible();
  await expect(page.getByRole("link", { name: "住民記録WG 第6回定例会" })).toHaveCount(0);
  await page.goto(`/meetings/${shared}`);
  await expect(page.getByRole("heading", { name: "付箋ボード" })).toBeVisible();
  await expect(page.getByText("縮退マップ（案）を各団体にお示しします。", { exact: false })).toBeVisible();
  await expect(page.getByText("見積は協議会で一括取得", { exact: false })).toHaveCount(0);

  // Insiders see the internal memo on the same board, and in the minutes.
  await actAs(page, "staff");
  await page.goto(`/meetings/${shared}`);
  await expect(page.getByText("見積は協議会で一括取得", { exact: false })).toBeVisible();
  const minutes = await page.request.get(`/meetings/${shared}/minutes.md`, { headers: { Connection: "close" } });
  expect(minutes.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
  expect(minutes.headers()["content-disposition"]).toContain("filename*=UTF-8''");
  expect(await minutes.text()).toContain("見積は協議会で一括取得");
});

test("/meetings.ics downloads and parses as iCalendar", async ({ page }) => {
  await actAs(page, "staff");
  await page.goto(`/wg/${JUMIN_WG}/meetings`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "カレンダーに登録（.ics）" }).click()]);
  const fs = await import("node:fs");
  const text = fs.readFileSync((await download.path())!, "utf8");
  expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
  expect(events.map((e) => e.summary)).toContain("住民記録WG 第7回定例会");
  const response = await page.request.get("/meetings.ics", { headers: { Connection: "close" } });
  expect(response.headers()["content-type"]).toBe("text/calendar; charset=utf-8");

  await actAs(page, "vendor");
  const forVendor = await (await page.request.get("/meetings.ics", { headers: { Connection: "close" } })).text();
  const vendorSummaries = new ICAL.Component(ICAL.parse(forVendor)).getAllSubcomponents("vevent").map((e) => new ICAL.Event(e).summary);
  expect(vendorSummaries).toContain("住民記録WG 第5回定例会");
  expect(vendorSummaries).not.toContain("住民記録WG 第6回定例会");
});

test("the meeting page and the planning form have no serious accessibility problems", async ({ page }) => {
  await actAs(page, "lead");
  for (const url of [`/meetings/${meetingId("住民記録WG 第6回定例会")}`, `/wg/${JUMIN_WG}/meetings`, `/meetings/new?wg=${JUMIN_WG}&after=${meetingId("住民記録WG 第6回定例会")}`]) {
    await page.goto(url);
    expect(await seriousA11yViolations(page), url).toEqual([]);
  }
  // A liaison meeting (連絡会) asks for the rank that meets.
  await page.getByLabel("連絡会").check();
  await expect(page.getByLabel("連絡会の職位")).toBeVisible();
});

test("the PMO plans a project-wide liaison meeting from the project page", async ({ page }) => {
  await signInAs(page, "pmo");
  await page.goto("/projects/1");
  await page.getByRole("link", { name: "プロジェクト全体の会議（連絡会など）を計画" }).click();
  await expect(page).toHaveURL(/\/meetings\/new\?project=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByLabel("会議名", { exact: true })).toBeVisible();
});
