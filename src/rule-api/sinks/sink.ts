import type { ts } from "ts-morph";

/** An argument of a dangerous call, and the role it plays there. */
export interface SinkArgument {
  /** The expression whose value reaches the dangerous operation. */
  expr: ts.Expression;
  /** The call (or `new`) performing it. */
  call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  /** Human name of the API, e.g. "child_process.exec". */
  api: string;
}
