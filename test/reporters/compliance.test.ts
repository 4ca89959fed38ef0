import { describe, expect, it } from "vitest";
import { badgeEndpoint, badgeSvg } from "../../src/checklist/badge.js";
import { scoreItems } from "../../src/checklist/score.js";
import { formatMarkdown } from "../../src/reporters/markdown.js";
import { toSarifLog } from "../../src/reporters/sarif.js";
import { formatText } from "../../src/reporters/text.js";
import type { ChecklistItemResult, ScanReport } from "../../src/rule-api/types.js";
import { expectGolden } from "./golden.js";
import { sampleReport } from "./sample-report.js";

const item = (id: string, outcome: ChecklistItemResult["outcome"], extra: Partial<ChecklistItemResult> = {}): ChecklistItemResult => ({
  id,
  title: `Title of ${id}`,
  section: "API Security",
  area: "server",
  priority: "high",
  kind: "code",
  outcome,
  reason: `Reason for ${id}.`,
  rules: ["no-shell-injection"],
  findings: [],
  ...extra,
});

const fingerprint = sampleReport.findings[0]?.fingerprint ?? "";
const items = [
  item("API-1", "fail", { findings: [fingerprint], reason: "1 finding of no-shell-injection." }),
  item("API-2", "pass", { priority: "medium" }),
  item("MON-1", "attested", { kind: "attest", rules: [], section: "Monitoring & Logging", attestation: { statement: "Rates alert the maintainer", date: "2026-10-01", expired: false } }),
  item("MON-3", "manual", { kind: "attest", rules: [], section: "Monitoring & Logging" }),
  item("TOOL-1", "error", { reason: "A deciding rule failed to run." }),
  item("UIX-1", "not_applicable", { area: "host", kind: "host", rules: [] }),
];
const report: ScanReport = { ...sampleReport, compliance: { ...scoreItems(items), commit: "0123456789abcdef0123456789abcdef01234567" } };

describe("compliance in reports", () => {
  it("renders the markdown section per area, failing items opened up with their findings", () => {
    const md = formatMarkdown(report);
    expectGolden("markdown-compliance.md", md);
    expect(md).toContain("## MCP Security Checklist: grade F (44/100)");
    expect(md).toMatch(/<summary>✖ <b>API-1<\/b>/);
    expect(md).toContain(sampleReport.findings[0]?.location.path ?? "?");
  });

  it("summarises the grade and the failing items in text", () => {
    const text = formatText(report, { color: false });
    expect(text).toMatch(/^MCP Security Checklist: grade F \(44\/100\) · 1 pass, 1 fail, 1 error, 1 manual, 1 attested, 1 not applicable$/m);
    expect(text).toMatch(/^ {2}✖ API-1 Title of API-1 \(high\)/m);
    expect(text).toMatch(/^ {2}⚠ TOOL-1/m);
  });

  it("puts the result into SARIF run properties", () => {
    const props = toSarifLog(report).runs[0]?.properties as unknown as { compliance: { grade: string; counts: Record<string, number>; items: { id: string; outcome: string }[] } };
    expect(props.compliance.grade).toBe("F");
    expect(props.compliance.items).toContainEqual({ id: "API-1", outcome: "fail", priority: "high", findings: [fingerprint] });
  });

  it("renders the badge as golden SVG and endpoint JSON", () => {
    expectGolden("badge.svg", badgeSvg(report.compliance));
    expectGolden("badge-endpoint.json", badgeEndpoint(report.compliance));
  });
});
