import type { ApiRef } from "../resolve/value-ref.js";
import type { ValueResolver } from "../resolve/value-resolver.js";
import type { ts } from "ts-morph";

export type ApiKind =
  | "mcp-server"
  | "low-level-server"
  | "fastmcp"
  | "mcp-framework-server"
  | "stdio-transport"
  | "sse-transport"
  | "streamable-http-transport"
  | "resource-template"
  | "express-app"
  | "express-router"
  | "hono"
  | "fastify"
  | "node-http-server"
  | "other";

export function isMcpSdkModule(module: string): boolean {
  return module.startsWith("@modelcontextprotocol/");
}

/** What a library class or factory is, from its module and export name. */
export function classifyApi(api: ApiRef): ApiKind {
  const last = api.path[api.path.length - 1] ?? "";
  if (isMcpSdkModule(api.module)) {
    if (last === "McpServer") return "mcp-server";
    if (last === "Server") return "low-level-server";
    if (last === "StdioServerTransport") return "stdio-transport";
    if (last === "SSEServerTransport") return "sse-transport";
    if (/StreamableHTTPServerTransport$|StreamableHttpServerTransport$/.test(last)) return "streamable-http-transport";
    if (last === "ResourceTemplate") return "resource-template";
    return "other";
  }
  if (api.module === "fastmcp" && last === "FastMCP") return "fastmcp";
  if (api.module === "mcp-framework" && last === "MCPServer") return "mcp-framework-server";
  if (api.module === "express") return last === "Router" ? "express-router" : api.path.length === 0 ? "express-app" : "other";
  if (api.module === "hono" && last === "Hono") return "hono";
  if (api.module === "fastify" && (api.path.length === 0 || last === "fastify" || last === "Fastify")) return "fastify";
  if ((api.module === "http" || api.module === "https" || api.module === "http2") && (last === "createServer" || last === "Server" || last === "createSecureServer")) return "node-http-server";
  return "other";
}

/** The kind of library object an expression holds (`new McpServer()`, `express()`, a parameter typed `McpServer`). */
export function instanceKind(expr: ts.Expression, resolver: ValueResolver): ApiKind | undefined {
  const api = resolver.instanceApi(expr);
  return api ? classifyApi(api) : undefined;
}
