import { ts } from "./ts.js";
import { bindingKey, enclosingClass, isFunctionLike, propertyNameText, skipOuter, thisOffset, type FunctionLike } from "../engine/ast/function-like.js";
import { returnedExpressions } from "../engine/ast/returned-expressions.js";
import type { ApiRef } from "../engine/resolve/value-ref.js";
import type { ProjectIndex } from "./project-index.js";
import type { RuleContext } from "./rule.js";

/**
 * The part of a value a walk still looks for: the keys to read from it, outermost first.
 * [] means all of it (the value is emitted whole, so any piece of it counts).
 */
export type Demand = readonly string[];

/** Any property `any` takes but `keys`, as a demanded key: what `{ env, ...rest }` leaves in rest ("*" and the names, NUL-separated). */
function anyKeyBut(keys: readonly string[], any = "*"): string {
  return [any, ...keys].join("\u0000");
}

/** Whether a demanded key stands for any property (but those it names). */
export function isAnyKey(key: string): boolean {
  return key === "*" || key.startsWith("*\u0000");
}

/** Whether a demanded key takes the property `name`. */
function takesKey(key: string, name: string): boolean {
  return key === name || (isAnyKey(key) && !key.split("\u0000").slice(1).includes(name));
}

/** One hop of the path from an origin to the queried expression. */
export interface OriginHop {
  node: ts.Node;
  message: string;
}

export interface Origin<T> {
  info: T;
  /** The expression the value comes from. */
  node: ts.Expression;
  /** From the origin to the queried expression. */
  hops: OriginHop[];
}

/**
 * What the walk does with a value going into a call: follow it, lose it (masking, hashing, an opaque library), or
 * follow it noting something and, for methods, keeping the part of the value looked for (`res.json()` keeps field reads).
 */
export type CallFlow = "follow" | "dead" | { note?: string; keepDemand?: boolean };

export interface OriginPolicy<T> {
  /**
   * An origin at this expression, for this demand; "stop" ends the walk here without one. Notes say what happened on
   * the way: the policy's own, and "interpolated" once a template or `+` turned the value into text. `inCallee` is how
   * many project calls deep the walk has gone (inside a helper's return, its values belong to every caller).
   */
  source(expr: ts.Expression, demand: Demand, notes: ReadonlySet<string>, inCallee: number): T | "stop" | undefined;
  /**
   * A call the walk would otherwise treat by its defaults (library calls are opaque, project functions are followed,
   * string methods keep the value); `input` is the argument index, or "receiver" for a method's object.
   */
  call?(call: ts.CallExpression, input: number | "receiver", api: ApiRef | undefined): CallFlow | undefined;
  /** Parameters of these functions get their values from outside the project (tool handlers, HTTP handlers): the walk stops there. */
  boundary?(fn: FunctionLike): boolean;
  /** Called on every expression the walk passes; false ends that path (a delimiter around the value, say). */
  enter?(expr: ts.Expression): boolean;
  /** Follow arithmetic too (`x * 256`, `b ^ salt`): for questions about what a value is computed from, not what it holds. */
  arithmetic?: boolean;
}

const MAX_VISITS = 600;
const ARITHMETIC = new Set([
  ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.PercentToken, ts.SyntaxKind.AsteriskAsteriskToken,
  ts.SyntaxKind.BarToken, ts.SyntaxKind.AmpersandToken, ts.SyntaxKind.CaretToken, ts.SyntaxKind.LessThanLessThanToken, ts.SyntaxKind.GreaterThanGreaterThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken, ts.SyntaxKind.PlusToken,
]);
const MAX_FRAMES = 4;
const MAX_CALLER_HOPS = 3;
const MAX_CALLERS = 16;

