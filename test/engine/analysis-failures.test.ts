import { afterEach, describe, expect, it, vi } from "vitest";
import { ts } from "../../src/rule-api/ts.js";
import { ValueResolver } from "../../src/engine/resolve/value-resolver.js";
import { scanFiles } from "../helpers/temp-project.js";

const server = (name: string) => `
  import { execSync } from "node:child_process";
  import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
  import { z } from "zod";
  const server = new McpServer({ name: "${name}", version: "1.0.0" });
  server.tool("${name}_run", { cmd: z.string() }, async ({ cmd }) => ({ content: [{ type: "text", text: execSync(\`run \${cmd}\`, { timeout: 1000 }).toString() }] }));
`;
const files = { "src/good.ts": server("good"), "src/bad.ts": server("bad") };
const inBadFile = (node: ts.Node) => node.getSourceFile().fileName.endsWith("/src/bad.ts");

describe("an analysis step that fails on one file", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reports the file reading the model failed on and scans the rest", async () => {
    const resolve = ValueResolver.prototype.resolve;
    vi.spyOn(ValueResolver.prototype, "resolve").mockImplementation(function (this: ValueResolver, expr: ts.Expression) {
      if (inBadFile(expr)) throw new RangeError("Maximum call stack size exceeded");
      return resolve.call(this, expr);
    });
    const report = await scanFiles(files, ["no-shell-injection"]);
    expect(report.errors).toContainEqual(expect.objectContaining({ kind: "internal", path: "src/bad.ts", message: expect.stringMatching(/^reading the MCP model failed here, the rest was analysed: Maximum call stack/) }));
    expect(report.findings.map((f) => `${f.ruleId} ${f.location.path}`)).toContain("no-shell-injection src/good.ts");
  });

  it("reports the function following the data flow failed in and follows the rest", async () => {
    const calleeFunctions = ValueResolver.prototype.calleeFunctions;
    vi.spyOn(ValueResolver.prototype, "calleeFunctions").mockImplementation(function (this: ValueResolver, call: ts.CallExpression | ts.NewExpression) {
      // Only while the engine passes facts on, so the model and the rules still read the file.
      if (inBadFile(call) && new Error().stack?.includes("TaintEngine.propagate")) throw new RangeError("Maximum call stack size exceeded");
      return calleeFunctions.call(this, call);
    });
    const report = await scanFiles(files, ["no-shell-injection"]);
    expect(report.errors).toContainEqual(expect.objectContaining({ kind: "internal", path: "src/bad.ts", message: expect.stringMatching(/^following the data flow failed here/) }));
    expect(report.findings.map((f) => `${f.ruleId} ${f.location.path}`)).toContain("no-shell-injection src/good.ts");
  });
});
