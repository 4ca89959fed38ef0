import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { RULES } from "../../../rules/index.js";
import { scan } from "../../../src/engine/scan.js";
import { writeProject } from "../../helpers/temp-project.js";

const CHECKS = 22;
// Each step may or may not run, and each read of `out` sees every assignment: 2^22 ways to have passed the checks.
const predicates = Array.from({ length: CHECKS }, (_, i) => `function looksLike${i}(v: string): boolean { return v.includes("${i}"); }`).join("\n");
const steps = Array.from({ length: CHECKS }, (_, i) => `  if (looksLike${i}(out)) out = out.trim();`).join("\n");
const SERVER = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
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

let root: string | undefined;
afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("a value that passes many optional checks", () => {
  it("keeps a bounded number of variants, so the scan finishes and the unchecked path is still reported", async () => {
    root = writeProject({ "package.json": JSON.stringify({ name: "notes", type: "module" }), "src/index.ts": SERVER });
    const rules = RULES.filter((r) => r.id === "no-path-traversal");
    const report = await scan({ root, rules, knownRuleIds: RULES.map((r) => r.id) });
    expect(report.errors).toEqual([]);
    const sinkLine = SERVER.split("\n").findIndex((line) => line.includes("fs.readFile")) + 1;
    expect(report.findings.filter((f) => f.ruleId === "no-path-traversal").map((f) => f.location.line)).toEqual([sinkLine]);
  }, 20_000);
});
