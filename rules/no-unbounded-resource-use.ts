import { createRule, skipOuter, skipOuterAndAwait, ts, type RuleContext, type TaintHit, type ToolModel } from "../src/rule-api/index.js";
import { describeSource, toolOf } from "../src/rule-api/describe-source.js";
import { enclosingFunction, type FunctionLike } from "../src/rule-api/enclosing-function.js";
import { reachableCalls } from "../src/rule-api/reachable-calls.js";
import { schemaFieldExpression } from "../src/rule-api/schema-field.js";
import { fsPathArguments } from "../src/rule-api/sinks/fs-sinks.js";
import { requestTargets } from "../src/rule-api/sinks/http-sinks.js";
import { processLaunch } from "../src/rule-api/sinks/shell-sinks.js";

/** Launch APIs that wait for the child to finish and buffer its output: they hang the tool call (sync ones, the server). */
const WAITING_LAUNCHERS = /(^|\.)(exec|execSync|execFile|execFileSync|spawnSync|execa|execaSync|execaCommand|execaCommandSync|execaNode|command|commandSync)$/;
const TIMEOUT_KEYS = ["timeout", "signal", "cancelToken", "dispatcher", "headersTimeout", "bodyTimeout"];
/** Long-lived connections by design: no per-request timeout applies. */
const STREAMING_APIS = /(WebSocket|EventSource|ClientTransport|undici\.connect|undici\.stream|undici\.pipeline)$/;
/** A bound that caps a number: `.max(100)`, `.lte(100)`, JSON Schema `maximum`, or a transform/refine that can clamp. */
const BOUNDED_NUMBER = /\.(max|lte|lt)\s*\(|\bmaximum\b|\bexclusiveMaximum\b|\.(enum|literal|refine|superRefine|transform|pipe)\s*\(|z\.(enum|literal|union)\s*\(/;
const ARITHMETIC = new Set([ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.AsteriskAsteriskToken]);
const DEPTH_NAME = /depth|level|limit|max/i;
const DB_MODULES = /^(pg|mysql2?|sqlite3?|better-sqlite3|mongodb|mongoose|knex|sequelize|@prisma\/client|typeorm|@libsql\/client|drizzle-orm|@neondatabase\/serverless|@supabase\/supabase-js|neo4j-driver|@elastic\/elasticsearch|duckdb|postgres)/;

export default createRule({
  id: "no-unbounded-resource-use",
  meta: {
    description: "Bound the time, memory and work one tool call can consume",
    severity: "medium",
    confidence: "medium",
    checklist: ["DEPL-5", "RES-2", "BGP-5"],
    cwe: ["CWE-400", "CWE-770"],
    messages: {
      commandWithoutTimeout: "{{api}} runs a command built from {{source}} with no timeout: a command that hangs or runs for hours (a blocking prompt, a huge repository, `sleep`) holds the tool call{{sync}} until the client gives up, and the child keeps running. Pass `timeout` (and `killSignal`) in the options.",
      requestWithoutTimeout: "Tool {{tool}} sends a request with {{api}} without a timeout or abort signal: a slow or stalled server holds the tool call and its socket open for minutes or forever, and repeated calls pile up. Pass `signal: AbortSignal.timeout(ms)` (fetch) or `timeout` (axios, got), or set a default on the client.",
      unboundedNumber: "{{source}} is a number with no maximum in the tool's schema and it {{use}}: a model that asks for 10^9 makes the server loop, allocate or wait until it runs out of memory or time. Add `.max(...)` (or JSON Schema `maximum`) to the field, or clamp it with Math.min.",
      unboundedRead: "{{api}} reads a whole file chosen by {{source}} into memory and returns it, with no size check: a multi-gigabyte file or a device such as /dev/zero exhausts memory, and a large file floods the model's context. Check `(await fs.stat(p)).size` against a limit first, or read a bounded range or stream.",
    },
    docs: {
      rationale:
        "A tool's arguments come from a model that prompt injection can steer, and the model can call a tool many times. Without bounds a single call can run a command that never ends, wait forever on a stalled HTTP server, loop or allocate for a count of 10^9, recurse to any depth, or load a multi-gigabyte file into memory and send it to the model. Each of these blocks the tool (a synchronous one blocks the whole server) and, repeated, takes the host down.",
      remediation:
        "Give every child process a `timeout` (execFile(cmd, args, { timeout: 30_000 })), every outgoing request an abort signal or timeout (`fetch(url, { signal: AbortSignal.timeout(10_000) })`, `axios.create({ timeout })`), every numeric count, size, page, limit or depth argument a maximum (`z.number().int().max(100)`, JSON Schema `maximum`), and check a file's size before reading it whole (or stream a bounded range).",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "lorem", version: "1.0.0" });',
          'server.tool("lorem_generate", { paragraphs: z.number().int().positive() }, async ({ paragraphs }) => {',
          "  const out: string[] = [];",
          '  for (let i = 0; i < paragraphs; i++) out.push("Lorem ipsum dolor sit amet.");',
          '  return { content: [{ type: "text", text: out.join("\\n\\n") }] };',
          "});",
        ].join("\n"),
        good: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "lorem", version: "1.0.0" });',
          'server.tool("lorem_generate", { paragraphs: z.number().int().positive().max(50) }, async ({ paragraphs }) => {',
          "  const out: string[] = [];",
          '  for (let i = 0; i < paragraphs; i++) out.push("Lorem ipsum dolor sit amet.");',
          '  return { content: [{ type: "text", text: out.join("\\n\\n") }] };',
          "});",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/400.html",
      "https://cwe.mitre.org/data/definitions/770.html",
      "https://nodejs.org/api/child_process.html#child_processexeccommand-options-callback",
      "https://developer.mozilla.org/en-US/docs/Web/API/AbortSignal/timeout_static",
    ],
  },
  create(context) {
    const checker = new Checker(context);
    return {
      CallExpression: (call) => checker.call(call),
      NewExpression: (call) => checker.call(call),
      BinaryExpression: (expr) => checker.binary(expr),
      TemplateExpression: (expr) => checker.template(expr),
      "Program:exit": () => checker.requests(),
    };
  },
});

