import { createRule, hasMark, skipOuter, ts, type FunctionLike, type RuleContext, type Severity, type TaintHit, type TraceStep } from "../src/rule-api/index.js";
import { WALLET_ENV, walletScope } from "../src/rule-api/crypto-wallets.js";
import type { Declarations } from "../src/rule-api/declarations.js";
import { describeSource, toolOf } from "../src/rule-api/describe-source.js";
import { errorDetails, type ErrorDetail } from "../src/rule-api/error-details.js";
import { ProjectIndex } from "../src/rule-api/project-index.js";
import { describeSecret, secretPolicy, type SecretOrigin } from "../src/rule-api/secret-sources.js";
import { responseParams, responseSend } from "../src/rule-api/sinks/http-responses.js";
import { logCall, type LogCall } from "../src/rule-api/sinks/log-sinks.js";
import { processLaunch, pushedInto, type ProcessLaunch } from "../src/rule-api/sinks/shell-sinks.js";
import { inServerCode } from "../src/rule-api/server-files.js";
import { resultSites, type ResultOwner } from "../src/rule-api/tool-results.js";
import { valueOrigins, type Origin } from "../src/rule-api/value-origins.js";

const ERROR_CLASSES = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "AggregateError", "McpError"]);
/** HTTP clients whose errors carry the request they made (headers included) as enumerable properties. */
const REQUEST_CARRYING_CLIENTS = new Set(["axios", "got", "superagent", "ky", "ofetch", "redaxios"]);
/** Programs that run a package or script named in their arguments. */
const RUNNERS = new Set(["npx", "uvx", "bunx", "pnpx", "node", "deno", "bun", "python", "python3", "ruby", "perl", "php", "sh", "bash", "zsh"]);

const DETAIL_WHY: Record<ErrorDetail["kind"], string> = {
  stack: "a stack trace shows file paths, dependency versions and code structure to the model, and to whoever prompt-injects it.",
  inspect: "a dump of the error holds its stack and every property; for an HTTP client's error, the request with its Authorization header.",
  serialized: "an axios (or got) error serializes with its request config, and that carries every header sent, the Authorization header and API key included.",
  "request-config": "an axios error's request config carries every header sent, the Authorization header and API key included.",
};

export default createRule({
  id: "no-secret-leak",
  meta: {
    description: "Keep secrets from the environment out of tool results, HTTP responses, logs and error messages",
    severity: "medium",
    confidence: "medium",
    checklist: ["DEPL-4", "TOOL-8", "DATA-5"],
    cwe: ["CWE-200", "CWE-532"],
    messages: {
      resultLeak: "{{secret}} reaches the result of {{owner}}: the model reads it, and a prompt injection can have it repeated to the user or sent to another tool. Return what the tool is for; report whether a key is configured, never its value.",
      httpLeak: "{{secret}} is sent in an HTTP response ({{api}}): every client that can reach this endpoint receives it. Send a status or a masked form instead.",
      logLeak: "{{secret}} is written to a log ({{api}}): MCP clients keep server output and logging notifications in plain files that crash reports, support bundles and other tools pick up. Log whether it is set (`Boolean(...)`) or its last four characters instead.",
      errorLeak: "{{secret}} goes into an error message: errors surface in tool results the model reads, in client logs and in crash reports. Name the setting that failed, not its value.",
      errorDetails: "{{detail}} goes into {{where}}: {{why}} Send a short message (the error's `message`, the HTTP status) and keep details in the server's own log.",
      childEnv: "{{source}} chooses what {{api}} runs, and the child inherits the server's whole environment (`env: process.env`): every API key and token the server holds is readable by a command the model picked. Pass only the variables the child needs, e.g. `env: { PATH: process.env.PATH }`.",
    },
    docs: {
      rationale:
        "An MCP server holds the user's credentials in its environment: API keys, tokens, database passwords. Anything a tool returns goes into the model's context, where a prompt injection can have it repeated or forwarded to another tool; anything logged lands in the client's log files; an HTTP response reaches every client of the endpoint. Stack traces and axios errors are the usual accidental carriers: an axios error's `config` holds the request headers, Authorization included. A child process started for a model-chosen command inherits `process.env` whole.",
      remediation:
        "Return and log facts about secrets, not their values: `Boolean(process.env.API_KEY)`, or the last four characters. In catch blocks that build tool results or HTTP responses, send `error.message` or the HTTP status, never `error.stack`, `util.inspect(error)`, `JSON.stringify(error)` or an axios error's `config`/`request`. Start children with an explicit, minimal `env`.",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          "const config = { apiKey: process.env.WEATHER_API_KEY, units: \"metric\" };",
          'const server = new McpServer({ name: "weather", version: "1.0.0" });',
          'server.tool("debug_config", async () => {',
          '  return { content: [{ type: "text", text: JSON.stringify(config) }] };',
          "});",
        ].join("\n"),
        good: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          "const config = { apiKey: process.env.WEATHER_API_KEY, units: \"metric\" };",
          'const server = new McpServer({ name: "weather", version: "1.0.0" });',
          'server.tool("debug_config", async () => {',
          '  return { content: [{ type: "text", text: JSON.stringify({ units: config.units, apiKeySet: Boolean(config.apiKey) }) }] };',
          "});",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/200.html",
      "https://cwe.mitre.org/data/definitions/532.html",
      "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html",
      "https://axios-http.com/docs/handling_errors",
    ],
  },
  create(context) {
    const index = new ProjectIndex(context);
    const calls: ts.CallExpression[] = [];
    const news: ts.NewExpression[] = [];
    return {
      CallExpression: (node) => calls.push(node),
      NewExpression: (node) => news.push(node),
      "Program:exit"() {
        new SecretLeaks(context, index).run(calls, news);
      },
    };
  },
});

