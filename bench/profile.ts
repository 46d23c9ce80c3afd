// `npx tsx bench/profile.ts <path>…`: where a worker spends its CPU. Starts the built app with
// one worker under --cpu-prof on the bench data (`BENCH_ONLY=data npm run bench` builds it,
// then BENCH_REUSE=1 reuses it), loads the given paths with 16 connections for
// BENCH_SECONDS, stops the worker and prints the functions and packages by self time.
// The .cpuprofile stays in bench/.data/profiles (open it in Chrome DevTools or speedscope).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dir = path.resolve("bench/.data");
const facts = JSON.parse(fs.readFileSync(path.join(dir, "facts.json"), "utf8")).data as { cookie: string; firstNumber: number; wgId: number };
const PORT = 3410;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const base = `http://127.0.0.1:${PORT}`;
const paths = process.argv.slice(2).map((p) => p.replace("{issue}", String(facts.firstNumber)).replace("{wg}", String(facts.wgId)));
if (!paths.length) throw new Error("usage: tsx bench/profile.ts /issues?status=open /issues/{issue} /wg/{wg}/issues …");

const profiles = path.join(dir, "profiles");
fs.rmSync(profiles, { recursive: true, force: true });
fs.mkdirSync(profiles, { recursive: true });
const server = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profiles}`, "build/server.js"], {
  env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), DATABASE_PATH: path.join(dir, "bench.db"), SEED_DEMO: "0", WEB_CONCURRENCY: "1", MAIL_WORKER: "0" },
  stdio: ["ignore", "inherit", "inherit"],
});
for (let i = 0; i < 100; i++) {
  if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
  await new Promise((r) => setTimeout(r, 200));
}
const headers = { cookie: facts.cookie };
for (const p of paths) for (let i = 0; i < 20; i++) await (await fetch(base + p, { headers })).arrayBuffer(); // warm-up
let count = 0;
const end = Date.now() + SECONDS * 1000;
await Promise.all(
  Array.from({ length: CONNECTIONS }, async (_, w) => {
    for (let i = w; Date.now() < end; i++) {
      const res = await fetch(base + paths[i % paths.length], { headers, redirect: "manual" });
      await res.arrayBuffer();
      count++;
    }
  }),
);
console.log(`${count} requests in ${SECONDS} s: ${Math.round(count / SECONDS)} req/s (one worker, load generator on the same cores)`);
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
await new Promise((r) => setTimeout(r, 500));

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
for (const file of fs.readdirSync(profiles).filter((f) => f.endsWith(".cpuprofile"))) {
  const profile = JSON.parse(fs.readFileSync(path.join(profiles, file), "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (!idle.has(id)) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  if (total < 1e6) continue; // the primary and the migrating child: (nearly) idle
  // Inclusive time of the app's own functions (the bundle), each counted once per sample.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      if (!url.endsWith("build/index.js")) continue;
      const key = `${functionName || "(anonymous)"}:${lineNumber + 1}`;
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      seen.add(key);
    }
  }
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "");
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (where.startsWith("build/") ? "app (build)" : where.startsWith("node:") ? "node" : where || `(${functionName || "native"})`);
    const key = `${functionName || "(anonymous)"} ${where.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
  console.log(`\n${file}: ${(total / 1e6).toFixed(1)} s sampled, ${((total / count) / 1000).toFixed(2)} ms per request\n-- by package`);
  for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(v)}  ${k}`);
  console.log("-- the app's functions (inclusive)");
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${pct(v)}  ${k}`);
  console.log("-- by function (self)");
  for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${pct(v)}  ${k}`);
}
