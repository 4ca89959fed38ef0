import { ts } from "../ts.js";
import { skipOuter } from "../../engine/ast/function-like.js";
import type { RuleContext } from "../rule.js";
import type { ConstIndex } from "./const-index.js";

/** A piece of literal text that ends up in a model-facing string, with the node it is written in. */
export interface TextPiece {
  text: string;
  node: ts.Node;
}

/** A model-facing string as far as its literal parts can be read, and whether parts of it are computed. */
export interface PiecedText {
  pieces: TextPiece[];
  /** Some part is not literal text (a variable, a call, a fetched value). */
  computed: boolean;
}

const STRING_METHODS = new Set(["trim", "trimStart", "trimEnd", "replace", "replaceAll", "toString", "concat", "padEnd", "padStart"]);

/**
 * The literal pieces of a string expression: literals, templates (with their interpolated constants), concatenations,
 * `[...].join("\n")`, `dedent\`…\``, constants from this or another project file.
 */
export function textPieces(expr: ts.Expression, context: RuleContext, consts: ConstIndex): PiecedText {
  const out: PiecedText = { pieces: [], computed: false };
  const seen = new Set<ts.Node>();
  const visit = (e0: ts.Expression, depth: number): void => {
    let e = e0;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    if (depth > 10 || seen.has(e)) return;
    seen.add(e);
    if (ts.isStringLiteralLike(e)) {
      out.pieces.push({ text: e.text, node: e });
      return;
    }
    if (ts.isTemplateExpression(e)) {
      out.pieces.push({ text: e.head.text, node: e });
      for (const span of e.templateSpans) {
        visit(span.expression, depth + 1);
        out.pieces.push({ text: span.literal.text, node: e });
      }
      return;
    }
    if (ts.isTaggedTemplateExpression(e)) return visit(e.template, depth + 1);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      visit(e.left, depth + 1);
      visit(e.right, depth + 1);
      return;
    }
    if (ts.isConditionalExpression(e)) {
      visit(e.whenTrue, depth + 1);
      visit(e.whenFalse, depth + 1);
      return;
    }
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      visit(e.left, depth + 1);
      visit(e.right, depth + 1);
      return;
    }
    if (ts.isArrayLiteralExpression(e)) {
      for (const el of e.elements) if (!ts.isSpreadElement(el)) visit(el, depth + 1);
      return;
    }
    if (ts.isCallExpression(e)) {
      const callee = e.expression;
      // [...].join("\n"), text.trim(), dedent(`…`), String.raw`…`
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "join") {
        // LANGS.join(", "): the separator sits between the elements; without it the names run together like a blob.
        const list = arrayLiteral(callee.expression, context, consts);
        const sep = e.arguments[0];
        if (list && (!sep || ts.isStringLiteralLike(sep))) {
          list.elements.forEach((el, i) => {
            if (i > 0) out.pieces.push({ text: sep ? sep.text : ",", node: e });
            if (!ts.isSpreadElement(el)) visit(el, depth + 1);
          });
          return;
        }
      }
      if (ts.isPropertyAccessExpression(callee) && (callee.name.text === "join" || STRING_METHODS.has(callee.name.text))) {
        visit(callee.expression, depth + 1);
        if (callee.name.text === "concat") for (const a of e.arguments) visit(a, depth + 1);
        return;
      }
      if (ts.isIdentifier(callee) && /^(dedent|outdent|stripIndent|stripIndents|trim|oneLine|oneLineTrim|html|md|markdown)$/.test(callee.text) && e.arguments[0]) return visit(e.arguments[0], depth + 1);
      out.computed = true;
      return;
    }
    if (ts.isIdentifier(e)) {
      const init = context.initializer(e) ?? consts.lookup(e);
      if (init) return visit(init, depth + 1);
      const ref = context.resolve(e);
      if (ref.kind === "literal") return visit(ref.node as ts.Expression, depth + 1);
      out.computed = true;
      return;
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const ref = context.resolve(e);
      if (ref.kind === "literal") return visit(ref.node as ts.Expression, depth + 1);
      const key = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isStringLiteralLike(e.argumentExpression) ? e.argumentExpression.text : undefined;
      const value = key !== undefined ? context.objectProps(baseObject(e.expression, consts, context))?.value(key) : undefined;
      if (value) return visit(value, depth + 1);
      out.computed = true;
      return;
    }
    if (ts.isNumericLiteral(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return;
    out.computed = true;
  };
  visit(expr, 0);
  return out;
}

/** An array literal written out, or held by a constant of this or another project file. */
function arrayLiteral(e: ts.Expression, context: RuleContext, consts: ConstIndex): ts.ArrayLiteralExpression | undefined {
  const list = skipOuter(baseObject(skipOuter(e), consts, context));
  return ts.isArrayLiteralExpression(list) ? list : undefined;
}

function baseObject(e: ts.Expression, consts: ConstIndex, context: RuleContext): ts.Expression {
  if (ts.isIdentifier(e)) return context.initializer(e) ?? consts.lookup(e) ?? e;
  return e;
}
