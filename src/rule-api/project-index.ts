import type { ts } from "ts-morph";
import { Declarations } from "./declarations.js";
import type { RuleContext } from "./rule.js";

/** The whole-program questions leak and wallet rules ask: declarations, calls by name, the scanned files. */
export class ProjectIndex {
  readonly declarations: Declarations;

  constructor(private readonly context: RuleContext) {
    this.declarations = new Declarations(context);
  }

  callsNamed(name: string): readonly ts.CallExpression[] {
    return this.context.callsNamed(name);
  }

  sourceFiles(): readonly ts.SourceFile[] {
    return this.context.sourceFiles;
  }
}
