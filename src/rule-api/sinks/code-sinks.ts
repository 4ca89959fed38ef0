import { ts } from "../ts.js";
import { skipOuter } from "../../engine/ast/function-like.js";
import { displayName, type ApiRef } from "../../engine/resolve/value-ref.js";
import type { RuleContext } from "../rule.js";
import { browserCall } from "./browser.js";
import { processLaunch } from "./shell-sinks.js";
import type { SinkArgument } from "./sink.js";

const VM_RUNNERS = new Set(["runInNewContext", "runInThisContext", "runInContext", "compileFunction", "Script", "SourceTextModule", "measureMemory"]);
const EVALUATING_MODULES = new Set(["safe-eval", "notevil", "static-eval", "vm2", "node-serialize", "serialize-javascript", "eval"]);

/** Interpreters and the flags after which they run the next argument as code (`python3 -c`, `node -e`). */
const INLINE_CODE_FLAGS: readonly [RegExp, ReadonlySet<string>][] = [
  [/^python[\d.]*$/, new Set(["-c"])],
  [/^(node|nodejs|bun)$/, new Set(["-e", "--eval", "-p", "--print"])],
  [/^(ruby|perl|lua|Rscript)$/, new Set(["-e", "-E"])],
  [/^php[\d.]*$/, new Set(["-r"])],
];

/**
 * Code a sink runs; `interpreter` when another program (python3 -c) runs it rather than this JavaScript process, `loads`
 * when the argument names a module file to load and run rather than holding the code.
 */
export type CodeArgument = SinkArgument & { interpreter?: boolean; loads?: boolean };

/**
 * Arguments evaluated as code: eval, Function, vm, string timers, dynamic import/require, worker threads, eval-like libraries, and
 * the inline code of an interpreter the server starts.
 */
export function codeArguments(node: ts.CallExpression | ts.NewExpression, context: RuleContext): CodeArgument[] {
  const inline = inlineInterpreterCode(node, context);
  if (inline) return [inline];
  const args = [...(node.arguments ?? [])];
  const a0 = args[0];
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) return a0 ? [{ expr: a0, call: node, api: "import()", loads: true }] : [];
  const callee = skipOuter(node.expression);
  if (ts.isCallExpression(node) && ts.isIdentifier(callee) && callee.text === "require" && a0 && !ts.isStringLiteralLike(skipOuter(a0))) return [{ expr: a0, call: node, api: "require()", loads: true }];
  if (ts.isCallExpression(node) && a0 && isJitiInstance(node.expression, context)) return [{ expr: a0, call: node, api: "jiti()", loads: true }];
  const api = context.api(node.expression);
  if (!api || !a0) return [];
  const name = displayName(api);
  const member = api.path[api.path.length - 1] ?? "";
  // `new Function(script);` or `new vm.Script(code);` as a statement: compiled to see whether it parses, never run.
  if (ts.isExpressionStatement(node.parent) && ((api.module === "global" && member === "Function") || (api.module === "vm" && (member === "Script" || member === "compileFunction")))) return [];
  if (api.module === "global") {
    if (member === "eval") return [{ expr: a0, call: node, api: "eval" }];
    if (member === "Function") return args.map((expr) => ({ expr, call: node, api: "Function" }));
    // A string (not a function) passed to a timer is evaluated.
    if ((member === "setTimeout" || member === "setInterval" || member === "setImmediate") && !ts.isFunctionLike(skipOuter(a0))) return [{ expr: a0, call: node, api: member }];
    return [];
  }
  // On a vm.Script instance, runInNewContext(ctx) takes a context, not code: the code went to new vm.Script().
  if (api.module === "vm" && VM_RUNNERS.has(member) && !api.path.includes("#")) return [{ expr: a0, call: node, api: name }];
  if (api.module === "vm2" && api.path.includes("run")) return [{ expr: a0, call: node, api: name }];
  if (EVALUATING_MODULES.has(api.module) && api.module !== "vm2") return [{ expr: a0, call: node, api: name }];
  // createJiti(url).import(file), tsImport(file, parent), bundleRequire({ filepath }): a module loader runs the file it names.
  const loaded = moduleLoaded(node, api, member, a0, context);
  if (loaded) return [{ expr: loaded, call: node, api: name, loads: true }];
  // new Worker(code, { eval: true }) runs the string as a script; otherwise it starts the file the string names.
  if (api.module === "worker_threads" && member === "Worker" && ts.isNewExpression(node)) return [{ expr: a0, call: node, api: "new Worker" }];
  return [];
}

