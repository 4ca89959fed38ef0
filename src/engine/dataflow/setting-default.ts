import { ts } from "../../rule-api/ts.js";
import { constInitializer, symbolConstInitializer } from "../ast/const-initializer.js";
import { isFunctionLike, skipOuter } from "../ast/function-like.js";
import { returnedExpressions } from "../ast/returned-expressions.js";
import { ObjectProps } from "../model/object-props.js";
import type { ValueResolver } from "../resolve/value-resolver.js";

/** A value with no environment variable set: an unset variable, or a known boolean or text. */
type Value = { kind: "unset" } | { kind: "known"; value: boolean | string };

const UNSET: Value = { kind: "unset" };
const MAX_DEPTH = 8;
const CASE_METHODS = new Set(["toLowerCase", "toUpperCase", "trim"]);

/**
 * Whether a condition built from settings holds in a default install, where no environment variable is set:
 * `!config.harden` with `harden: process.env.HARDEN === "true"` does. Undefined when it cannot be told.
 */
export function trueByDefault(expr: ts.Expression, resolver: ValueResolver): boolean | undefined {
  const v = evaluate(expr, resolver, new Map(), 0);
  return v === undefined ? undefined : truthy(v);
}

function truthy(v: Value): boolean {
  return v.kind === "known" && !!v.value;
}

function known(value: boolean | string): Value {
  return { kind: "known", value };
}

function evaluate(expr: ts.Expression, resolver: ValueResolver, bound: ReadonlyMap<ts.Symbol, Value>, depth: number): Value | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = skipOuter(expr);
  const next = (x: ts.Expression, scope = bound) => evaluate(x, resolver, scope, depth + 1);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return known(true);
  if (e.kind === ts.SyntaxKind.FalseKeyword) return known(false);
  if (ts.isStringLiteralLike(e)) return known(e.text);
  if (isEnvironmentRead(e, resolver)) return UNSET;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const v = next(e.operand);
    return v && known(!truthy(v));
  }
  if (ts.isBinaryExpression(e)) return listLength(e, resolver, next) ?? binary(e, next);
  if (ts.isIdentifier(e)) {
    if (e.text === "undefined") return UNSET;
    // `{ strict }`: the variable the shorthand names, not the property.
    const shorthand = ts.isShorthandPropertyAssignment(e.parent) && e.parent.name === e;
    const symbol = shorthand ? resolver.checker.getShorthandAssignmentValueSymbol(e.parent) : resolver.checker.getSymbolAtLocation(e);
    const given = symbol && bound.get(symbol);
    if (given) return given;
    const init = symbolConstInitializer(symbol);
    if (init) return next(init);
    const option = symbol?.valueDeclaration;
    return option && ts.isBindingElement(option) ? optionDefault(option, resolver, next) : undefined;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const value = ObjectProps.of(e.expression, resolver)?.value(e.name.text);
    return value ? next(value) : undefined;
  }
  if (ts.isCallExpression(e)) return call(e, resolver, bound, depth);
  return undefined;
}

/** `list.length > 0` (or `!== 0`, `>= 1`) on a list made from a setting: whether it holds any entry by default. */
function listLength(e: ts.BinaryExpression, resolver: ValueResolver, next: (x: ts.Expression) => Value | undefined): Value | undefined {
  const op = e.operatorToken.kind;
  const length = skipOuter(e.left);
  const bound = skipOuter(e.right);
  if (!ts.isPropertyAccessExpression(length) || length.name.text !== "length" || !ts.isNumericLiteral(bound)) return undefined;
  const nonEmpty = (op === ts.SyntaxKind.GreaterThanToken && bound.text === "0") || (op === ts.SyntaxKind.GreaterThanEqualsToken && bound.text === "1") || ((op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) && bound.text === "0");
  const entries = nonEmpty ? defaultEntries(length.expression, resolver, next, 0) : undefined;
  return entries && known(entries.length > 0);
}

