import { ts } from "../../rule-api/ts.js";
import { bindingKey, calleeName, enclosingClass, enclosingFunction, isFunctionLike, propertyNameText, skipOuter, skipOuterAndAwait, type FunctionLike } from "../ast/function-like.js";
import { constInitializer } from "../ast/const-initializer.js";
import { declarationOf } from "../ast/declaration-of.js";
import { returnedExpressions } from "../ast/returned-expressions.js";
import type { SourceSpec } from "../dataflow/taint.js";
import { functionName } from "../dataflow/taint-engine.js";
import { constantText } from "../resolve/constant-text.js";
import { packageSpecifier } from "../resolve/module-name.js";
import type { ValueRef } from "../resolve/value-ref.js";
import type { ValueResolver } from "../resolve/value-resolver.js";
import { classifyApi, constructorKind, instanceKind, isMcpHttpHandler, isMcpSdkModule, type ApiKind } from "./api-kinds.js";
import type { HttpFramework, HttpRoute, ListenCall, McpModel, PromptModel, ResourceModel, ToolModel, TransportModel } from "./mcp-model.js";
import { ObjectProps } from "./object-props.js";
import { isNarrowSchema, parseSchema, type SchemaNode } from "./schema-node.js";

/** The Claude Agent SDK, under its current and its earlier package name. */
/** The source of a callback that several tools were registered with. */
const SHARED_HANDLER_LABEL = "arguments of the tools one handler serves";
const AGENT_SDK_MODULES = new Set(["@anthropic-ai/claude-agent-sdk", "@anthropic-ai/claude-code"]);
/** @cyanheads/mcp-ts-core, whose createApp() serves the tool(), resource() and prompt() definitions it is given. */
const TS_CORE_MODULE = /^@cyanheads\/mcp-ts-core(\/(tools|resources|prompts))?$/;
const TS_CORE_BUILDERS = new Set(["tool", "resource", "prompt"]);
/** defineMcpTool() and defineMcpResource() of @nuxtjs/mcp-toolkit (or its Nitro twin): imported (also through `#imports`), or auto-imported under `server/mcp/`. */
const NUXT_MCP_MODULE = /^(@nuxtjs\/mcp-toolkit(\/server)?|nitro-mcp-toolkit|#imports)$/;
const NUXT_MCP_FOLDER = /\/server\/mcp\/(?:.*\/)?([^/]+)\.[cm]?[jt]s$/;
/** Adapters whose createMcpHandler((server) => …) makes an McpServer and hands it to the callback (Next.js, Nuxt). */
const HANDLER_MODULES = new Set(["mcp-handler", "@vercel/mcp-adapter"]);
/** Next.js App Router route handlers (`app/…/route.ts`) and Pages Router API routes (`pages/api/…`). */
const NEXT_ROUTE_FILE = /(?:^|\/)app((?:\/[^/]+)*)\/route\.[cm]?[jt]sx?$/;
const NEXT_API_FILE = /(?:^|\/)pages(\/api(?:\/[^/]+)*?)(?:\/index)?\.[cm]?[jt]sx?$/;
/** xmcp's file-based tools: one module per tool under the tools folder, which xmcp finds and registers itself. */
const XMCP_TOOL_FILE = /(?:^|\/)tools\/(?:[^/]+\/)*([^/]+)\.[cm]?[jt]sx?$/;
const XMCP_CONFIG = /^(.*\/)xmcp\.config\.[cm]?[jt]s$/;
/** Vercel functions: a default export under an `api/` folder, taking a request. */
const VERCEL_FUNCTION_FILE = /(?:^|\/)api((?:\/[^/]+)*?)(?:\/index)?\.[cm]?[jt]sx?$/;
const HTTP_VERBS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const WEB_REQUEST = new Set(["url", "nextUrl", "headers", "cookies", "json", "text", "formData", "body", "arrayBuffer", "blob"]);
const NEXT_API_REQUEST = new Set(["query", "body", "headers", "cookies", "url"]);
/** A Vercel function gets node's request with query and body (VercelRequest) or a fetch Request (edge). */
const VERCEL_REQUEST = new Set([...NEXT_API_REQUEST, ...WEB_REQUEST]);
/** An h3 event's request: node's request (v1), the web Request (v2), its path, method and headers. `context` is the server's own. */
const H3_EVENT = new Set(["node", "req", "web", "path", "url", "method", "headers"]);
/** h3's (Nitro's, Nuxt's) route handlers: imported from h3, or auto-imported in a Nitro server's route folders. */
const H3_HANDLERS = new Set(["defineEventHandler", "eventHandler", "defineCachedEventHandler"]);
/** Where they are imported from when named: h3 itself, Nitro's runtime, or Nuxt's `#imports` alias for the auto-imports. */
const H3_MODULES = new Set(["h3", "nitropack/runtime", "nitro/runtime", "#imports"]);
const NITRO_ROUTE_FILE = /\/(?:server\/)?(api|routes|middleware)\/(.+?)(?:\.(get|post|put|patch|delete|head|options))?\.[cm]?[jt]s$/;
/** The request schemas a low-level handler is registered for, by the method each one matches. */
const REQUEST_METHODS = new Map([
  ["tools/call", "CallToolRequestSchema"],
  ["tools/list", "ListToolsRequestSchema"],
  ["prompts/get", "GetPromptRequestSchema"],
  ["resources/read", "ReadResourceRequestSchema"],
]);
const SDK_REQUEST_SCHEMAS = new Set(REQUEST_METHODS.values());
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);
const MCP_MODULE = /^(@modelcontextprotocol\/|fastmcp$|litemcp$|mcp-framework$|mcp-handler$|@vercel\/mcp-adapter$|tmcp$|mcp-lite$|xmcp$|mcp-use(\/server)?$|@mcp-use\/server$)/;
const REGISTRATION_METHODS = new Set(["tool", "registerTool", "resource", "registerResource", "resourceTemplate", "prompt", "registerPrompt", "setRequestHandler", "addTool", "addResource", "addResourceTemplate", "addPrompt", "start", "startHttp", "registerTools"]);
/**
 * The member a tools/call handler runs a looked-up definition through (`tools[name].execute(args)`), and where such a
 * definition keeps its schema: the convention of fastmcp, Mastra and the AI SDK. Custom names (`handler`, `run`) take
 * other shapes (`handler(request, context)`), so they are left to the registrations that can be followed.
 */
