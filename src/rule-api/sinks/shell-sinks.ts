import { ts } from "../ts.js";
import { skipOuter, skipOuterAndAwait } from "../../engine/ast/function-like.js";
import { returnedExpressions } from "../../engine/ast/returned-expressions.js";
import { displayName, type ApiRef } from "../../engine/resolve/value-ref.js";
import type { RuleContext } from "../rule.js";
import type { SinkArgument } from "./sink.js";

/** A process launch: the program, its argument list, and whether a shell interprets them. */
export interface ProcessLaunch {
  call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  api: string;
  /** A command line a shell (or a command parser) reads: exec(cmd), spawn(cmd, { shell: true }). */
  shellCommand?: SinkArgument;
  /** Arguments passed to that shell too (spawn(cmd, args, { shell: true })). */
  shellArgs?: ts.Expression;
  /** The setting that turns the shell on, when one does (`shell: config.useShell ? sh : false`): off, no shell reads the command. */
  shellSetting?: ts.Expression;
  /** The program run without a shell (execFile(file, ...)). */
  program?: ts.Expression;
  /** Its argument list, when it is an array literal. */
  args?: ts.Expression;
  /** Where the arguments start in that list: 1 when it begins with the program (`Bun.spawn([program, ...args])`). */
  argsFrom?: number;
  /** Interpolations of a template tag that quotes each value (zx $, execa $): only option injection matters. */
  quotedPieces?: ts.Expression[];
  /** Scripts osascript runs (`osascript -e <script>`): AppleScript's `do shell script` runs commands. */
  appleScripts?: ts.Expression[];
  /** Options bound before the call (`const run = execa({ timeout })`), which the call's own options extend. */
  boundOptions?: ts.Expression;
}

const EXEC_SHELL = new Set(["exec", "execSync"]);
const SPAWNERS = new Set(["spawn", "spawnSync", "execFile", "execFileSync", "fork"]);
const EXECA_FILE = new Set(["execa", "execaSync", "execaNode"]);
/** spawn-rx wraps child_process.spawn with the same (command, args, options). */
const SPAWN_RX = new Set(["spawn", "spawnPromise", "spawnDetached", "spawnDetachedPromise"]);
const EXECA_COMMAND = new Set(["execaCommand", "execaCommandSync", "command", "commandSync"]);

/** The modules processLaunch knows launches of, besides the MCP SDK's StdioClientTransport. */
const LAUNCH_MODULES = new Set(["child_process", "cross-spawn", "spawn-rx", "execa", "shelljs", "run-applescript"]);

function memberOf(api: ApiRef): string {
  const path = api.path.filter((p) => p !== "#");
  return path[path.length - 1] ?? api.module;
}

