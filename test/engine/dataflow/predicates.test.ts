import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { RULES } from "../../../rules/index.js";
import { scan } from "../../../src/engine/scan.js";
import { writeProject } from "../../helpers/temp-project.js";

const RETURNS = 40;
// Every return restates the check made at the top, so each return yields the same effect twice.
const extensions = Array.from({ length: RETURNS }, (_, i) => `  if (file.endsWith(".x${i}")) return isInside(ROOT, file) && file.length > ${i};`).join("\n");
const SERVER = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

const ROOT = "/srv/notes";
function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, path.resolve(root, file));
  return !rel.startsWith("..") && !path.isAbsolute(rel);
}
function allowed(file: string): boolean {
  if (!isInside(ROOT, file)) return false;
${extensions}
  return isInside(ROOT, file);
}
const server = new McpServer({ name: "notes", version: "1" });
server.tool("read", { file: z.string() }, async ({ file }) => {
  if (!allowed(file)) throw new Error("not allowed");
  return { content: [{ type: "text", text: await fs.readFile(path.resolve(ROOT, file), "utf8") }] };
});
`;

const CHECKS = 22;
// Each step may or may not run, and each read of `out` sees every assignment: 2^22 ways to have passed the checks.
const predicates = Array.from({ length: CHECKS }, (_, i) => `function looksLike${i}(v: string): boolean { return v.includes("${i}"); }`).join("\n");
const steps = Array.from({ length: CHECKS }, (_, i) => `  if (looksLike${i}(out)) out = out.trim();`).join("\n");
const OPTIONAL_CHECKS_SERVER = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import fs from "node:fs/promises";
import { z } from "zod";

${predicates}
const server = new McpServer({ name: "notes", version: "1" });
server.tool("read", { file: z.string() }, async ({ file }) => {
  let out = file;
${steps}
  return { content: [{ type: "text", text: await fs.readFile(out, "utf8") }] };
});
`;

const WRAPPERS = 12;
// A loop that unwraps a value by one of many fields each turn: every read of `cur` sees every path it could have taken.
const unwraps = Array.from({ length: WRAPPERS }, (_, i) => `    if (kind === "w${i}") { cur = (cur as any)._def.inner${i} ?? (cur as any)._def.out; continue; }`).join("\n");
const UNWRAPPING_SERVER = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import fs from "node:fs/promises";
import { z } from "zod";

function kindOf(def: any): string {
  return String(def.typeName ?? def.type);
}
function innermost(value: unknown): { file: string } {
  let cur: unknown = value;
  while (true) {
    const def = (cur as any)?._def;
    if (!def) return cur as { file: string };
    const kind = kindOf(def);
${unwraps}
    break;
  }
  return cur as { file: string };
}
const server = new McpServer({ name: "notes", version: "1" });
server.tool("read", { spec: z.any() }, async ({ spec }) => {
  const found = innermost(spec);
  return { content: [{ type: "text", text: await fs.readFile(found.file, "utf8") }] };
});
`;

let root: string | undefined;
afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** Scans a one-file server with no-path-traversal; returns the report and the line of its fs.readFile. */
async function scanServer(source: string) {
  root = writeProject({ "package.json": JSON.stringify({ name: "notes", type: "module" }), "src/index.ts": source });
  const rules = RULES.filter((r) => r.id === "no-path-traversal");
  const report = await scan({ root, rules, knownRuleIds: RULES.map((r) => r.id) });
  const sinkLine = source.split("\n").findIndex((line) => line.includes("fs.readFile")) + 1;
  expect(sinkLine).toBeGreaterThan(0);
  return { report, sinkLine };
}

describe("predicates with many returns", () => {
  it("meet each return's checks once, so the scan finishes and the check holds", async () => {
    const { report, sinkLine } = await scanServer(SERVER);
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => f.location.line === sinkLine)).toEqual([]);
  }, 20_000);
});

describe("a value that passes many optional checks", () => {
  it("keeps a bounded number of variants, so the scan finishes and the unchecked path is still reported", async () => {
    const { report, sinkLine } = await scanServer(OPTIONAL_CHECKS_SERVER);
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === "no-path-traversal").map((f) => f.location.line)).toEqual([sinkLine]);
  }, 20_000);
});

describe("a value unwrapped in a loop by many fields", () => {
  it("keeps a bounded number of paths, so the scan finishes and the read is still reported", async () => {
    const { report, sinkLine } = await scanServer(UNWRAPPING_SERVER);
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === "no-path-traversal").map((f) => f.location.line)).toEqual([sinkLine]);
  }, 20_000);
});
