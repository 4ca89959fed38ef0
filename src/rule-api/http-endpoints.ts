import { ts } from "./ts.js";
import { calleeName, enclosingClass, enclosingFunction, isFunctionLike, isNullish, propertyNameText, skipOuter, skipOuterAndAwait, type FunctionLike } from "../engine/ast/function-like.js";
import { returnedExpressions } from "../engine/ast/returned-expressions.js";
import { fieldAssignments, parameterProperty } from "../engine/resolve/value-resolver.js";
import { isMcpHttpHandler } from "../engine/model/api-kinds.js";
import type { HttpRoute, ListenCall, McpModel, TransportModel } from "../engine/model/mcp-model.js";
import type { RuleContext } from "./rule.js";
import { fastmcpAtLeast } from "./sdk-version.js";
import { dependsOnMcp, packageOf } from "./package-of.js";
import { inServerCode } from "./server-files.js";
import { passedArguments } from "./passed-arguments.js";

/** Where an HTTP server listens: every interface, loopback only, or a value the scan cannot read. */
export type Binding = "all" | "local" | "unknown";

/** One HTTP server that serves MCP (an app with MCP routes, a fastmcp httpStream, an mcp-framework HTTP transport). */
export interface McpHttpEndpoint {
  /** Where findings about the server are reported: its first MCP route, or the call that starts it. */
  node: ts.Node;
  /** The MCP routes ("POST /mcp", ...); empty for framework-managed servers. */
  routes: HttpRoute[];
  listen?: ListenCall;
  binding: Binding;
  /** The authentication seen on every MCP route, or undefined when at least one has none. */
  auth?: string;
  /** The authentication lets every request through until its secret is configured: off by default. */
  authOptIn?: boolean;
  /** Where a Nest guard lets every request in while unconfigured: the flaw is there, not on the controller's route. */
  authOpening?: ts.Node;
  /** The authentication checks a credential only when the request brings one: a request without one gets through. */
  authSkippable?: boolean;
  /** The check lets connections from the loopback address through without a credential. */
  authLoopbackExempt?: boolean;
  /** The setting that turns the authentication off, on by default (`if (!options.disableAuth) app.use(auth)`, `if (flags.open) return next()`). */
  authOptOut?: ts.Expression;
  /** Host or Origin validation seen on every MCP route (middleware, transport option, SDK app). */
  hostValidation?: string;
  /** A CORS policy that lets any origin read responses (unless an Origin check refuses other origins first). */
  wildcardCors?: ts.Node;
  /** An Express Router nothing in the scanned code listens with: the app that mounts it decides auth and binding. */
  mountedElsewhere?: boolean;
  /** A module that serves MCP routes of its own (mcp-nest's McpModule): how findings name them. */
  module?: string;
  /** The package of a framework that runs its own HTTP server (fastmcp, mcp-framework): how findings name it. */
  framework?: string;
}

const AUTH_MODULES = /^(@nestjs\/passport|express-jwt|express-oauth2-jwt-bearer|express-basic-auth|passport|@clerk\/|express-openid-connect|@fastify\/(bearer-auth|jwt|basic-auth|auth)|hono\/(basic-auth|bearer-auth|jwt)|@auth\/|better-auth|jsonwebtoken)/;
/** `sessionLimiter`, `tokenThrottle`: a rate limit keyed by session or token checks nobody's credentials. */
const LIMITER_NAME = /limit|throttl/i;
const AUTH_NAME = /auth|jwt|bearer|api[-_]?key|token|session|passport|verify|protect|guard|require(d)?user|logged|credential|signature|hmac/i;
const AUTH_HEADER = /authorization|auth|token|api[-_]?key|x-api-key|cookie|session|signature/i;
const CREDENTIAL = /authorization|token|api[-_]?key|^key$|password|secret|signature/i;
/** How a read of a header named by configuration is judged: a credential header, as both patterns above take it. */
const CONFIGURED_HEADER = "configured-token";
const HOST_NAME = /host(header)?validation|validatehost|allowedhosts?|origin(validation|check)|validateorigin|checkorigin|dnsrebinding|rebinding/i;
/** The field an auth helper's answer object gives its verdict in. */
const VERDICT_FIELD = /^(success|valid|isValid|ok|authenticated|authorized|allowed)$/;
/** The receiver of a header read: express and node `req`, fetch's `request`, `headers`, koa's `ctx`. */
const REQUEST_TEXT = /req|request|headers|ctx/i;
const MCP_METHODS = new Set(["tools/call", "tools/list"]);
const TOOL_CALL_METHODS = new Set(["post", "put", "all"]);
/** A path segment that runs something: `call`, `execute`, `callTool`, `run-tool`. */
const TOOL_CALL_VERB = /^(call|execute|exec|run|invoke)([-_]?tools?)?$/i;
const SDK_TRANSPORT = /SSEServerTransport$|StreamableHTTPServerTransport$/;
/** SDK helpers a handler calls to check a request itself (v2's node guards and web-standard checks), by what they check. */
const SDK_HOST_GUARD = /^(hostHeaderValidation|localhostHostValidation|originValidation|localhostOriginValidation|validateHostHeader|validateOriginHeader|hostHeaderValidationResponse|originValidationResponse)$/;
const SDK_AUTH_GUARD = /^(requireBearerAuth|verifyBearerToken)$/;
const LOCAL_HOSTS = /^(127\.0\.0\.1|localhost|::1|\[::1\]|127\.\d+\.\d+\.\d+)$/;
const ALL_HOSTS = /^(0\.0\.0\.0|::|\[::\]|\*)?$/;

/** Every HTTP server in the scan that hands requests to an MCP transport, with what protects it. */
export function mcpHttpEndpoints(context: RuleContext): McpHttpEndpoint[] {
  let found = endpointsByModel.get(context.model);
  if (!found) endpointsByModel.set(context.model, (found = findEndpoints(context)));
  return found;
}

/** Two rules and the companion search ask; the model is what they share. */
const endpointsByModel = new WeakMap<McpModel, McpHttpEndpoint[]>();

/** A route whose handler (or handler argument) hands the request to an MCP transport. */
function servesMcp(route: HttpRoute, context: RuleContext): boolean {
  return route.handlers.some((h) => reachesTransport(h, context, 0, new Set())) || route.args.some((a) => isMcpHttpHandler(context.resolve(a))) || callsTools(route, context);
}

/**
 * `POST /tools/call/:name` in a package built on MCP: a REST bridge that runs the tools by name, as an MCP transport
 * would, with no transport of the SDK in between.
 */
function callsTools(route: HttpRoute, context: RuleContext): boolean {
  if (!TOOL_CALL_METHODS.has(route.method) || !route.path) return false;
  const segments = route.path.split("/");
  // `/call/:name` under a router mounted at `/tools`: calling something by name is what a tool bridge does.
  const byName = segments.some((s, i) => /^(call|invoke)$/i.test(s) && segments[i + 1]?.startsWith(":"));
  if (!byName && !(segments.some((s) => TOOL_CALL_VERB.test(s)) && /tool/i.test(route.path))) return false;
  const pkg = packageOf(route.node, context);
  return dependsOnMcp(pkg, context) || context.model.tools.some((t) => packageOf(t.node, context) === pkg);
}

function findEndpoints(context: RuleContext): McpHttpEndpoint[] {
  const { model } = context;
  const endpoints: McpHttpEndpoint[] = [];
  const groups = new Map<string, HttpRoute[]>();
  for (const route of model.routes) {
    if (route.method === "use" || !servesMcp(route, context)) continue;
    const key = appKey(route, context);
    groups.set(key, [...(groups.get(key) ?? []), route]);
  }
  const providers = groups.size ? oauthProviders(context) : [];
  for (const [key, routes] of groups) {
    // SSE streams with no route that posts messages to them: no client can list or call a tool over this app.
    if (!routes.some((r) => r.handlers.some((h) => reachesTransport(h, context, 0, new Set(), false)) || r.args.some((a) => isMcpHttpHandler(context.resolve(a))) || callsTools(r, context))) continue;
    const first = routes[0] as HttpRoute;
    const middleware = (route: HttpRoute) => [...appMiddleware(key, route, context), ...route.middleware];
    const authOf = (route: HttpRoute) => routeAuth(route, key, providers, context);
    // SSE posts reach the transport a GET made: when every transport the app makes is protected, so are they.
    const appTransports = allProtected(routes.flatMap((r) => r.handlers.flatMap((h) => transportsMade(h, context))));
    const listen = listenFor(first, key, context);
    const hostOf = (route: HttpRoute) =>
      (route.framework === "ws" ? socketCheck(route, /^(host|origin)$/i, context) : undefined) ??
      middleware(route).filter((m) => !mountedWhenConfigured(m, context)).map((m) => hostEvidence(m, context)).find(Boolean) ?? route.handlers.map((h) => hostCheck(h, /^(host|origin)$/i, context) ?? transportProtection(h, context) ?? sdkGuard(h, SDK_HOST_GUARD, context)).find(Boolean) ?? sdkApp(first, listen, context) ?? appTransports;
    const checked = routes.map(authOf);
    // GET/DELETE that only resume a session a checked POST created: the id they need is handed out after the check.
    const creates = routes.map((r) => r.handlers.some((h) => transportsMade(h, context).length > 0));
    const sessionsChecked = creates.some(Boolean) && routes.every((_, i) => checked[i] || !creates[i]);
    const auths = routes.map((r, i) => checked[i] ?? (sessionsChecked && r.handlers.every((h) => resumesSession(h, context)) ? (checked.find(Boolean) as string) : undefined));
    const guardOpening = routes.flatMap((r) => middleware(r).filter((m) => !!authEvidence(m, context)).map((m) => nestGuardOpening(m, context) ?? middlewareOpening(m, context))).find(Boolean);
    const optIn = !!guardOpening || routes.some((r) => middleware(r).some((m) => !!authEvidence(m, context) && offUnlessConfigured(m, context)) || r.handlers.some((h) => opensByDefault(h, context)));
    const skippable = routes.some((r) => {
      const checks = middleware(r).filter((m) => !!authEvidence(m, context)).map((m) => middlewareFunction(skipOuter(m), context));
      return checks.length > 0 && checks.every(checksOnlyWhenSent) && !r.handlers.some((h) => !checks.includes(h) && refusesCredentials(h));
    });
    const loopbackExempt = routes.some((r) => [...middleware(r).filter((m) => !!authEvidence(m, context)).map((m) => middlewareFunction(skipOuter(m), context)), ...r.handlers].some((f) => !!f && exemptsLoopback(f, context)));
    const hosts = routes.map(hostOf);
    // Every check a route has is installed under a condition the default settings meet.
    const optOut = optIn ? undefined : routes.map((r) => middleware(r).filter((m) => !!authEvidence(m, context)).map((m) => installCondition(m) ?? optingOut(m, context))).find((conds) => conds.length > 0 && conds.every(Boolean))?.[0];
    endpoints.push({
      node: routes.find((r, i) => !auths[i])?.node ?? first.node,
      routes,
      ...(listen ? { listen } : {}),
      binding: binding(listen, context),
      ...(auths.every(Boolean) ? { auth: auths[0] as string, ...(optIn ? { authOptIn: true } : {}), ...(guardOpening ? { authOpening: guardOpening } : {}), ...(skippable ? { authSkippable: true } : {}), ...(optOut ? { authOptOut: optOut } : {}), ...(loopbackExempt ? { authLoopbackExempt: true } : {}) } : {}),
      ...(hosts.every(Boolean) ? { hostValidation: hosts[0] as string } : {}),
      ...(routes.every((r) => middleware(r).some((m) => checksOrigin(m, context)) || r.handlers.some((h) => !!hostCheck(h, /^origin$/i))) ? {} : wildcardCors(key, first, context)),
      ...(!listen && isRouter(first, context) ? { mountedElsewhere: true } : {}),
    });
  }
  for (const t of model.transports) {
    if (isMcpNestModule(t, context)) endpoints.push(nestModuleEndpoint(t, context));
    if (t.kind === "stdio" || !isFrameworkTransport(t)) continue;
    endpoints.push(frameworkEndpoint(t, context));
  }
  return endpoints;
}

/**
 * The sign-in a route handler sits behind: auth middleware on its route, or installed with `use()` on its app or
 * router before it, that refuses a request without credentials. Undefined when a route running the handler has none,
 * or its check can be switched off, fails open or runs only when credentials are sent.
 */
export function signInBefore(handler: ts.Node, context: RuleContext): string | undefined {
  let known = signInByModel.get(context.model);
  if (!known) signInByModel.set(context.model, (known = new Map()));
  if (!known.has(handler)) known.set(handler, findSignIn(handler, context));
  return known.get(handler);
}

/** `app.use(oauthRouter)`: a router with routes of its own, mounted beside the others, gates none of them. */
function isMountedRouter(mw: ts.Expression, context: RuleContext): boolean {
  const key = declarationKey(skipOuter(mw), context);
  return key !== undefined && context.model.routes.some((r) => appKey(r, context) === key);
}

const signInByModel = new WeakMap<McpModel, Map<ts.Node, string | undefined>>();

function findSignIn(handler: ts.Node, context: RuleContext): string | undefined {
  const routes = context.model.routes.filter((r) => r.method !== "use" && r.handlers[r.handlers.length - 1] === handler);
  let evidence: string | undefined;
  for (const route of routes) {
    const checks = [...appMiddleware(appKey(route, context), route, context), ...route.middleware].filter((m) => !mountedWhenConfigured(m, context) && !isMountedRouter(m, context) && !!authEvidence(m, context));
    // The check nearest the route names it best: a router's own `use(requireSession)` over the app's.
    const solid = [...checks].reverse().find((m) => {
      const fn = middlewareFunction(skipOuter(m), context);
      return !offUnlessConfigured(m, context) && !checksOnlyWhenSent(fn) && !(fn && exemptsLoopback(fn, context));
    });
    if (!solid) return undefined;
    evidence ??= authEvidence(solid, context);
  }
  return evidence;
}

/** How findings name a server's routes: "POST /mcp, GET /sse", or "WebSocket connections". */
export function routeList(routes: readonly HttpRoute[]): string {
  return routes.map((r) => (r.framework === "ws" ? "WebSocket connections" : `${r.method.toUpperCase()} ${r.path ?? "*"}`)).filter((v, i, a) => a.indexOf(v) === i).join(", ");
}

/** The authentication a route has: middleware, a check in a handler, an SDK guard or OAuth wrapper, or a WebSocket handshake check. */
function routeAuth(route: HttpRoute, key: string, providers: readonly OAuthProviderUse[], context: RuleContext): string | undefined {
  if (route.framework === "ws") return socketCheck(route, CREDENTIAL, context);
  return (
    [...appMiddleware(key, route, context), ...route.middleware].map((m) => authEvidence(m, context)).find(Boolean) ??
    route.handlers.map((h) => inlineCheck(h, AUTH_HEADER, context) ?? sdkGuard(h, SDK_AUTH_GUARD, context)).find(Boolean) ??
    providerAuth(providers, key, route, context)
  );
}

/** A server a local MCP server starts beside its transport: a browser extension's or editor plugin's bridge, a page the browser opens. */
export interface CompanionServer {
  /** The call that binds it. */
  node: ts.Node;
  routes: HttpRoute[];
  listen: ListenCall;
  binding: Binding;
  /** The authentication seen on every route, or undefined when at least one has none. */
  auth?: string;
  wildcardCors?: ts.Node;
}

/** Routes a load balancer or monitor polls, which no one needs to authenticate for. */
const PROBE_PATH = /^\/?(health|healthz|ready|readyz|live|livez|ping|status|metrics)\/?$/i;

/**
 * Every server that is not MCP but is bound in the process of a local MCP server (stdio, or HTTP on loopback): what it
 * serves is reachable by whoever can reach its port, though the MCP server itself is not. A server its own handler
 * closes (an OAuth redirect's one-shot listener) and one serving only health probes are left out.
 */
export function companionServers(context: RuleContext): CompanionServer[] {
  let found = companionsByModel.get(context.model);
  if (!found) companionsByModel.set(context.model, (found = findCompanions(context)));
  return found;
}

/** Two rules ask, as for the endpoints. */
const companionsByModel = new WeakMap<McpModel, CompanionServer[]>();

function findCompanions(context: RuleContext): CompanionServer[] {
  const { model } = context;
  const groups = new Map<string, HttpRoute[]>();
  const mcpApps = new Set<string>();
  for (const route of model.routes) {
    const key = appKey(route, context);
    if (servesMcp(route, context)) mcpApps.add(key);
    else if (route.method !== "use") groups.set(key, [...(groups.get(key) ?? []), route]);
  }
  const out: CompanionServer[] = [];
  let localPackages: Set<string> | undefined;
  for (const [key, routes] of groups) {
    const first = routes[0] as HttpRoute;
    const listen = mcpApps.has(key) ? undefined : context.model.listens.find((l) => listensOn(l, key, first, context));
    // A listen at a module's top level is a program of its own (a deployment's entry point), not one the MCP server starts.
    if (!listen || !enclosingFunction(listen.node) || routes.every((r) => r.path !== null && PROBE_PATH.test(r.path)) || routes.some((r) => closesItself(r, listen))) continue;
    localPackages ??= localMcpPackages(context);
    if (!localPackages.has(packageOf(listen.node, context)) || !inServerCode(listen.node, context)) continue;
    const auths = routes.map((r) => routeAuth(r, key, [], context));
    out.push({ node: listen.node, routes, listen, binding: binding(listen, context), ...(auths.every(Boolean) ? { auth: auths[0] as string } : {}), ...wildcardCors(key, first, context) });
  }
  return out;
}

/** Packages whose MCP server is local: stdio, or HTTP on loopback, and no MCP HTTP server of theirs anywhere else (a remote mode's web app is its own). */
function localMcpPackages(context: RuleContext): Set<string> {
  const endpoints = mcpHttpEndpoints(context);
  const remote = new Set(endpoints.filter((e) => e.binding !== "local").map((e) => packageOf(e.node, context)));
  const local = [...context.model.transports.filter((t) => t.kind === "stdio").map((t) => t.node), ...endpoints.filter((e) => e.binding === "local").map((e) => e.node)];
  return new Set(local.map((n) => packageOf(n, context)).filter((p) => !remote.has(p)));
}

/** A route of a listener that closes itself once its request came: it serves one request, an OAuth redirect's. */
export function servesOnce(route: HttpRoute, context: RuleContext): boolean {
  const key = appKey(route, context);
  const listen = context.model.listens.find((l) => listensOn(l, key, route, context));
  return !!listen && closesItself(route, listen);
}

/**
 * `server.close()` in the server's own handler or in the function that starts it (once the awaited request came): a
 * listener that serves one request, an OAuth redirect's, and stops.
 */
function closesItself(route: HttpRoute, listen: ListenCall): boolean {
  const callee = ts.isCallExpression(listen.node) ? skipOuter(listen.node.expression) : undefined;
  const server = callee && ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression).getText() : undefined;
  if (route.framework === "ws" || !server) return false;
  // A close on failure (`server.on("error", …)`, a catch) gives the port up; it does not end a served request.
  const closes = (n: ts.Node): boolean => !onFailure(n) && ((ts.isCallExpression(n) && calleeName(n) === "close" && ts.isPropertyAccessExpression(n.expression) && skipOuter(n.expression.expression).getText() === server) || !!ts.forEachChild(n, closes));
  const starter = enclosingFunction(listen.node);
  return [...route.handlers, ...(starter ? [starter] : [])].some((fn) => !!fn.body && closes(fn.body));
}

/** A catch clause, or a handler given to `.on("error", …)`. */
function onFailure(n: ts.Node): boolean {
  if (ts.isCatchClause(n)) return true;
  const call = isFunctionLike(n) && ts.isCallExpression(n.parent) ? n.parent : undefined;
  return !!call && /^(on|once)$/.test(calleeName(call) ?? "") && !!call.arguments[0] && ts.isStringLiteralLike(call.arguments[0]) && call.arguments[0].text === "error";
}

function isMcpNestModule(t: TransportModel, context: RuleContext): boolean {
  return ts.isCallExpression(t.node) && context.api(t.node.expression)?.module === "@rekog/mcp-nest";
}

