import path from "node:path";
import { ts } from "../../rule-api/ts.js";
import { bindingKey, calleeName, isFunctionLike, isNullish, propertyNameText, skipOuter, skipOuterAndAwait, type FunctionLike } from "../ast/function-like.js";
import { constInitializer } from "../ast/const-initializer.js";
import { declarationOf } from "../ast/declaration-of.js";
import { returnedExpressions } from "../ast/returned-expressions.js";
import { LISTENER_METHODS } from "../dataflow/library-models.js";
import { constantText } from "./constant-text.js";
import { normalizeMemberPath, normalizeModule } from "./module-name.js";
import { UNKNOWN, type ApiRef, type ValueRef } from "./value-ref.js";

/** The most factories a list entry is read through: one per tool of a server. */
const MAX_FACTORIES = 64;
const GLOBALS = new Set([
  "fetch", "eval", "Function", "require", "setTimeout", "setInterval", "setImmediate", "Number", "String", "Boolean",
  "parseInt", "parseFloat", "encodeURIComponent", "encodeURI", "decodeURIComponent", "decodeURI", "escape", "unescape",
  "JSON", "Math", "Object", "Array", "Promise", "URL", "URLSearchParams", "Buffer", "process", "console", "Date",
  "RegExp", "Error", "Symbol", "Reflect", "structuredClone", "atob", "btoa", "isNaN", "isFinite", "BigInt", "WebSocket",
  "Request", "Headers", "Response", "Bun", "Deno", "globalThis", "window", "self", "global", "import", "clearTimeout", "clearInterval", "clearImmediate",
  "queueMicrotask", "AbortSignal", "AbortController", "EventSource", "TextDecoder", "TextEncoder",
]);

const MAX_DEPTH = 14;
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);
const ASSIGNMENTS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);
/** Call sites read for the functions a caller passes as a callback parameter. */
const MAX_INJECTING_CALLS = 32;
/** How deep in a resolution a parameter is still followed to its callers. */
const MAX_CALLER_DEPTH = 6;
/** Callers whose arguments a parameter is taken as one of (a shared factory called by a server and a test). */
const MAX_CALLERS = 4;
/** Callers a factory of classes is followed for (`makeDomainRun(DriveService)`, once per domain): naming a class costs little. */
const MAX_CLASS_CALLERS = 16;
/** Array methods that return some of a list's own entries. */
const LIST_VIEWS = new Set(["filter", "slice", "toSorted", "toReversed", "reverse", "sort"]);

/**
 * Tells what an expression denotes — a library API reached through imports, aliases, re-exports and promisify,
 * or one of the project's own functions, classes and objects. Uses the type checker only for symbol lookups.
 */
/** A write to a member of a variable: `opts.cmd = v` is root opts, keys ["cmd"]; a computed key is "*". */
export interface MemberAssignment {
  root: ts.Identifier;
  keys: readonly string[];
  value: ts.Expression;
}

const DI_MODULES: ReadonlySet<string> = new Set(["tsyringe", "inversify"]);
const MULTI_INJECT: ReadonlySet<string> = new Set(["injectAll", "multiInject"]);
const CONTAINER_BUILDS: ReadonlySet<string> = new Set(["resolve", "get"]);

export class ValueResolver {
  private readonly cache = new Map<ts.Node, ValueRef>();
  private readonly callees = new Map<ts.Node, readonly FunctionLike[]>();
  /** Calls through Function.prototype.call or apply, with the arguments their callee's parameters take. */
  private readonly indirectArguments = new Map<ts.CallExpression, readonly ts.Expression[]>();
  private readonly injected = new Map<ts.Node, readonly FunctionLike[]>();
  private readonly assignedLater = new Map<ts.VariableDeclaration, ValueRef>();
  private readonly assignmentIndex = new Map<ts.SourceFile, Map<string, ts.BinaryExpression[]>>();
  private readonly memberAssignmentIndex = new Map<ts.SourceFile, Map<string, MemberAssignment[]>>();
  private subclassIndex: Map<ts.ClassLikeDeclaration, ts.ClassLikeDeclaration[]> | undefined;
  private implementationIndex: { byType: Map<TypeDeclaration, Implementer[]>; members: Set<string>; methods: Set<string> } | undefined;
  private additionIndex: Map<ts.Node, ts.Expression[]> | undefined;
  /** `def.handler = handler` on a parameter, by member name: what a function writes onto the objects it is given. */
  private readonly parameterWrites = new Map<string, { param: ts.ParameterDeclaration; value: ts.Expression }[]>();
  private decoratorIndex: Map<FunctionLike, ts.MethodDeclaration[]> | undefined;
  private callIndex: CallIndex | undefined;
  private readonly mapClassStores = new Map<ts.ClassLikeDeclaration, ts.Expression[]>();
  private readonly injecting = new Set<ts.ParameterDeclaration>();
  private readonly walking = new Set<ts.Declaration>();
  /** Members being walked: `walk({ byId: opts.byId })` inside walk() hands its own member back to itself. */
  private readonly walkingMembers = new Set<ts.Node>();
  private readonly soleSites = new Map<FunctionLike, (ts.CallExpression | ts.NewExpression)[] | undefined>();
  private readonly sitesOf = new Map<FunctionLike, (ts.CallExpression | ts.NewExpression)[]>();
  /** Names whose calls callingSites is sorting by callee, so a nested ask filters on its own. */
  private readonly sorting = new Set<string>();
  private readonly testFiles = new Map<ts.SourceFile, boolean>();

  constructor(
    private readonly program: ts.Program,
    readonly checker: ts.TypeChecker,
    /** Test code, whose calls do not stand for what production callers pass. */
    private readonly testCode: (sf: ts.SourceFile) => boolean = () => false,
  ) {}

  resolve(expr: ts.Expression): ValueRef {
    const ref = this.valueOf(expr);
    return ref.kind === "union" ? UNKNOWN : ref;
  }

  /** What resolve() gives, or the values several callers may pass: only this class reads into a union. */
  private valueOf(expr: ts.Expression): ValueRef {
    const cached = this.cache.get(expr);
    if (cached) return cached;
    this.cache.set(expr, UNKNOWN);
    const ref = this.resolveExpr(expr, 0);
    this.cache.set(expr, ref);
    return ref;
  }

  /** The library API a call's callee denotes, if any. */
  apiOf(callee: ts.Expression): ApiRef | undefined {
    const ref = this.resolve(callee);
    return ref.kind === "api" ? ref : undefined;
  }

  /** The API a `new X()` or an instance value was made from (`new McpServer()` → the McpServer class). */
  instanceApi(expr: ts.Expression): ApiRef | undefined {
    const ref = this.resolve(expr);
    if (ref.kind === "instance" && ref.of.kind === "api") return ref.of;
    return undefined;
  }

  /** Project functions a call may run: direct, through objects and dispatch maps, and overriding methods. */
  calleeFunctions(call: ts.CallExpression | ts.NewExpression): readonly FunctionLike[] {
    let fns = this.callees.get(call);
    if (fns) return fns;
    // A call met again while its own callees are worked out (a recursive function's result picked from): nothing more.
    this.callees.set(call, []);
    this.callees.set(call, (fns = this.computeCalleeFunctions(call)));
    return fns;
  }

  private computeCalleeFunctions(call: ts.CallExpression | ts.NewExpression): FunctionLike[] {
    if (ts.isNewExpression(call)) {
      const ref = this.resolve(call.expression);
      if (ref.kind !== "class") return [];
      return this.constructorsOf(ref.node);
    }
    const indirect = invokedFunction(call);
    const invoked = indirect ? this.functionsCalled(indirect.fn) : [];
    if (indirect && invoked.length) {
      this.indirectArguments.set(call, indirect.args);
      return invoked;
    }
    const direct = this.functionsCalled(call.expression);
    const listeners = direct.length ? [] : this.emittedTo(call);
    if (listeners.length) this.indirectArguments.set(call, call.arguments.slice(1));
    return listeners.length ? listeners : direct;
  }

  /**
   * `bus.emit("job", cmd)`: the project's listeners for that event on the same emitter (`bus.on("job", fn)`), which
   * the emitter calls with the arguments after the event's name.
   */
  private emittedTo(call: ts.CallExpression): FunctionLike[] {
    const callee = skipOuter(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "emit" || !call.arguments[0]) return [];
    const event = constantText(call.arguments[0], this);
    const emitter = event === undefined ? undefined : this.emitterDeclaration(callee.expression);
    if (!emitter) return [];
    const out = new Set<FunctionLike>();
    for (const method of LISTENER_METHODS) {
      for (const reg of this.callsNamed(method)) {
        const on = skipOuter(reg.expression);
        const [name, listener] = reg.arguments;
        if (!listener || !name || !ts.isPropertyAccessExpression(on) || constantText(name, this) !== event || this.emitterDeclaration(on.expression) !== emitter) continue;
        for (const fn of this.functionsCalled(listener)) out.add(fn);
      }
    }
    return [...out];
  }

  /** The variable or class field an emitter is kept in: `bus`, or `this.events` (the field, in any method of the class). */
  private emitterDeclaration(expr: ts.Expression): ts.Node | undefined {
    const e = skipOuter(expr);
    if (ts.isIdentifier(e)) return this.checker.getSymbolAtLocation(e)?.valueDeclaration;
    return ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword ? this.checker.getSymbolAtLocation(e.name)?.valueDeclaration : undefined;
  }

  /** Project functions calling this expression runs. */
  private functionsCalled(expr: ts.Expression): FunctionLike[] {
    // Not the union of what several callers pass: inWorkspace(work) would take on every caller's callback as its own.
    const ref = this.resolve(expr);
    const out = new Set<FunctionLike>();
    this.collectFunctions(ref, out, 0);
    if (out.size === 0) this.collectDispatched(skipOuterAndAwait(expr), out);
    if (out.size === 0) this.collectImplemented(skipOuterAndAwait(expr), out);
    if (out.size === 0) this.collectDynamicallyImported(skipOuterAndAwait(expr), out);
    for (const fn of [...out]) {
      if (ts.isMethodDeclaration(fn)) for (const o of this.overridesOf(fn)) out.add(o);
    }
    return [...out];
  }

  /** The arguments a call hands its callee's parameters: `run.call(self, a)` hands a, `run.apply(self, [a])` the list's elements. */
  passedArguments(call: ts.CallExpression | ts.NewExpression): readonly ts.Expression[] {
    if (ts.isNewExpression(call)) return call.arguments ?? [];
    this.calleeFunctions(call);
    return this.indirectArguments.get(call) ?? call.arguments;
  }

