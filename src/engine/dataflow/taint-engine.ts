import { ts } from "../../rule-api/ts.js";
import { constInitializer } from "../ast/const-initializer.js";
import { returnedExpressions } from "../ast/returned-expressions.js";
import { isUnreachable } from "../ast/unreachable.js";
import { bindingKey, calleeName, enclosingClass, isFunctionLike, propertyNameText, skipOuter, skipOuterAndAwait, thisOffset, type FunctionLike } from "../ast/function-like.js";
import { isNarrowSchema, parseSchema, schemaAt, type SchemaNode } from "../model/schema-node.js";
import { constantText } from "../resolve/constant-text.js";
import type { ValueResolver } from "../resolve/value-resolver.js";
import { compiled, contradicts, GuardEvaluator, optionAtCall, shellMetacharClass } from "./guards.js";
import { capturedParameter, closureSites, functionPassed, madeBy, parameterOf, type Made } from "./closure-sites.js";
import { callSource, environmentSource } from "./expression-sources.js";
import { ELEMENT_CALLBACKS, isTextTag, libraryModel, LISTENER_METHODS, methodModel, type CallModel } from "./library-models.js";
import { isNewUrl, rebuiltUrlEnd } from "./rebuilt-url.js";
import { leadingText, pinsHost, stringParts, UrlScanner } from "./string-parts.js";
import { appendTrace, ATTACKER_KINDS, decoded, dedupe, derived, hasMark, KEYS, taintKey, toTaint, traceOf, withMarks, within, withStep, type CapturedSchema, type Flow, type Validated, type Mark, type SourceKind, type SourceSpec, type Step, type TaintHit, type TaintRoot } from "./taint.js";

const MAX_FACTS_PER_PARAM = 96;
const MAX_MADE_FACTS_PER_PARAM = 512;
/** Flows one expression carries at most: a loop that walks a value (`cur = cur._def.innerType`) makes one per path it can take. */
const MAX_LABELS = 128;
const MAX_VISITS = 24;
/** Positions of a rest parameter tracked one by one (`notify(cb, a, b, c)`); later ones stay merged. */
const MAX_REST_POSITIONS = 8;
/** Calls of a function whose array arguments are read by position; past it, the elements are merged. */
const MAX_PASSED_ARRAYS = 16;
const SCHEMA_METHODS = new Set(["parse", "safeParse", "parseAsync", "safeParseAsync", "validateSync"]);
/** zod methods that return a stricter or looser copy of the same object schema. */
const SCHEMA_MODIFIERS = new Set(["strict", "passthrough", "strip", "partial", "required", "deepPartial"]);
const PUSH_METHODS = new Set(["push", "unshift", "splice", "set", "add"]);
/** The characters of a character class pattern (`[;&|]+` → `;&|`), and those a negated one keeps (`[^a-z0-9]` → `a-z0-9`). */
const CLASS_BODY = /^\[([^\]^][^\]]*)\]\+?$/;
const NEGATED_CLASS_BODY = /^\[\^([^\]]*)\]\+?$/;
/** Methods that return one element of a collection (Map or array). */
const ELEMENT_READS: ReadonlySet<string> = new Set(["get", "at", "find", "findLast", "pop", "shift"]);
/** Methods that return a collection of the receiver's own elements. */
const ELEMENT_COPIES: ReadonlySet<string> = new Set(["values", "filter", "slice", "sort", "reverse"]);
const FORM_PARSERS: ReadonlySet<string> = new Set(["multiparty", "formidable"]);
const BODY_READERS = new Set(["json", "formData"]);
/** URLSearchParams' own members, which name no parameter. */
const SEARCH_PARAMS_MEMBERS = new Set(["get", "getAll", "has", "entries", "keys", "values", "forEach", "toString", "size", "append", "set", "delete", "sort"]);
const URL_PIECES = new Set(["searchParams", "search", "pathname", "hash", "username", "password", "port"]);
/** Pieces of a URL object that come after its host. */
const URL_PATH_PIECES: ReadonlySet<string> = new Set(["search", "pathname", "hash"]);
/** URL members whose text decides the host: a whole URL or its authority. */
const URL_HOST_PIECES: ReadonlySet<string> = new Set(["href", "host", "hostname"]);
const DECODERS: ReadonlySet<string> = new Set(["decodeURIComponent", "decodeURI", "unescape"]);
/** Fields of an upload multer fills in itself. */
const STORED_UPLOAD: ReadonlySet<string> = new Set(["path", "destination", "filename", "size"]);
const MCP_REQUEST_KINDS: ReadonlySet<SourceKind> = new Set(["tool-argument", "prompt-argument", "resource-variable"]);

type VTaint = Flow & { validated?: Validated; captured?: CapturedSchema };

/** Methods of a request that read one named part of it: hono's c.req.query(name), express's req.header(name), Headers.get(name). */
const KEYED_READERS = new Set(["query", "param", "header", "cookie", "get", "queries"]);
const ASYNC_HOOKS = new Set(["async_hooks", "node:async_hooks"]);

/**
 * Interprocedural taint analysis over the raw compiler AST. Labels are computed per expression on demand
 * (flow-insensitive within a function, guarded by dominating checks at each read), functions are summarised
 * by what their return value carries from their parameters, and facts about which sources reach which
 * parameters are propagated forward from the MCP handlers through the project's own calls.
 */
export class TaintEngine {
  private readonly memo = new Map<ts.Node, VTaint[]>();
  private readonly inProgress = new Set<ts.Expression>();
  private readonly returnMemo = new Map<FunctionLike, VTaint[]>();
  private readonly facts = new Map<FunctionLike, Map<number, Map<string, VTaint>>>();
  private readonly sourcesByFn = new Map<FunctionLike, SourceSpec[]>();
  private readonly pushIndex = new Map<ts.SourceFile, Map<string, ts.CallExpression[]>>();
  private readonly fieldIndex = new Map<ts.ClassLikeDeclaration, Map<string, ts.Expression[]>>();
  private readonly rebuiltUrls = new Map<ts.VariableDeclaration, number | undefined>();
  /** How many of a parameter's facts remember the call that made their closure. */
  private readonly madeFacts = new WeakMap<Map<string, VTaint>, number>();
  /** The calls seen making each maker's closures, by key. */
  private readonly madeSites = new Map<FunctionLike, Map<string, Made>>();
  readonly guards: GuardEvaluator;
  // Once propagation is over, parameter facts are final and every rule asks about the same expressions.
  private settled = false;
  private readonly realMemo = new Map<ts.Expression, VTaint[]>();

  constructor(
    readonly resolver: ValueResolver,
    sources: readonly SourceSpec[],
  ) {
    for (const s of sources) if (s.fn) this.sourcesByFn.set(s.fn, [...(this.sourcesByFn.get(s.fn) ?? []), s]);
    this.guards = new GuardEvaluator(this);
  }

  get checker(): ts.TypeChecker {
    return this.resolver.checker;
  }

  /** Real sources of the given kinds reaching an expression, with the path they took. */
  taintOf(expr: ts.Expression, kinds: readonly SourceKind[] = ATTACKER_KINDS): TaintHit[] {
    const hits: TaintHit[] = [];
    if (isUnreachable(expr)) return hits;
    let real = this.settled ? this.realMemo.get(expr) : undefined;
    if (!real) {
      real = this.resolveReal(this.labelsOf(expr));
      if (this.settled) this.realMemo.set(expr, real);
    }
    for (const taint of real) {
      const spec = (taint.root as Extract<TaintRoot, { kind: "source" }>).spec;
      if (kinds.includes(spec.kind)) hits.push({ taint: toTaint(taint), spec });
    }
    return hits;
  }

  /** Propagates source facts forward through the project's calls until nothing changes. */
  propagate(onError?: (fn: FunctionLike, error: unknown) => void): void {
    const queue: FunctionLike[] = [...this.sourcesByFn.keys()];
    const queued = new Set(queue);
    const visits = new Map<FunctionLike, number>();
    // Facts only grow: an argument whose parameters have gained no fact since it was last passed on has nothing new to pass.
    const passedAt = new Map<ts.Expression, number>();
    for (let next = 0; next < queue.length; next++) {
      const fn = queue[next] as FunctionLike;
      const n = (visits.get(fn) ?? 0) + 1;
      if (n > MAX_VISITS) continue;
      visits.set(fn, n);
      try {
        for (const call of callsWithin(fn)) {
          const args = this.resolver.passedArguments(call);
          // this.drain(): a method of the same object may read what this one stored in a field, so it runs too.
          if (isThisCall(call)) {
            for (const target of this.resolver.calleeFunctions(call)) {
              if (visits.has(target) || queued.has(target)) continue;
              queued.add(target);
              queue.push(target);
            }
          }
          if (args.length === 0) continue;
          // Only the project's own functions take facts: what a library call is passed has nowhere to go.
          const direct = this.resolver.calleeFunctions(call);
          let targets = direct.length || !ts.isCallExpression(call) ? direct : this.resolver.injectedFunctions(call);
          const captured = ts.isCallExpression(call) ? capturedParameter(call.expression, this.checker) : undefined;
          // handler(parsed) inside a closure: the handlers its making calls passed, also past what the resolver lists.
          if (captured) targets = [...new Set([...targets, ...this.passedHandlers(captured)])];
          if (targets.length === 0) continue;
          const enter = (target: FunctionLike, taints: readonly VTaint[], step: Step): VTaint[] => this.entering(call, target, captured, taints, step);
          for (let i = 0; i < args.length; i++) {
            const arg = args[i] as ts.Expression;
            if (isFunctionLike(arg)) continue;
            // cb(...rest) inside notify(cb, ...rest): each element goes on at its own position, as the callers passed it.
            const forwarded = this.forwardedRest(fn, arg);
            if (forwarded) {
              for (const [j, facts] of forwarded.entries()) {
                if (!facts.length) continue;
                for (const target of targets) {
                  const index = paramIndexFor(target, i + j);
                  if (index === undefined) continue;
                  const step: Step = { kind: "call", node: arg, message: `passed to ${functionName(target)}()` };
                  const taints = enter(target, facts, step);
                  if (this.addFacts(target, index, taints)) queue.push(target);
                  this.addRestFacts(target, i + j, taints);
                }
              }
              continue;
            }
            const labels = this.labelsOf(arg);
            if (!labels.length) continue;
            const version = this.factCount(labels);
            if (passedAt.get(arg) === version) continue;
            passedAt.set(arg, version);
            const real = this.resolveReal(labels);
            if (!real.length) continue;
            for (const target of targets) {
              const index = paramIndexFor(target, i);
              if (index === undefined) continue;
              const step: Step = { kind: "call", node: arg, message: `passed to ${functionName(target)}()` };
              const taints = enter(target, real, step);
              if (this.addFacts(target, index, taints)) queue.push(target);
              if (!ts.isSpreadElement(arg)) this.addRestFacts(target, i, taints);
            }
          }
        }
      } catch (e) {
        // A function the analysis cannot follow loses what it passes on, not the whole scan.
        onError?.(fn, e);
      }
    }
    this.settled = true;
  }

  /**
   * The flows a call hands `target`, each remembering the call that made target when target is a closure
   * (`handleLog(args)` with `handleLog = withValidation(schema, fn)`). Inside a closure, a call of its maker's
   * parameter (`handler(parsed)`) runs only the function that the flow's own making call passed there.
   */
  private entering(call: ts.CallExpression | ts.NewExpression, target: FunctionLike, captured: { maker: FunctionLike; index: number } | undefined, taints: readonly VTaint[], step: Step): VTaint[] {
    const sites = ts.isCallExpression(call) ? closureSites(call.expression, target, this.resolver) : [];
    const out: VTaint[] = [];
    for (const t of taints) {
      let made: Made | undefined;
      const from = captured && t.made?.maker === captured.maker ? t.made : undefined;
      if (from && captured) {
        const passed = functionPassed(from, captured.index, this.resolver);
        if (passed && passed !== target) continue;
        const arg = from.call.arguments[captured.index];
        made = arg && madeBy(arg, target, this.resolver);
      }
      const stepped = withStep(t, step);
      for (const site of made ? [made, ...sites] : sites) this.remember(site);
      if (sites.length) for (const site of sites) out.push({ ...stepped, made: site });
      else if (made) out.push({ ...stepped, made });
      else out.push(stepped.made ? { ...stepped, made: undefined } : stepped);
    }
    return out;
  }

  private remember(site: Made): void {
    let sites = this.madeSites.get(site.maker);
    if (!sites) this.madeSites.set(site.maker, (sites = new Map()));
    sites.set(site.key, site);
  }

  /** The functions the calls that made a maker's closures pass to its parameter. */
  private passedHandlers(captured: { maker: FunctionLike; index: number }): FunctionLike[] {
    return [...(this.madeSites.get(captured.maker)?.values() ?? [])].flatMap((made) => functionPassed(made, captured.index, this.resolver) ?? []);
  }

  /** How many facts reach the parameters these labels are rooted at. */
  private factCount(labels: readonly VTaint[]): number {
    let n = 0;
    for (const t of labels) if (t.root.kind === "param") n += this.facts.get(t.root.fn)?.get(t.root.index)?.size ?? 0;
    return n;
  }

