// The models and the jobs have no import circle among them: notifications enqueue mail and
// publish live events; the mail worker and the daily run read notifications, never the other
// way round. (import-cycles.test.ts checks that there is no circle anywhere in app/.)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { importCycles, importGraph, relativeCycles, sourceFiles } from "./import-graph.server";

const appDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const layers = ["models", "jobs"].map((dir) => path.join(appDir, dir));
const files = layers.flatMap((dir) => sourceFiles(dir));
const graph = importGraph(files, { "~/": appDir + path.sep });
const importsOf = (file: string) => (graph.get(path.join(appDir, file)) ?? []).map((f) => path.relative(appDir, f));

describe("app/models and app/jobs imports", () => {
  test("no import circle at all among them", () => {
    // Sanity: the resolver follows `~/` and relative imports, so an empty answer means something.
    expect(importsOf("models/notification.server.ts")).toContain("jobs/mail/outbox.server.ts");
    expect(importsOf("jobs/mail/worker.server.ts")).toContain("policy/visibility.server.ts");
    expect(relativeCycles(importCycles(graph), appDir)).toEqual([]);
  });

  test("mail goes one way: no model imports the mail worker or the daily run", () => {
    const offenders = [...graph.keys()]
      .map((f) => path.relative(appDir, f))
      .filter((f) => f.startsWith("models/"))
      .flatMap((f) => importsOf(f).filter((t) => t === "jobs/mail/worker.server.ts" || t === "jobs/daily.server.ts").map((t) => `${f} → ${t}`));
    expect(offenders).toEqual([]);
  });

  test("only app/jobs/live-events.server.ts reads or writes the live_event table (tests aside)", () => {
    const offenders = sourceFiles(appDir)
      .filter((f) => path.relative(appDir, f) !== path.join("jobs", "live-events.server.ts"))
      .filter((f) => /schema\.liveEvent\b|(FROM|INTO|UPDATE) live_event\b/i.test(fs.readFileSync(f, "utf8")))
      .map((f) => path.relative(appDir, f));
    expect(offenders).toEqual([]);
  });
});
