import type { Finding, ScanError, ScanReport, SkippedFile, SuppressionProblem, ToolInfo } from "../rule-api/types.js";
import { SEVERITIES } from "../rule-api/types.js";
import { compareFindings } from "./compare-findings.js";
import { countBySeverity } from "./count-by-severity.js";
import { describeSuppressionProblem } from "./describe-suppression-problem.js";
import { pluralize } from "./pluralize.js";
import { SKIP_REASON_LABELS } from "./skip-reason-labels.js";
import { code, codeCell, escapeHtml, fence, inline } from "./markdown-text.js";
import { complianceSection } from "./compliance-markdown.js";

/** Stays clear of GitHub's 65,535-character limit on check run summaries and comments. */
export const MARKDOWN_MAX_LENGTH = 60_000;
// Room kept for the notes that say what was left out.
const NOTE_RESERVE = 500;
const CELL_MAX = 200;
const LIST_MAX = 30;
const TOOLS_MAX = 50;

/** A GitHub-flavoured summary for a pull request comment, check run or job summary, never longer than MARKDOWN_MAX_LENGTH. */
export function formatMarkdown(report: ScanReport): string {
  const head = ["# mcp-warden", verdict(report), countsTable(report.findings)];
  const tail = [report.compliance ? complianceSection(report.compliance, report.findings) : "", inventorySection(report.inventory.tools), problemsSection(report)].filter((block) => block !== "");
  const fixedLength = [...head, ...tail].join("\n\n").length;
  const findings = findingsSection(report.findings, MARKDOWN_MAX_LENGTH - fixedLength - NOTE_RESERVE);
  return `${[...head, ...findings, ...tail].join("\n\n")}\n`;
}

function verdict(report: ScanReport): string {
  const parts: string[] = [];
  if (report.findings.length > 0) {
    const counts = countBySeverity(report.findings);
    const bySeverity = SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => `${counts[severity]} ${severity}`);
    parts.push(`**✖ ${pluralize(report.findings.length, "finding")}** (${bySeverity.join(", ")})`);
  } else {
    // Errors mean parts of the code went unchecked, so no all-clear.
    parts.push(report.errors.length > 0 ? "**⚠ No findings, but the scan was incomplete**" : "**✔ No findings**");
  }
  if (report.suppressed.length > 0) parts.push(`${report.suppressed.length} suppressed`);
  if (report.errors.length > 0) parts.push(pluralize(report.errors.length, "error"));
  parts.push(report.changedFiles ? `${pluralize(report.changedFiles.length, "changed file")} reported on, ${pluralize(report.files.scanned, "file")} analysed` : `${pluralize(report.files.scanned, "file")} scanned`);
  return parts.join(" · ");
}

function countsTable(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const rows = SEVERITIES.map((severity) => `| ${severity} | ${counts[severity]} |`);
  return ["| Severity | Findings |", "| --- | ---: |", ...rows].join("\n");
}

/** The findings table and one details block per finding, most severe first; when all cannot fit, the table gets at most 60% of the budget. */
function findingsSection(findings: readonly Finding[], budget: number): string[] {
  if (findings.length === 0) return [];
  const sorted = [...findings].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || compareFindings(a, b),
  );
  const allRows = sorted.map(findingRow);
  const allDetails = sorted.map(findingDetails);
  const fitsWhole = [...allRows, ...allDetails].reduce((sum, block) => sum + block.length + 2, 0) <= budget;
  const rows = fitsWhole ? allRows : fitting(allRows, Math.floor(budget * 0.6));
  const rowsLength = rows.reduce((sum, row) => sum + row.length + 2, 0);
  const details = fitsWhole ? allDetails : fitting(allDetails.slice(0, rows.length), budget - rowsLength);
  const blocks = [["## Findings", "", "| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |", ...rows].join("\n")];
  if (rows.length < sorted.length) {
    blocks.push(`_${pluralize(sorted.length - rows.length, "more finding")} left out of this table to keep the summary short; the SARIF and JSON reports list them all._`);
  }
  blocks.push(...details);
  if (details.length < rows.length) {
    blocks.push(`_Details of ${pluralize(rows.length - details.length, "finding")} left out to keep the summary short._`);
  }
  return blocks;
}

/** The longest prefix of blocks whose joined length stays within the budget. */
function fitting(blocks: readonly string[], budget: number): string[] {
  let used = 0;
  let count = 0;
  for (const block of blocks) {
    used += block.length + 2;
    if (used > budget) break;
    count += 1;
  }
  return blocks.slice(0, count);
}

