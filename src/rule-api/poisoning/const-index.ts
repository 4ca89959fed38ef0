import path from "node:path";
import { ts } from "../ts.js";

/**
 * Top-level `const` initializers of every visited file, so a description imported from another module can be read
 * even when it is a template with interpolations (which the value resolver does not evaluate).
 */
export class ConstIndex {
  private readonly byFile = new Map<string, Map<string, ts.Expression>>();

  add(decl: ts.VariableDeclaration): void {
    const list = decl.parent;
    if (!decl.initializer || !ts.isIdentifier(decl.name) || !ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return;
    if (!ts.isVariableStatement(list.parent) || !ts.isSourceFile(list.parent.parent)) return;
    const file = list.parent.parent.fileName;
    const names = this.byFile.get(file) ?? new Map<string, ts.Expression>();
    names.set(decl.name.text, decl.initializer);
    this.byFile.set(file, names);
  }

  /** The initializer of the top-level const an identifier names, in its own file or through a relative import. */
  lookup(id: ts.Identifier): ts.Expression | undefined {
    const sf = id.getSourceFile();
    const local = this.byFile.get(sf.fileName)?.get(id.text);
    if (local) return local;
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.moduleSpecifier.text.startsWith(".")) continue;
      const bindings = st.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      const spec = bindings.elements.find((el) => el.name.text === id.text);
      if (!spec) continue;
      const imported = (spec.propertyName ?? spec.name).text;
      const base = path.posix.join(path.posix.dirname(sf.fileName), st.moduleSpecifier.text).replace(/\.(?:js|mjs|cjs|ts)$/, "");
      for (const candidate of [".ts", ".tsx", ".mts", ".js", ".mjs", "/index.ts", "/index.js"].map((ext) => base + ext)) {
        const found = this.byFile.get(candidate)?.get(imported);
        if (found) return found;
      }
    }
    return undefined;
  }
}
