import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/temp-project.js";

const manifestFor = (range: string) => JSON.stringify({ name: "files", version: "1.0.0", type: "module", dependencies: { "@modelcontextprotocol/sdk": range, express: "^5.0.0" } });
const manifest = manifestFor("^1.12.0");
const lockfile = JSON.stringify({
  name: "files",
  lockfileVersion: 3,
  packages: { "": { name: "files", dependencies: { "@modelcontextprotocol/sdk": "^1.12.0" } }, "node_modules/@modelcontextprotocol/sdk": { version: "1.12.0" } },
});

async function severityOf(server: string): Promise<string[]> {
  const report = await scanFiles({ "package.json": manifest, "package-lock.json": lockfile, "src/index.ts": server }, ["require-patched-mcp-sdk"]);
  return report.findings.map((f) => f.severity);
}

const httpServer = `
  import express from "express";
  import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
  import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
  const app = express();
  app.post("/mcp", async (req, res) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await new McpServer({ name: "files", version: "1.0.0" }).connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  app.listen(3000, "127.0.0.1");
`;

describe("require-patched-mcp-sdk without a lockfile", () => {
  async function findingsFor(range: string) {
    const report = await scanFiles({ "package.json": manifestFor(range), "src/index.ts": httpServer }, ["require-patched-mcp-sdk"]);
    return report.findings.map((f) => ({ severity: f.severity, messageId: f.messageId }));
  }

  it("is low when the newest release the range allows has every fix", async () => {
    expect(await findingsFor("^1.12.0")).toEqual([{ severity: "low", messageId: "rangeAdmitsVulnerable" }]);
  });

  it("is graded by the surface when no release the range allows has the fix", async () => {
    expect(await findingsFor("~1.12.0")).toEqual([{ severity: "high", messageId: "vulnerableRange" }]);
  });

  it("grades only the fixes the range cannot reach", async () => {
    expect(await findingsFor(">=1.24.0 <1.26.0")).toEqual([{ severity: "medium", messageId: "vulnerableRange" }]);
  });
});

describe("require-patched-mcp-sdk severity", () => {
  it("is high when the package serves MCP over the SDK's HTTP transport", async () => {
    expect(await severityOf(httpServer)).toEqual(["high"]);
  });

  it("is medium for a stdio server with a resource template, which only the ReDoS reaches", async () => {
    expect(
      await severityOf(`
        import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
        const server = new McpServer({ name: "files", version: "1.0.0" });
        server.resource("file", new ResourceTemplate("file:///{path}", { list: undefined }), async (uri) => ({ contents: [] }));
        await server.connect(new StdioServerTransport());
      `),
    ).toEqual(["medium"]);
  });

  it("is low for a stdio server without resource templates, which none of the advisories reach", async () => {
    expect(
      await severityOf(`
        import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
        const server = new McpServer({ name: "files", version: "1.0.0" });
        server.tool("ping", async () => ({ content: [] }));
        await server.connect(new StdioServerTransport());
      `),
    ).toEqual(["low"]);
  });
});
