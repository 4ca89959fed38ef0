import { ATTACKER_KINDS, createRule, hasMark, isFunctionLike, returnedExpressions, skipOuter, skipOuterAndAwait, stringParts, thisOffset, ts, type FunctionLike, type RuleContext, type SourceKind, type TaintHit, type TraceStep } from "../src/rule-api/index.js";
import { attacker, describeSource, toolOf } from "../src/rule-api/describe-source.js";
import { htmlSinks, mcpHtmlText, type HtmlSink } from "../src/rule-api/sinks/html-sinks.js";
import { fromRequestData, plausibleFlow } from "../src/rule-api/taint-regions.js";
import { taintThroughUrls } from "../src/rule-api/url-member-taint.js";

const KINDS: readonly SourceKind[] = [...ATTACKER_KINDS, "third-party-content"];
const MARKUP = /<[a-zA-Z!/]/;
/** Library escapers and sanitizers, by module (the engine marks only some of them html-escaped). */
const ESCAPER_MODULES = new Set([
  "escape-html", "he", "html-escaper", "lodash", "lodash.escape", "lodash/escape", "lodash-es", "underscore", "validator", "xss", "sanitize-html",
  "dompurify", "isomorphic-dompurify", "entities", "html-entities", "escape-goat", "@std/html", "xss-filters", "html-escape", "escape-html-template-tag",
]);
const ESCAPER_MEMBERS = /^(escape|encode|escapeHTML|escapeHtml|htmlEscape|sanitize|encodeHTML|encodeHtml|filterXSS|inHTMLData|inDoubleQuotedAttr|inSingleQuotedAttr|escapeUTF8|encodeXML|escapeXML)$/;
/** Template engines that escape interpolated values by default. */
const TEMPLATE_MODULES = new Set(["ejs", "pug", "handlebars", "nunjucks", "mustache", "eta", "react-dom/server", "preact-render-to-string", "liquidjs", "@marko/runtime", "squirrelly", "hono/jsx", "hono/html", "lit", "lit-html", "vue/server-renderer"]);
/** Helpers of template modules that insert their argument as markup, unescaped. */
const RAW_HTML: Record<string, ReadonlySet<string>> = {
  "hono/html": new Set(["raw"]),
  "hono/utils/html": new Set(["raw"]),
  "lit/directives/unsafe-html": new Set(["unsafeHTML"]),
  "lit/directives/unsafe-svg": new Set(["unsafeSVG"]),
  "lit-html/directives/unsafe-html": new Set(["unsafeHTML"]),
  "lit-html/directives/unsafe-svg": new Set(["unsafeSVG"]),
};
const ESCAPER_NAME = /^(escape|escapeHtml|escapeHTML|htmlEscape|escapeXml|escapeXML|encodeHtml|encodeHTML|encodeEntities|sanitizeHtml|sanitizeHTML|escapeAttr|escapeAttribute|esc|escHtml|safeHtml|htmlEncode|xmlEscape)$/;