  /**
   * `const mod = await import(`./modules/${dir}/index.js`); mod.register(app)`: a plugin loader runs that export of any
   * module the specifier may name, those under the folder it starts with when it names one.
   */
  private collectDynamicallyImported(callee: ts.Expression, out: Set<FunctionLike>, copied = false): void {
    if (!ts.isPropertyAccessExpression(callee)) return;
    // A loader returning `{ handler: mod.handler }`: the export it copied from the module it imported.
    const member = copied ? undefined : this.memberOf(this.resolve(callee.expression), callee.name.text);
    const source = member && ts.isPropertyAssignment(member) ? skipOuter(member.initializer) : undefined;
    if (source && ts.isPropertyAccessExpression(source)) return this.collectDynamicallyImported(source, out, true);
    let base = skipOuterAndAwait(callee.expression);
    const decl = ts.isIdentifier(base) ? this.checker.getSymbolAtLocation(base)?.valueDeclaration : undefined;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) base = skipOuterAndAwait(decl.initializer);
    // `hook ? await hook(path) : await import(url)`: the branch that imports.
    if (ts.isConditionalExpression(base)) base = [base.whenTrue, base.whenFalse].map(skipOuterAndAwait).find(isDynamicImport) ?? base;
    let specifier = isDynamicImport(base) ? base.arguments[0] : undefined;
    // const moduleUrl = `file://${indexPath}`; import(moduleUrl)
    if (specifier && ts.isIdentifier(specifier)) specifier = constInitializer(specifier, this.checker) ?? specifier;
    if (!specifier || ts.isStringLiteralLike(specifier)) return;
    const head = ts.isTemplateExpression(specifier) ? specifier.head.text : "";
    const folder = /^\.\.?\//.test(head) ? path.posix.resolve(path.posix.dirname(base.getSourceFile().fileName), head.slice(0, head.lastIndexOf("/"))) : undefined;
    // `import(name)` may load a package: only a specifier built as a script path names the project's own modules.
    if (!folder && !/\.[cm]?[jt]s\b|file:|pathToFileURL/.test(specifier.getText())) return;
    const exporting: [ts.SourceFile, ts.Symbol][] = [];
    for (const sf of this.program.getSourceFiles()) {
      if (sf.isDeclarationFile || (folder && !sf.fileName.startsWith(`${folder}/`))) continue;
      const sym = this.moduleSymbol(sf);
      const exported = sym && this.checker.getExportsOfModule(sym).find((s) => s.name === callee.name.text);
      if (exported) exporting.push([sf, exported]);
    }
    // import(moduleUrl("wiki.mjs")) with moduleUrl joining "core": a copy of wiki.mjs in another folder is never loaded.
    const named = this.namedModules(specifier, exporting.map(([sf]) => sf));
    for (const [sf, exported] of exporting) if (!named || named.has(sf)) this.collectFunctions(this.resolveSymbol(exported, 0), out, 0);
  }

  /**
   * The files a computed specifier can name, judged by the fixed words it is built from (those of the helper it calls
   * too): a script name the file's matches, and folder names its path holds. Undefined when the words rule out none.
   */
  private namedModules(specifier: ts.Expression, files: readonly ts.SourceFile[]): Set<ts.SourceFile> | undefined {
    const words: string[] = [];
    const collect = (n: ts.Node, inHelper: boolean): void => {
      if (ts.isStringLiteralLike(n)) words.push(n.text);
      else if (ts.isTemplateExpression(n)) words.push(n.head.text, ...n.templateSpans.map((span) => span.literal.text));
      if (ts.isCallExpression(n) && !inHelper) for (const fn of this.calleeFunctions(n)) for (const r of returnedExpressions(fn)) collect(r, true);
      ts.forEachChild(n, (child) => collect(child, inHelper));
    };
    collect(specifier, false);
    const script = /\.[cm]?[jt]sx?$/;
    const stem = (name: string) => path.posix.basename(name).replace(script, "");
    const pieces = words.flatMap((w) => w.split("/")).filter((w) => /^[\w@][\w.@-]*$/.test(w));
    const names = new Set(pieces.filter((w) => script.test(w)).map(stem));
    const folders = pieces.filter((w) => !script.test(w));
    const byName = files.filter((sf) => !names.size || names.has(stem(sf.fileName)));
    const byFolder = byName.filter((sf) => folders.every((d) => path.posix.dirname(sf.fileName).split("/").includes(d)));
    const chosen = byFolder.length ? byFolder : byName;
    return chosen.length && chosen.length < files.length ? new Set(chosen) : undefined;
  }

  /** The project's calls by the name they are made by (`exec` for exec(), cp.exec(), this.exec()), indexed on first use. */
  callsNamed(name: string): readonly ts.CallExpression[] {
    return this.calls().calls.get(name) ?? [];
  }

  /** Every `new X(…)` of the project made by the name X, `new X()` and `new ns.X()` alike. */
  constructionsNamed(name: string): readonly ts.NewExpression[] {
    return this.calls().news.get(name) ?? [];
  }

  private calls(): CallIndex {
    if (this.callIndex) return this.callIndex;
    const calls = new Map<string, ts.CallExpression[]>();
    const news = new Map<string, ts.NewExpression[]>();
    const production = new Map<string, (ts.CallExpression | ts.NewExpression)[]>();
    let inProduction = false;
    const add = <T>(index: Map<string, T[]>, name: string, node: T) => {
      const list = index.get(name);
      if (list) list.push(node);
      else index.set(name, [node]);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const name = calleeName(node);
        if (name) {
          if (ts.isCallExpression(node)) add(calls, name, node);
          else add(news, name, node);
          if (inProduction) add(production, ts.isCallExpression(node) ? name : `new ${name}`, node);
        }
      }
      ts.forEachChild(node, visit);
    };
    const files = this.program.getSourceFiles().filter((sf) => !sf.isDeclarationFile);
    for (const sf of files.sort((a, b) => a.fileName.localeCompare(b.fileName))) {
      // A test constructs the code with values of its own (a fixed secret, a loopback host): production callers decide.
      inProduction = !this.isTestFile(sf);
      visit(sf);
    }
    return (this.callIndex = { calls, news, production });
  }

  /**
   * A callback the caller supplies: `function install(server, run) { … run(args) }` runs whatever each call of
   * install passes as `run`, and so does `this.run(args)` for `constructor(private run: Runner)`. Kept apart from
   * calleeFunctions: every caller's callback is merged here, which suits following values into them but would give
   * a shared `execute(cb)` helper the effects of every tool's callback.
   */
  injectedFunctions(call: ts.CallExpression): readonly FunctionLike[] {
    let fns = this.injected.get(call);
    if (!fns) {
      const out = new Set<FunctionLike>();
      this.collectInjected(skipOuterAndAwait(call.expression), out);
      this.injected.set(call, (fns = [...out]));
    }
    return fns;
  }

  private collectInjected(callee: ts.Expression, out: Set<FunctionLike>): void {
    // makeHandler({ run }) … run(args): the `run` member of whatever object each caller passes.
    const bound = ts.isIdentifier(callee) ? this.destructuredParameter(callee) : undefined;
    // this.bridge.handle(rpc): the method of whatever object each caller passes as `bridge`.
    const method = bound?.key ?? (ts.isPropertyAccessExpression(callee) && !this.calleeParameter(callee) ? callee.name.text : undefined);
    // runtime.services.fetch.run(url): the method reached through members of what each caller passes as `runtime`.
    const owner = method !== undefined && !bound ? (callee as ts.PropertyAccessExpression).expression : callee;
    const { root, keys } = bound ? { root: callee, keys: [] } : memberPath(owner);
    const param = bound?.param ?? this.calleeParameter(root);
    if (!param || this.injecting.has(param)) return;
    const fn = param.parent;
    const index = fn.parameters.indexOf(param);
    if (!isFunctionLike(fn) || fn.parameters.slice(0, index + 1).some((p) => p.dotDotDotToken)) return;
    this.injecting.add(param);
    try {
      for (const site of this.injectingCalls(fn).slice(0, MAX_INJECTING_CALLS)) {
        const args = site.arguments ?? [];
        if (args.slice(0, index + 1).some(ts.isSpreadElement) || !this.calleeFunctions(site).includes(fn)) continue;
        const arg = args[index] && skipOuterAndAwait(args[index]);
        if (!arg) continue;
        if (method !== undefined) {
          // `lite ? { services: {} } : createRuntime()`: each value the caller may pass.
          const options = (ref: ValueRef): ValueRef[] => (ref.kind === "union" ? ref.refs : [ref]);
          let bases = this.alternativesOf(arg).flatMap((a) => options(this.valueOf(a)));
          for (const key of keys) {
            bases = bases.flatMap((base) => {
              const held = this.memberOf(base, key);
              return held ? options(this.resolveDeclaration(held, 1)) : [];
            });
          }
          for (const base of bases) {
            const member = this.memberOf(base, method);
            const walked = member && this.walkedMember(member);
            if (walked) for (const w of walked) this.collectFunctions(this.entryValue(w), out, 0);
            else if (member) this.collectFunctions(this.resolveDeclaration(member, 1), out, 0);
          }
        } else if (isFunctionLike(arg)) out.add(arg);
        else {
          const passed = new Set<FunctionLike>();
          this.collectFunctions(this.valueOf(arg), passed, 0);
          // makeHandler(def.logic) for each `def` of a list: what a call of `def.logic` there would run.
          if (!passed.size) this.collectDispatched(arg, passed);
          for (const f of passed) out.add(f);
        }
      }
    } finally {
      this.injecting.delete(param);
    }
  }

  /**
   * The values an argument may hold: both of a condition (`lite ? stub : createRuntime()`), which resolve() reads as
   * the first, and what the callers pass when it is a parameter handed on (`createServer(runtime)`).
   */
  private alternativesOf(expr: ts.Expression, depth = 0): ts.Expression[] {
    if (depth > 2) return [expr];
    const passed = ts.isIdentifier(expr) ? this.injectedArguments(expr) : [];
    if (passed.length) return passed.flatMap((p) => this.alternativesOf(skipOuterAndAwait(p), depth + 1));
    const init = ts.isIdentifier(expr) ? constInitializer(expr, this.checker) : undefined;
    const e = skipOuterAndAwait(init ?? expr);
    return ts.isConditionalExpression(e) ? [e.whenTrue, e.whenFalse] : [e];
  }

  /** What the callers pass for the parameter behind `this.app` or `app` (a constructor or function parameter). */
  injectedArguments(expr: ts.Expression): ts.Expression[] {
    const param = this.calleeParameter(skipOuter(expr));
    const fn = param?.parent;
    if (!param || !fn || !isFunctionLike(fn)) return [];
    const index = fn.parameters.indexOf(param);
    if (fn.parameters.slice(0, index + 1).some((p) => p.dotDotDotToken)) return [];
    const out: ts.Expression[] = [];
    for (const site of this.injectingCalls(fn).slice(0, MAX_INJECTING_CALLS)) {
      // client.Runtime.evaluate(...) beside the project's own evaluate(expression): another function of the same name.
      if (!this.calleeFunctions(site).includes(fn)) continue;
      const arg = site.arguments?.[index];
      if (!arg || ts.isSpreadElement(arg)) return [];
      out.push(arg);
    }
    return out;
  }

  /**
   * `buildGateway({ runOutbound: async (call) => … })`: what the calls of a function pass for the parameter, when each
   * passes code it writes out; with a few callers (a server and a test), any of their values.
   */
  private callerArgument(param: ts.ParameterDeclaration, depth: number): ValueRef {
    const fn = param.parent;
    // Deep enough for a table read through a helper the factory nests (`getTools() { return options.tools(); }`).
    if (!isFunctionLike(fn) || param.dotDotDotToken || this.injecting.has(param) || depth > MAX_CALLER_DEPTH) return UNKNOWN;
    const index = fn.parameters.indexOf(param);
    this.injecting.add(param);
    try {
      // `deps = { execFileAsync }`: code the function runs unless a caller hands it other code.
      const initial = param.initializer ? this.resolveExpr(param.initializer, depth + 1) : UNKNOWN;
      const fallback = this.suppliesCode(initial, depth) ? initial : UNKNOWN;
      const sites = this.callingSites(fn);
      if (sites.length > MAX_CALLERS) return this.classesPassed(sites, index, depth) ?? fallback;
      const refs = sites.map((site) => {
        const arg = site.arguments?.[index];
        if (!arg) return fallback;
        const ref = !ts.isSpreadElement(arg) ? this.resolveExpr(arg, depth + 1) : UNKNOWN;
        // Code the caller passes (a class too: `makeRun(DriveService)` then `new ServiceClass()`), a library instance where the parameter's own type told nothing (`app: HttpApp`),
        // or an object holding code (`{ run: async () => … }`, `{ clone: deps.clone }`).
        return ref.kind === "class" || (ref.kind !== "api" && this.suppliesCode(ref, depth)) ? ref : UNKNOWN;
      });
      return sites.length ? unionOf(refs) : fallback;
    } finally {
      this.injecting.delete(param);
    }
  }

  /** The classes the calls pass at a position, when every one of them (up to MAX_CLASS_CALLERS) names a class. */
  private classesPassed(sites: readonly (ts.CallExpression | ts.NewExpression)[], index: number, depth: number): ValueRef | undefined {
    if (sites.length > MAX_CLASS_CALLERS) return undefined;
    const refs: ValueRef[] = [];
    for (const site of sites) {
      const arg = site.arguments?.[index];
      const ref = arg && ts.isIdentifier(skipOuter(arg)) ? this.resolveExpr(arg, depth + 1) : UNKNOWN;
      if (ref.kind !== "class") return undefined;
      if (!refs.some((r) => r.kind === "class" && r.node === ref.node)) refs.push(ref);
    }
    return refs.length === 1 ? refs[0] : { kind: "union", refs };
  }

  /** A value that supplies code (a function, a library, an object holding some), never bare data a caller's value stands in for. */
  private suppliesCode(ref: ValueRef, depth: number): boolean {
    const code = (r: ValueRef): boolean => r.kind === "function" || r.kind === "api" || (r.kind === "instance" && r.of.kind === "api");
    if (code(ref)) return true;
    if (ref.kind !== "object" || !ref.node.properties.length) return false;
    // `{ pullBranch, attempts: 3 }`: injected code beside settings.
    return ref.node.properties.some((p) => {
      const value = this.propertyValue(p);
      return ts.isMethodDeclaration(p) || (!!value && code(this.resolveExpr(value, depth + 1)));
    });
  }

  /** The parameter a callee reads: `run` in `run(x)`, or the constructor parameter behind `this.run`. */
  private calleeParameter(callee: ts.Expression): ts.ParameterDeclaration | undefined {
    if (ts.isIdentifier(callee)) {
      // `{ expression }`: the shorthand's name is the property; the variable it reads is the parameter.
      const shorthand = ts.isShorthandPropertyAssignment(callee.parent) && callee.parent.name === callee;
      const decl = (shorthand ? this.checker.getShorthandAssignmentValueSymbol(callee.parent) : this.checker.getSymbolAtLocation(callee))?.valueDeclaration;
      return decl && ts.isParameter(decl) && ts.isIdentifier(decl.name) ? decl : undefined;
    }
    if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
    const self = thisValue(callee);
    if (self.kind !== "instance" || self.of.kind !== "class") return undefined;
    const cls = self.of.node;
    const name = callee.name.text;
    const property = parameterProperty(cls, name);
    if (property) return property;
    // this.run = run in the constructor.
    const value = constructorAssignment(cls, name);
    const decl = value && ts.isIdentifier(value) ? this.checker.getSymbolAtLocation(value)?.valueDeclaration : undefined;
    return decl && ts.isParameter(decl) && ts.isConstructorDeclaration(decl.parent) && decl.parent.parent === cls ? decl : undefined;
  }

  /** The parameter and key behind a name destructured in a parameter list: `run` in `function f({ run })`. */
  private destructuredParameter(id: ts.Identifier): { param: ts.ParameterDeclaration; key: string } | undefined {
    const decl = this.checker.getSymbolAtLocation(id)?.valueDeclaration;
    if (!decl || !ts.isBindingElement(decl) || decl.dotDotDotToken || !ts.isObjectBindingPattern(decl.parent) || !ts.isParameter(decl.parent.parent)) return undefined;
    const key = bindingKey(decl);
    return key === undefined ? undefined : { param: decl.parent.parent, key };
  }

  /** The calls of a named function that really run it (another function of the same name is not called). */
  callingSites(fn: FunctionLike): (ts.CallExpression | ts.NewExpression)[] {
    const known = this.sitesOf.get(fn);
    if (known) return known;
    const key = siteKey(fn);
    const candidates = key === undefined ? [] : (this.calls().production.get(key) ?? []);
    if (key === undefined || this.sorting.has(key)) {
      const sites = candidates.filter((site) => this.calleeFunctions(site).includes(fn));
      this.sitesOf.set(fn, sites);
      return sites;
    }
    // The calls of a name are sorted out for all its functions at once: many functions share a name like `run`.
    this.sorting.add(key);
    const byCallee = new Map<FunctionLike, (ts.CallExpression | ts.NewExpression)[]>();
    for (const site of candidates) {
      for (const callee of this.calleeFunctions(site)) {
        if (siteKey(callee) !== key) continue;
        const list = byCallee.get(callee);
        if (list) list.push(site);
        else byCallee.set(callee, [site]);
      }
    }
    this.sorting.delete(key);
    for (const [callee, sites] of byCallee) if (!this.sitesOf.has(callee)) this.sitesOf.set(callee, sites);
    if (!this.sitesOf.has(fn)) this.sitesOf.set(fn, []);
    return this.sitesOf.get(fn) ?? [];
  }

  /**
   * The calls of a function when they are the only way it is reached: every other mention of its name is its
   * declaration or a plain import or export, so no alias, callback or table hands it other arguments.
   */
  soleCallingSites(fn: FunctionLike): readonly (ts.CallExpression | ts.NewExpression)[] | undefined {
    if (!this.soleSites.has(fn)) this.soleSites.set(fn, this.computeSoleCallingSites(fn));
    return this.soleSites.get(fn);
  }

  private computeSoleCallingSites(fn: FunctionLike): (ts.CallExpression | ts.NewExpression)[] | undefined {
    const id = fn.name ?? (ts.isVariableDeclaration(fn.parent) ? fn.parent.name : undefined);
    if (!id || !ts.isIdentifier(id)) return undefined;
    const name = id.text;
    const sites = this.callingSites(fn);
    const callees = new Set<ts.Node>(sites.map((s) => (ts.isPropertyAccessExpression(s.expression) ? s.expression.name : s.expression)));
    const mentionedElsewhere = (node: ts.Node): boolean => {
      if (ts.isIdentifier(node) && node.text === name && node !== id && !callees.has(node)) {
        const parent = node.parent;
        if (!((ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) && !parent.propertyName)) return true;
      }
      return !!ts.forEachChild(node, (child) => mentionedElsewhere(child) || undefined);
    };
    return this.program.getSourceFiles().some((sf) => !sf.isDeclarationFile && !this.isTestFile(sf) && sf.text.includes(name) && mentionedElsewhere(sf)) ? undefined : sites;
  }

  private isTestFile(sf: ts.SourceFile): boolean {
    let test = this.testFiles.get(sf);
    if (test === undefined) this.testFiles.set(sf, (test = this.testCode(sf)));
    return test;
  }

  /** The calls outside test code that may run a named function: by its name, or `new C(…)` for a constructor. */
  private injectingCalls(fn: FunctionLike): readonly (ts.CallExpression | ts.NewExpression)[] {
    const key = siteKey(fn);
    return key === undefined ? [] : (this.calls().production.get(key) ?? []);
  }

  /**
   * A call through a dispatch table runs whichever entry the key picks, and the key is often a tool name the model
   * chose: `handlers[name](args)`, `const tool = tools.find(...); tool.run(args)`, `registry.get(name)?.handler(args)`.
   */
  private collectDispatched(callee: ts.Expression, out: Set<FunctionLike>): void {
    const entries = this.pickedEntries(callee, 0);
    if (entries) {
      for (const entry of entries) this.collectFunctions(this.entryValue(entry), out, 0);
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    const member = callee.name.text;
    for (const entry of this.madeEntries(this.pickedEntries(callee.expression, 0, true) ?? [])) {
      const base = this.entryValue(entry);
      const m = this.memberOf(base, member);
      // An entry typed by an abstract base runs whichever subclass it is.
      if (m && ts.isMethodDeclaration(m) && !m.body) for (const o of this.overridesOf(m)) out.add(o);
      else if (m) {
        const walked = this.walkedMember(m);
        if (walked) for (const w of walked) this.collectFunctions(this.entryValue(w), out, 0);
        else this.collectFunctions(this.resolveDeclaration(m, 1), out, 0);
      }
    }
  }

  /** register({ name, execute }) inside `for (const [name, execute] of Object.entries(handlers))`: each handler. */
  private walkedMember(m: ts.Node): ts.Node[] | undefined {
    return outermost(this.walkingMembers, m, () => this.walkedMemberValues(m));
  }

  private walkedMemberValues(m: ts.Node): ts.Node[] | undefined {
    const value = ts.isPropertyAssignment(m) ? skipOuter(m.initializer) : undefined;
    const decl = ts.isShorthandPropertyAssignment(m) ? this.checker.getShorthandAssignmentValueSymbol(m)?.valueDeclaration : value && ts.isIdentifier(value) ? this.checker.getSymbolAtLocation(value)?.valueDeclaration : undefined;
    // makeHandler({ run: def.run }) for each `def` of a list, or each a caller passes for it: the member of each entry.
    if (value && ts.isPropertyAccessExpression(value)) return this.returnedPick(value, 1, true);
    // registerTool(name, handler) storing `{ handler }`: what each caller passes for it.
    return this.loopEntriesOf(decl) ?? this.passedEntriesOf(decl, 1);
  }

  /** The entries an expression may pick from a collection the project wrote out: `table[key]`, `list.find(…)`, `map.get(key)`, a `for…of` element. */
  private pickedEntries(expr: ts.Expression, depth: number, methodOfEntry = false): ts.Node[] | undefined {
    if (depth > 4) return undefined;
    const e = skipOuterAndAwait(expr);
    if (ts.isElementAccessExpression(e)) return isLiteralKey(e.argumentExpression) ? undefined : this.collectionEntries(e.expression, "keyed", 0);
    // handlers.get(name) ?? fallbacks[name]: either table may supply the entry.
    const alternatives = ts.isConditionalExpression(e) ? [e.whenTrue, e.whenFalse] : ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken) ? [e.left, e.right] : undefined;
    if (alternatives) {
      const picked = alternatives.map((a) => this.pickedEntries(a, depth + 1, methodOfEntry));
      return picked.some((p) => p) ? picked.flatMap((p) => p ?? []) : undefined;
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      const method = e.expression.name.text;
      // registry.find(name) on a project class is no list's find: its method is read below.
      const found = method === "find" || method === "findLast" ? this.collectionEntries(e.expression.expression, "list", 0) : undefined;
      if (found) return found;
      // map.get("fixed") is no pick the model makes; registry.get(name) on a project class is read through its method below.
      if (method === "get" && e.arguments[0] && isLiteralKey(e.arguments[0])) return undefined;
      const fromMap = method === "get" ? this.collectionEntries(e.expression.expression, "map", 0) : undefined;
      if (fromMap) return fromMap;
    }
    if (ts.isCallExpression(e)) {
      const returns = this.soleCalleeReturns(e);
      // getToolHandler(name) returning `tools.find((t) => t.name === name)?.handler`, registry.get(name) returning
      // `this.tools.get(name)`: the call picks what its return picks. `if (!t) return undefined;` picks nothing.
      const picked = returns.filter((r) => !isNothing(r)).map((r) => this.returnedPick(r, depth + 1));
      if (picked.length && picked.every((p) => p)) return picked.flatMap((p) => p ?? []);
      // getHandler(file).read(file), with one of several handler objects returned: the call picks among its returns.
      // Not a function it returns and calls: `handlerForMethod(m)(req)` would make a hosted runtime's plumbing routes of its own.
      if (methodOfEntry) return returns.length > 1 ? [...returns] : undefined;
    }
    // this.tool.handler(…) with `constructor(private readonly tool: Tool)`: what each construction passes for it.
    if (methodOfEntry && ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const decl = this.checker.getSymbolAtLocation(e.name)?.valueDeclaration;
      const passed = decl && ts.isParameter(decl) ? this.passedEntriesOf(decl, depth) : undefined;
      // new Handler(tool) inside register(tool), itself called for each tool of a list: what reaches the parameter.
      return passed?.flatMap((p) => (ts.isIdentifier(p) ? (this.pickedEntries(p, depth + 1, true) ?? [p]) : [p]));
    }
    if (!ts.isIdentifier(e)) return undefined;
    const walked = this.loopEntries(e);
    if (walked) return walked;
    // A callback parameter (`work(root)`) is left to the call sites that inject it, each with its own.
    const passed = methodOfEntry ? this.passedEntries(e, depth) : undefined;
    if (passed) return passed;
    // Only a binding that is never reassigned keeps what it picked.
    const init = constInitializer(e, this.checker);
    return init && this.pickedEntries(init, depth + 1, methodOfEntry);
  }

  /** `function wire(def) { … def.run(args) }` called as `for (const d of defs) wire(d)`: what every caller passes or picks. */
  private passedEntries(id: ts.Identifier, depth: number): ts.Node[] | undefined {
    return this.passedEntriesOf(this.checker.getSymbolAtLocation(id)?.valueDeclaration, depth);
  }

  private passedEntriesOf(param: ts.Declaration | undefined, depth: number): ts.Node[] | undefined {
    const fn = param?.parent;
    if (!param || !ts.isParameter(param) || param.dotDotDotToken || !fn || !isFunctionLike(fn) || this.injecting.has(param)) return undefined;
    const index = fn.parameters.indexOf(param);
    this.injecting.add(param);
    try {
      const entries = this.callingSites(fn).map((site) => {
        const arg = site.arguments?.[index];
        // register(d.name, d.handler) for each `d` of a list: the member of each entry.
        return arg && !ts.isSpreadElement(arg) ? (this.returnedPick(arg, depth + 1) ?? [arg]) : undefined;
      });
      return entries.length && entries.every((x) => x) ? entries.flatMap((x) => x ?? []) : undefined;
    } finally {
      this.injecting.delete(param);
    }
  }

  /**
   * What a returned pick yields: the entries themselves, or a member of each (`tools.find(…)?.handler`); a parameter's
   * member is read on what its callers pass only when asked, as following every caller costs.
   */
  private returnedPick(expr: ts.Expression, depth: number, ofParameters = false): ts.Node[] | undefined {
    const e = skipOuterAndAwait(expr);
    if (!ts.isPropertyAccessExpression(e)) return this.pickedEntries(e, depth);
    const entries = this.pickedEntries(e.expression, depth, ofParameters);
    return entries?.flatMap((entry) => {
      const m = this.memberOf(this.entryValue(entry), e.name.text);
      const walked = m && this.walkedMember(m);
      if (walked) return walked;
      const value = m && (ts.isPropertyAssignment(m) ? m.initializer : ts.isMethodDeclaration(m) ? m : undefined);
      if (value) return [value];
      return m ? [] : this.writtenMember(entry, e.name.text, depth);
    });
  }

  /** register(def, handler) { def.handler = handler; this.defs.set(def.name, def) }: the member written onto an entry a parameter is given. */
  private writtenMember(entry: ts.Node, member: string, depth: number): ts.Node[] {
    // The writes are indexed in the same walk as the additions.
    this.additions();
    return (this.parameterWrites.get(member) ?? []).flatMap(({ param, value }) => {
      if (!this.passedEntriesOf(param, depth + 1)?.includes(entry)) return [];
      const written = skipOuter(value);
      return ts.isIdentifier(written) ? (this.passedEntries(written, depth + 1) ?? [value]) : [value];
    });
  }

  /** The entries a loop variable walks: `for (const t of tools)`, `tools.forEach((t) => …)`, `tools.map((t) => …)`. */
  loopEntries(id: ts.Identifier): ts.Node[] | undefined {
    return this.loopEntriesOf(this.checker.getSymbolAtLocation(id)?.valueDeclaration);
  }

  private loopEntriesOf(decl: ts.Declaration | undefined): ts.Node[] | undefined {
    // for (const [k, list] of this.hooks) this.hooks.set(k, list): the walk would read its own additions forever.
    return decl && outermost(this.walking, decl, () => this.walkedEntries(decl));
  }

  private walkedEntries(decl: ts.Declaration): ts.Node[] | undefined {
    // for (const [name, fn] of Object.entries(table)): the value walks the table's entries.
    if (ts.isBindingElement(decl) && ts.isArrayBindingPattern(decl.parent) && decl.parent.elements.indexOf(decl) === 1 && !decl.dotDotDotToken) {
      const pair = decl.parent.parent;
      const loop = ts.isVariableDeclaration(pair) ? pair.parent.parent : undefined;
      // Object.entries(table).forEach(([name, def]) => …): the callback's first parameter walks the pairs as the loop does.
      const walked = loop && ts.isForOfStatement(loop) ? loop.expression : ts.isParameter(pair) ? this.walkedByCallback(pair)?.list : undefined;
      const entries = walked && skipOuterAndAwait(walked);
      const table = entries && ts.isCallExpression(entries) && entries.expression.getText() === "Object.entries" ? entries.arguments[0] : undefined;
      if (table) return this.collectionEntries(table, "keyed", 0);
      // for (const [name, fn] of handlers) and of handlers.entries(): a Map yields [key, value] pairs.
      const map = entries && ts.isCallExpression(entries) && ts.isPropertyAccessExpression(entries.expression) && entries.expression.name.text === "entries" && !entries.arguments.length ? entries.expression.expression : entries;
      return map && this.collectionEntries(map, "map", 0);
    }
    // for (const { tool, handler } of tools), tools.forEach(({ handler }) => …): that member of each entry.
    if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && !decl.dotDotDotToken) {
      const holder = decl.parent.parent;
      const loop = ts.isVariableDeclaration(holder) ? holder.parent.parent : undefined;
      const walked = loop && ts.isForOfStatement(loop) ? loop.expression : ts.isParameter(holder) ? this.walkedByCallback(holder)?.list : undefined;
      const key = propertyNameText(decl.propertyName ?? decl.name);
      const entries = walked && key !== undefined ? this.collectionEntries(walked, "list", 0) : undefined;
      return entries?.flatMap((entry) => {
        const member = this.memberOf(this.entryValue(entry), key as string);
        const value = member && ts.isObjectLiteralElementLike(member) ? this.propertyValue(member) : undefined;
        return value ? [value] : [];
      });
    }
    if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) {
      const loop = decl.parent.parent;
      return ts.isForOfStatement(loop) && loop.initializer === decl.parent ? this.collectionEntries(loop.expression, "list", 0) : undefined;
    }
    if (!ts.isParameter(decl) || !ts.isIdentifier(decl.name)) return undefined;
    const walked = this.walkedByCallback(decl);
    if (!walked) return undefined;
    // handlers.forEach((fn, name) => …) on a Map: the callback takes each value first.
    const { list, method } = walked;
    return method === "forEach" ? (this.collectionEntries(list, "list", 0) ?? this.collectionEntries(list, "map", 0)) : this.collectionEntries(list, "list", 0);
  }

  /** `list.forEach((entry) => …)` or `list.map(…)`: the list a callback's first parameter walks, and the method. */
  private walkedByCallback(param: ts.ParameterDeclaration): { list: ts.Expression; method: string } | undefined {
    const fn = param.parent;
    const call = fn.parent;
    if (fn.parameters[0] !== param || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression)) return undefined;
    const method = call.expression.name.text;
    return method === "forEach" || method === "map" ? { list: call.expression.expression, method } : undefined;
  }

  /** The values written into an object, array or Map literal, through spreads; undefined when the collection is not one. */
  private collectionEntries(expr: ts.Expression, access: "keyed" | "list" | "map", depth: number): ts.Node[] | undefined {
    if (depth > 4) return undefined;
    const e = skipOuterAndAwait(expr);
    const nested = this.nestedEntries(e, access, depth);
    if (nested) return nested;
    if (access === "list") {
      const injected = this.injectedList(e, depth) ?? this.passedLists(e, depth);
      if (injected) return injected;
      // const all = Object.values(tools).filter(…), this.defs = defs.map(…): a list the project derived and named.
      const derivedFrom = ts.isIdentifier(e) ? [constInitializer(e, this.checker)] : ts.isPropertyAccessExpression(e) ? this.fieldValues(e) : [e];
      const derived = derivedFrom.map((d) => {
        const call = d && skipOuterAndAwait(d);
        return call && ts.isCallExpression(call) ? this.derivedListEntries(call, depth) : undefined;
      });
      // `this.tools = defs.map(…)` then `this.tools.push(extra)`: what is added later is walked too.
      if (derived.some(Boolean)) return [...new Set([...derived.flatMap((d) => d ?? []), ...this.addedEntries(e, depth)])];
    }
    const ref = this.valueOf(e);
    const own = this.refEntries(ref, access, depth);
    // A module's exports and a class's methods are all it has; a literal may be added to after it is made.
    const closed = ref.kind === "module" || (ref.kind === "instance" && ref.of.kind === "class");
    return own && (closed ? own : [...new Set([...own, ...this.addedEntries(e, depth)])]);
  }

  /** `category.scripts` with `category` picked from a list (`categories.find(…)`): what that member of each entry holds. */
  private nestedEntries(e: ts.Expression, access: "keyed" | "list" | "map", depth: number): ts.Node[] | undefined {
    if (!ts.isPropertyAccessExpression(e) || e.expression.kind === ts.SyntaxKind.ThisKeyword) return undefined;
    const owners = this.pickedEntries(e.expression, depth + 1);
    const held = owners?.map((owner) => {
      const m = this.memberOf(this.entryValue(owner), e.name.text);
      const value = m && (ts.isPropertyAssignment(m) || ts.isShorthandPropertyAssignment(m)) ? this.propertyValue(m) : undefined;
      return value && this.collectionEntries(value, access, depth + 1);
    });
    return held?.some(Boolean) ? [...new Set(held.flatMap((h) => h ?? []))] : undefined;
  }

  /** The values a resolved collection was written with; for a union, those of every value it may be. */
  private refEntries(ref: ValueRef, access: "keyed" | "list" | "map", depth: number): ts.Node[] | undefined {
    if (ref.kind === "union") {
      const parts = ref.refs.map((r) => this.refEntries(r, access, depth));
      return parts.every(Boolean) ? parts.flatMap((p) => p ?? []) : undefined;
    }
    const out: ts.Node[] = [];
    // import * as handlers from "./handlers.js"; handlers[name](args): every export may run.
    if (ref.kind === "module" && access === "keyed") {
      const sym = this.moduleSymbol(ref.node);
      return (sym ? this.checker.getExportsOfModule(sym) : []).flatMap((exp) => {
        const value = this.resolveSymbol(exp, depth + 1);
        return value.kind === "function" || value.kind === "object" || value.kind === "array" || value.kind === "instance" ? [value.node] : [];
      });
    }
    // handlers[entry.method](args) on a project class's instance: any of its methods.
    if (ref.kind === "instance" && ref.of.kind === "class" && access === "keyed") {
      for (const c of this.classChain(ref.of.node)) {
        for (const m of c.members) {
          if (isStatic(m)) continue;
          if (ts.isMethodDeclaration(m) && m.body) out.push(m);
          else if (ts.isPropertyDeclaration(m) && m.initializer && isFunctionLike(skipOuter(m.initializer))) out.push(skipOuter(m.initializer));
        }
      }
      return out;
    }
    if (ref.kind === "object" && access === "keyed") {
      for (const prop of ref.node.properties) {
        if (ts.isSpreadAssignment(prop)) out.push(...(this.collectionEntries(prop.expression, access, depth + 1) ?? []));
        else if (ts.isMethodDeclaration(prop)) out.push(prop);
        else {
          const value = this.propertyValue(prop);
          if (value) out.push(value);
        }
      }
      return [...out, ...this.literalAdditions(ref.node, depth)];
    }
    if (ref.kind === "array" && access !== "map") {
      for (const el of ref.node.elements) {
        if (ts.isSpreadElement(el)) out.push(...(this.collectionEntries(el.expression, access, depth + 1) ?? []));
        else out.push(el);
      }
      return [...out, ...this.literalAdditions(ref.node, depth)];
    }
    if (ref.kind === "instance" && access === "map" && ts.isNewExpression(ref.node) && ts.isIdentifier(ref.node.expression) && ref.node.expression.text === "Map") {
      const init = ref.node.arguments?.[0];
      const built = init && this.builtPairValues(init, depth);
      if (built) return [...built, ...this.literalAdditions(ref.node, depth)];
      const pairs = init && this.resolve(init);
      if (init && pairs?.kind !== "array") return undefined;
      for (const pair of pairs?.kind === "array" ? pairs.node.elements : []) {
        const value = ts.isArrayLiteralExpression(pair) ? pair.elements[1] : undefined;
        if (value) out.push(value);
      }
      return [...out, ...this.literalAdditions(ref.node, depth)];
    }
    // class Registry extends Map: the registry is the Map, and `this.get(name)` reads what its set() stored.
    if (ref.kind === "instance" && ref.of.kind === "class" && access === "map" && this.extendsMap(ref.of.node)) {
      return this.storedInMapClass(ref.of.node).flatMap((value) => this.addedValue(value, depth));
    }
    return undefined;
  }

  /**
   * The values of a Map built from computed pairs: `new Map(defs.map((d) => [d.name, d.run]))` holds each entry's run,
   * `new Map(Object.entries(table))` the table's values.
   */
  private builtPairValues(init: ts.Expression, depth: number): ts.Node[] | undefined {
    const call = skipOuterAndAwait(init);
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return undefined;
    const method = call.expression.name.text;
    const owner = skipOuterAndAwait(call.expression.expression);
    if (method === "entries" && ts.isIdentifier(owner) && owner.text === "Object") return call.arguments[0] && this.collectionEntries(call.arguments[0], "keyed", depth + 1);
    const fn = method === "map" && call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
    const pair = fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? this.singleReturnedExpression(fn) : undefined;
    const value = pair && ts.isArrayLiteralExpression(skipOuter(pair)) ? (skipOuter(pair) as ts.ArrayLiteralExpression).elements[1] : undefined;
    return value && !ts.isSpreadElement(value) ? (this.returnedPick(value, depth + 1) ?? [value]) : undefined;
  }

  /** Whether a project class is a Map: it, or the last project class it extends, says `extends Map`. */
  private extendsMap(cls: ts.ClassLikeDeclaration): boolean {
    const chain = this.classChain(cls);
    const ext = chain[chain.length - 1]?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    return !!ext && ts.isIdentifier(ext) && ext.text === "Map";
  }

  /** `const tools = {}; Object.assign(tools, …); return tools;`: what is added to the variable a literal was made in, wherever the literal is read. */
  private literalAdditions(literal: ts.Node, depth: number): ts.Node[] {
    let owner = literal.parent;
    while (ts.isParenthesizedExpression(owner) || ts.isAsExpression(owner) || ts.isSatisfiesExpression(owner) || ts.isTypeAssertionExpression(owner)) owner = owner.parent;
    return ts.isVariableDeclaration(owner) ? this.addedTo(owner, depth) : [];
  }

  /**
   * A list computed from one the project wrote out: `Object.values(table)`, `tools.filter(...)`, `a.concat(b)`, or a
   * function that returns one (`getAvailableTools()`).
   */
  private derivedListEntries(call: ts.CallExpression, depth: number): ts.Node[] | undefined {
    const callee = skipOuterAndAwait(call.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const owner = skipOuterAndAwait(callee.expression);
      if (method === "values" && ts.isIdentifier(owner) && owner.text === "Object") return call.arguments[0] && this.collectionEntries(call.arguments[0], "keyed", depth + 1);
      // handlers.values() of a Map: the values it stores.
      if (method === "values" && !call.arguments.length) return this.collectionEntries(owner, "map", depth + 1);
      if (LIST_VIEWS.has(method)) return this.collectionEntries(owner, "list", depth + 1);
      if (method === "map" || method === "flatMap") return this.mappedEntries(call, method === "flatMap", depth);
      if (method === "concat") {
        const own = this.collectionEntries(owner, "list", depth + 1);
        return own && [...own, ...call.arguments.flatMap((part) => this.collectionEntries(part, "list", depth + 1) ?? [part])];
      }
      // lists.flat(): the entries of each list entry; (await Promise.all(pending)): what each promise settles to.
      if (method === "flat" && !call.arguments.length) return this.collectionEntries(owner, "list", depth + 1)?.flatMap((entry) => this.innerList(entry, depth) ?? [entry]);
      if (promiseCall(call, "all") && call.arguments[0]) return this.collectionEntries(call.arguments[0], "list", depth + 1)?.map(settled);
      if (promiseCall(call, "resolve") && call.arguments[0]) return this.collectionEntries(call.arguments[0], "list", depth + 1);
    }
    const fn = this.valueOf(call.expression);
    // this.getToolDefinitions() declared abstract (or by an interface): the list each implementation returns.
    const implemented = new Set<FunctionLike>();
    if (fn.kind === "unknown") this.collectImplemented(skipOuterAndAwait(call.expression), implemented);
    const bodies = fn.kind === "function" ? [fn.node] : fn.kind === "union" ? fn.refs.flatMap((r) => (r.kind === "function" ? [r.node] : [])) : [...implemented];
    const lists = bodies.map((body) => {
      const returned = this.singleReturnedExpression(body);
      return returned && this.collectionEntries(returned, "list", depth + 1);
    });
    return lists.some(Boolean) ? lists.flatMap((list) => list ?? []) : undefined;
  }

  /** An entry that is itself a list the project writes out: an array literal, or a call that returns one. */
  private innerList(entry: ts.Node, depth: number): ts.Node[] | undefined {
    const e = ts.isExpression(entry) ? skipOuterAndAwait(entry) : undefined;
    return e && (ts.isArrayLiteralExpression(e) || ts.isCallExpression(e)) ? this.collectionEntries(e, "list", depth + 1) : undefined;
  }

  /**
   * `defs.map((d) => ({ name: d.name, handler: … }))`: each entry is a value the callback returns, whatever the list
   * it walks; `flatMap` yields the elements of the arrays it returns.
   */
  private mappedEntries(call: ts.CallExpression, flat: boolean, depth: number): ts.Node[] | undefined {
    const arg = call.arguments[0] && skipOuter(call.arguments[0]);
    const ref = arg && !isFunctionLike(arg) ? this.resolve(arg) : undefined;
    const fn = arg && isFunctionLike(arg) ? arg : ref?.kind === "function" ? ref.node : undefined;
    const returns = fn ? returnedExpressions(fn).filter((r) => !isNothing(r)) : [];
    if (!returns.length) return undefined;
    return returns.flatMap((r) => {
      const value = skipOuterAndAwait(r);
      if (flat && ts.isArrayLiteralExpression(value)) return value.elements.flatMap((el) => (ts.isSpreadElement(el) ? (this.collectionEntries(el.expression, "list", depth + 1) ?? []) : [el]));
      // defs.map((d) => d.handler): the member of each entry walked.
      return this.returnedPick(value, depth + 1) ?? [value];
    });
  }

  /** The values a class field is given: its initializer, and what the constructor and methods assign to `this.<name>`. */
  private fieldValues(pa: ts.PropertyAccessExpression): ts.Expression[] {
    const self = this.resolve(pa.expression);
    if (self.kind !== "instance" || self.of.kind !== "class") return [];
    const name = pa.name.text;
    for (const c of this.classChain(self.of.node)) {
      const values = fieldAssignments(c, name);
      if (values) return values;
    }
    return [];
  }

  /** registerMany(tools) { for (const t of tools) … }: the entries of the lists its callers pass. */
  private passedLists(e: ts.Expression, depth: number): ts.Node[] | undefined {
    const decl = ts.isIdentifier(e) ? declarationOf(e, this.checker) : undefined;
    if (!decl || !ts.isParameter(decl) || decl.dotDotDotToken || !isFunctionLike(decl.parent)) return undefined;
    const fn = decl.parent;
    const index = fn.parameters.indexOf(decl);
    const lists = this.callingSites(fn).map((site) => {
      const passed = this.passedArguments(site)[index];
      return passed && !ts.isSpreadElement(passed) ? this.collectionEntries(passed, "list", depth + 1) : undefined;
    });
    return lists.some(Boolean) ? [...new Set(lists.flatMap((l) => l ?? []))] : undefined;
  }

  /**
   * `constructor(@injectAll(ToolDefs) private defs: Def[])` (tsyringe; inversify's `@multiInject`): every value the
   * project registers under the token, `container.register(ToolDefs, { useValue: def })` or `bind(ToolDefs).toConstantValue(def)`.
   */
  private injectedList(e: ts.Expression, depth: number): ts.Node[] | undefined {
    const decl = ts.isPropertyAccessExpression(e) ? this.memberOf(this.resolve(e.expression), e.name.text) : ts.isIdentifier(e) ? declarationOf(e, this.checker) : undefined;
    const decorator = decl && ts.isParameter(decl) ? ts.getDecorators(decl)?.find((d) => ts.isCallExpression(d.expression) && containerApi(this.resolve(d.expression.expression), MULTI_INJECT)) : undefined;
    const token = decorator && ts.isCallExpression(decorator.expression) ? decorator.expression.arguments[0] : undefined;
    const key = token && this.tokenKey(token);
    if (key === undefined) return undefined;
    const registered = [...this.callsNamed("register"), ...this.callsNamed("registerInstance"), ...this.callsNamed("toConstantValue")].flatMap((call) => {
      const named = call.expression;
      if (!ts.isPropertyAccessExpression(named)) return [];
      // bind(ToolDefs).toConstantValue(def): the token is the bind call's.
      const bind = named.name.text === "toConstantValue" ? skipOuter(named.expression) : undefined;
      const [registeredToken, value] = bind ? (ts.isCallExpression(bind) && ts.isPropertyAccessExpression(bind.expression) && bind.expression.name.text === "bind" ? [bind.arguments[0], call.arguments[0]] : []) : call.arguments;
      if (!registeredToken || !value || ts.isSpreadElement(value) || this.tokenKey(registeredToken) !== key) return [];
      if (named.name.text !== "register") return [value];
      const options = skipOuter(value);
      const useValue = ts.isObjectLiteralExpression(options) ? options.properties.find((p) => p.name && propertyNameText(p.name) === "useValue") : undefined;
      return useValue && ts.isPropertyAssignment(useValue) ? [useValue.initializer] : [];
    });
    return registered.flatMap((value) => this.addedValue(value, depth));
  }

  /** What identifies an injection token: the declaration it names, or a string token's text. */
  private tokenKey(token: ts.Expression): ts.Node | string | undefined {
    const t = skipOuter(token);
    if (ts.isStringLiteralLike(t)) return t.text;
    if (ts.isIdentifier(t)) return declarationOf(t, this.checker);
    return ts.isPropertyAccessExpression(t) && ts.isIdentifier(t.name) ? declarationOf(t.name, this.checker) : undefined;
  }

  /**
   * What the project adds to a collection after creating it, anywhere in the program: `registry.push(tool)`,
   * `this.handlers.set(name, fn)`, `handlers[name] = fn`.
   */
  private addedEntries(collection: ts.Expression, depth: number): ts.Node[] {
    const decl = this.collectionDeclaration(collection);
    return decl ? this.addedTo(decl, depth) : [];
  }

  private addedTo(decl: ts.Node, depth: number): ts.Node[] {
    return (this.additions().get(decl) ?? []).flatMap((value) => this.addedValue(value, depth));
  }

  /** The entries one addition brings: a spread's or merged object's entries, or the value itself. */
  private addedValue(value: ts.Expression, depth: number): ts.Node[] {
    if (ts.isSpreadElement(value)) return this.collectionEntries(value.expression, "list", depth + 1) ?? [];
    if (isAssignSource(value)) return this.collectionEntries(value, "keyed", depth + 1) ?? [];
    // for (const t of tools) map.set(t.name, t); add(t) { this.tools.set(t.name, t) }: each element, each argument (`handler as THandler` too).
    const stored = skipOuter(value);
    if (ts.isIdentifier(stored)) return this.loopEntries(stored) ?? this.passedEntries(stored, depth + 1) ?? [value];
    return [value];
  }

  /**
   * What a Map subclass is given: `super.set(k, v)` and `this.set(k, v)` in its own or related classes' methods,
   * `registry.set(k, v)` on an instance of one. Other Maps' set() calls store elsewhere.
   */
  private storedInMapClass(cls: ts.ClassLikeDeclaration): ts.Expression[] {
    let stored = this.mapClassStores.get(cls);
    if (stored) return stored;
    const family = new Set([...this.classChain(cls), ...this.subclassesOf(cls)]);
    stored = this.callsNamed("set").flatMap((call) => {
      if (!ts.isPropertyAccessExpression(call.expression) || call.arguments.length !== 2) return [];
      const receiver = skipOuter(call.expression.expression);
      const owner = receiver.kind === ts.SyntaxKind.SuperKeyword ? thisValue(receiver) : this.resolve(receiver);
      return owner.kind === "instance" && owner.of.kind === "class" && family.has(owner.of.node) ? [call.arguments[1] as ts.Expression] : [];
    });
    this.mapClassStores.set(cls, stored);
    return stored;
  }

  private additions(): Map<ts.Node, ts.Expression[]> {
    if (this.additionIndex) return this.additionIndex;
    const index = new Map<ts.Node, ts.Expression[]>();
    const add = (collection: ts.Expression, added: readonly ts.Expression[]): void => {
      const decl = added.length ? this.collectionDeclaration(collection) : undefined;
      let list = decl && index.get(decl);
      if (decl && !list) index.set(decl, (list = []));
      list?.push(...added);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        // Object.assign(tools, getFileTools()): the sources are kept, their entries read when the table is.
        if (method === "assign" && node.arguments[0] && isObjectAssign(this.resolve(node.expression))) add(node.arguments[0], node.arguments.slice(1));
        else add(node.expression.expression, method === "push" || method === "unshift" ? node.arguments : method === "set" && node.arguments[1] ? [node.arguments[1]] : []);
      } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && (ts.isElementAccessExpression(node.left) || ts.isPropertyAccessExpression(node.left))) {
        add(node.left.expression, [node.right]);
        const target = ts.isPropertyAccessExpression(node.left) && ts.isIdentifier(node.left.expression) ? declarationOf(node.left.expression, this.checker) : undefined;
        if (target && ts.isParameter(target)) {
          const name = (node.left as ts.PropertyAccessExpression).name.text;
          this.parameterWrites.set(name, [...(this.parameterWrites.get(name) ?? []), { param: target, value: node.right }]);
        }
      }
      ts.forEachChild(node, visit);
    };
    for (const sf of this.program.getSourceFiles()) {
      if (!sf.isDeclarationFile) visit(sf);
    }
    this.additionIndex = index;
    return index;
  }

  /** What the project stores in a collection (`map.set(key, value)` anywhere), by key; undefined for a collection it cannot name. */
  storedEntries(collection: ts.Expression): { key: ts.Expression; value: ts.Expression }[] | undefined {
    const decl = this.collectionDeclaration(collection);
    if (!decl) return undefined;
    return this.callsNamed("set").flatMap((c) => {
      const [key, value] = c.arguments;
      return ts.isPropertyAccessExpression(c.expression) && key && value && c.arguments.length === 2 && this.collectionDeclaration(c.expression.expression) === decl ? [{ key, value }] : [];
    });
  }

  /** The declaration a collection is known by: a variable (through imports) or a field (`this.handlers`). */
  private collectionDeclaration(expr: ts.Expression): ts.Node | undefined {
    const e = skipOuterAndAwait(expr);
    if (ts.isIdentifier(e)) return declarationOf(e, this.checker);
    return ts.isPropertyAccessExpression(e) ? this.memberDeclaration(e) : undefined;
  }

  private entryValue(entry: ts.Node): ValueRef {
    if (isFunctionLike(entry)) return { kind: "function", node: entry };
    const made = ts.isCallExpression(entry) ? this.builtEntry(entry) : undefined;
    return made ? this.resolve(made) : this.resolve(entry as ts.Expression);
  }

  /** `defs.map((def) => def.factory(server))`: an entry made by a call is what any of the factories it may run returns. */
  private madeEntries(entries: readonly ts.Node[]): ts.Node[] {
    return entries.flatMap((entry) => {
      if (!ts.isCallExpression(entry) || this.resolve(entry).kind !== "unknown") return [entry];
      const factories = this.calleeFunctions(entry);
      if (factories.length < 2 || factories.length > MAX_FACTORIES) return [entry];
      return factories.flatMap((fn) => returnedExpressions(fn).filter((r) => !isNothing(r)));
    });
  }

  /** `makeTool(kind)` that returns null for a tool switched off: an entry that is picked and run is the other value it returns. */
  private builtEntry(call: ts.CallExpression): ts.Expression | undefined {
    const returned = this.soleCalleeReturns(call);
    const values = returned.filter((r) => !isNothing(r));
    return values.length === 1 && values.length < returned.length ? values[0] : undefined;
  }

  /** What the one project function a call runs can return; nothing when the call may run several. */
  private soleCalleeReturns(call: ts.CallExpression): readonly ts.Expression[] {
    const [fn, ...others] = this.calleeFunctions(call);
    return fn && !others.length ? returnedExpressions(fn) : [];
  }

  private collectFunctions(ref: ValueRef, out: Set<FunctionLike>, depth: number): void {
    if (depth > 3) return;
    if (ref.kind === "union") for (const r of ref.refs) this.collectFunctions(r, out, depth + 1);
    else if (ref.kind === "function") out.add(ref.node);
    else if (ref.kind === "class") for (const c of this.constructorsOf(ref.node)) out.add(c);
  }

  private constructorsOf(cls: ts.ClassLikeDeclaration): FunctionLike[] {
    for (const c of this.classChain(cls)) {
      const ctor = c.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
      if (ctor) return [ctor];
    }
    return [];
  }

  /** A class and the project classes it extends, nearest first (eight at most). */
  private classChain(cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration[] {
    const chain: ts.ClassLikeDeclaration[] = [];
    for (let c: ts.ClassLikeDeclaration | undefined = cls; c && chain.length < 8; c = this.baseClass(c)) chain.push(c);
    return chain;
  }

  baseClass(cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration | undefined {
    const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!ext) return undefined;
    const ref = this.resolve(ext.expression);
    return ref.kind === "class" ? ref.node : undefined;
  }

  /** The library class a class extends, directly or through project classes (`class X extends MCPTool`). */
  apiBaseClass(cls: ts.ClassLikeDeclaration): ApiRef | undefined {
    let c: ts.ClassLikeDeclaration | undefined = cls;
    for (let i = 0; c && i < 8; i++) {
      const ext = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
      if (!ext) return undefined;
      const ref = this.resolve(ext.expression);
      if (ref.kind === "api") return ref;
      c = ref.kind === "class" ? ref.node : undefined;
    }
    return undefined;
  }

  private overridesOf(method: ts.MethodDeclaration): FunctionLike[] {
    const cls = method.parent;
    const name = propertyNameText(method.name);
    if (!name || !ts.isClassLike(cls)) return [];
    const out: FunctionLike[] = [];
    const visit = (c: ts.ClassLikeDeclaration, depth: number) => {
      if (depth > 6) return;
      for (const sub of this.subclasses().get(c) ?? []) {
        for (const m of sub.members) {
          if ((ts.isMethodDeclaration(m) || ts.isPropertyDeclaration(m)) && propertyNameText(m.name) === name) {
            if (ts.isMethodDeclaration(m) && m.body) out.push(m);
            if (ts.isPropertyDeclaration(m) && m.initializer && isFunctionLike(m.initializer)) out.push(m.initializer);
          }
        }
        visit(sub, depth + 1);
      }
    };
    visit(cls, 0);
    return out;
  }

  /** Every class that extends `cls`, directly or not. */
  subclassesOf(cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration[] {
    const out: ts.ClassLikeDeclaration[] = [];
    const visit = (c: ts.ClassLikeDeclaration, depth: number) => {
      if (depth > 6) return;
      for (const sub of this.subclasses().get(c) ?? []) {
        out.push(sub);
        visit(sub, depth + 1);
      }
    };
    visit(cls, 0);
    return out;
  }

  private subclasses(): Map<ts.ClassLikeDeclaration, ts.ClassLikeDeclaration[]> {
    if (this.subclassIndex) return this.subclassIndex;
    const index = new Map<ts.ClassLikeDeclaration, ts.ClassLikeDeclaration[]>();
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
        const base = this.baseClass(node);
        if (base) index.set(base, [...(index.get(base) ?? []), node]);
      }
      ts.forEachChild(node, visit);
    };
    for (const sf of this.program.getSourceFiles()) {
      if (!sf.isDeclarationFile) visit(sf);
    }
    this.subclassIndex = index;
    return index;
  }

  private resolveExpr(expr: ts.Expression, depth: number): ValueRef {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const e = skipOuterAndAwait(expr);
    if (ts.isIdentifier(e)) return this.resolveIdentifier(e, depth);
    if (ts.isPropertyAccessExpression(e)) return this.resolveMember(e.expression, e.name.text, depth);
    if (ts.isElementAccessExpression(e)) {
      const key = ts.isStringLiteralLike(e.argumentExpression) ? e.argumentExpression.text : undefined;
      return key === undefined ? UNKNOWN : this.resolveMember(e.expression, key, depth);
    }
    if (e.kind === ts.SyntaxKind.ThisKeyword) return thisValue(e);
    if (isFunctionLike(e)) return { kind: "function", node: e };
    if (ts.isClassExpression(e)) return { kind: "class", node: e };
    if (ts.isObjectLiteralExpression(e)) return { kind: "object", node: e };
    if (ts.isArrayLiteralExpression(e)) return { kind: "array", node: e };
    if (ts.isStringLiteralLike(e)) return { kind: "literal", value: e.text, node: e };
    if (ts.isNewExpression(e)) {
      const of = this.resolveExpr(e.expression, depth + 1);
      // new ServiceClass() with a class each caller passes: an instance of any of them.
      return of.kind === "union" ? unionOf(of.refs.map((r) => ({ kind: "instance", of: r, node: e }))) : { kind: "instance", of, node: e };
    }
    if (ts.isCallExpression(e)) return this.resolveCallResult(e, depth);
    if (ts.isConditionalExpression(e)) {
      const either = this.valueOrFactory(e, depth);
      if (either.kind !== "unknown") return either;
      const a = this.resolveExpr(e.whenTrue, depth + 1);
      return a.kind !== "unknown" ? a : this.resolveExpr(e.whenFalse, depth + 1);
    }
    // (0, eval)(x): the comma yields its right operand.
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return this.resolveExpr(e.right, depth + 1);
    // return (cached ??= require("node:http")): an assignment yields what it assigns.
    if (ts.isBinaryExpression(e) && ASSIGNMENTS.has(e.operatorToken.kind)) return this.resolveExpr(e.right, depth + 1);
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      const a = this.resolveExpr(e.left, depth + 1);
      if (a.kind !== "unknown") return a;
      // x ?? "" is not the literal: the fallback is only one of its values.
      const b = this.resolveExpr(e.right, depth + 1);
      return b.kind === "literal" ? UNKNOWN : b;
    }
    return UNKNOWN;
  }

  /**
   * `typeof v === "function" ? v() : v`, a value or a factory of it: what each value v may be yields, called when it can
   * be. The first branch alone would drop the tables some callers pass beside the factories of others.
   */
  private valueOrFactory(e: ts.ConditionalExpression, depth: number): ValueRef {
    const test = skipOuter(e.condition);
    if (!ts.isBinaryExpression(test) || !EQUALITY.has(test.operatorToken.kind)) return UNKNOWN;
    const [a, b] = [skipOuter(test.left), skipOuter(test.right)];
    const [checked, type] = ts.isTypeOfExpression(a) ? [a.expression, b] : ts.isTypeOfExpression(b) ? [b.expression, a] : [];
    if (!checked || !type || !ts.isStringLiteralLike(type) || type.text !== "function") return UNKNOWN;
    const negated = test.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || test.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken;
    const [called, plain] = (negated ? [e.whenFalse, e.whenTrue] : [e.whenTrue, e.whenFalse]).map(skipOuterAndAwait);
    const text = skipOuter(checked).getText();
    if (!called || !plain || !ts.isCallExpression(called) || skipOuterAndAwait(called.expression).getText() !== text || plain.getText() !== text) return UNKNOWN;
    const value = this.resolveExpr(checked, depth + 1);
    const refs = value.kind === "union" ? value.refs : [value];
    return unionOf(refs.map((r) => (isCallable(r) ? this.callResult(r, called, depth) : r)));
  }

  private resolveCallResult(call: ts.CallExpression, depth: number): ValueRef {
    const callee = skipOuterAndAwait(call.expression);
    const arg0 = call.arguments[0];
    // require('x') and createRequire()-made require; import('x') is a CallExpression with an ImportKeyword callee.
    if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) {
      if (arg0 && ts.isStringLiteralLike(arg0)) return this.moduleRef(arg0.text, arg0);
      return UNKNOWN;
    }
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name === "promisify" && arg0) {
      const inner = this.resolveExpr(arg0, depth + 1);
      return inner.kind === "api" ? { ...inner, promisified: true } : inner;
    }
    if (name === "bind" && ts.isPropertyAccessExpression(callee)) return this.resolveExpr(callee.expression, depth + 1);
    return this.callResult(this.resolveExpr(call.expression, depth + 1), call, depth);
  }

  private callResult(target: ValueRef, call: ts.CallExpression, depth: number): ValueRef {
    // `options.tools()` where one caller passes a table and another a factory: only a value that can be called is.
    if (target.kind === "union") return unionOf(target.refs.filter(isCallable).map((t) => this.callResult(t, call, depth)));
    // Object.assign(tools, getFileTools(), getShellTools()): a table with the entries of every object it merges.
    if (isObjectAssign(target) && !call.arguments.some(ts.isSpreadElement)) {
      const merged = unionOf(call.arguments.map((a) => this.resolveExpr(a, depth + 1)));
      if (merged.kind !== "unknown") return merged;
    }
    // container.resolve(ToolRegistry): a dependency-injection container builds an instance of the class it is given.
    const built = containerApi(target, CONTAINER_BUILDS) && call.arguments[0] ? this.resolveExpr(call.arguments[0], depth + 1) : undefined;
    if (built?.kind === "class") return { kind: "instance", of: built, node: call };
    if (handlerWrapper(target) && call.arguments[0] && depth < MAX_DEPTH - 1) return this.resolveExpr(call.arguments[0], depth + 1);
    // express(), Router(), fastify(): a call to a library factory yields an instance of it.
    if (target.kind === "api") return { kind: "instance", of: target, node: call };
    // const pgp = pgPromise(); const db = pgp(url): what a library's factory made is a factory too.
    if (target.kind === "instance" && target.of.kind === "api") return { kind: "instance", of: { ...target.of, path: [...target.of.path, "#"] }, node: call };
    if (target.kind === "function") {
      const declared = this.declaredModule(target.node);
      if (declared) return declared;
      const returned = this.singleReturnedExpression(target.node);
      // defineTool({ … }) that hands back what it was given: the value is the argument itself.
      const passed = returned && this.passedThrough(target.node, returned, call);
      if (passed && depth < MAX_DEPTH - 2) return this.resolveExpr(passed, depth + 2);
      const value = returned && depth < MAX_DEPTH - 2 ? this.resolveExpr(returned, depth + 2) : UNKNOWN;
      // `async function browser(): Promise<BrowserContext>` with a cached instance returned from two places: what its type says.
      const type = value.kind === "unknown" && depth < MAX_DEPTH - 2 ? awaitedType(target.node.type) : undefined;
      return type ? this.resolveTypeAnnotation(type, call, depth + 2) : value;
    }
    return UNKNOWN;
  }

  /** The argument a call passes for the parameter a function returns unchanged (`return d`, `(d) => d as Tool`). */
  private passedThrough(fn: FunctionLike, returned: ts.Expression, call: ts.CallExpression): ts.Expression | undefined {
    const e = skipOuter(returned);
    const decl = ts.isIdentifier(e) ? this.checker.getSymbolAtLocation(e)?.valueDeclaration : undefined;
    const index = decl && ts.isParameter(decl) && !decl.dotDotDotToken ? fn.parameters.indexOf(decl) : -1;
    const arg = index < 0 ? undefined : call.arguments[index];
    return arg && !ts.isSpreadElement(arg) ? arg : undefined;
  }

  /**
   * `store.put(x)` on a receiver typed by a project interface or abstract method: every project class that
   * implements it may run, as a virtual call would.
   */
  private collectImplemented(callee: ts.Expression, out: Set<FunctionLike>): void {
    if (!ts.isPropertyAccessExpression(callee)) return;
    const member = callee.name.text;
    const base = this.resolve(callee.expression);
    const declared = base.kind === "instance" && base.of.kind === "class" ? this.memberOf(base, member) : undefined;
    if (declared && ts.isMethodDeclaration(declared) && !declared.body) {
      for (const o of this.overridesOf(declared)) out.add(o);
      return;
    }
    if (base.kind !== "unknown") return;
    // options.proxy.authorize(params), with `proxy?: OAuthProxy`: the method of the project class the value is declared as.
    const typed = this.classMethods().has(member) ? this.declaredClass(callee.expression) : undefined;
    const method = typed && this.memberOf({ kind: "instance", of: { kind: "class", node: typed }, node: typed }, member);
    if (method && ts.isMethodDeclaration(method) && method.body) return void out.add(method);
    if (!this.implementsMember(member)) return;
    for (const impl of this.interfaceImplementers(this.declaredInterface(callee.expression))) {
      const m = this.memberOf(ts.isObjectLiteralExpression(impl) ? { kind: "object", node: impl } : { kind: "instance", of: { kind: "class", node: impl }, node: impl }, member);
      const value = m && (ts.isPropertyDeclaration(m) || ts.isPropertyAssignment(m)) ? m.initializer : undefined;
      const fn = m && ts.isMethodDeclaration(m) ? m : value && isFunctionLike(skipOuter(value)) ? skipOuter(value) : undefined;
      if (fn && isFunctionLike(fn) && fn.body) out.add(fn);
    }
  }

  /** The project class a value's type names, `undefined` and `null` aside, when the checker knows it. */
  private declaredClass(expr: ts.Expression): ts.ClassLikeDeclaration | undefined {
    const type = this.checker.getNonNullableType(this.checker.getTypeAtLocation(expr));
    const decl = type.isUnion() ? undefined : type.getSymbol()?.declarations?.find((d): d is ts.ClassLikeDeclaration => ts.isClassDeclaration(d) || ts.isClassExpression(d));
    return decl && !decl.getSourceFile().isDeclarationFile ? decl : undefined;
  }

  /** The names of the project's class methods: the checker is asked for a receiver's class only for these. */
  private classMethods(): ReadonlySet<string> {
    return this.implementations().methods;
  }

  /** The project interface a variable, parameter or field is declared with (`store: Store`). */
  private declaredInterface(expr: ts.Expression): TypeDeclaration | undefined {
    const decl = this.declarationRead(expr);
    const type = this.writtenType(decl);
    if (type) return ts.isTypeReferenceNode(type) ? this.interfaceNamed(type.typeName) : undefined;
    // handler: async (request, context) => …, typed by the signature it is written against.
    const fn = decl && ts.isParameter(decl) ? decl.parent : undefined;
    const signature = fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? this.checker.getContextualType(fn)?.getCallSignatures()[0] : undefined;
    const contextual = decl && fn && signature?.getParameters()[fn.parameters.indexOf(decl as ts.ParameterDeclaration)]?.valueDeclaration;
    const contextualType = contextual && ts.isParameter(contextual) && contextual.type ? withoutEmpty(contextual.type) : undefined;
    if (contextualType) return ts.isTypeReferenceNode(contextualType) ? this.interfaceNamed(contextualType.typeName) : undefined;
    // const client = clientFactory(), with `clientFactory: () => FlyClient`: the type the checker infers.
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
    const inferred = this.checker.getTypeAtLocation(decl.name);
    return projectType(inferred.aliasSymbol ?? inferred.getSymbol());
  }

  /** The declaration a name or member read stands for, whose written type says what the value is. */
  private declarationRead(expr: ts.Expression): ts.Node | undefined {
    const e = skipOuterAndAwait(expr);
    return ts.isIdentifier(e) ? declarationOf(e, this.checker) : ts.isPropertyAccessExpression(e) ? this.memberOf(this.resolve(e.expression), e.name.text) : undefined;
  }

  /** The type written on a parameter, variable or field, or declared for the property a binding destructures (`({ provider }: Deps)`). */
  private writtenType(decl: ts.Node | undefined): ts.TypeNode | undefined {
    if (decl && (ts.isParameter(decl) || ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl))) return decl.type && withoutEmpty(decl.type);
    if (!decl || !ts.isBindingElement(decl) || !ts.isObjectBindingPattern(decl.parent)) return undefined;
    const owner = decl.parent.parent;
    const name = propertyNameText(decl.propertyName ?? decl.name);
    const ownerType = ts.isParameter(owner) || ts.isVariableDeclaration(owner) ? this.writtenType(owner) : undefined;
    const type = ownerType && name !== undefined ? this.declaredProperty(ownerType, name)?.type : undefined;
    return type && withoutEmpty(type);
  }

  /** The property a project interface, type alias or type literal declares under a name. */
  private declaredProperty(type: ts.TypeNode, name: string): ts.PropertySignature | undefined {
    const named = ts.isTypeReferenceNode(type) ? this.interfaceNamed(type.typeName) : undefined;
    const members = ts.isTypeLiteralNode(type) ? type.members : named && ts.isInterfaceDeclaration(named) ? named.members : named && ts.isTypeLiteralNode(named.type) ? named.type.members : undefined;
    return members?.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && propertyNameText(m.name) === name);
  }

  /** Whether some project class that implements an interface has this member: the checker is asked only then. */
  private implementsMember(member: string): boolean {
    return this.implementations().members.has(member);
  }

  private interfaceNamed(name: ts.EntityName): TypeDeclaration | undefined {
    const sym = this.checker.getSymbolAtLocation(ts.isQualifiedName(name) ? name.right : name);
    return projectType(sym && sym.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(sym) : sym);
  }

  /** An object literal written under a project interface's name (`: Ops`, `satisfies Ops`): an implementation of it. */
  private addTypedLiteral(type: ts.TypeNode | undefined, value: ts.Expression, add: (node: Implementer, implemented: readonly TypeDeclaration[]) => void): void {
    const literal = skipOuter(value);
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isObjectLiteralExpression(literal)) return;
    const iface = this.interfaceNamed(type.typeName);
    if (iface) add(literal, [iface]);
  }

  private interfaceImplementers(iface: TypeDeclaration | undefined): readonly Implementer[] {
    return (iface && this.implementations().byType.get(iface)) ?? [];
  }

  /**
   * The project's classes, and object literals stored under a declared type (`const db: Database = { … }`), by the
   * project interfaces and type aliases they implement, and the members they have; and the names of the instance
   * methods any project class declares.
   */
  private implementations(): { byType: Map<TypeDeclaration, Implementer[]>; members: Set<string>; methods: Set<string> } {
    if (this.implementationIndex) return this.implementationIndex;
    const byType = new Map<TypeDeclaration, Implementer[]>();
    const members = new Set<string>();
    const methods = new Set<string>();
    const add = (node: Implementer, implemented: readonly TypeDeclaration[]): void => {
      for (const iface of implemented) byType.set(iface, [...(byType.get(iface) ?? []), node]);
      const named = ts.isObjectLiteralExpression(node) ? node.properties : node.members;
      if (implemented.length) for (const m of named) if (m.name) members.add(propertyNameText(m.name) ?? "");
    };
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
        for (const m of node.members) if (ts.isMethodDeclaration(m) && m.body && !isStatic(m)) methods.add(propertyNameText(m.name) ?? "");
        add(node, (node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ImplementsKeyword)?.types ?? []).flatMap((t) => (ts.isIdentifier(t.expression) ? (this.interfaceNamed(t.expression) ?? []) : [])));
      } else if (ts.isVariableDeclaration(node) && node.initializer) {
        // const db = { … } satisfies Database
        const satisfied = ts.isSatisfiesExpression(node.initializer) ? node.initializer.type : undefined;
        this.addTypedLiteral(node.type ?? satisfied, node.initializer, add);
      } else if (isFunctionLike(node) && node.body && node.type && ts.isTypeReferenceNode(node.type)) {
        // createOps(): Ops { return { … } }, or (): Ops => ({ … })
        const returned = ts.isBlock(node.body) ? returnedExpressions(node) : [node.body];
        for (const r of returned) this.addTypedLiteral(node.type, r, add);
      }
      ts.forEachChild(node, visit);
    };
    for (const sf of this.program.getSourceFiles()) {
      if (!sf.isDeclarationFile) visit(sf);
    }
    this.implementationIndex = { byType, members, methods };
    return this.implementationIndex;
  }

  /** A loader declared to return `typeof import("m")` or a promise of it: module m, whatever wraps the import. */
  private declaredModule(fn: FunctionLike): ValueRef | undefined {
    const type = awaitedType(fn.type);
    if (!type || !ts.isImportTypeNode(type) || !type.isTypeOf || type.qualifier || !ts.isLiteralTypeNode(type.argument)) return undefined;
    const literal = type.argument.literal;
    return ts.isStringLiteral(literal) ? this.moduleRef(literal.text, literal) : undefined;
  }

  /** `return new McpServer(...)` from a factory: the value its single return statement gives. */
  private singleReturnedExpression(fn: FunctionLike): ts.Expression | undefined {
    const returned = returnedExpressions(fn);
    return returned.length === 1 ? returned[0] : undefined;
  }

  private resolveMember(objectExpr: ts.Expression, member: string, depth: number): ValueRef {
    const decorated = member === "value" ? this.describedMethods(objectExpr) : undefined;
    if (decorated?.length) return unionOf(decorated.map((m) => ({ kind: "function", node: m })));
    const value = this.memberValue(this.resolveExpr(objectExpr, depth + 1), member, depth);
    return value.kind !== "unknown" ? value : this.declaredMemberValue(objectExpr, member, depth);
  }

  /**
   * `tools.fetchUrl` where `tools: ToolSet` and the project's ToolSet declares `fetchUrl: FetchUrlTool`: an instance
   * of the declared class. Only names written with a type annotation are looked at, so the checker infers nothing.
   */
  private declaredMemberValue(objectExpr: ts.Expression, member: string, depth: number): ValueRef {
    const type = this.writtenType(this.declarationRead(objectExpr));
    const declared = type && this.declaredProperty(type, member);
    return declared?.type ? this.resolveTypeAnnotation(declared.type, declared, depth) : UNKNOWN;
  }

  /** `(target, key, descriptor) => registry.push(descriptor.value)` applied as a method decorator: the methods it decorates. */
  private describedMethods(expr: ts.Expression): ts.MethodDeclaration[] | undefined {
    const e = skipOuter(expr);
    const param = ts.isIdentifier(e) ? this.checker.getSymbolAtLocation(e)?.valueDeclaration : undefined;
    const fn = param && ts.isParameter(param) ? param.parent : undefined;
    if (!param || !fn || !isFunctionLike(fn) || fn.parameters.length !== 3 || fn.parameters[2] !== param) return undefined;
    return this.decoratedMethods().get(fn);
  }

  /** The project's decorated methods by the decorator function that runs on them, `@Name` or `@factory(...)`'s returned one. */
  private decoratedMethods(): Map<FunctionLike, ts.MethodDeclaration[]> {
    if (this.decoratorIndex) return this.decoratorIndex;
    const index = new Map<FunctionLike, ts.MethodDeclaration[]>();
    const visit = (node: ts.Node): void => {
      if (ts.isMethodDeclaration(node) && node.body) {
        for (const d of ts.getDecorators(node) ?? []) {
          const e = skipOuter(d.expression);
          const made = ts.isCallExpression(e) ? this.calleeFunctions(e).flatMap((f) => returnedExpressions(f).map((r): ts.Node => skipOuter(r)).filter(isFunctionLike)) : [];
          const named = ts.isCallExpression(e) ? [] : [this.resolve(e)].flatMap((r) => (r.kind === "function" ? [r.node] : []));
          for (const fn of [...made, ...named]) index.set(fn, [...(index.get(fn) ?? []), node]);
        }
      }
      ts.forEachChild(node, visit);
    };
    this.decoratorIndex = index;
    for (const sf of this.program.getSourceFiles()) {
      if (!sf.isDeclarationFile) visit(sf);
    }
    return index;
  }

  private memberValue(base: ValueRef, member: string, depth: number): ValueRef {
    if (base.kind === "union") return unionOf(base.refs.map((b) => this.memberValue(b, member, depth)));
    if (base.kind === "api") {
      return { ...base, path: normalizeMemberPath(base.module, [...base.path, member]) };
    }
    if (base.kind === "module") {
      const sym = this.moduleSymbol(base.node);
      const exp = sym && this.checker.getExportsOfModule(sym).find((s) => s.name === member);
      if (exp) return this.resolveSymbol(exp, depth + 1);
    }
    if (base.kind === "instance" && base.of.kind === "api") {
      // A method of a library instance: new Client().request → client.request.
      return { kind: "api", module: base.of.module, path: [...base.of.path, "#", member], promisified: false };
    }
    // Provider.prototype.upload: the prototype holds what every instance's methods are.
    if (base.kind === "class" && member === "prototype") return { kind: "instance", of: base, node: base.node };
    const m = this.memberOf(base, member);
    // `this.annotations` read from `get annotations() { … }`: the read runs the getter and yields what it returns.
    if (m && ts.isGetAccessorDeclaration(m)) {
      const returned = this.singleReturnedExpression(m);
      return returned && depth < MAX_DEPTH - 2 ? this.resolveExpr(returned, depth + 2) : UNKNOWN;
    }
    if (m && ts.isMethodDeclaration(m) && ts.isObjectLiteralExpression(m.parent)) return m.body ? { kind: "function", node: m } : UNKNOWN;
    if (m && base.kind === "object") {
      const value = this.propertyValue(m as ts.ObjectLiteralElementLike);
      if (value) return this.resolveExpr(value, depth + 1);
    } else if (m) return this.resolveDeclaration(m, depth + 1);
    // A JavaScript class declares its fields by assigning them in the constructor: `this._spawn = spawn`.
    if (!m && base.kind === "instance" && base.of.kind === "class") {
      for (const c of this.classChain(base.of.node)) {
        const assigned = constructorAssignment(c, member);
        if (assigned) return this.resolveExpr(assigned, depth + 1);
      }
    }
    // Anything else would need the checker's types, which without library declarations cost time and find nothing.
    return UNKNOWN;
  }

  /** The class field or object-literal property a member read names, found as resolve() finds members: without type checking. */
  memberDeclaration(pa: ts.PropertyAccessExpression): ts.PropertyDeclaration | ts.PropertyAssignment | undefined {
    const m = this.memberOf(this.resolve(pa.expression), pa.name.text);
    return m && (ts.isPropertyAssignment(m) || ts.isPropertyDeclaration(m)) ? m : undefined;
  }

  /** A member of an object literal, a class (static) or a project class instance (from the class and its bases). */
  memberOf(base: ValueRef, member: string): ts.ObjectLiteralElementLike | ts.ClassElement | ts.ParameterDeclaration | undefined {
    if (base.kind === "object") return base.node.properties.find((p) => p.name && propertyNameText(p.name) === member);
    if (base.kind === "class") return implementation(base.node.members, (x) => !!x.name && propertyNameText(x.name) === member && isStatic(x));
    if (base.kind !== "instance" || base.of.kind !== "class") return undefined;
    for (const c of this.classChain(base.of.node)) {
      const m = implementation(c.members, (x) => !!x.name && propertyNameText(x.name) === member && !isStatic(x)) ?? parameterProperty(c, member);
      if (m) return m;
    }
    return undefined;
  }

  private propertyValue(prop: ts.ObjectLiteralElementLike): ts.Expression | undefined {
    if (ts.isPropertyAssignment(prop)) return prop.initializer;
    if (ts.isShorthandPropertyAssignment(prop)) return prop.name;
    if (ts.isMethodDeclaration(prop)) return undefined;
    return undefined;
  }

  private resolveIdentifier(id: ts.Identifier, depth: number): ValueRef {
    if (id.text === "undefined") return UNKNOWN;
    let sym: ts.Symbol | undefined;
    if (ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id) {
      sym = this.checker.getShorthandAssignmentValueSymbol(id.parent);
    } else {
      sym = this.checker.getSymbolAtLocation(id);
    }
    if (!sym || !sym.declarations?.length) {
      return GLOBALS.has(id.text) ? { kind: "api", module: "global", path: [id.text], promisified: false } : UNKNOWN;
    }
    return this.resolveSymbol(sym, depth);
  }

  resolveSymbol(sym: ts.Symbol, depth: number): ValueRef {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const decls = sym.declarations ?? [];
    const decl = sym.valueDeclaration ?? decls[0];
    if (!decl) return UNKNOWN;
    if (sym.flags & ts.SymbolFlags.Alias) {
      const viaImport = this.resolveImportAlias(sym, decl, depth);
      if (viaImport) return viaImport;
    }
    if (ts.isSourceFile(decl)) return { kind: "module", node: decl };
    // Methods declared by overloads: take the one with a body.
    const withBody = decls.find((d) => isFunctionLike(d) && !!d.body);
    if (withBody && isFunctionLike(withBody)) return { kind: "function", node: withBody };
    return this.resolveDeclaration(decl, depth);
  }

  private resolveImportAlias(sym: ts.Symbol, decl: ts.Declaration, depth: number): ValueRef | undefined {
    const spec = importSpecifierOf(decl);
    if (spec && !this.isProjectModule(spec.moduleSpecifier)) {
      const imported = importedName(decl);
      const ref = this.moduleRef(spec.text, spec.moduleSpecifier);
      if (ref.kind === "api" && imported) ref.path = normalizeMemberPath(ref.module, [...ref.path, imported]);
      return ref;
    }
    const target = this.checker.getImmediateAliasedSymbol(sym);
    if (target && target !== sym) return this.resolveSymbol(target, depth + 1);
    return undefined;
  }

  /** A module's symbol; a CommonJS file (exports only through `module.exports`) has one the checker does not hand out for the file. */
  private moduleSymbol(sf: ts.SourceFile): ts.Symbol | undefined {
    return this.checker.getSymbolAtLocation(sf) ?? (sf as ts.SourceFile & { symbol?: ts.Symbol }).symbol;
  }

  private isProjectModule(specifier: ts.Expression): boolean {
    const sym = this.checker.getSymbolAtLocation(specifier);
    const decl = sym?.declarations?.[0];
    return !!decl && ts.isSourceFile(decl) && !decl.isDeclarationFile;
  }

  private moduleRef(specifier: string, node: ts.Expression): ValueRef {
    if (this.isProjectModule(node)) {
      const sym = this.checker.getSymbolAtLocation(node);
      const decl = sym?.declarations?.[0];
      if (decl && ts.isSourceFile(decl)) return { kind: "module", node: decl };
    }
    const { module, prefix } = normalizeModule(specifier);
    return { kind: "api", module, path: prefix, promisified: false };
  }

  private resolveDeclaration(decl: ts.Node, depth: number): ValueRef {
    if (isFunctionLike(decl)) return decl.body ? { kind: "function", node: decl } : UNKNOWN;
    if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) return { kind: "class", node: decl };
    if (ts.isVariableDeclaration(decl)) {
      if (decl.initializer) {
        const fromInit = this.resolveExpr(decl.initializer, depth + 1);
        if (fromInit.kind !== "unknown") return fromInit;
      }
      // `let mod = null; … if (!mod) mod = (await import("./contacts.js")).default;`: a cache filled on first use.
      if ((!decl.initializer || isNothing(decl.initializer)) && ts.isIdentifier(decl.name)) {
        const assigned = this.lazilyAssigned(decl, depth);
        if (assigned.kind !== "unknown") return assigned;
      }
      return decl.type ? this.resolveTypeAnnotation(decl.type, decl, depth) : UNKNOWN;
    }
    if (ts.isBindingElement(decl)) return this.resolveBindingElement(decl, depth);
    if (ts.isPropertyAssignment(decl)) return this.resolveExpr(decl.initializer, depth + 1);
    if (ts.isShorthandPropertyAssignment(decl)) {
      const value = this.checker.getShorthandAssignmentValueSymbol(decl);
      return value ? this.resolveSymbol(value, depth + 1) : UNKNOWN;
    }
    if (ts.isPropertyDeclaration(decl)) {
      // `private app: FastifyInstance | null = null`, set when the server starts: the placeholder says nothing.
      const initial = decl.initializer ? this.resolveExpr(decl.initializer, depth + 1) : UNKNOWN;
      // `private rcDir = ""` set when a session starts: the initial text is a placeholder too.
      const name = propertyNameText(decl.name);
      const reassigned = initial.kind === "literal" && !!name && (!!constructorAssignment(decl.parent, name) || methodAssignments(decl.parent, name).length > 0);
      if (initial.kind !== "unknown" && !reassigned) return initial;
      // What is assigned says more than the declared type (an instance of the library's own factory).
      const assigned = this.resolveAssignedField(decl, depth);
      return assigned.kind !== "unknown" || !decl.type ? assigned : this.resolveTypeAnnotation(decl.type, decl, depth);
    }
    if (ts.isParameter(decl)) {
      // `pathImpl = path`, `run = execFile`: a library default is what the function uses unless a caller overrides it.
      const fallback = decl.initializer ? this.resolveExpr(decl.initializer, depth + 1) : UNKNOWN;
      if (fallback.kind === "api") return fallback;
      const typed = decl.type ? this.resolveTypeAnnotation(decl.type, decl, depth) : UNKNOWN;
      return typed.kind !== "unknown" ? typed : this.callerArgument(decl, depth);
    }
    if (ts.isExportAssignment(decl)) return this.resolveExpr(decl.expression, depth + 1);
    if (ts.isBinaryExpression(decl)) return this.resolveExpr(decl.right, depth + 1);
    if (ts.isPropertyAccessExpression(decl) && ts.isBinaryExpression(decl.parent)) return this.resolveExpr(decl.parent.right, depth + 1);
    if (ts.isEnumMember(decl)) return UNKNOWN;
    return UNKNOWN;
  }

  /**
   * `let http; … if (!http) http = require("node:http")`: a variable declared empty and set later, when every
   * assignment in its file sets the same library.
   */
  private lazilyAssigned(decl: ts.VariableDeclaration, depth: number): ValueRef {
    const known = this.assignedLater.get(decl);
    if (known) return known;
    // Unknown while it is worked out: `http = http || require("node:http")` reads itself.
    this.assignedLater.set(decl, UNKNOWN);
    const sym = this.checker.getSymbolAtLocation(decl.name);
    if (!sym || !ts.isIdentifier(decl.name)) return UNKNOWN;
    const refs = this.identifierAssignments(decl.getSourceFile(), decl.name.text)
      // `mod = null` empties the cache; it names nothing.
      .filter((a) => ASSIGNMENTS.has(a.operatorToken.kind) && !isNothing(a.right) && this.checker.getSymbolAtLocation(a.left) === sym)
      .map((a) => this.resolveExpr(a.right, depth + 1));
    const ref = sameValue(refs);
    this.assignedLater.set(decl, ref);
    return ref;
  }

  /** `name = …`, `name ??= …`, `name ||= …` and `name += …` in a file, indexed by name on first use. */
  identifierAssignments(sf: ts.SourceFile, name: string): readonly ts.BinaryExpression[] {
    let index = this.assignmentIndex.get(sf);
    if (!index) {
      const found = new Map<string, ts.BinaryExpression[]>();
      const visit = (n: ts.Node): void => {
        if (ts.isBinaryExpression(n) && (ASSIGNMENTS.has(n.operatorToken.kind) || n.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) && ts.isIdentifier(n.left)) {
          const list = found.get(n.left.text);
          if (list) list.push(n);
          else found.set(n.left.text, [n]);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
      this.assignmentIndex.set(sf, (index = found));
    }
    return index.get(name) ?? [];
  }

  /** `name.key = …` and `name[k] = …` (any depth) in a file, indexed by the variable's name on first use. */
  memberAssignments(sf: ts.SourceFile, name: string): readonly MemberAssignment[] {
    let index = this.memberAssignmentIndex.get(sf);
    if (!index) {
      const found = new Map<string, MemberAssignment[]>();
      const visit = (n: ts.Node): void => {
        if (ts.isBinaryExpression(n) && ASSIGNMENTS.has(n.operatorToken.kind) && (ts.isPropertyAccessExpression(n.left) || ts.isElementAccessExpression(n.left))) {
          const keys: string[] = [];
          let target: ts.Expression = n.left;
          while (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
            const arg = ts.isElementAccessExpression(target) ? skipOuter(target.argumentExpression) : undefined;
            keys.unshift(ts.isPropertyAccessExpression(target) ? target.name.text : arg && (ts.isStringLiteralLike(arg) || ts.isNumericLiteral(arg)) ? arg.text : "*");
            target = skipOuter(target.expression);
          }
          if (ts.isIdentifier(target)) found.set(target.text, [...(found.get(target.text) ?? []), { root: target, keys, value: n.right }]);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
      this.memberAssignmentIndex.set(sf, (index = found));
    }
    return index.get(name) ?? [];
  }

  /** `server: McpServer` → an instance of the McpServer API. */
  private resolveTypeAnnotation(written: ts.TypeNode, at: ts.Node, depth: number): ValueRef {
    // `FastifyInstance | null`: a field that holds the instance once it is set.
    const type = withoutEmpty(written);
    if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName;
      const sym = this.checker.getSymbolAtLocation(ts.isQualifiedName(name) ? name.right : name);
      if (!sym) return UNKNOWN;
      const of = this.resolveSymbol(sym, depth + 1);
      if (of.kind === "api" || of.kind === "class") return { kind: "instance", of, node: at };
    }
    return UNKNOWN;
  }

  /** A field assigned in the constructor (`this.server = new McpServer(...)`), or else by one method (`start()`). */
  private resolveAssignedField(decl: ts.PropertyDeclaration, depth: number): ValueRef {
    const name = propertyNameText(decl.name);
    const initial = name ? constructorAssignment(decl.parent, name) : undefined;
    if (initial) return this.resolveExpr(initial, depth + 1);
    // `this.pool = new sql.ConnectionPool(a)` in one branch and `(b)` in the other: the same kind of value either way.
    return sameValue((name ? methodAssignments(decl.parent, name) : []).map((value) => this.resolveExpr(value, depth + 1)));
  }

  private resolveBindingElement(el: ts.BindingElement, depth: number): ValueRef {
    const path: string[] = [];
    let node: ts.Node = el;
    let positional = false;
    while (ts.isBindingElement(node)) {
      const key = bindingKey(node);
      if (ts.isObjectBindingPattern(node.parent)) {
        if (!key) return UNKNOWN;
        // { PATH, ...vars } = process.env: the rest holds the value's other properties, not one named after it.
        if (!node.dotDotDotToken) path.unshift(key);
      } else positional = true;
      node = node.parent.parent;
    }
    // function makeHandler({ run }): what the callers pass for the parameter.
    if (ts.isParameter(node)) {
      if (positional) return UNKNOWN;
      const passed = path.reduce((ref, key) => this.boundValue(ref, key, depth), this.callerArgument(node, depth));
      // function register(server, { capture = snapshot } = {}) that no caller hands a capture: the default runs.
      if (passed.kind === "unknown" && el.initializer && el.parent.parent === node && this.noCallerPasses(node, path[0] as string)) return this.resolveExpr(el.initializer, depth + 1);
      // function register(server, { reader }: Deps) that no caller's value tells: the class Deps declares for reader.
      const declared = passed.kind === "unknown" && el.parent.parent === node ? this.writtenType(el) : undefined;
      return declared ? this.resolveTypeAnnotation(declared, el, depth) : passed;
    }
    if (!ts.isVariableDeclaration(node) || !node.initializer) return UNKNOWN;
    let ref = this.resolveExpr(node.initializer, depth + 1);
    for (const key of path) ref = this.boundValue(ref, key, depth);
    // const { reader } = deps, with `deps: Deps`: what Deps declares for reader, as deps.reader would resolve.
    if (ref.kind === "unknown" && path.length === 1 && el.parent.parent === node) return this.declaredMemberValue(node.initializer, path[0] as string, depth);
    return ref;
  }

  /** Whether every call of the parameter's function leaves out the key: no argument, or an object literal written without it. */
  private noCallerPasses(param: ts.ParameterDeclaration, key: string): boolean {
    const fn = param.parent;
    const index = fn.parameters.indexOf(param);
    const sites = isFunctionLike(fn) ? this.callingSites(fn) : [];
    return sites.length > 0 && sites.every((site) => {
      const arg = site.arguments?.[index];
      const e = arg && skipOuter(arg);
      return !e || (ts.isObjectLiteralExpression(e) && e.properties.every((p) => !ts.isSpreadAssignment(p) && (!p.name || propertyNameText(p.name) !== key)));
    });
  }

  /** The value `const { key } = …` binds from a resolved object, library or module. */
  private boundValue(ref: ValueRef, key: string, depth: number): ValueRef {
    if (ref.kind === "union") return unionOf(ref.refs.map((r) => this.boundValue(r, key, depth)));
    if (ref.kind === "api") return { ...ref, path: normalizeMemberPath(ref.module, [...ref.path, key]) };
    if (ref.kind === "object") {
      const prop = ref.node.properties.find((p) => p.name && propertyNameText(p.name) === key);
      const value = prop && this.propertyValue(prop);
      return value ? this.resolveExpr(value, depth + 1) : UNKNOWN;
    }
    if (ref.kind === "module") {
      const sym = this.moduleSymbol(ref.node);
      const exp = sym && this.checker.getExportsOfModule(sym).find((s) => s.name === key);
      return exp ? this.resolveSymbol(exp, depth + 1) : UNKNOWN;
    }
    return UNKNOWN;
  }
}

/** An interface or type alias the project declares, which classes may implement. */
type TypeDeclaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
/** A class that implements a project type, or an object literal declared as one. */
type Implementer = ts.ClassLikeDeclaration | ts.ObjectLiteralExpression;

function projectType(sym: ts.Symbol | undefined): TypeDeclaration | undefined {
  const decl = sym?.declarations?.find((d): d is TypeDeclaration => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d));
  return decl && !decl.getSourceFile().isDeclarationFile ? decl : undefined;
}

function isObjectAssign(ref: ValueRef): boolean {
  return ref.kind === "api" && ref.module === "global" && ref.path.join(".") === "Object.assign";
}

/** A source of `Object.assign(target, …sources)`, recorded as added to the target. */
function isAssignSource(value: ts.Expression): boolean {
  const call = value.parent;
  return ts.isCallExpression(call) && call.arguments.indexOf(value) > 0 && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === "assign";
}

/** Whether a value is one of a dependency-injection library's functions of these names. */
function containerApi(ref: ValueRef, names: ReadonlySet<string>): boolean {
  return ref.kind === "api" && DI_MODULES.has(ref.module) && names.has(ref.path[ref.path.length - 1] ?? "");
}

/** The type a function's declared result holds once awaited: `T` of `Promise<T>`. */
function awaitedType(type: ts.TypeNode | undefined): ts.TypeNode | undefined {
  return type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "Promise" ? type.typeArguments?.[0] : type;
}

/** hono's createMiddleware(fn) (also a factory's): it hands back the handler it is given, only typed. */
function handlerWrapper(ref: ValueRef): boolean {
  return ref.kind === "api" && ref.module === "hono/factory" && ref.path[ref.path.length - 1] === "createMiddleware";
}

/** An object, array or string literal throws when called: it is never what a call runs. */
function isCallable(ref: ValueRef): boolean {
  return ref.kind !== "object" && ref.kind !== "array" && ref.kind !== "literal";
}

function isNothing(e: ts.Expression): boolean {
  return isNullish(e) || ts.isVoidExpression(skipOuter(e));
}

function isLiteralKey(key: ts.Expression): boolean {
  const k = skipOuterAndAwait(key);
  return ts.isStringLiteralLike(k) || ts.isNumericLiteral(k);
}

function isStatic(member: ts.ClassElement): boolean {
  return !!ts.getModifiers?.(member as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

function importSpecifierOf(decl: ts.Node): { text: string; moduleSpecifier: ts.Expression } | undefined {
  let node: ts.Node | undefined = decl;
  for (let i = 0; node && i < 5; i++, node = node.parent) {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const ms = node.moduleSpecifier;
      return ms && ts.isStringLiteralLike(ms) ? { text: ms.text, moduleSpecifier: ms } : undefined;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteralLike(ref.expression)) return { text: ref.expression.text, moduleSpecifier: ref.expression };
      return undefined;
    }
    // const { exec } = require('child_process') in a JS file is an alias too.
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isCallExpression(node.initializer)) {
      const init = node.initializer;
      const a = init.arguments[0];
      if (ts.isIdentifier(init.expression) && init.expression.text === "require" && a && ts.isStringLiteralLike(a)) return { text: a.text, moduleSpecifier: a };
      return undefined;
    }
  }
  return undefined;
}

