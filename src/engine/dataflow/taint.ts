import type { ts } from "ts-morph";
import type { TraceStepKind } from "../../rule-api/types.js";
import type { FunctionLike } from "../ast/function-like.js";
import type { SchemaNode } from "../model/schema-node.js";

export type SourceKind = "tool-argument" | "resource-variable" | "prompt-argument" | "http-request" | "sampling-result" | "third-party-content" | "secret";

/** What an attacker controls: MCP inputs chosen by a prompt-injectable model, HTTP request data, sampling results. */
export const ATTACKER_KINDS: readonly SourceKind[] = ["tool-argument", "resource-variable", "prompt-argument", "http-request", "sampling-result"];

/**
 * Where data of interest enters: a parameter an attacker controls (a tool handler's arguments, an HTTP
 * handler's request), or an expression (a response body, a sampling result, a secret from the environment).
 */
export interface SourceSpec {
  /** The function whose parameter is the source (parameter sources). */
  fn?: FunctionLike;
  paramIndex?: number;
  /** The expression that produces the value (expression sources). */
  node?: ts.Node;
  kind: SourceKind;
  /** Human label, e.g. `arguments of tool "run_command"`. */
  label: string;
  tool?: string;
  /** Validated schema of the value, when the framework enforces one (McpServer zod shapes, fastmcp parameters). */
  schema?: SchemaNode;
  /** For request objects: only these first properties carry attacker data (req.query, req.body, ...). */
  taintedMembers?: ReadonlySet<string>;
  /** Properties of the value that carry no attacker data (the handler's `extra`, `c.env`). */
  cleanMembers?: ReadonlySet<string>;
}

export type MarkKind =
  /** Coerced to a number, boolean or date: safe everywhere. */
  | "number"
  /** Equal to a known constant, an allowlist member or an enum value: safe everywhere. */
  | "const"
  /** Matched an anchored allowlist regex (or a uuid/email format): safe everywhere. */
  | "regex"
  /** Escaped or quoted for a shell. */
  | "shell-quoted"
  /** Reduced to a file name (path.basename). */
  | "basename"
  /** Went through a containment check; detail says how good the check is. */
  | "path-check"
  /** Symlinks resolved (realpath). */
  | "realpath"
  /** Checked to hold no "..". */
  | "no-dotdot"
  /** path.relative(root, value): the value's position relative to a root. */
  | "relative"
  /** The host part of a URL. */
  | "hostname"
  /** An address from DNS resolution. */
  | "dns-resolved"
  /** Host checked against an allowlist. */
  | "host-allowlist"
  /** Checked against private/loopback addresses; detail: url-text | hostname-text | resolved. */
  | "ip-check"
  /** Placed after a fixed scheme and host inside a URL: cannot change the host. */
  | "url-path"
  /** Fixed text precedes the value: it cannot start a command-line option. */
  | "prefixed"
  /** encodeURIComponent: no shell metacharacters, no path separators. */
  | "uri-encoded"
  /** HTML-escaped. */
  | "html-escaped"
  /** The outcome of a boolean project function on the value (detail "<function>=true|false"), for branch feasibility. */
  | "predicate"
  /** Escaped or parameterised for SQL. */
  | "sql-escaped";

export interface Mark {
  kind: MarkKind;
  detail?: string;
  /** Where the check or transformation happened (shown in traces, used to report weak checks). */
  node?: ts.Node;
}

/** One hop of a trace, with its node; turned into a TraceStep with a location when reported. */
export interface Step {
  kind: TraceStepKind;
  node: ts.Node;
  message: string;
}

export type TaintRoot =
  | { kind: "source"; id: string; spec: SourceSpec }
  /** A function's parameter, resolved to real sources through the facts of its callers. */
  | { kind: "param"; id: string; fn: FunctionLike; index: number };

/** An attacker-influenced value, immutable. */
export interface Taint {
  root: TaintRoot;
  /** Property path read from the root before any transformation (args.url → ["url"]). */
  path: readonly string[];
  /** The value was transformed (call, template, ...): further property reads don't extend the path. */
  derived: boolean;
  /** Only a piece of the value (a URL's protocol, a file extension, a substring): an equality check on it says nothing about the whole. */
  part?: boolean;
  marks: readonly Mark[];
  trace: readonly Step[];
}

export function hasMark(t: Taint, kind: MarkKind, detail?: string): boolean {
  return t.marks.some((m) => m.kind === kind && (detail === undefined || m.detail === detail));
}

export function withMarks(t: Taint, marks: readonly Mark[]): Taint {
  const fresh = marks.filter((m) => !t.marks.some((x) => x.kind === m.kind && x.detail === m.detail && x.node === m.node));
  return fresh.length ? { ...t, marks: [...t.marks, ...fresh] } : t;
}

export function withStep(t: Taint, step: Step): Taint {
  const last = t.trace[t.trace.length - 1];
  if (last && last.node === step.node) return t;
  return { ...t, trace: [...t.trace, step] };
}

export function derived(t: Taint): Taint {
  return t.derived ? t : { ...t, derived: true };
}

/** Identity for de-duplication: same root, path and marks (the trace does not matter). */
export function taintKey(t: Taint): string {
  const marks = t.marks.map((m) => `${m.kind}:${m.detail ?? ""}:${m.node?.pos ?? ""}`).sort().join(",");
  return `${t.root.id}|${t.path.join(".")}|${t.derived ? 1 : 0}${t.part ? "p" : ""}|${marks}`;
}

export function dedupe(taints: readonly Taint[]): Taint[] {
  const seen = new Map<string, Taint>();
  for (const t of taints) {
    const k = taintKey(t);
    const prev = seen.get(k);
    if (!prev || prev.trace.length > t.trace.length) seen.set(k, t);
  }
  return [...seen.values()];
}

/** A taint that reached the queried expression from a real source. */
export interface TaintHit {
  taint: Taint;
  spec: SourceSpec;
}
