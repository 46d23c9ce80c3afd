// The stylesheet parses: a lost brace (a merge can drop one) silently moves every rule after it
// into an open @media block, which the build only warns about.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

it("app.css has balanced braces", () => {
  const css = fs.readFileSync(path.resolve("app/styles/app.css"), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, "");
  let depth = 0;
  for (const [i, line] of css.split("\n").entries()) {
    for (const ch of line) {
      if (ch === "{") depth++;
      if (ch === "}") depth--;
      expect(depth, `line ${i + 1} closes a brace that was never opened`).toBeGreaterThanOrEqual(0);
    }
  }
  expect(depth, "a brace is never closed").toBe(0);
});
