import { createRule, enclosingFunction, ts, type RuleContext } from "../src/rule-api/index.js";
import { companionServers, mcpHttpEndpoints, routeList, type McpHttpEndpoint } from "../src/rule-api/http-endpoints.js";

export default createRule({
  id: "require-http-auth",
  meta: {
    description: "Authenticate every HTTP route that hands requests to an MCP transport, and keep the servers a local MCP server starts beside it off the network",
    severity: "high",
    confidence: "medium",
    checklist: ["SAUTH-1", "CAUTH-1", "ISO-2"],
    cwe: ["CWE-306"],
    messages: {
      missingAuth: "The MCP HTTP server ({{routes}}) has no authentication on its routes and listens on {{where}}: {{who}} can list and call every tool. Add bearer-token auth (the SDK's requireBearerAuth, or a check of the Authorization header that answers 401).",
      optInAuth: "The MCP HTTP server ({{routes}}) checks credentials only once they are configured and listens on {{where}}: with the default settings, {{who}} can list and call every tool. Refuse to serve without configured credentials, or bind 127.0.0.1 unless they are set.",
      optOutAuth: "The MCP HTTP server ({{routes}}) lets a setting turn its authentication off (`{{condition}}`) and listens on {{where}}: with it off, {{who}} can list and call every tool. Keep authentication on whenever the server leaves loopback: refuse to start without it, or bind 127.0.0.1 when it is off.",
      skippableAuth: "The MCP HTTP server ({{routes}}) checks credentials only when a request brings them and listens on {{where}}: a request with no Authorization header is let through, so {{who}} can list and call every tool. Refuse requests that carry no credential.",
      loopbackExempt: "The MCP HTTP server ({{routes}}) skips its credential check for connections from the loopback address and listens on {{where}}: every process on this machine, a web page through DNS rebinding, and every request a tunnel or reverse proxy here relays arrive from loopback, so they can list and call every tool without a credential. Check the credential on every connection.",
      openCompanion: "This server ({{routes}}) runs beside a local MCP server but listens on {{where}} with no authentication: anyone on the same network can use what it serves to the MCP server's browser page, extension or plugin, and feed the tools what they read from it. Bind it to 127.0.0.1 and require a token the MCP server hands its client.",
      missingAuthFramework: "This {{framework}} HTTP transport has no authenticate/oauth option and listens on {{where}}: {{who}} can list and call every tool. Configure authentication for the transport.",
    },
    docs: {
      rationale:
        "An MCP server reached over HTTP runs its tools for whoever sends a request. Without authentication any process that can reach the port — other users of the machine, the local network when it binds all interfaces, or a web page through DNS rebinding — calls the tools with the server's credentials. The MCP Inspector proxy shipped exactly this (CVE-2025-49596): unauthenticated routes that launched commands, bound to all interfaces. Authentication that only runs once keys are configured leaves the default install just as open. A local MCP server's companion servers (the page a browser draws in, the socket an editor plugin or browser extension connects to) carry what the tools read and do: bound to every interface without a token, they hand that to the whole network.",
      remediation:
        "Put authentication in front of every MCP route: the SDK's `requireBearerAuth({ verifier })` with an OAuth provider, or a middleware that compares the Authorization header with a secret token and answers 401. For fastmcp, pass `authenticate` (or `oauth`) to `new FastMCP`. Bind local servers, and the servers they start beside them, to 127.0.0.1.",
      examples: {
        bad: [
          'import express from "express";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
          "const app = express();",
          "app.use(express.json());",
          'app.post("/mcp", async (req, res) => {',
          '  const server = new McpServer({ name: "files", version: "1.0.0" });',
          "  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });",
          "  await server.connect(transport);",
          "  await transport.handleRequest(req, res, req.body);",
          "});",
          "app.listen(3000);",
        ].join("\n"),
        good: [
          'import express from "express";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
          'import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";',
          'import { verifier } from "./auth.js";',
          "const app = express();",
          "app.use(express.json());",
          'app.post("/mcp", requireBearerAuth({ verifier }), async (req, res) => {',
          '  const server = new McpServer({ name: "files", version: "1.0.0" });',
          "  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });",
          "  await server.connect(transport);",
          "  await transport.handleRequest(req, res, req.body);",
          "});",
          'app.listen(3000, "127.0.0.1");',
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/306.html", "https://modelcontextprotocol.io/specification/draft/basic/authorization", "https://github.com/advisories/GHSA-7f8r-222p-6f5g"],
  },
  create(context) {
    return {
      "Program:exit"() {
        for (const endpoint of mcpHttpEndpoints(context)) {
          // Authentication that is off until configured protects nothing in a default install beyond loopback.
          // A server that refuses to start off loopback without credentials is open only where the rebinding rule looks.
          const optIn = !!endpoint.auth && !!endpoint.authOptIn && !endpoint.authSkippable && endpoint.binding !== "local" && !(endpoint.listen && refusesRemoteWhenOpen(endpoint.listen.node, context));
          // On by default but a setting turns it off: worth knowing off loopback, not a default-install hole.
          if (endpoint.auth && endpoint.authOptOut && !optIn && !endpoint.authSkippable && endpoint.binding !== "local" && !(endpoint.listen && refusesRemoteWhenOpen(endpoint.listen.node, context))) {
            const where = describeBinding(endpoint);
            const who = endpoint.binding === "all" ? "anyone who can reach the machine" : "anyone who can reach the port";
            context.report({ node: endpoint.node, messageId: "optOutAuth", data: { routes: endpoint.module ?? routeList(endpoint.routes), condition: endpoint.authOptOut.getText().slice(0, 60), where, who }, severity: "medium" });
            continue;
          }
          if (endpoint.auth && endpoint.authLoopbackExempt && !optIn && !endpoint.authSkippable) {
            context.report({ node: endpoint.node, messageId: "loopbackExempt", data: { routes: endpoint.module ?? routeList(endpoint.routes), where: describeBinding(endpoint) }, severity: "medium" });
            continue;
          }
          if (endpoint.auth && !optIn && !endpoint.authSkippable) continue;
          // On loopback with the Host header checked no web page can reach it, only processes on the machine, which can start a stdio server just as well.
          if (endpoint.binding === "local" && endpoint.hostValidation && !optIn && !endpoint.mountedElsewhere) continue;
          const where = describeBinding(endpoint);
          const severity = endpoint.mountedElsewhere ? "medium" : optIn ? (endpoint.binding === "all" ? "high" : "medium") : endpoint.binding === "all" ? "critical" : endpoint.binding === "local" ? "medium" : "high";
          const who = endpoint.binding === "all" ? "anyone who can reach the machine" : endpoint.binding === "local" ? "any local process, or a web page through DNS rebinding" : "anyone who can reach the port";
          if (endpoint.routes.length || endpoint.module) {
            const routes = endpoint.module ?? routeList(endpoint.routes);
            context.report({ node: optIn && endpoint.authOpening ? endpoint.authOpening : endpoint.node, messageId: endpoint.authSkippable ? "skippableAuth" : optIn ? "optInAuth" : "missingAuth", data: { routes, where, who }, severity, ...(endpoint.listen ? { trace: [context.step(endpoint.listen.node, "step", `listens on ${where}`)] } : {}) });
          } else {
            const framework = endpoint.framework ?? "MCP framework";
            context.report({ node: endpoint.node, messageId: "missingAuthFramework", data: { framework, where, who }, severity });
          }
        }
        for (const companion of companionServers(context)) {
          if (companion.auth || companion.binding !== "all") continue;
          context.report({ node: companion.node, messageId: "openCompanion", data: { routes: routeList(companion.routes), where: describeBinding(companion) }, severity: "medium" });
        }
      },
    };
  },
});

/**
 * `if (!isLoopback(host) && !token) process.exit(1)` before the listen call: in the function that makes it, in a
 * helper it calls first (`refuseOpenBind(host)`), or before every call of that function (two levels up).
 */
function refusesRemoteWhenOpen(listen: ts.Node, context: RuleContext, depth = 0): boolean {
  const fn = enclosingFunction(listen);
  const statements = fn?.body && ts.isBlock(fn.body) ? fn.body.statements : listen.getSourceFile().statements;
  if (statements.some((st) => st.end <= listen.pos && (refusingIf(st, context) || refusingCall(st, context)))) return true;
  const sites = fn && depth < 2 ? context.soleCallingSites(fn) : undefined;
  return !!sites?.length && sites.every((site) => refusesRemoteWhenOpen(site, context, depth + 1));
}

/** An `if` whose test names loopback (itself or through the consts it reads) and whose branch ends start-up. */
function refusingIf(st: ts.Statement, context: RuleContext): boolean {
  if (!ts.isIfStatement(st) || !exits(st.thenStatement)) return false;
  const named = (n: ts.Node): boolean => {
    const init = ts.isIdentifier(n) ? context.initializer(n) : undefined;
    return (!!init && LOOPBACK_TEST.test(init.getText())) || !!ts.forEachChild(n, (c) => named(c) || undefined);
  };
  return LOOPBACK_TEST.test(st.expression.getText()) || named(st.expression);
}

/** `refuseOpenBind(host);`: a project helper whose own body holds such an `if`. */
function refusingCall(st: ts.Statement, context: RuleContext): boolean {
  const e = ts.isExpressionStatement(st) ? st.expression : undefined;
  const call = e && ts.isAwaitExpression(e) ? e.expression : e;
  if (!call || !ts.isCallExpression(call)) return false;
  return context.calleeFunctions(call).some((g) => !!g.body && ts.isBlock(g.body) && g.body.statements.some((inner) => refusingIf(inner, context)));
}

const LOOPBACK_TEST = /loopback|localhost|127\.0\.0\.1|isLocal/i;

/** The branch ends start-up: it throws or calls process.exit(). */
function exits(branch: ts.Statement): boolean {
  const visit = (n: ts.Node): boolean => ts.isThrowStatement(n) || (ts.isCallExpression(n) && n.expression.getText() === "process.exit") || (!ts.isFunctionLike(n) && !!ts.forEachChild(n, (c) => visit(c) || undefined));
  return visit(branch);
}

function describeBinding(endpoint: Pick<McpHttpEndpoint, "binding" | "listen">): string {
  if (endpoint.binding === "all") {
    if (endpoint.listen?.host) return `all interfaces (${endpoint.listen.host})`;
    return endpoint.listen?.hostNode ? `all interfaces unless configured otherwise (${endpoint.listen.hostNode.getText().slice(0, 40)})` : "all interfaces (no host given)";
  }
  if (endpoint.binding === "local") return `loopback only (${endpoint.listen?.host ?? "127.0.0.1"})`;
  return endpoint.listen?.hostNode ? `a host set at run time (${endpoint.listen.hostNode.getText().slice(0, 40)})` : "an interface the scan cannot tell";
}
