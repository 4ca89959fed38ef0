import { ts } from "./ts.js";
import { propertyNameText, skipOuter } from "../engine/ast/function-like.js";
import type { RuleContext } from "./rule.js";

/** A place in an input schema that accepts values of any shape. */
export interface PermissivePart {
  /** The construct to point at: `z.any()`, `.passthrough()`, `additionalProperties: true`. */
  node: ts.Node;
  /** Field path from the schema root (empty for the root); "*" for array items and record values. */
  path: string[];
  /** What it is, for messages: "z.any()", ".passthrough()", "additionalProperties: true", ... */
  construct: string;
}

const ZOD_WRAPPERS = new Set(["optional", "nullable", "nullish", "default", "describe", "catch", "readonly", "brand", "meta", "refine", "superRefine", "transform", "pipe", "min", "max", "length", "nonempty", "prefault"]);
const JSON_SCHEMA_KEYS = new Set(["type", "properties", "$schema", "additionalProperties", "anyOf", "oneOf", "allOf", "items", "required"]);

/** Every construct in a zod or JSON Schema expression that lets arbitrary values (or keys) through. */
export function permissiveParts(expr: ts.Expression | undefined, context: RuleContext): PermissivePart[] {
  const out: PermissivePart[] = [];
  if (expr) walk(expr, [], context, out, 0, new Set());
  return out;
}

function walk(expr: ts.Expression, path: string[], context: RuleContext, out: PermissivePart[], depth: number, seen: Set<ts.Node>): void {
  if (depth > 14) return;
  const e = skipOuter(expr);
  if (seen.has(e)) return;
  seen.add(e);
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const init = ts.isIdentifier(e) ? context.initializer(e) : undefined;
    if (init) return walk(init, path, context, out, depth + 1, seen);
    const ref = context.resolve(e);
    if (ref.kind === "object") return walk(ref.node, path, context, out, depth + 1, seen);
    return;
  }
  if (ts.isObjectLiteralExpression(e)) {
    if (looksLikeJsonSchema(e, context)) return jsonSchema(e, path, context, out, depth, seen);
    // mcp-framework fields: { type: z.string(), description: "..." }
    const typeField = context.objectProps(e)?.value("type");
    if (typeField && context.objectProps(e)?.has("description")) return walk(typeField, path, context, out, depth + 1, seen);
    for (const p of e.properties) {
      const name = p.name ? propertyNameText(p.name) : undefined;
      if (ts.isPropertyAssignment(p) && name !== undefined) walk(p.initializer, [...path, name], context, out, depth + 1, seen);
      else if (ts.isShorthandPropertyAssignment(p)) walk(p.name, [...path, p.name.text], context, out, depth + 1, seen);
      else if (ts.isSpreadAssignment(p)) walk(p.expression, path, context, out, depth + 1, seen);
    }
    return;
  }
  if (ts.isCallExpression(e)) return zodCall(e, path, context, out, depth, seen);
}

