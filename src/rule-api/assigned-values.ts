import { ts } from "./ts.js";
import type { RuleContext } from "./rule.js";

/** The values a variable holds: its initializer and, for a `let`, every assignment in the scope declaring it. */
export function assignedValues(decl: ts.VariableDeclaration, context: RuleContext): ts.Expression[] {
  const out = decl.initializer ? [decl.initializer] : [];
  if (!ts.isVariableDeclarationList(decl.parent) || decl.parent.flags & ts.NodeFlags.Const) return out;
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && ts.isIdentifier(n.left) && n.left.text === (decl.name as ts.Identifier).text && context.declaration(n.left) === decl) {
      // `dir += "/x"` extends a value already counted; any other compound assignment makes a new one.
      if (n.operatorToken.kind === ts.SyntaxKind.EqualsToken) out.push(n.right);
      else if (n.operatorToken.kind !== ts.SyntaxKind.PlusEqualsToken) out.push(n);
    }
    ts.forEachChild(n, visit);
  };
  visit(decl.parent.parent.parent);
  return out;
}