/**
 * McpModule.forRoot(…) served by the Nest app's listen(): guarded by its own `guards`, by APP_GUARD providers and by
 * app.useGlobalGuards(…), each judged as a Nest guard.
 */
function nestModuleEndpoint(t: TransportModel, context: RuleContext): McpHttpEndpoint {
  const listens = context.model.listens.filter((l) => {
    const callee = ts.isCallExpression(l.node) ? skipOuter(l.node.expression) : undefined;
    const app = callee && ts.isPropertyAccessExpression(callee) ? context.resolve(callee.expression) : undefined;
    return app?.kind === "instance" && app.of.kind === "api" && app.of.module === "@nestjs/core";
  });
  const listen = listens.length === 1 ? listens[0] : undefined;
  const own = context.objectProps(t.optionsNode)?.value("guards");
  const guards: ts.Expression[] = [...(own && ts.isArrayLiteralExpression(skipOuter(own)) ? (skipOuter(own) as ts.ArrayLiteralExpression).elements.filter((e) => !ts.isSpreadElement(e)) : []), ...appGuards(context)];
  const auth = guards.map((g) => authEvidence(g, context)).find(Boolean);
  const opening = guards.filter((g) => !!authEvidence(g, context)).map((g) => nestGuardOpening(g, context)).find(Boolean);
  const host = guards.map((g) => hostEvidence(g, context)).find(Boolean);
  const path = context.objectProps(t.optionsNode)?.text("mcpEndpoint");
  return { node: t.node, routes: [], module: `McpModule${path ? ` ${path}` : ""}`, ...(listen ? { listen } : {}), binding: binding(listen, context), ...(auth ? { auth, ...(opening ? { authOptIn: true, authOpening: opening } : {}) } : {}), ...(host ? { hostValidation: host } : {}) };
}

