// Throwaway: screenshots of the structure admin pages (deleted afterwards).
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { chromium } from "@playwright/test";
const base = "http://localhost:3197";
const db = new Database("/tmp/structure-shots/renkei.db");
function session(email) {
  const u = db.prepare("SELECT id FROM user WHERE email = ?").get(email);
  const id = crypto.randomBytes(20).toString("hex");
  db.prepare("INSERT INTO session (id, user_id, expires_at) VALUES (?, ?, ?)").run(id, u.id, Math.floor(Date.now() / 1000) + 86400);
  return id;
}
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const width = Number(process.env.W ?? 1280);
const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: "ja-JP" });
await ctx.addCookies([{ name: "renkei_session", value: session("pmo@demo.renkei.jp"), url: base }]);
const page = await ctx.newPage();
page.on("console", (m) => m.type() === "error" && console.log("console:", m.text()));
for (const [name, path] of (process.env.PAGES ?? "orgs=/admin/organizations,org=/admin/organizations/2,projects=/admin/projects,project=/admin/projects/1,wg=/admin/wgs/1").split(",").map((s) => s.split("="))) {
  const r = await page.goto(base + path);
  console.log(name, r.status());
  await page.screenshot({ path: `/tmp/structure-shots/${name}-${width}.png`, fullPage: true });
}
await browser.close();
