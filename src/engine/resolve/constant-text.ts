import { ts } from "../../rule-api/ts.js";
import { constInitializer } from "../ast/const-initializer.js";
import { skipOuter } from "../ast/function-like.js";
import { stringParts } from "../dataflow/string-parts.js";
import type { ValueResolver } from "./value-resolver.js";

/** The fixed text of an expression, when it has one: literals, constants, `this.baseUrl` fields, constant templates. */
export function constantText(expr: ts.Expression, resolver: ValueResolver, depth = 0): string | undefined {
  const e = skipOuter(expr);
  if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e)) return e.text;
  if (depth > 4) return undefined;
  if (ts.isTemplateExpression(e) || (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken)) {
    const parts = stringParts(e);
    if (!parts) return undefined;
    let s = "";
    for (const p of parts) {
      const t = p.kind === "text" ? p.text : constantText(p.expr, resolver, depth + 1);
      if (t === undefined) return undefined;
      s += t;
    }
    return s;
  }
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const ref = resolver.resolve(e);
    if (ref.kind === "literal") return ref.value;
    // A const (imported or not) whose initializer is a template of constants.
    const init = ts.isIdentifier(e) ? constInitializer(e, resolver.checker) : undefined;
    if (init) return constantText(init, resolver, depth + 1);
  }
  return undefined;
}
