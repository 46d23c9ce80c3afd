// Every loader and action reaches the guard before it touches a model: its body calls
// requireAuth or requirePermission (app/policy/guard.server.ts). The few public routes are
// listed here with the reason they need no sign-in; anything new must take a side.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const routesDir = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), "routes");

const PUBLIC: Record<string, string> = {
  "$.tsx": "the 404 page for unknown URLs",
  "healthz.ts": "the load balancer's health check (answers ok/fail, nothing else)",
  "login.tsx": "signing in",
  "logout.tsx": "signing out (revokes the caller's own session only)",
  "forgot-password.tsx": "asking for a reset link (rate-limited, same answer for unknown e-mails)",
  "invite.$token.tsx": "accepting an invitation: the token is the credential",
  "set-password.$token.tsx": "setting a password from a mailed link: the token is the credential",
  "setup.tsx": "the first setup of a new installation: the printed one-time token is the credential",
  "setup_.import.tsx": "the first setup from a consortium's export: the same one-time token is the credential",
  "_app.admin._index.tsx": "a redirect to the first admin section; reads nothing",
};

/** Route modules: files in app/routes and route folders' route.tsx. */
function routeModules() {
  return (fs.readdirSync(routesDir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => /\.tsx?$/.test(f) && !f.includes(".test.") && (!f.includes(path.sep) || /[\\/]route\.tsx?$/.test(f)))
    .sort();
}

/** The source of each exported loader and action, up to the next top-level export. */
function handlers(source: string) {
  return [...source.matchAll(/^export (?:async function|const) (loader|action)\b([\s\S]*?)(?=^export |(?![\s\S]))/gm)].map((m) => ({ name: m[1], body: m[2] }));
}

/** A loader of an action-only endpoint that answers 404 and reads nothing. */
const answersOnlyNotFound = (body: string) => /^\s*\(\)\s*\{\s*notFound\(\);\s*\}\s*$/.test(body);

describe("the guard", () => {
  test("every loader and action of a signed-in page calls requireAuth, requirePermission or requireOperator", () => {
    const modules = routeModules();
    expect(modules.length).toBeGreaterThan(40);
    const unguarded = modules.flatMap((file) =>
      PUBLIC[file] ? [] : handlers(fs.readFileSync(path.join(routesDir, file), "utf8")).filter((h) => !/\b(requireAuth|requirePermission|requireOperator)\(/.test(h.body) && !answersOnlyNotFound(h.body)).map((h) => `${file}: ${h.name}`),
    );
    expect(unguarded).toEqual([]);
  });

  test("the public list names only routes that exist", () => {
    const modules = new Set(routeModules());
    expect(Object.keys(PUBLIC).filter((f) => !modules.has(f))).toEqual([]);
  });
});
