// PDF on the server: the print view's HTML (CSS inlined, no scripts) is written to a
// temporary file and printed by headless Chromium (ADR 010). Chromium is an operating-system
// package, not an npm dependency; where it is missing the caller answers 503.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { env } from "./env.server";

export const PDF_TIMEOUT_MS = 30_000;

export function chromiumPath() {
  return env.chromiumPath;
}

/** The app's root folder (where package.json and public/ live), found from the working directory or the server file. */
function appRoot() {
  for (const start of [process.cwd(), path.dirname(process.argv[1] ?? process.cwd())]) {
    let dir = start;
    for (;;) {
      if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "public"))) return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return process.cwd();
}

/** The built stylesheet's text (href like /build/_assets/app-HASH.css), or null when not on disk. */
export function readBuiltCss(href: string): string | null {
  if (!/^\/build\/[\w./-]+\.css$/.test(href) || href.includes("..")) return null;
  try {
    return fs.readFileSync(path.join(appRoot(), "public", href), "utf8");
  } catch {
    return null;
  }
}

export type PdfResult = { ok: true; pdf: Buffer } | { ok: false; reason: "missing" | "failed" };

/** At most this many Chromium processes per server process; further requests wait their turn. */
const MAX_PARALLEL = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Prints a self-contained HTML document to PDF with headless Chromium. */
export async function htmlToPdf(html: string): Promise<PdfResult> {
  const chromium = chromiumPath();
  if (!fs.existsSync(chromium)) return { ok: false, reason: "missing" };
  return inTurn(() => print(chromium, html));
}

async function print(chromium: string, html: string): Promise<PdfResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-pdf-"));
  const input = path.join(dir, "report.html");
  const output = path.join(dir, "report.pdf");
  fs.writeFileSync(input, html);
  try {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        chromium,
        [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          // The document is self-contained: no network at all.
          "--proxy-server=127.0.0.1:9",
          `--user-data-dir=${path.join(dir, "profile")}`,
          `--print-to-pdf=${output}`,
          "--no-pdf-header-footer",
          `file://${input}`,
        ],
        { stdio: "ignore" },
      );
      const timer = setTimeout(() => child.kill("SIGKILL"), PDF_TIMEOUT_MS);
      child.on("error", () => {
        clearTimeout(timer);
        resolve(-1);
      });
      child.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    if (code !== 0 || !fs.existsSync(output)) return { ok: false, reason: "failed" };
    const pdf = fs.readFileSync(output);
    return pdf.subarray(0, 5).toString() === "%PDF-" ? { ok: true, pdf } : { ok: false, reason: "failed" };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
