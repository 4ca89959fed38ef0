import type { ts } from "ts-morph";
import type { TaintHit } from "../../engine/dataflow/taint.js";
import type { RuleContext } from "../rule.js";

/** An argument of a dangerous call, and the role it plays there. */
export interface SinkArgument {
  /** The expression whose value reaches the dangerous operation. */
  expr: ts.Expression;
  /** The call (or `new`) performing it. */
  call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  /** Human name of the API, e.g. "child_process.exec". */
  api: string;
  /** For an options object: only a value at one of these properties plays the role (its `url`, not its `data`). */
  fields?: readonly string[];
}

/** The attacker values reaching a sink argument in the role it plays there. */
export function sinkTaint(target: SinkArgument, context: RuleContext): TaintHit[] {
  const hits = context.taint(target.expr);
  const fields = target.fields;
  if (!fields) return hits;
  return hits.filter((h) => {
    const at = h.taint.inside?.[0];
    return at === undefined || at === "*" || fields.includes(at);
  });
}
