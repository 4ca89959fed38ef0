import { ts } from "../../rule-api/ts.js";
import { constInitializer } from "../ast/const-initializer.js";
import { bindingKey, calleeName, enclosingFunction, isFunctionLike, isNullish, propertyNameText, skipOuter, skipOuterAndAwait, type FunctionLike } from "../ast/function-like.js";
import { returnedExpressions } from "../ast/returned-expressions.js";
import { isAnchoredAllowlist } from "../model/schema-node.js";
import { trueByDefault } from "./setting-default.js";
import { stringParts } from "./string-parts.js";
import type { TaintEngine } from "./taint-engine.js";
import type { ApiRef } from "../resolve/value-ref.js";
import { hasMark, KEYS, taintKey, UNDONE_BY_DECODING, withMarks, withStep, type Flow, type Mark, type TaintValue } from "./taint.js";

/** A fact a check establishes about the values that share a taint's identity (root and path). */
interface Effect {
  identity: Flow;
  mark: Mark;
  /** The fact holds only where this variable is read: it was overwritten, its source was not. */
  only?: ts.Symbol;
}

const MAX_DEPTH = 4;
/** The detail of the const mark a falsy test gives: it holds in the testing function only. */
const FALSY = "falsy";
/** Operators of an if-test conditionKey can compare by text. */
const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken]);
/** A key a lookup in the project's own store found: `const c = staged.get(id); if (!c) throw`. */
const FOUND = "found";
const PRIVATE_IP_MODULES = new Set(["private-ip", "is-private-ip", "ip", "ipaddr.js", "netmask", "is-localhost-ip", "ip-range-check", "bogon", "is-ip-private"]);
const STRONG_SSRF_MODULES = new Set(["ssrf-req-filter", "request-filtering-agent", "ssrf-agent", "ssrfcheck"]);
const PRIVATE_IP_NAME = /(private|internal|loopback|localhost|reserved|blocked|forbidden|disallowed|unsafe|bogon|local|metadata)[_-]?(ip|ips|address|addr|host|hostname|url|network|range)|is[_-]?(private|internal|loopback|local|bogon|non[_-]?routable|unroutable)|ssrf|(Private|Internal|Loopback|Reserved|Blocked|Forbidden|Disallowed|Unsafe|Metadata)[A-Z][a-z]+(Ip|IP|Address|Addr|Host)$/i;
const PUBLIC_IP_NAME = /is[_-]?(public|routable|global|external)[_-]?(ip|ips|ip[_-]?address|address|addr|host|hostname)?$|is[_-]?(publicly|globally)[_-]?routable|^(public|routable)[_-]?(ip|address|addr)$/i;
const PATH_INSIDE_NAME = /^(is)?(path)?[_-]?(inside|within|contained|under|subpath|subdir|descendant)/i;
const PATH_INSIDE_MODULES = new Set(["is-path-inside", "path-is-inside", "is-subdir", "contains-path"]);
const EXIT_CALLS = new Set(["exit", "abort"]);
/** A compiled route pattern that starts with "/" and a literal character: no "//" or "/\\" can begin the path it admits. */
const LITERAL_FIRST_SEGMENT = /^\^\\?\/[\w-]/;
const MAX_TABLE_SOURCES = 64;
const LOCAL_HOST = /^(localhost|127\.|0\.0\.0\.0|169\.254\.|10\.|192\.168\.|::1$|\[::1\]|metadata)/i;

/**
 * Finds the checks that dominate a read (early exits, enclosing ifs, &&, switch cases, assertions)
 * and turns them into marks on the taints they vouch for.
 */
export class GuardEvaluator {
  private readonly stmtMemo = new Map<ts.Node, Effect[]>();
  private readonly condMemo = new Map<string, Effect[]>();
  private readonly assertMemo = new Map<FunctionLike, Effect[]>();
  private readonly throwMemo = new Map<FunctionLike, Effect[]>();
  private readonly predicateMemo = new Map<string, Effect[]>();
  /** The one assignment of each falsy-declared flag, or null when it has none or several. */
  private readonly flagMemo = new Map<ts.Symbol, ts.BinaryExpression | null>();
  /** The parameter pairs each helper returns an exact comparison of, both ways round. */
  private readonly equalParamsMemo = new Map<FunctionLike, [number, number][]>();
  /** The text of each if-test that reads the same wherever it runs (see conditionKey). */
  private readonly keyMemo = new Map<ts.Expression, string>();

  constructor(private readonly engine: TaintEngine) {}

  apply<T extends Flow>(at: ts.Node, taints: T[]): T[] {
    if (!taints.length) return taints;
    const effects = this.effectsAt(at, 0, ts.isIdentifier(at) ? this.loopReassigning(at) : undefined);
    if (!effects.length) return taints;
    const read = ts.isIdentifier(at) ? this.engine.checker.getSymbolAtLocation(at) : undefined;
    return taints.flatMap((t) => {
      let out = t;
      for (const e of effects) {
        if (e.only && e.only !== read) continue;
        if (sameIdentity(e.identity, t)) {
          const mark = decodingAware(e, t);
          if (!mark) continue;
          if (contradicts(out, mark)) return [];
          out = withMarks(out, [mark]);
          if (mark.node && (mark.kind === "path-check" || mark.kind === "ip-check" || mark.kind === "host-allowlist")) {
            out = withStep(out, { kind: "check", node: mark.node, message: checkMessage(mark) });
          }
        }
      }
      return [out];
    });
  }

  /** The marks a test proves of each taint when it holds: `(r) => !r.startsWith("-") && …` for an element it keeps. */
  passing<T extends Flow>(test: ts.Expression, taints: readonly T[]): Mark[][] {
    const effects = taints.length ? this.cond(test, true, 0) : [];
    return taints.map((t) => effects.flatMap((e) => (sameIdentity(e.identity, t) && !e.only ? [e.mark] : [])));
  }

