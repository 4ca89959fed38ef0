import { describe, expect, it } from "vitest";
import { formatJson } from "../../src/reporters/json.js";
import type { ScanReport } from "../../src/rule-api/types.js";
import { emptyReport, sampleReport } from "./sample-report.js";

/** A deep copy with every object's keys in reverse order, as an engine might build them. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reverseKeys(item)]));
}

describe("formatJson", () => {
  it("round-trips the report as pretty JSON with a trailing newline", () => {
    for (const report of [sampleReport, emptyReport]) {
      const output = formatJson(report);
      expect(JSON.parse(output)).toEqual(report);
      expect(output.endsWith("}\n")).toBe(true);
      expect(output.split("\n")[1]).toBe('  "schemaVersion": 1,');
    }
  });

  it("orders keys as the report type declares them, whatever order they were built in", () => {
    const shuffled = reverseKeys(sampleReport) as ScanReport;
    expect(Object.keys(shuffled)[0]).toBe("errors");
    const output = formatJson(shuffled);
    expect(output).toBe(formatJson(sampleReport));
    expect(Object.keys(JSON.parse(output) as object)).toEqual([
      "schemaVersion",
      "tool",
      "root",
      "startedAt",
      "durationMs",
      "rules",
      "files",
      "packages",
      "inventory",
      "findings",
      "suppressed",
      "suppressionProblems",
      "errors",
    ]);
    const finding = (JSON.parse(output) as ScanReport).findings[0];
    expect(Object.keys(finding ?? {})).toEqual([
      "ruleId",
      "messageId",
      "message",
      "severity",
      "confidence",
      "cwe",
      "checklist",
      "location",
      "trace",
      "fingerprint",
      "tool",
      "fix",
    ]);
    expect(Object.keys(finding?.trace[0]?.location ?? {})).toEqual(["path", "line", "column", "endLine", "endColumn", "snippet"]);
  });

  it("keeps keys the type does not know, after the known ones", () => {
    const report = { extra: true, ...sampleReport } as ScanReport;
    expect(Object.keys(JSON.parse(formatJson(report)) as object).at(-1)).toBe("extra");
  });
});
