// `npm run bench:import`: imports 10,000 rows into the demo consortium in a fresh database and
// reports how long each step takes, how long the longest chunk held the write lock, and how the
// app answered meanwhile (reads and small writes from the same process, the worst case: the
// import runs in the worker that answers them). Budgets (DESIGN.md): < 60 s, ≤ 200 ms a chunk.
// BENCH_IMPORT_ROWS changes the row count; BENCH_IMPORT_SOURCE=redmine-json imports Redmine's
// JSON with three journals an issue instead of an Excel 課題管理表.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import ExcelJS from "exceljs";
import * as schema from "../db/schema/index";
import { migrateDatabase } from "../db/migrate";
import { seedDemoConsortium } from "../db/seed";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const SOURCE = process.env.BENCH_IMPORT_SOURCE ?? "xlsx";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-import-bench-"));
process.env.DATABASE_PATH = path.join(dir, "bench.db");
process.env.DATA_DIR = dir;

const TOWNS = ["北川市", "南浜町", "東山村", "西原市", "中央町"];
const TOPICS = ["外字", "住民票", "転出証明書", "特別徴収", "固定資産税", "児童手当", "介護保険", "国民健康保険", "印鑑登録", "戸籍", "データ移行", "帳票"];
const STATUSES = ["未着手", "対応中", "回答待ち", "保留", "完了"];
const KINDS = ["懸案", "課題", "質問", "要望", "リスク"];
const pick = <T>(list: T[], i: number) => list[i % list.length];

async function kadaiKanri(rows: number) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("課題管理表");
  ws.getCell("A1").value = "基幹業務システム共同化 課題管理表";
  ws.getCell("A2").value = "令和7年3月1日現在";
  ws.getRow(4).values = ["No.", "起票", "", "分類", "件名", "内容", "対応", "", "", "期限", "状況", "備考"];
  ws.getRow(5).values = ["", "起票日", "起票団体", "", "", "", "担当団体", "担当者", "対応方針・回答", "", "", ""];
  for (const range of ["A4:A5", "B4:C4", "D4:D5", "E4:E5", "F4:F5", "G4:I4", "J4:J5", "K4:K5", "L4:L5"]) ws.mergeCells(range);
  for (let i = 0; i < rows; i++) {
    const town = pick(TOWNS, i);
    ws.getRow(6 + i).values = [
      i + 1,
      new Date(Date.UTC(2024, i % 12, (i % 27) + 1)),
      town,
      pick(KINDS, i),
      `${pick(TOPICS, i)}の運用差異（${town}）その${i + 1}`,
      `${town}では${pick(TOPICS, i)}について現行運用が他団体と異なる。\n標準仕様書との差異を確認し、次回WGまでに方針を整理する。`,
      pick(TOWNS, i + 1),
      i % 3 ? `担当${i % 9}` : "高橋 健太",
      `事業者へ確認中（R7.${(i % 12) + 1}.${(i % 27) + 1}回答予定）`,
      `R7.${(i % 12) + 1}.${(i % 27) + 1}`,
      pick(STATUSES, i),
      i % 4 ? "" : `持ち越し${i % 5}回`,
    ];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function redmineJson(rows: number) {
  const statuses = [{ id: 1, name: "新規" }, { id: 2, name: "進行中" }, { id: 4, name: "フィードバック" }, { id: 5, name: "終了" }];
  const issues = Array.from({ length: rows }, (_, i) => ({
    id: 10_000 + i,
    project: { id: 1, name: "住民記録WG" },
    tracker: { id: (i % 3) + 1, name: pick(["バグ", "機能", "サポート"], i) },
    status: pick(statuses, i),
    priority: { id: 2, name: "通常" },
    author: { id: 1, name: "花子 山口" },
    assigned_to: i % 2 ? { id: 3, name: "健太 高橋" } : undefined,
    subject: `${pick(TOPICS, i)}の移行手順 その${i + 1}`,
    description: `${pick(TOPICS, i)}の移行手順を確認する。\n\n* 対象業務: ${pick(TOPICS, i + 3)}`,
    due_date: `2025-${String((i % 12) + 1).padStart(2, "0")}-15`,
    created_on: "2024-06-01T00:00:00Z",
    journals: [
      { user: { id: 3, name: "健太 高橋" }, notes: "事業者に確認します。", created_on: "2024-06-02T01:00:00Z", details: [{ property: "attr", name: "status_id", old_value: "1", new_value: "2" }] },
      { user: { id: 1, name: "花子 山口" }, notes: "回答がありました。", created_on: "2024-06-09T01:00:00Z", details: [] },
      { user: { id: 3, name: "健太 高橋" }, notes: "", created_on: "2024-06-10T01:00:00Z", details: [{ property: "attr", name: "due_date", old_value: null, new_value: "2025-01-31" }] },
    ],
  }));
  return Buffer.from(JSON.stringify({ issues }));
}

const ms = (from: number) => Math.round(performance.now() - from);
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10 : 0;
};

