import { ts } from "./ts.js";
import { enclosingFunction, isFunctionLike, type FunctionLike } from "../engine/ast/function-like.js";
import type { TaintHit } from "../engine/dataflow/taint.js";
import type { RuleContext } from "./rule.js";

/**
 * The functions a tainted value passes through on its way to a sink: where each step of its trace happens,
 * and where the sink is. Checks a rule looks for (a read-only transaction, an allowlist) live in one of them.
 */
export function functionsOnPath(hit: TaintHit, sink: ts.Node, context: RuleContext): FunctionLike[] {
  const out = new Set<FunctionLike>();
  const handlers = new Set(context.model.sources.map((s) => s.fn));
  const add = (n: ts.Node) => {
    // A callback inside a handler (a transaction body, a .then) is covered by checks in the handler around it,
    // but not by the sibling handlers of the function that registers them all.
    for (let f = enclosingFunction(n); f; f = enclosingFunction(f)) {
      out.add(f);
      if (handlers.has(f) || !isInlineCallback(f)) break;
    }
  };
  add(sink);
  for (const step of hit.taint.trace) add(step.node);
  return [...out];
}

function isInlineCallback(fn: FunctionLike): boolean {
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ts.isCallExpression(fn.parent) || ts.isNewExpression(fn.parent));
}

/**
 * False when the hit only exists because the engine merges an object literal's properties: the value was passed
 * as `{ url: FIXED, redirect_uri: tainted }` and the callee destructured `url`, whose literal property carries no
 * attacker data.
 */
export function plausibleFlow(hit: TaintHit, context: RuleContext, sink?: ts.Node): boolean {
  const trace = hit.taint.trace;
  if (sink && ts.isExpression(sink) && !fieldCarriesHit(sink, hit, context)) return false;
  // A parameter destructured from an object literal at a call site the trace does not show (the call is inside
  // the sink's own expression): judge by those call sites.
  for (const step of trace) {
    const binding = step.node.parent;
    if (step.kind !== "step" || !ts.isIdentifier(step.node) || !ts.isBindingElement(binding) || !ts.isObjectBindingPattern(binding.parent) || !ts.isParameter(binding.parent.parent)) continue;
    const param = binding.parent.parent;
    const fn = param.parent;
    if (!isFunctionLike(fn)) continue;
    const key = binding.propertyName ? propertyNameOf(binding.propertyName) : step.node.text;
    const index = fn.parameters.indexOf(param);
    if (!key || index < 0) continue;
    const sites = sink ? callSitesNear(fn, sink, hit, context).map((c) => c.arguments[index]).filter((a): a is ts.Expression => !!a) : [];
    const literals = sites.map((a) => skipParens(a)).filter((a): a is ts.ObjectLiteralExpression => ts.isObjectLiteralExpression(a) && !a.properties.some(ts.isSpreadAssignment));
    if (!literals.length || literals.length !== sites.length) continue;
    const carries = literals.some((lit) => {
      const prop = lit.properties.find((p) => p.name && propertyNameOf(p.name) === key);
      const value = prop && (ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined);
      return !!value && context.taint(value, [hit.spec.kind]).some((h) => h.taint.root.id === hit.taint.root.id);
    });
    if (!carries) return false;
  }
  for (let i = 0; i + 1 < trace.length; i++) {
    const call = trace[i];
    const next = trace[i + 1];
    if (!call || !next || call.kind !== "call" || !ts.isObjectLiteralExpression(skipParens(call.node))) continue;
    const binding = next.node.parent;
    if (!ts.isIdentifier(next.node) || !ts.isBindingElement(binding) || !ts.isObjectBindingPattern(binding.parent) || !ts.isParameter(binding.parent.parent)) continue;
    const key = binding.propertyName ? propertyNameOf(binding.propertyName) : next.node.text;
    if (!key) continue;
    const literal = skipParens(call.node) as ts.ObjectLiteralExpression;
    const prop = literal.properties.find((p) => p.name && propertyNameOf(p.name) === key);
    if (literal.properties.some((p) => ts.isSpreadAssignment(p))) continue;
    if (!prop) return false;
    const value = ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
    if (value && !context.taint(value, [hit.spec.kind]).some((h) => h.taint.root.id === hit.taint.root.id)) return false;
  }
  return true;
}