/** Recognises child_process, execa, zx, shelljs, cross-spawn and spawn-rx launches, however they were imported or wrapped. */
export function processLaunch(node: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, context: RuleContext): ProcessLaunch | undefined {
  if (ts.isTaggedTemplateExpression(node)) return taggedLaunch(node, context);
  const bound = ts.isCallExpression(node) ? boundLauncher(node.expression, context) : undefined;
  const api = bound?.api ?? context.api(node.expression);
  if (api?.module === "global" && ts.isNewExpression(node) && api.path.join(".") === "Deno.Command") return denoCommand(node, context);
  if (api?.module === "global" && ts.isCallExpression(node) && /^Bun\.spawn(Sync)?$/.test(api.path.join("."))) return bunSpawn(node, context);
  // Asked of every call: most APIs (path.join, console.log) launch nothing.
  if (!api || !(LAUNCH_MODULES.has(api.module) || api.module.startsWith("@modelcontextprotocol/"))) return undefined;
  const name = displayName(api);
  const member = memberOf(api);
  const args = ts.isCallExpression(node) ? [...node.arguments] : [...(node.arguments ?? [])];
  const [a0, a1] = args;
  if (api.module === "child_process" && EXEC_SHELL.has(member) && a0) {
    const appleScripts = shellAppleScripts(a0);
    return { call: node, api: name, shellCommand: { expr: a0, call: node, api: name }, ...(appleScripts.length ? { appleScripts } : {}) };
  }
  // cross-spawn is the function, `spawn.spawn` or `spawn.sync`: a method of the child it returns (child.stdin.write) launches nothing.
  const crossSpawn = api.module === "cross-spawn" && !api.path.includes("#") && (api.path.length === 0 || member === "spawn" || member === "sync");
  if ((api.module === "child_process" && SPAWNERS.has(member)) || crossSpawn || (api.module === "spawn-rx" && SPAWN_RX.has(member))) {
    if (!a0) return undefined;
    const hasArgs = a1 && !isOptionsLike(a1, context);
    const options = args.slice(1).find((a) => isOptionsLike(a, context));
    const shell = member !== "fork" && options ? shellOption(options, context) : undefined;
    if (shell) return { call: node, api: name, shellCommand: { expr: a0, call: node, api: name }, ...(hasArgs ? { shellArgs: a1 } : {}), ...shell };
    const script = hasArgs ? shellScriptArgument(a0, a1, context) : undefined;
    if (script) return { call: node, api: name, shellCommand: { expr: script, call: node, api: name } };
    const appleScripts = hasArgs ? osascriptScripts(a0, a1, context) : [];
    return { call: node, api: name, program: a0, ...(hasArgs ? { args: a1 } : {}), ...(appleScripts.length ? { appleScripts } : {}) };
  }
  if (api.module === "execa") {
    if (EXECA_COMMAND.has(member) && a0) return { call: node, api: name, shellCommand: { expr: a0, call: node, api: name } };
    if (EXECA_FILE.has(member) || api.path.length === 0) {
      // execa({ cwd, timeout }) (execa 8+) launches nothing: it returns an execa bound to those options.
      if (!a0 || (!bound && isOptionsLike(a0, context))) return undefined;
      const hasArgs = a1 && !isOptionsLike(a1, context);
      const own = args.slice(1).find((a) => isOptionsLike(a, context));
      // The call's own `shell` overrides the one bound earlier.
      const options = [own, bound?.options].find((o) => o && context.objectProps(o)?.has("shell")) ?? own;
      const shell = options ? shellOption(options, context) : undefined;
      const boundOptions = bound ? { boundOptions: bound.options } : {};
      if (shell) return { call: node, api: name, shellCommand: { expr: a0, call: node, api: name }, ...(hasArgs ? { shellArgs: a1 } : {}), ...shell, ...boundOptions };
      const appleScripts = hasArgs ? osascriptScripts(a0, a1, context) : [];
      return { call: node, api: name, program: a0, ...(hasArgs ? { args: a1 } : {}), ...(appleScripts.length ? { appleScripts } : {}), ...boundOptions };
    }
  }
  if (api.module === "shelljs" && member === "exec" && a0) return { call: node, api: name, shellCommand: { expr: a0, call: node, api: name } };
  // run-applescript hands its script to osascript: AppleScript's `do shell script` runs commands.
  if (api.module === "run-applescript" && /^(runAppleScript|runAppleScriptSync|runAppleScriptAsync|default|run-applescript)$/.test(member) && a0) return { call: node, api: name, appleScripts: [a0] };
  if (api.module.startsWith("@modelcontextprotocol/") && member === "StdioClientTransport" && ts.isNewExpression(node)) {
    const opts = context.objectProps(a0);
    const command = opts?.value("command");
    if (command) return { call: node, api: "StdioClientTransport", program: command, ...(opts?.value("args") ? { args: opts.value("args") as ts.Expression } : {}) };
  }
  return undefined;
}

/** Deno's `new Deno.Command(program, { args })`: a launch without a shell, unless the program is one. */
function denoCommand(node: ts.NewExpression, context: RuleContext): ProcessLaunch | undefined {
  const [program, options] = node.arguments ?? [];
  if (!program) return undefined;
  return listLaunch(node, "Deno.Command", program, context.objectProps(options)?.value("args"), 0, context);
}

/** Bun's `Bun.spawn([program, ...args])` or `Bun.spawn({ cmd: [...] })`: the first element is the program, the rest its arguments. */
function bunSpawn(node: ts.CallExpression, context: RuleContext): ProcessLaunch | undefined {
  const a0 = node.arguments[0];
  const list = a0 && (ts.isArrayLiteralExpression(skipOuter(a0)) ? a0 : context.objectProps(a0)?.value("cmd"));
  const program = list && ts.isArrayLiteralExpression(skipOuter(list)) ? (skipOuter(list) as ts.ArrayLiteralExpression).elements[0] : undefined;
  if (!list || !program || ts.isSpreadElement(program)) return undefined;
  return listLaunch(node, "Bun.spawn", program, list, 1, context);
}