class SecretLeaks {
  private readonly boundaries: Set<FunctionLike>;
  private readonly reported = new Set<ts.Node>();
  private readonly serializesRequests: boolean;
  /** Wallet keys in wallet code are no-wallet-secret-exposure's findings (critical), not this rule's. */
  private readonly walletKey: (name: string, at: ts.Node) => boolean;

  constructor(
    private readonly context: RuleContext,
    private readonly index: ProjectIndex,
  ) {
    this.boundaries = new Set(context.model.sources.flatMap((s) => (s.fn ? [s.fn] : [])));
    const inWalletCode = walletScope(context);
    this.walletKey = (name, at) => WALLET_ENV.test(name) && inWalletCode(at);
    this.serializesRequests = index.sourceFiles().some((sf) => sf.statements.some((st) => ts.isImportDeclaration(st) && ts.isStringLiteralLike(st.moduleSpecifier) && REQUEST_CARRYING_CLIENTS.has(st.moduleSpecifier.text)) || /require\(["'](axios|got|superagent)["']\)/.test(sf.text));
  }

  run(calls: readonly ts.CallExpression[], news: readonly ts.NewExpression[]): void {
    for (const site of resultSites(this.context)) {
      if (!site.leaf) continue;
      const origin = this.origins(site.expr)[0];
      const owner = ownerText(site.owner);
      const tool = site.owner.kind === "tool" && site.owner.name ? { tool: site.owner.name } : {};
      if (origin) this.report(site.expr, "resultLeak", { secret: describeSecret(origin.info), owner }, origin, "returned to the client", "high", tool);
      this.details(site.expr, `the result of ${owner}`, tool);
    }
    const responses = responseParams(this.context);
    const logs: LogCall[] = [];
    for (const call of calls) {
      const send = responseSend(call, this.index.declarations, responses);
      if (send) {
        for (const arg of call.arguments) {
          const origin = this.origins(arg)[0];
          if (origin) {
            this.report(call, "httpLeak", { secret: describeSecret(origin.info), api: send.api }, origin, `sent to the HTTP client (${send.api})`, "high", {});
            break;
          }
        }
        for (const arg of call.arguments) this.details(arg, "an HTTP response", {});
        continue;
      }
      const log = logCall(call, this.context);
      if (log) logs.push(log);
      const launch = processLaunch(call, this.context);
      if (launch) this.childEnv(launch);
    }
    const byNameLogs = new Set(logs.filter((l) => l.byName).map((l) => l.call));
    for (const log of logs) {
      for (const arg of log.call.arguments) {
        // A project logger wrapper's own console call: the finding belongs to the call that handed the secret to the wrapper.
        const origin = this.origins(arg).find((o) => !o.hops.some((h) => h.message.startsWith("passed to") && byNameLogs.has(h.node.parent as ts.CallExpression)));
        // A developer script beside the server prints to its own user's terminal, not to an MCP client's log (asked last: it reads every file's imports).
        if (origin && inServerCode(log.call, this.context)) {
          this.report(log.call, "logLeak", { secret: describeSecret(origin.info), api: log.api }, origin, `written to the log (${log.api})`, "medium", this.toolAt(log.call));
          break;
        }
      }
    }
    for (const node of news) {
      const launch = processLaunch(node, this.context);
      if (launch) {
        this.childEnv(launch);
        continue;
      }
      const api = this.context.api(node.expression);
      const name = api?.path[api.path.length - 1];
      const isError = (api?.module === "global" || api?.module.startsWith("@modelcontextprotocol/")) && name !== undefined && ERROR_CLASSES.has(name);
      if (!isError || this.insideReported(node)) continue;
      for (const arg of node.arguments ?? []) {
        const origin = this.origins(arg)[0];
        if (origin) {
          this.report(node, "errorLeak", { secret: describeSecret(origin.info) }, origin, "put into the error message", "medium", this.toolAt(node));
          break;
        }
      }
    }
  }

  private origins(expr: ts.Expression): Origin<SecretOrigin>[] {
    return valueOrigins(expr, this.context, this.index, secretPolicy(this.context, this.boundaries, this.walletKey));
  }

  private details(expr: ts.Expression, where: string, tool: { tool?: string }): void {
    for (const d of errorDetails(expr, this.context, this.index.declarations, this.serializesRequests)) {
      if (this.reported.has(d.node)) continue;
      this.reported.add(d.node);
      const severity: Severity = d.kind === "request-config" || d.kind === "serialized" ? "high" : "medium";
      this.context.report({ node: d.node, messageId: "errorDetails", data: { detail: capitalize(d.text), where, why: DETAIL_WHY[d.kind] }, severity, confidence: d.kind === "stack" ? "high" : "medium", ...tool });
    }
  }

  private childEnv(launch: ProcessLaunch): void {
    if (ts.isTaggedTemplateExpression(launch.call) || this.reported.has(launch.call)) return;
    const env = inheritedEnv(launch, this.context);
    if (!env) return;
    const hit = modelChosenCommand(launch, this.context, this.index.declarations);
    if (!hit) return;
    this.reported.add(launch.call);
    const trace = this.context.trace(hit, launch.call, `runs with the whole environment (${launch.api})`);
    this.context.report({ node: launch.call, messageId: "childEnv", data: { source: describeSource(hit), api: launch.api }, trace, ...toolOf(hit, launch.call, this.context) });
  }

  private report(node: ts.Node, messageId: string, data: Record<string, string>, origin: Origin<SecretOrigin>, sinkMessage: string, severity: Severity, tool: { tool?: string }): void {
    if (this.reported.has(node)) return;
    this.reported.add(node);
    const trace: TraceStep[] = [this.context.step(origin.node, "source", describeSecret(origin.info).replace(/,$/, "")), ...origin.hops.map((h) => this.context.step(h.node, h.message.startsWith("passed") ? "call" : h.message.startsWith("returned") ? "return" : "step", h.message)), this.context.step(node, "sink", sinkMessage)];
    this.context.report({ node, messageId, data, trace, severity, ...tool });
  }

  private toolAt(node: ts.Node): { tool?: string } {
    const tool = this.context.toolAt(node);
    return tool ? { tool } : {};
  }

  private insideReported(node: ts.Node): boolean {
    for (let p = node.parent; p && !ts.isBlock(p) && !ts.isSourceFile(p); p = p.parent) if (this.reported.has(p)) return true;
    return false;
  }
}

function ownerText(owner: ResultOwner): string {
  if (owner.name === null) return owner.kind === "tool" ? "a tools/call request" : owner.kind === "resource" ? "a resources/read request" : "a prompts/get request";
  return `${owner.kind} "${owner.name}"`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The `env` option of a launch when it hands over the whole environment: `process.env`, `{ ...process.env, X }`, `Object.assign({}, process.env)`. */
function inheritedEnv(launch: ProcessLaunch, context: RuleContext): ts.Expression | undefined {
  const call = launch.call as ts.CallExpression | ts.NewExpression;
  const args = [...(call.arguments ?? [])];
  const candidates = launch.api === "StdioClientTransport" ? args.slice(0, 1) : args.slice(1);
  for (const a of candidates) {
    const props = ts.isArrayLiteralExpression(skipOuter(a)) ? undefined : context.objectProps(a);
    const env = props?.value("env");
    if (env && wholeEnvironment(env, context, 0)) return env;
  }
  return undefined;
}

function wholeEnvironment(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  if (depth > 3) return false;
  const e = skipOuter(expr);
  const api = context.api(e);
  if (api && api.module === "global" && api.path.length === 2 && api.path[0] === "process" && api.path[1] === "env") return true;
  if (ts.isObjectLiteralExpression(e)) return e.properties.some((p) => ts.isSpreadAssignment(p) && wholeEnvironment(p.expression, context, depth + 1));
  if (ts.isCallExpression(e)) {
    const callee = context.api(e.expression);
    if (callee?.module === "global" && callee.path.join(".") === "Object.assign") return e.arguments.some((a) => wholeEnvironment(a, context, depth + 1));
    return false;
  }
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    return !!init && wholeEnvironment(init, context, depth + 1);
  }
  return false;
}

/** Tool arguments that decide the command: a shell command line, the program, or what a runner (npx, node, sh) executes. */
function modelChosenCommand(launch: ProcessLaunch, context: RuleContext, declarations: Declarations): TaintHit | undefined {
  const safe = (h: TaintHit) => hasMark(h.taint, "number") || hasMark(h.taint, "const") || hasMark(h.taint, "regex");
  // A fixed program with model text spliced in (`kubectl get ${kind}`) is shell injection, that rule's finding; here the model picks the whole command.
  if (launch.shellCommand) {
    if (startsFixed(launch.shellCommand.expr, context, declarations)) return undefined;
    return context.taint(launch.shellCommand.expr).find((h) => !safe(h) && !hasMark(h.taint, "prefixed") && !hasMark(h.taint, "shell-quoted") && !hasMark(h.taint, "uri-encoded"));
  }
  if (!launch.program) return undefined;
  const program = context.taint(launch.program).find((h) => !safe(h) && !hasMark(h.taint, "prefixed"));
  if (program) return program;
  const name = context.constantText(launch.program)?.split(/[\\/]/).pop();
  if (!name || !RUNNERS.has(name) || !launch.args) return undefined;
  let list = skipOuter(launch.args);
  // `const args = [script, "--note", note]; spawn("node", args)`: the list the variable holds, with what is pushed onto it.
  if (ts.isIdentifier(list)) list = skipOuter(context.initializer(list) ?? list);
  const elements = ts.isArrayLiteralExpression(list) ? [...list.elements, ...pushedInto(list, launch.call, context)] : undefined;
  const first = elements ? elements.find((el) => !(context.constantText(el) ?? "").startsWith("-")) : list;
  if (!first) return undefined;
  return context.taint(ts.isSpreadElement(first) ? first.expression : first).find((h) => !safe(h));
}

/** `let command = "kubectl describe "; command += kind`: the engine reads `+=` as the right side alone, so look at the start. */
function startsFixed(expr: ts.Expression, context: RuleContext, declarations: Declarations): boolean {
  const e = skipOuter(expr);
  if (!ts.isIdentifier(e)) return false;
  const d = declarations.of(e);
  if (!d || !ts.isVariableDeclaration(d) || !d.initializer) return false;
  const init = skipOuter(d.initializer);
  const head = ts.isStringLiteralLike(init) ? init.text : ts.isTemplateExpression(init) ? init.head.text : context.constantText(init);
  return !!head && /^\s*[\w./-]/.test(head);
}