function importedName(decl: ts.Node): string | undefined {
  if (ts.isImportSpecifier(decl) || ts.isExportSpecifier(decl)) return (decl.propertyName ?? decl.name).text;
  if (ts.isImportClause(decl)) return undefined;
  if (ts.isNamespaceImport(decl) || ts.isNamespaceExport(decl)) return undefined;
  if (ts.isBindingElement(decl)) {
    const key = decl.propertyName ?? decl.name;
    return ts.isIdentifier(key) || ts.isStringLiteralLike(key) ? key.text : undefined;
  }
  return undefined;
}

/** `this` in a class body (arrow functions keep it): the instance, or the class in a static member. */
function thisValue(node: ts.Node): ValueRef {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isArrowFunction(n)) continue;
    if (ts.isClassLike(n)) return { kind: "instance", of: { kind: "class", node: n }, node };
    if (ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n) || ts.isPropertyDeclaration(n)) {
      // const service = { check(d) { return run(this.build(d)); } }: a method's `this` is the object it is written in.
      const owner = ts.isMethodDeclaration(n) || ts.isAccessor(n) ? n.parent : ts.isFunctionExpression(n) && ts.isPropertyAssignment(n.parent) ? n.parent.parent : undefined;
      if (owner && ts.isObjectLiteralExpression(owner)) return { kind: "object", node: owner };
      const cls = n.parent;
      if (!cls || !ts.isClassLike(cls) || ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return UNKNOWN;
      return isStatic(n as ts.ClassElement) || ts.isClassStaticBlockDeclaration(n) ? { kind: "class", node: cls } : { kind: "instance", of: { kind: "class", node: cls }, node };
    }
    if (ts.isSourceFile(n)) return UNKNOWN;
  }
  return UNKNOWN;
}

