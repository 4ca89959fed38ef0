import { ts } from "../ts.js";
import { isFunctionLike, skipOuter } from "../../engine/ast/function-like.js";
import { endsInExit } from "../branches.js";

/**
 * Prefixes that mark a key meant for browsers: Mapbox `pk.`, Stripe and Clerk `pk_live_`/`pk_test_`, Langfuse
 * `pk-lf-`, Supabase `sb_publishable_`, PostHog `phc_`.
 */
const PUBLIC_KEY_PREFIX = /^(pk[._-]|sb_publishable_|phc_)/;

/**
 * Whether `expr` is read where a check has shown it carries a public-key prefix: inside `if (k.startsWith("pk."))`,
 * `k.startsWith("pk_") ? k : …`, `/^pk\./.test(k) && k`, or after `if (!k.startsWith("pk.")) return`.
 */
export function provenPublicKey(expr: ts.Expression): boolean {
  const e = skipOuter(expr);
  if (!ts.isIdentifier(e) && !ts.isPropertyAccessExpression(e)) return false;
  const ref = e.getText();
  for (let child: ts.Node = e, n = e.parent; n && !isFunctionLike(n) && !ts.isSourceFile(n); child = n, n = n.parent) {
    if (ts.isIfStatement(n) && child === n.thenStatement && holds(n.expression, ref, true)) return true;
    if (ts.isConditionalExpression(n) && child === n.whenTrue && holds(n.condition, ref, true)) return true;
    if (ts.isBinaryExpression(n) && child === n.right && n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && holds(n.left, ref, true)) return true;
    if (ts.isBlock(n) && n.statements.some((st) => st.end <= child.pos && ts.isIfStatement(st) && !st.elseStatement && endsInExit(st.thenStatement) && holds(st.expression, ref, false))) return true;
  }
  return false;
}

/** Whether the condition, when it comes out `truth`, shows `ref` starts with a public-key prefix. */
function holds(cond: ts.Expression, ref: string, truth: boolean): boolean {
  const c = skipOuter(cond);
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) return holds(c.operand, ref, !truth);
  if (ts.isBinaryExpression(c)) {
    const op = c.operatorToken.kind;
    // `a && b` true makes both true; `a || b` false makes both false.
    if ((op === ts.SyntaxKind.AmpersandAmpersandToken && truth) || (op === ts.SyntaxKind.BarBarToken && !truth)) return holds(c.left, ref, truth) || holds(c.right, ref, truth);
    return false;
  }
  return truth && prefixTest(c, ref);
}

/** `ref.startsWith("pk.")` or `/^pk_/.test(ref)`. */
function prefixTest(c: ts.Expression, ref: string): boolean {
  if (!ts.isCallExpression(c) || !ts.isPropertyAccessExpression(c.expression)) return false;
  const [arg] = c.arguments;
  if (!arg) return false;
  const method = c.expression.name.text;
  const receiver = skipOuter(c.expression.expression);
  if (method === "startsWith") return receiver.getText() === ref && ts.isStringLiteralLike(arg) && PUBLIC_KEY_PREFIX.test(arg.text);
  if (method === "test" && ts.isRegularExpressionLiteral(receiver) && skipOuter(arg).getText() === ref) {
    const source = receiver.text.slice(1, receiver.text.lastIndexOf("/"));
    return source.startsWith("^") && PUBLIC_KEY_PREFIX.test(source.slice(1).replace(/\\(.)/g, "$1"));
  }
  return false;
}