/** The entries a list made from settings holds by default: `(process.env.X ?? "a,b").split(",").map(trim).filter(Boolean)`. */
function defaultEntries(expr: ts.Expression, resolver: ValueResolver, next: (x: ts.Expression) => Value | undefined, depth: number): string[] | undefined {
  const e = skipOuter(expr);
  if (depth > 6) return undefined;
  if (ts.isArrayLiteralExpression(e)) return e.elements.every(ts.isStringLiteralLike) ? e.elements.map((x) => (x as ts.StringLiteralLike).text) : undefined;
  if (ts.isIdentifier(e)) {
    const init = constInitializer(e, resolver.checker);
    return init && defaultEntries(init, resolver, next, depth + 1);
  }
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(skipOuter(e.expression))) return undefined;
  const callee = skipOuter(e.expression) as ts.PropertyAccessExpression;
  const method = callee.name.text;
  const separator = e.arguments[0] && ts.isStringLiteralLike(e.arguments[0]) ? e.arguments[0].text : undefined;
  if (method === "split" && separator !== undefined) {
    const text = next(callee.expression);
    if (text?.kind === "unset") return undefined;
    return typeof text?.value === "string" ? text.value.split(separator) : undefined;
  }
  const entries = method === "map" || method === "filter" ? defaultEntries(callee.expression, resolver, next, depth + 1) : undefined;
  const fn = e.arguments[0];
  if (!entries || !fn) return undefined;
  // .map((s) => s.trim()): the same entries, trimmed; any other mapping keeps how many there are but not their text.
  if (method === "map") return isFunctionLike(fn) && /\.trim\(\)/.test(fn.getText()) ? entries.map((x) => x.trim()) : entries.map(() => "?");
  return dropsEmpty(fn) ? entries.filter((x) => x !== "") : undefined;
}

/** `.filter(Boolean)`, `(s) => s`, `(s) => !!s`, `(s) => s.length > 0`, `(s) => s !== ""`: a filter that drops the empty entries. */
function dropsEmpty(fn: ts.Expression): boolean {
  const f = skipOuter(fn);
  if (ts.isIdentifier(f)) return f.text === "Boolean";
  const param = ts.isArrowFunction(f) && f.parameters.length === 1 ? f.parameters[0]?.name : undefined;
  if (!ts.isArrowFunction(f) || !param || !ts.isIdentifier(param) || ts.isBlock(f.body)) return false;
  const p = param.text;
  return [p, `!!${p}`, `${p}.length`, `${p}.length>0`, `${p}!==""`, `${p}!==''`, `${p}!=""`].includes(skipOuter(f.body).getText().replace(/\s+/g, ""));
}

function binary(e: ts.BinaryExpression, next: (x: ts.Expression) => Value | undefined): Value | undefined {
  const op = e.operatorToken.kind;
  const left = next(e.left);
  if (!left) return undefined;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken) return truthy(left) ? next(e.right) : left;
  if (op === ts.SyntaxKind.BarBarToken) return truthy(left) ? left : next(e.right);
  if (op === ts.SyntaxKind.QuestionQuestionToken) return left.kind === "unset" ? next(e.right) : left;
  const right = next(e.right);
  if (!right) return undefined;
  const same = left.kind === right.kind && (left.kind === "unset" || (right.kind === "known" && left.value === right.value));
  if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken) return known(same);
  if (op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) return known(!same);
  return undefined;
}

