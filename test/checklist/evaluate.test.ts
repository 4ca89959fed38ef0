import { describe, expect, it } from "vitest";
import type { ChecklistItem } from "../../src/checklist/catalogue.js";
import { evaluateChecklist } from "../../src/checklist/evaluate.js";
import type { Finding, ScanReport } from "../../src/rule-api/types.js";

const item = (id: string, extra: Partial<ChecklistItem> = {}): ChecklistItem => ({ id, area: "server", section: "S", priority: "high", title: id, paraphrase: "p", kind: "code", rules: [], ...extra });

function report(extra: Partial<ScanReport> = {}): ScanReport {
  return {
    schemaVersion: 1,
    tool: { name: "mcp-warden", version: "0" },
    root: "/r",
    startedAt: "2026-11-25T00:00:00.000Z",
    durationMs: 1,
    rules: ["rule-a", "rule-b"].map((id) => ({ id, description: "d", severity: "high", confidence: "high", cwe: [], checklist: [], rationale: "", remediation: "", references: [] })),
    files: { scanned: 1, skipped: [] },
    packages: [],
    inventory: { servers: [], tools: [], resources: [], prompts: [], transports: [] },
    findings: [],
    suppressed: [],
    suppressionProblems: [],
    errors: [],
    ...extra,
  };
}

const finding = (ruleId: string, fingerprint: string): Finding => ({ ruleId, messageId: "m", message: "x", severity: "high", confidence: "high", cwe: [], checklist: [], location: { path: "a.ts", line: 1, column: 1, endLine: 1, endColumn: 2 }, trace: [], fingerprint });
const options = { attestations: {}, attestationMaxAgeDays: 365, now: new Date("2026-11-25T00:00:00Z") };

describe("evaluateChecklist", () => {
  it("gives every outcome its reason", () => {
    const catalogue = [
      item("PASS-1", { rules: ["rule-a"] }),
      item("FAIL-1", { rules: ["rule-b"] }),
      item("HOST-1", { kind: "host" }),
      item("MAN-1", { kind: "attest" }),
      item("ATT-1", { kind: "attest" }),
      item("ERR-1", { rules: ["rule-a", "rule-c"] }),
    ];
    const r = report({ findings: [finding("rule-b", "fp1")], errors: [] });
    const withCrash = { ...r, rules: [...r.rules, { ...r.rules[0]!, id: "rule-c" }], errors: [{ kind: "rule" as const, ruleId: "rule-c", message: "boom" }] };
    const result = evaluateChecklist(withCrash, catalogue, { ...options, attestations: { "ATT-1": { statement: "We rotate keys monthly", date: "2026-06-01" } } });
    expect(result.items.map((i) => [i.id, i.outcome])).toEqual([
      ["PASS-1", "pass"],
      ["FAIL-1", "fail"],
      ["HOST-1", "not_applicable"],
      ["MAN-1", "manual"],
      ["ATT-1", "attested"],
      ["ERR-1", "error"],
    ]);
    expect(result.items[1]?.findings).toEqual(["fp1"]);
    expect(result.counts).toEqual({ pass: 1, fail: 1, not_applicable: 1, manual: 1, attested: 1, error: 1 });
  });

  it("never lets an attestation override a failing check, and shows both", () => {
    const result = evaluateChecklist(report({ findings: [finding("rule-a", "fp")] }), [item("X-1", { rules: ["rule-a"] })], { ...options, attestations: { "X-1": { statement: "Inputs are validated upstream", date: "2026-11-01" } } });
    expect(result.items[0]).toMatchObject({ outcome: "fail", attestation: { statement: "Inputs are validated upstream", expired: false } });
    expect(result.items[0]?.reason).toMatch(/attestation does not override/);
  });

  it("turns an attestation older than the limit back to manual", () => {
    const result = evaluateChecklist(report(), [item("M-1", { kind: "attest" })], { ...options, attestationMaxAgeDays: 30, attestations: { "M-1": { statement: "Alerts go to the on-call rota", date: "2026-01-01" } } });
    expect(result.items[0]).toMatchObject({ outcome: "manual", attestation: { expired: true } });
  });

  it("makes HTTP, crypto and resource items not applicable when the server has none", () => {
    const catalogue = [item("H-1", { applies: "http", rules: ["rule-a"] }), item("C-1", { applies: "crypto", rules: ["rule-a"] }), item("R-1", { applies: "resources", rules: ["rule-a"] })];
    expect(evaluateChecklist(report(), catalogue, options).items.map((i) => i.outcome)).toEqual(["not_applicable", "not_applicable", "not_applicable"]);
    const http = report({ inventory: { servers: [], tools: [], prompts: [], resources: [{ name: "r", uri: "x://y", templated: false, framework: "mcp-sdk", location: { path: "a", line: 1, column: 1, endLine: 1, endColumn: 1 } }], transports: [{ kind: "streamable-http", location: { path: "a", line: 1, column: 1, endLine: 1, endColumn: 1 }, options: {}, middleware: [] }] } });
    expect(evaluateChecklist(http, catalogue, options, ["viem"]).items.map((i) => i.outcome)).toEqual(["pass", "pass", "pass"]);
  });

  it("counts an item whose deciding rules did not run as manual, and suppressed findings as reviewed", () => {
    const r = report({ rules: [], suppressed: [finding("rule-a", "fp")] });
    expect(evaluateChecklist(r, [item("X-1", { rules: ["rule-a"] })], options).items[0]?.outcome).toBe("manual");
    const ran = report({ suppressed: [{ ...finding("rule-a", "fp"), suppression: { reason: "ok", location: { path: "a", line: 1, column: 1, endLine: 1, endColumn: 1 } } }] });
    expect(evaluateChecklist(ran, [item("X-1", { rules: ["rule-a"] })], options).items[0]?.outcome).toBe("pass");
  });
});

describe("evaluateChecklist with unparsed files", () => {
  it("does not pass a code item whose rules could not read every file", () => {
    const r = report({ errors: [{ kind: "parse", path: "src/broken.ts", message: "syntax error" }] });
    const result = evaluateChecklist(r, [item("X-1", { rules: ["rule-a"] }), item("C-1", { kind: "config", rules: ["rule-b"] })], options);
    expect(result.items.map((i) => [i.id, i.outcome])).toEqual([["X-1", "error"], ["C-1", "pass"]]);
    expect(result.items[0]?.reason).toMatch(/1 source file could not be parsed/);
  });
});

describe("evaluateChecklist with advisory findings", () => {
  it("asks for a review instead of failing when only low-severity findings remain", () => {
    const low = { ...finding("rule-a", "fp-low"), severity: "low" as const };
    const result = evaluateChecklist(report({ findings: [low] }), [item("X-1", { rules: ["rule-a"] })], options);
    expect(result.items[0]).toMatchObject({ outcome: "manual", findings: ["fp-low"] });
    expect(result.items[0]?.reason).toMatch(/1 advisory finding of rule-a to review/);
  });
});
