import type { ts } from "ts-morph";

export type Severity = "critical" | "high" | "medium" | "low";
export type Confidence = "high" | "medium" | "low";

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/** A region of a scanned file. Lines and columns are 1-based; endColumn points one past the last character (as in SARIF). */
export interface SourceLocation {
  /** Path relative to the scan root, with forward slashes. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The text of the first line of the region, for reporters that show code. */
  snippet?: string;
}

export type TraceStepKind = "source" | "step" | "call" | "return" | "check" | "sink";

/** One hop of a source-to-sink path. */
export interface TraceStep {
  kind: TraceStepKind;
  message: string;
  location: SourceLocation;
}

export interface FixSuggestion {
  description: string;
  /** A mechanical replacement of the finding's region, when one exists. */
  replacement?: { location: SourceLocation; text: string };
}

export interface Suppression {
  reason: string;
  location: SourceLocation;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  confidence: Confidence;
  cwe: string[];
  checklist: string[];
  location: SourceLocation;
  /** Source-to-sink path for taint findings; empty otherwise. */
  trace: TraceStep[];
  /** Stable across unrelated edits: rule, file, the normalised sink line and its occurrence index. */
  fingerprint: string;
  /** The MCP tool whose arguments reach this finding, when known. */
  tool?: string;
  fix?: FixSuggestion;
  suppression?: Suppression;
}

export interface RuleDocs {
  rationale: string;
  remediation: string;
  examples: { bad: string; good: string };
}

export interface RuleMeta {
  /** Imperative, no trailing period. */
  description: string;
  severity: Severity;
  confidence: Confidence;
  /** Ids from rules/checklist.yml. */
  checklist: string[];
  /** Like "CWE-78". */
  cwe: string[];
  /** Message templates keyed by message id, with {{placeholders}}. */
  messages: Record<string, string>;
  docs: RuleDocs;
  references: string[];
}

export interface ReportDescriptor {
  /** The node the finding starts at; or give location for repository-level findings. */
  node?: ts.Node;
  location?: { path: string; line: number; column?: number; endLine?: number; endColumn?: number };
  messageId: string;
  data?: Record<string, string | number>;
  trace?: TraceStep[];
  fix?: FixSuggestion;
  /** Overrides meta.severity for this finding (e.g. a weaker variant). */
  severity?: Severity;
  confidence?: Confidence;
  tool?: string;
  /** The region holds a secret: reports show it masked. */
  redact?: boolean;
  /**
   * One of several reports of one flaw at one sink, a value each: inside a thin wrapper each caller's call is its own
   * finding (where that caller's value needed checking); elsewhere only the first report at the node is kept.
   */
  perCaller?: boolean;
}

export type SkipReason =
  | "too-large"
  | "binary"
  | "symlink-outside-root"
  | "unreadable"
  | "minified"
  | "generated";

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail?: string;
}

export type ScanErrorKind = "read" | "parse" | "rule" | "config" | "internal";

export interface ScanError {
  kind: ScanErrorKind;
  message: string;
  path?: string;
  line?: number;
  ruleId?: string;
}

export type SuppressionProblemKind = "unused" | "missing-reason" | "unknown-rule";

export interface SuppressionProblem {
  kind: SuppressionProblemKind;
  ruleId: string;
  location: SourceLocation;
}

export interface PackageInfo {
  /** Folder relative to the root ("." for the root). */
  path: string;
  name?: string;
  tsconfig?: string;
  /** Version range of @modelcontextprotocol/sdk declared in package.json, if any. */
  mcpSdk?: string;
  /** Version range of fastmcp declared in package.json, if any. */
  fastmcp?: string;
  /** Names of the package's dependencies (runtime, dev and peer). */
  dependencies?: string[];
}

export type SchemaStrictness = "constrained" | "loose" | "permissive" | "none" | "unknown";

export interface SchemaField {
  name: string;
  type: string;
  optional: boolean;
  /** Constraints that narrow the value: enum, regex, max, url, int, ... */
  constraints: string[];
  description?: string;
}

export interface SchemaSummary {
  kind: "zod" | "json-schema" | "none" | "unknown";
  /**
   * constrained: every string field is narrowed (enum, regex, ...); loose: plain types;
   * permissive: any/unknown/passthrough/additionalProperties; none: no schema; unknown: not statically known.
   */
  strictness: SchemaStrictness;
  fields: SchemaField[];
}

export type Capability = "exec" | "code" | "fs-read" | "fs-write" | "network" | "database";

export interface ToolInfo {
  name: string | null;
  title?: string;
  description?: string | null;
  framework: Framework;
  location: SourceLocation;
  handler?: SourceLocation;
  inputSchema: SchemaSummary;
  annotations: Record<string, boolean | string>;
  capabilities: Capability[];
}

