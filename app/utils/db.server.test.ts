// The unit of work (ADR 018): one write at a time per process, all or nothing, reads apart.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { audit } from "./audit.server";
import { db, refreshStatistics, schema, write, writeConnectionStatements, type Tx } from "./db.server";
import { env } from "./env.server";

const { jobRun, auditEvent } = schema;
const counter = (tx: Tx, name: string) => tx.select({ n: jobRun.leaseUntil }).from(jobRun).where(eq(jobRun.name, name)).get()?.n ?? 0;
const audits = () => db.select({ n: count() }).from(auditEvent).get()!.n;

describe("write()", () => {
  it("runs two concurrent units of work one after the other, never interleaved", async () => {
    await write((tx) => tx.insert(jobRun).values({ name: "counter", leaseUntil: 0 }).run());
    const order: string[] = [];
    const increment = (who: string) =>
      write(async (tx) => {
        order.push(`${who} reads`);
        const n = counter(tx, "counter");
        await sleep(20); // another request's turn, were it not for the mutex
        tx.update(jobRun).set({ leaseUntil: n + 1 }).where(eq(jobRun.name, "counter")).run();
        order.push(`${who} writes`);
      });
    await Promise.all([increment("a"), increment("b"), increment("c")]);
    expect(order).toEqual(["a reads", "a writes", "b reads", "b writes", "c reads", "c writes"]);
    expect(counter(db, "counter")).toBe(3);
  });

  it("rolls everything back on a throw, the audit row included, and the next unit of work proceeds", async () => {
    const before = audits();
    await expect(
      write(async (tx) => {
        tx.insert(jobRun).values({ name: "half-done" }).run();
        await audit(tx, { viewer: null }, { action: "test.write", entityType: "job_run" });
        throw new Error("refused half-way");
      }),
    ).rejects.toThrow("refused half-way");
    expect(audits()).toBe(before);
    expect(db.select().from(jobRun).where(eq(jobRun.name, "half-done")).all()).toEqual([]);
    await write((tx) => audit(tx, { viewer: null }, { action: "test.write", entityType: "job_run" }));
    expect(audits()).toBe(before + 1);
  });

  it("joins an outer unit of work instead of waiting for itself", async () => {
    await expect(write(() => write(() => "inner"))).resolves.toBe("inner");
  });

  it("reads see what their own unit of work wrote; others see it only once committed", async () => {
    let seenInside = 0;
    let seenOutside = -1;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const unit = write(async (tx) => {
      tx.insert(jobRun).values({ name: "visible-later", leaseUntil: 7 }).run();
      seenInside = counter(db, "visible-later"); // `db` inside write() is the unit of work's handle
      await held;
    });
    await sleep(10);
    seenOutside = counter(db, "visible-later");
    release();
    await unit;
    expect(seenInside).toBe(7);
    expect(seenOutside).toBe(0);
    expect(counter(db, "visible-later")).toBe(7);
  });
});

describe("the connections", () => {
  it("reads never run on the write connection, and the read connection refuses writes", async () => {
    const before = writeConnectionStatements();
    db.select().from(schema.issue).limit(5).all();
    db.select({ n: count() }).from(auditEvent).get();
    expect(writeConnectionStatements()).toBe(before);
    expect(() => db.insert(jobRun).values({ name: "stray" }).run()).toThrow(/readonly/);
  });

  it("refuses the write connection outside a unit of work", async () => {
    let leaked!: Tx;
    await write((tx) => {
      leaked = tx;
    });
    expect(() => leaked.select().from(jobRun).all()).toThrow(/outside write\(\)/);
  });

  it("a write waiting on another process's lock neither fails nor blocks reads", async () => {
    // Another process takes SQLite's write lock and holds it until told to commit.
    const script = `
      const Database = require("better-sqlite3");
      const other = new Database(process.argv[1]);
      other.exec("BEGIN IMMEDIATE");
      other.prepare("INSERT INTO job_run (name) VALUES ('other-process')").run();
      process.stdout.write("locked\\n");
      process.stdin.once("data", () => { other.exec("COMMIT"); other.close(); process.exit(0); });`;
    const child = spawn(process.execPath, ["-e", script, env.databasePath], { stdio: ["pipe", "pipe", "inherit"] });
    await once(child.stdout!, "data");

    let settled = false;
    const waiting = write((tx) => tx.insert(jobRun).values({ name: "after-the-lock" }).run()).then(() => (settled = true));
    // While it waits: the event loop runs timers and reads answer at once.
    const started = Date.now();
    await sleep(20);
    expect(Date.now() - started).toBeLessThan(500);
    for (let i = 0; i < 5; i++) expect(db.select().from(jobRun).where(eq(jobRun.name, "after-the-lock")).all()).toEqual([]);
    await sleep(300);
    expect(settled).toBe(false);

    child.stdin!.write("commit\n");
    await once(child, "exit");
    await waiting;
    expect(settled).toBe(true);
    const names = db.select({ name: jobRun.name }).from(jobRun).all().map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["other-process", "after-the-lock"]));
  });
});

describe("the planner's statistics", () => {
  it("are refreshed by housekeeping in a unit of work; reads go on", async () => {
    const before = writeConnectionStatements();
    await refreshStatistics();
    expect(writeConnectionStatements()).toBeGreaterThan(before);
    // Readers carry on: the read connection re-prepares its statements after the analysis.
    expect(db.select({ n: count() }).from(schema.issue).get()!.n).toBeGreaterThanOrEqual(0);
  });
});
