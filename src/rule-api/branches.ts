import { ts } from "./ts.js";
import { enclosingFunction } from "../engine/ast/function-like.js";

/**
 * Can two statements of the same code never both run in one pass? True when they sit in the two arms of one
 * `if`/`?:`, in different `case` clauses of one `switch`, or when the first sits in an `if` branch that always
 * returns or throws and the second comes after that `if`.
 */
export function mutuallyExclusive(a: ts.Node, b: ts.Node): boolean {
  if (a.getSourceFile() !== b.getSourceFile() || enclosingFunction(a) !== enclosingFunction(b)) return false;
  const pathB = new Map<ts.Node, ts.Node>();
  for (let child: ts.Node = b, n = b.parent; n; child = n, n = n.parent) pathB.set(n, child);
  for (let childA: ts.Node = a, n = a.parent; n; childA = n, n = n.parent) {
    const childB = pathB.get(n);
    if (!childB) continue;
    if (ts.isIfStatement(n)) return arms(n.thenStatement, n.elseStatement, childA, childB);
    if (ts.isConditionalExpression(n)) return arms(n.whenTrue, n.whenFalse, childA, childB);
    if (ts.isCaseBlock(n)) return childA !== childB && !fallsThrough(n, childA, childB);
    if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) {
      const [first, second] = childA.pos < childB.pos ? [childA, a] : [childB, b];
      return exitsBefore(first, second);
    }
    return false;
  }
  return false;
}

function arms(whenTrue: ts.Node, whenFalse: ts.Node | undefined, x: ts.Node, y: ts.Node): boolean {
  return !!whenFalse && ((x === whenTrue && y === whenFalse) || (x === whenFalse && y === whenTrue));
}

/** `case "a": register(); case "b": register(); break;` runs both for "a". */
function fallsThrough(block: ts.CaseBlock, x: ts.Node, y: ts.Node): boolean {
  const clauses = block.clauses;
  const [i, j] = [clauses.indexOf(x as ts.CaseOrDefaultClause), clauses.indexOf(y as ts.CaseOrDefaultClause)].sort((p, q) => p - q) as [number, number];
  for (let k = i; k < j; k++) {
    const clause = clauses[k];
    const last = clause?.statements[clause.statements.length - 1];
    if (!last || !exits(last)) return true;
  }
  return false;
}

/** The statement `first` (a sibling before the one holding `node`) is an `if` whose branch holding... always exits. */
function exitsBefore(first: ts.Node, node: ts.Node): boolean {
  if (!ts.isIfStatement(first)) return false;
  const inThen = first.thenStatement.pos <= node.pos && node.end <= first.thenStatement.end;
  const inElse = !!first.elseStatement && first.elseStatement.pos <= node.pos && node.end <= first.elseStatement.end;
  // The node sits inside the `if`; the other one comes after it: exclusive when the branch holding the node exits.
  if (inThen) return exits(first.thenStatement);
  if (inElse && first.elseStatement) return exits(first.elseStatement);
  return false;
}

function exits(st: ts.Statement): boolean {
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st) || ts.isBreakStatement(st) || ts.isContinueStatement(st)) return true;
  if (ts.isBlock(st)) {
    const last = st.statements[st.statements.length - 1];
    return !!last && exits(last);
  }
  if (ts.isIfStatement(st)) return !!st.elseStatement && exits(st.thenStatement) && exits(st.elseStatement);
  return false;
}

/** A branch whose last statement returns or throws (through nested blocks): code after it in the same block never runs. */
export function endsInExit(st: ts.Statement): boolean {
  if (ts.isThrowStatement(st) || ts.isReturnStatement(st)) return true;
  if (ts.isBlock(st)) {
    const last = st.statements[st.statements.length - 1];
    return !!last && endsInExit(last);
  }
  return false;
}
