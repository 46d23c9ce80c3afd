// Server-side PDF: a missing browser is reported (the route answers 503 with a hint), and
// where Debian's Chromium is installed a small Japanese document prints to an A4 PDF.
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "./env.server";
import { chromiumPath, htmlToPdf, readBuiltCss } from "./pdf.server";

const saved = env.chromiumPath;
afterEach(() => {
  env.chromiumPath = saved;
});

describe("htmlToPdf", () => {
  it("reports a missing browser instead of failing", async () => {
    env.chromiumPath = "/nonexistent/chromium";
    expect(chromiumPath()).toBe("/nonexistent/chromium");
    expect(await htmlToPdf("<p>x</p>")).toEqual({ ok: false, reason: "missing" });
  });

  it.skipIf(!fs.existsSync(saved))("prints an A4 page", async () => {
    const result = await htmlToPdf(
      `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>@page { size: A4 portrait; }</style></head><body><h1>進捗報告</h1></body></html>`,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = result.pdf.toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text)!;
    expect([Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([595, 842]);
  }, 40_000);
});

describe("readBuiltCss", () => {
  it("reads only stylesheets under /build", () => {
    expect(readBuiltCss("/etc/passwd")).toBeNull();
    expect(readBuiltCss("/build/../../etc/passwd.css")).toBeNull();
    expect(readBuiltCss("/build/_assets/does-not-exist.css")).toBeNull();
  });
});
