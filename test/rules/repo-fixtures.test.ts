import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { scan } from "../../src/engine/scan.js";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/repo-rules");
const ALL_IDS = RULES.map((r) => r.id);

interface Expected {
  path: string;
  line: number;
  messageId: string;
  /** When given, the finding's severity too. */
  severity?: string;
}

/**
 * The harness for repository rules: each case folder is a small repository with an expected.json listing
 * `{ path, line, messageId, severity? }`; the rule runs alone over the folder and must report exactly those findings.
 */
describe.each(RULES.filter((r) => fs.existsSync(path.join(FIXTURES, r.id))).map((r) => [r.id, r] as const))("%s repository fixtures", (id, rule) => {
  const dir = path.join(FIXTURES, id);
  const cases = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

  it.each(cases)("%s", async (name) => {
    expect(name, "cases are named bad-* or good-*").toMatch(/^(bad|good)-[a-z0-9-]+$/);
    const root = path.join(dir, name);
    const expected = JSON.parse(fs.readFileSync(path.join(root, "expected.json"), "utf8")) as Expected[];
    if (name.startsWith("good-")) expect(expected, "a good case expects no finding").toEqual([]);
    else expect(expected.length, "a bad case expects at least one finding").toBeGreaterThan(0);
    const report = await scan({ root, rules: [rule], knownRuleIds: ALL_IDS });
    expect(report.errors, "fixtures must load and the rule must not crash").toEqual([]);
    const key = (f: Expected) => `${f.path}:${f.line} ${f.messageId}`;
    const found = report.findings.map((f) => key({ path: f.location.path, line: f.location.line, messageId: f.messageId })).sort();
    expect(found).toEqual(expected.map(key).sort());
    for (const e of expected.filter((x) => x.severity)) {
      const match = report.findings.find((f) => key({ path: f.location.path, line: f.location.line, messageId: f.messageId }) === key(e));
      expect(match?.severity, key(e)).toBe(e.severity);
    }
    for (const f of report.findings) expect(f.message, "every placeholder is filled").not.toMatch(/\{\{\w+\}\}/);
  });

  it("has at least 6 bad and 6 good cases", () => {
    expect(cases.filter((c) => c.startsWith("bad-")).length).toBeGreaterThanOrEqual(6);
    expect(cases.filter((c) => c.startsWith("good-")).length).toBeGreaterThanOrEqual(6);
  });
});
