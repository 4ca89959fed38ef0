import { ts } from "./ts.js";
import { callsIn } from "../engine/ast/calls-in.js";
import { isFunctionLike, type FunctionLike } from "../engine/ast/function-like.js";
import type { RuleContext } from "./rule.js";

/** A call reached from a region of code, directly or through the project's own functions. */
export interface ReachedCall {
  call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  /** How many project calls deep it sits (0: in the region itself). */
  depth: number;
  /** The project function holding it (undefined when it sits in the region itself). */
  fn: FunctionLike | undefined;
  /** The calls seen entering `fn` (complete once the walk is over). */
  from: (ts.CallExpression | ts.NewExpression)[];
}

export interface ReachOptions {
  /** Project functions to enter at most. */
  maxFunctions?: number;
  maxDepth?: number;
}

/**
 * Every call a handler (or a dispatch case) can make, following calls into the project's own functions
 * breadth-first; library calls are listed but not entered. Nested callbacks count: they run too.
 */
export function reachableCalls(region: ts.Node, context: RuleContext, options: ReachOptions = {}): ReachedCall[] {
  const maxFunctions = options.maxFunctions ?? 200;
  const maxDepth = options.maxDepth ?? 6;
  const out: ReachedCall[] = [];
  const seen = new Set<ts.Node>([region]);
  const entries = new Map<ts.Node, (ts.CallExpression | ts.NewExpression)[]>();
  const queue: { node: ts.Node; depth: number; fn: FunctionLike | undefined; from: (ts.CallExpression | ts.NewExpression)[] }[] = [{ node: region, depth: 0, fn: undefined, from: [] }];
  for (let next = 0; next < queue.length; next++) {
    const { node, depth, fn, from } = queue[next] as (typeof queue)[number];
    const body = isFunctionLike(node) ? node.body : node;
    for (const n of body ? callsIn(body) : []) {
      out.push({ call: n, depth, fn, from });
      if (ts.isTaggedTemplateExpression(n) || depth >= maxDepth || seen.size >= maxFunctions || context.api(n.expression)) continue;
      for (const g of context.calleeFunctions(n)) {
        const into = entries.get(g);
        if (into) {
          into.push(n);
          continue;
        }
        if (seen.has(g)) continue;
        seen.add(g);
        const from = [n];
        entries.set(g, from);
        queue.push({ node: g, depth: depth + 1, fn: g, from });
      }
    }
  }
  return out;
}
