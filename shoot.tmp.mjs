import { chromium } from "@playwright/test";
import Database from "better-sqlite3";
import crypto from "node:crypto";
const base = process.env.BASE ?? "http://localhost:3300";
const dbPath = process.env.DB ?? "/tmp/r1/renkei.db";
const [,, email, ...paths] = process.argv;
const db = new Database(dbPath);
let cookie = [];
if (email !== "-") {
  const u = db.prepare("SELECT id FROM user WHERE email=?").get(email);
  const id = crypto.randomBytes(20).toString("hex");
  db.prepare("INSERT INTO session (id,user_id,expires_at) VALUES (?,?,?)").run(id, u.id, Math.floor(Date.now()/1000)+86400);
  cookie = [{ name: "renkei_session", value: id, url: base }];
}
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu"] });
const width = Number(process.env.W ?? 1280);
const ctx = await browser.newContext({ viewport: { width, height: 800 }, locale: "ja-JP" });
await ctx.addCookies(cookie);
const page = await ctx.newPage();
for (const p of paths) {
  await page.goto(base + p);
  const name = `/tmp/shots/${email.split("@")[0]}${p.replace(/[\/?=&]/g, "_")}-${width}.png`;
  await page.screenshot({ path: name, fullPage: true });
  console.log(name);
}
await browser.close();
