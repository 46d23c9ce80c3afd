import ExcelJS from "exceljs";
import zlib from "node:zlib";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { cellText, declaredUnzippedSize, readTable } from "./table.server";

async function xlsx(build: (wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const CSV = '件名,内容,期限\r\n"転出,証明書","一行目\r\n二行目",R6.11.5\r\n式,=1+1,+81\r\n';

describe("readTable: CSV", () => {
  it.each([
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, "utf8")])],
    ["UTF-8", Buffer.from(CSV, "utf8")],
    ["CP932", iconv.encode(CSV, "cp932")],
    ["UTF-16LE (Excel's Unicode text)", Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(CSV.replaceAll(",", "\t").replace('"転出\t証明書"', "転出証明書"), "utf-16le")])],
  ])("reads %s", async (_, buffer) => {
    const result = await readTable(buffer, "一覧.csv");
    if (!result.ok) throw new Error(result.message);
    expect(result.sheets).toHaveLength(1);
    expect(result.sheets[0].name).toBe("一覧");
    const [header, first, second] = result.sheets[0].rows;
    expect(header).toEqual(["件名", "内容", "期限"]);
    expect(first[1]).toBe("一行目\n二行目");
    expect(first[2]).toBe("R6.11.5");
    // A formula-looking cell is only text here.
    expect(second).toEqual(["式", "=1+1", "+81"]);
  });

  it("keeps ragged rows", async () => {
    const result = await readTable(Buffer.from("a,b,c\n1\n1,2,3,4\n"), "x.csv");
    expect(result.ok && result.sheets[0].rows).toEqual([["a", "b", "c"], ["1"], ["1", "2", "3", "4"]]);
  });

  it("refuses more rows than maxRows", async () => {
    const body = "件名\n" + "課題\n".repeat(20_000);
    const result = await readTable(Buffer.from(body), "big.csv");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain("20,000行まで");
    expect((await readTable(Buffer.from(body), "big.csv", { maxRows: 20_001 })).ok).toBe(true);
  });

  it("refuses empty and old .xls files", async () => {
    expect(await readTable(Buffer.alloc(0), "a.csv")).toMatchObject({ ok: false, message: "ファイルが空です。" });
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await readTable(xls, "一覧.xls")).toMatchObject({ ok: false, message: expect.stringContaining(".xlsx") });
  });
});

describe("readTable: xlsx", () => {
  it("reads values as text: cached formula results, rich text, dates, hyperlinks, merges, numbers", async () => {
    const buffer = await xlsx((wb) => {
      const ws = wb.addWorksheet("課題");
      ws.getCell("A1").value = { formula: "1+1", result: 2 };
      ws.getCell("B1").value = { formula: "NOW()", result: undefined } as ExcelJS.CellFormulaValue;
      ws.getCell("C1").value = { richText: [{ text: "太字", font: { bold: true } }, { text: "と普通" }] };
      ws.getCell("D1").value = new Date(Date.UTC(2024, 10, 5));
      ws.getCell("E1").value = { text: "リンク", hyperlink: "https://example.jp/" };
      ws.getCell("F1").value = 0.1 + 0.2;
      ws.getCell("G1").value = "=1+1";
      ws.getCell("A3").value = "結合";
      ws.mergeCells("A3:C4");
      ws.getCell("D4").value = "右";
      wb.addWorksheet("空");
    });
    const result = await readTable(buffer, "課題.xlsx");
    if (!result.ok) throw new Error(result.message);
    expect(result.sheets.map((s) => s.name)).toEqual(["課題", "空"]);
    const rows = result.sheets[0].rows;
    expect(rows[0]).toEqual(["2", "", "太字と普通", "2024-11-05", "リンク", "0.3", "=1+1"]);
    expect(rows[1]).toEqual([]);
    expect(rows[2]).toEqual(["結合"]);
    expect(rows[3]).toEqual(["", "", "", "右"]);
    expect(result.sheets[1].rows).toEqual([]);
  });

  it("refuses a sheet of more than maxRows rows", async () => {
    const buffer = await xlsx((wb) => {
      const ws = wb.addWorksheet("大量");
      for (let i = 1; i <= 20_001; i++) ws.getCell(i, 1).value = `課題${i}`;
    });
    const result = await readTable(buffer, "big.xlsx");
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("「大量」の行数が多すぎます") });
  });

  it("refuses a broken xlsx and a zip that unpacks too far", async () => {
    const buffer = await xlsx((wb) => wb.addWorksheet("a").getCell("A1").value = "x");
    expect(declaredUnzippedSize(buffer)).toBeGreaterThan(0);
    const broken = buffer.subarray(0, buffer.length - 200);
    expect(await readTable(broken, "a.xlsx")).toMatchObject({ ok: false, message: expect.stringContaining("Excel ファイルとして読めませんでした") });
    // Forge the first central directory entry's uncompressed size to 4 GB - 2.
    const bomb = Buffer.from(buffer);
    const central = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(0xfffffffe, central + 24);
    expect(await readTable(bomb, "a.xlsx")).toMatchObject({ ok: false, message: expect.stringContaining("中身が大きすぎます") });
    expect(await readTable(Buffer.from("PK\u0003\u0004not a zip"), "a.xlsx")).toMatchObject({ ok: false });
  });

  it("cellText handles exceljs's value shapes", () => {
    expect(cellText(null)).toBe("");
    expect(cellText(12345678901234)).toBe("12345678901234");
    expect(cellText(1.1 * 3)).toBe("3.3");
    expect(cellText({ sharedFormula: "A1", result: "結果" })).toBe("結果");
    expect(cellText({ formula: "A1", result: new Date(Date.UTC(2024, 0, 2)) })).toBe("2024-01-02");
    expect(cellText({ text: { richText: [{ text: "リッチ" }] }, hyperlink: "x" })).toBe("リッチ");
    expect(cellText({ error: "#N/A" })).toBe("#N/A");
    expect(cellText("一行\r\n二行")).toBe("一行\n二行");
  });
});

/** A minimal xlsx by hand: one sheet of `rows` rows, deflated, so a huge sheet costs the test little. */
function handMadeXlsx(rows: number) {
  const files: [string, Buffer][] = [
    ["[Content_Types].xml", Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')],
    ["xl/workbook.xml", Buffer.from('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="大量" sheetId="1" r:id="rId1"/></sheets></workbook>')],
    ["xl/_rels/workbook.xml.rels", Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')],
    ["xl/worksheets/sheet1.xml", Buffer.from(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${Array.from({ length: rows }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>課題${i + 1}</t></is></c></row>`).join("")}</sheetData></worksheet>`)],
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const packed = zlib.deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(zlib.crc32(data), 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(zlib.crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(head, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe("readTable: a sheet of a million rows", () => {
  it("is refused while it is being unpacked, without holding the sheet in memory", async () => {
    const small = await readTable(handMadeXlsx(3), "small.xlsx");
    expect(small).toMatchObject({ ok: true, sheets: [{ name: "大量", rows: [["課題1"], ["課題2"], ["課題3"]] }] });

    const million = handMadeXlsx(1_000_000);
    expect(million.length).toBeLessThan(20 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const result = await readTable(million, "million.xlsx");
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("行数が多すぎます（20,000行まで）") });
    // Unpacked it would be about 80 MB of XML, and several GB as exceljs's model.
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