function findingRow(finding: Finding): string {
  const { location } = finding;
  return `| ${finding.severity} | ${codeCell(finding.ruleId)} | ${codeCell(`${location.path}:${location.line}`)} | ${inline(truncate(finding.message))} |`;
}

function findingDetails(finding: Finding): string {
  const { location, fix } = finding;
  const summary = `<summary><b>${finding.severity}</b> ${escapeHtml(finding.ruleId)} at <code>${escapeHtml(`${location.path}:${location.line}`)}</code></summary>`;
  const parts = [`<details>\n${summary}`, inline(finding.message)];
  if (location.snippet !== undefined) parts.push(fence(location.snippet.trimEnd()));
  if (finding.trace.length > 0) {
    parts.push(
      finding.trace
        .map((step, index) => {
          const place = `${step.location.path}:${step.location.line}:${step.location.column}`;
          const snippet = step.location.snippet === undefined ? "" : `<br>${code(truncate(step.location.snippet.trim()))}`;
          return `${index + 1}. **${step.kind}** ${code(place)}: ${inline(step.message)}${snippet}`;
        })
        .join("\n"),
    );
  }
  if (fix !== undefined) {
    parts.push(`**Fix:** ${inline(fix.description)}`);
    if (fix.replacement !== undefined) parts.push(fence(fix.replacement.text));
  }
  parts.push("</details>");
  return parts.join("\n\n");
}

function inventorySection(tools: readonly ToolInfo[]): string {
  if (tools.length === 0) return "## Tool inventory\n\nNo MCP tools found.";
  const rows = tools.slice(0, TOOLS_MAX).map((tool) => {
    const name = tool.name === null ? "_dynamic name_" : codeCell(truncate(tool.name));
    const capabilities = tool.capabilities.length > 0 ? tool.capabilities.join(", ") : "—";
    return `| ${name} | ${tool.framework} | ${tool.inputSchema.strictness} | ${capabilities} |`;
  });
  const more = tools.length > TOOLS_MAX ? [`\n_…and ${pluralize(tools.length - TOOLS_MAX, "more tool")}._`] : [];
  return ["## Tool inventory", "", "| Tool | Framework | Schema | Capabilities |", "| --- | --- | --- | --- |", ...rows, ...more].join("\n");
}

/** Errors, skipped files and suppression problems, folded away because they matter less than findings. */
function problemsSection(report: ScanReport): string {
  const { errors, suppressionProblems } = report;
  const skipped = report.files.skipped;
  const counts = [
    errors.length > 0 ? pluralize(errors.length, "error") : "",
    skipped.length > 0 ? pluralize(skipped.length, "skipped file") : "",
    suppressionProblems.length > 0 ? pluralize(suppressionProblems.length, "suppression problem") : "",
  ].filter((count) => count !== "");
  if (counts.length === 0) return "";
  const parts = [`<details>\n<summary>${counts.join(" · ")}</summary>`];
  if (errors.length > 0) parts.push("**Errors**", bulletList(errors.map(errorItem)));
  if (skipped.length > 0) parts.push("**Skipped files**", bulletList(skipped.map(skippedItem)));
  if (suppressionProblems.length > 0) parts.push("**Suppression problems**", bulletList(suppressionProblems.map(problemItem)));
  parts.push("</details>");
  return parts.join("\n\n");
}

function bulletList(items: readonly string[]): string {
  const shown = items.slice(0, LIST_MAX).map((item) => `- ${item}`);
  if (items.length > LIST_MAX) shown.push(`- _…and ${items.length - LIST_MAX} more_`);
  return shown.join("\n");
}

function errorItem(error: ScanError): string {
  const place = error.path === undefined ? "" : `${code(truncate(`${error.path}${error.line === undefined ? "" : `:${error.line}`}`))} `;
  const rule = error.ruleId === undefined ? "" : ` in ${code(truncate(error.ruleId))}`;
  return `${place}${error.kind} error${rule}: ${inline(truncate(error.message))}`;
}

function skippedItem(file: SkippedFile): string {
  const detail = file.detail === undefined ? "" : ` (${inline(truncate(file.detail))})`;
  return `${code(truncate(file.path))}: ${SKIP_REASON_LABELS[file.reason]}${detail}`;
}

function problemItem(problem: SuppressionProblem): string {
  const { location } = problem;
  return `${code(truncate(`${location.path}:${location.line}:${location.column}`))}: ${inline(truncate(describeSuppressionProblem(problem)))}`;
}

function truncate(text: string): string {
  return text.length > CELL_MAX ? `${text.slice(0, CELL_MAX - 1)}…` : text;
}