/** Global and Node functions whose result holds their input's text (so a secret in, a secret out). */
const KEEPING_APIS = new Set([
  "global.JSON.stringify", "global.JSON.parse", "global.String", "global.encodeURIComponent", "global.encodeURI", "global.escape", "global.btoa", "global.atob",
  "global.Object.assign", "global.Object.entries", "global.Object.values", "global.Object.fromEntries", "global.Object.freeze", "global.Array.from", "global.Array.of",
  "global.structuredClone", "global.Buffer.from", "global.Promise.resolve", "global.Promise.all", "global.Promise.allSettled",
  "util.format", "util.inspect", "querystring.stringify", "qs.stringify", "global.String.raw",
]);
/** Of those, the ones whose result has the input's shape (a field read from JSON.parse(text) is a field of text). */
const KEEPING_DEMAND_APIS = new Set(["global.Object.assign", "global.Object.freeze", "global.structuredClone", "global.Promise.resolve", "global.Promise.all", "global.Promise.allSettled", "global.JSON.parse"]);
/** Constructors whose instance holds the text given to them. */
const KEEPING_CONSTRUCTORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "URIError", "EvalError", "AggregateError", "String", "URL", "URLSearchParams", "Headers", "Map", "Set", "Array", "Object", "Buffer"]);
/** Methods that return the receiver's text or elements, whole. */
const KEEPING_METHODS = new Set([
  "toString", "valueOf", "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "normalize", "concat",
  "padStart", "padEnd", "split", "join", "map", "flatMap", "flat", "sort", "reverse", "then", "toJSON", "replace", "replaceAll", "entries", "values",
  "finally", "catch", "toSorted", "toReversed", "repeat", "format",
]);
/** Methods whose callback receives the receiver's elements (index of that parameter). */
const ELEMENT_CALLBACKS: Readonly<Record<string, number>> = { map: 0, forEach: 0, filter: 0, find: 0, flatMap: 0, some: 0, every: 0, sort: 0, reduce: 1, reduceRight: 1, then: 0, findLast: 0 };
/** Properties that hold a number or a boolean whatever the value. */
const SCALAR_PROPS = new Set(["length", "size", "byteLength", "ok", "status"]);
/** Zod and friends: a parsed value is the input value. */
const PARSE_METHODS = new Set(["parse", "parseAsync"]);
const SAFE_PARSE_METHODS = new Set(["safeParse", "safeParseAsync"]);

/**
 * Walks back from an expression to where its value comes from, keeping only flows that carry the value itself:
 * through variables, destructuring, properties (matched key by key), object and array literals, templates, string
 * methods, JSON.stringify, the project's own functions (their returns, and their callers for parameters) and class
 * fields. A library call ends the flow: its result is not its input (a fetch with an API key returns the response,
 * not the key). The policy recognises origins and can override what calls do.
 */
export function valueOrigins<T>(expr: ts.Expression, context: RuleContext, index: ProjectIndex, policy: OriginPolicy<T>, frames: readonly CallFrame[] = []): Origin<T>[] {
  return new Walk(context, policy, index).run(expr, frames);
}

/** A project function entered through a call: its parameters are that call's arguments (outermost first when a chain is given). */
export interface CallFrame {
  fn: FunctionLike;
  call: ts.CallExpression;
  /** For a callback handed to `items.map(fn)`: its first parameter is an element of this receiver. */
  elements?: ts.Expression;
}

interface State {
  demand: Demand;
  frames: readonly CallFrame[];
  notes: ReadonlySet<string>;
  hops: readonly OriginHop[];
  callerHops: number;
}

class Walk<T> {
  private readonly out: Origin<T>[] = [];
  private readonly seen = new Map<ts.Node, Set<string>>();
  private visits = 0;

  constructor(
    private readonly context: RuleContext,
    private readonly policy: OriginPolicy<T>,
    private readonly index: ProjectIndex,
  ) {}

  run(expr: ts.Expression, frames: readonly CallFrame[]): Origin<T>[] {
    this.visit(expr, { demand: [], frames, notes: new Set(), hops: [], callerHops: 0 });
    return this.out;
  }

