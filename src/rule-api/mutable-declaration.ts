import { ts } from "./ts.js";

/** A `let`/`var` (not `const`) declaration. */
export function isMutableDeclaration(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && !(decl.parent.flags & ts.NodeFlags.Const);
}
