import { ts } from "../../rule-api/ts.js";
import { skipOuter } from "../ast/function-like.js";

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

function partOf(e: ts.Expression): StringPart {
  const x = skipOuter(e);
  if (ts.isStringLiteralLike(x) || ts.isNumericLiteral(x)) return { kind: "text", text: x.text };
  return { kind: "expr", expr: e };
}

/** Where in a URL a piece lands: able to set the host, or only the path/query after a fixed host. */
export type UrlPosition = "host" | "path";

/**
 * Walks the pieces of a string as a URL would be read: fixed text like "https://api.example.com/"
 * pins the host, so anything after it can only change the path.
 */
export class UrlScanner {
  private state: "start" | "host" | "path" | "after-base" = "start";

  text(t: string): void {
    if (!t) return;
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

  /** A value the attacker does not control (a configured base URL, say). */
  clean(): void {
    if (this.state === "start") this.state = "after-base";
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
