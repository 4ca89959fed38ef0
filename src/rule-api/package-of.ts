import type { ts } from "ts-morph";
import type { RuleContext } from "./rule.js";

// Per file, weakly: rules ask this for every registration, and a scan analysed in batches drops each batch's files.
const cache = new WeakMap<ts.SourceFile, string>();

/** The folder of the package (nearest package.json or tsconfig.json) holding a node: "." for the root. */
export function packageOf(node: ts.Node, context: RuleContext): string {
  const sf = node.getSourceFile();
  const known = cache.get(sf);
  if (known !== undefined) return known;
  const file = context.pathOf(node);
  let best = ".";
  for (const p of context.packages) {
    if (p.path !== "." && (file === p.path || file.startsWith(`${p.path}/`)) && p.path.length > best.length) best = p.path;
  }
  cache.set(sf, best);
  return best;
}
