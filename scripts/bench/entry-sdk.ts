import { instructions, serviceImport, type Featured } from "./entry-parts.js";
import { envPrefix } from "./lib-modules.js";
import { emit, rel, type PackageContext } from "./package-context.js";
import type { Registration } from "./render-tools.js";
import { Imports, indent, pascal } from "./source.js";

/** McpServer packages: buildServer() in server, resources, prompts, and a stdio or Streamable HTTP entry. */
export function emitSdkEntry(ctx: PackageContext, registrations: readonly Registration[], featured: Featured, version: string): void {
  emitServer(ctx, registrations, version);
  emitResources(ctx, featured);
  emitPrompts(ctx, featured);
  if (ctx.http) emitHttpEntry(ctx);
  else emitStdioEntry(ctx);
}

function emitServer(ctx: PackageContext, registrations: readonly Registration[], version: string): void {
  const imports = new Imports().add("@modelcontextprotocol/sdk/server/mcp.js", "McpServer").add(rel(ctx, "./prompts"), "registerPrompts").add(rel(ctx, "./resources"), "registerResources");
  const calls: string[] = [];
  for (const r of registrations) {
    if (r.kind !== "call") continue;
    imports.add(rel(ctx, `./${r.module}`), r.name);
    calls.push(r.instance ? `new ${r.name}().register(server);` : `${r.name}(server);`);
  }
  emit(
    ctx,
    "server",
    `${imports.render(ctx.lang)}

/** A fresh server with every tool, resource and prompt registered. */
export function buildServer()«: McpServer» {
  const server = new McpServer(
    { name: "${ctx.name}", version: "${version}" },
    { instructions: ${JSON.stringify(instructions(ctx))} },
  );
${indent(calls, 1).join("\n")}
  registerResources(server);
  registerPrompts(server);
  return server;
}
`,
  );
}

function emitResources(ctx: PackageContext, { entity, service }: Featured): void {
  const imports = new Imports().add("@modelcontextprotocol/sdk/server/mcp.js", "ResourceTemplate").addType("@modelcontextprotocol/sdk/server/mcp.js", "McpServer").add(rel(ctx, "./lib/config"), "publicSettings");
  serviceImport(ctx, imports, "./", service, service.get, service.format);
  const scheme = ctx.domain.key;
  const modern = ctx.random.chance(0.6);
  const settings = modern
    ? [
        "server.registerResource(",
        '  "settings",',
        `  "${scheme}://settings",`,
        `  { title: "Settings", description: "The server's non-secret settings", mimeType: "application/json" },`,
        '  async (uri) => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(publicSettings(), null, 2) }] }),',
        ");",
      ]
    : [`server.resource("settings", "${scheme}://settings", async (uri) => ({`, '  contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(publicSettings(), null, 2) }],', "}));"];
  const template = [
    `server.${modern ? "registerResource" : "resource"}(`,
    `  "${entity.name}",`,
    `  new ResourceTemplate("${scheme}://${entity.plural}/{id}", { list: undefined }),`,
    ...(modern ? [`  { title: "${pascal(entity.name)}", description: "One ${entity.name} as text", mimeType: "text/plain" },`] : []),
    "  async (uri, { id }) => {",
    `    const record = await ${service.get}(String(id));`,
    `    return { contents: [{ uri: uri.href, mimeType: "text/plain", text: ${service.format}(record) }] };`,
    "  },",
    ");",
  ];
  emit(ctx, "resources", `${imports.render(ctx.lang)}\n\nexport function registerResources(server«: McpServer»)«: void» {\n${indent([...settings, "", ...template], 1).join("\n")}\n}\n`);
}