  /** What reaches each position of a rest parameter (`...args`), kept apart from the merged facts at its index. */
  private addRestFacts(fn: FunctionLike, argIndex: number, taints: VTaint[]): void {
    const params = fn.parameters;
    const rest = params.length - 1;
    const i = argIndex + thisOffset(fn);
    if (!params[rest]?.dotDotDotToken || i < rest) return;
    this.addFacts(fn, restPosition(i - rest), taints);
  }

  /** `...args` where args is fn's rest parameter and every call of fn passed its elements one by one: those, by position. */
  private forwardedRest(fn: FunctionLike, arg: ts.Expression): VTaint[][] | undefined {
    if (!ts.isSpreadElement(arg) || !ts.isIdentifier(skipOuter(arg.expression))) return undefined;
    const decl = this.checker.getSymbolAtLocation(skipOuter(arg.expression))?.valueDeclaration;
    if (!decl || !ts.isParameter(decl) || !decl.dotDotDotToken || decl.parent !== fn) return undefined;
    const byParam = this.facts.get(fn);
    const out: VTaint[][] = [];
    const placed = new Set<string>();
    const rest = fn.parameters.indexOf(decl);
    for (let j = 0; j < MAX_REST_POSITIONS; j++) {
      const facts = byParam?.get(restPosition(j));
      for (const key of facts?.keys() ?? []) placed.add(key);
      // (...args) => handle(...args) as a handler: the framework passes its arguments one by one too.
      const sources = this.sourcesByFn.get(fn)?.filter((s) => s.paramIndex === rest + j) ?? [];
      out.push([...(facts?.values() ?? []), ...sources.map((s) => sourceTaint(s, decl))]);
    }
    // Facts that came in through a spread of their own have no position: pass the merged ones on as before.
    const merged = byParam?.get(rest)?.keys() ?? [];
    return [...merged].every((key) => placed.has(key)) ? out : undefined;
  }

  private addFacts(fn: FunctionLike, index: number, taints: VTaint[]): boolean {
    let byParam = this.facts.get(fn);
    if (!byParam) this.facts.set(fn, (byParam = new Map()));
    let set = byParam.get(index);
    if (!set) byParam.set(index, (set = new Map()));
    let changed = false;
    for (const fact of taints) {
      let t = fact;
      let key = taintKey(t);
      if (set.has(key)) continue;
      const made = this.madeFacts.get(set) ?? 0;
      // A closure many calls made holds one flow per call, each under its own limit.
      if (t.made && made >= MAX_MADE_FACTS_PER_PARAM) {
        // Past it, a flow forgets which call made the closure rather than be dropped.
        t = { ...t, made: undefined };
        key = taintKey(t);
        if (set.has(key)) continue;
      }
      if (!t.made && set.size - made >= MAX_FACTS_PER_PARAM) continue;
      if (t.made) this.madeFacts.set(set, made + 1);
      set.set(key, t);
      changed = true;
    }
    return changed;
  }

  /** Replaces parameter roots by the real sources known to reach them. */
  resolveReal(taints: readonly VTaint[]): VTaint[] {
    const out: VTaint[] = [];
    for (const t of taints) {
      if (t.root.kind === "source") out.push(t);
      else for (const f of this.facts.get(t.root.fn)?.get(t.root.index)?.values() ?? []) {
        const composed = this.compose(f, t);
        if (composed) out.push(composed);
      }
    }
    return dedupe(out);
  }

  /** `inner` was computed in terms of a parameter; `outer` is what reaches that parameter. */
  compose(outer: VTaint, inner: VTaint): VTaint | undefined {
    let t: VTaint | undefined = outer;
    // Where inner's schema applies in the composed path: reading a property the caller put the value at does not lengthen it.
    let schemaAt = outer.path.length;
    const captured = inner.captured;
    const schema = captured && (captured.schema ?? (outer.made?.maker === captured.maker ? parseSchema(outer.made.call.arguments[captured.index], this.resolver) : undefined));
    let capturedAt = outer.path.length;
    for (const [i, key] of inner.path.entries()) {
      if (t.derived && !t.inside) break;
      if (captured && i === captured.at) {
        if (schema) t = this.parsedBy(t, schema, captured.wrapped);
        else capturedAt = t.path.length;
      }
      t = this.narrow(t, key);
      if (!t) return undefined;
      if (i < (inner.validated?.at ?? 0)) schemaAt = t.path.length;
    }
    if (captured && captured.at >= inner.path.length) {
      if (schema) t = this.parsedBy(t, schema, captured.wrapped);
      else capturedAt = t.path.length;
    }
    // A schema not known yet stays pending while the flow is still in terms of a parameter.
    if (captured && !schema && outer.root.kind === "param") t = { ...t, captured: { ...captured, at: capturedAt } };
    if (inner.validated) t = { ...t, validated: { ...inner.validated, at: schemaAt } };
    if (inner.derived) t = derived(t);
    // `{ ...options, host }` of a parameter: what reaches options loses the properties written after the spread.
    if (inner.omit) {
      if (t.inside && inner.omit.includes(t.inside[0] as string)) return undefined;
      if (!t.inside) t = { ...t, omit: [...new Set([...(t.omit ?? []), ...inner.omit])] };
    }
    if (inner.inside) t = { ...t, inside: [...inner.inside, ...(t.inside ?? [])] };
    if (inner.part) t = { ...t, part: true, ...(inner.piece ? { piece: [...(t.piece ?? []), ...inner.piece] } : {}) };
    if (inner.marks.some((m) => contradicts(outer, m))) return undefined;
    t = withMarks(t, inner.marks);
    return { ...t, steps: appendTrace(outer.steps, inner.steps) };
  }

  /** Taint labels of an expression, possibly rooted at parameters of the enclosing functions. */
  labelsOf(expr: ts.Expression): VTaint[] {
    const cached = this.memo.get(expr);
    if (cached) return cached;
    this.memo.set(expr, []);
    this.inProgress.add(expr);
    const all = dedupe(this.compute(expr));
    const result = all.length > MAX_LABELS ? shallowest(all) : all;
    this.inProgress.delete(expr);
    this.memo.set(expr, result);
    return result;
  }

  /**
   * `c.req.query("redirect_uri")`, `req.header("origin")`, `request.headers.get("host")`: one named part of a request,
   * kept apart from the others so that a check on one of them says nothing of the rest.
   */
  private keyedRead(call: ts.CallExpression, callee: ts.PropertyAccessExpression): VTaint[] | undefined {
    const method = callee.name.text;
    const key = call.arguments[0];
    if (!KEYED_READERS.has(method) || !key || !ts.isStringLiteralLike(key) || call.arguments.length > 1) return undefined;
    const base = this.labelsOf(callee.expression);
    // A request handed to a helper is read the same way: the caller's request takes the key.
    if (!base.length || !base.every((t) => !t.derived && (t.root.kind === "param" || (t.root.kind === "source" && t.root.spec.kind === "http-request")))) return undefined;
    return base.flatMap((t) => {
      const part = method === "get" ? t : this.narrow(t, method);
      const read = part && this.narrow(part, key.text);
      return read ? [read] : [];
    });
  }

