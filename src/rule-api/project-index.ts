import type { ts } from "ts-morph";
import type { FunctionLike } from "../engine/ast/function-like.js";
import { Declarations } from "./declarations.js";
import type { RuleContext } from "./rule.js";

/** The whole-program questions leak and wallet rules ask: declarations, calls by name, the scanned files. */
export class ProjectIndex {
  readonly declarations: Declarations;

  constructor(private readonly context: RuleContext) {
    this.declarations = new Declarations(context);
  }

  private readonly callersByName = new Map<string, Map<FunctionLike, ts.CallExpression[]>>();

  callsNamed(name: string): readonly ts.CallExpression[] {
    return this.context.callsNamed(name);
  }

  /** The calls named `name` that run `fn`, in source order: resolved once per name, since a monorepo has many same-named functions. */
  callersOf(fn: FunctionLike, name: string): readonly ts.CallExpression[] {
    let byFn = this.callersByName.get(name);
    if (!byFn) {
      byFn = new Map();
      for (const call of this.context.callsNamed(name)) {
        for (const target of this.context.calleeFunctions(call)) {
          const list = byFn.get(target);
          if (list) list.push(call);
          else byFn.set(target, [call]);
        }
      }
      this.callersByName.set(name, byFn);
    }
    return byFn.get(fn) ?? [];
  }

  sourceFiles(): readonly ts.SourceFile[] {
    return this.context.sourceFiles;
  }
}
