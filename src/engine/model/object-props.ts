import { ts } from "../../rule-api/ts.js";
import { isFunctionLike, propertyNameText, skipOuter, type FunctionLike } from "../ast/function-like.js";
import { constantText } from "../resolve/constant-text.js";
import type { MemberAssignment, ValueResolver } from "../resolve/value-resolver.js";

/** Reads an object literal's properties (following identifiers to their object initializers). */
export class ObjectProps {
  private constructor(
    readonly node: ts.ObjectLiteralExpression,
    private readonly resolver: ValueResolver,
  ) {}

  static of(expr: ts.Expression | undefined, resolver: ValueResolver): ObjectProps | undefined {
    if (!expr) return undefined;
    const e = skipOuter(expr);
    if (ts.isObjectLiteralExpression(e)) return new ObjectProps(e, resolver);
    const ref = resolver.resolve(e);
    return ref.kind === "object" ? new ObjectProps(ref.node, resolver) : undefined;
  }

  has(name: string): boolean {
    return this.find(name) !== undefined || this.value(name) !== undefined;
  }

  keys(): string[] {
    return this.node.properties.flatMap((p) => (p.name ? [propertyNameText(p.name) ?? ""] : [])).filter(Boolean);
  }

  find(name: string, seen = new Set<ts.ObjectLiteralExpression>()): ts.ObjectLiteralElementLike | undefined {
    // `cache.set({ ...cached, at })` stores an object that spreads itself back in.
    if (seen.has(this.node)) return undefined;
    seen.add(this.node);
    const own = this.node.properties.find((p) => p.name && propertyNameText(p.name) === name);
    if (own) return own;
    for (const p of this.node.properties) {
      if (ts.isSpreadAssignment(p)) {
        const inner = ObjectProps.of(p.expression, this.resolver)?.find(name, seen);
        if (inner) return inner;
      }
    }
    return undefined;
  }

  /** The value expression of a property (shorthand `{ name }` gives the identifier), or the last one the code assigns it. */
  value(name: string, depth = 0): ts.Expression | undefined {
    const p = this.find(name);
    if (!p) return this.assigned(name) ?? (depth < 3 ? this.spreadValue(name, depth) : undefined);
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
    return undefined;
  }

  /** `{ ...options, timeout }` with options.httpsAgent written after its literal: what the spread brings. */
  private spreadValue(name: string, depth: number): ts.Expression | undefined {
    for (const p of [...this.node.properties].reverse()) {
      const found = ts.isSpreadAssignment(p) ? ObjectProps.of(p.expression, this.resolver)?.value(name, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** `const options = { proxy: false }; options.httpsAgent = agent;`: a property written after the literal. */
  private assigned(name: string): ts.Expression | undefined {
    const decl = this.node.parent;
    if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
    const checker = this.resolver.checker;
    const sym = checker.getSymbolAtLocation(decl.name);
    const writes = this.resolver.memberAssignments(decl.getSourceFile(), decl.name.text).filter((w) => w.keys.length === 1 && w.keys[0] === name && checker.getSymbolAtLocation(w.root) === sym);
    // Only a write every path makes: `if (ms) options.timeout = ms` leaves the other calls without one.
    const block = decl.parent.parent.parent;
    const statementOf = (w: MemberAssignment) => (ts.isExpressionStatement(w.value.parent.parent) ? w.value.parent.parent : undefined);
    const inBranch = (st: ts.Statement, branch: ts.Statement | undefined) => !!branch && (branch === st || (ts.isBlock(branch) && branch.statements.includes(st)));
    const sure = writes.filter((w) => {
      const st = statementOf(w);
      if (!st) return false;
      if (st.parent === block) return true;
      // if (proxy) options.agent = proxyAgent; else options.agent = filteringAgent: both branches write it.
      const test = ts.isBlock(st.parent) ? st.parent.parent : st.parent;
      if (!ts.isIfStatement(test) || test.parent !== block || !test.elseStatement) return false;
      const other = inBranch(st, test.thenStatement) ? test.elseStatement : test.thenStatement;
      return writes.some((o) => o !== w && statementOf(o) && inBranch(statementOf(o) as ts.Statement, other));
    });
    return sure[sure.length - 1]?.value;
  }

  text(name: string): string | undefined {
    const v = this.value(name);
    return v ? constantText(v, this.resolver) : undefined;
  }

  bool(name: string): boolean | undefined {
    const v = this.value(name);
    if (!v) return undefined;
    const e = skipOuter(v);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    return undefined;
  }

  /** A function-valued property: a method, an arrow, or an identifier naming a function. */
  fn(name: string): FunctionLike | undefined {
    const p = this.find(name);
    if (!p) return undefined;
    if (ts.isMethodDeclaration(p)) return p;
    const v = this.value(name);
    if (!v) return undefined;
    const e = skipOuter(v);
    if (isFunctionLike(e)) return e;
    const ref = this.resolver.resolve(e);
    return ref.kind === "function" ? ref.node : undefined;
  }

  /** Literal values of the object's properties, as text (for inventory and options). */
  literals(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of this.node.properties) {
      if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
      const key = propertyNameText(p.name);
      if (!key) continue;
      const v = ts.isPropertyAssignment(p) ? skipOuter(p.initializer) : p.name;
      const text = constantText(v, this.resolver);
      if (text !== undefined) out[key] = text;
      else if (v.kind === ts.SyntaxKind.TrueKeyword || v.kind === ts.SyntaxKind.FalseKeyword) out[key] = v.getText();
      else out[key] = v.getText().slice(0, 120);
    }
    return out;
  }
}
