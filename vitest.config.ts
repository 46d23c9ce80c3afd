import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts"],
    setupFiles: ["./vitest.setup.ts"],
    // Each test file runs against its own fresh SQLite file built from the migrations.
    isolate: true,
    pool: "forks",
    testTimeout: 20_000,
  },
});
