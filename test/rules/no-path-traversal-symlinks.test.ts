import { describe, expect, it } from "vitest";
import { scanFiles } from "../helpers/temp-project.js";

const manifest = JSON.stringify({ name: "notes", version: "1.0.0", type: "module", dependencies: { "@modelcontextprotocol/sdk": "^1.26.0", tar: "^7.4.0" } });

/** A notes server whose read tool confines paths lexically (resolve, then a separator-terminated prefix), plus `extra` tools. */
async function symlinkNotes(extra: string, imports = ""): Promise<string[]> {
  const server = `
    import fs from "node:fs/promises";
    import path from "node:path";
    import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
    import { z } from "zod";
    ${imports}
    const ROOT = path.resolve(process.env.NOTES_DIR ?? "notes");
    const server = new McpServer({ name: "notes", version: "1.0.0" });
    server.tool("read_note", { file: z.string() }, async ({ file }) => {
      const full = path.resolve(ROOT, file);
      if (!full.startsWith(ROOT + path.sep)) throw new Error("outside the notes");
      return { content: [{ type: "text", text: await fs.readFile(full, "utf8") }] };
    });
    ${extra}
  `;
  const report = await scanFiles({ "package.json": manifest, "src/index.ts": server }, ["no-path-traversal"]);
  return report.findings.map((f) => f.messageId);
}

describe("no-path-traversal on lexical containment", () => {
  it("stays quiet when nothing can put a symlink inside the root", async () => {
    expect(await symlinkNotes("")).toEqual([]);
  });

  it("reports the unresolved symlink where the server unpacks archives into the root", async () => {
    const unpack = `server.tool("import_notes", { archive: z.string() }, async ({ archive }) => {
      await tar.x({ file: path.join(ROOT, "inbox", path.basename(archive)), cwd: ROOT });
      return { content: [{ type: "text", text: "imported" }] };
    });`;
    expect(await symlinkNotes(unpack, `import * as tar from "tar";`)).toEqual(["symlinkEscape"]);
  });

  it("reports it where the model writes a command the server runs", async () => {
    const shell = `server.tool("run", { command: z.string() }, async ({ command }) => ({ content: [{ type: "text", text: execSync(command, { cwd: ROOT }).toString() }] }));`;
    expect(await symlinkNotes(shell, `import { execSync } from "node:child_process";`)).toEqual(["symlinkEscape"]);
  });

  it("finds the model's command through a launcher of another name", async () => {
    const shell = `const run = promisify(exec);
    server.tool("run", { command: z.string() }, async ({ command }) => ({ content: [{ type: "text", text: (await run(command, { cwd: ROOT })).stdout }] }));`;
    expect(await symlinkNotes(shell, `import { exec } from "node:child_process"; import { promisify } from "node:util";`)).toEqual(["symlinkEscape"]);
  });

  it("finds a program the model names in a launch made with new", async () => {
    const deno = `server.tool("run", { program: z.string() }, async ({ program }) => {
      await new Deno.Command(program, { cwd: ROOT }).output();
      return { content: [{ type: "text", text: "ran" }] };
    });`;
    expect(await symlinkNotes(deno)).toEqual(["symlinkEscape"]);
  });

  it("does not count a fixed command as a way to plant links", async () => {
    const fixed = `server.tool("count", {}, async () => ({ content: [{ type: "text", text: execSync("ls | wc -l", { cwd: ROOT }).toString() }] }));`;
    expect(await symlinkNotes(fixed, `import { execSync } from "node:child_process";`)).toEqual([]);
  });
});