/**
 * `csrfToken` destructured from an `options` parameter (or read as `options.csrfToken`): false when every call site
 * passes an object literal whose `csrfToken` carries nothing from the hit's source.
 */
function fieldCarriesHit(expr: ts.Expression, hit: TaintHit, context: RuleContext): boolean {
  const field = parameterField(skipParens(expr) as ts.Expression);
  if (!field) return true;
  const { fn, index, key } = field;
  const sites = nodesIn(functionsOnPath(hit, expr, context), ts.isCallExpression).filter((c) => context.calleeFunctions(c).includes(fn));
  const args = sites.map((c) => c.arguments[index]).filter((a): a is ts.Expression => !!a).map((a) => skipParens(a));
  if (!args.length || !args.every((a) => ts.isObjectLiteralExpression(a) && !a.properties.some(ts.isSpreadAssignment))) return true;
  return (args as ts.ObjectLiteralExpression[]).some((lit) => {
    const prop = lit.properties.find((p) => p.name && propertyNameOf(p.name) === key);
    const value = prop && (ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined);
    return !!value && context.taint(value, [hit.spec.kind]).some((h) => h.taint.root.id === hit.taint.root.id);
  });
}

/** The parameter and property an expression reads: `{ key } = param`, `({ key }) =>`, `param.key`. */
function parameterField(e: ts.Expression): { fn: FunctionLike; index: number; key: string } | undefined {
  const paramOf = (id: ts.Identifier): ts.ParameterDeclaration | undefined => {
    for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
      if (isFunctionLike(n)) {
        const p = n.parameters.find((x) => ts.isIdentifier(x.name) && x.name.text === id.text);
        if (p) return p;
      }
    }
    return undefined;
  };
  const result = (param: ts.ParameterDeclaration, key: string) => (isFunctionLike(param.parent) ? { fn: param.parent, index: param.parent.parameters.indexOf(param), key } : undefined);
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
    const p = paramOf(e.expression);
    return p ? result(p, e.name.text) : undefined;
  }
  if (!ts.isIdentifier(e)) return undefined;
  let decl: ts.Node | undefined;
  for (let n: ts.Node | undefined = e.parent; n && !decl; n = n.parent) {
    const scope = isFunctionLike(n) ? n : ts.isSourceFile(n) ? n : undefined;
    if (!scope) continue;
    ts.forEachChild(scope, function find(c: ts.Node): void {
      if (decl) return;
      if (ts.isBindingElement(c) && ts.isIdentifier(c.name) && c.name.text === e.text && ts.isObjectBindingPattern(c.parent)) decl = c;
      else if (!isFunctionLike(c)) ts.forEachChild(c, find);
    });
    if (isFunctionLike(n)) break;
  }
  if (!decl || !ts.isBindingElement(decl)) return undefined;
  const key = decl.propertyName ? propertyNameOf(decl.propertyName) : e.text;
  const owner = decl.parent.parent;
  if (!key) return undefined;
  if (ts.isParameter(owner)) return result(owner, key);
  if (ts.isVariableDeclaration(owner) && owner.initializer && ts.isIdentifier(owner.initializer)) {
    const p = paramOf(owner.initializer);
    return p ? result(p, key) : undefined;
  }
  return undefined;
}

/** Calls of `fn` in the functions around the sink and the trace (where the value could have been passed in). */
function callSitesNear(fn: FunctionLike, sink: ts.Node, hit: TaintHit, context: RuleContext): ts.CallExpression[] {
  return nodesIn(functionsOnPath(hit, sink, context), ts.isCallExpression).filter((c) => context.calleeFunctions(c).includes(fn));
}

function skipParens(n: ts.Node): ts.Node {
  let x = n;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x)) x = x.expression;
  return x;
}

