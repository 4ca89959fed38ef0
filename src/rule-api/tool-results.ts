import { ts } from "./ts.js";
import { skipOuter, skipOuterAndAwait, type FunctionLike } from "../engine/ast/function-like.js";
import { returnedExpressions } from "../engine/ast/returned-expressions.js";
import type { ToolModel } from "../engine/model/mcp-model.js";
import type { RuleContext } from "./rule.js";

/** Whose result a returned value is. */
export interface ResultOwner {
  kind: "tool" | "resource" | "prompt";
  /** The tool (resource, prompt) name; null when it cannot be told (a dynamic name, a low-level handler without a case). */
  name: string | null;
  /** The registration (or the low-level request handler) it belongs to. */
  node: ts.Node;
  tool?: ToolModel;
}

/** A value a handler returns to the client: the tool result, resource contents or prompt messages the model reads. */
export interface ResultSite {
  owner: ResultOwner;
  /** The returned expression. */
  expr: ts.Expression;
  /** The function whose `return` it is: the handler, or a helper the handler returns the result of. */
  fn: FunctionLike;
  /** 0 for the handler's own returns, 1 for the returns of a helper it returns the result of, ... */
  depth: number;
  /** The returned value is built here, not handed on to a helper (`return handleSearch(args)` is not a leaf). */
  leaf: boolean;
}

export interface ContentItem {
  /** The literal `type` ("text", "image", "resource", ...), when fixed. */
  type: string | undefined;
  node: ts.ObjectLiteralExpression;
  text?: ts.Expression;
  data?: ts.Expression;
}

const MAX_HELPER_DEPTH = 3;
const cache = new WeakMap<object, ResultSite[]>();

/**
 * Every place a tool, resource or prompt handler hands its result back: the handler's own returns, the returns of the
 * helper functions it returns the result of (`return await handleSearch(args)`, `return textResult(data)`), and for
 * low-level servers the returns in each `case "tool":` of the tools/call dispatcher. One site per return expression;
 * a helper shared by several tools is listed once, under the first.
 */
export function resultSites(context: RuleContext): ResultSite[] {
  const cached = cache.get(context.model);
  if (cached) return cached;
  const sites: ResultSite[] = [];
  const seen = new Set<ts.Node>();
  const add = (owner: ResultOwner, fn: FunctionLike, depth: number, region?: ts.Node): void => {
    for (const expr of returnedExpressions(fn)) {
      if (region && !within(expr, region)) continue;
      const named = owner.name === null ? caseOwner(expr, fn, owner, context) : owner;
      if (seen.has(expr)) continue;
      seen.add(expr);
      const target = skipOuterAndAwait(expr);
      const helpers = ts.isCallExpression(target) && depth < MAX_HELPER_DEPTH ? context.calleeFunctions(target).filter((f) => !!f.body) : [];
      sites.push({ owner: named, expr, fn, depth, leaf: helpers.length === 0 });
      for (const h of helpers) add(named, h, depth + 1);
    }
  };
  for (const t of context.model.tools) {
    const owner: ResultOwner = { kind: "tool", name: t.name, node: t.node, tool: t };
    if (t.handler) add(owner, t.handler, 0);
  }
  for (const r of context.model.resources) if (r.handler) add({ kind: "resource", name: r.uri ?? r.name, node: r.node }, r.handler, 0);
  for (const p of context.model.prompts) if (p.handler) add({ kind: "prompt", name: p.name, node: p.node }, p.handler, 0);
  // Low-level servers: the request handlers registered for tools/call, resources/read and prompts/get.
  for (const spec of context.model.sources) {
    if (!spec.fn || spec.paramIndex !== 0 || !spec.taintedMembers?.has("params")) continue;
    const kind = spec.kind === "tool-argument" ? "tool" : spec.kind === "resource-variable" ? "resource" : spec.kind === "prompt-argument" ? "prompt" : undefined;
    if (!kind) continue;
    add({ kind, name: null, node: spec.fn }, spec.fn, 0);
  }
  cache.set(context.model, sites);
  return sites;
}

/** In a low-level dispatcher, a return under `case "x":` (or `if (name === "x")`) belongs to tool x. */
function caseOwner(expr: ts.Expression, fn: FunctionLike, owner: ResultOwner, context: RuleContext): ResultOwner {
  if (owner.kind !== "tool") return owner;
  for (let n: ts.Node | undefined = expr.parent; n && n !== fn; n = n.parent) {
    let name: string | undefined;
    if (ts.isCaseClause(n)) name = nameText(n.expression, context);
    else if (ts.isIfStatement(n) && ts.isBinaryExpression(n.expression) && isEquality(n.expression.operatorToken.kind) && within(expr, n.thenStatement)) {
      name = nameText(n.expression.right, context) ?? nameText(n.expression.left, context);
    }
    if (name === undefined) continue;
    const tool = context.model.tools.find((t) => t.name === name);
    return { kind: "tool", name, node: tool?.node ?? owner.node, ...(tool ? { tool } : {}) };
  }
  const tool = context.model.tools.find((t) => t.dispatch && within(expr, t.dispatch));
  return tool ? { kind: "tool", name: tool.name, node: tool.node, tool } : owner;
}

/** A tool name in a case label: a literal, a constant, or a string enum member (`ToolName.PRINT_ENV`) of an enum in the same file. */
function nameText(expr: ts.Expression, context: RuleContext): string | undefined {
  const text = context.constantText(expr);
  if (text !== undefined) return text;
  const e = skipOuter(expr);
  if (!ts.isPropertyAccessExpression(e) || !ts.isIdentifier(e.expression)) return undefined;
  const enumName = e.expression.text;
  for (const st of e.getSourceFile().statements) {
    if (!ts.isEnumDeclaration(st) || st.name.text !== enumName) continue;
    const member = st.members.find((m) => ts.isIdentifier(m.name) && m.name.text === e.name.text);
    return member?.initializer && ts.isStringLiteralLike(member.initializer) ? member.initializer.text : undefined;
  }
  return undefined;
}

function isEquality(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken;
}

/** The `content` items of a result object: `{ content: [{ type: "text", text }] }`, following constants and helpers' returns. */
export function contentItems(expr: ts.Expression, context: RuleContext): ContentItem[] {
  const obj = context.objectProps(skipOuterAndAwait(expr));
  const content = obj?.value("content") ?? obj?.value("contents");
  if (!content) return [];
  const list = skipOuter(content);
  const arr = ts.isArrayLiteralExpression(list) ? list : (() => {
    const ref = context.resolve(list);
    return ref.kind === "array" ? ref.node : undefined;
  })();
  if (!arr) return [];
  const out: ContentItem[] = [];
  for (const el of arr.elements) {
    const item = skipOuter(el);
    if (!ts.isObjectLiteralExpression(item)) continue;
    const props = context.objectProps(item);
    const type = props?.text("type");
    const text = props?.value("text");
    const data = props?.value("data");
    out.push({ type, node: item, ...(text ? { text } : {}), ...(data ? { data } : {}) });
  }
  return out;
}

/** Whether a result object says `isError: true`. */
export function isErrorResult(expr: ts.Expression, context: RuleContext): boolean {
  return context.objectProps(skipOuterAndAwait(expr))?.bool("isError") === true;
}

function within(node: ts.Node, region: ts.Node): boolean {
  return node.getSourceFile() === region.getSourceFile() && node.pos >= region.pos && node.end <= region.end;
}