export default createRule({
  id: "no-unsafe-html-output",
  meta: {
    description: "Escape request, tool and upstream data before putting it into HTML the server sends or returns",
    severity: "medium",
    confidence: "medium",
    checklist: ["API-3"],
    cwe: ["CWE-79", "CWE-116"],
    messages: {
      httpResponse:
        "{{source}} is written without escaping into the HTML page `{{api}}` sends: {{who}} can put a script into the page that runs with this server's origin in the user's browser and reads what it shows (OAuth codes, tokens, session cookies). Escape it with an HTML escaper (escape-html, he.encode) or render the page with a template engine that escapes by default.",
      unsafeLink:
        "{{source}} becomes a whole link (`href`/`src`) in the HTML page `{{api}}` sends: HTML escaping keeps it inside the attribute, but {{who}} can make it `javascript:…`, which runs with this server's origin when the user clicks it. Accept only http: and https: URLs (`new URL(u).protocol`), or leave the link out.",
      mcpHtml:
        "{{source}} is spliced without escaping into HTML this server returns with mimeType \"text/html\" ({{what}}): {{who}} can inject markup and script into the interface the host renders from it. Escape it (escape-html, he.encode) or hand the data to the page as JSON instead of building markup from it.",
    },
    docs: {
      rationale:
        "MCP servers that speak HTTP serve their own pages: OAuth consent and callback pages, status pages, error pages. Values from the request (an error description, a client name, a state parameter) or from an upstream service placed into that HTML without escaping are reflected cross-site scripting: a crafted link runs script on the server's origin, where it can read authorization codes and tokens. HTML resources and tool results (mimeType text/html, MCP-UI) are rendered by the host, so markup built from tool arguments or fetched content injects into the host's UI in the same way.",
      remediation:
        "Escape every value placed into HTML with an escaper for its context (`escapeHtml(value)` from escape-html, `he.encode`), or render with a template engine that escapes by default (ejs `<%= %>`, handlebars `{{ }}`, JSX). Keep values out of inline scripts and event-handler attributes; pass data as JSON in a `<script type=\"application/json\">` element with `<` escaped, or through postMessage for MCP UIs.",
      examples: {
        bad: [
          'import express from "express";',
          "const app = express();",
          'app.get("/oauth/callback", (req, res) => {',
          "  const error = String(req.query.error_description ?? \"unknown error\");",
          "  res.send(`<html><body><h1>Sign-in failed</h1><p>${error}</p></body></html>`);",
          "});",
          "app.listen(3000);",
        ].join("\n"),
        good: [
          'import express from "express";',
          'import escapeHtml from "escape-html";',
          "const app = express();",
          'app.get("/oauth/callback", (req, res) => {',
          "  const error = String(req.query.error_description ?? \"unknown error\");",
          "  res.send(`<html><body><h1>Sign-in failed</h1><p>${escapeHtml(error)}</p></body></html>`);",
          "});",
          "app.listen(3000);",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/79.html",
      "https://cwe.mitre.org/data/definitions/116.html",
      "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
      "https://mcpui.dev/guide/server/typescript/overview",
    ],
  },
  create(context) {
    const reported = new Set<ts.Node>();
    const check = (call: ts.CallExpression | ts.NewExpression) => {
      for (const sink of htmlSinks(call, context)) {
        if (reported.has(sink.expr)) continue;
        const found = unsafePiece(sink.expr, sink.declaredHtml, context, sink.channel === "mcp", sink.defaultHtml);
        if (!found) continue;
        reported.add(sink.expr);
        report(sink, found, context, reported);
        return;
      }
    };
    return {
      CallExpression: check,
      NewExpression: check,
      ObjectLiteralExpression(obj) {
        const text = mcpHtmlText(obj, context);
        if (!text || reported.has(text)) return;
        // htmlResource(uri, html) wrapping markup its callers build: what each passes.
        const passed = ts.isIdentifier(skipOuter(text)) ? context.injectedArguments(text) : [];
        const found = (passed.length ? passed : [text]).map((t) => unsafePiece(t, false, context, true)).find(Boolean);
        if (!found) return;
        reported.add(text);
        const what = context.objectProps(obj)?.has("uri") ? "a resource" : "tool content";
        const [hit, at, link] = found;
        if (link) {
          context.report({ node: at, messageId: "unsafeLink", data: { source: describeSource(hit), who: who(hit), api: `text/html ${what}` }, trace: context.trace(hit, at, "placed into a link of text/html content"), ...toolOf(hit, obj, context) });
          return;
        }
        const splice = spliceInHelper(at, context);
        if (splice && reported.has(splice.node)) return;
        if (splice) reported.add(splice.node);
        context.report({
          // Markup a caller built and handed to the helper that makes the resource: the fix goes where it was built.
          node: splice?.node ?? (at.getSourceFile() === obj.getSourceFile() && at.pos >= obj.pos && at.end <= obj.end ? obj : at),
          messageId: "mcpHtml",
          data: { source: describeSource(hit), who: who(hit), what },
          trace: withSplice(context.trace(hit, at, "placed into text/html content"), splice, context),
          ...toolOf(hit, obj, context),
        });
      },
    };
  },
});

function report(sink: HtmlSink, [hit, at, link]: [TaintHit, ts.Expression, boolean], context: RuleContext, reported: Set<ts.Node>): void {
  const mcp = sink.channel === "mcp";
  if (link) {
    // The attribute is where the scheme check goes, wherever the page is sent from.
    context.report({ node: at, messageId: "unsafeLink", data: { source: describeSource(hit), who: who(hit), api: sink.api }, trace: context.trace(hit, at, `placed into a link of the page (${sink.api})`), ...toolOf(hit, sink.call, context) });
    return;
  }
  // Inside a long HTML template written into the call, the line of the unescaped value is the one to fix.
  const inside = at.getSourceFile() === sink.call.getSourceFile() && at.pos >= sink.call.pos && at.end <= sink.call.end;
  const splice = spliceInHelper(at, context);
  // Every page the helper builds splices the value at the same place: one finding there.
  if (splice && reported.has(splice.node)) return;
  if (splice) reported.add(splice.node);
  context.report({
    node: splice?.node ?? (inside ? at : sink.call),
    messageId: mcp ? "mcpHtml" : "httpResponse",
    data: { source: describeSource(hit), who: who(hit), api: sink.api, what: sink.api },
    trace: withSplice(context.trace(hit, at, mcp ? `placed into HTML (${sink.api})` : `written into the page (${sink.api})`), splice, context),
    ...(hit.spec.kind === "third-party-content" ? { confidence: "low" as const } : {}),
    ...toolOf(hit, sink.call, context),
  });
}

interface Splice {
  node: ts.Expression;
  helper: string;
}

/**
 * `res.end(page(sessionId))` where the project function `page` splices its parameter into its markup unescaped: the
 * splice is where the escaping belongs. An argument that is markup itself (`page(`<p>${name}</p>`)`) was built, and
 * left unescaped, by the caller.
 */
function spliceInHelper(piece: ts.Expression, context: RuleContext, depth = 0): Splice | undefined {
  const call = skipOuterAndAwait(piece);
  if (!ts.isCallExpression(call)) return depth < 3 ? spliceInReturned(call, context, depth) : undefined;
  const [fn, ...others] = context.calleeFunctions(call);
  if (!fn || others.length > 0) return undefined;
  const args = context.passedArguments(call);
  for (const returned of returnedExpressions(fn)) {
    for (const p of flatten(returned, context, 0)) {
      if (typeof p === "string") continue;
      const param = parameterRead(p, fn, context);
      const arg = param ? args[fn.parameters.indexOf(param) - thisOffset(fn)] : undefined;
      if (!arg || isEscaped(p, context, 0)) continue;
      if (flatten(arg, context, 0).some((x) => typeof x === "string" && MARKUP.test(x))) continue;
      if (unescaped(arg, context, 0)) return { node: p, helper: fn.name && ts.isIdentifier(fn.name) ? `${fn.name.text}()` : "the helper" };
    }
  }
  return undefined;
}

/**
 * `const result = await handler.callback(query); c.html(result.html)`: the page a project function returns under that
 * key, built by a helper that splices into it.
 */
function spliceInReturned(expr: ts.Expression, context: RuleContext, depth: number): Splice | undefined {
  if (!ts.isPropertyAccessExpression(expr)) return undefined;
  const base = skipOuter(expr.expression);
  const call = skipOuterAndAwait((ts.isIdentifier(base) ? context.initializer(base) : undefined) ?? base);
  if (!ts.isCallExpression(call)) return undefined;
  const [fn, ...others] = context.calleeFunctions(call);
  if (!fn || others.length > 0) return undefined;
  for (const returned of returnedExpressions(fn)) {
    const value = context.objectProps(skipOuterAndAwait(returned))?.value(expr.name.text);
    const splice = value && buildsPage(value, context) ? spliceInHelper(value, context, depth + 1) : undefined;
    if (splice) return splice;
  }
  return undefined;
}

/** A call of one project function that returns markup it writes out: a page builder, not a value's formatter. */
function buildsPage(expr: ts.Expression, context: RuleContext): boolean {
  const call = skipOuterAndAwait(expr);
  const [fn, ...others] = ts.isCallExpression(call) ? context.calleeFunctions(call) : [];
  return !!fn && !others.length && returnedExpressions(fn).some((r) => flatten(r, context, 0).some((p) => typeof p === "string" && MARKUP.test(p)));
}

/** The parameter of fn that `title`, `opts.title` or a destructured `{ title }` reads. */
function parameterRead(piece: ts.Expression, fn: FunctionLike, context: RuleContext): ts.ParameterDeclaration | undefined {
  let e = skipOuter(piece);
  while (ts.isPropertyAccessExpression(e)) e = skipOuter(e.expression);
  if (!ts.isIdentifier(e)) return undefined;
  let decl: ts.Node | undefined = context.declaration(e);
  while (decl && ts.isBindingElement(decl)) decl = decl.parent.parent;
  return decl && ts.isParameter(decl) && decl.parent === fn ? decl : undefined;
}

function withSplice(trace: TraceStep[], splice: Splice | undefined, context: RuleContext): TraceStep[] {
  if (!splice) return trace;
  return [...trace.slice(0, -1), context.step(splice.node, "step", `spliced into the markup ${splice.helper} returns, unescaped`), ...trace.slice(-1)];
}

function who(hit: TaintHit): string {
  return hit.spec.kind === "third-party-content" ? "whoever controls that upstream content" : attacker(hit);
}

type Piece = string | ts.Expression;

/**
 * The first value spliced into the HTML that is attacker-controlled and not escaped. Without a declared HTML
 * content type the text must show markup, or be sent as HTML by default and splice a value a crafted link can
 * fill; for MCP content, a value passed through whole is the tool's purpose.
 */
/** The first attacker value spliced unsafely into the markup, where, and whether it is a whole link (a URL attribute's value). */
function unsafePiece(expr: ts.Expression, declaredHtml: boolean, context: RuleContext, builtOnly: boolean, defaultHtml = false): [TaintHit, ts.Expression, boolean] | undefined {
  const pieces = flatten(expr, context, 0);
  const markup = MARKUP.test(pieces.filter((p): p is string => typeof p === "string").join("")) || pieces.some((p) => typeof p !== "string" && buildsMarkup(p, context));
  if (!markup && !defaultHtml && (!declaredHtml || builtOnly)) return undefined;
  const linkOnly = !markup && defaultHtml;
  let before = "";
  for (const piece of pieces) {
    if (typeof piece === "string") {
      before += piece;
      continue;
    }
    const link = URL_ATTRIBUTE.test(before);
    const hit = link ? unsafeLink(piece, context) : unescaped(piece, context, 0, SINGLE_QUOTED.test(before), linkOnly);
    if (hit) return [hit, piece, link];
  }
  return undefined;
}

/** Text ending where a URL attribute's value starts (`<a href="`): the value's scheme decides what a click runs. */
const URL_ATTRIBUTE = /<[a-z][^<>]*\s(href|src|action|formaction|xlink:href)\s*=\s*["']?$/i;

/**
 * A whole link from the attacker: HTML escaping keeps it inside the attribute, but `javascript:alert(1)` needs no
 * markup. Safe once checked to be http(s), or fixed by the code.
 */
function unsafeLink(piece: ts.Expression, context: RuleContext): TaintHit | undefined {
  return taintThroughUrls(piece, context, KINDS).find((h) => {
    const t = h.taint;
    const fixed = hasMark(t, "number") || hasMark(t, "const") || hasMark(t, "regex") || hasMark(t, "http-scheme") || hasMark(t, "host-allowlist") || hasMark(t, "url-path");
    return !fixed && !t.part && !fromCookie(h) && plausibleFlow(h, context, piece) && fromRequestData(h);
  });
}

/** Text ending inside a single-quoted JS string or attribute (`href = '/next?id=`), where encodeURIComponent leaves `'` as it is. */
const SINGLE_QUOTED = /[=(,:[+?]\s*'[^'\n<>]*$/;

function unescaped(piece: ts.Expression, context: RuleContext, depth: number, singleQuoted = false, linkOnly = false): TaintHit | undefined {
  if (isEscaped(piece, context, 0)) return undefined;
  const inner = mappedMarkup(piece, context, depth, linkOnly);
  if (inner !== undefined) return inner || undefined;
  return taintThroughUrls(piece, context, KINDS).find((h) => !safe(h, singleQuoted) && !fromCookie(h) && (!linkOnly || fromLink(h)) && plausibleFlow(h, context, piece) && fromRequestData(h) && !escapedOnTheWay(h, context));
}

/**
 * Text with no markup of its own becomes a page only through a `<` the attacker brings: a decoded query, route or
 * form field of a request a crafted link or form makes (browsers percent-encode `<` in a raw URL and set no headers).
 */
function fromLink(h: TaintHit): boolean {
  return h.spec.kind === "http-request" && (["query", "params", "body"].includes(h.taint.path[0] ?? "") || h.taint.piece?.[0] === "searchParams");
}

/** `items.map((i) => `<li>${esc(i.name)}</li>`).join("")`: judged by what the callback returns. */
function mappedMarkup(piece: ts.Expression, context: RuleContext, depth: number, linkOnly: boolean): TaintHit | false | undefined {
  if (depth > 3) return undefined;
  let e = skipOuterAndAwait(piece);
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "join") e = skipOuter(e.expression.expression);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== "map") return undefined;
  const cb = e.arguments[0] && skipOuter(e.arguments[0]);
  if (!cb || !isFunctionLike(cb)) return undefined;
  const returns = returnedExpressions(cb);
  for (const r of returns) {
    for (const p of flatten(r, context, 0)) {
      if (typeof p === "string") continue;
      const hit = unescaped(p, context, depth + 1, false, linkOnly);
      if (hit) return hit;
    }
  }
  return false;
}

/** page(title, body): a project function whose result is a template with markup. */
function buildsMarkup(expr: ts.Expression, context: RuleContext): boolean {
  const e = skipOuterAndAwait(expr);
  if (!ts.isCallExpression(e)) return false;
  return context.calleeFunctions(e).some((fn) => returnedExpressions(fn).some((r) => MARKUP.test(flatten(r, context, 0).filter((p): p is string => typeof p === "string").join(""))));
}

/** A cookie is set by this site: another site cannot plant one in the victim's browser. */
function fromCookie(h: TaintHit): boolean {
  const [a, b] = h.taint.path;
  return h.spec.kind === "http-request" && (a === "cookies" || a === "signedCookies" || (a === "headers" && b === "cookie"));
}

function safe(h: TaintHit, singleQuoted: boolean): boolean {
  const t = h.taint;
  const encoded = t.marks.filter((m) => m.kind === "uri-encoded");
  return hasMark(t, "number") || hasMark(t, "const") || hasMark(t, "regex") || hasMark(t, "html-escaped") || hasMark(t, "base64") || (encoded.length > 0 && !singleQuoted && !encoded.some((m) => !!m.node && quotedAt(m.node)));
}

/** `'/next?id=${encodeURIComponent(id)}'` in a template, here or in the helper that built the HTML: the encoding leaves `'` open. */
function quotedAt(node: ts.Node): boolean {
  const span = node.parent;
  if (!span || !ts.isTemplateSpan(span)) return false;
  const template = span.parent;
  const at = template.templateSpans.indexOf(span);
  const before = [template.head.text, ...template.templateSpans.slice(0, at).map((s) => s.literal.text)].join("x");
  return SINGLE_QUOTED.test(before);
}

/** The HTML as fixed text and spliced values, following const variables, templates and concatenation. */
function flatten(expr: ts.Expression, context: RuleContext, depth: number): Piece[] {
  const e = skipOuterAndAwait(expr);
  if (depth < 5 && ts.isIdentifier(e)) {
    const init = context.initializer(e);
    if (init && (ts.isTemplateExpression(skipOuter(init)) || (ts.isBinaryExpression(skipOuter(init)) && (skipOuter(init) as ts.BinaryExpression).operatorToken.kind === ts.SyntaxKind.PlusToken) || insertsMarkup(init, context))) return flatten(init, context, depth + 1);
  }
  // raw(`<script>${x}</script>`): the argument is the markup, as written.
  if (ts.isCallExpression(e) && rawHtml(e, context) && e.arguments[0]) return flatten(e.arguments[0], context, depth + 1);
  // html`<p>${name}</p>${raw(x)}`: the tag escapes what it splices, except markup handed over as such.
  if (ts.isTaggedTemplateExpression(e) && escapingTag(e, context)) {
    const t = e.template;
    if (ts.isNoSubstitutionTemplateLiteral(t)) return [t.text];
    return [t.head.text, ...t.templateSpans.flatMap((span) => [...(depth < 5 && insertsMarkup(span.expression, context) ? flatten(span.expression, context, depth + 1) : []), span.literal.text])];
  }
  // cond ? `<li>${a}</li>` : "", name || "anonymous": the pieces of every branch.
  if (ts.isConditionalExpression(e)) return [...flatten(e.whenTrue, context, depth + 1), ...flatten(e.whenFalse, context, depth + 1)];
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return [...flatten(e.left, context, depth + 1), ...flatten(e.right, context, depth + 1)];
  const parts = stringParts(e);
  if (!parts) {
    const text = ts.isNoSubstitutionTemplateLiteral(e) || ts.isStringLiteral(e) ? e.text : undefined;
    return [text ?? e];
  }
  return parts.flatMap((p): Piece[] => {
    if (p.kind === "text") return [p.text];
    // constantText reads `x ?? ""` as "": only values with no taint count as fixed text.
    const text = context.constantText(p.expr);
    return text !== undefined && !context.taint(p.expr, KINDS).length ? [text] : flatten(p.expr, context, depth + 1);
  });
}

function isEscaped(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  if (depth > 10) return false;
  const e = skipOuterAndAwait(expr);
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    if (init) return isEscaped(init, context, depth + 1);
    // (uri) => `<div>${uri}</div>` over an array whose elements were escaped when it was built.
    const array = elementSource(e);
    return !!array && isEscaped(array, context, depth + 1);
  }
  // list.map((x) => escape(x)).filter(Boolean): the engine passes the receiver's taint through map().
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const method = e.expression.name.text;
    if (ARRAY_PASS_THROUGH.has(method)) return isEscaped(e.expression.expression, context, depth + 1);
    const cb = e.arguments[0] && skipOuter(e.arguments[0]);
    if (method === "map" && cb && isFunctionLike(cb)) {
      const returns = returnedExpressions(cb);
      return returns.length > 0 && returns.every((r) => isEscaped(r, context, depth + 1) || !context.taint(r, KINDS).length);
    }
  }
  if (ts.isConditionalExpression(e) || (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken))) {
    // name ? escape(name) : "Unknown": every branch is escaped or fixed.
    const [a, b] = ts.isConditionalExpression(e) ? [e.whenTrue, e.whenFalse] : [e.left, e.right];
    const ok = (x: ts.Expression) => isEscaped(x, context, depth + 1) || !context.taint(x, KINDS).length;
    return ok(a) && ok(b);
  }
  if (ts.isPropertyAccessExpression(e) && URL_ENCODED_PARTS.has(e.name.text) && isParsedUrl(e.expression, context)) return true;
  return ts.isCallExpression(e) && (isEscapingCall(e, context) || encodesToSafeAlphabet(e, context) || replacesMarkupInChain(e));
}

