import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/temp-project.js";

const manifest = JSON.stringify({ name: "vault", version: "1.0.0", type: "module", dependencies: { "@modelcontextprotocol/sdk": "^1.26.0", zod: "^3.24.0" } });

const server = `
  import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
  import { z } from "zod";
  const VAULT = "http://127.0.0.1:27123";
  const headers = { Authorization: \`Bearer \${process.env.VAULT_API_KEY}\` };
  const server = new McpServer({ name: "vault", version: "1.0.0" });
  server.tool("raw", { note: z.string() }, async ({ note }) => ({ content: [{ type: "text", text: await (await fetch(\`\${VAULT}/vault/\${note}\`, { headers })).text() }] }));
  server.tool("segments", { note: z.string() }, async ({ note }) => ({ content: [{ type: "text", text: await (await fetch(\`\${VAULT}/vault/\${note.split("/").map((s) => encodeURIComponent(s)).join("/")}\`, { headers })).text() }] }));
`;

describe("no-api-path-traversal on values encoded one segment at a time", () => {
  it("says the encoding leaves '..' segments, where a raw value is called unencoded", async () => {
    const report = await scanFiles({ "package.json": manifest, "src/index.ts": server }, ["no-api-path-traversal"]);
    expect(report.findings.map((f) => [f.tool, f.messageId]).sort()).toEqual([["raw", "apiPath"], ["segments", "segmentEncoded"]]);
  });
});