  /**
   * The outermost loop around a read that also assigns the variable (`current = new URL(location, current)`): a
   * check made before that loop saw only the first value, so only checks inside it hold for the read.
   */
  private loopReassigning(id: ts.Identifier): ts.Node | undefined {
    let loop: ts.Node | undefined;
    for (let n: ts.Node = id.parent; n && !isFunctionLike(n) && !ts.isSourceFile(n); n = n.parent) {
      if (ts.isIterationStatement(n, false)) loop = n;
    }
    if (!loop) return undefined;
    const decl = this.engine.checker.getSymbolAtLocation(id)?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl) || decl.parent.flags & ts.NodeFlags.Const) return undefined;
    const assignments = this.engine.resolver.identifierAssignments(id.getSourceFile(), id.text).filter((a) => this.engine.checker.getSymbolAtLocation(a.left)?.valueDeclaration === decl);
    let outermost: ts.Node | undefined;
    for (let n: ts.Node = id.parent; n && !isFunctionLike(n) && !ts.isSourceFile(n); n = n.parent) {
      if (ts.isIterationStatement(n, false) && assignments.some((a) => a.pos >= n.pos && a.end <= n.end)) outermost = n;
    }
    return outermost;
  }

  /** Effects of every check that must have passed for execution to reach `node`. */
  effectsAt(node: ts.Node, depth: number, stopAt?: ts.Node): Effect[] {
    const out: Effect[] = [];
    // Conditions of the enclosing ifs the read sits in the then-branch of, as text.
    const holding = new Set<string>();
    let child: ts.Node = node;
    for (let parent = node.parent; parent && !ts.isSourceFile(parent); child = parent, parent = parent.parent) {
      if (parent === stopAt) break;
      if (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
        for (const st of parent.statements) {
          if (st === child) break;
          out.push(...this.statementEffects(st, depth));
          // if (action === "download") { check } … if (action === "download") { use }: the same test admits both.
          if (holding.size && ts.isIfStatement(st) && !st.elseStatement && holding.has(this.conditionKey(st.expression)) && !this.alwaysExits(st.thenStatement)) out.push(...this.blockEffects(st.thenStatement, depth));
        }
        if (ts.isCaseClause(parent)) out.push(...this.caseEffects(parent, depth));
      } else if (ts.isIfStatement(parent)) {
        if (child === parent.thenStatement) {
          out.push(...this.cond(parent.expression, true, depth));
          const key = this.conditionKey(parent.expression);
          if (key) holding.add(key);
        } else if (child === parent.elseStatement) out.push(...this.cond(parent.expression, false, depth));
      } else if (ts.isConditionalExpression(parent)) {
        if (child === parent.whenTrue) out.push(...this.cond(parent.condition, true, depth));
        else if (child === parent.whenFalse) out.push(...this.cond(parent.condition, false, depth));
      } else if (ts.isBinaryExpression(parent) && child === parent.right) {
        if (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) out.push(...this.cond(parent.left, true, depth));
        if (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) out.push(...this.cond(parent.left, false, depth));
      } else if (isFunctionLike(parent)) {
        // Checks before an inline callback hold inside it, and inside a closure a const declares after them (it cannot
        // run before its declaration); a named function may run anywhere.
        const inline = ts.isCallExpression(parent.parent) || ts.isNewExpression(parent.parent) || constClosure(parent);
        if (!(ts.isArrowFunction(parent) || ts.isFunctionExpression(parent)) || !inline) break;
      }
    }
    return out;
  }

  /**
   * A test that gives the same answer wherever it is made in one function: comparisons of literals with variables no
   * statement assigns after their declaration; "" for anything else.
   */
  private conditionKey(cond: ts.Expression): string {
    const cached = this.keyMemo.get(cond);
    if (cached !== undefined) return cached;
    const { checker, resolver } = this.engine;
    let pure = true;
    // Where each variable is declared, so a shadowing one of the same name makes another key.
    const declared: number[] = [];
    const visit = (n: ts.Node): void => {
      if (!pure) return;
      if (ts.isIdentifier(n)) {
        const decl = checker.getSymbolAtLocation(n)?.valueDeclaration;
        if (!decl || !(ts.isParameter(decl) || ts.isBindingElement(decl) || ts.isVariableDeclaration(decl))) pure = false;
        else if (resolver.identifierAssignments(n.getSourceFile(), n.text).some((a) => checker.getSymbolAtLocation(a.left)?.valueDeclaration === decl)) pure = false;
        else declared.push(decl.pos);
        return;
      }
      if (ts.isBinaryExpression(n) && COMPARISONS.has(n.operatorToken.kind)) return void [n.left, n.right].forEach(visit);
      if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) return void visit(n.operand);
      if (ts.isParenthesizedExpression(n) || ts.isPropertyAccessExpression(n)) return void visit(n.expression);
      if (!ts.isStringLiteralLike(n) && !ts.isNumericLiteral(n) && n.kind !== ts.SyntaxKind.TrueKeyword && n.kind !== ts.SyntaxKind.FalseKeyword) pure = false;
    };
    visit(cond);
    const key = pure ? `${cond.getText().replace(/\s+/g, "")}@${declared.join(",")}` : "";
    this.keyMemo.set(cond, key);
    return key;
  }

  private caseEffects(clause: ts.CaseClause, depth: number): Effect[] {
    const sw = clause.parent.parent;
    if (!ts.isSwitchStatement(sw) || !isConstantLike(clause.expression)) return [];
    // switch (JSON.parse(line).method): a part of a value says nothing about the rest of it.
    return this.engine.labelsOf(sw.expression).filter((t) => !t.part).map((identity) => ({ identity, mark: { kind: "const", node: clause.expression } }));
  }

  /**
   * Control never falls through the statement: it throws, returns, exits the process or calls a function that never
   * returns. With `returning` false, only the ways out that also stop a caller count (no return, continue or break).
   */
  private alwaysExits(st: ts.Statement, returning = true): boolean {
    if (ts.isThrowStatement(st)) return true;
    if (ts.isReturnStatement(st) || ts.isContinueStatement(st) || ts.isBreakStatement(st)) return returning;
    if (ts.isBlock(st)) return st.statements.some((x) => this.alwaysExits(x, returning));
    if (ts.isIfStatement(st)) return !!st.elseStatement && this.alwaysExits(st.thenStatement, returning) && this.alwaysExits(st.elseStatement, returning);
    if (ts.isExpressionStatement(st)) {
      const e = skipOuterAndAwait(st.expression);
      if (!ts.isCallExpression(e)) return false;
      if (EXIT_CALLS.has(calleeName(e) ?? "") && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression) && e.expression.expression.text === "process") return true;
      const fns = this.engine.callFunctionsOf(e);
      return fns.length > 0 && fns.every(neverReturns);
    }
    return false;
  }

  private statementEffects(st: ts.Statement, depth: number): Effect[] {
    const cached = this.stmtMemo.get(st);
    if (cached) return cached;
    this.stmtMemo.set(st, []);
    let out: Effect[] = [];
    if (ts.isIfStatement(st)) {
      const thenExits = this.alwaysExits(st.thenStatement);
      const elseExits = st.elseStatement ? this.alwaysExits(st.elseStatement) : false;
      const branch = (positive: boolean) => [...this.cond(st.expression, positive, depth), ...this.blockEffects(positive ? st.thenStatement : st.elseStatement, depth)];
      if (thenExits && !elseExits) out = branch(false);
      else if (elseExits && !thenExits) out = branch(true);
      // if (!allowPrivate) { check(url) }: with nothing configured the checks run.
      else if (!thenExits && !st.elseStatement && trueByDefault(st.expression, this.engine.resolver) === true) out = branch(true);
      // if (ALLOWED.length > 0 && url.protocol === "https:") { …host check… }: only a URL no host is reached through skips it.
      else if (!thenExits && !st.elseStatement && this.webLinksOnly(st.expression, depth)) out = branch(true).filter((e) => HOST_CHECKS.has(e.mark.kind));
      // if (root) { …containment… }: the checks hold once a root is configured, and not before.
      // A key found by a lookup (`if (cached) …`) is no setting: nothing holds after the branch.
      else if (!thenExits && !st.elseStatement && this.configuredSetting(st.expression)) out = branch(true).filter((e) => e.mark.detail !== FOUND).map((e) => ({ ...e, mark: { ...e.mark, whenConfigured: e.mark.whenConfigured ?? st.expression } }));
      // if (uri) { check(uri) } else { uri = DEFAULT }: what holds at the end of both branches holds after them.
      else if (!thenExits && !elseExits) out = meet(branch(true), branch(false));
    } else if (ts.isBlock(st)) {
      out = this.blockEffects(st, depth);
    } else if (ts.isExpressionStatement(st)) {
      const e = skipOuterAndAwait(st.expression);
      if (ts.isCallExpression(e)) out = this.eachElementEffects(e, depth) ?? this.assertionEffects(e, depth, true);
      else if (ts.isBinaryExpression(e)) out = this.overwriteEffects(e);
    } else if (ts.isTryStatement(st) && st.catchClause && this.alwaysExits(st.catchClause.block)) {
      // try { if (!ok) throw } catch { return }: what the try block checked holds after it.
      for (const inner of st.tryBlock.statements) out.push(...this.statementEffects(inner, depth));
    } else if (ts.isForOfStatement(st)) {
      // for (const a of addresses) { if (isPrivate(a)) throw …; keep(a) }: every element passed the check.
      const element = ts.isVariableDeclarationList(st.initializer) ? st.initializer.declarations[0]?.name : undefined;
      out = this.loopBodyEffects(ts.isBlock(st.statement) ? st.statement.statements : [st.statement], element, st.expression, depth, skipsElement);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && skipOuterAndAwait(d.initializer);
        // `const ip = parseIp(host)` with `return null` on a mismatch: the early return vouches for host only if the caller then exits on it.
        if (init && ts.isCallExpression(init)) out.push(...this.assertionEffects(init, depth, !this.exitsOnResult(d, st)));
      }
    }
    this.stmtMemo.set(st, out);
    return out;
  }

  /**
   * `column = "created_at"` (or `column = ALLOWED.has(column) ? column : "created_at"`) as the variable's last write:
   * from there on it holds a constant or an allowlisted value, whatever its earlier writes held. Only for a local whose
   * every other write comes before, in the same function, and which no push or member write fills.
   */
  private overwriteEffects(write: ts.BinaryExpression): Effect[] {
    if (write.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(write.left)) return [];
    const checker = this.engine.checker;
    const symbol = checker.getSymbolAtLocation(write.left);
    const decl = symbol?.valueDeclaration;
    const fn = scopeOf(write);
    if (!symbol || !decl || scopeOf(decl) !== fn || !this.constantWrite(write.right, symbol)) return [];
    const sf = write.getSourceFile();
    const name = write.left.text;
    const writes = this.engine.resolver.identifierAssignments(sf, name).filter((a) => checker.getSymbolAtLocation(a.left) === symbol);
    if (writes.some((a) => a !== write && (a.pos >= write.pos || scopeOf(a) !== fn))) return [];
    if (this.engine.pushedInto(sf, name, symbol).length || this.engine.resolver.memberAssignments(sf, name).some((w) => checker.getSymbolAtLocation(w.root) === symbol)) return [];
    return this.engine.labelsOf(write.left).map((identity) => ({ identity, mark: { kind: "const", node: write }, only: symbol }));
  }

  /**
   * A value written that is constant without reading the variable it is written to (whose own values may be what is
   * being worked out), or `ALLOWED.has(col) ? col : "created_at"`: the variable only where its membership test picks it.
   */
  private constantWrite(expr: ts.Expression, symbol: ts.Symbol): boolean {
    const checker = this.engine.checker;
    const mentions = (n: ts.Node): boolean => (ts.isIdentifier(n) && checker.getSymbolAtLocation(n) === symbol) || !!ts.forEachChild(n, (c) => mentions(c) || undefined);
    // Fixed text, not merely a value the analysis tracks no taint for (`validation.data` of a schema it cannot read).
    const constant = (e: ts.Expression) => !mentions(e) && this.engine.constantText(e) !== undefined;
    const fixedList = (e: ts.Expression) => !mentions(e) && this.engine.labelsOf(e).every((t) => hasMark(t, "const"));
    const e = skipOuter(expr);
    if (!ts.isConditionalExpression(e)) return constant(e);
    let test = skipOuter(e.condition);
    const negated = ts.isPrefixUnaryExpression(test) && test.operator === ts.SyntaxKind.ExclamationToken;
    if (ts.isPrefixUnaryExpression(test) && negated) test = skipOuter(test.operand);
    const [picked, other] = negated ? [e.whenFalse, e.whenTrue] : [e.whenTrue, e.whenFalse];
    const member = ts.isCallExpression(test) && ts.isPropertyAccessExpression(test.expression) && /^(has|includes)$/.test(test.expression.name.text) && test.arguments.length === 1 && this.engine.isSymbol(test.arguments[0] as ts.Expression, symbol);
    return member && this.engine.isSymbol(picked, symbol) && constant(other) && fixedList(((test as ts.CallExpression).expression as ts.PropertyAccessExpression).expression);
  }

  /** What holds at the end of a branch: the effects of its statements, in order. */
  private blockEffects(st: ts.Statement | undefined, depth: number): Effect[] {
    if (!st) return [];
    return ts.isBlock(st) ? st.statements.flatMap((inner) => this.statementEffects(inner, depth)) : this.statementEffects(st, depth);
  }

  /** `const r = check(x); if (!r) return …`: a later statement of the same block exits on a test of what the call returned. */
  private exitsOnResult(decl: ts.VariableDeclaration, st: ts.VariableStatement): boolean {
    const block = st.parent;
    const sym = ts.isIdentifier(decl.name) ? this.engine.checker.getSymbolAtLocation(decl.name) : undefined;
    if (!sym || !(ts.isBlock(block) || ts.isSourceFile(block))) return !ts.isIdentifier(decl.name);
    const isResult = (n: ts.Expression): boolean => {
      const e = skipOuter(n);
      // `!r` and `!r.ok`: a failed check's result, or its verdict field.
      const owner = ts.isPropertyAccessExpression(e) ? skipOuter(e.expression) : e;
      return ts.isIdentifier(owner) && this.engine.checker.getSymbolAtLocation(owner) === sym;
    };
    // True only where the call failed: `!r`, `r === null`, `r == undefined`, `r === false`, or one side of an `||`.
    // neverthrow's `r.isErr()`, `!r.isOk()`: the verdict a Result type answers.
    const verdict = (x: ts.Expression, names: RegExp): boolean => {
      const call = skipOuter(x);
      return ts.isCallExpression(call) && !call.arguments.length && ts.isPropertyAccessExpression(call.expression) && names.test(call.expression.name.text) && isResult(call.expression.expression);
    };
    const onFailure = (c: ts.Expression): boolean => {
      const e = skipOuter(c);
      if (verdict(e, /^(isErr|isError|isFailure|isLeft)$/)) return true;
      if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return isResult(e.operand) || verdict(e.operand, /^(isOk|isSuccess|isRight)$/);
      if (!ts.isBinaryExpression(e)) return false;
      if (e.operatorToken.kind === ts.SyntaxKind.BarBarToken) return onFailure(e.left) || onFailure(e.right);
      const nothing = (x: ts.Expression) => isNullish(x) || skipOuter(x).kind === ts.SyntaxKind.FalseKeyword;
      const equality = e.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || e.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken;
      return equality && ((isResult(e.left) && nothing(e.right)) || (isResult(e.right) && nothing(e.left)));
    };
    return block.statements.slice(block.statements.indexOf(st) + 1).some((next) => ts.isIfStatement(next) && this.alwaysExits(next.thenStatement) && onFailure(next.expression));
  }

  /**
   * assert(cond), and calls to project functions that throw unless their argument passes a check. A call whose result
   * is `discarded` vouches only for checks that throw: `if (!ok) return false` inside it stops nothing here.
   */
  private assertionEffects(call: ts.CallExpression, depth: number, discarded = false): Effect[] {
    const name = calleeName(call);
    const arg0 = call.arguments[0];
    if ((name === "assert" || name === "ok" || name === "invariant" || name === "strictEqual") && arg0) {
      const api = this.engine.resolver.apiOf(call.expression);
      if (name === "assert" || name === "invariant" || api?.module === "assert") return this.cond(arg0, true, depth);
    }
    if (depth >= MAX_DEPTH) return [];
    const out: Effect[] = [];
    for (const fn of this.engine.resolver.calleeFunctions(call)) {
      for (const e of this.assertedByFunction(fn, depth + 1, discarded)) out.push(...this.mapToArgs(e, call.arguments));
    }
    return out;
  }

  private assertedByFunction(fn: FunctionLike, depth: number, discarded: boolean): Effect[] {
    const memo = discarded ? this.throwMemo : this.assertMemo;
    const cached = memo.get(fn);
    if (cached) return cached;
    memo.set(fn, []);
    const out: Effect[] = [];
    const statements = fn.body && ts.isBlock(fn.body) ? fn.body.statements : [];
    if (discarded) this.throwingChecks(statements, depth, out);
    else {
      for (const st of statements) {
        // `if (!process.env.STRICT) return url;`: with nothing configured the helper returns here, before its checks.
        if (ts.isIfStatement(st) && mayReturn(st.thenStatement) && trueByDefault(st.expression, this.engine.resolver) === true) break;
        // `if (r) return r; throw …`: the outcome falling through needs is not the one the return hands back.
        const returns = mayReturn(st);
        out.push(...this.statementEffects(st, depth).filter((e) => !returns || e.mark.kind !== "predicate"));
      }
    }
    // `if (x) return …` in a helper says nothing about x once the helper has returned: a falsy value holds locally only.
    const params = out.filter((e) => e.identity.root.kind === "param" && e.identity.root.fn === fn && e.mark.detail !== FALSY);
    memo.set(fn, params);
    return params;
  }

  /**
   * The checks of a helper whose result is discarded: only those that throw stop its caller, in the branches a default
   * install runs. True when an early return that is taken by default ends them.
   */
  private throwingChecks(statements: readonly ts.Statement[], depth: number, out: Effect[]): boolean {
    for (const [i, st] of statements.entries()) {
      if (ts.isBlock(st)) {
        if (this.throwingChecks(st.statements, depth, out)) return true;
        continue;
      }
      // `if (!blocked.check(a)) return; throw …`: returning normally means the test held, as `if (blocked…) throw` says;
      // with several such returns before the throw, one of their tests held.
      const passes = this.returnsEarly(st) ? this.passingTests(statements.slice(i)) : undefined;
      if (passes) {
        out.push(...passes.map((test) => this.cond(test, true, depth)).reduce(meet));
        return true;
      }
      if (ts.isIfStatement(st) && !this.throwsOut(st)) {
        const byDefault = !st.elseStatement && trueByDefault(st.expression, this.engine.resolver) === true;
        // `if (!config.harden) return;` on by default: in a default install the checks after it never run.
        if (byDefault && this.alwaysExits(st.thenStatement)) return true;
        // `if (!allowPrivate) { …checks… }`: a default install runs them.
        if (byDefault && this.throwingChecks(ts.isBlock(st.thenStatement) ? st.thenStatement.statements : [st.thenStatement], depth, out)) return true;
        continue;
      }
      out.push(...this.statementEffects(st, depth));
    }
    return false;
  }

  /** A test that holds by default for every http: or https: URL: on by default, and otherwise only a protocol test. */
  private webLinksOnly(test: ts.Expression, depth: number): boolean {
    const e = skipOuter(test);
    const parts = ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? [e.left, e.right] : [e];
    const scheme = parts.filter((p) => trueByDefault(p, this.engine.resolver) !== true);
    return scheme.length === 1 && scheme.every((p) => {
      const effects = this.cond(p, true, depth);
      return effects.length > 0 && effects.every((x) => x.mark.kind === "http-scheme") && bothWebSchemes(p);
    });
  }

  /** `if (test) return;`: a way out that returns normally. */
  private returnsEarly(st: ts.Statement): st is ts.IfStatement {
    return ts.isIfStatement(st) && !st.elseStatement && this.alwaysExits(st.thenStatement) && !this.alwaysExits(st.thenStatement, false);
  }

  /** The tests of early returns that statements ending in a throw allow (besides configured exemptions), or none. */
  private passingTests(statements: readonly ts.Statement[]): ts.Expression[] | undefined {
    const last = statements[statements.length - 1];
    if (!last || !this.alwaysExits(last, false)) return undefined;
    const tests: ts.Expression[] = [];
    for (const st of statements) {
      if (this.configuredExemption(st)) continue;
      if (this.returnsEarly(st)) tests.push(st.expression);
      else if (mayReturn(st)) return undefined;
    }
    return tests;
  }

  /**
   * `if (this.trustedRanges.check(address)) return;` or `if (settings.allowAll) return;`: a way out only a setting
   * opens, off in a default install or tested against a list the operator fills, not one the input alone can take.
   */
  private configuredExemption(st: ts.Statement): boolean {
    if (!ts.isIfStatement(st) || st.elseStatement || !this.alwaysExits(st.thenStatement)) return false;
    const test = skipOuter(st.expression);
    // `if (isWindows && /^[A-Za-z]:\\/.test(p)) return;`: a way out only where the host, not the input, opens it.
    if (ts.isBinaryExpression(test) && test.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && this.moduleConstant(test.left)) return true;
    const byDefault = trueByDefault(test, this.engine.resolver);
    if (byDefault !== undefined) return !byDefault;
    if (!ts.isCallExpression(test)) return false;
    const operands = [...(ts.isPropertyAccessExpression(test.expression) ? [test.expression.expression] : []), ...test.arguments];
    return operands.some((o) => ts.isPropertyAccessExpression(skipOuter(o)) && this.configuredSetting(o));
  }

  /** A const of the module, set once when it loads (`const isWindows = process.platform === "win32"`). */
  private moduleConstant(expr: ts.Expression): boolean {
    const e = skipOuter(expr);
    const decl = ts.isIdentifier(e) ? this.engine.checker.getSymbolAtLocation(e)?.valueDeclaration : undefined;
    return !!decl && ts.isVariableDeclaration(decl) && ts.isVariableStatement(decl.parent.parent) && ts.isSourceFile(decl.parent.parent.parent) && !!(decl.parent.flags & ts.NodeFlags.Const) && !this.engine.labelsOf(e).length;
  }

  /** A test that a setting is present (`root`, `this.options.allowedDir`), the setting not attacker data. */
  private configuredSetting(condition: ts.Expression): boolean {
    const e = skipOuter(condition);
    if (!ts.isIdentifier(e) && !ts.isPropertyAccessExpression(e)) return false;
    // const uuid = await findServer(cmd, args): a result looked up for this function's own data, not a setting.
    const made = ts.isIdentifier(e) ? constInitializer(e, this.engine.checker) : undefined;
    const call = made && skipOuterAndAwait(made);
    if (call && ts.isCallExpression(call) && call.arguments.some((a) => usesLocal(a, condition, this.engine.checker))) return false;
    return !this.engine.labelsOf(e).some((t) => t.root.kind === "source");
  }

  /** `if (!ok) throw …` (or a call that never returns): the branch that leaves stops the caller too. */
  private throwsOut(st: ts.IfStatement): boolean {
    const leaving = this.alwaysExits(st.thenStatement) ? st.thenStatement : st.elseStatement;
    return !!leaving && this.alwaysExits(leaving, false);
  }

  /** What `list.some(fn)` proves of the list's elements: what fn proves of its first parameter. */
  private elementPredicate(fn: FunctionLike, name: string, list: ts.Expression, call: ts.CallExpression, positive: boolean, depth: number): Effect[] {
    const inner = this.predicateEffects(fn, positive, depth + 1).filter((e) => e.identity.root.kind === "param" && e.identity.root.index === 0);
    return this.namedIpCheck(inner, fn, name, list, call, positive, depth) ?? inner.flatMap((e) => this.mapToArgs(e, [list]));
  }

  /**
   * isPrivateHost(u.hostname) testing its text inside: what the caller passes says whether that text is a host. Undefined
   * unless the predicate is named as an IP check and only reads text.
   */
  private namedIpCheck(inner: readonly Effect[], fn: FunctionLike, name: string, subject: ts.Expression, call: ts.CallExpression, positive: boolean, depth: number): Effect[] | undefined {
    const textOnly = inner.every((e) => e.mark.kind === "ip-check" && e.mark.detail !== "resolved");
    // isPrivateIp(a) false, or isPublicIp(a) true: the name says which answer lets the address through.
    const passes = (PRIVATE_IP_NAME.test(name) && !positive) || (PUBLIC_IP_NAME.test(name) && positive);
    return textOnly && passes ? this.ipCheck(subject, call, depth, containsDnsLookup(fn, (x) => this.engine.resolver.apiOf(x))) : undefined;
  }

  /** A check proven inside a function on its parameter, restated for the argument a call passes. */
  private mapToArgs(effect: Effect, args: readonly ts.Expression[]): Effect[] {
    // A helper's local that was overwritten says nothing of what the caller passed.
    if (effect.identity.root.kind !== "param" || effect.only) return [];
    const { index, fn } = effect.identity.root;
    const arg = args[index];
    const mark = optionAtCall(effect.mark, fn, args, this.engine.resolver.checker);
    if (!arg || !mark) return [];
    // hostListed(args.domains, host): the list the host was checked against is the attacker's own.
    const listed = mark.kind === "host-allowlist" || mark.kind === "host-suffix" ? paramsRead(mark.node, fn, this.engine.checker) : [];
    if (listed.some((i) => i !== index && args[i] && this.fromSource(args[i] as ts.Expression))) return [];
    const out: Effect[] = [];
    for (const a of this.engine.startingLabels(arg)) {
      const suffix = mark.kind === "host-suffix";
      // A suffix check vouches for a hostname, not for a whole URL (`https://evil.test/?x.example.com`).
      if (suffix && !hasMark(a, "hostname")) continue;
      const composed = this.engine.compose(a, { ...effect.identity, steps: undefined });
      if (composed) out.push({ identity: composed, mark: suffix ? { ...mark, kind: "host-allowlist" } : resolvedAtCall(realAtCall(mark, a), a) });
    }
    return out;
  }

  cond(expr: ts.Expression, positive: boolean, depth: number): Effect[] {
    const key = `${expr.getSourceFile().fileName}:${expr.pos}:${expr.end}:${positive}`;
    const cached = this.condMemo.get(key);
    if (cached) return cached;
    this.condMemo.set(key, []);
    const out = this.evalCond(expr, positive, depth);
    this.condMemo.set(key, out);
    return out;
  }

  /**
   * `let ok = false; ok = roots.some(…); if (!ok) throw`: a flag declared falsy and set once, by a statement of the
   * same block before the test, holds what it was set to.
   */
  private flagValue(id: ts.Identifier): ts.Expression | undefined {
    const symbol = this.engine.checker.getSymbolAtLocation(id);
    const decl = symbol?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isVariableDeclarationList(decl.parent) || !ts.isVariableStatement(decl.parent.parent)) return undefined;
    if (!symbol || (decl.initializer && !isOff(decl.initializer))) return undefined;
    const block = decl.parent.parent.parent;
    if (!this.flagMemo.has(symbol)) {
      const writes: ts.BinaryExpression[] = [];
      const visit = (n: ts.Node): void => {
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && n.left.text === id.text && this.engine.checker.getSymbolAtLocation(n.left) === symbol) writes.push(n);
        ts.forEachChild(n, visit);
      };
      visit(block);
      this.flagMemo.set(symbol, writes.length === 1 ? (writes[0] ?? null) : null);
    }
    const write = this.flagMemo.get(symbol);
    if (!write || !ts.isExpressionStatement(write.parent) || write.parent.parent !== block) return undefined;
    const test = ts.isBlock(block) || ts.isSourceFile(block) ? block.statements.find((st) => st.pos <= id.pos && id.end <= st.end) : undefined;
    return test && write.parent.end <= test.pos ? write.right : undefined;
  }

  private evalCond(expr: ts.Expression, positive: boolean, depth: number): Effect[] {
    const e = skipOuterAndAwait(expr);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return this.cond(e.operand, !positive, depth);
    if (ts.isBinaryExpression(e)) return this.binaryCond(e, positive, depth);
    if (ts.isConditionalExpression(e)) return this.conditionalCond(e, positive, depth);
    if (ts.isIdentifier(e)) {
      const init = constInitializer(e, this.engine.checker) ?? this.flagValue(e);
      if (init) return this.cond(init, positive, depth);
    }
    // const { full, ok } = inBase(root, p); if (!ok) throw: what the helper's `ok` proves of the path it was given.
    const member = resultMember(e, this.engine.checker);
    if (member && depth < MAX_DEPTH) {
      return this.engine.resolver.calleeFunctions(member.call).flatMap((fn) => this.memberEffects(fn, member.key, positive, depth + 1).flatMap((effect) => this.mapToArgs(effect, member.call.arguments)));
    }
    // if (!ROUTES[route]) throw: only a key the code wrote into the table gets past.
    if (ts.isElementAccessExpression(e) && positive && this.engine.resolver.resolve(e.expression).kind === "object" && !this.engine.labelsOf(e.expression).length) {
      // Only the key itself: `LINTERS[extname(file)]` being set says the extension is known, not the file name.
      return this.engine.labelsOf(e.argumentExpression).filter((t) => !t.derived).map((identity) => ({ identity, mark: { kind: "const", node: e } }));
    }
    // if (args && !valid(args)) throw: past it, args is either falsy ("", 0, undefined), which carries nothing, or valid.
    if (!positive && (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e))) {
      // Only the value itself: `const big = x.length > 9` being false says nothing of x.
      const itself = this.engine.labelsOf(e).filter((t) => !t.derived);
      if (itself.length) return itself.map((identity) => ({ identity, mark: { kind: "const", detail: FALSY, node: e } }));
    }
    if (ts.isIdentifier(e)) return [];
    if (ts.isCallExpression(e)) return this.callCond(e, positive, depth);
    return [];
  }

  /**
   * `return m ? m[1] : null` in a helper: the result has the wanted truth only through a branch that can give it, and
   * that branch was picked by the test's outcome, so what holds is what both such branches prove.
   */
  private conditionalCond(e: ts.ConditionalExpression, positive: boolean, depth: number): Effect[] {
    const through = (taken: boolean): Effect[] | undefined => {
      const value = taken ? e.whenTrue : e.whenFalse;
      const never = positive ? isOff(value) : skipOuter(value).kind === ts.SyntaxKind.TrueKeyword;
      return never ? undefined : [...this.cond(e.condition, taken, depth), ...this.cond(value, positive, depth)];
    };
    const [whenTrue, whenFalse] = [through(true), through(false)];
    return whenTrue && whenFalse ? meet(whenTrue, whenFalse) : (whenTrue ?? whenFalse ?? []);
  }

  private binaryCond(e: ts.BinaryExpression, positive: boolean, depth: number): Effect[] {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      if (positive) return [...this.cond(e.left, true, depth), ...this.cond(e.right, true, depth), ...this.separatorBeforeColon(e)];
      const right = this.cond(e.right, false, depth);
      // if (checkAllowed && !allowed(p)) throw, with checkAllowed on unless a caller turns it off: the check runs.
      if (!this.fromSource(e.left) && trueByDefault(e.left, this.engine.resolver) === true) return right;
      // if (net.isIP(h) === 4 && isPrivateIPv4(h)) throw: the family test picks which range check applies.
      if (addressFamilyTest(e.left)) return right.filter((r) => r.mark.kind === "ip-check");
      // state && !valid(state): where state is falsy it carries nothing, and where it is not, valid(state) held.
      const left = skipOuter(e.left);
      if (ts.isIdentifier(left) || ts.isPropertyAccessExpression(left)) {
        const own = this.engine.labelsOf(left);
        // Only a check of the value's form: `x && x !== last` is no check of x.
        const proven = right.filter((r) => r.mark.kind !== "const" && own.some((t) => sameIdentity(t, r.identity) && sameIdentity(r.identity, t)));
        if (proven.length) return proven;
      }
      // `real !== root && !real.startsWith(root + sep)`: equal to the root is contained too, whichever side it is written on.
      const leftPieces = right.some((r) => r.mark.kind === "path-check") ? this.equalPieces(e.left) : [];
      return meet([...this.cond(e.left, false, depth), ...leftPieces], [...right, ...this.equalPieces(e.right)]);
    }
    if (op === ts.SyntaxKind.BarBarToken) {
      return positive ? meet(this.cond(e.left, true, depth), this.cond(e.right, true, depth)) : [...this.cond(e.left, false, depth), ...this.cond(e.right, false, depth)];
    }
    const equality = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const inequality = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    // p.indexOf(":") === -1: no colon, so scp and rsync read p as a local file.
    const colonOf = (equality || inequality) && isMinusOne(e.right) ? this.indexIn(e.left, ":") : undefined;
    if (colonOf && equality === positive) return this.markAll(colonOf, { kind: "local-spec", node: e });
    // ipaddr.parse(a).range() !== "unicast" before a throw: only an address ipaddr.js classes as public unicast gets past.
    const unicast = (equality || inequality) && [e.left, e.right].find((x) => this.engine.constantText(x) === "unicast");
    const ranged = unicast && this.ipRange(unicast === e.left ? e.right : e.left);
    if (ranged) return (equality && positive) || (inequality && !positive) ? this.ipCheck(ranged.address, ranged.call, depth) : [];
    if ((equality && positive) || (inequality && !positive)) {
      const typeofCheck = typeofTarget(e);
      if (typeofCheck) return typeofCheck.type === "number" || typeofCheck.type === "boolean" ? this.markAll(typeofCheck.operand, { kind: "number", node: e }) : [];
      const [tainted, other] = this.engine.labelsOf(e.left).length ? [e.left, e.right] : [e.right, e.left];
      if (this.fromSource(other)) return [];
      // new URL(u).protocol === "https:": u is a web link, whatever else it holds.
      const scheme = skipOuter(tainted);
      if (ts.isPropertyAccessExpression(scheme) && scheme.name.text === "protocol" && /^https?:$/.test(this.engine.constantText(other) ?? "")) {
        return this.markAll(scheme.expression, { kind: "http-scheme", node: e });
      }
      return this.equalTo(tainted, e);
    }
    // registry.get(id) !== undefined, resolveUnder(root, p) !== null: the call's result is set, as in `if (registry.get(id))`.
    const nothing = [e.left, e.right].find(isOff);
    if (nothing && ((equality && !positive) || (inequality && positive))) {
      const tested = skipOuterAndAwait(nothing === e.left ? e.right : e.left);
      // const found = store.get(id); if (found === undefined) return: the lookup's result, tested where it was kept.
      const kept = ts.isIdentifier(tested) ? constInitializer(tested, this.engine.checker) : undefined;
      const looked = kept ? skipOuterAndAwait(kept) : tested;
      if (ts.isCallExpression(looked)) return this.cond(looked, true, depth);
    }
    if ((equality && !positive) || (inequality && positive)) {
      // host !== "localhost" on the way to a request: a denylist over the hostname text.
      const [tainted, other] = this.engine.labelsOf(e.left).length ? [e.left, e.right] : [e.right, e.left];
      const text = this.engine.constantText(other);
      if (text !== undefined && LOCAL_HOST.test(text)) return this.hostDenylist(tainted, e);
    }
    if (op === ts.SyntaxKind.InKeyword && positive && !this.engine.labelsOf(e.right).length) return this.markAll(e.left, { kind: "const", node: e });
    return [];
  }

  /** `sep !== -1 && sep < colon`, of `p.indexOf("/")` and `p.indexOf(":")`: a "/" comes first, so p names a local file. */
  private separatorBeforeColon(e: ts.BinaryExpression): Effect[] {
    const [found, before] = [skipOuter(e.left), skipOuter(e.right)];
    if (!ts.isBinaryExpression(found) || !ts.isBinaryExpression(before) || before.operatorToken.kind !== ts.SyntaxKind.LessThanToken) return [];
    const foundOp = found.operatorToken.kind;
    if ((foundOp !== ts.SyntaxKind.ExclamationEqualsEqualsToken && foundOp !== ts.SyntaxKind.ExclamationEqualsToken) || !isMinusOne(found.right)) return [];
    const separatorOf = this.indexIn(before.left, "/");
    const colonOf = this.indexIn(before.right, ":");
    const same = (a: ts.Expression, b: ts.Expression) => ts.isIdentifier(a) && ts.isIdentifier(b) && this.engine.checker.getSymbolAtLocation(a) === this.engine.checker.getSymbolAtLocation(b);
    if (!separatorOf || !colonOf || !same(separatorOf, colonOf) || !same(skipOuter(found.left), skipOuter(before.left))) return [];
    return this.markAll(colonOf, { kind: "local-spec", node: e });
  }

  /** `p.indexOf(text)` (or `p.search(/…text…/)`), directly or through a const: p, the value searched. */
  private indexIn(expr: ts.Expression, text: string): ts.Expression | undefined {
    const e = skipOuter(expr);
    const call = ts.isIdentifier(e) ? constInitializer(e, this.engine.checker) : e;
    if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !call.arguments[0]) return undefined;
    const method = call.expression.name.text;
    const arg = call.arguments[0];
    const pattern = (x: ts.Expression): boolean => {
      const p = skipOuter(x);
      return ts.isConditionalExpression(p) ? pattern(p.whenTrue) && pattern(p.whenFalse) : (regexSource(p, this.engine.checker)?.includes(text) ?? false);
    };
    const searched = method === "indexOf" ? this.engine.constantText(arg) === text : method === "search" && pattern(arg);
    return searched && this.engine.labelsOf(call.expression.expression).length ? skipOuter(call.expression.expression) : undefined;
  }

  private callCond(call: ts.CallExpression, positive: boolean, depth: number): Effect[] {
    const callee = skipOuter(call.expression);
    const method = calleeName(call);
    const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
    const arg0 = call.arguments[0];
    const resolved = this.engine.resolver.apiOf(call.expression);
    // Methods of values (String(x).includes) are not library functions.
    const api = resolved && !resolved.path.includes("#") ? resolved : undefined;
    const tainted = (x: ts.Expression | undefined) => !!x && this.engine.labelsOf(x).length > 0;

    // const change = pending.get(id); if (!change) throw: only a key the code stored gets past, as with has(id).
    if (receiver && arg0 && method === "get" && call.arguments.length === 1 && positive && !api && tainted(arg0) && this.keysChosenByCode(receiver)) {
      return this.equalTo(arg0, call).map((e) => ({ ...e, mark: { ...e.mark, detail: FOUND } }));
    }
    // const found = registry.getItem(id); if (!found) throw, with getItem returning this.items.get(id): the same lookup.
    const wrapped = positive && !api && depth < MAX_DEPTH ? this.wrappedLookup(call) : undefined;
    if (wrapped && tainted(wrapped)) return this.equalTo(wrapped, call).map((e) => ({ ...e, mark: { ...e.mark, detail: FOUND } }));
    if (receiver && arg0 && (method === "includes" || method === "has" || method === "hasOwnProperty") && !api) {
      // PRIVATE_RANGES.includes(ipaddr.parse(a).range()) before a throw: a list naming the private classes refuses them.
      const ranged = !positive && method !== "hasOwnProperty" ? this.ipRange(arg0) : undefined;
      if (ranged) return this.namesPrivateRanges(receiver) ? this.ipCheck(ranged.address, ranged.call, depth) : [];
      if (positive && !this.fromSource(receiver) && tainted(arg0)) return this.equalTo(arg0, call);
      if (!positive && !this.fromSource(receiver) && tainted(arg0)) return this.hostDenylist(arg0, call);
      const dots = this.engine.constantText(arg0);
      if (!positive && method === "includes" && tainted(receiver) && dots === "..") return this.markAll(splitBase(receiver), { kind: "no-dotdot", node: call });
      // if (nodeType.includes(".")) return …: what goes on holds no dot at all.
      if (!positive && method === "includes" && tainted(receiver) && dots === ".") return this.markAll(receiver, { kind: "no-dot", node: call });
      // if (name.includes("/")) throw: no separator is left, so the name stays one entry of the folder it is joined to.
      if (!positive && method === "includes" && tainted(receiver) && this.engine.constantText(arg0) === "/") return this.markAll(receiver, { kind: "basename", node: call });
      if (!positive && method === "includes" && tainted(receiver) && dots === ":") return this.markAll(receiver, { kind: "local-spec", node: call });
      return [];
    }
    // if (blocked.check(address)) throw, with blocked a node net.BlockList: the address is in none of its ranges.
    if (receiver && arg0 && method === "check" && !positive && tainted(arg0) && this.isBlockList(receiver)) return this.ipCheck(arg0, call, depth);
    // p.split(/[\\/]/).some((s) => s === ".."): no segment of p is "..".
    if (receiver && !positive && method === "some" && splitBase(receiver) !== receiver && tainted(receiver) && comparesElementTo(call, "..", this.engine)) {
      return this.markAll(splitBase(receiver), { kind: "no-dotdot", node: call });
    }
    if (api?.module === "path" && api.path[api.path.length - 1] === "isAbsolute" && arg0) return this.markAll(arg0, { kind: positive ? "absolute" : "not-absolute", node: call });
    if (api?.module === "global" && (api.path.join(".") === "Object.hasOwn" || api.path.join(".") === "Reflect.has") && positive && call.arguments[1]) {
      return this.markAll(call.arguments[1], { kind: "const", node: call });
    }
    if (receiver && arg0 && method === "startsWith" && tainted(receiver) && !this.fromSource(arg0)) return this.startsWithCond(call, receiver, arg0, positive, depth);
    if (receiver && arg0 && method === "endsWith" && positive && tainted(receiver) && !this.fromSource(arg0)) {
      const text = this.engine.constantText(arg0);
      const labels = this.engine.labelsOf(receiver);
      // host.endsWith(`.${domain}`) with the domain from a configured list: a subdomain of an allowed domain.
      const listedDomain = text === undefined && this.dotThenValue(arg0);
      if (!listedDomain && (!text || !/^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(text))) return [];
      if (labels.some((t) => hasMark(t, "hostname"))) return this.markAll(receiver, { kind: "host-allowlist", node: call });
      // isAllowedHost(host) { return host.endsWith(".example.com") }: an allowlist where a caller passes a hostname.
      return labels.every((t) => t.root.kind === "param") ? this.markAll(receiver, { kind: "host-suffix", node: call }) : [];
    }
    // if (/^(127\.|10\.|192\.168\.)/.test(address)) throw: a private-range pattern, like an isPrivate() check.
    if (receiver && arg0 && (method === "test" || method === "match" || method === "exec") && !positive) {
      const [pattern, subject] = method === "match" ? [arg0, receiver] : [receiver, arg0];
      if (!tainted(subject)) return [];
      if (privateRangePattern(pattern, this.engine.checker)) return this.ipCheck(subject, call, depth);
      // if (/[\/\\]/.test(name)) throw: no path separator is left.
      if (separatorPattern(pattern, this.engine.checker)) return this.markAll(subject, { kind: "basename", node: call });
      // if (/[;&|`$<>\n]/.test(cmd)) throw: no character that ends or chains a shell command is left.
      const blocked = shellMetaBlocklist(pattern, this.engine.checker);
      return blocked ? this.markAll(subject, { kind: "shell-quoted", detail: blocked, node: call }) : [];
    }
    if (receiver && arg0 && (method === "test" || method === "match" || method === "exec") && positive) {
      const [pattern, subject] = method === "match" ? [arg0, receiver] : [receiver, arg0];
      // /\.googleapis\.com$/.test(url.hostname): a hostname in an allowed domain, as endsWith(".googleapis.com") is.
      if (tainted(subject) && hostSuffixPattern(pattern, this.engine.checker) && this.engine.labelsOf(subject).some((t) => hasMark(t, "hostname"))) {
        return this.markAll(subject, { kind: "host-allowlist", node: call });
      }
      const mark = regexMark(pattern, call, this.engine.checker);
      return mark && tainted(subject) ? this.engine.labelsOf(subject).filter((t) => !t.part || t.piece?.length || mark.kind === "host-allowlist").map((identity) => ({ identity, mark })) : [];
    }
    if (receiver && arg0 && (method === "some" || method === "every" || method === "find" || method === "findLast") && isFunctionLike(skipOuter(arg0))) {
      const cb = skipOuter(arg0) as FunctionLike;
      const effects = this.returnsProve(cb, positive, depth);
      if (!this.fromInput(receiver, call)) return effects;
      // !addresses.some(isPrivate) tests every element of an input list, but only when none (or, for every, all) passed;
      // dirs.some((d) => p.startsWith(d)) tests p, whoever passed the list. A found element is truthy, so find is some.
      const everyElement = (method !== "every" && !positive) || (method === "every" && positive);
      return everyElement ? effects : effects.filter((e) => !(e.identity.root.kind === "param" && e.identity.root.fn === cb));
    }
    // addresses.some(isPrivate): the named predicate runs on every element, as `(a) => isPrivate(a)` would.
    if (receiver && arg0 && (method === "some" || method === "find" || method === "findLast" || method === "every") && depth < MAX_DEPTH) {
      const ref = this.engine.resolver.resolve(arg0);
      const everyElement = (method !== "every" && !positive) || (method === "every" && positive);
      if (ref.kind === "function" && everyElement && this.fromInput(receiver, call)) return this.elementPredicate(ref.node, referenceName(arg0), receiver, call, positive, depth);
    }
    if (api && arg0) {
      const name = api.path[api.path.length - 1] ?? api.module;
      if (api.module === "global" && (name === "isInteger" || name === "isSafeInteger" || name === "isFinite") && positive) return this.markAll(arg0, { kind: "number", node: call });
      if (api.module === "validator" && positive && /^is(UUID|Alphanumeric|Alpha|Numeric|Int|Float|IP|Email|Hexadecimal|Base64|MongoId|Slug|Semver|ISO8601|Port)$/.test(name)) return this.markAll(arg0, { kind: "regex", node: call });
      if (PATH_INSIDE_MODULES.has(api.module) && positive) return this.pathInside(arg0, call, depth);
      if (STRONG_SSRF_MODULES.has(api.module) && positive) return this.markAll(arg0, { kind: "ip-check", detail: "resolved", node: call });
      if ((PRIVATE_IP_MODULES.has(api.module) || PRIVATE_IP_NAME.test(name)) && !positive) return this.ipCheck(arg0, call, depth);
      if (PUBLIC_IP_NAME.test(name) && positive) return this.ipCheck(arg0, call, depth);
      return [];
    }
    if (depth >= MAX_DEPTH) return [];
    const fns = this.engine.resolver.calleeFunctions(call);
    const name = method ?? "";
    if (!fns.length) {
      if (arg0 && ((PRIVATE_IP_NAME.test(name) && !positive) || (PUBLIC_IP_NAME.test(name) && positive))) return this.ipCheck(arg0, call, depth);
      if (arg0 && PATH_INSIDE_NAME.test(name) && positive) return this.pathInside(arg0, call, depth);
      return [];
    }
    const out: Effect[] = [];
    for (const fn of fns) {
      const inner = this.predicateEffects(fn, positive, depth + 1);
      const named = arg0 && this.namedIpCheck(inner, fn, name, arg0, call, positive, depth);
      if (named) out.push(...named);
      else for (const e of inner) out.push(...this.mapToArgs(e, call.arguments));
      if (positive) out.push(...this.equalArguments(fn, call));
    }
    if (!out.length && arg0 && fns.length === 1 && fns[0]) out.push(...this.predicateOutcome(arg0, fns[0], positive));
    return out;
  }

  /**
   * urisMatch(registered, requested) with `return registered === requested`: each argument equals the other one, a
   * constant or allowlist member unless the other came from the input too.
   */
  private equalArguments(fn: FunctionLike, call: ts.CallExpression): Effect[] {
    let pairs = this.equalParamsMemo.get(fn);
    if (!pairs) this.equalParamsMemo.set(fn, (pairs = equalParams(fn, this.engine.checker)));
    const out: Effect[] = [];
    for (const [i, j] of pairs) {
      const [a, b] = [call.arguments[i], call.arguments[j]];
      if (a && b && !ts.isSpreadElement(a) && !ts.isSpreadElement(b) && !this.fromSource(b)) out.push(...this.equalTo(a, call));
    }
    return out;
  }

  /**
   * isUrl(x) held true here: a later branch that needs isUrl(x) false cannot be reached with this value.
   * Recorded as a mark so contradicting branches drop the taint (see withPredicate).
   */
  private predicateOutcome(arg: ts.Expression, fn: FunctionLike, positive: boolean): Effect[] {
    const id = `${fn.getSourceFile().fileName}:${fn.pos}`;
    return this.engine.labelsOf(arg).map((identity) => ({ identity, mark: { kind: "predicate", detail: `${id}=${positive}` } }));
  }

  private startsWithCond(call: ts.CallExpression, receiver: ts.Expression, arg0: ts.Expression, positive: boolean, depth: number): Effect[] {
    const text = this.engine.constantText(arg0);
    const labels = this.engine.labelsOf(receiver);
    if (!positive) {
      if (text === ".." || text === `..${"/"}` || text === "../" || text === "..\\" || this.dotDotSeparator(arg0)) {
        if (labels.some((t) => hasMark(t, "relative"))) {
          const real = labels.some((t) => hasMark(t, "realpath"));
          const bases = labels.flatMap((t) => t.marks.flatMap((m) => (m.kind === "relative" && m.node && ts.isCallExpression(m.node) && m.node.arguments[0] ? [m.node.arguments[0]] : [])));
          return this.exceptRoots(this.markAll(receiver, { kind: "path-check", detail: real ? "contained-real" : "contained", node: call }), bases);
        }
      }
      // A normalized path keeps ".." only at its start: not starting with ".." means no ".." segment at all.
      if (text === ".." && labels.some((t) => hasMark(t, "normalized"))) {
        return labels.filter((t) => hasMark(t, "normalized")).map((identity) => ({ identity, mark: { kind: "no-dotdot", node: call } }));
      }
      if (text === "-" || text === "--") return this.markAll(receiver, { kind: "prefixed", node: call });
      return [];
    }
    if (text !== undefined) {
      if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+[/?#:]/i.test(text)) return this.markAll(receiver, { kind: "host-allowlist", node: call });
      if (/^https?:\/\/$/i.test(text)) return this.markAll(receiver, { kind: "http-scheme", node: call });
      // Only an absolute folder is a root: "~/", "./" or "/" are branches on the path's form, not containment.
      if (!/^(\/|[A-Za-z]:[\\/])[^/\\]+/.test(text)) return [];
      // url.pathname.startsWith("/api/agents/") picks a route: the request's path is no file path yet.
      if (labels.length && labels.every(requestPath)) return [];
    }
    const real = labels.some((t) => hasMark(t, "realpath"));
    const sep = this.separatorTerminated(arg0, 0) || nextCharIsSeparator(call, receiver, arg0);
    // The input itself, never resolved or joined: "/root/../etc/passwd" starts with "/root/" and leaves it. A helper's
    // parameter is whatever its callers resolved.
    const raw = labels.length > 0 && labels.every((t) => t.root.kind !== "param" && !t.derived && !t.marks.length);
    const detail = raw ? "raw" : `${sep ? "contained" : "prefix"}${real ? "-real" : ""}`;
    return this.exceptRoots(this.markAll(receiver, { kind: "path-check", detail, node: call }), [arg0]);
  }

  /**
   * A containment check vouches for what sits under the root, never for the root itself (`safeResolve(args.dir, name)`).
   * A root a project function found from the value (the project a file belongs to) stays a check on that value.
   */
  private exceptRoots(effects: Effect[], roots: readonly ts.Expression[]): Effect[] {
    const rootLabels = roots.flatMap((r) => this.engine.labelsOf(r)).filter((t) => !returnedByProject(t));
    if (!rootLabels.length) return effects;
    return effects.filter((e) => !rootLabels.some((r) => r.root.id === e.identity.root.id && r.path.join(".") === e.identity.path.join(".")));
  }

  private pathInside(arg0: ts.Expression, call: ts.CallExpression, depth: number): Effect[] {
    const real = this.engine.labelsOf(arg0).some((t) => hasMark(t, "realpath"));
    return this.markAll(arg0, { kind: "path-check", detail: real ? "contained-real" : "contained", node: call });
  }

  /** A node `net.BlockList`, made in place or kept in a variable or field. */
  private isBlockList(expr: ts.Expression): boolean {
    const api = this.engine.resolver.instanceApi(expr);
    return !!api && api.module === "net" && api.path[api.path.length - 1] === "BlockList";
  }

  private ipCheck(arg0: ts.Expression, call: ts.CallExpression, depth: number, resolves = false): Effect[] {
    const labels = this.engine.labelsOf(arg0);
    // `url.hostname` of a URL a caller passed in is a host as surely as `new URL(u).hostname`.
    const e = skipOuter(arg0);
    const hostMember = ts.isPropertyAccessExpression(e) && (e.name.text === "hostname" || e.name.text === "host");
    const detail = resolves || labels.some((t) => hasMark(t, "dns-resolved")) ? "resolved" : hostMember || labels.some((t) => hasMark(t, "hostname")) ? "hostname-text" : "url-text";
    return this.markAll(arg0, { kind: "ip-check", detail, node: call });
  }

  /** `.${domain}` or `"." + domain`, the domain not from the input. */
  private dotThenValue(expr: ts.Expression): boolean {
    const e = skipOuter(expr);
    // hostListed(list, host) { return list.some((d) => host.endsWith(`.${d}`)) }: the list is what callers pass.
    const listed = (x: ts.Expression) => !this.engine.labelsOf(x).some((t) => t.root.kind === "source");
    if (ts.isTemplateExpression(e)) {
      const [span, ...rest] = e.templateSpans;
      return e.head.text === "." && !!span && rest.length === 0 && span.literal.text === "" && listed(span.expression);
    }
    return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken && this.engine.constantText(e.left) === "." && listed(e.right);
  }

  /** `..${path.sep}` or `".." + path.sep`: the parent folder's prefix, spelled with the platform's separator. */
  private dotDotSeparator(expr: ts.Expression): boolean {
    const e = skipOuter(expr);
    const head = ts.isTemplateExpression(e) && e.templateSpans.length === 1 ? e.head.text : ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken ? this.engine.constantText(e.left) : undefined;
    return head === ".." && this.separatorTerminated(e, 0);
  }

  /** Does a containment prefix end in a path separator (`root + path.sep`, `${root}/`)? */
  private separatorTerminated(expr: ts.Expression, depth: number): boolean {
    if (depth > 5) return false;
    const e = skipOuterAndAwait(expr);
    const text = this.engine.constantText(e);
    if (text !== undefined) return text.endsWith("/") || text.endsWith("\\");
    if (ts.isTemplateExpression(e)) {
      const last = e.templateSpans[e.templateSpans.length - 1];
      if (!last) return false;
      return last.literal.text ? /[/\\]$/.test(last.literal.text) : this.separatorTerminated(last.expression, depth + 1);
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return this.separatorTerminated(e.right, depth + 1);
    if (ts.isConditionalExpression(e)) {
      // root.endsWith(path.sep) ? root : root + path.sep: the branch the test picks already ends with it.
      const [tested, negated] = endsWithTest(e.condition);
      const ends = (branch: ts.Expression) => !!tested && this.separatorTerminated(tested.arguments[0] as ts.Expression, depth + 1) && skipOuter(branch).getText() === (tested.expression as ts.PropertyAccessExpression).expression.getText();
      const whenTrue = (!negated && ends(e.whenTrue)) || this.separatorTerminated(e.whenTrue, depth + 1);
      const whenFalse = (negated && ends(e.whenFalse)) || this.separatorTerminated(e.whenFalse, depth + 1);
      return whenTrue && whenFalse;
    }
    const api = this.engine.resolver.apiOf(e);
    if (api && (api.module === "path" || api.module === "node:path") && api.path[api.path.length - 1] === "sep") return true;
    if (ts.isIdentifier(e)) {
      const init = constInitializer(e, this.engine.checker);
      if (init) return this.separatorTerminated(init, depth + 1);
      const decl = this.engine.checker.getSymbolAtLocation(e)?.valueDeclaration;
      // The element of a list of roots: `dirs.some(dir => p.startsWith(dir))`.
      if (decl && ts.isParameter(decl) && isFunctionLike(decl.parent) && ts.isCallExpression(decl.parent.parent)) {
        const owner = skipOuter(decl.parent.parent.expression);
        if (ts.isPropertyAccessExpression(owner)) return this.elementsSeparatorTerminated(owner.expression, depth + 1);
      }
    }
    if (ts.isCallExpression(e)) {
      const name = calleeName(e);
      if (name === "join" && this.engine.resolver.apiOf(e.expression)?.module === "path") {
        const last = e.arguments[e.arguments.length - 1];
        return !!last && this.separatorTerminated(last, depth + 1);
      }
      // root.toLowerCase(): a case-insensitive comparison keeps the separator the root ends with.
      if (name && CASE_FOLDS.has(name) && ts.isPropertyAccessExpression(e.expression) && !e.arguments.length) return this.separatorTerminated(e.expression.expression, depth + 1);
      // dir.replace(/\/?$/, "/"): whatever the folder ended with, it now ends with the separator.
      const [pattern, replacement] = e.arguments;
      if (name === "replace" && pattern && replacement && ts.isRegularExpressionLiteral(pattern) && /[^\\]\$\/[a-z]*$/.test(pattern.text)) return this.separatorTerminated(replacement, depth + 1);
      // withTrailingSep(root): a project helper appends it when every value it can return ends with it.
      const fns = this.engine.resolver.calleeFunctions(e);
      if (fns.length) return fns.every((fn) => returnedExpressions(fn).length > 0 && returnedExpressions(fn).every((r) => this.separatorTerminated(r, depth + 1) || this.endsWithGuarded(r, fn, depth + 1)));
    }
    return false;
  }

  /** `if (dir.endsWith(sep)) return dir;`, or a return after `if (!dir.endsWith(sep)) return dir + sep;`: the value returned already ends with it. */
  private endsWithGuarded(returned: ts.Expression, fn: FunctionLike, depth: number): boolean {
    const text = skipOuter(returned).getText();
    const testsReturned = (cond: ts.Expression, whenEnds: boolean) => {
      const [tested, negated] = endsWithTest(cond);
      return !!tested && negated !== whenEnds && (tested.expression as ts.PropertyAccessExpression).expression.getText() === text && this.separatorTerminated(tested.arguments[0] as ts.Expression, depth + 1);
    };
    let child: ts.Node = returned;
    for (let parent = returned.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
      if (ts.isIfStatement(parent) && ((child === parent.thenStatement && testsReturned(parent.expression, true)) || (child === parent.elseStatement && testsReturned(parent.expression, false)))) return true;
      if (ts.isBlock(parent)) {
        for (const st of parent.statements) {
          if (st === child) break;
          if (ts.isIfStatement(st) && !st.elseStatement && testsReturned(st.expression, false) && this.alwaysExits(st.thenStatement)) return true;
        }
      }
    }
    return false;
  }

  private elementsSeparatorTerminated(list: ts.Expression, depth: number): boolean {
    const e = skipOuter(list);
    const source = ts.isIdentifier(e) ? constInitializer(e, this.engine.checker) : e;
    if (!source) return false;
    const s = skipOuter(source);
    if (ts.isArrayLiteralExpression(s)) return s.elements.length > 0 && s.elements.every((x) => this.separatorTerminated(x, depth + 1));
    if (ts.isCallExpression(s) && calleeName(s) === "map" && s.arguments[0] && isFunctionLike(skipOuter(s.arguments[0]))) {
      const cb = skipOuter(s.arguments[0]) as FunctionLike;
      const body = cb.body && !ts.isBlock(cb.body) ? cb.body : singleReturn(cb);
      return !!body && this.separatorTerminated(body, depth + 1);
    }
    return false;
  }

  /** The marks a predicate proves of its first parameter when it returns true: a schema's `.refine(isInsideRoot)`. */
  provenByPredicate(fn: FunctionLike): Mark[] {
    return this.predicateEffects(fn, true, 0).flatMap((e) => (e.identity.root.kind === "param" && e.identity.root.index === 0 && !e.identity.path.length ? [e.mark] : []));
  }

  /** What a boolean project function proves about its parameters when it returns `positive`. */
  private predicateEffects(fn: FunctionLike, positive: boolean, depth: number): Effect[] {
    const key = `${fn.getSourceFile().fileName}:${fn.pos}:${positive}`;
    const cached = this.predicateMemo.get(key);
    if (cached) return cached;
    this.predicateMemo.set(key, []);
    const out = this.returnsProve(fn, positive, depth).filter((e) => e.identity.root.kind === "param" && e.identity.root.fn === fn && e.mark.detail !== FALSY);
    this.predicateMemo.set(key, out);
    return out;
  }

  /** What the statements run on each element of a list prove of every element: each exiting check and throwing helper in turn. */
  private loopBodyEffects(statements: readonly ts.Statement[], element: ts.BindingName | undefined, list: ts.Expression, depth: number, skips: (st: ts.Statement) => boolean): Effect[] {
    const out: Effect[] = [];
    for (const inner of statements) {
      // Each exiting check in turn: a denylist test first, then the containment test.
      if (ts.isIfStatement(inner) && !inner.elseStatement && this.alwaysExits(inner.thenStatement) && !skips(inner.thenStatement)) {
        out.push(...this.cond(inner.expression, false, depth));
        // for (const seg of p.split("/")) if (seg === "..") throw: no segment of the list, or of p, is "..".
        if (element && ts.isIdentifier(element) && comparesTo(inner.expression, element.text, "..", this.engine)) out.push(...this.markAll(splitBase(list), { kind: "no-dotdot", node: inner }));
        continue;
      }
      // for (const a of addresses) assertPublic(a.address): a helper that throws checks every element as an if would.
      const call = ts.isExpressionStatement(inner) ? skipOuterAndAwait(inner.expression) : undefined;
      if (call && ts.isCallExpression(call)) {
        out.push(...this.assertionEffects(call, depth, true));
        continue;
      }
      // Past a statement that may skip the check (continue, a nested branch), it no longer covers every element.
      if (!ts.isExpressionStatement(inner) && !ts.isVariableStatement(inner)) break;
    }
    return out;
  }

  /** `columns.forEach((c) => validateColumn(c))`: the callback's checks, which throw out of the loop, hold for every element. */
  private eachElementEffects(call: ts.CallExpression, depth: number): Effect[] | undefined {
    const callee = skipOuter(call.expression);
    const cb = call.arguments[0] && skipOuter(call.arguments[0]);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "forEach" || !cb || !isFunctionLike(cb) || !cb.body) return undefined;
    const body = cb.body;
    if (!ts.isBlock(body)) {
      const single = skipOuterAndAwait(body);
      return ts.isCallExpression(single) ? this.assertionEffects(single, depth, true) : [];
    }
    // A `return` inside the callback only moves on to the next element.
    return this.loopBodyEffects(body.statements, cb.parameters[0]?.name, callee.expression, depth, (st) => skipsElement(st) || endsInReturn(st));
  }

  /** What a function proves of its parameters whenever the `key` of the object it returns is `positive` (`return { full, ok }`). */
  private memberEffects(fn: FunctionLike, key: string, positive: boolean, depth: number): Effect[] {
    const memo = `${fn.getSourceFile().fileName}:${fn.pos}:${key}:${positive}`;
    const cached = this.predicateMemo.get(memo);
    if (cached) return cached;
    this.predicateMemo.set(memo, []);
    let acc: Effect[] | undefined;
    for (const r of returnedExpressions(fn)) {
      const value = memberValue(skipOuterAndAwait(r), key);
      if (!value) {
        acc = [];
        break;
      }
      const effects = [...this.cond(value, positive, depth), ...(fn.body && ts.isBlock(fn.body) ? this.effectsAt(r, depth, fn) : [])];
      acc = acc === undefined ? effects : meet(acc, effects);
    }
    const out = (acc ?? []).filter((e) => e.identity.root.kind === "param" && e.identity.root.fn === fn && e.mark.detail !== FALSY);
    this.predicateMemo.set(memo, out);
    return out;
  }

  /** What holds whenever a function returns `positive`: what every return that can give it proves, with the checks on its way. */
  private returnsProve(fn: FunctionLike, positive: boolean, depth: number): Effect[] {
    if (fn.body && !ts.isBlock(fn.body)) return this.cond(fn.body, positive, depth);
    const returns: ts.Expression[] = [];
    if (fn.body) collectReturns(fn.body, returns);
    let acc: Effect[] | undefined;
    let allowsAll: ts.Node | undefined;
    for (const r of returns) {
      const value = skipOuterAndAwait(r);
      let effects: Effect[];
      // `return null` never gives a truthy result: a helper returning the path or null proves what its path return does.
      if (positive && (value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === "undefined"))) continue;
      // `if (!re.test(name)) return "bad name"; return null;`: a validator's error text is never a falsy result.
      if (!positive && alwaysTruthy(value)) continue;
      // `if (dir === "c:") return p.startsWith("c:")`: a root configured as a whole drive allows all, as "/" does.
      if (positive && underDriveRootTest(r, fn)) continue;
      if (value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword) {
        if ((value.kind === ts.SyntaxKind.TrueKeyword) !== positive) continue;
        // `if (allowed.length === 0) return true;`: the check holds once the list is filled, and says so.
        const emptyList = positive ? this.emptyListCondition(r, fn) : undefined;
        if (emptyList) {
          // A list filled by default never takes this return in a default install.
          if (emptyList.emptyByDefault) allowsAll ??= emptyList.condition;
          continue;
        }
        effects = this.effectsAt(r, depth, fn);
      } else {
        effects = [...this.cond(r, positive, depth), ...this.effectsAt(r, depth, fn)];
      }
      acc = acc === undefined ? effects : meet(acc, effects);
    }
    if (allowsAll && acc) return acc.map((e) => ({ ...e, mark: { ...e.mark, whenConfigured: allowsAll } }));
    return acc ?? [];
  }

  /**
   * A `return true` under a test that a list the project configures is empty or allows all (`!dirs.length`,
   * `dirs.size === 0`, `dirs.includes("/")`), and whether it may be empty by default (nothing shows it filled).
   */
  private emptyListCondition(r: ts.Expression, fn: FunctionLike): { condition: ts.Expression; emptyByDefault: boolean } | undefined {
    let child: ts.Node = r.parent;
    let st = child.parent;
    while (st && st !== fn && ts.isBlock(st) && st.statements.length === 1) [child, st] = [st, st.parent];
    if (!st || !ts.isIfStatement(st) || st.thenStatement !== child) return undefined;
    const lists = emptinessTests(st.expression);
    if (!lists.length) return undefined;
    const labels = lists.flatMap((list) => this.engine.labelsOf(list));
    // A list the function's caller passes is judged at each call; one read from a store that input writes can be emptied.
    if (labels.some((t) => t.root.kind === "param" && t.root.fn === fn)) return undefined;
    return { condition: st.expression, emptyByDefault: labels.length > 0 || !lists.every((list) => nonEmptyByDefault(list, this.engine.checker)) };
  }

  /** The argument a project function looks up in a store the code fills, when all it returns is that lookup. */
  private wrappedLookup(call: ts.CallExpression): ts.Expression | undefined {
    const [fn, ...more] = this.engine.resolver.calleeFunctions(call);
    const returned = fn && !more.length ? returnedExpressions(fn).map((r) => skipOuterAndAwait(r)) : [];
    const looked = returned.length === 1 ? returned[0] : undefined;
    if (!fn || !looked || !ts.isCallExpression(looked) || calleeName(looked) !== "get" || looked.arguments.length !== 1 || !ts.isPropertyAccessExpression(looked.expression)) return undefined;
    const key = skipOuter(looked.arguments[0] as ts.Expression);
    const param = ts.isIdentifier(key) ? this.engine.checker.getSymbolAtLocation(key)?.valueDeclaration : undefined;
    if (!param || !ts.isParameter(param) || param.parent !== fn || !this.keysChosenByCode(looked.expression.expression)) return undefined;
    return call.arguments[fn.parameters.indexOf(param)];
  }

  /**
   * A store the project made (`new Map()`, or a registry object whose get() reads one) whose keys no input chose: a
   * `set(key, …)` with a key from a request would let the attacker store the very key it then looks up.
   */
  private keysChosenByCode(receiver: ts.Expression): boolean {
    const resolver = this.engine.resolver;
    const made = resolver.resolve(receiver);
    if (made.kind !== "instance") return false;
    let store: ts.Expression = receiver;
    if (made.of.kind === "class") {
      const getter = resolver.memberOf(made, "get");
      const fn = getter && isFunctionLike(getter) ? getter : undefined;
      const looked = fn ? returnedExpressions(fn).map((r) => skipOuterAndAwait(r)).find((r) => ts.isCallExpression(r) && calleeName(r) === "get" && ts.isPropertyAccessExpression(r.expression)) : undefined;
      if (!looked || !ts.isCallExpression(looked) || !ts.isPropertyAccessExpression(looked.expression)) return false;
      store = looked.expression.expression;
    }
    // register(id) { this.items.set(id, …) }: a helper's key is the code's when every call passes the code's own value.
    const codeKey = (key: ts.Expression) => this.engine.labelsOf(key).every((t) => t.root.kind === "param" && this.passedByCode(t.root.fn, t.root.index));
    return resolver.storedEntries(store)?.every(({ key }) => codeKey(key)) ?? false;
  }

  /** Every call of fn passes at this position a value no input reaches directly. */
  private passedByCode(fn: FunctionLike, index: number): boolean {
    const sites = this.engine.resolver.callingSites(fn);
    return sites.length > 0 && sites.every((site) => {
      const arg = this.engine.resolver.passedArguments(site)[index];
      return !!arg && !this.engine.labelsOf(arg).some((t) => t.root.kind === "source");
    });
  }

  /**
   * `!full.startsWith(root + sep) && full !== root`: where `full` equals the root, it is confined whatever pieces of
   * the input it was built from. Only good for a meet, where the other branch's check is what holds.
   */
  private equalPieces(expr: ts.Expression): Effect[] {
    const e = skipOuter(expr);
    if (!ts.isBinaryExpression(e) || (e.operatorToken.kind !== ts.SyntaxKind.ExclamationEqualsEqualsToken && e.operatorToken.kind !== ts.SyntaxKind.ExclamationEqualsToken)) return [];
    const [tainted, other] = this.engine.labelsOf(e.left).length ? [e.left, e.right] : [e.right, e.left];
    if (this.fromSource(other)) return [];
    return this.engine.labelsOf(tainted).filter((t) => t.part).map((identity) => ({ identity, mark: { kind: "const", node: e } }));
  }

  /** The value equals a constant (or an allowlist member): safe everywhere, but a piece of a URL only pins the host. */
  private equalTo(expr: ts.Expression, node: ts.Node): Effect[] {
    const out: Effect[] = [];
    for (const identity of this.engine.labelsOf(expr)) {
      if (identity.part && hasMark(identity, "hostname")) out.push({ identity, mark: { kind: "host-allowlist", node } });
      // A named query parameter (`new URL(u).searchParams.get("to")`) is a whole value: sameIdentity keeps the check to it.
      // So is one key of `Object.keys(x)`: its identity names the keys, not the values stored under them.
      else if (!identity.part || oneKey(identity) || (identity.piece?.length === 2 && identity.piece[0] === "searchParams")) out.push({ identity, mark: { kind: "const", node } });
    }
    return out;
  }

  private hostDenylist(expr: ts.Expression, node: ts.Node): Effect[] {
    return this.engine.labelsOf(expr).filter((t) => hasMark(t, "hostname")).map((identity) => ({ identity, mark: { kind: "ip-check", detail: "hostname-text", node } }));
  }

  /**
   * A list that carries the checked input: attacker data, or a parameter of a function the check sits in. Roots a
   * config helper gathered through its own closures (`add(process.env.ROOT)`) are not input, whatever their labels.
   */
  private fromInput(expr: ts.Expression, at: ts.Node): boolean {
    return this.engine.labelsOf(expr).some((t) => t.root.kind === "source" || (t.root.kind === "param" && encloses(t.root.fn, at)));
  }

  /** Attacker data reaches the expression directly (a caller's parameter, such as a configured root, does not count). */
  /** The other side of a comparison is data from outside; configuration (`Env.parse(process.env).ROOT`) is not. */
  private fromSource(expr: ts.Expression): boolean {
    return this.engine.labelsOf(expr).some((t) => t.root.kind === "source" && t.root.spec.kind !== "secret");
  }

  /** `ipaddr.parse(a).range()` (or `process`), read directly or from a const: the class ipaddr.js gives the address `a`. */
  private ipRange(expr: ts.Expression): { address: ts.Expression; call: ts.CallExpression } | undefined {
    const e = skipOuter(expr);
    const value = ts.isIdentifier(e) ? constInitializer(e, this.engine.checker) : e;
    const call = value && skipOuter(value);
    if (!call || !ts.isCallExpression(call) || call.arguments.length || calleeName(call) !== "range" || !ts.isPropertyAccessExpression(call.expression)) return undefined;
    const address = this.parsedAddress(call.expression.expression);
    return address ? { address, call } : undefined;
  }

  /**
   * The address an ipaddr.js object was parsed from: `ipaddr.parse(a)`, or a variable every write of which parses
   * the one address or converts the variable itself (`parsed = parsed.toIPv4Address()` for an IPv4-mapped address).
   */
  private parsedAddress(expr: ts.Expression): ts.Expression | undefined {
    const e = skipOuter(expr);
    if (ts.isCallExpression(e)) {
      const api = this.engine.resolver.apiOf(e.expression);
      const parses = api?.module === "ipaddr.js" && ["parse", "process"].includes(api.path[api.path.length - 1] ?? "");
      return parses ? e.arguments[0] : undefined;
    }
    if (!ts.isIdentifier(e)) return undefined;
    const checker = this.engine.checker;
    const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
    const writes = decl.initializer ? [decl.initializer] : [];
    const visit = (n: ts.Node): void => {
      if (ts.isBinaryExpression(n) && ts.isIdentifier(n.left) && n.left.text === e.text && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment && checker.getSymbolAtLocation(n.left)?.valueDeclaration === decl) {
        writes.push(n.operatorToken.kind === ts.SyntaxKind.EqualsToken ? n.right : n);
      }
      ts.forEachChild(n, visit);
    };
    visit(scopeOf(decl));
    let address: ts.Expression | undefined;
    for (const w of writes) {
      const value = skipOuter(w);
      const converted = ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && /^toIPv(4|6|4Mapped)Address$/.test(value.expression.name.text) && sameVariable(value.expression.expression, decl, checker);
      if (converted) continue;
      const parsed = ts.isCallExpression(value) ? this.parsedAddress(value) : undefined;
      if (!parsed || (address && address.getText() !== parsed.getText())) return undefined;
      address = parsed;
    }
    return address;
  }

  /** A constant list (or Set) of ipaddr.js range names covering private, loopback and link-local (cloud metadata) addresses. */
  private namesPrivateRanges(list: ts.Expression): boolean {
    const e = skipOuter(list);
    const init = ts.isIdentifier(e) ? constInitializer(e, this.engine.checker) : e;
    const value = init && skipOuter(init);
    const elements = value && ts.isNewExpression(value) ? value.arguments?.[0] : value;
    const s = elements && skipOuter(elements);
    if (!s || !ts.isArrayLiteralExpression(s)) return false;
    const names = new Set(s.elements.map((x) => this.engine.constantText(x)));
    return ["private", "loopback", "linkLocal"].every((n) => names.has(n));
  }

  private markAll(expr: ts.Expression, mark: Mark): Effect[] {
    return this.engine.labelsOf(expr).map((identity) => ({ identity, mark }));
  }
}

