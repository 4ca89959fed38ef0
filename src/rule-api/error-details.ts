import { ts } from "./ts.js";
import { isFunctionLike, skipOuter, type FunctionLike } from "../engine/ast/function-like.js";
import type { Declarations } from "./declarations.js";
import type { RuleContext } from "./rule.js";
import { returnedExpressions } from "../engine/ast/returned-expressions.js";

export type ErrorDetailKind = "stack" | "inspect" | "serialized" | "request-config";

/** A piece of an error that should not leave the server: its stack, a dump of it, or an HTTP client's request config. */
export interface ErrorDetail {
  kind: ErrorDetailKind;
  node: ts.Node;
  /** How the code reads, e.g. "`error.stack`". */
  text: string;
}

const ERROR_NAME = /^(e|err|error|ex|exc|exception|cause|reason|_?error|_?err|\w+Error|\w+Err)$/;
const ERROR_TYPE = /Error\b/;
const AXIOS_SENSITIVE: readonly (readonly string[])[] = [["config"], ["config", "headers"], ["config", "auth"], ["request"], ["response", "config"], ["response", "config", "headers"], ["response", "request"]];
const MAX_DEPTH = 3;

/**
 * Finds error details in an expression a handler sends back (a tool result, an HTTP response), following local
 * variables and the project functions the error is handed to: `err.stack`, `util.inspect(err)`, `serializeError(err)`,
 * `JSON.stringify(err)` (when `serializesRequests`: the project uses an HTTP client whose errors carry their request),
 * and axios errors' `config`, `request` and `response.config`.
 */
export function errorDetails(expr: ts.Expression, context: RuleContext, declarations: Declarations, serializesRequests: boolean): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seen = new Set<ts.Node>();
  const scan = (node: ts.Node, errorParams: ReadonlySet<ts.ParameterDeclaration>, depth: number): void => {
    if (seen.has(node) || depth > MAX_DEPTH) return;
    seen.add(node);
    const isError = (e: ts.Expression): boolean => isErrorValue(e, declarations, errorParams, 0);
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAccessExpression(n)) {
        const chain = accessChain(n);
        if (chain && isError(chain.root) && !debugOnly(n, node)) {
          const detail = classify(n, chain.keys);
          if (detail) {
            out.push({ kind: detail, node: n, text: `\`${n.getText()}\`` });
            return;
          }
        }
      }
      if (ts.isCallExpression(n)) {
        const api = context.api(n.expression);
        const name = api ? [api.module, ...api.path.filter((p) => p !== "#")].join(".") : undefined;
        const arg0 = n.arguments[0];
        if (debugOnly(n, node)) return;
        if (arg0 && (name === "util.inspect" || name === "serialize-error.serializeError") && containsError(arg0, isError)) {
          out.push({ kind: "inspect", node: n, text: `\`${n.getText().slice(0, 60)}\`` });
          return;
        }
        if (arg0 && name === "global.JSON.stringify" && containsError(arg0, isError) && !notForErrors(n)) {
          const allProps = n.arguments[1] && /getOwnPropertyNames/.test(n.arguments[1].getText());
          if (serializesRequests || allProps) {
            out.push({ kind: allProps ? "inspect" : "serialized", node: n, text: `\`${n.getText().slice(0, 60)}\`` });
            return;
          }
        }
        if (ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "toJSON" && isError(n.expression.expression) && serializesRequests) {
          out.push({ kind: "serialized", node: n, text: `\`${n.getText().slice(0, 60)}\`` });
          return;
        }
        // An error handed to a project function that builds the text: look at what it returns.
        const errorArgs = n.arguments.map((a, i) => (isError(skipOuter(a)) ? i : -1)).filter((i) => i >= 0);
        if (errorArgs.length) {
          for (const fn of context.calleeFunctions(n)) {
            const params = new Set(errorArgs.flatMap((i) => (fn.parameters[i] ? [fn.parameters[i] as ts.ParameterDeclaration] : [])));
            for (const r of returnedExpressions(fn)) scan(r, params, depth + 1);
          }
        }
      }
      if (ts.isIdentifier(n) && !isDeclarationName(n)) {
        const decl = declarations.of(n);
        if (decl && ts.isVariableDeclaration(decl) && decl.initializer && sameFunction(decl, n)) scan(decl.initializer, errorParams, depth + 1);
      }
      if (isFunctionLike(n)) return;
      ts.forEachChild(n, visit);
    };
    visit(node);
  };
  scan(expr, new Set(), 0);
  return out;
}

