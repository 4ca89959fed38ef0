import type { Finding, SourceLocation, SuppressionProblem } from "../rule-api/types.js";
import { lineLocation } from "./ast/location.js";

const DIRECTIVE = /(?:\/\/|\/\*|#|\*)\s*mcp-warden-ignore-next-line\b(.*)$/;

interface Directive {
  /** Line the directive applies to (1-based). */
  target: number;
  ruleIds: string[];
  reason: string | undefined;
  location: SourceLocation;
  used: Set<string>;
}

/** `// mcp-warden-ignore-next-line <rule-id>[, <rule-id>] -- <reason>` (or `#` in YAML, Dockerfiles, .env). */
export function parseDirectives(path: string, text: string): Directive[] {
  const lines = text.split(/\r?\n/);
  const out: Directive[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i] ?? "");
    if (!m) continue;
    const body = (m[1] ?? "").replace(/\*\/\s*$/, "");
    const [ids = "", ...rest] = body.split(/\s--\s?|^--\s?/);
    const reason = rest.join(" -- ").trim() || undefined;
    let target = i + 2;
    while (target <= lines.length && DIRECTIVE.test(lines[target - 1] ?? "")) target++;
    const column = (lines[i] ?? "").search(/\S/) + 1;
    out.push({ target, ruleIds: ids.split(/[\s,]+/).filter(Boolean), reason, location: lineLocation(text, path, i + 1, column), used: new Set() });
  }
  return out;
}

/**
 * Splits findings into active and suppressed, and lists directives that lack a reason, name an unknown rule,
 * or suppressed nothing among the rules that ran.
 */
export function applySuppressions(
  findings: Finding[],
  directivesByPath: ReadonlyMap<string, Directive[]>,
  knownRules: ReadonlySet<string>,
  enabledRules: ReadonlySet<string>,
): { active: Finding[]; suppressed: Finding[]; problems: SuppressionProblem[] } {
  const active: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const d = directivesByPath.get(f.location.path)?.find((x) => x.target === f.location.line && x.ruleIds.includes(f.ruleId) && x.reason);
    if (d) {
      d.used.add(f.ruleId);
      suppressed.push({ ...f, suppression: { reason: d.reason as string, location: d.location } });
    } else active.push(f);
  }
  const problems: SuppressionProblem[] = [];
  for (const directives of directivesByPath.values()) {
    for (const d of directives) {
      if (!d.ruleIds.length) problems.push({ kind: "unknown-rule", ruleId: "", location: d.location });
      for (const id of d.ruleIds) {
        if (!knownRules.has(id)) problems.push({ kind: "unknown-rule", ruleId: id, location: d.location });
        else if (!d.reason) problems.push({ kind: "missing-reason", ruleId: id, location: d.location });
        else if (enabledRules.has(id) && !d.used.has(id)) problems.push({ kind: "unused", ruleId: id, location: d.location });
      }
    }
  }
  return { active, suppressed, problems };
}
