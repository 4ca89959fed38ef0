import { calleeName, createRule, isFunctionLike, returnedExpressions, skipOuter, skipOuterAndAwait, ts, type RuleContext, type ToolModel } from "../src/rule-api/index.js";
import { mutuallyExclusive } from "../src/rule-api/branches.js";
import { enclosingFunction, type FunctionLike } from "../src/rule-api/enclosing-function.js";
import { packageOf } from "../src/rule-api/package-of.js";

/** The tool-name rule of the MCP specification (2025-11-25) and the SDKs' validateToolName. */
const VALID_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** Names so generic that another server in the same client probably has a tool by that name too. */
const GENERIC_NAMES = new Set([
  "read", "write", "edit", "delete", "create", "update", "get", "list", "search", "find", "fetch", "query", "run", "execute", "exec", "eval", "shell", "bash", "open", "download", "upload", "browse", "navigate", "screenshot",
  "read_file", "write_file", "edit_file", "create_file", "delete_file", "move_file", "copy_file", "list_files", "list_directory", "list_dir", "search_files", "read_files", "get_file", "file_read", "file_write",
  "run_command", "execute_command", "exec_command", "run_shell", "shell_exec", "run_code", "execute_code", "run_script", "execute_script",
  "fetch_url", "get_url", "http_request", "http_get", "web_search", "search_web", "web_fetch", "fetch_page", "read_url", "scrape",
  "run_query", "execute_query", "sql_query", "execute_sql", "run_sql",
]);

type Kind = "tool" | "prompt" | "resource" | "resource template";

interface Registration {
  kind: Kind;
  /** The name (or URI) that must be unique among registrations of this kind on one server. */
  key: string;
  node: ts.Node;
  nameNode: ts.Node;
  /** Which server instance the registration goes to; undefined when it cannot be told. */
  server: Set<ts.Node>;
}

export default createRule({
  id: "require-unique-tool-names",
  meta: {
    description: "Give every tool, prompt and resource a unique, valid and server-specific name",
    severity: "medium",
    confidence: "high",
    checklist: ["TOOL-9", "MGMT-3", "MGMT-5", "MGMT-12"],
    cwe: ["CWE-694"],
    messages: {
      duplicate: "The {{kind}} {{name}} is registered twice on the same server (first at {{first}}): the SDK rejects the second registration at startup, or a client calls whichever definition it saw last. Rename one of them or register it once.",
      invalidName: "The tool name {{name}} does not match ^[A-Za-z0-9._-]{1,128}$: clients reject it, rewrite it, or fail to route calls to it. Use only letters, digits, \"_\", \"-\" and \".\", at most 128 characters.",
      genericName: "The tool name {{name}} is generic: other servers in the same client likely offer a tool with that name, so the model may call the wrong one, and a malicious server can shadow it. Prefix it with the server's domain (for example `{{suggestion}}`).",
    },
    docs: {
      rationale:
        "A client merges the tools of every server it connects to into one list the model chooses from by name. Two definitions of one name on a server make the SDK throw at startup or leave clients calling a definition nobody meant; a name outside the specification's character set is rejected or mangled by clients; and a generic name such as `read_file` or `search` collides with other servers' tools, letting the model pick the wrong server's tool or a malicious server shadow a trusted one (tool-name shadowing).",
      remediation:
        "Register each name once per server (registrations in exclusive `if`/`else` branches and on different server instances are fine). Keep names within `^[A-Za-z0-9._-]{1,128}$`. Prefix generic names with the server's domain: `github_search`, `notes_read_file`.",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "notes", version: "1.0.0" });',
          'server.tool("search", { q: z.string() }, async ({ q }) => ({ content: [{ type: "text", text: q }] }));',
          'server.tool("list notes", {}, async () => ({ content: [{ type: "text", text: "[]" }] }));',
        ].join("\n"),
        good: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "notes", version: "1.0.0" });',
          'server.tool("notes_search", { q: z.string() }, async ({ q }) => ({ content: [{ type: "text", text: q }] }));',
          'server.tool("notes_list", {}, async () => ({ content: [{ type: "text", text: "[]" }] }));',
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/694.html",
      "https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-names",
      "https://github.com/modelcontextprotocol/modelcontextprotocol/issues/986",
      "https://invariantlabs.ai/blog/mcp-security-notification-tool-poisoning-attacks",
    ],
  },
  create(context) {
    const callsByName = new Map<string, ts.CallExpression[]>();
    return {
      CallExpression(call) {
        const name = calleeName(call);
        if (!name) return;
        // Appended in place: copying the list on every call is quadratic in a name as common as "push".
        const calls = callsByName.get(name);
        if (calls) calls.push(call);
        else callsByName.set(name, [call]);
      },
      "Program:exit"() {
        const callers = new CallerIndex(callsByName, context);
        const registrations = collectRegistrations(context, callers);
        reportDuplicates(registrations, callers, context);
        const listed: { name: string; nameNode: ts.Node; node: ts.Node }[] = [];
        for (const handler of listHandlers(callsByName, context)) reportListDuplicates(handler, context, listed);
        reportNames([...context.model.tools.flatMap((t) => (t.name === null ? [] : [{ name: t.name, nameNode: nameNodeOf(t, context) ?? t.node, node: t.node }])), ...listed], context);
      },
    };
  },
});

