import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/temp-project.js";

const SERVER = (directive: string) => `
import { exec } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
const server = new McpServer({ name: "x", version: "1" });
server.tool("run", { cmd: z.string() }, async ({ cmd }) => {
  ${directive}
  exec(cmd);
  return { content: [] };
});
`;

describe("suppressions", () => {
  it("moves a finding to suppressed when the directive names the rule and gives a reason", async () => {
    const report = await scanFiles({ "s.ts": SERVER("// mcp-warden-ignore-next-line no-shell-injection -- runs in a throwaway container") }, ["no-shell-injection"]);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toMatchObject([{ ruleId: "no-shell-injection", suppression: { reason: "runs in a throwaway container", location: { line: 7 } } }]);
    expect(report.suppressionProblems).toEqual([]);
  });

  it("ignores a directive without a reason and reports it", async () => {
    const report = await scanFiles({ "s.ts": SERVER("// mcp-warden-ignore-next-line no-shell-injection") }, ["no-shell-injection"]);
    expect(report.findings.map((f) => f.location.line)).toEqual([8]);
    expect(report.suppressionProblems).toMatchObject([{ kind: "missing-reason", ruleId: "no-shell-injection", location: { line: 7 } }]);
  });

  it("reports directives that suppress nothing or name an unknown rule", async () => {
    const report = await scanFiles({ "s.ts": SERVER("// mcp-warden-ignore-next-line no-ssrf, no-such-rule -- not needed") }, ["no-shell-injection", "no-ssrf"]);
    expect(report.findings).toHaveLength(1);
    expect(report.suppressionProblems.map((p) => [p.kind, p.ruleId])).toEqual([["unused", "no-ssrf"], ["unknown-rule", "no-such-rule"]]);
  });

  it("does not call a directive unused when its rule did not run", async () => {
    const report = await scanFiles({ "s.ts": SERVER("// mcp-warden-ignore-next-line no-ssrf -- reviewed") }, ["no-shell-injection"]);
    expect(report.suppressionProblems).toEqual([]);
  });
});

describe("fingerprints", () => {
  it("stay the same when unrelated lines move the finding", async () => {
    const a = await scanFiles({ "s.ts": SERVER("") }, ["no-shell-injection"]);
    const b = await scanFiles({ "s.ts": `// a new header comment\n\n${SERVER("const unused = 1;")}` }, ["no-shell-injection"]);
    expect(a.findings[0]?.location.line).not.toBe(b.findings[0]?.location.line);
    expect(a.findings[0]?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(a.findings[0]?.fingerprint).toBe(b.findings[0]?.fingerprint);
  });

  it("differ for identical sink lines in one file", async () => {
    const report = await scanFiles({ "s.ts": SERVER("exec(cmd);") }, ["no-shell-injection"]);
    const prints = report.findings.map((f) => f.fingerprint);
    expect(prints).toHaveLength(2);
    expect(new Set(prints).size).toBe(2);
  });
});