  /**
   * `m[n]` where `m` is a match of a regex literal: a group that is an alternation of plain words holds one of them
   * ("const"); one made of digits and arithmetic (`([\d\s+*\/-]+)`) holds no name, quote or path ("number").
   */
  private groupMark(el: ts.ElementAccessExpression): "const" | "number" | undefined {
    const index = ts.isNumericLiteral(el.argumentExpression) ? Number(el.argumentExpression.text) : 0;
    if (index < 1) return undefined;
    let base = skipOuter(el.expression);
    if (ts.isIdentifier(base)) base = skipOuter(constInitializer(base, this.checker) ?? base);
    if (!ts.isCallExpression(base) || !ts.isPropertyAccessExpression(base.expression)) return undefined;
    const method = base.expression.name.text;
    const pattern = method === "match" ? base.arguments[0] : method === "exec" ? base.expression.expression : undefined;
    const re = pattern && skipOuter(pattern);
    const group = re && ts.isRegularExpressionLiteral(re) ? captureGroup(re.text.slice(1, re.text.lastIndexOf("/")), index) : undefined;
    if (group === undefined) return undefined;
    if (/^[\w|?-]+$/.test(group)) return "const";
    const chars = /^\[([^\]^][^\]]*)\][+*]?$/.exec(group)?.[1];
    const rest = chars?.replace(/\\[ds]|0-9/g, "").replace(/\\([+\-*/%^().,])/g, "$1");
    return rest !== undefined && /^[+\-*/%^().,\s]*$/.test(rest) && !(rest.includes(".") && rest.includes("/")) ? "number" : undefined;
  }

  /**
   * What a variable read stands for while its own labels are still being worked out (a check inside the loop that
   * reassigns it): the labels of the value it starts with, which name the same sources.
   */
  startingLabels(expr: ts.Expression): VTaint[] {
    const e = skipOuter(expr);
    if (!this.inProgress.has(e) && !this.inProgress.has(expr)) return this.labelsOf(expr);
    const decl = ts.isIdentifier(e) ? this.checker.getSymbolAtLocation(e)?.valueDeclaration : undefined;
    return decl && ts.isVariableDeclaration(decl) && decl.initializer ? this.labelsOf(decl.initializer) : [];
  }

  private compute(expr: ts.Expression): VTaint[] {
    const e = skipOuter(expr);
    if (e !== expr) return this.labelsOf(e);
    switch (e.kind) {
      case ts.SyntaxKind.Identifier:
        return this.guards.apply(e, this.labelsOfIdentifier(e as ts.Identifier));
      case ts.SyntaxKind.PropertyAccessExpression:
        return this.guards.apply(e, this.labelsOfMember(e as ts.PropertyAccessExpression));
      case ts.SyntaxKind.ElementAccessExpression: {
        const el = e as ts.ElementAccessExpression;
        const env = environmentSource(el, this.resolver);
        if (env !== undefined) return env ? [expressionTaint(env)] : [];
        const key = ts.isStringLiteralLike(el.argumentExpression) ? el.argumentExpression.text : "*";
        const labels = this.guards.apply(e, this.narrowAll(this.labelsOf(el.expression), key));
        // name.match(/\.(png|gif)$/)[1]: a group that can only match one of its words is one of them.
        const group = labels.length ? this.groupMark(el) : undefined;
        return group ? labels.map((t) => withMarks(t, [{ kind: group, node: el }])) : labels;
      }
      case ts.SyntaxKind.CallExpression:
        return this.labelsOfCall(e as ts.CallExpression);
      case ts.SyntaxKind.NewExpression:
        return this.labelsOfNew(e as ts.NewExpression);
      case ts.SyntaxKind.TemplateExpression:
        return this.labelsOfString(e);
      case ts.SyntaxKind.BinaryExpression:
        return this.labelsOfBinary(e as ts.BinaryExpression);
      case ts.SyntaxKind.ConditionalExpression: {
        const c = e as ts.ConditionalExpression;
        const holds = this.constantCondition(c.condition);
        if (holds !== undefined) return this.labelsOf(holds ? c.whenTrue : c.whenFalse);
        return [...this.labelsOf(c.whenTrue), ...this.labelsOf(c.whenFalse)];
      }
      case ts.SyntaxKind.AwaitExpression:
        return this.labelsOf((e as ts.AwaitExpression).expression);
      case ts.SyntaxKind.SpreadElement:
        return this.labelsOf((e as ts.SpreadElement).expression);
      case ts.SyntaxKind.ArrayLiteralExpression:
        return (e as ts.ArrayLiteralExpression).elements.flatMap((x) => this.elementLabels(x));
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.labelsOfObject(e as ts.ObjectLiteralExpression);
      case ts.SyntaxKind.TaggedTemplateExpression:
        return this.labelsOfTaggedTemplate(e as ts.TaggedTemplateExpression);
      case ts.SyntaxKind.YieldExpression: {
        const y = (e as ts.YieldExpression).expression;
        return y ? this.labelsOf(y) : [];
      }
      default:
        return [];
    }
  }

  /**
   * A value stored as an element of a collection (`[x]`, `xs.push(x)`): an object keeps its properties apart under
   * the element, so reading one back from the collection gets only that property's labels; anything else counts for
   * the whole collection. `...ys` adds the elements of ys as they are.
   */
  private elementLabels(x: ts.Expression): VTaint[] {
    if (ts.isSpreadElement(x)) return this.labelsOf(x.expression).map((t) => (t.inside?.[0] === "*" ? t : derived(t)));
    return this.labelsOf(x).map((t) => (t.inside ? within(t, "*") : derived(t)));
  }

  /**
   * Each value at its property, so reading another property of the object does not get it; a spread copies the
   * properties as they are, except those a named property written after it replaces (`{ ...args, cfg }`).
   */
  private labelsOfObject(obj: ts.ObjectLiteralExpression): VTaint[] {
    const out: VTaint[] = [];
    for (const [i, p] of obj.properties.entries()) {
      if (ts.isPropertyAssignment(p)) {
        const key = propertyNameText(p.name) ?? "*";
        for (const t of this.labelsOf(p.initializer)) out.push(within(t, key));
      } else if (ts.isShorthandPropertyAssignment(p)) {
        for (const t of this.labelsOf(p.name)) out.push(within(t, p.name.text));
      } else if (ts.isSpreadAssignment(p)) {
        const later = obj.properties.slice(i + 1).flatMap((q) => (!ts.isSpreadAssignment(q) && q.name ? [propertyNameText(q.name)] : [])).filter((k): k is string => k !== undefined);
        for (const t of this.labelsOf(p.expression)) {
          if (!later.length) out.push(t);
          else if (!t.inside) out.push({ ...t, omit: [...new Set([...(t.omit ?? []), ...later])] });
          else if (!later.includes(t.inside[0] as string)) out.push(t);
        }
      }
    }
    return out;
  }

  private labelsOfTaggedTemplate(tt: ts.TaggedTemplateExpression): VTaint[] {
    if (isTextTag(this.resolver.apiOf(tt.tag)) && ts.isTemplateExpression(tt.template)) return this.labelsOfString(tt.template);
    return [];
  }

  private labelsOfBinary(b: ts.BinaryExpression): VTaint[] {
    switch (b.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        return this.labelsOfString(b);
      case ts.SyntaxKind.EqualsToken:
      case ts.SyntaxKind.PlusEqualsToken:
      case ts.SyntaxKind.QuestionQuestionEqualsToken:
      case ts.SyntaxKind.BarBarEqualsToken:
        return this.labelsOf(b.right);
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken:
        return [...this.labelsOf(b.left), ...this.labelsOf(b.right)];
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.CommaToken:
        return this.labelsOf(b.right);
      default:
        return [];
    }
  }

  /** Template literals and concatenation: where each attacker piece lands decides "prefixed" and "url-path". */
  private labelsOfString(e: ts.Expression): VTaint[] {
    const parts = stringParts(e);
    if (!parts) return [];
    const out: VTaint[] = [];
    const url = new UrlScanner();
    let before = false;
    for (const part of parts) {
      if (part.kind === "text") {
        url.text(part.text);
        before ||= part.text.length > 0;
        continue;
      }
      const labels = this.labelsOf(part.expr);
      if (!labels.length) {
        const constant = this.constantText(part.expr);
        if (constant !== undefined) url.text(constant);
        else url.clean();
        before = true;
        continue;
      }
      // `${origin}${rel}` where rel always starts with "/": the piece lands in the path.
      const lead = leadingText(part.expr, this.constOf);
      if (lead) url.text(lead);
      const marks: Mark[] = [];
      if (before) marks.push({ kind: "prefixed" });
      if (url.tainted() === "path") marks.push(urlPathMark(url, e));
      for (const t of labels) out.push(withMarks(derived(t), marks));
      // `${this.base}${path}`: a setting passed in is a configured base for what follows; were it the model's, it is reported itself.
      if (ts.isPropertyAccessExpression(skipOuter(part.expr)) && labels.every((t) => t.root.kind === "param")) url.clean();
      before = true;
    }
    return out;
  }

  private readonly constOf = (id: ts.Identifier): ts.Expression | undefined => constInitializer(id, this.checker);

  /** A regular expression: a literal, `new RegExp(...)`, or the const holding one. */
  private isPattern(expr: ts.Expression): boolean {
    let e = skipOuter(expr);
    if (ts.isIdentifier(e)) e = skipOuter(constInitializer(e, this.checker) ?? e);
    return ts.isRegularExpressionLiteral(e) || ((ts.isNewExpression(e) || ts.isCallExpression(e)) && ts.isIdentifier(e.expression) && e.expression.text === "RegExp");
  }

  /** `API_BASE ? `${API_BASE}${path}` : path` with API_BASE a `const` string: whether the condition holds. */
  private constantCondition(condition: ts.Expression): boolean | undefined {
    const e = skipOuter(condition);
    const underTest = testRunnerCheck(e, this.resolver);
    // `NODE_ENV === "test" ? args.dir : undefined`: the value a deployed server sees is the other branch.
    if (underTest !== undefined) return !underTest;
    const init = ts.isIdentifier(e) ? constInitializer(e, this.checker) : undefined;
    const value = init && skipOuter(init);
    return value && ts.isStringLiteralLike(value) ? value.text !== "" : undefined;
  }

  constantText(expr: ts.Expression): string | undefined {
    return constantText(expr, this.resolver);
  }

  private labelsOfIdentifier(id: ts.Identifier): VTaint[] {
    if (id.text === "undefined") return [];
    const sym = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? this.checker.getShorthandAssignmentValueSymbol(id.parent) : this.checker.getSymbolAtLocation(id);
    if (!sym) return [];
    const labels = this.labelsOfSymbol(sym);
    const rebuilt = labels.length ? this.rebuiltUrl(sym) : undefined;
    return rebuilt !== undefined && id.pos >= rebuilt ? labels.map((t) => withMarks(t, [{ kind: "shell-quoted", node: id }])) : labels;
  }

  /** Where a hand-written sanitiser finishes re-encoding a URL variable (see rebuiltUrlEnd). */
  private rebuiltUrl(sym: ts.Symbol): number | undefined {
    const decl = sym.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl)) return undefined;
    if (!this.rebuiltUrls.has(decl)) this.rebuiltUrls.set(decl, rebuiltUrlEnd(decl, sym, this.resolver));
    return this.rebuiltUrls.get(decl);
  }

  private labelsOfSymbol(sym: ts.Symbol): VTaint[] {
    let target = sym;
    if (target.flags & ts.SymbolFlags.Alias) {
      const aliased = this.checker.getAliasedSymbol(target);
      if (!aliased || aliased === target || !aliased.declarations?.length) return [];
      target = aliased;
    }
    const out: VTaint[] = [];
    for (const decl of target.declarations ?? []) {
      if (ts.isParameter(decl)) out.push(...this.labelsOfParameter(decl));
      else if (ts.isBindingElement(decl)) out.push(...this.labelsOfBinding(decl));
      else if (ts.isVariableDeclaration(decl)) out.push(...this.labelsOfVariable(decl, target));
      else if (ts.isPropertyDeclaration(decl) || ts.isPropertyAssignment(decl)) {
        if (decl.initializer) out.push(...this.labelsOf(decl.initializer));
      } else if (ts.isShorthandPropertyAssignment(decl)) out.push(...this.labelsOf(decl.name));
    }
    return out;
  }

  private labelsOfVariable(decl: ts.VariableDeclaration, sym: ts.Symbol): VTaint[] {
    const out: VTaint[] = [];
    const name = ts.isIdentifier(decl.name) ? decl.name.text : "value";
    const step: Step = { kind: "step", node: decl.name, message: `assigned to \`${name}\`` };
    const loop = decl.parent.parent;
    if (ts.isForOfStatement(loop) && loop.initializer === decl.parent) {
      out.push(...this.narrowAll(this.labelsOf(loop.expression), "*"));
    } else if (ts.isForInStatement(loop) && loop.initializer === decl.parent) {
      // One key at a time, as `for (const k of Object.keys(x))` reads them: a check on the key says nothing of x's values.
      out.push(...this.narrowAll(this.narrowAll(this.labelsOf(loop.expression), KEYS).map(derived), "*"));
    } else if (decl.initializer) {
      out.push(...this.labelsOf(decl.initializer));
    }
    const assignments = this.resolver.identifierAssignments(decl.getSourceFile(), name).filter((a) => this.checker.getSymbolAtLocation(a.left) === sym);
    // url += `&q=${x}` on a variable that always starts "https://host/...": the piece lands after the fixed host.
    const values = [decl.initializer, ...assignments.filter((a) => a.operatorToken.kind !== ts.SyntaxKind.PlusEqualsToken).map((a) => a.right)];
    const appendedMarks: Mark[] = [{ kind: "prefixed" }];
    if (assignments.some((a) => a.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) && values.every((v) => !!v && this.endsPastHost(v))) appendedMarks.push({ kind: "url-path" });
    // url = "https://api.example.com"; url += p.startsWith("/") ? p : `/${p}`: what starts with "/" ends the fixed host.
    const origin = values.every((v) => !!v && /^[a-z][a-z\d+.-]*:\/\/[^/?#@]+$/i.test(this.constantText(v) ?? ""));
    for (const assignment of assignments) {
      // cmd += x appends x after what cmd already holds.
      const appended = assignment.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken;
      const marks = appended && origin && !appendedMarks.some((m) => m.kind === "url-path") && /^[/?#]/.test(leadingText(assignment.right, this.constOf) ?? "") ? [...appendedMarks, { kind: "url-path" as const }] : appendedMarks;
      out.push(...this.labelsOf(assignment.right).map((t) => (appended ? withMarks(derived(t), marks) : t)));
    }
    for (const value of this.pushedInto(decl.getSourceFile(), name, sym)) out.push(...this.elementLabels(value));
    out.push(...this.memberWrites(decl.getSourceFile(), name, sym));
    // u.hostname = DOCS_HOST: whatever URL the variable was made from, the code picks its host.
    if (this.hostPinned(decl.getSourceFile(), name, sym)) return out.map((t) => withStep(withMarks(t, [{ kind: "url-path" }]), step));
    return out.map((t) => withStep(t, step));
  }

  /** Text appended to this value lands after a fixed host: "https://api.example.com/v1?" or `${configuredBase}/render?`. */
  private endsPastHost(value: ts.Expression): boolean {
    if (pinsHost(leadingText(value, this.constOf))) return true;
    const parts = stringParts(value);
    if (!parts) return false;
    const url = new UrlScanner();
    for (const part of parts) {
      if (url.hostFixed() && part.kind === "expr") continue;
      if (part.kind === "text") url.text(part.text);
      // A base URL from the environment or a client's defaults is configuration, not the model's.
      else if (this.labelsOf(part.expr).some((t) => t.root.kind === "param" || ATTACKER_KINDS.includes(t.root.spec.kind))) return false;
      else {
        const constant = this.constantText(part.expr);
        if (constant !== undefined) url.text(constant);
        else url.clean();
      }
    }
    return url.hostFixed();
  }

  /** `opts.cmd = v` or `bag[key] = v` on a variable: v at that property of it, so only reading the property gets it back. */
  private memberWrites(sf: ts.SourceFile, name: string, sym: ts.Symbol): VTaint[] {
    const out: VTaint[] = [];
    const writes = this.resolver.memberAssignments(sf, name).filter((w) => this.checker.getSymbolAtLocation(w.root) === sym);
    // Most variables are never written to by member: they skip the initializer lookup.
    const url = writes.length > 0 && this.isUrlObject(sym);
    for (const write of writes) {
      // u.search = q on a URL object: the text lands in its query, after the host.
      if (url && write.keys.length === 1 && URL_PATH_PIECES.has(write.keys[0] ?? "")) out.push(...this.labelsOf(write.value).map((t) => withMarks(derived(t), [{ kind: "url-path" }])));
      // u.hostname = host: the text decides where the URL points.
      else if (url && write.keys.length === 1 && URL_HOST_PIECES.has(write.keys[0] ?? "")) out.push(...this.labelsOf(write.value).map(derived));
      else for (const t of this.labelsOf(write.value)) out.push(write.keys.reduceRight((inner, key) => within(inner, key), t));
    }
    return out;
  }

  /** `const u = new URL(…)`. */
  private isUrlObject(sym: ts.Symbol): boolean {
    const decl = sym.valueDeclaration;
    const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? skipOuter(decl.initializer) : undefined;
    if (!init || !ts.isNewExpression(init)) return false;
    const ref = this.resolver.resolve(init.expression);
    return ref.kind === "api" && ref.module === "global" && ref.path.join(".") === "URL";
  }

  /** `u.hostname = "docs.example.net"` (or `u.host = …`) somewhere in the variable's file. */
  private hostPinned(sf: ts.SourceFile, name: string, sym: ts.Symbol): boolean {
    return this.resolver.memberAssignments(sf, name).some((w) => w.keys.length === 1 && (w.keys[0] === "hostname" || w.keys[0] === "host") && this.checker.getSymbolAtLocation(w.root) === sym && this.constantText(w.value) !== undefined);
  }

  /** Values added to an array variable by push/unshift/splice (args.push("-n", ns)). */
  pushedInto(sf: ts.SourceFile, name: string, sym: ts.Symbol): ts.Expression[] {
    let index = this.pushIndex.get(sf);
    if (!index) {
      const built = new Map<string, ts.CallExpression[]>();
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) && PUSH_METHODS.has(node.expression.name.text)) {
          const key = node.expression.expression.text;
          built.set(key, [...(built.get(key) ?? []), node]);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
      this.pushIndex.set(sf, built);
      index = built;
    }
    const out: ts.Expression[] = [];
    for (const call of index.get(name) ?? []) {
      const receiver = (call.expression as ts.PropertyAccessExpression).expression;
      if (this.checker.getSymbolAtLocation(receiver) !== sym) continue;
      out.push(...storedValues(call, (call.expression as ts.PropertyAccessExpression).name.text));
    }
    return out;
  }

  private labelsOfParameter(p: ts.ParameterDeclaration): VTaint[] {
    const fn = p.parent;
    if (!isFunctionLike(fn)) return [];
    const index = fn.parameters.indexOf(p);
    const out: VTaint[] = [];
    const specs = this.sourcesByFn.get(fn)?.filter((s) => s.paramIndex === index || (p.dotDotDotToken && (s.paramIndex ?? -1) > index)) ?? [];
    // (...args) => …: the framework's argument at position n is element n - index of the rest array.
    for (const spec of specs) out.push(p.dotDotDotToken ? within(sourceTaint(spec, p), String((spec.paramIndex ?? index) - index)) : sourceTaint(spec, p));
    if (!specs.length) {
      // An inline callback handed to a library gets its values from that library, never from the project's calls.
      if (this.isLibraryCallback(fn)) {
        out.push(...(this.callbackElementLabels(fn, index) ?? []));
        // bus.on("job", (cmd) => …): the project's own bus.emit("job", x) calls it too.
        if (LISTENER_METHODS.has(calleeName(fn.parent as ts.CallExpression) ?? "")) out.push(paramTaint(fn, index));
      } else out.push(paramTaint(fn, index));
    }
    if (p.initializer) out.push(...this.labelsOf(p.initializer));
    return out;
  }

  /** An inline function passed to a call of anything but the project's own functions, which may call it back with their data. */
  private isLibraryCallback(fn: FunctionLike): boolean {
    const parent = fn.parent;
    if (!(ts.isCallExpression(parent) || ts.isNewExpression(parent)) || !parent.arguments?.includes(fn as ts.Expression) || this.resolver.calleeFunctions(parent).length) return false;
    // handlers.set("read", async (args) => …): a collection stores the function for the project to call, it never calls it.
    const store = ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) ? parent.expression.name.text : undefined;
    return !(store && PUSH_METHODS.has(store) && storedValues(parent as ts.CallExpression, store).includes(fn as ts.Expression));
  }

  /** `items.map(x => ...)`, `req.on("data", chunk => ...)`: the callback's parameter holds the receiver's data. */
  private callbackElementLabels(fn: FunctionLike, index: number): VTaint[] | undefined {
    const call = fn.parent;
    if (!ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return undefined;
    const callee = skipOuter(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    // form.parse(req, (err, fields, files) => …): the form parser hands the callback the parts of the request's body.
    if (method === "parse" && index > 0 && call.arguments[0] && this.isFormParser(callee.expression)) return this.narrowAll(this.labelsOf(call.arguments[0]), "body");
    const elementIndex = ELEMENT_CALLBACKS[method];
    if (elementIndex === undefined || elementIndex !== index) return undefined;
    const receiver = this.labelsOf(callee.expression);
    if (method === "on" || method === "once" || method === "addListener") return receiver.map(derived);
    if (method === "then") return receiver;
    return this.narrowAll(receiver, "*");
  }

  /** `new multiparty.Form()`, `formidable()`, or a variable holding one. */
  private isFormParser(expr: ts.Expression): boolean {
    const made = skipOuter(expr);
    const ref = this.resolver.resolve(made);
    const api = ref.kind === "instance" && ref.of.kind === "api" ? ref.of : this.resolver.apiOf(ts.isNewExpression(made) || ts.isCallExpression(made) ? made.expression : made);
    return FORM_PARSERS.has(api?.module ?? "");
  }

  private labelsOfBinding(el: ts.BindingElement): VTaint[] {
    const steps: BindingStep[] = [];
    let node: ts.Node = el;
    while (ts.isBindingElement(node)) {
      steps.unshift(bindingStep(node));
      node = node.parent.parent;
    }
    const path = joinRestSteps(steps);
    let out: VTaint[];
    if (ts.isParameter(node)) out = this.destructuredParameter(node, path);
    else if (ts.isVariableDeclaration(node)) {
      const loop = node.parent.parent;
      if (ts.isForOfStatement(loop) && loop.initializer === node.parent) out = this.pick(this.narrowAll(this.labelsOf(loop.expression), "*"), path);
      else out = node.initializer ? this.destructured(node.initializer, path) : [];
    } else out = [];
    if (el.initializer) out = [...out, ...this.labelsOf(el.initializer)];
    const name = ts.isIdentifier(el.name) ? el.name.text : "value";
    return out.map((t) => withStep(t, { kind: "step", node: el.name, message: `destructured into \`${name}\`` }));
  }

  /** What a destructuring pattern takes out of an expression: an array literal's elements by position, else its labels narrowed. */
  private destructured(expr: ts.Expression, steps: readonly BindingStep[]): VTaint[] {
    const [step, ...more] = steps;
    if (!step) return this.labelsOf(expr);
    // const [url, ...rest] = args, where args is a parameter: what its callers pass, by position.
    const e = skipOuter(expr);
    const param = ts.isIdentifier(e) && "index" in step ? this.checker.getSymbolAtLocation(e)?.valueDeclaration : undefined;
    if (param && ts.isParameter(param) && ts.isIdentifier(param.name)) {
      const passed = this.passedArrays(param);
      if (passed) return this.guards.apply(e, this.fromPassedArrays(param, passed, steps));
    }
    const list = "index" in step ? plainArray(expr) ?? this.awaitedAll(expr) : undefined;
    // const [ok, data] = validate(schema, args): the element the helper returns at that position, as it returns it.
    const position = !list && "index" in step && !step.rest ? step.index : undefined;
    const tuples = position === undefined ? undefined : this.returnedTuples(e);
    if (tuples && position !== undefined) {
      return this.pick(
        tuples.flatMap(({ fn, call, lists }) => lists.flatMap((l) => {
          const item = l.elements[position];
          return item && !ts.isOmittedExpression(item) ? this.substitute(fn, call, this.labelsOf(item)) : [];
        })),
        more,
      );
    }
    if (!list || !("index" in step)) return this.pick(this.labelsOf(expr), steps);
    if (step.rest) return this.pick(list.elements.slice(step.index).flatMap((x) => this.labelsOf(x)).map(derived), more);
    const item = list.elements[step.index];
    return item && !ts.isOmittedExpression(item) ? this.destructured(item, more) : [];
  }

  /** The project functions a call runs when every one of them returns array literals only (`return [true, value] as const`). */
  private returnedTuples(expr: ts.Expression): { fn: FunctionLike; call: ts.CallExpression; lists: ts.ArrayLiteralExpression[] }[] | undefined {
    const call = skipOuterAndAwait(expr);
    if (!ts.isCallExpression(call)) return undefined;
    const fns = this.resolver.calleeFunctions(call);
    const out = [];
    for (const fn of fns) {
      const lists = returnedExpressions(fn).map(plainArray);
      if (!lists.length || lists.some((l) => !l)) return undefined;
      out.push({ fn, call, lists: lists as ts.ArrayLiteralExpression[] });
    }
    return out.length ? out : undefined;
  }

  /** `await Promise.all([realpath(root), realpath(file)])`: each position holds what the promise at that position resolves to. */
  private awaitedAll(expr: ts.Expression): ts.ArrayLiteralExpression | undefined {
    const e = skipOuter(expr);
    const call = ts.isAwaitExpression(e) ? skipOuter(e.expression) : undefined;
    if (!call || !ts.isCallExpression(call) || !call.arguments[0]) return undefined;
    const api = this.resolver.apiOf(call.expression);
    return api?.module === "global" && api.path.join(".") === "Promise.all" ? plainArray(call.arguments[0]) : undefined;
  }

  /** A destructured parameter: by position in the arrays its callers write out, when they all do. */
  private destructuredParameter(p: ts.ParameterDeclaration, steps: readonly BindingStep[]): VTaint[] {
    const passed = steps[0] && "index" in steps[0] ? this.passedArrays(p) : undefined;
    return passed ? this.fromPassedArrays(p, passed, steps) : this.pick(this.labelsOfParameter(p), steps);
  }

  /** Each caller's array taken apart by the pattern, as passed at that call. */
  private fromPassedArrays(p: ts.ParameterDeclaration, passed: readonly ts.ArrayLiteralExpression[], steps: readonly BindingStep[]): VTaint[] {
    const message = `passed to ${functionName(p.parent as FunctionLike)}()`;
    return passed.flatMap((list) => this.destructured(list, steps).map((t) => withStep(t, { kind: "call", node: list, message })));
  }

  /**
   * `withRetry(run, [url, token, query])`: the array literals every call of the function passes for the parameter,
   * when the function is reached by those calls alone (no source, alias, callback or spread argument brings others).
   */
  private passedArrays(p: ts.ParameterDeclaration): ts.ArrayLiteralExpression[] | undefined {
    const fn = p.parent;
    if (!isFunctionLike(fn) || p.dotDotDotToken || this.isLibraryCallback(fn)) return undefined;
    const index = fn.parameters.indexOf(p);
    const argIndex = index - thisOffset(fn);
    if (argIndex < 0 || this.sourcesByFn.get(fn)?.some((s) => s.paramIndex === index)) return undefined;
    const sites = this.resolver.soleCallingSites(fn);
    if (!sites?.length || sites.length > MAX_PASSED_ARRAYS) return undefined;
    const lists: ts.ArrayLiteralExpression[] = [];
    for (const site of sites) {
      const args = site.arguments ?? [];
      const arg = args[argIndex];
      const list = arg && !args.slice(0, argIndex).some((a) => ts.isSpreadElement(a)) ? plainArray(arg) : undefined;
      if (!list) return undefined;
      lists.push(list);
    }
    return lists;
  }

  /** Labels of a value taken apart by a pattern whose positions are not known: any element for an index. */
  private pick(labels: readonly VTaint[], steps: readonly BindingStep[]): VTaint[] {
    let out = [...labels];
    for (const step of steps) {
      if ("key" in step) out = this.narrowAll(out, step.key);
      else if ("index" in step) out = this.narrowAll(out, "*");
      // { env, ...rest }: rest holds every property but env, so what was put at env is not in it.
      else out = out.filter((t) => !(t.inside?.[0] !== undefined && step.omit.includes(t.inside[0])));
    }
    return out;
  }

  private labelsOfMember(pa: ts.PropertyAccessExpression): VTaint[] {
    const name = pa.name.text;
    if (pa.expression.kind === ts.SyntaxKind.ThisKeyword) return this.labelsOfField(pa);
    const env = environmentSource(pa, this.resolver);
    if (env !== undefined && !this.rebound(pa.expression)) return env ? [expressionTaint(env)] : [];
    if (name === "length") return [];
    // ({ body: text }).body is text itself: read the property of an object literal directly.
    const literal = this.objectLiteralOf(pa.expression);
    if (literal) {
      const prop = literal.properties.find((p) => p.name && propertyNameText(p.name) === name);
      // What the code writes to the property later counts too (`const opts = { cmd: "ls" }; opts.cmd = x`).
      const root = skipOuterAndAwait(pa.expression);
      const sym = prop && ts.isIdentifier(root) ? this.checker.getSymbolAtLocation(root) : undefined;
      const written = sym ? this.narrowAll(this.memberWrites(root.getSourceFile(), (root as ts.Identifier).text, sym), name) : [];
      if (prop && ts.isPropertyAssignment(prop)) return [...this.labelsOf(prop.initializer), ...written];
      if (prop && ts.isShorthandPropertyAssignment(prop)) return [...this.labelsOf(prop.name), ...written];
      if (prop) return written;
    }
    const base = this.labelsOf(pa.expression);
    if (!base.length) {
      // A static member or exported constant holding attacker data is rare; fields of module objects are followed.
      const ref = this.resolver.resolve(pa);
      // Found without the checker: asking it for a property's symbol type-checks the whole expression.
      const decl = ref.kind === "unknown" ? this.resolver.memberDeclaration(pa) : undefined;
      if (decl?.initializer) return this.labelsOf(decl.initializer);
      return [];
    }
    const read = this.narrowAll(base, name);
    return (name === "hostname" || name === "host") && this.isParsedUrl(pa.expression, 0) ? read.map((t) => withMarks(t, [{ kind: "parsed-host", node: pa }])) : read;
  }

  /** `new URL(…)`, directly or through a const. */
  private isParsedUrl(expr: ts.Expression, depth: number): boolean {
    const e = skipOuter(expr);
    const init = ts.isIdentifier(e) && depth < 3 ? this.constOf(e) : undefined;
    return init ? this.isParsedUrl(init, depth + 1) : isNewUrl(e, this.resolver);
  }

  /**
   * `CONFIG.venv` where `let CONFIG = { venv: process.env.VENV }` is reassigned later (by a tool, say): the
   * environment holds only its first value.
   */
  private rebound(expr: ts.Expression): boolean {
    let e = skipOuter(expr);
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = skipOuter(e.expression);
    if (!ts.isIdentifier(e)) return false;
    const sym = this.checker.getSymbolAtLocation(e);
    const decl = sym?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl) || decl.parent.flags & ts.NodeFlags.Const) return false;
    return this.resolver.identifierAssignments(decl.getSourceFile(), e.text).some((a) => this.checker.getSymbolAtLocation(a.left) === sym);
  }

  private objectLiteralOf(expr: ts.Expression): ts.ObjectLiteralExpression | undefined {
    const e = skipOuterAndAwait(expr);
    if (ts.isObjectLiteralExpression(e)) return e.properties.some((p) => ts.isSpreadAssignment(p)) ? undefined : e;
    if (!ts.isIdentifier(e)) return undefined;
    const init = constInitializer(e, this.checker);
    const value = init && skipOuterAndAwait(init);
    return value && ts.isObjectLiteralExpression(value) && !value.properties.some((p) => ts.isSpreadAssignment(p)) ? value : undefined;
  }

  /** `this.x`: whatever any member of the class assigns to x (context-insensitive). */
  private labelsOfField(pa: ts.PropertyAccessExpression): VTaint[] {
    const cls = enclosingClass(pa);
    if (!cls) return [];
    const fields = this.fieldsOf(cls);
    return (fields.get(pa.name.text) ?? []).flatMap((rhs) => this.labelsOf(rhs));
  }

  private fieldsOf(cls: ts.ClassLikeDeclaration): Map<string, ts.Expression[]> {
    const cached = this.fieldIndex.get(cls);
    if (cached) return cached;
    const fields = new Map<string, ts.Expression[]>();
    const add = (name: string, e: ts.Expression) => fields.set(name, [...(fields.get(name) ?? []), e]);
    for (const m of cls.members) {
      if (ts.isPropertyDeclaration(m) && m.initializer) {
        const n = propertyNameText(m.name);
        if (n) add(n, m.initializer);
      }
      if (ts.isConstructorDeclaration(m)) {
        for (const p of m.parameters) {
          if (ts.isIdentifier(p.name) && ts.getModifiers?.(p)?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.PublicKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword || x.kind === ts.SyntaxKind.ReadonlyKeyword)) add(p.name.text, p.name);
        }
      }
    }
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node) && node !== cls) return;
      if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind) && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) add(node.left.name.text, node.right);
      // this.jobs.set(id, job), this.pending.push(job): what a field's collection holds is read back out of it.
      const stored = ts.isCallExpression(node) ? storedInField(node) : undefined;
      if (stored) for (const value of stored.values) add(stored.field, value);
      ts.forEachChild(node, visit);
    };
    for (const m of cls.members) if (!ts.isPropertyDeclaration(m)) visit(m);
    this.fieldIndex.set(cls, fields);
    return fields;
  }

  private labelsOfNew(ne: ts.NewExpression): VTaint[] {
    const ref = this.resolver.resolve(ne.expression);
    if (ref.kind === "class") return this.constructedFields(ref.node, ne);
    if (ref.kind === "api" && ref.module === "global" && ref.path[0] === "Date") return [];
    if (ref.kind === "api" && ref.module === "global" && ref.path[0] === "Promise" && ref.path.length === 1) return this.promiseResolutions(ne);
    // new Request(url, incoming): the URL is the first argument's; the init's method, headers and body stay in it.
    if (ref.kind === "api" && ref.module === "global" && ref.path[0] === "Request" && ref.path.length === 1 && ne.arguments?.[0]) {
      return [...this.labelsOf(ne.arguments[0]).map(derived), ...(ne.arguments[1] ? this.labelsOf(ne.arguments[1]).map((t) => within(t, "init")) : [])];
    }
    // new URL(encodeURIComponent(x), base): percent-encoded text has no ":" or "/" to leave the base's host with.
    const [rel, base] = ne.arguments ?? [];
    if (ref.kind === "api" && ref.module === "global" && ref.path.join(".") === "URL" && rel && base) {
      return [...this.labelsOf(rel).map((t) => (hasMark(t, "uri-encoded") ? withMarks(derived(t), [{ kind: "url-path", node: ne }]) : derived(t))), ...this.labelsOf(base).map(derived)];
    }
    return (ne.arguments ?? []).flatMap((a) => this.labelsOf(a)).map(derived);
  }

  /** `new SafePath(full, rel)`: a field the constructor fills from a parameter holds this construction's argument, checks and all. */
  private constructedFields(cls: ts.ClassLikeDeclaration, ne: ts.NewExpression): VTaint[] {
    const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
    const args = ne.arguments ?? [];
    if (!ctor || !args.some((a) => this.labelsOf(a).length)) return [];
    const step: Step = { kind: "step", node: ne, message: `stored in a new ${cls.name?.text ?? "object"}` };
    const out: VTaint[] = [];
    for (const [field, values] of this.fieldsOf(cls)) {
      for (const value of values) {
        for (const t of this.labelsOf(value)) {
          if (t.root.kind !== "param" || t.root.fn !== ctor) continue;
          const arg = args[t.root.index];
          if (!arg) continue;
          for (const a of this.labelsOf(arg)) {
            const composed = this.compose(a, t);
            if (composed) out.push(within(withStep(composed, step), field));
          }
        }
      }
    }
    return out;
  }

  /** `new Promise((resolve) => … resolve(value) …)`: the promise holds what its executor resolves it with. */
  private promiseResolutions(ne: ts.NewExpression): VTaint[] {
    const executor = ne.arguments?.[0] && skipOuter(ne.arguments[0]);
    if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return [];
    const resolve = executor.parameters[0]?.name;
    if (!resolve || !ts.isIdentifier(resolve)) return [];
    const symbol = this.checker.getSymbolAtLocation(resolve);
    const out: VTaint[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === resolve.text && n.arguments[0] && this.checker.getSymbolAtLocation(n.expression) === symbol) out.push(...this.labelsOf(n.arguments[0]));
      ts.forEachChild(n, visit);
    };
    visit(executor.body);
    return out;
  }

  /**
   * `als.getStore()`: what any `als.run(store, fn)` or `als.enterWith(store)` of the same AsyncLocalStorage put there, as
   * request handlers hand per-request settings to the tools they run. Only values from a source: a parameter of the
   * function that stored it means nothing here.
   */
  private storedInContext(storage: ts.Expression): VTaint[] {
    const made = this.resolver.resolve(storage);
    if (made.kind !== "instance") return [];
    const stores = [...this.resolver.callsNamed("run"), ...this.resolver.callsNamed("enterWith")].filter((c) => {
      const target = skipOuter(c.expression);
      const holder = ts.isPropertyAccessExpression(target) ? this.resolver.resolve(target.expression) : undefined;
      return !!c.arguments[0] && holder?.kind === "instance" && holder.node === made.node;
    });
    return stores.flatMap((c) => this.labelsOf(c.arguments[0] as ts.Expression).filter((t) => t.root.kind === "source").map((t) => withStep(t, { kind: "step", node: c.arguments[0] as ts.Expression, message: "stored for the request (AsyncLocalStorage)" })));
  }

  private labelsOfCall(call: ts.CallExpression): VTaint[] {
    const callee = skipOuterAndAwait(call.expression);
    if (ts.isPropertyAccessExpression(callee) && SCHEMA_METHODS.has(callee.name.text) && call.arguments[0]) {
      const schema = parseSchema(callee.expression, this.resolver);
      if (schema.kind !== "unknown") {
        const wrapped = callee.name.text.startsWith("safe");
        // z.enum([...]).parse(args.kind): a narrow schema on the value itself narrows it now, not when a property is read.
        return this.labelsOf(call.arguments[0]).map((t) => (wrapped ? { ...t, validated: { schema, at: t.path.length, wrapped } } : this.schemaMarks({ ...t, validated: { schema, at: t.path.length, wrapped } }, schema)));
      }
      // schema.parse(args) of a parameter: the schema each caller, or the call that made this closure, passes.
      const param = parameterOf(callee.expression, this.checker);
      if (param) {
        const wrapped = callee.name.text.startsWith("safe");
        return this.labelsOf(call.arguments[0]).map((t) => (t.root.kind === "param" ? { ...t, captured: { ...param, at: t.path.length, wrapped } } : t));
      }
      // tool.schema.parse(args) with a schema picked from a table (`.strict()` or not): what comes out is what went in.
      let schemaExpr = skipOuter(callee.expression);
      while (ts.isCallExpression(schemaExpr) && ts.isPropertyAccessExpression(schemaExpr.expression) && SCHEMA_MODIFIERS.has(schemaExpr.expression.name.text)) schemaExpr = skipOuter(schemaExpr.expression.expression);
      const picked = ts.isPropertyAccessExpression(schemaExpr) || ts.isElementAccessExpression(schemaExpr);
      if (picked && !this.resolver.apiOf(callee.expression) && !this.resolver.calleeFunctions(call).length) {
        // safeParse: the same value, under the result's `.data` (`.success` and `.error` hold none of it).
        return this.labelsOf(call.arguments[0]).map((t) => (callee.name.text.startsWith("safe") ? { ...t, inside: ["data", ...(t.inside ?? [])] } : t));
      }
    }
    // await request.json() on a fetch Request: the body, read like express's req.body, so its fields stay apart.
    if (ts.isPropertyAccessExpression(callee) && BODY_READERS.has(callee.name.text) && !call.arguments.length) {
      const body = this.labelsOf(callee);
      if (body.length && body.every((t) => t.root.kind === "source" && t.root.spec.kind === "http-request" && !t.derived && t.path.length === 1 && t.path[0] === callee.name.text)) return body;
    }
    const fns = this.resolver.calleeFunctions(call);
    if (fns.length) return fns.flatMap((fn) => this.substitute(fn, call));
    const keyed = ts.isPropertyAccessExpression(callee) ? this.keyedRead(call, callee) : undefined;
    if (keyed) return keyed;
    // decodeURIComponent(url.pathname): "%2e%2e%2f" becomes "../" again, past the checks made on the encoded text.
    if (ts.isIdentifier(callee) && DECODERS.has(callee.text) && call.arguments[0]) return this.labelsOf(call.arguments[0]).map((t) => decoded(t, call));
    // p.split("/").pop(): the last segment holds no "/", as path.basename(p) would not.
    if (ts.isPropertyAccessExpression(callee) && this.lastSegment(call, callee)) return this.applyModel({ kind: "propagate", from: ["receiver"], part: true, mark: "basename" }, call, callee);
    // nodeType.split("."): no piece holds a ".", so none is "..".
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "split" && call.arguments[0] && this.constantText(call.arguments[0]) === ".") return this.applyModel({ kind: "propagate", from: ["receiver"], part: true, mark: "no-dot" }, call, callee);
    const api = this.resolver.apiOf(call.expression);
    if (api && ASYNC_HOOKS.has(api.module) && api.path.join(".") === "AsyncLocalStorage.#.getStore" && ts.isPropertyAccessExpression(callee)) return this.storedInContext(callee.expression);
    const produced = callSource(call, api);
    // Object.assign(target, { headers }): the properties of each, each still at its own key.
    if (api?.module === "global" && api.path.join(".") === "Object.assign") return call.arguments.flatMap((a) => (ts.isSpreadElement(a) ? [] : this.labelsOf(a)));
    // Object.keys({ title }): the keys are written in the code; only an object that is attacker data as a whole has theirs.
    if (api?.module === "global" && (api.path.join(".") === "Object.keys" || api.path.join(".") === "Object.getOwnPropertyNames") && call.arguments[0]) {
      return this.narrowAll(this.labelsOf(call.arguments[0]), KEYS).map(derived);
    }
    // A response is what the remote server sent: the URL and body the request carried are not in it.
    if (produced?.kind === "third-party-content") return [expressionTaint(produced)];
    if (produced) return [...(api ? this.applyModel(libraryModel(api), call, callee) : []), expressionTaint(produced)];
    // xs.map(cb) is the callback's results, also on a library's array (Object.entries(x).map, rows.map).
    const mapped = ts.isPropertyAccessExpression(callee) ? this.mappedElements(call, callee) : undefined;
    if (mapped) return mapped;
    // this.sessions.get(id): a value a method stored in the field's collection, as it was stored, its properties apart.
    if (!api && ts.isPropertyAccessExpression(callee) && callee.name.text === "get" && ts.isPropertyAccessExpression(callee.expression) && callee.expression.expression.kind === ts.SyntaxKind.ThisKeyword) return this.labelsOf(callee.expression);
    if (api) {
      const model = libraryModel(api);
      const labels = this.applyModel(model, call, callee);
      // await files.startUpload({ name }): a vendor API's answer may echo the arguments, but the URLs in it are the vendor's.
      const answered = model.kind === "propagate" && model.from === "all" && !model.mark && api.path.includes("#") && isAwaited(call);
      return answered ? labels.map((t) => withMarks(t, [{ kind: "url-path", detail: "answer", node: call }])) : labels;
    }
    if (ts.isPropertyAccessExpression(callee)) return this.applyModel(methodModel(callee.name.text, this.isPattern(callee.expression)), call, callee);
    return this.applyModel({ kind: "propagate", from: "all" }, call, callee);
  }

  /**
   * `"https://api.example.com/items/{id}".replace("{id}", v)`: the value lands where the placeholder sits in a fixed
   * template, as in a template literal (after fixed text, in the URL's path). The template may start with a configured
   * base (`${base}/items/{id}`); a placeholder inside such a piece lands wherever the text before it leaves the URL.
   */
  private placeholderMarks(call: ts.CallExpression, receiver: ts.Expression | undefined): Mark[] {
    const template = receiver && this.replacedTemplate(receiver);
    const pattern = call.arguments[0];
    const placeholder = pattern && this.constantText(pattern);
    // path.replace(`{${key}}`, value) in a loop over the parameters: at one of the template's `{…}` placeholders.
    // path.replace(/\{(\w+)\}/g, …) too: a pattern that matches from a "{".
    const braced = pattern && placeholder === undefined && ((ts.isTemplateExpression(skipOuter(pattern)) && (skipOuter(pattern) as ts.TemplateExpression).head.text === "{") || /^\/\\?\{/.test(skipOuter(pattern).getText()));
    const needle = placeholder || (braced ? "{" : undefined);
    if (!needle) return [];
    const url = new UrlScanner();
    let before = false;
    const marksHere = (): Mark[] => [...(before ? [{ kind: "prefixed" as const }] : []), ...(url.position() === "path" ? [urlPathMark(url, call)] : [])];
    // A "{…}" placeholder in text the scan cannot read is an API template's, past the host it starts with, as after a configured base.
    const templated = needle.startsWith("{");
    let inUnknown: Mark[] | undefined;
    for (const part of template ? (stringParts(template) ?? [{ kind: "expr" as const, expr: template }]) : [undefined]) {
      const labelled = part?.kind === "expr" && this.labelsOf(part.expr).length > 0;
      const text = !part ? undefined : part.kind === "text" ? part.text : labelled ? undefined : this.constantText(part.expr);
      if (text === undefined) {
        if (!templated || labelled) inUnknown ??= marksHere();
        // A piece with labels of its own is judged on its own, as in a template literal.
        if (labelled) url.tainted();
        else url.clean();
        before = true;
        if (templated && !labelled) inUnknown ??= marksHere();
        continue;
      }
      const at = text.indexOf(needle);
      if (at >= 0) {
        url.text(text.slice(0, at));
        before ||= at > 0;
        return marksHere();
      }
      url.text(text);
      before ||= text.length > 0;
    }
    return inUnknown ?? [];
  }

  /**
   * The text a placeholder is replaced in: the receiver itself, or for `let path = "/v1/items/{id}"` rewritten only by
   * `path = path.replace(…)` and by appends (`path += "?" + qs`), the value it started with.
   */
  private replacedTemplate(receiver: ts.Expression): ts.Expression | undefined {
    const id = skipOuter(receiver);
    if (!ts.isIdentifier(id)) return id;
    const symbol = this.checker.getSymbolAtLocation(id);
    const decl = symbol?.valueDeclaration;
    if (!symbol || !decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
    if (decl.parent.flags & ts.NodeFlags.Const) return decl.initializer;
    const scope = decl.parent.parent.parent;
    if (!scope) return undefined;
    let selfReplacedOnly = true;
    const visit = (n: ts.Node): void => {
      if (!selfReplacedOnly) return;
      if (ts.isBinaryExpression(n) && isAssignment(n.operatorToken.kind) && ts.isIdentifier(n.left) && this.checker.getSymbolAtLocation(n.left) === symbol) {
        const right = skipOuter(n.right);
        const method = ts.isCallExpression(right) && ts.isPropertyAccessExpression(right.expression) ? right.expression : undefined;
        const replaced = !!method && (method.name.text === "replace" || method.name.text === "replaceAll") && this.isSymbol(method.expression, symbol);
        // Text appended after the template leaves its placeholders where they were.
        const first = stringParts(right)?.[0];
        const appended = n.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken || (first?.kind === "expr" && this.isSymbol(first.expr, symbol));
        selfReplacedOnly = appended || (n.operatorToken.kind === ts.SyntaxKind.EqualsToken && replaced);
      }
      ts.forEachChild(n, visit);
    };
    visit(scope);
    return selfReplacedOnly ? decl.initializer : undefined;
  }

  /** An identifier naming the given variable. */
  isSymbol(expr: ts.Expression, symbol: ts.Symbol): boolean {
    const e = skipOuter(expr);
    return ts.isIdentifier(e) && this.checker.getSymbolAtLocation(e) === symbol;
  }

  /** `parts.join(sep)` with a separator that may hold "/" or "\\" (path.sep, a variable); join() alone uses ",". */
  private joinsWithSeparator(call: ts.CallExpression): boolean {
    const sep = call.arguments[0];
    if (!sep) return false;
    const text = this.constantText(sep);
    return text === undefined || /[\\/]/.test(text);
  }

  /** `.pop()` or `.at(-1)` of `.split("/")`: the last piece of a value split on "/". */
  private lastSegment(call: ts.CallExpression, callee: ts.PropertyAccessExpression): boolean {
    const method = callee.name.text;
    if (!(method === "pop" && !call.arguments.length) && !(method === "at" && call.arguments[0]?.getText() === "-1")) return false;
    const split = skipOuter(callee.expression);
    if (!ts.isCallExpression(split) || !ts.isPropertyAccessExpression(split.expression) || split.expression.name.text !== "split" || !split.arguments[0]) return false;
    const on = skipOuter(split.arguments[0]);
    return ts.isRegularExpressionLiteral(on) ? on.text.includes("/") : this.constantText(on) === "/";
  }

  private applyModel(model: CallModel, call: ts.CallExpression, callee: ts.Expression): VTaint[] {
    if (model.kind === "clean") return [];
    const args = call.arguments;
    const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
    const from: VTaint[] = [];
    const method = calleeName(call);
    // chats.get(id), items.find(…), items.filter(…): objects stored in the collection come back as stored, their properties apart.
    const kept: VTaint[] = [];
    // c.get("x") on a hono context: a method of a request object carries data only if that member does.
    const receiverLabels = (r: ts.Expression) => {
      const labels = this.labelsOf(r);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      const own = name ? labels.flatMap((t) => (t.root.kind === "source" && t.path.length === 0 && t.root.spec.taintedMembers ? (this.narrow(t, name) ? [t] : []) : [t])) : labels;
      if (!name || !(ELEMENT_READS.has(name) || ELEMENT_COPIES.has(name))) return own;
      const stored = own.filter((t) => t.inside?.[0] === "*");
      kept.push(...(ELEMENT_READS.has(name) ? this.narrowAll(stored, "*") : stored));
      return stored.length ? own.filter((t) => !stored.includes(t)) : own;
    };
    if (model.from === "all") {
      for (const a of args) from.push(...this.labelsOf(a));
      // A library module (path, fs) carries no data; a library object made from data (new URL(x).searchParams) does.
      const moduleObject = receiver && this.resolver.apiOf(receiver);
      if (receiver && (!moduleObject || moduleObject.path.includes("#"))) from.push(...receiverLabels(receiver));
    } else {
      for (const f of model.from) {
        if (f === "receiver") {
          if (receiver) from.push(...receiverLabels(receiver));
        } else if (args[f]) from.push(...this.labelsOf(args[f] as ts.Expression));
      }
      // template.replace(/{(\w+)}/g, (_, key) => args[key]): what the function returns for each match; its own parameters are the receiver's text.
      const replacer = (method === "replace" || method === "replaceAll") && args[1] ? skipOuter(args[1]) : undefined;
      if (replacer && isFunctionLike(replacer)) from.push(...this.returnSummary(replacer).filter((t) => t.root.kind !== "param" || t.root.fn !== replacer));
    }
    const mark: Mark[] = model.mark ? [{ kind: model.mark, node: call }] : [];
    // searchParams.get("q") on a piece of a parsed URL: the piece named "q".
    const key = (method === "get" || method === "getAll") && args[0] ? this.constantText(args[0]) : undefined;
    if (key !== undefined) return [...kept, ...from.map((t) => (t.piece ? withMarks({ ...derived(t), piece: [...t.piece, key] }, mark) : withMarks(derived(t), mark)))];
    const replacing = method === "replace" || method === "replaceAll";
    const replaced = replacing ? replacementMarks(call) : method === "match" ? matchedMarks(call) : method === "toString" ? this.encodingMarks(call) : [];
    const placed = replacing ? this.placeholderMarks(call, receiver) : [];
    // base64.replace(/\//g, "_"): "/" was the only separator its alphabet has.
    const unslashed: Mark[] = replacing && this.replacesSlash(call) ? [{ kind: "basename", node: call }] : [];
    // host.replace(/\./g, "_"): a parsed host has no separator, and with its dots gone it cannot be "." or "..".
    const undotted: Mark[] = replacing && this.replacesDots(call) ? [{ kind: "basename", node: call }] : [];
    // path.normalize(p).replace(/^(\.\.(\/|\\|$))+/, ""): normalizing left any ".." at the start, and that is cut off.
    const unparented: Mark[] = replacing && stripsLeadingParents(call) ? [{ kind: "dot-segments-removed", node: call }] : [];
    const out = from.map((t) => withMarks(model.part ? { ...derived(t), part: true } : derived(t), [...mark, ...replaced, ...placed, ...(hasMark(t, "base64") ? unslashed : []), ...(hasMark(t, "parsed-host") ? undotted : []), ...(hasMark(t, "normalized") ? unparented : [])]));
    if (method === "filter") return this.keptByFilter(call, [...kept, ...out]);
    // names.join("/"): file names joined with a separator make a path of several entries, each of which may be "..".
    return [...kept, ...(method === "join" && receiver && !this.resolver.apiOf(callee) && this.joinsWithSeparator(call) ? out.map(joinedAsPath) : out)];
  }

  /** refs.filter((r) => !r.startsWith("-")): each element kept passed the callback's test, so what it proves holds of them. */
  private keptByFilter(call: ts.CallExpression, labels: VTaint[]): VTaint[] {
    const cb = call.arguments[0] && skipOuter(call.arguments[0]);
    if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) return labels;
    const element = cb.parameters[0]?.name;
    const returned = returnedExpressions(cb);
    const test = returned.length === 1 ? returned[0] : undefined;
    if (!test || !element || !ts.isIdentifier(element)) return labels;
    // What the test proves of every element, whichever source it came from.
    const proven = this.guards.passing(test, this.labelsOf(element));
    const marks = (proven[0] ?? []).filter((m) => proven.every((p) => p.some((x) => x.kind === m.kind && x.detail === m.detail)));
    return marks.length ? labels.map((t) => withMarks(t, marks)) : labels;
  }

  /**
   * buf.toString("hex") and buf.toString("base64url"): an alphabet with no separator and no dot names at most a file.
   * Standard base64 also holds "/", so it is only noted.
   */
  private encodingMarks(call: ts.CallExpression): Mark[] {
    const encoding = call.arguments[0] && this.constantText(call.arguments[0]);
    if (encoding === "hex" || encoding === "base64url") return [{ kind: "basename", node: call }];
    return encoding === "base64" ? [{ kind: "base64", node: call }] : [];
  }

  /** `.replace(/\//g, "_")`, `.replace(/[+/]/g, …)`, `.replaceAll("/", …)`: every "/" replaced by text with no separator. */
  private replacesSlash(call: ts.CallExpression): boolean {
    const [pattern, replacement] = call.arguments;
    const by = replacement && this.constantText(replacement);
    if (!pattern || by === undefined || /[\\/]/.test(by)) return false;
    const p = skipOuter(pattern);
    if (!ts.isRegularExpressionLiteral(p)) return calleeName(call) === "replaceAll" && this.constantText(p) === "/";
    const body = globalRegexBody(p);
    return body !== undefined && separatorsReplaced(body, by).slash;
  }

  /** `.replace(/\./g, "_")`, `.replace(/[.:]/g, "-")`, `.replaceAll(".", "_")`: every "." replaced by text with no dot or separator. */
  private replacesDots(call: ts.CallExpression): boolean {
    const [pattern, replacement] = call.arguments;
    const by = replacement && this.constantText(replacement);
    if (!pattern || by === undefined || /[.\\/]/.test(by)) return false;
    const p = skipOuter(pattern);
    if (!ts.isRegularExpressionLiteral(p)) return calleeName(call) === "replaceAll" && this.constantText(p) === ".";
    const body = globalRegexBody(p);
    const chars = body && CLASS_BODY.exec(body)?.[1];
    return body !== undefined && (body === "\\." || body === "\\.+" || !!chars?.includes("."));
  }

  /** xs.map(escapeHtml), xs.map((x) => ...): the elements as the callback returns them, not the receiver as is. */
  private mappedElements(call: ts.CallExpression, callee: ts.PropertyAccessExpression): VTaint[] | undefined {
    const method = callee.name.text;
    const cb = call.arguments[0] && skipOuter(call.arguments[0]);
    if ((method !== "map" && method !== "flatMap") || !cb) return undefined;
    if (isFunctionLike(cb)) return this.returnSummary(cb).map(derived);
    const fns = ts.isIdentifier(cb) || ts.isPropertyAccessExpression(cb) ? this.resolver.calleeFunctions(ts.factory.createCallExpression(cb, undefined, [])) : [];
    const fn = fns[0];
    if (!fn || fns.length > 1) return undefined;
    const elements = this.narrowAll(this.labelsOf(callee.expression), "*");
    return this.returnSummary(fn).flatMap((t) => (t.root.kind === "param" && t.root.fn === fn && t.root.index === 0 ? elements.flatMap((e) => this.compose(e, t) ?? []) : [t])).map(derived);
  }

  /** A call to a project function: its return summary with the call's arguments in place of its parameters. */
  private substitute(fn: FunctionLike, call: ts.CallExpression, summary: readonly VTaint[] = this.returnSummary(fn)): VTaint[] {
    if (!summary.length) return [];
    const out: VTaint[] = [];
    const step: Step = { kind: "return", node: call, message: `returned by ${functionName(fn)}()` };
    const args = this.resolver.passedArguments(call);
    for (const r of summary) {
      const t = r.captured?.maker === fn && !r.captured.schema ? this.schemaPassed(r, r.captured, fn, args) : r;
      if (t.root.kind === "param" && t.root.fn === fn) {
        const arg = args[t.root.index - thisOffset(fn)];
        if (!arg) continue;
        // checkPath(p) of `checkPath(p, root?)`: the checks it runs only with a root hold only when the call passes one.
        const marks = t.marks.some((m) => m.whenConfigured) ? t.marks.flatMap((m) => optionAtCall(m, fn, args, this.resolver.checker) ?? []) : t.marks;
        const applied = marks === t.marks ? t : { ...t, marks };
        for (const a of this.labelsOf(arg)) {
          const composed = this.compose(a, applied);
          if (composed) out.push(withStep(composed, step));
        }
      } else out.push(withStep(t, step));
    }
    return out;
  }

  /** The schema a call hands `fn`'s schema parameter, or the parameter of the caller's own that it hands on. */
  private schemaPassed(t: VTaint, captured: CapturedSchema, fn: FunctionLike, args: readonly ts.Expression[]): VTaint {
    const arg = args[captured.index - thisOffset(fn)];
    const schema = arg && !ts.isSpreadElement(arg) ? parseSchema(arg, this.resolver) : undefined;
    if (schema && schema.kind !== "unknown") return { ...t, captured: { ...captured, schema } };
    const param = arg && parameterOf(arg, this.checker);
    const { captured: _, ...rest } = t;
    return param ? { ...rest, captured: { ...captured, ...param } } : rest;
  }

  /** What a function's return value carries, in terms of its own parameters. */
  returnSummary(fn: FunctionLike): VTaint[] {
    const cached = this.returnMemo.get(fn);
    if (cached) return cached;
    this.returnMemo.set(fn, []);
    const out: VTaint[] = [];
    for (const r of returnedExpressions(fn)) out.push(...this.labelsOf(r));
    const result = dedupe(out);
    this.returnMemo.set(fn, result);
    return result;
  }

  narrowAll(taints: readonly VTaint[], key: string): VTaint[] {
    const out: VTaint[] = [];
    for (const t of taints) {
      const n = this.narrow(t, key);
      if (n) out.push(n);
    }
    return out;
  }

  /** Reading property `key` of a tainted value. */
  narrow(t: VTaint, key: string): VTaint | undefined {
    if (t.validated?.wrapped) {
      if (key !== "data") return undefined;
      return this.schemaMarks({ ...t, validated: { ...t.validated, wrapped: false } }, t.validated.schema);
    }
    if (t.inside) {
      const [at, ...rest] = t.inside;
      if (at !== key && at !== "*" && key !== "*") return undefined;
      if (rest.length) return { ...t, inside: rest };
      const { inside: _, ...value } = t;
      return value;
    }
    if (t.omit) {
      const { omit, ...whole } = t;
      return omit.includes(key) ? undefined : this.narrow(whole, key);
    }
    if (t.derived) {
      // A member of a transformed value: `new URL(u).hostname` is a piece of u, and a host.
      const host = key === "hostname" || key === "host" || key === "origin";
      if (host) return withMarks({ ...t, part: true }, [{ kind: "hostname" }]);
      // Object.fromEntries(url.searchParams.entries()).to: the parameter named "to", as searchParams.get("to") is.
      if (t.piece?.length === 1 && t.piece[0] === "searchParams" && !SEARCH_PARAMS_MEMBERS.has(key)) return { ...t, part: true, piece: [...t.piece, key] };
      // A URL's query or path is told apart, so a check on one parameter holds for it alone; a check on the host guards the whole URL.
      const piece: VTaint = URL_PIECES.has(key) ? { ...t, part: true, piece: [...(t.piece ?? []), key] } : { ...t, part: true };
      // new URL(u).pathname: the parser resolved "..", "%2e%2e" and "\\" segments; "%2F" stays encoded.
      return key === "pathname" && !t.piece ? withMarks(piece, [{ kind: "dot-segments-removed" }]) : piece;
    }
    if (t.root.kind === "source" && t.path.length === 0) {
      const spec = t.root.spec;
      if (spec.cleanMembers?.has(key)) return undefined;
      if (spec.taintedMembers && !spec.taintedMembers.has(key)) return undefined;
    }
    // multer's req.file.path: where the server stored the upload, under a name it chose (originalname stays the client's).
    if (t.root.kind === "source" && t.root.spec.kind === "http-request" && STORED_UPLOAD.has(key) && ((t.path.length === 1 && t.path[0] === "file") || (t.path.length >= 2 && t.path[0] === "files"))) return undefined;
    // request.params._meta of an MCP request is written by the client application (progress token, workspace), not the model.
    if (t.root.kind === "source" && t.path.length === 1 && key === "_meta" && MCP_REQUEST_KINDS.has(t.root.spec.kind) && t.root.spec.taintedMembers) return undefined;
    const validated = t.validated;
    // Parsing with a zod or valibot object keeps only its own keys: any other member is absent.
    const shape = validated ? schemaAt(validated.schema, t.path.slice(validated.at)) : undefined;
    if (shape?.kind === "object" && shape.exact && !shape.open && key !== "*" && key !== KEYS && !shape.fields.has(key)) return undefined;
    const next: VTaint = { ...t, path: [...t.path, key] };
    const sub = shape && schemaAt(shape, [key]);
    return sub ? this.schemaMarks(next, sub) : next;
  }

  /** A value as `schema.parse()` (or, wrapped under `.data`, `safeParse()`) hands it back; an unknown schema proves nothing. */
  private parsedBy(t: VTaint, schema: SchemaNode, wrapped: boolean): VTaint {
    if (schema.kind === "unknown") return t;
    const validated = { schema, at: t.path.length, wrapped };
    return wrapped ? { ...t, validated } : this.schemaMarks({ ...t, validated }, schema);
  }

  /** What a schema proves of a value it parsed: its shape, and what each `.refine()` predicate it passed proves. */
  private schemaMarks(t: VTaint, schema: SchemaNode): VTaint {
    const shaped = withSchemaMarks(t, schema);
    if (schema.kind !== "string" || !schema.refinements) return shaped;
    const marks = schema.refinements.flatMap((r) => {
      const fn = this.refinementPredicate(r);
      return fn ? this.guards.provenByPredicate(fn) : [];
    });
    return marks.length ? withMarks(shaped, marks) : shaped;
  }

  /** `.refine(isInsideRoot)`, `.refine((p) => isInsideRoot(p))` or `.refine((p) => !p || isInsideRoot(p))`: the project predicate. */
  private refinementPredicate(r: ts.Expression): FunctionLike | undefined {
    const e = skipOuter(r);
    if (!isFunctionLike(e)) {
      const ref = this.resolver.resolve(e);
      return ref.kind === "function" ? ref.node : undefined;
    }
    const param = e.parameters[0]?.name;
    const returned = returnedExpressions(e);
    let test = returned.length === 1 ? skipOuter(returned[0] as ts.Expression) : undefined;
    const isParam = (x: ts.Expression) => !!param && ts.isIdentifier(param) && ts.isIdentifier(x) && x.text === param.text;
    // An empty value resolves to the root itself: only a value that is set needs the check.
    if (test && ts.isBinaryExpression(test) && test.operatorToken.kind === ts.SyntaxKind.BarBarToken && ts.isPrefixUnaryExpression(skipOuter(test.left)) && isParam((skipOuter(test.left) as ts.PrefixUnaryExpression).operand)) test = skipOuter(test.right);
    const arg = test && ts.isCallExpression(test) ? test.arguments[0] : undefined;
    const fns = test && ts.isCallExpression(test) && arg && isParam(skipOuter(arg)) ? this.resolver.calleeFunctions(test) : [];
    return fns.length === 1 ? fns[0] : undefined;
  }

  callFunctionsOf(call: ts.CallExpression): readonly FunctionLike[] {
    return this.resolver.calleeFunctions(call);
  }
}

