// Production server (bundled to build/server.js by `npm run build`): a short-lived child
// migrates and seeds, then the primary starts one worker per CPU core
// serving the Remix build. Everything shared between requests (sessions, rate limits,
// live updates) lives in SQLite, so any worker can answer any request.
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";

// React and Remix run their fast production paths unless told otherwise. Set before the
// configuration is read (env.server is imported dynamically below, so after this line).
process.env.NODE_ENV ??= "production";
// The app's folder, whether this runs as server.ts or bundled as build/server.js.
let root = path.dirname(fileURLToPath(import.meta.url));
while (!fs.existsSync(path.join(root, "package.json")) && path.dirname(root) !== root) root = path.dirname(root);

if (process.argv.includes("--prepare")) {
  await prepareDatabase();
  process.exit(0);
} else if (cluster.isPrimary) {
  // The primary reads the configuration itself, so a wrong value stops the start with its
  // one-line message before anything is migrated or forked. It imports env.server directly
  // (bundled into this file) because that module imports only zod and node builtins (about
  // 2 MB more in the primary); workers take it from the build instead (see serve), so each
  // process holds one copy.
  const { env } = await import("./app/utils/env.server");
  const workers = env.webConcurrency;
  // Migrating and seeding run in a short-lived child, so the long-lived primary loads no
  // application code and stays small.
  const prepared = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--prepare"], { stdio: "inherit" });
  if (prepared.status !== 0) process.exit(prepared.status ?? 1);
  // A smaller young generation, and an old generation with a ceiling, keep each worker's
  // memory down under load: without a ceiling V8 sizes the heap from the machine's memory and
  // lets it grow (all processes peaked at 305–333 MiB PSS under the list and issue-page load,
  // 219 MiB with 512 MB; 256 MB cost a quarter of the throughput in collections; ADR 021).
  // Flags given to node itself come later and win.
  cluster.setupPrimary({ execArgv: ["--max-old-space-size=512", "--max-semi-space-size=8", ...process.execArgv] });
  const startedAt = new Map<number, number>();
  const fork = () => startedAt.set(cluster.fork().id, Date.now());
  for (let i = 0; i < workers; i++) fork();
  let stopping = false;
  let quickDeaths = 0;
  cluster.on("exit", (worker, code) => {
    if (stopping) return;
    // A worker that dies right after starting (port in use, broken build) would only die
    // again: stop instead of restarting in a loop.
    quickDeaths = Date.now() - (startedAt.get(worker.id) ?? 0) < 5000 ? quickDeaths + 1 : 0;
    if (quickDeaths >= 3) {
      console.error("Workers keep failing at start-up; stopping. Is the port already in use?");
      process.exit(1);
    }
    console.error(`worker ${worker.process.pid} exited (${code}); starting another`);
    fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill(signal);
      process.exit(0);
    });
  }
  console.log(`Renkei: http://localhost:${env.port} (${workers} workers)`);
} else {
  await serve();
}