/** `{ provide: APP_GUARD, useClass: X }` anywhere, and the guards app.useGlobalGuards(…) installs. */
function appGuards(context: RuleContext): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (const sf of context.sourceFiles) {
    if (!sf.text.includes("APP_GUARD")) continue;
    const visit = (n: ts.Node): void => {
      if (ts.isObjectLiteralExpression(n)) {
        const props = context.objectProps(n);
        const useClass = props?.value("provide")?.getText() === "APP_GUARD" ? (props.value("useClass") ?? props.value("useExisting")) : undefined;
        if (useClass) out.push(useClass);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  for (const r of context.model.routes) if (r.framework === "nestjs" && r.method === "use") out.push(...r.args);
  return out;
}

/** An OAuth wrapper's API handlers (with the path prefixes they serve, when it says) and the handler it sends the rest to. */
interface OAuthProviderUse {
  api: { handler: ts.Expression; prefixes?: string[] }[];
  fallback?: ts.Expression;
}

const OAUTH_PROVIDER_MODULE = "@cloudflare/workers-oauth-provider";

/**
 * `new OAuthProvider({ apiRoute, apiHandler, apiHandlers, defaultHandler })` of @cloudflare/workers-oauth-provider,
 * and its resource servers' `handler`: the wrapper validates the access token before it calls an API handler.
 */
function oauthProviders(context: RuleContext): OAuthProviderUse[] {
  const out: OAuthProviderUse[] = [];
  for (const sf of context.sourceFiles) {
    if (!sf.text.includes(OAUTH_PROVIDER_MODULE)) continue;
    const visit = (n: ts.Node): void => {
      const api = (ts.isNewExpression(n) || ts.isCallExpression(n)) && context.api(n.expression);
      const member = api && api.module === OAUTH_PROVIDER_MODULE ? (api.path[api.path.length - 1] ?? "OAuthProvider") : undefined;
      const options = member && context.objectProps((n as ts.NewExpression | ts.CallExpression).arguments?.[0]);
      if (options && member === "OAuthProvider") {
        const route = options.value("apiRoute");
        const routes = route && ts.isArrayLiteralExpression(skipOuter(route)) ? (skipOuter(route) as ts.ArrayLiteralExpression).elements : route ? [route] : [];
        const texts = routes.map((r) => context.constantText(r));
        const single = options.value("apiHandler");
        const many = context.objectProps(options.value("apiHandlers"));
        const handlers = [
          ...(single ? [{ handler: single, ...(texts.every((t) => t !== undefined) ? { prefixes: texts as string[] } : {}) }] : []),
          ...(many?.keys() ?? []).flatMap((k) => {
            const handler = many?.value(k);
            return handler ? [{ handler, prefixes: [k] }] : [];
          }),
        ];
        const fallback = options.value("defaultHandler");
        out.push({ api: handlers, ...(fallback ? { fallback } : {}) });
      } else if (options && /^(create)?OAuthResourceServer$/.test(member)) {
        const handler = options.value("handler");
        if (handler) out.push({ api: [{ handler }] });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/**
 * A route of an app that an OAuth wrapper calls as an API handler. When the same app is also the wrapper's default
 * handler, only its routes under an API path prefix get the token check: the wrapper hands it the rest unchecked.
 */
function providerAuth(providers: readonly OAuthProviderUse[], key: string, route: HttpRoute, context: RuleContext): string | undefined {
  const isApp = (handler: ts.Expression): boolean => {
    const e = skipOuter(handler);
    // { fetch: app.fetch }: the app's own fetch handler.
    const fetch = context.objectProps(e)?.value("fetch");
    const app = fetch && ts.isPropertyAccessExpression(skipOuter(fetch)) ? (skipOuter(fetch) as ts.PropertyAccessExpression).expression : e;
    return declarationKey(skipOuter(app), context) === key;
  };
  const path = route.path ?? "";
  // apiRoute may be a full URL: its path is what requests are matched on.
  const under = (prefixes: string[] | undefined) => !!prefixes && prefixes.some((p) => path.startsWith(p.replace(/^https?:\/\/[^/]+/, "")));
  const guarded = providers.some((p) => p.api.some((a) => isApp(a.handler) && (!p.fallback || !isApp(p.fallback) || under(a.prefixes))));
  return guarded ? "OAuthProvider" : undefined;
}

/** `const router = express.Router()` (or `Router()` imported from express), or koa's `new Router()`. */
function isRouter(route: HttpRoute, context: RuleContext): boolean {
  const app = route.app && skipOuter(route.app);
  const made = app && ts.isIdentifier(app) ? context.initializer(app) : undefined;
  const call = made && skipOuterAndAwait(made);
  const api = call && (ts.isCallExpression(call) || ts.isNewExpression(call)) ? context.api(call.expression) : undefined;
  if (api?.module === "@koa/router" || api?.module === "koa-router") return true;
  return api?.module === "express" && api.path[api.path.length - 1] === "Router";
}

/** fastmcp's start() and mcp-framework's constructor both make the transport and bind the server. */
function isFrameworkTransport(t: TransportModel): boolean {
  return !!t.listen && t.listen.node === t.node;
}

/** fastmcp `start({ transportType: "httpStream" })` and mcp-framework HTTP transports manage their own server. */
function frameworkEndpoint(t: TransportModel, context: RuleContext): McpHttpEndpoint {
  const construction = serverConstruction(t.node, context);
  const options = construction ? context.objectProps(construction.arguments?.[0]) : undefined;
  const transportOptions = t.optionsNode ? context.objectProps(t.optionsNode) : undefined;
  // @casys/mcp-server's requireAuth: true refuses to start without an auth provider.
  const transportAuth = !!transportOptions?.has("auth") || transportOptions?.bool("requireAuth") === true;
  const auth = options?.has("authenticate") ? "authenticate option" : options?.has("oauth") || options?.has("auth") ? "OAuth option" : transportAuth ? "transport auth option" : undefined;
  // fastmcp 3.15 and later bind localhost when start() names no host.
  const localByDefault = !!t.listen && t.listen.host === null && !t.listen.hostNode && isFastmcp(construction, context) && fastmcpAtLeast(context, context.pathOf(t.node), "3.15.0");
  const framework = construction && context.api(construction.expression)?.module;
  return { node: t.node, routes: [], ...(framework ? { framework } : {}), ...(t.listen ? { listen: t.listen } : {}), binding: localByDefault ? "local" : binding(t.listen, context), ...(auth ? { auth } : {}) };
}

function isFastmcp(construction: ts.NewExpression | undefined, context: RuleContext): boolean {
  return !!construction && context.api(construction.expression)?.module === "fastmcp";
}

/** The `new FastMCP(...)` a start() call belongs to, or the `new MCPServer(...)` that is the transport itself. */
function serverConstruction(node: ts.Node, context: RuleContext): ts.NewExpression | undefined {
  if (ts.isNewExpression(node)) return node;
  if (!ts.isCallExpression(node)) return undefined;
  const callee = skipOuter(node.expression);
  const receiver = ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression) : undefined;
  if (!receiver) return undefined;
  // const server = createServer(profile): a factory that returns new FastMCP({...}).
  const ref = context.resolve(receiver);
  return ref.kind === "instance" && ts.isNewExpression(ref.node) ? ref.node : undefined;
}

/**
 * Does a handler (or what it calls, four levels deep) hand the request to an MCP transport? `streams`: whether opening
 * an SSE stream counts, which serves nothing until some route posts the client's messages to it.
 */
function reachesTransport(fn: FunctionLike, context: RuleContext, depth: number, seen: Set<FunctionLike>, streams = true): boolean {
  if (depth > 4 || seen.has(fn) || !fn.body) return false;
  seen.add(fn);
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      const own = context.calleeFunctions(n);
      // The transport's handleRequest is the SDK's (or the SDK's own source, scanned): a project method of that name,
      // an RPC server's own, is only followed.
      if ((name === "handleRequest" || name === "handlePostMessage") && (!own.length || own.some(isSdkTransportMethod))) found = true;
      else if (callsMcpHandler(n, context) || feedsOwnTransport(n, context)) found = true;
      else for (const g of own.length ? own : context.injectedFunctions(n)) if (!found && reachesTransport(g, context, depth + 1, seen, streams)) found = true;
    } else if (ts.isNewExpression(n)) {
      const name = skipOuter(n.expression).getText();
      if (SDK_TRANSPORT.test(name) && (streams || !name.endsWith("SSEServerTransport"))) found = true;
    } else if (servesMcpMethod(n, context)) {
      found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
  return found;
}

/** `node(req, res)` with `node = toNodeHandler(handler)`, or `handler.fetch(request)`: SDK v2's createMcpHandler serves the request. */
function callsMcpHandler(call: ts.CallExpression, context: RuleContext): boolean {
  const callee = skipOuter(call.expression);
  return isMcpHttpHandler(context.resolve(callee)) || (ts.isPropertyAccessExpression(callee) && callee.name.text === "fetch" && isMcpHttpHandler(context.resolve(callee.expression)));
}

/** `this.onmessage(message)` in a class that implements the SDK's Transport: a transport of the project's own, fed by this route. */
function feedsOwnTransport(call: ts.CallExpression, context: RuleContext): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "onmessage" || callee.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
  const implemented = enclosingClass(call)?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ImplementsKeyword)?.types ?? [];
  return implemented.some((t) => {
    const api = context.api(t.expression);
    if (api?.module.startsWith("@modelcontextprotocol/")) return api.path[api.path.length - 1] === "Transport";
    // The project's own copy of the SDK's interface: messages go out through send() and come in through onmessage.
    const decl = ts.isIdentifier(t.expression) ? context.declaration(t.expression) : undefined;
    const members = decl && ts.isInterfaceDeclaration(decl) ? new Set(decl.members.map((m) => m.name?.getText())) : undefined;
    return !!members && members.has("send") && members.has("onmessage");
  });
}

/** JSON-RPC handled by hand: `case "tools/call":` or `rpc.method === "tools/call"` on the way from the request. */
function servesMcpMethod(n: ts.Node, context: RuleContext): boolean {
  if (ts.isCaseClause(n)) return MCP_METHODS.has(context.constantText(n.expression) ?? "");
  if (!ts.isBinaryExpression(n) || (n.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && n.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsToken)) return false;
  return [n.left, n.right].some((side) => ts.isStringLiteralLike(skipOuter(side)) && MCP_METHODS.has((skipOuter(side) as ts.StringLiteralLike).text));
}

function isSdkTransportMethod(fn: FunctionLike): boolean {
  const cls = fn.parent;
  return ts.isClassLike(cls) && !!cls.name && SDK_TRANSPORT.test(cls.name.text);
}

/** Routes on the same app or router share middleware: key them by the declaration the app expression names. */
function appKey(route: HttpRoute, context: RuleContext): string {
  const app = route.app && skipOuter(route.app);
  if (!app) return `${context.pathOf(route.node)}:${route.node.pos}`;
  return declarationKey(app, context) ?? `${context.pathOf(route.node)}:${app.getText()}`;
}

function classField(e: ts.PropertyAccessExpression): ts.Node | undefined {
  return enclosingClass(e)?.members.find((m) => m.name && ts.isIdentifier(m.name) && m.name.text === e.name.text);
}

function declarationKey(e: ts.Expression, context: RuleContext, depth = 0): string | undefined {
  // constructor(private app: Express): the app every `new Routes(app)` passes, when they all pass the same one.
  const passed = depth < 3 ? context.injectedArguments(e) : [];
  const keys = passed.map((a) => declarationKey(skipOuter(a), context, depth + 1));
  if (keys.length && keys.every((k) => k !== undefined && k === keys[0])) return keys[0];
  const handed = depth < 3 ? handedBack(e, context) : undefined;
  if (handed) return declarationKey(handed, context, depth + 1);
  // this.app of two classes in one file are two apps.
  const field = ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword ? classField(e) : undefined;
  if (field) return `${context.pathOf(field)}:${field.pos}`;
  if (!ts.isIdentifier(e)) return undefined;
  const init = context.initializer(e);
  // const app = server.getInstance(): the app the method hands back.
  const fromMethod = init && depth < 3 ? handedBack(skipOuterAndAwait(init), context) : undefined;
  if (fromMethod) return declarationKey(fromMethod, context, depth + 1);
  // An imported router: the instance its module made (`export default router`).
  const made = init ?? instanceNode(e, context);
  return made ? `${context.pathOf(made)}:${made.pos}` : undefined;
}

/**
 * `server.getInstance()`, a project method whose only return is a field or a variable declared outside it: the app
 * it hands back is that field's or variable's, so hooks added on the field cover routes added on the result.
 */
function handedBack(e: ts.Expression, context: RuleContext): ts.Expression | undefined {
  if (!ts.isCallExpression(e)) return undefined;
  const fns = context.calleeFunctions(e);
  const [fn] = fns;
  const returned = fn && fns.length === 1 ? returnedExpressions(fn) : [];
  const only = returned.length === 1 && returned[0] ? skipOuter(returned[0]) : undefined;
  if (!fn || !only) return undefined;
  if (ts.isPropertyAccessExpression(only) && only.expression.kind === ts.SyntaxKind.ThisKeyword) return only;
  // A variable made inside is a new app on every call.
  const decl = ts.isIdentifier(only) ? context.declaration(only) : undefined;
  return decl && (decl.getSourceFile() !== fn.getSourceFile() || decl.pos < fn.pos || decl.end > fn.end) ? only : undefined;
}

function instanceNode(e: ts.Identifier, context: RuleContext): ts.Node | undefined {
  const ref = context.resolve(e);
  return ref.kind === "instance" ? ref.node : undefined;
}

/**
 * The calls that mount a router on another app: `app.use("/api", auth, router)`, koa's `app.use(router.routes())`,
 * hono's `app.route("/api", sub)` (recorded as a use).
 */
function mountsOf(key: string, context: RuleContext): { route: HttpRoute; at: number }[] {
  const mounted = (a: ts.Expression): boolean => {
    let e = skipOuter(a);
    // koa: router.routes() and router.middleware() hand the router's routes to the app.
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && /^(routes|middleware)$/.test(e.expression.name.text)) e = skipOuter(e.expression.expression);
    // const routes = mcpRouter(); app.use("/mcp", routes): the const holds the router the factory call returned.
    const made = ts.isIdentifier(e) && declarationKey(e, context) !== key ? context.initializer(e) : undefined;
    if (made && ts.isCallExpression(skipOuterAndAwait(made))) e = skipOuterAndAwait(made);
    // app.use("/mcp", mcpRouter()): the router a project factory returns.
    if (ts.isCallExpression(e)) return context.calleeFunctions(e).some((f) => returnedExpressions(f).some((r) => declarationKey(skipOuter(r), context) === key));
    return declarationKey(e, context) === key;
  };
  return context.model.routes.flatMap((route) => {
    const at = route.method === "use" ? route.args.findIndex(mounted) : -1;
    return at >= 0 ? [{ route, at }] : [];
  });
}

/**
 * `app.use(mw)` and `app.use("/mcp", mw)` on the same app, registered before the route when in the same file; for a
 * router, also what the apps that mount it run before the mount (two mounts deep).
 */
function appMiddleware(key: string, route: HttpRoute, context: RuleContext, depth = 0, routePath = route.path ?? ""): ts.Expression[] {
  const own = context.model.routes
    .filter((r) => r.method === "use" && appKey(r, context) === key)
    // "*" and "/api/*" (hono, express 4) cover every path under their prefix.
    .filter((r) => r.path === null || routePath.startsWith(r.path.replace(/\/?\*$/, "")))
    .filter((r) => registeredBefore(r.node, route.node, context))
    .flatMap((r) => r.args);
  if (depth > 1) return own;
  const mounting = mountsOf(key, context).flatMap(({ route: mount, at }) => [
    // The mounting app sees the route at the mount's prefix joined to the router's path: app.use("/mcp", auth) covers router.post("/mcp") mounted at "/".
    ...appMiddleware(appKey(mount, context), mount, context, depth + 1, joinedPath(mount.path, routePath)),
    ...mount.args.slice(0, at),
  ]);
  return [...mounting, ...own];
}

/** The path a mounted router's route answers at: the mount's prefix, then the route's own path. */
function joinedPath(prefix: string | null, path: string): string {
  if (prefix === null) return path;
  if (!path) return prefix;
  return `${prefix.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/**
 * Whether `use` runs before the route is registered: compared where they are written, or, when each sits in a
 * function of the file (`setupMiddleware()`, `new Routes(app).register()`), where those are called, two calls up.
 */
function registeredBefore(use: ts.Node, route: ts.Node, context: RuleContext): boolean {
  if (use.getSourceFile() !== route.getSourceFile()) {
    // Routes a function of another file registers (`mountMcpRoutes(app)`): compared where the middleware's file calls it.
    const site = calledFrom(route, context, 0, use.getSourceFile());
    return site.getSourceFile() !== use.getSourceFile() || registeredBefore(use, site, context);
  }
  if (enclosingFunction(use) === enclosingFunction(route)) return use.pos < route.pos;
  const [u, r] = [calledFrom(use, context, 0), calledFrom(route, context, 0)];
  return enclosingFunction(u) === enclosingFunction(r) && u !== r ? u.pos < r.pos : use.pos < route.pos;
}

/** The call, in the given file (the node's own by default), of the named function a node sits in (and of the one that call sits in). */
function calledFrom(node: ts.Node, context: RuleContext, depth: number, file = node.getSourceFile()): ts.Node {
  const fn = enclosingFunction(node);
  if (!fn || depth > 1) return node;
  const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  const [site] = name ? context.callsNamed(name).filter((c) => c.getSourceFile() === file && context.calleeFunctions(c).includes(fn)) : [];
  return site ? calledFrom(site, context, depth + 1) : node;
}

/** What makes a middleware authentication: a known auth library, a check of credentials, or an auth-like name. */
function authEvidence(mw: ts.Expression, context: RuleContext): string | undefined {
  const choice = chosenMiddleware(mw, context);
  if (choice) {
    // OAUTH ? requireAuth : (req, res, next) => next(): auth when either branch checks, and optional unless both do.
    return authEvidence(choice.whenTrue, context) ?? authEvidence(choice.whenFalse, context);
  }
  const e = skipOuter(mw);
  const callee = ts.isCallExpression(e) || ts.isNewExpression(e) ? e.expression : e;
  const api = context.api(callee);
  if (api) {
    const member = api.path[api.path.length - 1] ?? api.module;
    if (api.module.startsWith("@modelcontextprotocol/") && /requireBearerAuth|BearerAuth/i.test(member)) return "requireBearerAuth";
    // The OAuth endpoints (/authorize, /token, metadata): they issue tokens, and check none on the routes after them.
    if (api.module.startsWith("@modelcontextprotocol/") && /^mcpAuth(Metadata)?Router$/.test(member)) return undefined;
    if (AUTH_MODULES.test(api.module)) return api.module;
  }
  const fn = middlewareFunction(e, context) ?? nestHook(e, context);
  const verdict = fn && inlineVerdict(fn, AUTH_HEADER, context);
  if (verdict?.check) return functionLabel(e);
  // routes(authMiddleware) { router.post(path, authMiddleware, …) }: what the callers hand in, not the parameter's name.
  const passed = fn ? undefined : throughCallers(e, context, (args) => {
    const evidence = args.map((arg) => authEvidence(arg, context));
    return { evidence: evidence.every(Boolean) ? evidence[0] : undefined };
  });
  if (passed) return passed.evidence;
  // Its name says auth, but its body lets any token of the right shape through.
  if (verdict?.shapeOnly) return undefined;
  // A Nest guard's name says what it guards: ThrottlerGuard limits rates, JwtAuthGuard checks tokens.
  if (isName(callee) && AUTH_NAME.test(callee.getText().replace(/Guard$/, "")) && !LIMITER_NAME.test(callee.getText())) return functionLabel(e);
  return undefined;
}

/**
 * A middleware that is a parameter of the function installing it, judged by what every caller passes for it; undefined
 * when it is no parameter, its callers are not all known, or it is already being judged (a function passing it on to itself).
 */
function throughCallers<T>(e: ts.Expression, context: RuleContext, judge: (args: ts.Expression[]) => T): T | undefined {
  const param = ts.isIdentifier(e) ? context.declaration(e) : undefined;
  if (!param || !ts.isParameter(param) || resolvingParameters.has(param)) return undefined;
  const passed = passedArguments(param, context);
  if (!passed) return undefined;
  resolvingParameters.add(param);
  try {
    return judge(passed.map((p) => p.arg));
  } finally {
    resolvingParameters.delete(param);
  }
}

/** Parameters whose callers are being read: a function that passes its own middleware on to itself ends there. */
const resolvingParameters = new Set<ts.ParameterDeclaration>();

/** A Nest guard's canActivate or a Nest middleware's use, for a class given as `AuthGuard` or `new AuthGuard()`. */
function nestHook(e: ts.Expression, context: RuleContext): FunctionLike | undefined {
  const ref = context.resolve(ts.isNewExpression(e) ? e.expression : e);
  if (ref.kind !== "class") return undefined;
  return ref.node.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.body && /^(canActivate|use)$/.test(m.name.getText()));
}

/** A middleware picked by a condition: `cond ? a : b`, directly or through the const that holds it. */
function chosenMiddleware(mw: ts.Expression, context: RuleContext): ts.ConditionalExpression | undefined {
  let e = skipOuter(mw);
  if (ts.isIdentifier(e)) e = skipOuter(constValue(e, context) ?? e);
  return ts.isConditionalExpression(e) ? e : undefined;
}

/**
 * Auth middleware that may not run: one branch of its condition lets everything through, or it is registered under
 * `if (process.env.AUTH)`. Either way the default install can serve without it.
 */
function optionalMiddleware(mw: ts.Expression, context: RuleContext): boolean {
  const choice = chosenMiddleware(mw, context);
  if (choice && (!authEvidence(choice.whenTrue, context) || !authEvidence(choice.whenFalse, context))) return true;
  // authMiddleware() that returns `(req, res, next) => next()` unless configured: the same choice made in a factory.
  const made = skipOuter(mw);
  if (ts.isCallExpression(made) && context.calleeFunctions(made).some((f) => returnedExpressions(f).some((r) => passThroughMiddleware(r, context)))) return true;
  const registrar = ts.isCallExpression(mw.parent) ? calleeName(mw.parent) : undefined;
  for (let n: ts.Node = mw; n.parent && !isFunctionLike(n.parent) && !ts.isSourceFile(n.parent); n = n.parent) {
    if (ts.isIfStatement(n.parent) && n === n.parent.thenStatement && installsNothing(n.parent.elseStatement, registrar) && (envDerived(n.parent.expression, context, 0) || sharesSetting(n.parent.expression, mw, context))) return true;
  }
  return false;
}

/** An auth middleware that lets every request in until it is configured: it fails open, is installed only when set, or says yes by default. */
function offUnlessConfigured(mw: ts.Expression, context: RuleContext): boolean {
  const passed = throughCallers(skipOuter(mw), context, (args) => args.some((arg) => offUnlessConfigured(arg, context)));
  if (passed !== undefined) return passed;
  const fn = middlewareFunction(skipOuter(mw), context);
  return failsOpen(mw, context) || optionalMiddleware(mw, context) || opensByDefault(fn, context) || checksEachSetting(fn, context);
}

/** `if (!options.disableAuth) app.use(auth)`: the condition a middleware is installed under, in the function that installs it. */
function installCondition(mw: ts.Expression): ts.Expression | undefined {
  const registrar = ts.isCallExpression(mw.parent) ? calleeName(mw.parent) : undefined;
  for (let n: ts.Node = mw; n.parent && !isFunctionLike(n.parent) && !ts.isSourceFile(n.parent); n = n.parent) {
    // An else that stops the start-up, or installs another check, leaves no way to run without one.
    if (ts.isIfStatement(n.parent) && n === n.parent.thenStatement) return installsNothing(n.parent.elseStatement, registrar) ? n.parent.expression : undefined;
  }
  return undefined;
}

/** An else branch that only logs: it neither registers other middleware (`use`) nor stops the start-up (throw, return, exit). */
function installsNothing(branch: ts.Statement | undefined, registrar: string | undefined): boolean {
  if (!branch) return true;
  let acts = false;
  const visit = (n: ts.Node): void => {
    if (acts || isFunctionLike(n)) return;
    if (ts.isThrowStatement(n) || ts.isReturnStatement(n) || (ts.isCallExpression(n) && (calleeName(n) === registrar || calleeName(n) === "exit"))) acts = true;
    else ts.forEachChild(n, visit);
  };
  visit(branch);
  return !acts;
}

/**
 * `if (keys.length) app.use(checkKeys(keys))`: the condition tests a setting the middleware checks against, so with
 * that setting empty the middleware is never installed.
 */
function sharesSetting(cond: ts.Expression, mw: ts.Expression, context: RuleContext): boolean {
  const tested = new Set<ts.Node>();
  const collect = (n: ts.Node): void => {
    const decl = ts.isIdentifier(n) ? context.declaration(n) : undefined;
    // Variables and parameters only: `Object` and `keys` in `Object.keys(x)` name the same library things everywhere.
    if (decl && (ts.isVariableDeclaration(decl) || ts.isParameter(decl) || ts.isBindingElement(decl)) && !decl.getSourceFile().isDeclarationFile) tested.add(decl);
    ts.forEachChild(n, collect);
  };
  collect(cond);
  const uses = (n: ts.Node): boolean => (ts.isIdentifier(n) && tested.has(context.declaration(n) as ts.Node)) || !!ts.forEachChild(n, (c) => uses(c) || undefined);
  // `const auth = createAuthMiddleware(strategy); app.use(auth)`: the middleware is made from the tested setting.
  const made = ts.isIdentifier(skipOuter(mw)) ? constValue(skipOuter(mw) as ts.Identifier, context) : undefined;
  return tested.size > 0 && (uses(mw) || (!!made && uses(made)));
}

/** `(req, res, next) => next()`: a middleware that hands every request on and checks nothing. */
function passThroughMiddleware(e: ts.Expression, context: RuleContext): boolean {
  const fn = middlewareFunction(skipOuter(e), context);
  const next = fn && (fn.parameters[2] ?? fn.parameters[1])?.name.getText();
  if (!fn?.body || !next) return false;
  if (ts.isBlock(fn.body)) return fn.body.statements.length > 0 && fn.body.statements.every((st) => passesThrough(st, next));
  const call = skipOuterAndAwait(fn.body);
  return ts.isCallExpression(call) && call.arguments.length === 0 && calleeName(call) === next;
}

/** A middleware registered only when configured, whose yes/no helper says yes until it is, or whose refusal is. */
function opensByDefault(fn: FunctionLike | undefined, context: RuleContext): boolean {
  return gatedByEnvironment(fn, context) || (!!fn && (verdictFailsOpen(fn, context) || refusesOnlyWhenConfigured(fn, context)));
}

/**
 * `if (process.env.REQUIRE_TOKEN === "true" && !token) return res.status(401).end()`, here or in a helper it calls:
 * every 401 or 403 sits under a condition that is false by default, so a default install refuses no one.
 */
function refusesOnlyWhenConfigured(fn: FunctionLike, context: RuleContext): boolean {
  let refusals = 0;
  let ungated = false;
  const seen = new Set<FunctionLike>();
  // `gated`: the call that reached f sits under such a condition (`if (required() && !token) sendUnauthorized(res)`).
  const scan = (f: FunctionLike, depth: number, gated: boolean): void => {
    if (seen.has(f) || !f.body) return;
    seen.add(f);
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const off = gated || underOffCondition(n, context);
        if (/^(401|403)$/.test(answeredStatus(n) ?? "")) {
          refusals++;
          if (!off) ungated = true;
        }
        if (depth < 3) for (const g of context.calleeFunctions(n)) scan(g, depth + 1, off);
      }
      ts.forEachChild(n, visit);
    };
    visit(f.body);
  };
  scan(fn, 0, false);
  return refusals > 0 && !ungated;
}

/** The node sits in the then-branch of an `if` whose condition does not hold in a default install. */
function underOffCondition(node: ts.Node, context: RuleContext): boolean {
  return enclosingConditions(node).some((c) => onByDefault(c, context, 0) === false);
}

/** The conditions of the `if`s whose then-branch holds the node, in its function, split at `&&`. */
function enclosingConditions(node: ts.Node): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (let n: ts.Node = node; n.parent && !isFunctionLike(n); n = n.parent) if (ts.isIfStatement(n.parent) && n === n.parent.thenStatement) out.push(...conjunctsOf(n.parent.expression));
  return out;
}

/**
 * `if (!process.env.MCP_TOKEN) return next();` or `if (config.authMode !== "jwt") return next();` at the top of an
 * auth middleware: with nothing configured, which is the default, it checks nothing.
 */
function failsOpen(mw: ts.Expression, context: RuleContext): boolean {
  const fn = middlewareFunction(skipOuter(mw), context);
  return !!fn && !!openingStatement(fn, context);
}

/** The `if` at the top of an auth check that lets a request through while its setting is unset or at its default. */
function openingStatement(fn: FunctionLike, context: RuleContext): ts.IfStatement | undefined {
  if (!fn.body || !ts.isBlock(fn.body)) return undefined;
  // Express passes (req, res, next), Hono (c, next); a Nest guard's canActivate lets in by returning true.
  const next = (fn.parameters[2] ?? fn.parameters[1])?.name.getText() ?? "next";
  const guard = fn.name?.getText() === "canActivate";
  return fn.body.statements.find((st): st is ts.IfStatement => ts.isIfStatement(st) && (passesThrough(st.thenStatement, next) || (guard && returnsTrue(st.thenStatement))) && onByDefault(st.expression, context, 0) === true);
}

/** `if (values.open) return next()` at the top of an auth middleware: a setting, off by default, that lets every request in. */
function optingOut(mw: ts.Expression, context: RuleContext): ts.Expression | undefined {
  const fn = middlewareFunction(skipOuter(mw), context);
  if (!fn?.body || !ts.isBlock(fn.body)) return undefined;
  const next = (fn.parameters[2] ?? fn.parameters[1])?.name.getText() ?? "next";
  return fn.body.statements.find((st): st is ts.IfStatement => ts.isIfStatement(st) && passesThrough(st.thenStatement, next) && onByDefault(st.expression, context, 0) === false)?.expression;
}

/** `if (!apiKey) return next()` in an auth middleware the app installs: where it lets every request in while unconfigured. */
function middlewareOpening(mw: ts.Expression, context: RuleContext): ts.IfStatement | undefined {
  const fn = middlewareFunction(skipOuter(mw), context);
  return fn && openingStatement(fn, context);
}

/** A Nest guard (or Nest middleware) given to the routes whose hook lets requests in while unconfigured: where it does. */
function nestGuardOpening(mw: ts.Expression, context: RuleContext): ts.IfStatement | undefined {
  const hook = nestHook(skipOuter(mw), context);
  return hook && openingStatement(hook, context);
}

/**
 * `if (!authenticate(req, res)) return;` where authenticate starts with `if (!process.env.TOKEN) return true;`: the
 * helper says yes to everyone until a token is configured.
 */
function verdictFailsOpen(handler: FunctionLike, context: RuleContext): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      for (const helper of context.calleeFunctions(n)) {
        const body = helper.body && ts.isBlock(helper.body) ? helper.body.statements : [];
        const scope: CallScope = { fn: helper, args: n.arguments };
        if (givesVerdict(helper) && body.some((st) => ts.isIfStatement(st) && returnsTrue(st.thenStatement) && onByDefault(st.expression, context, 0, scope) === true)) found = true;
      }
    }
    ts.forEachChild(n, visit);
  };
  if (handler.body) visit(handler.body);
  return found;
}

/** `return true` (or `return { ok: true }`), or a block that logs (once, or however) and then returns it. */
function returnsTrue(st: ts.Statement): boolean {
  const body = ts.isBlock(st) ? st.statements : [st];
  const ret = body.at(-1);
  return !!ret && ts.isReturnStatement(ret) && !!ret.expression && saysYes(skipOuter(ret.expression)) && body.slice(0, -1).every(staysIn);
}

/** A statement that never leaves the function: no return or throw in it, outside the functions it defines. */
function staysIn(st: ts.Statement): boolean {
  const leaves = (n: ts.Node): boolean => ts.isReturnStatement(n) || ts.isThrowStatement(n) || (!isFunctionLike(n) && !!ts.forEachChild(n, (c) => leaves(c) || undefined));
  return !leaves(st);
}

/** `true`, or a verdict object whose verdict field is true. */
function saysYes(e: ts.Expression): boolean {
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  return ts.isObjectLiteralExpression(e) && e.properties.some((p) => ts.isPropertyAssignment(p) && VERDICT_FIELD.test(p.name.getText()) && p.initializer.kind === ts.SyntaxKind.TrueKeyword);
}

/**
 * `const header = req.headers.authorization; if (header) { …401… } next();`: only a request that brings a credential
 * is checked, so one that brings none is handed on.
 */
function checksOnlyWhenSent(fn: FunctionLike | undefined): boolean {
  if (!fn?.body || !ts.isBlock(fn.body)) return false;
  const statements = fn.body.statements;
  const next = (fn.parameters[2] ?? fn.parameters[1])?.name.getText() ?? "next";
  const at = statements.findIndex((st) => ts.isIfStatement(st) && !st.elseStatement && sentCredential(st.expression, statements));
  const gate = statements[at] as ts.IfStatement | undefined;
  if (!gate || !refusesCredentials(gate.thenStatement)) return false;
  const before = statements.slice(0, at);
  const after = statements.slice(at + 1);
  return before.every((st) => ts.isVariableStatement(st) || ts.isExpressionStatement(st)) && !before.some((st) => refusesCredentials(st)) && after.length > 0 && after.every((st) => passesThrough(st, next));
}

/** `header`, `header && …`, or the credential read itself: true only when the request sent one. */
function sentCredential(cond: ts.Expression, statements: readonly ts.Statement[]): boolean {
  const e = skipOuter(cond);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return sentCredential(e.left, statements);
  if (readsAuthHeader(e)) return true;
  if (!ts.isIdentifier(e)) return false;
  const decl = statements.flatMap((st) => (ts.isVariableStatement(st) ? st.declarationList.declarations : [])).find((d) => ts.isIdentifier(d.name) && d.name.text === e.text);
  return !!decl?.initializer && containsAuthRead(decl.initializer);
}

/**
 * `if (!isLoopback && token !== expected) return res.status(401)` or `if (isLoopback(req)) return next()`: a peer on
 * the loopback address skips the credential check, and so do a local browser page and whatever a tunnel relays.
 */
function exemptsLoopback(fn: FunctionLike, context: RuleContext): boolean {
  if (!fn.body || !ts.isBlock(fn.body)) return false;
  const next = (fn.parameters[2] ?? fn.parameters[1])?.name.getText() ?? "next";
  let exempt = false;
  const peerTest = (c: ts.Expression) => LOOPBACK_PEER.every((re) => re.test(expandedText(c, context, 0)));
  const visit = (n: ts.Node): void => {
    if (exempt || isFunctionLike(n)) return;
    if (ts.isIfStatement(n) && conjunctsOf(n.expression).some(peerTest) && passesThrough(n.thenStatement, next)) exempt = true;
    // if (!isLoopback) { if (token !== expected) return 401 }: the refusal waits on the peer test as well as the credential.
    if (ts.isCallExpression(n) && /^(401|403)$/.test(answeredStatus(n) ?? "")) {
      const conditions = enclosingConditions(n);
      const peer = conditions.filter(peerTest);
      if (peer.length && conditions.some((c) => !peer.includes(c) && CREDENTIAL.test(expandedText(c, context, 0)))) exempt = true;
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return exempt;
}

/** A test of the connection's peer address against the loopback address. */
const LOOPBACK_PEER = [/remoteAddress|remote\.address|\b(req|request)\.ip\b|getConnInfo|socket\.address/, /127\.0\.0\.1|::1|localhost|loopback|isLocal/i];

/** `a && b && c`: its parts. */
function conjunctsOf(e: ts.Expression): ts.Expression[] {
  const x = skipOuter(e);
  return ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? [...conjunctsOf(x.left), ...conjunctsOf(x.right)] : [x];
}

/** The expression's text with the initializers of the names it reads, two levels deep. */
function expandedText(e: ts.Expression, context: RuleContext, depth: number): string {
  const parts = [e.getText()];
  const visit = (n: ts.Node): void => {
    const init = depth < 2 && ts.isIdentifier(n) ? context.initializer(n) : undefined;
    if (init && !isFunctionLike(init)) parts.push(expandedText(init, context, depth + 1));
    ts.forEachChild(n, visit);
  };
  visit(e);
  return parts.join(" ");
}

/** A 401 or 403 answered in this code, outside the functions it defines. */
function refusesCredentials(root: ts.Node): boolean {
  const visit = (n: ts.Node): boolean => {
    if (n !== root && isFunctionLike(n)) return false;
    if (ts.isCallExpression(n) && /^(401|403)$/.test(answeredStatus(n) ?? "")) return true;
    return !!ts.forEachChild(n, (c) => visit(c) || undefined);
  };
  return visit(root);
}

/** `return next()`, `return await next()` or `{ next(); return; }`: hands the request on without a check. */
function passesThrough(st: ts.Statement, next: string): boolean {
  const body = ts.isBlock(st) ? st.statements : [st];
  return body.some((x) => {
    const e = ts.isExpressionStatement(x) ? x.expression : ts.isReturnStatement(x) ? x.expression : undefined;
    const call = e && skipOuterAndAwait(e);
    return !!call && ts.isCallExpression(call) && call.arguments.length === 0 && calleeName(call) === next;
  });
}

/**
 * The value a boolean setting has when no environment variable is set: `true`, `process.env.X !== "false"` (on
 * unless turned off) or `process.env.X === "true"` (off unless turned on); undefined when it cannot be told.
 */
function onByDefault(expr: ts.Expression, context: RuleContext, depth: number, scope?: CallScope): boolean | undefined {
  const e = skipOuter(expr);
  if (depth > 6) return undefined;
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword || isNullish(e)) return false;
  const passed = argumentFor(e, scope, context);
  if (passed) return onByDefault(passed.arg, context, depth + 1, passed.scope);
  // An editor setting or command-line flag the operator has not set: its default, or nothing.
  const chosen = operatorSetting(e, context);
  const fallback = chosen?.fallback;
  if (chosen) return fallback ? (onByDefault(fallback, context, depth + 1) ?? !!context.constantText(fallback)) : false;
  if (ts.isIdentifier(e)) {
    const init = constValue(e, context);
    return init ? onByDefault(init, context, depth + 1) : undefined;
  }
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = onByDefault(e.operand, context, depth + 1, scope);
    return inner === undefined ? undefined : !inner;
  }
  // `key ? key : undefined`: the branch the default takes.
  if (ts.isConditionalExpression(e)) {
    const condition = onByDefault(e.condition, context, depth + 1, scope);
    return condition === undefined ? undefined : onByDefault(condition ? e.whenTrue : e.whenFalse, context, depth + 1, scope);
  }
  // process.env.HOSTS?.split(","): nothing at all while the variable is unset.
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.questionDotToken && fromEnvironment(e.expression.expression, context) && !environmentDefault(e.expression.expression, context)) return false;
  if (ts.isCallExpression(e)) {
    const answer = helperAnswer(e, context, depth, scope);
    if (answer !== undefined) return answer;
  }
  // A variable that is not set: its fallback, or nothing.
  if (fromEnvironment(e, context)) return !!environmentDefault(e, context);
  // keys.length of a list split from an unset variable: 0.
  if (ts.isPropertyAccessExpression(e) && (e.name.text === "length" || e.name.text === "size") && emptyByDefault(e.expression, context, 0)) return false;
  if (ts.isPropertyAccessExpression(e)) {
    // config.requireAuth, with config the caller's settings object.
    const receiver = argumentFor(skipOuter(e.expression), scope, context);
    const setting = receiver ? context.objectProps(receiver.arg)?.value(e.name.text) : settingValue(e, context);
    return setting ? onByDefault(setting, context, depth + 1, receiver?.scope) : undefined;
  }
  if (!ts.isBinaryExpression(e)) return undefined;
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
    const [left, right] = [onByDefault(e.left, context, depth + 1, scope), onByDefault(e.right, context, depth + 1, scope)];
    const decisive = op === ts.SyntaxKind.BarBarToken;
    if (left === decisive || right === decisive) return decisive;
    return left === !decisive && right === !decisive ? !decisive : undefined;
  }
  const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
  // keys.length === 0, keys.size > 0: how many entries a list from an unset variable has.
  const count = skipOuter(e.left);
  // The list may be a parameter of the helper being asked: the caller's argument then.
  const list = ts.isPropertyAccessExpression(count) && (count.name.text === "length" || count.name.text === "size") ? (argumentFor(skipOuter(count.expression), scope, context)?.arg ?? count.expression) : undefined;
  if (list && skipOuter(e.right).getText() === "0" && emptyByDefault(list, context, 0)) {
    if (equal || op === ts.SyntaxKind.LessThanEqualsToken) return true;
    if (op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken || op === ts.SyntaxKind.GreaterThanToken) return false;
  }
  if (!equal && op !== ts.SyntaxKind.ExclamationEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsToken) return undefined;
  // An unset variable equals no string but its fallback: `(process.env.MODE || "none") !== "jwt"` holds by default.
  const [leftSide, rightSide] = [argumentFor(skipOuter(e.left), scope, context)?.arg ?? e.left, argumentFor(skipOuter(e.right), scope, context)?.arg ?? e.right];
  const [env, literal] = fromEnvironment(leftSide, context) ? [leftSide, rightSide] : [rightSide, leftSide];
  const text = ts.isStringLiteralLike(skipOuter(literal)) ? (skipOuter(literal) as ts.StringLiteralLike).text : undefined;
  if (!fromEnvironment(env, context) || text === undefined) return undefined;
  return (environmentDefault(env, context) === text) === equal;
}

/**
 * A list that is empty when its environment variable is unset: `(process.env.KEYS ?? "").split(",").filter(Boolean)`,
 * `process.env.KEYS?.split(",") ?? []`, or a Set of one.
 */
function emptyByDefault(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  const e = skipOuter(expr);
  if (depth > 5) return false;
  if (ts.isIdentifier(e)) {
    const init = constValue(e, context);
    if (init) return emptyByDefault(init, context, depth + 1);
    // const { tokens } = resolveTokens(): the list the helper's closing return gives when every other return is conditional.
    const read = settingPath(e, context, 0);
    const closing = read?.path.length === 1 ? closingReturnField(read.call, read.path[0] as string, context) : undefined;
    return !!closing && emptyByDefault(closing, context, depth + 1);
  }
  if (ts.isArrayLiteralExpression(e)) return e.elements.length === 0;
  if (ts.isNewExpression(e) && /^(Set|Map)$/.test(e.expression.getText())) return !e.arguments?.[0] || emptyByDefault(e.arguments[0], context, depth + 1);
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    // process.env.KEYS?.split(",") ?? []: no variable, no list, the fallback.
    return fromEnvironment(e.left, context) && emptyByDefault(e.right, context, depth + 1);
  }
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return false;
  const method = e.expression.name.text;
  const receiver = skipOuter(e.expression.expression);
  // "".split(",") is [""]: empty only once filter() drops the empty string.
  if (method === "filter") {
    const split = ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression) && receiver.expression.name.text === "split" ? skipOuter(receiver.expression.expression) : undefined;
    if (split && fromEnvironment(split, context) && !environmentDefault(split, context)) return true;
  }
  return (method === "filter" || method === "map" || method === "flatMap") && emptyByDefault(receiver, context, depth + 1);
}

/**
 * `return { tokens: [] }` as the last statement of the one function a call runs, with every other return inside an
 * `if` (a flag or variable that is set): the field's value when nothing is configured.
 */
function closingReturnField(call: ts.CallExpression, field: string, context: RuleContext): ts.Expression | undefined {
  const fn = soleCallee(call, context);
  const body = fn?.body;
  if (!fn || !body || !ts.isBlock(body)) return undefined;
  const last = body.statements[body.statements.length - 1];
  if (!last || !ts.isReturnStatement(last) || !last.expression) return undefined;
  const conditional = (r: ts.Node): boolean => {
    for (let n = r.parent; n && n !== body; n = n.parent) if (ts.isIfStatement(n)) return true;
    return false;
  };
  if (returnedExpressions(fn).some((r) => r !== last.expression && !conditional(r))) return undefined;
  return context.objectProps(last.expression)?.value(field);
}

/** The one project function with a body that a call runs; none when it may run several. */
function soleCallee(call: ts.CallExpression, context: RuleContext): FunctionLike | undefined {
  const [fn, ...others] = context.calleeFunctions(call).filter((f) => !!f.body);
  return others.length ? undefined : fn;
}

/** A project function's parameters standing for the arguments of one call, inside the call that made it (if any). */
interface CallScope {
  fn: FunctionLike;
  args: readonly ts.Expression[];
  outer?: CallScope;
}

/** The argument a parameter of the scope's function was given, and the scope that argument is read in. */
function argumentFor(e: ts.Expression, scope: CallScope | undefined, context: RuleContext): { arg: ts.Expression; scope?: CallScope } | undefined {
  if (!scope || !ts.isIdentifier(e)) return undefined;
  const decl = context.declaration(e);
  const index = decl && ts.isParameter(decl) ? scope.fn.parameters.indexOf(decl) : -1;
  const arg = index >= 0 ? scope.args[index] : undefined;
  return arg ? { arg, ...(scope.outer ? { scope: scope.outer } : {}) } : undefined;
}

/** `isEnabled(process.env.HARDEN)`, a project helper that answers one way: its answer for the arguments it is given. */
function helperAnswer(call: ts.CallExpression, context: RuleContext, depth: number, outer: CallScope | undefined): boolean | undefined {
  const fn = soleCallee(call, context);
  if (!fn) return undefined;
  const scope: CallScope = { fn, args: call.arguments, ...(outer ? { outer } : {}) };
  const answers = returnedExpressions(fn).map((r) => onByDefault(r, context, depth + 1, scope));
  return answers.length && answers.every((a) => a === answers[0]) ? answers[0] : undefined;
}

/** The text a setting from the environment falls back to when its variable is unset (`process.env.X || "none"`). */
function environmentDefault(expr: ts.Expression, context: RuleContext, depth = 0): string | undefined {
  let e = skipOuter(expr);
  if (depth > 4) return undefined;
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  else if (ts.isPropertyAccessExpression(e)) {
    const field = settingValue(e, context) ? undefined : parsedEnvironmentField(e, context);
    if (field) return zodDefault(field, context);
    e = skipOuter(settingValue(e, context) ?? e);
  }
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return context.constantText(e.right) ?? environmentDefault(e.left, context, depth + 1);
  }
  const fallback = operatorSetting(e, context)?.fallback;
  return fallback && context.constantText(fallback);
}

/**
 * A setting the operator may leave unset, with the default it then has: an editor setting
 * (`vscode.workspace.getConfiguration("x").get("apiKey", "")`) or a node:util `parseArgs` flag (`values.auth`).
 */
function operatorSetting(e: ts.Expression, context: RuleContext): { fallback?: ts.Expression } | undefined {
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "get") {
    let config = skipOuter(e.expression.expression);
    if (ts.isIdentifier(config)) config = skipOuter(constValue(config, context) ?? config);
    const editor = ts.isCallExpression(config) && context.api(config.expression)?.module === "vscode" && calleeName(config) === "getConfiguration";
    return editor || nestConfig(config, context) ? { ...(e.arguments[1] ? { fallback: e.arguments[1] } : {}) } : undefined;
  }
  const read = settingPath(e, context, 0);
  if (!read || read.path.length !== 2 || read.path[0] !== "values") return undefined;
  const api = context.api(read.call.expression);
  if (api?.module !== "util" || api.path.join(".") !== "parseArgs") return undefined;
  const option = context.objectProps(context.objectProps(read.call.arguments[0])?.value("options"))?.value(read.path[1] as string);
  const fallback = context.objectProps(option)?.value("default");
  return fallback ? { fallback } : {};
}

/** `this.config` or `config` declared as @nestjs/config's ConfigService, whose get(key, default) reads the environment. */
function nestConfig(e: ts.Expression, context: RuleContext): boolean {
  const name = ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(e.name) ? e.name : ts.isIdentifier(e) ? e : undefined;
  const decl = name && context.declaration(name);
  const type = decl && (ts.isParameter(decl) || ts.isPropertyDeclaration(decl) || ts.isVariableDeclaration(decl)) ? decl.type : undefined;
  return !!type && ts.isTypeReferenceNode(type) && context.api(type.typeName as ts.Expression)?.module === "@nestjs/config";
}

/** The call a value is read from and the member names on the way: `const { values: { auth } } = parseArgs(…)` is parseArgs, [values, auth]. */
function settingPath(expr: ts.Expression, context: RuleContext, depth: number): { call: ts.CallExpression; path: string[] } | undefined {
  const e = skipOuter(expr);
  if (depth > 6) return undefined;
  if (ts.isCallExpression(e)) return { call: e, path: [] };
  const member = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression) ? e.argumentExpression.text : undefined;
  if (member !== undefined) {
    const inner = settingPath((e as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression, context, depth + 1);
    return inner && { call: inner.call, path: [...inner.path, member] };
  }
  if (!ts.isIdentifier(e)) return undefined;
  const names: string[] = [];
  let decl: ts.Node | undefined = context.declaration(e);
  for (; decl && ts.isBindingElement(decl); decl = decl.parent.parent) {
    const key = decl.propertyName ?? decl.name;
    if (!ts.isIdentifier(key) && !ts.isStringLiteralLike(key)) return undefined;
    names.unshift(key.text);
  }
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !(decl.parent.flags & ts.NodeFlags.Const)) return undefined;
  const inner = settingPath(decl.initializer, context, depth + 1);
  return inner && { call: inner.call, path: [...inner.path, ...names] };
}

/**
 * `if (authEnabled) { …check the token… }` with authEnabled made from environment variables: the check runs only once
 * credentials are configured, and the default install serves everyone.
 */
function gatedByEnvironment(fn: FunctionLike | undefined, context: RuleContext): boolean {
  if (!fn?.body) return false;
  let gated = false;
  let open = false;
  const visit = (n: ts.Node, underGate: boolean): void => {
    if (isFunctionLike(n) && n !== fn) return;
    if (ts.isIfStatement(n) && envDerived(n.expression, context, 0)) {
      // if (expected && req.headers.authorization !== `Bearer ${expected}`): the header is read only once a token is set.
      const cond = skipOuter(n.expression);
      const gate = ts.isBinaryExpression(cond) && cond.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && envDerived(cond.left, context, 0) ? cond : undefined;
      if (gate) visit(gate.right, true);
      // if (token) { if (!tokenOk(req, token)) … }: a test already under the gate reads the credential under it too.
      else if (underGate) visit(n.expression, true);
      visit(n.thenStatement, true);
      if (n.elseStatement) visit(n.elseStatement, underGate);
      return;
    }
    if (readsAuthHeader(n) || (ts.isCallExpression(n) && context.calleeFunctions(n).some((helper) => helperReadsAuthHeader(helper)))) {
      if (underGate) gated = true;
      else open = true;
    }
    ts.forEachChild(n, (c) => visit(c, underGate));
  };
  visit(fn.body, false);
  return gated && !open;
}

/** `tokenOk(req, token)`: a helper that reads the credential itself. */
function helperReadsAuthHeader(helper: FunctionLike): boolean {
  return !!helper.body && containsAuthRead(helper.body);
}

function containsAuthRead(n: ts.Node): boolean {
  return readsAuthHeader(n) || !!ts.forEachChild(n, (c) => containsAuthRead(c) || undefined);
}

/** A read of a credential (not of an MCP session id, which identifies a stream and proves nothing). */
function readsAuthHeader(n: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(n)) return CREDENTIAL.test(n.name.text) && /headers|query|cookies/.test(n.expression.getText());
  if (ts.isElementAccessExpression(n)) return ts.isStringLiteralLike(n.argumentExpression) && CREDENTIAL.test(n.argumentExpression.text) && /headers|query|cookies/.test(n.expression.getText());
  if (!ts.isCallExpression(n)) return false;
  const name = calleeName(n);
  const arg = n.arguments[0];
  return (name === "header" || name === "get" || name === "getHeader") && !!arg && ts.isStringLiteralLike(arg) && CREDENTIAL.test(arg.text) && REQUEST_TEXT.test(n.expression.getText());
}

/**
 * `config.TOKEN` with `config = Schema.parse(process.env)` (or `safeParse(…).data`, possibly returned by a loader): the
 * zod field that reads the variable, whose `.default(…)` is its value when unset.
 */
function parsedEnvironmentField(e: ts.PropertyAccessExpression, context: RuleContext): ts.Expression | undefined {
  const parsed = parseCall(e.expression, context, 0);
  const schema = parsed && ts.isPropertyAccessExpression(parsed.expression) ? parsed.expression.expression : undefined;
  const shape = schema && zodObjectShape(schema, context);
  return shape ? context.objectProps(shape)?.value(e.name.text) : undefined;
}

/** The `S.parse(process.env)` or `S.safeParse(process.env)` call a value comes from, through consts, `.data` and a loader's return. */
function parseCall(expr: ts.Expression, context: RuleContext, depth: number): ts.CallExpression | undefined {
  if (depth > 4) return undefined;
  let e = skipOuterAndAwait(expr);
  if (ts.isIdentifier(e)) e = skipOuterAndAwait(context.initializer(e) ?? e);
  if (ts.isPropertyAccessExpression(e) && e.name.text === "data") return parseCall(e.expression, context, depth + 1);
  if (!ts.isCallExpression(e)) return undefined;
  const method = ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : undefined;
  if ((method === "parse" || method === "safeParse") && e.arguments[0] && environmentInput(e.arguments[0], context)) return e;
  const [loader, ...others] = context.calleeFunctions(e);
  const returned = loader && !others.length ? returnedExpressions(loader) : [];
  return returned.length === 1 && returned[0] ? parseCall(returned[0], context, depth + 1) : undefined;
}

/** `process.env`, or `{ HOST: process.env.HOST, … }` with every field read from the environment. */
function environmentInput(arg: ts.Expression, context: RuleContext): boolean {
  const e = skipOuter(arg);
  if (!ts.isObjectLiteralExpression(e)) return fromEnvironment(e, context, 3);
  return e.properties.length > 0 && e.properties.every((p) => (ts.isPropertyAssignment(p) ? fromEnvironment(p.initializer, context, 3) : ts.isSpreadAssignment(p) && fromEnvironment(p.expression, context, 3)));
}

/** The shape literal of `z.object({ … })`, directly or through the const that holds it, under `.refine(…)` and the like. */
function zodObjectShape(schema: ts.Expression, context: RuleContext): ts.Expression | undefined {
  let e = skipOuter(schema);
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  while (ts.isCallExpression(e) && calleeName(e) !== "object" && ts.isPropertyAccessExpression(e.expression)) e = skipOuter(e.expression.expression);
  return ts.isCallExpression(e) && calleeName(e) === "object" ? e.arguments[0] : undefined;
}

/** A zod field's `.default("text")`, the value an unset variable takes. */
function zodDefault(field: ts.Expression, context: RuleContext): string | undefined {
  for (let e = skipOuter(field); ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression); e = skipOuter(e.expression.expression)) {
    if (e.expression.name.text === "default" && e.arguments[0]) return context.constantText(e.arguments[0]);
  }
  return undefined;
}

/**
 * A value computed from environment variables, however many consts away (`new Set(process.env.KEYS.split(","))`),
 * or a parameter (or a field of one) that a caller leaves unset or fills from the environment.
 */
function envDerived(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  if (depth > 16) return false;
  const e = skipOuter(expr);
  const init = ts.isIdentifier(e) ? constValue(e, context) : undefined;
  if (init && fallsBackToOwnValue(init, context)) return false;
  if (fromEnvironment(e, context)) return true;
  if (ts.isIdentifier(e)) return init ? envDerived(init, context, depth + 1) : unsetByCaller(e, undefined, context, depth);
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(skipOuter(e.expression)) && unsetByCaller(skipOuter(e.expression) as ts.Identifier, e.name.text, context, depth)) return true;
  if (ts.isPropertyAccessExpression(e) && optionalSetting(e, context, depth)) return true;
  let found = false;
  ts.forEachChild(e, (c) => {
    if (!found && ts.isExpression(c)) found = envDerived(c, context, depth + 1);
  });
  return found;
}

/**
 * `resolveToken()` that returns the variable when set and otherwise mints (or reads) a token of its own: with nothing
 * configured the value is still there.
 */
function fallsBackToOwnValue(init: ts.Expression, context: RuleContext): boolean {
  const call = skipOuterAndAwait(init);
  if (!ts.isCallExpression(call)) return false;
  const fns = context.calleeFunctions(call).filter((fn) => !!fn.body && ts.isBlock(fn.body));
  return fns.length > 0 && fns.every((fn) => {
    const last = (fn.body as ts.Block).statements.at(-1);
    const value = last && ts.isReturnStatement(last) && last.expression ? skipOuterAndAwait(last.expression) : undefined;
    return !!value && !isNullish(value) && !fromEnvironment(value, context) && !ts.isConditionalExpression(value) && !ts.isBinaryExpression(value);
  });
}

/**
 * `start(port, token?)` or `buildApp({ token: process.env.TOKEN || null })`: a parameter (or its field `member`) that
 * some call leaves out, passes as null, or fills from the environment. With no calls in the project, a parameter
 * declared optional: whoever embeds the function may leave it unset.
 */
function unsetByCaller(id: ts.Identifier, member: string | undefined, context: RuleContext, depth: number): boolean {
  const param = context.declaration(id);
  const fn = param?.parent;
  if (!param || !ts.isParameter(param) || param.dotDotDotToken || !fn || !isFunctionLike(fn)) return false;
  const index = fn.parameters.indexOf(param);
  const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  const sites = name ? context.callsNamed(name).filter((c) => context.calleeFunctions(c).includes(fn)) : [];
  if (!sites.length) return member === undefined && !!(param.questionToken || param.initializer || (param.type && /\b(undefined|null)\b/.test(param.type.getText())));
  return sites.some((site) => {
    const arg = site.arguments[index];
    if (!arg) return true;
    if (ts.isSpreadElement(arg)) return false;
    if (member === undefined) return isNullish(arg) || envDerived(arg, context, depth + 1);
    const literal = skipOuter(arg);
    if (!ts.isObjectLiteralExpression(literal) || literal.properties.some(ts.isSpreadAssignment)) return false;
    const value = context.objectProps(literal)?.value(member);
    return !value || isNullish(value) || envDerived(value, context, depth + 1);
  });
}

/** `this.options.auth` with `this.options = { port: 3001, ...options }` and `options = {}`: a setting with no default, unset unless given. */
function optionalSetting(e: ts.PropertyAccessExpression, context: RuleContext, depth: number): boolean {
  const props = context.objectProps(e.expression);
  if (!props || props.has(e.name.text)) return false;
  return props.node.properties.some((p) => {
    const spread = ts.isSpreadAssignment(p) ? skipOuter(p.expression) : undefined;
    if (!spread || !ts.isIdentifier(spread)) return false;
    const param = context.declaration(spread);
    const optional = !!param && ts.isParameter(param) && (!!param.questionToken || (!!param.initializer && ts.isObjectLiteralExpression(skipOuter(param.initializer))));
    return optional || unsetByCaller(spread, e.name.text, context, depth);
  });
}

/** `config.authMode` or `this.opts.host`: the value the object it is read from was written with. */
function settingValue(e: ts.PropertyAccessExpression, context: RuleContext): ts.Expression | undefined {
  return context.objectProps(e.expression)?.value(e.name.text);
}

/** The initializer of the const an identifier names, through declaration(), which also follows `{ x }` shorthand. */
function constValue(id: ts.Identifier, context: RuleContext): ts.Expression | undefined {
  const decl = context.declaration(id);
  return decl && ts.isVariableDeclaration(decl) && decl.parent.flags & ts.NodeFlags.Const ? decl.initializer : undefined;
}

/** String methods that return the same setting in another case or without surrounding spaces. */
const TEXT_TIDIERS: ReadonlySet<string> = new Set(["trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase"]);

/** A value read from the environment: directly, through the const that holds it, or from a settings getter that returns one. */
function fromEnvironment(expr: ts.Expression, context: RuleContext, depth = 0): boolean {
  let e = skipOuter(expr);
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  // process.env.TOKEN ?? "": a default does not make the value any less the environment's.
  // cliArgs[key] || process.env[name]: a lookup that is empty by default, then the environment.
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    const lookup = ts.isElementAccessExpression(skipOuter(e.left)) || ts.isPropertyAccessExpression(skipOuter(e.left));
    return fromEnvironment(e.left, context, depth) || (lookup && fromEnvironment(e.right, context, depth));
  }
  // config.authMode, with config = { authMode: process.env.MCP_AUTH_MODE || "none" }.
  // config.TOKEN of a zod-parsed environment (the resolver sees zod's parse result there, so before the api test).
  if (ts.isPropertyAccessExpression(e) && depth < 4 && parsedEnvironmentField(e, context)) return true;
  if (ts.isPropertyAccessExpression(e) && depth < 4 && !context.api(e)) {
    const setting = settingValue(e, context);
    if (setting) return fromEnvironment(setting, context, depth + 1);
  }
  if (operatorSetting(e, context)) return true;
  // process.env.API_KEY?.trim(): the same setting, tidied.
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && TEXT_TIDIERS.has(e.expression.name.text) && e.arguments.length === 0) return fromEnvironment(e.expression.expression, context, depth);
  if (ts.isCallExpression(e) && depth < 2) {
    // Overload signatures have no body: the implementation decides.
    const getters = context.calleeFunctions(e).filter((fn) => !!fn.body);
    return getters.length > 0 && getters.every((fn) => returnedExpressions(fn).some((r) => fromEnvironment(r, context, depth + 1)));
  }
  // process.env[name]: any variable, named at run time.
  const api = context.api(ts.isElementAccessExpression(e) ? e.expression : e);
  return !!api && api.module === "global" && api.path[0] === "process" && api.path[1] === "env";
}

/** A middleware that refuses requests from other origins: what a wildcard CORS policy lets through never reaches it. */
function checksOrigin(mw: ts.Expression, context: RuleContext): boolean {
  if (corsRefusesOrigins(mw, context)) return true;
  const fn = middlewareFunction(skipOuter(mw), context);
  return !!fn && !!hostCheck(fn, /^origin$/i) && !passesWildcard(fn, context);
}

/**
 * `cors({ origin: (origin, cb) => allowed.includes(origin) ? cb(null, true) : cb(new Error(…)) })`: the cors package
 * hands the error to next(), so a request from another origin never reaches the route. `cb(null, false)` only leaves
 * the CORS headers out, which a rebound page does not need.
 */
function corsRefusesOrigins(mw: ts.Expression, context: RuleContext): boolean {
  const e = skipOuter(mw);
  if (!ts.isCallExpression(e) || context.api(e.expression)?.module !== "cors") return false;
  const option = context.objectProps(e.arguments[0])?.value("origin");
  const ref = option && (isFunctionLike(skipOuter(option)) ? undefined : context.resolve(option));
  const fn = option && isFunctionLike(skipOuter(option)) ? (skipOuter(option) as FunctionLike) : ref?.kind === "function" ? ref.node : undefined;
  const callback = fn?.parameters[1]?.name;
  if (!fn?.body || !callback || !ts.isIdentifier(callback) || passesWildcard(fn, context)) return false;
  let refuses = false;
  const visit = (n: ts.Node): void => {
    if (refuses) return;
    const error = ts.isCallExpression(n) && ts.isIdentifier(skipOuter(n.expression)) && (skipOuter(n.expression) as ts.Identifier).text === callback.text ? n.arguments[0] : undefined;
    if (error && ts.isNewExpression(skipOuter(error))) refuses = true;
    else ts.forEachChild(n, visit);
  };
  visit(fn.body);
  return refuses;
}

/** `allowed === "*" || allowed.includes(origin)` with allowed "*" until configured: the check lets every origin in by default. */
function passesWildcard(fn: FunctionLike, context: RuleContext): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    // Either polarity: `allowed === "*" || …` lets through, `allowed !== "*" && …` refuses only past the wildcard.
    if (ts.isBinaryExpression(n) && COMPARISONS.has(n.operatorToken.kind)) {
      const [value, literal] = context.constantText(n.right) === "*" ? [n.left, n.right] : [n.right, n.left];
      if (context.constantText(literal) === "*" && wildcardByDefault(value, context)) found = true;
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

function wildcardByDefault(expr: ts.Expression, context: RuleContext): boolean {
  const fallback = lastFallback(expr, context);
  return context.constantText(fallback) === "*" || wildcardUnlessConfigured(fallback, context);
}

function hostEvidence(mw: ts.Expression, context: RuleContext, depth = 0): string | undefined {
  const e = skipOuter(mw);
  const callee = ts.isCallExpression(e) ? e.expression : e;
  const api = context.api(callee);
  if (api?.module.startsWith("@modelcontextprotocol/") && /HostValidation|hostHeaderValidation|localhostHostValidation|originValidation/i.test(api.path.join("."))) return api.path[api.path.length - 1];
  if (corsRefusesOrigins(e, context)) return "cors() refusing other origins";
  const fn = middlewareFunction(e, context) ?? nestHook(e, context);
  if (fn && hostCheck(fn, /^(host|origin)$/i, context) && !passesWildcard(fn, context)) return functionLabel(e);
  // checkOrigin by name, unless its body shows a check that lets look-alike or rebound origins through.
  if (isName(callee) && HOST_NAME.test(callee.getText()) && !(fn && (prefixOnly(fn, context) || comparesRequestOnly(fn, context)))) return functionLabel(e);
  if (depth >= 2) return undefined;
  // `const guard = hostGuardFor(settings); app.use(guard)`: the guard the const was made as.
  const init = ts.isIdentifier(e) ? context.initializer(e) : undefined;
  if (init && ts.isCallExpression(skipOuter(init))) return hostEvidence(init, context, depth + 1);
  // A project helper that returns the SDK's guard: `return hostHeaderValidation(names)`.
  const made = ts.isCallExpression(e) ? context.calleeFunctions(e).flatMap((f) => returnedExpressions(f)) : [];
  return made.map((r) => hostEvidence(r, context, depth + 1)).find(Boolean);
}

/**
 * `if (hostGuard) app.use(hostGuard)`, `guard ? [guard] : []` or `if (process.env.CHECK_HOSTS === "true") app.use(…)`:
 * a guard mounted only when it was made, or when a setting that is off by default is on, leaves the default install
 * unguarded.
 */
function mountedWhenConfigured(mw: ts.Expression, context: RuleContext): boolean {
  const guard = skipOuter(mw);
  const gates = (condition: ts.Expression) => (ts.isIdentifier(guard) && mentions(condition, guard.text) ? mayBeAbsent(guard, context) : onByDefault(condition, context, 0) === false);
  for (let n: ts.Node = mw; n.parent && !isFunctionLike(n.parent) && !ts.isSourceFile(n.parent); n = n.parent) {
    if (ts.isIfStatement(n.parent) && n === n.parent.thenStatement && gates(n.parent.expression)) return true;
    // `...(originCheck ? [originCheck] : [])`: the list the route spreads holds it only when it exists.
    if (ts.isConditionalExpression(n.parent) && n === n.parent.whenTrue && gates(n.parent.condition)) return true;
    if (ts.isBinaryExpression(n.parent) && n === n.parent.right && n.parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && gates(n.parent.left)) return true;
  }
  return false;
}

/**
 * A guard that is not always made: `cond ? make() : undefined`, `cond && make()`, or a project function's result that
 * returns nothing on some path. Testing one that always exists (`if (guard)` to narrow a type) gates nothing.
 */
function mayBeAbsent(id: ts.Identifier, context: RuleContext): boolean {
  const init = context.initializer(id);
  const value = init && skipOuter(init);
  if (!value) return false;
  if (ts.isConditionalExpression(value)) return [value.whenTrue, value.whenFalse].some(isNothing);
  if (ts.isBinaryExpression(value)) return value.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
  return ts.isCallExpression(value) && context.calleeFunctions(value).some((fn) => {
    const taken = defaultReturn(fn, context);
    return taken ? isNothing(taken) : returnedExpressions(fn).some(isNothing);
  });
}

/**
 * What a factory returns with the default settings: `if (allowed) return a; if (host === "127.0.0.1") return b; return
 * undefined` returns b when no allowlist is set and the host defaults to loopback. Undefined when a condition cannot be told.
 */
function defaultReturn(fn: FunctionLike, context: RuleContext): ts.Expression | undefined {
  if (!fn.body || !ts.isBlock(fn.body)) return undefined;
  for (const st of fn.body.statements) {
    if (ts.isReturnStatement(st)) return st.expression ?? ts.factory.createVoidZero();
    if (!ts.isIfStatement(st)) continue;
    const then = ts.isBlock(st.thenStatement) ? st.thenStatement.statements : [st.thenStatement];
    const ret = then.length === 1 && ts.isReturnStatement(then[0]!) ? then[0] : undefined;
    if (!ret || st.elseStatement) return undefined;
    const taken = onByDefault(st.expression, context, 0);
    if (taken === undefined) return undefined;
    if (taken) return ret.expression ?? ts.factory.createVoidZero();
  }
  return undefined;
}

/** What a guard factory hands back when nothing is configured: null, undefined, `void 0` or false. */
function isNothing(e: ts.Expression): boolean {
  const x = skipOuter(e);
  return isNullish(x) || x.kind === ts.SyntaxKind.FalseKeyword || ts.isVoidExpression(x);
}

/** A Host or Origin check (see inlineCheck) that does more than match a prefix any look-alike host also has, or match the request against itself. */
function hostCheck(fn: FunctionLike, header: RegExp, context?: RuleContext): string | undefined {
  return prefixOnly(fn, context) || (context && comparesRequestOnly(fn, context)) ? undefined : inlineCheck(fn, header, context);
}

/** Request headers that name a host, which a rebinding page sets to its own domain. */
const REQUEST_HOST = /^(host|hostname|origin|referer|x-forwarded-host)$/i;
const COMPARING_METHODS = /^(includes|has|indexOf|startsWith|endsWith|test|match|localeCompare)$/;
const requestOnly = new WeakMap<FunctionLike, boolean>();

/**
 * `new URL(origin).hostname !== req.headers.host` (in the check or the helpers it hands the headers to, two calls
 * deep): the only test of the headers compares them with each other. A rebinding page puts its own domain in both,
 * so a check counts only when it compares a header with something the request does not set.
 */
function comparesRequestOnly(fn: FunctionLike, context: RuleContext): boolean {
  const known = requestOnly.get(fn);
  if (known !== undefined) return known;
  let mutual = false;
  let anchored = false;
  const seen = new Set<FunctionLike>();
  const scan = (f: FunctionLike, params: ReadonlySet<string>, depth: number): void => {
    if (!f.body || seen.has(f)) return;
    seen.add(f);
    const tainted = new Set(params);
    const fromRequest = (e: ts.Node): boolean => hostHeaderRead(e) || (ts.isIdentifier(e) && tainted.has(e.text)) || (!isFunctionLike(e) && (ts.forEachChild(e, (c) => fromRequest(c) || undefined) ?? false));
    // Flow-insensitive: `let host; try { host = new URL(origin).hostname } catch …` holds a request value too.
    let grew = true;
    const mark = (name: string) => {
      if (tainted.has(name)) return;
      tainted.add(name);
      grew = true;
    };
    const spread = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && n.initializer) {
        if (ts.isIdentifier(n.name) && fromRequest(n.initializer)) mark(n.name.text);
        // const { origin, host } = req.headers
        if (ts.isObjectBindingPattern(n.name) && (fromRequest(n.initializer) || requestObject(n.initializer))) {
          for (const el of n.name.elements) if (ts.isIdentifier(el.name) && (fromRequest(n.initializer) || REQUEST_HOST.test((el.propertyName ?? el.name).getText().replace(/["']/g, "")))) mark(el.name.text);
        }
      }
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && fromRequest(n.right)) mark(n.left.text);
      ts.forEachChild(n, (c) => (isFunctionLike(c) ? undefined : spread(c)));
    };
    for (let round = 0; round < 4 && grew; round++) {
      grew = false;
      spread(f.body);
    }
    const judge = (a: ts.Expression, b: ts.Expression) => {
      const [ta, tb] = [fromRequest(a), fromRequest(b)];
      if (ta && tb) mutual = true;
      else if ((ta && trustedValue(b, a, context)) || (tb && trustedValue(a, b, context))) anchored = true;
    };
    const visit = (n: ts.Node): void => {
      if (ts.isBinaryExpression(n) && COMPARISONS.has(n.operatorToken.kind) && n.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken && n.operatorToken.kind !== ts.SyntaxKind.BarBarToken) judge(n.left, n.right);
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && COMPARING_METHODS.test(n.expression.name.text) && n.arguments[0]) judge(n.expression.expression, n.arguments[0]);
      if (ts.isSwitchStatement(n) && fromRequest(n.expression) && n.caseBlock.clauses.some((c) => ts.isCaseClause(c) && trustedValue(c.expression, n.expression, context))) anchored = true;
      if (ts.isCallExpression(n) && depth < 2) {
        for (const g of context.calleeFunctions(n)) {
          const passed = new Set(g.parameters.flatMap((p, i) => (ts.isIdentifier(p.name) && n.arguments[i] && fromRequest(n.arguments[i] as ts.Expression) ? [p.name.text] : [])));
          scan(g, passed, depth + 1);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(f.body);
  };
  scan(fn, new Set(), 0);
  const result = mutual && !anchored;
  requestOnly.set(fn, result);
  return result;
}

/** `req`, `ctx.request`, `req.headers`: a name for the request or its headers, not a value computed from it. */
function requestObject(e: ts.Expression): boolean {
  const v = skipOuter(e);
  return (ts.isIdentifier(v) || ts.isPropertyAccessExpression(v)) && REQUEST_TEXT.test(v.getText());
}

/** `req.headers.host`, `req.get("origin")`, koa's `ctx.host`: a host the request names. */
function hostHeaderRead(n: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(n)) return REQUEST_HOST.test(n.name.text) && requestObject(n.expression);
  if (ts.isElementAccessExpression(n)) return ts.isStringLiteralLike(n.argumentExpression) && REQUEST_HOST.test(n.argumentExpression.text) && /headers/i.test(n.expression.getText());
  if (!ts.isCallExpression(n) || !/^(get|header|getHeader)$/.test(calleeName(n) ?? "")) return false;
  const [arg] = n.arguments;
  return !!arg && ts.isStringLiteralLike(arg) && REQUEST_HOST.test(arg.text) && ts.isPropertyAccessExpression(n.expression) && requestObject(n.expression.expression);
}

/**
 * What a request header is compared with, when it decides something: a host name, an allowlist, a configured value.
 * Not a test of presence or shape (`=== undefined`, `.length`, `typeof`), nor a regex of separators.
 */
function trustedValue(other: ts.Expression, header: ts.Expression, context: RuleContext): boolean {
  const h = skipOuter(header);
  if (ts.isTypeOfExpression(h) || (ts.isPropertyAccessExpression(h) && h.name.text === "length")) return false;
  let v = skipOuter(other);
  if (ts.isIdentifier(v) && v.text !== "undefined") v = skipOuter(constValue(v, context) ?? v);
  if (ts.isRegularExpressionLiteral(v)) return /[a-z0-9]{3,}/i.test(v.text.replace(/\\./g, ""));
  if (ts.isStringLiteralLike(v)) return /[a-z0-9]{2,}/i.test(v.text);
  return !isLiteralValue(v) && v.kind !== ts.SyntaxKind.TrueKeyword && v.kind !== ts.SyntaxKind.FalseKeyword;
}

/** `"http://127.0.0.1"`: a URL ending inside its host name, which a longer host name starts with too. */
const OPEN_PREFIX = /^[a-z][a-z0-9+.-]*:\/\/[^/?#:]+$/i;

/**
 * `if (origin && !origin.startsWith("http://127.0.0.1")) return 403` or `host.startsWith("localhost")`: with no "/" or
 * ":" after the host, `http://127.0.0.1.evil.com` passes. A check whose only tests of the value are such prefixes
 * validates nothing, also when the prefixes come from a list or the test sits in a helper the check hands the value to.
 */
function prefixOnly(fn: FunctionLike, context?: RuleContext): boolean {
  const { prefixed, tested } = prefixTests(fn, context, 0);
  return prefixed.size > 0 && [...prefixed].every((v) => !tested.has(v));
}

interface PrefixTests {
  prefixed: Set<string>;
  tested: Set<string>;
}

// By depth, as a helper's tests include its own helpers' only while the depth allows.
const prefixTestsOf = [new WeakMap<FunctionLike, PrefixTests>(), new WeakMap<FunctionLike, PrefixTests>(), new WeakMap<FunctionLike, PrefixTests>()];

/** The values a function only tests by an open prefix, and those it tests otherwise, by their text in that function. */
function prefixTests(fn: FunctionLike, context: RuleContext | undefined, depth: number): PrefixTests {
  const known = context && prefixTestsOf[depth]?.get(fn);
  if (known) return known;
  const prefixed = new Set<string>();
  const tested = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && COMPARISONS.has(n.operatorToken.kind) && n.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken && n.operatorToken.kind !== ts.SyntaxKind.BarBarToken) {
      tested.add(skipOuter(n.left).getText());
      tested.add(skipOuter(n.right).getText());
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const method = n.expression.name.text;
      const receiver = skipOuter(n.expression.expression).getText();
      const [arg] = n.arguments;
      const prefixes = arg ? prefixesOf(arg, context) : undefined;
      if (method === "startsWith" && prefixes?.some((p) => OPEN_PREFIX.test(p) || LOCAL_HOSTS.test(p))) prefixed.add(receiver);
      else if (/^(startsWith|endsWith|includes|indexOf|has|test|match)$/.test(method)) for (const t of [receiver, ...n.arguments.map((a) => skipOuter(a).getText())]) tested.add(t);
    }
    // isLocalOrigin(origin) or isLocal(req): what the helper does with its parameter, it does with the argument.
    if (context && depth < 2 && ts.isCallExpression(n)) {
      const passed = context.passedArguments(n);
      for (const helper of context.calleeFunctions(n)) {
        const inner = prefixTests(helper, context, depth + 1);
        helper.parameters.forEach((p, i) => {
          const a = passed[i];
          if (!a || !ts.isIdentifier(p.name)) return;
          const name = p.name.text;
          const outer = (t: string) => (t === name || (t.startsWith(name) && /^(\.|\?\.|\[)/.test(t.slice(name.length))) ? skipOuter(a).getText() + t.slice(name.length) : undefined);
          for (const [from, to] of [[inner.tested, tested], [inner.prefixed, prefixed]] as const) {
            for (const t of from) {
              const o = outer(t);
              if (o) to.add(o);
            }
          }
        });
      }
    }
    // new URL(origin).hostname === …: parsed, then compared.
    if (ts.isNewExpression(n) && /\bURL$/.test(n.expression.getText()) && n.arguments?.[0]) tested.add(skipOuter(n.arguments[0]).getText());
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  const result = { prefixed, tested };
  if (context) prefixTestsOf[depth]?.set(fn, result);
  return result;
}

/**
 * The texts a `startsWith` argument may hold: a literal, or the element of a constant list it stands for, in
 * `ALLOWED.some((p) => origin.startsWith(p))` or `for (const p of config.origins)`.
 */
function prefixesOf(arg: ts.Expression, context: RuleContext | undefined): string[] | undefined {
  const e = skipOuter(arg);
  if (ts.isStringLiteralLike(e)) return [e.text];
  if (!context || !ts.isIdentifier(e)) return undefined;
  const decl = context.declaration(e);
  if (decl && ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(decl.parent) && ts.isForOfStatement(decl.parent.parent)) return constantList(decl.parent.parent.expression, context);
  if (!decl || !ts.isParameter(decl) || decl.parent.parameters[0] !== decl) return undefined;
  const call = decl.parent.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== decl.parent || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  return /^(some|every|find|findIndex|findLast|filter)$/.test(call.expression.name.text) ? constantList(call.expression.expression, context) : undefined;
}

/** listedNames, also for a list held in a property of a constant object (`CONFIG.ORIGINS`). */
function constantList(expr: ts.Expression, context: RuleContext): string[] | undefined {
  const e = skipOuter(expr);
  const held = ts.isPropertyAccessExpression(e) ? context.objectProps(e.expression)?.value(e.name.text) : undefined;
  return listedNames(held ?? e, context);
}

function middlewareFunction(e: ts.Expression, context: RuleContext): FunctionLike | undefined {
  if (isFunctionLike(e)) return e;
  if (ts.isCallExpression(e)) {
    const made = context.resolve(e);
    if (made.kind === "function") return made.node;
    return undefined;
  }
  const ref = context.resolve(e);
  return ref.kind === "function" ? ref.node : undefined;
}

/** `requireAuth` or `auth.verify`: a name says what a middleware is for; an inline function's text says nothing. */
function isName(e: ts.Expression): boolean {
  return ts.isIdentifier(e) || ts.isPropertyAccessExpression(e);
}

/** How evidence names a middleware: `requireToken`, `auth.verify`, or "an inline middleware" for `(req, res, next) => …`. */
function functionLabel(e: ts.Expression): string {
  return e.getText().split("(")[0]?.trim().slice(0, 60) || "an inline middleware";
}

/**
 * A handler or middleware that reads a request header (or query parameter) matching `header` and can answer
 * 401/403/400 or refuse with next(error) / throw: it checks before serving. With a context, the check may also sit
 * in the project functions it calls, two calls deep (`if (!this.isAuthorized(req)) return this.unauthorized(res)`):
 * then it takes a credential read and a 401 or 403 answered by a helper, not a session id, a throw or a relayed 401.
 */
function inlineCheck(fn: FunctionLike, header: RegExp, context?: RuleContext): string | undefined {
  return inlineVerdict(fn, header, context).check;
}

/** `query.sessionId`, `req.query["session_id"]`, `url.searchParams.get("sessionId")`: a value of the query string. */
function fromQuery(at: ts.Node): boolean {
  const receiver = ts.isPropertyAccessExpression(at) || ts.isElementAccessExpression(at) ? at.expression : ts.isCallExpression(at) && ts.isPropertyAccessExpression(at.expression) ? at.expression.expression : undefined;
  return !!receiver && /query|searchParams/i.test(receiver.getText());
}

/** The check a handler makes, and whether it reads a credential only to test its shape. */
function inlineVerdict(fn: FunctionLike, header: RegExp, context?: RuleContext): { check?: string; shapeOnly: boolean } {
  let shapeOnlyRead = false;
  let reads = false;
  let refuses = false;
  let credential = false;
  let answers = false;
  // A helper that reads a credential and answers yes or no (`checkAuth(req, token)`), with the handler's own 401/403.
  let verified = false;
  // `if (!isAuthorized(req)) { …; return; }`: the handler ends the request when that helper says no.
  let gated = false;
  // Calls of helpers that hand back the credential itself (`pickKey(headers)`), which the handler may test.
  const picks = new Set<ts.CallExpression>();
  // Helpers that hand back the credential inside a record (`extractContext(req.headers)`), which only a verdict on it tests.
  const contexts = new Set<ts.CallExpression>();
  let denies = false;
  // A helper that looks at the Host or Origin and answers with something the handler tests (`if (hostError(req))`).
  let hostHelper = false;
  // The shallowest depth each function was read at: an async IIFE reaches a helper first from deeper down.
  const seen = new Map<FunctionLike, number>();
  const scan = (f: FunctionLike, depth: number, via?: ts.CallExpression): void => {
    if ((seen.get(f) ?? Infinity) <= depth || !f.body || isSdkTransportMethod(f)) return;
    seen.set(f, depth);
    const read = (name: string, at: ts.Node) => {
      // The MCP session id names a stream; anyone can open one, so checking it proves nothing.
      if (/^mcp-session-id$/i.test(name)) return;
      // So does the SSE transport's `/messages?sessionId=…`.
      if (/^session_?id$/i.test(name) && fromQuery(at)) return;
      // `new URL(req.url, \`http://${req.headers.host}\`)` reads the Host to build a URL, not to check it.
      if (/^(host|origin)$/i.test(name) && (buildsText(at) || relayedOnly(at))) return;
      // `if (!auth?.startsWith("Bearer "))`: any token of the right shape passes, unless something else reads it.
      if (depth === 0 && CREDENTIAL.test(name) && shapeOnly(at, f) && context && !readElsewhere(name, f, context)) {
        shapeOnlyRead = true;
        return;
      }
      if (header.test(name) && depth === 0) reads = true;
      if (header.test(name) && depth > 0 && via && /^(host|origin)$/i.test(name) && resultTested(via) && !leavesBefore(f, at)) hostHelper = true;
      if (header.test(name) && CREDENTIAL.test(name)) {
        credential = true;
        if (depth > 0 && answersYesOrNo(f)) {
          verified = true;
          if (via && stopsOnNo(via, fn)) gated = true;
        } else if (depth > 0 && via && throwsOnMismatch(f)) {
          // `assertKey(req)` throwing on a wrong key: outside a try the throw ends the request; in one, the catch must refuse.
          verified = true;
          if (!insideTry(via, fn)) gated = true;
        } else if (via && returnsValue(f)) picks.add(via);
        else if (via && returnedExpressions(f).some((r) => ts.isObjectLiteralExpression(skipOuterAndAwait(r)))) contexts.add(via);
      }
    };
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAccessExpression(n) && /headers|query|cookies|signedCookies/.test(n.expression.getText())) read(n.name.text, n);
      // koa's ctx.host and ctx.origin, express's req.hostname: the Host and Origin headers by another name.
      else if (ts.isPropertyAccessExpression(n) && /^(host|hostname|origin)$/.test(n.name.text) && /^(req|request|ctx|context)(\.request)?$/.test(n.expression.getText())) read(n.name.text === "origin" ? "origin" : "host", n);
      const element = ts.isElementAccessExpression(n) && /headers|query|cookies/.test(n.expression.getText()) ? headerName(n.argumentExpression, context) : undefined;
      if (element !== undefined) read(element, n);
      // `req.headers[name] !== expected` over configured name/value pairs: the configured value is the credential.
      else if (ts.isElementAccessExpression(n) && /headers/.test(n.expression.getText()) && comparedWithValue(n, f)) read(CONFIGURED_HEADER, n);
      else if (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression) && via && returnsValue(f)) read(n.argumentExpression.text, n);
      if (ts.isCallExpression(n)) {
        const name = calleeName(n);
        const arg = n.arguments[0];
        // getHeader("x-api-key"), a local accessor over the request's headers, reads the header as req.get() does.
        const accessor = (name === "header" || name === "getHeader") && ts.isIdentifier(n.expression);
        const header = (name === "header" || name === "get" || name === "getHeader") && (accessor || REQUEST_TEXT.test(n.expression.getText())) ? headerName(arg, context) : undefined;
        if (header !== undefined) read(header, n);
        const status = answeredStatus(n) ?? (context && depth === 0 ? verdictStatus(n, context) : undefined);
        if ((status && /^(400|401|403|421)$/.test(status)) || (name === "json" && /40[013]/.test(n.getText()))) {
          if (depth === 0) refuses = true;
          if (depth === 0 && (status === "401" || status === "403")) denies = true;
          // A helper's refusal counts when it is about credentials: 401 or 403, not a malformed request.
          if (depth > 0 && (status === "401" || status === "403")) answers = true;
        }
        if (depth === 0 && name === "next" && arg) refuses = true;
        if (context && depth < 2) for (const g of context.calleeFunctions(n)) scan(g, depth + 1, via ?? n);
      }
      if (depth === 0 && ts.isThrowStatement(n)) refuses = true;
      // koa's `ctx.status = 401`, node's `res.statusCode = 403` (or a status the helper's verdict carries) before `res.end()`.
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && /^status(Code)?$/.test(n.left.name.text)) {
        const status = statusCode(n.right);
        if (depth === 0 && (status ? /^(400|401|403|421)$/.test(status) : ts.isPropertyAccessExpression(skipOuter(n.right)))) refuses = true;
        if (status === "401" || status === "403") {
          if (depth === 0) denies = true;
          else answers = true;
        }
      }
      if (ts.isNewExpression(n) && /Response/.test(n.expression.getText()) && /40[13]/.test(n.getText())) {
        if (depth > 0) answers = true;
        else refuses = denies = true;
      }
      ts.forEachChild(n, visit);
    };
    visit(f.body);
  };
  scan(fn, 0);
  // A handler that relays an upstream 401 after forwarding the caller's token checks nothing itself.
  const picked = (picks.size > 0 && deniesOnPick(fn, picks, context)) || (contexts.size > 0 && deniesOnPick(fn, contexts, context, true));
  // `if (!allowed.has(host)) return forbidden(res)`: the refusal may be answered by a helper.
  const checked = (reads && (refuses || answers)) || (credential && answers) || (verified && (denies || gated)) || (hostHelper && (refuses || answers)) || picked;
  return checked ? { check: `a check in ${fn.name?.getText() ?? "the handler"}`, shapeOnly: false } : { shapeOnly: shapeOnlyRead };
}

