import { bindingKey, createRule, isFunctionLike, skipOuter, ts, type FunctionLike, type RuleContext, type SourceSpec, type TaintHit, type ToolModel } from "../src/rule-api/index.js";
import { permissiveParts, type PermissivePart } from "../src/rule-api/permissive-schema.js";
import { querySinks } from "../src/rule-api/sinks/sql-sinks.js";

const VALIDATOR_METHODS = new Set([
  "parse", "safeParse", "parseAsync", "safeParseAsync", "validate", "validateSync", "validateAsync", "assert", "is", "check", "Check", "Parse",
  "Decode", "decode", "decodeUnknown", "decodeUnknownSync", "decodeUnknownEither", "attempt", "create", "cast", "assertType", "validateOrReject", "guard",
]);
const VALIDATOR_MODULES = /^(ajv|ajv\/.*|valibot|arktype|@sinclair\/typebox(\/.*)?|typebox|superstruct|yup|joi|@hapi\/joi|io-ts|zod(\/.*)?|effect|@effect\/schema|runtypes|class-validator|@cfworker\/json-schema|jsonschema|is-my-json-valid)$/;
const VALIDATOR_NAME = /^(validate|assert|check|ensure|parse|verify|sanitize)\w*$|^is(Valid)?\w*(Args|Arguments|Input|Params|Parameters|Request|Payload|Options)$/i;
const MAX_LISTED = 4;
/** Effects on this machine: where unvalidated input matters. A tool that only forwards input to a remote API is left to that API. */
const LOCAL_CAPABILITIES = ["exec", "code", "fs-write", "fs-read", "database"] as const;
const CAPABILITY_WORDS: Record<string, string> = { "exec": "shell commands", "code": "code evaluation", "fs-write": "file writes", "fs-read": "file reads", "database": "database queries" };