/** The values a class's own code gives a field: its initializer, the constructor's assignment and the methods'; undefined for a name it neither declares nor assigns. */
export function fieldAssignments(cls: ts.ClassLikeDeclaration, name: string): ts.Expression[] | undefined {
  const field = cls.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && !isStatic(m) && propertyNameText(m.name) === name);
  const assigned = constructorAssignment(cls, name);
  const values = [...(field?.initializer ? [field.initializer] : []), ...(assigned ? [assigned] : []), ...methodAssignments(cls, name)];
  return field || values.length ? values : undefined;
}

/** What the constructor assigns to `this.<name>` at its top level: `this.server = new McpServer(...)`. */
function constructorAssignment(cls: ts.ClassLikeDeclaration, name: string): ts.Expression | undefined {
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  for (const st of ctor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression) || st.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const { left, right } = st.expression;
    if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === name) return right;
  }
  return undefined;
}

/** One value when the refs agree, else any of them (a few at most); unknown when any is. */
function unionOf(refs: readonly ValueRef[]): ValueRef {
  const flat = refs.flatMap((r) => (r.kind === "union" ? r.refs : [r]));
  const all = flat.filter((r, i) => flat.findIndex((o) => o.kind === r.kind && refKey(o) === refKey(r)) === i);
  if (!all.length || all.some((r) => r.kind === "unknown")) return UNKNOWN;
  const same = sameValue(all);
  if (same.kind !== "unknown") return same;
  return all.length <= 2 * MAX_CALLERS ? { kind: "union", refs: all } : UNKNOWN;
}