  private visit(expr: ts.Expression, s: State): void {
    if (++this.visits > MAX_VISITS) return;
    const key = `${s.demand.join(".")}|${[...s.notes].sort().join(",")}|${s.frames.length ? s.frames[s.frames.length - 1]?.call.pos : ""}`;
    let keys = this.seen.get(expr);
    if (!keys) this.seen.set(expr, (keys = new Set()));
    if (keys.has(key)) return;
    keys.add(key);

    if (this.policy.enter && !this.policy.enter(expr)) return;
    const found = this.policy.source(expr, s.demand, s.notes, s.frames.length);
    if (found === "stop") return;
    if (found !== undefined) {
      this.out.push({ info: found, node: expr, hops: [...s.hops].reverse() });
      return;
    }
    const e = expr;
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)) {
      this.visit(e.expression, s);
      return;
    }
    switch (e.kind) {
      case ts.SyntaxKind.Identifier:
        this.identifier(e as ts.Identifier, s);
        return;
      case ts.SyntaxKind.PropertyAccessExpression: {
        const pa = e as ts.PropertyAccessExpression;
        this.member(pa.expression, pa.name.text, pa, s);
        return;
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const el = e as ts.ElementAccessExpression;
        const arg = skipOuter(el.argumentExpression);
        const k = ts.isStringLiteralLike(arg) ? arg.text : (this.context.constantText(arg) ?? this.frameConstant(arg, s));
        if (k !== undefined) {
          this.member(el.expression, k, el, s);
          return;
        }
        // A key known only at run time: whether a tool argument or request data decides it is worth knowing.
        const note = this.context.taint(arg).length ? "key-from-input" : "key-unknown";
        this.member(el.expression, "*", el, { ...s, notes: new Set([...s.notes, note]) });
        return;
      }
      case ts.SyntaxKind.TemplateExpression: {
        if (s.demand.length) return;
        const text = { ...s, notes: withNote(s.notes, { note: "interpolated" }) };
        for (const span of (e as ts.TemplateExpression).templateSpans) this.visit(span.expression, text);
        return;
      }
      case ts.SyntaxKind.TaggedTemplateExpression: {
        const tt = e as ts.TaggedTemplateExpression;
        const api = this.context.api(tt.tag);
        if (api?.module === "global" && api.path.join(".") === "String.raw" && ts.isTemplateExpression(tt.template) && !s.demand.length) for (const span of tt.template.templateSpans) this.visit(span.expression, s);
        return;
      }
      case ts.SyntaxKind.BinaryExpression:
        this.binary(e as ts.BinaryExpression, s);
        return;
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const u = e as ts.PrefixUnaryExpression;
        if (this.policy.arithmetic && u.operator !== ts.SyntaxKind.ExclamationToken) this.visit(u.operand, { ...s, demand: [] });
        return;
      }
      case ts.SyntaxKind.ConditionalExpression: {
        const c = e as ts.ConditionalExpression;
        this.visit(c.whenTrue, s);
        this.visit(c.whenFalse, s);
        return;
      }
      case ts.SyntaxKind.ObjectLiteralExpression:
        this.object(e as ts.ObjectLiteralExpression, s);
        return;
      case ts.SyntaxKind.ArrayLiteralExpression: {
        s = structured(s);
        const [first, ...rest] = s.demand;
        if (first !== undefined && !isAnyKey(first) && !/^\d+$/.test(first)) return;
        const elements = (e as ts.ArrayLiteralExpression).elements;
        // arr[1] of a literal without spreads is one element; otherwise any element may be it.
        const at = first !== undefined && /^\d+$/.test(first) && !elements.some(ts.isSpreadElement) ? Number(first) : -1;
        elements.forEach((el, i) => {
          if (at >= 0 && i !== at) return;
          if (ts.isSpreadElement(el)) this.visit(el.expression, s);
          else this.visit(el, { ...s, demand: first === undefined ? [] : rest });
        });
        return;
      }
      case ts.SyntaxKind.CallExpression:
        this.callResult(e as ts.CallExpression, s);
        return;
      case ts.SyntaxKind.NewExpression: {
        const ne = e as ts.NewExpression;
        const api = this.context.api(ne.expression);
        const name = api?.module === "global" ? api.path[api.path.length - 1] : undefined;
        if (!name || !KEEPING_CONSTRUCTORS.has(name)) return;
        for (const a of ne.arguments ?? []) this.visit(a, { ...s, demand: [] });
        return;
      }
      default:
        return;
    }
  }

  /** `process.env[name]` inside `getEnv(name)` reached from `getEnv("PORT")`: the key is the call's constant argument. */
  private frameConstant(arg: ts.Expression, s: State): string | undefined {
    const top = s.frames[s.frames.length - 1];
    if (!top || !ts.isIdentifier(arg)) return undefined;
    const decl = this.index.declarations.of(arg);
    if (!decl || !ts.isParameter(decl) || decl.parent !== top.fn) return undefined;
    const value = argumentFor(top.fn, top.call, top.fn.parameters.indexOf(decl), decl, this.context);
    return value ? this.context.constantText(value) : undefined;
  }

  private binary(b: ts.BinaryExpression, s: State): void {
    switch (b.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken: {
        if (s.demand.length) return;
        const text = { ...s, notes: withNote(s.notes, { note: "interpolated" }) };
        this.visit(b.left, text);
        this.visit(b.right, text);
        return;
      }
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken:
        this.visit(b.left, s);
        this.visit(b.right, s);
        return;
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.CommaToken:
      case ts.SyntaxKind.EqualsToken:
      case ts.SyntaxKind.BarBarEqualsToken:
      case ts.SyntaxKind.QuestionQuestionEqualsToken:
        this.visit(b.right, s);
        return;
      case ts.SyntaxKind.PlusEqualsToken:
        this.visit(b.left, s);
        this.visit(b.right, s);
        return;
      default:
        if (this.policy.arithmetic && ARITHMETIC.has(b.operatorToken.kind)) {
          this.visit(b.left, { ...s, demand: [] });
          this.visit(b.right, { ...s, demand: [] });
        }
        return;
    }
  }

  private object(obj: ts.ObjectLiteralExpression, state: State): void {
    const s = structured(state);
    const [first, ...rest] = s.demand;
    for (const p of obj.properties) {
      if (ts.isSpreadAssignment(p)) {
        this.visit(p.expression, s);
        continue;
      }
      if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
      const name = propertyNameText(p.name);
      if (first !== undefined && name !== undefined && !takesKey(first, name)) continue;
      const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
      this.visit(value, { ...s, demand: first === undefined ? [] : rest });
    }
  }

  private member(object: ts.Expression, key: string, at: ts.Expression, s: State): void {
    if (SCALAR_PROPS.has(key) && !s.demand.length) return;
    if (object.kind === ts.SyntaxKind.ThisKeyword) {
      for (const rhs of this.fieldValues(at)) this.visit(rhs, { ...s, demand: s.demand, hops: [...s.hops, { node: rhs, message: `stored in \`this.${key}\`` }] });
      return;
    }
    this.visit(object, { ...s, demand: [key, ...s.demand] });
  }

  private identifier(id: ts.Identifier, s: State): void {
    if (id.text === "undefined") return;
    const decl = this.index.declarations.of(id);
    if (!decl) {
      // An import the lexical lookup cannot follow: the resolver may still name an object.
      const ref = this.context.resolve(id);
      if (ref.kind === "object") this.visit(ref.node, s);
      return;
    }
    if (ts.isVariableDeclaration(decl)) this.variable(decl, s, id);
    else if (ts.isParameter(decl)) this.parameter(decl, s);
    else if (ts.isBindingElement(decl)) this.binding(decl, s);
  }

  private variable(decl: ts.VariableDeclaration, s: State, use: ts.Identifier): void {
    const name = ts.isIdentifier(decl.name) ? decl.name.text : "value";
    const next: State = { ...s, hops: [...s.hops, { node: decl.name, message: `assigned to \`${name}\`` }] };
    const loop = decl.parent.parent;
    if (ts.isForOfStatement(loop) && loop.initializer === decl.parent) {
      this.visit(loop.expression, { ...next, demand: ["*", ...s.demand] });
      return;
    }
    if (ts.isForInStatement(loop) && loop.initializer === decl.parent) return;
    const { values, initializerLive } = this.reachingValues(decl, use);
    if (decl.initializer && initializerLive) this.visit(decl.initializer, next);
    for (const rhs of values) this.visit(rhs, next);
    for (const m of this.mutationsOf(decl, use)) {
      const [first, ...rest] = s.demand;
      if (first !== undefined && m.key !== "*" && !takesKey(first, m.key)) continue;
      this.visit(m.value, { ...next, demand: first === undefined ? [] : rest });
    }
  }

  /** Writes into the object or array a variable holds: `obj.k = v`, `arr[i] = v`, `arr.push(v)`, `Object.assign(obj, src)`. */
  private mutationsOf(decl: ts.VariableDeclaration, use: ts.Identifier): { key: string; value: ts.Expression }[] {
    if (!ts.isIdentifier(decl.name) || use.getSourceFile() !== decl.getSourceFile()) return [];
    const writes = writesIn(enclosingScope(decl)).mutations.get(decl.name.text) ?? [];
    return writes.filter((w) => (w.at.pos < use.pos || sharesLoop(w.at, use)) && this.index.declarations.of(w.target) === decl);
  }

  /**
   * The assignments whose value a read of a `let` may see: those before it, from the last one that surely ran
   * (a statement in a block around the read) on; the initializer only when no such assignment hides it.
   * `let html = await res.text(); html = cap(html);` then reads only the capped value.
   */
  private reachingValues(decl: ts.VariableDeclaration, use: ts.Identifier): { values: ts.Expression[]; initializerLive: boolean } {
    const all = this.assignmentsTo(decl);
    if (use.getSourceFile() !== decl.getSourceFile()) return { values: all, initializerLive: true };
    const before = all.filter((rhs) => rhs.pos < use.pos || sharesLoop(rhs, use));
    let last = -1;
    before.forEach((rhs, i) => {
      if (dominates(rhs.parent as ts.BinaryExpression, use)) last = i;
    });
    if (last < 0) return { values: before, initializerLive: true };
    return { values: before.slice(last), initializerLive: false };
  }

  private assignmentsTo(decl: ts.VariableDeclaration): ts.Expression[] {
    if (!ts.isIdentifier(decl.name)) return [];
    const list = decl.parent;
    if (ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const) return [];
    const writes = writesIn(enclosingScope(decl)).assignments.get(decl.name.text) ?? [];
    return writes.filter((a) => this.index.declarations.of(a.left as ts.Identifier) === decl).map((a) => a.right);
  }

  private binding(el: ts.BindingElement, s: State): void {
    const path: string[] = [];
    let node: ts.Node = el;
    let demand = s.demand;
    if (el.dotDotDotToken && ts.isObjectBindingPattern(el.parent)) {
      // { env, ...rest }: rest holds every property of the value but env, each at its own name.
      const omitted = el.parent.elements.filter((e) => e !== el).map(bindingKey).filter((k): k is string => k !== undefined);
      const [first, ...more] = demand;
      if (first !== undefined && omitted.includes(first)) return;
      if (first === undefined || isAnyKey(first)) demand = [anyKeyBut(omitted, first), ...more];
    }
    while (ts.isBindingElement(node)) {
      if (ts.isObjectBindingPattern(node.parent)) {
        if (!node.dotDotDotToken) path.unshift(bindingKey(node) ?? "*");
      } else path.unshift(node.dotDotDotToken ? "*" : String(node.parent.elements.indexOf(node)));
      node = node.parent.parent;
    }
    const name = ts.isIdentifier(el.name) ? el.name.text : "value";
    const next: State = { ...s, demand: [...path, ...demand], hops: [...s.hops, { node: el.name, message: `destructured into \`${name}\`` }] };
    if (el.initializer) this.visit(el.initializer, s);
    if (ts.isParameter(node)) this.parameter(node, next);
    else if (ts.isVariableDeclaration(node)) {
      const loop = node.parent.parent;
      if (ts.isForOfStatement(loop) && loop.initializer === node.parent) this.visit(loop.expression, { ...next, demand: ["*", ...next.demand] });
      else if (node.initializer) this.visit(node.initializer, next);
    }
  }

  private parameter(p: ts.ParameterDeclaration, s: State): void {
    const fn = p.parent;
    if (p.initializer) this.visit(p.initializer, s);
    if (!isFunctionLike(fn)) return;
    const index = fn.parameters.indexOf(p);
    const top = s.frames[s.frames.length - 1];
    if (top && top.fn === fn) {
      if (top.elements) {
        if (index === 0) this.visit(top.elements, { ...s, frames: s.frames.slice(0, -1), demand: ["*", ...s.demand] });
        return;
      }
      const arg = argumentFor(fn, top.call, index, p, this.context);
      if (arg) this.visit(arg, { ...s, frames: s.frames.slice(0, -1) });
      return;
    }
    if (this.policy.boundary?.(fn)) return;
    const parent = fn.parent;
    if (ts.isCallExpression(parent) && parent.arguments.includes(fn as ts.Expression)) {
      // An inline callback: array and promise methods hand it the receiver's elements; other libraries, their own values.
      const callee = skipOuter(parent.expression);
      if (!ts.isPropertyAccessExpression(callee)) return;
      const slot = ELEMENT_CALLBACKS[callee.name.text];
      if (slot !== index) return;
      const then = callee.name.text === "then";
      this.visit(callee.expression, { ...s, demand: then ? s.demand : ["*", ...s.demand] });
      return;
    }
    if (s.callerHops >= MAX_CALLER_HOPS) return;
    const name = functionName(fn);
    if (!name) return;
    let n = 0;
    for (const call of this.index.callersOf(fn, name)) {
      if (n >= MAX_CALLERS) break;
      if (call.arguments.includes(fn as ts.Expression)) continue;
      n++;
      const arg = argumentFor(fn, call, index, p, this.context);
      if (arg) this.visit(arg, { ...s, frames: [], callerHops: s.callerHops + 1, hops: [...s.hops, { node: arg, message: `passed to ${name}()` }] });
    }
  }

  private callResult(call: ts.CallExpression, s: State): void {
    const callee = skipOuter(call.expression);
    const fns = this.context.calleeFunctions(call);
    if (fns.length) {
      const flow = this.policy.call?.(call, 0, undefined);
      if (flow === "dead") return;
      if (s.frames.length >= MAX_FRAMES) return;
      const notes = withNote(s.notes, flow);
      for (const fn of fns) {
        const frames = [...s.frames, { fn, call }];
        const hops = [...s.hops, { node: call, message: `returned by ${functionName(fn) ?? "function"}()` }];
        for (const r of returnedExpressions(fn)) this.visit(r, { ...s, frames, hops, notes });
      }
      return;
    }
    const api = this.context.api(call.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    // Library inputs: by default only the value-keeping APIs (JSON.stringify, String, util.format) pass an argument on.
    if (api) call.arguments.forEach((a, i) => this.libraryInput(call, a, i, api, s));
    // A namespace's function (axios.get, JSON.stringify, path.join) has no receiver value to follow.
    if (api && !api.path.includes("#") && !(api.module === "global" && api.path.length === 1)) return;
    if (!ts.isPropertyAccessExpression(callee) || !method) return;
    // A method called on a value: the receiver (and, for concat/join/replace, the arguments) may flow.
    const flow = this.policy.call?.(call, "receiver", api) ?? defaultMethodFlow(method, call, api);
    if (flow === "dead") return;
    const notes = withNote(s.notes, flow);
    if (method === "get" && call.arguments[0]) {
      const k = this.context.constantText(call.arguments[0]);
      this.visit(callee.expression, { ...s, notes, demand: [k ?? "*", ...s.demand] });
      return;
    }
    if (PARSE_METHODS.has(method) && call.arguments[0]) {
      this.visit(call.arguments[0], { ...s, notes });
      return;
    }
    if (SAFE_PARSE_METHODS.has(method) && call.arguments[0]) {
      if (s.demand[0] === "data") this.visit(call.arguments[0], { ...s, notes, demand: s.demand.slice(1) });
      return;
    }
    if (method === "map" || method === "flatMap") {
      // The result holds what the callback returns; its parameter leads back to the receiver's elements.
      const cb = call.arguments[0] && skipOuter(call.arguments[0]);
      if (cb && isFunctionLike(cb)) {
        for (const r of returnedExpressions(cb)) this.visit(r, { ...s, notes, demand: s.demand.slice(1) });
        return;
      }
      const ref = cb ? this.context.resolve(cb) : undefined;
      if (ref?.kind === "function" && s.frames.length < MAX_FRAMES) {
        const frames = [...s.frames, { fn: ref.node, call, elements: callee.expression }];
        for (const r of returnedExpressions(ref.node)) this.visit(r, { ...s, notes, frames, demand: s.demand.slice(1) });
        return;
      }
    }
    const arrayish = method === "map" || method === "flatMap" || method === "filter" || method === "sort" || method === "reverse" || method === "flat" || method === "toSorted" || method === "toReversed";
    const keep = arrayish || method === "then" || method === "finally" || method === "catch" || (typeof flow === "object" && flow.keepDemand === true);
    this.visit(callee.expression, { ...s, notes, demand: keep ? s.demand : [] });
    if (method === "concat" || method === "join" || method === "replace" || method === "replaceAll") for (const a of call.arguments.slice(method === "concat" ? 0 : 1)) this.visit(a, { ...s, notes, demand: [] });
  }

  private libraryInput(call: ts.CallExpression, arg: ts.Expression, i: number, api: ApiRef, s: State): void {
    const name = qualified(api);
    const method = name.slice(name.lastIndexOf(".") + 1);
    // Methods of global values (a string's concat, an array's join) are the receiver's business, handled below.
    if (api.module === "global" && api.path.includes("#") && KEEPING_METHODS.has(method)) return;
    const flow = this.policy.call?.(call, i, api) ?? (KEEPING_APIS.has(name) ? "follow" : "dead");
    if (flow === "dead") return;
    const notes = withNote(structured(s).notes, flow);
    // JSON.stringify(x, null, 2): only the first argument is data.
    if ((name === "global.JSON.stringify" || name === "util.inspect") && i > 0) return;
    // Array.from(source, fn): the elements are what fn returns.
    const fn = skipOuter(arg);
    if (name === "global.Array.from" && i === 1 && isFunctionLike(fn)) {
      for (const r of returnedExpressions(fn)) this.visit(r, { ...s, notes, demand: s.demand.slice(1) });
      return;
    }
    const demand = KEEPING_DEMAND_APIS.has(name) ? s.demand : reshaped(name, s.demand);
    if (demand === undefined) return;
    this.visit(arg, { ...s, notes, demand });
  }

  /** Right-hand sides assigned to `this.<name>` anywhere in the class of a `this.<name>` read. */
  private fieldValues(at: ts.Expression): readonly ts.Expression[] {
    const name = ts.isPropertyAccessExpression(at) ? at.name.text : undefined;
    const cls = enclosingClass(at);
    if (!cls || !name) return [];
    return fieldWrites(cls).get(name) ?? [];
  }
}

