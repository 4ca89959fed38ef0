import { ts } from "../../rule-api/ts.js";

/** The declaration a name refers to, through imports and shorthand properties. */
export function declarationOf(id: ts.Identifier, checker: ts.TypeChecker): ts.Declaration | undefined {
  let sym = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? checker.getShorthandAssignmentValueSymbol(id.parent) : checker.getSymbolAtLocation(id);
  if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  return sym?.valueDeclaration ?? sym?.declarations?.[0];
}