/** What every ref names when they all name one library export, one project node, or instances of one of them. */
function sameValue(refs: readonly ValueRef[]): ValueRef {
  const [first] = refs;
  if (!first) return UNKNOWN;
  const k = refKey(first);
  return k !== undefined && refs.every((r) => r.kind === first.kind && refKey(r) === k) ? first : UNKNOWN;
}

/** What a ref names: a library export, a project node, or instances of one of them. */
function refKey(r: ValueRef): unknown {
  return r.kind === "api" ? `${r.module}:${r.path.join(".")}` : r.kind === "instance" ? (r.of.kind === "api" ? `new ${r.of.module}:${r.of.path.join(".")}` : "node" in r.of ? r.of.node : undefined) : "node" in r ? r.node : undefined;
}

/** The values the class's methods assign to a field, placeholders (`null`, `undefined`) aside. */
function methodAssignments(cls: ts.ClassLikeDeclaration, name: string): ts.Expression[] {
  const values: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword && n.left.name.text === name && !isPlaceholder(n.right)) values.push(n.right);
    ts.forEachChild(n, visit);
  };
  for (const m of cls.members) if ((ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) && m.body) visit(m.body);
  return values;
}

function isPlaceholder(e: ts.Expression): boolean {
  const v = skipOuter(e);
  return v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === "undefined");
}