/** Finds where a project function is called, by its name first (cheap) and then through the resolver. */
class CallerIndex {
  private readonly memo = new Map<FunctionLike, ts.CallExpression[]>();
  constructor(
    private readonly calls: ReadonlyMap<string, ts.CallExpression[]>,
    private readonly context: RuleContext,
  ) {}

  of(fn: FunctionLike): ts.CallExpression[] {
    const cached = this.memo.get(fn);
    if (cached) return cached;
    const name = functionName(fn);
    const found = name ? (this.calls.get(name) ?? []).filter((c) => this.context.calleeFunctions(c).includes(fn)) : [];
    this.memo.set(fn, found);
    return found;
  }
}

function functionName(fn: FunctionLike): string | undefined {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

function collectRegistrations(context: RuleContext, callers: CallerIndex): Registration[] {
  const { model } = context;
  const out: Registration[] = [];
  const add = (kind: Kind, key: string | null, node: ts.Node, nameNode: ts.Node | undefined) => {
    if (key === null || !nameNode) return;
    out.push({ kind, key, node, nameNode, server: serverOf(node, context, callers) });
  };
  for (const t of model.tools) {
    // Low-level servers list tools from one handler: duplicates are checked per returned list.
    if (t.framework === "mcp-sdk-low-level") continue;
    add("tool", t.name, t.node, nameNodeOf(t, context));
  }
  for (const p of model.prompts) add("prompt", p.name, p.node, registrationArgument(p.node, context, "name"));
  for (const r of model.resources) {
    if (r.templated) add("resource template", r.name ?? r.uri, r.node, registrationArgument(r.node, context, "name"));
    else add("resource", r.uri, r.node, registrationArgument(r.node, context, "uri"));
  }
  return out;
}

/** The name argument of a tool(), registerTool(), addTool({ name }) or an mcp-framework class field. */
function nameNodeOf(t: ToolModel, context: RuleContext): ts.Node | undefined {
  if (t.framework === "mcp-sdk-low-level") return context.objectProps(t.node as ts.Expression)?.find("name") ?? t.node;
  return registrationArgument(t.node, context, "name");
}

function registrationArgument(node: ts.Node, context: RuleContext, property: "name" | "uri"): ts.Node | undefined {
  if (ts.isCallExpression(node)) {
    const a0 = node.arguments[0];
    if (!a0) return undefined;
    const def = ts.isObjectLiteralExpression(skipOuter(a0)) ? context.objectProps(a0) : undefined;
    if (def) return def.find(property === "uri" ? (def.has("uriTemplate") ? "uriTemplate" : "uri") : "name") ?? a0;
    // resource(name, uri, ...): the URI is the second argument.
    return property === "uri" ? (node.arguments[1] ?? a0) : a0;
  }
  if (ts.isClassLike(node)) return node.members.find((m) => m.name && ts.isIdentifier(m.name) && m.name.text === property) ?? node;
  return node;
}

/** The server instances a registration call goes to (empty when it cannot be told). */
function serverOf(node: ts.Node, context: RuleContext, callers: CallerIndex): Set<ts.Node> {
  if (ts.isClassLike(node)) return new Set([packageServer(node, context) ?? node.getSourceFile()]);
  if (!ts.isCallExpression(node)) return new Set();
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return new Set();
  return serversOf(callee.expression, context, callers, 0);
}

/**
 * `new McpServer()` itself; a variable holding a factory's result (two `createServer()` calls make two servers);
 * a parameter, through the arguments its callers pass; a typed or server-named value, the package's only server.
 */
function serversOf(expr: ts.Expression, context: RuleContext, callers: CallerIndex, depth: number): Set<ts.Node> {
  const e = skipOuterAndAwait(expr);
  const decl = ts.isIdentifier(e) ? context.declaration(e) : undefined;
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isCallExpression(skipOuterAndAwait(decl.initializer)) && context.resolve(e).kind === "instance") return new Set([decl]);
  if (decl && ts.isParameter(decl) && depth < 3 && isFunctionLike(decl.parent)) {
    const fn = decl.parent;
    const index = fn.parameters.indexOf(decl);
    const calls = callers.of(fn);
    if (calls.length) {
      const out = new Set<ts.Node>();
      for (const call of calls) {
        const arg = call.arguments[index];
        if (arg) for (const s of serversOf(arg, context, callers, depth + 1)) out.add(s);
      }
      return out;
    }
  }
  const ref = context.resolve(e);
  if (ref.kind === "instance" && (ts.isNewExpression(ref.node) || ts.isCallExpression(ref.node))) return new Set([ref.node]);
  const named = /server|mcp/i.test(e.getText());
  const fallback = ref.kind === "instance" || (ref.kind === "unknown" && named) ? packageServer(e, context) : undefined;
  return new Set(fallback ? [fallback] : []);
}