function emitPrompts(ctx: PackageContext, { entity }: Featured): void {
  const imports = new Imports().addType("@modelcontextprotocol/sdk/server/mcp.js", "McpServer").add("zod", "z");
  const name = `${ctx.prefix}_review_${entity.plural}`;
  const text = `\`Go through the recent ${entity.plural} of the ${ctx.domain.title} and list the ones that need attention\${focus ? \`, paying attention to \${focus}\` : ""}. Use the ${ctx.prefix} tools to read them.\``;
  const body = ctx.random.chance(0.6)
    ? [
        "server.registerPrompt(",
        `  "${name}",`,
        `  { title: "Review ${entity.plural}", description: "Review recent ${entity.plural}", argsSchema: { focus: z.string().max(200).optional() } },`,
        "  ({ focus }) => ({",
        `    messages: [{ role: "user", content: { type: "text", text: ${text} } }],`,
        "  }),",
        ");",
      ]
    : [
        `server.prompt("${name}", "Review recent ${entity.plural}", { focus: z.string().max(200).optional() }, ({ focus }) => ({`,
        `  messages: [{ role: "user", content: { type: "text", text: ${text} } }],`,
        "}));",
      ];
  emit(ctx, "prompts", `${imports.render(ctx.lang)}\n\nexport function registerPrompts(server«: McpServer»)«: void» {\n${indent(body, 1).join("\n")}\n}\n`);
}

function emitStdioEntry(ctx: PackageContext): void {
  const l = ctx.words.logger;
  emit(
    ctx,
    "index",
    `#!/usr/bin/env node
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ${l} } from "${rel(ctx, "./lib/logger")}";
import { buildServer } from "${rel(ctx, "./server")}";

async function main()«: Promise<void>» {
  const server = buildServer();
  const transport = new StdioServerTransport();
  transport.onclose = () => ${l}.info("client disconnected");
  await server.connect(transport);
  ${l}.info("serving on stdio");
}

main().catch((error«: unknown») => {
  ${l}.error("failed to start", { message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
`,
  );
}

/** Streamable HTTP behind express (TypeScript only): bearer auth, DNS-rebinding protection, loopback, a server per request. */
function emitHttpEntry(ctx: PackageContext): void {
  const l = ctx.words.logger;
  const p = envPrefix(ctx);
  ctx.deps.add("express");
  emit(
    ctx,
    "auth",
    `import { createHash, timingSafeEqual } from "node:crypto";
import { InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthTokenVerifier } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";

const configured = process.env.${p}_MCP_TOKEN;
if (!configured) throw new Error("${p}_MCP_TOKEN must be set to serve over HTTP");
const expected = digest(configured);

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Accepts the one token configured for this server, compared in constant time. */
export const verifier: OAuthTokenVerifier = {
  async verifyAccessToken(token: string): Promise<AuthInfo> {
    if (!timingSafeEqual(digest(token), expected)) throw new InvalidTokenError("unknown token");
    return { token, clientId: "${ctx.name}-client", scopes: ["mcp:tools"], expiresAt: Math.floor(Date.now() / 1000) + 3600 };
  },
};
`,
  );
  const port = 3000 + ctx.random.int(100, 899);
  emit(
    ctx,
    "index",
    `import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import express from "express";
import { verifier } from "${rel(ctx, "./auth")}";
import { ${l} } from "${rel(ctx, "./lib/logger")}";
import { buildServer } from "${rel(ctx, "./server")}";

const HOST = "127.0.0.1";
const PORT = Number(process.env.${p}_PORT ?? ${port});
const ALLOWED_HOSTS = [\`127.0.0.1:\${PORT}\`, \`localhost:\${PORT}\`];

const app = express();
app.disable("x-powered-by");
app.use(express.json({ limit: "1mb" }));

// Stateless: a new server and transport for every request, so no state is shared between clients.
app.post("/mcp", requireBearerAuth({ verifier, requiredScopes: ["mcp:tools"] }), async (req, res) => {
  const server = buildServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableDnsRebindingProtection: true, allowedHosts: ALLOWED_HOSTS });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  try {
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    ${l}.error("request failed", { message: error instanceof Error ? error.message : String(error) });
    if (!res.headersSent) res.status(500).json({ jsonrpc: "2.0", error: { code: -32603, message: "internal error" }, id: null });
  }
});

app.get("/healthz", (_req, res) => {
  res.json({ ok: true });
});

app.listen(PORT, HOST, () => ${l}.info("listening", { host: HOST, port: PORT }));
`,
  );
}
