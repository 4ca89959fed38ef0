import type { FailOn } from "../config/index.js";
import { SEVERITIES, type ScanReport } from "../rule-api/types.js";

/** 3 when the engine hit an internal error, 1 when an unsuppressed finding is at or above failOn, else 0. */
export function exitCodeFor(report: ScanReport, failOn: FailOn): 0 | 1 | 3 {
  if (report.errors.some((error) => error.kind === "internal")) return 3;
  if (failOn === "none") return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  return report.findings.some((finding) => SEVERITIES.indexOf(finding.severity) <= threshold) ? 1 : 0;
}
