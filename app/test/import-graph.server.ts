// Reads which local modules import which, so tests can keep import circles from coming back.
// Only for tests: it reads source files from disk and uses the TypeScript parser.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const EXTENSIONS = [".ts", ".tsx", ".js", ".jsx"];

export type ImportGraph = Map<string, string[]>;

/** Every source file under `dir`, tests left out (nothing imports a test, so it is never in a circle). */
export function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(dir, name))
    .filter((file) => EXTENSIONS.includes(path.extname(file)) && !/\.test\.[jt]sx?$/.test(file))
    .filter((file) => fs.statSync(file).isFile())
    .sort();
}

/** The specifiers a file imports or re-exports, `import type` and `import()` included. */
export function importSpecifiers(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/**
 * The file a specifier names, or null for a package (or something that is not source, like CSS).
 * `aliases` maps a prefix such as "~/" to the folder it stands for.
 */
export function resolveImport(from: string, specifier: string, aliases: Record<string, string> = {}): string | null {
  const bare = specifier.replace(/\?.*$/, "");
  let base: string | null = null;
  if (bare.startsWith("./") || bare.startsWith("../")) base = path.resolve(path.dirname(from), bare);
  for (const [prefix, dir] of Object.entries(aliases)) {
    if (bare.startsWith(prefix)) base = path.join(dir, bare.slice(prefix.length));
  }
  if (base === null) return null;
  const candidates = [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, "index" + ext))];
  return candidates.find((c) => EXTENSIONS.includes(path.extname(c)) && fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}

/** file → the local files it imports. */
export function importGraph(files: string[], aliases: Record<string, string> = {}): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const targets = importSpecifiers(file)
      .map((s) => resolveImport(file, s, aliases))
      .filter((t): t is string => t !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * The import circles: groups of files that all reach each other (strongly connected components
 * of more than one file, or a file importing itself), each sorted, Tarjan's algorithm.
 */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(group.sort());
    }
  };

  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** Paths relative to `root`, for readable failure messages. */
export function relativeCycles(cycles: string[][], root: string): string[][] {
  return cycles.map((group) => group.map((file) => path.relative(root, file)));
}
