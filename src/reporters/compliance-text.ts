import type { ComplianceSummary } from "../rule-api/types.js";

/** A few lines for the terminal: grade, counts, and the items that fail or could not be checked. */
export function complianceLines(compliance: ComplianceSummary): string[] {
  const c = compliance.counts;
  const capped = compliance.uncappedGrade ? ` (capped from ${compliance.uncappedGrade})` : "";
  const lines = [
    `MCP Security Checklist: grade ${compliance.grade} (${compliance.score}/100)${capped} · ${c.pass} pass, ${c.fail} fail, ${c.error} error, ${c.manual} manual, ${c.attested} attested, ${c.not_applicable} not applicable`,
  ];
  for (const item of compliance.items.filter((i) => i.outcome === "fail" || i.outcome === "error")) {
    lines.push(`  ${item.outcome === "fail" ? "✖" : "⚠"} ${item.id} ${item.title} (${item.priority}): ${item.reason}`);
  }
  return lines;
}