export type Framework = "mcp-sdk" | "mcp-sdk-low-level" | "fastmcp" | "mcp-framework" | "mastra" | "xmcp";

export interface ServerInfo {
  framework: Framework;
  name?: string;
  version?: string;
  instructions?: string;
  location: SourceLocation;
}

export interface ResourceInfo {
  name: string | null;
  uri: string | null;
  templated: boolean;
  description?: string | null;
  framework: Framework;
  location: SourceLocation;
}

export interface PromptInfo {
  name: string | null;
  description?: string | null;
  arguments: string[];
  framework: Framework;
  location: SourceLocation;
}

export type TransportKind = "stdio" | "sse" | "streamable-http" | "http-stream";

export interface TransportInfo {
  kind: TransportKind;
  location: SourceLocation;
  /** Literal option values seen at construction (enableDnsRebindingProtection, allowedHosts, ...). */
  options: Record<string, string>;
  /** Where the HTTP server listens, when it can be told: host literal or null for "all interfaces". */
  listen?: { host: string | null; port: string | null; location: SourceLocation };
  /** Middleware names on the route that hands requests to the transport. */
  middleware: string[];
}

export interface Inventory {
  servers: ServerInfo[];
  tools: ToolInfo[];
  resources: ResourceInfo[];
  prompts: PromptInfo[];
  transports: TransportInfo[];
}

export interface RuleSummary {
  id: string;
  description: string;
  severity: Severity;
  confidence: Confidence;
  cwe: string[];
  checklist: string[];
  rationale: string;
  remediation: string;
  references: string[];
}

export interface ScanReport {
  schemaVersion: 1;
  tool: { name: "mcp-warden"; version: string };
  /** Absolute path of the scanned folder. */
  root: string;
  startedAt: string;
  durationMs: number;
  rules: RuleSummary[];
  /** Source files analysed (in pull-request mode, the changed files and what can affect them). */
  files: { scanned: number; skipped: SkippedFile[] };
  /** Pull-request mode: the files findings were reported for, relative to the root. */
  changedFiles?: string[];
  packages: PackageInfo[];
  inventory: Inventory;
  findings: Finding[];
  suppressed: Finding[];
  suppressionProblems: SuppressionProblem[];
  errors: ScanError[];
  /** The SlowMist MCP Security Checklist, item by item (absent when the checklist was not evaluated). */
  compliance?: ComplianceSummary;
  /** Where the time went, when asked for (mcp-warden scan --timings). */
  timings?: ScanTimings;
}

/**
 * A scan's stages: reading the tree; building the programs (parsing, module resolution, binding, and in a batched
 * monorepo the collections between batches); the model and taint propagation; the rules' walk; the report.
 */
export type ScanStage = "load" | "program" | "model" | "rules" | "report";

export interface ScanTimings {
  /** Milliseconds from the process start to the scan (loading mcp-warden, reading the configuration), when the CLI ran it. */
  startup?: number;
  /** Threads that analysed the batches at once (this one and worker threads), when more than one did: their wall time is shared among the stages and rules they ran by each one's own time. */
  threads?: number;
  /** Milliseconds spent in each stage. */
  stages: Record<ScanStage, number>;
  /** Milliseconds in each rule's own callbacks, slowest first; a fact computed on demand is charged to the first rule that asks for it. */
  rules: { id: string; ms: number }[];
}

export type ItemOutcome = "pass" | "fail" | "not_applicable" | "manual" | "attested" | "error";

/** A maintainer's statement that a checklist item is met, from .mcp-warden.yml. */
export interface Attestation {
  statement: string;
  evidence?: string;
  /** ISO date (YYYY-MM-DD) the statement was made or last reviewed. */
  date: string;
  by?: string;
}

export interface ChecklistItemResult {
  id: string;
  title: string;
  section: string;
  area: string;
  priority: "high" | "medium" | "low";
  kind: "code" | "config" | "attest" | "host";
  outcome: ItemOutcome;
  /** Why the item got its outcome, in one sentence. */
  reason: string;
  /** Rules that decide the item and ran. */
  rules: string[];
  /** Fingerprints of the active findings that fail the item. */
  findings: string[];
  attestation?: Attestation & { expired: boolean };
}

export interface ComplianceSummary {
  items: ChecklistItemResult[];
  counts: Record<ItemOutcome, number>;
  /** 0-100, weighted by priority over applicable items. */
  score: number;
  grade: "A" | "B" | "C" | "D" | "F";
  /** The grade the score alone would give, when a failing high-priority item or an error capped it. */
  uncappedGrade?: "A" | "B" | "C" | "D" | "F";
  /** The commit the result describes, when known. */
  commit?: string;
}
