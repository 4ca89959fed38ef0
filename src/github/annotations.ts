import type { Finding, Severity } from "../rule-api/types.js";

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "failure" | "warning" | "notice";
  title: string;
  message: string;
  raw_details?: string;
}

const LEVEL: Readonly<Record<Severity, CheckAnnotation["annotation_level"]>> = { critical: "failure", high: "failure", medium: "warning", low: "notice" };
// GitHub's limits on annotation fields.
const TITLE_MAX = 255;
const TEXT_MAX = 64 * 1024 - 1;

/** A check run annotation for a finding; the trace goes in the raw details GitHub shows on demand. */
export function toAnnotation(finding: Finding): CheckAnnotation {
  const { location } = finding;
  const sameLine = location.endLine === location.line;
  const trace = finding.trace.map((step, i) => `${i + 1}. ${step.kind} ${step.location.path}:${step.location.line}:${step.location.column} ${step.message}`).join("\n");
  const fix = finding.fix === undefined ? "" : `\n\nFix: ${finding.fix.description}`;
  return {
    path: location.path,
    start_line: location.line,
    end_line: Math.max(location.line, location.endLine),
    // GitHub takes columns only for single-line annotations.
    ...(sameLine ? { start_column: location.column, end_column: Math.max(location.column, location.endColumn) } : {}),
    annotation_level: LEVEL[finding.severity],
    title: `${finding.severity} ${finding.ruleId}`.slice(0, TITLE_MAX),
    message: `${finding.message}${fix}`.slice(0, TEXT_MAX),
    ...(trace === "" ? {} : { raw_details: trace.slice(0, TEXT_MAX) }),
  };
}
