import { ts } from "../ts.js";
import { skipOuter } from "../../engine/ast/function-like.js";
import { stringParts } from "../../engine/dataflow/string-parts.js";
import type { RuleContext } from "../rule.js";
import { htmlSinks } from "./html-sinks.js";
import type { SinkArgument } from "./sink.js";

/** Objects that answer an HTTP request in express, fastify, hono, koa, hapi and node's http module. */
const RESPONDER = /^(res|response|resp|reply|c|ctx|context|h|rep|out|serverResponse)$/;
const LOCATION = /^location$/i;
/** Text that ends where a meta refresh's URL starts: `<meta http-equiv="refresh" content="0;url=`. */
const META_REFRESH_URL = /<meta\b[^>]*\bcontent\s*=\s*["']?\s*\d+(\.\d*)?\s*[;,]\s*(url\s*=\s*)?["']?$/i;
/** Script text that ends where a navigation's URL starts: `location.href = "`, `window.location.replace(`. */
const LOCATION_URL = /\blocation(\.href)?\s*=\s*["'`]?$|\blocation\.(replace|assign)\(\s*["'`]?$/;
/** Stands for a value spliced into the page, so text after it does not read as the start of a URL. */
const SPLICED = "\u0000";

/**
 * The URL argument of a redirect: res.redirect, Location headers, Response.redirect, next's redirect(), and the URL an
 * HTML page sent in the response navigates to.
 */
export function redirectTargets(call: ts.CallExpression | ts.NewExpression, context: RuleContext): SinkArgument[] {
  return [...directRedirects(call, context), ...htmlPageRedirects(call, context)];
}

function directRedirects(call: ts.CallExpression | ts.NewExpression, context: RuleContext): SinkArgument[] {
  const args = [...(call.arguments ?? [])];
  const at = (expr: ts.Expression, api: string): SinkArgument[] => [{ expr, call, api }];
  const api = context.api(call.expression);
  if (ts.isNewExpression(call)) {
    // new Response(null, { status: 302, headers: { Location: url } })
    if (api?.module === "global" && api.path[0] === "Response") return locationHeader(args[1], context, "headers", "new Response(…)", call);
    return [];
  }
  if (api) {
    const last = api.path[api.path.length - 1];
    if (api.module === "global" && api.path.join(".") === "Response.redirect" && args[0]) return at(args[0], "Response.redirect");
    if ((api.module === "next/navigation" || api.module === "next/dist/client/components/navigation") && (last === "redirect" || last === "permanentRedirect") && args[0]) return at(args[0], `next ${last}()`);
    if (api.module === "next/server" && last === "redirect" && args[0]) return at(args[0], "NextResponse.redirect");
    if (!api.path.includes("#")) return [];
  }
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const method = callee.name.text;
  const receiver = responderName(callee.expression);
  if (!receiver) return [];
  const name = `${receiver}.${method}`;
  if (method === "redirect") {
    // res.redirect(url) or res.redirect(301, url); reply.redirect(url, 302) in fastify 5.
    const target = args.length >= 2 && isStatus(args[0], context) ? args[1] : args[0];
    return target ? at(target, name) : [];
  }
  if (method === "location" && args.length === 1 && args[0]) return at(args[0], name);
  if ((method === "setHeader" || method === "set" || method === "header" || method === "append" || method === "appendHeader") && args[0] && args[1]) {
    return LOCATION.test(context.constantText(args[0]) ?? "") ? at(args[1], `${name}("Location")`) : [];
  }
  if (method === "writeHead" && args.length >= 2) return locationHeader(args[args.length - 1], context, undefined, `${name}(…, { Location })`, call);
  return [];
}

/**
 * A page that navigates as soon as it loads: the value starting the URL of a meta refresh, or of a location assignment in
 * an inline script, redirects like res.redirect. Values elsewhere in the page are markup, not a redirect.
 */
function htmlPageRedirects(call: ts.CallExpression | ts.NewExpression, context: RuleContext): SinkArgument[] {
  const out: SinkArgument[] = [];
  for (const sink of htmlSinks(call, context)) {
    if (sink.channel !== "http") continue;
    let text = "";
    for (const piece of pageText(sink.expr, context, 0)) {
      if (typeof piece === "string") {
        text += piece;
        continue;
      }
      // The value opens the URL: a meta refresh anywhere, a location assignment inside a <script> element still open.
      const inScript = text.toLowerCase().lastIndexOf("<script") > text.toLowerCase().lastIndexOf("</script");
      if (META_REFRESH_URL.test(text)) out.push({ expr: piece, call, api: `${sink.api} (meta refresh)` });
      else if (inScript && LOCATION_URL.test(text)) out.push({ expr: piece, call, api: `${sink.api} (script setting location)` });
      text += SPLICED;
    }
  }
  return out;
}

/** The page as fixed text and spliced values, following consts that hold templates or concatenations. */
function pageText(expr: ts.Expression, context: RuleContext, depth: number): (string | ts.Expression)[] {
  const e = skipOuter(expr);
  if (depth < 4 && ts.isIdentifier(e)) {
    const init = context.initializer(e);
    if (init && stringParts(init)) return pageText(init, context, depth + 1);
  }
  if (ts.isStringLiteralLike(e)) return [e.text];
  const parts = stringParts(e);
  if (!parts) return [e];
  return parts.flatMap((p) => {
    if (p.kind === "text") return [p.text];
    // constantText reads `x ?? "/"` as "/": only values with no taint count as fixed text.
    const text = context.constantText(p.expr);
    return text !== undefined && !context.taint(p.expr).length ? [text] : depth < 4 ? pageText(p.expr, context, depth + 1) : [p.expr];
  });
}

/** The Location value of a headers object (or of an options object's `headers`). */
function locationHeader(expr: ts.Expression | undefined, context: RuleContext, via: string | undefined, api: string, call: ts.CallExpression | ts.NewExpression): SinkArgument[] {
  let props = context.objectProps(expr);
  if (via) props = context.objectProps(props?.value(via));
  if (!props) return [];
  const key = props.keys().find((k) => LOCATION.test(k));
  const value = key ? props.value(key) : undefined;
  return value ? [{ expr: value, call, api }] : [];
}

function responderName(expr: ts.Expression): string | undefined {
  const e = skipOuter(expr);
  // res.status(302).redirect(url), reply.code(302).redirect(url)
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) return responderName(e.expression.expression);
  if (ts.isIdentifier(e) && RESPONDER.test(e.text)) return e.text;
  if (ts.isPropertyAccessExpression(e) && (e.name.text === "res" || e.name.text === "response") && ts.isIdentifier(e.expression)) return `${e.expression.text}.${e.name.text}`;
  return undefined;
}

function isStatus(expr: ts.Expression | undefined, context: RuleContext): boolean {
  if (!expr) return false;
  const e = skipOuter(expr);
  if (ts.isNumericLiteral(e)) return true;
  const text = context.constantText(e);
  return text !== undefined && /^\d{3}$/.test(text);
}

