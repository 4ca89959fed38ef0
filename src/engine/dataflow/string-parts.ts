import { ts } from "../../rule-api/ts.js";
import { calleeName, skipOuter } from "../ast/function-like.js";

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
  // An http(s) URL's pathname starts with "/", and so does it after replacing an anchored prefix by "/…".
  if (ts.isPropertyAccessExpression(e) && e.name.text === "pathname") return "/";
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
