import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";

const RULES_DIR = path.resolve(import.meta.dirname, "../../rules");

describe("rule registry", () => {
  it("lists every rule file exactly once, sorted by id", () => {
    const files = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.replace(/\.ts$/, "")).sort();
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual(files);
    expect(ids).toEqual([...ids].sort());
  });

  it.each(RULES.map((r) => [r.id, r] as const))("%s has complete metadata", (id, rule) => {
    const { meta } = rule;
    expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
    expect(meta.description).toMatch(/^[A-Z][^.]*[^.]$/);
    expect(["critical", "high", "medium", "low"]).toContain(meta.severity);
    expect(["high", "medium", "low"]).toContain(meta.confidence);
    expect(meta.cwe.length).toBeGreaterThan(0);
    for (const cwe of meta.cwe) expect(cwe).toMatch(/^CWE-[1-9]\d*$/);
    expect(meta.checklist.length).toBeGreaterThan(0);
    for (const item of meta.checklist) expect(item).toMatch(/^[A-Z]+-\d+$/);
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    expect(meta.docs.rationale.length).toBeGreaterThan(80);
    expect(meta.docs.remediation.length).toBeGreaterThan(40);
    expect(meta.references.length).toBeGreaterThan(0);
  });
});
