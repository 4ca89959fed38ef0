import { ts } from "../../rule-api/ts.js";

/** The initializer of the `const` an identifier names (not `let`: it may be reassigned). */
export function constInitializer(id: ts.Identifier, checker: ts.TypeChecker): ts.Expression | undefined {
  const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
  return decl.initializer;
}
