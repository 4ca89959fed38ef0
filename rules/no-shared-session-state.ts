import { calleeName, createRule, enclosingClass, isNullish, skipOuter, skipOuterAndAwait, ts, type RuleContext } from "../src/rule-api/index.js";
import { endsInExit } from "../src/rule-api/branches.js";
import { isMutableDeclaration } from "../src/rule-api/mutable-declaration.js";
import { enclosingFunction, type FunctionLike } from "../src/rule-api/enclosing-function.js";
import { mcpHttpEndpoints, servesOnce } from "../src/rule-api/http-endpoints.js";
import { packageOf } from "../src/rule-api/package-of.js";
import { passedArguments } from "../src/rule-api/passed-arguments.js";
import { reachableCalls } from "../src/rule-api/reachable-calls.js";
import { variableUses } from "../src/rule-api/variable-uses.js";

/** Names of per-user secrets and identities. */
const USER_STATE = /token|api_?key|secret|credential|password|passwd|bearer|cookie|jwt|auth(?!or)|session(?!s$|Map$|Store$)|current_?user|^user$|user_?(id|info|name|email)|tenant|account|identity|principal/i;
const HTTP_KINDS = new Set(["sse", "streamable-http", "http-stream"]);
/** Calls that authenticate a request and answer with who sent it: `resolveAuth(req)`, `validatePat(req)`, `verifyToken(t)`. */
const IDENTITY_CALL = /auth|verify|validate|token|user|caller|principal|identity|whoami|credential/i;
/** What auth middleware leaves on the request: requireBearerAuth's `req.auth`, passport's `req.user`. */
const IDENTITY_FIELD = /^(auth|authInfo|user|principal|caller|identity|claims)$/;
const SESSION_KEY = /mcp-session-id|session[-_]?id/i;
const CHECK_NAME = /assert|ensure|check|verify|owns|owner|authori[sz]e|belongs|matches|same/i;
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

