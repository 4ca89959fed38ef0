import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { scan } from "../../src/engine/scan.js";
import { readExpectations } from "./expectations.js";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/rules");
const ALL_IDS = RULES.map((r) => r.id);

/** The fixture harness: each rule alone over its folder, strict both ways (design.md, "Tests"). */
describe.each(RULES.filter((r) => fs.existsSync(path.join(FIXTURES, r.id))).map((r) => [r.id, r] as const))("%s fixtures", (id, rule) => {
  const dir = path.join(FIXTURES, id);
  const expectations = readExpectations(dir).filter((e) => e.ruleId === id);

  it("matches every annotation and reports nothing else", async () => {
    const report = await scan({ root: dir, rules: [rule], knownRuleIds: ALL_IDS });
    expect(report.errors, "fixtures must parse and the rule must not crash").toEqual([]);
    const found = new Set(report.findings.map((f) => `${f.location.path}:${f.location.line}`));
    const expected = new Set(expectations.filter((e) => e.kind === "expect").map((e) => `${e.file}:${e.line}`));
    const missing = [...expected].filter((k) => !found.has(k));
    const unexpected = report.findings.filter((f) => !expected.has(`${f.location.path}:${f.location.line}`)).map((f) => `${f.location.path}:${f.location.line} ${f.messageId}: ${f.message}`);
    const newlyFixed = expectations.filter((e) => e.kind === "expect-missing" && found.has(`${e.file}:${e.line}`)).map((e) => `${e.file}:${e.line}`);
    expect({ missing, unexpected, newlyFixed }).toEqual({ missing: [], unexpected: [], newlyFixed: [] });
  });

  it("has at least 10 bad and 10 good cases", () => {
    expect(expectations.filter((e) => e.kind === "expect").length).toBeGreaterThanOrEqual(10);
    expect(expectations.filter((e) => e.kind === "ok").length).toBeGreaterThanOrEqual(10);
  });
});

describe.each(RULES.map((r) => [r.id, r] as const))("%s docs examples", (_id, rule) => {
  it("flags the bad example and passes the good one", async () => {
    for (const [which, code] of Object.entries(rule.meta.docs.examples)) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-warden-example-"));
      try {
        fs.writeFileSync(path.join(dir, "server.ts"), code);
        const report = await scan({ root: dir, rules: [rule], knownRuleIds: ALL_IDS });
        expect(report.errors).toEqual([]);
        const own = report.findings.filter((f) => f.ruleId === rule.id);
        if (which === "bad") expect(own.length, "the bad example must be flagged").toBeGreaterThan(0);
        else expect(own, "the good example must pass").toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