/**
 * A piece placed after the host by `at`: among the path's segments under a resource, right at the API's root (detail
 * "root": the piece is the endpoint), or in the query or fragment (detail "query").
 */
function urlPathMark(url: UrlScanner, at: ts.Node): Mark {
  if (url.inQuery()) return { kind: "url-path", detail: "query", node: at };
  return url.scoped() ? { kind: "url-path", node: at } : { kind: "url-path", detail: "root", node: at };
}

/** What a schema proves of the value it validated: a narrow type or pattern, or an absolute URL. */
function withSchemaMarks(t: VTaint, schema: SchemaNode): VTaint {
  if (isNarrowSchema(schema)) return withMarks(t, [{ kind: narrowMarkKind(schema), detail: "schema" }]);
  if (schema.kind === "string" && schema.constraints.includes("url")) return withMarks(t, [{ kind: "url-format", detail: "schema" }]);
  return t;
}

function narrowMarkKind(s: SchemaNode): Mark["kind"] {
  if (s.kind === "number" || s.kind === "boolean") return "number";
  if (s.kind === "string") return "regex";
  return "const";
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsToken || kind === ts.SyntaxKind.PlusEqualsToken || kind === ts.SyntaxKind.QuestionQuestionEqualsToken || kind === ts.SyntaxKind.BarBarEqualsToken;
}