export default createRule({
  id: "no-shared-session-state",
  meta: {
    description: "Keep servers, transports and credentials per HTTP session instead of sharing them between clients",
    severity: "high",
    confidence: "medium",
    checklist: ["ISO-1", "DATA-3"],
    cwe: ["CWE-488"],
    messages: {
      sharedServer: "The server `{{server}}`, made once for the whole process, is connected to a new transport inside {{where}}, once per request or session: every client shares one server, and responses, notifications and request state of one client can reach another (GHSA-345p-7cg4-v4c7). Create the server per session (a `createServer()` factory called next to `new StreamableHTTPServerTransport(...)`) and keep it in the session map.",
      sharedTransport: "This stateless StreamableHTTPServerTransport (sessionIdGenerator: undefined) is created once and reused by every request in {{where}}: concurrent clients share its request-id mapping, so one client's response can be written to another client's HTTP stream (GHSA-345p-7cg4-v4c7; SDK 1.26+ throws on reuse). Create a new transport (and server) for each request.",
      sharedCredential: "The module-level `{{name}}` is assigned inside {{where}} and read elsewhere: in an HTTP server every client shares it, so one user's {{what}} is used for (or leaks to) the next request from another user. Keep it per request (pass it down), or in a map keyed by the session id or authenticated user.",
      sharedEnv: "process.env.{{name}} is set inside {{where}} from per-request data: the environment is shared by every client of this HTTP server, so one user's value is used for other users' requests. Pass the value down with the request (for example through the per-session server or `extra.authInfo`).",
      sharedCache: "`{{map}}.set({{key}}, ...)` stores {{what}} under a fixed key inside {{where}}: every client of this HTTP server reads the same entry, so one user's credentials serve another user. Key the entry by the session id or the authenticated user.",
      sharedTransportSlot: "`{{slot}}` holds one transport for the whole process: {{opened}} replaces it with each new client's stream, and this call in {{where}} hands every client's messages to whichever stream was opened last, without checking the session id the request names. Any client (or a page it loads) injects tool calls into another client's session. Keep the transports in a map keyed by their sessionId and look up the one the request names.",
      unboundSession: "In {{where}} the caller is authenticated as `{{caller}}`, but the MCP session named by the request's session id is resumed without checking that this caller opened it: any authenticated user who learns another user's mcp-session-id drives that session, with the credentials and data it was opened with. Store the owner when the session is created and answer 403 (or 404) when `{{caller}}` does not match it.",
    },
    docs: {
      rationale:
        "An HTTP MCP server serves many clients from one process. A single `McpServer`/`Server` connected to each new transport, or a single stateless `StreamableHTTPServerTransport` reused across requests, mixes the clients' request ids and streams, so responses and notifications leak between users (GHSA-345p-7cg4-v4c7). Module-level variables, `process.env` entries and fixed-key caches that hold a token, API key or user identity set by one request are read by the next request of another user. A session resumed by its id alone, in a server whose callers authenticate as different users, serves one user's session (and the credentials it was opened with) to another who learns the id. stdio servers have one client and are not affected.",
      remediation:
        "Build the server and transport per session (or per request in stateless mode) with a factory, keep them in a map keyed by the `mcp-session-id`, and drop them on close. Carry per-user credentials with the request (`extra.authInfo`, a per-session server instance, a closure), or in a map keyed by the session id or the authenticated user; never in module-level variables or `process.env`. Record who opened each session and refuse a request whose authenticated caller is someone else.",
      examples: {
        bad: [
          'import express from "express";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";',
          'const server = new McpServer({ name: "notes", version: "1.0.0" });',
          "const app = express();",
          "app.use(express.json());",
          'app.post("/mcp", async (req, res) => {',
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
          "function createServer(): McpServer {",
          '  return new McpServer({ name: "notes", version: "1.0.0" });',
          "}",
          "const app = express();",
          "app.use(express.json());",
          'app.post("/mcp", async (req, res) => {',
          "  const server = createServer();",
          "  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });",
          '  res.on("close", () => { void transport.close(); void server.close(); });',
          "  await server.connect(transport);",
          "  await transport.handleRequest(req, res, req.body);",
          "});",
          "app.listen(3000);",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/488.html",
      "https://github.com/modelcontextprotocol/typescript-sdk/security/advisories/GHSA-345p-7cg4-v4c7",
      "https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management",
      "https://modelcontextprotocol.io/specification/2025-06-18/basic/security_best_practices#session-hijacking",
    ],
  },
  create(context) {
    const connects: ts.CallExpression[] = [];
    const handleRequests: ts.CallExpression[] = [];
    const sets: ts.CallExpression[] = [];
    const assignments: ts.BinaryExpression[] = [];
    return {
      CallExpression(call) {
        const callee = skipOuter(call.expression);
        if (!ts.isPropertyAccessExpression(callee)) return;
        const name = callee.name.text;
        if (name === "connect" && call.arguments.length >= 1) connects.push(call);
        else if (name === "handleRequest" || name === "handlePostMessage") handleRequests.push(call);
        else if (name === "set" && call.arguments.length === 2) sets.push(call);
      },
      BinaryExpression(expr) {
        if (expr.operatorToken.kind === ts.SyntaxKind.EqualsToken) assignments.push(expr);
      },
      "Program:exit"() {
        const perRequest = new PerRequest(context);
        for (const call of connects) sharedServer(call, perRequest, context);
        sharedTransports(handleRequests, perRequest, context);
        transportSlots(handleRequests, perRequest, context);
        for (const expr of assignments) sharedAssignment(expr, perRequest, context);
        for (const call of sets) sharedCache(call, perRequest, context);
        unboundSessions(handleRequests, perRequest, context);
      },
    };
  },
});

/** Code that runs once per HTTP request or session: route handlers and tool handlers of HTTP servers, and what they call. */
class PerRequest {
  private readonly routeFns = new Map<ts.Node, string>();
  private readonly toolFns = new Map<ts.Node, string>();
  private readonly httpPackages = new Set<string>();
  private readonly onceFns = new Set<ts.Node>();

  constructor(private readonly context: RuleContext) {
    for (const t of context.model.transports) if (HTTP_KINDS.has(t.kind)) this.httpPackages.add(packageOf(t.node, context));
    for (const route of context.model.routes) {
      // A listener that takes one OAuth redirect and closes serves one request, not one per user.
      if (servesOnce(route, context)) {
        for (const fn of route.handlers) this.onceFns.add(fn);
        continue;
      }
      this.httpPackages.add(packageOf(route.node, context));
      const label = route.method === "use" ? `the middleware on ${route.path ?? "every route"}` : route.method === "request" ? "the HTTP request handler" : `the ${route.method.toUpperCase()} ${route.path ?? "*"} route`;
      for (const fn of route.handlers) this.mark(this.routeFns, fn, label);
    }
    for (const tool of context.model.tools) {
      const region = tool.dispatch ?? tool.handler;
      if (region) this.mark(this.toolFns, region, `the handler of tool ${tool.name === null ? "(dynamic name)" : JSON.stringify(tool.name)}`);
    }
  }

  private mark(into: Map<ts.Node, string>, region: ts.Node, label: string): void {
    if (!into.has(region)) into.set(region, label);
    for (const r of reachableCalls(region, this.context, { maxDepth: 3, maxFunctions: 60 })) if (r.fn && !into.has(r.fn)) into.set(r.fn, label);
  }

  /** The HTTP route (or, with tools too, the tool handler) a node runs in, when it runs per request. */
  where(node: ts.Node, tools: boolean): string | undefined {
    for (let n: ts.Node | undefined = node; n; n = n.parent) {
      if (this.onceFns.has(n)) return undefined;
      const route = this.routeFns.get(n);
      if (route) return route;
      if (tools && this.toolFns.has(n) && this.isHttp(node)) return this.toolFns.get(n);
      if (ts.isSourceFile(n)) break;
    }
    return undefined;
  }

  isHttp(node: ts.Node): boolean {
    return this.httpPackages.has(packageOf(node, this.context));
  }

  /**
   * Every MCP HTTP server of the node's package binds loopback, checks Host or Origin and knows no users: its one
   * principal is the machine's owner, so state one request sets serves no one else.
   */
  onePrincipal(node: ts.Node): boolean {
    const pkg = packageOf(node, this.context);
    const endpoints = mcpHttpEndpoints(this.context).filter((e) => packageOf(e.node, this.context) === pkg);
    return endpoints.length > 0 && endpoints.every((e) => e.binding === "local" && !!e.hostValidation && !e.auth && !e.wildcardCors);
  }
}

/** `server.connect(transport)` in a request handler, where `server` was made once at module level. */
function sharedServer(call: ts.CallExpression, perRequest: PerRequest, context: RuleContext): void {
  const callee = skipOuter(call.expression) as ts.PropertyAccessExpression;
  const held = moduleLevelInstance(callee.expression, context) ?? longLivedField(callee.expression, context);
  const made = held && isServerClass(held.created, context) ? held : (laterAssignedServer(callee.expression, call, perRequest, context) ?? capturedServer(callee.expression, call, perRequest, context));
  if (!made || refusesSecondClient(call, call.arguments[0], context)) return;
  const where = perRequest.where(call, false);
  if (!where) return;
  context.report({ node: call, messageId: "sharedServer", data: { server: made.name, where }, trace: [context.step(made.created, "source", "one server for the whole process"), context.step(call, "sink", "connected per request")] });
}

/**
 * `if (transport) return res.status(409)…` before `transport = new SSEServerTransport(res)` or `server.connect(transport)`,
 * with `transport` kept outside the handler: one client at a time, so no two ever share the server or the slot.
 */
function refusesSecondClient(at: ts.Node, slot: ts.Expression | undefined, context: RuleContext): boolean {
  const id = slot && skipOuter(slot);
  const fn = enclosingFunction(at);
  if (!id || !ts.isIdentifier(id) || !fn?.body || !ts.isBlock(fn.body)) return false;
  const decl = context.declaration(id);
  if (!decl || (decl.pos >= fn.pos && decl.end <= fn.end)) return false;
  return fn.body.statements.some((st) => st.end <= at.pos && ts.isIfStatement(st) && testsPresence(st.expression, id.text) && endsInExit(st.thenStatement));
}

/** `transport`, `transport !== null`, `transport != undefined`: the slot holds a connection. */
function testsPresence(cond: ts.Expression, name: string): boolean {
  const e = skipOuter(cond);
  if (ts.isIdentifier(e)) return e.text === name;
  if (!ts.isBinaryExpression(e) || (e.operatorToken.kind !== ts.SyntaxKind.ExclamationEqualsEqualsToken && e.operatorToken.kind !== ts.SyntaxKind.ExclamationEqualsToken)) return false;
  const [a, b] = [skipOuter(e.left), skipOuter(e.right)];
  return (ts.isIdentifier(a) && a.text === name && isNullish(b)) || (ts.isIdentifier(b) && b.text === name && isNullish(a));
}

/** `transport.handleRequest(...)` in a request handler, on a stateless transport made once at module level. */
function sharedTransports(calls: readonly ts.CallExpression[], perRequest: PerRequest, context: RuleContext): void {
  const reported = new Set<ts.Node>();
  for (const call of calls) {
    const callee = skipOuter(call.expression) as ts.PropertyAccessExpression;
    const made = moduleLevelInstance(callee.expression, context) ?? startupCapture(callee.expression, call, perRequest, context);
    if (!made || reported.has(made.created) || !ts.isNewExpression(made.created)) continue;
    const api = context.api(made.created.expression);
    const cls = api?.path[api.path.length - 1] ?? (ts.isIdentifier(made.created.expression) ? made.created.expression.text : "");
    if (!/^StreamableHTTPServerTransport$/i.test(cls)) continue;
    const options = context.objectProps(made.created.arguments?.[0]);
    const generator = options?.value("sessionIdGenerator");
    const stateless = !generator || (ts.isIdentifier(skipOuter(generator)) && (skipOuter(generator) as ts.Identifier).text === "undefined");
    if (!stateless) continue;
    const where = perRequest.where(call, false);
    if (!where) continue;
    reported.add(made.created);
    context.report({ node: made.created, messageId: "sharedTransport", data: { where }, trace: [context.step(made.created, "source", "one transport for the whole process"), context.step(call, "sink", "handles every request")] });
  }
}

const SERVER_TRANSPORT = /^(SSEServerTransport|StreamableHTTPServerTransport|WebStandardStreamableHTTPServerTransport)$/;

/**
 * `transport = new SSEServerTransport(…)` in one route and `transport.handlePostMessage(…)` in another, where `transport`
 * is one variable (or a field of one long-lived object) for the process: each request reaches the last stream opened.
 */
function transportSlots(calls: readonly ts.CallExpression[], perRequest: PerRequest, context: RuleContext): void {
  for (const call of calls) {
    const receiver = skipOuter((skipOuter(call.expression) as ts.PropertyAccessExpression).expression);
    const fn = enclosingFunction(call);
    const where = fn && perRequest.where(call, false);
    if (!where) continue;
    const opened = slotAssignments(receiver, context).find((a) => enclosingFunction(a) !== fn && isServerTransport(a.right, context) && perRequest.where(a, false));
    if (!opened || comparesSessionId(fn, receiver.getText()) || refusesSecondClient(opened, receiver, context)) continue;
    const route = perRequest.where(opened, false) ?? "another route";
    context.report({ node: call, messageId: "sharedTransportSlot", data: { slot: receiver.getText(), opened: route, where }, trace: [context.step(opened, "source", "the one transport, replaced per connection"), context.step(call, "sink", "handles every client's messages")] });
  }
}

/** The assignments of a module-level `let` or of a field of a class the process makes once (or a NestJS singleton). */
function slotAssignments(expr: ts.Expression, context: RuleContext): ts.BinaryExpression[] {
  const field = ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword ? expr.name.text : undefined;
  let scope: ts.Node | undefined;
  let target: ts.Declaration | undefined;
  if (field) {
    const cls = enclosingClass(expr);
    if (!cls || !ts.isClassDeclaration(cls) || !cls.name) return [];
    const made = instancesOf(cls, context);
    if (!(made.length > 0 ? made.every((m) => keptOnce(m, context)) : nestSingleton(cls))) return [];
    scope = cls;
  } else if (ts.isIdentifier(expr)) {
    const decl = context.declaration(expr);
    if (!decl || !ts.isVariableDeclaration(decl) || !isMutableDeclaration(decl) || enclosingFunction(decl)) return [];
    target = decl;
    scope = decl.getSourceFile();
  }
  if (!scope) return [];
  const found: ts.BinaryExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipOuter(n.left);
      if (field ? ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === field : ts.isIdentifier(left) && context.declaration(left) === target) found.push(n);
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return found;
}

/** A NestJS controller or provider without a request scope: the framework makes one for the whole process. */
function nestSingleton(cls: ts.ClassDeclaration): boolean {
  return (ts.getDecorators(cls) ?? []).some((d) => {
    const e = d.expression;
    const name = ts.isCallExpression(e) ? e.expression.getText() : e.getText();
    return /^(Controller|Injectable)$/.test(name) && !/\bscope\b/.test(e.getText());
  });
}

function isServerTransport(expr: ts.Expression, context: RuleContext): boolean {
  const e = skipOuterAndAwait(expr);
  if (!ts.isNewExpression(e)) return false;
  const api = context.api(e.expression);
  return SERVER_TRANSPORT.test(api?.path[api.path.length - 1] ?? (ts.isIdentifier(e.expression) ? e.expression.text : ""));
}

/** `if (req.query.sessionId !== transport.sessionId) return …`: the handler serves only the session the request names. */
function comparesSessionId(fn: FunctionLike, slot: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && EQUALITY.has(n.operatorToken.kind) && [n.left, n.right].some((side) => skipOuter(side).getText() === `${slot}.sessionId` || skipOuter(side).getText() === `${slot}?.sessionId`)) found = true;
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** `let accessToken` at module level, assigned per request and read elsewhere; `process.env.X = ...` per request. */
function sharedAssignment(expr: ts.BinaryExpression, perRequest: PerRequest, context: RuleContext): void {
  const left = skipOuter(expr.left);
  if (ts.isPropertyAccessExpression(left) && /^process\.env$/.test(left.expression.getText())) {
    if (!perRequest.isHttp(expr)) return;
    const where = perRequest.where(expr, true);
    if (!where) return;
    const fromRequest = context.taint(expr.right).length > 0 || USER_STATE.test(left.name.text);
    if (fromRequest && !perRequest.onePrincipal(expr)) context.report({ node: expr, messageId: "sharedEnv", data: { name: left.name.text, where } });
    return;
  }
  if (!ts.isIdentifier(left) || !USER_STATE.test(left.text)) return;
  const decl = context.declaration(left);
  if (!decl || !ts.isVariableDeclaration(decl) || !isMutableDeclaration(decl) || enclosingFunction(decl) || !perRequest.isHttp(expr)) return;
  const where = perRequest.where(expr, true);
  if (!where) return;
  // Only values that come from the request (or tool arguments) are per-user; a lazily cached config is not.
  if (!context.taint(expr.right).length) return;
  const assigning = enclosingFunction(expr);
  if (!readElsewhere(decl, assigning, context) || perRequest.onePrincipal(expr)) return;
  context.report({ node: expr, messageId: "sharedCredential", data: { name: left.text, where, what: describe(left.text) } });
}

/** `tokenCache.set("default", token)` on a module-level map, per request. */
function sharedCache(call: ts.CallExpression, perRequest: PerRequest, context: RuleContext): void {
  const callee = skipOuter(call.expression) as ts.PropertyAccessExpression;
  const target = skipOuter(callee.expression);
  if (!ts.isIdentifier(target)) return;
  const decl = context.declaration(target);
  if (!decl || !ts.isVariableDeclaration(decl) || enclosingFunction(decl) || !decl.initializer) return;
  const init = skipOuterAndAwait(decl.initializer);
  if (!ts.isNewExpression(init) || !/^(Map|WeakMap|LRUCache|LRU|NodeCache|Cache)$/.test(init.expression.getText())) return;
  const [key, value] = call.arguments as unknown as [ts.Expression, ts.Expression];
  const keyText = context.constantText(key);
  // A key computed per request (a session id, a user) is what correct code does.
  if (keyText === undefined) return;
  // A constant under a constant key (token metadata: `{ symbol: "SOL", decimals: 9 }`) is the same for every user.
  if (isConstant(value, context)) return;
  const valueName = skipOuter(value).getText();
  const what = USER_STATE.test(target.text) ? describe(target.text) : USER_STATE.test(valueName) ? describe(valueName) : undefined;
  if (!what || !perRequest.isHttp(call)) return;
  const where = perRequest.where(call, true);
  if (!where || perRequest.onePrincipal(call)) return;
  context.report({ node: call, messageId: "sharedCache", data: { map: target.text, key: JSON.stringify(keyText), what, where } });
}

/** A literal, a constant, or an object or array built only of them. */
function isConstant(expr: ts.Expression, context: RuleContext): boolean {
  const e = skipOuter(expr);
  if (context.constantText(e) !== undefined || ts.isNumericLiteral(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) return ts.isNumericLiteral(e.operand);
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((el) => isConstant(el, context));
  return ts.isObjectLiteralExpression(e) && e.properties.every((p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isConstant(p.initializer, context));
}

function describe(name: string): string {
  if (/token|bearer|jwt/i.test(name)) return "access token";
  if (/api_?key|secret|password|passwd|credential/i.test(name)) return "credentials";
  if (/cookie|session/i.test(name)) return "session";
  return "identity";
}

/** The variable is read (not only assigned) in a function other than the one assigning it, or at module level. */
function readElsewhere(decl: ts.VariableDeclaration, assigning: FunctionLike | undefined, context: RuleContext): boolean {
  return variableUses(decl, context).some((n) => {
    const p = n.parent;
    const isWrite = ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    const isMember = ts.isPropertyAccessExpression(p) && p.name === n;
    return !isWrite && !isMember && enclosingFunction(n) !== assigning;
  });
}

/** The `new X()` or factory call a module-level variable holds (`const server = new McpServer()` at the top of a file). */
function moduleLevelInstance(expr: ts.Expression, context: RuleContext): { created: ts.Node; name: string } | undefined {
  const e = skipOuter(expr);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = context.declaration(e);
  // const { server } = createServer() at the top of a file: the server the factory's result holds.
  if (decl && ts.isBindingElement(decl)) {
    let root: ts.Node = decl;
    while (ts.isBindingElement(root)) root = root.parent.parent;
    const made = context.resolve(e);
    return ts.isVariableDeclaration(root) && !enclosingFunction(root) && made.kind === "instance" && ts.isNewExpression(made.node) ? { created: made.node, name: e.text } : undefined;
  }
  if (!decl || !ts.isVariableDeclaration(decl) || enclosingFunction(decl)) return undefined;
  // let server; ... server = new McpServer() at module level counts too; an assignment inside a function does not.
  let init = decl.initializer ? skipOuterAndAwait(decl.initializer) : undefined;
  if (!init) {
    const assigned = moduleLevelAssignment(e.text, decl.getSourceFile());
    if (!assigned) return undefined;
    init = assigned;
  }
  if (!ts.isNewExpression(init) && !ts.isCallExpression(init)) return undefined;
  return { created: init, name: e.text };
}

/**
 * `this.server` made by the field initializer or the constructor only, in a class whose instances are each kept for
 * the life of the process: one server per process, like a module-level one.
 */
function longLivedField(expr: ts.Expression, context: RuleContext): { created: ts.Node; name: string } | undefined {
  const e = skipOuter(expr);
  if (!ts.isPropertyAccessExpression(e) || e.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const cls = enclosingClass(e);
  if (!cls || !ts.isClassDeclaration(cls) || !cls.name) return undefined;
  const field = e.name.text;
  const values: ts.Expression[] = [];
  let elsewhere = false;
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && member.name.getText() === field && member.initializer) values.push(member.initializer);
    const visit = (n: ts.Node): void => {
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword && n.left.name.text === field) {
        if (ts.isConstructorDeclaration(member) && enclosingFunction(n) === member) values.push(n.right);
        else elsewhere = true;
      }
      ts.forEachChild(n, visit);
    };
    if (!ts.isPropertyDeclaration(member)) visit(member);
  }
  const created = values.length === 1 && !elsewhere ? skipOuterAndAwait(values[0] as ts.Expression) : undefined;
  if (!created || (!ts.isNewExpression(created) && !ts.isCallExpression(created))) return undefined;
  const made = instancesOf(cls, context);
  // A class that starts its own listener serves every request it takes with the one server it holds.
  const listensItself = context.model.listens.some((l) => l.node.getSourceFile() === cls.getSourceFile() && l.node.pos >= cls.pos && l.node.end <= cls.end);
  return made.length > 0 && (listensItself || made.every((m) => keptOnce(m, context))) ? { created, name: `this.${field}` } : undefined;
}

/** The `new X(…)` expressions of a class in the scanned files. */
function instancesOf(cls: ts.ClassDeclaration, context: RuleContext): ts.NewExpression[] {
  return context.constructionsNamed(cls.name?.text ?? "").filter((n) => ts.isIdentifier(n.expression) && context.declaration(n.expression) === cls);
}

/**
 * `const server = makeServer()`, or a `server: McpServer` parameter, of a start-up function and connected in a route
 * handler that function registers: the handler's closure holds the one server for every request.
 */
function capturedServer(expr: ts.Expression, call: ts.CallExpression, perRequest: PerRequest, context: RuleContext, depth = 0): { created: ts.Node; name: string } | undefined {
  const held = startupCapture(expr, call, perRequest, context);
  if (!held) return handedDown(expr, call, perRequest, context, depth);
  const { decl } = held;
  if (decl.initializer && isServerClass(skipOuterAndAwait(decl.initializer), context)) return held;
  // A factory the scan cannot follow (`options.makeServer()`) still made a server when it is connected to a server transport.
  return (!!decl.type && typeNamesServer(decl.type, context)) || servesTransport(call.arguments[0], context) ? held : undefined;
}

/**
 * A parameter of the function that connects it, when every call of that function passes a server captured at
 * start-up (`routes(server) { app.post("/mcp", (q, r) => this.open(server, q, r)) }`): still one server for all.
 */
function handedDown(expr: ts.Expression, call: ts.CallExpression, perRequest: PerRequest, context: RuleContext, depth: number): { created: ts.Node; name: string } | undefined {
  const e = skipOuter(expr);
  const decl = ts.isIdentifier(e) ? context.declaration(e) : undefined;
  if (depth >= 3 || !decl || !ts.isParameter(decl) || decl.parent !== enclosingFunction(call)) return undefined;
  const held = passedArguments(decl, context)?.map(({ site, arg }) => (ts.isCallExpression(site) ? capturedServer(arg, site, perRequest, context, depth + 1) : undefined));
  return held?.every((h) => h !== undefined) ? held[0] : undefined;
}

/**
 * A const or parameter of a function that does not run per request, used by a function nested in it that does
 * (`function start(server) { app.post("/mcp", async () => server.connect(t)) }`): one value for every request.
 */
function startupCapture(expr: ts.Expression, use: ts.Node, perRequest: PerRequest, context: RuleContext): { created: ts.Node; name: string; decl: ts.VariableDeclaration | ts.ParameterDeclaration } | undefined {
  const e = skipOuter(expr);
  const decl = ts.isIdentifier(e) ? context.declaration(e) : undefined;
  if (!decl || !(ts.isVariableDeclaration(decl) || ts.isParameter(decl)) || !ts.isIdentifier(decl.name)) return undefined;
  if (ts.isVariableDeclaration(decl) && !(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return undefined;
  const owner = enclosingFunction(decl);
  let fn = enclosingFunction(use);
  if (!owner || fn === owner) return undefined;
  while (fn && fn !== owner) fn = enclosingFunction(fn);
  if (!fn || perRequest.where(decl, false)) return undefined;
  const created = ts.isVariableDeclaration(decl) && decl.initializer ? skipOuterAndAwait(decl.initializer) : decl;
  return { created, name: decl.name.text, decl };
}

/** `new StreamableHTTPServerTransport(…)` or `new SSEServerTransport(…)` of the SDK. */
function servesTransport(expr: ts.Expression | undefined, context: RuleContext): boolean {
  if (!expr) return false;
  const ref = context.resolve(expr);
  if (ref.kind !== "instance" || ref.of.kind !== "api") return false;
  return ref.of.module.startsWith("@modelcontextprotocol/") && /^(WebStandard)?StreamableHTTPServerTransport$|^SSEServerTransport$/.test(ref.of.path[ref.of.path.length - 1] ?? "");
}

/**
 * `let server: McpServer | null = null` at module level, filled in once by start-up code (`makeServer().then((s) => {
 * server = s; })`, an async main) rather than per request: still one server for every client.
 */
function laterAssignedServer(expr: ts.Expression, call: ts.CallExpression, perRequest: PerRequest, context: RuleContext): { created: ts.Node; name: string } | undefined {
  const e = skipOuter(expr);
  const decl = ts.isIdentifier(e) ? context.declaration(e) : undefined;
  if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name) || !isMutableDeclaration(decl) || enclosingFunction(decl)) return undefined;
  const init = decl.initializer && skipOuter(decl.initializer);
  if (init && init.kind !== ts.SyntaxKind.NullKeyword && !(ts.isIdentifier(init) && init.text === "undefined")) return undefined;
  const assigned = variableUses(decl, context).flatMap((use) => {
    const p = use.parent;
    return ts.isBinaryExpression(p) && p.left === use && p.operatorToken.kind === ts.SyntaxKind.EqualsToken ? [p] : [];
  });
  const connecting = enclosingFunction(call);
  if (!assigned.length || assigned.some((a) => !enclosingFunction(a) || enclosingFunction(a) === connecting || perRequest.where(a, false))) return undefined;
  const typed = !!decl.type && typeNamesServer(decl.type, context);
  return typed || assigned.some((a) => isServerClass(skipOuterAndAwait(a.right), context)) ? { created: assigned[0] as ts.Node, name: decl.name.text } : undefined;
}

/** `McpServer | null`, `Server | undefined`: a declared type naming the SDK's server classes. */
function typeNamesServer(type: ts.TypeNode, context: RuleContext): boolean {
  if (ts.isUnionTypeNode(type)) return type.types.some((t) => typeNamesServer(t, context));
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return false;
  const api = context.api(type.typeName);
  return !!api && api.module.startsWith("@modelcontextprotocol/") && /^(McpServer|Server)$/.test(api.path[api.path.length - 1] ?? "");
}

/**
 * `new X()` held by a module-level variable, or by a field initializer or a constructor's `this.x = …` of an owner
 * that is itself kept once: not made per call.
 */
function keptOnce(made: ts.NewExpression, context: RuleContext, depth = 0): boolean {
  let e: ts.Node = made;
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent)) e = e.parent;
  const p = e.parent;
  if (ts.isVariableDeclaration(p) || ts.isExportAssignment(p)) return !enclosingFunction(p);
  const inField = ts.isPropertyDeclaration(p);
  const inConstructor = !inField && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === e && ts.isPropertyAccessExpression(p.left) && p.left.expression.kind === ts.SyntaxKind.ThisKeyword && !!enclosingFunction(p) && ts.isConstructorDeclaration(enclosingFunction(p) as FunctionLike);
  if (!inField && !inConstructor) return false;
  // A field of an object made per request is made per request too.
  const owner = enclosingClass(p);
  if (!owner || !ts.isClassDeclaration(owner) || !owner.name || depth >= 3) return false;
  const owners = instancesOf(owner, context);
  return owners.length > 0 && owners.every((o) => keptOnce(o, context, depth + 1));
}

