import { createRule, type RuleContext } from "../src/rule-api/index.js";
import { companionServers, mcpHttpEndpoints, routeList } from "../src/rule-api/http-endpoints.js";
import { sdkBelow } from "../src/rule-api/sdk-version.js";

export default createRule({
  id: "require-dns-rebinding-protection",
  meta: {
    description: "Validate the Host and Origin headers of local MCP HTTP servers, and keep CORS closed",
    severity: "high",
    confidence: "medium",
    checklist: ["SAUTH-1", "SUPPLY-1", "ISO-2"],
    cwe: ["CWE-346", "CWE-1385", "CWE-942"],
    messages: {
      noHostValidation: "The MCP HTTP server ({{routes}}) accepts any Host and Origin header{{sdk}}: a web page the user visits can rebind its own domain to {{where}} and call the tools through the browser. Use the SDK's createMcpExpressApp() or hostHeaderValidation middleware, or enableDnsRebindingProtection with allowedHosts.",
      optOutHost: "The MCP HTTP server ({{routes}}) lets a setting turn its authentication off (`{{condition}}`) and accepts any Host and Origin header{{sdk}}: with it off, a web page the user visits can rebind its own domain to {{where}} and call the tools through the browser. Validate the Host header whatever the authentication setting: createMcpExpressApp(), hostHeaderValidation middleware, or enableDnsRebindingProtection with allowedHosts.",
      wildcardCors: "The MCP HTTP server ({{routes}}) has no authentication and allows cross-origin reads from any origin: any web page can read tool results from the user's browser. Restrict CORS origins or require a token.",
      companionCors: "This server ({{routes}}) runs beside a local MCP server with no authentication and allows cross-origin requests from any origin: any web page the user visits can read and change what it serves to the MCP server's page, extension or plugin. Allow only its own origin, or require a token.",
    },
    docs: {
      rationale:
        "A browser will send requests to 127.0.0.1 on behalf of any web page once that page rebinds its own domain name to the loopback address (DNS rebinding). Local MCP servers that do not check the Host or Origin header therefore serve any web site the user visits. SDK versions before 1.24.0 left this protection off by default (CVE-2025-66414), so servers built on them need it turned on explicitly. A wildcard CORS policy on an unauthenticated server hands tool results to every origin outright.",
      remediation:
        "Build the app with the SDK's `createMcpExpressApp()` (it validates Host headers for loopback binds), or add `hostHeaderValidation([\"localhost\", \"127.0.0.1\"])` middleware, or construct the transport with `enableDnsRebindingProtection: true` and `allowedHosts`. Upgrade @modelcontextprotocol/sdk to 1.24.0 or later. Drop `cors()` or give it an explicit origin list, and require a token.",
      examples: {
        bad: [
          'import express from "express";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
          "const app = express();",
          'app.post("/mcp", async (req, res) => {',
          '  const server = new McpServer({ name: "notes", version: "1.0.0" });',
          "  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });",
          "  await server.connect(transport);",
          "  await transport.handleRequest(req, res, req.body);",
          "});",
          'app.listen(3000, "127.0.0.1");',
        ].join("\n"),
        good: [
          'import express from "express";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
          "const app = express();",
          'app.post("/mcp", async (req, res) => {',
          '  const server = new McpServer({ name: "notes", version: "1.0.0" });',
          "  const transport = new StreamableHTTPServerTransport({",
          "    sessionIdGenerator: undefined,",
          "    enableDnsRebindingProtection: true,",
          '    allowedHosts: ["127.0.0.1:3000", "localhost:3000"],',
          "  });",
          "  await server.connect(transport);",
          "  await transport.handleRequest(req, res, req.body);",
          "});",
          'app.listen(3000, "127.0.0.1");',
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/1385.html", "https://cwe.mitre.org/data/definitions/346.html", "https://github.com/advisories/GHSA-w48q-cv73-mx4w", "https://modelcontextprotocol.io/specification/draft/basic/transports#security-warning"],
  },
  create(context) {
    return {
      "Program:exit"() {
        for (const endpoint of mcpHttpEndpoints(context)) {
          // Authentication that is off until configured, or skipped without a header, leaves the server open to rebinding.
          if (!endpoint.routes.length && !endpoint.module) continue;
          // Authentication a setting turns off leaves a loopback server to its Host check once it is off.
          if (endpoint.auth && endpoint.authOptOut && !endpoint.authOptIn && !endpoint.authSkippable) {
            if (endpoint.binding === "local" && !endpoint.hostValidation) {
              context.report({ node: endpoint.node, messageId: "optOutHost", data: { routes: endpoint.module ?? routeList(endpoint.routes), condition: endpoint.authOptOut.getText().slice(0, 60), where: "the loopback address", sdk: sdkNote(context, endpoint.node) }, severity: "medium" });
            }
            continue;
          }
          if (endpoint.auth && !endpoint.authOptIn && !endpoint.authSkippable && !endpoint.authLoopbackExempt) continue;
          const routes = endpoint.module ?? routeList(endpoint.routes);
          if (endpoint.wildcardCors) {
            context.report({ node: endpoint.wildcardCors, messageId: "wildcardCors", data: { routes } });
          }
          // A server on every interface is a remote server: it needs authentication (require-http-auth), not Host checks.
          if (endpoint.hostValidation || endpoint.binding === "all") continue;
          const where = endpoint.binding === "local" ? "the loopback address" : "the server's address";
          context.report({ node: endpoint.node, messageId: "noHostValidation", data: { routes, where, sdk: sdkNote(context, endpoint.node) }, ...(endpoint.mountedElsewhere ? { severity: "medium" as const } : {}) });
        }
        for (const companion of companionServers(context)) {
          if (companion.wildcardCors && !companion.auth) context.report({ node: companion.wildcardCors, messageId: "companionCors", data: { routes: routeList(companion.routes) }, severity: "medium" });
        }
      },
    };
  },
});

function sdkNote(context: RuleContext, node: Parameters<RuleContext["pathOf"]>[0]): string {
  const below = sdkBelow(context, context.pathOf(node), "1.24.0");
  return below ? ` (and its @modelcontextprotocol/sdk ${below} predates 1.24.0, which turned the protection on by default)` : "";
}