interface Mutation {
  /** The assignment or call that writes. */
  at: ts.Node;
  /** The variable written into. */
  target: ts.Identifier;
  key: string;
  value: ts.Expression;
}

/** The writes in one scope, by the name of the variable written. */
interface ScopeWrites {
  assignments: Map<string, ts.BinaryExpression[]>;
  mutations: Map<string, Mutation[]>;
}

const writesByScope = new WeakMap<ts.Node, ScopeWrites>();

/** Every assignment to a name and write into a named object in a scope, in source order: found in one walk, since each read asks. */
function writesIn(scope: ts.Node): ScopeWrites {
  const cached = writesByScope.get(scope);
  if (cached) return cached;
  const writes: ScopeWrites = { assignments: new Map(), mutations: new Map() };
  const add = <T>(map: Map<string, T[]>, name: string, item: T) => {
    const list = map.get(name);
    if (list) list.push(item);
    else map.set(name, [item]);
  };
  const mutate = (at: ts.Node, target: ts.Expression, key: string, value: ts.Expression) => {
    const id = skipOuter(target);
    if (ts.isIdentifier(id)) add(writes.mutations, id.text, { at, target: id, key, value });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n)) {
      if (ts.isIdentifier(n.left) && isAssignmentKind(n.operatorToken.kind)) add(writes.assignments, n.left.text, n);
      if (n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const left = skipOuter(n.left);
        if (ts.isPropertyAccessExpression(left)) mutate(n, left.expression, left.name.text, n.right);
        else if (ts.isElementAccessExpression(left)) mutate(n, left.expression, ts.isStringLiteralLike(left.argumentExpression) ? left.argumentExpression.text : "*", n.right);
      }
    } else if (ts.isCallExpression(n)) {
      const callee = skipOuter(n.expression);
      if (ts.isPropertyAccessExpression(callee) && (callee.name.text === "push" || callee.name.text === "unshift")) {
        for (const a of n.arguments) mutate(n, callee.expression, "*", a);
      } else if (ts.isPropertyAccessExpression(callee) && callee.name.text === "assign" && ts.isIdentifier(callee.expression) && callee.expression.text === "Object" && n.arguments[0]) {
        for (const a of n.arguments.slice(1)) mutate(n, n.arguments[0], "*", a);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  writesByScope.set(scope, writes);
  return writes;
}

const fieldWritesByClass = new WeakMap<ts.ClassLikeDeclaration, Map<string, ts.Expression[]>>();

/** A class's fields by name, with every value given to them: initializers, parameter properties, then `this.x = v` in its members. */
function fieldWrites(cls: ts.ClassLikeDeclaration): Map<string, ts.Expression[]> {
  const cached = fieldWritesByClass.get(cls);
  if (cached) return cached;
  const fields = new Map<string, ts.Expression[]>();
  const add = (name: string, value: ts.Expression) => {
    const list = fields.get(name);
    if (list) list.push(value);
    else fields.set(name, [value]);
  };
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && m.initializer) {
      const name = propertyNameText(m.name);
      if (name !== undefined) add(name, m.initializer);
    }
    if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) if (ts.isIdentifier(p.name) && ts.getModifiers(p)?.length) add(p.name.text, p.name);
    }
  }
  const visit = (n: ts.Node): void => {
    if (ts.isClassLike(n) && n !== cls) return;
    if (ts.isBinaryExpression(n) && isAssignmentKind(n.operatorToken.kind) && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword) add(n.left.name.text, n.right);
    ts.forEachChild(n, visit);
  };
  visit(cls);
  fieldWritesByClass.set(cls, fields);
  return fields;
}