/** The header a read names: a literal, or the default of a configurable name (`settings.headerName ?? "Authorization"`). */
function headerName(arg: ts.Expression | undefined, context: RuleContext | undefined): string | undefined {
  if (!arg || ts.isStringLiteralLike(arg)) return arg?.text;
  return context?.constantText(lastFallback(arg, context));
}

/**
 * `for (const [name, value] of Object.entries(config.headers))` around the only header check: it checks the headers
 * configured, so with none configured it lets every request in. A list written out in the code is always checked.
 */
function checksEachSetting(fn: FunctionLike | undefined, context: RuleContext): boolean {
  if (!fn?.body) return false;
  let looped = false;
  let other = false;
  const visit = (n: ts.Node, inLoop: boolean): void => {
    if (n !== fn.body && isFunctionLike(n)) return;
    if (ts.isElementAccessExpression(n) && /headers/.test(n.expression.getText()) && !ts.isStringLiteralLike(n.argumentExpression) && comparedWithValue(n, fn)) {
      if (inLoop) looped = true;
      else other = true;
    }
    const named = ts.isPropertyAccessExpression(n) && /headers/.test(n.expression.getText()) ? n.name.text : ts.isElementAccessExpression(n) && /headers/.test(n.expression.getText()) && ts.isStringLiteralLike(n.argumentExpression) ? n.argumentExpression.text : undefined;
    if (named !== undefined && CREDENTIAL.test(named)) other = true;
    const loop = (ts.isForOfStatement(n) || ts.isForInStatement(n)) && !writtenOut(n.expression, context);
    ts.forEachChild(n, (c) => visit(c, inLoop || (loop && c === (n as ts.ForOfStatement).statement)));
  };
  visit(fn.body, false);
  return looped && !other;
}

