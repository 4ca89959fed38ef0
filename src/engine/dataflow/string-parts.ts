import { ts } from "../../rule-api/ts.js";
import { calleeName, enclosingFunction, skipOuter } from "../ast/function-like.js";

/** A piece of a string built by a template literal or `+`: fixed text, or an expression. */
export type StringPart = { kind: "text"; text: string } | { kind: "expr"; expr: ts.Expression };

/** Flattens `a + "x" + b` and `` `x${a}y` `` into their pieces, in order; undefined for anything else. */
export function stringParts(expr: ts.Expression): StringPart[] | undefined {
  const e = skipOuter(expr);
  if (ts.isTemplateExpression(e)) {
    const parts: StringPart[] = [];
    if (e.head.text) parts.push({ kind: "text", text: e.head.text });
    for (const span of e.templateSpans) {
      parts.push(...(stringParts(span.expression) ?? [{ kind: "expr" as const, expr: span.expression }]));
      if (span.literal.text) parts.push({ kind: "text", text: span.literal.text });
    }
    return parts;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = stringParts(e.left) ?? [partOf(e.left)];
    const right = stringParts(e.right) ?? [partOf(e.right)];
    return [...left, ...right];
  }
  return undefined;
}

/** The initializer of the const an identifier names. */
export type ConstOf = (id: ts.Identifier) => ts.Expression | undefined;

/**
 * Text a string value always starts with: `/${x}`, `"/" + x`, and `p.startsWith("/") ? p : "/" + p` (both branches
 * begin with "/"), through consts.
 */
export function leadingText(expr: ts.Expression, initOf: ConstOf, depth = 0): string | undefined {
  const e = skipOuter(expr);
  if (depth > 3) return undefined;
  if (ts.isIdentifier(e)) {
    const init = initOf(e);
    return init ? leadingText(init, initOf, depth + 1) : undefined;
  }
  if (ts.isStringLiteralLike(e)) return e.text;
  const parts = stringParts(e);
  if (parts) {
    let text = "";
    for (const part of parts) {
      const whole = part.kind === "text" ? part.text : leadingText(part.expr, initOf, depth + 1);
      text += whole ?? "";
      // Past a piece known only by its start, what follows is not known to come next.
      if (part.kind === "expr" && (whole === undefined || !isWholeText(part.expr, initOf))) break;
    }
    return text || undefined;
  }
  // An http(s) URL's pathname starts with "/", and so does it after replacing an anchored prefix by "/…"; "a:@evil.example/x" has "@evil.example/x".
  if (ts.isPropertyAccessExpression(e) && e.name.text === "pathname") return hasSpecialScheme(e.expression, initOf, depth) ? "/" : undefined;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "replace") {
    const [pattern, replacement] = e.arguments;
    const anchored = pattern && ts.isRegularExpressionLiteral(pattern) && pattern.text.startsWith("/^");
    if (anchored && replacement && ts.isStringLiteralLike(replacement) && replacement.text.startsWith("/") && leadingText(e.expression.expression, initOf, depth + 1)?.startsWith("/")) return "/";
  }
  if (ts.isConditionalExpression(e)) {
    const whenTrue = leadingText(e.whenTrue, initOf, depth + 1) ?? testedPrefix(e.condition, e.whenTrue, true);
    const whenFalse = leadingText(e.whenFalse, initOf, depth + 1) ?? testedPrefix(e.condition, e.whenFalse, false);
    if (!whenTrue || !whenFalse) return undefined;
    let n = 0;
    while (n < whenTrue.length && whenTrue[n] === whenFalse[n]) n++;
    return n ? whenTrue.slice(0, n) : undefined;
  }
  return undefined;
}

/** Schemes whose URLs always have a "/"-led path: a URL of any other scheme ("a:", "mailto:") has whatever path its text gave. */
const SPECIAL_SCHEME = /^(https?|wss?|ftp|file):/i;

