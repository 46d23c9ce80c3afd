// The memos of ADR 022 apply to the installed @remix-run/router (an upgrade that removes the
// code they replace fails here, not silently in production), and matching with them gives the
// same matches as without, for every route of the app and for repeated calls.
import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { compiled, patches, withMemos } from "./route-matching.server";

const require = createRequire(import.meta.url);
const file = require.resolve("@remix-run/router");
const source = fs.readFileSync(file, "utf8");
const load = (code: string) => compiled(file, code).exports as typeof import("@remix-run/router");

// The app's route paths, as Remix nests them (a layout, an index, params, a splat).
const routes = [
  {
    id: "root",
    path: "",
    children: [
      { id: "login", path: "login" },
      {
        id: "app",
        children: [
          { id: "dashboard", index: true },
          { id: "issues", path: "issues" },
          { id: "issue", path: "issues/:number" },
          { id: "new-issue", path: "issues/new" },
          { id: "wg-issues", path: "wg/:wgId/issues" },
          { id: "meeting", path: "meetings/:meetingId" },
        ],
      },
      { id: "files", path: "files/*" },
    ],
  },
];

describe("route matching with memos", () => {
  it.each(patches)("applies to the installed $module", ({ module, edits }) => {
    expect(withMemos(fs.readFileSync(require.resolve(module), "utf8"), edits)).not.toBeNull();
  });

  it("matches as the router does, call after call", () => {
    const plain = load(source);
    const memo = load(withMemos(source, patches[0].edits)!);
    const paths = ["/", "/login", "/issues", "/issues/new", "/issues/12", "/wg/3/issues", "/meetings/7", "/files/a/b.png", "/nowhere", "/issues/12/"];
    const summary = (m: ReturnType<typeof plain.matchRoutes>) => m?.map((x) => ({ id: x.route.id, params: x.params, pathname: x.pathname }));
    for (let round = 0; round < 3; round++) {
      for (const p of paths) expect(summary(memo.matchRoutes(routes, p)), p).toEqual(summary(plain.matchRoutes(routes, p)));
    }
  });

  it("gives every caller its own matches and params", () => {
    const memo = load(withMemos(source, patches[0].edits)!);
    const first = memo.matchRoutes(routes, "/issues/12")!;
    (first[0].params as Record<string, string>).number = "99";
    first.pop();
    const second = memo.matchRoutes(routes, "/issues/12")!;
    expect(second.map((m) => m.route.id)).toEqual(["root", "app", "issue"]);
    expect(second.every((m) => m.params.number === "12" && m.params === second[0].params)).toBe(true);
  });

  it("keeps the data routes of a route array and fills each caller's manifest", () => {
    const memo = load(withMemos(source, patches[0].edits)!);
    const mapRouteProperties = () => ({ hasErrorBoundary: false });
    type Manifest = Parameters<typeof memo.UNSAFE_convertRoutesToDataRoutes>[3];
    const one: Manifest = {};
    const two: Manifest = {};
    const a = memo.UNSAFE_convertRoutesToDataRoutes(routes, mapRouteProperties, undefined, one);
    const b = memo.UNSAFE_convertRoutesToDataRoutes(routes, mapRouteProperties, undefined, two);
    expect(b).toBe(a);
    expect(Object.keys(two!).sort()).toEqual(Object.keys(one!).sort());
    expect(Object.keys(one!)).toHaveLength(10);
  });
});
