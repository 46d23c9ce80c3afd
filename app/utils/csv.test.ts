import { describe, expect, it } from "vitest";
import { csvHeaders, toCsv } from "./csv";

describe("CSV for Excel on Japanese Windows", () => {
  it("starts with a BOM, ends lines with CRLF and quotes what needs quoting", () => {
    const csv = toCsv([
      ["番号", "件名"],
      [1, "転出証明書の様式統一"],
      [2, 'カンマ,と"引用符"'],
      [3, "改行\nを含む"],
    ]);
    expect(csv.startsWith("\uFEFF番号,件名\r\n")).toBe(true);
    expect(csv).toContain('2,"カンマ,と""引用符"""\r\n');
    expect(csv).toContain('3,"改行\nを含む"\r\n');
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("never lets a cell run as a formula", () => {
    expect(toCsv([["=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)"]])).toBe("\uFEFF\"'=HYPERLINK(\"\"http://evil\"\")\",'+1,'-2,'@SUM(A1)\r\n");
    // Numbers stay numbers.
    expect(toCsv([[-5, 0]])).toBe("\uFEFF-5,0\r\n");
  });

  it("names the download in Japanese with an ASCII fallback", () => {
    const h = csvHeaders("住民記録WG_課題一覧.csv");
    expect(h["Content-Disposition"]).toContain("filename*=UTF-8''%E4%BD%8F");
    expect(h["Content-Disposition"]).toMatch(/filename="[\x20-\x7e]+"/);
  });
});
