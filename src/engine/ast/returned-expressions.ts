import { ts } from "../../rule-api/ts.js";
import { isFunctionLike, type FunctionLike } from "./function-like.js";

const cache = new WeakMap<FunctionLike, readonly ts.Expression[]>();

/** Expressions a function returns: its expression body, or each `return x;` not inside a nested function or class. Walked once per function, since many rules ask. */
export function returnedExpressions(fn: FunctionLike): readonly ts.Expression[] {
  let out = cache.get(fn);
  if (!out) cache.set(fn, (out = collect(fn)));
  return out;
}

function collect(fn: FunctionLike): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}