class Checker {
  /** `axios.defaults.timeout = ...` somewhere: every axios call is bounded. */
  private defaultTimeouts = false;
  private readonly reportedNumbers = new Set<string>();
  private readonly recursive = new Map<FunctionLike, boolean>();

  constructor(private readonly context: RuleContext) {}

  call(call: ts.CallExpression | ts.NewExpression): void {
    this.launch(call);
    this.allocation(call);
    if (ts.isCallExpression(call)) this.read(call);
  }

  binary(expr: ts.BinaryExpression): void {
    const op = expr.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken && /\.defaults\.timeout$|\.defaults\.signal$/.test(expr.left.getText())) this.defaultTimeouts = true;
    if (!isRelational(op) || !isLoopCondition(expr) || exitsOtherwise(loopOf(expr))) return;
    for (const side of [expr.left, expr.right]) if (this.number(side, expr, "bounds a loop")) return;
  }

  template(expr: ts.TemplateExpression): void {
    let before = expr.head.text;
    // "… with limit ${n}" in a log line is no query: the text must read as SQL, or be a clause appended to one (` LIMIT ${n}`).
    const sql = /^\s*(LIMIT|OFFSET|FETCH)\b/i.test(expr.head.text) || /\b(select|from|where|order\s+by)\b/i.test([expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)].join(" "));
    for (const span of expr.templateSpans) {
      if (sql && /\b(LIMIT|TOP|FETCH\s+FIRST)\s*\(?\s*$/i.test(before) && this.number(span.expression, span.expression, "sets the row count of an SQL query")) return;
      before = span.literal.text;
    }
  }

  // --- commands -------------------------------------------------------------------------------------------------

  private launch(call: ts.CallExpression | ts.NewExpression): void {
    const launch = processLaunch(call, this.context);
    if (!launch || !WAITING_LAUNCHERS.test(launch.api)) return;
    const pieces = [launch.shellCommand?.expr, launch.shellArgs, launch.program, launch.args].filter((x): x is ts.Expression => !!x);
    const hit = pieces.flatMap((p) => this.context.taint(p))[0];
    if (!hit) return;
    const args = [...(call.arguments ?? [])].slice(1);
    const options = args.filter((a) => a !== launch.args && a !== launch.shellArgs && !ts.isArrayLiteralExpression(skipOuter(a)) && !ts.isFunctionLike(skipOuter(a)));
    if ([...options, ...(launch.boundOptions ? [launch.boundOptions] : [])].some((o) => this.bounded(o))) return;
    if (boundedByCaller(call)) return;
    const sync = /Sync$/.test(launch.api) ? " and the whole server (a synchronous call blocks its event loop)" : "";
    this.context.report({ node: call, messageId: "commandWithoutTimeout", data: { api: launch.api, source: describeSource(hit, true), sync }, trace: this.context.trace(hit, call, `runs without a timeout (${launch.api})`), ...toolOf(hit, call, this.context) });
  }

  /** An options argument that sets a timeout or signal, or one we cannot read (a wrapper's parameter): trusted. */
  private bounded(option: ts.Expression): boolean {
    const props = this.context.objectProps(option);
    if (!props) return !ts.isObjectLiteralExpression(skipOuter(option));
    if (TIMEOUT_KEYS.some((k) => props.has(k) && !isZero(props.value(k)))) return true;
    // { ...opts } from something we cannot read may carry the timeout.
    return props.node.properties.some((p) => ts.isSpreadAssignment(p) && !this.context.objectProps(p.expression));
  }

  // --- requests (one finding per tool handler) -------------------------------------------------------------------

  requests(): void {
    const reported = new Set<ts.Node>();
    const perTool: { tool: ToolModel; calls: ts.Node[] }[] = [];
    for (const tool of this.context.model.tools) {
      const region = tool.dispatch ?? tool.handler;
      if (!region) continue;
      const calls = reachableCalls(region, this.context)
        .map((r) => r.call)
        .filter((c): c is ts.CallExpression | ts.NewExpression => !ts.isTaggedTemplateExpression(c) && this.unboundedRequest(c));
      if (calls.length) perTool.push({ tool, calls });
    }
    for (const { tool, calls } of perTool) {
      if (calls.some((c) => reported.has(c))) continue;
      const call = calls[0] as ts.CallExpression | ts.NewExpression;
      reported.add(call);
      const api = requestTargets(call, this.context)[0]?.api ?? "a request";
      this.context.report({ node: call, messageId: "requestWithoutTimeout", data: { tool: tool.name === null ? "(dynamic name)" : JSON.stringify(tool.name), api }, severity: "low", ...(tool.name ? { tool: tool.name } : {}) });
    }
  }

  private unboundedRequest(call: ts.CallExpression | ts.NewExpression): boolean {
    const targets = requestTargets(call, this.context);
    const api = this.context.api(call.expression);
    if (!targets.length || !api) return false;
    if (STREAMING_APIS.test(targets[0]?.api ?? "")) return false;
    // ky times out after 10 s by default.
    if (api.module === "ky") return false;
    if (this.defaultTimeouts && /^(axios|got)$/.test(api.module)) return false;
    // The options: every argument but the URL itself (a config object holding the URL counts).
    const options = [...(call.arguments ?? [])].filter((a) => {
      const x = skipOuter(a);
      return !targets.some((t) => t.expr === a) && !ts.isStringLiteralLike(x) && !ts.isTemplateExpression(x) && !ts.isFunctionLike(x) && !ts.isNumericLiteral(x);
    });
    if (options.some((a) => this.bounded(a))) return false;
    // A client made by axios.create({ timeout }) / got.extend({ timeout }).
    const callee = skipOuter(call.expression);
    if (ts.isPropertyAccessExpression(callee) && this.configuredClient(callee.expression)) return false;
    if (this.configuredClient(callee)) return false;
    if (boundedByCaller(call)) return false;
    // http.request(...) followed by req.setTimeout(...)
    if (/^https?$/.test(api.module) && setsTimeoutLater(call)) return false;
    return true;
  }

  private configuredClient(expr: ts.Expression): boolean {
    const ref = this.context.resolve(expr);
    if (ref.kind !== "instance" || !ts.isCallExpression(ref.node)) return false;
    const made = ref.node;
    const name = ts.isPropertyAccessExpression(made.expression) ? made.expression.name.text : "";
    if (name !== "create" && name !== "extend") return false;
    return made.arguments.some((a) => this.bounded(a));
  }

  // --- numbers ----------------------------------------------------------------------------------------------------

  private allocation(call: ts.CallExpression | ts.NewExpression): void {
    const args = [...(call.arguments ?? [])];
    const a0 = args[0];
    const api = this.context.api(call.expression);
    const callee = skipOuter(call.expression);
    const member = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
    if (api?.module === "global" && api.path.join(".") === "Array" && a0 && args.length === 1) {
      this.number(a0, call, "sizes a new array");
      return;
    }
    if (api?.module === "global" && api.path.join(".") === "Array.from" && a0) {
      const length = this.context.objectProps(a0)?.value("length");
      if (length) this.number(length, call, "sizes a new array");
      return;
    }
    if (api?.module === "global" && /^Buffer\.(alloc|allocUnsafe)$/.test(api.path.join(".")) && a0) {
      this.number(a0, call, "sizes a buffer");
      return;
    }
    // Only a timer the tool waits on: inside a Promise it awaits, not a clean-up scheduled for later.
    if (api?.module === "global" && api.path[0] === "setTimeout" && args[1] && inPromiseExecutor(call)) {
      this.number(args[1], call, "sets how long the tool waits");
      return;
    }
    if (!api && ts.isCallExpression(call) && (member === "repeat" || member === "padStart" || member === "padEnd") && a0) {
      this.number(a0, call, `sets the length of a string (${member})`);
      return;
    }
    if (api && DB_MODULES.test(api.module) && (member === "limit" || member === "take") && a0) {
      this.number(a0, call, "sets how many rows the query returns");
      return;
    }
    if (api && DB_MODULES.test(api.module)) {
      for (const arg of args) {
        const limit = this.context.objectProps(arg)?.value("limit") ?? this.context.objectProps(arg)?.value("take");
        if (limit && this.number(limit, call, "sets how many rows the query returns")) return;
      }
    }
    if (ts.isCallExpression(call) && !api) this.recursion(call);
  }

  private callsItself(fn: FunctionLike): boolean {
    let calls = this.recursive.get(fn);
    if (calls === undefined) this.recursive.set(fn, (calls = callsItself(fn, this.context)));
    return calls;
  }

  /** A depth argument of a function that calls itself. */
  private recursion(call: ts.CallExpression): void {
    for (const fn of this.context.calleeFunctions(call)) {
      // Most calls pass no depth-like argument: look at the names before walking the callee for a call to itself.
      if (!fn.parameters.some((p, i) => call.arguments[i] && ts.isIdentifier(p.name) && DEPTH_NAME.test(p.name.text))) continue;
      if (!this.callsItself(fn)) continue;
      for (const [i, p] of fn.parameters.entries()) {
        const arg = call.arguments[i];
        if (arg && ts.isIdentifier(p.name) && DEPTH_NAME.test(p.name.text) && enclosingFunction(call) !== fn) {
          if (this.number(arg, call, `sets the recursion depth of ${fn.name && ts.isIdentifier(fn.name) ? `${fn.name.text}()` : "a recursive function"}`)) return;
        }
      }
    }
  }

  /** Reports a tool argument that reaches `expr` as a number without a maximum; true when it did. */
  private number(expr: ts.Expression, at: ts.Node, use: string): boolean {
    // Arithmetic yields a number the engine no longer tracks: `seconds * 1000` is as unbounded as `seconds`.
    const e = skipOuter(expr);
    if (ts.isBinaryExpression(e) && ARITHMETIC.has(e.operatorToken.kind)) return this.number(e.left, at, use) || this.number(e.right, at, use);
    for (const hit of this.context.taint(expr, ["tool-argument", "prompt-argument"])) {
      const field = hit.taint.path[0];
      if (!field || hit.taint.path.length !== 1 || !hit.spec.schema || !this.unboundedField(hit, field)) continue;
      if (clampedBefore(expr, field, at, hit)) continue;
      const key = `${this.context.pathOf(at)}:${at.pos}`;
      if (this.reportedNumbers.has(key)) return true;
      this.reportedNumbers.add(key);
      this.context.report({ node: at, messageId: "unboundedNumber", data: { source: describeSource(hit), use }, trace: this.context.trace(hit, expr, use), ...toolOf(hit, at, this.context) });
      return true;
    }
    return false;
  }

  private unboundedField(hit: TaintHit, field: string): boolean {
    const schema = hit.spec.schema;
    if (!schema || schema.kind !== "object") return false;
    const node = schema.fields.get(field);
    if (!node || node.kind !== "number") return false;
    if ((node.constraints ?? []).includes("max")) return false;
    const tool = this.context.model.tools.find((t) => t.handler === hit.spec.fn);
    const declared = schemaFieldExpression(tool?.schemaNode, field, this.context);
    // Where the declaration cannot be read, trust the parsed zod constraints (JSON Schema maximums are not parsed).
    if (!declared) return schema.dialect !== "json-schema";
    return !BOUNDED_NUMBER.test(declared.getText());
  }

  // --- file reads -------------------------------------------------------------------------------------------------

  private read(call: ts.CallExpression): void {
    const args = fsPathArguments(call, this.context).filter((a) => a.access === "read" && /\.(readFile|readFileSync|readJson|readJSON|readJsonSync)$/.test(a.api));
    const arg = args[0];
    if (!arg) return;
    const hit = this.context.taint(arg.expr)[0];
    if (!hit || !returned(call) || sizeChecked(call) || truncated(call)) return;
    this.context.report({ node: call, messageId: "unboundedRead", data: { api: arg.api, source: describeSource(hit, true) }, severity: "low", trace: this.context.trace(hit, arg.expr, "read whole"), ...toolOf(hit, call, this.context) });
  }
}

