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

let root: string | undefined;
afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("predicates with many returns", () => {
  it("meet each return's checks once, so the scan finishes and the check holds", async () => {
    root = writeProject({ "package.json": JSON.stringify({ name: "notes", type: "module" }), "src/index.ts": SERVER });
    const rules = RULES.filter((r) => r.id === "no-path-traversal");
    const report = await scan({ root, rules, knownRuleIds: RULES.map((r) => r.id) });
    expect(report.errors).toEqual([]);
    const sinkLine = SERVER.split("\n").findIndex((line) => line.includes("fs.readFile")) + 1;
    expect(sinkLine).toBeGreaterThan(0);
    expect(report.findings.filter((f) => f.location.line === sinkLine)).toEqual([]);
  }, 20_000);
});
