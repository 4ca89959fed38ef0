import type { ts } from "ts-morph";
import type { RuleContext } from "./rule.js";
import type { PackageInfo } from "./types.js";

// Per file, weakly: rules ask this for every registration, and a scan analysed in batches drops each batch's files.
const cache = new WeakMap<ts.SourceFile, string>();

/** The folder of the package (nearest package.json or tsconfig.json) holding a node: "." for the root. */
export function packageOf(node: ts.Node, context: RuleContext): string {
  const sf = node.getSourceFile();
  const known = cache.get(sf);
  if (known !== undefined) return known;
  const folder = packageFolderOf(context.pathOf(node), context.packages);
  cache.set(sf, folder);
  return folder;
}

/** The folder of the innermost package holding a file (a path relative to the root): "." for the root or none. */
export function packageFolderOf(file: string, packages: readonly PackageInfo[]): string {
  let best = ".";
  for (const p of packages) {
    if (p.path !== "." && (file === p.path || file.startsWith(`${p.path}/`)) && p.path.length > best.length) best = p.path;
  }
  return best;
}