const DISPATCH_MEMBER = "execute";
const DEFINITION_SCHEMA_KEYS = ["parameters", "inputSchema"];
const NODE_SERVER_FACTORIES = new Set(["createServer", "createSecureServer", "Server"]);
const ROUTE_METHODS = new Set(["get", "post", "put", "delete", "del", "patch", "all", "options", "head", "use", "route", "on", "useGlobalGuards", "addHook", "openapi"]);
/** Fastify hooks that run before a route's handler on every request, as express middleware does. */
const FASTIFY_REQUEST_HOOKS = new Set(["onRequest", "preParsing", "preValidation", "preHandler"]);
/** What a dynamically registered OAuth client names itself with, and the /authorize parameters the SDK passes through unchecked. */
const OAUTH_CLIENT_FIELDS = new Set(["client_name", "client_uri", "logo_uri", "tos_uri", "policy_uri", "contacts", "software_id", "software_version"]);
const OAUTH_AUTHORIZE_FIELDS = new Set(["state", "scopes"]);
/** NestJS route decorators (from @nestjs/common) and the parameter decorators that hand a handler request data. */
const NEST_VERBS = new Set(["Get", "Post", "Put", "Delete", "Patch", "All", "Options", "Head"]);
const NEST_REQUEST_PARAMS = new Set(["Body", "Query", "Param", "Headers", "Ip", "HostParam"]);
const ANNOTATION_KEYS = new Set(["title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]);
const EXPRESS_REQUEST = new Set(["query", "params", "body", "headers", "cookies", "signedCookies", "url", "originalUrl", "path", "hostname", "host", "ip", "ips", "get", "header", "protocol", "subdomains", "files", "file", "baseUrl", "rawBody"]);
const NODE_REQUEST = new Set(["url", "headers", "rawHeaders", "on", "once", "read", "pipe", "method", "trailers", "body"]);
const HONO_CONTEXT = new Set(["req"]);
/** Koa's ctx: the request and its delegates (ctx.query is ctx.request.query); not ctx.state, ctx.app or ctx.body. */
const KOA_CONTEXT = new Set(["request", "req", "query", "querystring", "params", "headers", "header", "get", "url", "originalUrl", "path", "href", "host", "hostname", "origin", "cookies", "ip", "ips", "search"]);
const FASTIFY_REQUEST = new Set(["query", "params", "body", "headers", "url", "originalUrl", "raw", "cookies", "hostname", "ip", "routerPath"]);
/** The parameter types that make a function a request handler: the request's, and the response's that must follow it. */
const TYPED_HANDLERS: readonly { modules: ReadonlySet<string>; request: string; response?: string; members: ReadonlySet<string> }[] = [
  { modules: new Set(["http", "https", "http2"]), request: "IncomingMessage", response: "ServerResponse", members: NODE_REQUEST },
  { modules: new Set(["express"]), request: "Request", response: "Response", members: EXPRESS_REQUEST },
  { modules: new Set(["fastify"]), request: "FastifyRequest", response: "FastifyReply", members: FASTIFY_REQUEST },
  { modules: new Set(["hono"]), request: "Context", members: HONO_CONTEXT },
];

/**
 * Builds the MCP model of one analysis unit: servers, tools (with schemas and handlers), resources, prompts,
 * transports and HTTP routes, plus the attacker-controlled parameters that seed the taint analysis.
 */
export function buildModel(files: readonly ts.SourceFile[], resolver: ValueResolver, onError?: (sf: ts.SourceFile, error: unknown) => void): McpModel {
  const model: McpModel = { servers: [], tools: [], resources: [], prompts: [], transports: [], routes: [], listens: [], sources: [] };
  const builder = new ModelBuilder(model, resolver, files.some(importsMcp), files);
  for (const sf of files) {
    try {
      builder.visitFile(sf);
    } catch (e) {
      // One file the model cannot be read from loses its part of the model, not the whole scan.
      onError?.(sf, e);
    }
  }
  builder.finish();
  return model;
}

/** One tool definition of a table registered in a loop (an object literal or a class instance), and the loop variable that stands for it. */
interface TableEntry {
  variable: ts.Symbol;
  entry: ValueRef;
  /** Where the definition is written: the object literal or the class. */
  node: ts.Node;
  /** `[name, def]` of `Object.entries(table)`: the variable holding the key, and this entry's key. */
  key?: { variable: ts.Symbol; text: string };
}

class ModelBuilder {
  private readonly mcpFiles = new Set<ts.SourceFile>();
  private readonly pendingDispatch: { name: string; node: ts.Node }[] = [];
  /** Object literals with an `execute` function: tool definitions when a tools/call handler runs `execute` of a looked-up value. */
  private readonly definitionCandidates: ts.ObjectLiteralExpression[] = [];
  /** Set when a tools/call handler runs `execute` of a value it cannot resolve: whether it validates arguments with the definition's schema first. */
  private dispatchValidates: boolean | undefined;
  /** NestJS controller routes, tied to the Nest app and its global guards once every file is read. */
  private readonly nestRoutes: HttpRoute[] = [];
  /** Functions typed as request handlers: sources of request data unless a route already made them one. */
  private readonly typedHandlers: { fn: FunctionLike; members: ReadonlySet<string> }[] = [];
  /** Nest modules: controllers, imported modules, and what they put on every route (APP_GUARD, forRoutes("*")). */
  private readonly nestModules = new Map<ts.ClassLikeDeclaration, { controllers: ts.ClassLikeDeclaration[]; imports: ts.ClassLikeDeclaration[]; global: ts.Expression[] }>();

  constructor(
    private readonly model: McpModel,
    private readonly resolver: ValueResolver,
    /** Some file imports an MCP SDK: `server.tool(...)` on an untyped parameter is then a registration. */
    private readonly projectUsesMcp: boolean,
    private readonly files: readonly ts.SourceFile[],
  ) {}


  visitFile(sf: ts.SourceFile): void {
    if (importsMcp(sf)) this.mcpFiles.add(sf);
    this.nextRoutes(sf);
    this.xmcpTool(sf);
    this.workerFetch(sf);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node)) this.onNew(node);
      else if (ts.isCallExpression(node)) this.onCall(node);
      else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) this.onClass(node);
      else if (ts.isCaseClause(node) || ts.isBinaryExpression(node)) this.onRpcMethodTest(node);
      else if (ts.isObjectLiteralExpression(node) && node.properties.some(isDispatchedMember)) this.definitionCandidates.push(node);
      else if (isFunctionLike(node) && node.parameters.length && node.body) this.onTypedHandler(node);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  /** The exported handlers of a Next.js route file: their request (and the route's `params`) come from any HTTP client. */
  private nextRoutes(sf: ts.SourceFile): void {
    const app = NEXT_ROUTE_FILE.exec(sf.fileName);
    const pages = app ? undefined : NEXT_API_FILE.exec(sf.fileName);
    if (!app && !pages) return this.vercelFunction(sf);
    const path = (app?.[1] ?? pages?.[1] ?? "") || "/";
    const handle = (verb: string, fn: FunctionLike | undefined): void => {
      if (!fn) return;
      const label = `HTTP request data (${verb} ${path})`;
      this.model.sources.push({ fn, paramIndex: 0, kind: "http-request", label, taintedMembers: app ? WEB_REQUEST : NEXT_API_REQUEST });
      if (app) this.model.sources.push({ fn, paramIndex: 1, kind: "http-request", label, taintedMembers: new Set(["params"]) });
    };
    for (const st of sf.statements) {
      if (pages) {
        handle("*", this.defaultExportHandler(st));
        continue;
      }
      if (!hasModifier(st, ts.SyntaxKind.ExportKeyword)) continue;
      if (ts.isFunctionDeclaration(st) && st.name && HTTP_VERBS.has(st.name.text)) handle(st.name.text, st);
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && HTTP_VERBS.has(d.name.text) && d.initializer) handle(d.name.text, this.handlerOf(d.initializer));
        }
      }
    }
  }

  /**
   * xmcp: `src/tools/<name>.ts` exporting `schema` (a zod shape), optional `metadata` ({ name, description, annotations })
   * and the handler as its default export, in a project built with xmcp. xmcp validates the arguments with the schema.
   */
  private xmcpTool(sf: ts.SourceFile): void {
    const file = XMCP_TOOL_FILE.exec(sf.fileName);
    if (!file || !(importsModule(sf, "xmcp") || this.xmcpRoots().some((root) => sf.fileName.startsWith(root)))) return;
    const exported = new Map<string, ts.Expression>();
    let handler: FunctionLike | undefined;
    for (const st of sf.statements) {
      handler ??= this.defaultExportHandler(st);
      if (!ts.isVariableStatement(st) || !hasModifier(st, ts.SyntaxKind.ExportKeyword)) continue;
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) exported.set(d.name.text, d.initializer);
    }
    if (!handler) return;
    const metadata = ObjectProps.of(exported.get("metadata"), this.resolver);
    const name = metadata?.text("name") ?? file[1] ?? null;
    const descriptionNode = metadata?.value("description");
    const description = this.textOrNull(descriptionNode);
    const schemaNode = exported.get("schema");
    const schema = schemaNode ? parseSchema(schemaNode, this.resolver) : undefined;
    const annotationsNode = metadata?.value("annotations");
    this.model.tools.push({ name, description, ...optional("descriptionNode", descriptionNode), framework: "xmcp", node: handler, handler, ...optional("schema", schema), ...optional("schemaNode", schemaNode), validated: !!schemaNode, annotations: this.annotations(annotationsNode), ...optional("annotationsNode", annotationsNode) });
    this.toolSource(handler, name, schema);
  }

  private xmcpFolders: string[] | undefined;

  /** The folders of the xmcp projects scanned: where an xmcp.config file is. */
  private xmcpRoots(): string[] {
    this.xmcpFolders ??= this.files.flatMap((f) => XMCP_CONFIG.exec(f.fileName)?.[1] ?? []);
    return this.xmcpFolders;
  }

  /** The fixed text of a name, description or path, or null when it has none (or there is no node). */
  private textOrNull(node: ts.Expression | undefined): string | null {
    return node ? (constantText(node, this.resolver) ?? null) : null;
  }

  /** `api/proxy.ts` exporting `default function handler(req, res)` or `(request: Request)`: a Vercel function. */
  private vercelFunction(sf: ts.SourceFile): void {
    const path = VERCEL_FUNCTION_FILE.exec(sf.fileName)?.[1];
    if (path === undefined) return;
    for (const st of sf.statements) {
      const fn = this.defaultExportHandler(st);
      const request = fn?.parameters[0];
      // A module's default export under api/ may be anything; a function of a request is a handler.
      if (!fn || !request || !(/^(req|request)$/.test(request.name.getText()) || /Request\b/.test(request.type?.getText() ?? ""))) continue;
      this.model.sources.push({ fn, paramIndex: 0, kind: "http-request", label: `HTTP request data (/api${path || ""})`, taintedMembers: VERCEL_REQUEST });
    }
  }

  /** The function a statement exports as the module's default: `export default function`, or `export default handler`. */
  private defaultExportHandler(st: ts.Statement): FunctionLike | undefined {
    if (ts.isFunctionDeclaration(st)) return hasModifier(st, ts.SyntaxKind.DefaultKeyword) ? st : undefined;
    return ts.isExportAssignment(st) && !st.isExportEquals ? this.handlerOf(st.expression) : undefined;
  }

  /**
   * A Cloudflare Worker's `export default { fetch(request, env, ctx) }`: the request comes from any HTTP client. Unless
   * another module of the project names the file to start it as a local worker: then its requests are the project's own.
   */
  private workerFetch(sf: ts.SourceFile): void {
    for (const st of sf.statements) {
      if (!ts.isExportAssignment(st) || st.isExportEquals) continue;
      const fetch = ObjectProps.of(st.expression, this.resolver)?.fn("fetch");
      if (fetch && !this.launchedByProject(sf)) this.webHandler(fetch, "fetch handler");
    }
  }

  private launchedByProject(sf: ts.SourceFile): boolean {
    const stem = moduleStem(sf.fileName);
    return this.files.some((f) => f !== sf && namesModule(f, stem));
  }

  /** `Bun.serve({ fetch(req) })` and `Deno.serve(handler)` or `Deno.serve(options, handler)`. */
  private onRuntimeServe(call: ts.CallExpression, runtime: "Bun" | "Deno"): void {
    const opts = runtime === "Bun" || call.arguments.length > 1 ? ObjectProps.of(call.arguments[0], this.resolver) : undefined;
    const handler = runtime === "Bun" ? opts?.fn("fetch") : this.handlerOf(call.arguments[call.arguments.length - 1]);
    if (!handler) return;
    this.webHandler(handler, `${runtime}.serve`);
    // The call is the server: it routes every request to the handler and listens, on all interfaces unless given a hostname.
    this.model.routes.push({ framework: "fetch", method: "request", path: null, node: call, app: undefined, handlers: [handler], args: [], middleware: [] });
    const hostNode = opts?.value("hostname");
    this.model.listens.push({ node: call, host: opts?.text("hostname") ?? null, ...optional("hostNode", hostNode), port: opts?.text("port") ?? opts?.value("port")?.getText() ?? null });
  }

  /**
   * `(req: IncomingMessage, res: ServerResponse) => …`, `(req: Request, res: Response)` of express, `(c: Context)` of
   * hono: written as a request handler, so some server hands it requests, even one the scan cannot follow (a library's
   * `onUnhandledRequest`, a route table built at run time).
   */
  private onTypedHandler(fn: FunctionLike): void {
    const [req, res] = fn.parameters;
    const handler = TYPED_HANDLERS.find((h) => this.namesType(req?.type, h.modules, h.request) && (!h.response || this.namesType(res?.type, h.modules, h.response)));
    if (handler) this.typedHandlers.push({ fn, members: handler.members });
  }

  /** A typed handler a route's handler calls gets that route's request, and the route's name for it, through the call. */
  private calledFromSource(fn: FunctionLike, sourceFns: ReadonlySet<FunctionLike>): boolean {
    const name = functionName(fn);
    return name !== "function" && this.resolver.callsNamed(name).some((call) => {
      const caller = enclosingFunction(call);
      return !!caller && sourceFns.has(caller) && this.resolver.calleeFunctions(call).includes(fn);
    });
  }

  /** Whether a written type is one a module exports under a name: `IncomingMessage` imported from it, or `http.IncomingMessage`. */
  private namesType(type: ts.TypeNode | undefined, modules: ReadonlySet<string>, name: string): boolean {
    if (!type || !ts.isTypeReferenceNode(type)) return false;
    const typeName = type.typeName;
    const ref = this.resolver.resolve(ts.isIdentifier(typeName) ? typeName : leftmost(typeName));
    if (ref.kind !== "api" || !modules.has(ref.module)) return false;
    const path = ts.isIdentifier(typeName) ? ref.path : [...ref.path, ...qualifiers(typeName)];
    return path.length === 1 && path[0] === name;
  }

  private webHandler(fn: FunctionLike, where: string): void {
    if (fn.parameters.length) this.model.sources.push({ fn, paramIndex: 0, kind: "http-request", label: `HTTP request data (${where})`, taintedMembers: WEB_REQUEST });
  }

  finish(): void {
    const sourceFns = new Set(this.model.sources.flatMap((src) => (src.fn ? [src.fn] : [])));
    for (const { fn, members } of this.typedHandlers) {
      if (!sourceFns.has(fn) && !this.calledFromSource(fn, sourceFns)) this.model.sources.push({ fn, paramIndex: 0, kind: "http-request", label: "HTTP request data (a request handler)", taintedMembers: members });
    }
    this.dispatchedDefinitions();
    this.attachNestRoutes();
    this.attachListens();
  }

  private onNew(node: ts.NewExpression): void {
    const kind = constructorKind(this.resolver.resolve(node.expression));
    if (!kind) return;
    const arg0 = node.arguments?.[0];
    switch (kind) {
      case "ws-server": {
        // new WebSocketServer({ port, host }) listens itself; given a server (or noServer) it rides on one.
        const opts = ObjectProps.of(arg0, this.resolver);
        if (!opts?.has("port") || opts.has("server") || opts.has("noServer")) return;
        const hostNode = opts.value("host");
        this.model.listens.push({ node, host: opts.text("host") ?? null, ...optional("hostNode", hostNode), port: opts.text("port") ?? opts.value("port")?.getText() ?? null });
        return;
      }
      case "mcp-server":
      case "low-level-server": {
        const info = ObjectProps.of(arg0, this.resolver);
        const opts = ObjectProps.of(node.arguments?.[1], this.resolver);
        const instructionsNode = opts?.value("instructions") ?? info?.value("instructions");
        this.model.servers.push({
          framework: kind === "mcp-server" ? "mcp-sdk" : "mcp-sdk-low-level",
          node,
          ...optional("name", info?.text("name")),
          ...optional("version", info?.text("version")),
          ...optional("instructions", instructionsNode ? constantText(instructionsNode, this.resolver) : undefined),
          ...optional("instructionsNode", instructionsNode),
        });
        return;
      }
      case "fastmcp":
      case "mcp-framework-server": {
        const info = ObjectProps.of(arg0, this.resolver);
        const instructionsNode = info?.value("instructions");
        this.model.servers.push({
          framework: kind === "fastmcp" ? "fastmcp" : "mcp-framework",
          node,
          ...optional("name", info?.text("name")),
          ...optional("version", info?.text("version")),
          ...optional("instructions", instructionsNode ? constantText(instructionsNode, this.resolver) : undefined),
          ...optional("instructionsNode", instructionsNode),
        });
        if (kind === "mcp-framework-server") this.mcpFrameworkTransport(node, info);
        return;
      }
      case "casys-app": {
        const info = ObjectProps.of(arg0, this.resolver);
        this.model.servers.push({ framework: "mcp-sdk", node, ...optional("name", info?.text("name")), ...optional("version", info?.text("version")) });
        return;
      }
      case "mastra-server": {
        const info = ObjectProps.of(arg0, this.resolver);
        this.model.servers.push({ framework: "mastra", node, ...optional("name", info?.text("name")), ...optional("version", info?.text("version")) });
        this.mastraTools(node, ObjectProps.of(info?.value("tools"), this.resolver));
        return;
      }
      case "stdio-transport":
        this.model.transports.push({ kind: "stdio", node, options: {}, middleware: [] });
        return;
      case "sse-transport":
        this.model.transports.push({ kind: "sse", node, options: {}, middleware: [] });
        return;
      case "streamable-http-transport": {
        const opts = ObjectProps.of(arg0, this.resolver);
        this.model.transports.push({ kind: "streamable-http", node, options: opts?.literals() ?? {}, ...optional("optionsNode", opts?.node), middleware: [] });
        return;
      }
      default:
        return;
    }
  }

  private mcpFrameworkTransport(node: ts.NewExpression, info: ObjectProps | undefined): void {
    const transport = ObjectProps.of(info?.value("transport"), this.resolver);
    const type = transport?.text("type");
    if (!type || type === "stdio") {
      this.model.transports.push({ kind: "stdio", node, options: {}, middleware: [] });
      return;
    }
    const options = ObjectProps.of(transport?.value("options"), this.resolver);
    const kind = type === "sse" ? "sse" : "http-stream";
    const host = options?.text("host") ?? null;
    const port = options?.text("port") ?? null;
    this.model.transports.push({ kind, node, options: options?.literals() ?? {}, ...optional("optionsNode", options?.node), listen: { node, host, port }, middleware: [] });
  }

  private onCall(call: ts.CallExpression): void {
    const callee = skipOuter(call.expression);
    if (calleeName(call) === "tool" && this.isAgentSdkTool(call)) return this.sdkTool(call, false);
    if (calleeName(call) === "createMcpHandler") this.onMcpHandler(call);
    if (TS_CORE_BUILDERS.has(calleeName(call) ?? "")) this.onTsCoreDefinition(call);
    if (calleeName(call) === "defineMcpTool" || calleeName(call) === "defineMcpResource") this.onNuxtMcpDefinition(call);
    if (H3_HANDLERS.has(calleeName(call) ?? "")) this.onH3Handler(call);
    if (calleeName(call) === "defineTool") this.onGenkitTool(call);
    if (calleeName(call) === "serve" && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && (callee.expression.text === "Bun" || callee.expression.text === "Deno")) this.onRuntimeServe(call, callee.expression.text);
    if (ts.isIdentifier(callee)) {
      const method = this.boundRegistration(callee);
      if (method) this.sdkTool(call, method === "registerTool");
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (REGISTRATION_METHODS.has(method)) this.onRegistration(call, callee, method);
      if (ROUTE_METHODS.has(method)) this.onRoute(call, callee, method);
      if (method === "listen") this.onListen(call);
      if (method === "forRoutes") this.onNestMiddleware(call);
      if (method === "forRoot" || method === "forRootAsync") this.onMcpNestModule(call);
    }
    // Only an identifier (an imported alias) or a member with a server constructor's name can be node:http's.
    if (ts.isPropertyAccessExpression(callee) && !NODE_SERVER_FACTORIES.has(callee.name.text)) return;
    const api = this.resolver.apiOf(call.expression);
    if (api && classifyApi(api) === "node-http-server") this.onNodeServer(call);
    if (api?.module === "@hono/node-server" && api.path.join(".") === "serve") this.onHonoServe(call);
  }

  /**
   * @rekog/mcp-nest's McpModule.forRoot({ transport, mcpEndpoint, guards }): the module serves MCP over HTTP (SSE and
   * streamable HTTP unless only STDIO is named) on the Nest app that imports it.
   */
  private onMcpNestModule(call: ts.CallExpression): void {
    const api = this.resolver.apiOf(call.expression);
    if (api?.module !== "@rekog/mcp-nest" || api.path[0] !== "McpModule") return;
    const opts = ObjectProps.of(call.arguments[0], this.resolver);
    const transport = opts?.value("transport")?.getText() ?? "";
    if (transport && !/SSE|STREAMABLE_HTTP/.test(transport)) return;
    const optionsNode = opts?.node;
    this.model.transports.push({ kind: "streamable-http", node: call, options: opts?.literals() ?? {}, ...optional("optionsNode", optionsNode), middleware: [] });
  }

  /** serve({ fetch: app.fetch, port, hostname }) from @hono/node-server: with no hostname, Node binds every interface. */
  private onHonoServe(call: ts.CallExpression): void {
    const opts = ObjectProps.of(call.arguments[0], this.resolver);
    if (!opts) return;
    const hostNode = opts.value("hostname");
    this.model.listens.push({ node: call, host: opts.text("hostname") ?? null, ...optional("hostNode", hostNode), port: opts.text("port") ?? opts.value("port")?.getText() ?? null });
  }

  /**
   * `tool(name, description, shape, handler)` from the Claude Agent SDK, whose createSdkMcpServer registers each on
   * an McpServer: the same tool, declared before its server.
   */
  private isAgentSdkTool(call: ts.CallExpression): boolean {
    const api = this.resolver.apiOf(call.expression);
    return !!api && AGENT_SDK_MODULES.has(api.module) && api.path.join(".") === "tool";
  }

  /**
   * mcp-ts-core: tool(name, { input, handler(input, ctx) }), resource(uri, { name, params, handler(params, ctx) }) and
   * prompt(name, { args, generate(args) }); createApp() registers each definition it is given on the SDK's McpServer.
   */
  private onTsCoreDefinition(call: ts.CallExpression): void {
    const api = this.resolver.apiOf(call.expression);
    const builder = api?.path.join(".");
    if (!api || !TS_CORE_MODULE.test(api.module) || !builder || !TS_CORE_BUILDERS.has(builder)) return;
    const def = ObjectProps.of(call.arguments[1], this.resolver);
    if (!def) return;
    const first = this.textOrNull(call.arguments[0]);
    if (builder === "tool") {
      const handler = def.fn("handler");
      const schemaNode = def.value("input");
      const schema = this.definedTool(call, first, def, handler, schemaNode, "mcp-sdk");
      if (handler && schemaNode) this.toolSource(handler, first, schema);
      return;
    }
    const descriptionNode = def.value("description");
    const description = this.textOrNull(descriptionNode);
    if (builder === "prompt") {
      const handler = def.fn("generate");
      const schemaNode = def.value("args");
      const schema = schemaNode ? parseSchema(schemaNode, this.resolver) : undefined;
      this.model.prompts.push({ name: first, description, ...optional("descriptionNode", descriptionNode), arguments: schema?.kind === "object" ? [...schema.fields.keys()] : [], framework: "mcp-sdk", node: call, ...optional("handler", handler) });
      if (handler && schemaNode) this.model.sources.push({ fn: handler, paramIndex: 0, kind: "prompt-argument", label: `arguments of prompt ${quote(first)}`, ...optional("schema", schema?.kind === "unknown" ? undefined : schema) });
      return;
    }
    const handler = def.fn("handler");
    const templated = !!first?.includes("{");
    const name = def.text("name") ?? first;
    this.model.resources.push({ name, uri: first, templated, description, ...optional("descriptionNode", descriptionNode), framework: "mcp-sdk", node: call, ...optional("handler", handler), ...optional("mimeType", def.text("mimeType")) });
    if (handler && templated) this.model.sources.push({ fn: handler, paramIndex: 0, kind: "resource-variable", label: `variables of resource template ${quote(first)}` });
  }

  /**
   * @nuxtjs/mcp-toolkit: defineMcpTool({ name, inputSchema, handler(args) }) and defineMcpResource({ uri, handler(uri,
   * variables) }) in a file under `server/mcp/`, named after the file unless they name themselves; the toolkit
   * validates a tool's arguments with its zod shape.
   */
  private onNuxtMcpDefinition(call: ts.CallExpression): void {
    const folder = NUXT_MCP_FOLDER.exec(call.getSourceFile().fileName);
    if (!this.frameworkCall(call, (module) => NUXT_MCP_MODULE.test(module), !!folder)) return;
    const def = ObjectProps.of(call.arguments[0], this.resolver);
    const handler = def?.fn("handler");
    if (!def || !handler) return;
    const name = def.text("name") ?? folder?.[1] ?? null;
    if (calleeName(call) === "defineMcpResource") return this.nuxtMcpResource(call, def, handler, name);
    const schemaNode = def.value("inputSchema");
    const schema = this.definedTool(call, name, def, handler, schemaNode, "mcp-sdk");
    if (schemaNode) this.toolSource(handler, name, schema);
  }

  /** A call of a framework's function: imported from one of its modules, or undeclared (auto-imported) in a folder it serves. */
  private frameworkCall(call: ts.CallExpression, ofFramework: (module: string) => boolean, inServedFolder: boolean): boolean {
    const callee = skipOuter(call.expression);
    const api = this.resolver.apiOf(callee);
    return (!!api && ofFramework(api.module)) || (inServedFolder && ts.isIdentifier(callee) && !this.resolver.checker.getSymbolAtLocation(callee));
  }

  /** defineMcpResource({ uri: new ResourceTemplate("file:///{+path}", …), handler(uri, variables) }): a template's variables come from the client. */
  private nuxtMcpResource(call: ts.CallExpression, def: ObjectProps, handler: FunctionLike, name: string | null): void {
    const uriNode = def.value("uri");
    const template = uriNode && skipOuter(uriNode);
    const templated = !!template && ts.isNewExpression(template) && /ResourceTemplate$/.test(template.expression.getText());
    const uri = templated && template.arguments?.[0] ? this.textOrNull(template.arguments[0]) : this.textOrNull(uriNode);
    const descriptionNode = def.value("description");
    this.model.resources.push({ name, uri, templated, description: this.textOrNull(descriptionNode), ...optional("descriptionNode", descriptionNode), framework: "mcp-sdk", node: call, handler });
    if (!templated) return;
    const label = `variables of resource template ${quote(uri ?? name)}`;
    this.templateVariables(handler, label);
  }

  /**
   * h3: defineEventHandler((event) => …) or ({ handler }): getQuery(event), readBody(event) and the rest read the
   * request through the event. Nitro auto-imports it in its api/, routes/ and middleware/ folders.
   */
  private onH3Handler(call: ts.CallExpression): void {
    const route = NITRO_ROUTE_FILE.exec(call.getSourceFile().fileName);
    if (!this.frameworkCall(call, (module) => H3_MODULES.has(module), !!route)) return;
    const arg = call.arguments[0];
    const fn = this.handlerOf(arg) ?? ObjectProps.of(arg, this.resolver)?.fn("handler");
    if (!fn?.parameters.length) return;
    const where = route ? `${(route[3] ?? "*").toUpperCase()} /${route[1] === "api" ? "api/" : ""}${route[2]?.replace(/(^|\/)index$/, "")}` : "h3 event handler";
    this.model.sources.push({ fn, paramIndex: 0, kind: "http-request", label: `HTTP request data (${where})`, taintedMembers: H3_EVENT });
  }

  private genkitServed: boolean | undefined;

  /**
   * Genkit: ai.defineTool({ name, inputSchema }, fn) on a `genkit()` instance, in a project that serves its tools with
   * @genkit-ai/mcp's createMcpServer(ai); Genkit validates the input with the schema.
   */
  private onGenkitTool(call: ts.CallExpression): void {
    const api = this.resolver.apiOf(call.expression);
    if (api?.module !== "genkit" || !api.path.includes("#")) return;
    this.genkitServed ??= this.files.some((f) => importsModule(f, "@genkit-ai/mcp"));
    const def = ObjectProps.of(call.arguments[0], this.resolver);
    const handler = this.handlerOf(call.arguments[1]);
    if (!this.genkitServed || !def || !handler) return;
    const name = def.text("name") ?? null;
    const schemaNode = def.value("inputSchema");
    const schema = this.definedTool(call, name, def, handler, schemaNode, "mcp-sdk");
    if (schemaNode) this.toolSource(handler, name, schema);
  }

  /** createMcpHandler(init, serverOptions, config): the server init() registers on, with serverOptions' instructions. */
  private onMcpHandler(call: ts.CallExpression): void {
    const api = this.resolver.apiOf(call.expression);
    if (!api || !HANDLER_MODULES.has(api.module) || !call.arguments[0] || !isFunctionLike(skipOuter(call.arguments[0]))) return;
    const instructionsNode = ObjectProps.of(call.arguments[1], this.resolver)?.value("instructions");
    this.model.servers.push({
      framework: "mcp-sdk",
      node: call,
      ...optional("instructions", instructionsNode ? constantText(instructionsNode, this.resolver) : undefined),
      ...optional("instructionsNode", instructionsNode),
    });
  }

  private receiverKind(callee: ts.PropertyAccessExpression): ApiKind | undefined {
    return instanceKind(callee.expression, this.resolver);
  }

  private onRegistration(call: ts.CallExpression, callee: ts.PropertyAccessExpression, method: string): void {
    const kind = this.receiverKind(callee);
    const sf = call.getSourceFile();
    const mcpish = kind === "mcp-server" || kind === "low-level-server" || (kind === undefined && (this.mcpFiles.has(sf) || (this.projectUsesMcp && looksLikeRegistration(call))));
    switch (method) {
      case "tool":
      case "registerTool":
        if (kind === "casys-app") this.casysTool(call, call.arguments[0], this.handlerOf(call.arguments[1]));
        else if (mcpish && kind !== "low-level-server") this.sdkTool(call, method === "registerTool");
        return;
      case "registerTools":
        if (kind === "casys-app") for (const { key, fn } of this.handlerTable(call.arguments[1])) this.toolSource(fn, key ? constantText(key, this.resolver) ?? null : null, undefined);
        return;
      case "resource":
      case "registerResource":
        if (mcpish && kind !== "low-level-server") this.sdkResource(call);
        return;
      // mcp-use: resourceTemplate({ name, uriTemplate }, (uri, params) => …).
      case "resourceTemplate":
        if (kind === "mcp-server") this.sdkResource(call);
        return;
      case "prompt":
      case "registerPrompt":
        if (mcpish && kind !== "low-level-server") this.sdkPrompt(call, method === "registerPrompt");
        return;
      case "setRequestHandler":
        this.lowLevelHandler(call);
        return;
      case "addTool":
      case "addResource":
      case "addResourceTemplate":
      case "addPrompt":
        if (kind === "fastmcp" || (kind === undefined && (importsModule(sf, "fastmcp") || importsModule(sf, "litemcp")))) this.fastmcp(call, method);
        return;
      case "start":
        if (kind === "fastmcp") this.fastmcpStart(call);
        return;
      case "startHttp":
        if (kind === "casys-app") this.casysStartHttp(call);
        return;
    }
  }

  private handlerOf(expr: ts.Expression | undefined, depth = 0): FunctionLike | undefined {
    if (!expr) return undefined;
    const e = skipOuter(expr);
    if (isFunctionLike(e)) return e;
    // The SDK's toNodeHandler({ fetch }) serves each request with the fetch it is given.
    const api = ts.isCallExpression(e) ? this.resolver.apiOf(e.expression) : undefined;
    const fetch = api && isMcpSdkModule(api.module) && api.path.join(".") === "toNodeHandler" ? ObjectProps.of((e as ts.CallExpression).arguments[0], this.resolver)?.fn("fetch") : undefined;
    if (fetch) return fetch;
    const inner = ts.isCallExpression(e) && depth < 4 ? this.wrappedHandler(e, depth) : undefined;
    if (inner) return inner;
    const ref = this.resolver.resolve(e);
    return ref.kind === "function" ? ref.node : undefined;
  }

  /**
   * `(req, res) => { void onRequest(req, res); }`: a handler that only hands its own parameters on to one project
   * function is served by that function, where the checks and the transport are.
   */
  private forwardedTo(fn: FunctionLike, depth = 0): FunctionLike {
    const body = fn.body && ts.isBlock(fn.body) ? (fn.body.statements.length === 1 ? fn.body.statements[0] : undefined) : fn.body;
    let e = body && ts.isExpressionStatement(body) ? body.expression : body && ts.isReturnStatement(body) ? body.expression : body && !ts.isStatement(body) ? body : undefined;
    while (e && (ts.isVoidExpression(e) || ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
    // onRequest(req, res).catch(report): the promise's handlers run after the request was served.
    if (e && ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && (e.expression.name.text === "catch" || e.expression.name.text === "then") && ts.isCallExpression(skipOuter(e.expression.expression))) e = skipOuter(e.expression.expression);
    if (!e || !ts.isCallExpression(e) || depth > 2) return fn;
    const params = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
    const forwards = e.arguments.length > 0 && e.arguments.length <= params.length && e.arguments.every((a, i) => ts.isIdentifier(a) && a.text === params[i]);
    const [target, ...others] = forwards ? this.resolver.calleeFunctions(e) : [];
    // A transport's own handleRequest (the SDK's source, scanned) is where the route ends, not a handler.
    const transport = target && ts.isMethodDeclaration(target) && ts.isClassLike(target.parent) && /Transport$/.test(target.parent.name?.text ?? "");
    return target?.body && !others.length && !transport ? this.forwardedTo(target, depth + 1) : fn;
  }

  /**
   * `withLogging(handler)` whose returned function hands its request on to `handler(request)`: the handler given
   * here is the one that serves this registration. The wrapper's function is shared by every registration it wraps,
   * so sources put on it would reach every wrapped handler.
   */
  private wrappedHandler(call: ts.CallExpression, depth: number): FunctionLike | undefined {
    const wrappers = this.resolver.calleeFunctions(call);
    const wrapper = wrappers.length === 1 ? wrappers[0] : undefined;
    if (!wrapper) return undefined;
    for (const r of returnedExpressions(wrapper)) {
      const returned = skipOuterAndAwait(r);
      // whenConfigured(flag, handler) returning a stub or the handler itself: the handler serves the registration.
      const decl = ts.isIdentifier(returned) ? this.resolver.checker.getSymbolAtLocation(returned)?.valueDeclaration : undefined;
      const given = decl && ts.isParameter(decl) && decl.parent === wrapper ? call.arguments[wrapper.parameters.indexOf(decl)] : undefined;
      if (given) return this.handlerOf(given, depth + 1);
      if (!isFunctionLike(returned)) continue;
      const request = returned.parameters[0];
      if (!request || !ts.isIdentifier(request.name)) continue;
      const passed = this.passedOn(returned, request.name.text, wrapper);
      const arg = passed === undefined ? undefined : call.arguments[passed];
      if (arg) return this.handlerOf(arg, depth + 1);
    }
    return undefined;
  }

  /** The index of the wrapper parameter `fn` calls with its own request first: `handler(request)`, `handler(...args)`. */
  private passedOn(fn: FunctionLike, request: string, wrapper: FunctionLike): number | undefined {
    let index: number | undefined;
    const visit = (n: ts.Node): void => {
      if (index !== undefined || (isFunctionLike(n) && n !== fn)) return;
      if (ts.isCallExpression(n) && ts.isIdentifier(skipOuter(n.expression))) {
        const first = n.arguments[0] && (ts.isSpreadElement(n.arguments[0]) ? n.arguments[0].expression : n.arguments[0]);
        const decl = this.resolver.checker.getSymbolAtLocation(skipOuter(n.expression))?.valueDeclaration;
        if (first && ts.isIdentifier(first) && first.text === request && decl && ts.isParameter(decl) && decl.parent === wrapper) index = wrapper.parameters.indexOf(decl);
      }
      ts.forEachChild(n, visit);
    };
    if (fn.body) visit(fn.body);
    return index;
  }

  /**
   * A base class that registers `this.name` for each subclass (class XTool extends ToolBase { name = "x" }):
   * one tool per concrete subclass, with the subclass's fields read for `this.*`.
   */
  /**
   * `const reg = (name, config, handler) => server.registerTool(name, config, handler)`: a wrapper that hands its
   * parameters on registers a tool at each of its calls, with that call's arguments.
   */
  private forwardingCalls(call: ts.CallExpression): { site: ts.CallExpression; args: ts.Expression[]; entry?: TableEntry }[] | undefined {
    const fn = enclosingFunction(call);
    if (!fn) return undefined;
    // tool(...args) { return super.tool(...args); } in a subclass: each call of the override is a registration of its own.
    if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name) && fn.name.text === calleeName(call)) return [];
    // registerTool(def, cb) { server.registerTool(def.name, { inputSchema: def.inputSchema }, cb) }: def is the caller's definition.
    const definition = this.definitionParameter(call, fn);
    if (!definition && !call.arguments.some((a) => this.parameterIndex(a, fn) !== undefined)) return undefined;
    const sites = this.resolver.callingSites(fn).filter((site): site is ts.CallExpression => ts.isCallExpression(site) && site !== call);
    if (!sites.length) return undefined;
    return sites.map((site) => {
      const passed = definition && site.arguments[fn.parameters.indexOf(definition.param)];
      const ref = passed && this.resolver.resolve(passed);
      return {
        site,
        args: call.arguments.flatMap((a) => {
          const index = this.parameterIndex(a, fn);
          // addTool(...args) { return super.tool(...args); }: the caller's arguments from the rest parameter on.
          if (index !== undefined && ts.isSpreadElement(a)) return site.arguments.slice(index);
          return [(index === undefined ? undefined : site.arguments[index]) ?? a];
        }),
        ...(definition && ref?.kind === "object" ? { entry: { variable: definition.symbol, entry: ref, node: ref.node } } : {}),
      };
    });
  }

  /** The wrapper's parameter the registration takes the tool's name from (`def.name`), and so its other fields. */
  private definitionParameter(call: ts.CallExpression, fn: FunctionLike): { param: ts.ParameterDeclaration; symbol: ts.Symbol } | undefined {
    const name = call.arguments[0] && skipOuter(call.arguments[0]);
    if (!name || !ts.isPropertyAccessExpression(name) || !ts.isIdentifier(name.expression)) return undefined;
    const symbol = this.resolver.checker.getSymbolAtLocation(name.expression);
    const decl = symbol?.valueDeclaration;
    return symbol && decl && ts.isParameter(decl) && decl.parent === fn && !decl.dotDotDotToken ? { param: decl, symbol } : undefined;
  }

  /** The index of the wrapper's parameter an argument passes on: a parameter by name, or its rest parameter spread (`...args`). */
  private parameterIndex(arg: ts.Expression, fn: FunctionLike): number | undefined {
    const spread = ts.isSpreadElement(arg);
    const e = skipOuter(spread ? arg.expression : arg);
    const decl = ts.isIdentifier(e) ? this.resolver.checker.getSymbolAtLocation(e)?.valueDeclaration : undefined;
    const index = decl && ts.isParameter(decl) && !!decl.dotDotDotToken === spread ? fn.parameters.indexOf(decl) : -1;
    return index < 0 ? undefined : index;
  }

  /** `const register = server.registerTool.bind(server)`: a name for an McpServer's own tool registration. */
  private boundRegistration(callee: ts.Identifier): "tool" | "registerTool" | undefined {
    const init = constInitializer(callee, this.resolver.checker);
    const bound = init && skipOuter(init);
    const method = bound && ts.isCallExpression(bound) && ts.isPropertyAccessExpression(bound.expression) && bound.expression.name.text === "bind" ? skipOuter(bound.expression.expression) : bound;
    if (!method || !ts.isPropertyAccessExpression(method) || (method.name.text !== "tool" && method.name.text !== "registerTool")) return undefined;
    const ref = this.resolver.resolve(callee);
    return ref.kind === "api" && isMcpSdkModule(ref.module) && ref.path.includes("#") ? method.name.text : undefined;
  }

  private sdkTool(call: ts.CallExpression, registered: boolean): void {
    const nameArg = call.arguments[0] && skipOuter(call.arguments[0]);
    const owner = nameArg && ts.isPropertyAccessExpression(nameArg) && nameArg.expression.kind === ts.SyntaxKind.ThisKeyword ? enclosingClass(call) : undefined;
    const subclasses = owner ? this.resolver.subclassesOf(owner).filter((c) => !isAbstract(c)) : [];
    if (subclasses.length) {
      for (const cls of subclasses) this.sdkToolFor(call, registered, cls);
      return;
    }
    const wrapperCalls = this.forwardingCalls(call);
    if (wrapperCalls) {
      for (const { site, args, entry } of wrapperCalls) this.sdkToolFor(site, registered, undefined, entry, args);
      return;
    }
    const table = this.registrationTable(call);
    if (!table) return this.sdkToolFor(call, registered, undefined);
    for (const entry of table) this.sdkToolFor(call, registered, undefined, entry);
  }

  /**
   * A registration in a loop over tool definitions the project wrote out (`for (const t of tools) server.tool(t.name,
   * …, t.handler)`, `tools.forEach(...)`): the definitions, and the loop variable that stands for each.
   */
  private registrationTable(call: ts.CallExpression): TableEntry[] | undefined {
    for (const arg of [call.arguments[0], call.arguments[call.arguments.length - 1]]) {
      const e = arg && boundMethod(skipOuter(arg));
      if (!e || !ts.isPropertyAccessExpression(e) || !ts.isIdentifier(e.expression)) continue;
      const variable = this.resolver.checker.getSymbolAtLocation(e.expression);
      if (!variable) continue;
      const keyVariable = this.pairKeyVariable(variable);
      const entries = (this.resolver.loopEntries(e.expression) ?? []).flatMap((n): TableEntry[] => {
        const entry = isFunctionLike(n) ? undefined : this.resolver.resolve(n as ts.Expression);
        const keyText = keyVariable && ts.isPropertyAssignment(n.parent) && n.parent.initializer === n ? propertyNameText(n.parent.name) : undefined;
        const key = keyVariable && keyText !== undefined ? { key: { variable: keyVariable, text: keyText } } : {};
        if (entry?.kind === "object") return [{ variable, entry, node: entry.node, ...key }];
        return entry?.kind === "instance" && entry.of.kind === "class" ? [{ variable, entry, node: entry.of.node, ...key }] : [];
      });
      if (entries.length) return entries;
    }
    return undefined;
  }

  /** `name` of `[name, def]`, when `def` is the value of a pair: the variable that holds each entry's key. */
  private pairKeyVariable(value: ts.Symbol): ts.Symbol | undefined {
    const decl = value.valueDeclaration;
    const pattern = decl && ts.isBindingElement(decl) && ts.isArrayBindingPattern(decl.parent) && decl.parent.elements.indexOf(decl) === 1 ? decl.parent : undefined;
    const key = pattern?.elements[0];
    return key && ts.isBindingElement(key) && ts.isIdentifier(key.name) ? this.resolver.checker.getSymbolAtLocation(key.name) : undefined;
  }

  /** The text or expression a field read in a registration has: `this.<field>` in a class (or the nearest base that sets it), `t.<field>` of a table entry. */
  private thisField(expr: ts.Expression | undefined, cls: ts.ClassLikeDeclaration | undefined, entry?: TableEntry): ts.Expression | undefined {
    const e = expr && skipOuter(expr);
    const member = e && entry && this.entryMember(e, entry);
    if (member) return ts.isPropertyAssignment(member) || ts.isPropertyDeclaration(member) ? (member.initializer ?? expr) : ts.isShorthandPropertyAssignment(member) ? member.name : expr;
    if (!e || !cls || !ts.isPropertyAccessExpression(e)) return expr;
    // `this.schema.shape`: the subclass's z.object(...) stands for its shape.
    if (e.name.text === "shape" && ts.isPropertyAccessExpression(e.expression) && e.expression.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const schema = this.thisField(e.expression, cls, entry);
      return schema === e.expression ? expr : schema;
    }
    if (e.expression.kind !== ts.SyntaxKind.ThisKeyword) return expr;
    for (let c: ts.ClassLikeDeclaration | undefined = cls, i = 0; c && i < 8; c = this.resolver.baseClass(c), i++) {
      const member = c.members.find((m) => (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.name && propertyNameText(m.name) === e.name.text);
      if (member && ts.isPropertyDeclaration(member) && member.initializer) return member.initializer;
      // get name() { return "x"; }
      const body = member && ts.isGetAccessorDeclaration(member) ? member.body?.statements : undefined;
      const only = body?.length === 1 ? body[0] : undefined;
      if (only && ts.isReturnStatement(only) && only.expression) return only.expression;
    }
    // A name the base takes from its subclass's static `toolName`.
    if (e.name.text === "name") {
      const named = cls.members.find((m) => ts.isPropertyDeclaration(m) && m.name && /^(toolName|TOOL_NAME|name)$/.test(propertyNameText(m.name) ?? "")) as ts.PropertyDeclaration | undefined;
      if (named?.initializer) return named.initializer;
    }
    return expr;
  }

  /**
   * `this.execute` or `this.execute.bind(this)` in a base class: the method as the subclass has it (its own, or that of
   * a class between it and the base). A method of the registering base itself is shared by every subclass.
   */
  private classMethod(expr: ts.Expression, cls: ts.ClassLikeDeclaration, base: ts.ClassLikeDeclaration | undefined): FunctionLike | undefined {
    const e = boundMethod(skipOuter(expr));
    if (!ts.isPropertyAccessExpression(e) || e.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
    for (let c: ts.ClassLikeDeclaration | undefined = cls, i = 0; c && c !== base && i < 8; c = this.resolver.baseClass(c), i++) {
      for (const m of c.members) {
        if (!m.name || propertyNameText(m.name) !== e.name.text) continue;
        if (ts.isMethodDeclaration(m) && m.body) return m;
        const init = ts.isPropertyDeclaration(m) && m.initializer ? skipOuter(m.initializer) : undefined;
        if (init && isFunctionLike(init)) return init;
      }
    }
    return undefined;
  }

  /** The member of a table entry that `t.<field>` (or `t.<method>.bind(t)`) reads, when `t` is the entry's loop variable. */
  private entryMember(expr: ts.Expression, entry: TableEntry): ts.Node | undefined {
    const e = boundMethod(expr);
    if (!ts.isPropertyAccessExpression(e) || !ts.isIdentifier(e.expression) || this.resolver.checker.getSymbolAtLocation(e.expression) !== entry.variable) return undefined;
    return this.resolver.memberOf(entry.entry, e.name.text);
  }

  /** McpServer.tool(name, [description], [paramsSchema], [annotations], cb) and registerTool(name, config, cb). */
  private sdkToolFor(call: ts.CallExpression, registered: boolean, cls: ts.ClassLikeDeclaration | undefined, entry?: TableEntry, forwarded?: readonly ts.Expression[]): void {
    const args = (forwarded ?? call.arguments).map((a) => this.thisField(a, cls, entry) ?? a);
    // server.tool() calls the first function after the name, description, schema and annotations; the SDK ignores what follows it.
    const handlerAt = registered ? args.length - 1 : args.findIndex((a, i) => i > 0 && this.handlerOf(a));
    const last = args[handlerAt < 0 ? args.length - 1 : handlerAt];
    // A table entry's handler may be a method: `{ name: "x", async handler(args) { … } }`.
    const method = last && entry && this.entryMember(skipOuter(last), entry);
    // A base class registering `this.execute.bind(this)`: each subclass's own method is its tool's handler.
    const own = cls && last ? this.classMethod(last, cls, enclosingClass(call)) : undefined;
    // mcp-use before 1.0: tool({ name, description, inputs: [...], cb }), the callback inside the definition.
    const sole = args.length === 1 && !registered ? ObjectProps.of(args[0], this.resolver) : undefined;
    // mcp-lite: tool(name, { description, inputSchema, handler }), the handler inside the definition that follows the name.
    const second = args.length === 2 && !registered && handlerAt < 0 ? ObjectProps.of(args[1], this.resolver) : undefined;
    const inner = second?.fn("handler");
    const handler = own ?? this.handlerOf(last) ?? (method && ts.isMethodDeclaration(method) && method.body ? method : undefined) ?? (sole?.fn("cb") ?? sole?.fn("fn")) ?? inner;
    if (!handler && args.length < 2) return;
    // tmcp and mcp-use: tool({ name, description, schema, annotations }, handler).
    const definition = (args.length === 2 && handler) || sole ? ObjectProps.of(args[0], this.resolver) : undefined;
    const defined = definition?.has("name") ? definition : undefined;
    const name = defined ? (defined.text("name") ?? null) : (this.textOrNull(args[0]) ?? entryKey(args[0], entry, this.resolver.checker));
    let description: string | null = null;
    let descriptionNode: ts.Expression | undefined;
    let title: string | undefined;
    let schemaNode: ts.Expression | undefined;
    let annotationsNode: ts.Expression | undefined;
    // registerTool(name, tools[i].getConfig(), cb): a config that cannot be read may still declare an input schema.
    let configUnread = false;
    if (registered || defined || inner) {
      const config = defined ?? ObjectProps.of(args[1], this.resolver);
      // Only the SDK's own shape, (name, config, callback): a project's registerTool(name, description, …) is read elsewhere.
      configUnread = !config && !defined && args.length === 3 && !!args[1] && constantText(args[1], this.resolver) === undefined && !ts.isStringLiteralLike(skipOuter(args[1]));
      descriptionNode = this.thisField(config?.value("description"), cls, entry);
      description = this.textOrNull(descriptionNode);
      title = config?.text("title");
      schemaNode = this.thisField((defined ? (defined.value("schema") ?? defined.value("inputSchema") ?? defined.value("inputs")) : config?.value("inputSchema")) ?? (defined ? undefined : laterAssignment(args[1], "inputSchema", this.resolver.checker)), cls, entry);
      annotationsNode = this.thisField(config?.value("annotations"), cls, entry);
    } else {
      for (const a of args.slice(1, handler ? (handlerAt < 0 ? -1 : handlerAt) : undefined)) {
        const text = constantText(a, this.resolver);
        const obj = ObjectProps.of(a, this.resolver);
        // A description may be computed (remote.text, a template): anything before the schema that is not an object.
        if (!descriptionNode && !schemaNode && (text !== undefined || (!obj && !looksLikeSchema(a)))) {
          descriptionNode = a;
          description = text ?? null;
          continue;
        }
        // `{ title: z.string() }` is a schema: annotations hold only fixed hints.
        const isAnnotations = obj && obj.keys().length > 0 && obj.keys().every((k) => ANNOTATION_KEYS.has(k) && (obj.bool(k) !== undefined || obj.text(k) !== undefined));
        if (isAnnotations) annotationsNode = a;
        else if (!schemaNode) schemaNode = a;
      }
    }
    // tool(name, description, shape, handler, { annotations }): the Agent SDK's hints follow the handler.
    const extras = !registered && handlerAt >= 0 && this.isAgentSdkTool(call) ? ObjectProps.of(args[handlerAt + 1], this.resolver) : undefined;
    annotationsNode ??= extras?.value("annotations");
    const schema = schemaNode ? parseSchema(schemaNode, this.resolver) : undefined;
    const tool: ToolModel = {
      name,
      description,
      ...optional("descriptionNode", descriptionNode),
      ...optional("title", title),
      framework: "mcp-sdk",
      node: cls ?? entry?.node ?? call,
      ...optional("handler", (cls && handler && !own && overriddenCallee(handler, cls)) || handler),
      ...optional("schema", schema),
      ...optional("schemaNode", schemaNode),
      validated: true,
      annotations: this.annotations(annotationsNode),
      ...optional("annotationsNode", annotationsNode),
    };
    this.model.tools.push(tool);
    const at = handler ? this.model.sources.findIndex((s) => s.fn === handler && s.paramIndex === 0) : -1;
    const earlier = this.model.sources[at];
    if (earlier?.kind === "tool-argument" && ((earlier.tool !== undefined && earlier.tool !== name) || earlier.label === sharedLabel(earlier.fn))) this.model.sources[at] = sharedSource(earlier, schema);
    // Without an input schema the callback's first parameter is `extra`, not arguments.
    if (handler && (schemaNode || (configUnread && takesArguments(handler)) || (!registered && !defined && handler.parameters.length >= 2)) && at < 0) {
      // A handler shared by subclasses serves several tools: name none of them, and trust no single schema.
      const shared = cls && !own ? { label: `arguments of the tools ${enclosingClass(call)?.name?.text ?? "a base class"} registers` } : { label: `arguments of tool ${quote(name)}`, ...optional("tool", name ?? undefined), ...optional("schema", schema?.kind === "unknown" ? undefined : schema) };
      this.model.sources.push({ fn: handler, paramIndex: 0, kind: "tool-argument", ...shared });
    }
  }

  /** A tool's arguments as its handler's source; a handler several tools share serves the arguments of any of them. */
  private toolSource(handler: FunctionLike, name: string | null, schema: SchemaNode | undefined): void {
    const at = this.model.sources.findIndex((s) => s.fn === handler && s.paramIndex === 0 && s.kind === "tool-argument" && !s.taintedMembers);
    const earlier = this.model.sources[at];
    if (!earlier) this.model.sources.push({ fn: handler, paramIndex: 0, kind: "tool-argument", label: `arguments of tool ${quote(name)}`, ...optional("tool", name ?? undefined), ...optional("schema", schema?.kind === "unknown" ? undefined : schema) });
    else if (earlier.tool === undefined || earlier.tool !== name) this.model.sources[at] = sharedSource(earlier, schema);
  }

  private annotations(expr: ts.Expression | undefined): Record<string, boolean | string> {
    const obj = ObjectProps.of(expr, this.resolver);
    const out: Record<string, boolean | string> = {};
    if (!obj) return out;
    for (const key of obj.keys()) {
      const b = obj.bool(key);
      const t = obj.text(key);
      if (b !== undefined) out[key] = b;
      else if (t !== undefined) out[key] = t;
    }
    return out;
  }

  /** resource(name, uriOrTemplate, [metadata], cb) / registerResource(name, uriOrTemplate, metadata, cb). */
  private sdkResource(call: ts.CallExpression): void {
    const args = [...call.arguments];
    const handler = this.handlerOf(args[args.length - 1]);
    const definition = args.length === 2 ? ObjectProps.of(args[0], this.resolver) : undefined;
    if (definition?.has("name")) return this.definedResource(call, definition, handler);
    const name = this.textOrNull(args[0]);
    const target = args[1];
    if (!target) return;
    const templateNode = skipOuter(target);
    const isTemplate = ts.isNewExpression(templateNode) ? instanceKind(templateNode, this.resolver) === "resource-template" || /ResourceTemplate/.test(templateNode.expression.getText()) : instanceKind(templateNode, this.resolver) === "resource-template";
    const uri = isTemplate && ts.isNewExpression(templateNode) && templateNode.arguments?.[0] ? this.textOrNull(templateNode.arguments[0]) : this.textOrNull(target);
    const meta = args.length >= 4 ? ObjectProps.of(args[2], this.resolver) : undefined;
    const descriptionNode = meta?.value("description");
    const resource: ResourceModel = {
      name,
      uri,
      templated: isTemplate,
      description: this.textOrNull(descriptionNode),
      ...optional("descriptionNode", descriptionNode),
      framework: "mcp-sdk",
      node: call,
      ...optional("handler", handler),
      ...optional("mimeType", meta?.text("mimeType")),
    };
    this.model.resources.push(resource);
    if (handler && isTemplate) {
      const label = `variables of resource template ${quote(uri ?? name)}`;
      this.templateVariables(handler, label);
    }
  }

  /** A template's read callback: it gets the URI the client asked for, then the variables matched in it. */
  private templateVariables(handler: FunctionLike, label: string): void {
    this.model.sources.push({ fn: handler, paramIndex: 0, kind: "resource-variable", label });
    this.model.sources.push({ fn: handler, paramIndex: 1, kind: "resource-variable", label });
  }

  /** tmcp and mcp-use: resource({ name, uri }, cb) and resourceTemplate({ name, uriTemplate }, (uri, params) => …). */
  private definedResource(call: ts.CallExpression, def: ObjectProps, handler: FunctionLike | undefined): void {
    const template = def.text("uriTemplate");
    const uri = template ?? def.text("uri") ?? null;
    const descriptionNode = def.value("description");
    this.model.resources.push({ name: def.text("name") ?? null, uri, templated: !!template, description: this.textOrNull(descriptionNode), ...optional("descriptionNode", descriptionNode), framework: "mcp-sdk", node: call, ...optional("handler", handler), ...optional("mimeType", def.text("mimeType")) });
    if (!handler || !template) return;
    const label = `variables of resource template ${quote(uri)}`;
    this.templateVariables(handler, label);
  }

  /** prompt(name, [description], [argsSchema], cb) / registerPrompt(name, config, cb), or prompt({ name, schema }, cb) (tmcp, mcp-use). */
  private sdkPrompt(call: ts.CallExpression, registered: boolean): void {
    const args = [...call.arguments];
    const handler = this.handlerOf(args[args.length - 1]);
    const definition = !registered && args.length === 2 ? ObjectProps.of(args[0], this.resolver) : undefined;
    const defined = definition?.has("name") ? definition : undefined;
    const name = defined ? (defined.text("name") ?? null) : this.textOrNull(args[0]);
    let descriptionNode: ts.Expression | undefined;
    let schemaNode: ts.Expression | undefined;
    if (defined) {
      descriptionNode = defined.value("description");
      schemaNode = defined.value("schema") ?? defined.value("argsSchema");
    } else if (registered) {
      const config = ObjectProps.of(args[1], this.resolver);
      descriptionNode = config?.value("description");
      schemaNode = config?.value("argsSchema");
    } else {
      for (const a of args.slice(1, handler ? -1 : undefined)) {
        if (constantText(a, this.resolver) !== undefined && !descriptionNode) descriptionNode = a;
        else schemaNode ??= a;
      }
    }
    const schema = schemaNode ? parseSchema(schemaNode, this.resolver) : undefined;
    const prompt: PromptModel = {
      name,
      description: this.textOrNull(descriptionNode),
      ...optional("descriptionNode", descriptionNode),
      arguments: schema?.kind === "object" ? [...schema.fields.keys()] : [],
      framework: "mcp-sdk",
      node: call,
      ...optional("handler", handler),
    };
    this.model.prompts.push(prompt);
    if (handler && (schemaNode || handler.parameters.length >= 2)) {
      this.model.sources.push({ fn: handler, paramIndex: 0, kind: "prompt-argument", label: `arguments of prompt ${quote(name)}`, ...optional("schema", schema?.kind === "unknown" ? undefined : schema) });
    }
  }

  /**
   * JSON-RPC dispatched by hand: `switch (request.method) { case "tools/call": … }` or `msg.method === "tools/call"`,
   * on a parameter or on `JSON.parse(line)` of one. Its params are the model's tool call.
   */
  private onRpcMethodTest(node: ts.CaseClause | ts.BinaryExpression): void {
    let method: ts.Expression | undefined;
    if (ts.isCaseClause(node)) {
      if (constantText(node.expression, this.resolver) === "tools/call") method = node.parent.parent.expression;
    } else if (EQUALITY.has(node.operatorToken.kind)) {
      const [a, b] = [skipOuter(node.left), skipOuter(node.right)];
      method = ts.isStringLiteralLike(b) && b.text === "tools/call" ? a : ts.isStringLiteralLike(a) && a.text === "tools/call" ? b : undefined;
    }
    const m = method && skipOuter(method);
    if (!m || !ts.isPropertyAccessExpression(m) || m.name.text !== "method") return;
    const base = skipOuter(m.expression);
    if (!ts.isIdentifier(base)) return;
    const decl = this.resolver.checker.getSymbolAtLocation(base)?.valueDeclaration;
    if (decl && ts.isParameter(decl) && isFunctionLike(decl.parent)) return this.rpcSource(decl.parent, decl.parent.parameters.indexOf(decl), new Set(["params"]));
    // const msg = JSON.parse(line): the whole line is the client's message.
    const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? skipOuterAndAwait(decl.initializer) : undefined;
    const parsed = init && ts.isCallExpression(init) && init.expression.getText() === "JSON.parse" && init.arguments[0] ? skipOuter(init.arguments[0]) : undefined;
    const line = parsed && ts.isIdentifier(parsed) ? this.resolver.checker.getSymbolAtLocation(parsed)?.valueDeclaration : undefined;
    if (line && ts.isParameter(line) && isFunctionLike(line.parent)) this.rpcSource(line.parent, line.parent.parameters.indexOf(line), undefined);
  }

  private rpcSource(fn: FunctionLike, paramIndex: number, taintedMembers: ReadonlySet<string> | undefined): void {
    if (this.model.sources.some((x) => x.fn === fn && x.paramIndex === paramIndex && x.kind === "tool-argument")) return;
    this.model.sources.push({ fn, paramIndex, kind: "tool-argument", label: "arguments of a tools/call request", ...optional("taintedMembers", taintedMembers) });
  }

  /** server.setRequestHandler(CallToolRequestSchema, (request, extra) => ...) and friends on the low-level Server. */
  private lowLevelHandler(call: ts.CallExpression): void {
    const [schemaArg, handlerArg] = call.arguments;
    if (!schemaArg) return;
    const api = this.resolver.apiOf(schemaArg);
    const named = api && isMcpSdkModule(api.module) ? api.path[api.path.length - 1] : ts.isIdentifier(skipOuter(schemaArg)) ? (skipOuter(schemaArg) as ts.Identifier).text : undefined;
    const schemaName = named && SDK_REQUEST_SCHEMAS.has(named) ? named : this.requestMethod(schemaArg);
    const handler = this.handlerOf(handlerArg);
    if (!handler || !schemaName) return;
    const request = new Set(["params"]);
    switch (schemaName) {
      case "CallToolRequestSchema":
        this.model.sources.push({ fn: handler, paramIndex: 0, kind: "tool-argument", label: "arguments of a tools/call request", taintedMembers: request });
        this.dispatchTools(handler);
        this.dispatchedDefinitionsOf(handler);
        return;
      case "ListToolsRequestSchema":
        this.listedTools(handler);
        return;
      case "GetPromptRequestSchema":
        this.model.sources.push({ fn: handler, paramIndex: 0, kind: "prompt-argument", label: "arguments of a prompts/get request", taintedMembers: request });
        return;
      case "ReadResourceRequestSchema":
        this.model.sources.push({ fn: handler, paramIndex: 0, kind: "resource-variable", label: "URI of a resources/read request", taintedMembers: request });
        return;
      default:
        return;
    }
  }

  /**
   * The SDK schema a request handler is registered for by method instead: `setRequestHandler("tools/call", …)`, or a
   * project's own `z.object({ method: z.literal("tools/call"), … })`.
   */
  private requestMethod(schema: ts.Expression): string | undefined {
    let e = skipOuter(schema);
    if (ts.isIdentifier(e)) e = skipOuter(constInitializer(e, this.resolver.checker) ?? e);
    const literal = constantText(e, this.resolver);
    if (literal !== undefined) return REQUEST_METHODS.get(literal);
    const shape = ts.isCallExpression(e) && calleeName(e) === "object" ? e.arguments[0] : undefined;
    const method = shape && ObjectProps.of(shape, this.resolver)?.value("method");
    const literalCall = method && skipOuter(method);
    const value = literalCall && ts.isCallExpression(literalCall) && calleeName(literalCall) === "literal" ? literalCall.arguments[0] : undefined;
    const text = value && constantText(value, this.resolver);
    return text === undefined ? undefined : REQUEST_METHODS.get(text);
  }

  /** Tools declared by a ListTools handler's `{ tools: [...] }` result. */
  private listedTools(handler: FunctionLike): void {
    for (const r of returnedExpressions(handler)) {
      const tools = ObjectProps.of(skipOuterAndAwait(r), this.resolver)?.value("tools");
      if (tools) for (const el of this.arrayElements(tools, 0)) this.lowLevelTool(el);
    }
  }

  private arrayElements(expr: ts.Expression, depth: number): ts.Expression[] {
    if (depth > 4) return [];
    const e = skipOuter(expr);
    const arr = ts.isArrayLiteralExpression(e) ? e : (() => {
      const ref = this.resolver.resolve(e);
      return ref.kind === "array" ? ref.node : undefined;
    })();
    if (!arr) {
      // all.filter(f), all.slice(n), [...a].concat(b): the definitions of the list they start from.
      if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ["filter", "slice", "concat", "sort", "toSorted"].includes(e.expression.name.text)) {
        const more = e.expression.name.text === "concat" ? e.arguments.flatMap((a) => this.arrayElements(a, depth + 1)) : [];
        return [...this.arrayElements(e.expression.expression, depth + 1), ...more];
      }
      // Object.values(TOOLS) and TOOLS.map(...) still name the definitions.
      if (ts.isCallExpression(e) && e.arguments[0] && /values$/.test(e.expression.getText())) {
        const obj = ObjectProps.of(e.arguments[0], this.resolver);
        return obj ? obj.keys().flatMap((k) => (obj.value(k) ? [obj.value(k) as ts.Expression] : [])) : [];
      }
      return [];
    }
    return arr.elements.flatMap((el) => (ts.isSpreadElement(el) ? this.arrayElements(el.expression, depth + 1) : [el]));
  }

  private lowLevelTool(el: ts.Expression): void {
    const def = ObjectProps.of(el, this.resolver);
    if (!def || !def.has("name")) return;
    const descriptionNode = def.value("description");
    const schemaNode = def.value("inputSchema");
    const name = def.text("name") ?? null;
    this.model.tools.push({
      name,
      description: this.textOrNull(descriptionNode),
      ...optional("descriptionNode", descriptionNode),
      ...optional("title", def.text("title")),
      framework: "mcp-sdk-low-level",
      node: def.node,
      ...optional("schema", schemaNode ? parseSchema(schemaNode, this.resolver) : undefined),
      ...optional("schemaNode", schemaNode),
      validated: false,
      annotations: this.annotations(def.value("annotations")),
      ...optional("annotationsNode", def.value("annotations")),
    });
  }

  /** `switch (name) { case "x": ... }` and `if (name === "x")` in a tools/call handler. */
  private dispatchTools(handler: FunctionLike): void {
    const visit = (n: ts.Node): void => {
      if (ts.isCaseClause(n) && ts.isStringLiteralLike(skipOuter(n.expression))) {
        // case "a": case "b": { ... } — an empty clause falls through to the next one with statements.
        const clauses = n.parent.clauses;
        const body = clauses.slice(clauses.indexOf(n)).find((c) => c.statements.length > 0) ?? n;
        this.pendingDispatch.push({ name: (skipOuter(n.expression) as ts.StringLiteralLike).text, node: body });
      }
      if (ts.isIfStatement(n) && ts.isBinaryExpression(n.expression) && n.expression.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken) {
        const lit = [n.expression.left, n.expression.right].map(skipOuter).find(ts.isStringLiteralLike);
        if (lit) this.pendingDispatch.push({ name: lit.text, node: n.thenStatement });
      }
      ts.forEachChild(n, visit);
    };
    if (handler.body) visit(handler.body);
  }

  /**
   * `const tool = tools[request.params.name]; await tool.execute(args)` where the table cannot be followed (filled by
   * Object.assign, handed in by another package): the handler runs `execute` of whatever definition it looks up.
   */
  private dispatchedDefinitionsOf(handler: FunctionLike): void {
    const visit = (n: ts.Node): boolean =>
      (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === DISPATCH_MEMBER && n.arguments.length > 0 && this.resolver.resolve(n.expression.expression).kind === "unknown") || !!ts.forEachChild(n, visit);
    if (handler.body && visit(handler.body)) this.dispatchValidates = (this.dispatchValidates ?? false) || validatesWithDefinitionSchema(handler);
  }

  /** `list_tables: tool({ description, parameters, execute })`: a definition with a schema and the function tools/call runs. */
  private dispatchedDefinitions(): void {
    const validated = this.dispatchValidates;
    if (validated === undefined) return;
    const handled = new Set<ts.Node | undefined>(this.model.sources.map((s) => s.fn));
    for (const literal of this.definitionCandidates) {
      const def = ObjectProps.of(literal, this.resolver);
      const schemaKey = DEFINITION_SCHEMA_KEYS.find((k) => def?.has(k));
      const handler = schemaKey && def?.fn(DISPATCH_MEMBER);
      const name = def?.text("name") ?? definitionKey(literal);
      // A definition a registration already serves (registerTool(def.name, …, def.execute) in a loop) is that tool.
      if (!def || !schemaKey || !handler || handled.has(handler) || !name || this.model.tools.some((t) => t.name === name)) continue;
      const schemaNode = def.value(schemaKey);
      const schema = schemaNode ? parseSchema(schemaNode, this.resolver) : undefined;
      const descriptionNode = def.value("description");
      const description = this.textOrNull(descriptionNode);
      this.model.tools.push({ name, description, ...optional("descriptionNode", descriptionNode), framework: "mcp-sdk-low-level", node: literal, handler, ...optional("schema", schema), ...optional("schemaNode", schemaNode), validated, annotations: this.annotations(def.value("annotations")), ...optional("annotationsNode", def.value("annotations")) });
      this.toolSource(handler, name, schema);
      handled.add(handler);
    }
  }

  /** A tool a definition object declares (description, title, annotations beside the schema); its parsed schema. */
  private definedTool(node: ts.Node, name: string | null, def: ObjectProps, handler: FunctionLike | undefined, schemaNode: ts.Expression | undefined, framework: ToolModel["framework"]): SchemaNode | undefined {
    const descriptionNode = def.value("description");
    const schema = schemaNode ? parseSchema(schemaNode, this.resolver) : undefined;
    const annotationsNode = def.value("annotations");
    this.model.tools.push({ name, description: this.textOrNull(descriptionNode), ...optional("descriptionNode", descriptionNode), ...optional("title", def.text("title")), framework, node, ...optional("handler", handler), ...optional("schema", schema), ...optional("schemaNode", schemaNode), validated: true, annotations: this.annotations(annotationsNode), ...optional("annotationsNode", annotationsNode) });
    return schema;
  }

  /** fastmcp: addTool({ name, parameters, execute }), addResourceTemplate({ uriTemplate, load }), addPrompt({ arguments, load }). */
  private fastmcp(call: ts.CallExpression, method: string): void {
    const def = ObjectProps.of(call.arguments[0], this.resolver);
    if (!def) return;
    const name = def.text("name") ?? null;
    const descriptionNode = def.value("description");
    const description = this.textOrNull(descriptionNode);
    if (method === "addTool") {
      const handler = def.fn("execute");
      const schema = this.definedTool(call, name, def, handler, def.value("parameters"), "fastmcp");
      if (handler) this.toolSource(handler, name, schema);
      return;
    }
    const handler = def.fn("load");
    if (method === "addPrompt") {
      const argsNode = def.value("arguments");
      const args = argsNode && ts.isArrayLiteralExpression(skipOuter(argsNode)) ? (skipOuter(argsNode) as ts.ArrayLiteralExpression).elements.flatMap((el) => ObjectProps.of(el, this.resolver)?.text("name") ?? []) : [];
      this.model.prompts.push({ name, description, ...optional("descriptionNode", descriptionNode), arguments: args, framework: "fastmcp", node: call, ...optional("handler", handler) });
      if (handler) this.model.sources.push({ fn: handler, paramIndex: 0, kind: "prompt-argument", label: `arguments of prompt ${quote(name)}` });
      return;
    }
    const templated = method === "addResourceTemplate";
    const uri = def.text(templated ? "uriTemplate" : "uri") ?? null;
    this.model.resources.push({ name, uri, templated, description, ...optional("descriptionNode", descriptionNode), framework: "fastmcp", node: call, ...optional("handler", handler), ...optional("mimeType", def.text("mimeType")) });
    if (handler && templated) this.model.sources.push({ fn: handler, paramIndex: 0, kind: "resource-variable", label: `variables of resource template ${quote(uri ?? name)}` });
  }

  /** Mastra: new MCPServer({ tools: { name: createTool({ id, inputSchema, execute }) } }); a tool is called by its key. */
  private mastraTools(server: ts.NewExpression, tools: ObjectProps | undefined): void {
    for (const key of tools?.keys() ?? []) {
      const def = ObjectProps.of(mastraDefinition(tools?.value(key), this.resolver), this.resolver);
      const handler = def?.fn("execute");
      if (!def || !handler) continue;
      const descriptionNode = def.value("description");
      const description = this.textOrNull(descriptionNode);
      const schemaNode = def.value("inputSchema") ?? def.value("parameters");
      const schema = schemaNode ? parseSchema(schemaNode, this.resolver) : undefined;
      const annotationsNode = ObjectProps.of(def.value("mcp"), this.resolver)?.value("annotations");
      this.model.tools.push({ name: key, description, ...optional("descriptionNode", descriptionNode), framework: "mastra", node: tools?.find(key) ?? server, handler, ...optional("schema", schema), ...optional("schemaNode", schemaNode), validated: !!schemaNode, annotations: this.annotations(annotationsNode), ...optional("annotationsNode", annotationsNode) });
      // createTool's execute long took `{ context }`, the validated input beside the runtime's own objects; now the input itself.
      const inContext = readsContext(handler);
      this.model.sources.push({ fn: handler, paramIndex: 0, kind: "tool-argument", label: `arguments of tool ${quote(key)}`, tool: key, ...(inContext ? { taintedMembers: CONTEXT_MEMBER } : optional("schema", schema?.kind === "unknown" ? undefined : schema)) });
    }
  }

  /** fastmcp server.start({ transportType: "httpStream", httpStream: { port, host } }). */
  private fastmcpStart(call: ts.CallExpression): void {
    const opts = ObjectProps.of(call.arguments[0], this.resolver);
    const type = opts?.text("transportType") ?? "stdio";
    if (type === "stdio") {
      this.model.transports.push({ kind: "stdio", node: call, options: {}, middleware: [] });
      return;
    }
    const http = ObjectProps.of(opts?.value(type) ?? opts?.value("httpStream") ?? opts?.value("sse"), this.resolver);
    const hostNode = http?.value("host");
    const listen: ListenCall = { node: call, host: http?.text("host") ?? null, ...optional("hostNode", hostNode), port: http?.text("port") ?? null };
    this.model.transports.push({ kind: type === "sse" ? "sse" : "http-stream", node: call, options: { ...(opts?.literals() ?? {}), ...(http?.literals() ?? {}) }, ...optional("optionsNode", http?.node), listen, middleware: [] });
  }

  /** @casys/mcp-server's registerTool({ name, description, inputSchema }, handler): the handler gets the arguments. */
  private casysTool(call: ts.CallExpression, definition: ts.Expression | undefined, handler: FunctionLike | undefined): void {
    const def = ObjectProps.of(definition, this.resolver);
    if (!def || !handler) return;
    const name = def.text("name") ?? null;
    const schema = this.definedTool(call, name, def, handler, def.value("inputSchema"), "mcp-sdk");
    this.toolSource(handler, name, schema);
  }

  /**
   * The handlers a table holds, by the key each is filed under: an object literal's functions, or what a Map is given
   * (`new Map([[name, fn]])`, `handlers.set(name, fn)`), followed through the function that builds and returns it.
   */
  private handlerTable(expr: ts.Expression | undefined, depth = 0): { key: ts.Expression | undefined; fn: FunctionLike }[] {
    const e = expr && skipOuterAndAwait(expr);
    if (!e || depth > 2) return [];
    if (ts.isCallExpression(e)) return this.resolver.calleeFunctions(e).flatMap((fn) => returnedExpressions(fn).flatMap((r) => this.handlerTable(r, depth + 1)));
    if (ts.isObjectLiteralExpression(e)) {
      return e.properties.flatMap((p) => {
        const fn = ts.isMethodDeclaration(p) ? p : ts.isPropertyAssignment(p) ? this.handlerOf(p.initializer) : undefined;
        return fn && p.name ? [{ key: ts.isComputedPropertyName(p.name) ? p.name.expression : (p.name as ts.Expression), fn }] : [];
      });
    }
    const decl = ts.isIdentifier(e) ? declarationOf(e, this.resolver.checker) : undefined;
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return [];
    const init = skipOuter(decl.initializer);
    if (!ts.isNewExpression(init) || init.expression.getText() !== "Map") return this.handlerTable(init, depth + 1);
    const entries = init.arguments?.[0] && skipOuter(init.arguments[0]);
    const given = entries && ts.isArrayLiteralExpression(entries) ? entries.elements.map((el) => (ts.isArrayLiteralExpression(el) ? { key: el.elements[0], value: el.elements[1] } : {})) : [];
    return [...given, ...(this.resolver.storedEntries(e) ?? [])].flatMap(({ key, value }) => {
      const fn = this.handlerOf(value);
      return fn ? [{ key, fn }] : [];
    });
  }

  /** @casys/mcp-server's startHttp({ port, hostname }), which binds every interface unless given a hostname. */
  private casysStartHttp(call: ts.CallExpression): void {
    const opts = ObjectProps.of(call.arguments[0], this.resolver);
    const hostNode = opts?.value("hostname");
    const listen: ListenCall = { node: call, host: opts?.text("hostname") ?? (hostNode ? null : "0.0.0.0"), ...optional("hostNode", hostNode), port: opts?.text("port") ?? null };
    this.model.transports.push({ kind: "http-stream", node: call, options: opts?.literals() ?? {}, ...optional("optionsNode", opts?.node), listen, middleware: [] });
  }

  /** An MCP client's OAuthClientProvider: the SDK hands redirectToAuthorization the URL the remote server's metadata names. */
  private oauthProvider(cls: ts.ClassLikeDeclaration): void {
    const methodNamed = (name: string) => cls.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.body && m.parameters.length > 0 && propertyNameText(m.name) === name);
    const method = methodNamed("redirectToAuthorization");
    if (method) this.model.sources.push({ fn: method, paramIndex: 0, kind: "remote-server", label: "the authorization URL a remote MCP server's OAuth metadata names" });
    // An OAuth server provider's authorize(client, params, res): anyone can register a client, and the request sets params.
    const authorize = methodNamed("authorize");
    if (authorize && authorize.parameters.length >= 3 && (implementsNamed(cls, "OAuthServerProvider") || !!methodNamed("exchangeAuthorizationCode"))) {
      this.model.sources.push({ fn: authorize, paramIndex: 0, kind: "http-request", label: "the OAuth client's registration (anyone can register a client)", taintedMembers: OAUTH_CLIENT_FIELDS });
      this.model.sources.push({ fn: authorize, paramIndex: 1, kind: "http-request", label: "the parameters of the /authorize request", taintedMembers: OAUTH_AUTHORIZE_FIELDS });
    }
  }

  /** @rekog/mcp-nest: `@Tool({ name, description, parameters })` and `@Prompt({ name, parameters })` on a provider's methods. */
  private decoratedTools(cls: ts.ClassLikeDeclaration): void {
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member) || !member.body) continue;
      for (const decorator of ts.getDecorators(member) ?? []) {
        const call = decorator.expression;
        const api = ts.isCallExpression(call) ? this.resolver.apiOf(call.expression) : undefined;
        if (!api || api.module !== "@rekog/mcp-nest" || !ts.isCallExpression(call)) continue;
        const kind = api.path[api.path.length - 1];
        const def = ObjectProps.of(call.arguments[0], this.resolver);
        const name = def?.text("name") ?? propertyNameText(member.name) ?? null;
        const descriptionNode = def?.value("description");
        const description = this.textOrNull(descriptionNode);
        const schemaNode = def?.value("parameters");
        const schema = schemaNode ? parseSchema(schemaNode, this.resolver) : undefined;
        if (kind === "Tool") {
          this.model.tools.push({ name, description, ...optional("descriptionNode", descriptionNode), framework: "mcp-sdk", node: member, handler: member, ...optional("schema", schema), ...optional("schemaNode", schemaNode), validated: !!schemaNode, annotations: this.annotations(def?.value("annotations")), ...optional("annotationsNode", def?.value("annotations")) });
          this.toolSource(member, name, schema);
        } else if (kind === "Prompt") {
          this.model.prompts.push({ name, description, ...optional("descriptionNode", descriptionNode), arguments: [], framework: "mcp-sdk", node: member, handler: member });
          this.model.sources.push({ fn: member, paramIndex: 0, kind: "prompt-argument", label: `arguments of prompt ${quote(name)}` });
        }
      }
    }
  }

  /**
   * A NestJS `@Controller("prefix")` class: each `@Get()`/`@Post()` method is a route, behind the `@UseGuards(...)`
   * of its class and its own. Request data arrives in the parameters decorated `@Req()`, `@Body()`, `@Query()`, ...
   */
  private nestController(cls: ts.ClassLikeDeclaration): void {
    const classDecorators = this.nestDecorators(cls);
    const controller = classDecorators.get("Controller");
    if (!controller) return;
    const prefix = nestPath(controller.arguments[0], this.resolver);
    const classGuards = classDecorators.get("UseGuards")?.arguments ?? [];
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member) || !member.body) continue;
      const decorators = this.nestDecorators(member);
      for (const [name, call] of decorators) {
        if (!NEST_VERBS.has(name)) continue;
        const path = `/${[prefix, nestPath(call.arguments[0], this.resolver)].filter(Boolean).join("/")}`.replace(/\/+/g, "/");
        const method = name.toLowerCase();
        const route: HttpRoute = { framework: "nestjs", method, path, node: call, app: undefined, handlers: [member], args: [], middleware: [...classGuards, ...(decorators.get("UseGuards")?.arguments ?? [])] };
        this.model.routes.push(route);
        this.nestRoutes.push(route);
        const label = `HTTP request data (${method.toUpperCase()} ${path})`;
        member.parameters.forEach((param, paramIndex) => {
          for (const [kind, decorator] of this.nestDecorators(param)) {
            if (kind === "Req" || kind === "Request") this.model.sources.push({ fn: member, paramIndex, kind: "http-request", label, taintedMembers: EXPRESS_REQUEST });
            // @Query("url") url: name the field, as `query.url` would be named.
            const field = decorator.arguments[0] ? constantText(decorator.arguments[0], this.resolver) : undefined;
            if (NEST_REQUEST_PARAMS.has(kind)) this.model.sources.push({ fn: member, paramIndex, kind: "http-request", label: field ? `HTTP request data (${kind.toLowerCase()} "${field}" of ${method.toUpperCase()} ${path})` : label });
          }
        });
      }
    }
  }

  /** A Nest `@Module`: its controllers, the modules it imports, and the guards it puts on every route (APP_GUARD). */
  private nestModule(cls: ts.ClassLikeDeclaration): void {
    const module = this.nestDecorators(cls).get("Module");
    if (!module) return;
    const def = ObjectProps.of(module.arguments[0], this.resolver);
    const classes = (key: string) => this.listed(def?.value(key)).flatMap((e) => {
      // ConfigModule.forRoot(...) imports the module whose static method it calls.
      const target = ts.isCallExpression(e) && ts.isPropertyAccessExpression(skipOuter(e.expression)) ? (skipOuter(e.expression) as ts.PropertyAccessExpression).expression : e;
      const ref = this.resolver.resolve(target);
      return ref.kind === "class" ? [ref.node] : [];
    });
    const guards: ts.Expression[] = [];
    for (const element of this.listed(def?.value("providers"))) {
      const provider = ObjectProps.of(element, this.resolver);
      const provide = provider?.value("provide");
      if (!provider || !provide || this.resolver.apiOf(provide)?.path.join(".") !== "APP_GUARD") continue;
      const guard = provider.value("useClass") ?? provider.value("useExisting") ?? provider.value("useValue");
      if (guard) guards.push(guard);
    }
    const entry = this.nestModules.get(cls);
    this.nestModules.set(cls, { controllers: classes("controllers"), imports: classes("imports"), global: [...(entry?.global ?? []), ...guards] });
  }

  private listed(expr: ts.Expression | undefined): ts.Expression[] {
    const list = expr && skipOuter(expr);
    return list && ts.isArrayLiteralExpression(list) ? list.elements.map(skipOuter) : [];
  }

  /** `consumer.apply(AuthMiddleware).forRoutes("*")` in a Nest module's configure(): middleware on every route. */
  private onNestMiddleware(call: ts.CallExpression): void {
    const callee = skipOuter(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "forRoutes") return;
    const apply = skipOuter(callee.expression);
    if (!ts.isCallExpression(apply) || calleeName(apply) !== "apply" || !ts.isPropertyAccessExpression(skipOuter(apply.expression))) return;
    if (instanceKind((skipOuter(apply.expression) as ts.PropertyAccessExpression).expression, this.resolver) !== "nest-middleware-consumer") return;
    const everything = call.arguments.some((a) => {
      const path = constantText(a, this.resolver) ?? ObjectProps.of(a, this.resolver)?.text("path");
      return path === "*" || path === "/*" || path === "(.*)" || path === "*path";
    });
    const cls = enclosingClass(call);
    if (!everything || !cls) return;
    const entry = this.nestModules.get(cls);
    if (entry) entry.global.push(...apply.arguments);
    else this.nestModules.set(cls, { controllers: [], imports: [], global: [...apply.arguments] });
  }

  /** Decorators from @nestjs/common on a declaration, by name: `@Controller("mcp")` → Controller. */
  private nestDecorators(node: ts.HasDecorators): Map<string, ts.CallExpression> {
    const out = new Map<string, ts.CallExpression>();
    for (const decorator of ts.getDecorators(node) ?? []) {
      const call = decorator.expression;
      if (!ts.isCallExpression(call)) continue;
      const api = this.resolver.apiOf(call.expression);
      const name = api?.path[api.path.length - 1];
      if (api?.module === "@nestjs/common" && name) out.set(name, call);
    }
    return out;
  }

  /**
   * Controllers serve on the app `NestFactory.create(AppModule)` made when AppModule's imports reach them, behind the
   * global guards and middleware of those modules. With one Nest app in the scan, every controller is its.
   */
  private attachNestRoutes(): void {
    if (!this.nestRoutes.length) return;
    const apps = this.model.listens.flatMap((l) => {
      const callee = ts.isCallExpression(l.node) ? skipOuter(l.node.expression) : undefined;
      if (!callee || !ts.isPropertyAccessExpression(callee) || instanceKind(callee.expression, this.resolver) !== "nest-app") return [];
      const made = this.resolver.resolve(callee.expression);
      const root = made.kind === "instance" && ts.isCallExpression(made.node) && made.node.arguments[0] ? this.resolver.resolve(made.node.arguments[0]) : undefined;
      return [{ app: callee.expression, modules: root?.kind === "class" ? this.moduleGraph(root.node) : [] }];
    });
    for (const route of this.nestRoutes) {
      const controller = enclosingClass(route.node);
      const owner = apps.find((a) => a.modules.some((m) => controller && this.nestModules.get(m)?.controllers.includes(controller))) ?? (apps.length === 1 ? apps[0] : undefined);
      const modules = owner?.modules.length ? owner.modules : [...this.nestModules.keys()];
      if (owner) route.app = owner.app;
      route.middleware.unshift(...modules.flatMap((m) => this.nestModules.get(m)?.global ?? []));
    }
  }

  private moduleGraph(root: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration[] {
    const seen = new Set<ts.ClassLikeDeclaration>();
    const visit = (m: ts.ClassLikeDeclaration): void => {
      if (seen.has(m)) return;
      seen.add(m);
      for (const next of this.nestModules.get(m)?.imports ?? []) visit(next);
    };
    visit(root);
    return [...seen];
  }

  /** mcp-framework: class X extends MCPTool { name = "..."; schema = {...}; async execute(input) {} }. */
  private onClass(cls: ts.ClassLikeDeclaration): void {
    this.oauthProvider(cls);
    this.decoratedTools(cls);
    this.nestController(cls);
    this.nestModule(cls);
    const base = this.resolver.apiBaseClass(cls);
    if (!base || base.module !== "mcp-framework") return;
    const kind = base.path[base.path.length - 1];
    const field = (name: string) => {
      const m = cls.members.find((x) => x.name && propertyNameText(x.name) === name);
      return m && ts.isPropertyDeclaration(m) ? m.initializer : undefined;
    };
    const method = (name: string) => cls.members.find((x): x is ts.MethodDeclaration => ts.isMethodDeclaration(x) && !!x.body && propertyNameText(x.name) === name);
    const nameNode = field("name");
    const name = this.textOrNull(nameNode);
    const descriptionNode = field("description");
    const description = this.textOrNull(descriptionNode);
    if (kind === "MCPTool") {
      const schemaNode = field("schema");
      const schema = schemaNode ? frameworkSchema(schemaNode, this.resolver) : undefined;
      const handler = method("execute");
      this.model.tools.push({ name, description, ...optional("descriptionNode", descriptionNode), framework: "mcp-framework", node: cls, ...optional("handler", handler), ...optional("schema", schema), ...optional("schemaNode", schemaNode), validated: true, annotations: this.annotations(field("annotations")), ...optional("annotationsNode", field("annotations")) });
      if (handler) this.toolSource(handler, name, schema);
    } else if (kind === "MCPPrompt") {
      const handler = method("generateMessages");
      this.model.prompts.push({ name, description, ...optional("descriptionNode", descriptionNode), arguments: [], framework: "mcp-framework", node: cls, ...optional("handler", handler) });
      if (handler) this.model.sources.push({ fn: handler, paramIndex: 0, kind: "prompt-argument", label: `arguments of prompt ${quote(name)}` });
    } else if (kind === "MCPResource") {
      const uriNode = field("uri");
      this.model.resources.push({ name, uri: this.textOrNull(uriNode), templated: false, description, ...optional("descriptionNode", descriptionNode), framework: "mcp-framework", node: cls, ...optional("handler", method("read")) });
    }
  }

  private onRoute(call: ts.CallExpression, callee: ts.PropertyAccessExpression, method: string): void {
    const chained = this.routeChain(callee);
    if (chained) {
      if (method !== "route" && method !== "use" && method !== "on") this.addRoute("express", method, chained.path, call, chained.app, call.arguments);
      return;
    }
    const kind = this.receiverKind(callee);
    const framework: HttpFramework | undefined = kind === "express-app" || kind === "express-router" ? "express" : kind === "koa-app" || kind === "koa-router" ? "koa" : kind === "hono" ? "hono" : kind === "fastify" ? "fastify" : kind === "node-http-server" ? "node-http" : kind === "nest-app" ? "nestjs" : kind === "ws-server" ? "ws" : undefined;
    if (!framework || (method === "useGlobalGuards" && framework !== "nestjs")) return;
    // wss.on("connection", (socket, request) => …): each connection's socket carries what the peer sends.
    if (framework === "ws") {
      if (method === "on" && call.arguments[0] && constantText(call.arguments[0], this.resolver) === "connection") this.addRoute("ws", "connection", null, call, callee.expression, call.arguments.slice(1));
      return;
    }
    // A Nest app's routes are its controllers'; app.get(Service) fetches a provider. Only its middleware and guards count.
    if (framework === "nestjs") {
      if (method === "use" || method === "useGlobalGuards") this.addRoute(framework, "use", null, call, callee.expression, call.arguments);
      return;
    }
    if (framework === "node-http") {
      if (method === "on" && call.arguments[0] && constantText(call.arguments[0], this.resolver) === "request") this.addRoute("node-http", "request", null, call, callee.expression, call.arguments.slice(1));
      return;
    }
    if (method === "on") return;
    if (method === "addHook") {
      const hook = call.arguments[0] && constantText(call.arguments[0], this.resolver);
      if (framework === "fastify" && hook && FASTIFY_REQUEST_HOOKS.has(hook)) this.addRoute(framework, "use", null, call, callee.expression, call.arguments.slice(1));
      return;
    }
    const args = [...call.arguments];
    const first = args[0];
    const path = this.textOrNull(first);
    const handlerArgs = path !== null ? args.slice(1) : args;
    if (method === "openapi") {
      // OpenAPIHono's app.openapi(createRoute({ method, path, … }), handler): the route definition names both.
      let made = first && skipOuter(first);
      if (made && ts.isIdentifier(made)) made = skipOuter(constInitializer(made, this.resolver.checker) ?? made);
      const def = ObjectProps.of(made && ts.isCallExpression(made) && calleeName(made) === "createRoute" ? made.arguments[0] : made, this.resolver);
      if (framework === "hono" && def) this.addRoute(framework, def.text("method")?.toLowerCase() ?? "all", def.text("path") ?? null, call, callee.expression, args.slice(1));
      return;
    }
    if (framework === "fastify" && method === "route") {
      const def = ObjectProps.of(first, this.resolver);
      const handler = def?.fn("handler");
      if (handler) this.addRoute(framework, def?.text("method")?.toLowerCase() ?? "route", def?.text("url") ?? null, call, callee.expression, [], [handler]);
      return;
    }
    // hono's app.route("/api", sub) mounts a sub-app as express's app.use("/api", router) does.
    this.addRoute(framework, framework === "hono" && method === "route" ? "use" : method, path, call, callee.expression, handlerArgs);
  }

  /** express's `app.route("/mcp").get(h).post(h2)`: the app and path each chained verb serves. */
  private routeChain(callee: ts.PropertyAccessExpression): { app: ts.Expression; path: string | null } | undefined {
    let e = skipOuter(callee.expression);
    while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text !== "route" && ROUTE_METHODS.has(e.expression.name.text)) e = skipOuter(e.expression.expression);
    if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== "route") return undefined;
    const kind = this.receiverKind(e.expression);
    if (kind !== "express-app" && kind !== "express-router") return undefined;
    const first = e.arguments[0];
    return { app: e.expression.expression, path: this.textOrNull(first) };
  }

  private addRoute(framework: HttpFramework, method: string, path: string | null, call: ts.CallExpression, app: ts.Expression | undefined, written: readonly ts.Expression[], direct?: FunctionLike[]): void {
    // app.post(path, ...middleware, handler), app.use("/mcp", [auth, cors]): express flattens the lists it is given.
    const handlerArgs = written.flatMap((a) => (ts.isSpreadElement(a) ? this.spreadMiddleware(a.expression) : this.resolver.resolve(a).kind === "array" ? this.spreadMiddleware(a) : [a]));
    const handlers = direct ?? handlerArgs.flatMap((a) => {
      const fn = this.handlerOf(a);
      if (fn) return [this.forwardedTo(fn)];
      // fastify's options object: { preHandler, handler }.
      const obj = framework === "fastify" ? ObjectProps.of(a, this.resolver) : undefined;
      const h = obj?.fn("handler");
      return h ? [h] : [];
    });
    // A use() route matters for its middleware even when the scan cannot see into it, and so does a route the SDK's handler serves.
    if (!handlers.length && method !== "use" && !handlerArgs.some((a) => isMcpHttpHandler(this.resolver.resolve(a)))) return;
    const route: HttpRoute = { framework, method, path, node: call, app, handlers, args: handlerArgs, middleware: handlerArgs.slice(0, -1) };
    this.model.routes.push(route);
    const members = framework === "express" || framework === "nestjs" ? EXPRESS_REQUEST : framework === "fastify" ? FASTIFY_REQUEST : framework === "hono" ? HONO_CONTEXT : framework === "koa" ? KOA_CONTEXT : NODE_REQUEST;
    // A WebSocket's messages are read where the project dispatches them (JSON-RPC by hand, an MCP transport).
    if (framework === "ws") return;
    const label = `HTTP request data (${method.toUpperCase()} ${path ?? "*"})`;
    for (const fn of handlers) {
      if (fn.parameters.length === 0) continue;
      this.model.sources.push({ fn, paramIndex: 0, kind: "http-request", label, taintedMembers: members });
    }
  }

  private spreadMiddleware(list: ts.Expression): ts.Expression[] {
    const e = skipOuter(list);
    const sym = ts.isIdentifier(e) ? this.resolver.checker.getSymbolAtLocation(e) : undefined;
    const pushed = sym ? this.resolver.callsNamed("push").filter((c) => ts.isPropertyAccessExpression(c.expression) && ts.isIdentifier(c.expression.expression) && this.resolver.checker.getSymbolAtLocation(c.expression.expression) === sym).flatMap((c) => [...c.arguments]) : [];
    return [...this.arrayElements(e, 0), ...pushed.filter((a) => !ts.isSpreadElement(a))];
  }

  private onNodeServer(call: ts.CallExpression): void {
    const handlerArg = call.arguments.find((a) => !!this.handlerOf(a) || isMcpHttpHandler(this.resolver.resolve(a)));
    if (handlerArg) this.addRoute("node-http", "request", null, call, undefined, [handlerArg]);
  }

  private onListen(call: ts.CallExpression): void {
    const callee = skipOuter(call.expression) as ts.PropertyAccessExpression;
    const kind = this.receiverKind(callee);
    const server = kind === "express-app" || kind === "express-router" || kind === "koa-app" || kind === "node-http-server" || kind === "fastify" || kind === "nest-app";
    if (!server && (kind !== undefined || (!this.mcpFiles.has(call.getSourceFile()) && !this.model.routes.length))) return;
    const [a0, a1] = call.arguments;
    let port: string | null = null;
    let host: string | null = null;
    let hostNode: ts.Expression | undefined;
    const opts = a0 && ts.isObjectLiteralExpression(skipOuter(a0)) ? ObjectProps.of(a0, this.resolver) : undefined;
    if (opts) {
      port = opts.text("port") ?? opts.value("port")?.getText() ?? null;
      hostNode = opts.value("host");
      host = opts.text("host") ?? null;
    } else {
      port = a0 ? (constantText(a0, this.resolver) ?? a0.getText()) : null;
      // listen(port, cb) with cb a callback parameter: no host, as with an inline callback.
      if (a1 && !this.handlerOf(a1) && !this.resolver.checker.getNonNullableType(this.resolver.checker.getTypeAtLocation(a1)).getCallSignatures().length) {
        hostNode = a1;
        host = constantText(a1, this.resolver) ?? null;
      }
    }
    this.model.listens.push({ node: call, host, ...optional("hostNode", hostNode), port });
  }

  /** Ties HTTP transports to the server that listens for them and the middleware on their route. */
  private attachListens(): void {
    for (const { name, node } of this.pendingDispatch) {
      const tool = this.model.tools.find((t) => t.framework === "mcp-sdk-low-level" && t.name === name && !t.dispatch);
      if (tool) tool.dispatch = node;
    }
    for (const t of this.model.transports) {
      if (t.kind === "stdio" || t.listen) continue;
      const sf = t.node.getSourceFile();
      const listen = this.model.listens.find((l) => l.node.getSourceFile() === sf) ?? (this.model.listens.length === 1 ? this.model.listens[0] : undefined);
      if (listen) t.listen = listen;
      const route = this.model.routes.find((r) => r.handlers.some((h) => containsNode(h, t.node) || handsToTransport(h)));
      if (route) t.middleware = route.middleware.map((m) => m.getText().slice(0, 80));
    }
  }
}

