import { ts } from "ts-morph";
import { isFunctionLike } from "../engine/ast/function-like.js";

/**
 * The parameter or variable an identifier names, found by walking its lexical scopes (no checker needed; `let`
 * and `var` included, which `context.initializer` leaves out).
 */
export function declarationOf(id: ts.Identifier): ts.ParameterDeclaration | ts.VariableDeclaration | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (isFunctionLike(n)) {
      const p = n.parameters.find((x) => ts.isIdentifier(x.name) && x.name.text === id.text);
      if (p) return p;
    }
    const statements = ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n) ? n.statements : undefined;
    for (const st of statements ?? []) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === id.text) return d;
    }
    if ((ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n)) && n.initializer && ts.isVariableDeclarationList(n.initializer)) {
      const d = n.initializer.declarations.find((x) => ts.isIdentifier(x.name) && x.name.text === id.text);
      if (d) return d;
    }
  }
  return undefined;
}

/** A `let`/`var` (not `const`) declaration. */
export function isMutableDeclaration(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && !(decl.parent.flags & ts.NodeFlags.Const);
}
