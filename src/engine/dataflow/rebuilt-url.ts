import { ts } from "../../rule-api/ts.js";
import { enclosingFunction, isFunctionLike, skipOuter } from "../ast/function-like.js";
import type { ValueResolver } from "../resolve/value-resolver.js";

/** The parts of a URL where a parser leaves shell characters such as `$(…)` as they were written. */
const REWRITTEN_PARTS = ["username", "password", "pathname", "search", "hash"] as const;
/** The parts a sanitiser must check, since it cannot encode them. */
const CHECKED_PARTS = ["protocol", "hostname"] as const;

/**
 * A hand-written URL sanitiser: `const url = new URL(raw)`, then its scheme and host checked in conditions and
 * every other part written back percent-encoded. Returns where the last rewrite ends, after which reads of the
 * variable hold an encoded URL; undefined when the variable is not rebuilt that way.
 */
export function rebuiltUrlEnd(decl: ts.VariableDeclaration, sym: ts.Symbol, resolver: ValueResolver): number | undefined {
  const scope = enclosingFunction(decl);
  if (!scope?.body || !ts.isIdentifier(decl.name)) return undefined;
  // Cheap test first: this runs for every variable a tainted expression reads.
  const declared = decl.initializer ? isNewUrl(skipOuter(decl.initializer), resolver) : !!decl.type && ts.isTypeReferenceNode(decl.type) && decl.type.typeName.getText() === "URL";
  if (!declared) return undefined;
  const checker = resolver.checker;
  const sameVariable = (e: ts.Expression): boolean => ts.isIdentifier(e) && e.text === sym.name && checker.getSymbolAtLocation(e) === sym;
  const values = [decl.initializer, ...resolver.identifierAssignments(decl.getSourceFile(), decl.name.text).filter((a) => sameVariable(a.left)).map((a) => a.right)];
  if (!values.some((v) => v && isNewUrl(skipOuter(v), resolver))) return undefined;
  const written = new Map<string, number>();
  const checked = new Set<string>();
  let encodes = true;
  const visit = (node: ts.Node, inCondition: boolean): void => {
    if (ts.isPropertyAccessExpression(node) && sameVariable(node.expression)) {
      const part = node.name.text;
      const assignment = node.parent;
      if (ts.isBinaryExpression(assignment) && assignment.left === node && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        if (!encodesText(assignment.right, resolver)) encodes = false;
        written.set(part, Math.max(written.get(part) ?? 0, assignment.end));
      } else if (inCondition) checked.add(part);
    }
    if (ts.isIfStatement(node)) {
      visit(node.expression, true);
      visit(node.thenStatement, inCondition);
      if (node.elseStatement) visit(node.elseStatement, inCondition);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, inCondition));
  };
  visit(scope.body, false);
  if (!encodes || !CHECKED_PARTS.every((p) => checked.has(p)) || !REWRITTEN_PARTS.every((p) => written.has(p))) return undefined;
  return Math.max(...written.values());
}

/** `new URL(…)` of the WHATWG URL class, global or from node:url. */
export function isNewUrl(e: ts.Expression, resolver: ValueResolver): boolean {
  if (!ts.isNewExpression(e)) return false;
  const api = resolver.apiOf(e.expression);
  return !!api && (api.module === "global" || api.module === "url" || api.module === "node:url") && api.path.join(".") === "URL";
}

/** The written value goes through encodeURIComponent, directly or in a function of the project it names. */
function encodesText(value: ts.Expression, resolver: ValueResolver): boolean {
  if (ts.isStringLiteralLike(skipOuter(value))) return true;
  let found = false;
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node)) {
      if (node.text === "encodeURIComponent") {
        found = true;
        return;
      }
      const decl = resolver.checker.getSymbolAtLocation(node)?.valueDeclaration;
      const fn = decl && (ts.isFunctionDeclaration(decl) ? decl : ts.isVariableDeclaration(decl) && decl.initializer ? skipOuter(decl.initializer) : undefined);
      if (fn && isFunctionLike(fn) && fn.body && !seen.has(fn)) {
        seen.add(fn);
        visit(fn.body);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(value);
  return found;
}
