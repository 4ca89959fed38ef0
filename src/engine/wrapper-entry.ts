import { ts } from "../rule-api/ts.js";
import type { TraceStep } from "../rule-api/types.js";
import { enclosingFunction, skipOuter, type FunctionLike } from "./ast/function-like.js";
import type { ValueResolver } from "./resolve/value-resolver.js";

/**
 * Where a flow into a sink inside thin wrappers (`writeFile(p, text) { return fs.writeFile(p, text); }`) should be
 * reported: at the call into the outermost one, which the trace's call steps before the sink name. A wrapper does
 * only what its caller asks, so the caller's call is where the value needed checking. Undefined when the sink is not
 * in one.
 */
export function wrapperEntry(sink: ts.Node, trace: readonly TraceStep[], fileAt: (path: string) => ts.SourceFile | undefined, resolver: ValueResolver): ts.CallExpression | ts.NewExpression | undefined {
  if (trace[trace.length - 1]?.kind !== "sink") return undefined;
  let node: ts.Node = sink;
  let entry: ts.CallExpression | ts.NewExpression | undefined;
  for (let i = trace.length - 2; i >= 0; i--) {
    const step = trace[i];
    const fn = enclosingFunction(node);
    if (!step || step.kind !== "call" || !fn || !isThin(fn, node)) break;
    const sf = fileAt(step.location.path);
    if (!sf || step.location.line > sf.getLineStarts().length) break;
    const call = callPassing(sf, sf.getPositionOfLineAndCharacter(step.location.line - 1, step.location.column - 1));
    if (!call || !resolver.calleeFunctions(call).includes(fn)) break;
    node = entry = call;
  }
  return entry;
}

/**
 * A named function whose whole body is the one statement holding the sink, which it hands its parameters as they
 * came. A wrapper that builds the value (`fs.readFile(path.join(dir, p))`) is where the flaw is; an inline callback
 * is the library's, not a wrapper.
 */
function isThin(fn: FunctionLike, sink: ts.Node): boolean {
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ts.isCallExpression(fn.parent) || ts.isNewExpression(fn.parent))) return false;
  const body = fn.body;
  if (!body || !(ts.isCallExpression(sink) || ts.isNewExpression(sink))) return false;
  const only = ts.isBlock(body) ? (body.statements.length === 1 ? body.statements[0] : undefined) : body;
  if (!only || (ts.isBlock(body) && !ts.isReturnStatement(only) && !ts.isExpressionStatement(only))) return false;
  if (sink.pos < only.pos || sink.end > only.end) return false;
  const params = new Set(fn.parameters.flatMap((p) => boundNames(p.name)));
  return (sink.arguments ?? []).every((arg) => {
    const bare = skipOuter(ts.isSpreadElement(arg) ? arg.expression : arg);
    return (ts.isIdentifier(bare) && params.has(bare.text)) || !mentions(bare, params);
  });
}

/** `p`, or each name a destructuring parameter (`{ table, opts: [a] }`) binds. */
function boundNames(name: ts.BindingName): string[] {
  return ts.isIdentifier(name) ? [name.text] : name.elements.flatMap((el) => (ts.isBindingElement(el) ? boundNames(el.name) : []));
}

function mentions(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(node)) return names.has(node.text);
  return ts.forEachChild(node, (child) => mentions(child, names) || undefined) ?? false;
}

/** The innermost call whose arguments hold the position. */
function callPassing(sf: ts.SourceFile, pos: number): ts.CallExpression | ts.NewExpression | undefined {
  let found: ts.CallExpression | ts.NewExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (pos < node.getStart(sf) || pos >= node.end) return;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments && pos >= node.arguments.pos && pos < node.arguments.end) found = node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
