import fs from "node:fs";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { findTable, headerField, pickTable, suggestMapping, toIssues } from "./kadai-kanri.server";
import { readTable, type Sheet } from "./table.server";

const SAMPLES = "/work/shared/samples";
const ORGS = ["南浜町", "東山村", "西原市", "中央町", "北川市"];

async function sheetsOf(buffer: Buffer, name: string) {
  const result = await readTable(buffer, name);
  if (!result.ok) throw new Error(result.message);
  return result.sheets;
}

describe("the sample 課題管理表", () => {
  it.each(["kadai-kanri-sample.xlsx", "kadai-kanri-sample-sjis.csv"])("reads %s: 25 rows", async (file) => {
    const { table, skipped } = pickTable(await sheetsOf(fs.readFileSync(`${SAMPLES}/${file}`), file));
    expect(skipped).toEqual([]);
    expect(table!.headers).toEqual(["No.", "起票日", "起票団体", "分類", "件名", "内容", "担当団体", "担当者", "対応方針・回答", "期限", "状況", "備考"]);
    expect(table!.rows).toHaveLength(25);
    const mapping = suggestMapping(table!.headers);
    expect(mapping).toMatchObject({ number: 0, createdOn: 1, reporterOrg: 2, type: 3, title: 4, body: 5, assigneeOrg: 6, assigneeName: 7, response: 8, dueOn: 9, status: 10, note: 11 });

    // 保留 is not one of Renkei's statuses: each such row is an error at its cell.
    const strict = toIssues(table!, mapping, { organizations: ORGS });
    expect(strict.rows).toHaveLength(20);
    expect(strict.errors).toHaveLength(5);
    expect(strict.errors[0]).toMatchObject({ column: "状況", message: expect.stringContaining("「保留」は分かりません") });
    expect(strict.errors[0].message).toMatch(/^\d+行目「状況」: /);

    const { rows, errors } = toIssues(table!, mapping, { organizations: ORGS, statusMap: { 保留: "対応中" } });
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(25);
    const third = rows[2];
    expect(third).toMatchObject({
      line: file.endsWith(".xlsx") ? 8 : 4,
      sourceNumber: "3",
      title: "異動届の受付画面（西原市）",
      type: "要望",
      status: "完了",
      priority: "中",
      dueOn: "2024-10-11",
      createdOn: "2024-08-12",
      reporterOrg: "西原市",
      assigneeOrg: "中央町",
      assigneeName: "担当4",
      affectedOrgs: ["西原市", "中央町"],
    });
    expect(third.body).toBe(
      "西原市では異動届の受付画面について現行運用が他団体と異なる。\n標準仕様書との差異を確認し、次回WGまでに方針を整理する。\n\n【対応方針・回答】\n事業者へ確認中（R6.8.19回答予定）\n\n【備考】\n持ち越し3回",
    );
    expect(rows[6].dueOn).toBeNull(); // No. 7 has no 期限
    expect(rows[3].status).toBe("対応中"); // 保留, through the caller's map
    expect(rows.map((r) => r.type)).toContain("懸案");
  });
});

describe("headers", () => {
  it("recognizes header words, whole or as a ・-part", () => {
    expect(headerField("No.")).toBe("number");
    expect(headerField("ＮＯ．")).toBe("number");
    expect(headerField("管理番号")).toBe("number");
    expect(headerField("対応方針・回答")).toBe("response");
    expect(headerField(" 期 限 ")).toBe("dueOn");
    expect(headerField("担当")).toBe("assigneeName");
    expect(headerField("懸案")).toBeUndefined();
    expect(headerField("")).toBeUndefined();
  });

  it("combines a parent row over a child row", () => {
    const sheet: Sheet = {
      name: "s",
      rows: [
        ["課題一覧"],
        ["No.", "起票", "", "件名", "担当", "", "", "期限"],
        ["", "日", "団体", "", "団体", "担当者", "対応方針", ""],
        ["1", "R6.4.1", "西原市", "件名1", "南浜町", "山田", "確認中", "R6.5.1"],
      ],
    };
    const table = findTable(sheet)!;
    expect(table.headers).toEqual(["No.", "起票日", "起票団体", "件名", "担当団体", "担当者", "対応方針", "期限"]);
    expect(table.rows).toEqual([{ line: 4, cells: ["1", "R6.4.1", "西原市", "件名1", "南浜町", "山田", "確認中", "R6.5.1"] }]);
  });

  it("does not take the first body row for a child header", () => {
    const table = findTable({ name: "s", rows: [["件名", "状況", "期限"], ["課題A", "完了", "R6.5.1"]] })!;
    expect(table.headers).toEqual(["件名", "状況", "期限"]);
    expect(table.rows).toHaveLength(1);
  });

  it("finds no header in a sheet without one", () => {
    expect(findTable({ name: "メモ", rows: [["会議メモ"], ["件名だけ"]] })).toBeNull();
  });
});