/** The name a function is passed by (`isPrivate`, `net.isPrivate`). */
function referenceName(expr: ts.Expression): string {
  const e = skipOuter(expr);
  return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : "";
}

function returnedByProject(t: Flow): boolean {
  for (let trace = t.steps; trace; trace = trace.prev) if (trace.step.kind === "return") return true;
  return false;
}

/** Does the expression read a variable or parameter of the function `at` sits in? */
function usesLocal(expr: ts.Expression, at: ts.Node, checker: ts.TypeChecker): boolean {
  let fn: ts.Node | undefined = at.parent;
  while (fn && !isFunctionLike(fn)) fn = fn.parent;
  if (!fn) return false;
  const visit = (n: ts.Node): boolean => {
    if (ts.isIdentifier(n)) {
      const decl = checker.getSymbolAtLocation(n)?.valueDeclaration;
      return !!decl && decl.pos >= fn.pos && decl.end <= fn.end;
    }
    return !!ts.forEachChild(n, (c) => visit(c) || undefined);
  };
  return visit(expr);
}

/** A literal that is truthy whatever runs: a non-empty string, a non-zero number, an object, array or `new` value. */
function alwaysTruthy(e: ts.Expression): boolean {
  if (ts.isStringLiteralLike(e)) return e.text !== "";
  if (ts.isTemplateExpression(e)) return e.head.text !== "" || e.templateSpans.some((span) => span.literal.text !== "");
  if (ts.isNumericLiteral(e)) return Number(e.text) !== 0;
  return ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e) || ts.isNewExpression(e);
}

