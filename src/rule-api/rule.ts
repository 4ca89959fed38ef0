import type { ts } from "ts-morph";
import type { FunctionLike } from "../engine/ast/function-like.js";
import type { SourceKind, TaintHit } from "../engine/dataflow/taint.js";
import type { LoadedFile } from "../engine/load/types.js";
import type { McpModel } from "../engine/model/mcp-model.js";
import type { ObjectProps } from "../engine/model/object-props.js";
import type { ApiRef, ValueRef } from "../engine/resolve/value-ref.js";
import type { Capability, PackageInfo, ReportDescriptor, RuleMeta, TraceStep } from "./types.js";

/** The node types rules can visit, keyed like typescript-eslint selectors (SyntaxKind names). */
export interface NodeTypes {
  CallExpression: ts.CallExpression;
  NewExpression: ts.NewExpression;
  TaggedTemplateExpression: ts.TaggedTemplateExpression;
  PropertyAccessExpression: ts.PropertyAccessExpression;
  ElementAccessExpression: ts.ElementAccessExpression;
  BinaryExpression: ts.BinaryExpression;
  VariableDeclaration: ts.VariableDeclaration;
  PropertyAssignment: ts.PropertyAssignment;
  ObjectLiteralExpression: ts.ObjectLiteralExpression;
  StringLiteral: ts.StringLiteral;
  NoSubstitutionTemplateLiteral: ts.NoSubstitutionTemplateLiteral;
  TemplateExpression: ts.TemplateExpression;
  ImportDeclaration: ts.ImportDeclaration;
  ClassDeclaration: ts.ClassDeclaration;
  FunctionDeclaration: ts.FunctionDeclaration;
  ArrowFunction: ts.ArrowFunction;
  ReturnStatement: ts.ReturnStatement;
  IfStatement: ts.IfStatement;
  ForStatement: ts.ForStatement;
  ForOfStatement: ts.ForOfStatement;
  ForInStatement: ts.ForInStatement;
  WhileStatement: ts.WhileStatement;
  DoStatement: ts.DoStatement;
  ThrowStatement: ts.ThrowStatement;
  MethodDeclaration: ts.MethodDeclaration;
}

export type NodeVisitors = { [K in keyof NodeTypes]?: (node: NodeTypes[K]) => void };

export interface RuleVisitors extends NodeVisitors {
  /** Once per scan, after every file was visited; the MCP model is complete. */
  "Program:exit"?: () => void;
  /** Once per scan, for repository-level rules (manifests, Dockerfiles, workflows). */
  check?: () => void;
}

/** What a rule may ask of the engine. Rules import only from src/rule-api. */
export interface RuleContext {
  readonly id: string;
  readonly meta: RuleMeta;
  /** The file being visited (undefined in repository-level checks). */
  readonly file: ts.SourceFile | undefined;
  readonly model: McpModel;
  /** Repository files other than sources: manifests, lockfiles, Dockerfiles, workflows. */
  readonly auxiliaryFiles: readonly LoadedFile[];
  readonly packages: readonly PackageInfo[];
  /** The library API an expression denotes (`exec`, `cp.exec`, `promisify(exec)`, ...). */
  api(expr: ts.Expression): ApiRef | undefined;
  resolve(expr: ts.Expression): ValueRef;
  /** The project functions a call may run. */
  calleeFunctions(call: ts.CallExpression | ts.NewExpression): readonly FunctionLike[];
  /** The arguments a call hands its callee's parameters: after `this` for `fn.call(self, a)`, the list's for `fn.apply(self, [a])`. */
  passedArguments(call: ts.CallExpression | ts.NewExpression): readonly ts.Expression[];
  /**
   * What a call of a callback parameter (`run(args)`, `this.bridge.handle(rpc)`) may run: whatever any caller of the
   * enclosing function passes, merged over all of them. For "can this reach X" questions, not for what a call does.
   */
  injectedFunctions(call: ts.CallExpression): readonly FunctionLike[];
  /** What every caller passes for the parameter an expression reads (`this.app` from `constructor(private app)`, or `app`). */
  injectedArguments(expr: ts.Expression): readonly ts.Expression[];
  /** The calls of a project function when they are the only way it is reached (no alias, callback or table hands it on). */
  soleCallingSites(fn: FunctionLike): readonly (ts.CallExpression | ts.NewExpression)[] | undefined;
  /**
   * Data reaching an expression from sources of the given kinds (default: what an attacker controls — tool,
   * resource and prompt arguments, HTTP request data, sampling results), each with its path from the source.
   */
  taint(expr: ts.Expression, kinds?: readonly SourceKind[]): TaintHit[];
  /** What a function (or a region of code, such as a dispatch case) can do: exec, fs-read, fs-write, network, database, code. */
  capabilities(node: ts.Node): Capability[];
  constantText(expr: ts.Expression): string | undefined;
  /** The strings an expression's declared type allows (`"npm" | "pnpm"`), or undefined when the type admits others. */
  literalTexts(expr: ts.Expression): readonly string[] | undefined;
  /** The texts a loop variable takes (`for (const n of NAMES)`, `NAMES.forEach((n) => …)`), when every entry has a constant one. */
  loopTexts(id: ts.Identifier): readonly string[] | undefined;
  /** The initializer of the const variable an identifier names. */
  initializer(id: ts.Identifier): ts.Expression | undefined;
  /** The declaration an identifier names (variable, parameter, function, class, import), through aliases. */
  declaration(id: ts.Identifier): ts.Declaration | undefined;
  /** The scanned source file an import specifier (`"./tools.js"`) names, when it names one of the project's. */
  importedFile(specifier: ts.StringLiteralLike): ts.SourceFile | undefined;
  /** Every call in the scanned files made by this name (`exec` for exec() and cp.exec()). */
  callsNamed(name: string): readonly ts.CallExpression[];
  /** Every `new X(…)` made by that name, in every scanned file. */
  constructionsNamed(name: string): readonly ts.NewExpression[];
  /** The scanned source files. */
  readonly sourceFiles: readonly ts.SourceFile[];
  objectProps(expr: ts.Expression | undefined): ObjectProps | undefined;
  /** The trace of a taint hit ending at a sink node, ready for a finding. */
  trace(hit: TaintHit, sink: ts.Node, sinkMessage: string): TraceStep[];
  /** A trace step for any node. */
  step(node: ts.Node, kind: TraceStep["kind"], message: string): TraceStep;
  /** Relative path of the file holding a node. */
  pathOf(node: ts.Node): string;
  /** The MCP tool a node belongs to, when it can be told. */
  toolAt(node: ts.Node): string | undefined;
  report(descriptor: ReportDescriptor): void;
}

export interface Rule {
  id: string;
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitors;
}

export function createRule(rule: Rule): Rule {
  for (const id of Object.keys(rule.meta.messages)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(id)) throw new Error(`rule ${rule.id}: message id "${id}" must be camelCase`);
  }
  return rule;
}