/** Applies migrations and, on the very first run, seeds the demo consortia. */
async function prepareDatabase() {
  const { migrateWith, db } = await import("./app/utils/db.server");
  const { migrateDatabase } = await import("./db/migrate");
  const { isSeeded, seedDemoConsortium, DEMO_LOGINS, DEMO_PASSWORD } = await import("./db/seed");
  const { env } = await import("./app/utils/env.server");
  migrateWith(migrateDatabase);
  if (env.seedDemo && !isSeeded(db)) {
    await seedDemoConsortium();
    console.log(`Created ${env.databasePath} with the two demo consortia.`);
  }
  if (!env.seedDemo && !isSeeded(db)) {
    // A new installation without the demo (no consortium yet): the one-time link to its first setup (ADR 023).
    // From the build (the app's modules import through "~/", which only the build resolves).
    const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
    const token = await (build.entry.module as unknown as typeof import("./app/entry.server")).setupToken();
    if (token) console.log(`\nRenkei の初期設定（一度だけ使えるリンク。npm run setup-url で再表示）:\n  ${env.appUrl}/setup?token=${token}\n`);
  }
  if (env.seedDemo) {
    console.log(`\nDemo logins (password: ${DEMO_PASSWORD})`);
    for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(40)} ${l.label}`);
    console.log("");
  }
}

async function serve() {
  // Before any Remix module loads (ADR 022).
  const { memoizeRouteMatching } = await import("./app/utils/route-matching.server");
  memoizeRouteMatching(import.meta.url);
  const { default: express } = await import("express");
  const { createRequestHandler } = await import("@remix-run/express");
  const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
  const entry = build.entry.module as unknown as typeof import("./app/entry.server");
  // The build's copy of env.server, the one the app's modules read (the primary has
  // already refused a wrong value, so this parse succeeds).
  const { env } = entry;

  const app = express();
  app.disable("x-powered-by");
  if (env.trustProxy) app.set("trust proxy", true);
  // First of all: whatever answers a request, the connection is left ready for the next one.
  app.use(entry.answerUnreadBodies);

  app.use((_req, res, next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.set({
      "Content-Security-Policy": [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
      "X-Frame-Options": "DENY",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    });
    next();
  });

  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  // The other public files (favicon.svg), served by name: a static handler in front of every
  // page would look each page's path up on disk first (a failed stat per request, ADR 021).
  const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h" });
  for (const entry of fs.readdirSync(path.join(root, "public"), { withFileTypes: true })) {
    if (entry.name === "build") continue;
    if (entry.isDirectory()) app.use(`/${entry.name}`, express.static(path.join(root, "public", entry.name), { maxAge: "1h" }));
    else app.get(`/${entry.name}`, publicFiles);
  }

  // Every state-changing request must come from this origin (CSRF defence for all actions).
  app.use((req, res, next) => {
    if (entry.isSafeMethod(req.method)) return next();
    if (entry.isSameOrigin({ origin: req.get("origin"), referer: req.get("referer"), host: req.get("host") }, req.protocol, env.allowedOrigins)) {
      // This check is the one that counts. Remix would compare Origin with Host (or an
      // X-Forwarded-Host anyone can send) once more and answer 500 where they differ:
      // for an origin in ALLOWED_ORIGINS, or a stray X-Forwarded-Host.
      delete req.headers.origin;
      return next();
    }
    res.status(403).type("text/plain; charset=utf-8").send("不正な送信元からのリクエストのため、処理を中止しました。");
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.nodeEnv,
      getLoadContext: async (req, res) => {
        const secure = req.secure;
        const { account, auth, setCookie } = await entry.authenticate(req.get("cookie"), secure);
        if (setCookie) res.append("Set-Cookie", setCookie);
        return { account, auth, cspNonce: res.locals.cspNonce as string, ip: req.ip ?? "", secure, method: req.method };
      },
    }),
  );

  // Housekeeping, at start and hourly in every worker (the deletes are idempotent, and no
  // single worker has to survive for it to go on): forget expired sessions, and prune the
  // live change feed (rows older than a day; streams only resume from recent ids), and
  // purge issues deleted more than 30 days ago, and
  // remove stored files no attachment refers to (a day old: see sweepOrphanFiles), take back
  // imports whose worker died and delete uploads nobody imported (a day old: sweepImports), and
  // refresh the query planner's statistics.
  // (At start the migration has just refreshed the statistics; the hourly runs keep them current.)
  const housekeeping = async ({ hourly }: { hourly: boolean }) => {
    try {
      await entry.deleteExpiredSessions();
      await entry.pruneLiveEvents();
      await entry.purgeDeletedIssues();
      await entry.sweepOrphanFiles();
      await entry.sweepImports();
      if (hourly) await entry.refreshStatistics();
    } catch (error) {
      console.error("housekeeping failed", error);
    }
  };
  await housekeeping({ hourly: false });
  setInterval(() => void housekeeping({ hourly: true }), (55 + Math.random() * 10) * 60 * 1000).unref();
  // An import whose worker died is taken back within a few minutes (ADR 024): a read of the
  // running imports each minute, writing only when one has stopped.
  setInterval(() => void entry.recoverStaleImports().catch((error) => console.error("import recovery failed", error)), 60_000).unref();

  // Mail and the daily notifications (ADR 011): every worker checks, but the outbox is drained
  // by the one worker holding the "mailer" lease (rows are claimed one by one, so none is
  // sent twice), and the 8:00 JST run is claimed once per date in the database.
  if (env.mailWorker) await entry.startMailWorker();

  const server = app.listen(env.port);
  // The primary passes SIGINT/SIGTERM on: exit normally, so exit hooks run (a worker started
  // with --cpu-prof writes its profile then; see bench/profile.ts).
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
  // Longer than the idle timeout of common proxies and clients, so a reused connection is
  // never closed under a request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