/** `false`, `null` or `undefined`: a value that is never set. */
function isOff(e: ts.Expression): boolean {
  const v = skipOuter(e);
  return v.kind === ts.SyntaxKind.FalseKeyword || v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === "undefined");
}

/** The parameters of fn a check reads, directly or as the list whose elements a callback gets (`list.some((d) => …)`). */
function paramsRead(node: ts.Node | undefined, fn: FunctionLike, checker: ts.TypeChecker): number[] {
  const out: number[] = [];
  const indexOf = (id: ts.Identifier): number | undefined => {
    const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
    if (!decl || !ts.isParameter(decl)) return undefined;
    if (decl.parent === fn) return fn.parameters.indexOf(decl);
    const call = decl.parent.parent;
    const list = ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) ? skipOuter(call.expression.expression) : undefined;
    return list && ts.isIdentifier(list) ? indexOf(list) : undefined;
  };
  const visit = (n: ts.Node): void => {
    const i = ts.isIdentifier(n) ? indexOf(n) : undefined;
    if (i !== undefined) out.push(i);
    ts.forEachChild(n, visit);
  };
  if (node) visit(node);
  return out;
}

/** `net.isIP(h) === 4`, `isIPv6(h)`: which kind of address a value is, not whether it is allowed. */
function addressFamilyTest(expr: ts.Expression): boolean {
  let e = skipOuter(expr);
  if (ts.isBinaryExpression(e) && ts.isCallExpression(skipOuter(e.left))) e = skipOuter(e.left);
  return ts.isCallExpression(e) && /^isIP(v4|v6)?$/.test(calleeName(e) ?? "");
}