/** String and array methods keep the receiver's text; masking methods (slice, substring), predicates and unknown methods do not. */
function defaultMethodFlow(method: string, call: ts.CallExpression, api: ApiRef | undefined): CallFlow {
  // schema.parse(process.env) (zod, valibot, a project schema): the result has the fields of what was validated.
  if (PARSE_METHODS.has(method) || SAFE_PARSE_METHODS.has(method)) return "follow";
  if (api && api.module !== "global") return "dead";
  if (method === "replace" || method === "replaceAll") {
    const replacement = call.arguments[1];
    if (replacement && ts.isStringLiteralLike(replacement) && /^[*•xX#.\-_ ]+$/.test(replacement.text)) return "dead";
    return "follow";
  }
  if (method === "get") return "follow";
  return KEEPING_METHODS.has(method) || method in ELEMENT_CALLBACKS ? "follow" : "dead";
}

/** An assignment statement in a block that encloses the read, not in a loop or a nested function between them. */
function dominates(assign: ts.BinaryExpression, use: ts.Node): boolean {
  if (assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isExpressionStatement(assign.parent)) return false;
  const block = assign.parent.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block)) return false;
  if (!containsNode(block, use) || assign.end > use.pos) return false;
  for (let n: ts.Node | undefined = use.parent; n && n !== block; n = n.parent) {
    if (isFunctionLike(n) || ts.isIterationStatement(n, false)) return false;
  }
  return true;
}

