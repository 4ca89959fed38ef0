import { pluralize } from "../reporters/pluralize.js";
import type { ComplianceSummary } from "../rule-api/types.js";

/** The one line GitHub shows next to the check: findings counted and the checklist grade. */
export function checkRunTitle(findings: number, compliance: ComplianceSummary | undefined): string {
  const grade = compliance ? ` · checklist grade ${compliance.grade} (${compliance.score}/100)` : "";
  return `${findings === 0 ? "No findings" : pluralize(findings, "finding")}${grade}`;
}