/** A scheme test that lets http: and https: through alike: `https:` alone would leave plain-http links unchecked. */
function bothWebSchemes(test: ts.Node): boolean {
  const texts = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteralLike(n)) texts.add(n.text.toLowerCase());
    else if (ts.isRegularExpressionLiteral(n) && /https\?/i.test(n.text)) texts.add("http:").add("https:");
    ts.forEachChild(n, visit);
  };
  visit(test);
  return texts.has("http:") && texts.has("https:");
}

/** `-1`, what indexOf and search answer when nothing is found. */
function isMinusOne(e: ts.Expression): boolean {
  const x = skipOuter(e);
  return ts.isPrefixUnaryExpression(x) && x.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(x.operand) && x.operand.text === "1";
}

/** The path of an HTTP request: `req.url`, `req.path`, or the pathname of a URL parsed from one. */
function requestPath(t: TaintValue): boolean {
  if (t.root.kind !== "source" || t.root.spec.kind !== "http-request") return false;
  return t.piece?.[0] === "pathname" || (!t.derived && t.path.length === 1 && /^(url|path|originalUrl|pathname)$/.test(t.path[0] ?? ""));
}

/**
 * A check under `if (root) { … }` in a helper, seen from a call: gone when the call passes no root, unconditional when
 * it passes one that is always set.
 */