/** `Store | null`, `Store | undefined`: the one type the value has once it is set. */
function withoutEmpty(type: ts.TypeNode): ts.TypeNode {
  const t = ts.isParenthesizedTypeNode(type) ? type.type : type;
  if (!ts.isUnionTypeNode(t)) return t;
  const [only, ...others] = t.types.filter((u) => !isEmptyType(u));
  return only && !others.length ? only : t;
}

function isEmptyType(t: ts.TypeNode): boolean {
  return t.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword);
}

/** `constructor(private readonly client: Client)` declares a field named client. */
export function parameterProperty(cls: ts.ClassLikeDeclaration, name: string): ts.ParameterDeclaration | undefined {
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  return ctor?.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name && ts.isParameterPropertyDeclaration(p, ctor));
}

function isDynamicImport(e: ts.Expression): e is ts.CallExpression {
  return ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.ImportKeyword;
}

/**
 * The function `fn.call(self, a)`, `fn.apply(self, [a])` and `Reflect.apply(fn, self, [a])` run, and what they hand
 * its parameters; an `apply` list that is not written out hands nothing the analysis can place.
 */
function invokedFunction(call: ts.CallExpression): { fn: ts.Expression; args: readonly ts.Expression[] } | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const listed = (list: ts.Expression | undefined): readonly ts.Expression[] => {
    const array = list && skipOuter(list);
    return array && ts.isArrayLiteralExpression(array) ? array.elements : [];
  };
  if (method === "call") return { fn: callee.expression, args: call.arguments.slice(1) };
  if (method !== "apply") return undefined;
  const receiver = skipOuter(callee.expression);
  if (!ts.isIdentifier(receiver) || receiver.text !== "Reflect") return { fn: callee.expression, args: listed(call.arguments[1]) };
  const [fn, , list] = call.arguments;
  return fn && { fn, args: listed(list) };
}