/** When a package constructs exactly one server, every registration in it goes there. */
function packageServer(node: ts.Node, context: RuleContext): ts.Node | undefined {
  const pkg = packageOf(node, context);
  const servers = context.model.servers.filter((s) => packageOf(s.node, context) === pkg);
  return servers.length === 1 ? servers[0]?.node : undefined;
}


function reportDuplicates(registrations: Registration[], callers: CallerIndex, context: RuleContext): void {
  const groups = new Map<string, Registration[]>();
  for (const r of registrations) {
    const k = `${r.kind}\u0000${r.key}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => context.pathOf(a.node).localeCompare(context.pathOf(b.node)) || a.node.pos - b.node.pos);
    const reported = new Set<Registration>();
    for (let j = 1; j < group.length; j++) {
      const b = group[j] as Registration;
      const a = group.slice(0, j).find((x) => !reported.has(x) && x.node !== b.node && sameServer(x, b) && bothRun(x.node, b.node, callers));
      if (!a) continue;
      reported.add(b);
      context.report({ node: b.nameNode, messageId: "duplicate", data: { kind: b.kind, name: JSON.stringify(b.key), first: where(a.nameNode, context) }, ...(b.kind === "tool" ? { tool: b.key } : {}) });
    }
  }
}

function sameServer(a: Registration, b: Registration): boolean {
  return [...a.server].some((s) => b.server.has(s));
}

/**
 * Do both registrations run in one start-up? Each is anchored at itself and at the calls of the functions holding it
 * (two levels up); two anchors in the same function that are not in exclusive branches mean both run.
 */
function bothRun(a: ts.Node, b: ts.Node, callers: CallerIndex): boolean {
  const anchorsA = anchors(a, callers);
  const anchorsB = anchors(b, callers);
  for (const x of anchorsA) {
    for (const y of anchorsB) {
      if (x === y) continue;
      if (x.getSourceFile() !== y.getSourceFile() || enclosingFunction(x) !== enclosingFunction(y)) continue;
      if (!mutuallyExclusive(x, y)) return true;
    }
  }
  return false;
}

function anchors(node: ts.Node, callers: CallerIndex): ts.Node[] {
  const out: ts.Node[] = [node];
  let frontier: ts.Node[] = [node];
  for (let level = 0; level < 2 && out.length < 24; level++) {
    const next: ts.Node[] = [];
    for (const n of frontier) {
      const fn = enclosingFunction(n);
      if (!fn) continue;
      for (const call of callers.of(fn)) if (!out.includes(call)) next.push(call);
    }
    out.push(...next);
    frontier = next;
  }
  return out;
}

/** `setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...] }))` and the prompt and resource lists. */
function listHandlers(callsByName: ReadonlyMap<string, ts.CallExpression[]>, context: RuleContext): { fn: FunctionLike; kind: Kind; list: "tools" | "prompts" | "resources" | "resourceTemplates" }[] {
  const out: { fn: FunctionLike; kind: Kind; list: "tools" | "prompts" | "resources" | "resourceTemplates" }[] = [];
  for (const call of callsByName.get("setRequestHandler") ?? []) {
    const [schema, handler] = call.arguments;
    if (!schema || !handler) continue;
    const api = context.api(schema);
    const schemaName = api ? api.path[api.path.length - 1] : ts.isIdentifier(skipOuter(schema)) ? (skipOuter(schema) as ts.Identifier).text : undefined;
    const ref = context.resolve(handler);
    if (ref.kind !== "function") continue;
    if (schemaName === "ListToolsRequestSchema") out.push({ fn: ref.node, kind: "tool", list: "tools" });
    else if (schemaName === "ListPromptsRequestSchema") out.push({ fn: ref.node, kind: "prompt", list: "prompts" });
    else if (schemaName === "ListResourcesRequestSchema") out.push({ fn: ref.node, kind: "resource", list: "resources" });
    else if (schemaName === "ListResourceTemplatesRequestSchema") out.push({ fn: ref.node, kind: "resource template", list: "resourceTemplates" });
  }
  return out;
}

/** Two entries with one name in one returned list: the client sees both and calls either. */
function reportListDuplicates(handler: { fn: FunctionLike; kind: Kind; list: string }, context: RuleContext, listed: { name: string; nameNode: ts.Node; node: ts.Node }[]): void {
  const key = handler.kind === "resource" ? "uri" : handler.kind === "resource template" ? "uriTemplate" : "name";
  for (const result of returnedExpressions(handler.fn)) {
    const listExpr = context.objectProps(skipOuterAndAwait(result))?.value(handler.list);
    if (!listExpr) continue;
    const seen = new Map<string, ts.Node>();
    const reportedNodes = new Set<ts.Node>();
    for (const el of listElements(listExpr, context, 0)) {
      const def = context.objectProps(el);
      const nameNode = def?.find(key);
      const name = def?.text(key);
      if (!def || !nameNode || name === undefined) continue;
      if (handler.kind === "tool") listed.push({ name, nameNode, node: def.node });
      const first = seen.get(name);
      if (!first) {
        seen.set(name, nameNode);
        continue;
      }
      if (first === nameNode || reportedNodes.has(nameNode)) continue;
      reportedNodes.add(nameNode);
      context.report({ node: nameNode, messageId: "duplicate", data: { kind: handler.kind, name: JSON.stringify(name), first: where(first, context) }, ...(handler.kind === "tool" ? { tool: name } : {}) });
    }
  }
}

/** The definitions in a list literal, through spreads and constants; conditional parts are left out (either may apply). */
function listElements(expr: ts.Expression, context: RuleContext, depth: number): ts.Expression[] {
  if (depth > 4) return [];
  const e = skipOuter(expr);
  let arr: ts.ArrayLiteralExpression | undefined;
  if (ts.isArrayLiteralExpression(e)) arr = e;
  else if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const ref = context.resolve(e);
    if (ref.kind === "array") arr = ref.node;
    else {
      const init = ts.isIdentifier(e) ? context.initializer(e) : undefined;
      if (init) return listElements(init, context, depth + 1);
    }
  } else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ["filter", "slice", "concat"].includes(e.expression.name.text)) {
    // allTools.filter(...): a subset of the same definitions (concat adds its arguments).
    const extra = e.expression.name.text === "concat" ? e.arguments.flatMap((a) => listElements(a, context, depth + 1)) : [];
    return [...listElements(e.expression.expression, context, depth + 1), ...extra];
  } else if (ts.isCallExpression(e) && /(^|\.)values$/.test(e.expression.getText()) && e.arguments[0]) {
    const obj = context.objectProps(e.arguments[0]);
    return obj ? obj.keys().flatMap((k) => obj.value(k) ?? []) : [];
  }
  if (!arr) return [];
  return arr.elements.flatMap((el) => (ts.isSpreadElement(el) ? listElements(el.expression, context, depth + 1) : ts.isConditionalExpression(skipOuter(el)) ? [] : [el]));
}

function reportNames(tools: readonly { name: string; nameNode: ts.Node; node: ts.Node }[], context: RuleContext): void {
  const done = new Set<ts.Node>();
  for (const t of tools) {
    if (done.has(t.nameNode)) continue;
    done.add(t.nameNode);
    if (!VALID_NAME.test(t.name)) {
      context.report({ node: t.nameNode, messageId: "invalidName", data: { name: JSON.stringify(t.name) }, tool: t.name });
      continue;
    }
    if (GENERIC_NAMES.has(normalize(t.name))) {
      context.report({ node: t.nameNode, messageId: "genericName", data: { name: JSON.stringify(t.name), suggestion: suggestion(t.name, t.node, context) }, severity: "low", tool: t.name });
    }
  }
}

/** readFile, read-file, READ_FILE and read.file all read as read_file. */
function normalize(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[-.\s]+/g, "_");
}

function suggestion(name: string, node: ts.Node, context: RuleContext): string {
  const pkg = packageOf(node, context);
  const server = context.model.servers.find((s) => s.name && packageOf(s.node, context) === pkg)?.name ?? context.packages.find((p) => p.path === pkg)?.name ?? "";
  const words = server.replace(/^@[^/]+\//, "").split(/[^A-Za-z0-9]+/).filter((w) => w && !/^(mcp|server|model|context|protocol|secure|simple|example|demo|basic|my|the)$/i.test(w));
  const prefix = (words[0] ?? "myserver").toLowerCase();
  const sep = name.includes("-") ? "-" : "_";
  return `${prefix}${sep}${name}`;
}

function where(node: ts.Node, context: RuleContext): string {
  const sf = node.getSourceFile();
  return `${context.pathOf(node)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
}
