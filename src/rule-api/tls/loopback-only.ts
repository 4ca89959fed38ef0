import { ts } from "../ts.js";
import type { RuleContext } from "../rule.js";
import { leadingText } from "../../engine/dataflow/string-parts.js";
import { isMutableDeclaration } from "../mutable-declaration.js";
import { variableUses } from "../variable-uses.js";

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;
/** `https://localhost:8443/…`, `https://127.0.0.1/…`, `https://[::1]`: the host ends where a port or path begins. */
const LOOPBACK_URL = /^[a-z][a-z\d+.-]*:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?=[:/]|$)/i;
/** Option keys that name the host a connection goes to (not `proxy`, which names a hop on the way). */
const HOST_KEYS = new Set(["host", "hostname"]);
const URL_KEYS = new Set(["url", "uri", "baseURL", "baseUrl", "prefixUrl", "origin", "endpoint", "connectionString"]);
const MAX_HOPS = 8;

/**
 * Whether the options object holding a TLS setting only ever reaches connections to a literal loopback host, following
 * it into agents (`new https.Agent(opts)`) and through consts to every place they are used. Any use it cannot follow,
 * or any host it cannot read, counts as remote.
 */
export function reachesOnlyLoopback(setting: ts.Node, context: RuleContext): boolean {
  const holder = setting.parent;
  return !!holder && ts.isObjectLiteralExpression(holder) && flowsOnlyToLoopback(holder, context, 0);
}

function flowsOnlyToLoopback(value: ts.Expression, context: RuleContext, hops: number): boolean {
  if (hops > MAX_HOPS) return false;
  if (ts.isObjectLiteralExpression(value)) {
    const target = namedTarget(value, context);
    if (target !== undefined) return target;
  }
  let child: ts.Node = value;
  let p = value.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isNonNullExpression(p) || (ts.isConditionalExpression(p) && child !== p.condition))) {
    child = p;
    p = p.parent;
  }
  if (!p) return false;
  // { agent }, { httpsAgent: agent }, { tls: { … } }, { ...(cond ? { … } : {}) }: the enclosing options carry it on.
  if ((ts.isPropertyAssignment(p) && p.initializer === child) || ts.isShorthandPropertyAssignment(p) || ts.isSpreadAssignment(p)) {
    return ts.isObjectLiteralExpression(p.parent) && flowsOnlyToLoopback(p.parent, context, hops + 1);
  }
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && (p.arguments ?? []).some((a) => a === child)) {
    // fetch("https://localhost:8443/x", { agent }), new Pool("postgres://127.0.0.1/db", { ssl })
    const urls = (p.arguments ?? []).filter((a) => a !== child).map((a) => urlTarget(a, context)).filter((t) => t !== undefined);
    if (urls.length) return urls.every((t) => t);
    // new https.Agent(opts): the agent, not the call, goes on to the connection.
    return ts.isNewExpression(p) && flowsOnlyToLoopback(p, context, hops + 1);
  }
  if (ts.isVariableDeclaration(p) && p.initializer === child) return usesOnlyLoopback(p, context, hops);
  return false;
}

/** Every use of a const in its own file goes to loopback; an exported or reassignable one may go anywhere. */
function usesOnlyLoopback(decl: ts.VariableDeclaration, context: RuleContext, hops: number): boolean {
  if (!ts.isIdentifier(decl.name) || isMutableDeclaration(decl)) return false;
  const statement = decl.parent.parent;
  if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return false;
  const uses = variableUses(decl, context);
  // export { agent } names it without using it: the importer's uses are not followed.
  return uses.length > 0 && uses.every((u) => !ts.isExportSpecifier(u.parent) && flowsOnlyToLoopback(u, context, hops + 1));
}

/** The verdict of the host an options object names itself, if it names one. */
function namedTarget(obj: ts.ObjectLiteralExpression, context: RuleContext): boolean | undefined {
  let verdict: boolean | undefined;
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
    const key = ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name) ? p.name.text : undefined;
    if (key === undefined || (!HOST_KEYS.has(key) && !URL_KEYS.has(key))) continue;
    const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
    const host = HOST_KEYS.has(key) ? context.constantText(value) : undefined;
    const loopback = HOST_KEYS.has(key) ? host !== undefined && LOOPBACK_HOST.test(host) : urlTarget(value, context) === true;
    verdict = (verdict ?? true) && loopback;
  }
  return verdict;
}

/** true for a URL whose host is a literal loopback address, false for another URL, undefined for what is no URL. */
function urlTarget(expr: ts.Expression, context: RuleContext): boolean | undefined {
  const whole = context.constantText(expr);
  const text = whole ?? leadingText(expr, (id) => context.initializer(id));
  if (text === undefined || !/^[a-z][a-z\d+.-]*:\/\//i.test(text)) return undefined;
  const m = LOOPBACK_URL.exec(text);
  // "https://localhost" + rest may continue the host name; only a port or path after it closes the host.
  return !!m && (whole !== undefined || text.length > m[0].length);
}