function isRelational(op: ts.SyntaxKind): boolean {
  return op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken || op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken;
}

/** The whole condition of a loop, or one side of an `||` in it (an `&&` adds another bound). */
function isLoopCondition(expr: ts.BinaryExpression): boolean {
  let node: ts.Node = expr;
  while (ts.isParenthesizedExpression(node.parent) || (ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) node = node.parent;
  const p = node.parent;
  return (ts.isForStatement(p) && p.condition === node) || (ts.isWhileStatement(p) && p.expression === node) || (ts.isDoStatement(p) && p.expression === node);
}

function loopOf(expr: ts.Node): ts.IterationStatement {
  let node = expr;
  while (!ts.isForStatement(node) && !ts.isWhileStatement(node) && !ts.isDoStatement(node)) node = node.parent;
  return node as ts.IterationStatement;
}

/** `while (lines.length < n) { …; if (read === 0) break; }`: the loop also ends on its own (at the end of a file), not only at the count. */
function exitsOtherwise(loop: ts.IterationStatement): boolean {
  const visit = (n: ts.Node, inner: boolean): boolean => {
    if (ts.isFunctionLike(n)) return false;
    if (ts.isReturnStatement(n) || (ts.isBreakStatement(n) && (!inner || !!n.label))) return true;
    const nested = inner || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n);
    return !!ts.forEachChild(n, (c) => visit(c, nested) || undefined);
  };
  return visit(loop.statement, false);
}

