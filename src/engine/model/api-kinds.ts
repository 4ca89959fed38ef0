import type { ApiRef, ValueRef } from "../resolve/value-ref.js";
import type { ValueResolver } from "../resolve/value-resolver.js";
import type { ts } from "ts-morph";

export type ApiKind =
  | "mcp-server"
  | "low-level-server"
  | "fastmcp"
  | "mcp-framework-server"
  | "mastra-server"
  | "casys-app"
  | "stdio-transport"
  | "sse-transport"
  | "streamable-http-transport"
  | "resource-template"
  | "express-app"
  | "express-router"
  | "koa-app"
  | "koa-router"
  | "hono"
  | "fastify"
  | "node-http-server"
  | "nest-app"
  | "nest-middleware-consumer"
  | "ws-server"
  | "other";

export function isMcpSdkModule(module: string): boolean {
  return module.startsWith("@modelcontextprotocol/");
}

const MCP_USE_MODULES = new Set(["mcp-use", "mcp-use/server", "@mcp-use/server"]);

/** What a library class or factory is, from its module and export name. */
const HONO_BUILDERS = new Set(["basePath", "onError", "notFound", "use", "route", "get", "post", "put", "patch", "delete", "all", "on", "options"]);

export function classifyApi(api: ApiRef): ApiKind {
  const last = api.path[api.path.length - 1] ?? "";
  if (isMcpSdkModule(api.module)) {
    if (last === "McpServer") return "mcp-server";
    if (last === "Server") return "low-level-server";
    if (last === "StdioServerTransport") return "stdio-transport";
    if (last === "SSEServerTransport") return "sse-transport";
    if (/StreamableHTTPServerTransport$|StreamableHttpServerTransport$/.test(last)) return "streamable-http-transport";
    if (last === "ResourceTemplate") return "resource-template";
    // createMcpExpressApp() returns an express app with the SDK's Host validation for loopback binds.
    if (last === "createMcpExpressApp") return "express-app";
    // createMcpHonoApp() is its hono counterpart (SDK v2).
    if (last === "createMcpHonoApp") return "hono";
    return "other";
  }
  // mcp-handler re-exports the SDK's McpServer type for the server its createMcpHandler callback receives.
  if ((api.module === "mcp-handler" || api.module === "@vercel/mcp-adapter") && last === "McpServer") return "mcp-server";
  if (api.module === "fastmcp" && last === "FastMCP") return "fastmcp";
  // tmcp's McpServer registers tools, resources and prompts as the SDK's does, with a definition object first.
  if (api.module === "tmcp" && last === "McpServer") return "mcp-server";
  // mcp-lite's McpServer registers tool(name, { description, inputSchema, handler }).
  if (api.module === "mcp-lite" && last === "McpServer") return "mcp-server";
  if (api.module === "mcp-framework" && last === "MCPServer") return "mcp-framework-server";
  // mcp-use's MCPServer (createMCPServer() before 1.0) registers on the SDK's McpServer with a definition object first.
  if (MCP_USE_MODULES.has(api.module) && (last === "MCPServer" || last === "createMCPServer" || last === "McpServerInstance")) return "mcp-server";
  // litemcp, fastmcp's forerunner: addTool({ name, parameters, execute }) and the rest as fastmcp has them.
  if (api.module === "litemcp" && last === "LiteMCP") return "fastmcp";
  // @casys/mcp-server's McpApp (ConcurrentMCPServer before) registers tools with their handlers and serves HTTP itself.
  if (api.module === "@casys/mcp-server" && (last === "McpApp" || last === "ConcurrentMCPServer")) return "casys-app";
  // Mastra's MCPServer serves the tools of its `tools` map (createTool() results or { parameters, execute } objects).
  if (api.module === "@mastra/mcp" && last === "MCPServer") return "mastra-server";
  // A parameter or field typed Express or Application holds an app that express() made.
  if (api.module === "express") return last === "Router" ? "express-router" : api.path.length === 0 || last === "Express" || last === "Application" ? "express-app" : "other";
  // polka() routes and listens like an express app, on node's request and response.
  if (api.module === "polka" && (api.path.length === 0 || last === "default")) return "express-app";
  if (api.module === "koa" && (api.path.length === 0 || last === "default" || last === "Koa")) return "koa-app";
  if ((api.module === "@koa/router" || api.module === "koa-router") && (api.path.length === 0 || last === "default" || last === "Router")) return "koa-router";
  // Frameworks built on hono re-export its class under its own name (`import type { Hono } from "@mcp-use/server"`).
  if (last === "Hono" && (api.module === "hono" || api.path.length === 1)) return "hono";
  // @hono/zod-openapi's OpenAPIHono extends Hono: the same routes, middleware and context.
  if (last === "OpenAPIHono" && api.module === "@hono/zod-openapi") return "hono";
  // new Hono().basePath("/api").onError(handler): hono's builder methods hand back the app itself.
  if (api.module === "hono" && api.path[0] === "Hono" && api.path.length > 1 && api.path.slice(1).every((p, i) => (i % 2 === 0 ? p === "#" : HONO_BUILDERS.has(p)))) return "hono";
  if (api.module === "fastify" && (api.path.length === 0 || last === "fastify" || last === "Fastify" || last === "FastifyInstance")) return "fastify";
  // NestFactory.create(AppModule) makes an HTTP app (express underneath); createApplicationContext does not.
  if (api.module === "@nestjs/core" && api.path.join(".") === "NestFactory.create") return "nest-app";
  if (api.module === "@nestjs/common" && last === "MiddlewareConsumer") return "nest-middleware-consumer";
  if ((api.module === "http" || api.module === "https" || api.module === "http2") && (last === "createServer" || last === "Server" || last === "createSecureServer")) return "node-http-server";
  // ws's WebSocketServer (also WebSocket.Server): a server that takes connections from any page unless it checks them.
  if (api.module === "ws" && (last === "WebSocketServer" || last === "Server")) return "ws-server";
  return "other";
}

