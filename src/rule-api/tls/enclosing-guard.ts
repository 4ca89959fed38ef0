import { ts } from "../ts.js";
import type { RuleContext } from "../rule.js";

/** Why a setting only applies sometimes: development-only code, an explicit opt-in, or a tool argument. */
export interface Guard {
  kind: "development" | "opt-in" | "argument";
  /** The condition as written, shortened for messages. */
  text: string;
}

const DEV_CONDITION = /NODE_ENV\s*(?:===?|!==?)\s*["'`](?:development|dev|test|local)["'`]|["'`](?:development|dev|test|local)["'`]\s*===?\s*[\w.]*NODE_ENV|\b(?:isDev|isDevelopment|isDevMode|devMode|isLocal|isLocalhost|isTest|__DEV__|IS_DEV|DEV_MODE)\b|import\.meta\.env\.DEV|localhost|127\.0\.0\.1/;
const PROD_CONDITION = /NODE_ENV\s*===?\s*["'`]production["'`]|\b(?:isProd|isProduction|IS_PROD)\b/;
const NOT_PROD_CONDITION = /NODE_ENV\s*!==?\s*["'`]production["'`]|!\s*(?:isProd|isProduction|IS_PROD)\b/;
/**
 * A switch named for turning verification off: the user asked for it (not "use SSL", which asks for the opposite).
 * Checking and validating count only when they name the certificate, TLS or SSL: a bare `validate` is about input.
 * The verb may come first (`disableTls`) or last (`tlsDisabled`, `certsIgnored`, `verificationSkipped`).
 */
const OPT_IN_CONDITION = /insecure|self.?signed|check.?(?:server.?)?identity|(?:tls|ssl|cert(?:ificate)?s?).?(?:check|validat(?:e|ion))|(?:check|validate).?(?:tls|ssl|cert)|skip.?(?:tls|ssl|verif|cert)|ignore.?(?:tls|ssl|cert|https)|no.?verify|disable.?(?:tls|ssl|verif|cert)|(?:tls|ssl|verif(?:y|ication)?|cert(?:ificate)?s?).?(?:disabled?|skip(?:ped)?|ignored?)|allow.?(?:invalid|unauthori[sz]ed|insecure|untrusted)|trust.?all|unsafe|verify|reject.?unauthori[sz]ed|strict.?ssl/i;

/** The nearest condition that decides whether a node runs (an `if`, a `?:`, a `&&`), classified. */
export function enclosingGuard(node: ts.Node, context: RuleContext): Guard | undefined {
  let child: ts.Node = node;
  for (let p = node.parent; p && !ts.isSourceFile(p); child = p, p = p.parent) {
    let condition: ts.Expression | undefined;
    let negated = false;
    if (ts.isIfStatement(p) && child !== p.expression) {
      condition = p.expression;
      negated = child === p.elseStatement;
    } else if (ts.isConditionalExpression(p) && child !== p.condition) {
      condition = p.condition;
      negated = child === p.whenFalse;
    } else if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === p.right) {
      condition = p.left;
    }
    if (!condition) continue;
    const guard = classify(condition, negated, context) ?? sslModeChoice(condition, negated, p, context);
    if (guard) return guard;
  }
  return undefined;
}

/** How a condition (or its negation, for an else branch) limits the code it guards. */
export function classify(condition: ts.Expression, negated: boolean, context: RuleContext): Guard | undefined {
  const text = condition.getText().replace(/\s+/g, " ");
  const shown = (negated ? `not (${text})` : text).slice(0, 80);
  if (context.taint(condition).length) return { kind: "argument", text: shown };
  if (!negated && (DEV_CONDITION.test(text) || NOT_PROD_CONDITION.test(text))) return { kind: "development", text: shown };
  if (negated && PROD_CONDITION.test(text)) return { kind: "development", text: shown };
  // const raw = process.env.PG_SSL_REJECT_UNAUTHORIZED; if (raw === "false"): the switch is named where it is read.
  if (OPT_IN_CONDITION.test(text) || OPT_IN_CONDITION.test(initializersIn(condition, context))) return { kind: "opt-in", text: shown };
  return undefined;
}

/**
 * `sslmode === "require"`, or `value === "require"` inside `if (key === "sslmode")`: the operator picked libpq's
 * encrypt-without-verifying mode in the connection string, where verify-ca and verify-full exist beside it.
 */
function sslModeChoice(condition: ts.Expression, negated: boolean, at: ts.Node, context: RuleContext): Guard | undefined {
  const text = condition.getText().replace(/\s+/g, " ");
  if (negated || !UNVERIFIED_SSL_MODE.test(text)) return undefined;
  let named = SSL_MODE.test(text) || SSL_MODE.test(initializersIn(condition, context));
  for (let p = at.parent; !named && p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isIfStatement(p)) named = SSL_MODE.test(p.expression.getText());
  }
  return named ? { kind: "opt-in", text: text.slice(0, 80) } : undefined;
}

const UNVERIFIED_SSL_MODE = /===?\s*["'`](?:require|prefer|allow|no-verify)["'`]|["'`](?:require|prefer|allow|no-verify)["'`]\s*===?/;
const SSL_MODE = /ssl.?mode/i;

/** The initializers of the variables a condition reads, as text. */
function initializersIn(condition: ts.Expression, context: RuleContext): string {
  const texts: string[] = [];
  const visit = (n: ts.Node): void => {
    const init = ts.isIdentifier(n) ? context.initializer(n) : undefined;
    if (init) texts.push(init.getText());
    ts.forEachChild(n, visit);
  };
  visit(condition);
  return texts.join(" ");
}