/** A collection written out in the code (`Object.entries({ ... })`, a const array or object literal), not read from settings. */
function writtenOut(expr: ts.Expression, context: RuleContext): boolean {
  let e = skipOuter(expr);
  if (ts.isCallExpression(e) && /^Object\.(entries|keys|values)$/.test(e.expression.getText()) && e.arguments[0]) e = skipOuter(e.arguments[0]);
  const value = ts.isIdentifier(e) ? constValue(e, context) : e;
  const literal = value && skipOuter(value);
  return !!literal && (ts.isObjectLiteralExpression(literal) ? literal.properties.length > 0 : ts.isArrayLiteralExpression(literal) && literal.elements.length > 0);
}

/** The header read, directly or through the variable holding it, is compared for equality with a value that is not a literal. */
function comparedWithValue(read: ts.Node, fn: FunctionLike): boolean {
  const e = outermost(read);
  const decl = e.parent;
  const uses = ts.isVariableDeclaration(decl) && decl.initializer === e ? (ts.isIdentifier(decl.name) ? usesIn(fn, decl.name) : []) : [e];
  return uses.some((u) => {
    const p = outermost(u).parent;
    return ts.isBinaryExpression(p) && EQUALITY.has(p.operatorToken.kind) && !isLiteralValue(p.left === outermost(u) ? p.right : p.left);
  });
}

