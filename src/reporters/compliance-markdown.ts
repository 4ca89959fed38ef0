import type { ChecklistItemResult, ComplianceSummary, Finding, ItemOutcome } from "../rule-api/types.js";
import { pluralize } from "./pluralize.js";
import { code, escapeHtml, inline } from "./markdown-text.js";

const OUTCOMES: readonly ItemOutcome[] = ["fail", "error", "manual", "attested", "pass", "not_applicable"];
const ICON: Record<ItemOutcome, string> = { fail: "✖", error: "⚠", manual: "✋", attested: "✍", pass: "✔", not_applicable: "–" };
const AREA_TITLE: Record<string, string> = { server: "MCP server", host: "MCP client and host", llm: "Adaptation to LLMs", "multi-mcp": "Multi-MCP scenarios", crypto: "Cryptocurrency MCPs" };
const FINDINGS_PER_ITEM = 5;

/** The checklist section of the markdown report: grade, counts, and a collapsible block per area with failing items opened up. */
export function complianceSection(compliance: ComplianceSummary, findings: readonly Finding[]): string {
  const byFingerprint = new Map(findings.map((f) => [f.fingerprint, f]));
  const capped = compliance.uncappedGrade ? ` (capped from ${compliance.uncappedGrade}: a high-priority item fails or could not be checked)` : "";
  const lines = [
    `## MCP Security Checklist: grade ${compliance.grade} (${compliance.score}/100)${capped}`,
    "",
    `Every item of the [SlowMist MCP Security Checklist](https://github.com/slowmist/MCP-Security-Checklist)${compliance.commit ? ` at ${code(compliance.commit.slice(0, 12))}` : ""}.`,
    "",
    "| Outcome | Items |",
    "| --- | ---: |",
    ...OUTCOMES.map((o) => `| ${ICON[o]} ${o.replace("_", " ")} | ${compliance.counts[o]} |`),
  ];
  const failing = compliance.items.filter((i) => i.outcome === "fail" || i.outcome === "error");
  if (failing.length) lines.push("", "### Needs attention", "", ...failing.map((i) => failingItem(i, byFingerprint)));
  const areas = [...new Set(compliance.items.map((i) => i.area))];
  lines.push("", "### By area", "");
  for (const area of areas) lines.push(areaBlock(area, compliance.items.filter((i) => i.area === area)));
  return lines.join("\n");
}

function failingItem(item: ChecklistItemResult, byFingerprint: ReadonlyMap<string, Finding>): string {
  const found = item.findings.map((fp) => byFingerprint.get(fp)).filter((f): f is Finding => !!f);
  const listed = found.slice(0, FINDINGS_PER_ITEM).map((f) => `- ${code(`${f.location.path}:${f.location.line}`)} ${inline(f.ruleId)}: ${inline(f.message.slice(0, 160))}`);
  if (found.length > FINDINGS_PER_ITEM) listed.push(`- _and ${pluralize(found.length - FINDINGS_PER_ITEM, "more finding")}_`);
  const attested = item.attestation ? [`- Attested on ${escapeHtml(item.attestation.date)}: ${inline(item.attestation.statement)}`] : [];
  return [
    "<details>",
    `<summary>${ICON[item.outcome]} <b>${escapeHtml(item.id)}</b> ${escapeHtml(item.title)} (${item.priority})</summary>`,
    "",
    inline(item.reason),
    "",
    ...listed,
    ...attested,
    "",
    "</details>",
  ].join("\n");
}

function areaBlock(area: string, items: readonly ChecklistItemResult[]): string {
  const counts = OUTCOMES.filter((o) => items.some((i) => i.outcome === o)).map((o) => `${items.filter((i) => i.outcome === o).length} ${o.replace("_", " ")}`);
  const rows = items.map((i) => `| ${ICON[i.outcome]} ${inline(i.id)} | ${inline(i.title)} | ${i.priority} | ${i.outcome.replace("_", " ")} |`);
  return [
    "<details>",
    `<summary><b>${escapeHtml(AREA_TITLE[area] ?? area)}</b>: ${escapeHtml(counts.join(", "))}</summary>`,
    "",
    "| Item | Title | Priority | Outcome |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    "</details>",
  ].join("\n");
}
