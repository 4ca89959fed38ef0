import { ts } from "./ts.js";
import { calleeName, isFunctionLike, skipOuter, type FunctionLike } from "../engine/ast/function-like.js";
import { NOT_SECRET, SECRET_NAME } from "../engine/dataflow/expression-sources.js";
import type { RuleContext } from "./rule.js";
import { judgeSecretValue } from "./secrets/judge-secret-value.js";
import { literalBinding } from "./secrets/literal-binding.js";
import { provenPublicKey } from "./secrets/public-key-check.js";
import { isPlaceholderSecret } from "./secrets/placeholder.js";
import { secretNameKind } from "./secrets/secret-name.js";
import { fsPathArguments } from "./sinks/fs-sinks.js";
import { variableUses } from "./variable-uses.js";
import { isAnyKey, type CallFlow, type Demand, type OriginPolicy } from "./value-origins.js";

/** Project or library functions that hide a value: what comes out is not the secret. */
const MASKING_NAME = /mask|redact|obfuscat|censor|scrub|anonymi[sz]|hash|digest|fingerprint|truncat|preview|hint|last4|sanitiz|strip(Secret|Sensitive|Key|Token)/i;

export type SecretOrigin =
  | { kind: "variable"; name: string }
  | { kind: "environment" }
  | { kind: "dynamic" };

/** Separators inside one credential ("<accountId>.<secret>", "sk_live_…", "user:password", a JWT's "."): what comes before is its public part. */
const PART_SEPARATORS = new Set([".", ":", "-", "_"]);

/** Values that are public by design: domain-verification challenges, publishable and public keys (NEXT_PUBLIC_*, STRIPE_PUBLISHABLE_KEY). */
const PUBLIC_BY_DESIGN = /(^|_)(CHALLENGE|VERIFICATION|SITE_VERIFICATION|PUBLIC|PUBLISHABLE|PUBKEY)(_|$)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET.test(name) && !PUBLIC_BY_DESIGN.test(name);
}

/** How a message names a secret (never its value). */
export function describeSecret(o: SecretOrigin): string {
  if (o.kind === "variable") return `The secret environment variable \`${o.name}\``;
  if (o.kind === "environment") return "The whole environment (`process.env`), with every secret in it,";
  return "An environment variable named by the caller (`process.env[name]`)";
}

/**
 * Secrets from the environment, for valueOrigins: `process.env.API_KEY` (and constants, config fields and
 * destructurings that hold it), the whole `process.env`, and `process.env[name]`. Variables with non-secret names
 * (PORT, LOG_LEVEL) end the walk; so do masking helpers, `filter`/`find` over the whole environment, and reads
 * under a check that the value is a publishable key.
 */
export function secretPolicy(context: RuleContext, boundaries: ReadonlySet<FunctionLike>, reportedElsewhere?: (name: string, at: ts.Node) => boolean): OriginPolicy<SecretOrigin> {
  return {
    source(expr: ts.Expression, demand: Demand, notes: ReadonlySet<string>) {
      if (!ts.isPropertyAccessExpression(expr) && !ts.isElementAccessExpression(expr) && !ts.isIdentifier(expr)) return undefined;
      const api = context.api(expr);
      if (!api || api.module !== "global" || api.path[0] !== "process" || api.path[1] !== "env") return undefined;
      const name = api.path[2];
      if (name !== undefined) {
        if (api.path.length > 3 || !isSecretName(name) || reportedElsewhere?.(name, expr) || holdsPlainWord(expr, name, context) || filePathVariables(context).has(name)) return "stop";
        return { kind: "variable", name };
      }
      const [first] = demand;
      if (first === undefined) return notes.has("selected") ? "stop" : { kind: "environment" };
      // process.env[key]: a key from tool or request input can name any secret; a key from code we cannot read is not reported.
      if (isAnyKey(first)) return notes.has("selected") || notes.has("key-unknown") ? "stop" : notes.has("key-from-input") ? { kind: "dynamic" } : { kind: "environment" };
      return isSecretName(first) && !reportedElsewhere?.(first, expr) ? { kind: "variable", name: first } : "stop";
    },
    call(call: ts.CallExpression, input: number | "receiver"): CallFlow | undefined {
      const callee = call.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
      if (MASKING_NAME.test(name)) return "dead";
      if (input === "receiver" && (name === "filter" || name === "find")) return { note: "selected" };
      if (input === "receiver" && name === "split" && firstPart(call)) return "dead";
      if (input === 0 && isJsonParse(call, context) && call.arguments[0] && decodesJwtPayload(call.arguments[0], context, 0)) return "dead";
      return undefined;
    },
    boundary: (fn) => boundaries.has(fn),
    // A value checked to carry a publishable-key prefix (`pk.`, `pk_live_`) is meant for browsers, whatever variable held it.
    enter: (expr) => !provenPublicKey(expr),
  };
}