/** A program run with an argument list: a shell's `-c` script is a command line, anything else is the program's arguments. */
function listLaunch(node: ts.CallExpression | ts.NewExpression, api: string, program: ts.Expression, args: ts.Expression | undefined, argsFrom: number, context: RuleContext): ProcessLaunch {
  const script = args ? shellScriptArgument(program, args, context) : undefined;
  if (script) return { call: node, api, shellCommand: { expr: script, call: node, api } };
  return { call: node, api, program, ...(args ? { args } : {}), ...(argsFrom ? { argsFrom } : {}) };
}

/**
 * A command line an SSH client sends to the remote host, whose shell runs it (ssh2's client.exec, node-ssh's
 * execCommand), or text typed into a pseudo-terminal's shell (node-pty's write).
 */
export interface RemoteCommand {
  call: ts.CallExpression;
  api: string;
  command: ts.Expression;
  terminal?: boolean;
}

/** The client methods, per SSH package, whose first argument is a command line for the remote shell. */
const REMOTE_EXEC: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["ssh2", new Set(["exec"])],
  ["node-ssh", new Set(["execCommand", "exec"])],
  ["ssh2-promise", new Set(["exec", "spawn"])],
]);

/** node-pty and its prebuilt forks: text written to a spawned terminal is typed into the program it runs, a shell. */
const PTY_MODULES = new Set(["node-pty", "@lydell/node-pty", "node-pty-prebuilt-multiarch", "@homebridge/node-pty-prebuilt-multiarch", "@cdktf/node-pty-prebuilt-multiarch"]);

/** Recognises a command sent to a remote host's shell through an SSH client instance, or typed into a node-pty terminal. */
export function remoteCommand(node: ts.CallExpression, context: RuleContext): RemoteCommand | undefined {
  const command = node.arguments[0];
  if (!command) return undefined;
  const api = context.api(node.expression);
  // Only methods of a client instance: ssh2's exported names launch nothing.
  if (!api || !api.path.includes("#")) return undefined;
  if (PTY_MODULES.has(api.module) && memberOf(api) === "write") return { call: node, api: displayName(api), command, terminal: true };
  if (!REMOTE_EXEC.get(api.module)?.has(memberOf(api))) return undefined;
  return { call: node, api: displayName(api), command };
}

function taggedLaunch(node: ts.TaggedTemplateExpression, context: RuleContext): ProcessLaunch | undefined {
  // $({ cwd })`...` is the same tag with options, called in place or through a const.
  const tag = skipOuter(node.tag);
  const bound = boundLauncher(tag, context);
  const api = bound?.api ?? context.api(ts.isCallExpression(tag) ? tag.expression : tag);
  if (!api) return undefined;
  const member = memberOf(api);
  const isZx = api.module === "zx" && member === "$";
  const isExeca = api.module === "execa" && (member === "$" || member === "execa");
  if (!isZx && !isExeca) return undefined;
  // execa({ shell: true })`…` joins the pieces, unquoted, into one line for the shell; zx quotes them for its shell.
  const shell = isExeca && bound ? shellOption(bound.options, context) : undefined;
  if (shell) return { call: node, api: `${api.module}.$`, shellCommand: { expr: node.template, call: node, api: `${api.module}.$` }, ...shell };
  const pieces = ts.isTemplateExpression(node.template) ? node.template.templateSpans.map((s) => s.expression) : [];
  return { call: node, api: `${api.module}.$`, quotedPieces: pieces };
}

/** `execa({ cwd, timeout })`, zx's `$({ cwd })`: a launcher bound to options, called in place or through a const. */
function boundLauncher(callee: ts.Expression, context: RuleContext): { api: ApiRef; options: ts.Expression } | undefined {
  const ref = context.resolve(skipOuter(callee));
  if (ref.kind !== "instance" || ref.of.kind !== "api" || (ref.of.module !== "execa" && ref.of.module !== "zx") || !ts.isCallExpression(ref.node)) return undefined;
  const [options, ...rest] = ref.node.arguments;
  return options && !rest.length && isOptionsLike(options, context) ? { api: ref.of, options } : undefined;
}

const SHELLS = /^(sh|bash|zsh|dash|ksh|fish|cmd|cmd\.exe|powershell|powershell\.exe|pwsh)$/i;
const SCRIPT_FLAGS = new Set(["-c", "/c", "/C", "-Command", "-command", "-lc", "-ic"]);

