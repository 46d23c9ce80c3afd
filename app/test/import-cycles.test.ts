// No import circle in app/, and the layering that took the last ones apart holds: models
// never import UI, app/domain imports nothing but itself. (app/models and app/jobs have more
// rules of their own in jobs-import-cycles.test.ts.)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { importCycles, importGraph, importSpecifiers, relativeCycles, sourceFiles } from "./import-graph.server";

const appDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const graph = importGraph(sourceFiles(appDir), { "~/": appDir + path.sep });
const cycles = relativeCycles(importCycles(graph), appDir);
const importsOf = (file: string) => (graph.get(path.join(appDir, file)) ?? []).map((f) => path.relative(appDir, f));

describe("app imports", () => {
  test("no import circle anywhere in app/", () => {
    // Sanity: the resolver follows `~/` imports, so an empty answer below means something.
    expect(importsOf("models/project-figures.server.ts")).toContain("utils/db.server.ts");
    expect(cycles).toEqual([]);
  });

  test("no model or util imports a component", () => {
    const offenders = [...graph.keys()]
      .map((f) => path.relative(appDir, f))
      .filter((f) => f.startsWith("models/") || f.startsWith("utils/"))
      .flatMap((f) => importsOf(f).filter((t) => t.startsWith("components/")).map((t) => `${f} → ${t}`));
    expect(offenders).toEqual([]);
  });

  test("app/domain is pure: it imports nothing outside app/domain (but the catalog's key type)", () => {
    const offenders = sourceFiles(path.join(appDir, "domain")).flatMap((file) =>
      importSpecifiers(file)
        .filter((s) => !(s.startsWith("./") || s.startsWith("~/domain/")))
        .filter((s) => !(s === "~/i18n" && !/^import (?!type )[^;]*from "~\/i18n"/m.test(fs.readFileSync(file, "utf8"))))
        .map((s) => `${path.relative(appDir, file)} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe("routes", () => {
  test("no route opens the database: queries live in the models, behind the guard", () => {
    const offenders = [...graph.keys()]
      .map((f) => path.relative(appDir, f))
      .filter((f) => f.startsWith("routes/") && !f.includes(".test."))
      .filter((f) => importsOf(f).includes("utils/db.server.ts"));
    expect(offenders).toEqual([]);
  });
});
