import { ts } from "../ts.js";
import { bindingKey, enclosingFunction, isFunctionLike, skipOuter, type FunctionLike } from "../../engine/ast/function-like.js";
import { returnedExpressions } from "../../engine/ast/returned-expressions.js";
import type { RuleContext } from "../rule.js";
import { pushedInto } from "./shell-sinks.js";

/** One way an argument list can be made, element by element; a spread stays in place where its list is not known. */
export type Elements = readonly ts.Expression[];
/** The call a helper's returned list is read through: its parameters stand for that call's arguments. */
interface Frame {
  readonly fn: FunctionLike;
  readonly call: ts.CallExpression | ts.NewExpression;
  readonly outer: Frame | undefined;
}

const MAX_HOPS = 12;
const MAX_DEPTH = 64;
const MAX_LISTS = 64;
const MAX_CALLEES = 4;
const MAX_NAMED_CALLS = 200;

/** The calls of a function's name that run it (another mention of the name, `execute` as a method elsewhere, hides none). */
export function namedCallingSites(fn: FunctionLike, context: RuleContext): ts.CallExpression[] | undefined {
  const id = fn.name ?? (ts.isVariableDeclaration(fn.parent) ? fn.parent.name : undefined);
  const calls = id && ts.isIdentifier(id) ? context.callsNamed(id.text) : [];
  if (calls.length > MAX_NAMED_CALLS) return undefined;
  const sites = calls.filter((call) => context.calleeFunctions(call).includes(fn));
  return sites.length ? sites : undefined;
}

/** A caller whose list is not known: a spread of what it passes stays as one value. */
export const UNKNOWN: Elements = [];

/**
 * The argument lists a launch can be given, rebuilt back from it: `const args = [...]; args.push(x)`, spreads of other
 * lists, what each caller passes for a parameter (a callback's too), `config.args` of an object a caller passes, and the
 * list a helper returns for that call. Undefined when no list is known; [] when a guard or filter refuses options.
 */
export class ArgvLists {
  private readonly read = new Map<ts.Node, Elements[] | undefined>();
  private depth = 0;
  private readonly callbackCalls = new Map<FunctionLike, (ts.CallExpression | ts.NewExpression)[] | undefined>();

  constructor(private readonly context: RuleContext) {}

  /**
   * The programs a launch runs that are `wanted`, each with the lists it is given: a fixed program with every list, or,
   * for a wrapper `run(cmd, args) { execFile(cmd, args) }`, the program each caller names with the lists it passes.
   */
  launched(program: ts.Expression, args: ts.Expression, wanted: (program: string) => boolean): { program: string; lists: Elements[] | undefined; caller?: ts.CallExpression | ts.NewExpression }[] {
    const constant = this.context.constantText(program);
    const fixed = constant !== undefined ? [constant] : (this.context.literalTexts(program) ?? this.locatedProgram(program));
    if (fixed) return fixed.filter(wanted).map((name) => ({ program: name, lists: this.of(args, undefined, 0) }));
    const source = this.programParameter(program);
    const fn = source?.param.parent;
    if (!source || !fn || !isFunctionLike(fn)) return [];
    const index = fn.parameters.indexOf(source.param);
    return (this.callsOf(fn) ?? []).slice(0, MAX_LISTS).flatMap((call) => {
      const passed = this.context.passedArguments(call)[index];
      const value = passed && source.key !== undefined ? this.context.objectProps(passed)?.value(source.key) : passed;
      const name = value && !ts.isSpreadElement(value) ? this.context.constantText(value) : undefined;
      return name === undefined || !wanted(name) ? [] : [{ program: name, lists: this.of(args, { fn, call, outer: undefined }, 1), caller: call }];
    });
  }

  /** `const SCP = resolveExecutable("scp")`, `which.sync("git")`: the program a lookup by its bare name finds. */
  private locatedProgram(program: ts.Expression, depth = 0): string[] | undefined {
    const e = skipOuter(program);
    const init = ts.isIdentifier(e) && depth < 2 ? this.context.initializer(e) : undefined;
    if (init) return this.locatedProgram(init, depth + 1);
    const name = ts.isCallExpression(e) && e.arguments[0] ? this.context.constantText(e.arguments[0]) : undefined;
    return name && /^[\w.+-]+$/.test(name) ? [name] : undefined;
  }

