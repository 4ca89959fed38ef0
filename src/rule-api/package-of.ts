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

const foldersOf = new WeakMap<readonly PackageInfo[], ReadonlySet<string>>();

/** The folder of the innermost package holding a file (a path relative to the root): "." for the root or none. */
export function packageFolderOf(file: string, packages: readonly PackageInfo[]): string {
  let folders = foldersOf.get(packages);
  if (!folders) foldersOf.set(packages, (folders = new Set(packages.map((p) => p.path))));
  // Up the file's folders, innermost first: as many lookups as the path is deep, however many packages there are.
  for (let folder = file; folder !== "." && folder !== ""; folder = folder.slice(0, Math.max(0, folder.lastIndexOf("/")))) {
    if (folders.has(folder)) return folder;
  }
  return ".";
}

/** The MCP SDK and the frameworks and tool packages built on it (fastmcp, mcp-framework, @mastra/mcp…). */
const MCP_LIBRARY = /^@modelcontextprotocol\/|mcp/i;

/** The names of a package's dependencies (runtime, dev and peer). */
export function dependenciesOf(pkg: string, context: RuleContext): readonly string[] {
  return context.packages.find((p) => p.path === pkg)?.dependencies ?? [];
}

/** Whether a package depends on an MCP library. */
export function dependsOnMcp(pkg: string, context: RuleContext): boolean {
  return dependenciesOf(pkg, context).some((d) => MCP_LIBRARY.test(d));
}