function moduleLevelAssignment(name: string, sf: ts.SourceFile): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  let inFunction = false;
  const visit = (n: ts.Node): void => {
    if (found || inFunction) return;
    if (ts.isFunctionLike(n)) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && n.left.text === name) found = skipOuterAndAwait(n.right);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** new McpServer()/new Server() of the SDK, or a project factory whose single result is one. */
function isServerClass(created: ts.Node, context: RuleContext): boolean {
  if (!ts.isNewExpression(created) && !ts.isCallExpression(created)) return false;
  const ref = context.resolve(created as ts.Expression);
  if (ref.kind !== "instance") return false;
  const of = ref.of;
  if (of.kind === "api") return of.module.startsWith("@modelcontextprotocol/") && /^(McpServer|Server)$/.test(of.path[of.path.length - 1] ?? "");
  if (of.kind === "class") return /^(McpServer|Server)$/.test(of.node.name?.text ?? "");
  return false;
}

/** A session-store read (`sessions.get(sid)`, `transports[sid]`) keyed by the request's session id, and what holds its result. */
interface SessionLookup {
  node: ts.Expression;
  store: ts.Expression;
  key: ts.Expression;
  holders: Set<ts.Node>;
}

/** Who an authenticated request comes from: a verified identity object, or the request field auth middleware fills in. */
interface Caller {
  name: string;
  node: ts.Node;
  decls: Set<ts.Node>;
}

