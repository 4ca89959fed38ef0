import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { FLAW_RULES } from "../../scripts/bench/flaws.js";
import { generateMonorepo, type GeneratedTree } from "../../scripts/bench/generate.js";
import { scan } from "../../src/engine/scan.js";
import type { ScanReport } from "../../src/rule-api/types.js";

const TARGET = 6_000;
const dirs: string[] = [];

function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-warden-bench-"));
  dirs.push(dir);
  return dir;
}

/** Every file of a tree with its content, keyed by relative path. */
function contents(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else out.set(path.relative(root, abs), fs.readFileSync(abs, "utf8"));
    }
  };
  walk(root);
  return out;
}

const where = (f: { ruleId: string; path: string; line: number }) => `${f.ruleId} ${f.path}:${f.line}`;

describe("generateMonorepo", () => {
  let root: string;
  let tree: GeneratedTree;
  let report: ScanReport;

  beforeAll(async () => {
    root = freshDir();
    tree = generateMonorepo({ root, lines: TARGET, seed: 7 });
    report = await scan({ root, rules: RULES, knownRuleIds: RULES.map((r) => r.id) });
  }, 120_000);

  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes about the requested number of source lines", () => {
    expect(Math.abs(tree.lines - TARGET) / TARGET).toBeLessThan(0.1);
    expect(tree.servers.length).toBeGreaterThan(1);
    for (const server of tree.servers) expect(fs.existsSync(path.join(root, server, "package.json"))).toBe(true);
  });

  it("writes the same tree for the same seed and a different one for another seed", () => {
    const again = freshDir();
    generateMonorepo({ root: again, lines: TARGET, seed: 7 });
    expect(contents(again)).toEqual(contents(root));
    const other = freshDir();
    generateMonorepo({ root: other, lines: TARGET, seed: 8 });
    expect(contents(other)).not.toEqual(contents(root));
  });

  it("seeds about one flaw per 1,500 lines, of the five taint rules", () => {
    expect(tree.seeded.length).toBe(Math.round(TARGET / 1_500));
    for (const flaw of tree.seeded) expect(FLAW_RULES).toContain(flaw.ruleId);
  });

  it("is found by the scanner exactly where the flaws were seeded, and is otherwise clean at high and critical", () => {
    expect(report.errors).toEqual([]);
    const taint = new Set<string>(FLAW_RULES);
    const found = report.findings.map((f) => ({ ruleId: f.ruleId, path: f.location.path, line: f.location.line, severity: f.severity }));
    expect(found.filter((f) => taint.has(f.ruleId)).map(where).sort()).toEqual(tree.seeded.map(where).sort());
    const seeded = new Set(tree.seeded.map(where));
    expect(found.filter((f) => !seeded.has(where(f)) && (f.severity === "high" || f.severity === "critical")).map(where)).toEqual([]);
  });
});
