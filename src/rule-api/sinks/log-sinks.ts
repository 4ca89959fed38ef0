import { ts } from "../ts.js";
import { skipOuter } from "../../engine/ast/function-like.js";
import type { RuleContext } from "../rule.js";

const CONSOLE_METHODS = new Set(["log", "info", "warn", "error", "debug", "trace", "dir", "table"]);
const LOG_METHODS = new Set(["log", "info", "warn", "warning", "error", "debug", "trace", "fatal", "verbose", "silly", "http", "notice", "critical", "emerg", "alert"]);
const LOGGER_MODULES = new Set(["pino", "winston", "bunyan", "log4js", "loglevel", "consola", "signale", "tslog", "roarr", "npmlog", "debug", "electron-log", "@logtape/logtape", "pino-http", "morgan"]);
/** A receiver that is a logger by its name: `logger`, `log`, `this.logger`, `ctx.log`, `appLogger`, `auditLog`. */
const LOGGER_NAME = /^(_?log|_?logger|\$log)$/i;
const LOGGER_SUFFIX = /[a-z0-9_]Logger$|[a-z0-9_]Log$|_logger$/;
const LOG_FUNCTION = /^(log|logger|log(Debug|Info|Warn|Warning|Error|Message|Event)|debugLog|writeLog|errorLog)$/;

/** A call that writes its arguments to a log, and how to name it in a message; undefined for anything else. */
export interface LogCall {
  call: ts.CallExpression;
  api: string;
  /** The log belongs to the MCP client (a logging notification), not to the server's own output. */
  toClient: boolean;
  /** Recognised by its name only (a project logger). */
  byName: boolean;
}

export function logCall(call: ts.CallExpression, context: RuleContext): LogCall | undefined {
  if (!call.arguments.length) return undefined;
  const callee = skipOuter(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (method === "sendLoggingMessage") return { call, api: "sendLoggingMessage", toClient: true, byName: false };
  const api = context.api(call.expression);
  if (api) {
    const path = api.path.filter((p) => p !== "#");
    const last = path[path.length - 1] ?? "";
    if (api.module === "global" && path[0] === "console" && CONSOLE_METHODS.has(last) && path.length === 2) return { call, api: `console.${last}`, toClient: false, byName: false };
    if (api.module === "global" && path[0] === "process" && (path[1] === "stderr" || path[1] === "stdout") && last === "write") return { call, api: `process.${path[1]}.write`, toClient: false, byName: false };
    if (LOGGER_MODULES.has(api.module) && (LOG_METHODS.has(last) || api.module === "debug")) return { call, api: `${api.module} logger`, toClient: false, byName: false };
    return undefined;
  }
  const ref = context.resolve(call.expression);
  if (ref.kind === "instance" && ref.of.kind === "api" && ref.of.module === "debug") return { call, api: "debug", toClient: false, byName: false };
  if (ts.isPropertyAccessExpression(callee) && method && LOG_METHODS.has(method)) {
    const receiver = skipOuter(callee.expression);
    const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
    if (name && (LOGGER_NAME.test(name) || LOGGER_SUFFIX.test(name))) return { call, api: `${name}.${method}`, toClient: false, byName: true };
  }
  // log(…), logDebug(…), or this.logDebug(…) on a class's own logging method.
  if (method && (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee)) && LOG_FUNCTION.test(method) && context.calleeFunctions(call).length) return { call, api: `${method}()`, toClient: false, byName: true };
  return undefined;
}