/**
 * `e instanceof Error ? e.message : JSON.stringify(e)`, `e.message || JSON.stringify(e)`: the stringify runs only
 * for a thrown value that is no Error, so never for an HTTP client's error and the request it carries.
 */
function notForErrors(call: ts.Node): boolean {
  let child = call;
  let p = call.parent;
  // `failed: ${JSON.stringify(e)}` is still the branch it sits in.
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isTemplateSpan(p) || ts.isTemplateExpression(p) || (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken))) [child, p] = [p, p.parent];
  if (p && ts.isConditionalExpression(p) && p.whenFalse === child) return /\binstanceof\s+Error\b/.test(p.condition.getText());
  if (p && afterMessage(p, child)) return true;
  const arg = ts.isCallExpression(call) && call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
  return !!arg && ts.isIdentifier(arg) && pastErrorGuard(call, arg.text);
}

/**
 * `if (err instanceof Error) return err.message; … JSON.stringify(err)`, or the stringify in the else branch of
 * that test or inside `if (!(err instanceof Error)) { … }`: there the value is no Error, so no HTTP client's error.
 */
function pastErrorGuard(call: ts.Node, name: string): boolean {
  let child = call;
  for (let p = call.parent; p && !isFunctionLike(p) && !ts.isSourceFile(p); child = p, p = p.parent) {
    if (ts.isIfStatement(p) && ((p.thenStatement === child && negatesErrorTest(p.expression, name)) || (p.elseStatement === child && errorTest(p.expression, name)))) return true;
    if (!ts.isBlock(p)) continue;
    const before = p.statements.slice(0, p.statements.indexOf(child as ts.Statement));
    if (before.some((st) => ts.isIfStatement(st) && errorTest(st.expression, name) && exits(st.thenStatement))) return true;
  }
  return false;
}

/** `name instanceof Error`, alone or as one side of `||`. */
function errorTest(cond: ts.Expression, name: string): boolean {
  const c = skipOuter(cond);
  if (ts.isBinaryExpression(c) && c.operatorToken.kind === ts.SyntaxKind.BarBarToken) return errorTest(c.left, name) || errorTest(c.right, name);
  if (!ts.isBinaryExpression(c) || c.operatorToken.kind !== ts.SyntaxKind.InstanceOfKeyword) return false;
  const left = skipOuter(c.left);
  return ts.isIdentifier(left) && left.text === name && c.right.getText() === "Error";
}

function negatesErrorTest(cond: ts.Expression, name: string): boolean {
  const c = skipOuter(cond);
  return ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken && errorTest(c.operand, name);
}

/** A branch that always leaves: it ends in return or throw. */
function exits(st: ts.Statement): boolean {
  const last = ts.isBlock(st) ? st.statements[st.statements.length - 1] : st;
  return !!last && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
}

/** The right of `e.message || …`: reached only when the value has no message, which an Error always has. */
function afterMessage(p: ts.Node, child: ts.Node): boolean {
  return ts.isBinaryExpression(p) && p.right === child && (p.operatorToken.kind === ts.SyntaxKind.BarBarToken || p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) && /\.message\b/.test(p.left.getText());
}

const DEBUG_FLAG = /\b(is)?(dev|development|debug|verbose|local)(mode)?\b|NODE_ENV|DEBUG/i;

/** Details sent only when a debug or development flag is on: `isDevelopment ? { stack } : undefined`. */
function debugOnly(n: ts.Node, root: ts.Node): boolean {
  let child: ts.Node = n;
  for (let p = n.parent; p && child !== root; child = p, p = p.parent) {
    if (ts.isConditionalExpression(p) && child === p.whenTrue && DEBUG_FLAG.test(p.condition.getText())) return true;
    if (ts.isIfStatement(p) && child === p.thenStatement && DEBUG_FLAG.test(p.expression.getText())) return true;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === p.right && DEBUG_FLAG.test(p.left.getText())) return true;
  }
  return false;
}