export function optionAtCall(mark: Mark, fn: FunctionLike, args: readonly ts.Expression[], checker: ts.TypeChecker): Mark | undefined {
  const condition = mark.whenConfigured;
  if (!condition || !ts.isIdentifier(condition)) return mark;
  const decl = checker.getSymbolAtLocation(condition)?.valueDeclaration;
  if (!decl || !ts.isParameter(decl) || decl.parent !== fn) return mark;
  const passed = args[decl.parent.parameters.indexOf(decl)];
  if (!passed || (ts.isIdentifier(skipOuter(passed)) && skipOuter(passed).getText() === "undefined")) return undefined;
  const type = checker.getTypeAtLocation(passed);
  const maybeUnset = type.isUnion() ? type.types.some((t) => t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) : !!(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Undefined));
  if (maybeUnset) return mark;
  const { whenConfigured: _, ...always } = mark;
  return always;
}

/**
 * A helper's check of its parameter's text as an address is a check of the resolved address when that is what the
 * call passes, and of the host name when the call passes `new URL(u).hostname`.
 */
function resolvedAtCall(mark: Mark, arg: TaintValue): Mark {
  if (mark.kind !== "ip-check" || mark.detail !== "url-text") return mark;
  return hasMark(arg, "dns-resolved") ? { ...mark, detail: "resolved" } : hasMark(arg, "hostname") ? { ...mark, detail: "hostname-text" } : mark;
}

/** A helper's containment check on its parameter ran on the real path when the caller passed one (`inside(realpathSync(p), root)`). */
function realAtCall(mark: Mark, arg: TaintValue): Mark {
  const weak = mark.kind === "path-check" && (mark.detail === "contained" || mark.detail === "prefix");
  return weak && hasMark(arg, "realpath") ? { ...mark, detail: `${mark.detail}-real` } : mark;
}

/** A predicate seen true on this value's path, now required false (or the reverse): the branch is unreachable for it. */
export function contradicts(t: TaintValue, mark: Mark): boolean {
  if (mark.kind !== "predicate" || !mark.detail) return false;
  const [id, outcome] = mark.detail.split("=");
  return t.marks.some((m) => m.kind === "predicate" && m.detail === `${id}=${outcome === "true" ? "false" : "true"}`);
}