/** The value read is only tested for presence or shape (`!h`, `h.startsWith("Bearer ")`, `h.length`), directly or through a variable. */
function shapeOnly(read: ts.Node, fn: FunctionLike): boolean {
  const e = outermost(read);
  const decl = e.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== e) return shapeTest(e);
  if (!ts.isIdentifier(decl.name)) return false;
  const uses = usesIn(fn, decl.name);
  return uses.length > 0 && uses.every((u) => shapeTest(outermost(u)));
}

/** The other mentions of a variable's name in a function: its uses. */
function usesIn(scope: FunctionLike | undefined, name: ts.Identifier): ts.Identifier[] {
  const uses: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === name.text && n !== name) uses.push(n);
    ts.forEachChild(n, visit);
  };
  if (scope?.body) visit(scope.body);
  return uses;
}

function outermost(node: ts.Node): ts.Node {
  let e = node;
  while (ts.isParenthesizedExpression(e.parent) || ts.isNonNullExpression(e.parent) || ts.isAsExpression(e.parent)) e = e.parent;
  return e;
}

function shapeTest(e: ts.Node): boolean {
  const p = e.parent;
  if ((ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) || ts.isTypeOfExpression(p)) return true;
  if ((ts.isIfStatement(p) && p.expression === e) || (ts.isConditionalExpression(p) && p.condition === e)) return true;
  if (ts.isBinaryExpression(p) && p.left === e && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return true;
  if (ts.isBinaryExpression(p) && COMPARISONS.has(p.operatorToken.kind)) return isLiteralValue(p.left === e ? p.right : p.left);
  if (!ts.isPropertyAccessExpression(p) || p.expression !== e) return false;
  if (p.name.text === "length") return true;
  const call = p.parent;
  return /^(startsWith|endsWith|includes)$/.test(p.name.text) && ts.isCallExpression(call) && call.expression === p && call.arguments.every(isLiteralValue);
}

function isLiteralValue(e: ts.Expression): boolean {
  const v = skipOuter(e);
  return ts.isStringLiteralLike(v) || ts.isNumericLiteral(v) || v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === "undefined");
}

/** Another place in the package reads the same request header (`headers.authorization`, `get("authorization")`). */
function readElsewhere(name: string, fn: FunctionLike, context: RuleContext): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  const quoted = `["'\`]${escaped}["'\`]`;
  const pattern = new RegExp(`headers\\s*\\??\\.\\s*${escaped}\\b|headers\\s*(\\?\\.)?\\s*\\[\\s*${quoted}\\s*\\]|\\b(get|header|getHeader)\\(\\s*${quoted}`, "gi");
  const own = fn.getSourceFile();
  const folder = packageOf(fn, context);
  return context.sourceFiles.some((sf) => packageOf(sf, context) === folder && [...sf.text.matchAll(pattern)].some((m) => sf !== own || m.index < fn.pos || m.index >= fn.end));
}

/** `if (!settings.checkHosts) return false;` before the read: the helper may answer without looking at the header. */
function leavesBefore(fn: FunctionLike, read: ts.Node): boolean {
  let leaves = false;
  const visit = (n: ts.Node): void => {
    if (leaves || n.pos >= read.pos || (n !== fn && isFunctionLike(n))) return;
    if (ts.isReturnStatement(n)) leaves = true;
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return leaves;
}

/** `if (hostError(req))`, or `const problem = hostError(req) ?? originError(req); if (problem)`: the caller branches on what the call answers. */
function resultTested(call: ts.CallExpression): boolean {
  let e: ts.Node = call;
  // `hostProblem(req) ?? routeProblem(req)`: either verdict is what gets tested.
  const operand = (p: ts.Node) => ts.isBinaryExpression(p) && (p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken);
  while (ts.isParenthesizedExpression(e.parent) || ts.isAwaitExpression(e.parent) || operand(e.parent) || (ts.isPrefixUnaryExpression(e.parent) && e.parent.operator === ts.SyntaxKind.ExclamationToken)) e = e.parent;
  if (ts.isIfStatement(e.parent) && e.parent.expression === e) return true;
  const decl = e.parent;
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
  const name = decl.name.text;
  const scope = enclosingFunction(decl);
  let tested = false;
  const visit = (n: ts.Node): void => {
    if (tested) return;
    if (ts.isIfStatement(n) && mentions(n.expression, name)) tested = true;
    ts.forEachChild(n, visit);
  };
  if (scope?.body) visit(scope.body);
  return tested;
}

function mentions(node: ts.Node, name: string): boolean {
  return (ts.isIdentifier(node) && node.text === name) || (ts.forEachChild(node, (c) => mentions(c, name) || undefined) ?? false);
}

/**
 * The value only goes into text: a template, a `+` concatenation or a `new URL(…)`, through `??`/`||` defaults and
 * conditional branches, or by way of a variable used only so. A `typeof` test looks at its type alone.
 */
function buildsText(read: ts.Node, depth = 0): boolean {
  let e = read;
  for (let p = e.parent; p && (ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p) || ts.isAsExpression(p) || (ts.isConditionalExpression(p) && p.condition !== e) || (ts.isBinaryExpression(p) && p.left === e && (p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken))); p = e.parent) e = p;
  const p = e.parent;
  if (!p) return false;
  if (ts.isTypeOfExpression(p) || ts.isTemplateSpan(p) || (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken) || (ts.isNewExpression(p) && /\bURL$/.test(p.expression.getText()))) return true;
  // const hostHeader = typeof h === "string" ? h : "localhost"; new URL(path, `http://${hostHeader}`)
  if (depth > 0 || !ts.isVariableDeclaration(p) || !ts.isIdentifier(p.name)) return false;
  const uses = usesIn(enclosingFunction(p), p.name);
  return uses.length > 0 && uses.every((u) => buildsText(u, depth + 1));
}