/** Loaders that compile and run the module a path names: jiti (TypeScript config files), tsx's API, bundle-require. */
function moduleLoaded(node: ts.CallExpression | ts.NewExpression, api: ApiRef, member: string, a0: ts.Expression, context: RuleContext): ts.Expression | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  if (api.module === "jiti" && api.path.includes("#") && (member === "import" || member === "esmImport" || member === "require")) return a0;
  if ((api.module === "tsx/esm/api" || api.module === "tsx/cjs/api") && (member === "tsImport" || member === "require")) return a0;
  if (api.module === "bundle-require" && member === "bundleRequire") return context.objectProps(a0)?.value("filepath");
  return undefined;
}

/** `createJiti(url)` or jiti 1's default export called: in jiti's first API the instance itself loads the file it is given. */
function isJitiInstance(expr: ts.Expression, context: RuleContext): boolean {
  const ref = context.resolve(expr);
  if (ref.kind !== "instance" || ref.of.kind !== "api" || ref.of.module !== "jiti") return false;
  const path = ref.of.path;
  return path.length === 0 || (path.length === 1 && (path[0] === "createJiti" || path[0] === "default"));
}

/** Page methods of Playwright and Puppeteer that run a string as a script in the page. */
const PAGE_EVALUATORS = new Set(["evaluate", "evaluateHandle", "evaluateOnNewDocument", "addInitScript"]);

/**
 * Script text run in a browser page rather than in this process: page.evaluate("…") (Playwright, Puppeteer),
 * Runtime.evaluate({ expression }) of the DevTools protocol, executeJavaScript (Electron), executeScript (Selenium).
 */
export function pageScriptArguments(call: ts.CallExpression, context: RuleContext): SinkArgument[] {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const method = callee.name.text;
  const [a0, a1] = call.arguments;
  if (!a0) return [];
  const code = skipOuter(a0);
  if (ts.isFunctionLike(code)) return [];
  if (PAGE_EVALUATORS.has(method) && browserCall(call, context)) return [{ expr: a0, call, api: `page.${method}` }];
  // client.Runtime.evaluate({ expression }), session.send("Runtime.evaluate", { expression }).
  if (method === "evaluate" && /\bRuntime$/.test(callee.expression.getText())) {
    const expression = context.objectProps(a0)?.value("expression");
    return expression ? [{ expr: expression, call, api: "Runtime.evaluate" }] : [];
  }
  if (method === "send" && context.constantText(a0) === "Runtime.evaluate") {
    const expression = context.objectProps(a1)?.value("expression");
    return expression ? [{ expr: expression, call, api: "Runtime.evaluate" }] : [];
  }
  if (method === "executeJavaScript" || method === "executeScript" || method === "executeAsyncScript") return [{ expr: a0, call, api: method }];
  return [];
}

/** `process.execPath`, `process.argv[0]`: the node binary running the server. */
function isNodeBinary(program: ts.Expression): boolean {
  const text = skipOuter(program).getText();
  return text === "process.execPath" || text === "process.argv[0]";
}

/** execFile("python3", ["-c", code]): the interpreter runs the element after its inline-code flag. */
function inlineInterpreterCode(node: ts.CallExpression | ts.NewExpression, context: RuleContext): CodeArgument | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const launch = processLaunch(node, context);
  const program = launch?.program && (isNodeBinary(launch.program) ? "node" : context.constantText(launch.program)?.split(/[\\/]/).pop()?.replace(/\.exe$/i, ""));
  const flags = program ? INLINE_CODE_FLAGS.find(([name]) => name.test(program))?.[1] : undefined;
  const list = flags && launch?.args ? skipOuter(launch.args) : undefined;
  if (!flags || !list || !ts.isArrayLiteralExpression(list)) return undefined;
  const at = list.elements.findIndex((e) => flags.has(context.constantText(e) ?? ""));
  const code = at >= 0 ? list.elements[at + 1] : undefined;
  return code && !ts.isSpreadElement(code) ? { expr: code, call: node, api: `${program} ${context.constantText(list.elements[at] as ts.Expression)}`, interpreter: true } : undefined;
}