function checkMessage(mark: Mark): string {
  if (mark.kind === "path-check") return mark.detail?.startsWith("prefix") ? "checked with a bare prefix test" : "checked for containment";
  if (mark.kind === "ip-check") return "checked against private addresses";
  return "checked against an allowlist";
}

/** Values with the same root whose path extends the checked one are vouched for by the check. */
/**
 * A check's mark as it holds for a value of its identity: a check on the encoded text says nothing of the decoded value,
 * and one on the decoded text still holds when the value is decoded where it is used.
 */
function decodingAware(e: Effect, t: TaintValue): Mark | undefined {
  if (!UNDONE_BY_DECODING.has(e.mark.kind)) return e.mark;
  const checkedDecoded = hasMark(e.identity, "decoded");
  if (hasMark(t, "decoded")) return checkedDecoded ? e.mark : undefined;
  return checkedDecoded ? { ...e.mark, decoded: true } : e.mark;
}

function sameIdentity(checked: TaintValue, t: TaintValue): boolean {
  if (checked.root.id !== t.root.id || checked.path.length > t.path.length) return false;
  // A check on one key of an object holds for the keys read one at a time, not for the list of them all.
  if (oneKey(checked) && !t.part) return false;
  // A check on one piece of a parsed URL holds for that piece (and what is read from it), not for the others.
  if (checked.piece && !checked.piece.every((k, i) => t.piece?.[i] === k)) return false;
  return checked.path.every((k, i) => t.path[i] === k);
}

/** `ok` bound from a call's result, as `const { ok } = check(p)` or `const res = check(p)` read as `res.ok`. */
function resultMember(e: ts.Expression, checker: ts.TypeChecker): { call: ts.CallExpression; key: string } | undefined {
  let key: string | undefined;
  let decl: ts.Declaration | undefined;
  if (ts.isIdentifier(e)) {
    decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
    if (!decl || !ts.isBindingElement(decl) || !ts.isObjectBindingPattern(decl.parent) || decl.dotDotDotToken) return undefined;
    key = bindingKey(decl);
    decl = decl.parent.parent;
  } else if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
    key = e.name.text;
    decl = checker.getSymbolAtLocation(e.expression)?.valueDeclaration;
  }
  if (!key || !decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return undefined;
  const call = skipOuterAndAwait(decl.initializer);
  return ts.isCallExpression(call) ? { call, key } : undefined;
}

/** The value an object literal gives `key`: `{ ok: x }`, or `{ ok }` (the variable). */
function memberValue(e: ts.Expression, key: string): ts.Expression | undefined {
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  for (const p of e.properties) {
    if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === key) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
  }
  return undefined;
}

const DNS_LOOKUPS: ReadonlySet<string> = new Set(["lookup", "resolve4", "resolve6", "resolve"]);
const CASE_FOLDS: ReadonlySet<string> = new Set(["toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase"]);
const STRENGTH: Record<string, number> = { "raw": -1, "prefix": 0, "prefix-real": 1, "contained": 2, "contained-real": 3, "url-text": 0, "hostname-text": 1, "resolved": 2 };
const TOTAL = new Set(["const", "number", "regex"]);
/** The checks that decide which host a request reaches. */
const HOST_CHECKS = new Set<string>(["host-allowlist", "host-suffix", "ip-check", "const"]);

/** What holds on either branch of an `or`: the weaker of two checks on the same value. */
function meet(a: Effect[], b: Effect[]): Effect[] {
  const out = new Map<string, Effect>();
  // Each effect once: a predicate with many returns would otherwise multiply the pairs at every return.
  const addOnce = (e: Effect) => {
    const key = `${taintKey(e.identity)}|${e.mark.kind}:${e.mark.detail ?? ""}`;
    if (!out.has(key)) out.set(key, e);
  };
  for (const x of a) {
    for (const y of b) {
      if (x.identity.root.id !== y.identity.root.id || x.identity.path.join(".") !== y.identity.path.join(".") || x.identity.piece?.join(".") !== y.identity.piece?.join(".")) continue;
      // Checked on one variable's reads and overwritten on another's: neither holds for both.
      if (x.only && y.only && x.only !== y.only) continue;
      const only = x.only ?? y.only;
      const add = (e: Effect) => addOnce(only ? { ...e, only } : e);
      // `if (cached) { … }` with no exit: a key found on one branch and not on the other was proven nothing.
      if (x.mark.detail === FOUND || y.mark.detail === FOUND) {
        if (x.mark.detail === y.mark.detail) add(x);
        continue;
      }
      if (TOTAL.has(x.mark.kind) && TOTAL.has(y.mark.kind)) add(x);
      else if (TOTAL.has(x.mark.kind)) add(y);
      else if (TOTAL.has(y.mark.kind)) add(x);
      // A predicate true on one branch and false on the other holds neither way after them.
      else if (x.mark.kind === y.mark.kind && (x.mark.kind !== "predicate" || x.mark.detail === y.mark.detail)) add((STRENGTH[x.mark.detail ?? ""] ?? 0) <= (STRENGTH[y.mark.detail ?? ""] ?? 0) ? x : y);
    }
  }
  return [...out.values()];
}

/**
 * `if (p.startsWith(root)) { if (p[root.length] === path.sep) … }` (or `&& p[root.length] === "/"`): the character
 * after the prefix is checked to be a separator, as a separator-terminated root would.
 */
function nextCharIsSeparator(call: ts.CallExpression, receiver: ts.Expression, root: ts.Expression): boolean {
  let n: ts.Node = call;
  while (n.parent && (ts.isBinaryExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isPrefixUnaryExpression(n.parent))) n = n.parent;
  const scope = ts.isIfStatement(n.parent) ? n.parent.getText() : n.getText();
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const index = `${escape(receiver.getText())}\\s*(?:\\[\\s*${escape(root.getText())}\\.length\\s*\\]|\\.charAt\\(\\s*${escape(root.getText())}\\.length\\s*\\))`;
  return new RegExp(`${index}\\s*===?\\s*(?:path\\.sep|sep|["'\`]/["'\`])`).test(scope);
}

function encloses(fn: ts.Node, node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (n === fn) return true;
  return false;
}

/** The text a `.split(...)` call splits, or the expression itself. */
function splitBase(expr: ts.Expression): ts.Expression {
  const e = skipOuter(expr);
  return ts.isCallExpression(e) && calleeName(e) === "split" && ts.isPropertyAccessExpression(e.expression) ? e.expression.expression : expr;
}

/** `list.some((x) => x === text || …)`: the callback compares its element with the given constant. */
function comparesElementTo(call: ts.CallExpression, text: string, engine: TaintEngine): boolean {
  const cb = call.arguments[0] && skipOuter(call.arguments[0]);
  const param = cb && isFunctionLike(cb) ? cb.parameters[0]?.name : undefined;
  if (!cb || !param || !ts.isIdentifier(param) || !(cb as FunctionLike).body) return false;
  return comparesTo((cb as FunctionLike).body as ts.Node, param.text, text, engine);
}

/** Somewhere in the code, `name === text` or `text == name`. */
function comparesTo(root: ts.Node, name: string, text: string, engine: TaintEngine): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken)) {
      const [l, r] = [skipOuter(n.left), skipOuter(n.right)];
      const named = (x: ts.Expression) => ts.isIdentifier(x) && x.text === name;
      if ((named(l) && engine.constantText(r) === text) || (named(r) && engine.constantText(l) === text)) found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(root);
  return found;
}

/** `if (bad(a)) continue`: the loop skips the element instead of failing. */
function skipsElement(st: ts.Statement): boolean {
  const last = ts.isBlock(st) ? st.statements[st.statements.length - 1] : st;
  return !!last && (ts.isContinueStatement(last) || ts.isBreakStatement(last));
}

/** `if (bad(c)) return` in a forEach callback: the same skip to the next element. */
function endsInReturn(st: ts.Statement): boolean {
  const last = ts.isBlock(st) ? st.statements[st.statements.length - 1] : st;
  return !!last && ts.isReturnStatement(last);
}

/** A function that never returns: declared `never`, or a body that ends in a throw and has no return. */
function neverReturns(fn: FunctionLike): boolean {
  if (fn.type?.kind === ts.SyntaxKind.NeverKeyword) return true;
  const body = fn.body;
  if (!body || !ts.isBlock(body) || !body.statements.length || !ts.isThrowStatement(body.statements[body.statements.length - 1] as ts.Statement)) return false;
  let returns = false;
  const visit = (node: ts.Node): void => {
    if (returns || isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) returns = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return !returns;
}

function isConstantLike(e: ts.Expression): boolean {
  const x = skipOuter(e);
  return ts.isStringLiteralLike(x) || ts.isNumericLiteral(x) || ts.isPropertyAccessExpression(x) || x.kind === ts.SyntaxKind.TrueKeyword || x.kind === ts.SyntaxKind.FalseKeyword;
}

function typeofTarget(e: ts.BinaryExpression): { operand: ts.Expression; type: string } | undefined {
  const [a, b] = [skipOuter(e.left), skipOuter(e.right)];
  if (ts.isTypeOfExpression(a) && ts.isStringLiteralLike(b)) return { operand: a.expression, type: b.text };
  if (ts.isTypeOfExpression(b) && ts.isStringLiteralLike(a)) return { operand: b.expression, type: a.text };
  return undefined;
}

function regexSource(pattern: ts.Expression, checker: ts.TypeChecker): string | undefined {
  let p = skipOuter(pattern);
  if (ts.isIdentifier(p)) p = skipOuter(constInitializer(p, checker) ?? p);
  // PATTERNS.SAFE_NAME of `const PATTERNS = { SAFE_NAME: /…/ }`.
  if (ts.isPropertyAccessExpression(p)) p = skipOuter(constMember(p, checker) ?? p);
  if (ts.isRegularExpressionLiteral(p)) return p.text.slice(1, p.text.lastIndexOf("/"));
  if (ts.isNewExpression(p) && p.arguments?.[0] && ts.isStringLiteralLike(p.arguments[0])) return p.arguments[0].text;
  return undefined;
}

/** The value a member of a const object literal is written with. */
function constMember(pa: ts.PropertyAccessExpression, checker: ts.TypeChecker): ts.Expression | undefined {
  const decl = checker.getSymbolAtLocation(pa.name)?.valueDeclaration;
  if (!decl || !ts.isPropertyAssignment(decl)) return undefined;
  let owner: ts.Node = decl.parent;
  while (ts.isParenthesizedExpression(owner.parent) || ts.isAsExpression(owner.parent) || ts.isSatisfiesExpression(owner.parent)) owner = owner.parent;
  const holder = owner.parent;
  const isConst = ts.isVariableDeclaration(holder) && holder.initializer === owner && !!(holder.parent.flags & ts.NodeFlags.Const);
  return isConst ? decl.initializer : undefined;
}

/** Ends in an escaped dot and a literal domain, with no alternative that could match elsewhere: `\.example\.com$`. */
const HOST_SUFFIX = /^[^|]*\\\.[a-z0-9-]+(\\\.[a-z0-9-]+)+\$$/i;

/** `/\.example\.com$/`, `/(^|\.)example\.com$/`, or each pattern of a const list that `some()` tries in turn. */
function hostSuffixPattern(pattern: ts.Expression, checker: ts.TypeChecker): boolean {
  const sources = regexSources(pattern, checker);
  return !!sources?.length && sources.every((s) => HOST_SUFFIX.test(s.replace(/^\((\?:)?\^\|\\\.\)/, "\\.")));
}

/** The source of a regex, or of each regex in a const list when the pattern is the element a callback receives. */
function regexSources(pattern: ts.Expression, checker: ts.TypeChecker): string[] | undefined {
  const one = regexSource(pattern, checker);
  if (one !== undefined) return [one];
  const p = skipOuter(pattern);
  const decl = ts.isIdentifier(p) ? checker.getSymbolAtLocation(p)?.valueDeclaration : undefined;
  const fn = decl && ts.isParameter(decl) && decl.parent.parameters[0] === decl ? decl.parent : undefined;
  const call = fn?.parent;
  // for (const re of BLOCKED): each regex of the list in turn, as some() would try them.
  const loop = decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) ? decl.parent.parent : undefined;
  const walked = loop && ts.isForOfStatement(loop) ? loop.expression : call && ts.isCallExpression(call) && call.arguments[0] === fn && ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined;
  if (!walked) return undefined;
  let list = skipOuter(walked);
  if (ts.isIdentifier(list)) list = skipOuter(constInitializer(list, checker) ?? list);
  // Gateway.ALLOWED_HOSTS: a class field written out where it is declared.
  const field = ts.isPropertyAccessExpression(list) ? checker.getSymbolAtLocation(list.name)?.valueDeclaration : undefined;
  if (field && ts.isPropertyDeclaration(field) && field.initializer) list = skipOuter(field.initializer);
  if (!ts.isArrayLiteralExpression(list)) return undefined;
  const sources = list.elements.map((el) => (ts.isSpreadElement(el) ? undefined : regexSource(el, checker)));
  return sources.every((x): x is string => x !== undefined) ? sources : undefined;
}

/** A pattern (or a list walked one by one) of loopback, link-local and private ranges: 127.x and one of 10.x, 169.254.x, 192.168.x. */
function privateRangePattern(pattern: ts.Expression, checker: ts.TypeChecker): boolean {
  // A list of patterns, one per range, names them all together.
  const sources = regexSources(pattern, checker);
  return !!sources?.length && isPrivateRangeSource(sources.join("|"));
}

/** An allowlist pattern that some text holding a path separator passes. */
function passesSeparators(source: string): boolean {
  const re = compiled(source, "");
  return !!re && ["a/b", "a/b.md", "/etc/passwd", "a\\b"].some((text) => re.test(text));
}

/** An unanchored pattern that matches any "/" in the text: `/[\/\\]/`, `/\//`. */
function separatorPattern(pattern: ts.Expression, checker: ts.TypeChecker): boolean {
  const source = regexSource(pattern, checker);
  return source === "\\/" || source === "/" || (!!source && /^\[[^\]^]*\]$/.test(source) && /\\\/|(^|[^\\])\//.test(source.slice(1, -1)));
}