async function main() {
  const sqlite = new Database(process.env.DATABASE_PATH!);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  migrateDatabase(sqlite);
  await seedDemoConsortium(drizzle(sqlite, { schema }));
  sqlite.close();

  // The app's modules open the database named above.
  const { loadViewer } = await import("../app/utils/auth.server");
  const { db, write } = await import("../app/utils/db.server");
  const { audit } = await import("../app/utils/audit.server");
  const { listIssues } = await import("../app/models/issue.server");
  const model = await import("../app/models/issue-import.server");
  const { and, eq } = await import("drizzle-orm");

  const pmoId = db
    .select({ id: schema.user.id })
    .from(schema.user)
    .innerJoin(schema.account, eq(schema.account.id, schema.user.accountId))
    .where(and(eq(schema.account.email, "pmo@demo.renkei.jp"), eq(schema.user.consortiumId, 1)))
    .get()!.id;
  const viewer = (await loadViewer(pmoId))!.viewer;
  const actor = { viewer, ip: "127.0.0.1" };
  const wgId = db.select({ id: schema.workingGroup.id }).from(schema.workingGroup).where(eq(schema.workingGroup.name, "住民記録WG")).get()!.id;

  let started = performance.now();
  const bytes = SOURCE === "redmine-json" ? redmineJson(ROWS) : await kadaiKanri(ROWS);
  const fileName = SOURCE === "redmine-json" ? "issues.json" : "課題管理表.xlsx";
  console.log(`file: ${fileName}, ${ROWS.toLocaleString()} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB (built in ${ms(started)} ms)`);

  const steps: Record<string, number> = {};
  started = performance.now();
  const uploaded = await model.uploadImport({ viewer, actor, wgId, fileName, bytes });
  if (!uploaded.ok) throw new Error(JSON.stringify(uploaded));
  steps.upload = ms(started);
  const importId = uploaded.importId;

  started = performance.now();
  const mapping = await model.importMapping({ viewer, importId });
  if (!mapping.ok) throw new Error("mapping refused");
  const values = (kind: "status" | "type" | "priority") => mapping.values[kind];
  const saved = await model.saveMapping({
    viewer,
    actor,
    importId,
    input: {
      column: mapping.columns.map((c) => c.target),
      statusFrom: values("status").map((v) => v.value),
      statusTo: values("status").map((v) => v.to || "対応中"), // 保留 → 対応中
      typeFrom: values("type").map((v) => v.value),
      typeTo: values("type").map((v) => v.to),
      priorityFrom: values("priority").map((v) => v.value),
      priorityTo: values("priority").map((v) => v.to),
      townFrom: mapping.towns.map((t) => t.value),
      townTo: mapping.towns.map((t) => String(t.organizationId)),
    },
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  steps.mapping = ms(started);

  started = performance.now();
  const preview = await model.importPreview({ viewer, importId });
  if (!preview.ok || preview.errorCount) throw new Error(`preview: ${JSON.stringify(preview.ok ? preview.errors.slice(0, 3) : preview)}`);
  steps.preview = ms(started);

  // Meanwhile: a list read every 20 ms and a small write every 50 ms, each timed.
  const reads: number[] = [];
  const writes: number[] = [];
  let running = true;
  const reader = (async () => {
    while (running) {
      const t = performance.now();
      await listIssues({ viewer, filter: { wgId, status: "open", overdue: false, sort: "updated", dir: "desc", page: 1 } });
      reads.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const writer = (async () => {
    while (running) {
      const t = performance.now();
      await write((tx) => audit(tx, actor, { action: "bench.ping", entityType: "bench" }));
      writes.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  // How long a request arriving at this worker would wait for it (the chunks run synchronously).
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  let chunks = 0;
  started = performance.now();
  const start = await model.startImport({ viewer, actor, importId, onChunk: () => void chunks++ });
  if (!start.ok) throw new Error(JSON.stringify(start));
  const outcome = await start.finished;
  steps.import = ms(started);
  running = false;
  lag.disable();
  await Promise.all([reader, writer]);
  if (!outcome.ok) throw new Error(outcome.failure);

  const total = steps.upload + steps.mapping + steps.preview + steps.import;
  const figures = {
    rows: ROWS,
    source: SOURCE,
    ms: { ...steps, total },
    issues: outcome.issues,
    comments: outcome.comments,
    history: outcome.history,
    chunks,
    longestChunkMs: outcome.longestChunkMs,
    meanwhile: {
      reads: reads.length,
      readP50: quantile(reads, 0.5),
      readP99: quantile(reads, 0.99),
      readMax: quantile(reads, 1),
      writes: writes.length,
      writeP50: quantile(writes, 0.5),
      writeP99: quantile(writes, 0.99),
      writeMax: quantile(writes, 1),
      eventLoopDelayP99: Math.round(lag.percentile(99) / 1e6),
      eventLoopDelayMax: Math.round(lag.max / 1e6),
    },
    cpus: os.cpus().length,
  };
  console.log(`upload ${steps.upload} ms, mapping ${steps.mapping} ms, preview ${steps.preview} ms, import ${steps.import} ms: ${(total / 1000).toFixed(1)} s in all (budget 60 s)`);
  console.log(`${chunks} chunks, the longest held the write lock ${outcome.longestChunkMs} ms (budget 200 ms)`);
  console.log(`meanwhile: ${reads.length} list reads p50 ${figures.meanwhile.readP50} ms / max ${figures.meanwhile.readMax} ms; ${writes.length} small writes p50 ${figures.meanwhile.writeP50} ms / max ${figures.meanwhile.writeMax} ms; this worker's event loop delay p99 ${figures.meanwhile.eventLoopDelayP99} ms / max ${figures.meanwhile.eventLoopDelayMax} ms`);
  console.log(JSON.stringify(figures));
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
