// Importing people (/admin/import/people): the PMO imports an Excel file and the invitations
// appear in the outbox; a town admin imports a Shift_JIS CSV into their own town and is
// refused another town at the row; bad files get a Japanese message; others get 404.
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { expect, openDb, seriousA11yViolations, signInAs, test } from "./fixtures";

const HEADER = ["氏名", "ふりがな", "メール", "団体", "所属", "職位", "WG", "役割"];

async function xlsx(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("職員名簿");
  rows.forEach((row) => ws.addRow(row));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cp932Csv = (rows: string[][]) => iconv.encode(rows.map((r) => r.join(",")).join("\r\n") + "\r\n", "cp932");

test("the PMO imports an Excel file: every row is shown, then everyone is invited by e-mail", async ({ page }) => {
  const stamp = Date.now();
  const a = `import-a-${stamp}@kitagawa.example.lg.jp`;
  const b = `import-b-${stamp}@minamihama.example.lg.jp`;
  await signInAs(page, "pmo");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "ファイルから一括登録" }).click();
  await expect(page).toHaveURL(/\/admin\/import\/people$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("職員の一括登録");
  expect(await seriousA11yViolations(page)).toEqual([]);

  // The sample file: a title line, the header, one 記入例 row with the consortium's names.
  const template = await page.request.get("/admin/import/people/template.csv");
  expect(template.headers()["content-type"]).toContain("text/csv");
  const text = (await template.text()).replace(/^\uFEFF/, "");
  expect(text.split("\r\n")[1]).toBe(HEADER.join(","));
  expect(text).toContain("（記入例）連携 花子");

  const file = await xlsx([
    ["令和8年度 職員名簿"],
    [" 氏　名 ", "ふりがな", "メールアドレス", "団体", "所属", "職位", "ＷＧ", "役割"],
    [`取込 一郎${stamp}`, "とりこみ いちろう", a, "北川市", "市民課", "担当者", "住民記録WG", "メンバー"],
    [`=取込 花子${stamp}`, "とりこみ はなこ", b, "南浜町", "総務課", "所属長", "", "団体管理者"],
  ]);
  await page.getByLabel("取り込むファイル").setInputFiles({ name: "職員名簿.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: file });
  await page.getByRole("button", { name: "内容を確認" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登録内容の確認");
  await expect(page.getByText("「職員名簿.xlsx」から2人分を読み取りました。")).toBeVisible();
  const first = page.getByRole("row", { name: new RegExp(`取込 一郎${stamp}`) });
  await expect(first).toContainText("北川市");
  await expect(first).toContainText("住民記録WG（メンバー）");
  await expect(first).toContainText("登録できます");
  await expect(page.getByRole("row", { name: new RegExp(`取込 花子${stamp}`) })).toContainText("団体管理者");
  expect(await seriousA11yViolations(page)).toEqual([]);

  await page.getByRole("button", { name: "この内容で2人を登録する" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登録しました");
  await expect(page.getByRole("status")).toContainText("2人を登録し、招待のメールを送りました");
  await expect(page.getByRole("row", { name: new RegExp(a) })).toContainText(`取込 一郎${stamp}`);
  // A cell that looks like a formula is a name like any other.
  await expect(page.getByRole("link", { name: `=取込 花子${stamp}` })).toBeVisible();

  await page.getByRole("link", { name: "送信メールを見る" }).click();
  for (const address of [a, b]) await expect(page.getByRole("row", { name: new RegExp(address) })).toContainText("へのご招待");

  // Sending the same file again: both addresses are now registered, and nothing more is created.
  await page.goto("/admin/import/people");
  await page.getByLabel("取り込むファイル").setInputFiles({ name: "職員名簿.xlsx", mimeType: "application/octet-stream", buffer: file });
  await page.getByRole("button", { name: "内容を確認" }).click();
  await expect(page.getByText("2行に直すところがあります")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "3行目の「メール」：このメールアドレスの方は、この協議会にすでに登録されています" })).toBeVisible();
  await expect(page.getByRole("button", { name: /登録する/ })).toHaveCount(0);
});

test("a town admin imports into their own town and is refused another town at the row", async ({ page }) => {
  const stamp = Date.now();
  const own = `town-${stamp}@kitagawa.example.lg.jp`;
  const other = `other-${stamp}@minamihama.example.lg.jp`;
  await signInAs(page, "kitagawaAdmin");
  await page.goto("/admin/import/people");
  await expect(page.getByText("北川市の職員のアカウントを")).toBeVisible();
  const rows = [HEADER, [`北川 職員${stamp}`, "", own, "", "税務課", "", "", ""], [`南浜 職員${stamp}`, "", other, "南浜町", "", "", "", "事務局"]];
  await page.getByLabel("取り込むファイル").setInputFiles({ name: "名簿.csv", mimeType: "text/csv", buffer: cp932Csv(rows) });
  await page.getByRole("button", { name: "内容を確認" }).click();
  await expect(page.getByText("1行に直すところがあります。まだ誰も登録していません。")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "3行目の「団体」：ほかの団体の職員は登録できません（北川市の職員だけを登録できます）" })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`北川 職員${stamp}`) })).toContainText("登録できます");
  await expect(page.getByRole("button", { name: /登録する/ })).toHaveCount(0);

  // The rows posted back are checked again: a forged 「登録する」 with the other town creates no one.
  const origin = new URL(page.url()).origin;
  const forged = await page.request.post("/admin/import/people", {
    multipart: { intent: "import", fileName: "名簿.csv", rows: JSON.stringify([{ line: 3, name: "偽造", kana: "", email: other, organization: "南浜町", department: "", rank: "", wgs: "", roles: "" }]) },
    headers: { Origin: origin },
  });
  expect(forged.status()).toBe(409);

  await page.getByLabel("取り込むファイル").setInputFiles({ name: "名簿.csv", mimeType: "text/csv", buffer: cp932Csv(rows.slice(0, 2)) });
  await page.getByRole("button", { name: "内容を確認" }).click();
  await page.getByRole("button", { name: "この内容で1人を登録する" }).click();
  await expect(page.getByRole("status")).toContainText("1人を登録し");
  await expect(page.getByRole("row", { name: new RegExp(own) })).toContainText("北川市");
  await expect(page.getByRole("link", { name: "送信メールを見る" })).toHaveCount(0);

  const db = openDb();
  try {
    expect(db.prepare("SELECT o.name, u.department FROM user u JOIN organization o ON o.id = u.organization_id WHERE u.account_id = (SELECT id FROM account WHERE email = ?)").get(own)).toEqual({ name: "北川市", department: "税務課" });
    expect(db.prepare("SELECT count(*) AS n FROM account WHERE email = ?").get(other)).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM email_outbox WHERE to_address = ? AND kind = 'invitation'").get(own)).toEqual({ n: 1 });
  } finally {
    db.close();
  }
});

