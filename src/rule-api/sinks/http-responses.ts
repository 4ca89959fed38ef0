import { ts } from "../ts.js";
import { isFunctionLike, skipOuter, type FunctionLike } from "../../engine/ast/function-like.js";
import type { Declarations } from "../declarations.js";
import type { RuleContext } from "../rule.js";

const SEND_METHODS = new Set(["send", "json", "jsonp", "end", "write", "text", "html", "body"]);
/** Calls chained on a response before it is sent: res.status(500).json(...), reply.code(400).send(...). */
const CHAIN_METHODS = new Set(["status", "code", "type", "set", "header", "headers", "contentType", "cookie", "append", "vary", "location"]);
const RESPONSE_TYPE = /\b(Response|ServerResponse|FastifyReply|Reply|OutgoingMessage)\b/;

/** An argument of a call that sends data back to an HTTP client: express/fastify/node responses, hono contexts. */
export interface ResponseSend {
  call: ts.CallExpression;
  api: string;
}

/** The response objects of the routes the model knows: express (req, res) and (err, req, res, next), fastify reply, node res, hono c. */
export function responseParams(context: RuleContext): Set<ts.ParameterDeclaration> {
  const out = new Set<ts.ParameterDeclaration>();
  for (const route of context.model.routes) {
    for (const fn of route.handlers) {
      const params = fn.parameters;
      const index = route.framework === "hono" || route.framework === "koa" ? 0 : params.length >= 4 ? 2 : 1;
      const p = params[index];
      if (p) out.add(p);
    }
  }
  return out;
}

export function responseSend(call: ts.CallExpression, declarations: Declarations, known: ReadonlySet<ts.ParameterDeclaration>): ResponseSend | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !SEND_METHODS.has(callee.name.text) || !call.arguments.length) return undefined;
  let receiver = skipOuter(callee.expression);
  while (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(skipOuter(receiver.expression)) && CHAIN_METHODS.has((skipOuter(receiver.expression) as ts.PropertyAccessExpression).name.text)) {
    receiver = skipOuter((skipOuter(receiver.expression) as ts.PropertyAccessExpression).expression);
  }
  if (!ts.isIdentifier(receiver)) return undefined;
  const decl = declarations.of(receiver);
  if (!decl || !ts.isParameter(decl)) return undefined;
  if (known.has(decl) || looksLikeResponse(decl)) return { call, api: `${receiver.text}.${callee.name.text}` };
  return undefined;
}

/** A parameter typed as a server response, or the second parameter beside a `req`. */
function looksLikeResponse(p: ts.ParameterDeclaration): boolean {
  if (p.type && RESPONSE_TYPE.test(p.type.getText()) && !/\bfetch\b|globalThis\.Response/.test(p.type.getText())) {
    const fn = p.parent;
    // A fetch Response has no send/json(x)/end; a handler-like signature makes it a server response.
    return isFunctionLike(fn) && (hasRequestSibling(fn) || /^(res|response|reply)$/.test(p.name.getText()));
  }
  const fn = p.parent as FunctionLike;
  return isFunctionLike(fn) && /^(res|reply)$/.test(p.name.getText()) && hasRequestSibling(fn);
}

function hasRequestSibling(fn: FunctionLike): boolean {
  return fn.parameters.some((q) => /^_?(req|request)$/.test(q.name.getText()));
}
