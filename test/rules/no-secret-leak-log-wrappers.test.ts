import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/temp-project.js";

const manifest = JSON.stringify({ name: "warehouse", version: "1.0.0", type: "module", dependencies: { "@modelcontextprotocol/sdk": "^1.26.0" } });

const server = `
  import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
  class Client {
    private key = process.env.WAREHOUSE_API_KEY;
    private log(level: string, message: string): void {
      console.error(JSON.stringify({ level, message }));
    }
    private logDebug(message: string): void {
      this.log("debug", message);
    }
    run(): void {
      this.logDebug(\`key \${this.key}\`);
    }
  }
  const server = new McpServer({ name: "warehouse", version: "1.0.0" });
  server.tool("run", async () => {
    new Client().run();
    return { content: [{ type: "text", text: "done" }] };
  });
`;

describe("no-secret-leak through nested logging methods", () => {
  it("reports the secret once, at the call that hands it to the outer wrapper", async () => {
    const report = await scanFiles({ "package.json": manifest, "src/index.ts": server }, ["no-secret-leak"]);
    expect(report.findings.map((f) => [f.location.line, f.message.includes("(logDebug())")])).toEqual([[12, true]]);
  });
});