/** spawn("sh", ["-c", script]): the element after the flag is a shell script. */
/**
 * exec(`osascript -e '${script}'`), exec(`osascript ${args}`): what osascript is given is AppleScript (or the script
 * file to run), however the shell quotes it.
 */
function shellAppleScripts(command: ts.Expression): ts.Expression[] {
  const e = skipOuter(command);
  return ts.isTemplateExpression(e) && /^\s*osascript\b/.test(e.head.text) ? e.templateSpans.map((span) => span.expression) : [];
}

function shellScriptArgument(program: ts.Expression, args: ts.Expression, context: RuleContext): ts.Expression | undefined {
  const name = context.constantText(program)?.split(/[\\/]/).pop();
  const list = skipOuter(args);
  return name && ts.isArrayLiteralExpression(list) ? shellScript(name, list.elements, context) : undefined;
}

/** The element after `-c` (`-lc`, `/c`, `-Command`) in the argument list of a shell: a script it runs. */
export function shellScript(program: string, elements: readonly ts.Expression[], context: RuleContext): ts.Expression | undefined {
  if (!SHELLS.test(program)) return undefined;
  const flag = elements.findIndex((e) => SCRIPT_FLAGS.has(context.constantText(e) ?? ""));
  const script = flag >= 0 ? elements[flag + 1] : undefined;
  return script && !ts.isSpreadElement(script) ? script : undefined;
}

/** execFile("osascript", ["-e", script, …]): each element after -e is a script. */
function osascriptScripts(program: ts.Expression, args: ts.Expression, context: RuleContext): ts.Expression[] {
  const list = skipOuter(args);
  if (context.constantText(program)?.split("/").pop() !== "osascript" || !ts.isArrayLiteralExpression(list)) return [];
  return list.elements.filter((e, i) => i > 0 && !ts.isSpreadElement(e) && context.constantText(list.elements[i - 1] as ts.Expression) === "-e");
}

function isOptionsLike(e: ts.Expression, context: RuleContext): boolean {
  const x = skipOuter(e);
  if (ts.isArrayLiteralExpression(x)) return false;
  if (ts.isObjectLiteralExpression(x)) return true;
  return context.resolve(x).kind === "object";
}

/**
 * Whether the options turn a shell on: undefined for no shell (none given, `false`, `undefined`); otherwise the
 * setting it depends on, if any. `shell: true`, a shell path or an unknown value is a shell; so is a platform test
 * (`process.platform === "win32" ? "cmd.exe" : false`), which is on by default where it is true.
 */
function shellOption(options: ts.Expression, context: RuleContext): { shellSetting?: ts.Expression } | undefined {
  const shell = context.objectProps(options)?.value("shell");
  if (!shell || isOff(shell)) return undefined;
  const built = builtShell(shell, context);
  if (built) return built.on ? (built.setting ? { shellSetting: built.setting } : {}) : undefined;
  const v = skipOuter(shell);
  const condition = ts.isConditionalExpression(v) && isOff(v.whenFalse) ? v.condition : ts.isBinaryExpression(v) && v.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? v.left : undefined;
  if (!condition || context.taint(condition).length || platformTest(condition, context, 0)) return {};
  return { shellSetting: condition };
}

/**
 * `shell: config.shell` with `const config = buildSpawnConfig(…)`: the shell each of the helper's returned objects
 * sets. On only under an `if` of the helper (a caller's option), it is a setting; undefined when it cannot be told.
 */
function builtShell(shell: ts.Expression, context: RuleContext): { on: boolean; setting?: ts.Expression } | undefined {
  const read = skipOuter(shell);
  if (!ts.isPropertyAccessExpression(read) || !ts.isIdentifier(read.expression)) return undefined;
  const made = context.initializer(read.expression);
  const call = made && skipOuterAndAwait(made);
  const fns = call && ts.isCallExpression(call) ? context.calleeFunctions(call).filter((fn) => !!fn.body) : [];
  if (fns.length !== 1 || !fns[0]) return undefined;
  const returns = returnedExpressions(fns[0]).map((r) => ({ at: r, value: context.objectProps(r)?.value(read.name.text) }));
  if (!returns.length || returns.some((r) => !context.objectProps(r.at))) return undefined;
  const on = returns.filter((r) => r.value && !isOff(r.value));
  if (!on.length) return { on: false };
  if (on.some((r) => r.value && skipOuter(r.value).kind !== ts.SyntaxKind.TrueKeyword)) return undefined;
  const guards = on.map((r) => {
    for (let n: ts.Node = r.at; n.parent && n !== fns[0]; n = n.parent) if (ts.isIfStatement(n.parent) && n === n.parent.thenStatement) return n.parent.expression;
    return undefined;
  });
  return guards.every(Boolean) ? { on: true, setting: guards[0] as ts.Expression } : { on: true };
}

