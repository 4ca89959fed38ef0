import type { RuleContext } from "./rule.js";

/** The declared @modelcontextprotocol/sdk range of the package holding a file, when its lowest version is below `floor`. */
export function sdkBelow(context: RuleContext, filePath: string, floor: string): string | undefined {
  const pkg = [...context.packages].sort((a, b) => b.path.length - a.path.length).find((p) => p.mcpSdk && (p.path === "." || filePath.startsWith(`${p.path}/`)));
  const range = pkg?.mcpSdk;
  if (!range) return undefined;
  const lowest = lowestVersion(range);
  return lowest && compareVersions(lowest, floor) < 0 ? range : undefined;
}

/** The smallest version a range admits: "^1.12.0" → 1.12.0, "~1.8" → 1.8.0, ">=1.2 <2" → 1.2.0; undefined for tags and URLs. */
export function lowestVersion(range: string): string | undefined {
  const m = /(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(range.replace(/^[\^~>=<v\s]+/, ""));
  if (!m || /^(latest|next|\*|x)$/i.test(range.trim())) return undefined;
  const part = (s: string | undefined) => (s === undefined || s === "x" || s === "*" ? "0" : s);
  return `${m[1]}.${part(m[2])}.${part(m[3])}`;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
