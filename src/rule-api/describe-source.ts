import type { ts } from "ts-morph";
import { KEYS, type TaintHit } from "../engine/dataflow/taint.js";
import { signInBefore } from "./http-endpoints.js";
import type { RuleContext } from "./rule.js";

/** "`url` from arguments of tool "fetch"" — the field the attacker sets and where it enters; capitalized unless `inline`. */
export function describeSource(hit: TaintHit, inline = false): string {
  const field = hit.taint.path.filter((p) => p !== "*" && p !== KEYS && !(hit.spec.taintedMembers?.has("params") && (p === "params" || p === "arguments")));
  // With no field named, one of the arguments (or variables) is what the message speaks of.
  const text = field.length ? `\`${field.join(".")}\` from ${hit.spec.label}` : hit.spec.label.replace(/^(arguments|variables) of /, (_, noun: string) => `${noun === "arguments" ? "an argument" : "a variable"} of `);
  return inline ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** Who controls the value: a prompt-injected model for MCP inputs, any caller for HTTP request data, or its signed-in callers. */
export function attacker(hit: TaintHit, context?: RuleContext): string {
  const signIn = context && signedIn(hit, context);
  // An inline middleware is labelled by its first word (`async`): it names no check.
  if (signIn) return `any signed-in user (${/^(async|function)$/.test(signIn) ? "a sign-in check" : `\`${signIn}\``} runs before the route)`;
  if (hit.spec.kind === "http-request") return "any HTTP client (or a web page, through the user's browser)";
  return hit.spec.kind === "remote-server" ? "a malicious or compromised MCP server" : "a prompt-injected model";
}

/** The MCP tool whose arguments a finding comes from, when known. */
export function toolOf(hit: TaintHit, at: ts.Node, context: RuleContext): { tool?: string } {
  const tool = hit.spec.tool ?? hit.taint.trace.map((s) => context.toolAt(s.node)).find(Boolean) ?? context.toolAt(at);
  return tool ? { tool } : {};
}

/** The sign-in that request data must pass before the handler reading it runs, when its route has one that holds. */
function signedIn(hit: TaintHit, context: RuleContext): string | undefined {
  return hit.spec.kind === "http-request" && hit.spec.fn ? signInBefore(hit.spec.fn, context) : undefined;
}

/** Request data only signed-in users can send: graded medium, with the sign-in already between the sink and the internet. */
export function signedInGrade(hit: TaintHit, context: RuleContext): { severity?: "medium" } {
  return signedIn(hit, context) ? { severity: "medium" } : {};
}
