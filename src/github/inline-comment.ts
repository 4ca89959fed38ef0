import { code, inline } from "../reporters/markdown-text.js";
import type { Finding } from "../rule-api/types.js";
import type { DiffFilter } from "./diff-filter.js";
import { fingerprintMarker } from "./markers.js";
import { fenced, suggestionFor } from "./suggestion.js";

/** A review comment, placed as `POST .../pulls/{n}/reviews` takes it, for a finding or another review point. */
export interface InlineComment {
  /** Ties the comment to what it is about across runs (see markers.ts). */
  fingerprint: string;
  /** The finding it reports, when it reports one. */
  finding?: Finding;
  path: string;
  /** The comment's last line; `startLine` is its first when it spans several (a multi-line suggestion). */
  line: number;
  startLine?: number;
  body: string;
}

// Trace steps shown in a comment; longer paths are in the check run and SARIF.
const TRACE_MAX = 12;

/**
 * The inline comment for a finding whose line is in the diff, or undefined when GitHub would refuse it there.
 * The fix becomes a ```suggestion when its replacement covers the comment's lines, all inside one hunk.
 */
export function inlineComment(finding: Finding, filter: DiffFilter, lines: readonly string[] | undefined): InlineComment | undefined {
  const { path, line } = finding.location;
  if (!filter.commentable(path, line, line)) return undefined;
  const suggestion = lines === undefined ? undefined : suggestionFor(finding.fix, lines);
  const usable = suggestion !== undefined && suggestion.startLine <= line && line <= suggestion.endLine && filter.commentable(path, suggestion.startLine, suggestion.endLine);
  const parts = [fingerprintMarker(finding.fingerprint), heading(finding), inline(finding.message)];
  if (finding.trace.length > 0) parts.push(traceBlock(finding));
  if (finding.fix !== undefined) {
    parts.push(`**Fix:** ${inline(finding.fix.description)}`);
    if (usable) parts.push(fenced("suggestion", suggestion.text));
    else if (finding.fix.replacement !== undefined) parts.push(fenced("ts", finding.fix.replacement.text));
  }
  const placement = usable && suggestion.startLine < suggestion.endLine ? { line: suggestion.endLine, startLine: suggestion.startLine } : { line };
  return { fingerprint: finding.fingerprint, finding, path, ...placement, body: parts.join("\n\n") };
}

function heading(finding: Finding): string {
  const cwe = finding.cwe.length > 0 ? ` · ${finding.cwe.map((id) => inline(id)).join(", ")}` : "";
  const tool = finding.tool === undefined ? "" : ` · tool ${code(finding.tool)}`;
  return `**${finding.severity}** · ${code(finding.ruleId)}${cwe}${tool}`;
}

function traceBlock(finding: Finding): string {
  const steps = finding.trace.slice(0, TRACE_MAX).map((step, index) => `${index + 1}. **${step.kind}** ${code(`${step.location.path}:${step.location.line}`)}: ${inline(step.message)}`);
  if (finding.trace.length > TRACE_MAX) steps.push(`_…and ${finding.trace.length - TRACE_MAX} more steps_`);
  return `<details>\n<summary>Source to sink (${finding.trace.length} steps)</summary>\n\n${steps.join("\n")}\n\n</details>`;
}