describe("a hard 課題管理表 built in memory", () => {
  async function hardBook() {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("課題一覧");
    ws.getCell("A1").value = "○○広域 課題管理表";
    ws.getCell("A2").value = "令和6年12月1日現在";
    ws.getRow(4).values = ["No.", "起票", "", "件名", "内容", "担当", "", "", "期限", "状況", "分類"];
    ws.getRow(5).values = ["", "日", "団体", "", "", "団体", "担当者", "対応方針", "", "", ""];
    for (const range of ["A4:A5", "B4:C4", "D4:D5", "E4:E5", "F4:H4", "I4:I5", "J4:J5", "K4:K5"]) ws.mergeCells(range);
    ws.getRow(6).values = ["１", new Date(Date.UTC(2024, 3, 1)), "西原市", "様式の差異", "一行目\n二行目", "南浜町", "山田", "確認中", "R6.11.5", "対応中", "懸案事項"];
    ws.getRow(7).values = ["２", "令和6年4月2日", "北川市", { richText: [{ text: "帳票" }, { text: "の順序" }] }, "", "西原市", "", "", new Date(Date.UTC(2024, 11, 20)), "保留", "課題"];
    ws.getRow(8).values = [{ formula: "A7+1", result: 3 }, "２０２４／４／３", "中央町", "件名が式", "=1+1", "", "", "", "未定", "完了", "質問"];
    ws.getRow(9).values = [4, "", "", "", "件名のない行", "", "", "", "", "", ""];
    ws.getRow(11).values = ["5", "R6.4.5", "東山村", "空行の後", "", "東山村", "", "", "", "", ""];
    ws.getRow(12).values = ["（以下余白）"];
    ws.getRow(13).values = ["6", "", "", "余白の後（読まない）"];
    const other = wb.addWorksheet("集計");
    other.getCell("A1").value = "状況別件数";
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it("reads title lines, merged header, 和暦 and real dates, full-width digits, formulas, 以下余白, other sheets", async () => {
    const { table, skipped } = pickTable(await sheetsOf(await hardBook(), "hard.xlsx"));
    expect(skipped).toEqual([{ name: "集計", reason: expect.any(String) }]);
    expect(table!.sheetName).toBe("課題一覧");
    expect(table!.headers).toEqual(["No.", "起票日", "起票団体", "件名", "内容", "担当団体", "担当者", "対応方針", "期限", "状況", "分類"]);
    expect(table!.rows.map((r) => r.line)).toEqual([6, 7, 8, 9, 11]);

    const { rows, errors } = toIssues(table!, suggestMapping(table!.headers), { organizations: [...ORGS, "ｻｸﾗ 町"] });
    expect(errors).toEqual([
      { line: 7, column: "状況", message: expect.stringContaining("「保留」は分かりません") },
      { line: 8, column: "期限", message: "8行目「期限」: 日付として読めません（R6.11.5 や 2024/11/05 の形で入力してください）" },
      { line: 9, column: "件名", message: "9行目「件名」: 件名がありません。" },
    ]);
    expect(rows.map((r) => r.line)).toEqual([6, 11]);
    expect(rows[0]).toMatchObject({
      sourceNumber: "1",
      title: "様式の差異",
      type: "懸案",
      status: "対応中",
      createdOn: "2024-04-01",
      dueOn: "2024-11-05",
      reporterOrg: "西原市",
      assigneeOrg: "南浜町",
      assigneeName: "山田",
    });
    expect(rows[0].body).toBe("一行目\n二行目\n\n【対応方針】\n確認中");
    expect(rows[1]).toMatchObject({ sourceNumber: "5", status: "未着手", type: "課題", priority: "中", dueOn: null, affectedOrgs: ["東山村"] });

    const fixed = toIssues(table!, suggestMapping(table!.headers), { statusMap: { 保留: "回答待ち" } });
    const row7 = fixed.rows.find((r) => r.line === 7)!;
    expect(row7).toMatchObject({ title: "帳票の順序", createdOn: "2024-04-02", dueOn: "2024-12-20", status: "回答待ち", sourceNumber: "2" });
    expect(fixed.errors.map((e) => e.line)).toEqual([8, 9]);
  });

  it("keeps a formula-looking body as text and reads full-width dates", async () => {
    const { table } = pickTable(await sheetsOf(await hardBook(), "hard.xlsx"));
    const mapping = { ...suggestMapping(table!.headers) };
    delete mapping.dueOn; // drop the column with 未定
    const row8 = toIssues(table!, mapping).rows.find((r) => r.line === 8)!;
    expect(row8).toMatchObject({ sourceNumber: "3", body: "=1+1", createdOn: "2024-04-03", type: "質問", status: "完了" });
  });

  it("reads the same list from CSV in CP932 and UTF-8", async () => {
    const csv = "課題管理表\r\nNo.,件名,状況,期限,担当\r\n１,様式の差異,検討中,令和6年11月5日,西原市\r\n（以下余白）,,,,\r\n";
    for (const buffer of [iconv.encode(csv, "cp932"), Buffer.from(csv)]) {
      const { table } = pickTable(await sheetsOf(buffer, "list.csv"));
      const { rows, errors } = toIssues(table!, suggestMapping(table!.headers), { organizations: ORGS });
      expect(errors).toEqual([]);
      // A 担当 that names an organization is the 担当団体.
      expect(rows).toEqual([
        expect.objectContaining({ line: 3, sourceNumber: "1", title: "様式の差異", status: "対応中", dueOn: "2024-11-05", assigneeName: "西原市", assigneeOrg: "西原市", affectedOrgs: ["西原市"] }),
      ]);
    }
  });

  it("matches organizations across full-width and half-width forms and inside longer text", () => {
    const table = { sheetName: "s", headers: ["件名", "対象団体"], rows: [{ line: 2, cells: ["共通課題", "西原市・ｻｸﾗ町　北川市役所"] }] };
    const { rows } = toIssues(table, { title: 0, affectedOrgs: 1 }, { organizations: ["北川市", "サクラ町", "西原市", "南浜町"] });
    expect(rows[0].affectedOrgs).toEqual(["北川市", "サクラ町", "西原市"]);
  });
});