/** A plain word: letters only, short (a currency symbol, a network, a mode), nothing a generated credential looks like. */
const PLAIN_WORD = /^[A-Za-z]{2,12}$/;
/** Words in a fallback that stand for "no credential" or name one: the variable holds a credential when set. */
const CREDENTIAL_STAND_IN = /anon|public|unset|missing|empty|disabled|^off$|key|token|secret|pass|auth|cred|bearer/i;

/**
 * `process.env.PAY_TOKEN || "USDC"`, or a const holding it checked with `["USDC", "DAI"].includes(x)`: the variable
 * names a choice among plain words (a currency, a network), not a credential. An empty, placeholder ("changeme") or
 * secret-looking fallback still means a secret is expected; passwords are left alone, as people pick them from words.
 */
function holdsPlainWord(read: ts.Expression, name: string, context: RuleContext): boolean {
  if (secretNameKind(name) === "password") return false;
  // An identifier is read through the const that holds the environment read (`const token = process.env.X || "…"`).
  const declared = ts.isIdentifier(read) ? context.declaration(read) : undefined;
  let top: ts.Node = read;
  if (declared) {
    if (!ts.isVariableDeclaration(declared) || !declared.initializer) return false;
    top = declared.initializer;
  } else while (ts.isParenthesizedExpression(top.parent) || (ts.isBinaryExpression(top.parent) && isFallback(top.parent))) top = top.parent;
  const inner = skipOuter(top as ts.Expression);
  const last = ts.isBinaryExpression(inner) && isFallback(inner) ? fallbackTail(inner) : undefined;
  if (last && ts.isStringLiteralLike(last)) return plainWord(last.text, judgeSecretValue(last.text, literalBinding(last, context)) === undefined);
  const decl = top.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== top || !(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return false;
  return variableUses(decl, context).some((use) => wordListMember(use, context));
}

/** Calls that read a whole file by its path. */
const FILE_READERS = ["readFile", "readFileSync", "createReadStream", "readJson", "readJSON", "readJsonSync"];

const filePaths = new WeakMap<RuleContext, ReadonlySet<string>>();

/**
 * Environment variables the code reads a file from (`readFileSync(process.env.TLS_KEY)`, also through a const or a
 * helper's parameter): they hold where a key is stored, not the key; the file's contents are the secret.
 */
function filePathVariables(context: RuleContext): ReadonlySet<string> {
  let names = filePaths.get(context);
  if (names) return names;
  const found = new Set<string>();
  for (const reader of FILE_READERS) {
    for (const call of context.callsNamed(reader)) for (const arg of fsPathArguments(call, context)) if (arg.access === "read") collectEnvNames(arg.expr, context, found, 0);
  }
  names = found;
  filePaths.set(context, names);
  return names;
}

/** The environment variables a value is read from: `process.env.X`, `process.env.X ?? "…"`, a const holding one, or what callers pass a parameter. */
function collectEnvNames(expr: ts.Expression, context: RuleContext, out: Set<string>, depth: number): void {
  const e = skipOuter(expr);
  if (depth > 3) return;
  if (ts.isBinaryExpression(e) && isFallback(e)) {
    collectEnvNames(e.left, context, out, depth);
    collectEnvNames(e.right, context, out, depth);
  } else if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const api = context.api(e);
    const name = api?.module === "global" && api.path.length === 3 && api.path[0] === "process" && api.path[1] === "env" ? api.path[2] : undefined;
    if (name) out.add(name);
  } else if (ts.isIdentifier(e)) {
    const decl = context.declaration(e);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) collectEnvNames(decl.initializer, context, out, depth + 1);
    else if (decl && ts.isParameter(decl) && isFunctionLike(decl.parent)) {
      const index = decl.parent.parameters.indexOf(decl);
      for (const site of context.soleCallingSites(decl.parent) ?? []) {
        const arg = context.passedArguments(site)[index];
        if (arg) collectEnvNames(arg, context, out, depth + 1);
      }
    }
  }
}

function isFallback(e: ts.BinaryExpression): boolean {
  return e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** The last alternative of `a ?? b || "c"`. */
function fallbackTail(e: ts.BinaryExpression): ts.Expression {
  let right = skipOuter(e.right);
  while (ts.isBinaryExpression(right) && isFallback(right)) right = skipOuter(right.right);
  return right;
}

function plainWord(value: string, notSecret: boolean): boolean {
  return notSecret && PLAIN_WORD.test(value) && !CREDENTIAL_STAND_IN.test(value) && !isPlaceholderSecret(value, Math.min(4, value.length));
}

/** `["USDC", "DAI"].includes(use)`, directly or through a const bound to the list. */
function wordListMember(use: ts.Identifier, context: RuleContext): boolean {
  let arg: ts.Node = use;
  while (ts.isParenthesizedExpression(arg.parent) || ts.isAsExpression(arg.parent) || ts.isNonNullExpression(arg.parent)) arg = arg.parent;
  const call = arg.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== arg || calleeName(call) !== "includes" || !ts.isPropertyAccessExpression(call.expression)) return false;
  let list = skipOuter(call.expression.expression);
  if (ts.isIdentifier(list)) {
    const decl = context.declaration(list);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return false;
    list = skipOuter(decl.initializer);
  }
  return ts.isArrayLiteralExpression(list) && list.elements.length >= 2 && list.elements.every((e) => ts.isStringLiteralLike(e) && plainWord(e.text, judgeSecretValue(e.text) === undefined));
}