function isZero(v: ts.Expression | undefined): boolean {
  if (!v) return false;
  const e = skipOuter(v);
  return (ts.isNumericLiteral(e) && Number(e.text) === 0) || e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined");
}

/** Promise.race([...]) or a helper named like withTimeout(...) bounds the call. */
function boundedByCaller(call: ts.Node): boolean {
  for (let n: ts.Node = call, depth = 0; n.parent && depth < 10; n = n.parent, depth++) {
    const p = n.parent;
    if (ts.isCallExpression(p) && p.expression !== n) {
      const text = p.expression.getText();
      if (/Promise\.race$|timeout|deadline/i.test(text)) return true;
    }
    // new Promise((resolve) => exec(...)) handed to a timeout helper: look past the executor.
    if (ts.isFunctionLike(p)) {
      if (!ts.isNewExpression(p.parent) || p.parent.expression.getText() !== "Promise") return false;
    } else if (ts.isBlock(p) && !ts.isFunctionLike(p.parent)) return false;
  }
  return false;
}

function setsTimeoutLater(call: ts.Node): boolean {
  const fn = enclosingFunction(call);
  return !!fn && /\.setTimeout\s*\(|\.on\(\s*["']timeout["']/.test(fn.getText());
}

function callsItself(fn: FunctionLike, context: RuleContext): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && context.calleeFunctions(n).includes(fn)) found = true;
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** `if (count > 1000) throw ...`, `count = Math.min(count, 100)` or `count <= MAX` checked before the use. */
function clampedBefore(expr: ts.Expression, field: string, at: ts.Node, hit: TaintHit): boolean {
  const scopes = new Set<ts.Node>();
  const fn = enclosingFunction(at);
  if (fn) scopes.add(fn);
  if (hit.spec.fn) scopes.add(hit.spec.fn);
  const names = new Set([field, skipOuterAndAwait(expr).getText().split(".").pop() ?? field]);
  for (const scope of scopes) {
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found || n === at) return;
      if (ts.isBinaryExpression(n) && isRelational(n.operatorToken.kind) && !isLoopCondition(n) && n.pos < at.pos) {
        const sides = [n.left, n.right].map((s) => skipOuter(s).getText().split(".").pop() ?? "");
        if (sides.some((s) => names.has(s))) found = true;
      }
      if (ts.isCallExpression(n) && /Math\.min|clamp/i.test(n.expression.getText()) && n.arguments.some((a) => names.has(a.getText().split(".").pop() ?? ""))) found = true;
      ts.forEachChild(n, visit);
    };
    visit(scope);
    if (found) return true;
  }
  return false;
}