function sourceTaint(spec: SourceSpec, p: ts.ParameterDeclaration): VTaint {
  const t: VTaint = {
    root: { kind: "source", id: `src:${p.getSourceFile().fileName}:${p.pos}:${spec.kind}`, spec },
    path: [],
    derived: false,
    marks: [],
    steps: traceOf({ kind: "source", node: p.name, message: spec.label }),
  };
  if (spec.schema) t.validated = { schema: spec.schema, at: 0, wrapped: false };
  return t;
}

function expressionTaint(spec: SourceSpec): VTaint {
  const node = spec.node as ts.Node;
  return { root: { kind: "source", id: `expr:${node.getSourceFile().fileName}:${node.pos}:${spec.kind}`, spec }, path: [], derived: false, marks: [], steps: traceOf({ kind: "source", node, message: spec.label }) };
}

function paramTaint(fn: FunctionLike, index: number): VTaint {
  return { root: { kind: "param", id: `param:${fn.getSourceFile().fileName}:${fn.pos}:${index}`, fn, index }, path: [], derived: false, marks: [], steps: undefined };
}


/** One level of a destructuring pattern: a property, an element by position (or the rest from it), or the properties but some. */
type BindingStep = { key: string } | { index: number; rest: boolean } | { omit: string[] };

function bindingStep(el: ts.BindingElement): BindingStep {
  const pattern = el.parent;
  if (ts.isArrayBindingPattern(pattern)) return { index: pattern.elements.indexOf(el), rest: !!el.dotDotDotToken };
  if (el.dotDotDotToken) return { omit: pattern.elements.filter((e) => e !== el).map(bindingKey).filter((k): k is string => k !== undefined) };
  return { key: bindingKey(el) ?? "*" };
}

