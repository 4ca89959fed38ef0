import { ts } from "./ts.js";
import type { RuleContext } from "./rule.js";

export type Declaration = ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement | ts.FunctionDeclaration | ts.ClassDeclaration;

/** What an identifier names, through imports and re-exports (the engine's checker), narrowed to the kinds leak rules follow. */
export class Declarations {
  constructor(private readonly context: RuleContext) {}

  of(id: ts.Identifier): Declaration | undefined {
    const d = this.context.declaration(id);
    return d && (ts.isVariableDeclaration(d) || ts.isParameter(d) || ts.isBindingElement(d) || ts.isFunctionDeclaration(d) || ts.isClassDeclaration(d)) ? d : undefined;
  }
}
