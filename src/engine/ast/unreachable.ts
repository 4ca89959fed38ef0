import { ts } from "../../rule-api/ts.js";
import { isFunctionLike } from "./function-like.js";

/**
 * Code after an unconditional `throw`, `return`, `break` or `continue` in the same statement list: a handler that
 * starts with `throw new Error("disabled")` never reaches what follows.
 */
export function isUnreachable(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent && !isFunctionLike(n) && !ts.isClassLike(n); n = n.parent) {
    const list = statementsOf(n.parent);
    if (!list) continue;
    for (const st of list) {
      if (st === n) break;
      if (ts.isThrowStatement(st) || ts.isReturnStatement(st) || ts.isBreakStatement(st) || ts.isContinueStatement(st)) return true;
    }
  }
  return false;
}

function statementsOf(n: ts.Node): ts.NodeArray<ts.Statement> | undefined {
  if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) return n.statements;
  return undefined;
}