  /** The parameter a wrapper's program comes from: `cmd`, `config.command`, or `command` of `{ command, args }`. */
  private programParameter(program: ts.Expression): { param: ts.ParameterDeclaration; key?: string } | undefined {
    const e = skipOuter(program);
    const base = ts.isPropertyAccessExpression(e) ? skipOuter(e.expression) : e;
    const decl = ts.isIdentifier(base) ? this.context.declaration(base) : undefined;
    if (!decl) return undefined;
    if (ts.isParameter(decl)) return decl.dotDotDotToken ? undefined : { param: decl, key: base === e ? undefined : (e as ts.PropertyAccessExpression).name.text };
    const pattern = base === e && ts.isBindingElement(decl) && !decl.dotDotDotToken ? decl.parent : undefined;
    const key = pattern && ts.isObjectBindingPattern(pattern) ? bindingKey(decl as ts.BindingElement) : undefined;
    return key !== undefined && pattern && ts.isParameter(pattern.parent) ? { param: pattern.parent, key } : undefined;
  }

  /** `hops`: the calls crossed so far, into a helper or out to a caller. */
  of(list: ts.Expression, frame: Frame | undefined, hops: number): Elements[] | undefined {
    if (hops > MAX_HOPS || this.depth > MAX_DEPTH) return undefined;
    this.depth++;
    try {
      if (frame) return this.compute(list, frame, hops);
      // Read outside any call's frame, a list is the same wherever it is asked for: shared wrappers are read once.
      if (this.read.has(list)) return this.read.get(list);
      this.read.set(list, undefined);
      const lists = this.compute(list, undefined, hops);
      this.read.set(list, lists);
      return lists;
    } finally {
      this.depth--;
    }
  }

  /** `usedAt`: where the list is read, so what is pushed onto it after that is left out. */
  private compute(list: ts.Expression, frame: Frame | undefined, hops: number, usedAt: ts.Node = list): Elements[] | undefined {
    const e = unfiltered(list);
    if (!e) return [];
    const whole = frame ? undefined : this.perCall(e, usedAt, hops);
    if (whole) return whole;
    if (ts.isArrayLiteralExpression(e)) return this.literal(e, usedAt, frame, hops);
    if (ts.isConditionalExpression(e)) return union([this.of(e.whenTrue, frame, hops), this.of(e.whenFalse, frame, hops)]);
    if (ts.isIdentifier(e)) return this.named(e, frame, hops);
    if (ts.isPropertyAccessExpression(e)) return this.member(e, frame, hops);
    if (ts.isCallExpression(e)) return this.returned(e, frame, hops);
    return undefined;
  }

  /** The literal's elements, with what is put in front of it and pushed onto it before this use, spreads read in place. */
  private literal(list: ts.ArrayLiteralExpression, usedAt: ts.Node, frame: Frame | undefined, hops: number): Elements[] {
    const elements = [...pushedInto(list, usedAt, this.context, "unshift"), ...list.elements, ...pushedInto(list, usedAt, this.context)];
    return this.sequence(elements, frame, hops);
  }

  /**
   * `[...command.words, ...command.extra]` or `[...words].concat(extra)`: when two parts of a list come from the
   * function's parameters, both come from the same call, so each caller's list is read whole.
   */
  private perCall(e: ts.Expression, usedAt: ts.Node, hops: number): Elements[] | undefined {
    const fn = enclosingFunction(e);
    const parts = ts.isArrayLiteralExpression(e) ? e.elements.flatMap((el) => (ts.isSpreadElement(el) ? [el.expression] : [])) : concatParts(e);
    if (!fn || parts.filter((part) => this.readsParameter(part, fn)).length < 2) return undefined;
    const sites = this.callsOf(fn);
    if (!sites?.length || sites.length > MAX_LISTS) return undefined;
    return union(sites.map((call) => this.compute(e, { fn, call, outer: undefined }, hops + 1, usedAt)));
  }

  /** `args`, `command.extra` or `{ words }`'s `words`, where it is a parameter of the function. */
  private readsParameter(expr: ts.Expression, fn: FunctionLike): boolean {
    let e = skipOuter(expr);
    while (ts.isPropertyAccessExpression(e)) e = skipOuter(e.expression);
    const decl = ts.isIdentifier(e) ? this.context.declaration(e) : undefined;
    const param = decl && ts.isBindingElement(decl) ? ts.findAncestor(decl, ts.isParameter) : decl;
    return !!param && ts.isParameter(param) && param.parent === fn;
  }

