import type { Finding, RuleSummary, ScanReport, Severity } from "../rule-api/types.js";
import type { Config } from "./schema.js";

/** Gives every finding of a rule, and the rule's summary, the severity the configuration sets for it. */
export function applyRuleSeverities(report: ScanReport, settings: Config["rules"]): ScanReport {
  const severities = new Map<string, Severity>();
  for (const [id, setting] of Object.entries(settings)) if (typeof setting === "object") severities.set(id, setting.severity);
  if (severities.size === 0) return report;
  const finding = (f: Finding): Finding => ({ ...f, severity: severities.get(f.ruleId) ?? f.severity });
  const rule = (r: RuleSummary): RuleSummary => ({ ...r, severity: severities.get(r.id) ?? r.severity });
  return { ...report, rules: report.rules.map(rule), findings: report.findings.map(finding), suppressed: report.suppressed.map(finding) };
}
