import type { ts } from "ts-morph";
import { KEYS, type TaintHit } from "../engine/dataflow/taint.js";
import type { RuleContext } from "./rule.js";

/** "`url` from arguments of tool "fetch"" — the field the attacker sets and where it enters; capitalized unless `inline`. */
export function describeSource(hit: TaintHit, inline = false): string {
  const field = hit.taint.path.filter((p) => p !== "*" && p !== KEYS && !(hit.spec.taintedMembers?.has("params") && (p === "params" || p === "arguments")));
  // With no field named, one of the arguments (or variables) is what the message speaks of.
  const text = field.length ? `\`${field.join(".")}\` from ${hit.spec.label}` : hit.spec.label.replace(/^(arguments|variables) of /, (_, noun: string) => `${noun === "arguments" ? "an argument" : "a variable"} of `);
  return inline ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** Who controls the value: a prompt-injected model for MCP inputs, any caller for HTTP request data. */
export function attacker(hit: TaintHit): string {
  if (hit.spec.kind === "http-request") return "any HTTP client (or a web page, through the user's browser)";
  return hit.spec.kind === "remote-server" ? "a malicious or compromised MCP server" : "a prompt-injected model";
}

/** The MCP tool whose arguments a finding comes from, when known. */
export function toolOf(hit: TaintHit, at: ts.Node, context: RuleContext): { tool?: string } {
  const tool = hit.spec.tool ?? hit.taint.trace.map((s) => context.toolAt(s.node)).find(Boolean) ?? context.toolAt(at);
  return tool ? { tool } : {};
}
