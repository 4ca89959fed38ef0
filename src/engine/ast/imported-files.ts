import { ts } from "../../rule-api/ts.js";

/** The project files a file imports, re-exports, `import()`s or `require()`s by a literal specifier. */
export function importedFiles(sf: ts.SourceFile, fileOf: (specifier: ts.StringLiteralLike) => ts.SourceFile | undefined): ts.SourceFile[] {
  const out: ts.SourceFile[] = [];
  const add = (specifier: ts.Expression | undefined) => {
    const file = specifier && ts.isStringLiteralLike(specifier) ? fileOf(specifier) : undefined;
    if (file) out.push(file);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) add(n.moduleSpecifier);
    else if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === "require"))) add(n.arguments[0]);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}
