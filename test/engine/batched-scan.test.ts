import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { scan, type ScanProgress } from "../../src/engine/scan.js";
import type { Finding, ScanReport } from "../../src/rule-api/types.js";
import { countLines } from "../../src/engine/project/batches.js";
import { writeProject } from "../helpers/temp-project.js";

const HEADER = 'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nimport { z } from "zod";\n';
const server = (name: string, body: string) => `${HEADER}import { addVersionTool, git } from "@mono/shared";\nconst server = new McpServer({ name: "${name}", version: "1" });\naddVersionTool(server);\n${body}`;

// Servers a and c both reach the shared helpers (one registers a tool), which import a file that does not parse; b has duplicate tool names.
const FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"], dependencies: { "left-pad": "^1.0.0" } }),
  "packages/shared/package.json": JSON.stringify({ name: "@mono/shared", main: "src/index.ts" }),
  "packages/shared/src/index.ts":
    'import { exec } from "node:child_process";\nimport { legacy } from "./legacy.js";\nexport function git(args: string) {\n  legacy();\n  return exec(`git ${args}`);\n}\nexport function addVersionTool(server: any) {\n  server.registerTool("version", { inputSchema: {} }, async () => ({ content: [] }));\n}\n',
  "packages/shared/src/legacy.ts": "export function legacy( {\n",
  "packages/a/package.json": JSON.stringify({ name: "a", dependencies: { "@mono/shared": "*" } }),
  "packages/a/src/index.ts": server("a", 'server.registerTool("log", { inputSchema: { ref: z.string() } }, async ({ ref }) => {\n  git(`log ${ref}`);\n  return { content: [] };\n});\n'),
  "packages/b/package.json": JSON.stringify({ name: "b" }),
  "packages/b/src/index.ts": `${HEADER}const server = new McpServer({ name: "b", version: "1" });\nserver.registerTool("get", { inputSchema: { url: z.string() } }, async ({ url }) => ({ content: [{ type: "text", text: await (await fetch(url)).text() }] }));\nserver.registerTool("get", { inputSchema: {} }, async () => ({ content: [] }));\n`,
  "packages/c/package.json": JSON.stringify({ name: "c", dependencies: { "@mono/shared": "*" } }),
  "packages/c/src/index.ts": server("c", 'server.registerTool("show", { inputSchema: { rev: z.string() } }, async ({ rev }) => {\n  git(`show ${rev}`);\n  return { content: [] };\n});\n'),
};

const key = (f: Finding) => `${f.ruleId} ${f.location.path}:${f.location.line}:${f.location.column} ${f.fingerprint} ${f.message}`;
let root: string;
let whole: ScanReport;
let batched: ScanReport;
let threaded: ScanReport;
let threadedCut: ScanReport;
const batchLabels = new Set<string>();
const threadedLabels = new Set<string>();
const cutLabels = new Set<string>();

beforeAll(async () => {
  root = writeProject(FILES);
  const options = { root, rules: RULES, knownRuleIds: RULES.map((r) => r.id) };
  whole = await scan(options);
  // A budget of one line puts every package in a batch of its own.
  const onProgress = (p: ScanProgress) => void (p.phase === "analyse" && p.current !== undefined && batchLabels.add(p.current));
  batched = await scan({ ...options, batchLines: 1, onProgress });
  threaded = await scan({ ...options, batchLines: 1, concurrency: 2, timings: true, onProgress: (p) => void (p.current !== undefined && threadedLabels.add(p.current)) });
  // One line short of one program: two batches for one thread, cut finer for three.
  const sourceLines = Object.entries(FILES).reduce((n, [file, text]) => n + (file.endsWith(".ts") ? countLines(text) : 0), 0);
  threadedCut = await scan({ ...options, batchLines: sourceLines - 1, concurrency: 3, onProgress: (p) => void (p.current !== undefined && cutLabels.add(p.current)) });
}, 60_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("a monorepo analysed in batches of packages", () => {
  it("runs one program per package", () => {
    expect([...batchLabels]).toEqual(["batch 1 of 4", "batch 2 of 4", "batch 3 of 4", "batch 4 of 4"]);
  });

  it("reports what one program reports: a flow into a shared package from each batch, once", () => {
    expect(batched.findings.map(key)).toEqual(whole.findings.map(key));
    const shellInjections = whole.findings.filter((f) => f.ruleId === "no-shell-injection");
    expect(shellInjections.map((f) => f.location.path)).toEqual(["packages/shared/src/index.ts"]);
    expect(whole.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["no-ssrf", "require-unique-tool-names", "require-lockfile"]));
  });

  it("lists each server and tool once, and counts each file once", () => {
    // Each kind in file order, whatever the batches: a's batch finds the shared tool first, yet it comes last.
    expect(batched.inventory).toEqual(whole.inventory);
    expect(whole.inventory.tools.map((t) => t.name)).toEqual(["log", "get", "get", "show", "version"]);
    expect(batched.files.scanned).toBe(whole.files.scanned);
    expect(whole.files.scanned).toBe(5);
  });

  it("reports a file that does not parse once, though every batch that imports it reads it", () => {
    expect(batched.errors).toEqual(whole.errors);
    expect(whole.errors.map((e) => `${e.kind} ${e.path}`)).toEqual(["parse packages/shared/src/legacy.ts"]);
  });
});

describe("a monorepo's batches analysed in worker threads", () => {
  it("reports exactly what the batches report in this thread", () => {
    expect(threaded.findings.map(key)).toEqual(batched.findings.map(key));
    expect(threaded.inventory).toEqual(batched.inventory);
    expect(threaded.errors).toEqual(batched.errors);
    expect(threaded.files).toEqual(batched.files);
  });

  it("reports what one program reports when more threads cut the tree finer", () => {
    expect(threadedCut.findings.map(key)).toEqual(whole.findings.map(key));
    expect(threadedCut.inventory).toEqual(whole.inventory);
    expect(threadedCut.errors).toEqual(whole.errors);
  });

  it("shows each batch's progress, and charges the threads' time to the stages and rules they ran", () => {
    expect([...threadedLabels].sort()).toEqual(["batch 1 of 4", "batch 2 of 4", "batch 3 of 4", "batch 4 of 4"]);
    // Finer than the two batches one thread makes of the same budget: no two packages fit in a third of it.
    expect([...cutLabels].sort()).toEqual(["batch 1 of 4", "batch 2 of 4", "batch 3 of 4", "batch 4 of 4"]);
    expect(threaded.timings?.threads).toBe(2);
    expect(threaded.timings?.stages.rules).toBeGreaterThan(0);
    expect(threaded.timings?.rules.map((r) => r.id).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it("stays in this thread for rules the registry does not hold, which a worker could not rebuild", async () => {
    const [first] = RULES;
    if (!first) throw new Error("no rules");
    const copy = { ...first };
    const report = await scan({ root, rules: [copy], knownRuleIds: RULES.map((r) => r.id), batchLines: 1, concurrency: 2, timings: true });
    expect(report.timings?.threads).toBeUndefined();
    expect(report.errors.filter((e) => e.kind === "internal")).toEqual([]);
  });
});