function call(e: ts.CallExpression, resolver: ValueResolver, bound: ReadonlyMap<ts.Symbol, Value>, depth: number): Value | undefined {
  const next = (x: ts.Expression, scope = bound) => evaluate(x, resolver, scope, depth + 1);
  const callee = skipOuter(e.expression);
  const arg0 = e.arguments[0];
  if (ts.isIdentifier(callee) && callee.text === "Boolean" && arg0) {
    const v = next(arg0);
    return v && known(truthy(v));
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    // value?.toLowerCase(): an unset value stays unset; a known text is changed as the method says.
    if (CASE_METHODS.has(method)) {
      const v = next(callee.expression);
      if (!v) return undefined;
      if (v.kind === "unset") return ts.isOptionalChain(e) ? UNSET : undefined;
      return typeof v.value === "string" ? known(method === "trim" ? v.value.trim() : method === "toLowerCase" ? v.value.toLowerCase() : v.value.toUpperCase()) : undefined;
    }
    // process.argv.includes("--allow-local"): a default start passes no flags.
    if ((method === "includes" || method === "some") && isArgv(callee.expression, resolver)) return known(false);
    // ["1", "true"].includes(value)
    const list = skipOuter(callee.expression);
    if (method === "includes" && arg0 && ts.isArrayLiteralExpression(list) && list.elements.every(ts.isStringLiteralLike)) {
      const v = next(arg0);
      return v && known(v.kind === "known" && list.elements.some((x) => (x as ts.StringLiteralLike).text === v.value));
    }
  }
  // isEnabled(process.env.X): the project function's returns, with its parameters bound to what is passed.
  const fns = resolver.calleeFunctions(e);
  const fn = fns.length === 1 ? fns[0] : undefined;
  if (!fn?.body) return undefined;
  const scope = new Map<ts.Symbol, Value>();
  for (const [i, p] of fn.parameters.entries()) {
    const arg = e.arguments[i];
    const v = arg ? next(arg) : UNSET;
    const symbol = resolver.checker.getSymbolAtLocation(p.name);
    if (v && symbol) scope.set(symbol, v);
  }
  const results = returnedExpressions(fn).map((r) => next(r, scope));
  const first = results[0];
  if (!first || results.some((r) => !r || truthy(r) !== truthy(first))) return undefined;
  return first;
}

/**
 * `const { checkAllowed = true } = options`, with `options` a parameter: the default, unless a call of the function
 * passes the option (then what every call passes, when they all agree).
 */
function optionDefault(option: ts.BindingElement, resolver: ValueResolver, next: (x: ts.Expression) => Value | undefined): Value | undefined {
  const pattern = option.parent;
  const decl = pattern.parent;
  const name = option.propertyName ? option.propertyName.getText() : option.name.getText();
  if (!option.initializer || !ts.isObjectBindingPattern(pattern) || option.dotDotDotToken) return undefined;
  const source = ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(skipOuter(decl.initializer)) ? resolver.checker.getSymbolAtLocation(skipOuter(decl.initializer))?.valueDeclaration : ts.isParameter(decl) ? decl : undefined;
  if (!source || !ts.isParameter(source) || (!ts.isIdentifier(source.name) && source !== decl)) return undefined;
  const fn = source.parent;
  if (!isFunctionLike(fn)) return undefined;
  const index = fn.parameters.indexOf(source);
  const fallback = next(option.initializer);
  if (!fallback) return undefined;
  const passed = resolver.callingSites(fn).map((site) => {
    const arg = site.arguments?.[index];
    if (!arg) return fallback;
    const props = ObjectProps.of(arg, resolver);
    if (!props) return undefined;
    const value = props.value(name);
    return value ? next(value) : props.has(name) ? undefined : fallback;
  });
  const first = passed[0] ?? fallback;
  return passed.every((v) => v && truthy(v) === truthy(first)) ? first : undefined;
}

/** process.env.X or process.env["X"]. */
function isEnvironmentRead(e: ts.Expression, resolver: ValueResolver): boolean {
  if (!ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return false;
  const api = resolver.apiOf(e.expression);
  return !!api && api.module === "global" && api.path.join(".") === "process.env";
}

function isArgv(e: ts.Expression, resolver: ValueResolver): boolean {
  const api = resolver.apiOf(skipOuter(e));
  return !!api && api.module === "global" && api.path.join(".") === "process.argv";
}
