// The configuration an operator writes: defaults when nothing is set, one clear line for a
// wrong value (and a stop before anything starts), origins split as the README says.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidEnvError, parseEnv } from "./env.server";

function problemsOf(source: Record<string, string>) {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof InvalidEnvError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be refused");
}

describe("parseEnv", () => {
  it("runs with nothing set", () => {
    expect(parseEnv({})).toEqual({
      nodeEnv: "development",
      port: 3000,
      databasePath: path.resolve("data/renkei.db"),
      dataDir: path.resolve("data"),
      webConcurrency: os.availableParallelism(),
      seedDemo: true,
      trustProxy: false,
      mailWorker: true,
      allowedOrigins: [],
      chromiumPath: "/usr/bin/chromium",
      appUrl: "http://localhost:3000",
      smtpUrl: undefined,
      mailFrom: undefined,
    });
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ PORT: "", SEED_DEMO: "", ALLOWED_ORIGINS: "", CHROMIUM_PATH: "" })).toMatchObject({ port: 3000, seedDemo: true, allowedOrigins: [], chromiumPath: "/usr/bin/chromium" });
  });

  it("reads what a deployment sets", () => {
    expect(
      parseEnv({
        PORT: "8080",
        DATABASE_PATH: "/srv/renkei/renkei.db",
        WEB_CONCURRENCY: "2",
        SEED_DEMO: "0",
        TRUST_PROXY: "1",
        MAIL_WORKER: "0",
        APP_URL: "https://renkei.example.lg.jp/",
        SMTP_URL: "smtp://user:secret@mail.example.lg.jp:587",
      }),
    ).toMatchObject({
      port: 8080,
      databasePath: "/srv/renkei/renkei.db",
      dataDir: "/srv/renkei",
      webConcurrency: 2,
      seedDemo: false,
      trustProxy: true,
      mailWorker: false,
      appUrl: "https://renkei.example.lg.jp",
      smtpUrl: "smtp://user:secret@mail.example.lg.jp:587",
    });
  });

  it("refuses PORT=abc with one line naming the variable", () => {
    expect(problemsOf({ PORT: "abc" })).toEqual(['Invalid configuration: PORT must be a whole number from 1 to 65535 (got "abc").']);
    expect(problemsOf({ PORT: "70000" })).toHaveLength(1);
    expect(problemsOf({ PORT: "80.5" })).toHaveLength(1);
  });

  it("splits ALLOWED_ORIGINS on commas, trimming spaces and dropping empty entries", () => {
    expect(parseEnv({ ALLOWED_ORIGINS: " https://renkei.example.lg.jp , http://localhost:8080,," }).allowedOrigins).toEqual([
      "https://renkei.example.lg.jp",
      "http://localhost:8080",
    ]);
  });

  it("refuses an allowed origin that no browser would send (a path or trailing slash)", () => {
    const [problem] = problemsOf({ ALLOWED_ORIGINS: "https://a.example.jp,https://b.example.jp/" });
    expect(problem).toContain("ALLOWED_ORIGINS");
    expect(problem).toContain('"https://b.example.jp/"');
    expect(problem).not.toContain("a.example.jp");
  });

  it("refuses a flag that is not 0 or 1 instead of guessing (SEED_DEMO=false would have seeded)", () => {
    expect(problemsOf({ SEED_DEMO: "false" })).toEqual(['Invalid configuration: SEED_DEMO must be 0 or 1 (got "false").']);
  });

  it("names every wrong variable, one line each, and never prints the SMTP password", () => {
    const problems = problemsOf({ PORT: "abc", WEB_CONCURRENCY: "0", SMTP_URL: "http://user:secret@mail.example.lg.jp" });
    expect(problems.map((p) => p.split(" ")[2])).toEqual(["PORT", "WEB_CONCURRENCY", "SMTP_URL"]);
    expect(problems.join("\n")).not.toContain("secret");
  });
});

describe("starting with a wrong value", () => {
  it("prints the line and exits non-zero", () => {
    const module = fileURLToPath(new URL("./env.server.ts", import.meta.url));
    const run = spawnSync(process.execPath, ["--import", "tsx", "-e", `await import(${JSON.stringify(module)})`], {
      env: { ...process.env, PORT: "abc" },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Invalid configuration: PORT must be a whole number from 1 to 65535 (got "abc").');
  });
});