/** `tool.execute.bind(tool)` hands over the method it binds. */
function boundMethod(e: ts.Expression): ts.Expression {
  return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "bind" ? skipOuter(e.expression.expression) : e;
}

/** In a callback shared by subclasses, the subclass's own override of the method it calls on `this` (this.execute(args)). */
function overriddenCallee(callback: FunctionLike, cls: ts.ClassLikeDeclaration): FunctionLike | undefined {
  let found: FunctionLike | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const name = n.expression.name.text;
      const own = cls.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.body && propertyNameText(m.name) === name);
      if (own) found = own;
    }
    ts.forEachChild(n, visit);
  };
  if (callback.body) visit(callback.body);
  return found;
}

/** z.object(...), z.string(), Schema.shape: an expression built from a schema library. */
function looksLikeSchema(e: ts.Expression): boolean {
  let x = skipOuter(e);
  // def.inputSchema.shape: a member read that names a schema, wherever it is in the chain.
  let named = false;
  while (ts.isCallExpression(x) || ts.isPropertyAccessExpression(x)) {
    if (ts.isPropertyAccessExpression(x) && /^(shape|schema|inputSchema|parameters)$|Schema$|Shape$/.test(x.name.text)) named = true;
    x = skipOuter(x.expression);
  }
  return named || (ts.isIdentifier(x) && /^(z|zod|v|t|Type|yup|Joi|S|Schema)$|Schema$|Shape$|Args$|Params$|Input$/.test(x.text));
}

