import { ts } from "../../rule-api/ts.js";

export type CallSite = ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;

// Keyed by node, so each scan's entries go with its program: many handlers reach the same helpers.
const cache = new WeakMap<ts.Node, readonly CallSite[]>();

/** Every call, `new` and tagged template lexically inside a node, nested callbacks included, in source order. */
export function callsIn(node: ts.Node): readonly CallSite[] {
  let calls = cache.get(node);
  if (!calls) {
    const out: CallSite[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isTaggedTemplateExpression(n)) out.push(n);
      ts.forEachChild(n, visit);
    };
    visit(node);
    cache.set(node, (calls = out));
  }
  return calls;
}