function isOff(e: ts.Expression): boolean {
  const v = skipOuter(e);
  return v.kind === ts.SyntaxKind.FalseKeyword || (ts.isIdentifier(v) && v.text === "undefined");
}

/** A test of the operating system, through consts: `isWindows`, `os.platform() === "win32"`. */
function platformTest(e: ts.Expression, context: RuleContext, depth: number): boolean {
  if (/platform|win32|windows|isWin/i.test(e.getText())) return true;
  const v = skipOuter(e);
  const init = depth < 4 && ts.isIdentifier(v) ? context.initializer(v) : undefined;
  return !!init && platformTest(init, context, depth + 1);
}

/**
 * `const args = ["log"]; args.push(ref)`: what the code pushes onto the list before it is used, in order; with
 * "unshift", what it puts in front, nearest first. A push in a branch that excludes the use (another `case`) is left out.
 */
export function pushedInto(list: ts.ArrayLiteralExpression, usedAt: ts.Node, context: RuleContext, method: "push" | "unshift" = "push"): ts.Expression[] {
  // `const args = [...].filter(Boolean); args.push(ref)`: the pushes go onto what the filter kept.
  let top: ts.Node = list;
  while (ts.isPropertyAccessExpression(top.parent) && top.parent.name.text === "filter" && ts.isCallExpression(top.parent.parent) && top.parent.parent.expression === top.parent) top = top.parent.parent;
  const decl = top.parent;
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return [];
  const calls = (growingCalls(context.callsNamed(method), context).get(decl) ?? []).filter((c) => c.pos > decl.end && c.end < usedAt.pos && !exclusiveBranches(c, usedAt));
  return (method === "push" ? calls : [...calls].reverse()).flatMap((c) => [...c.arguments]);
}

const growingByList = new WeakMap<readonly ts.CallExpression[], Map<ts.Declaration, ts.CallExpression[]>>();

/** `list.push(…)` calls grouped by the variable they grow, in source order: sorted out once per program, not per list. */
function growingCalls(calls: readonly ts.CallExpression[], context: RuleContext): Map<ts.Declaration, ts.CallExpression[]> {
  let byList = growingByList.get(calls);
  if (byList) return byList;
  byList = new Map();
  for (const c of calls) {
    const target = ts.isPropertyAccessExpression(c.expression) && ts.isIdentifier(c.expression.expression) ? context.declaration(c.expression.expression) : undefined;
    if (!target || !ts.isVariableDeclaration(target)) continue;
    const list = byList.get(target);
    if (list) list.push(c);
    else byList.set(target, [c]);
  }
  for (const list of byList.values()) list.sort((a, b) => a.pos - b.pos);
  growingByList.set(calls, byList);
  return byList;
}

/** `if (a) args.push(x); else run(args)`, or two `case`s of a switch where the first ends in break or return: one runs without the other. */
function exclusiveBranches(a: ts.Node, b: ts.Node): boolean {
  const holds = (n: ts.Node | undefined) => !!n && n.pos <= b.pos && b.end <= n.end;
  let child: ts.Node = a;
  let n = a.parent;
  while (n && !holds(n)) {
    child = n;
    n = n.parent;
  }
  if (!n) return false;
  if (ts.isIfStatement(n)) return (child === n.thenStatement && holds(n.elseStatement)) || (child === n.elseStatement && holds(n.thenStatement));
  if (ts.isConditionalExpression(n)) return (child === n.whenTrue && holds(n.whenFalse)) || (child === n.whenFalse && holds(n.whenTrue));
  return ts.isCaseBlock(n) && (ts.isCaseClause(child) || ts.isDefaultClause(child)) && endsFlow(child.statements);
}

/** The statements end in break, return, throw or continue (a block around them counts), so control does not fall through. */
function endsFlow(statements: ts.NodeArray<ts.Statement>): boolean {
  const last = statements[statements.length - 1];
  if (!last) return false;
  if (ts.isBlock(last)) return endsFlow(last.statements);
  return ts.isBreakStatement(last) || ts.isReturnStatement(last) || ts.isThrowStatement(last) || ts.isContinueStatement(last);
}
