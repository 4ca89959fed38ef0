import type {
  ChecklistItemResult,
  ComplianceSummary,
  Finding,
  FixSuggestion,
  Inventory,
  PackageInfo,
  PromptInfo,
  ResourceInfo,
  RuleSummary,
  ScanError,
  ScanReport,
  ScanTimings,
  SchemaField,
  SchemaSummary,
  ServerInfo,
  SkippedFile,
  SourceLocation,
  Suppression,
  SuppressionProblem,
  ToolInfo,
  TraceStep,
  TransportInfo,
} from "../rule-api/types.js";

/** Key order of one object type; a key maps to the shape of its value (applied to each element of an array) or null for a leaf. */
type Shape = { readonly [key: string]: Shape | null };
type ShapeOf<T> = Record<keyof Required<T>, Shape | null>;

// Each shape lists its type's keys in declaration order; `satisfies` makes the compiler flag a missing or stray key.
const LOCATION = { path: null, line: null, column: null, endLine: null, endColumn: null, snippet: null } satisfies ShapeOf<SourceLocation>;
const TRACE_STEP = { kind: null, message: null, location: LOCATION } satisfies ShapeOf<TraceStep>;
const FIX = {
  description: null,
  replacement: { location: LOCATION, text: null } satisfies ShapeOf<NonNullable<FixSuggestion["replacement"]>>,
} satisfies ShapeOf<FixSuggestion>;
const SUPPRESSION = { reason: null, location: LOCATION } satisfies ShapeOf<Suppression>;
const FINDING = {
  ruleId: null,
  messageId: null,
  message: null,
  severity: null,
  confidence: null,
  cwe: null,
  checklist: null,
  location: LOCATION,
  trace: TRACE_STEP,
  fingerprint: null,
  tool: null,
  fix: FIX,
  suppression: SUPPRESSION,
} satisfies ShapeOf<Finding>;
const RULE = {
  id: null,
  description: null,
  severity: null,
  confidence: null,
  cwe: null,
  checklist: null,
  rationale: null,
  remediation: null,
  references: null,
} satisfies ShapeOf<RuleSummary>;
const SKIPPED = { path: null, reason: null, detail: null } satisfies ShapeOf<SkippedFile>;
const PACKAGE = { path: null, name: null, tsconfig: null, mcpSdk: null, fastmcp: null, dependencies: null } satisfies ShapeOf<PackageInfo>;
const SERVER = { framework: null, name: null, version: null, instructions: null, location: LOCATION } satisfies ShapeOf<ServerInfo>;
const SCHEMA = {
  kind: null,
  strictness: null,
  fields: { name: null, type: null, optional: null, constraints: null, description: null } satisfies ShapeOf<SchemaField>,
} satisfies ShapeOf<SchemaSummary>;
const TOOL = {
  name: null,
  title: null,
  description: null,
  framework: null,
  location: LOCATION,
  handler: LOCATION,
  inputSchema: SCHEMA,
  annotations: null,
  capabilities: null,
} satisfies ShapeOf<ToolInfo>;
const RESOURCE = {
  name: null,
  uri: null,
  templated: null,
  description: null,
  framework: null,
  location: LOCATION,
} satisfies ShapeOf<ResourceInfo>;
const PROMPT = { name: null, description: null, arguments: null, framework: null, location: LOCATION } satisfies ShapeOf<PromptInfo>;
const TRANSPORT = {
  kind: null,
  location: LOCATION,
  options: null,
  listen: { host: null, port: null, location: LOCATION } satisfies ShapeOf<NonNullable<TransportInfo["listen"]>>,
  middleware: null,
} satisfies ShapeOf<TransportInfo>;
const INVENTORY = {
  servers: SERVER,
  tools: TOOL,
  resources: RESOURCE,
  prompts: PROMPT,
  transports: TRANSPORT,
} satisfies ShapeOf<Inventory>;
const ITEM = {
  id: null,
  title: null,
  section: null,
  area: null,
  priority: null,
  kind: null,
  outcome: null,
  reason: null,
  rules: null,
  findings: null,
  attestation: { statement: null, evidence: null, date: null, by: null, expired: null } satisfies ShapeOf<NonNullable<ChecklistItemResult["attestation"]>>,
} satisfies ShapeOf<ChecklistItemResult>;
const COMPLIANCE = { items: ITEM, counts: null, score: null, grade: null, uncappedGrade: null, commit: null } satisfies ShapeOf<ComplianceSummary>;
const REPORT = {
  schemaVersion: null,
  tool: { name: null, version: null } satisfies ShapeOf<ScanReport["tool"]>,
  root: null,
  startedAt: null,
  durationMs: null,
  rules: RULE,
  files: { scanned: null, skipped: SKIPPED } satisfies ShapeOf<ScanReport["files"]>,
  changedFiles: null,
  packages: PACKAGE,
  inventory: INVENTORY,
  findings: FINDING,
  suppressed: FINDING,
  suppressionProblems: { kind: null, ruleId: null, location: LOCATION } satisfies ShapeOf<SuppressionProblem>,
  errors: { kind: null, message: null, path: null, line: null, ruleId: null } satisfies ShapeOf<ScanError>,
  compliance: COMPLIANCE,
  timings: { startup: null, threads: null, stages: null, rules: { id: null, ms: null } satisfies ShapeOf<ScanTimings["rules"][number]> } satisfies ShapeOf<ScanTimings>,
} satisfies ShapeOf<ScanReport>;

/** The report as pretty JSON with keys in the order of the report type, whatever order the engine built them in. */
export function formatJson(report: ScanReport): string {
  return `${JSON.stringify(reorder(report, REPORT), null, 2)}\n`;
}

function reorder(value: unknown, shape: Shape): unknown {
  if (Array.isArray(value)) return value.map((item) => reorder(item, shape));
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  // No prototype, so a key such as "__proto__" or "constructor" is plain data.
  const ordered: Record<string, unknown> = Object.create(null);
  for (const [key, child] of Object.entries(shape)) {
    if (source[key] !== undefined) ordered[key] = child === null ? source[key] : reorder(source[key], child);
  }
  // Keys the type does not know yet still reach the output, after the known ones.
  for (const [key, item] of Object.entries(source)) if (!Object.hasOwn(shape, key)) ordered[key] = item;
  return ordered;
}