  private sequence(elements: readonly ts.Expression[], frame: Frame | undefined, hops: number): Elements[] {
    let lists: Elements[] = [[]];
    for (const el of elements) {
      const inner = ts.isSpreadElement(el) ? this.of(el.expression, frame, hops) : undefined;
      const parts = !ts.isSpreadElement(el) ? [[this.scalar(el, frame)]] : inner ? inner.map((l) => (l === UNKNOWN ? [el] : l)) : [[el]];
      lists = lists.flatMap((head) => parts.map((tail) => [...head, ...tail])).slice(0, MAX_LISTS);
    }
    return lists;
  }

  /** An element read through a call's frame: the argument the call passes for the parameter (or its property) it names. */
  private scalar(el: ts.Expression, frame: Frame | undefined): ts.Expression {
    const e = skipOuter(el);
    const id = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) ? e.expression : undefined;
    const decl = id ? this.context.declaration(id) : undefined;
    if (!frame || !decl || !ts.isParameter(decl) || decl.parent !== frame.fn || decl.dotDotDotToken) return el;
    const arg = this.context.passedArguments(frame.call)[frame.fn.parameters.indexOf(decl)];
    const value = arg && e !== id && ts.isPropertyAccessExpression(e) ? this.context.objectProps(arg)?.value(e.name.text) : arg;
    return value && !ts.isSpreadElement(value) ? this.scalar(value, frame.outer) : el;
  }

  private named(id: ts.Identifier, frame: Frame | undefined, hops: number): Elements[] | undefined {
    if (argvGuarded(id, id, this.context)) return [];
    const decl = this.context.declaration(id);
    if (!decl) return undefined;
    if (ts.isVariableDeclaration(decl)) return decl.initializer ? this.compute(decl.initializer, frame, hops, id) : undefined;
    if (ts.isParameter(decl)) return this.passed(decl, undefined, frame, hops);
    if (ts.isBindingElement(decl) && ts.isArrayBindingPattern(decl.parent)) return this.restOf(decl, frame, hops);
    // function run({ command, args }): the property each caller's object holds.
    const pattern = ts.isBindingElement(decl) && !decl.dotDotDotToken ? decl.parent : undefined;
    const key = pattern && ts.isObjectBindingPattern(pattern) && ts.isBindingElement(decl) ? bindingKey(decl) : undefined;
    return key !== undefined && pattern && ts.isParameter(pattern.parent) ? this.passed(pattern.parent, key, frame, hops) : undefined;
  }

  /** `const [command, ...args] = build(base, params)`: what follows the elements taken off the front of each list. */
  private restOf(rest: ts.BindingElement, frame: Frame | undefined, hops: number): Elements[] | undefined {
    const pattern = rest.parent as ts.ArrayBindingPattern;
    const init = ts.isVariableDeclaration(pattern.parent) ? pattern.parent.initializer : undefined;
    const index = pattern.elements.indexOf(rest);
    const lists = rest.dotDotDotToken && init ? this.compute(init, frame, hops, pattern) : undefined;
    // A spread whose length is not known before the cut leaves the rest unknown.
    return lists?.map((list) => (list === UNKNOWN || list.slice(0, index).some(ts.isSpreadElement) ? UNKNOWN : list.slice(index)));
  }

  /** `config.args`: the property of the object a caller passes, or of the object a const holds. */
  private member(pa: ts.PropertyAccessExpression, frame: Frame | undefined, hops: number): Elements[] | undefined {
    const base = skipOuter(pa.expression);
    const decl = ts.isIdentifier(base) ? this.context.declaration(base) : undefined;
    if (!decl) return undefined;
    if (ts.isParameter(decl)) return this.passed(decl, pa.name.text, frame, hops);
    const value = ts.isVariableDeclaration(decl) ? this.context.objectProps(decl.initializer)?.value(pa.name.text) : undefined;
    return value ? this.of(value, frame, hops) : undefined;
  }

  /** What the calls of the parameter's function pass for it (this frame's call only, when the list is read through one). */
  private passed(param: ts.ParameterDeclaration, key: string | undefined, frame: Frame | undefined, hops: number): Elements[] | undefined {
    const fn = param.parent;
    if (!isFunctionLike(fn)) return undefined;
    const index = fn.parameters.indexOf(param);
    const inFrame = frame?.fn === fn;
    const sites = inFrame ? [frame.call] : this.callsOf(fn);
    const outer = inFrame ? frame.outer : undefined;
    if (!sites?.length) return undefined;
    const lists: (Elements[] | undefined)[] = [];
    for (const site of sites) {
      const args = this.context.passedArguments(site);
      if (args.slice(0, index).some(ts.isSpreadElement)) lists.push(undefined);
      // git(root, "log", "--", ref) into `...args`: the caller's arguments are the elements.
      else if (param.dotDotDotToken) lists.push(key === undefined ? this.sequence(args.slice(index), outer, hops + 1) : undefined);
      else lists.push(this.argument(args[index] ?? param.initializer, key, outer, hops));
      if (lists.length >= MAX_LISTS) break;
    }
    return union(lists);
  }

  /** The list a caller passes, or the `key` property of the object it passes. */
  private argument(arg: ts.Expression | undefined, key: string | undefined, frame: Frame | undefined, hops: number): Elements[] | undefined {
    const value = arg && key !== undefined ? this.context.objectProps(arg)?.value(key) : arg;
    return value && !ts.isSpreadElement(value) ? this.of(value, frame, hops + 1) : undefined;
  }

  /** The list a project function returns for this call, its parameters bound to the call's arguments. */
  private returned(call: ts.CallExpression, frame: Frame | undefined, hops: number): Elements[] | undefined {
    const callee = call.expression;
    // [cmd].concat(args, "--", ref)
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "concat") {
      const base = this.of(callee.expression, frame, hops);
      if (!base) return undefined;
      // An argument whose list is not known stays as one value, like a spread of it.
      const parts = [base, ...call.arguments.map((a) => this.of(a, frame, hops) ?? [UNKNOWN])].map((part, i) => part.map((l) => (l === UNKNOWN && i > 0 ? [call.arguments[i - 1] as ts.Expression] : l)));
      return parts.reduce<Elements[]>((lists, part) => lists.flatMap((head) => part.map((tail) => [...head, ...tail])).slice(0, MAX_LISTS), [[]]);
    }
    const fns = this.context.calleeFunctions(call).filter((fn) => !!fn.body);
    if (!fns.length || fns.length > MAX_CALLEES) return undefined;
    return union(fns.flatMap((fn) => returnedExpressions(fn).map((r) => this.of(r, { fn, call, outer: frame }, hops + 1))));
  }

  /**
   * The calls of a function: by name when nothing else hands it on; else those a callee makes of it as a callback
   * parameter, or the calls of its name that run it (another mention, `execute` as a method name elsewhere, hides none).
   */
  private callsOf(fn: FunctionLike): readonly (ts.CallExpression | ts.NewExpression)[] | undefined {
    const sole = this.context.soleCallingSites(fn);
    if (sole) return sole;
    if (!this.callbackCalls.has(fn)) this.callbackCalls.set(fn, this.callbackSites(fn) ?? namedCallingSites(fn, this.context));
    return this.callbackCalls.get(fn);
  }

  /** `const run = (args) => exec(args); operation(opts, run)`: the calls `operation` makes of the parameter it takes `run` as. */
  private callbackSites(fn: FunctionLike): (ts.CallExpression | ts.NewExpression)[] | undefined {
    const holder = fn.parent;
    const handedOver: { call: ts.CallExpression; index: number }[] = [];
    if (ts.isCallExpression(holder)) handedOver.push({ call: holder, index: this.context.passedArguments(holder).findIndex((a) => a === fn) });
    else if (ts.isVariableDeclaration(holder) && holder.initializer === fn && ts.isIdentifier(holder.name)) {
      const name = holder.name.text;
      let scope: ts.Node = holder;
      while (scope.parent && !isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n)) {
          this.context.passedArguments(n).forEach((a, index) => {
            const e = skipOuter(a);
            if (ts.isIdentifier(e) && e.text === name && this.context.declaration(e) === holder) handedOver.push({ call: n, index });
          });
        }
        ts.forEachChild(n, visit);
      };
      visit(scope);
    }
    const sites: ts.CallExpression[] = [];
    for (const { call, index } of handedOver) {
      for (const callee of this.context.calleeFunctions(call)) {
        const param = callee.parameters[index];
        if (!param || param.dotDotDotToken || !ts.isIdentifier(param.name) || !callee.body) continue;
        const name = param.name.text;
        const visit = (n: ts.Node): void => {
          if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name && this.context.declaration(n.expression) === param) sites.push(n);
          ts.forEachChild(n, visit);
        };
        visit(callee.body);
      }
    }
    return sites.length ? sites : undefined;
  }
}

