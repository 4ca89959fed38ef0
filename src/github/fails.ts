import type { FailOn } from "../config/index.js";
import { SEVERITIES, type Finding } from "../rule-api/types.js";

/** True when a finding is at or above `failOn`. */
export function fails(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === "none") return false;
  const threshold = SEVERITIES.indexOf(failOn);
  return findings.some((finding) => SEVERITIES.indexOf(finding.severity) <= threshold);
}
