import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import type { Rule, RuleContext } from "../../src/rule-api/index.js";
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
    const severities = new Map(report.findings.map((f) => [`${f.location.path}:${f.location.line}`, f.severity]));
    const wrongSeverity = expectations.flatMap((e) => {
      const actual = severities.get(`${e.file}:${e.line}`);
      return e.severity && actual && actual !== e.severity ? [`${e.file}:${e.line} is ${actual}, not ${e.severity}`] : [];
    });
    expect({ missing, unexpected, newlyFixed, wrongSeverity }).toEqual({ missing: [], unexpected: [], newlyFixed: [], wrongSeverity: [] });
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
        const { files, source } = isRepositoryRule(rule) ? splitRepositoryExample(code) : { files: [], source: code };
        fs.writeFileSync(path.join(dir, "server.ts"), source);
        for (const file of files) {
          fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
          fs.writeFileSync(path.join(dir, file.path), file.text);
        }
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

/** A repository rule judges manifests, Dockerfiles and workflows only: its visitors are a lone `check`. */
function isRepositoryRule(rule: Rule): boolean {
  const keys = Object.keys(rule.create({} as RuleContext));
  return keys.length === 1 && keys[0] === "check";
}

/**
 * A repository rule's example is a tiny server whose leading comment blocks are repository files:
 * `// file: Dockerfile` starts a file, the `// `-prefixed lines after it are its text, and the first line
 * that is not a comment ends the blocks; the rest is written as server.ts.
 */
function splitRepositoryExample(code: string): { files: { path: string; text: string }[]; source: string } {
  const lines = code.split("\n");
  const files: { path: string; text: string }[] = [];
  let i = 0;
  while (i < lines.length && /^\/\/ file: /.test(lines[i] ?? "")) {
    const filePath = (lines[i] ?? "").slice("// file: ".length).trim();
    const body: string[] = [];
    for (i++; i < lines.length && (lines[i] ?? "").startsWith("//") && !/^\/\/ file: /.test(lines[i] ?? ""); i++) body.push((lines[i] ?? "").replace(/^\/\/ ?/, ""));
    files.push({ path: filePath, text: `${body.join("\n")}\n` });
  }
  if (!files.length) throw new Error("a repository rule's example must start with `// file: <path>`");
  return { files, source: lines.slice(i).join("\n") };
}