/**
 * `transport.handleRequest(...)` on a session looked up by the id the request sends, in a handler that knows which
 * user is calling but never compares that user with the session's: the id alone hands one user's session to another.
 */
function unboundSessions(calls: readonly ts.CallExpression[], perRequest: PerRequest, context: RuleContext): void {
  const reported = new Set<ts.Node>();
  for (const call of calls) {
    const where = perRequest.where(call, false);
    if (!where) continue;
    const lookup = sessionLookup((skipOuter(call.expression) as ts.PropertyAccessExpression).expression, context, new Set(), 0);
    const fn = lookup && enclosingFunction(lookup.node);
    if (!lookup || !fn?.body || reported.has(lookup.node)) continue;
    const caller = callerIdentity(fn, context);
    if (!caller || boundToCaller(fn.body, lookup, caller, context)) continue;
    reported.add(lookup.node);
    context.report({ node: lookup.node, messageId: "unboundSession", severity: "medium", data: { where, caller: caller.name }, trace: [context.step(caller.node, "source", "the authenticated caller"), context.step(lookup.node, "step", "the session is looked up by its id alone"), context.step(call, "sink", "and serves the request")] });
  }
}

function sessionLookup(expr: ts.Expression, context: RuleContext, holders: Set<ts.Node>, depth: number): SessionLookup | undefined {
  const e = skipOuterAndAwait(expr);
  if (ts.isPropertyAccessExpression(e) && depth === 0) return sessionLookup(e.expression, context, holders, depth + 1);
  if (ts.isConditionalExpression(e)) return sessionLookup(e.whenTrue, context, holders, depth) ?? sessionLookup(e.whenFalse, context, holders, depth);
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return sessionLookup(e.left, context, holders, depth) ?? sessionLookup(e.right, context, holders, depth);
  const read = ts.isElementAccessExpression(e) ? { store: e.expression, key: e.argumentExpression } : storeGet(e);
  if (read) return isSessionKey(read.key, context) ? { node: e, ...read, holders } : undefined;
  if (!ts.isIdentifier(e) || depth > 3) return undefined;
  const decl = context.declaration(e);
  if (!decl || !ts.isVariableDeclaration(decl) || !enclosingFunction(decl)) return undefined;
  holders.add(decl);
  const values = [...(decl.initializer ? [decl.initializer] : []), ...variableUses(decl, context).flatMap((use) => (ts.isBinaryExpression(use.parent) && use.parent.left === use && use.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken ? [use.parent.right] : []))];
  for (const value of values) {
    const found = sessionLookup(value, context, holders, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** `store.get(key)` with one argument. */
function storeGet(e: ts.Expression): { store: ts.Expression; key: ts.Expression } | undefined {
  if (!ts.isCallExpression(e) || e.arguments.length !== 1) return undefined;
  const callee = skipOuter(e.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "get" ? { store: callee.expression, key: e.arguments[0] as ts.Expression } : undefined;
}

/** The `mcp-session-id` header or a `sessionId` value, read directly or through the variable holding it. */
function isSessionKey(key: ts.Expression, context: RuleContext): boolean {
  const k = skipOuter(key);
  if (SESSION_KEY.test(k.getText())) return true;
  const init = ts.isIdentifier(k) ? context.initializer(k) : undefined;
  return !!init && SESSION_KEY.test(init.getText());
}

/**
 * The caller a handler authenticates, when it is someone in particular: a variable holding what an auth call answers
 * (`const auth = await resolveAuth(req)`) whose fields the handler reads, or `req.auth` / `req.user` read the same way.
 * A check that only answers yes or no, or a raw token, names nobody.
 */
function callerIdentity(fn: FunctionLike, context: RuleContext): Caller | undefined {
  let found: Caller | undefined;
  const visit = (n: ts.Node): void => {
    if (found || (n !== fn.body && ts.isFunctionLike(n))) return;
    if (ts.isVariableDeclaration(n) && n.initializer && identityCall(n.initializer)) {
      if (ts.isIdentifier(n.name) && fieldsRead(n, context)) found = { name: n.name.text, node: n, decls: new Set([n]) };
      else if (ts.isObjectBindingPattern(n.name) && n.name.elements.length) found = { name: n.name.getText(), node: n, decls: new Set(n.name.elements) };
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && identityCall(n.right)) {
      // Auth calls inside a try assign a variable declared before it.
      const decl = context.declaration(n.left);
      if (decl && ts.isVariableDeclaration(decl) && fieldsRead(decl, context)) found = { name: n.left.text, node: n, decls: new Set([decl]) };
    } else if (ts.isPropertyAccessExpression(n) && IDENTITY_FIELD.test(n.name.text) && ts.isIdentifier(n.expression) && requestParameter(n.expression, fn, context) && fieldRead(n)) {
      found = { name: n.getText(), node: n, decls: new Set() };
    }
    if (!found) ts.forEachChild(n, visit);
  };
  visit(fn.body as ts.Node);
  return found;
}

function identityCall(init: ts.Expression): boolean {
  const e = skipOuterAndAwait(init);
  const name = ts.isCallExpression(e) ? calleeName(e) : undefined;
  return !!name && IDENTITY_CALL.test(name) && !/session|header|bearer/i.test(name);
}

/** `auth.userId`: a field of the value is read (not a method called on it, nor its length). */
function fieldsRead(decl: ts.VariableDeclaration, context: RuleContext): boolean {
  return variableUses(decl, context).some(fieldRead);
}

function fieldRead(value: ts.Node): boolean {
  let e = value;
  while (ts.isNonNullExpression(e.parent) || ts.isParenthesizedExpression(e.parent)) e = e.parent;
  const p = e.parent;
  return ts.isPropertyAccessExpression(p) && p.expression === e && p.name.text !== "length" && !(ts.isCallExpression(p.parent) && p.parent.expression === p);
}

/** A parameter of the handler (or of a function it is nested in): the request auth middleware decorated. */
function requestParameter(id: ts.Identifier, fn: FunctionLike, context: RuleContext): boolean {
  const decl = context.declaration(id);
  return !!decl && ts.isParameter(decl) && (decl.parent === fn || (ts.isFunctionLike(decl.parent) && fn.getSourceFile() === decl.getSourceFile() && decl.parent.pos <= fn.pos && fn.end <= decl.parent.end));
}

/**
 * The handler ties the session to its caller: the store or the key is the caller's own (`sessions.get(`${auth.userId}:${sid}`)`),
 * the caller is compared with something that is not a constant, or handed to a check together with the session.
 */
function boundToCaller(body: ts.Node, lookup: SessionLookup, caller: Caller, context: RuleContext): boolean {
  const mentions = (n: ts.Node, decls: Set<ts.Node>, text?: string): boolean => {
    let hit = false;
    const visit = (m: ts.Node): void => {
      if (hit) return;
      if (ts.isIdentifier(m)) {
        const d = context.declaration(m);
        if (d && decls.has(d)) hit = true;
      } else if (text && ts.isPropertyAccessExpression(m) && m.getText() === text) hit = true;
      if (!hit) ts.forEachChild(m, visit);
    };
    visit(n);
    return hit;
  };
  const isCaller = (n: ts.Node) => mentions(n, caller.decls, caller.decls.size ? undefined : caller.name);
  if (isCaller(lookup.store) || isCaller(lookup.key)) return true;
  const sessionParts = new Set<ts.Node>(lookup.holders);
  const key = skipOuter(lookup.key);
  const keyDecl = ts.isIdentifier(key) ? context.declaration(key) : undefined;
  if (keyDecl) sessionParts.add(keyDecl);
  let bound = false;
  const visit = (n: ts.Node): void => {
    if (bound) return;
    if (ts.isBinaryExpression(n) && EQUALITY.has(n.operatorToken.kind)) {
      const [a, b] = [skipOuter(n.left), skipOuter(n.right)];
      if ((isCaller(a) && !isConstant(b, context) && !isNullish(b)) || (isCaller(b) && !isConstant(a, context) && !isNullish(a))) bound = true;
    } else if (ts.isCallExpression(n) && decides(n) && n.arguments.some(isCaller) && n.arguments.some((arg) => !ts.isFunctionLike(arg) && mentions(arg, sessionParts))) bound = true;
    if (!bound) ts.forEachChild(n, visit);
  };
  visit(body);
  return bound;
}

/** A call whose answer is acted on, or an assertion by its name: a check, not a store or a wrapper. */
function decides(call: ts.CallExpression): boolean {
  if (CHECK_NAME.test(calleeName(call) ?? "")) return true;
  let e: ts.Node = call;
  while (ts.isAwaitExpression(e.parent) || ts.isParenthesizedExpression(e.parent)) e = e.parent;
  const p = e.parent;
  return (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) || (ts.isIfStatement(p) && p.expression === e) || (ts.isConditionalExpression(p) && p.condition === e) || (ts.isBinaryExpression(p) && (p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken));
}
