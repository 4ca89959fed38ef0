import type { ts } from "ts-morph";
import type { RuleContext } from "./rule.js";

/** The folder of the package (nearest package.json or tsconfig.json) holding a node: "." for the root. */
export function packageOf(node: ts.Node, context: RuleContext): string {
  const file = context.pathOf(node);
  let best = ".";
  for (const p of context.packages) {
    if (p.path !== "." && (file === p.path || file.startsWith(`${p.path}/`)) && p.path.length > best.length) best = p.path;
  }
  return best;
}