/** `e.stack` (used whole, not just its first line), and the request-carrying parts of an axios error. */
function classify(n: ts.PropertyAccessExpression, keys: readonly string[]): ErrorDetailKind | undefined {
  const parent = n.parent;
  const furtherRead = (ts.isPropertyAccessExpression(parent) && parent.expression === n) || (ts.isElementAccessExpression(parent) && parent.expression === n);
  if (keys.length === 1 && keys[0] === "stack") {
    if (furtherRead && ts.isPropertyAccessExpression(parent) && !/^(toString|trim)$/.test(parent.name.text)) return undefined;
    return "stack";
  }
  if (furtherRead) return undefined;
  if (AXIOS_SENSITIVE.some((p) => p.length === keys.length && p.every((k, i) => keys[i] === k))) return "request-config";
  return undefined;
}

function accessChain(n: ts.PropertyAccessExpression): { root: ts.Expression; keys: string[] } | undefined {
  const keys: string[] = [];
  let e: ts.Expression = n;
  while (ts.isPropertyAccessExpression(e)) {
    keys.unshift(e.name.text);
    e = skipOuter(e.expression);
  }
  return ts.isIdentifier(e) ? { root: e, keys } : undefined;
}

/** An error value: a catch variable, a `.catch(e => ...)` parameter, an error-named parameter, or a variable holding one of them. */
function isErrorValue(e: ts.Expression, declarations: Declarations, errorParams: ReadonlySet<ts.ParameterDeclaration>, depth: number): boolean {
  const x = skipOuter(e);
  if (!ts.isIdentifier(x) || depth > 3) return false;
  const decl = declarations.of(x);
  if (!decl) return false;
  if (ts.isVariableDeclaration(decl)) {
    if (ts.isCatchClause(decl.parent)) return true;
    const init = decl.initializer && skipOuter(decl.initializer);
    if (!init) return false;
    if (ts.isConditionalExpression(init)) return isErrorValue(init.whenTrue, declarations, errorParams, depth + 1) || isErrorValue(init.whenFalse, declarations, errorParams, depth + 1);
    return isErrorValue(init, declarations, errorParams, depth + 1);
  }
  if (ts.isParameter(decl)) {
    if (errorParams.has(decl)) return true;
    const fn = decl.parent;
    const name = decl.name.getText();
    if (decl.type && ERROR_TYPE.test(decl.type.getText())) return true;
    if (!ERROR_NAME.test(name)) return false;
    // `.catch((e) => ...)`, an express error handler (err, req, res, next), or any function taking an error-named value.
    return isFunctionLike(fn);
  }
  return false;
}

function containsError(expr: ts.Expression, isError: (e: ts.Expression) => boolean): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && isError(n)) {
      // err.message, String(err), `e instanceof Error`: a field, text or a test, not the whole error.
      if (placedWhole(n, expr)) found = true;
      return;
    }
    if (isFunctionLike(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(expr);
  return found;
}

/** The value itself ends up in `root`'s structure: as a property value, an element, or a branch of ?:, ?? or ||. */
function placedWhole(id: ts.Identifier, root: ts.Node): boolean {
  let child: ts.Node = id;
  for (let p = id.parent; child !== root && p; child = p, p = p.parent) {
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p) || ts.isObjectLiteralExpression(p) || ts.isArrayLiteralExpression(p)) continue;
    if (ts.isPropertyAssignment(p) ? p.initializer === child : ts.isShorthandPropertyAssignment(p) || ts.isSpreadAssignment(p) || ts.isSpreadElement(p)) continue;
    if (ts.isConditionalExpression(p) && p.condition !== child) continue;
    if (afterMessage(p, child)) return false;
    if (ts.isBinaryExpression(p) && (p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken || (p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && p.right === child))) continue;
    return false;
  }
  return child === root;
}

function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isPropertyAssignment(p) || ts.isPropertyAccessExpression(p)) && (p as { name?: ts.Node }).name === id;
}

function sameFunction(a: ts.Node, b: ts.Node): boolean {
  return enclosing(a) === enclosing(b);
}

function enclosing(n: ts.Node): FunctionLike | ts.SourceFile {
  for (let p = n.parent; p; p = p.parent) if (isFunctionLike(p) || ts.isSourceFile(p)) return p as FunctionLike | ts.SourceFile;
  return n.getSourceFile();
}
