#!/usr/bin/env node
// A notes server with the flaws mcp-warden looks for. Each one is marked with what is wrong.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
import { NOTES_DIR, readNote, saveNote } from "./tools/notes.js";
import { runGit } from "./tools/git.js";
import { fetchPage } from "./tools/web.js";

const server = new McpServer({ name: "notes", version: "0.3.0" });

// Flaw: the commit-ish goes into a shell command line (see tools/git.ts).
server.tool("git_history", "Show the git history of the notes folder", { ref: z.string().describe("branch or commit") }, async ({ ref }) => {
  const log = await runGit(ref);
  return { content: [{ type: "text", text: log }] };
});

// Flaw: the containment check in tools/notes.ts is a bare prefix test.
server.tool("read_note", "Read a note by its file name", { name: z.string() }, async ({ name }) => ({
  content: [{ type: "text", text: await readNote(name) }],
}));

// Safe: the title is reduced to a file name before it touches the disk.
server.tool("save_note", "Save a note", { title: z.string().max(80), body: z.string() }, async ({ title, body }) => {
  await saveNote(title, body);
  return { content: [{ type: "text", text: `saved in ${NOTES_DIR}` }] };
});

// Flaw: any URL, any host (see tools/web.ts).
server.registerTool(
  "clip_page",
  { description: "Save a web page as a note", inputSchema: { url: z.string().url() } },
  async ({ url }) => ({ content: [{ type: "text", text: await fetchPage(url) }] }),
);

// Flaw: the expression is evaluated as JavaScript.
server.tool("calculate", "Evaluate an arithmetic expression", { expression: z.string() }, async ({ expression }) => ({
  content: [{ type: "text", text: String(eval(expression)) }],
}));

// Safe: only known units, and numbers.
server.tool("convert", "Convert a length", { value: z.number(), unit: z.enum(["cm", "in"]) }, async ({ value, unit }) => ({
  content: [{ type: "text", text: unit === "cm" ? `${value / 2.54} in` : `${value * 2.54} cm` }],
}));

await server.connect(new StdioServerTransport());
