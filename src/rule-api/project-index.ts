import { ts } from "ts-morph";
import { calleeName } from "../engine/ast/function-like.js";
import { Declarations } from "./declarations.js";

/**
 * What a rule collects while the engine walks the files, for questions it answers in "Program:exit":
 * every file (to follow imports of the project's own modules) and every call by the name it is made by
 * (to find the callers of a function).
 */
export class ProjectIndex {
  readonly declarations = new Declarations();
  private readonly calls = new Map<string, ts.CallExpression[]>();
  private readonly files = new Set<ts.SourceFile>();

  /** Call from a visitor for any node; registers its file. */
  addNode(node: ts.Node): void {
    const sf = node.getSourceFile();
    if (this.files.has(sf)) return;
    this.files.add(sf);
    this.declarations.addFile(sf);
  }

  addCall(call: ts.CallExpression): void {
    this.addNode(call);
    const name = calleeName(call);
    if (!name) return;
    const list = this.calls.get(name);
    if (list) list.push(call);
    else this.calls.set(name, [call]);
  }

  callsNamed(name: string): readonly ts.CallExpression[] {
    return this.calls.get(name) ?? [];
  }

  sourceFiles(): readonly ts.SourceFile[] {
    return [...this.files];
  }
}