/**
 * The content goes back to whoever called: the read sits in a return or a result field (`text:`, `data:`, `blob:`),
 * or the variable holding it (or one derived from it, two steps) does.
 */
function returned(call: ts.CallExpression): boolean {
  let n: ts.Node = call;
  const RESULT_FIELD = /^(text|data|blob|content|contents|body|result)$/;
  for (; n.parent && !ts.isStatement(n.parent) && !ts.isFunctionLike(n.parent); n = n.parent) {
    if (ts.isPropertyAssignment(n.parent) && ts.isIdentifier(n.parent.name) && RESULT_FIELD.test(n.parent.name.text)) return true;
  }
  const holder = n.parent;
  if (holder && ts.isReturnStatement(holder)) return true;
  if (holder && ts.isArrowFunction(holder)) return true;
  const fn = enclosingFunction(call);
  const first = findDeclaredName(call);
  if (!fn || !first) return false;
  const names = new Set([first]);
  const mentions = (node: ts.Node): boolean => {
    let found = false;
    const visit = (x: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(x) && names.has(x.text)) found = true;
      ts.forEachChild(x, visit);
    };
    visit(node);
    return found;
  };
  for (let round = 0; round < 2; round++) {
    const visit = (x: ts.Node): void => {
      if (ts.isVariableDeclaration(x) && ts.isIdentifier(x.name) && x.initializer && mentions(x.initializer)) names.add(x.name.text);
      ts.forEachChild(x, visit);
    };
    visit(fn);
  }
  let used = false;
  const visit = (x: ts.Node): void => {
    if (used) return;
    if (ts.isReturnStatement(x) && x.expression && mentions(x.expression)) used = true;
    if (ts.isPropertyAssignment(x) && ts.isIdentifier(x.name) && RESULT_FIELD.test(x.name.text) && mentions(x.initializer)) used = true;
    if (ts.isShorthandPropertyAssignment(x) && RESULT_FIELD.test(x.name.text) && names.has(x.name.text)) used = true;
    ts.forEachChild(x, visit);
  };
  visit(fn);
  return used;
}