/** A raw-HTML helper's call or an escaping template module's tagged template, directly or through a const. */
function insertsMarkup(expr: ts.Expression, context: RuleContext): boolean {
  let e = skipOuterAndAwait(expr);
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  return (ts.isCallExpression(e) && rawHtml(e, context)) || (ts.isTaggedTemplateExpression(e) && escapingTag(e, context));
}

function rawHtml(call: ts.CallExpression, context: RuleContext): boolean {
  const api = context.api(call.expression);
  return !!api && !!RAW_HTML[api.module]?.has(api.path.filter((p) => p !== "#").pop() ?? "");
}

/** hono's html``, lit's html`` and svg``: templates that escape the values they splice. */
function escapingTag(tt: ts.TaggedTemplateExpression, context: RuleContext): boolean {
  const api = context.api(tt.tag);
  return !!api && TEMPLATE_MODULES.has(api.module);
}

/** `JSON.stringify(x).replace(/</g, "\\u003c").replace(/>/g, …)`: escaped where it is written, by a chain of replaces. */
function replacesMarkupInChain(call: ts.CallExpression): boolean {
  for (let e: ts.Expression = call; ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && /^replace(All)?$/.test(e.expression.name.text); e = skipOuter(e.expression.expression)) {
    const [pattern, replacement] = e.arguments;
    const markup = !!pattern && ((ts.isRegularExpressionLiteral(pattern) && pattern.text.includes("<")) || (ts.isStringLiteral(pattern) && pattern.text === "<"));
    if (markup && !(replacement && ts.isStringLiteralLike(replacement) && replacement.text.includes("<"))) return true;
  }
  return false;
}