interface CallIndex {
  calls: Map<string, ts.CallExpression[]>;
  news: Map<string, ts.NewExpression[]>;
  /** Calls and `new ${name}` constructions outside test code, by name. */
  production: Map<string, (ts.CallExpression | ts.NewExpression)[]>;
}

/** The call-index key of a function's calls: its name, or `new C` for a constructor of C. */
function siteKey(fn: FunctionLike): string | undefined {
  const id = ts.isConstructorDeclaration(fn) ? fn.parent.name : (fn.name ?? (ts.isVariableDeclaration(fn.parent) ? fn.parent.name : undefined));
  const name = id && (ts.isIdentifier(id) || ts.isPrivateIdentifier(id) || ts.isStringLiteral(id)) ? id.text : undefined;
  if (name === undefined) return undefined;
  return ts.isConstructorDeclaration(fn) ? `new ${name}` : name;
}

/** Of a member's declarations, the one with a body: an overloaded method's signatures come before it. */
function implementation(members: readonly ts.ClassElement[], named: (m: ts.ClassElement) => boolean): ts.ClassElement | undefined {
  return members.find((m) => named(m) && (!ts.isMethodDeclaration(m) || !!m.body)) ?? members.find(named);
}

/** Runs a walk for a key unless one for it is already under way further up the stack, which would repeat itself forever. */
function outermost<K, T>(active: Set<K>, key: K, walk: () => T | undefined): T | undefined {
  if (active.has(key)) return undefined;
  active.add(key);
  try {
    return walk();
  } finally {
    active.delete(key);
  }
}