function propertyNameOf(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/**
 * Hono handlers receive the context `c`: only `c.req` holds request data, yet the engine lets method calls on the
 * source object (`c.get("workOS")`, context variables set by middleware) carry the whole source's taint.
 */
export function fromRequestData(hit: TaintHit): boolean {
  const members = hit.spec.taintedMembers;
  if (hit.spec.kind !== "http-request" || !members || hit.taint.path.length > 0) return true;
  return !(members.size === 1 && members.has("req"));
}

/** Two hits denote the same attacker value (or one is a property of the other): same source, one path a prefix of the other. */
function sameValue(a: TaintHit, b: TaintHit): boolean {
  if (a.taint.root.id !== b.taint.root.id) return false;
  const [p, q] = a.taint.path.length <= b.taint.path.length ? [a.taint.path, b.taint.path] : [b.taint.path, a.taint.path];
  return p.every((k, i) => q[i] === k);
}

/** Does the expression carry the same attacker value as the hit? */
export function carriesValue(expr: ts.Expression, hit: TaintHit, context: RuleContext): boolean {
  return context.taint(expr, [hit.spec.kind]).some((h) => sameValue(h, hit));
}

/**
 * Does the expression hold the whole attacker value (or its host), not just a piece of it? `url.pathname === "/cb"`
 * says nothing about the query string of the same URL.
 */
export function carriesWhole(expr: ts.Expression, hit: TaintHit, context: RuleContext): boolean {
  return context.taint(expr, [hit.spec.kind]).some((h) => sameValue(h, hit) && (!h.taint.part || h.taint.marks.some((m) => m.kind === "hostname")));
}

/** Every node of the given kinds in some functions (nested functions included), each visited once. */
export function nodesIn<T extends ts.Node>(fns: readonly ts.Node[], test: (n: ts.Node) => n is T): T[] {
  const out: T[] = [];
  const seen = new Set<ts.Node>();
  const visit = (n: ts.Node): void => {
    if (seen.has(n)) return;
    seen.add(n);
    if (test(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  for (const f of fns) visit(f);
  return out;
}

/**
 * Can a check at `node` run before `sink` on the same request? Not when it sits in another `case` of the
 * dispatch switch, or in an if-branch that ends the handler (another tool's branch) without containing the sink.
 */
export function mayPrecede(node: ts.Node, sink: ts.Node): boolean {
  if (node.getSourceFile() !== sink.getSourceFile()) return true;
  const contains = (outer: ts.Node, inner: ts.Node) => inner.pos >= outer.pos && inner.end <= outer.end;
  // Later in the same function (outside a loop) cannot come first.
  const fn = enclosingFunction(node);
  if (fn && fn === enclosingFunction(sink) && node.getStart() >= sink.end && !inLoopWith(node, sink)) return false;
  for (let n: ts.Node | undefined = node; n && !contains(n, sink); n = n.parent) {
    const parent: ts.Node | undefined = n.parent;
    if (!parent) break;
    if ((ts.isCaseClause(n) || ts.isDefaultClause(n)) && !contains(n, sink)) return false;
    if (ts.isIfStatement(parent) && (n === parent.thenStatement || n === parent.elseStatement) && endsWithExit(n as ts.Statement)) return false;
  }
  return true;
}

function inLoopWith(a: ts.Node, b: ts.Node): boolean {
  for (let n: ts.Node | undefined = a.parent; n && !isFunctionLike(n); n = n.parent) {
    if ((ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isWhileStatement(n) || ts.isDoStatement(n)) && b.pos >= n.pos && b.end <= n.end) return true;
  }
  return false;
}

function endsWithExit(st: ts.Statement): boolean {
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) return true;
  if (ts.isBlock(st)) {
    const last = st.statements[st.statements.length - 1];
    return !!last && endsWithExit(last);
  }
  if (ts.isIfStatement(st)) return !!st.elseStatement && endsWithExit(st.thenStatement) && endsWithExit(st.elseStatement);
  return false;
}

/**
 * Does a check guard every route the value takes to the sink? Tried at each function the value passes through,
 * from the sink outwards: there, every call that hands the value on (or the sink itself) must come after a check.
 * Several call sites of one wrapper (a `case` per tool) are each judged, since the engine merges their taints.
 */
export function guardedOnEveryRoute(hit: TaintHit, sink: ts.Node, context: RuleContext, isCheck: (n: ts.Node) => boolean, passes?: (check: ts.Node) => boolean | undefined): boolean {
  const handlers = new Set(context.model.sources.map((s) => s.fn));
  const levels: { fns: FunctionLike[]; anchors: ts.Node[] }[] = [];
  const chain = (n: ts.Node): FunctionLike[] => {
    const out: FunctionLike[] = [];
    for (let f = enclosingFunction(n); f; f = enclosingFunction(f)) {
      out.push(f);
      if (handlers.has(f) || !isInlineCallback(f)) break;
    }
    return out;
  };
  levels.push({ fns: chain(sink), anchors: [sink] });
  for (const step of [...hit.taint.trace].reverse()) {
    if (step.kind !== "call" || !ts.isCallExpression(step.node.parent)) continue;
    const call = step.node.parent;
    const fns = chain(call);
    const outer = fns[fns.length - 1];
    if (!outer) continue;
    const callees = new Set(context.calleeFunctions(call));
    const anchors = nodesIn([outer], ts.isCallExpression).filter((c) => c === call || (context.calleeFunctions(c).some((f) => callees.has(f)) && c.arguments.some((a) => carriesValue(a, hit, context))));
    levels.push({ fns, anchors });
  }
  return levels.some(({ fns, anchors }) => {
    const checks = nodesIn(fns, (n): n is ts.Node => isCheck(n));
    return anchors.length > 0 && anchors.every((a) => checks.some((c) => mayPrecede(c, a) && !onUncheckedSide(c, a, passes)));
  });
}

/**
 * Is the anchor inside a branch of the `if` (or `?:`) whose condition holds the check, on a side the check did not
 * pass? `if (!client || !list.includes(uri)) { redirect(uri) }` enters the branch whether or not the list holds uri.
 * `passes` gives the value a check has when it passes, where the rule knows it; otherwise only a side reached
 * whatever the check said counts as unchecked.
 */
function onUncheckedSide(check: ts.Node, anchor: ts.Node, passes?: (check: ts.Node) => boolean | undefined): boolean {
  let cond: ts.Node = check;
  while (cond.parent && conditionPart(cond.parent)) cond = cond.parent;
  const owner = cond.parent;
  const [whenTrue, whenFalse] =
    owner && ts.isIfStatement(owner) && owner.expression === cond ? [owner.thenStatement, owner.elseStatement] : owner && ts.isConditionalExpression(owner) && owner.condition === cond ? [owner.whenTrue, owner.whenFalse] : [];
  const inside = (n: ts.Node | undefined) => !!n && anchor.pos >= n.pos && anchor.end <= n.end;
  const side = inside(whenTrue) ? true : inside(whenFalse) ? false : undefined;
  if (side === undefined) return false;
  const outcome = outcomeWhen(cond, check, side);
  if (outcome === undefined) return true;
  const passing = passes?.(check);
  return passing !== undefined && outcome !== passing;
}

/** Parentheses, `!`, `&&` and `||`: the parts of a condition through which a check's outcome can be followed. */
function conditionPart(n: ts.Node): boolean {
  if (ts.isParenthesizedExpression(n)) return true;
  if (ts.isPrefixUnaryExpression(n)) return n.operator === ts.SyntaxKind.ExclamationToken;
  return ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || n.operatorToken.kind === ts.SyntaxKind.BarBarToken);
}

/** The value the check must have had for the condition to come out `value`; undefined when either would do. */
function outcomeWhen(cond: ts.Node, check: ts.Node, value: boolean): boolean | undefined {
  if (cond === check) return value;
  if (ts.isParenthesizedExpression(cond)) return outcomeWhen(cond.expression, check, value);
  if (ts.isPrefixUnaryExpression(cond)) return outcomeWhen(cond.operand, check, !value);
  if (!ts.isBinaryExpression(cond)) return undefined;
  // `a && b` true and `a || b` false fix both operands; otherwise one operand may have decided alone.
  const both = cond.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? value : !value;
  if (!both) return undefined;
  return outcomeWhen(check.pos >= cond.left.pos && check.end <= cond.left.end ? cond.left : cond.right, check, value);
}
