import { ts } from "./ts.js";
import { isFunctionLike, thisOffset } from "../engine/ast/function-like.js";
import type { RuleContext } from "./rule.js";

/**
 * What each call of a function passes for one of its parameters, with the call: undefined unless the function is
 * reached only by those calls (`soleCallingSites`), there is one, and every one passes the argument itself.
 */
export function passedArguments(param: ts.ParameterDeclaration, context: RuleContext): { site: ts.CallExpression | ts.NewExpression; arg: ts.Expression }[] | undefined {
  const fn = param.parent;
  if (param.dotDotDotToken || !isFunctionLike(fn)) return undefined;
  const index = fn.parameters.indexOf(param) - thisOffset(fn);
  const sites = context.soleCallingSites(fn);
  if (!sites?.length) return undefined;
  const passed = sites.map((site) => {
    const args = site.arguments ?? [];
    const arg = args[index];
    return arg && !args.slice(0, index + 1).some(ts.isSpreadElement) ? { site, arg } : undefined;
  });
  return passed.every((p) => p !== undefined) ? passed : undefined;
}
