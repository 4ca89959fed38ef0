import { ts } from "../../rule-api/ts.js";

/** The initializer of the `const` an identifier names (not `let`: it may be reassigned). */
export function constInitializer(id: ts.Identifier, checker: ts.TypeChecker): ts.Expression | undefined {
  // `{ tools: { readBook } }`: the shorthand property's name stands for the variable.
  const symbol = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id ? checker.getShorthandAssignmentValueSymbol(id.parent) : checker.getSymbolAtLocation(id);
  // An imported const is the exporting module's const.
  const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  // import config from "./config": `export default <expression>` binds it once, like a const.
  const exported = target?.declarations?.find(ts.isExportAssignment);
  if (target !== symbol && exported && !exported.isExportEquals) return exported.expression;
  return symbolConstInitializer(target);
}

/** The initializer of the `const` a symbol declares. */
export function symbolConstInitializer(symbol: ts.Symbol | undefined): ts.Expression | undefined {
  const decl = symbol?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
  return decl.initializer;
}