const ARRAY_PASS_THROUGH = new Set(["filter", "slice", "sort", "reverse", "concat", "flat"]);

/** The array a callback parameter iterates over: `uri` in `redirectUris.map((uri) => ...)`. */
function elementSource(id: ts.Identifier): ts.Expression | undefined {
  const sym = id.parent && ts.isParameter(id.parent) ? id.parent : undefined;
  const decl = sym ?? findParameter(id);
  if (!decl) return undefined;
  const fn = decl.parent;
  if (!isFunctionLike(fn) || fn.parameters[0] !== decl || !ts.isCallExpression(fn.parent)) return undefined;
  const call = fn.parent;
  if (!ts.isPropertyAccessExpression(call.expression) || !["map", "forEach", "flatMap", "filter", "find"].includes(call.expression.name.text)) return undefined;
  return call.expression.expression;
}

function findParameter(id: ts.Identifier): ts.ParameterDeclaration | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (isFunctionLike(n)) {
      const p = n.parameters.find((x) => ts.isIdentifier(x.name) && x.name.text === id.text);
      if (p) return p;
    }
  }
  return undefined;
}

/** Components of a parsed URL are percent-encoded: no quotes or angle brackets (searchParams.get() decodes, so it is not here). */
const URL_ENCODED_PARTS = new Set(["pathname", "href", "search", "origin", "host", "hostname", "port", "protocol"]);

