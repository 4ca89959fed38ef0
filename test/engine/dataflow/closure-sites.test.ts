import { describe, expect, it } from "vitest";
import { scanFiles } from "../../helpers/temp-project.js";

const manifest = JSON.stringify({ name: "many-tools", version: "1.0.0", type: "module", dependencies: { "@modelcontextprotocol/sdk": "^1.26.0" } });

/** A low-level server whose every tool goes through one validating wrapper, the last one running a shell. */
function wrappedServer(tools: number): string {
  const handlers = Array.from({ length: tools }, (_, i) =>
    i === tools - 1
      ? `const handle${i} = withValidation(z.object({ cmd: z.string() }), async ({ cmd }) => execSync(cmd).toString());`
      : `const handle${i} = withValidation(z.object({ name: z.enum(["a", "b"]) }), async ({ name }) => execSync("echo " + name).toString());`,
  );
  const cases = Array.from({ length: tools }, (_, i) => `case "tool_${i}": return { content: [{ type: "text", text: await handle${i}(args) }] };`);
  return `
    import { Server } from "@modelcontextprotocol/sdk/server/index.js";
    import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";
    import { execSync } from "node:child_process";
    import { z } from "zod";
    function withValidation<T>(schema: z.ZodType<T>, handler: (args: T) => Promise<string>) {
      return async (args: unknown) => handler(schema.parse(args));
    }
    ${handlers.join("\n    ")}
    const server = new Server({ name: "many-tools", version: "1.0.0" }, { capabilities: { tools: {} } });
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const { name, arguments: args } = request.params;
      switch (name) {
        ${cases.join("\n        ")}
      }
      throw new Error("unknown tool");
    });
  `;
}

describe("flows through a closure that many calls made", () => {
  it("keeps each call's schema apart", async () => {
    const report = await scanFiles({ "package.json": manifest, "src/index.ts": wrappedServer(3) }, ["no-shell-injection"]);
    expect(report.findings.map((f) => f.location.line)).toEqual([11]);
  });

  it("keeps them apart past the number of callers the resolver follows", async () => {
    const report = await scanFiles({ "package.json": manifest, "src/index.ts": wrappedServer(120) }, ["no-shell-injection"]);
    expect(report.findings.map((f) => f.location.line)).toEqual([9 + 119]);
  });

  it("still reports a flow when more calls made the closure than a parameter keeps flows for", async () => {
    const report = await scanFiles({ "package.json": manifest, "src/index.ts": wrappedServer(520) }, ["no-shell-injection"]);
    expect(report.findings.map((f) => f.location.line)).toContain(9 + 519);
  });
});