/** `applyCors(res, origin)`: the Host or Origin is only handed on (to response headers, a log), never tested. */
function relayedOnly(read: ts.Node, depth = 0): boolean {
  let e = read;
  for (let p = e.parent; p && (ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p) || ts.isAsExpression(p) || ts.isAwaitExpression(p) || (ts.isConditionalExpression(p) && p.condition !== e) || (ts.isElementAccessExpression(p) && p.expression === e) || (ts.isBinaryExpression(p) && p.left === e && (p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken))); p = e.parent) e = p;
  const p = e.parent;
  // `Array.isArray(origin) ? origin[0] : origin` tests the value's type, not what it says.
  if (ts.isTypeOfExpression(p) || (ts.isCallExpression(p) && p.expression !== e && p.expression.getText() === "Array.isArray")) return true;
  const statement = ts.isCallExpression(p) && p.expression !== e ? skipOuterParents(p) : undefined;
  if (statement && (ts.isExpressionStatement(statement) || ts.isVoidExpression(statement))) return true;
  if (depth > 1 || !ts.isVariableDeclaration(p) || !ts.isIdentifier(p.name)) return false;
  const uses = usesIn(enclosingFunction(p), p.name);
  return uses.length > 0 && uses.every((u) => relayedOnly(u, depth + 1));
}

/** What holds a call once parentheses and `await` are stepped over. */
function skipOuterParents(call: ts.CallExpression): ts.Node {
  let e: ts.Node = call;
  while (ts.isParenthesizedExpression(e.parent) || ts.isAwaitExpression(e.parent)) e = e.parent;
  return e.parent;
}

/**
 * A WebSocket server's check of its peers: `verifyClient` in its options, or the connection handler, reading the
 * header (or a token in the URL) and refusing (`return false`, `done(false, 401)`, `socket.close()`).
 */
function socketCheck(route: HttpRoute, header: RegExp, context: RuleContext): string | undefined {
  const made = route.app ? context.resolve(route.app) : undefined;
  const construction = made?.kind === "instance" && ts.isNewExpression(made.node) ? made.node : undefined;
  const verify = context.objectProps(construction?.arguments?.[0])?.value("verifyClient");
  const verifier = verify ? middlewareFunction(skipOuter(verify), context) : undefined;
  const checks = (fn: FunctionLike | undefined, label: string): string | undefined => {
    if (!fn?.body) return undefined;
    let reads = false;
    let refuses = false;
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAccessExpression(n) && (header.test(n.name.text) || (n.name.text === "url" && header === CREDENTIAL))) reads = true;
      if (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression) && header.test(n.argumentExpression.text)) reads = true;
      if (ts.isCallExpression(n) && ts.isStringLiteralLike(n.arguments[0] ?? n) && header.test((n.arguments[0] as ts.StringLiteralLike).text) && /^(get|header|getHeader|has)$/.test(calleeName(n) ?? "")) reads = true;
      if (ts.isReturnStatement(n) && n.expression?.kind === ts.SyntaxKind.FalseKeyword) refuses = true;
      if (ts.isCallExpression(n) && (n.arguments[0]?.kind === ts.SyntaxKind.FalseKeyword || /^(close|terminate|destroy)$/.test(calleeName(n) ?? ""))) refuses = true;
      if (ts.isThrowStatement(n)) refuses = true;
      ts.forEachChild(n, visit);
    };
    visit(fn.body);
    return reads && refuses ? label : undefined;
  };
  return checks(verifier, "verifyClient") ?? route.handlers.map((h) => checks(h, "a check in the connection handler")).find(Boolean);
}

/** The status a call answers with: `res.status(401)`, koa's `ctx.throw(403)`, `writeHead(401)`, or `respond(res, 401, …)`. */
function answeredStatus(call: ts.CallExpression): string | undefined {
  const name = calleeName(call);
  const arg = call.arguments[0];
  if ((name === "status" || name === "sendStatus" || name === "writeHead" || name === "code" || name === "throw") && arg) return statusCode(arg);
  // Hono's c.json(body, 401), c.text(message, 403): the status is the second argument.
  const second = call.arguments[1];
  const status = name !== undefined && /^(json|text|body|html|newResponse)$/.test(name) && second ? statusCode(second) : undefined;
  return status ?? refusalPassed(call);
}

/**
 * `res.status(verdict.status)` where `const verdict = decide(req.headers.authorization, key)` and the project's
 * `decide` returns `{ allow: false, status: 401 }`: the refusal's status comes from the helper's verdict.
 */
function verdictStatus(call: ts.CallExpression, context: RuleContext): string | undefined {
  const name = calleeName(call);
  const arg = call.arguments[0] && skipOuter(call.arguments[0]);
  if ((name !== "status" && name !== "sendStatus" && name !== "writeHead") || !arg || !ts.isPropertyAccessExpression(arg) || !/^status(Code)?$/.test(arg.name.text) || !ts.isIdentifier(arg.expression)) return undefined;
  const made = context.initializer(arg.expression);
  const helper = made && skipOuterAndAwait(made);
  if (!helper || !ts.isCallExpression(helper)) return undefined;
  for (const fn of context.calleeFunctions(helper)) {
    for (const r of returnedValues(fn)) {
      const status = ts.isObjectLiteralExpression(r) ? context.objectProps(r)?.value(arg.name.text) : undefined;
      const text = status && statusCode(status);
      if (text === "401" || text === "403") return text;
    }
  }
  return undefined;
}

/** `respond(res, 403, "Host not allowed")`: a 401 or 403 passed along with the response object. */
function refusalPassed(call: ts.CallExpression): string | undefined {
  const args = call.arguments.map((a) => skipOuter(a));
  const status = args.find((a): a is ts.NumericLiteral => ts.isNumericLiteral(a) && /^(401|403)$/.test(a.text));
  return status && args.some((a) => ts.isIdentifier(a) && /^(res|response|reply)$/.test(a.text)) ? status.text : undefined;
}

/** `401`, or `result.statusCode || 401`: the status a refusal answers with. */
function statusCode(arg: ts.Expression): string | undefined {
  const e = skipOuter(arg);
  if (ts.isNumericLiteral(e)) return e.text;
  const fallback = ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) ? skipOuter(e.right) : undefined;
  return fallback && ts.isNumericLiteral(fallback) ? fallback.text : undefined;
}

/**
 * The helper returns a value (the credential it read, say), not a bag of headers or nothing, and never one the
 * request did not bring: `return fallback || undefined` hands anonymous callers the server's own key.
 */
function returnsValue(fn: FunctionLike): boolean {
  const returned = returnedExpressions(fn);
  return returned.length > 0 && returned.every((r) => !ts.isObjectLiteralExpression(skipOuterAndAwait(r)) && !fallsBack(r, fn));
}

function fallsBack(returned: ts.Expression, fn: FunctionLike): boolean {
  const e = skipOuterAndAwait(returned);
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return fallsBack(e.left, fn) || fallsBack(e.right, fn);
  if (/^process\.env\b/.test(e.getText())) return true;
  return ts.isIdentifier(e) && fn.parameters.some((p, i) => i > 0 && ts.isIdentifier(p.name) && p.name.text === e.text);
}

/** `const key = pickKey(headers); if (!key) { res.writeHead(401) }`: the handler answers 401/403 on what the helper picked. */
/** `verdictOnly`: the picks are records, always truthy, so only a helper's verdict on them counts as a test. */
function deniesOnPick(fn: FunctionLike, picks: ReadonlySet<ts.CallExpression>, context: RuleContext | undefined, verdictOnly = false): boolean {
  const pickedNames = new Set<string>();
  for (const call of picks) {
    let decl: ts.Node = call.parent;
    for (;;) {
      while (ts.isAwaitExpression(decl) || ts.isParenthesizedExpression(decl) || ts.isAsExpression(decl)) decl = decl.parent;
      // validateToken(extractToken(req)): a project helper's verdict on the picked credential.
      if (!context || !ts.isCallExpression(decl) || !context.calleeFunctions(decl).some(givesVerdict)) break;
      decl = decl.parent;
    }
    if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) pickedNames.add(decl.name.text);
  }
  const mentionsPick = (e: ts.Node): boolean => (ts.isCallExpression(e) && picks.has(e)) || (ts.isIdentifier(e) && pickedNames.has(e.text)) || !!ts.forEachChild(e, (c) => mentionsPick(c) || undefined);
  // const result = await validateAuth(ctx), with ctx picked: the helper's verdict record, whose status the refusal may answer with.
  const verdicts = new Set<string>();
  const collect = (n: ts.Node): void => {
    if (isFunctionLike(n) && n !== fn) return;
    const made = ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer ? skipOuterAndAwait(n.initializer) : undefined;
    if (made && ts.isCallExpression(made) && made.arguments.some(mentionsPick) && context?.calleeFunctions(made).some(givesVerdict)) verdicts.add((n as ts.VariableDeclaration).name.getText());
    ts.forEachChild(n, collect);
  };
  if (fn.body && context) collect(fn.body);
  const mentionsVerdict = (e: ts.Node): boolean => (ts.isIdentifier(e) && verdicts.has(e.text)) || !!ts.forEachChild(e, (c) => mentionsVerdict(c) || undefined);
  const tested = (e: ts.Node): boolean => mentionsVerdict(e) || (!verdictOnly && mentionsPick(e));
  const refuses = (branch: ts.Statement): boolean => /\b40[13]\b/.test(branch.getText()) || [...verdicts].some((name) => new RegExp(`\\bstatus\\(\\s*${name}\\.status\\b`).test(branch.getText()));
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || (isFunctionLike(n) && n !== fn)) return;
    if (ts.isIfStatement(n) && tested(n.expression) && refuses(n.thenStatement)) found = true;
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

const EQUALITY: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

const COMPARISONS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
]);

/** A yes/no helper, or one answering `{ success: true }` / `{ valid: false, message }` objects. */
function givesVerdict(fn: FunctionLike): boolean {
  if (answersYesOrNo(fn)) return true;
  const returned = returnedValues(fn);
  return returned.length > 0 && returned.every((r) => ts.isObjectLiteralExpression(r) && r.properties.some((p) => !!p.name && VERDICT_FIELD.test(p.name.getText())));
}

/** What a function can return, with `a ? b : c` taken apart into b and c. */
function returnedValues(fn: FunctionLike): ts.Expression[] {
  const branches = (e: ts.Expression): ts.Expression[] => (ts.isConditionalExpression(e) ? [...branches(skipOuter(e.whenTrue)), ...branches(skipOuter(e.whenFalse))] : [e]);
  return returnedExpressions(fn).flatMap((r) => branches(skipOuterAndAwait(r)));
}

/** `if (!check(req)) { …; return; }`: the branch a negative verdict takes leaves without calling next(). */
function stopsOnNo(call: ts.CallExpression, fn: FunctionLike): boolean {
  const negation = skipOuterParents(call);
  if (!ts.isPrefixUnaryExpression(negation) || negation.operator !== ts.SyntaxKind.ExclamationToken) return false;
  const test = negation.parent;
  if (!ts.isIfStatement(test) || test.expression !== negation) return false;
  const branch = ts.isBlock(test.thenStatement) ? test.thenStatement.statements : [test.thenStatement];
  const last = branch[branch.length - 1];
  return !!last && (ts.isReturnStatement(last) || ts.isThrowStatement(last)) && !mentions(test.thenStatement, fn.parameters[2]?.name.getText() ?? "next");
}

/** `if (given !== expected) throw …` or `if (!timingSafeEqual(a, b)) throw …`: the helper throws when a credential does not match a value. */
function throwsOnMismatch(fn: FunctionLike): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || (n !== fn.body && isFunctionLike(n)) || ts.isTryStatement(n)) return;
    if (ts.isIfStatement(n) && comparesValues(n.expression) && throwsIn(n.thenStatement)) found = true;
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

function comparesValues(condition: ts.Expression): boolean {
  let hit = false;
  const visit = (n: ts.Node): void => {
    if (hit || isFunctionLike(n)) return;
    if (ts.isBinaryExpression(n) && EQUALITY.has(n.operatorToken.kind) && !isLiteralValue(n.left) && !isLiteralValue(n.right) && !isNullish(n.left) && !isNullish(n.right)) hit = true;
    else if (ts.isCallExpression(n) && /equal|compare|verify/i.test(calleeName(n) ?? "")) hit = true;
    ts.forEachChild(n, visit);
  };
  visit(condition);
  return hit;
}

function throwsIn(branch: ts.Statement): boolean {
  const statements = ts.isBlock(branch) ? branch.statements : [branch];
  return statements.some((s) => ts.isThrowStatement(s));
}

/** The call sits in the try block of a try statement of the handler: its throw lands in the handler's catch. */
function insideTry(call: ts.Node, fn: FunctionLike): boolean {
  for (let n: ts.Node = call; n.parent && n !== fn; n = n.parent) {
    if (ts.isTryStatement(n.parent) && n.parent.tryBlock === n) return true;
  }
  return false;
}

/** A function whose result is a verdict: declared boolean, or returning only comparisons, negations and boolean literals. */
function answersYesOrNo(fn: FunctionLike): boolean {
  if (fn.type && /^(?:Promise<)?boolean>?$/.test(fn.type.getText().replace(/\s/g, ""))) return true;
  const returned = returnedExpressions(fn).map(skipOuterAndAwait);
  // A declared type other than boolean may be what was verified (`jwt.verify(token)`), unless each answer is a record of the verdict.
  return returned.length > 0 && ((!fn.type && returned.every(isVerdict)) || returnedValues(fn).every(verdictRecord));
}

/** `{ ok: false, status: 401 }`: a verdict carried in a record with the answer's other details. */
function verdictRecord(e: ts.Expression): boolean {
  return ts.isObjectLiteralExpression(e) && e.properties.some((p) => ts.isPropertyAssignment(p) && /^(ok|valid|allowed|authorized|authenticated|success)$/.test(propertyNameText(p.name) ?? "") && isVerdict(skipOuter(p.initializer)));
}

function isVerdict(e: ts.Expression): boolean {
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isPrefixUnaryExpression(e)) return e.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isBinaryExpression(e)) return COMPARISONS.has(e.operatorToken.kind);
  return ts.isCallExpression(e) && /equal|compare|verify|valid|match/i.test(calleeName(e) ?? "");
}

/** Transports created with enableDnsRebindingProtection on in the handler, or made once outside it and served by it. */
function transportProtection(fn: FunctionLike, context: RuleContext): string | undefined {
  return allProtected([...transportsMade(fn, context), ...transportsServed(fn, context)]);
}

