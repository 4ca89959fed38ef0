import { ts } from "../ts.js";
import { isFunctionLike, propertyNameText, skipOuter, skipOuterAndAwait } from "../../engine/ast/function-like.js";
import { stringParts } from "../../engine/dataflow/string-parts.js";
import type { HttpFramework } from "../../engine/model/mcp-model.js";
import type { RuleContext } from "../rule.js";
import { mayPrecede } from "../taint-regions.js";
import type { SinkArgument } from "./sink.js";

export interface HtmlSink extends SinkArgument {
  /** An HTTP response of the server's own pages, or an MCP resource / tool result the host renders. */
  channel: "http" | "mcp";
  /** The response is declared HTML (content type, c.html, mimeType): markup need not be visible in the text. */
  declaredHtml: boolean;
  /** No type was declared and the framework sends this text as HTML: markup need not be visible either. */
  defaultHtml?: boolean;
}

const HTML_TYPE = /^\s*(text\/html|html|application\/xhtml\+xml)\b/i;
const RESPONSE_NAMES = /^(res|response|resp|reply|rep|serverResponse|out)$/;
const WRITE_METHODS = new Set(["send", "end", "write"]);

/** Calls that send HTML built by the server: res.send/end/write on an HTML response, c.html, new Response(html), MCP-UI resources. */
export function htmlSinks(call: ts.CallExpression | ts.NewExpression, context: RuleContext): HtmlSink[] {
  const args = [...(call.arguments ?? [])];
  const a0 = args[0];
  if (!a0) return [];
  const api = context.api(call.expression);
  if (ts.isNewExpression(call)) {
    if (api?.module === "global" && api.path[0] === "Response" && isHtmlHeaders(args[1], context, "headers")) return [{ expr: a0, call, api: "new Response(…)", channel: "http", declaredHtml: true }];
    return [];
  }
  if (api?.module === "@mcp-ui/server" && api.path[api.path.length - 1] === "createUIResource") {
    const content = context.objectProps(context.objectProps(a0)?.value("content"));
    const html = content?.value("htmlString");
    return html ? [{ expr: html, call, api: "createUIResource", channel: "mcp", declaredHtml: true }] : [];
  }
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const method = callee.name.text;
  const receiver = skipOuter(callee.expression);
  // hono: c.html(markup)
  if (method === "html" && ts.isIdentifier(receiver) && frameworkAt(call, context) === "hono") return [{ expr: a0, call, api: `${receiver.text}.html`, channel: "http", declaredHtml: true }];
  if (!WRITE_METHODS.has(method)) return [];
  const root = responseRoot(receiver);
  if (!root || !RESPONSE_NAMES.test(root.text)) return [];
  const framework = frameworkAt(call, context);
  if (framework === "hono") return [];
  const declared = chainDeclaredType(receiver, context) ?? handlerDeclaredType(call, root, context);
  // fastify sends strings as text/plain unless told otherwise; node's end/write send no type and the browser sniffs the text.
  if (!declared && framework === "fastify") return [];
  // express's res.send answers a string with text/html when no content type was set (objects go as JSON, Buffers as binary).
  const defaultHtml = declared === undefined && framework === "express" && method === "send" && isText(a0, context, 0);
  return [{ expr: a0, call, api: `${root.text}.${method}`, channel: "http", declaredHtml: declared ?? false, defaultHtml }];
}

const TEXT_METHODS = new Set(["toString", "join", "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "replace", "replaceAll", "padStart", "padEnd", "substring", "normalize"]);
const TEXT_GLOBALS = new Set(["String", "JSON.stringify", "decodeURIComponent", "decodeURI"]);

/** The value is a string: text, a string conversion, or one field of the request (not an object, array, number or Buffer). */
function isText(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  const e = skipOuterAndAwait(expr);
  if (depth > 5) return false;
  if (ts.isStringLiteralLike(e) || stringParts(e)) return true;
  if (ts.isConditionalExpression(e)) return isText(e.whenTrue, context, depth + 1) && isText(e.whenFalse, context, depth + 1);
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return isText(e.left, context, depth + 1) && isText(e.right, context, depth + 1);
  const init = ts.isIdentifier(e) ? context.initializer(e) : undefined;
  if (init) return isText(init, context, depth + 1);
  if (ts.isCallExpression(e)) {
    const api = context.api(e.expression);
    const callee = skipOuter(e.expression);
    return (api?.module === "global" && TEXT_GLOBALS.has(api.path.join("."))) || (ts.isPropertyAccessExpression(callee) && TEXT_METHODS.has(callee.name.text));
  }
  // req.query.q, or `name` from `const { name } = req.params`: one field the request carries, not the whole object.
  return context.taint(e, ["http-request"]).some((h) => !h.taint.derived && !h.taint.inside && h.taint.path.length >= 2);
}

/** `res` in res.status(200).type("html").send(...). */
function responseRoot(expr: ts.Expression): ts.Identifier | undefined {
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) return e;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) return responseRoot(e.expression.expression);
  return undefined;
}

