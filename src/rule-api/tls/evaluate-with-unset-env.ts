import { ts } from "../ts.js";
import type { RuleContext } from "../rule.js";

/** The value an expression takes when every environment variable it reads is unset, if that can be told. */
export interface UnsetEnvValue {
  known: boolean;
  value?: unknown;
  /** Environment variables the expression reads (the switch a user flips). */
  env: string[];
}

const UNKNOWN = (env: string[] = []): UnsetEnvValue => ({ known: false, env });
const KNOWN = (value: unknown, env: string[] = []): UnsetEnvValue => ({ known: true, value, env });

/**
 * Evaluates a setting's expression as a deployment that sets no environment variable would:
 * `process.env.X === "true"` is false, `process.env.X !== "0"` is true, `!process.env.X` is true.
 */
export function evaluateWithUnsetEnv(expr: ts.Expression, context: RuleContext, depth = 0): UnsetEnvValue {
  if (depth > 8) return UNKNOWN();
  const e = skip(expr);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return KNOWN(true);
  if (e.kind === ts.SyntaxKind.FalseKeyword) return KNOWN(false);
  if (e.kind === ts.SyntaxKind.NullKeyword) return KNOWN(null);
  if (ts.isIdentifier(e) && e.text === "undefined") return KNOWN(undefined);
  if (ts.isStringLiteralLike(e)) return KNOWN(e.text);
  if (ts.isNumericLiteral(e)) return KNOWN(Number(e.text));
  if (ts.isVoidExpression(e)) return KNOWN(undefined);
  const env = envName(e, context);
  if (env) return KNOWN(undefined, [env]);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const v = evaluateWithUnsetEnv(e.operand, context, depth + 1);
    return v.known ? KNOWN(!v.value, v.env) : UNKNOWN(v.env);
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    const l = evaluateWithUnsetEnv(e.left, context, depth + 1);
    const r = evaluateWithUnsetEnv(e.right, context, depth + 1);
    const env = [...l.env, ...r.env];
    switch (op) {
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
        return l.known && r.known ? KNOWN(l.value === r.value, env) : UNKNOWN(env);
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
        return l.known && r.known ? KNOWN(l.value !== r.value, env) : UNKNOWN(env);
      case ts.SyntaxKind.EqualsEqualsToken:
        // Loose equality on purpose: it mirrors the code under analysis.
        return l.known && r.known ? KNOWN(l.value == r.value, env) : UNKNOWN(env);
      case ts.SyntaxKind.ExclamationEqualsToken:
        // Loose equality on purpose: it mirrors the code under analysis.
        return l.known && r.known ? KNOWN(l.value != r.value, env) : UNKNOWN(env);
      case ts.SyntaxKind.BarBarToken:
        if (l.known) return l.value ? KNOWN(l.value, env) : r.known ? KNOWN(r.value, env) : UNKNOWN(env);
        return UNKNOWN(env);
      case ts.SyntaxKind.QuestionQuestionToken:
        if (l.known) return l.value !== undefined && l.value !== null ? KNOWN(l.value, env) : r.known ? KNOWN(r.value, env) : UNKNOWN(env);
        return UNKNOWN(env);
      case ts.SyntaxKind.AmpersandAmpersandToken:
        if (l.known) return !l.value ? KNOWN(l.value, env) : r.known ? KNOWN(r.value, env) : UNKNOWN(env);
        return UNKNOWN(env);
      default:
        return UNKNOWN(env);
    }
  }
  if (ts.isConditionalExpression(e)) {
    const c = evaluateWithUnsetEnv(e.condition, context, depth + 1);
    const a = evaluateWithUnsetEnv(e.whenTrue, context, depth + 1);
    const b = evaluateWithUnsetEnv(e.whenFalse, context, depth + 1);
    const env = [...c.env, ...a.env, ...b.env];
    if (c.known) return c.value ? { ...a, env } : { ...b, env };
    return a.known && b.known && a.value === b.value ? KNOWN(a.value, env) : UNKNOWN(env);
  }
  // process.env.X?.toLowerCase() === "true", String(process.env.X)
  if (ts.isCallExpression(e)) {
    const callee = skip(e.expression);
    if (ts.isPropertyAccessExpression(callee) && ["toLowerCase", "toUpperCase", "trim"].includes(callee.name.text)) {
      const target = evaluateWithUnsetEnv(callee.expression, context, depth + 1);
      if (target.known && target.value === undefined) return KNOWN(undefined, target.env);
      if (target.known && typeof target.value === "string") return KNOWN(callee.name.text === "trim" ? target.value.trim() : callee.name.text === "toLowerCase" ? target.value.toLowerCase() : target.value.toUpperCase(), target.env);
      return UNKNOWN(target.env);
    }
    if (ts.isIdentifier(callee) && callee.text === "Boolean" && e.arguments[0]) {
      const v = evaluateWithUnsetEnv(e.arguments[0], context, depth + 1);
      return v.known ? KNOWN(!!v.value, v.env) : UNKNOWN(v.env);
    }
    return UNKNOWN();
  }
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    return init ? evaluateWithUnsetEnv(init, context, depth + 1) : UNKNOWN();
  }
  return UNKNOWN();
}

function skip(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/** `process.env.X`, `process.env["X"]`, `process.env?.X` → X. */
function envName(e: ts.Expression, context: RuleContext): string | undefined {
  if (!ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return undefined;
  const api = context.api(e);
  if (api && api.module === "global" && api.path[0] === "process" && api.path[1] === "env" && api.path.length === 3) return api.path[2];
  return undefined;
}