function isPrivateRangeSource(source: string): boolean {
  // `^(0|10|127)\.` names 127.x as surely as `^127\.`: read the alternatives without their groups.
  const flat = source.replace(/\(\?:|[()]/g, "");
  return /127\\\./.test(flat) && /(^|[^\d])10\\\.|169\\\.254|192\\\.168/.test(flat);
}

/**
 * A DNS lookup hook that tests the addresses it resolves against private ranges, as an agent's `lookup` (or undici's
 * `connect.lookup`) does when it refuses to connect to them: a check on the address actually connected to.
 */
export function lookupRefusesPrivate(fn: FunctionLike, apiOf: (e: ts.Expression) => ApiRef | undefined): boolean {
  if (!fn.body || !containsDnsLookup(fn, apiOf)) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const api = apiOf(node.expression);
      // addresses.some(isInternal) passes the check by name.
      const names = [calleeName(node) ?? "", ...node.arguments.filter(ts.isIdentifier).map((a) => a.text)];
      if (names.some((n) => PRIVATE_IP_NAME.test(n) || PUBLIC_IP_NAME.test(n)) || (api && PRIVATE_IP_MODULES.has(api.module))) found = true;
    }
    if (ts.isRegularExpressionLiteral(node) && isPrivateRangeSource(node.text)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

function regexMark(pattern: ts.Expression, call: ts.CallExpression, checker: ts.TypeChecker): Mark | undefined {
  const source = regexSource(pattern, checker);
  if (source === undefined) {
    // Route templates compiled at run time: each must be an anchored allowlist that pins a literal first path segment.
    const sources = tableRegexSources(pattern, checker);
    return sources?.length && sources.every((s) => isAnchoredAllowlist(s) && LITERAL_FIRST_SEGMENT.test(s)) ? { kind: "regex", node: call } : undefined;
  }
  // `^[\w./-]+$` lets "a/../../b" through: an allowlist for shells and URLs, not for paths.
  if (isAnchoredAllowlist(source)) return { kind: "regex", node: call, ...(passesSeparators(source) ? { detail: "path" } : {}) };
  if (/^\^(https?|\(https\?\)|https\?):?\\?\/\\?\/[^/]*[a-z0-9]\\?\//i.test(source)) return { kind: "host-allowlist", node: call };
  return undefined;
}

/**
 * The sources `new RegExp("^" + route.replace(/\{[^}]+\}/g, "[^/]+") + "$")` compiles to while `route` runs over
 * the keys or values of a const table, one per entry; undefined when any piece is not fixed text or a table entry.
 */
function tableRegexSources(pattern: ts.Expression, checker: ts.TypeChecker): string[] | undefined {
  let p = skipOuter(pattern);
  if (ts.isIdentifier(p)) p = skipOuter(constInitializer(p, checker) ?? p);
  if (!(ts.isNewExpression(p) || ts.isCallExpression(p)) || !ts.isIdentifier(p.expression) || p.expression.text !== "RegExp") return undefined;
  const [arg, flags] = p.arguments ?? [];
  // With the m flag, ^ and $ anchor at any line break, so text around the matched line gets through.
  if (!arg || (flags && !(ts.isStringLiteralLike(flags) && !flags.text.includes("m")))) return undefined;
  const parts = stringParts(arg);
  if (!parts) return undefined;
  let sources = [""];
  for (const part of parts) {
    const texts = part.kind === "text" ? [part.text] : entryTexts(part.expr, checker);
    if (!texts || sources.length * texts.length > MAX_TABLE_SOURCES) return undefined;
    sources = sources.flatMap((s) => texts.map((t) => s + t));
  }
  return sources;
}

/** The texts an expression takes over a loop on a const table: the loop variable, optionally through a literal replace(). */
function entryTexts(expr: ts.Expression, checker: ts.TypeChecker): string[] | undefined {
  const e = skipOuter(expr);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "replace" && e.arguments.length === 2) {
    const [search, replacement] = e.arguments.map(skipOuter);
    const texts = entryTexts(e.expression.expression, checker);
    if (!texts || !replacement || !ts.isStringLiteralLike(replacement) || !withinSegment(replacement.text)) return undefined;
    if (search && ts.isStringLiteralLike(search)) return texts.map((t) => t.replace(search.text, replacement.text));
    if (!search || !ts.isRegularExpressionLiteral(search)) return undefined;
    const slash = search.text.lastIndexOf("/");
    const re = compiled(search.text.slice(1, slash), search.text.slice(slash + 1));
    return re && texts.map((t) => t.replace(re, replacement.text));
  }
  if (!ts.isIdentifier(e)) return undefined;
  const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
  const list = decl?.parent;
  const loop = list?.parent;
  if (!decl || !list || !loop || !ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
  if (ts.isForInStatement(loop) && loop.initializer === list) return tableEntries(loop.expression, "keys", checker);
  if (!ts.isForOfStatement(loop) || loop.initializer !== list) return undefined;
  const over = skipOuter(loop.expression);
  const api = ts.isCallExpression(over) && ts.isPropertyAccessExpression(over.expression) && ts.isIdentifier(over.expression.expression) && over.expression.expression.text === "Object" ? over.expression.name.text : undefined;
  if (api === "keys" || api === "values") return ts.isCallExpression(over) && over.arguments[0] ? tableEntries(over.arguments[0], api, checker) : undefined;
  return tableEntries(over, "elements", checker);
}

/** A pattern piece that matches within one path segment: a single class (or \w, \d) that admits no "/", repeated. */
function withinSegment(piece: string): boolean {
  const inner = /^\((?:\?<\w+>|\?:)?(.*)\)$/.exec(piece)?.[1] ?? piece;
  const one = /^(\[(?:\\.|[^\]\\])*\]|\\[wd])[+*]?$/.exec(inner)?.[1];
  const re = one !== undefined ? compiled(one, "") : undefined;
  return !!re && !re.test("/");
}

export function compiled(source: string, flags: string): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch {
    // A pattern JavaScript rejects matches nothing we can reason about.
    return undefined;
  }
}

/** The literal keys or string values of a const object literal, or the strings of an array literal; undefined when any is not written out. */
function tableEntries(table: ts.Expression, which: "keys" | "values" | "elements", checker: ts.TypeChecker): string[] | undefined {
  let t = skipOuter(table);
  if (ts.isIdentifier(t)) t = skipOuter(constInitializer(t, checker) ?? t);
  if (ts.isArrayLiteralExpression(t)) {
    const values = t.elements.map(skipOuter);
    return which !== "keys" && values.every(ts.isStringLiteralLike) ? values.map((v) => v.text) : undefined;
  }
  if (which === "elements" || !ts.isObjectLiteralExpression(t)) return undefined;
  const texts: string[] = [];
  for (const prop of t.properties) {
    if (!ts.isPropertyAssignment(prop) || ts.isComputedPropertyName(prop.name) || ts.isPrivateIdentifier(prop.name)) return undefined;
    const value = skipOuter(prop.initializer);
    if (which === "keys") texts.push(prop.name.text);
    else if (ts.isStringLiteralLike(value)) texts.push(value.text);
    else return undefined;
  }
  return texts;
}

/**
 * The parameter pairs every truthy return of the function compares exactly (`a === b`, `new URL(a).href === new URL(b).href`,
 * or one conjunct of an `&&` chain), both ways round; `return false` proves nothing and is skipped.
 */
function equalParams(fn: FunctionLike, checker: ts.TypeChecker): [number, number][] {
  const index = (x: ts.Expression): number | undefined => {
    let e = skipOuter(x);
    // new URL(a).href: the URL normalized, so equal hrefs mean the same target.
    if (ts.isPropertyAccessExpression(e) && e.name.text === "href" && ts.isNewExpression(skipOuter(e.expression))) {
      const made = skipOuter(e.expression) as ts.NewExpression;
      if (!ts.isIdentifier(made.expression) || made.expression.text !== "URL" || made.arguments?.length !== 1 || !made.arguments[0]) return undefined;
      e = skipOuter(made.arguments[0]);
    }
    const decl = ts.isIdentifier(e) ? checker.getSymbolAtLocation(e)?.valueDeclaration : undefined;
    return decl && ts.isParameter(decl) && decl.parent === fn ? fn.parameters.indexOf(decl) : undefined;
  };
  const compared = (x: ts.Expression): [number, number][] => {
    const e = skipOuter(x);
    if (!ts.isBinaryExpression(e)) return [];
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return [...compared(e.left), ...compared(e.right)];
    if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return [];
    const [i, j] = [index(e.left), index(e.right)];
    return i === undefined || j === undefined || i === j ? [] : [[i, j], [j, i]];
  };
  const [first, ...rest] = returnedExpressions(fn).filter((r) => skipOuter(r).kind !== ts.SyntaxKind.FalseKeyword).map(compared);
  return (first ?? []).filter(([i, j]) => rest.every((r) => r.some(([a, b]) => a === i && b === j)));
}

function singleReturn(fn: FunctionLike): ts.Expression | undefined {
  if (!fn.body || !ts.isBlock(fn.body)) return undefined;
  const returns: ts.Expression[] = [];
  collectReturns(fn.body, returns);
  return returns.length === 1 ? returns[0] : undefined;
}

/** The statement holds a return of its function (not of a function nested in it). */
function mayReturn(st: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(st);
  return found;
}

function collectReturns(body: ts.Node, out: ts.Expression[]): void {
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
}

function containsDnsLookup(fn: FunctionLike, apiOf: (e: ts.Expression) => ApiRef | undefined): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    // dns.lookup, or its import under another name (`import { lookup as dnsLookup } from "node:dns/promises"`).
    const api = ts.isCallExpression(node) ? apiOf(node.expression) : undefined;
    const name = api && /^(node:)?dns(\/promises)?$/.test(api.module) ? api.path[api.path.length - 1] : ts.isCallExpression(node) ? calleeName(node) : undefined;
    if (DNS_LOOKUPS.has(name ?? "")) found = true;
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** The lists an allow-all condition tests for emptiness or a catch-all entry; none when it tests anything else. */
/** A return inside the then-branch of an `if` that compares a value with a filesystem or drive root ("/", "c:", "C:\\"). */
function underDriveRootTest(r: ts.Node, fn: FunctionLike): boolean {
  for (let child: ts.Node = r, n = r.parent; n && n !== fn; child = n, n = n.parent) {
    if (ts.isIfStatement(n) && n.thenStatement === child && comparesWithDriveRoot(n.expression)) return true;
  }
  return false;
}

function comparesWithDriveRoot(cond: ts.Expression): boolean {
  const e = skipOuter(cond);
  if (!ts.isBinaryExpression(e)) return false;
  if (e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return comparesWithDriveRoot(e.left) || comparesWithDriveRoot(e.right);
  const op = e.operatorToken.kind;
  if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return false;
  return [e.left, e.right].some((side) => {
    const x = skipOuter(side);
    return ts.isStringLiteralLike(x) && /^(\/|[A-Za-z]:[\\/]?)$/.test(x.text);
  });
}

function emptinessTests(cond: ts.Expression): ts.Expression[] {
  const e = skipOuter(cond);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    const [a, b] = [emptinessTests(e.left), emptinessTests(e.right)];
    return a.length && b.length ? [...a, ...b] : [];
  }
  const size = (x: ts.Expression) => {
    const m = skipOuter(x);
    return ts.isPropertyAccessExpression(m) && (m.name.text === "length" || m.name.text === "size") ? m.expression : undefined;
  };
  // !list.length, !list.size
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const list = size(e.operand);
    return list ? [list] : [];
  }
  // list.length === 0, list.size == 0, list.length < 1
  if (ts.isBinaryExpression(e)) {
    const list = size(e.left);
    const n = skipOuter(e.right);
    const op = e.operatorToken.kind;
    const zero = ts.isNumericLiteral(n) && ((n.text === "0" && (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken)) || (n.text === "1" && op === ts.SyntaxKind.LessThanToken));
    return list && zero ? [list] : [];
  }
  // list.includes("*"), list.includes("/"): a catch-all entry.
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && (e.expression.name.text === "includes" || e.expression.name.text === "has")) {
    const a0 = e.arguments[0] && skipOuter(e.arguments[0]);
    return a0 && ts.isStringLiteralLike(a0) && /^(\*|\/|\*\*)$/.test(a0.text) ? [e.expression.expression] : [];
  }
  return [];
}

/** A const list written with entries, or split from a setting that falls back to a non-empty text. */
function nonEmptyByDefault(list: ts.Expression, checker: ts.TypeChecker): boolean {
  let e = skipOuter(list);
  if (ts.isIdentifier(e)) e = skipOuter(constInitializer(e, checker) ?? e);
  if (ts.isNewExpression(e) && e.arguments?.[0]) e = skipOuter(e.arguments[0]);
  if (ts.isArrayLiteralExpression(e)) return e.elements.length > 0 && !e.elements.some(ts.isSpreadElement);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "split") {
    const text = skipOuter(e.expression.expression);
    const fallback = ts.isBinaryExpression(text) && (text.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || text.operatorToken.kind === ts.SyntaxKind.BarBarToken) ? skipOuter(text.right) : undefined;
    return !!fallback && ts.isStringLiteralLike(fallback) && fallback.text.trim().length > 0;
  }
  return false;
}

/** `x.endsWith(sep)` or `!x.endsWith(sep)`: the call, and whether it is negated. */
function endsWithTest(cond: ts.Expression): [ts.CallExpression | undefined, boolean] {
  let e = skipOuter(cond);
  let negated = false;
  while (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    negated = !negated;
    e = skipOuter(e.operand);
  }
  const call = ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "endsWith" && e.arguments.length === 1 ? e : undefined;
  return [call, negated];
}

/** An unanchored character class refusing every character that ends, chains or redirects a shell command. */
function shellMetaBlocklist(pattern: ts.Expression, checker: ts.TypeChecker): string | undefined {
  const source = regexSource(pattern, checker);
  const klass = source && /^\[([^\]]|\\\])+\]$/.test(source) ? source.slice(1, -1) : undefined;
  return klass && !klass.startsWith("^") ? shellMetacharClass(klass) : undefined;
}

/**
 * The inside of a character class holding every character that ends, chains or redirects a shell command (`;` `&`
 * `|` backquote `$` `<` `>` newline): "metachar", or "metachar-space" when it holds spaces too, so no option can be added.
 */
export function shellMetacharClass(klass: string): "metachar" | "metachar-space" | undefined {
  // Compiled, so ranges count too: `[\x00-\x1F]` takes out the newline.
  const re = compiled(`[${klass}]`, "");
  if (!re || ![";", "&", "|", "`", "$", "<", ">", "\n"].every((c) => re.test(c))) return undefined;
  return re.test(" ") ? "metachar-space" : "metachar";
}

/** One element of an object's key list (`for (const k of Object.keys(x))`). */
function oneKey(t: TaintValue): boolean {
  return !!t.part && t.path[t.path.length - 1] === KEYS;
}

/** `parsed` or `(parsed as IPv6)` naming the variable a declaration declares. */
function sameVariable(expr: ts.Expression, decl: ts.VariableDeclaration, checker: ts.TypeChecker): boolean {
  const e = skipOuter(expr);
  return ts.isIdentifier(e) && checker.getSymbolAtLocation(e)?.valueDeclaration === decl;
}

/** The function (or file) whose body runs the node. */
function scopeOf(node: ts.Node): ts.Node {
  return enclosingFunction(node) ?? node.getSourceFile();
}

/** `const run = async () => { … }`: a closure bound once, where it is written. */
function constClosure(fn: ts.Node): boolean {
  const decl = fn.parent;
  return ts.isVariableDeclaration(decl) && decl.initializer === fn && ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}
