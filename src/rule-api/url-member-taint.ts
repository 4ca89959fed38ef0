import { ts } from "./ts.js";
import { skipOuterAndAwait } from "../engine/ast/function-like.js";
import type { SourceKind, TaintHit } from "../engine/dataflow/taint.js";
import type { RuleContext } from "./rule.js";

const URL_CLASSES = new Set(["URL", "URLSearchParams"]);

/**
 * Taint of an expression, also through members of URL objects: `new URL(req.url).searchParams.get("next")`.
 * The engine drops the receiver of calls on library values (it treats `url.searchParams` like a module member),
 * so values read out of a parsed URL lose their taint; this walks the receiver chain to the parsed value.
 */
export function taintThroughUrls(expr: ts.Expression, context: RuleContext, kinds?: readonly SourceKind[], depth = 0): TaintHit[] {
  const direct = context.taint(expr, kinds);
  if (direct.length || depth > 6) return direct;
  const e = skipOuterAndAwait(expr);
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    return init ? taintThroughUrls(init, context, kinds, depth + 1) : [];
  }
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return [...taintThroughUrls(e.left, context, kinds, depth + 1), ...taintThroughUrls(e.right, context, kinds, depth + 1)];
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && onUrlObject(e.expression, context)) return taintThroughUrls(e.expression.expression, context, kinds, depth + 1);
  if (ts.isPropertyAccessExpression(e) && onUrlObject(e, context)) return taintThroughUrls(e.expression, context, kinds, depth + 1);
  return [];
}

function onUrlObject(pa: ts.PropertyAccessExpression, context: RuleContext): boolean {
  const api = context.api(pa);
  return !!api && (api.module === "global" || api.module === "url") && URL_CLASSES.has(api.path[0] ?? "") && api.path.includes("#");
}