function isAbstract(cls: ts.ClassLikeDeclaration): boolean {
  return !!ts.getModifiers?.(cls as ts.ClassDeclaration)?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword);
}

function containsNode(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

function handsToTransport(fn: FunctionLike): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && (n.expression.name.text === "handleRequest" || n.expression.name.text === "handlePostMessage")) found = true;
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** mcp-framework schemas: `{ field: { type: z.string(), description } }` or a zod object. */
function frameworkSchema(expr: ts.Expression, resolver: ValueResolver): SchemaNode {
  const obj = ObjectProps.of(expr, resolver);
  if (!obj) return parseSchema(expr, resolver);
  const fields = new Map<string, SchemaNode>();
  for (const key of obj.keys()) {
    const inner = ObjectProps.of(obj.value(key), resolver);
    const type = inner?.value("type");
    const field = type ? parseSchema(type, resolver) : parseSchema(obj.value(key), resolver);
    const description = inner?.text("description");
    fields.set(key, description !== undefined ? ({ ...field, description } as SchemaNode) : field);
  }
  return { kind: "object", fields, open: false };
}

/** name first, a callback last: the shape of tool(), resource() and prompt() calls. */
function looksLikeRegistration(call: ts.CallExpression): boolean {
  const args = call.arguments;
  const first = args[0] && skipOuter(args[0]);
  const last = args[args.length - 1] && skipOuter(args[args.length - 1] as ts.Expression);
  // The handler, or a wrapper call given it: `gcpTool(ready, async (args) => …)`.
  const handler = !!last && (isFunctionLike(last) || (ts.isCallExpression(last) && last.arguments.some((a) => isFunctionLike(skipOuter(a)))));
  return args.length >= 2 && !!first && (ts.isStringLiteralLike(first) || ts.isPropertyAccessExpression(first) || ts.isIdentifier(first)) && handler;
}