/** `[a, ...[b, c]]`: an element of the rest is the element that many places further on. */
function joinRestSteps(steps: readonly BindingStep[]): BindingStep[] {
  const out: BindingStep[] = [];
  for (const step of steps) {
    const last = out[out.length - 1];
    if (last && "index" in last && last.rest && "index" in step) out[out.length - 1] = { index: last.index + step.index, rest: step.rest };
    else out.push(step);
  }
  return out;
}

/** An array literal written out with no spread, so each element sits at its own position. */
function plainArray(expr: ts.Expression): ts.ArrayLiteralExpression | undefined {
  const e = skipOuterAndAwait(expr);
  return ts.isArrayLiteralExpression(e) && !e.elements.some((x) => ts.isSpreadElement(x)) ? e : undefined;
}

/** Rest-parameter positions are kept under negative indices, apart from the real parameters. */
function restPosition(j: number): number {
  return -1 - j;
}

/** The flows reading the fewest properties deep, then assuming least: each still carries its root's taint. */
function shallowest(flows: readonly VTaint[]): VTaint[] {
  return [...flows].sort((a, b) => a.path.length - b.path.length || a.marks.length - b.marks.length).slice(0, MAX_LABELS);
}

function paramIndexFor(fn: FunctionLike, argIndex: number): number | undefined {
  const params = fn.parameters;
  const i = argIndex + thisOffset(fn);
  if (i < params.length) return i;
  const last = params[params.length - 1];
  return last?.dotDotDotToken ? params.length - 1 : undefined;
}