/** Relative text that cannot begin a scheme: a "/", "?", "#" or "\\" comes before any ":". */
const SCHEMELESS = /^[^:]*[/?#\\]/;

/**
 * A URL object known to have an http(s)-like scheme: `new URL("https://host/" + x)`, `new URL("/" + x, "https://base")`,
 * `new URL(req.url)` of an HTTP request, or a const URL whose `protocol` the enclosing function compares to "http:"/"https:".
 */
function hasSpecialScheme(url: ts.Expression, initOf: ConstOf, depth: number): boolean {
  let e = skipOuter(url);
  const named = ts.isIdentifier(e) ? e : undefined;
  if (named) e = skipOuter(initOf(named) ?? e);
  if (!ts.isNewExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== "URL") return false;
  const [input, base] = e.arguments ?? [];
  if (!input) return false;
  const lead = leadingText(input, initOf, depth + 1);
  if (lead && SPECIAL_SCHEME.test(lead)) return true;
  if (lead && SCHEMELESS.test(lead) && base && SPECIAL_SCHEME.test(leadingText(base, initOf, depth + 1) ?? "")) return true;
  if (isRequestUrl(input)) return true;
  return !!named && protocolChecked(e);
}

/** `req.url`, `request.url`, `c.req.url`, `req.originalUrl`: an HTTP server's request target is a path or an http(s) URL. */
function isRequestUrl(expr: ts.Expression): boolean {
  const e = skipOuter(expr);
  if (!ts.isPropertyAccessExpression(e) || !/^(url|originalUrl)$/.test(e.name.text)) return false;
  const owner = skipOuter(e.expression);
  const name = ts.isIdentifier(owner) ? owner.text : ts.isPropertyAccessExpression(owner) ? owner.name.text : "";
  return /^(req|request)$/i.test(name);
}

const checkedProtocols = new WeakMap<ts.Node, boolean>();

/** `const u = new URL(x)` where the function holding it also tests `u.protocol` against "http:"/"https:". */
function protocolChecked(init: ts.NewExpression): boolean {
  const cached = checkedProtocols.get(init);
  if (cached !== undefined) return cached;
  const decl = init.parent;
  const name = ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) ? decl.name.text : undefined;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    const owner = ts.isPropertyAccessExpression(n) && n.name.text === "protocol" ? skipOuter(n.expression) : undefined;
    if (owner && ts.isIdentifier(owner) && owner.text === name && comparedToHttp(n as ts.PropertyAccessExpression)) found = true;
    else ts.forEachChild(n, visit);
  };
  if (name) visit(enclosingFunction(init)?.body ?? init.getSourceFile());
  checkedProtocols.set(init, found);
  return found;
}

/** `p === "https:"`, `p !== "http:"`, `p.startsWith("http")`, `["http:", "https:"].includes(p)`, `/^https?:$/.test(p)` for the protocol read p. */
function comparedToHttp(read: ts.Expression): boolean {
  const parent = read.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name.text === "startsWith" && ts.isCallExpression(parent.parent)) {
    const prefix = parent.parent.arguments[0];
    return !!prefix && ts.isStringLiteralLike(prefix) && /^(http|ws)/i.test(prefix.text);
  }
  if (ts.isBinaryExpression(parent) && /^[!=]==?$/.test(parent.operatorToken.getText())) {
    const other = skipOuter(parent.left === read ? parent.right : parent.left);
    return ts.isStringLiteralLike(other) && /^(https?|wss?):$/i.test(other.text);
  }
  if (ts.isCallExpression(parent) && parent.arguments[0] === read && ts.isPropertyAccessExpression(parent.expression)) {
    const list = skipOuter(parent.expression.expression);
    if (parent.expression.name.text === "includes" && ts.isArrayLiteralExpression(list)) return list.elements.length > 0 && list.elements.every((el) => ts.isStringLiteralLike(el) && SPECIAL_SCHEME.test(el.text));
    if (parent.expression.name.text === "test" && ts.isRegularExpressionLiteral(list)) return /^\/\^(https|wss|http)/.test(list.text);
  }
  return false;
}

/** A string literal, directly or through consts. */
function isWholeText(expr: ts.Expression, initOf: ConstOf, depth = 0): boolean {
  const e = skipOuter(expr);
  if (ts.isStringLiteralLike(e)) return true;
  const init = ts.isIdentifier(e) && depth < 4 ? initOf(e) : undefined;
  return !!init && isWholeText(init, initOf, depth + 1);
}

