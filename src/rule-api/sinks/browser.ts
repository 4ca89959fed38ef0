import type { ts } from "../ts.js";
import { packageOf } from "../package-of.js";
import type { RuleContext } from "../rule.js";

export const BROWSER_MODULES: ReadonlySet<string> = new Set(["playwright", "playwright-core", "@playwright/test", "playwright-extra", "patchright", "puppeteer", "puppeteer-core", "puppeteer-extra", "rebrowser-puppeteer", "rebrowser-playwright"]);

/**
 * A method call on a Playwright or Puppeteer object. The page is often typed `any` or passed around, so when its
 * library cannot be told, a package that depends on a browser library is the sign.
 */
export function browserCall(call: ts.CallExpression | ts.NewExpression, context: RuleContext): boolean {
  const api = context.api(call.expression);
  if (api) return BROWSER_MODULES.has(api.module);
  // `store.uploadFile(data)` on a project class runs the project's own method, whatever libraries the package uses.
  return !context.calleeFunctions(call).length && drivesBrowser(call, context);
}

function drivesBrowser(node: ts.Node, context: RuleContext): boolean {
  const folder = packageOf(node, context);
  return context.packages.some((p) => (p.path === folder || p.path === ".") && !!p.dependencies?.some((d) => BROWSER_MODULES.has(d)));
}