export function functionName(fn: FunctionLike): string {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isStringLiteralLike(fn.name))) return fn.name.text;
  if (ts.isConstructorDeclaration(fn)) return `new ${fn.parent.name?.text ?? "class"}`;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) return propertyNameText(parent.name) ?? "function";
  return "function";
}

const callsCache = new WeakMap<FunctionLike, (ts.CallExpression | ts.NewExpression)[]>();

/** Every call and `new` lexically inside a function, including nested callbacks; a function is propagated many times. */
function callsWithin(fn: FunctionLike): (ts.CallExpression | ts.NewExpression)[] {
  const cached = callsCache.get(fn);
  if (cached) return cached;
  const out: (ts.CallExpression | ts.NewExpression)[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassLike(node)) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) out.push(node);
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  callsCache.set(fn, out);
  return out;
}

/** `.replace(/[^a-z0-9]/g, "")` strips everything but an allowlist; `.replace(/'/g, "'\\''")` escapes quotes. */
/** `.replace(/"/g, '\\"')` and `.replace(/\\/g, '\\\\')`: the quotes or backslashes of a double-quoted literal escaped. */
function stringEscapes(body: string, call: ts.CallExpression): Mark[] {
  const replacement = call.arguments[1];
  // .replace(/[^\w .-]/g, ""): what is left holds no quote and no backslash.
  const kept = NEGATED_CLASS_BODY.exec(body)?.[1];
  if (kept !== undefined) return replacement && ts.isStringLiteralLike(replacement) && replacement.text === "" && !/["\\]/.test(kept.replace(/\\[wdsWDS-]/g, "")) ? [{ kind: "string-escaped", node: call }] : [];
  if (!replacement || !ts.isStringLiteralLike(replacement) || !replacement.text.startsWith("\\")) return [];
  const chars = /^\[([^\]^]+)\]$/.exec(body)?.[1] ?? body;
  const quote = chars.includes('"');
  const backslash = chars.includes("\\\\");
  if (chars !== body && quote && backslash) return [{ kind: "string-escaped", node: call }];
  if (body === '"') return [{ kind: "string-escaped", detail: "quote", node: call }];
  if (body === "\\\\") return [{ kind: "string-escaped", detail: "backslash", node: call }];
  return [];
}

