/** Deno's `npm:express@4/router`, `jsr:@std/path@1` and esm.sh URLs: the package path a bare import would name (`express/router`). */
export function packageSpecifier(specifier: string): string {
  const registry = /^(?:npm:\/?|jsr:\/?|https:\/\/esm\.sh\/)((?:@[^/@]+\/)?[^/@]+)(?:@[^/]*)?(\/.*)?$/.exec(specifier);
  return registry ? `${registry[1]}${registry[2] ?? ""}` : specifier;
}

/** Canonical module name: `node:fs/promises` → `fs`, `fs.promises` folded by the caller. */
export function normalizeModule(specifier: string): { module: string; prefix: string[] } {
  let spec = specifier.startsWith("node:") ? specifier.slice(5) : packageSpecifier(specifier);
  if (spec === "fs/promises") return { module: "fs", prefix: [] };
  if (spec === "child_process/promises") return { module: "child_process", prefix: [] };
  if (spec === "dns/promises") return { module: "dns", prefix: [] };
  if (spec === "timers/promises") return { module: "timers", prefix: [] };
  if (spec === "stream/promises") return { module: "stream", prefix: [] };
  // '@modelcontextprotocol/sdk/server/mcp.js' and '.../mcp' are one module; '@solana/web3.js' and 'bn.js' are package names.
  const segments = spec.split("/");
  const packageLength = spec.startsWith("@") ? 2 : 1;
  if (segments.length > packageLength) spec = spec.replace(/\.(c|m)?js$/, "");
  return { module: spec, prefix: [] };
}

/** Packages whose main function is also a named export: `import { gotScraping } from "got-scraping"` is the default export. */
const MAIN_EXPORTS = new Map<string, readonly string[]>([
  ["got-scraping", ["gotScraping"]],
  ["got", ["got"]],
  ["ofetch", ["ofetch", "$fetch"]],
  ["ky", ["ky"]],
]);

/** Names of the global object itself: `window.fetch` and `globalThis.fetch` are `fetch`. */
const GLOBAL_OBJECTS = new Set(["globalThis", "window", "self", "global"]);

/** `fs.promises.readFile` and `fs.readFile` are the same sink. */
export function normalizeMemberPath(module: string, path: string[]): string[] {
  if (module === "global" && path.length > 1 && GLOBAL_OBJECTS.has(path[0] ?? "")) return path.slice(1);
  if ((module === "fs" || module === "dns") && path[0] === "promises") return path.slice(1);
  if (path[0] !== undefined && MAIN_EXPORTS.get(module)?.includes(path[0])) return path.slice(1);
  if (path[0] === "default") return path.slice(1);
  return path;
}