function hasModifier(st: ts.Statement, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(st) && !!ts.getModifiers(st)?.some((m) => m.kind === kind);
}

function importsMcp(sf: ts.SourceFile): boolean {
  return sf.statements.some((st) => ts.isImportDeclaration(st) && ts.isStringLiteralLike(st.moduleSpecifier) && MCP_MODULE.test(packageSpecifier(st.moduleSpecifier.text))) || /require\(["'](@modelcontextprotocol\/|fastmcp|litemcp|mcp-framework|mcp-handler|@vercel\/mcp-adapter|mcp-use)/.test(sf.text);
}

function importsModule(sf: ts.SourceFile, module: string): boolean {
  return sf.statements.some((st) => ts.isImportDeclaration(st) && ts.isStringLiteralLike(st.moduleSpecifier) && packageSpecifier(st.moduleSpecifier.text) === module);
}

const CONTEXT_MEMBER: ReadonlySet<string> = new Set(["context"]);

/** The definition object of a Mastra tool: `createTool({ ... })`'s argument, or the object itself. */
function mastraDefinition(expr: ts.Expression | undefined, resolver: ValueResolver): ts.Expression | undefined {
  let e = expr && skipOuter(expr);
  if (e && ts.isIdentifier(e)) e = skipOuter(constInitializer(e, resolver.checker) ?? e);
  if (e && ts.isCallExpression(e) && /^@mastra\//.test(resolver.apiOf(e.expression)?.module ?? "")) return e.arguments[0];
  return e;
}

/** `execute: async ({ context }) => …` or `(input) => input.context.x`: the older createTool calling convention. */
function readsContext(fn: FunctionLike): boolean {
  const param = fn.parameters[0];
  if (!param) return false;
  if (ts.isObjectBindingPattern(param.name)) return param.name.elements.some((el) => bindingKey(el) === "context");
  const name = ts.isIdentifier(param.name) ? param.name.text : undefined;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(n) && n.name.text === "context" && ts.isIdentifier(n.expression) && n.expression.text === name) found = true;
    ts.forEachChild(n, visit);
  };
  if (name && fn.body) visit(fn.body);
  return found;
}

/** `server.tool(name, …)` with `name` the key of `Object.entries(table)`'s pair: this entry's key. */
function entryKey(arg: ts.Expression | undefined, entry: TableEntry | undefined, checker: ts.TypeChecker): string | null {
  const e = arg && skipOuter(arg);
  return e && entry?.key && ts.isIdentifier(e) && checker.getSymbolAtLocation(e) === entry.key.variable ? entry.key.text : null;
}

function quote(name: string | null): string {
  return name === null ? "(dynamic name)" : `"${name}"`;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** The path a Nest decorator names: `"mcp"`, `["a", "b"]` (the first), or `{ path: "mcp" }`. */
function nestPath(arg: ts.Expression | undefined, resolver: ValueResolver): string {
  if (!arg) return "";
  const e = skipOuter(arg);
  const first = ts.isArrayLiteralExpression(e) ? e.elements[0] : e;
  const text = first ? (constantText(first, resolver) ?? ObjectProps.of(first, resolver)?.text("path")) : undefined;
  return (text ?? "").replace(/^\/+|\/+$/g, "");
}

/** `class X implements OAuthServerProvider`: the interface named in its heritage. */
function implementsNamed(cls: ts.ClassLikeDeclaration, name: string): boolean {
  return (cls.heritageClauses ?? []).some((h) => h.types.some((t) => t.expression.getText().split(".").pop() === name));
}

/**
 * One callback registered for several tools (a loop over a tool list, a wrapper every tool goes through): the
 * arguments of any of them, as loosely validated as the loosest entry lets them be.
 */
function sharedSource(earlier: SourceSpec, schema: SchemaNode | undefined): SourceSpec {
  const merged = earlier.schema && schema ? loosestSchema(earlier.schema, schema) : undefined;
  return { fn: earlier.fn, paramIndex: 0, kind: "tool-argument", label: sharedLabel(earlier.fn), ...optional("schema", merged) };
}

function sharedLabel(handler: FunctionLike | undefined): string {
  const registrar = handler && enclosingFunction(handler.parent);
  return registrar?.name && ts.isIdentifier(registrar.name) ? `arguments of a tool registered through ${registrar.name.text}()` : SHARED_HANDLER_LABEL;
}

/** The schema a value passing either of two schemas has: per field, the looser; a field only one declares, its own. */
function loosestSchema(a: SchemaNode, b: SchemaNode): SchemaNode | undefined {
  if (a.kind === "unknown" || b.kind === "unknown") return undefined;
  if (a.kind !== "object" || b.kind !== "object") return isNarrowSchema(a) ? b : a;
  const fields = new Map(a.fields);
  for (const [key, node] of b.fields) {
    const other = fields.get(key);
    fields.set(key, other && !isNarrowSchema(other) ? other : node);
  }
  return { kind: "object", fields, open: a.open || b.open };
}
/** "worker" for ".../worker.ts", "./dist/worker.js" or "worker.mjs". */
function moduleStem(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? "").replace(/\.(d\.)?[cm]?[jt]sx?$/, "");
}

/** Whether a file writes a script file name with this stem as text outside import specifiers (`path.join(dir, "worker.ts")`). */
function namesModule(sf: ts.SourceFile, stem: string): boolean {
  if (!sf.text.includes(`${stem}.`)) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportTypeNode(node)) return;
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) return;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /\.[cm]?[jt]sx?$/.test(node.text)) found = moduleStem(node.text) === stem;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** `const options = { description }; if (schema) options["inputSchema"] = schema;`: a key a config variable is given after it is made. */
function laterAssignment(expr: ts.Expression | undefined, key: string, checker: ts.TypeChecker): ts.Expression | undefined {
  const id = expr && skipOuter(expr);
  const decl = id && ts.isIdentifier(id) ? declarationOf(id, checker) : undefined;
  if (!decl || !ts.isVariableDeclaration(decl)) return undefined;
  const scope = enclosingFunction(decl)?.body ?? decl.getSourceFile();
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found || (n !== scope && isFunctionLike(n))) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipOuter(n.left);
      const [target, name] = ts.isPropertyAccessExpression(left) ? [left.expression, left.name.text] : ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression) ? [left.expression, left.argumentExpression.text] : [];
      const base = target && skipOuter(target);
      if (name === key && base && ts.isIdentifier(base) && declarationOf(base, checker) === decl) found = n.right;
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return found;
}

