import type { ts } from "ts-morph";
import type { TraceStepKind } from "../../rule-api/types.js";
import type { FunctionLike } from "../ast/function-like.js";
import type { SchemaNode } from "../model/schema-node.js";
import type { Made } from "./closure-sites.js";

export type SourceKind = "tool-argument" | "resource-variable" | "prompt-argument" | "http-request" | "sampling-result" | "remote-server" | "third-party-content" | "secret";

/** What an attacker controls: MCP inputs chosen by a prompt-injectable model, HTTP request data, sampling results, what a remote MCP server tells its client. */
export const ATTACKER_KINDS: readonly SourceKind[] = ["tool-argument", "resource-variable", "prompt-argument", "http-request", "sampling-result", "remote-server"];

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
  /** The pathname of a parsed URL: its ".." segments were resolved away (until something decodes it). */
  | "dot-segments-removed"
  /** Holds no "." at all (a piece of a split on ".", or checked): no ".." segment can be in it. */
  | "no-dot"
  /** Checked to hold no ":" before its first "/": scp and rsync read it as a local file, not `host:path`. */
  | "local-spec"
  /** Checked not to be an absolute path: with no "..", it stays under the working directory. */
  | "not-absolute"
  /** An absolute path (path.resolve's result, or checked with path.isAbsolute): it starts with "/" or a drive, never with "-". */
  | "absolute"
  /** path.relative(root, value): the value's position relative to a root. */
  | "relative"
  /** path.normalize(value): inner ".." segments resolved away, so any ".." left leads the value. */
  | "normalized"
  /** The host part of a URL. */
  | "hostname"
  /** The host of a URL the WHATWG parser read: it holds no "/" or "\\", though it may be "..". */
  | "parsed-host"
  /** An address from DNS resolution. */
  | "dns-resolved"
  /** Host checked against an allowlist. */
  | "host-allowlist"
  /** A parameter checked to end with a fixed domain: a host allowlist where the caller passes a hostname. */
  | "host-suffix"
  /** Checked against private/loopback addresses; detail: url-text | hostname-text | resolved. */
  | "ip-check"
  /** Placed after a fixed scheme and host inside a URL: cannot change the host; detail "query" in its query or fragment, "root" right after the API's root (the piece is the endpoint), "answer" when a vendor API's answer holds the URL. */
  | "url-path"
  /** Checked to be an http: or https: URL: no javascript: or data: link can come of it. */
  | "http-scheme"
  /** Validated as an absolute URL: it starts with a scheme, so it cannot start a command-line option. */
  | "url-format"
  /** Fixed text precedes the value: it cannot start a command-line option. */
  | "prefixed"
  /** encodeURIComponent: no shell metacharacters, no path separators. */
  | "uri-encoded"
  /** HTML-escaped. */
  | "html-escaped"
  /** Escaped for a double-quoted string literal; detail "quote" or "backslash" for one of the two, none for both (JSON.stringify). */
  | "string-escaped"
  /** The outcome of a boolean project function on the value (detail "<function>=true|false"), for branch feasibility. */
  | "predicate"
  /** Escaped or parameterised for SQL. */
  | "sql-escaped"
  /** URL-decoded (decodeURIComponent): checks made before on the encoded text no longer hold. */
  | "decoded"
  /** Standard base64 text: letters, digits, "+", "/" and "=", so once its "/" is replaced it names at most a file. */
  | "base64";

export interface Mark {
  kind: MarkKind;
  detail?: string;
  /** Where the check or transformation happened (shown in traces, used to report weak checks). */
  node?: ts.Node;
  /** The check lets everything through while its allowlist is empty: the condition that does (`!allowed.length`). */
  whenConfigured?: ts.Node;
  /** The check saw the value URL-decoded: it holds after one decoding, as the value will be used. */
  decoded?: boolean;
}

/**
 * Marks that describe a value's text as written, which decoding rewrites ("%2e%2e%2f" passes a ".." or "/" check and
 * becomes "../"; "%27" passes quoting and becomes "'"). What the value is (a number, a constant, an allowlisted word)
 * and where it sits (after a fixed prefix, in a URL's path) survive.
 */
export const UNDONE_BY_DECODING: ReadonlySet<MarkKind> = new Set<MarkKind>([
  "basename", "path-check", "realpath", "no-dotdot", "dot-segments-removed", "no-dot", "local-spec", "not-absolute", "relative", "normalized", "parsed-host", "host-allowlist", "host-suffix", "ip-check",
  "uri-encoded", "html-escaped", "string-escaped", "shell-quoted", "sql-escaped", "predicate",
]);

