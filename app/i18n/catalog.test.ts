// The catalog stays complete and is the only source of text where users read it: page
// titles, e-mail. (Screens are checked by eye and by the e2e suite.)
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { isMessageKey, translate } from "~/i18n";

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9faf]/;
const here = path.dirname(new URL(import.meta.url).pathname);
const app = path.resolve(here, "..");
const areaFiles = fs.readdirSync(here).filter((f) => f.endsWith(".ts") && f !== "index.ts" && !f.endsWith(".test.ts"));

describe("message catalog", () => {
  test("every area has the same keys in Japanese and English", async () => {
    for (const f of areaFiles) {
      const { default: area } = (await import(/* @vite-ignore */ path.join(here, f))) as { default: { ja: Record<string, string>; en: Record<string, string> } };
      expect(Object.keys(area.en).sort(), f).toEqual(Object.keys(area.ja).sort());
    }
  });

  test("no key is defined in two areas (the merge would silently keep the later one)", async () => {
    const owner = new Map<string, string>();
    for (const f of areaFiles) {
      const { default: area } = (await import(/* @vite-ignore */ path.join(here, f))) as { default: { ja: Record<string, string> } };
      for (const key of Object.keys(area.ja)) {
        expect(owner.get(key), `${key} in ${f}`).toBeUndefined();
        owner.set(key, f);
      }
    }
  });

  test("page titles follow the locale", () => {
    expect(translate("ja", "titles.issue", { number: 12, title: "住民票" })).toBe("#12 住民票");
    expect(translate("en", "titles.issueEdit", { number: 12 })).toBe("Edit #12");
    expect(isMessageKey("titles.dashboard")).toBe(true);
  });
});

describe("text comes from the catalog", () => {
  const routes = path.join(app, "routes");
  const metas = fs
    .readdirSync(routes)
    .filter((f) => f.endsWith(".tsx"))
    .flatMap((f) => {
      const src = fs.readFileSync(path.join(routes, f), "utf8");
      const at = src.indexOf("export const meta");
      return at < 0 ? [] : [{ file: f, meta: src.slice(at, src.indexOf("];", at) + 2) }];
    });

  test("every route's meta takes its title from the catalog in the viewer's locale", () => {
    expect(metas.length).toBeGreaterThan(30);
    for (const { file, meta } of metas) {
      expect(meta, file).toMatch(/\b(pageTitle|documentTitle)\(matches, "/);
      expect(meta, file).not.toMatch(JAPANESE);
    }
  });

  test("e-mail holds no Japanese literal: subjects and bodies come from the catalog", () => {
    const compose = fs.readFileSync(path.join(app, "jobs/mail/compose.server.ts"), "utf8");
    expect(compose.split("\n").filter((line) => JAPANESE.test(line))).toEqual([]);
  });
});