/** A handler whose first parameter reads as the tool's arguments, not the request context (`extra`, `{ signal }`). */
function takesArguments(handler: FunctionLike): boolean {
  const first = handler.parameters[0];
  if (!first) return false;
  if (ts.isIdentifier(first.name)) return !/^_*(extra|ctx|context|request(Extra)?)$/i.test(first.name.text);
  return !(ts.isObjectBindingPattern(first.name) && first.name.elements.some((e) => /^(signal|sessionId|authInfo|requestId|sendNotification|sendRequest|_meta)$/.test(bindingKey(e) ?? "")));
}

/** `execute: async (args) => …` or `execute(args) { … }`: a member that may run a tool call. */
function isDispatchedMember(p: ts.ObjectLiteralElementLike): boolean {
  if (!p.name || propertyNameText(p.name) !== DISPATCH_MEMBER) return false;
  return ts.isMethodDeclaration(p) || (ts.isPropertyAssignment(p) && isFunctionLike(skipOuter(p.initializer)));
}

/** The key a definition is stored under: `list_tables: { … }`, or `list_tables: tool({ … })` through a wrapping call. */
function definitionKey(literal: ts.ObjectLiteralExpression): string | undefined {
  const holder = ts.isCallExpression(literal.parent) && literal.parent.arguments[0] === literal ? literal.parent : literal;
  return ts.isPropertyAssignment(holder.parent) ? propertyNameText(holder.parent.name) : undefined;
}

