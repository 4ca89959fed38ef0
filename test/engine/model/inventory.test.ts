import { describe, expect, it } from "vitest";
import { scanFiles } from "../../helpers/temp-project.js";

describe("MCP model inventory", () => {
  it("reads McpServer tools, resources and prompts with schemas and annotations", async () => {
    const report = await scanFiles({
      "src/server.ts": `
        import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
        import { z } from "zod";
        const DESCRIPTION = "Search the catalogue";
        const server = new McpServer({ name: "shop", version: "2.0.0" }, { instructions: "Be brief" });
        server.tool("search", DESCRIPTION, { q: z.string().max(50), limit: z.number().optional() }, async ({ q }) => ({ content: [] }));
        server.registerTool("order", {
          title: "Place an order",
          description: "Orders an item",
          inputSchema: { sku: z.enum(["a", "b"]), qty: z.number().int() },
          annotations: { destructiveHint: true, readOnlyHint: false },
        }, async () => ({ content: [] }));
        server.tool("ping", async () => ({ content: [] }));
        server.resource("item", new ResourceTemplate("shop://items/{id}", { list: undefined }), async (uri, { id }) => ({ contents: [] }));
        server.registerPrompt("review", { description: "Review an item", argsSchema: { id: z.string() } }, ({ id }) => ({ messages: [] }));
        await server.connect(new StdioServerTransport());
      `,
    });
    const { servers, tools, resources, prompts, transports } = report.inventory;
    expect(servers).toMatchObject([{ framework: "mcp-sdk", name: "shop", version: "2.0.0", instructions: "Be brief" }]);
    expect(tools.map((t) => t.name)).toEqual(["search", "order", "ping"]);
    expect(tools[0]).toMatchObject({ description: "Search the catalogue", inputSchema: { kind: "zod", strictness: "loose" } });
    expect(tools[0]?.inputSchema.fields.map((f) => [f.name, f.type, f.optional])).toEqual([["q", "string", false], ["limit", "number", true]]);
    expect(tools[1]).toMatchObject({ title: "Place an order", annotations: { destructiveHint: true, readOnlyHint: false }, inputSchema: { strictness: "constrained" } });
    expect(tools[2]?.inputSchema.strictness).toBe("none");
    expect(resources).toMatchObject([{ name: "item", uri: "shop://items/{id}", templated: true }]);
    expect(prompts).toMatchObject([{ name: "review", description: "Review an item", arguments: ["id"] }]);
    expect(transports.map((t) => t.kind)).toEqual(["stdio"]);
  });

  it("takes a handler every fastmcp tool goes through as serving the arguments of any of them", async () => {
    const report = await scanFiles({
      "src/server.ts": `
        import { FastMCP } from "fastmcp";
        import { z } from "zod";
        function withLogging(run: (args: any) => Promise<string>) {
          return async (args: any) => run({ ...args, at: Date.now() });
        }
        const server = new FastMCP({ name: "pages", version: "1.0.0" });
        server.addTool({ name: "greet", parameters: z.object({ who: z.string() }), execute: withLogging(async (args) => "hi " + args.who) });
        server.addTool({ name: "fetch_page", parameters: z.object({ url: z.string() }), execute: withLogging(async (args) => (await fetch(args.url)).text()) });
      `,
    });
    expect(report.inventory.tools.map((t) => t.name)).toEqual(["greet", "fetch_page"]);
    expect(report.findings.filter((f) => f.ruleId === "no-ssrf").map((f) => [f.location.line, f.message.slice(0, 64)])).toEqual([[9, "`url` from arguments of a tool registered through withLogging() "]]);
  });

  it("reads the low-level Server's listed tools and its dispatch", async () => {
    const report = await scanFiles({
      "src/tools.ts": `
        export const READ = { name: "read", description: "Read a record", inputSchema: { type: "object", properties: { id: { type: "string", pattern: "^[0-9]+$" } }, required: ["id"] } };
        export const ALL = [READ, { name: "wipe", description: "Delete everything", inputSchema: { type: "object", additionalProperties: true } }];
      `,
      "src/index.ts": `
        import { Server } from "@modelcontextprotocol/sdk/server/index.js";
        import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
        import { ALL } from "./tools.js";
        const server = new Server({ name: "db", version: "1.0.0" }, { capabilities: { tools: {} } });
        server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: ALL }));
        server.setRequestHandler(CallToolRequestSchema, async (request) => {
          switch (request.params.name) {
            case "read": return { content: [] };
            case "wipe": return { content: [] };
          }
          throw new Error("unknown tool");
        });
      `,
    });
    const { tools, servers } = report.inventory;
    expect(servers).toMatchObject([{ framework: "mcp-sdk-low-level", name: "db" }]);
    expect(tools.map((t) => [t.name, t.framework, t.inputSchema.kind, t.inputSchema.strictness])).toEqual([
      ["read", "mcp-sdk-low-level", "json-schema", "constrained"],
      ["wipe", "mcp-sdk-low-level", "json-schema", "permissive"],
    ]);
    expect(tools.every((t) => t.handler?.path === "src/index.ts")).toBe(true);
  });

  it("reads fastmcp tools, resource templates, prompts and its HTTP transport", async () => {
    const report = await scanFiles({
      "server.ts": `
        import { FastMCP } from "fastmcp";
        import { z } from "zod";
        const server = new FastMCP({ name: "notes", version: "1.0.0" });
        server.addTool({ name: "add", description: "Add a note", parameters: z.object({ text: z.string() }), execute: async (args) => "ok" });
        server.addResourceTemplate({ uriTemplate: "notes://{id}", name: "Note", arguments: [{ name: "id" }], async load({ id }) { return { text: id }; } });
        server.addPrompt({ name: "summarise", arguments: [{ name: "topic" }], load: async (args) => "..." });
        server.start({ transportType: "httpStream", httpStream: { port: 8080, host: "0.0.0.0" } });
      `,
    });
    const { tools, resources, prompts, transports } = report.inventory;
    expect(tools).toMatchObject([{ name: "add", framework: "fastmcp", inputSchema: { strictness: "loose" } }]);
    expect(resources).toMatchObject([{ uri: "notes://{id}", templated: true, framework: "fastmcp" }]);
    expect(prompts).toMatchObject([{ name: "summarise", arguments: ["topic"] }]);
    expect(transports).toMatchObject([{ kind: "http-stream", listen: { host: "0.0.0.0", port: "8080" } }]);
  });

  it("reads @rekog/mcp-nest tools and prompts declared with decorators on a provider's methods", async () => {
    const report = await scanFiles({
      "src/git.tool.ts": `
        import { Injectable } from "@nestjs/common";
        import { Prompt, Tool } from "@rekog/mcp-nest";
        import { execSync } from "node:child_process";
        import { z } from "zod";

        @Injectable()
        export class GitTools {
          @Tool({ name: "git_log", description: "Shows the log of a branch", parameters: z.object({ branch: z.string() }) })
          async log({ branch }: { branch: string }) {
            return { content: [{ type: "text", text: execSync("git log " + branch, { encoding: "utf8", timeout: 5000 }) }] };
          }

          @Prompt({ name: "review", description: "Review a change" })
          review() {
            return { messages: [] };
          }

          helper() {
            return "not a tool";
          }
        }
      `,
    });
    expect(report.inventory.tools).toMatchObject([{ name: "git_log", description: "Shows the log of a branch", inputSchema: { kind: "zod" } }]);
    expect(report.inventory.prompts.map((p) => p.name)).toEqual(["review"]);
    expect(report.findings.filter((f) => f.ruleId === "no-shell-injection").map((f) => f.location.line)).toEqual([11]);
  });

  it("reads mcp-framework tool classes", async () => {
    const report = await scanFiles({
      "src/tools/Echo.ts": `
        import { MCPTool } from "mcp-framework";
        import { z } from "zod";
        class EchoTool extends MCPTool<{ message: string }> {
          name = "echo";
          description = "Echo a message";
          schema = { message: { type: z.string(), description: "What to echo" } };
          async execute(input: { message: string }) { return input.message; }
        }
        export default EchoTool;
      `,
    });
    expect(report.inventory.tools).toMatchObject([{ name: "echo", framework: "mcp-framework", description: "Echo a message" }]);
    expect(report.inventory.tools[0]?.inputSchema.fields).toMatchObject([{ name: "message", type: "string", description: "What to echo" }]);
  });

  it("reads mcp-use's tools, resources, resource templates and prompts, each declared by a definition object", async () => {
    const report = await scanFiles({
      "src/server.ts": `
        import { MCPServer, text } from "mcp-use";
        import { z } from "zod";
        const server = new MCPServer({ name: "notes", version: "2.0.0" });
        server.tool({ name: "add_note", description: "Add a note", schema: z.object({ body: z.string() }) }, async ({ body }) => text(body));
        server.resource({ name: "index", uri: "notes://index", mimeType: "text/plain" }, async () => ({ contents: [] }));
        server.resourceTemplate({ name: "note", uriTemplate: "notes://{id}" }, async (uri, params) => ({ contents: [] }));
        server.prompt({ name: "summarize", description: "Summarize a note", schema: z.object({ id: z.string() }) }, async ({ id }) => ({ messages: [] }));
      `,
    });
    expect(report.inventory.tools).toMatchObject([{ name: "add_note", description: "Add a note", inputSchema: { kind: "zod", fields: [{ name: "body" }] } }]);
    expect(report.inventory.resources).toMatchObject([
      { name: "index", uri: "notes://index", templated: false },
      { name: "note", uri: "notes://{id}", templated: true },
    ]);
    expect(report.inventory.prompts).toMatchObject([{ name: "summarize", description: "Summarize a note", arguments: ["id"] }]);
  });

  it("reads the tools of mcp-handler's createMcpHandler callback, and of helpers it hands the server to", async () => {
    const report = await scanFiles({
      "app/api/[transport]/route.ts": `
        import { createMcpHandler } from "mcp-handler";
        import { z } from "zod";
        import { registerGitTools } from "../../../lib/git-tools.js";
        import { registerSearchTools } from "../../../lib/search-tools.js";
        const handler = createMcpHandler(
          (server) => {
            server.tool("roll_dice", "Rolls a die", { sides: z.number().int().min(2) }, async ({ sides }) => ({ content: [{ type: "text", text: String(sides) }] }));
            registerGitTools(server);
            registerSearchTools(server);
          },
          { instructions: "Roll dice and read git history" },
          { basePath: "/api" },
        );
        export { handler as GET, handler as POST };
      `,
      "lib/git-tools.js": `
        import { execSync } from "node:child_process";
        import { z } from "zod";
        export function registerGitTools(server) {
          server.registerTool("git_log", { description: "Shows the log of a branch", inputSchema: { branch: z.string() } }, async ({ branch }) => ({
            content: [{ type: "text", text: execSync("git log " + branch, { encoding: "utf8", timeout: 5000 }) }],
          }));
        }
      `,
      "lib/search-tools.ts": `
        import type { McpServer } from "mcp-handler";
        export function registerSearchTools(server: McpServer) {
          server.tool("search", "Searches the docs", {}, async () => ({ content: [] }));
        }
      `,
      "legacy/route.js": `
        const { createMcpHandler } = require("@vercel/mcp-adapter");
        module.exports = createMcpHandler((server) => server.tool("echo", "Echoes", {}, async ({ text }) => ({ content: [{ type: "text", text }] })));
      `,
    });
    expect(report.inventory.servers).toMatchObject([{ framework: "mcp-sdk", instructions: "Roll dice and read git history" }, { framework: "mcp-sdk" }]);
    expect(report.inventory.tools.map((t) => t.name).sort()).toEqual(["echo", "git_log", "roll_dice", "search"]);
    expect(report.findings.filter((f) => f.ruleId === "no-shell-injection").map((f) => [f.location.path, f.location.line])).toEqual([["lib/git-tools.js", 6]]);
  });

  it("tells a schema whose only field is named like an annotation from the annotations", async () => {
    const report = await scanFiles({
      "src/server.ts": `
        import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { z } from "zod";
        const server = new McpServer({ name: "desk", version: "1.0.0" });
        server.tool("notify", { title: z.string() }, async ({ title }) => ({ content: [] }));
        server.tool("lookup", { q: z.string() }, { title: "Look up", readOnlyHint: true }, async ({ q }) => ({ content: [] }));
      `,
    });
    const tools = report.inventory.tools.map((t) => ({ name: t.name, fields: t.inputSchema.fields.map((f) => f.name), annotations: t.annotations }));
    expect(tools).toEqual([
      { name: "notify", fields: ["title"], annotations: {} },
      { name: "lookup", fields: ["q"], annotations: { title: "Look up", readOnlyHint: true } },
    ]);
  });

  it("reads one tool per definition when a table of definitions is registered in a loop", async () => {
    const report = await scanFiles({
      "src/tools.ts": `
        import { z } from "zod";
        export const TOOLS = [
          { name: "grep", description: "Search files", schema: { pattern: z.string() }, handler: async () => ({ content: [] }) },
          { name: "stat", description: "File metadata", schema: { file: z.string().max(200) }, async handler() { return { content: [] }; } },
        ];
        export const PROMPTS = { review: { description: "Review", inputSchema: { id: z.string() }, handler: async () => ({ content: [] }) } };
        abstract class Tool { abstract name: string; abstract run(args: unknown): Promise<unknown>; }
        class DiskTool extends Tool {
          name = "disk";
          description = "Disk usage";
          async run() { return { content: [] }; }
        }
        export const INSTANCES: Tool[] = [new DiskTool()];
        export const COMMANDS = { "get-type": { description: "Type schema", schema: { token: z.string() }, handler: async () => ({ content: [] }) } };
      `,
      "src/index.ts": `
        import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { COMMANDS, INSTANCES, PROMPTS, TOOLS } from "./tools.js";
        const server = new McpServer({ name: "files", version: "1.0.0" });
        for (const tool of TOOLS) server.tool(tool.name, tool.description, tool.schema, tool.handler);
        Object.values(PROMPTS).forEach((def) => server.registerTool("review", { description: def.description, inputSchema: def.inputSchema }, def.handler));
        const dynamic = loadPlugins();
        for (const plugin of dynamic) server.tool(plugin.name, plugin.description, plugin.handler);
        for (const t of INSTANCES) server.tool(t.name, t.description, t.run.bind(t));
        Object.entries(COMMANDS).forEach(([name, command]) => server.tool(name, command.description, command.schema, command.handler));
      `,
    });
    const tools = report.inventory.tools.map((t) => ({ name: t.name, description: t.description, line: t.location.line, path: t.location.path, fields: t.inputSchema.fields.map((f) => f.name) }));
    expect(tools).toEqual([
      { name: "grep", description: "Search files", path: "src/tools.ts", line: 4, fields: ["pattern"] },
      { name: "stat", description: "File metadata", path: "src/tools.ts", line: 5, fields: ["file"] },
      { name: "review", description: "Review", path: "src/tools.ts", line: 7, fields: ["id"] },
      // Definitions the code does not show stay one registration with nothing known.
      { name: null, description: null, path: "src/index.ts", line: 8, fields: [] },
      { name: "disk", description: "Disk usage", path: "src/tools.ts", line: 9, fields: [] },
      // A table's key names the tool its value defines.
      { name: "get-type", description: "Type schema", path: "src/tools.ts", line: 15, fields: ["token"] },
    ]);
  });

  it("reads one tool per subclass when a base class registers this.execute.bind(this)", async () => {
    const report = await scanFiles({
      "src/base.ts": `
        import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { z } from "zod";
        export abstract class BaseTool {
          abstract name: string;
          abstract description: string;
          abstract schema: z.ZodObject<any>;
          register(server: McpServer) {
            server.tool(this.name, this.description, this.schema.shape, this.execute.bind(this));
          }
          abstract execute(args: unknown): Promise<{ content: [] }>;
        }
      `,
      "src/tools.ts": `
        import { z } from "zod";
        import { BaseTool } from "./base.js";
        export class LinkTool extends BaseTool {
          name = "get_link";
          description = "Fetch a documentation link";
          schema = z.object({ url: z.string() });
          async execute({ url }: { url: string }) { return { content: [] as [] }; }
        }
        export class MetaTool extends BaseTool {
          get name() { return "get_meta"; }
          description = "Read file metadata";
          schema = z.object({ fileId: z.string(), layerId: z.string().optional() });
          execute = async ({ fileId }: { fileId: string }) => ({ content: [] as [] });
        }
      `,
      "src/index.ts": `
        import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { LinkTool, MetaTool } from "./tools.js";
        const server = new McpServer({ name: "design", version: "1.0.0" });
        new LinkTool().register(server);
        new MetaTool().register(server);
      `,
    });
    const tools = report.inventory.tools.map((t) => ({ name: t.name, description: t.description, path: t.location.path, line: t.location.line, fields: t.inputSchema.fields.map((f) => f.name) }));
    expect(tools).toEqual([
      { name: "get_link", description: "Fetch a documentation link", path: "src/tools.ts", line: 4, fields: ["url"] },
      { name: "get_meta", description: "Read file metadata", path: "src/tools.ts", line: 10, fields: ["fileId", "layerId"] },
    ]);
  });

  it("keeps each subclass's own execute as its handler when the base registers a shared method that calls it", async () => {
    const report = await scanFiles({
      "src/base.ts": `
        import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        import type { z } from "zod";
        export abstract class ToolBase {
          abstract name: string;
          abstract argsShape: z.ZodRawShape;
          register(server: McpServer) {
            server.registerTool(this.name, { inputSchema: this.argsShape }, this.invoke.bind(this));
          }
          private async invoke(args: unknown) {
            try { return await this.execute(args); } catch { return { content: [], isError: true }; }
          }
          protected abstract execute(args: unknown): Promise<{ content: [] }>;
        }
      `,
      "src/tools.ts": `
        import { execFile } from "node:child_process";
        import { z } from "zod";
        import { ToolBase } from "./base.js";
        export class ListTool extends ToolBase {
          name = "list";
          argsShape = { dir: z.string() };
          protected async execute() { execFile("ls", []); return { content: [] as [] }; }
        }
        export class PingTool extends ToolBase {
          name = "ping";
          argsShape = {};
          protected async execute() { await fetch("https://example.com/health"); return { content: [] as [] }; }
        }
      `,
      "src/index.ts": `
        import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { ListTool, PingTool } from "./tools.js";
        const server = new McpServer({ name: "x", version: "1" });
        for (const tool of [new ListTool(), new PingTool()]) tool.register(server);
      `,
    });
    expect(report.inventory.tools.map((t) => [t.name, t.capabilities])).toEqual([
      ["list", ["exec"]],
      ["ping", ["network"]],
    ]);
  });

  it("ties a Streamable HTTP transport to the express app that listens for it", async () => {
    const report = await scanFiles({
      "src/http.ts": `
        import express from "express";
        import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
        import { requireAuth } from "./auth.js";
        const app = express();
        app.post("/mcp", requireAuth, async (req, res) => {
          const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableDnsRebindingProtection: true });
          await transport.handleRequest(req, res, req.body);
        });
        app.listen(3000, "127.0.0.1");
      `,
      "src/auth.ts": `export function requireAuth(req: any, res: any, next: any) { next(); }`,
    });
    expect(report.inventory.transports).toMatchObject([
      { kind: "streamable-http", options: { enableDnsRebindingProtection: "true" }, listen: { host: "127.0.0.1", port: "3000" }, middleware: ["requireAuth"] },
    ]);
  });

  it("takes the handler a shared wrapper hands each request to as that registration's handler", async () => {
    const report = await scanFiles({
      "src/index.ts": `
        import { Server } from "@modelcontextprotocol/sdk/server/index.js";
        import { CallToolRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema } from "@modelcontextprotocol/sdk/types.js";
        import { execFile } from "node:child_process";
        import { readFile } from "node:fs/promises";
        function withLogging<T, R>(name: string, handler: (request: T) => Promise<R>): (request: T) => Promise<R> {
          return async (request: T) => {
            console.error(name);
            return handler(request);
          };
        }
        const server = new Server({ name: "ops", version: "1.0.0" }, { capabilities: { tools: {}, resources: {} } });
        server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: "uptime", description: "Show the uptime", inputSchema: { type: "object" } }] }));
        server.setRequestHandler(ReadResourceRequestSchema, withLogging("read", async (request) => ({ contents: [{ uri: request.params.uri, text: await readFile(request.params.uri, "utf8") }] })));
        server.setRequestHandler(CallToolRequestSchema, withLogging("call", async (request) => {
          switch (request.params.name) {
            case "uptime": execFile("uptime", []); return { content: [] };
          }
          throw new Error("unknown tool");
        }));
      `,
    });
    expect(report.inventory.tools.map((t) => [t.name, t.capabilities, t.handler?.line])).toEqual([["uptime", ["exec"], 17]]);
  });

  it("reads each tool once when a McpServer subclass overrides tool() and hands its arguments to super", async () => {
    const report = await scanFiles({
      "src/server.ts": `
        import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { z } from "zod";
        class CountingServer extends McpServer {
          count = 0;
          tool(...args: any[]): any {
            this.count++;
            return (super.tool as any)(...args);
          }
        }
        class LoggingServer extends McpServer {
          registerTool(name: string, config: any, cb: any): any {
            console.error("tool", name);
            return super.registerTool(name, config, cb);
          }
        }
        const counting = new CountingServer({ name: "a", version: "1.0.0" });
        counting.tool("lookup", "Look a word up", { word: z.string() }, async ({ word }) => ({ content: [] }));
        const logging = new LoggingServer({ name: "b", version: "1.0.0" });
        logging.registerTool("define", { inputSchema: { word: z.string() } }, async ({ word }) => ({ content: [] }));
      `,
    });
    expect(report.inventory.tools.map((t) => t.name)).toEqual(["lookup", "define"]);
  });

  it("derives each tool's capabilities from the APIs its handler reaches", async () => {
    const report = await scanFiles({
      "src/lib.ts": `import { writeFile } from "node:fs/promises"; export async function save(p: string) { await writeFile(p, "x"); }`,
      "src/index.ts": `
        import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
        import { execFile } from "node:child_process";
        import { save } from "./lib.js";
        import { z } from "zod";
        const server = new McpServer({ name: "x", version: "1" });
        server.tool("a", { p: z.string() }, async ({ p }) => { await save(p); await fetch("https://example.com"); return { content: [] }; });
        server.tool("b", {}, async () => { execFile("ls", []); return { content: [] }; });
      `,
    });
    expect(report.inventory.tools.map((t) => [t.name, t.capabilities])).toEqual([
      ["a", ["fs-write", "network"]],
      ["b", ["exec"]],
    ]);
  });
});