function replacementMarks(call: ts.CallExpression): Mark[] {
  const body = globalRegexBody(call.arguments[0]);
  if (body === undefined) return [];
  return [...stringEscapes(body, call), ...shellEscapes(body, call), ...backslashEscapes(body, call), ...wordOnly(body, call), ...separatorsRemoved(body, call), ...dotPairsRemoved(body, call)];
}

/** A replace by "" of an anchored pattern that takes every leading "../" (or "..\\", or a lone "..") off a normalized path. */
function stripsLeadingParents(call: ts.CallExpression): boolean {
  const [pattern, replacement] = call.arguments;
  const p = pattern && skipOuter(pattern);
  if (!p || !ts.isRegularExpressionLiteral(p) || !replacement || !ts.isStringLiteralLike(replacement) || replacement.text !== "") return false;
  const end = p.text.lastIndexOf("/");
  if (!p.text.startsWith("/^")) return false;
  const re = compiled(p.text.slice(1, end), p.text.slice(end + 1).replace("g", ""));
  return !!re && ["..", "../x", "../../x", "../../../x", "..\\x", "..\\..\\x"].every((input) => !/^\.\.([\\/]|$)/.test(input.replace(re, "")));
}

/**
 * `.replace(/\.\./g, "")`: each run of dots keeps at most one, so no ".." segment is left (unlike removing "../",
 * which turns "....//" into "../").
 */
function dotPairsRemoved(body: string, call: ts.CallExpression): Mark[] {
  const replacement = call.arguments[1];
  const by = replacement && ts.isStringLiteralLike(replacement) ? replacement.text : undefined;
  return by !== undefined && !by.includes(".") && /^\\\.(\\\.\+?|\{2,?\})$/.test(body) ? [{ kind: "dot-segments-removed", node: call }] : [];
}

/** `.match(/[a-z0-9]+/g)`: every match holds only the characters of the class, as if the rest were stripped. */
function matchedMarks(call: ts.CallExpression): Mark[] {
  const body = globalRegexBody(call.arguments[0] && skipOuter(call.arguments[0]));
  const kept = body !== undefined ? /^\[([^\]^][^\]]*)\][+*]?$/.exec(body)?.[1] : undefined;
  if (kept === undefined) return [];
  return [...(wordCharactersOnly(kept) ? [{ kind: "regex" as const, node: call }] : []), ...keptCharacterMarks(kept, call)];
}

/** A character class of word characters only (`a-zA-Z0-9_`, `\w`, `\d`). */
function wordCharactersOnly(chars: string): boolean {
  return chars !== "" && chars.replace(/\\w|\\d|a-z|A-Z|0-9|_/g, "") === "";
}

/** What a value holding only a class's characters is safe for: no shell metacharacter, no path separator. */
function keptCharacterMarks(chars: string, call: ts.CallExpression): Mark[] {
  const marks: Mark[] = [];
  if (!/[;&|`$<>(){}\s"'\\]/.test(chars.replace(/\\[wdWD-]|\\s/g, (m) => (m === "\\s" ? " " : "")))) marks.push({ kind: "shell-quoted", node: call });
  if (!chars.includes("/") && !chars.includes("\\\\")) marks.push({ kind: "basename", node: call });
  return marks;
}

/** .replace(/[\/\\]/g, "_"): no "/" or "\\" is left, so the value names one entry of the folder it is joined to. */
function separatorsRemoved(body: string, call: ts.CallExpression): Mark[] {
  const replacement = call.arguments[1];
  const { slash, backslash } = separatorsReplaced(body, replacement && ts.isStringLiteralLike(replacement) ? replacement.text : undefined);
  return slash && backslash ? [{ kind: "basename", node: call }] : [];
}

/** Which separators a global replace of `body` (`[\/\\]`, `\/`, `[+/]`) by text holding none takes out. */
function separatorsReplaced(body: string, by: string | undefined): { slash: boolean; backslash: boolean } {
  if (by === undefined || /[\\/]/.test(by)) return { slash: false, backslash: false };
  const chars = CLASS_BODY.exec(body)?.[1];
  return { slash: body === "\\/" || !!chars?.includes("/"), backslash: !!chars?.includes("\\\\") };
}

/** .replace(/[^a-zA-Z0-9_]/g, ""): what is left matches /^\w*$/, as if checked against it. */
function wordOnly(body: string, call: ts.CallExpression): Mark[] {
  const kept = NEGATED_CLASS_BODY.exec(body)?.[1];
  const replacement = call.arguments[1];
  if (kept === undefined || !replacement || !ts.isStringLiteralLike(replacement) || replacement.text !== "") return [];
  return wordCharactersOnly(kept) ? [{ kind: "regex", node: call }] : [];
}

function shellEscapes(body: string, call: ts.CallExpression): Mark[] {
  const negated = NEGATED_CLASS_BODY.exec(body);
  if (negated) return keptCharacterMarks(negated[1] ?? "", call);
  const cls = CLASS_BODY.exec(body);
  if (cls) {
    const chars = cls[1] ?? "";
    // With every character that ends, chains or redirects a command gone, the value stays inside the command line.
    if (shellMetacharClass(chars + strippedBefore(call))) return [{ kind: "shell-quoted", node: call }];
    if (chars.includes("'") && body.length <= 4) return [{ kind: "shell-quoted", node: call }];
  }
  if (body === "'") return [{ kind: "shell-quoted", node: call }];
  return [];
}

/**
 * `.replace(/([;&|`$<>\s\\])/g, "\\$1")`: a backslash put before every metacharacter, the backslash itself among them,
 * leaves each one a literal character of the word. Without the backslash in the class, `\;` turns into `\\;`.
 */
function backslashEscapes(body: string, call: ts.CallExpression): Mark[] {
  const by = call.arguments[1];
  const grouped = /^\((\[.*\])\)$/.exec(body)?.[1];
  if (!by || !ts.isStringLiteralLike(by) || !(by.text === "\\$&" || (grouped && by.text === "\\$1"))) return [];
  const chars = /^\[((?:\\.|[^\]\\])+)\]$/.exec(grouped ?? body)?.[1];
  return chars && chars.includes("\\\\") && shellMetacharClass(chars) ? [{ kind: "shell-quoted", node: call }] : [];
}

/** `x.replace(/[\r\n]/g, "").replace(/[;&|…]/g, "")`: the characters the replace calls before this one in its chain took out. */
function strippedBefore(call: ts.CallExpression): string {
  let chars = "";
  for (let r = ts.isPropertyAccessExpression(call.expression) ? skipOuter(call.expression.expression) : undefined; r && ts.isCallExpression(r) && ts.isPropertyAccessExpression(r.expression); r = skipOuter(r.expression.expression)) {
    const [pattern, replacement] = r.arguments;
    if (/^(trim|trimStart|trimEnd|slice|substring|toLowerCase|toUpperCase|normalize)$/.test(r.expression.name.text)) continue;
    const body = globalRegexBody(pattern);
    // Anything else may add characters back: only the strips after it count.
    if (!/^replace(All)?$/.test(r.expression.name.text) || body === undefined || !replacement || !ts.isStringLiteralLike(replacement) || replacement.text !== "") break;
    chars += CLASS_BODY.exec(body)?.[1] ?? (/^\\?[^[\]()*+?.^$|]$|^\\[a-z0]$/.test(body) ? body : "");
  }
  return chars;
}

/** The source of a regex literal with the g flag (`/[;&|]/g` → `[;&|]`); undefined for anything else. */
function globalRegexBody(pattern: ts.Expression | undefined): string | undefined {
  if (!pattern || !ts.isRegularExpressionLiteral(pattern)) return undefined;
  const end = pattern.text.lastIndexOf("/");
  return pattern.text.slice(end + 1).includes("g") ? pattern.text.slice(1, end) : undefined;
}

function isAwaited(call: ts.CallExpression): boolean {
  let parent = call.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return ts.isAwaitExpression(parent);
}

function isThisCall(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
}

/** The field and values of `this.f.set(key, value)`, `this.f.push(...values)`, `this.f.add(value)`. */
function storedInField(call: ts.CallExpression): { field: string; values: readonly ts.Expression[] } | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isPropertyAccessExpression(callee.expression) || callee.expression.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const values = PUSH_METHODS.has(callee.name.text) ? storedValues(call, callee.name.text).filter((v) => !ts.isSpreadElement(v)) : [];
  return values.length ? { field: callee.expression.name.text, values } : undefined;
}

/** What a collection method stores: push/unshift(...values), splice(at, n, ...values), set(key, value), add(value) or a cache's add(key, value). */
function storedValues(call: ts.CallExpression, method: string): readonly ts.Expression[] {
  const args = call.arguments;
  if (method === "splice") return args.slice(2);
  if (method === "set" || (method === "add" && args.length > 1)) return args.slice(1, 2);
  return args;
}

/** The text of capturing group `n` (1-based) of a regex source, undefined when it has fewer groups. */
function captureGroup(source: string, n: number): string | undefined {
  let count = 0;
  for (let i = 0; i < source.length; i++) {
    if (source[i] === "\\") {
      i++;
      continue;
    }
    if (source[i] !== "(" || source[i + 1] === "?") continue;
    if (++count !== n) continue;
    let depth = 0;
    for (let j = i; j < source.length; j++) {
      if (source[j] === "\\") j++;
      else if (source[j] === "(") depth++;
      else if (source[j] === ")" && --depth === 0) return source.slice(i + 1, j);
    }
    return undefined;
  }
  return undefined;
}

/** A piece joined into a path: no longer one file name, and its encoded segments (`segs.map(encodeURIComponent)`) may be "..". */
function joinedAsPath(t: VTaint): VTaint {
  if (!hasMark(t, "basename") && !hasMark(t, "uri-encoded")) return t;
  return { ...t, marks: t.marks.filter((m) => m.kind !== "basename").map((m) => (m.kind === "uri-encoded" ? { ...m, detail: "segments" } : m)) };
}

/** Environment variables a test runner sets: `process.env.VITEST`, `process.env.JEST_WORKER_ID`. */
const TEST_RUNNER_ENV = new Set(["VITEST", "JEST_WORKER_ID"]);

/**
 * Whether a condition asks if the process runs under tests (`process.env.NODE_ENV === "test"` gives true, `!==`
 * false), or undefined for any other condition.
 */
function testRunnerCheck(e: ts.Expression, resolver: ValueResolver): boolean | undefined {
  const envName = (x: ts.Expression): string | undefined => {
    const v = skipOuter(x);
    const api = ts.isPropertyAccessExpression(v) || ts.isElementAccessExpression(v) ? resolver.apiOf(v) : undefined;
    return api?.module === "global" && api.path.length === 3 && api.path[0] === "process" && api.path[1] === "env" ? api.path[2] : undefined;
  };
  const name = envName(e);
  if (name && TEST_RUNNER_ENV.has(name)) return true;
  if (!ts.isBinaryExpression(e)) return undefined;
  const op = e.operatorToken.kind;
  const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
  if (!equal && op !== ts.SyntaxKind.ExclamationEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsToken) return undefined;
  const [env, text] = envName(e.left) === "NODE_ENV" ? [e.left, skipOuter(e.right)] : envName(e.right) === "NODE_ENV" ? [e.right, skipOuter(e.left)] : [];
  return env && text && ts.isStringLiteralLike(text) && text.text === "test" ? equal : undefined;
}