/** The value URL-decoded: the marks of its encoded text go, except those of checks made on its decoded form (once). */
export function decoded<T extends TaintValue>(t: T, decoder: ts.Node): T {
  const once = !hasMark(t, "decoded");
  const marks = t.marks.filter((m) => !UNDONE_BY_DECODING.has(m.kind) || (m.decoded && once));
  return withMarks(marks.length === t.marks.length ? t : { ...t, marks }, [{ kind: "decoded", node: decoder }]);
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

/** What identifies an attacker-influenced value: where it comes from, which part of it, and what it went through. */
export interface TaintValue {
  root: TaintRoot;
  /** Property path read from the root before any transformation (args.url → ["url"]). */
  path: readonly string[];
  /** The value was transformed (call, template, ...): further property reads don't extend the path. */
  derived: boolean;
  /** Only a piece of the value (a URL's protocol, a file extension, a substring): an equality check on it says nothing about the whole. */
  part?: boolean;
  /** Which piece of a transformed value a part is: `new URL(u).searchParams.get("q")` → ["searchParams", "q"]. */
  piece?: readonly string[];
  /** The value was placed in an object at this property path, outermost first: only reading those properties gets it back. */
  inside?: readonly string[];
  /** Properties a later one of the same name replaced (`{ ...args, cfg }` → ["cfg"]): reading them does not get this value. */
  omit?: readonly string[];
  marks: readonly Mark[];
}

/** An attacker-influenced value as rules see it, immutable, with the path it took from its source. */
export interface Taint extends TaintValue {
  trace: readonly Step[];
}

/** A trace as a list shared between the values derived from one another, newest step first. */
export interface Trace {
  readonly step: Step;
  readonly prev: Trace | undefined;
  readonly length: number;
}

/** An attacker-influenced value as the engine tracks it: a step costs one shared cell, not a copy of the trace. */
export interface Flow extends TaintValue {
  steps: Trace | undefined;
  /** The call that made the closure this flow entered, whose arguments are what the closure's maker was given. */
  made?: Made;
}

const MAX_TRACE = 14;

export function hasMark(t: TaintValue, kind: MarkKind, detail?: string): boolean {
  return t.marks.some((m) => m.kind === kind && (detail === undefined || m.detail === detail));
}

export function withMarks<T extends TaintValue>(t: T, marks: readonly Mark[]): T {
  const fresh = marks.filter((m) => !t.marks.some((x) => x.kind === m.kind && x.detail === m.detail && x.node === m.node));
  return fresh.length ? { ...t, marks: [...t.marks, ...fresh] } : t;
}

/** The flow one step further; a trace longer than MAX_TRACE keeps its first two and last steps. */
export function withStep<T extends Flow>(t: T, step: Step): T {
  if (t.steps?.step.node === step.node) return t;
  return { ...t, steps: capped({ step, prev: t.steps, length: (t.steps?.length ?? 0) + 1 }) };
}

/** `outer`'s steps, then `inner`'s: inner's cells are rebuilt on top of outer's, which are shared. */
export function appendTrace(outer: Trace | undefined, inner: Trace | undefined): Trace | undefined {
  let out = outer;
  for (const step of traceSteps(inner)) out = { step, prev: out, length: (out?.length ?? 0) + 1 };
  return capped(out);
}

export function traceOf(step: Step): Trace {
  return { step, prev: undefined, length: 1 };
}

/** The steps of a trace, oldest first. */
export function traceSteps(trace: Trace | undefined): Step[] {
  const out: Step[] = new Array(trace?.length ?? 0);
  for (let t = trace, i = out.length - 1; t; t = t.prev, i--) out[i] = t.step;
  return out;
}

function capped(trace: Trace | undefined): Trace | undefined {
  if (!trace || trace.length <= MAX_TRACE) return trace;
  const steps = traceSteps(trace);
  let out: Trace | undefined;
  for (const step of [...steps.slice(0, 2), ...steps.slice(steps.length - (MAX_TRACE - 2))]) out = { step, prev: out, length: (out?.length ?? 0) + 1 };
  return out;
}

/** The value as rules see it, with its trace as an array. */
export function toTaint(f: Flow): Taint {
  const { steps, ...value } = f;
  return { ...value, trace: traceSteps(steps) };
}

/** The value transformed: a string or object made from it holds it as a whole, not at a property. */
export function derived<T extends TaintValue>(t: T): T {
  if (t.derived && !t.inside && !t.omit) return t;
  const { inside: _, omit: __, ...rest } = t;
  return { ...rest, derived: true } as T;
}

/** The value placed at property `key` of a new object (`*` when the key is computed). */
/** The path step for an object's keys (`Object.keys(x)`): a value placed under a written key does not reach it. */
export const KEYS = "#keys";

export function within<T extends TaintValue>(t: T, key: string): T {
  return { ...t, inside: [key, ...(t.inside ?? [])] };
}

function markKey(m: Mark): string {
  return `${m.kind}:${m.detail ?? ""}:${m.node?.pos ?? ""}`;
}

/** Identity for de-duplication: same root, path and marks (the trace does not matter). */
export function taintKey(t: TaintValue & { validated?: Validated; made?: Made; captured?: CapturedSchema }): string {
  const marks = t.marks.map(markKey).sort().join(",");
  const key = `${t.root.id}|${t.path.join(".")}|${t.derived ? 1 : 0}${t.part ? "p" : ""}${t.piece?.join(".") ?? ""}|${t.inside?.join(".") ?? ""}${t.omit ? `-${t.omit.join(".")}` : ""}|${marks}${t.made ? `@${t.made.key}` : ""}${t.captured ? `|c${t.captured.maker.getSourceFile().fileName}:${t.captured.maker.pos}:${t.captured.index}@${t.captured.at}${t.captured.schema ? `=${schemaId(t.captured.schema)}` : ""}` : ""}`;
  return t.validated ? `${key}|${validationKey(t.validated)}` : key;
}

/** Extra state a flow carries when a schema validated it. */
export interface Validated {
  schema: SchemaNode;
  /** Path length at which the schema applies. */
  at: number;
  /** A safeParse result: the value sits under `.data`. */
  wrapped: boolean;
}

/**
 * `schema.parse(args)` with `schema` a parameter: the schema a caller passes, or, inside a closure whose maker
 * declares it, the one the making call passed. Known once a call or a flow's making call says which.
 */
export interface CapturedSchema {
  /** The function that declares the parameter. */
  maker: FunctionLike;
  index: number;
  /** The schema, once known. */
  schema?: SchemaNode;
  /** Path length at which the schema applies. */
  at: number;
  wrapped: boolean;
}

const schemaIds = new WeakMap<SchemaNode, number>();
let nextSchemaId = 0;

/** Flows that different schemas validated stay apart: each schema strips and narrows its own members. */
function validationKey(v: Validated): string {
  return `${schemaId(v.schema)}@${v.at}${v.wrapped ? "w" : ""}`;
}

function schemaId(schema: SchemaNode): number {
  let id = schemaIds.get(schema);
  if (id === undefined) schemaIds.set(schema, (id = nextSchemaId++));
  return id;
}

const MAX_MARK_VARIANTS = 8;

/** One flow per identity, the one with the shortest trace. */
export function dedupe<T extends Flow>(flows: readonly T[]): T[] {
  if (flows.length < 2) return flows.slice();
  const seen = new Map<string, T>();
  for (const t of flows) {
    const k = taintKey(t);
    const prev = seen.get(k);
    if (!prev || (prev.steps?.length ?? 0) > (t.steps?.length ?? 0)) seen.set(k, t);
  }
  const out = [...seen.values()];
  return out.length > MAX_MARK_VARIANTS ? pruneMarkVariants(out) : out;
}

/**
 * Marks multiply where paths join: each check or branch outcome on the way doubles the variants of one value (a long
 * chain of `if (isX(v))` makes 2^n). Past a few variants of one value, the ones that assume the least are kept:
 * predicates go first, then any variant with every mark of another one. Fewer marks is never safer, so a rule that
 * looks for an unchecked variant still finds one.
 */
function pruneMarkVariants<T extends Flow>(flows: T[]): T[] {
  const groups = new Map<string, T[]>();
  for (const t of flows) {
    const k = taintKey({ ...t, marks: [] });
    const group = groups.get(k);
    if (group) group.push(t);
    else groups.set(k, [t]);
  }
  if (groups.size === flows.length) return flows;
  const out: T[] = [];
  for (const group of groups.values()) out.push(...(group.length > MAX_MARK_VARIANTS ? leastAssuming(group) : group));
  return out;
}

function leastAssuming<T extends Flow>(group: readonly T[]): T[] {
  const unpredicated = new Map<string, T>();
  for (const t of group) {
    const plain = t.marks.some((m) => m.kind === "predicate") ? { ...t, marks: t.marks.filter((m) => m.kind !== "predicate") } : t;
    const k = taintKey(plain);
    const prev = unpredicated.get(k);
    if (!prev || (prev.steps?.length ?? 0) > (plain.steps?.length ?? 0)) unpredicated.set(k, plain);
  }
  const byFewest = [...unpredicated.values()].sort((a, b) => a.marks.length - b.marks.length);
  const markSets = byFewest.map((t) => new Set(t.marks.map(markKey)));
  const kept: number[] = [];
  for (const [i, marks] of markSets.entries()) {
    if (kept.length >= MAX_MARK_VARIANTS) break;
    if (!kept.some((j) => [...(markSets[j] as Set<string>)].every((m) => marks.has(m)))) kept.push(i);
  }
  return kept.map((i) => byFewest[i] as T);
}

/** A taint that reached the queried expression from a real source. */
export interface TaintHit {
  taint: Taint;
  spec: SourceSpec;
}
