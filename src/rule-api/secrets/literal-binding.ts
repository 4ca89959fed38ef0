import { ts } from "../ts.js";
import { calleeName, propertyNameText } from "../../engine/ast/function-like.js";
import type { RuleContext } from "../rule.js";
import { variableUses } from "../variable-uses.js";
import { secretNameKind } from "./secret-name.js";
import type { SecretContext } from "./judge-secret-value.js";

/** What a string literal is bound to, as far as deciding whether it is a secret goes. */
export interface LiteralBinding extends SecretContext {
  /** The environment variable the literal stands in for (`process.env.X ?? "…"`). */
  envName?: string;
  /** The literal is an `Authorization` value: the scheme ("Bearer ") is not part of the secret. */
  authScheme?: string;
}

const WALLET_KEY_CALLS = new Set(["Wallet", "privateKeyToAccount", "fromSecretKey", "fromPrivateKey", "signerFromPrivateKey", "fromWIF", "Keypair", "PrivateKey", "privateKeyToAddress", "createKeyPairSignerFromBytes"]);
const MNEMONIC_CALLS = new Set(["fromPhrase", "fromMnemonic", "mnemonicToAccount", "mnemonicToSeed", "mnemonicToSeedSync", "mnemonicToPrivateKey", "mnemonicToMiniSecret", "fromMnemonicSync", "deriveKeyFromMnemonic"]);
const BYTE_WRAPPERS = new Set(["decode", "from", "hexToBytes", "fromHex", "toBytes", "arrayify", "getBytes", "parse"]);
const SESSION_CALLS = new Set(["session", "expressSession", "cookieSession", "fastifySession", "fastifyCookie", "cookieParser"]);

/**
 * The names a literal is bound to — variable, property, parameter, assignment target, environment variable it
 * falls back for — and the calls it is handed to (a wallet constructor, a JWT signer, a session middleware).
 */
export function literalBinding(lit: ts.Expression, context: RuleContext): LiteralBinding {
  const names: string[] = [];
  const out: LiteralBinding = {};
  let node: ts.Node = lit;
  for (let guard = 0; guard < 8; guard++) {
    const p: ts.Node = node.parent;
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isNonNullExpression(p) || ts.isTypeAssertionExpression(p)) node = p;
    else if (ts.isConditionalExpression(p) && p.condition !== node) node = p;
    else if (ts.isArrayLiteralExpression(p)) node = p;
    else if (ts.isBinaryExpression(p) && isFallbackOperator(p.operatorToken.kind) && p.right === node) {
      const env = envVariableName(p.left, context);
      if (env) {
        out.fallback = true;
        out.envName = env;
        names.push(env);
      }
      node = p;
    } else break;
  }
  const p = node.parent;
  if (ts.isVariableDeclaration(p) && p.initializer === node && ts.isIdentifier(p.name)) names.push(p.name.text);
  else if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.initializer === node) {
    const key = propertyNameText(p.name);
    if (key !== undefined) names.push(sessionSecretName(p, key) ?? key);
  } else if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === node) {
    const target = assignmentName(p.left, context);
    if (target) names.push(target);
  } else if ((ts.isParameter(p) || ts.isBindingElement(p)) && p.initializer === node) {
    const key = ts.isBindingElement(p) && p.propertyName ? propertyNameText(p.propertyName) : ts.isIdentifier(p.name) ? p.name.text : undefined;
    if (key) names.push(key);
    if (ts.isBindingElement(p) && destructuresEnv(p, context)) {
      out.fallback = true;
      if (key) out.envName = key;
    }
  } else if (ts.isCallExpression(p) || ts.isNewExpression(p)) {
    callBinding(p, node, context, out, names);
  }
  const name = names.find((n) => secretNameKind(n) !== undefined) ?? names[0];
  if (name !== undefined) out.name = name;
  if (out.fallback && (comparison(node) || comparedConst(p, node, context))) out.verifies = true;
  return out;
}

/** `presented !== x`, `timingSafeEqual(a, Buffer.from(x))`: x is what a credential is checked against. */
function comparison(node: ts.Node): boolean {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent) || (ts.isCallExpression(n.parent) && calleeName(n.parent) === "from" && n.parent.arguments[0] === n)) n = n.parent;
  const p = n.parent;
  if (ts.isBinaryExpression(p)) return EQUALITY.has(p.operatorToken.kind);
  return ts.isCallExpression(p) && p.arguments.includes(n as ts.Expression) && /^(timingSafeEqual|safeCompare|secureCompare|constantTimeEqual|compare)$/.test(calleeName(p) ?? "");
}