/** `tool.parameters.strict().parse(request.params.arguments)`: the handler checks the arguments against the looked-up definition's schema. */
function validatesWithDefinitionSchema(handler: FunctionLike): boolean {
  const parses = (n: ts.Node): boolean => {
    for (let e = n; ts.isPropertyAccessExpression(e.parent) || (ts.isCallExpression(e.parent) && e.parent.expression === e); e = e.parent) {
      if (ts.isPropertyAccessExpression(e.parent) && /^(safeParse|parse|parseAsync|safeParseAsync|validate)$/.test(e.parent.name.text)) return true;
    }
    return false;
  };
  const visit = (n: ts.Node): boolean => (ts.isPropertyAccessExpression(n) && DEFINITION_SCHEMA_KEYS.includes(n.name.text) && parses(n)) || !!ts.forEachChild(n, visit);
  return !!handler.body && visit(handler.body);
}

function leftmost(name: ts.QualifiedName): ts.Identifier {
  return ts.isIdentifier(name.left) ? name.left : leftmost(name.left);
}

/** The names after the first of a qualified name: ["IncomingMessage"] for `http.IncomingMessage`. */
function qualifiers(name: ts.QualifiedName): string[] {
  return [...(ts.isIdentifier(name.left) ? [] : qualifiers(name.left)), name.right.text];
}
