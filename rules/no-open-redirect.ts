import { calleeName, createRule, enclosingFunction, hasMark, leadingText, skipOuter, skipOuterAndAwait, stringParts, ts, type RuleContext, type TaintHit } from "../src/rule-api/index.js";
import { endsInExit } from "../src/rule-api/branches.js";
import { attacker, describeSource, toolOf } from "../src/rule-api/describe-source.js";
import { redirectTargets } from "../src/rule-api/sinks/redirect-sinks.js";
import type { SinkArgument } from "../src/rule-api/sinks/sink.js";
import { carriesValue, carriesWhole, fromRequestData, guardedOnEveryRoute, plausibleFlow } from "../src/rule-api/taint-regions.js";
import { taintThroughUrls } from "../src/rule-api/url-member-taint.js";

const OAUTH_FIELD = /^(redirect_?ur[il]|redirectUr[il]|callback_?ur[il]|callbackUr[il])$/i;
const OAUTH_ROUTE = /oauth|authori[sz]e|callback|consent|login|token/i;
const VALIDATOR_NAME = /((is|check|validate|verify|assert|ensure|match(es)?)_?(safe|valid|allowed|trusted|registered|local|relative|same_?origin)?_?(redirect|return|callback|next)_?(ur[il]|url|to|target|path)?)|((safe|valid|allowed|trusted|registered)_?(redirect|return|callback)_?(ur[il]|to|target|path)?)|(redirect|return)_?(ur[il]|to)_?(allowed|valid|safe|registered)|sameOrigin|isSameOrigin|isRelative(Url|Path)?|isLocal(Url|Path)?/i;
/** `isTransactionCallbackRegistered(tx)`: a check named for a redirect target and a verdict on it, words apart. */
const NAMED_TARGET_CHECK = /^(is|has|check|validate|verify|assert|ensure)(?=\w*(redirect|callback|return))(?=\w*(registered|allowed|trusted|permitted|allowlisted|whitelisted|safe))\w*$/i;
/** Fixed text that keeps a redirect on this site: "/path" (but not "//host"), or a relative path with a separator. */
const SAME_SITE_PREFIX = /^(\/[^/\\]|[^/\\:?#]+[/?#])/;
const FIXED_ORIGIN = /^https?:\/\/[^/?#@\\]+[/?#]/i;
const ORIGIN_ONLY = /^https?:\/\/[^/?#@\\]+$/i;

export default createRule({
  id: "no-open-redirect",
  meta: {
    description: "Redirect only to fixed paths, allowlisted URLs or a client's registered OAuth redirect URIs",
    severity: "medium",
    confidence: "high",
    checklist: ["CAUTH-2", "API-1"],
    cwe: ["CWE-601"],
    messages: {
      openRedirect:
        "{{source}} decides where `{{api}}` sends the browser: {{who}} can make a link to this server that bounces the user to any site, where a copy of the login page can collect their credentials. Redirect to a path that starts with a single \"/\" or to a URL on an allowlist (compare `new URL(u).origin` with the allowed origins).",
      relayedRedirectUri:
        "{{source}} is passed on as the `redirect_uri` of the identity provider's authorization URL `{{api}}` sends the browser to, unchecked: the provider delivers the authorization code to whatever URL the link names wherever the app registration allows it (wildcard reply URLs, any localhost port, a URL registered for another client). Check it against the client's registered redirect URIs (or an allowlist) before forwarding it.",
      oauthRedirect:
        "{{source}} is used as the OAuth redirect target by `{{api}}` without being compared with the client's registered redirect URIs: a crafted authorization link sends the authorization code (or the user) to the attacker's site. Look the client up and require an exact match with one of its registered redirect_uris before redirecting.",
    },
    docs: {
      rationale:
        "Servers that implement OAuth (an MCP server as authorization server or proxy) and their login and callback pages redirect the browser. When the target comes from the request, a link to the trusted server forwards the user to any site: a phishing page that looks like the login, or, in an OAuth flow, the attacker's endpoint that receives the authorization code. OAuth 2.1 requires redirect URIs to match a registered value exactly.",
      remediation:
        "Keep redirect targets on this site (a fixed path, or a path that starts with one \"/\" and not \"//\" or \"/\\\"), or compare the target with an allowlist: `new URL(target).origin === ALLOWED_ORIGIN`, `ALLOWED.includes(target)`. In OAuth authorize and callback handlers, look up the client and require `client.redirect_uris.includes(redirect_uri)` before redirecting, and remember the checked value for the callback instead of reading it from the request again.",
      examples: {
        bad: [
          'import express from "express";',
          "const app = express();",
          'app.get("/oauth/callback", (req, res) => {',
          "  const returnTo = String(req.query.return_to);",
          "  res.redirect(returnTo);",
          "});",
          "app.listen(3000);",
        ].join("\n"),
        good: [
          'import express from "express";',
          "const app = express();",
          'const ALLOWED_RETURN = ["/dashboard", "/settings"];',
          'app.get("/oauth/callback", (req, res) => {',
          "  const returnTo = String(req.query.return_to);",
          '  res.redirect(ALLOWED_RETURN.includes(returnTo) ? returnTo : "/dashboard");',
          "});",
          "app.listen(3000);",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/601.html",
      "https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html",
      "https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1#name-redirect-uri-registration",
      "https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization",
    ],
  },
  create(context) {
    const check = (call: ts.CallExpression | ts.NewExpression) => {
      for (const target of redirectTargets(call, context)) {
        const hit = unsafeTarget(target, context);
        if (!hit) {
          const relayed = relayedRedirectUri(target, context);
          if (!relayed) continue;
          context.report({ node: call, messageId: "relayedRedirectUri", data: { source: describeSource(relayed), api: target.api }, trace: context.trace(relayed, target.expr, `redirects the browser there (${target.api})`), ...toolOf(relayed, call, context) });
          return;
        }
        const oauth = hit.taint.path.some((k) => OAUTH_FIELD.test(k)) || (OAUTH_ROUTE.test(hit.spec.label) && /redirect|callback/i.test(hit.taint.path.join(".")));
        context.report({
          node: call,
          messageId: oauth ? "oauthRedirect" : "openRedirect",
          data: { source: describeSource(hit), who: attacker(hit), api: target.api },
          trace: context.trace(hit, target.expr, `redirects the browser there (${target.api})`),
          ...(oauth ? { severity: "high" as const } : {}),
          ...toolOf(hit, call, context),
        });
        return;
      }
    };
    return { CallExpression: check, NewExpression: check };
  },
});

/** The attacker value that decides the redirect's host, if any does. */
function unsafeTarget(target: SinkArgument, context: RuleContext): TaintHit | undefined {
  const pieces = flatten(target.expr, context, 0);
  let prefix = "";
  let cleanBefore = false;
  for (const piece of pieces) {
    if (typeof piece === "string") {
      prefix += piece;
      // A configured base URL followed by a path separator decides the host.
      if (cleanBefore && /[/?#]/.test(piece)) return undefined;
      continue;
    }
    // A fixed prefix seen here is judged below; a url-path mark only vouches for a prefix built elsewhere.
    const hits = relayedLocation(piece, context) ? [] : taintThroughUrls(piece, context).filter((h) => !safeHit(h) && !notSettableByLink(h) && plausibleFlow(h, context, piece) && fromRequestData(h) && (prefix !== "" || !hasMark(h.taint, "url-path")));
    if (!hits.length) {
      if (prefix === "") cleanBefore = true;
      prefix += "x";
      continue;
    }
    // A URL's own query or fragment (`url.search`) starts with "?" or "#": after any prefix it names no host.
    if (hits.every((h) => h.taint.piece?.length === 1 && (h.taint.piece[0] === "search" || h.taint.piece[0] === "hash"))) return undefined;
    // `https://docs.example.net${rest}` with rest always starting "/", or the request's own path (`req.originalUrl`): the origin is the code's.
    const pathAfterOrigin = ORIGIN_ONLY.test(prefix) && (!!leadingText(piece, (id) => context.initializer(id))?.startsWith("/") || hits.every(requestPath));
    if (prefix && (SAME_SITE_PREFIX.test(prefix) || FIXED_ORIGIN.test(prefix) || pathAfterOrigin)) return undefined;
    return hits.find((h) => !allowlisted(h, target, context));
  }
  return undefined;
}

/**
 * An OAuth proxy's redirect to a fixed identity provider carrying the client's own `redirect_uri` on to it: set on the
 * URL object (`idp.searchParams.set("redirect_uri", v)`, also through a loop over the parameter names it forwards) or
 * written into the query text (`?redirect_uri=${v}`), with no check of that redirect_uri in the handler first.
 */
function relayedRedirectUri(target: SinkArgument, context: RuleContext): TaintHit | undefined {
  const fn = enclosingFunction(target.call);
  if (!fn) return undefined;
  const values: ts.Expression[] = [];
  const url = urlObject(target.expr, context);
  const visit = (n: ts.Node): void => {
    if (n.pos >= target.call.pos) return;
    if (url && ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /^(set|append)$/.test(n.expression.name.text) && n.arguments.length === 2) {
      const params = skipOuter(n.expression.expression);
      const owner = ts.isPropertyAccessExpression(params) && params.name.text === "searchParams" ? skipOuter(params.expression) : undefined;
      if (owner && ts.isIdentifier(owner) && context.declaration(owner) === url && keyTexts(n.arguments[0]!, context).some((k) => OAUTH_FIELD.test(k))) values.push(n.arguments[1]!);
    }
    ts.forEachChild(n, visit);
  };
  visit(fn);
  let text = "";
  for (const piece of flatten(target.expr, context, 0)) {
    if (typeof piece === "string") text += piece;
    else if (/[?&](redirect_?ur[il]|callback_?ur[il])=$/i.test(text)) values.push(piece);
    // `${authorize}?${new URLSearchParams(req.query)}`: the whole query, redirect_uri and all, goes on to the provider.
    else if (/[?&]$/.test(text) && context.taint(piece).some((h) => h.spec.kind === "http-request" && h.taint.path.length === 1 && h.taint.path[0] === "query")) values.push(piece);
  }
  // Encoding keeps it inside the query, where it is still the redirect_uri the provider obeys.
  const fixed = (h: TaintHit) => hasMark(h.taint, "const") || hasMark(h.taint, "regex") || hasMark(h.taint, "number") || hasMark(h.taint, "host-allowlist");
  const hits = values.flatMap((v) => context.taint(v).filter((h) => fromRequestData(h) && !fixed(h) && !notSettableByLink(h) && plausibleFlow(h, context, v)));
  if (!hits.length || checksRedirectUri(fn, target.call, context)) return undefined;
  return hits.find((h) => !allowlisted(h, target, context));
}

/** The `new URL(…)` variable a redirect target is read from: `u`, `u.toString()`, `u.href`, `String(u)`. */
function urlObject(expr: ts.Expression, context: RuleContext): ts.Declaration | undefined {
  let e = skipOuterAndAwait(expr);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "toString" && !e.arguments.length) e = skipOuter(e.expression.expression);
  else if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "String" && e.arguments[0]) e = skipOuter(e.arguments[0]);
  else if (ts.isPropertyAccessExpression(e) && e.name.text === "href") e = skipOuter(e.expression);
  if (!ts.isIdentifier(e)) return undefined;
  const init = context.initializer(e);
  return init && ts.isNewExpression(skipOuter(init)) && context.api((skipOuter(init) as ts.NewExpression).expression)?.path.join(".") === "URL" ? context.declaration(e) : undefined;
}

/** The names a parameter key may be: a constant, or each of a fixed list walked by forEach or for…of. */
function keyTexts(key: ts.Expression, context: RuleContext): readonly string[] {
  const text = context.constantText(key);
  if (text !== undefined) return [text];
  const id = skipOuter(key);
  return (ts.isIdentifier(id) && context.loopTexts(id)) || [];
}

const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** A check before the redirect of a value the handler read as its redirect_uri: a validator, or a lookup in a list. */
function checksRedirectUri(fn: ts.Node, before: ts.Node, context: RuleContext): boolean {
  const isRedirectUri = (e: ts.Expression) => context.taint(e).some((h) => [...h.taint.path, ...(h.taint.piece ?? [])].some((k) => OAUTH_FIELD.test(k)));
  const comparesRedirectUri = (b: ts.BinaryExpression) => EQUALITY.has(b.operatorToken.kind) && (readsRedirectUri(b.left, context, 0) || readsRedirectUri(b.right, context, 0));
  const visit = (n: ts.Node): boolean => {
    if (n.pos >= before.pos) return false;
    if (ts.isCallExpression(n)) {
      const callee = skipOuter(n.expression);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
      const checks = VALIDATOR_NAME.test(name) || NAMED_TARGET_CHECK.test(name) || ["includes", "has", "indexOf"].includes(name);
      if (checks && n.arguments.some(isRedirectUri)) return true;
    }
    // if (new URL(redirectUri).origin !== ours) return reply.status(400)…: a comparison that refuses the request.
    if (ts.isIfStatement(n) && ts.isBinaryExpression(skipOuter(n.expression)) && comparesRedirectUri(skipOuter(n.expression) as ts.BinaryExpression) && endsInExit(n.thenStatement)) return true;
    return !!ts.forEachChild(n, (c) => visit(c) || undefined);
  };
  return visit(fn);
}

/** `response.headers.get("Location")`: the redirect of a response built elsewhere, judged where that response is built. */
function relayedLocation(piece: ts.Expression, context: RuleContext): boolean {
  let e = skipOuterAndAwait(piece);
  for (let depth = 0; depth < 3; depth++) {
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) e = skipOuterAndAwait(e.left);
    else if (ts.isIdentifier(e) && context.initializer(e)) e = skipOuterAndAwait(context.initializer(e)!);
    else break;
  }
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== "get") return false;
  const headers = skipOuter(e.expression.expression);
  const a0 = e.arguments[0];
  return ts.isPropertyAccessExpression(headers) && headers.name.text === "headers" && !!a0 && context.constantText(a0)?.toLowerCase() === "location" && !fromRequest(headers.expression, context);
}

/** The incoming request itself, whose headers a client writes. */
function fromRequest(e: ts.Expression, context: RuleContext): boolean {
  return context.taint(e).some((t) => t.spec.kind === "http-request" && t.taint.path.length === 0 && !t.taint.derived);
}

/** The target as fixed text and expressions, following const variables and templates. */
function flatten(expr: ts.Expression, context: RuleContext, depth: number): (string | ts.Expression)[] {
  const e = skipOuterAndAwait(expr);
  if (depth < 4 && ts.isIdentifier(e)) {
    const init = context.initializer(e);
    if (init && (ts.isTemplateExpression(skipOuter(init)) || ts.isBinaryExpression(skipOuter(init)))) return flatten(init, context, depth + 1);
  }
  const parts = stringParts(e);
  if (!parts) {
    const text = context.constantText(e);
    return [text !== undefined && !context.taint(e).length ? text : e];
  }
  return parts.flatMap((p) => {
    if (p.kind === "text") return [p.text];
    // constantText reads `x ?? "/"` as "/": only values with no taint count as fixed text.
    const text = context.constantText(p.expr);
    return text !== undefined && !context.taint(p.expr).length ? [text] : flatten(p.expr, context, depth + 1);
  });
}

/** A cookie is set by this site: another site cannot plant one in the victim's browser. */
/**
 * Cookies, the Host header and the proxy's forwarding headers: a link or a web page cannot set them on the victim's
 * request, so they cannot aim the victim's redirect.
 */
function notSettableByLink(h: TaintHit): boolean {
  const [a, b] = h.taint.path;
  if (h.spec.kind !== "http-request") return false;
  // Next.js's request.nextUrl.origin is this app's own origin, read from the Host header like req.hostname.
  const ownOrigin = a === "nextUrl" && (b === "origin" || b === "host" || b === "hostname");
  return ownOrigin || a === "cookies" || a === "signedCookies" || a === "protocol" || a === "hostname" || a === "host" || (a === "headers" && (b === "cookie" || b === "host" || /^x-forwarded-(host|proto|port)$/.test(b ?? "")));
}

/** `req.url`, `req.originalUrl`, `req.path`: the path of the request itself, which a browser always sends starting with "/". */
function requestPath(h: TaintHit): boolean {
  const [a, b] = h.taint.path;
  return h.spec.kind === "http-request" && !h.taint.derived && b === undefined && (a === "url" || a === "originalUrl" || a === "path" || a === "baseUrl");
}

function safeHit(h: TaintHit): boolean {
  const t = h.taint;
  return hasMark(t, "const") || hasMark(t, "regex") || hasMark(t, "number") || hasMark(t, "host-allowlist") || hasMark(t, "uri-encoded");
}

/** An allowlist, an exact comparison or a redirect validator guards every route to the redirect. */
function allowlisted(hit: TaintHit, target: SinkArgument, context: RuleContext): boolean {
  let leadingSlash = false;
  let noDoubleSlash = false;
  const guarded = guardedOnEveryRoute(hit, target.call, context, (n) => {
    if (ts.isBinaryExpression(n)) return exactComparison(n, hit, context);
    if (!ts.isCallExpression(n)) return false;
    const callee = skipOuter(n.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
    const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
    const a0 = n.arguments[0];
    if (receiver && a0 && ["includes", "has", "indexOf", "hasOwnProperty"].includes(method)) return carriesWhole(a0, hit, context) && !carriesValue(receiver, hit, context);
    if (receiver && a0 && method === "startsWith" && carriesValue(receiver, hit, context)) {
      const text = context.constantText(a0);
      if (text === "/") leadingSlash = true;
      if (text === "//" || text === "/\\") noDoubleSlash = true;
      return text !== undefined && FIXED_ORIGIN.test(text);
    }
    if (receiver && a0 && (method === "test" || method === "match") && carriesValue(method === "test" ? a0 : receiver, hit, context)) {
      const pattern = method === "test" ? receiver : a0;
      return /^\/\^(https?|\\\/)/.test(skipOuter(pattern).getText());
    }
    return (VALIDATOR_NAME.test(method) || NAMED_TARGET_CHECK.test(method)) && n.arguments.some((a) => carriesValue(a, hit, context));
  }, (check) => !(ts.isBinaryExpression(check) && (check.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || check.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken)));
  return guarded || (leadingSlash && noDoubleSlash);
}

/** `uri === client.redirect_uri`, `new URL(u).origin === ALLOWED_ORIGIN` (not a test for emptiness). */
function exactComparison(b: ts.BinaryExpression, hit: TaintHit, context: RuleContext): boolean {
  const op = b.operatorToken.kind;
  if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsToken) return false;
  const [l, r] = [carriesValue(b.left, hit, context), carriesValue(b.right, hit, context)];
  if (l === r || !carriesWhole(l ? b.left : b.right, hit, context)) return false;
  const other = skipOuter(l ? b.right : b.left);
  if (other.kind === ts.SyntaxKind.NullKeyword || other.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(other) && other.text === "undefined")) return false;
  const text = context.constantText(other);
  return text === undefined || (text !== "" && !/^(string|object|undefined)$/.test(text));
}

/** `params.get("redirect_uri")`, or a const or `new URL(…)` (and its parts) made from it. */
function readsRedirectUri(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  const e = skipOuter(expr);
  if (depth > 5) return false;
  if (ts.isPropertyAccessExpression(e)) return OAUTH_FIELD.test(e.name.text) || readsRedirectUri(e.expression, context, depth + 1);
  if (ts.isCallExpression(e) && calleeName(e) === "get" && e.arguments[0]) return OAUTH_FIELD.test(context.constantText(e.arguments[0]) ?? "");
  if (ts.isNewExpression(e) && e.arguments?.[0]) return readsRedirectUri(e.arguments[0], context, depth + 1);
  const init = ts.isIdentifier(e) ? context.initializer(e) : undefined;
  return !!init && readsRedirectUri(init, context, depth + 1);
}
