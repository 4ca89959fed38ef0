import { ts } from "../ts.js";
import { enclosingFunction, skipOuter } from "../../engine/ast/function-like.js";
import type { RuleContext } from "../rule.js";

/** Header names that carry a credential: `Authorization`, `X-API-Key`, `PRIVATE-TOKEN`, `X-Figma-Token`, a cookie. */
const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie|api[-_]?key|x-api[-_]?key|apikey|private-token|access[-_]?token|x-[a-z0-9-]*-(?:token|key|auth))$/i;
/** A scheme before the credential in a header value: "Bearer ${token}". */
const AUTH_SCHEME = /^(?:bearer|basic|token|bot|sso-key|apikey)\s/i;
/** A credential in a query string the code writes: "?api_key=", "&access_token=". */
const CREDENTIAL_QUERY = /[?&](?:api[-_]?key|apikey|key|access[-_]?token|token|auth|appid|client[-_]?secret)=/i;

const byFile = new WeakMap<ts.SourceFile, boolean>();

/**
 * Whether an outgoing request carries the server's credentials: in the URL text `built`, in the options it is sent
 * with, or (for a plain `fetch`) in the function that sends it. A client instance (`axios.create`, `got.extend`)
 * carries what the module that makes it, or the one that calls it, writes.
 */
export function credentialedRequest(call: ts.CallExpression | ts.NewExpression, built: ts.Node, context: RuleContext): boolean {
  if (credentialsIn(built)) return true;
  if ((call.arguments ?? []).some((arg) => optionsCarry(arg, context, 0))) return true;
  if (context.api(call.expression)?.path.includes("#")) return [call.getSourceFile(), ...clientFiles(call, context)].some(writesCredentials);
  const sender = enclosingFunction(call);
  return !!sender && credentialsIn(sender);
}

/** `{ headers: { Authorization } }`, `{ headers: authHeaders() }`, `{ auth: { username, password } }`, or a variable or call that makes one. */
function optionsCarry(arg: ts.Expression, context: RuleContext, depth: number): boolean {
  const e = skipOuter(arg);
  if (depth > 2) return false;
  if (ts.isObjectLiteralExpression(e)) {
    if (credentialsIn(e)) return true;
    return e.properties.some((p) => {
      if (ts.isSpreadAssignment(p)) return optionsCarry(p.expression, context, depth + 1);
      if (!/^(headers|auth)$/.test(p.name.getText())) return false;
      // `{ headers }`: the variable the shorthand names.
      return ts.isPropertyAssignment(p) ? optionsCarry(p.initializer, context, depth + 1) : ts.isShorthandPropertyAssignment(p) && optionsCarry(p.name, context, depth + 1);
    });
  }
  if (ts.isCallExpression(e)) return context.calleeFunctions(e).some((fn) => !!fn.body && credentialsIn(fn.body));
  const name = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name) ? e.name : undefined;
  const decl = name && context.declaration(name);
  if (!decl) return false;
  // `const headers = {...}; if (token) headers.Authorization = ...`: what the function that makes it writes.
  const maker = ts.isVariableDeclaration(decl) ? enclosingFunction(decl) : undefined;
  if (maker) return credentialsIn(maker);
  const initializer = ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) ? decl.initializer : undefined;
  return !!initializer && (credentialsIn(initializer) || optionsCarry(initializer, context, depth + 1));
}

/** Where the client a method is called on is made: `this.client.get(…)`, `api.get(…)` on an imported instance. */
function clientFiles(call: ts.CallExpression | ts.NewExpression, context: RuleContext): ts.SourceFile[] {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const receiver = skipOuter(callee.expression);
  const name = ts.isPropertyAccessExpression(receiver) && ts.isIdentifier(receiver.name) ? receiver.name : ts.isIdentifier(receiver) ? receiver : undefined;
  const decl = name && context.declaration(name);
  return decl ? [decl.getSourceFile()] : [];
}

function writesCredentials(file: ts.SourceFile): boolean {
  const known = byFile.get(file);
  if (known !== undefined) return known;
  const found = credentialsIn(file);
  byFile.set(file, found);
  return found;
}

/** An auth header name, an auth scheme, a credential query parameter, or axios's `auth: {…}` written in the code. */
function credentialsIn(root: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found = CREDENTIAL_HEADER.test(node.text) || AUTH_SCHEME.test(node.text) || CREDENTIAL_QUERY.test(node.text);
    else if (ts.isTemplateExpression(node)) found = AUTH_SCHEME.test(node.head.text) || [node.head, ...node.templateSpans.map((s) => s.literal)].some((part) => CREDENTIAL_QUERY.test(part.text));
    else if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) || ts.isPropertyAccessExpression(node)) && ts.isIdentifier(node.name)) found = CREDENTIAL_HEADER.test(node.name.text);
    if (!found && ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === "auth" && ts.isObjectLiteralExpression(node.initializer)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}
