// Route matching without repeated work (ADR 022). Remix matches the address against the 63
// routes three times per page (the server's match, the data router's query, the render), and
// @remix-run/router 1.23 flattens and ranks the route tree and compiles every route's path
// into a regular expression each time; the render also rebuilds the whole route tree twice.
// That was a tenth of a list page's CPU and a fifth of a small page's. All of it is a pure
// function of the build and the address, so before any Remix module loads, the server loads
// the two modules with memos added and puts them in the module cache, where every `require`
// of them finds them.
// If a new version of the router no longer has the code this expects, the server warns and
// uses the router unchanged: slower, never wrong.
import fs from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";

type Edit = [find: string, replace: string];

/** The router: compiled paths, ranked branches, data routes and matches, each kept. */
const routerEdits: Edit[] = [
  [
    "function compilePath(path, caseSensitive, end) {",
    // Keyed by its three arguments; the paths are the routes' own (a few hundred at most).
    `const compiledPaths = new Map();
function compilePath(path, caseSensitive, end) {
  const key = path + "\\u0000" + caseSensitive + "\\u0000" + end;
  let compiled = compiledPaths.get(key);
  if (compiled === undefined) {
    compiled = compilePathOnce(path, caseSensitive, end);
    if (compiledPaths.size < 10000) compiledPaths.set(key, compiled);
  }
  return compiled;
}
function compilePathOnce(path, caseSensitive, end) {`,
  ],
  [
    "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n",
    // Keyed by the route array itself: the server's arrays live as long as the build.
    "  let branches = rankedBranches(routes);\n",
  ],
  [
    "function flattenRoutes(routes, branches, parentsMeta, parentPath) {",
    `const rankedBranchesOf = new WeakMap();
function rankedBranches(routes) {
  let branches = rankedBranchesOf.get(routes);
  if (branches === undefined) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    rankedBranchesOf.set(routes, branches);
  }
  return branches;
}
function flattenRoutes(routes, branches, parentsMeta, parentPath) {`,
  ],
  [
    "function matchRoutesImpl(routes, locationArg, basename, allowPartial) {",
    // The last thousand addresses per route array. Callers get their own copies of the
    // matches and their params (the route objects are shared, as they are anyway).
    `const matchesOf = new WeakMap();
function matchRoutesImpl(routes, locationArg, basename, allowPartial) {
  const pathname = (typeof locationArg === "string" ? parsePath(locationArg).pathname : locationArg.pathname) || "/";
  const key = pathname + "\\u0000" + basename + "\\u0000" + allowPartial;
  let known = matchesOf.get(routes);
  if (known === undefined) matchesOf.set(routes, (known = new Map()));
  let matches = known.get(key);
  if (matches === undefined) {
    matches = matchRoutesImplOnce(routes, locationArg, basename, allowPartial);
    if (known.size >= 1000) known.delete(known.keys().next().value);
    known.set(key, matches);
  }
  if (matches === null) return null;
  const params = new Map();
  return matches.map((match) => {
    if (!params.has(match.params)) params.set(match.params, Object.assign({}, match.params));
    return Object.assign({}, match, { params: params.get(match.params) });
  });
}
function matchRoutesImplOnce(routes, locationArg, basename, allowPartial) {`,
  ],
  [
    "function convertRoutesToDataRoutes(routes, mapRouteProperties, parentPath, manifest) {",
    // The top call, keyed by the route array: with the server routes below kept, the render's
    // static router gets the same data routes on every request (and its manifest filled).
    `const dataRoutesOf = new WeakMap();
function convertRoutesToDataRoutes(routes, mapRouteProperties, parentPath, manifest) {
  if (parentPath !== void 0) return convertRoutesToDataRoutesOnce(routes, mapRouteProperties, parentPath, manifest);
  let known = dataRoutesOf.get(routes);
  if (known === undefined || known.mapRouteProperties !== mapRouteProperties) {
    known = { mapRouteProperties, dataRoutes: convertRoutesToDataRoutesOnce(routes, mapRouteProperties, parentPath, {}) };
    dataRoutesOf.set(routes, known);
  }
  if (manifest !== void 0) {
    const fill = (dataRoutes) => dataRoutes.forEach((route) => {
      manifest[route.id] = route;
      if (route.children) fill(route.children);
    });
    fill(known.dataRoutes);
  }
  return known.dataRoutes;
}
function convertRoutesToDataRoutesOnce(routes, mapRouteProperties, parentPath, manifest) {`,
  ],
];

/** Remix's server routes for the render, kept per build (they depend on the build alone). */
const remixRoutesEdits: Edit[] = [
  [
    "function createServerRoutes(manifest, routeModules, future, isSpaMode, parentId = \"\", ",
    `const serverRoutesOf = new WeakMap();
function createServerRoutes(manifest, routeModules, future, isSpaMode, ...rest) {
  if (rest.length > 0) return createServerRoutesOnce(manifest, routeModules, future, isSpaMode, ...rest);
  let known = serverRoutesOf.get(manifest);
  // The server builds a new routeModules object per request, of the same modules.
  const same = (a, b) => a === b || (Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((id) => a[id] === b[id]));
  if (known === undefined || !same(known.routeModules, routeModules) || known.future !== future || known.isSpaMode !== isSpaMode) {
    known = { routeModules, future, isSpaMode, routes: createServerRoutesOnce(manifest, routeModules, future, isSpaMode) };
    serverRoutesOf.set(manifest, known);
  }
  return known.routes;
}
function createServerRoutesOnce(manifest, routeModules, future, isSpaMode, parentId = "", `,
  ],
];

/** What is patched, in load order (Remix's routes module requires the router). */
export const patches = [
  { module: "@remix-run/router", edits: routerEdits },
  { module: "@remix-run/react/dist/routes.js", edits: remixRoutesEdits },
];

/** A module's source with its edits made, or null if it does not have the code they replace. */
export function withMemos(source: string, edits: Edit[]): string | null {
  for (const [find, replace] of edits) {
    if (source.split(find).length !== 2) return null;
    source = source.replace(find, () => replace);
  }
  return source;
}

/** Loads the patched modules into the module cache; false if any is left as it is. */
export function memoizeRouteMatching(from: string): boolean {
  const require = createRequire(from);
  let all = true;
  for (const { module: name, edits } of patches) {
    const file = require.resolve(name);
    const source = require.cache[file] ? null : withMemos(fs.readFileSync(file, "utf8"), edits);
    if (source === null) {
      console.warn(`route matching: ${name} has changed or is loaded already (${file}); it runs without the memos of ADR 022`);
      all = false;
      continue;
    }
    require.cache[file] = compiled(file, source);
  }
  return all;
}

type NodeModule = NodeJS.Module & { _compile(code: string, filename: string): void; paths: string[] };
const NodeModule = Module as unknown as { new (id: string): NodeModule; _nodeModulePaths(dir: string): string[] };

/** A CommonJS module made from `source` as if it had been loaded from `file`. */
export function compiled(file: string, source: string): NodeModule {
  const module = new NodeModule(file);
  module.filename = file;
  module.paths = NodeModule._nodeModulePaths(path.dirname(file));
  module._compile(source, file);
  module.loaded = true;
  return module;
}
