import { describe, expect, it } from "vitest";
import { checkUpload, contentDisposition, MAX_UPLOAD_BYTES } from "./upload.server";

/** A tiny file: the given header followed by some filler bytes. */
function file(...parts: (number[] | string)[]) {
  const bytes = parts.flatMap((part) => (typeof part === "string" ? Array.from(new TextEncoder().encode(part)) : part));
  return new Uint8Array([...bytes, ...new Array(32).fill(0x41)]);
}

const PNG = file([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], "IHDR");
const JPEG = file([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF");
const GIF87 = file("GIF87a");
const GIF89 = file("GIF89a");
const WEBP = file("RIFF", [0x24, 0, 0, 0], "WEBPVP8 ");
const PDF = file("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
const ZIP = file([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "[Content_Types].xml");
const OLE = file([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const EXE = file("MZ", [0x90, 0x00, 0x03, 0x00, 0x00, 0x00], "This program cannot be run in DOS mode");
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("checkUpload accepts what staff exchange, by content", () => {
  it.each([
    ["図.png", PNG, "image/png", true],
    ["写真.jpg", JPEG, "image/jpeg", true],
    ["写真.jpeg", JPEG, "image/jpeg", true],
    ["PHOTO.JPG", JPEG, "image/jpeg", true],
    ["anim.gif", GIF89, "image/gif", true],
    ["old.gif", GIF87, "image/gif", true],
    ["画面.webp", WEBP, "image/webp", true],
    ["会議資料（第3回）.pdf", PDF, "application/pdf", true],
    ["議事録.docx", ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false],
    ["課題一覧.xlsx", ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false],
    ["説明.pptx", ZIP, "application/vnd.openxmlformats-officedocument.presentationml.presentation", false],
    ["資料一式.zip", ZIP, "application/zip", false],
    ["旧様式.doc", OLE, "application/msword", false],
    ["旧集計.xls", OLE, "application/vnd.ms-excel", false],
    ["旧説明.ppt", OLE, "application/vnd.ms-powerpoint", false],
    ["メモ.txt", utf8("会議メモ\n次回は4月"), "text/plain; charset=utf-8", false],
    ["一覧.csv", utf8("町,件数\n北川市,3\n"), "text/csv; charset=utf-8", false],
    ["手順.md", utf8("# 手順\n\n- 一"), "text/markdown; charset=utf-8", false],
  ] as const)("%s → %s", (name, bytes, mime, inline) => {
    expect(checkUpload(name, bytes)).toEqual({ ok: true, mime, inline });
  });

  it("accepts UTF-8 text with a byte-order mark (Excel's CSV export)", () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("町,件数\r\n南浜町,2\r\n")]);
    expect(checkUpload("export.csv", bom)).toEqual({ ok: true, mime: "text/csv; charset=utf-8", inline: false });
  });

  it("uses only the last path segment of the name", () => {
    expect(checkUpload("C:\\Users\\staff\\Desktop\\report.pdf", PDF)).toMatchObject({ ok: true, mime: "application/pdf" });
  });

  it("shows only images and PDF inline", () => {
    const inline = (name: string, bytes: Uint8Array) => {
      const check = checkUpload(name, bytes);
      return check.ok && check.inline;
    };
    expect(inline("a.png", PNG)).toBe(true);
    expect(inline("a.pdf", PDF)).toBe(true);
    expect(inline("a.docx", ZIP)).toBe(false);
    expect(inline("a.txt", utf8("x"))).toBe(false);
  });
});

describe("checkUpload refuses", () => {
  it("an empty file", () => {
    expect(checkUpload("空.pdf", new Uint8Array(0))).toEqual({ ok: false, error: "upload.empty" });
  });

  it("a file over 20 MB, and accepts one of exactly 20 MB", () => {
    const big = new Uint8Array(21 * 1024 * 1024);
    big.set(PDF);
    expect(checkUpload("big.pdf", big)).toEqual({ ok: false, error: "upload.tooLarge" });
    const limit = new Uint8Array(MAX_UPLOAD_BYTES);
    limit.set(PDF);
    expect(checkUpload("limit.pdf", limit)).toMatchObject({ ok: true });
    const oneOver = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    oneOver.set(PDF);
    expect(checkUpload("over.pdf", oneOver)).toEqual({ ok: false, error: "upload.tooLarge" });
  });

  it("a program renamed to .png (content decides)", () => {
    expect(checkUpload("かわいい猫.png", EXE)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
    expect(checkUpload("setup.exe", EXE)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
    expect(checkUpload("readme.txt", EXE)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
  });

  it("an allowed type whose name claims another allowed type", () => {
    expect(checkUpload("資料.png", PDF)).toEqual({ ok: false, error: "upload.typeMismatch" });
    expect(checkUpload("図.pdf", PNG)).toEqual({ ok: false, error: "upload.typeMismatch" });
    expect(checkUpload("写真.png", JPEG)).toEqual({ ok: false, error: "upload.typeMismatch" });
    expect(checkUpload("議事録.pdf", ZIP)).toEqual({ ok: false, error: "upload.typeMismatch" });
    expect(checkUpload("旧様式.docx", OLE)).toEqual({ ok: false, error: "upload.typeMismatch" });
    expect(checkUpload("メモ.pdf", utf8("ただのテキスト"))).toEqual({ ok: false, error: "upload.typeMismatch" });
  });

  it("names whose extension is not on the list, whatever the content", () => {
    expect(checkUpload("installer.msi", OLE)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
    expect(checkUpload("app.jar", ZIP)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
    expect(checkUpload("図", PNG)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
    expect(checkUpload(".png", PNG)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
    expect(checkUpload("a.png.exe", PNG)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
  });

  it("HTML, SVG and scripts, which a browser would run", () => {
    const html = utf8("<!doctype html><script>alert(1)</script>");
    const svg = utf8('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expect(checkUpload("page.html", html)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
    expect(checkUpload("page.htm", html)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
    expect(checkUpload("logo.svg", svg)).toEqual({ ok: false, error: "upload.typeNotAllowed" });
    expect(checkUpload("logo.png", svg)).toMatchObject({ ok: false });
    expect(checkUpload("tool.js", utf8("alert(1)"))).toEqual({ ok: false, error: "upload.typeNotAllowed" });
  });

  it("binary or non-UTF-8 bytes named as text", () => {
    expect(checkUpload("data.txt", new Uint8Array([0x61, 0x62, 0x00, 0x63]))).toEqual({ ok: false, error: "upload.typeNotAllowed" });
    // 「会議」 in Shift_JIS is not valid UTF-8.
    expect(checkUpload("sjis.csv", new Uint8Array([0x89, 0xef, 0x8b, 0x63]))).toEqual({ ok: false, error: "upload.typeNotAllowed" });
  });
});

describe("contentDisposition", () => {
  it("uses a plain quoted name for ASCII names", () => {
    expect(contentDisposition("minutes-2026-04.pdf", true)).toBe('inline; filename="minutes-2026-04.pdf"');
    expect(contentDisposition("budget.xlsx", false)).toBe('attachment; filename="budget.xlsx"');
  });

  it("adds a UTF-8 filename* for Japanese names, with an ASCII fallback", () => {
    expect(contentDisposition("会議資料（第3回）.pdf", true)).toBe(
      "inline; filename=\"_3_.pdf\"; filename*=UTF-8''%E4%BC%9A%E8%AD%B0%E8%B3%87%E6%96%99%EF%BC%88%E7%AC%AC3%E5%9B%9E%EF%BC%89.pdf",
    );
    expect(contentDisposition("議事録.docx", false)).toMatch(/^attachment; filename="_\.docx"; filename\*=UTF-8''%E8%AD%B0/);
  });

  it("cannot be used to inject headers or parameters", () => {
    const header = contentDisposition('evil"\r\nSet-Cookie: a=b; x=".pdf', false);
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe('attachment; filename="evilSet-Cookie: a=b; x=.pdf"');
  });

  it("strips directories and leading dots", () => {
    expect(contentDisposition("../../etc/passwd", false)).toBe('attachment; filename="passwd"');
    expect(contentDisposition("C:\\tmp\\..\\report.pdf", true)).toBe('inline; filename="report.pdf"');
    expect(contentDisposition(".htaccess", false)).toBe('attachment; filename="htaccess"');
    expect(contentDisposition("", false)).toBe('attachment; filename="download"');
    expect(contentDisposition("///", false)).toBe('attachment; filename="download"');
  });

  it("percent-encodes characters RFC 5987 does not allow and keeps % out of the fallback", () => {
    expect(contentDisposition("100%達成(案)'*.txt", false)).toBe(
      "attachment; filename=\"100__(_)'*.txt\"; filename*=UTF-8''100%25%E9%81%94%E6%88%90%28%E6%A1%88%29%27%2A.txt",
    );
  });
});
