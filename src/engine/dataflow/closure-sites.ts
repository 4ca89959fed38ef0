import { ts } from "../../rule-api/ts.js";
import { declarationOf } from "../ast/declaration-of.js";
import { returnedExpressions } from "../ast/returned-expressions.js";
import { enclosingFunction, isFunctionLike, skipOuter, skipOuterAndAwait, type FunctionLike } from "../ast/function-like.js";
import type { ValueResolver } from "../resolve/value-resolver.js";

/**
 * The call that made a closure: `withValidation(schema, handler)` for the function it returns. Every call of the
 * maker shares that function's code, so a flow that entered it remembers which call made it, and the maker's
 * parameters read inside (`schema`, `handler`) are that call's arguments, not every caller's.
 */
export interface Made {
  call: ts.CallExpression;
  maker: FunctionLike;
  key: string;
}

/** Calls of one maker past which a callee is left as it was: each would copy every flow into the closure. */
const MAX_SITES = 64;

const makers = new WeakMap<FunctionLike, FunctionLike | null>();

/** The function that returns `fn` as written: `return async (args) => …` in `withValidation`. */
export function closureMaker(fn: FunctionLike): FunctionLike | undefined {
  let maker = makers.get(fn);
  if (maker === undefined) {
    const outer = enclosingFunction(fn);
    maker = outer && returnedExpressions(outer).some((r) => skipOuterAndAwait(r) === fn) ? outer : null;
    makers.set(fn, maker);
  }
  return maker ?? undefined;
}

/**
 * The calls of `target`'s maker that `callee` may hold the result of: the initializer of the variable or property
 * it names (`handleLog(args)`), or of each entry of the object it is picked from (`handlers[name](args)`). Empty
 * when the callee is none of these, so flows go on as they did.
 */
export function closureSites(callee: ts.Expression, target: FunctionLike, resolver: ValueResolver): Made[] {
  const maker = closureMaker(target);
  if (!maker) return [];
  // A table's other entries (plain functions, closures of other makers) are not this closure.
  const sites = valuesOf(callee, resolver, 0).flatMap((v) => madeAt(v, maker, resolver) ?? []);
  return sites.length <= MAX_SITES ? sites : [];
}

/** What a callee may hold, followed through variables, properties and a table's entries (`handlers[name]`). */
function valuesOf(expr: ts.Expression, resolver: ValueResolver, depth: number): ts.Expression[] {
  const e = skipOuterAndAwait(expr);
  if (ts.isCallExpression(e) || depth > 3) return [e];
  if (ts.isElementAccessExpression(e)) return propertyValues(e.expression, resolver).flatMap((v) => valuesOf(v, resolver, depth + 1));
  const init = initializerOf(e, resolver);
  return init ? valuesOf(init, resolver, depth + 1) : [];
}

/** The closure an argument of a maker's call is made into, and the call that made it: `withAuth(withValidation(s, fn))`. */
export function madeBy(arg: ts.Expression, target: FunctionLike, resolver: ValueResolver): Made | undefined {
  const maker = closureMaker(target);
  return maker && madeAt(arg, maker, resolver);
}

function madeAt(value: ts.Expression | undefined, maker: FunctionLike, resolver: ValueResolver): Made | undefined {
  const call = value && skipOuterAndAwait(value);
  if (!call || !ts.isCallExpression(call) || !resolver.calleeFunctions(call).includes(maker)) return undefined;
  return { call, maker, key: `${call.getSourceFile().fileName}:${call.pos}` };
}

/** A parameter named by an expression, by position in the function that declares it. */
export function parameterOf(expr: ts.Expression, checker: ts.TypeChecker): { maker: FunctionLike; index: number } | undefined {
  const e = skipOuter(expr);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = checker.getSymbolAtLocation(e)?.valueDeclaration;
  if (!decl || !ts.isParameter(decl) || !ts.isIdentifier(decl.name) || !isFunctionLike(decl.parent)) return undefined;
  return { maker: decl.parent, index: decl.parent.parameters.indexOf(decl) };
}

/** `handler` inside the closure: a parameter of the function that made it, by position. */
export function capturedParameter(expr: ts.Expression, checker: ts.TypeChecker): { maker: FunctionLike; index: number } | undefined {
  const p = parameterOf(expr, checker);
  return p && enclosingFunction(expr) !== p.maker ? p : undefined;
}

/** The function the call a flow remembers hands the maker's parameter `index`: itself, or the closure a call there makes. */
export function functionPassed(made: Made, index: number, resolver: ValueResolver): FunctionLike | undefined {
  const arg = made.call.arguments[index];
  if (!arg || ts.isSpreadElement(arg)) return undefined;
  const e = skipOuter(arg);
  if (isFunctionLike(e)) return e;
  const ref = resolver.resolve(e);
  return ref.kind === "function" ? ref.node : undefined;
}

/** The value a variable or property is declared with, also when imported (`handleGet` from the module that makes it). */
function initializerOf(e: ts.Expression, resolver: ValueResolver): ts.Expression | undefined {
  const name = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name) ? e.name : undefined;
  const decl = name && declarationOf(name, resolver.checker);
  return decl && (ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl)) ? decl.initializer : undefined;
}

function propertyValues(obj: ts.Expression, resolver: ValueResolver): ts.Expression[] {
  const ref = resolver.resolve(obj);
  if (ref.kind !== "object") return [];
  return ref.node.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [p.initializer] : []));
}
