import { ts } from "./ts.js";
import { isFunctionLike, skipOuter, type FunctionLike } from "../engine/ast/function-like.js";
import type { Declarations } from "./declarations.js";
import type { RuleContext } from "./rule.js";

/**
 * What a function's parameters hold for one call: one string when known (`api("/wallets")` → path = "/wallets",
 * method = "GET"), or a few instances of a partly known template (`/wallets/${id}/sign` → "/wallets/1/sign", ...).
 */
export type ConstantEnv = ReadonlyMap<ts.ParameterDeclaration, readonly string[]>;

const MAX_DEPTH = 6;
/** Stand-ins for unknown parts of a template: a condition counts as decided only if it comes out the same for each. */
const FILLERS = ["1", "abc", "Z_9"];

/**
 * Decides branches from constant arguments, for questions about what one call can reach: a router
 * `api(path, method)` called as `api("/wallets")` never runs its `if (method === "POST" && /send$/.test(path))` branch.
 * Knows string literals, constants, parameter defaults, templates, `split(sep)[i]`, ===/!==, `re.test(s)`,
 * startsWith/endsWith/includes, `!`, `&&` and `||`; anything else is undecided.
 */
export class ConstantBranches {
  constructor(
    private readonly context: RuleContext,
    private readonly declarations: Declarations,
  ) {}

  /** The parameter values a call gives a function, from constant arguments (or the caller's known values) and defaults. */
  bind(fn: FunctionLike, call: ts.CallExpression | ts.NewExpression, outer: ConstantEnv): ConstantEnv {
    const env = new Map<ts.ParameterDeclaration, readonly string[]>();
    const args = call.arguments ?? [];
    fn.parameters.forEach((p, i) => {
      if (p.dotDotDotToken || !ts.isIdentifier(p.name)) return;
      const arg = args[i] ?? p.initializer;
      const samples = arg ? this.samples(arg, outer, 0) : undefined;
      if (samples) env.set(p, samples);
    });
    return env;
  }

  /** Whether a condition holds, fails, or cannot be told under these parameter values. */
  holds(cond: ts.Expression, env: ConstantEnv, depth = 0): boolean | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = skipOuter(cond);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.holds(e.operand, env, depth + 1);
      return inner === undefined ? undefined : !inner;
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
        const l = this.holds(e.left, env, depth + 1);
        const r = this.holds(e.right, env, depth + 1);
        return l === false || r === false ? false : l === true && r === true ? true : undefined;
      }
      if (op === ts.SyntaxKind.BarBarToken) {
        const l = this.holds(e.left, env, depth + 1);
        const r = this.holds(e.right, env, depth + 1);
        return l === true || r === true ? true : l === false && r === false ? false : undefined;
      }
      const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
      const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      if (equal || unequal) {
        const same = agree(this.samples(e.left, env, depth + 1), this.samples(e.right, env, depth + 1), (l, r) => l === r);
        return same === undefined ? undefined : equal ? same : !same;
      }
      return undefined;
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      const method = e.expression.name.text;
      const receiver = skipOuter(e.expression.expression);
      const arg = e.arguments[0];
      if (method === "test" && ts.isRegularExpressionLiteral(receiver) && arg) {
        const re = regexOf(receiver);
        return re ? agree(this.samples(arg, env, depth + 1), [""], (s) => re.test(s)) : undefined;
      }
      if ((method === "startsWith" || method === "endsWith" || method === "includes") && arg) {
        return agree(this.samples(receiver, env, depth + 1), this.samples(arg, env, depth + 1), (s, t) => (method === "startsWith" ? s.startsWith(t) : method === "endsWith" ? s.endsWith(t) : s.includes(t)));
      }
    }
    return undefined;
  }

  /** The string an expression holds under these parameter values, when it can be told. */
  value(expr: ts.Expression, env: ConstantEnv, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = skipOuter(expr);
    if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e)) return e.text;
    if (ts.isTemplateExpression(e)) {
      let out = e.head.text;
      for (const span of e.templateSpans) {
        const v = this.value(span.expression, env, depth + 1);
        if (v === undefined) return undefined;
        out += v + span.literal.text;
      }
      return out;
    }
    if (ts.isIdentifier(e)) {
      const decl = this.declarations.of(e);
      if (decl && ts.isParameter(decl)) {
        const known = env.get(decl);
        return known?.length === 1 ? known[0] : undefined;
      }
      if (decl && ts.isBindingElement(decl)) return this.splitElement(decl, env, depth);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const) return this.value(decl.initializer, env, depth + 1);
      return this.context.constantText(e);
    }
    if (ts.isElementAccessExpression(e) && ts.isNumericLiteral(e.argumentExpression)) return this.splitPart(e.expression, Number(e.argumentExpression.text), env, depth);
    return this.context.constantText(e);
  }

  /**
   * Instances of what an expression may hold: its value when known, or for a template with unknown parts the template
   * filled in a few different ways (`/wallets/${id}/sign` → "/wallets/1/sign", "/wallets/abc/sign"). Undefined: nothing known.
   */
  samples(expr: ts.Expression, env: ConstantEnv, depth: number): string[] | undefined {
    const exact = this.value(expr, env, depth);
    if (exact !== undefined) return [exact];
    const e = skipOuter(expr);
    if (ts.isIdentifier(e)) {
      const decl = this.declarations.of(e);
      if (decl && ts.isParameter(decl)) return env.get(decl) as string[] | undefined;
      if (decl && ts.isBindingElement(decl)) return this.splitSamples(decl, env, depth);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const) return this.samples(decl.initializer, env, depth + 1);
      return undefined;
    }
    if (!ts.isTemplateExpression(e)) return undefined;
    return FILLERS.map((filler) => {
      let out = e.head.text;
      for (const span of e.templateSpans) out += (this.value(span.expression, env, depth + 1) ?? filler) + span.literal.text;
      return out;
    });
  }

  private splitSamples(el: ts.BindingElement, env: ConstantEnv, depth: number): string[] | undefined {
    const pattern = el.parent;
    if (!ts.isArrayBindingPattern(pattern) || el.dotDotDotToken || el.propertyName) return undefined;
    const holder = pattern.parent;
    const call = holder && ts.isVariableDeclaration(holder) && holder.initializer ? skipOuter(holder.initializer) : undefined;
    if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "split" || !call.arguments[0]) return undefined;
    const whole = this.samples(call.expression.expression, env, depth + 1);
    const sep = this.value(call.arguments[0], env, depth + 1);
    if (!whole || sep === undefined) return undefined;
    const index = pattern.elements.indexOf(el);
    const fallback = el.initializer ? this.value(el.initializer, env, depth + 1) : undefined;
    return whole.map((w) => w.split(sep)[index] ?? fallback ?? "");
  }

  /** `const [rawPath, rawQs = ""] = path.split("?")`. */
  private splitElement(el: ts.BindingElement, env: ConstantEnv, depth: number): string | undefined {
    const pattern = el.parent;
    if (!ts.isArrayBindingPattern(pattern) || el.dotDotDotToken || el.propertyName) return undefined;
    const holder = pattern.parent;
    if (!ts.isVariableDeclaration(holder) || !holder.initializer) return undefined;
    const part = this.splitPart(holder.initializer, pattern.elements.indexOf(el), env, depth);
    return part ?? (el.initializer ? this.value(el.initializer, env, depth + 1) : undefined);
  }

  private splitPart(expr: ts.Expression, index: number, env: ConstantEnv, depth: number): string | undefined {
    const call = skipOuter(expr);
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "split" || !call.arguments[0]) return undefined;
    const s = this.value(call.expression.expression, env, depth + 1);
    const sep = this.value(call.arguments[0], env, depth + 1);
    if (s === undefined || sep === undefined) return undefined;
    return s.split(sep)[index];
  }
}