function isJsonParse(call: ts.CallExpression, context: RuleContext): boolean {
  const api = context.api(call.expression);
  return api?.module === "global" && api.path.join(".") === "JSON.parse";
}

/** Calls that only reshape base64 text or the decoded bytes: padding, the url alphabet, the conversion to a string. */
const BASE64_RESHAPING = new Set(["replace", "replaceAll", "padEnd", "concat", "toString", "trim"]);

/**
 * `JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString())`: the base64-decoded middle part of a JWT is
 * its claims (who the token is for, when it expires), readable by anyone holding it, not the credential.
 */
function decodesJwtPayload(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  const e = skipOuter(expr);
  if (depth > 4) return false;
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    return !!init && decodesJwtPayload(init, context, depth + 1);
  }
  if (!ts.isCallExpression(e)) return false;
  const callee = skipOuter(e.expression);
  const api = context.api(e.expression);
  const path = api?.module === "global" ? api.path.join(".") : undefined;
  if (path === "atob") return !!e.arguments[0] && jwtPayloadPart(e.arguments[0], context, depth + 1);
  if (path === "Buffer.from") {
    const [data, encoding] = e.arguments;
    return !!data && !!encoding && /^base64(url)?$/.test(context.constantText(encoding) ?? "") && jwtPayloadPart(data, context, depth + 1);
  }
  return ts.isPropertyAccessExpression(callee) && BASE64_RESHAPING.has(callee.name.text) && decodesJwtPayload(callee.expression, context, depth + 1);
}

/** `token.split(".")[1]`, also through a const holding the parts or the part, `const [, body] = token.split(".")`, and padding added to it. */
function jwtPayloadPart(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  const e = skipOuter(expr);
  if (depth > 8) return false;
  if (ts.isElementAccessExpression(e)) return ts.isNumericLiteral(e.argumentExpression) && e.argumentExpression.text === "1" && splitsOnDot(e.expression, context);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return jwtPayloadPart(e.left, context, depth + 1);
  if (ts.isCallExpression(e)) {
    const callee = skipOuter(e.expression);
    return ts.isPropertyAccessExpression(callee) && BASE64_RESHAPING.has(callee.name.text) && jwtPayloadPart(callee.expression, context, depth + 1);
  }
  if (!ts.isIdentifier(e)) return false;
  const decl = context.declaration(e);
  if (decl && ts.isBindingElement(decl) && ts.isArrayBindingPattern(decl.parent) && decl.parent.elements.indexOf(decl) === 1) {
    const holder = decl.parent.parent;
    return ts.isVariableDeclaration(holder) && !!holder.initializer && splitsOnDot(holder.initializer, context);
  }
  // `let body = parts[1]; body = body + "=".repeat(n)`: padding added to the part is still the part.
  const init = decl && ts.isVariableDeclaration(decl) && decl.initializer && onlyPadded(decl, context) ? decl.initializer : context.initializer(e);
  return !!init && jwtPayloadPart(init, context, depth + 1);
}

/** Every later assignment to the variable appends to its own value (`x = x + …`, `x += …`). */
function onlyPadded(decl: ts.VariableDeclaration, context: RuleContext): boolean {
  const name = decl.name.getText();
  return variableUses(decl, context).every((use) => {
    const p = use.parent;
    if (!ts.isBinaryExpression(p) || p.left !== use) return true;
    if (p.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) return true;
    if (p.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return true;
    const right = skipOuter(p.right);
    return ts.isBinaryExpression(right) && right.operatorToken.kind === ts.SyntaxKind.PlusToken && skipOuter(right.left).getText() === name;
  });
}

/** `token.split(".")`, or a const holding it. */
function splitsOnDot(expr: ts.Expression, context: RuleContext, hops = 0): boolean {
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const init = hops < 3 ? context.initializer(e) : undefined;
    return !!init && splitsOnDot(init, context, hops + 1);
  }
  if (!ts.isCallExpression(e) || calleeName(e) !== "split") return false;
  const sep = e.arguments[0];
  return !!sep && ts.isStringLiteralLike(sep) && sep.text === ".";
}

/**
 * `key.split(".")[0]`: the part before the first separator inside one credential, like `slice(0, n)`. Not a list's
 * first entry (`split(",")`, `split(" ")`), nor the part before "@" or "/", which holds a URL's user and password.
 */
function firstPart(call: ts.CallExpression): boolean {
  const sep = call.arguments[0];
  const access = call.parent;
  if (!sep || !ts.isStringLiteralLike(sep) || !PART_SEPARATORS.has(sep.text)) return false;
  return ts.isElementAccessExpression(access) && access.expression === call && ts.isNumericLiteral(access.argumentExpression) && access.argumentExpression.text === "0";
}