function frameworkAt(node: ts.Node, context: RuleContext): HttpFramework | undefined {
  const route = context.model.routes.find((r) => r.handlers.some((h) => h.getSourceFile() === node.getSourceFile() && node.pos >= h.pos && node.end <= h.end));
  return route?.framework;
}

/** reply.type("text/html").send(...), res.set("Content-Type", "text/plain").send(...): the type set nearest the sink. */
function chainDeclaredType(expr: ts.Expression, context: RuleContext): boolean | undefined {
  const e = skipOuter(expr);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return undefined;
  return declaredType(e, context) ?? chainDeclaredType(e.expression.expression, context);
}

/** Whether the last content type set on the same response object before the sink, on a path that reaches it, is HTML. */
function handlerDeclaredType(sink: ts.Node, root: ts.Identifier, context: RuleContext): boolean | undefined {
  let fn: ts.Node | undefined = sink.parent;
  while (fn && !isFunctionLike(fn)) fn = fn.parent;
  if (!fn) return undefined;
  let last: { html: boolean } | undefined;
  const visit = (n: ts.Node): void => {
    if (n.pos > sink.pos) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n !== sink) {
      const r = responseRoot(n.expression.expression);
      const type = r && r.text === root.text ? declaredType(n, context) : undefined;
      if (type !== undefined && mayPrecede(n, sink)) last = { html: type };
    }
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return last?.html;
}

/** true: sets an HTML content type; false: sets another one; undefined: sets none. */
function declaredType(call: ts.CallExpression, context: RuleContext): boolean | undefined {
  const method = ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : "";
  const [a0, a1] = call.arguments;
  const text = (e: ts.Expression | undefined) => (e ? context.constantText(e) : undefined);
  if (method === "type" || method === "contentType") return HTML_TYPE.test(text(a0) ?? "");
  if (["set", "setHeader", "header", "append"].includes(method) && /^content-type$/i.test(text(a0) ?? "")) return HTML_TYPE.test(text(a1) ?? "");
  if (method === "writeHead" || ((method === "set" || method === "header") && a0 && !a1)) {
    const headers = method === "writeHead" ? call.arguments.slice(1) : [a0 as ts.Expression];
    const typed = headers.find((h) => contentTypeOf(h, context) !== undefined);
    return typed ? HTML_TYPE.test(contentTypeOf(typed, context) ?? "") : undefined;
  }
  return undefined;
}

function contentTypeOf(expr: ts.Expression, context: RuleContext): string | undefined {
  const props = context.objectProps(expr);
  const key = props?.keys().find((k) => /^content-type$/i.test(k));
  const value = key ? props?.value(key) : undefined;
  return value ? (context.constantText(value) ?? "?") : undefined;
}

/** `{ "Content-Type": "text/html" }` (or an options object whose `headers` is one). */
export function isHtmlHeaders(expr: ts.Expression | undefined, context: RuleContext, via?: string): boolean {
  let props = context.objectProps(expr);
  if (via) props = context.objectProps(props?.value(via));
  if (!props) return false;
  const key = props.keys().find((k) => /^content-type$/i.test(k));
  const value = key ? props.value(key) : undefined;
  return !!value && HTML_TYPE.test(context.constantText(value) ?? "");
}

/** MCP content and resource objects declared `mimeType: "text/html"`: their `text`. */
export function mcpHtmlText(obj: ts.ObjectLiteralExpression, context: RuleContext): ts.Expression | undefined {
  let mime: ts.Expression | undefined;
  let text: ts.Expression | undefined;
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
    const name = p.name ? propertyNameText(p.name) : undefined;
    const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
    if (name === "mimeType") mime = value;
    if (name === "text") text = value;
  }
  if (!text) return undefined;
  if (!mime) {
    // contents of a resource registered with mimeType "text/html" in its metadata (MCP Apps ui:// resources).
    const resource = context.model.resources.find((r) => r.handler && r.handler.getSourceFile() === obj.getSourceFile() && obj.pos >= r.handler.pos && obj.end <= r.handler.end);
    return resource?.mimeType && /^text\/html\b/i.test(resource.mimeType) && obj.properties.some((p) => p.name && propertyNameText(p.name) === "uri") ? text : undefined;
  }
  return /^text\/html\b/i.test(context.constantText(mime) ?? "") ? text : undefined;
}
