import type { ts } from "ts-morph";
import type { PackageInfo } from "./types.js";
import type { RuleContext } from "./rule.js";

// Per scan (keyed by its package list) and per file: rules ask this for every registration.
const cache = new WeakMap<readonly PackageInfo[], Map<ts.SourceFile, string>>();

/** The folder of the package (nearest package.json or tsconfig.json) holding a node: "." for the root. */
export function packageOf(node: ts.Node, context: RuleContext): string {
  const sf = node.getSourceFile();
  let byFile = cache.get(context.packages);
  if (!byFile) cache.set(context.packages, (byFile = new Map()));
  const known = byFile.get(sf);
  if (known !== undefined) return known;
  const file = context.pathOf(node);
  let best = ".";
  for (const p of context.packages) {
    if (p.path !== "." && (file === p.path || file.startsWith(`${p.path}/`)) && p.path.length > best.length) best = p.path;
  }
  byFile.set(sf, best);
  return best;
}