/** SDK v2's createMcpHandler(factory) (a web-standard `{ fetch }` handler), its stateless fallback, and toNodeHandler(handler) that adapts one to node. */
const MCP_HTTP_HANDLERS = new Set(["createMcpHandler", "legacyStatelessFallback", "toNodeHandler"]);

/** A value one of the SDK's HTTP handler factories made: calling it (or its fetch) serves MCP. */
export function isMcpHttpHandler(ref: ValueRef): boolean {
  if (ref.kind !== "instance" || ref.of.kind !== "api") return false;
  // mcp-lite: new StreamableHttpTransport().bind(server) returns the (request) => response handler (read as the transport, as bind() is).
  if (ref.of.module === "mcp-lite") return ref.of.path[0] === "StreamableHttpTransport";
  return isMcpSdkModule(ref.of.module) && MCP_HTTP_HANDLERS.has(ref.of.path[ref.of.path.length - 1] ?? "");
}

/** SDK classes compiled from source (the SDK's own repository, vendored copies) are known by their names. */
const SDK_CLASS_NAMES: Record<string, ApiKind> = {
  McpServer: "mcp-server",
  StdioServerTransport: "stdio-transport",
  SSEServerTransport: "sse-transport",
  StreamableHTTPServerTransport: "streamable-http-transport",
  FastMCP: "fastmcp",
};

/** What a constructor or factory expression makes: a library API, or an SDK class compiled from source. */
export function constructorKind(ref: ValueRef): ApiKind | undefined {
  if (ref.kind === "api") return classifyApi(ref);
  if (ref.kind === "class") return SDK_CLASS_NAMES[ref.node.name?.text ?? ""];
  return undefined;
}

/** The kind of library object an expression holds (`new McpServer()`, `express()`, a parameter typed `McpServer`). */
export function instanceKind(expr: ts.Expression, resolver: ValueResolver): ApiKind | undefined {
  const ref = resolver.resolve(expr);
  return ref.kind === "instance" ? constructorKind(ref.of) : undefined;
}