function isParsedUrl(expr: ts.Expression, context: RuleContext): boolean {
  let e = skipOuter(expr);
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  if (!ts.isNewExpression(e)) return false;
  const api = context.api(e.expression);
  return !!api && (api.module === "global" || api.module === "url") && api.path[api.path.length - 1] === "URL";
}

/** btoa(x), Buffer.from(x).toString("base64" | "hex"), a digest: the output alphabet has no markup characters. */
function encodesToSafeAlphabet(call: ts.CallExpression, context: RuleContext): boolean {
  const api = context.api(call.expression);
  if (api?.module === "global" && api.path.join(".") === "btoa") return true;
  const callee = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee) && (callee.name.text === "toString" || callee.name.text === "digest")) {
    const enc = call.arguments[0] ? context.constantText(call.arguments[0]) : undefined;
    return enc === "base64" || enc === "hex" || enc === "base64url";
  }
  return false;
}

function isEscapingCall(call: ts.CallExpression, context: RuleContext): boolean {
  const api = context.api(call.expression);
  if (api) {
    const last = api.path.filter((p) => p !== "#").pop() ?? "";
    if (TEMPLATE_MODULES.has(api.module)) return !RAW_HTML[api.module]?.has(last);
    return ESCAPER_MODULES.has(api.module) && (api.path.length === 0 || ESCAPER_MEMBERS.test(last));
  }
  const callee = skipOuter(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
  const fns = context.calleeFunctions(call);
  if (!fns.length) return ESCAPER_NAME.test(name) || (name === "sanitize" && ts.isPropertyAccessExpression(callee));
  // A page builder that escapes one of its values does not escape the others it splices raw.
  if (buildsPage(call, context) && spliceInHelper(call, context)) return false;
  // A project helper that replaces markup characters with entities, calls an escaper, or returns only base64 or hex.
  return fns.some((fn) => !!fn.body && (ENTITY.test(fn.body.getText()) || replacesMarkup(fn) || usesEntityTable(fn, context) || callsEscaper(fn, context) || returnsEncoded(fn, context)));
}

/** `function pack(s) { return btoa(s); }`: every value the helper returns is in an alphabet with no markup characters. */
function returnsEncoded(fn: FunctionLike, context: RuleContext): boolean {
  const returns = returnedExpressions(fn);
  return returns.length > 0 && returns.every((r) => {
    const e = skipOuterAndAwait(r);
    return ts.isCallExpression(e) && encodesToSafeAlphabet(e, context);
  });
}

const ENTITY = /&(lt|amp|#0*60|#x0*3c);/i;

/** .replace(/[&<>"']/g, ...) or .replace(/</g, ...): the helper rewrites the markup characters. */
function replacesMarkup(fn: FunctionLike): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /^replace(All)?$/.test(n.expression.name.text) && n.arguments[0] && ts.isRegularExpressionLiteral(n.arguments[0]) && n.arguments[0].text.includes("<")) found = true;
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** const ENTITIES = { "<": "&lt;", ... } used in the helper. */
function usesEntityTable(fn: FunctionLike, context: RuleContext): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n)) {
      const init = context.initializer(n);
      if (init && !isFunctionLike(init) && ENTITY.test(init.getText())) found = true;
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

function callsEscaper(fn: FunctionLike, context: RuleContext): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const api = context.api(n.expression);
      if (api && ESCAPER_MODULES.has(api.module)) found = true;
    }
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** The value went through a project escaper on its way (a call the trace returns from). */
function escapedOnTheWay(hit: TaintHit, context: RuleContext): boolean {
  return hit.taint.trace.some((s) => s.kind === "return" && ts.isCallExpression(s.node) && isEscapingCall(s.node, context));
}
