import type { Finding, ScanError, ScanReport, Severity, SkippedFile, SourceLocation, SuppressionProblem } from "../rule-api/types.js";
import { SEVERITIES } from "../rule-api/types.js";
import { compareFindings } from "./compare-findings.js";
import { countBySeverity } from "./count-by-severity.js";
import { describeSuppressionProblem } from "./describe-suppression-problem.js";
import { pluralize } from "./pluralize.js";
import { SKIP_REASON_LABELS } from "./skip-reason-labels.js";
import { complianceLines } from "./compliance-text.js";

export interface TextOptions {
  color: boolean;
  /** List every skipped file instead of one line counting them. */
  verbose?: boolean;
}

type Paint = (style: Style, text: string) => string;
type Style = Severity | "dim" | "bold" | "warning" | "error" | "ok";

const ANSI: Readonly<Record<Style, string>> = {
  critical: "1;31",
  high: "31",
  medium: "33",
  low: "34",
  dim: "2",
  bold: "1",
  warning: "33",
  error: "31",
  ok: "32",
};

/** Compiler-style terminal output: one block per finding, then suppression problems, errors, skipped files and a summary line. */
export function formatText(report: ScanReport, options: TextOptions = { color: false }): string {
  const paint: Paint = options.color ? (style, text) => `\u001b[${ANSI[style]}m${text}\u001b[0m` : (_style, text) => text;
  const blocks = [...report.findings].sort(compareFindings).map((finding) => formatFinding(finding, paint));
  if (report.suppressionProblems.length > 0) {
    blocks.push(report.suppressionProblems.map((problem) => formatSuppressionProblem(problem, paint)).join("\n"));
  }
  if (report.errors.length > 0) blocks.push(report.errors.map((error) => formatError(error, paint)).join("\n"));
  const skipped = report.files.skipped;
  if (skipped.length > 0) {
    blocks.push(options.verbose ? skipped.map((file) => formatSkipped(file, paint)).join("\n") : skippedCountLine(skipped));
  }
  if (report.compliance) blocks.push(complianceLines(report.compliance).join("\n"));
  blocks.push(summaryLine(report, paint));
  return `${blocks.join("\n\n")}\n`;
}

function formatFinding(finding: Finding, paint: Paint): string {
  const { location } = finding;
  const lines = [
    `${paint("bold", where(location))}  ${paint(finding.severity, finding.severity)}  ${finding.ruleId}  ${clean(finding.message)}`,
  ];
  if (location.snippet !== undefined) lines.push(...snippetLines(location, location.snippet));
  for (const step of finding.trace) {
    lines.push(paint("dim", `    ${where(step.location)}  ${step.kind}  ${clean(step.message)}`));
  }
  if (finding.fix) {
    lines.push(`    fix: ${clean(finding.fix.description)}`);
    for (const line of finding.fix.replacement?.text.split("\n") ?? []) lines.push(`      + ${clean(line)}`);
  }
  return lines.join("\n");
}

/** The source line under a numbered gutter, with carets under the finding's region. */
function snippetLines(location: SourceLocation, snippet: string): string[] {
  const gutter = String(location.line);
  const text = snippet.trimEnd();
  const start = Math.min(location.column - 1, text.length);
  const end = location.endLine === location.line ? Math.min(location.endColumn - 1, text.length) : text.length;
  // Keep tabs so the carets line up under tab-indented code.
  const indent = clean(text.slice(0, start)).replace(/[^\t]/g, " ");
  const carets = "^".repeat(Math.max(1, clean(text.slice(start, end)).length));
  return [`  ${gutter} | ${clean(text)}`, `  ${" ".repeat(gutter.length)} | ${indent}${carets}`];
}

function formatSuppressionProblem(problem: SuppressionProblem, paint: Paint): string {
  return `${paint("bold", where(problem.location))}  ${paint("warning", "warning")}  ${clean(describeSuppressionProblem(problem))}`;
}

function formatError(error: ScanError, paint: Paint): string {
  const rule = error.ruleId === undefined ? "" : ` in ${clean(error.ruleId)}`;
  const text = `${paint("error", `${error.kind} error`)}${rule}: ${clean(error.message)}`;
  if (error.path === undefined) return text;
  const line = error.line === undefined ? "" : `:${error.line}`;
  return `${paint("bold", `${clean(error.path)}${line}`)}: ${text}`;
}

function formatSkipped(file: SkippedFile, paint: Paint): string {
  const detail = file.detail === undefined ? "" : ` (${clean(file.detail)})`;
  return `${paint("bold", clean(file.path))}: ${paint("dim", "note")}: skipped, ${SKIP_REASON_LABELS[file.reason]}${detail}`;
}

function skippedCountLine(skipped: readonly SkippedFile[]): string {
  const reasons = Object.entries(SKIP_REASON_LABELS).flatMap(([reason, label]) => {
    const count = skipped.filter((file) => file.reason === reason).length;
    return count > 0 ? [`${count} ${label}`] : [];
  });
  return `${pluralize(skipped.length, "file")} skipped (${reasons.join(", ")}) — use --verbose to list them`;
}

function summaryLine(report: ScanReport, paint: Paint): string {
  const parts: string[] = [];
  if (report.findings.length > 0) {
    const counts = countBySeverity(report.findings);
    const bySeverity = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => `${counts[severity]} ${severity}`);
    parts.push(`${paint("error", "✖")} ${pluralize(report.findings.length, "finding")} (${bySeverity.join(", ")})`);
  } else {
    // A scan that hit errors may have missed findings, so it does not earn the check mark.
    parts.push(report.errors.length > 0 ? `${paint("warning", "⚠")} No findings` : `${paint("ok", "✔")} No findings`);
  }
  if (report.suppressed.length > 0) parts.push(`${report.suppressed.length} suppressed`);
  if (report.errors.length > 0) parts.push(pluralize(report.errors.length, "error"));
  parts.push(report.changedFiles ? `${pluralize(report.changedFiles.length, "changed file")} reported on, ${pluralize(report.files.scanned, "file")} analysed` : `${pluralize(report.files.scanned, "file")} scanned`);
  return parts.join(" · ");
}

function where(location: SourceLocation): string {
  return `${clean(location.path)}:${location.line}:${location.column}`;
}

// Scanned code is untrusted: escape control and bidi characters so it cannot drive the terminal, break lines or reorder text.
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => {
    const code = char.charCodeAt(0);
    if (code === 0x0a) return "\\n";
    return code > 0xff ? `\\u{${code.toString(16)}}` : `\\x${code.toString(16).padStart(2, "0")}`;
  });
}