/** `[...words].concat(extra, "--", ref)`: the lists a concat joins, the spreads of its base literal included. */
function concatParts(e: ts.Expression): ts.Expression[] {
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== "concat") return [];
  const base = skipOuter(e.expression.expression);
  const own = ts.isArrayLiteralExpression(base) ? base.elements.flatMap((el) => (ts.isSpreadElement(el) ? [el.expression] : [])) : [base];
  return [...own, ...e.arguments];
}

/** The lists of every way, undefined when no way is known; an unknown way beside known ones stays as UNKNOWN. */
function union(ways: readonly (Elements[] | undefined)[]): Elements[] | undefined {
  if (ways.every((w) => !w)) return undefined;
  const out = new Set<Elements>();
  for (const way of ways) for (const list of way ?? [UNKNOWN]) out.add(list);
  return [...out].slice(0, MAX_LISTS);
}

/**
 * `[...].filter(Boolean)`: the elements that stay keep their order, so the list is read as written. Undefined when the
 * filter itself drops values that start with "-".
 */
export function unfiltered(list: ts.Expression): ts.Expression | undefined {
  let e = skipOuter(list);
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "filter") {
    const keep = e.arguments[0];
    if (keep && /\.startsWith\(\s*["'`]-|\/\^\\?-/.test(keep.getText())) return undefined;
    e = skipOuter(e.expression.expression);
  }
  return e;
}

/**
 * `assertSafeArgv(argv)` before the list is used: a project function given the list that tests its elements for a
 * leading "-" and throws, in this function or the ones around it (a Promise executor's).
 */
function argvGuarded(list: ts.Identifier, before: ts.Node, context: RuleContext): boolean {
  const declaration = context.declaration(list);
  if (!declaration) return false;
  const passesList = (call: ts.CallExpression) => call.arguments.some((a) => {
    const e = skipOuter(a);
    return ts.isIdentifier(e) && context.declaration(e) === declaration;
  });
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || n.pos >= before.pos) return;
    if (ts.isCallExpression(n) && passesList(n) && context.calleeFunctions(n).some((fn) => refusesOptions(fn, context))) found = true;
    else ts.forEachChild(n, visit);
  };
  let levels = 0;
  for (let fn: ts.Node | undefined = before.parent; fn && levels < 3 && !found; fn = fn.parent) {
    if (!ts.isFunctionLike(fn)) continue;
    levels++;
    visit(fn);
  }
  return found;
}

