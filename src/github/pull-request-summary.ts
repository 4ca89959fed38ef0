import type { FailOn } from "../config/index.js";
import { countBySeverity } from "../reporters/count-by-severity.js";
import { codeCell, inline } from "../reporters/markdown-text.js";
import { pluralize } from "../reporters/pluralize.js";
import { SEVERITIES, type Finding, type ScanReport } from "../rule-api/types.js";
import { badgeImage } from "./badge-image.js";
import type { FilterMode } from "./diff-filter.js";
import type { InventoryChanges } from "./inventory-changes.js";
import { inventoryChangesMarkdown } from "./inventory-changes-markdown.js";

export interface PullRequestSummary {
  report: ScanReport;
  /** Undefined when the base could not be scanned; `inventoryProblem` says why. */
  changes?: InventoryChanges;
  inventoryProblem?: string;
  filter: FilterMode;
  failOn: FailOn;
  failed: boolean;
  /** Findings the filter keeps. */
  kept: readonly Finding[];
  /** Kept findings without an inline comment: off the diff's lines, refused by GitHub, or no review asked for. */
  notInline: readonly Finding[];
  review?: { posted: number; existing: number; resolved: number };
  /** Why nothing was posted to the pull request (a fork's read-only token). */
  notice?: string;
  links: { label: string; url: string }[];
}

const ROWS_MAX = 50;
const MESSAGE_MAX = 200;

/** The sticky summary comment (and the top of the job summary): badge and grade, inventory changes, findings not commented inline. */
export function pullRequestSummary(summary: PullRequestSummary): string {
  const { report, kept } = summary;
  const compliance = report.compliance;
  const grade = compliance ? `**MCP Security Checklist: grade ${compliance.grade}** (${compliance.score}/100)${compliance.commit ? ` at \`${compliance.commit.slice(0, 7)}\`` : ""}` : "**MCP Security Checklist: not evaluated**";
  const blocks = [`${badgeImage(compliance)} ${grade}`];
  if (summary.notice !== undefined) blocks.push(`> [!WARNING]\n> ${inline(summary.notice)}`);
  blocks.push(verdict(summary));
  if (summary.changes !== undefined) blocks.push(inventoryChangesMarkdown(summary.changes));
  else blocks.push(`### Tool inventory changes\n\nNot compared: ${inline(summary.inventoryProblem ?? "the base commit could not be scanned")}.`);
  if (summary.notInline.length > 0) {
    const title = summary.review ? "### Findings not commented inline" : "### Findings in this pull request";
    const rows = summary.notInline.slice(0, ROWS_MAX).map(findingRow);
    blocks.push(title, ["| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |", ...rows].join("\n"));
    if (summary.notInline.length > ROWS_MAX) blocks.push(`_…and ${pluralize(summary.notInline.length - ROWS_MAX, "more finding")}; the check run lists them all._`);
  }
  const outside = report.findings.length - kept.length;
  if (outside > 0) blocks.push(`_${pluralize(outside, "finding")} elsewhere in the repository ${outside === 1 ? "is" : "are"} outside this pull request's changes (filter \`${summary.filter}\`); the SARIF report and the job summary list them._`);
  if (summary.links.length > 0) blocks.push(summary.links.map((l) => `[${inline(l.label)}](${l.url})`).join(" · "));
  return `${blocks.join("\n\n")}\n`;
}

function verdict(summary: PullRequestSummary): string {
  const { kept } = summary;
  const lines: string[] = [];
  if (kept.length === 0) lines.push(`**✔ No findings in this pull request's changes** (filter \`${summary.filter}\`).`);
  else {
    const counts = countBySeverity(kept);
    const bySeverity = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
    lines.push(`**✖ ${pluralize(kept.length, "finding")} in this pull request's changes** (${bySeverity.join(", ")}; filter \`${summary.filter}\`).`);
  }
  lines.push(summary.failOn === "none" ? "The check does not fail on findings (`fail-on: none`)." : summary.failed ? `The check fails: findings at or above \`${summary.failOn}\` remain.` : `Nothing at or above \`${summary.failOn}\`.`);
  const review = summary.review;
  if (review) {
    const parts = [`${pluralize(review.posted, "new review comment")}`];
    if (review.existing > 0) parts.push(`${review.existing} already commented`);
    if (review.resolved > 0) parts.push(`${pluralize(review.resolved, "earlier comment")} marked as no longer reported`);
    lines.push(`${parts.join(", ")}.`);
  }
  return lines.join("\n");
}

function findingRow(finding: Finding): string {
  const { location } = finding;
  const message = finding.message.length > MESSAGE_MAX ? `${finding.message.slice(0, MESSAGE_MAX - 1)}…` : finding.message;
  return `| ${finding.severity} | ${codeCell(finding.ruleId)} | ${codeCell(`${location.path}:${location.line}`)} | ${inline(message)} |`;
}
