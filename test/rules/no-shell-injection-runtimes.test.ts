import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/temp-project.js";

const manifest = JSON.stringify({ name: "git-tools", version: "1.0.0", type: "module", dependencies: { "@modelcontextprotocol/sdk": "^1.26.0" } });

describe("no-shell-injection through a wrapper with one launch per runtime", () => {
  it("reports a value that can start with \"-\" once, not once per launch", async () => {
    const server = `
      import { spawn } from "node:child_process";
      import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
      import { z } from "zod";
      interface BunApi { spawn(cmd: string[]): unknown }
      function spawnWithBun(args: string[]): unknown {
        return ((globalThis as unknown as { Bun: BunApi }).Bun).spawn(["git", ...args]);
      }
      function spawnWithNode(args: string[]): unknown {
        return spawn("git", args);
      }
      /** Runs git under Bun when the server runs there, else through node. */
      function git(args: string[]): unknown {
        return process.versions.bun ? spawnWithBun(args) : spawnWithNode(args);
      }
      const server = new McpServer({ name: "git-tools", version: "1.0.0" });
      server.tool("history", { branch: z.string() }, async ({ branch }) => {
        git(["log", branch]);
        return { content: [{ type: "text", text: "listed" }] };
      });
    `;
    const report = await scanFiles({ "package.json": manifest, "src/index.ts": server }, ["no-shell-injection"]);
    expect(report.findings.map((f) => `${f.messageId}:${f.location.line}`)).toEqual(["argumentInjection:18"]);
  });
});
