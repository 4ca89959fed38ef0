import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/temp-project.js";

const manifest = JSON.stringify({ name: "files", version: "1.0.0", type: "module", dependencies: { "@modelcontextprotocol/sdk": "^1.26.0" } });

async function messagesFor(openCall: string): Promise<string[]> {
  const server = `
    import fs from "node:fs";
    import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
    import { z } from "zod";
    const server = new McpServer({ name: "files", version: "1.0.0" });
    server.tool("touch", { file: z.string() }, async ({ file }) => {
      const fd = ${openCall};
      fs.closeSync(fd);
      return { content: [{ type: "text", text: "done" }] };
    });
  `;
  const report = await scanFiles({ "package.json": manifest, "src/index.ts": server }, ["no-path-traversal"]);
  return report.findings.map((f) => f.message);
}

describe("no-path-traversal on fs.open", () => {
  it("says a file opened with write flags can be overwritten", async () => {
    const [constants] = await messagesFor("fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC)");
    expect(constants).toMatch(/overwrite any file/);
    const [letters] = await messagesFor(`fs.openSync(file, "a+")`);
    expect(letters).toMatch(/overwrite any file/);
  });

  it("says a file opened for reading can be read", async () => {
    const [message] = await messagesFor(`fs.openSync(file, "r")`);
    expect(message).toMatch(/read any file/);
  });
});

/** Messages for a call given the model's `from` and a fixed destination, or a fixed source and the model's `to`. */
async function twoPathMessages(call: string): Promise<string[]> {
  const server = `
    import fs from "node:fs/promises";
    import fse from "fs-extra";
    import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
    import { z } from "zod";
    const server = new McpServer({ name: "files", version: "1.0.0" });
    server.tool("transfer", { from: z.string(), to: z.string() }, async ({ from, to }) => {
      await ${call};
      return { content: [{ type: "text", text: "done" }] };
    });
  `;
  const report = await scanFiles({ "package.json": manifest, "src/index.ts": server }, ["no-path-traversal"]);
  return report.findings.map((f) => f.message);
}

describe("no-path-traversal on calls with a source and a destination", () => {
  it("says a copy's source can be read and its destination overwritten", async () => {
    for (const copy of ["fs.copyFile", "fs.cp", "fse.copy"]) {
      const [source] = await twoPathMessages(`${copy}(from, "/srv/inbox/staged")`);
      expect(source).toMatch(/\(read\) .* read any file/);
      const [destination] = await twoPathMessages(`${copy}("/srv/outbox/report.txt", to)`);
      expect(destination).toMatch(/\(write\) .* overwrite any file/);
    }
  });

  it("says a rename's source can be moved away", async () => {
    for (const move of ["fs.rename", "fse.move"]) {
      const [source] = await twoPathMessages(`${move}(from, "/srv/inbox/staged")`);
      expect(source).toMatch(/\(move\) .* move away \(read and delete\) any file/);
    }
  });
});

describe("no-path-traversal when the model picks only the folder", () => {
  it("says the server names the file when a table it holds gives the name", async () => {
    const server = `
      import fs from "node:fs";
      import path from "node:path";
      import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
      import { z } from "zod";
      const profiles: Record<string, { settings: string }> = { cursor: { settings: path.join(".cursor", "mcp.json") } };
      const server = new McpServer({ name: "files", version: "1.0.0" });
      server.tool("install", { root: z.string(), editor: z.string() }, async ({ root, editor }) => {
        fs.writeFileSync(path.join(root, profiles[editor]!.settings), "{}");
        for (const entry of fs.readdirSync(root)) fs.unlinkSync(path.join(root, entry));
        return { content: [{ type: "text", text: "done" }] };
      });
    `;
    const report = await scanFiles({ "package.json": manifest, "src/index.ts": server }, ["no-path-traversal"]);
    expect(report.findings.map((f) => [f.location.line, f.messageId, f.severity]).sort()).toEqual([[10, "unchecked", "high"], [10, "unchecked", "high"], [9, "uncheckedCodeNamed", "medium"]]);
  });

  it("says the server names the file when its name is only values and a dot", async () => {
    const server = `
      import fs from "node:fs";
      import path from "node:path";
      import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
      import { z } from "zod";
      const server = new McpServer({ name: "files", version: "1.0.0" });
      server.tool("render", { root: z.string(), format: z.enum(["png", "jpg"]) }, async ({ root, format }) => {
        fs.writeFileSync(path.join(root, \`\${Date.now()}.\${format}\`), "");
        fs.writeFileSync(path.join(root, \`render-\${Date.now()}.\${format}\`), "");
        return { content: [{ type: "text", text: "done" }] };
      });
    `;
    const report = await scanFiles({ "package.json": manifest, "src/index.ts": server }, ["no-path-traversal"]);
    expect(report.findings.map((f) => [f.location.line, f.messageId, f.severity]).sort()).toEqual([[8, "uncheckedCodeNamed", "medium"], [9, "uncheckedNamed", "medium"]]);
  });
});