/**
 * `const TOKEN = process.env.TOKEN || "…"` compared with a presented value somewhere in its file, directly or
 * through a const made from it (`const expected = Buffer.from(TOKEN)`).
 */
function comparedConst(decl: ts.Node, init: ts.Node, context: RuleContext, depth = 0): boolean {
  if (depth > 2 || !ts.isVariableDeclaration(decl) || decl.initializer !== init || !ts.isIdentifier(decl.name)) return false;
  return variableUses(decl, context).some((n) => {
    const made = ts.isCallExpression(n.parent) && calleeName(n.parent) === "from" ? n.parent : n;
    return comparison(n) || (ts.isVariableDeclaration(made.parent) && comparedConst(made.parent, made, context, depth + 1));
  });
}

const EQUALITY: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

function isFallbackOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}

/** `process.env.X`, `process.env["X"]`, `env.X` from a destructured process.env → X. */
function envVariableName(expr: ts.Expression, context: RuleContext): string | undefined {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e) && isFallbackOperator(e.operatorToken.kind)) return envVariableName(e.right, context) ?? envVariableName(e.left, context);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const api = context.api(e);
    if (api && api.module === "global" && api.path[0] === "process" && api.path[1] === "env" && api.path[2]) return api.path[2];
    const obj = e.expression.getText();
    if (/(^|\.)env$|^Deno\.env$|import\.meta\.env$/.test(obj)) return ts.isPropertyAccessExpression(e) ? e.name.text : ts.isStringLiteralLike(e.argumentExpression) ? e.argumentExpression.text : undefined;
  }
  // Deno.env.get("X"), getEnv("X"), config.get("X")
  if (ts.isCallExpression(e) && e.arguments[0] && ts.isStringLiteralLike(e.arguments[0]) && /env|config|setting/i.test(e.expression.getText())) return e.arguments[0].text;
  return undefined;
}

function assignmentName(left: ts.Expression, context: RuleContext): string | undefined {
  const env = envVariableName(left, context);
  if (env) return env;
  if (ts.isIdentifier(left)) return left.text;
  if (ts.isPropertyAccessExpression(left)) return left.name.text;
  if (ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression)) return left.argumentExpression.text;
  return undefined;
}

/** `const { API_KEY = "…" } = process.env`. */
function destructuresEnv(el: ts.BindingElement, context: RuleContext): boolean {
  const decl = el.parent.parent;
  if (!ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  const api = ts.isPropertyAccessExpression(decl.initializer) ? context.api(decl.initializer) : undefined;
  return (!!api && api.module === "global" && api.path.join(".") === "process.env") || /(^|\.)env$/.test(decl.initializer.getText());
}

/** `session({ secret: "…" })`: the bare `secret` option of a session middleware signs the session cookie. */
function sessionSecretName(prop: ts.PropertyAssignment | ts.PropertyDeclaration, key: string): string | undefined {
  if (key !== "secret" || !ts.isPropertyAssignment(prop)) return undefined;
  const obj = prop.parent;
  const call = obj.parent;
  if ((ts.isCallExpression(call) || ts.isNewExpression(call)) && SESSION_CALLS.has(calleeName(call) ?? "")) return "sessionSecret";
  return undefined;
}

function callBinding(call: ts.CallExpression | ts.NewExpression, arg: ts.Node, context: RuleContext, out: LiteralBinding, names: string[]): void {
  const args = [...(call.arguments ?? [])];
  const index = args.indexOf(arg as ts.Expression);
  const name = calleeName(call) ?? "";
  if (BYTE_WRAPPERS.has(name) && (ts.isCallExpression(call.parent) || ts.isNewExpression(call.parent))) {
    const outer = call.parent;
    if (WALLET_KEY_CALLS.has(calleeName(outer) ?? "")) out.walletKeyArgument = true;
    return;
  }
  if (WALLET_KEY_CALLS.has(name) && index === 0) out.walletKeyArgument = true;
  if (MNEMONIC_CALLS.has(name) && index === 0) out.mnemonicArgument = true;
  // A project function named session() is not the middleware.
  if (SESSION_CALLS.has(name) && index === 0 && !context.calleeFunctions(call).length) names.push("cookieSecret");
  const api = context.api(call.expression);
  if (api?.module === "jsonwebtoken" && ["sign", "verify"].includes(api.path[api.path.length - 1] ?? "") && index === 1) names.push("jwtSecret");
  // setApiKey("…"), setToken("…"), setAuth("…")
  if (/^set[A-Z]/.test(name) && index === 0) names.push(name.slice(3));
}
