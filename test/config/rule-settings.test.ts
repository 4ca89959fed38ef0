import { describe, expect, it } from "vitest";
import { applyRuleSeverities, selectRules } from "../../src/config/index.js";
import { RULES } from "../../rules/index.js";
import type { Finding, ScanReport } from "../../src/rule-api/types.js";

const ids = (rules: ReadonlyArray<{ id: string }>) => rules.map((rule) => rule.id);

describe("selectRules", () => {
  it("runs every rule by default", () => {
    expect(ids(selectRules(RULES, {}))).toEqual(ids(RULES));
  });

  it("leaves out rules turned off, keeps those on or given a severity", () => {
    const selected = selectRules(RULES, { "no-ssrf": "off", "no-shell-injection": "on", "no-path-traversal": { severity: "low" } });
    expect(ids(selected)).toEqual(ids(RULES).filter((id) => id !== "no-ssrf"));
  });

  it("runs exactly the rules named on the command line, even one turned off", () => {
    expect(ids(selectRules(RULES, { "no-ssrf": "off" }, ["no-ssrf", "no-shell-injection"]))).toEqual(["no-shell-injection", "no-ssrf"]);
  });
});

describe("applyRuleSeverities", () => {
  const finding = (ruleId: string, severity: Finding["severity"]) => ({ ruleId, severity }) as Finding;
  const report = {
    rules: [{ id: "no-ssrf", severity: "high" }, { id: "no-shell-injection", severity: "critical" }],
    findings: [finding("no-ssrf", "high"), finding("no-shell-injection", "critical")],
    suppressed: [finding("no-ssrf", "medium")],
  } as unknown as ScanReport;

  it("gives findings, suppressed findings and the rule summary the configured severity", () => {
    const changed = applyRuleSeverities(report, { "no-ssrf": { severity: "low" }, "no-shell-injection": "on" });
    expect(changed.rules.map((rule) => [rule.id, rule.severity])).toEqual([["no-ssrf", "low"], ["no-shell-injection", "critical"]]);
    expect(changed.findings.map((f) => [f.ruleId, f.severity])).toEqual([["no-ssrf", "low"], ["no-shell-injection", "critical"]]);
    expect(changed.suppressed.map((f) => f.severity)).toEqual(["low"]);
    expect(report.findings[0]?.severity).toBe("high");
  });

  it("returns the report unchanged when no severity is configured", () => {
    expect(applyRuleSeverities(report, { "no-ssrf": "off" })).toBe(report);
  });
});
