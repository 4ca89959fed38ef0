import { ts } from "../ts.js";
import { isFunctionLike, propertyNameText } from "../../engine/ast/function-like.js";
import type { McpModel } from "../../engine/model/mcp-model.js";
import type { RuleContext } from "../rule.js";
import type { ConstIndex } from "./const-index.js";

/** A string the client passes to the model: a description, a title, a parameter description, server instructions, prompt text. */
export interface ModelFacingString {
  /** For messages: `the description of tool "search"`. */
  where: string;
  expr: ts.Expression;
  /** A tool or prompt description (not a parameter, not a prompt message): runtime changes matter. */
  description: boolean;
}

/** Every model-facing string the MCP model can point at, each expression once. */
export function modelFacingStrings(model: McpModel, context: RuleContext, consts: ConstIndex): ModelFacingString[] {
  const out: ModelFacingString[] = [];
  const seen = new Set<ts.Node>();
  const add = (expr: ts.Expression | undefined, where: string, description = false) => {
    if (!expr || seen.has(expr)) return;
    seen.add(expr);
    out.push({ where, expr, description });
  };
  for (const s of model.servers) add(s.instructionsNode, "the server instructions");
  for (const t of model.tools) {
    const name = t.name === null ? "a tool" : `tool "${t.name}"`;
    add(t.descriptionNode ?? positionalDescription(t.node, context), `the description of ${name}`, true);
    for (const title of titleNodes(t.node, t.annotationsNode, context)) add(title, `the title of ${name}`);
    if (t.schemaNode) for (const d of schemaDescriptions(t.schemaNode, context, consts)) add(d.expr, `the description of parameter "${d.param}" of ${name}`);
  }
  for (const p of model.prompts) {
    const name = p.name === null ? "a prompt" : `prompt "${p.name}"`;
    add(p.descriptionNode ?? positionalDescription(p.node, context), `the description of ${name}`, true);
    if (p.handler) for (const text of promptTexts(p.handler)) add(text, `a message of ${name}`);
  }
  for (const r of model.resources) add(r.descriptionNode, `the description of resource "${r.name ?? r.uri ?? "?"}"`, true);
  return out;
}

/**
 * Strings of tool definitions the model does not list (a ListTools handler returning `allTools.filter(...)`, tools kept in
 * a registry object): object literals with a name, a description and an input schema.
 */
export function toolLikeStrings(obj: ts.ObjectLiteralExpression, context: RuleContext, consts: ConstIndex): ModelFacingString[] {
  const props = context.objectProps(obj);
  if (!props) return [];
  const name = props.text("name");
  const tool = name ? `tool "${name}"` : "a tool";
  const out: ModelFacingString[] = [];
  const description = props.value("description");
  if (description) out.push({ where: `the description of ${tool}`, expr: description, description: true });
  const schema = props.value("inputSchema") ?? props.value("parameters") ?? props.value("input_schema");
  if (schema) for (const d of schemaDescriptions(schema, context, consts)) out.push({ where: `the description of parameter "${d.param}" of ${tool}`, expr: d.expr, description: false });
  return out;
}

/**
 * `server.tool("x", remote.text, { … }, cb)`: a computed description in second position (the model reads only
 * constant ones as descriptions).
 */
function positionalDescription(node: ts.Node, context: RuleContext): ts.Expression | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || !["tool", "prompt"].includes(node.expression.name.text)) return undefined;
  const args = node.arguments;
  const second = args[1];
  if (!second || args.length < 3 || isFunctionLike(second)) return undefined;
  if (ts.isObjectLiteralExpression(second) || context.objectProps(second) || /^z\b|\.(?:object|shape|extend)\b/.test(second.getText())) return undefined;
  return second;
}

function titleNodes(node: ts.Node, annotations: ts.Expression | undefined, context: RuleContext): ts.Expression[] {
  const out: ts.Expression[] = [];
  const config = ts.isCallExpression(node) ? node.arguments.find((a) => context.objectProps(a)?.has("title")) : ts.isObjectLiteralExpression(node) ? node : undefined;
  const title = config ? context.objectProps(config)?.value("title") : undefined;
  if (title) out.push(title);
  const annotated = annotations ? context.objectProps(annotations)?.value("title") : undefined;
  if (annotated) out.push(annotated);
  return out;
}

/** `.describe("…")` texts and JSON Schema `description`s inside an input schema, with the parameter they describe. */
function schemaDescriptions(schema: ts.Expression, context: RuleContext, consts: ConstIndex): { expr: ts.Expression; param: string }[] {
  const out: { expr: ts.Expression; param: string }[] = [];
  const seen = new Set<ts.Node>();
  const visit = (n: ts.Node, param: string, depth: number): void => {
    if (depth > 12 || seen.has(n)) return;
    seen.add(n);
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "describe" && n.arguments[0]) out.push({ expr: n.arguments[0], param });
    if (ts.isPropertyAssignment(n)) {
      const key = propertyNameText(n.name) ?? param;
      if (key === "description" && !ts.isObjectLiteralExpression(n.initializer)) {
        out.push({ expr: n.initializer, param });
        return;
      }
      return visit(n.initializer, key === "properties" || key === "items" || key === "type" ? param : key, depth + 1);
    }
    if (ts.isIdentifier(n) && !ts.isPropertyAccessExpression(n.parent)) {
      const init = context.initializer(n) ?? consts.lookup(n);
      if (init) visit(init, param, depth + 1);
      return;
    }
    if (isFunctionLike(n)) return;
    ts.forEachChild(n, (c) => visit(c, param, depth + 1));
  };
  visit(schema, "?", 0);
  return out;
}

/** Literal text a prompt handler returns: `messages[].content.text`, or the string a fastmcp `load` returns. */
function promptTexts(handler: ts.Node): ts.Expression[] {
  const out: ts.Expression[] = [];
  const returned: ts.Expression[] = [];
  const body = (handler as { body?: ts.Node }).body;
  if (!body) return out;
  if (!ts.isBlock(body)) returned.push(body as ts.Expression);
  const visit = (n: ts.Node): void => {
    if (n !== body && isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) returned.push(n.expression);
    ts.forEachChild(n, visit);
  };
  visit(body);
  for (const r of returned) {
    let e = r;
    while (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) {
      out.push(e);
      continue;
    }
    const texts = (n: ts.Node): void => {
      if (ts.isPropertyAssignment(n) && propertyNameText(n.name) === "text") out.push(n.initializer);
      else if (!isFunctionLike(n)) ts.forEachChild(n, texts);
    };
    texts(e);
  }
  return out;
}