/** In `x.startsWith("/") ? x : …`, the branch that is x where the test held starts with "/". */
function testedPrefix(condition: ts.Expression, branch: ts.Expression, holds: boolean): string | undefined {
  let c = skipOuter(condition);
  while (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) {
    c = skipOuter(c.operand);
    holds = !holds;
  }
  if (!holds || !ts.isCallExpression(c) || calleeName(c) !== "startsWith" || !ts.isPropertyAccessExpression(skipOuter(c.expression))) return undefined;
  const prefix = c.arguments[0] && skipOuter(c.arguments[0]);
  const receiver = (skipOuter(c.expression) as ts.PropertyAccessExpression).expression;
  return prefix && ts.isStringLiteralLike(prefix) && prefix.text && skipOuter(receiver).getText() === skipOuter(branch).getText() ? prefix.text : undefined;
}

function partOf(e: ts.Expression): StringPart {
  const x = skipOuter(e);
  if (ts.isStringLiteralLike(x) || ts.isNumericLiteral(x)) return { kind: "text", text: x.text };
  return { kind: "expr", expr: e };
}

/** Whether text appended to a value starting with `lead` lands after a fixed host ("https://api.example.com/v1?"). */
export function pinsHost(lead: string | undefined): boolean {
  if (!lead) return false;
  const url = new UrlScanner();
  url.text(lead);
  return url.tainted() === "path";
}

/** Path segments that only name an API's root or version. */
const API_ROOT = /^(v?\d+(\.\d+)*|api|rest|_?apis|latest)$/i;

/** The part of text past the scheme and host ("https://api.example.com/v1/x" → "/v1/x"); a relative reference is all path. */
function pastHost(t: string, inHost: boolean): string {
  const scheme = t.indexOf("://");
  if (scheme < 0 && !inHost) return t;
  const rest = scheme >= 0 ? t.slice(scheme + 3) : t;
  const at = rest.search(/[/?#]/);
  return at < 0 ? "" : rest.slice(at);
}

/** Where in a URL a piece lands: able to set the host, or only the path/query after a fixed host. */
export type UrlPosition = "host" | "path";

/**
 * Walks the pieces of a string as a URL would be read: fixed text like "https://api.example.com/"
 * pins the host, so anything after it can only change the path.
 */
export class UrlScanner {
  private state: "start" | "host" | "path" | "after-base" = "start";
  private query = false;
  /** The fixed text written after the host so far. */
  private fixedPath = "";

  text(t: string): void {
    if (!t) return;
    const was = this.state;
    this.read(t);
    if (this.state === "path" || this.state === "after-base") this.fixedPath += was === "path" || was === "after-base" ? t : pastHost(t, was === "host");
    // Neither a scheme nor a host holds "?" or "#": past the host, either one starts the query or fragment.
    if (this.state === "path" && /[?#]/.test(t)) this.query = true;
  }

  /** Whether the fixed path before a piece appended now names a resource, not just the API's root (`/v2`, `/api`). */
  scoped(): boolean {
    return (this.fixedPath.split(/[?#]/)[0] ?? "").split("/").some((segment) => segment !== "" && !API_ROOT.test(segment));
  }

  private read(t: string): void {
    if (this.state === "path") return;
    if (this.state === "start" || this.state === "after-base") {
      const scheme = t.indexOf("://");
      if (scheme >= 0) {
        this.state = /[/?#]/.test(t.slice(scheme + 3)) ? "path" : "host";
        return;
      }
      if (this.state === "start") {
        // "/x", "?q=", or "repos/..." (a slash before any colon): a relative reference never names a host.
        if (/^[^:/?#]*[/?#]/.test(t)) this.state = "path";
        return;
      }
      if (/^[/?#]/.test(t)) this.state = "path";
      return;
    }
    if (/[/?#]/.test(t)) this.state = "path";
  }

  /** A value the attacker does not control: a configured base URL, or configured text after a fixed origin (a path prefix). */
  clean(): void {
    if (this.state === "start" || this.state === "host") this.state = "after-base";
  }

  /** Whatever comes next cannot change the host. */
  hostFixed(): boolean {
    return this.state === "path" || this.state === "after-base";
  }

  /** Where a piece appended now would land, without appending it. */
  position(): UrlPosition {
    return this.state === "path" || this.state === "after-base" ? "path" : "host";
  }

  /** Whether a piece appended now lands in the query or fragment rather than among the path's segments. */
  inQuery(): boolean {
    return this.query;
  }

  /** Position of an attacker-controlled piece appended now. */
  tainted(): UrlPosition {
    if (this.state === "path") return "path";
    // `${baseUrl}${endpoint}`: a configured base is assumed to carry its own host.
    if (this.state === "after-base") return "path";
    this.state = "host";
    return "host";
  }
}
