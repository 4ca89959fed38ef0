import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/temp-project.js";

const tool = (name: string) => `
  import { execSync } from "node:child_process";
  import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
  import { z } from "zod";
  export function register${name}(server: McpServer): void {
    server.tool("${name.toLowerCase()}", { cmd: z.string() }, async ({ cmd }) => ({ content: [{ type: "text", text: execSync(\`run \${cmd}\`, { timeout: 1000 }).toString() }] }));
  }
`;

const files = {
  "package.json": JSON.stringify({ name: "graded", dependencies: { "@modelcontextprotocol/sdk": "^1.24.0", zod: "^3.24.0" } }),
  "src/server.ts": `
    import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
    import { registerTasks } from "../scripts/modules/tasks.js";
    const server = new McpServer({ name: "graded", version: "1.0.0" });
    registerTasks(server);
  `,
  "scripts/modules/tasks.ts": tool("Tasks"),
  "scripts/dev-server.ts": tool("Dev"),
  "examples/demo.ts": tool("Demo"),
  "test-client.ts": tool("Client"),
  "src/test-runner.ts": tool("Runner"),
};

describe("example and development code", () => {
  it("grades findings in it medium, unless the shipped code imports the file", async () => {
    const report = await scanFiles(files, ["no-shell-injection"]);
    const severity = (path: string) => report.findings.find((f) => f.location.path === path)?.severity;
    expect(severity("scripts/modules/tasks.ts")).toBe("critical");
    expect(severity("scripts/dev-server.ts")).toBe("medium");
    expect(severity("examples/demo.ts")).toBe("medium");
    // A test script at the package's top is run by hand; one among the sources is not a test script.
    expect(severity("test-client.ts")).toBe("medium");
    expect(severity("src/test-runner.ts")).toBe("critical");
    expect(report.findings.find((f) => f.location.path === "examples/demo.ts")?.message).toMatch(/example or development code/);
  });
});
