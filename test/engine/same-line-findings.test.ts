import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/temp-project.js";

const manifest = JSON.stringify({ name: "files", version: "1.0.0", type: "module", dependencies: { "@modelcontextprotocol/sdk": "^1.26.0" } });

function server(line: string): string {
  return `
    import fs from "node:fs";
    import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
    import { z } from "zod";
    const server = new McpServer({ name: "files", version: "1.0.0" });
    server.tool("read", { file: z.string(), other: z.string(), raw: z.boolean() }, async ({ file, other, raw }) => {
      ${line}
      return { content: [{ type: "text", text: String(text) }] };
    });
  `;
}

describe("findings on one line", () => {
  it("reports two sinks of the same flow on one line once", async () => {
    const report = await scanFiles({ "package.json": manifest, "src/index.ts": server(`const text = raw ? fs.readFileSync(file) : fs.readFileSync(file, "utf8");`) }, ["no-path-traversal"]);
    expect(report.findings.map((f) => `${f.location.line} ${f.ruleId}`)).toEqual(["7 no-path-traversal"]);
  });

  it("keeps findings on one line that say different things", async () => {
    const report = await scanFiles({ "package.json": manifest, "src/index.ts": server(`const text = raw ? fs.readFileSync(file) : fs.readFileSync(other, "utf8");`) }, ["no-path-traversal"]);
    expect(report.findings.map((f) => f.message.match(/`(\w+)`/)?.[1]).sort()).toEqual(["file", "other"]);
  });
});
