import path from "node:path";
import { ts } from "ts-morph";
import { isFunctionLike } from "../engine/ast/function-like.js";

export type Declaration = ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement | ts.FunctionDeclaration | ts.ClassDeclaration;

/**
 * Finds what an identifier names by JavaScript's scoping rules, without the type checker: the nearest enclosing
 * declaration of that name, and for imports of the project's own modules the exported declaration they name.
 * Rules see no checker, and leak rules need declarations (a `let`, a parameter, a destructured name), not values.
 */
export class Declarations {
  private readonly files = new Map<string, ts.SourceFile>();

  /** Registers a file so imports of it can be followed. */
  addFile(sf: ts.SourceFile): void {
    this.files.set(path.normalize(sf.fileName), sf);
  }

  of(id: ts.Identifier, depth = 0): Declaration | undefined {
    const name = id.text;
    let child: ts.Node = id;
    for (let n = id.parent; n; child = n, n = n.parent) {
      const found = this.inScope(n, child, name, depth);
      if (found) return found;
    }
    return undefined;
  }

  private inScope(scope: ts.Node, child: ts.Node, name: string, depth: number): Declaration | undefined {
    if (isFunctionLike(scope)) {
      for (const p of scope.parameters) {
        const d = bound(p, name);
        if (d) return d;
      }
      if ((ts.isFunctionExpression(scope) || ts.isFunctionDeclaration(scope)) && scope.name?.text === name && scope.body) return ts.isFunctionDeclaration(scope) ? scope : undefined;
      return undefined;
    }
    if (ts.isCatchClause(scope) && scope.variableDeclaration) return bound(scope.variableDeclaration, name);
    if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer) && child !== scope.initializer) {
      for (const d of scope.initializer.declarations) {
        const found = bound(d, name);
        if (found) return found;
      }
      return undefined;
    }
    let statements: readonly ts.Statement[] | undefined;
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope)) statements = scope.statements;
    else if (ts.isCaseBlock(scope)) statements = scope.clauses.flatMap((c) => [...c.statements]);
    if (!statements) return undefined;
    for (const st of statements) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          const found = bound(d, name);
          if (found) return found;
        }
      } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name?.text === name) {
        return st;
      } else if (ts.isImportDeclaration(st) && depth < 4) {
        const imported = this.imported(st, name, depth);
        if (imported !== null) return imported;
      }
    }
    return undefined;
  }

  /** undefined: the import names it but it cannot be followed; null: this import does not name it. */
  private imported(st: ts.ImportDeclaration, name: string, depth: number): Declaration | undefined | null {
    const clause = st.importClause;
    if (!clause || !ts.isStringLiteralLike(st.moduleSpecifier)) return null;
    let exported: string | undefined;
    if (clause.name?.text === name) exported = "default";
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) if (el.name.text === name) exported = (el.propertyName ?? el.name).text;
    }
    if (exported === undefined) return null;
    const target = this.moduleFile(st.getSourceFile(), st.moduleSpecifier.text);
    return target ? this.exported(target, exported, depth + 1) : undefined;
  }

  /** The project file a module specifier names (relative imports only; "./x.js" may be x.ts). */
  moduleFile(from: ts.SourceFile, specifier: string): ts.SourceFile | undefined {
    if (!specifier.startsWith(".")) return undefined;
    const base = path.resolve(path.dirname(from.fileName), specifier);
    const stem = base.replace(/\.(m|c)?(j|t)sx?$/, "");
    for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.js`, `${stem}.mjs`, `${stem}.cjs`, `${stem}.jsx`, path.join(base, "index.ts"), path.join(base, "index.js")]) {
      const sf = this.files.get(path.normalize(candidate));
      if (sf) return sf;
    }
    return undefined;
  }

  exported(sf: ts.SourceFile, name: string, depth: number): Declaration | undefined {
    for (const st of sf.statements) {
      const exportedHere = ts.getModifiers(st as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (ts.isVariableStatement(st) && exportedHere) {
        for (const d of st.declarationList.declarations) {
          const found = bound(d, name);
          if (found) return found;
        }
      } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && exportedHere) {
        const isDefault = ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
        if ((isDefault && name === "default") || st.name?.text === name) return st;
      } else if (ts.isExportDeclaration(st) && depth < 4) {
        const spec = st.moduleSpecifier && ts.isStringLiteralLike(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
        if (st.exportClause && ts.isNamedExports(st.exportClause)) {
          for (const el of st.exportClause.elements) {
            if (el.name.text !== name) continue;
            const local = (el.propertyName ?? el.name).text;
            if (spec) {
              const target = this.moduleFile(sf, spec);
              return target ? this.exported(target, local, depth + 1) : undefined;
            }
            const id = ts.factory.createIdentifier(local);
            return this.inScope(sf, id, local, depth + 1);
          }
        } else if (!st.exportClause && spec) {
          const target = this.moduleFile(sf, spec);
          const found = target ? this.exported(target, name, depth + 1) : undefined;
          if (found) return found;
        }
      }
    }
    return undefined;
  }
}

/** The declaration of `name` inside a declaration's name (an identifier or a destructuring pattern). */
function bound(d: ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement, name: string): ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement | undefined {
  if (ts.isIdentifier(d.name)) return d.name.text === name ? d : undefined;
  for (const el of d.name.elements) {
    if (ts.isOmittedExpression(el)) continue;
    const found = bound(el, name);
    if (found) return found;
  }
  return undefined;
}