export default createRule({
  id: "require-input-validation",
  meta: {
    description: "Validate tool arguments against a strict schema before using them",
    severity: "medium",
    confidence: "medium",
    checklist: ["API-1", "TOOL-3", "RES-3"],
    cwe: ["CWE-20"],
    messages: {
      unvalidatedHandler:
        "This tools/call handler uses `request.params.arguments`{{how}} without validating them for {{tools}}, whose code reaches {{reach}}: the low-level Server does not check arguments against the tool's inputSchema, so {{who}} can send any JSON (objects where strings are expected, missing or extra fields) into the code below. Parse the arguments with the tool's schema first (`Schema.parse(request.params.arguments)`, ajv `validate`), or check each field's type.",
      permissiveSchema:
        "The input schema of tool {{tool}} accepts any value for {{field}} ({{construct}}), and the handler, whose code reaches {{reach}}, uses it: a prompt-injected model can pass arbitrary structures there, which the SDK lets through unchecked. Describe the expected shape (z.object({...}) with typed fields, additionalProperties: false) or, if free-form JSON is intended, validate it where it is used.",
      noSchema:
        "Tool {{tool}} declares no input schema but its handler, whose code reaches {{reach}}, reads its arguments: nothing checks what the client sends. Declare the parameters with a schema (zod `parameters`, `schema`) so they are validated before the handler runs.",
    },
    docs: {
      rationale:
        "Tool arguments are written by a model that follows instructions injected into anything it reads. McpServer, fastmcp and mcp-framework validate them against the declared schema, but only as strictly as that schema is written: z.any(), z.record(z.any()), .passthrough() or additionalProperties: true let any structure through. The low-level Server validates nothing: handlers that cast `request.params.arguments` (`as any`, `as { path: string }`) receive whatever JSON the client sent, so an object arrives where a string was assumed and slips past checks written for strings.",
      remediation:
        "Give every tool a schema with typed fields and no open-ended parts, and let the framework enforce it. In low-level handlers, parse the arguments before use: keep a zod schema per tool and call `schema.parse(request.params.arguments)` (or ajv's `validate`), or check each field with `typeof` and reject what does not match. Where free-form JSON is really the input, validate it at the point of use.",
      examples: {
        bad: [
          'import { Server } from "@modelcontextprotocol/sdk/server/index.js";',
          'import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";',
          'import fs from "node:fs/promises";',
          'const server = new Server({ name: "notes", version: "1.0.0" }, { capabilities: { tools: {} } });',
          "server.setRequestHandler(CallToolRequestSchema, async (request) => {",
          "  const { title, body } = request.params.arguments as { title: string; body: string };",
          "  await fs.writeFile(`notes/${title.replace(/\\W/g, \"_\")}.md`, body);",
          '  return { content: [{ type: "text", text: "saved" }] };',
          "});",
        ].join("\n"),
        good: [
          'import { Server } from "@modelcontextprotocol/sdk/server/index.js";',
          'import { CallToolRequestSchema } from "@modelcontextprotocol/sdk/types.js";',
          'import fs from "node:fs/promises";',
          'import { z } from "zod";',
          "const SaveNote = z.object({ title: z.string().max(80), body: z.string().max(100_000) }).strict();",
          'const server = new Server({ name: "notes", version: "1.0.0" }, { capabilities: { tools: {} } });',
          "server.setRequestHandler(CallToolRequestSchema, async (request) => {",
          "  const { title, body } = SaveNote.parse(request.params.arguments);",
          "  await fs.writeFile(`notes/${title.replace(/\\W/g, \"_\")}.md`, body);",
          '  return { content: [{ type: "text", text: "saved" }] };',
          "});",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/20.html",
      "https://modelcontextprotocol.io/specification/2025-06-18/server/tools#security-considerations",
      "https://zod.dev/api#objects",
    ],
  },
  create(context) {
    return {
      "Program:exit"() {
        const covered = new Set<string>();
        for (const spec of context.model.sources) {
          if (spec.kind === "tool-argument" && spec.fn && spec.taintedMembers?.has("params")) lowLevelHandler(spec, context, covered);
        }
        for (const tool of context.model.tools) {
          if (tool.name && covered.has(tool.name)) continue;
          if (tool.validated && tool.schemaNode) permissiveSchema(tool, context);
          else if (tool.validated && !tool.schemaNode && (tool.framework === "fastmcp" || tool.framework === "mcp-framework")) noSchema(tool, context);
        }
      },
    };
  },
});

// ---------------------------------------------------------------- low-level handlers

interface Region {
  name: string | undefined;
  node: ts.Node;
}

/**
 * One finding per tools/call handler, listing the tools whose branch reads arguments with no validation: the fix
 * is usually one change in the dispatcher (look up the tool's schema and parse), not one per tool.
 */
function lowLevelHandler(spec: SourceSpec, context: RuleContext, covered: Set<string>): void {
  const fn = spec.fn as FunctionLike;
  if (!fn.body) return;
  const isArgs = (h: TaintHit, exact: boolean) => h.spec === spec && h.taint.path[0] === "params" && h.taint.path[1] === "arguments" && (!exact || (h.taint.path.length === 2 && !h.taint.derived && !h.taint.inside));
  const carriesArgs = (e: ts.Expression, exact: boolean) => context.taint(e, ["tool-argument"]).some((h) => isArgs(h, exact));
  const regions = dispatchRegions(fn);
  const inRegion = (n: ts.Node) => regions.some((r) => r.node !== fn.body && n.pos >= r.node.pos && n.end <= r.node.end);
  // Validation in the dispatcher outside the tool branches covers every tool.
  const global = evidence([fn], carriesArgs, context, (n) => !inRegion(n));
  if (global) return;
  const unvalidated: { name: string | undefined; read: ts.Node; cast: boolean; caps: string[] }[] = [];
  for (const region of regions) {
    const caps = localCapabilities(region.node, context);
    if (!caps.length) continue;
    const fns = [region.node, ...delegates(region.node, carriesArgs, context)];
    const reads = argumentReads(fns, carriesArgs);
    if (!reads.length) continue;
    if (evidence(fns, carriesArgs, context)) continue;
    const first = reads[0] as ts.Node;
    unvalidated.push({ name: region.name, read: first, cast: reads.some(isCast), caps });
  }
  if (!unvalidated.length) return;
  for (const u of unvalidated) if (u.name) covered.add(u.name);
  const names = unvalidated.flatMap((u) => (u.name ? [`"${u.name}"`] : []));
  const tools = !names.length ? "the tools it serves" : names.length === 1 ? `tool ${names[0]}` : `tools ${names.slice(0, MAX_LISTED).join(", ")}${names.length > MAX_LISTED ? ` and ${names.length - MAX_LISTED} more` : ""}`;
  const registration = ts.isCallExpression(fn.parent) ? fn.parent : fn;
  context.report({
    node: registration,
    messageId: "unvalidatedHandler",
    data: { tools, how: unvalidated.some((u) => u.cast) ? " through type casts" : "", who: "a prompt-injected model (or any client)", reach: reachText(unvalidated.flatMap((u) => u.caps)) },
    trace: unvalidated.slice(0, 5).map((u) => context.step(u.read, "step", u.name ? `tool "${u.name}" reads an argument unchecked` : "reads an argument unchecked")),
  });
}

/** `case "name":` clauses and `if (name === "x")` branches of the dispatcher; the whole handler when there are none. */
function dispatchRegions(fn: FunctionLike): Region[] {
  const out: Region[] = [];
  const visit = (n: ts.Node): void => {
    if (isFunctionLike(n) && n !== fn) return;
    if (ts.isCaseClause(n) && ts.isStringLiteralLike(skipOuter(n.expression))) {
      out.push({ name: (skipOuter(n.expression) as ts.StringLiteralLike).text, node: n });
      return;
    }
    if (ts.isIfStatement(n) && ts.isBinaryExpression(n.expression) && (n.expression.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || n.expression.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken)) {
      const lit = [n.expression.left, n.expression.right].map(skipOuter).find(ts.isStringLiteralLike);
      if (lit) {
        out.push({ name: lit.text, node: n.thenStatement });
        if (n.elseStatement) visit(n.elseStatement);
        return;
      }
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return out.length ? out : [{ name: undefined, node: fn.body as ts.Node }];
}

/** Project functions a region hands the arguments to (handleReadFile(args)), two calls deep. */
function delegates(region: ts.Node, carriesArgs: (e: ts.Expression, exact: boolean) => boolean, context: RuleContext): ts.Node[] {
  const out: ts.Node[] = [];
  const seen = new Set<ts.Node>();
  let frontier: ts.Node[] = [region];
  for (let depth = 0; depth < 2; depth++) {
    const next: ts.Node[] = [];
    for (const node of frontier) {
      for (const call of collect(node, ts.isCallExpression)) {
        if (!call.arguments.some((a) => carriesArgs(a, false))) continue;
        for (const f of context.calleeFunctions(call)) {
          if (seen.has(f) || !f.body) continue;
          seen.add(f);
          out.push(f);
          next.push(f);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Reads of fields of the raw arguments object: args.path, args["path"], const { path } = args, ({ path }) => in a delegate. */
function argumentReads(nodes: ts.Node[], carriesArgs: (e: ts.Expression, exact: boolean) => boolean): ts.Node[] {
  const out: ts.Node[] = [];
  for (const node of nodes) {
    for (const n of collect(node, (x): x is ts.Node => ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) || ts.isVariableDeclaration(x) || ts.isParameter(x))) {
      if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && carriesArgs(n.expression, true)) out.push(n);
      else if (ts.isVariableDeclaration(n) && ts.isObjectBindingPattern(n.name) && n.initializer && carriesArgs(n.initializer, true)) out.push(n);
      else if (ts.isParameter(n) && ts.isObjectBindingPattern(n.name) && isFunctionLike(n.parent) && nodes.includes(n.parent) && n.parent.parameters.indexOf(n) >= 0) {
        const binding = n.name.elements[0];
        if (binding && carriesArgs(binding.name as ts.Identifier, false)) out.push(n);
      }
    }
  }
  return out.sort((a, b) => (a.getSourceFile() === b.getSourceFile() ? a.pos - b.pos : 0));
}

function isCast(read: ts.Node): boolean {
  let n: ts.Node = read;
  if (ts.isVariableDeclaration(n)) return !!n.initializer && ts.isAsExpression(n.initializer);
  if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
    if (ts.isAsExpression(skipOuterParens(n.expression))) return true;
    n = n.parent;
    while (ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n)) n = n.parent;
    return ts.isAsExpression(n) || ts.isTypeAssertionExpression(n);
  }
  return false;
}

/** `function extractArgs(args, schema) { return schema.parse(args); }`: a helper that runs a schema parse on what it is given. */
function parsesParameter(fn: FunctionLike): boolean {
  const names = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  if (!names.size || !fn.body) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && VALIDATOR_METHODS.has(n.expression.name.text) && n.arguments.some((a) => ts.isIdentifier(skipOuterParens(a)) && names.has((skipOuterParens(a) as ts.Identifier).text))) found = true;
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
  return found;
}

function skipOuterParens(e: ts.Expression): ts.Expression {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isNonNullExpression(x)) x = x.expression;
  return x;
}

/** A schema parse, a validator library, a type-guard function, a typeof check or a URL parse applied to the arguments. */
function evidence(nodes: ts.Node[], carriesArgs: (e: ts.Expression, exact: boolean) => boolean, context: RuleContext, filter: (n: ts.Node) => boolean = () => true): boolean {
  for (const node of nodes) {
    for (const call of collect(node, ts.isCallExpression)) {
      if (!filter(call) || !call.arguments.some((a) => carriesArgs(a, false))) continue;
      const callee = skipOuter(call.expression);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
      const api = context.api(call.expression);
      if (api && VALIDATOR_MODULES.test(api.module)) return true;
      if (VALIDATOR_METHODS.has(name) || VALIDATOR_NAME.test(name)) return true;
      if (context.calleeFunctions(call).some((f) => (f.type && ts.isTypePredicateNode(f.type)) || parsesParameter(f))) return true;
    }
    for (const t of collect(node, ts.isTypeOfExpression)) {
      if (filter(t) && ts.isBinaryExpression(t.parent) && carriesArgs(t.expression, false)) return true;
    }
    // new URL(args.link) throws on anything that is not a URL, objects included.
    for (const made of collect(node, ts.isNewExpression)) {
      const arg = made.arguments?.[0];
      if (filter(made) && arg && made.arguments?.length === 1 && context.api(made.expression)?.path.join(".") === "URL" && carriesArgs(arg, false)) return true;
    }
  }
  return false;
}

function collect<T extends ts.Node>(root: ts.Node, test: (n: ts.Node) => n is T): T[] {
  const out: T[] = [];
  const visit = (n: ts.Node): void => {
    if (test(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(root);
  return out;
}

// ---------------------------------------------------------------- schemas

function permissiveSchema(tool: ToolModel, context: RuleContext): void {
  const handler = tool.handler;
  const param = handler?.parameters[0];
  if (!handler || !param) return;
  const caps = localCapabilities(handler, context);
  if (!caps.length) return;
  const parts = permissiveParts(tool.schemaNode, context).filter((p) => fieldUsed(p, param, handler));
  const first = parts[0];
  if (!first) return;
  const fields = [...new Set(parts.map(label))];
  context.report({
    node: first.node,
    messageId: "permissiveSchema",
    data: { tool: `"${tool.name ?? "(dynamic name)"}"`, reach: reachText(caps), field: fields.length === 1 ? (fields[0] as string) : `${fields.slice(0, -1).join(", ")} and ${fields[fields.length - 1]}`, construct: first.construct },
    ...(tool.name ? { tool: tool.name } : {}),
  });
}

function label(p: PermissivePart): string {
  const path = p.path.filter((k) => k !== "*");
  const field = path.length ? `\`${path.join(".")}\`` : "the whole input";
  // .passthrough(), additionalProperties: true: the declared fields are typed, the undeclared ones are not.
  if (/passthrough|loose|catchall|additionalProperties/i.test(p.construct)) return path.length ? `undeclared properties of ${field}` : "undeclared properties";
  return field;
}

/** Is the field the permissive part sits in read by the handler? */
function fieldUsed(part: PermissivePart, param: ts.ParameterDeclaration, handler: FunctionLike): boolean {
  const field = part.path[0];
  if (ts.isObjectBindingPattern(param.name)) {
    return param.name.elements.some((el) => !!el.dotDotDotToken || field === undefined || bindingKey(el) === field);
  }
  if (!ts.isIdentifier(param.name) || !handler.body) return false;
  const name = param.name.text;
  let used = false;
  const visit = (n: ts.Node): void => {
    if (used) return;
    if (ts.isIdentifier(n) && n.text === name && n !== param.name) {
      const parent = n.parent;
      const member = ts.isPropertyAccessExpression(parent) && parent.expression === n ? parent.name.text : ts.isElementAccessExpression(parent) && parent.expression === n && ts.isStringLiteralLike(parent.argumentExpression) ? parent.argumentExpression.text : undefined;
      // A read of that field, or the whole arguments handed on.
      if (member === undefined || field === undefined || member === field) used = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(handler.body);
  return used;
}

function noSchema(tool: ToolModel, context: RuleContext): void {
  const handler = tool.handler;
  const param = handler?.parameters[0];
  if (!handler?.body || !param || !tool.name) return;
  // A definition assembled from spreads (a wrapper adding logging) may carry its parameters in the spread.
  const def = ts.isCallExpression(tool.node) ? tool.node.arguments[0] : undefined;
  const literal = def && skipOuter(def);
  if (!literal || !ts.isObjectLiteralExpression(literal) || literal.properties.some(ts.isSpreadAssignment)) return;
  const caps = localCapabilities(handler, context);
  if (!caps.length) return;
  const used = ts.isObjectBindingPattern(param.name) ? param.name.elements.length > 0 : ts.isIdentifier(param.name) && referenced(param.name.text, handler.body, param.name);
  if (!used) return;
  context.report({ node: tool.node, messageId: "noSchema", data: { tool: `"${tool.name}"`, reach: reachText(caps) }, tool: tool.name });
}

function localCapabilities(node: ts.Node, context: RuleContext): string[] {
  const caps: string[] = context.capabilities(node);
  // Database handles the resolver cannot name (`let db` assigned later) are still recognised as query sinks.
  if (!caps.includes("database") && reachesQuerySink(node, context)) caps.push("database");
  return LOCAL_CAPABILITIES.filter((c) => caps.includes(c));
}

function reachesQuerySink(node: ts.Node, context: RuleContext): boolean {
  const seen = new Set<ts.Node>();
  const queue: ts.Node[] = [node];
  for (let i = 0; i < queue.length && i < 80; i++) {
    const n = queue[i] as ts.Node;
    for (const call of collect(n, ts.isCallExpression)) {
      // A `{ query }` payload whose text is not seen here is as likely a search as SQL over HTTP.
      if (querySinks(call, context).some((s) => !s.sharedKey)) return true;
      for (const f of context.calleeFunctions(call)) {
        if (!seen.has(f)) {
          seen.add(f);
          queue.push(f);
        }
      }
    }
  }
  return false;
}

function reachText(caps: string[]): string {
  const words = [...new Set(caps)].filter((c) => c !== "fs-read" || !caps.includes("fs-write")).map((c) => CAPABILITY_WORDS[c] ?? c);
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

function referenced(name: string, body: ts.Node, self: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && n.text === name && n !== self) found = true;
    ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}
