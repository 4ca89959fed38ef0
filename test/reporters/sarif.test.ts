import { describe, expect, it } from "vitest";
import { formatSarif, toSarifLog } from "../../src/reporters/sarif.js";
import type { ScanReport } from "../../src/rule-api/types.js";
import { expectGolden } from "./golden.js";
import { sarifSchemaErrors } from "./sarif-schema.js";
import { emptyReport, manyFindingsReport, sampleReport } from "./sample-report.js";

function onlyRun(report: ScanReport) {
  return toSarifLog(report).runs[0];
}

/** Every artifactLocation.uri anywhere in the log. */
function artifactUris(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(artifactUris);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === "artifactLocation" ? [(item as { uri: string }).uri] : artifactUris(item),
  );
}

describe("formatSarif", () => {
  it("matches the golden output", () => {
    expectGolden("sarif.json", formatSarif(sampleReport));
  });

  it("is valid against the SARIF 2.1.0 schema", () => {
    const internal: ScanReport = { ...sampleReport, errors: [{ kind: "internal", message: "walker crashed" }] };
    const windows: ScanReport = { ...sampleReport, root: "C:\\Users\\dev\\git mcp" };
    for (const report of [sampleReport, emptyReport, manyFindingsReport(50), internal, windows]) {
      expect(sarifSchemaErrors(JSON.parse(formatSarif(report)))).toEqual([]);
    }
  });

  it("has a schema check that rejects an invalid log", () => {
    const log = JSON.parse(formatSarif(sampleReport)) as { runs: { results: { level: string }[] }[] };
    const result = log.runs[0]?.results[0];
    if (result === undefined) throw new Error("sample log has results");
    result.level = "fatal";
    log.runs.push({ results: [] });
    expect(sarifSchemaErrors(log).length).toBeGreaterThan(0);
  });

  it("describes every rule for code scanning", () => {
    const rules = onlyRun(sampleReport).tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual(["no-shell-injection", "no-path-traversal"]);
    const [shell, traversal] = rules;
    expect(shell?.name).toBe("NoShellInjection");
    expect(shell?.defaultConfiguration.level).toBe("error");
    expect(shell?.properties).toEqual({
      tags: ["security", "mcp", "external/cwe/cwe-78"],
      "security-severity": "9.5",
      precision: "high",
      "problem.severity": "error",
      checklist: ["API-1", "TOOL-3"],
    });
    expect(traversal?.properties.tags).toEqual(["security", "mcp", "external/cwe/cwe-22", "external/cwe/cwe-23"]);
    expect(traversal?.properties["security-severity"]).toBe("8.0");
    expect(traversal?.properties.precision).toBe("medium");
    expect(shell?.help.markdown).toContain("## Remediation");
    expect(shell?.help.text).toContain("https://cwe.mitre.org/data/definitions/78.html");
  });

  it("maps every severity to a level, score and problem severity", () => {
    const [rule] = sampleReport.rules;
    if (rule === undefined) throw new Error("sample report has rules");
    const cases = [
      ["critical", "error", "9.5", "error"],
      ["high", "error", "8.0", "error"],
      ["medium", "warning", "5.5", "warning"],
      ["low", "note", "3.0", "recommendation"],
    ] as const;
    for (const [severity, level, score, problem] of cases) {
      const [sarifRule] = onlyRun({ ...emptyReport, rules: [{ ...rule, severity }] }).tool.driver.rules;
      expect(sarifRule?.defaultConfiguration.level).toBe(level);
      expect(sarifRule?.properties["security-severity"]).toBe(score);
      expect(sarifRule?.properties["problem.severity"]).toBe(problem);
    }
  });

  it("emits findings and suppressed findings, suppressed ones with their justification", () => {
    const { results } = onlyRun(sampleReport);
    expect(results.map((result) => result.partialFingerprints["mcpWarden/v1"])).toEqual([
      "c0ffee5eed1e2b3a",
      "a17e09c44b2d3c55",
      "3f9c2a1b7d4e6f80",
    ]);
    const [suppressed, traversal, shell] = results;
    expect(suppressed?.suppressions).toEqual([
      {
        kind: "inSource",
        justification: "Runs only in CI, where the workflow sets the tag",
        location: {
          physicalLocation: {
            artifactLocation: { uri: "scripts/release.ts", uriBaseId: "%SRCROOT%" },
            region: { startLine: 8, startColumn: 3, endLine: 8, endColumn: 82 },
          },
        },
      },
    ]);
    expect(traversal?.suppressions).toBeUndefined();
    expect(shell?.suppressions).toBeUndefined();
    // The finding's own severity wins over its rule's default.
    expect(traversal?.level).toBe("warning");
    expect(traversal?.ruleIndex).toBe(1);
    expect(shell?.ruleIndex).toBe(0);
    expect(shell?.properties).toEqual({ confidence: "high", severity: "critical", tool: "git_log", checklist: ["API-1", "TOOL-3"] });
  });

  it("adds a code flow exactly when a finding has a trace", () => {
    for (const result of onlyRun(sampleReport).results) {
      const finding = [...sampleReport.findings, ...sampleReport.suppressed].find(
        (candidate) => candidate.fingerprint === result.partialFingerprints["mcpWarden/v1"],
      );
      if (finding === undefined) throw new Error("every result comes from a finding");
      if (finding.trace.length === 0) {
        expect(result.codeFlows).toBeUndefined();
        continue;
      }
      const locations = result.codeFlows?.[0]?.threadFlows[0]?.locations ?? [];
      expect(locations.map((step) => step.location.message?.text)).toEqual(finding.trace.map((step) => step.message));
      expect(locations.map((step) => step.kinds)).toEqual([["source"], ["call"], ["step"], ["sink"]]);
    }
  });

  it("adds a fix only when the finding has a replacement", () => {
    const [, traversal, shell] = onlyRun(sampleReport).results;
    expect(traversal?.fixes).toBeUndefined();
    expect(shell?.fixes).toEqual([
      {
        description: { text: "Run git without a shell: execFile with an argument array" },
        artifactChanges: [
          {
            artifactLocation: { uri: "src/tools/git.ts", uriBaseId: "%SRCROOT%" },
            replacements: [
              {
                deletedRegion: { startLine: 14, startColumn: 28, endLine: 14, endColumn: 71 },
                insertedContent: { text: 'execFileAsync("git", ["log", "--oneline", "-n", "20", "--end-of-options", ref])' },
              },
            ],
          },
        ],
      },
    ]);
  });

  it("gives the region its own text and the whole line as context", () => {
    const [, , shell] = onlyRun(sampleReport).results;
    expect(shell?.locations[0]?.physicalLocation.region?.snippet?.text).toBe("execAsync(`git log --oneline -n 20 ${ref}`)");
    expect(shell?.locations[0]?.physicalLocation.contextRegion?.snippet?.text).toBe(
      "  const { stdout } = await execAsync(`git log --oneline -n 20 ${ref}`);",
    );
  });

  it("writes URIs that parse, with spaces encoded and no backslashes", () => {
    const run = onlyRun(sampleReport);
    const base = run.originalUriBaseIds["%SRCROOT%"]?.uri ?? "";
    expect(base).toBe("file:///home/dev/git%20mcp/");
    const uris = artifactUris(toSarifLog(sampleReport));
    expect(uris).toContain("src/generated/api%20schema.ts");
    for (const uri of uris) {
      expect(uri).not.toMatch(/[\\ ]/);
      expect(new URL(uri, base).href.startsWith(base)).toBe(true);
    }
    const rootUri = (root: string) => onlyRun({ ...emptyReport, root }).originalUriBaseIds["%SRCROOT%"]?.uri;
    expect(rootUri("C:\\Users\\dev\\git mcp")).toBe("file:///C:/Users/dev/git%20mcp/");
    expect(rootUri("\\\\build\\share\\repo")).toBe("file://build/share/repo/");
    expect(rootUri("/srv/r#1?x%")).toBe("file:///srv/r%231%3Fx%25/");
    expect(rootUri("/")).toBe("file:///");
  });

  it("reports errors, skipped files and suppression problems as notifications", () => {
    const [invocation] = onlyRun(sampleReport).invocations;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.startTimeUtc).toBe("2025-06-02T09:14:05.120Z");
    expect(invocation.endTimeUtc).toBe("2025-06-02T09:14:06.954Z");
    const notifications = invocation.toolExecutionNotifications;
    expect(notifications.map((notification) => notification.level)).toEqual(["error", "note", "note", "warning", "warning"]);
    expect(notifications[0]).toEqual({
      level: "error",
      message: { text: "parse error: Expression expected." },
      locations: [{ physicalLocation: { artifactLocation: { uri: "src/tools/broken.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 12 } } }],
    });
    expect(notifications[2]?.message.text).toBe("Skipped src/generated/api schema.ts: too large (1.6 MiB, limit 1 MiB)");
    expect(notifications[3]?.associatedRule).toEqual({ id: "no-path-traversal", index: 1 });
    expect(notifications[4]?.associatedRule).toEqual({ id: "no-evil-eval" });
  });

  it("marks the run unsuccessful only after an internal error", () => {
    const report: ScanReport = { ...sampleReport, errors: [{ kind: "internal", message: "walker crashed" }] };
    const [invocation] = onlyRun(report).invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications[0]).toEqual({ level: "error", message: { text: "internal error: walker crashed" } });
  });
});
