import semver from "semver";
import type { RuleContext } from "./rule.js";

/** The declared @modelcontextprotocol/sdk range of the package holding a file, when its lowest version is below `floor`. */
export function sdkBelow(context: RuleContext, filePath: string, floor: string): string | undefined {
  const pkg = [...context.packages].sort((a, b) => b.path.length - a.path.length).find((p) => p.mcpSdk && (p.path === "." || filePath.startsWith(`${p.path}/`)));
  const range = pkg?.mcpSdk;
  if (!range) return undefined;
  const lowest = lowestVersion(range);
  return lowest && semver.lt(lowest, floor) ? range : undefined;
}

/** Whether every version of fastmcp the package holding a file declares is at least `floor`. */
export function fastmcpAtLeast(context: RuleContext, filePath: string, floor: string): boolean {
  const pkg = [...context.packages].sort((a, b) => b.path.length - a.path.length).find((p) => p.fastmcp && (p.path === "." || filePath.startsWith(`${p.path}/`)));
  const lowest = pkg?.fastmcp ? lowestVersion(pkg.fastmcp) : undefined;
  return !!lowest && semver.gte(lowest, floor);
}

/** The smallest version a range admits ("^1.12.0" → 1.12.0); undefined for tags, URLs and ranges semver cannot read. */
export function lowestVersion(range: string): string | undefined {
  if (!semver.validRange(range)) return undefined;
  return semver.minVersion(range)?.version;
}
