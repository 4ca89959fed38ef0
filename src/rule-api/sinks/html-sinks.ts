import { ts } from "../ts.js";
import { isFunctionLike, propertyNameText, skipOuter } from "../../engine/ast/function-like.js";
import type { HttpFramework } from "../../engine/model/mcp-model.js";
import type { RuleContext } from "../rule.js";
import { mayPrecede } from "../taint-regions.js";
import type { SinkArgument } from "./sink.js";

export interface HtmlSink extends SinkArgument {
  /** An HTTP response of the server's own pages, or an MCP resource / tool result the host renders. */
  channel: "http" | "mcp";
  /** The response is declared HTML (content type, c.html, mimeType): markup need not be visible in the text. */
  declaredHtml: boolean;
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
  const declared = chainDeclaresHtml(receiver, context) || handlerDeclaresHtml(call, root, context);
  // fastify sends strings as text/plain unless told otherwise; express and node send what the text looks like.
  if (!declared && framework === "fastify") return [];
  return [{ expr: a0, call, api: `${root.text}.${method}`, channel: "http", declaredHtml: declared }];
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

/** reply.type("text/html").send(...), res.set("Content-Type", "text/html").send(...) */
function chainDeclaresHtml(expr: ts.Expression, context: RuleContext): boolean {
  const e = skipOuter(expr);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return false;
  return declaresHtml(e, context) || chainDeclaresHtml(e.expression.expression, context);
}

/** The last content type set on the same response object before the sink, on a path that reaches it, is HTML. */
function handlerDeclaresHtml(sink: ts.Node, root: ts.Identifier, context: RuleContext): boolean {
  let fn: ts.Node | undefined = sink.parent;
  while (fn && !isFunctionLike(fn)) fn = fn.parent;
  if (!fn) return false;
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
  return last?.html ?? false;
}

function declaresHtml(call: ts.CallExpression, context: RuleContext): boolean {
  return declaredType(call, context) === true;
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
