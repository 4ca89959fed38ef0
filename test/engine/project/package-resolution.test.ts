import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { RULES } from "../../../rules/index.js";
import { scan } from "../../../src/engine/scan.js";
import { writeProject } from "../../helpers/temp-project.js";

const rules = RULES.filter((r) => r.id === "no-shell-injection");
const tsconfig = JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@lib/*": ["src/lib/*"] } } });
const tool = (name: string, module = "@lib/run") =>
  `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nimport { z } from "zod";\nimport { run } from "${module}";\nconst server = new McpServer({ name: "${name}", version: "1" });\nserver.registerTool("run", { inputSchema: { cmd: z.string() } }, async ({ cmd }) => {\n  run(cmd);\n  return { content: [] };\n});\n`;

// The same alias means a different file in each package: each import resolves with its own package's tsconfig.
const root = writeProject({
  "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }),
  "packages/a/package.json": JSON.stringify({ name: "a" }),
  "packages/a/tsconfig.json": tsconfig,
  "packages/a/src/index.ts": tool("a"),
  "packages/a/src/lib/run.ts": 'import { exec } from "node:child_process";\nexport function run(cmd: string) {\n  exec(cmd);\n}\n',
  "packages/a/src/lib/plugin-run.ts": 'import { execSync } from "node:child_process";\nexport function run(cmd: string) {\n  execSync(cmd);\n}\n',
  // A nested package without a tsconfig of its own resolves with the innermost one above it: a's.
  "packages/a/plugins/p/package.json": JSON.stringify({ name: "p" }),
  "packages/a/plugins/p/index.ts": tool("p", "@lib/plugin-run"),
  "packages/b/package.json": JSON.stringify({ name: "b" }),
  "packages/b/tsconfig.json": tsconfig,
  "packages/b/src/index.ts": tool("b"),
  "packages/b/src/lib/run.ts": "export function run(cmd: string) {\n  return cmd.length;\n}\n",
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("imports in a monorepo", () => {
  it("resolve with the tsconfig paths of the innermost package that has a tsconfig", async () => {
    const report = await scan({ root, rules, knownRuleIds: rules.map((r) => r.id) });
    // Where each flow ends: the finding itself sits at the call into the one-line run() wrapper.
    const sinks = report.findings.map((f) => f.trace.at(-1)?.location).map((l) => `${l?.path}:${l?.line}`);
    expect([...new Set(sinks)].sort()).toEqual(["packages/a/src/lib/plugin-run.ts:3", "packages/a/src/lib/run.ts:3"]);
    expect(report.errors).toEqual([]);
  });
});