/** An assignment after the read still reaches it on the next turn of a loop around both. */
function sharesLoop(rhs: ts.Node, use: ts.Node): boolean {
  for (let n: ts.Node | undefined = rhs.parent; n && !isFunctionLike(n); n = n.parent) if (ts.isIterationStatement(n, false) && containsNode(n, use)) return true;
  return false;
}

function containsNode(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/**
 * The demand on the input of a function that reshapes it: Object.entries(o)[i][1] is a value of o, [i][0] only a key;
 * Object.values(o)[i] is a value; Object.fromEntries(pairs).k is some pair's second element. Undefined: nothing of the input.
 */
function reshaped(name: string, demand: Demand): Demand | undefined {
  const [first, second, ...rest] = demand;
  const element = (first !== undefined && isAnyKey(first)) || (first !== undefined && /^\d+$/.test(first));
  if (name === "global.Object.entries" && element) {
    if (second === "0") return undefined;
    return second === "1" ? ["*", ...rest] : [];
  }
  if (name === "global.Object.values" && element) return ["*", ...demand.slice(1)];
  if (name === "global.Object.fromEntries" && first !== undefined) return ["*", "1", ...demand.slice(1)];
  return [];
}

/** The value goes into a structure or a serializer: it is no longer a piece of text on its own. */
function structured(s: State): State {
  if (!s.notes.has("interpolated")) return s;
  const notes = new Set(s.notes);
  notes.delete("interpolated");
  return { ...s, notes };
}

function withNote(notes: ReadonlySet<string>, flow: CallFlow | undefined): ReadonlySet<string> {
  return typeof flow === "object" && flow.note ? new Set([...notes, flow.note]) : notes;
}

function qualified(api: ApiRef): string {
  const path = api.path.filter((p) => p !== "#");
  return path.length ? `${api.module}.${path.join(".")}` : api.module;
}

function argumentFor(fn: FunctionLike, call: ts.CallExpression, index: number, p: ts.ParameterDeclaration, context: RuleContext): ts.Expression | undefined {
  if (p.dotDotDotToken) return undefined;
  return context.passedArguments(call)[index - thisOffset(fn)];
}

export function functionName(fn: FunctionLike): string | undefined {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isStringLiteralLike(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) return propertyNameText(parent.name);
  return undefined;
}

function enclosingScope(decl: ts.Node): ts.Node {
  for (let n = decl.parent; n; n = n.parent) if (isFunctionLike(n) || ts.isSourceFile(n)) return n;
  return decl.getSourceFile();
}

function isAssignmentKind(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsToken || kind === ts.SyntaxKind.PlusEqualsToken || kind === ts.SyntaxKind.QuestionQuestionEqualsToken || kind === ts.SyntaxKind.BarBarEqualsToken;
}