function zodCall(call: ts.CallExpression, path: string[], context: RuleContext, out: PermissivePart[], depth: number, seen: Set<ts.Node>): void {
  const callee = skipOuter(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
  if (name === "zodToJsonSchema" || name === "toJSONSchema" || name === "toJsonSchema") {
    if (call.arguments[0]) walk(call.arguments[0], path, context, out, depth + 1, seen);
    return;
  }
  const api = context.api(call.expression);
  if (!api || !/^zod(\/|$)/.test(api.module)) return;
  const chained = api.path.includes("#");
  const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
  const [a0, a1] = call.arguments;
  const next = (x: ts.Expression | undefined, p: string[] = path) => x && walk(x, p, context, out, depth + 1, seen);
  if (!chained) {
    switch (name) {
      case "any":
      case "unknown":
        out.push({ node: call, path, construct: `z.${name}()` });
        return;
      case "record": {
        const value = call.arguments.length >= 2 ? a1 : a0;
        if (value && isAnyZod(value, context)) out.push({ node: call, path, construct: `z.record(z.${anyName(value, context)}())` });
        else next(value, [...path, "*"]);
        return;
      }
      case "looseObject":
        out.push({ node: call, path, construct: "z.looseObject()" });
        next(a0);
        return;
      case "object":
      case "strictObject":
        next(a0);
        return;
      case "array":
      case "set":
        next(a0, [...path, "*"]);
        return;
      case "optional":
      case "nullable":
        next(a0);
        return;
      case "union":
      case "discriminatedUnion":
      case "intersection": {
        const list = name === "discriminatedUnion" ? a1 : a0;
        const l = list && skipOuter(list);
        if (l && ts.isArrayLiteralExpression(l)) for (const el of l.elements) next(el);
        else {
          next(a0);
          next(a1);
        }
        return;
      }
      default:
        return;
    }
  }
  switch (name) {
    case "passthrough":
    case "loose":
      out.push({ node: call, path, construct: `.${name}()` });
      next(receiver);
      return;
    case "catchall":
      if (a0 && isAnyZod(a0, context)) out.push({ node: call, path, construct: `.catchall(z.${anyName(a0, context)}())` });
      next(receiver);
      return;
    case "extend":
    case "merge":
    case "and":
    case "or":
      next(receiver);
      next(a0);
      return;
    case "array":
      next(receiver, [...path, "*"]);
      return;
    default:
      if (ZOD_WRAPPERS.has(name) || name === "partial" || name === "required" || name === "pick" || name === "omit" || name === "strict" || name === "strip") next(receiver);
  }
}

function isAnyZod(expr: ts.Expression, context: RuleContext): boolean {
  return anyName(expr, context) !== undefined;
}

function anyName(expr: ts.Expression, context: RuleContext): string | undefined {
  let e = skipOuter(expr);
  // z.any().optional(), z.unknown().describe("...")
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ZOD_WRAPPERS.has(e.expression.name.text) && context.api(e.expression)?.path.includes("#")) e = skipOuter(e.expression.expression);
  if (!ts.isCallExpression(e)) return undefined;
  const api = context.api(e.expression);
  const last = api?.path[api.path.length - 1];
  return api && /^zod(\/|$)/.test(api.module) && !api.path.includes("#") && (last === "any" || last === "unknown") ? last : undefined;
}

function looksLikeJsonSchema(obj: ts.ObjectLiteralExpression, context: RuleContext): boolean {
  return obj.properties.some((p) => {
    if (!ts.isPropertyAssignment(p)) return false;
    const key = propertyNameText(p.name) ?? "";
    if (!JSON_SCHEMA_KEYS.has(key)) return false;
    // { type: z.string() } is an mcp-framework field, not JSON Schema.
    const api = ts.isCallExpression(skipOuter(p.initializer)) ? context.api((skipOuter(p.initializer) as ts.CallExpression).expression) : undefined;
    return !api || !/^zod(\/|$)/.test(api.module);
  });
}

function jsonSchema(obj: ts.ObjectLiteralExpression, path: string[], context: RuleContext, out: PermissivePart[], depth: number, seen: Set<ts.Node>): void {
  const props = context.objectProps(obj);
  if (!props) return;
  const type = props.text("type");
  const properties = props.value("properties");
  const additional = props.find("additionalProperties");
  const additionalValue = props.value("additionalProperties");
  if (additional && additionalValue && additionalValue.kind === ts.SyntaxKind.TrueKeyword) out.push({ node: additional, path, construct: "additionalProperties: true" });
  else if (additionalValue && ts.isObjectLiteralExpression(skipOuter(additionalValue))) {
    const inner = skipOuter(additionalValue) as ts.ObjectLiteralExpression;
    if (inner.properties.length === 0) out.push({ node: additional as ts.Node, path, construct: "additionalProperties: {}" });
    else walk(inner, [...path, "*"], context, out, depth + 1, seen);
  } else if (type === "object" && !properties && !additional && !props.has("patternProperties") && !props.has("oneOf") && !props.has("anyOf") && !props.has("allOf") && !props.has("$ref")) {
    out.push({ node: obj, path, construct: '{ type: "object" } without properties' });
  }
  const p = properties && context.objectProps(properties);
  if (p) for (const key of p.keys()) {
    const v = p.value(key);
    if (!v) continue;
    const inner = skipOuter(v);
    if (ts.isObjectLiteralExpression(inner) && inner.properties.length === 0) out.push({ node: inner, path: [...path, key], construct: "{} (any value)" });
    else walk(v, [...path, key], context, out, depth + 1, seen);
  }
  const items = props.value("items");
  if (items) walk(items, [...path, "*"], context, out, depth + 1, seen);
  for (const k of ["anyOf", "oneOf", "allOf"]) {
    const list = props.value(k);
    const l = list && skipOuter(list);
    if (l && ts.isArrayLiteralExpression(l)) for (const el of l.elements) walk(el, path, context, out, depth + 1, seen);
  }
}
