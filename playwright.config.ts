import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);

// The e2e suite drives Debian's Chromium (never a downloaded browser) against the built
// app, started on a fresh database seeded with the demo consortium.
export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 30_000,
  expect: { timeout: 7_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: [
    {
      command: "node build/server.js",
      url: `http://localhost:${PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PORT: String(PORT),
        DATABASE_PATH: "e2e/.data/renkei.db",
        WEB_CONCURRENCY: "2",
      },
    },
    // A new installation without the demo, for the first setup (e2e/setup.spec.ts).
    {
      command: "node build/server.js",
      url: `http://localhost:${PORT + 1}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PORT: String(PORT + 1),
        DATABASE_PATH: "e2e/.data/fresh/renkei.db",
        DATA_DIR: "e2e/.data/fresh",
        SEED_DEMO: "0",
        WEB_CONCURRENCY: "1",
        MAIL_WORKER: "0",
        APP_URL: `http://localhost:${PORT + 1}`,
      },
    },
    // Another new installation without the demo, started from the demo's export (e2e/export.spec.ts).
    {
      command: "node build/server.js",
      url: `http://localhost:${PORT + 2}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PORT: String(PORT + 2),
        DATABASE_PATH: "e2e/.data/restore/renkei.db",
        DATA_DIR: "e2e/.data/restore",
        SEED_DEMO: "0",
        WEB_CONCURRENCY: "1",
        MAIL_WORKER: "0",
        APP_URL: `http://localhost:${PORT + 2}`,
      },
    },
  ],
});
