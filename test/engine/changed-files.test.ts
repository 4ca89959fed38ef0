import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { scan } from "../../src/engine/scan.js";
import type { Finding, ScanReport } from "../../src/rule-api/types.js";
import { writeProject } from "../helpers/temp-project.js";

const HEADER = 'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nimport { z } from "zod";\n';

// Two servers in a workspace; server a's tool handlers live in their own files and reach a helper package.
const FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }),
  "packages/shared/package.json": JSON.stringify({ name: "@mono/shared", main: "src/index.ts" }),
  "packages/shared/src/index.ts": 'import { exec } from "node:child_process";\nexport function git(args: string) {\n  return exec(`git ${args}`);\n}\n',
  "packages/a/package.json": JSON.stringify({ name: "a", dependencies: { "@mono/shared": "*" } }),
  "packages/a/src/index.ts": `${HEADER}import { log } from "./tools/log.js";\nimport { read } from "./tools/read.js";\nconst server = new McpServer({ name: "a", version: "1" });\nserver.registerTool("log", { inputSchema: { ref: z.string() } }, log);\nserver.registerTool("read", { inputSchema: { file: z.string() } }, read);\n`,
  "packages/a/src/tools/log.ts": 'import { git } from "@mono/shared";\nexport async function log({ ref }: { ref: string }) {\n  git(`log ${ref}`);\n  return { content: [] };\n}\n',
  "packages/a/src/tools/read.ts": 'import { readFile } from "node:fs/promises";\nexport async function read({ file }: { file: string }) {\n  return { content: [{ type: "text" as const, text: await readFile(file, "utf8") }] };\n}\n',
  "packages/b/package.json": JSON.stringify({ name: "b" }),
  "packages/b/src/index.ts": `${HEADER}const server = new McpServer({ name: "b", version: "1" });\nserver.registerTool("get", { inputSchema: { url: z.string() } }, async ({ url }) => {\n  const res = await fetch(url);\n  return { content: [{ type: "text", text: await res.text() }] };\n});\n`,
};

const key = (f: Finding) => `${f.ruleId} ${f.location.path}:${f.location.line}:${f.location.column} ${f.fingerprint} ${f.message}`;
let root: string;
let full: ScanReport;
const scanChanged = (changedFiles: string[]) => scan({ root, rules: RULES, knownRuleIds: RULES.map((r) => r.id), changedFiles });

beforeAll(async () => {
  root = writeProject(FILES);
  full = await scan({ root, rules: RULES, knownRuleIds: RULES.map((r) => r.id), checklist: { attestations: {}, attestationMaxAgeDays: 365 } });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("pull-request mode (changed files)", () => {
  it("finds in each changed file exactly what a full scan finds there", async () => {
    const sources = Object.keys(FILES).filter((f) => f.endsWith(".ts"));
    expect(full.findings.map((f) => f.location.path)).toEqual(expect.arrayContaining(["packages/shared/src/index.ts", "packages/a/src/tools/read.ts", "packages/b/src/index.ts"]));
    for (const file of sources) {
      const report = await scanChanged([file]);
      expect(report.findings.map(key), file).toEqual(full.findings.filter((f) => f.location.path === file).map(key));
    }
  });

  it("reaches a changed helper from the tools of the server that imports it, and leaves other servers unread", async () => {
    const report = await scanChanged(["packages/shared/src/index.ts"]);
    expect(report.findings.map((f) => f.ruleId)).toEqual(["no-shell-injection", "no-unbounded-resource-use"]);
    expect(report.changedFiles).toEqual(["packages/shared/src/index.ts"]);
    // shared, a's index and its two tools: b is not analysed.
    expect(report.files.scanned).toBe(4);
    expect(full.files.scanned).toBe(5);
  });

  it("analyses a leaf server alone and grades no checklist", async () => {
    const report = await scanChanged(["packages/b/src/index.ts"]);
    expect(report.files.scanned).toBe(1);
    expect(report.findings.map((f) => f.ruleId)).toContain("no-ssrf");
    expect(report.compliance).toBeUndefined();
    expect(full.compliance).toBeDefined();
  });

  it("reports repository findings only for changed repository files", async () => {
    const withManifest = await scanChanged(["packages/b/package.json"]);
    expect(withManifest.findings.every((f) => f.location.path === "packages/b/package.json")).toBe(true);
    expect(withManifest.files.scanned).toBe(0);
  });
});
