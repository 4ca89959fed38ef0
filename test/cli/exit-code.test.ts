import { describe, expect, it } from "vitest";
import { exitCodeFor } from "../../src/cli/exit-code.js";
import type { Finding, ScanError, ScanReport } from "../../src/rule-api/types.js";

function report(severities: Finding["severity"][], errors: ScanError["kind"][] = [], suppressed: Finding["severity"][] = []): ScanReport {
  const finding = (severity: Finding["severity"]) => ({ ruleId: "no-ssrf", severity }) as Finding;
  return {
    findings: severities.map(finding),
    suppressed: suppressed.map(finding),
    errors: errors.map((kind) => ({ kind, message: "x" })),
  } as unknown as ScanReport;
}

describe("exitCodeFor", () => {
  it("is 1 only for a finding at or above the threshold", () => {
    expect(exitCodeFor(report(["medium"]), "high")).toBe(0);
    expect(exitCodeFor(report(["medium", "high"]), "high")).toBe(1);
    expect(exitCodeFor(report(["critical"]), "high")).toBe(1);
    expect(exitCodeFor(report(["low"]), "low")).toBe(1);
    expect(exitCodeFor(report(["high"]), "critical")).toBe(0);
  });

  it("never fails with none, and never counts suppressed findings", () => {
    expect(exitCodeFor(report(["critical"]), "none")).toBe(0);
    expect(exitCodeFor(report([], [], ["critical"]), "low")).toBe(0);
  });

  it("ignores parse, read, rule and config errors but is 3 for an internal one", () => {
    expect(exitCodeFor(report([], ["parse", "read", "rule", "config"]), "high")).toBe(0);
    expect(exitCodeFor(report(["critical"], ["parse"]), "high")).toBe(1);
    expect(exitCodeFor(report(["critical"], ["internal"]), "high")).toBe(3);
  });
});