const LEADING_DASH = /\.startsWith\(\s*["'`]-|\/\^\\?-/;

/** `continue`, alone or in a block: the loop goes on to the next element. */
function skipsElement(st: ts.Statement): boolean {
  const only = ts.isBlock(st) && st.statements.length === 1 ? st.statements[0] : st;
  return !!only && ts.isContinueStatement(only);
}

/**
 * The function throws, itself or through a helper it calls, when a test for a leading "-" in what it is given holds:
 * a throw elsewhere (for a null byte) leaves options through.
 */
function refusesOptions(fn: FunctionLike, context: RuleContext): boolean {
  const body = fn.body;
  if (!body || !LEADING_DASH.test(body.getText())) return false;
  const throws = (n: ts.Node): boolean =>
    ts.isThrowStatement(n) || (ts.isCallExpression(n) && context.calleeFunctions(n).some((g) => g !== fn && !!g.body && /\bthrow\b/.test(g.body.getText()))) || !!ts.forEachChild(n, (c) => throws(c) || undefined);
  let refuses = false;
  const visit = (n: ts.Node): void => {
    if (refuses) return;
    // `if (arg.startsWith("-")) throw …`, or `assertValid(!arg.startsWith("-"), …)` with a helper that throws.
    if (ts.isIfStatement(n) && LEADING_DASH.test(n.expression.getText()) && throws(n.thenStatement)) refuses = true;
    // `if (!arg.startsWith("-")) continue;` and a throw after it: the options it names (a blocklist) are refused.
    else if (ts.isIfStatement(n) && LEADING_DASH.test(n.expression.getText()) && skipsElement(n.thenStatement) && ts.isBlock(n.parent) && n.parent.statements.slice(n.parent.statements.indexOf(n) + 1).some(throws)) refuses = true;
    else if (ts.isCallExpression(n) && n.arguments.some((a) => LEADING_DASH.test(a.getText()) && !isFunctionLike(skipOuter(a))) && throws(n)) refuses = true;
    else ts.forEachChild(n, visit);
  };
  visit(body);
  return refuses;
}
