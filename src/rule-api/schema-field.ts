import { ts } from "./ts.js";
import { skipOuter } from "../engine/ast/function-like.js";
import type { RuleContext } from "./rule.js";

const SHAPE_METHODS = new Set(["object", "strictObject", "looseObject", "extend", "merge", "safeExtend"]);

/**
 * The expression that declares one top-level field of a tool's input schema: a zod raw shape (`{ n: z.number() }`),
 * `z.object({...})` (through `.extend`, `.describe`, ...), or a JSON Schema `properties` entry.
 */
export function schemaFieldExpression(schema: ts.Expression | undefined, field: string, context: RuleContext, depth = 0): ts.Expression | undefined {
  if (!schema || depth > 6) return undefined;
  const e = skipOuter(schema);
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    if (init) return schemaFieldExpression(init, field, context, depth + 1);
  }
  const props = context.objectProps(e);
  if (props) {
    const properties = props.value("properties");
    if (properties && (props.has("type") || props.has("required"))) return context.objectProps(properties)?.value(field);
    return props.value(field);
  }
  for (let x: ts.Expression = e; ts.isCallExpression(x); ) {
    const callee = skipOuter(x.expression);
    if (!ts.isPropertyAccessExpression(callee)) break;
    if (SHAPE_METHODS.has(callee.name.text)) {
      const found = schemaFieldExpression(x.arguments[0], field, context, depth + 1);
      if (found) return found;
    }
    x = skipOuter(callee.expression);
  }
  return undefined;
}
