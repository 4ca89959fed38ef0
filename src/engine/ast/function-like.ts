import { ts } from "../../rule-api/ts.js";

/** A function with a body the engine can analyse. */
export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  // A switch on kind: this runs for most nodes the engine visits.
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

/** A TypeScript `this` parameter takes no argument: 1 when the function declares one. */
export function thisOffset(fn: FunctionLike): number {
  const first = fn.parameters[0];
  return first && ts.isIdentifier(first.name) && first.name.text === "this" ? 1 : 0;
}

export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (isFunctionLike(n)) return n;
  }
  return undefined;
}

/** The class a node sits in, however deep in its methods. */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isClassLike(n)) return n;
  return undefined;
}

/** Strips parentheses, type assertions, non-null and satisfies wrappers (not await). */
export function skipOuter(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    switch (e.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
        e = (e as ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression | ts.SatisfiesExpression | ts.TypeAssertion).expression;
        break;
      default:
        return e;
    }
  }
}

/** `null` or `undefined`, under parentheses and casts. */
export function isNullish(expr: ts.Expression): boolean {
  const e = skipOuter(expr);
  return e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined");
}

/** Like skipOuter, and also through await. */
export function skipOuterAndAwait(expr: ts.Expression): ts.Expression {
  let e = skipOuter(expr);
  while (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
  return e;
}

/** The name a call is made by: `exec` for exec(), cp.exec(), this.exec(). */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/** Text of a property name when it is static. */
export function propertyNameText(name: ts.PropertyName | ts.BindingName | ts.MemberName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** The property a destructured name takes: `a` for `{ a }` and for `{ a: b }`; none for a computed key. */
export function bindingKey(el: ts.BindingElement): string | undefined {
  return propertyNameText(el.propertyName ?? el.name);
}

export function functionBodyStatements(fn: FunctionLike): readonly ts.Statement[] {
  return fn.body && ts.isBlock(fn.body) ? fn.body.statements : [];
}
