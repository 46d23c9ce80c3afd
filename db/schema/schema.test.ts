// The schema modules must import each other without circles (one module per table family,
// each referencing only families before it), with relative imports only, since drizzle-kit
// reads them outside the app's bundler.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import {
  importCycles,
  importGraph,
  importSpecifiers,
  relativeCycles,
  resolveImport,
  sourceFiles,
} from "../../app/test/import-graph.server";

const schemaDir = path.dirname(fileURLToPath(import.meta.url));
const files = sourceFiles(schemaDir);

describe("db/schema", () => {
  test("has no import circles", () => {
    const cycles = relativeCycles(importCycles(importGraph(files)), schemaDir);
    expect(cycles).toEqual([]);
  });

  test("imports only packages and its own modules, by relative path", () => {
    const strays: string[] = [];
    for (const file of files) {
      for (const specifier of importSpecifiers(file)) {
        const name = `${path.basename(file)} → ${specifier}`;
        if (specifier.startsWith(".")) {
          const target = resolveImport(file, specifier);
          if (target === null || path.dirname(target) !== schemaDir) strays.push(name);
        } else if (specifier.startsWith("~") || specifier.startsWith("/")) {
          strays.push(name);
        }
      }
    }
    expect(strays).toEqual([]);
  });

  test("index.ts re-exports every table module, so drizzle-kit and `schema.x` see every table", () => {
    const index = path.join(schemaDir, "index.ts");
    const exported = importGraph([index]).get(index)!;
    const modules = files.filter((f) => f !== index && path.basename(f) !== "columns.ts");
    expect(modules.filter((m) => !exported.includes(m)).map((m) => path.basename(m))).toEqual([]);
  });
});