test("bad files get a message next to the field, with 413 or 415", async ({ page }) => {
  await signInAs(page, "pmo");
  await page.goto("/admin/import/people");
  const field = page.getByLabel("取り込むファイル");
  const check = async () => {
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "内容を確認" }).click()]);
    return response.status();
  };
  await field.setInputFiles({ name: "写真.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]) });
  expect(await check()).toBe(415);
  await expect(field).toHaveAccessibleDescription(/Excel（.xlsx）か CSV のファイルを選んでください/);
  await field.setInputFiles({ name: "空.csv", mimeType: "text/csv", buffer: Buffer.alloc(0) });
  expect(await check()).toBe(400);
  await expect(field).toHaveAccessibleDescription(/ファイルが空です/);
  const big = test.info().outputPath("big.csv");
  (await import("node:fs")).writeFileSync(big, Buffer.alloc(21 * 1024 * 1024, 0x41));
  await field.setInputFiles(big);
  expect(await check()).toBe(413);
  await expect(field).toHaveAccessibleDescription(/ファイルが大きすぎます（20MBまで）/);
  const many = [HEADER.join(","), ...Array.from({ length: 10_000 }, (_, i) => `職員${i},,p${i}@example.lg.jp,北川市,,,,`)].join("\n");
  await field.setInputFiles({ name: "多すぎる.csv", mimeType: "text/csv", buffer: Buffer.from(many) });
  expect(await check()).toBe(400);
  await expect(field).toHaveAccessibleDescription(/行数が多すぎます（2,000行まで）/);
  // Not a form at all: a clear refusal, never a 500.
  const raw = await page.request.post("/admin/import/people", { data: "{}", headers: { "Content-Type": "application/json", Origin: new URL(page.url()).origin } });
  expect(raw.status()).toBe(415);
});

test("staff, vendors and leadership cannot open the import", async ({ browser }) => {
  for (const persona of ["staff", "vendor", "exec"] as const) {
    const page = await browser.newPage();
    await signInAs(page, persona);
    const status = (await page.goto("/admin/import/people"))?.status();
    expect(status, persona).toBe(404);
    expect((await page.request.get("/admin/import/people/template.csv")).status(), persona).toBe(404);
    await page.close();
  }
});
