// Reading a people file: the header wherever and however it is written, the rows under it,
// the files it refuses (and with which status), and the words of the 役割 and 職位 cells.
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { findPeople, normalizeEmail, parseRoles, peopleColumn, peopleTemplateCsv, rankOf, readPeopleFile, wgNames } from "./people.server";

const HEADER = "氏名,ふりがな,メール,団体,所属,職位,WG,役割";

async function xlsx(rows: (string | null)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("職員名簿");
  rows.forEach((row, i) => row.forEach((v, j) => v !== null && (ws.getCell(i + 1, j + 1).value = v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const read = async (text: string, name = "名簿.csv") => readPeopleFile(name, Buffer.from(text, "utf8"));

describe("the header", () => {
  it("names each column in the words people use, full-width, with notes in brackets", () => {
    expect(peopleColumn("氏名")).toBe("name");
    expect(peopleColumn("氏　名")).toBe("name");
    expect(peopleColumn("氏名（必須）")).toBe("name");
    expect(peopleColumn("氏名（ふりがな）")).toBe("kana");
    expect(peopleColumn("フリガナ")).toBe("kana");
    expect(peopleColumn("メールアドレス（ログインID）")).toBe("email");
    expect(peopleColumn("E-mail")).toBe("email");
    expect(peopleColumn("所属（課・係）")).toBe("department");
    expect(peopleColumn("団体名")).toBe("organization");
    expect(peopleColumn("役職")).toBe("rank");
    expect(peopleColumn("ＷＧ")).toBe("wgs");
    expect(peopleColumn("役割※")).toBe("roles");
    expect(peopleColumn("備考")).toBeUndefined();
  });

  it("is found below title lines, in any order, and the rows under it are read by it", async () => {
    const table = await read(
      "令和7年度 職員名簿,,\r\n\r\n 役割 ,ＷＧ,メール,氏　名,団体\r\n事務局,住民記録WG,a@example.lg.jp,連携 花子,北川市\r\n,,,,\r\n,,b@example.lg.jp,東 太郎\r\n",
    );
    expect(table).toMatchObject({ ok: true, examples: 0 });
    expect(table.ok && table.rows).toEqual([
      { line: 4, name: "連携 花子", kana: "", email: "a@example.lg.jp", organization: "北川市", department: "", rank: "", wgs: "住民記録WG", roles: "事務局" },
      { line: 6, name: "東 太郎", kana: "", email: "b@example.lg.jp", organization: "", department: "", rank: "", wgs: "", roles: "" },
    ]);
  });

  it("needs 氏名 and メール; says which when only one is there", () => {
    expect(findPeople([{ name: "x", rows: [["氏名", "所属"], ["a", "b"]] }])).toMatchObject({ ok: false, message: "people.file.missingColumns" });
    expect(findPeople([{ name: "x", rows: [["件名", "期限"], ["a", "b"]] }])).toMatchObject({ ok: false, message: "people.file.noHeader" });
  });

  it("takes the first sheet that has a header", () => {
    const found = findPeople([
      { name: "説明", rows: [["この表の使い方"]] },
      { name: "名簿", rows: [["メール", "氏名"], ["a@example.lg.jp", "連携 花子"]] },
    ]);
    expect(found).toMatchObject({ ok: true, sheetName: "名簿", rows: [{ line: 2, name: "連携 花子" }] });
  });
});

describe("the rows", () => {
  it("keeps a formula-looking cell as text, and trims spaces and control characters", async () => {
    const table = await read(`${HEADER}\n"=HYPERLINK(""http://x"")",+81,\u3000 a@example.lg.jp\u0007 ,-北川市,@課,,,\n`);
    expect(table.ok && table.rows[0]).toMatchObject({ name: '=HYPERLINK("http://x")', kana: "+81", email: "a@example.lg.jp", organization: "-北川市", department: "@課" });
  });

  it("skips the template's 記入例 line, and the template itself has nobody to import", async () => {
    const csv = peopleTemplateCsv({ title: "職員の一括登録", headers: HEADER.split(","), example: ["（記入例）連携 花子", "", "x@example.lg.jp", "北川市", "", "", "", ""] });
    expect(await readPeopleFile("記入例.csv", Buffer.from(csv))).toEqual({ ok: false, status: 400, message: "people.file.noRows" });
    const filled = await readPeopleFile("記入例.csv", Buffer.from(`${csv}東 太郎,,b@example.lg.jp,北川市,,,,\r\n`));
    expect(filled).toMatchObject({ ok: true, examples: 1, rows: [{ line: 4, name: "東 太郎" }] });
  });

  it("cuts an enormous cell (its field's own limit then refuses the row)", async () => {
    const table = await read(`氏名,メール\n${"あ".repeat(5000)},a@example.lg.jp\n`);
    expect(table.ok && table.rows[0].name.length).toBe(300);
  });
});

describe("files", () => {
  const csv = `${HEADER}\n連携 花子,れんけい はなこ,a@example.lg.jp,北川市,市民課,担当者,,\n`;

  it("reads Excel's Shift_JIS (CP932) CSV, UTF-8 with a BOM, and xlsx", async () => {
    for (const [name, bytes] of [
      ["名簿.csv", iconv.encode(csv, "cp932")],
      ["名簿.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])],
      ["名簿.xlsx", await xlsx([["職員名簿"], HEADER.split(","), ["連携 花子", "れんけい はなこ", "a@example.lg.jp", "北川市", "市民課", "担当者", null, null]])],
    ] as const) {
      const table = await readPeopleFile(name, bytes);
      expect(table, name).toMatchObject({ ok: true, rows: [{ name: "連携 花子", kana: "れんけい はなこ", organization: "北川市", department: "市民課" }] });
    }
  });

  it("refuses what is not a spreadsheet, empty or too large, with 415, 400 and 413", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect(await readPeopleFile("写真.png", png)).toEqual({ ok: false, status: 415, message: "people.file.type" });
    expect(await readPeopleFile("名簿.csv", png)).toEqual({ ok: false, status: 415, message: "people.file.type" });
    expect(await readPeopleFile("名簿.xlsx", Buffer.from(csv))).toEqual({ ok: false, status: 415, message: "people.file.type" });
    expect(await readPeopleFile("名簿.docx", await xlsx([["氏名", "メール"]]))).toEqual({ ok: false, status: 415, message: "people.file.type" });
    expect(await readPeopleFile("名簿.csv", Buffer.alloc(0))).toEqual({ ok: false, status: 400, message: "people.file.empty" });
    expect(await readPeopleFile("名簿.csv", Buffer.alloc(20 * 1024 * 1024 + 1, 0x41))).toEqual({ ok: false, status: 413, message: "people.file.tooLarge" });
    const broken = await readPeopleFile("名簿.xlsx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]));
    expect(broken).toMatchObject({ ok: false, status: 400, message: "people.file.unreadable", vars: { reason: expect.stringContaining("Excel") } });
  });

  it("refuses 10,000 rows before reading them, saying how many lines a file may have", async () => {
    const big = HEADER + "\n" + Array.from({ length: 10_000 }, (_, i) => `職員${i},,p${i}@example.lg.jp,北川市,,,,`).join("\n");
    const refused = await read(big);
    expect(refused).toMatchObject({ ok: false, status: 400, message: "people.file.unreadable", vars: { reason: expect.stringContaining("2,000行まで") } });
    const justFits = HEADER + "\n" + Array.from({ length: 1999 }, (_, i) => `職員${i},,p${i}@example.lg.jp,北川市,,,,`).join("\n");
    expect((await read(justFits)).ok).toBe(true);
  });
});

describe("the words of a cell", () => {
  it("職位: the four ranks, full-width too; empty is 担当者; anything else is not a rank", () => {
    expect(rankOf("")).toBe("担当者");
    expect(rankOf(" 所属長 ")).toBe("所属長");
    expect(rankOf("課長")).toBeNull();
  });

  it("役割: consortium role, town admin and WG role, in the screens' words", () => {
    expect(parseRoles("")).toEqual({ role: null, orgAdmin: false, wgRole: null, problem: null });
    expect(parseRoles("事務局（PMO）")).toMatchObject({ role: "pmo", problem: null });
    expect(parseRoles("幹部")).toMatchObject({ role: "executive" });
    expect(parseRoles("団体管理者、WG リーダー")).toMatchObject({ role: null, orgAdmin: true, wgRole: "lead", problem: null });
    expect(parseRoles("事務局 団体管理者")).toMatchObject({ role: "pmo", orgAdmin: true, problem: null });
    expect(parseRoles("メンバー")).toMatchObject({ role: null, wgRole: "member" });
    expect(parseRoles("ゲスト（事業者）")).toMatchObject({ wgRole: "guest" });
    expect(parseRoles("課長").problem).toEqual({ message: "people.err.roleUnknown", vars: { value: "課長" } });
    expect(parseRoles("事務局・経営層").problem).toEqual({ message: "people.err.roleTwice", vars: { value: "経営層" } });
    expect(parseRoles("リーダー、ゲスト").problem).toEqual({ message: "people.err.wgRoleTwice", vars: { value: "ゲスト" } });
  });

  it("WG: names separated by 、 or commas, a name keeps its ・", () => {
    expect(wgNames("住民記録WG、税務・収納WG, 福祉WG\n")).toEqual(["住民記録WG", "税務・収納WG", "福祉WG"]);
  });

  it("メール: full-width letters and ＠ folded, spaces dropped", () => {
    expect(normalizeEmail(" ｈａｎａｋｏ＠ｃｉｔｙ.example.lg.jp ")).toBe("hanako@city.example.lg.jp");
  });
});