/** `runtime.services.fetch` → root `runtime`, keys ["services", "fetch"]; a name alone has no keys. */
function memberPath(expr: ts.Expression): { root: ts.Expression; keys: string[] } {
  const keys: string[] = [];
  let e = skipOuter(expr);
  while (ts.isPropertyAccessExpression(e) && e.expression.kind !== ts.SyntaxKind.ThisKeyword) {
    keys.unshift(e.name.text);
    e = skipOuter(e.expression);
  }
  return { root: e, keys };
}

/** `Promise.resolve(x)` settles to x; any other entry of Promise.all() is taken as what it settles to. */
function settled(entry: ts.Node): ts.Node {
  const e = ts.isExpression(entry) ? skipOuterAndAwait(entry) : entry;
  return promiseCall(e, "resolve") && e.arguments[0] ? e.arguments[0] : entry;
}

/** `Promise.all(…)`, `Promise.resolve(…)`: a call of the global Promise's own method. */
function promiseCall(node: ts.Node, method: string): node is ts.CallExpression {
  const callee = ts.isCallExpression(node) ? skipOuter(node.expression) : undefined;
  return !!callee && ts.isPropertyAccessExpression(callee) && callee.name.text === method && ts.isIdentifier(callee.expression) && callee.expression.text === "Promise";
}