function findDeclaredName(call: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = call.parent; n && !ts.isStatement(n); n = n.parent) {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text;
  }
  return undefined;
}

/** `(await fs.stat(p)).size > MAX` (or a size limit constant compared) in the function that reads. */
function sizeChecked(call: ts.Node): boolean {
  for (let fn = enclosingFunction(call), depth = 0; fn && depth < 3; fn = enclosingFunction(fn), depth++) {
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      const text = ts.isBinaryExpression(n) && isRelational(n.operatorToken.kind) ? n.getText() : "";
      if (/\.size\b|\bsize\b|bytes|byteLength/i.test(text) || (/length/i.test(text) && /max|limit/i.test(text))) found = true;
      ts.forEachChild(n, visit);
    };
    visit(fn);
    if (found) return true;
  }
  return false;
}

/** `.slice(0, N)`, `.substring(0, N)` or a line window on the content: what goes back to the model is bounded. */
function truncated(call: ts.CallExpression): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return false;
  return /\.(slice|substring|substr)\s*\(\s*[\w.]+\s*,|truncat/i.test(fn.getText());
}

/** `new Promise((resolve) => setTimeout(resolve, ms))`: the call runs in the executor of a Promise. */
function inPromiseExecutor(call: ts.Node): boolean {
  let fn: ts.Node | undefined = call.parent;
  while (fn && !ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn) && !ts.isFunctionDeclaration(fn) && !ts.isMethodDeclaration(fn)) fn = fn.parent;
  const made = fn?.parent;
  return !!made && ts.isNewExpression(made) && made.expression.getText() === "Promise";
}
