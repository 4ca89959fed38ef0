import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { scan } from "../../src/engine/scan.js";
import { SCAN_STAGES, Timings } from "../../src/engine/timings.js";
import { createRule, type Rule } from "../../src/rule-api/rule.js";
import { writeProject } from "../helpers/temp-project.js";

/** A clock the test moves by hand. */
function manualClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("Timings", () => {
  it("charges elapsed time to the stage under way until the next stage or the stop", () => {
    const clock = manualClock();
    const timings = new Timings(clock.now);
    clock.advance(5); // before any stage: charged to none
    timings.enter("load");
    clock.advance(10);
    timings.enter("program");
    clock.advance(20);
    timings.enter("load");
    clock.advance(1);
    timings.stop();
    clock.advance(50);
    expect(timings.toJSON().stages).toEqual({ load: 11, program: 20, model: 0, rules: 0, report: 0 });
  });

  it("charges each rule callback to its rule, a throwing one too, and lists rules slowest first", () => {
    const clock = manualClock();
    const timings = new Timings(clock.now);
    const quick = timings.forRule("quick", () => clock.advance(1));
    const slow = timings.forRule("slow", (ms: number) => clock.advance(ms));
    const crashing = timings.forRule("crashing", () => {
      clock.advance(7);
      throw new Error("boom");
    });
    timings.forRule("idle", () => undefined);
    quick();
    slow(30);
    slow(12.34);
    expect(crashing).toThrow("boom");
    expect(timings.toJSON().rules).toEqual([
      { id: "slow", ms: 42.3 },
      { id: "crashing", ms: 7 },
      { id: "quick", ms: 1 },
      { id: "idle", ms: 0 },
    ]);
  });
});

describe("Timings.addConcurrent", () => {
  it("shares the wall time threads ran at once among their stages and rules, by each thread's own time", () => {
    const clock = manualClock();
    const timings = new Timings(clock.now);
    timings.enter("load");
    clock.advance(10);
    timings.stop();
    const stages = (program: number, model: number, rules: number) => ({ load: 0, program, model, rules, report: 0 });
    // Two threads worked 30 and 10 ms, 40 in all, within 20 ms of wall time: each ms of theirs counts half.
    timings.addConcurrent(20, 2, [
      { stages: stages(10, 10, 10), rules: [{ id: "a", ms: 6 }] },
      { stages: stages(4, 2, 4), rules: [{ id: "a", ms: 2 }, { id: "b", ms: 2 }] },
    ]);
    expect(timings.toJSON()).toEqual({ threads: 2, stages: { load: 10, program: 7, model: 6, rules: 7, report: 0 }, rules: [{ id: "a", ms: 4 }, { id: "b", ms: 1 }] });
  });
});

const SERVER = 'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nimport { exec } from "node:child_process";\nimport { z } from "zod";\nconst server = new McpServer({ name: "s", version: "1" });\nserver.registerTool("run", { inputSchema: { cmd: z.string() } }, async ({ cmd }) => {\n  exec(cmd);\n  return { content: [] };\n});\n';

/** A rule that spends a known time on every call expression. */
function slowRule(msPerCall: number): Rule {
  const busy = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  return createRule({
    id: "test-slow",
    meta: { description: "spends time", severity: "low", confidence: "low", checklist: [], cwe: [], messages: {}, docs: { rationale: "", remediation: "", examples: { bad: "", good: "" } }, references: [] },
    create: () => ({ CallExpression: () => busy(msPerCall) }),
  });
}

describe("scan with timings", () => {
  const root = writeProject({ "src/index.ts": SERVER });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("accounts for every stage and every rule run, and charges a rule the time its visitors take", async () => {
    const rules = [...RULES, slowRule(15)];
    const started = performance.now();
    const report = await scan({ root, rules, knownRuleIds: rules.map((r) => r.id), timings: true });
    const wall = performance.now() - started;
    const timings = report.timings;
    expect(Object.keys(timings?.stages ?? {})).toEqual(SCAN_STAGES);
    expect(timings?.rules.map((r) => r.id).sort()).toEqual(rules.map((r) => r.id).sort());
    // Three call expressions, registerTool, z.string and exec, at 15 ms each.
    expect(timings?.rules[0]).toMatchObject({ id: "test-slow" });
    expect(timings?.rules[0]?.ms).toBeGreaterThanOrEqual(45);
    const stages = Object.values(timings?.stages ?? {});
    for (const ms of stages) expect(ms).toBeGreaterThanOrEqual(0);
    expect(timings?.stages.rules).toBeGreaterThanOrEqual(timings?.rules[0]?.ms ?? Infinity);
    expect(stages.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(wall + 1);
    expect(report.findings.map((f) => f.ruleId)).toContain("no-shell-injection");
  });

  it("leaves the report without timings unless asked", async () => {
    const report = await scan({ root, rules: RULES, knownRuleIds: RULES.map((r) => r.id) });
    expect(report.timings).toBeUndefined();
  });
});