/**
 * Visits a function body or region, skipping the branches these parameter values rule out (the other side of an if,
 * a conditional or `&&`, switch cases that cannot match). Nested functions are visited: callbacks run too.
 */
export function visitTaken(node: ts.Node, env: ConstantEnv, branches: ConstantBranches, visit: (n: ts.Node) => boolean): void {
  const walk = (n: ts.Node): void => {
    if (!visit(n)) return;
    if (ts.isIfStatement(n)) {
      const taken = env.size ? branches.holds(n.expression, env) : undefined;
      walk(n.expression);
      if (taken !== false) walk(n.thenStatement);
      if (taken !== true && n.elseStatement) walk(n.elseStatement);
      return;
    }
    if (ts.isConditionalExpression(n)) {
      const taken = env.size ? branches.holds(n.condition, env) : undefined;
      walk(n.condition);
      if (taken !== false) walk(n.whenTrue);
      if (taken !== true) walk(n.whenFalse);
      return;
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
      const taken = env.size ? branches.holds(n.left, env) : undefined;
      walk(n.left);
      if (taken !== false) walk(n.right);
      return;
    }
    if (ts.isSwitchStatement(n) && env.size) {
      const subject = branches.value(n.expression, env, 0);
      walk(n.expression);
      if (subject === undefined) {
        for (const c of n.caseBlock.clauses) walk(c);
        return;
      }
      let on = false;
      for (const c of n.caseBlock.clauses) {
        if (!on && ts.isCaseClause(c)) on = branches.value(c.expression, env, 0) === subject;
        if (on) walk(c);
      }
      if (!on) for (const c of n.caseBlock.clauses) if (ts.isDefaultClause(c)) walk(c);
      return;
    }
    ts.forEachChild(n, walk);
  };
  const body = isFunctionLike(node) ? node.body : node;
  if (body) walk(body);
}

/** The outcome of a test over every pair of samples, when they all agree. */
function agree(left: string[] | undefined, right: string[] | undefined, test: (l: string, r: string) => boolean): boolean | undefined {
  if (!left || !right) return undefined;
  let result: boolean | undefined;
  for (const l of left) {
    for (const r of right) {
      const t = test(l, r);
      if (result !== undefined && t !== result) return undefined;
      result = t;
    }
  }
  return result;
}

function regexOf(lit: ts.RegularExpressionLiteral): RegExp | undefined {
  const text = lit.text;
  const end = text.lastIndexOf("/");
  try {
    return new RegExp(text.slice(1, end), text.slice(end + 1).replace(/[gy]/g, ""));
  } catch {
    // A pattern JavaScript rejects decides nothing.
    return undefined;
  }
}
