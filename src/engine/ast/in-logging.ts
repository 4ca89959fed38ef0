import path from "node:path";
import { ts } from "../../rule-api/ts.js";
import { isFunctionLike, skipOuter } from "./function-like.js";

/** The call sits in logging code (a function, class or file named log, trace, audit…): what it writes is the server's own log. */
export function inLogging(call: ts.Node): boolean {
  const names: string[] = [];
  let inClass = false;
  for (let n: ts.Node | undefined = call.parent; n; n = n.parent) {
    if ((isFunctionLike(n) || ts.isClassLike(n)) && n.name && ts.isIdentifier(n.name)) names.push(n.name.text);
    // `class JsonlFile implements AuditSink`: what a class extends or implements says what it is too.
    if (ts.isClassLike(n)) for (const clause of n.heritageClauses ?? []) for (const t of clause.types) names.push(heritageName(t.expression));
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && isFunctionLike(skipOuter(n.initializer ?? n.name))) names.push(n.name.text);
    inClass ||= ts.isClassLike(n);
  }
  // A class says what it writes (a Journal in trace.ts is the user's); loose functions go by their file.
  if (!inClass) names.push(path.basename(call.getSourceFile().fileName).replace(/\.[^.]*$/, ""));
  return names.some((name) => name.split(/(?=[A-Z])|[_\-.\s]+/).some((word) => LOG_WORD.test(word)));
}

/** `AuditSink`, `pino.BaseLogger`: the last name of an extended or implemented type. */
function heritageName(e: ts.Expression): string {
  return ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : "";
}

const LOG_WORD = /^(log|logs|logger|logging|trace|tracer|tracing|audit|diagnostics?|debug)$/i;
