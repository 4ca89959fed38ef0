import { ts } from "./ts.js";
import type { RuleContext } from "./rule.js";

/**
 * The identifiers that name a variable: matched by name, confirmed by declaration, in its own file or in the files
 * given (where an exported one is imported). Its own name and import specifiers are not uses.
 */
export function variableUses(decl: ts.VariableDeclaration, context: RuleContext, files: readonly ts.SourceFile[] = [decl.getSourceFile()]): ts.Identifier[] {
  const name = decl.name;
  if (!ts.isIdentifier(name)) return [];
  const uses: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n !== name && n.text === name.text && !ts.isImportSpecifier(n.parent) && context.declaration(n) === decl) uses.push(n);
    ts.forEachChild(n, visit);
  };
  for (const sf of files) visit(sf);
  return uses;
}