/** `transport.handleRequest(req, res)` on a variable holding `new StreamableHTTPServerTransport({...})`: whether each has the protection on. */
function transportsServed(fn: FunctionLike, context: RuleContext): boolean[] {
  const served: boolean[] = [];
  const visit = (n: ts.Node): void => {
    const callee = ts.isCallExpression(n) ? skipOuter(n.expression) : undefined;
    if (callee && ts.isPropertyAccessExpression(callee) && /^(handleRequest|handlePostMessage)$/.test(callee.name.text) && ts.isIdentifier(skipOuter(callee.expression))) {
      const made = context.initializer(skipOuter(callee.expression) as ts.Identifier);
      const transport = made && skipOuterAndAwait(made);
      if (transport && ts.isNewExpression(transport) && /ServerTransport$/.test(transport.expression.getText())) served.push(protectsHosts(transport, context));
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return served;
}

/** The evidence when transports were made and every one of them is protected. */
function allProtected(made: readonly boolean[]): string | undefined {
  return made.length && made.every(Boolean) ? "enableDnsRebindingProtection" : undefined;
}

/** A handler that only hands the request to a transport it looks up (`transports.get(sessionId).handleRequest(req, res)`). */
function resumesSession(fn: FunctionLike, context: RuleContext, depth = 0): boolean {
  if (transportsMade(fn, context).length) return false;
  let serves = false;
  const visit = (n: ts.Node): void => {
    if (serves) return;
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      if (name === "handleRequest" || name === "handlePostMessage") serves = true;
      else if (depth < 1) for (const helper of context.calleeFunctions(n)) if (!isSdkTransportMethod(helper) && resumesSession(helper, context, depth + 1)) serves = true;
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return serves;
}

/** For each server transport the handler constructs (itself or in the project functions it calls), whether it has DNS rebinding protection on by default. */
function transportsMade(fn: FunctionLike, context: RuleContext, depth = 0, seen = new Set<FunctionLike>()): boolean[] {
  const made: boolean[] = [];
  if (seen.has(fn)) return made;
  seen.add(fn);
  const visit = (n: ts.Node): void => {
    if (ts.isNewExpression(n) && /ServerTransport$/.test(n.expression.getText())) {
      made.push(protectsHosts(n, context));
    } else if (ts.isCallExpression(n) && depth < 2) {
      for (const helper of context.calleeFunctions(n)) if (!isSdkTransportMethod(helper)) made.push(...transportsMade(helper, context, depth + 1, seen));
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return made;
}

/**
 * A handler's own call of an SDK check (`if (!validateHost(req, res)) return` with `validateHost = hostHeaderValidation([...])`,
 * `const auth = await gate(request); if (auth instanceof Response) return auth`), acted on; verifyBearerToken throws instead.
 */
function sdkGuard(fn: FunctionLike, names: RegExp, context: RuleContext): string | undefined {
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found || (n !== fn.body && isFunctionLike(n))) return;
    const name = ts.isCallExpression(n) ? sdkHelper(n.expression, context) : undefined;
    if (name && names.test(name) && (name === "verifyBearerToken" || resultTested(n as ts.CallExpression))) found = name;
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** The SDK export a callee is, or the SDK factory that made it. */
function sdkHelper(callee: ts.Expression, context: RuleContext): string | undefined {
  const ref = context.api(callee) ?? context.resolve(callee);
  const api = ref.kind === "instance" ? ref.of : ref;
  return api.kind === "api" && api.module.startsWith("@modelcontextprotocol/") ? api.path[api.path.length - 1] : undefined;
}

/** Streamable HTTP takes its options first, SSE third (endpoint, response, options). */
function protectsHosts(transport: ts.NewExpression, context: RuleContext): boolean {
  return (transport.arguments ?? []).some((arg) => {
    const option = context.objectProps(arg)?.value("enableDnsRebindingProtection");
    return (!!option && (onByDefault(option, context, 0) === true || onWhenLoopback(option, context, 0))) || spreadsProtection(arg, context);
  });
}

/**
 * `{ ...(rebindingOptions(settings) ?? {}) }` with the helper returning `{ enableDnsRebindingProtection: true, … }`
 * in the settings it chooses (auth turned off, say): the options turn the protection on where the project wants it.
 */
function spreadsProtection(arg: ts.Expression, context: RuleContext): boolean {
  const options = skipOuter(arg);
  if (!ts.isObjectLiteralExpression(options)) return false;
  return options.properties.some((p) => {
    if (!ts.isSpreadAssignment(p)) return false;
    let e = skipOuter(p.expression);
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) e = skipOuter(e.left);
    const call = ts.isIdentifier(e) ? constValue(e, context) : e;
    const made = call && skipOuterAndAwait(call);
    return !!made && ts.isCallExpression(made) && context.calleeFunctions(made).some((fn) => returnedExpressions(fn).some((r) => context.objectProps(r)?.value("enableDnsRebindingProtection")?.kind === ts.SyntaxKind.TrueKeyword));
  });
}

/**
 * `enableDnsRebindingProtection: isLoopback`, with `isLoopback = host === "127.0.0.1" || …`: on whenever the server is
 * bound to loopback, the one bind a rebound page reaches. A test of the request's own Host header is no such test.
 */
function onWhenLoopback(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  const e = skipOuter(expr);
  if (depth > 4) return false;
  const bindValue = (v: ts.Expression): boolean => !context.taint(v).length;
  if (ts.isIdentifier(e)) {
    const init = constValue(e, context);
    return !!init && onWhenLoopback(init, context, depth + 1);
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken) return onWhenLoopback(e.left, context, depth + 1) || onWhenLoopback(e.right, context, depth + 1);
    if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return false;
    const loopback = (side: ts.Expression): boolean => LOCAL_HOSTS.test(context.constantText(side) ?? "");
    return (loopback(e.right) && bindValue(e.left)) || (loopback(e.left) && bindValue(e.right));
  }
  // LOOPBACK_NAMES.has(host), ["127.0.0.1", "localhost"].includes(host)
  const callee = ts.isCallExpression(e) ? skipOuter(e.expression) : undefined;
  if (!callee || !ts.isPropertyAccessExpression(callee) || !/^(has|includes)$/.test(callee.name.text)) return false;
  const [tested] = (e as ts.CallExpression).arguments;
  const names = listedNames(callee.expression, context);
  return !!tested && !!names?.length && names.every((n) => LOCAL_HOSTS.test(n)) && bindValue(tested);
}

/** The constant strings of a written-out list or `new Set([...])`, through the const holding it. */
function listedNames(expr: ts.Expression, context: RuleContext): string[] | undefined {
  let e = skipOuter(expr);
  if (ts.isIdentifier(e)) e = skipOuter(constValue(e, context) ?? e);
  if (ts.isNewExpression(e) && e.arguments?.[0]) e = skipOuter(e.arguments[0]);
  if (!ts.isArrayLiteralExpression(e)) return undefined;
  const names = e.elements.map((el) => context.constantText(el));
  return names.every((n): n is string => n !== undefined) ? names : undefined;
}

/** An app made by the SDK's createMcpExpressApp() (or v2's createMcpHonoApp()) validates Host headers for loopback binds. */
function sdkApp(route: HttpRoute, listen: ListenCall | undefined, context: RuleContext): string | undefined {
  const app = route.app && skipOuter(route.app);
  const init = app && ts.isIdentifier(app) ? context.initializer(app) : undefined;
  const call = init && skipOuterAndAwait(init);
  const name = call && ts.isCallExpression(call) ? calleeName(call) : undefined;
  if (call && ts.isCallExpression(call) && (name === "createMcpExpressApp" || name === "createMcpHonoApp")) {
    const options = context.objectProps(call.arguments[0]);
    const host = options?.text("host");
    // No host: the SDK binds loopback and validates. A host it cannot read is not known to be loopback, unless the
    // app listens on that same value: then it validates whenever it is bound to loopback, where rebinding matters.
    const sameAsListen = !!listen?.hostNode && options?.value("host")?.getText() === skipOuter(listen.hostNode).getText();
    if (!options?.has("host") || (host !== undefined && LOCAL_HOSTS.test(host)) || options.has("allowedHosts") || sameAsListen) return name;
  }
  return undefined;
}

function listenFor(route: HttpRoute, key: string, context: RuleContext): ListenCall | undefined {
  const listens = context.model.listens;
  // listen(port, host) in one mode and listen(port) in another: the server is as open as its widest bind.
  const direct = listens.filter((l) => listensOn(l, key, route, context));
  if (direct.length) return direct.find((l) => binding(l, context) === "all") ?? direct.find((l) => binding(l, context) !== "local") ?? direct[0];
  const through = mountedListen(key, context, 0);
  if (through) return through;
  const sameFile = listens.filter((l) => l.node.getSourceFile() === route.node.getSourceFile());
  if (sameFile.length === 1) return sameFile[0];
  return listens.length === 1 ? listens[0] : undefined;
}

/** A router listens through the app that mounts it, or through the app that mounts that one. */
function mountedListen(key: string, context: RuleContext, depth: number): ListenCall | undefined {
  for (const { route: mount } of depth < 2 ? mountsOf(key, context) : []) {
    const mountKey = appKey(mount, context);
    if (mountKey === key) continue;
    const through = context.model.listens.find((l) => listensOn(l, mountKey, mount, context)) ?? mountedListen(mountKey, context, depth + 1);
    if (through) return through;
  }
  return undefined;
}

/** `app.listen(...)` on the app keyed `key`, or `http.createServer(app).listen(...)`. */
function listensOn(l: ListenCall, key: string, route: HttpRoute, context: RuleContext): boolean {
  // Bun.serve({ fetch }): the route's own call listens.
  if (l.node === route.node) return true;
  // const wss = new WebSocketServer({ port }): the server listens where it is made.
  if (ts.isNewExpression(l.node)) {
    const app = route.app && skipOuter(route.app);
    if (!app) return false;
    const madeHere = (e: ts.Expression) => e === l.node || (ts.isIdentifier(e) && context.declaration(e) === l.node.parent);
    if (madeHere(app)) return true;
    // attach(server) { server.on("connection", …) }, called with the server just made.
    const param = ts.isIdentifier(app) ? context.declaration(app) : undefined;
    if (param && ts.isParameter(param)) return !!passedArguments(param, context)?.some(({ arg }) => madeHere(skipOuter(arg)));
    // const wss = await createSocketServer(): a factory that returns the server it makes.
    const made = context.resolve(app);
    return made.kind === "instance" && made.node === l.node;
  }
  const callee = ts.isCallExpression(l.node) ? skipOuter(l.node.expression) : undefined;
  if (callee && ts.isCallExpression(l.node) && !ts.isPropertyAccessExpression(callee)) {
    // serve({ fetch: app.fetch, hostname }) (@hono/node-server): the app whose fetch it is given.
    const fetch = context.objectProps(l.node.arguments[0])?.value("fetch");
    const handler = fetch && skipOuter(fetch);
    return !!handler && ts.isPropertyAccessExpression(handler) && declarationKey(skipOuter(handler.expression), context) === key;
  }
  if (!callee || !ts.isPropertyAccessExpression(callee)) return false;
  const receiver = skipOuter(callee.expression);
  if (declarationKey(receiver, context) === key) return true;
  const app = route.app && skipOuter(route.app);
  // http.createServer(handler).listen(port, host): the server listens where it is made.
  if (receiver === route.node || receiver === app) return true;
  // app.callback() is how koa hands itself to node's http.createServer.
  const handed = (a: ts.Expression) => {
    const e = skipOuter(a);
    const base = ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "callback" ? skipOuter(e.expression.expression) : e;
    return ts.isIdentifier(base) && !!app && ts.isIdentifier(app) && base.text === app.text && context.declaration(base) === context.declaration(app);
  };
  return ts.isCallExpression(receiver) && receiver.arguments.some(handed);
}

/** The host a server binds, reading `process.env.HOST ?? "127.0.0.1"` as its default. */
function binding(listen: ListenCall | undefined, context: RuleContext): Binding {
  if (!listen) return "unknown";
  if (listen.host !== null) return LOCAL_HOSTS.test(listen.host) ? "local" : ALL_HOSTS.test(listen.host) ? "all" : "unknown";
  if (!listen.hostNode) return "all";
  return hostBinding(listen.hostNode, context, 0);
}

function hostBinding(expr: ts.Expression, context: RuleContext, depth: number): Binding {
  let e = skipOuter(expr);
  // const host = options.host || "0.0.0.0"; server.listen(port, host)
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? destructuredValue(e, context) ?? e);
  // function start(port, host = "localhost"): loopback only when every call passes (or defaults to) a loopback host.
  const passed = ts.isIdentifier(e) && depth < 3 ? passedValues(e, context) : undefined;
  if (passed) return passed.every((p) => hostBinding(p, context, depth + 1) === "local") ? "local" : "unknown";
  // this.opts = { host: options.host ?? "127.0.0.1" }; server.listen(port, this.opts.host), through as many objects as hand it on.
  if (ts.isPropertyAccessExpression(e)) {
    const access = e;
    const value = precedenceDefault(access, context) ?? settingValue(access, context) ?? parameterDefault(access);
    if (value && depth < 3) return hostBinding(value, context, depth + 1);
    // config.HOST of a zod-parsed environment: the field's `.default("127.0.0.1")` applies when the variable is unset.
    const field = value ? undefined : parsedEnvironmentField(access, context);
    const fallback = field && zodDefault(field, context);
    if (fallback !== undefined) return LOCAL_HOSTS.test(fallback) ? "local" : ALL_HOSTS.test(fallback) ? "all" : "unknown";
    if (value) e = skipOuter(value);
    // serve({ host: settings.host }) read as config.host inside serve: what each call writes there.
    const holder = skipOuter(access.expression);
    const written = !value && ts.isIdentifier(holder) && depth < 3 ? passedValues(holder, context)?.map((h) => context.objectProps(h)?.value(access.name.text)) : undefined;
    if (written?.length && written.every((w) => !!w)) {
      return agreed(written.map((w) => hostBinding(w as ts.Expression, context, depth + 1)));
    }
    // this.host = process.env.HOST ?? "localhost" in the constructor: what the class's own code gives the field.
    const cls = !value && holder.kind === ts.SyntaxKind.ThisKeyword ? enclosingClass(access) : undefined;
    const given = cls && depth < 3 ? fieldAssignments(cls, access.name.text) : undefined;
    if (given?.length) {
      return agreed(given.map((g) => hostBinding(g, context, depth + 1)));
    }
  }
  // (process.env.HOST ?? "127.0.0.1").trim(): tidying the text keeps its fallback.
  while (ts.isCallExpression(e) && !e.arguments.length && ts.isPropertyAccessExpression(e.expression) && /^(trim|trimStart|trimEnd|toLowerCase)$/.test(e.expression.name.text)) e = skipOuter(e.expression.expression);
  const literal = ts.isStringLiteralLike(e) ? e.text : ts.isCallExpression(e) ? helperFallback(e, context) : undefined;
  if (literal !== undefined) return LOCAL_HOSTS.test(literal) ? "local" : ALL_HOSTS.test(literal) ? "all" : "unknown";
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    const fallback = context.constantText(e.right);
    const byDefault = fallback === undefined ? undefined : LOCAL_HOSTS.test(fallback) ? "local" : ALL_HOSTS.test(fallback) ? "all" : "unknown";
    // options.host ?? "127.0.0.1": a host the callers pass for the option overrides the default.
    const left = skipOuter(e.left);
    const passed = ts.isPropertyAccessExpression(left) && depth < 3 ? settingValue(left, context) : undefined;
    const chosen = passed ? hostBinding(passed, context, depth + 1) : "unknown";
    if (chosen !== "unknown") return chosen;
    if (byDefault) return byDefault;
  }
  return "unknown";
}

/** The binding every value gives, or unknown when they differ. */
function agreed(bindings: readonly Binding[]): Binding {
  return bindings.every((b) => b === bindings[0]) ? (bindings[0] as Binding) : "unknown";
}

/**
 * `const { host } = options` or `function start({ host })`: the property read from the object destructured (for a
 * parameter, the object its one call passes), or the binding's own default when the object has no such property.
 */
function destructuredValue(id: ts.Identifier, context: RuleContext): ts.Expression | undefined {
  const decl = context.declaration(id);
  if (!decl || !ts.isBindingElement(decl) || !ts.isObjectBindingPattern(decl.parent) || decl.dotDotDotToken) return undefined;
  const key = propertyNameText(decl.propertyName ?? decl.name);
  const holder = decl.parent.parent;
  let source = ts.isVariableDeclaration(holder) ? holder.initializer : ts.isParameter(holder) ? onlyArgument(holder, context) : undefined;
  // const { host } = options, with options a parameter: what the caller passed.
  const param = source && ts.isIdentifier(skipOuter(source)) ? context.declaration(skipOuter(source) as ts.Identifier) : undefined;
  if (param && ts.isParameter(param)) source = onlyArgument(param, context);
  const value = key === undefined ? undefined : context.objectProps(source)?.value(key);
  return value ?? decl.initializer;
}

/**
 * What the calls of a project function pass for a parameter, or its default where a call passes nothing. An exported
 * function no project code calls is an entry point of the package: whoever calls it picks the value, not its default.
 */
function passedValues(id: ts.Identifier, context: RuleContext): ts.Expression[] | undefined {
  const param = context.declaration(id);
  const fn = param?.parent;
  if (!param || !ts.isParameter(param) || param.dotDotDotToken || !fn || !isFunctionLike(fn)) return undefined;
  const sites = context.soleCallingSites(fn);
  if (!sites || (!sites.length && exported(fn))) return undefined;
  const index = fn.parameters.indexOf(param);
  const values = sites.length ? sites.map((site) => ((site.arguments ?? []).slice(0, index + 1).some(ts.isSpreadElement) ? undefined : (site.arguments?.[index] ?? param.initializer))) : [param.initializer];
  return values.every((v): v is ts.Expression => !!v) ? values : undefined;
}

/** Exported from its module: by an export modifier (on it, its variable or its class) or an `export { name }` list. */
function exported(fn: FunctionLike): boolean {
  const holder = ts.isFunctionDeclaration(fn) ? fn : ts.isVariableDeclaration(fn.parent) ? fn.parent : ts.isClassLike(fn.parent) ? fn.parent : undefined;
  if (!holder) return true;
  if (ts.getCombinedModifierFlags(holder) & ts.ModifierFlags.Export) return true;
  const name = holder.name && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
  return holder.getSourceFile().statements.some(
    (st) =>
      (ts.isExportDeclaration(st) && !!st.exportClause && ts.isNamedExports(st.exportClause) && st.exportClause.elements.some((el) => (el.propertyName ?? el.name).text === name)) ||
      (ts.isExportAssignment(st) && ts.isIdentifier(st.expression) && st.expression.text === name),
  );
}

/** What the one call of a project function passes for one of its parameters. */
function onlyArgument(param: ts.ParameterDeclaration, context: RuleContext): ts.Expression | undefined {
  const fn = param.parent;
  if (!isFunctionLike(fn) || param.dotDotDotToken) return undefined;
  const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  const sites = name ? context.callsNamed(name).filter((c) => context.calleeFunctions(c).includes(fn)) : [];
  const arg = sites.length === 1 ? sites[0]?.arguments[fn.parameters.indexOf(param)] : undefined;
  return arg && !ts.isSpreadElement(arg) ? arg : undefined;
}

/**
 * `bindHost(process.env.MCP_HOST)`, a project helper given an environment variable whose every fixed answer is one
 * text (`if (!value?.trim()) return "127.0.0.1"` or `return value || "127.0.0.1"`): what applies while it is unset.
 */
function helperFallback(call: ts.CallExpression, context: RuleContext): string | undefined {
  const fn = soleCallee(call, context);
  if (!fn || !call.arguments.some((a) => fromEnvironment(a, context))) return undefined;
  const fixed = returnedExpressions(fn).flatMap((r) => {
    const text = context.constantText(r) ?? context.constantText(lastFallback(r, context));
    return text === undefined ? [] : [text];
  });
  return fixed.length && fixed.every((t) => t === fixed[0]) ? fixed[0] : undefined;
}

/**
 * `pick(flags.host, process.env.HOST, "127.0.0.1").value`, where pick returns `{ value: flag }`, `{ value: env }` or
 * `{ value: fallback }`: the one fixed argument is what applies when the operator sets neither flag nor variable.
 */
function precedenceDefault(e: ts.PropertyAccessExpression, context: RuleContext): ts.Expression | undefined {
  let holder = skipOuterAndAwait(e.expression);
  if (ts.isIdentifier(holder)) holder = skipOuterAndAwait(context.initializer(holder) ?? holder);
  if (!ts.isCallExpression(holder)) return undefined;
  const call = holder;
  const fn = soleCallee(call, context);
  if (!fn) return undefined;
  const picked = returnedExpressions(fn).map((r) => {
    const returned = skipOuter(r);
    const prop = ts.isObjectLiteralExpression(returned) ? returned.properties.find((p) => p.name && propertyNameText(p.name) === e.name.text) : undefined;
    const value = prop && (ts.isPropertyAssignment(prop) ? skipOuter(prop.initializer) : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined);
    const param = value && ts.isIdentifier(value) ? fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === value.text) : -1;
    return param >= 0 ? call.arguments[param] : undefined;
  });
  if (picked.length < 2 || picked.some((a) => !a)) return undefined;
  const fixed = picked.filter((a): a is ts.Expression => !!a && context.constantText(a) !== undefined);
  const operatorSet = (a: ts.Expression): boolean => fromEnvironment(a, context) || ts.isPropertyAccessExpression(skipOuter(a)) || ts.isElementAccessExpression(skipOuter(a));
  return fixed.length === 1 && picked.every((a) => a === fixed[0] || operatorSet(a as ts.Expression)) ? fixed[0] : undefined;
}

/** `constructor(private host = "localhost")` read as `this.host`: the host a default construction binds. */
function parameterDefault(e: ts.PropertyAccessExpression): ts.Expression | undefined {
  const cls = e.expression.kind === ts.SyntaxKind.ThisKeyword ? enclosingClass(e) : undefined;
  return cls && parameterProperty(cls, e.name.text)?.initializer;
}

/** The value an `a ?? b || c` chain ends on, through consts: what applies when nothing before it is set. */
function lastFallback(expr: ts.Expression, context: RuleContext, depth = 0): ts.Expression {
  let e = skipOuter(expr);
  if (ts.isIdentifier(e) && depth < 4) {
    const init = context.initializer(e);
    if (init) return lastFallback(init, context, depth + 1);
  }
  while (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) e = skipOuter(e.right);
  return e;
}

/** `app.use(cors())` with no origin, `origin: "*"` or `origin: true`, or a literal `Access-Control-Allow-Origin: *`. */
function wildcardCors(key: string, route: HttpRoute, context: RuleContext): { wildcardCors?: ts.Node } {
  for (const mw of appMiddleware(key, route, context)) {
    const e = skipOuter(mw);
    const api = ts.isCallExpression(e) ? context.api(e.expression) : undefined;
    // express cors() and hono/cors both default to any origin.
    if (ts.isCallExpression(e) && (api?.module === "cors" || api?.module === "hono/cors")) {
      const origin = context.objectProps(e.arguments[0])?.value("origin");
      // origin: options.corsOrigin ?? process.env.CORS_ORIGIN ?? "*": with nothing configured, any origin.
      const fallback = origin && lastFallback(origin, context);
      const text = fallback ? context.constantText(fallback) : undefined;
      if (!e.arguments[0] || !origin || text === "*" || (fallback && skipOuter(fallback).kind === ts.SyntaxKind.TrueKeyword) || (fallback && wildcardUnlessConfigured(fallback, context))) return { wildcardCors: e };
      continue;
    }
    // app.use((req, res, next) => { res.header("Access-Control-Allow-Origin", "*"); next(); })
    const fn = middlewareFunction(e, context);
    const found = fn && wildcardOriginHeader(fn, context);
    if (found) return { wildcardCors: found };
  }
  for (const h of route.handlers) {
    const found = wildcardOriginHeader(h, context);
    if (found) return { wildcardCors: found };
  }
  return {};
}

/** `origins.length ? origins : "*"` with the list read from the environment: any origin until one is configured. */
function wildcardUnlessConfigured(expr: ts.Expression, context: RuleContext): boolean {
  const e = skipOuter(expr);
  if (!ts.isConditionalExpression(e) || !envDerived(e.condition, context, 0)) return false;
  return [e.whenTrue, e.whenFalse].some((branch) => context.constantText(branch) === "*" || skipOuter(branch).kind === ts.SyntaxKind.TrueKeyword);
}

/** `res.setHeader("Access-Control-Allow-Origin", "*")` (or `res.header`) in a handler or middleware, or in a helper it calls. */
function wildcardOriginHeader(fn: FunctionLike, context: RuleContext, depth = 0): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const [name, value] = n.arguments;
      if ((calleeName(n) === "setHeader" || calleeName(n) === "header") && name && ts.isStringLiteralLike(name) && /^access-control-allow-origin$/i.test(name.text) && value && wildcardValue(value, context)) found = n;
      else if (depth < 2) for (const helper of context.calleeFunctions(n)) found ??= wildcardOriginHeader(helper, context, depth + 1);
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** "*" (also as the fallback of an unset setting), or a `let` that starts as "*" and is narrowed only on some paths. */
function wildcardValue(value: ts.Expression, context: RuleContext): boolean {
  if (context.constantText(value) === "*" || wildcardByDefault(value, context)) return true;
  const decl = ts.isIdentifier(skipOuter(value)) ? context.declaration(skipOuter(value) as ts.Identifier) : undefined;
  return !!decl && ts.isVariableDeclaration(decl) && !!decl.initializer && !(decl.parent.flags & ts.NodeFlags.Const) && context.constantText(decl.initializer) === "*";
}
