import type { ComplianceSummary, Confidence, Finding, RuleSummary, ScanError, ScanReport, Severity, SkippedFile, SourceLocation, SuppressionProblem } from "../rule-api/types.js";
import { compareFindings } from "./compare-findings.js";
import { describeSuppressionProblem } from "./describe-suppression-problem.js";
import { SKIP_REASON_LABELS } from "./skip-reason-labels.js";

const SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://github.com/mcp-warden/mcp-warden";
const SRCROOT = "%SRCROOT%";
const FINGERPRINT_KEY = "mcpWarden/v1";

type Level = "error" | "warning" | "note";

const LEVEL: Readonly<Record<Severity, Level>> = { critical: "error", high: "error", medium: "warning", low: "note" };
// GitHub code scanning ranks alerts by this score: 9.0+ is critical, 7.0+ high, 4.0+ medium, below is low.
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };
const PROBLEM_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "recommendation",
};
const PRECISION: Readonly<Record<Confidence, string>> = { high: "high", medium: "medium", low: "low" };

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: [SarifRun];
}

interface SarifRun {
  tool: { driver: SarifDriver };
  invocations: [SarifInvocation];
  originalUriBaseIds: Record<string, { uri: string }>;
  columnKind: "utf16CodeUnits";
  results: SarifResult[];
  properties: {
    inventory: { servers: number; tools: number; resources: number; prompts: number; transports: number };
    files: { scanned: number; skipped: number };
  };
}

interface SarifDriver {
  name: string;
  version: string;
  informationUri: string;
  rules: SarifRule[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: {
    tags: string[];
    "security-severity": string;
    precision: string;
    "problem.severity": string;
    checklist: string[];
  };
}

interface SarifMessage {
  text: string;
}

interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
  snippet?: SarifMessage;
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId: string;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: SarifArtifactLocation; region?: SarifRegion; contextRegion?: SarifRegion };
  message?: SarifMessage;
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: Level;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  codeFlows?: { threadFlows: { locations: { location: SarifLocation; kinds: string[] }[] }[] }[];
  fixes?: {
    description: SarifMessage;
    artifactChanges: {
      artifactLocation: SarifArtifactLocation;
      replacements: { deletedRegion: SarifRegion; insertedContent: SarifMessage }[];
    }[];
  }[];
  suppressions?: { kind: "inSource"; justification: string; location: SarifLocation }[];
  properties: { confidence: Confidence; severity: Severity; tool?: string; checklist: string[] };
}

interface SarifInvocation {
  executionSuccessful: boolean;
  startTimeUtc?: string;
  endTimeUtc?: string;
  toolExecutionNotifications: SarifNotification[];
}

interface SarifNotification {
  level: Level;
  message: SarifMessage;
  locations?: SarifLocation[];
  associatedRule?: { id: string; index?: number };
}

/** The report as a SARIF 2.1.0 log with one run; suppressed findings are included with their suppression. */
export function toSarifLog(report: ScanReport): SarifLog {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const results = [...report.findings, ...report.suppressed].sort(compareFindings).map((finding) => toResult(finding, ruleIndex));
  const { inventory } = report;
  return {
    $schema: SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: report.rules.map(toRule),
          },
        },
        invocations: [toInvocation(report, ruleIndex)],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(report.root) } },
        // Columns come from the TypeScript compiler, which counts UTF-16 code units.
        columnKind: "utf16CodeUnits",
        results,
        properties: {
          inventory: {
            servers: inventory.servers.length,
            tools: inventory.tools.length,
            resources: inventory.resources.length,
            prompts: inventory.prompts.length,
            transports: inventory.transports.length,
          },
          files: { scanned: report.files.scanned, skipped: report.files.skipped.length },
          ...(report.compliance ? { compliance: complianceProperties(report.compliance) } : {}),
        },
      },
    ],
  };
}

/** The checklist result as run properties: grade, score, counts, and each item's outcome. */
function complianceProperties(c: ComplianceSummary) {
  return {
    checklist: "SlowMist MCP Security Checklist",
    grade: c.grade,
    score: c.score,
    ...(c.commit ? { commit: c.commit } : {}),
    counts: c.counts,
    items: c.items.map((i) => ({ id: i.id, outcome: i.outcome, priority: i.priority, ...(i.findings.length ? { findings: i.findings } : {}) })),
  };
}

export function formatSarif(report: ScanReport): string {
  return `${JSON.stringify(toSarifLog(report), null, 2)}\n`;
}

function toRule(rule: RuleSummary): SarifRule {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.rationale },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: [...new Set(["security", "mcp", ...rule.cwe.flatMap(cweTag)])],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      precision: PRECISION[rule.confidence],
      "problem.severity": PROBLEM_SEVERITY[rule.severity],
      checklist: rule.checklist,
    },
  };
}

function helpText(rule: RuleSummary): string {
  const references = rule.references.length > 0 ? `\n\nReferences:\n${rule.references.map((ref) => `- ${ref}`).join("\n")}` : "";
  return `${rule.rationale}\n\nRemediation: ${rule.remediation}${references}`;
}

function helpMarkdown(rule: RuleSummary): string {
  const references = rule.references.length > 0 ? `\n\n## References\n\n${rule.references.map((ref) => `- ${ref}`).join("\n")}` : "";
  return `${rule.rationale}\n\n## Remediation\n\n${rule.remediation}${references}`;
}

/** "CWE-022" → "external/cwe/cwe-22", the tag GitHub code scanning recognises; anything else is not a CWE id and gets no tag. */
function cweTag(cwe: string): string[] {
  const number = /^CWE-0*(\d+)$/i.exec(cwe.trim())?.[1];
  return number === undefined ? [] : [`external/cwe/cwe-${number}`];
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

function toResult(finding: Finding, ruleIndex: ReadonlyMap<string, number>): SarifResult {
  const index = ruleIndex.get(finding.ruleId);
  const { fix, suppression, tool } = finding;
  return {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [toLocation(finding.location)],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(finding.trace.length === 0
      ? {}
      : {
          codeFlows: [
            {
              threadFlows: [
                {
                  locations: finding.trace.map((step) => ({
                    location: { ...toLocation(step.location), message: { text: step.message } },
                    kinds: [step.kind],
                  })),
                },
              ],
            },
          ],
        }),
    ...(fix?.replacement === undefined
      ? {}
      : {
          fixes: [
            {
              description: { text: fix.description },
              artifactChanges: [
                {
                  artifactLocation: toArtifactLocation(fix.replacement.location.path),
                  replacements: [{ deletedRegion: toRegion(fix.replacement.location), insertedContent: { text: fix.replacement.text } }],
                },
              ],
            },
          ],
        }),
    ...(suppression === undefined
      ? {}
      : { suppressions: [{ kind: "inSource", justification: suppression.reason, location: toLocation(suppression.location) }] }),
    properties: {
      confidence: finding.confidence,
      severity: finding.severity,
      ...(tool === undefined ? {} : { tool }),
      checklist: finding.checklist,
    },
  };
}

function toInvocation(report: ScanReport, ruleIndex: ReadonlyMap<string, number>): SarifInvocation {
  const start = Date.parse(report.startedAt);
  return {
    executionSuccessful: !report.errors.some((error) => error.kind === "internal"),
    ...(Number.isNaN(start)
      ? {}
      : { startTimeUtc: new Date(start).toISOString(), endTimeUtc: new Date(start + report.durationMs).toISOString() }),
    toolExecutionNotifications: [
      ...report.errors.map((error) => errorNotification(error, ruleIndex)),
      ...report.files.skipped.map(skippedNotification),
      ...report.suppressionProblems.map((problem) => suppressionNotification(problem, ruleIndex)),
    ],
  };
}

function errorNotification(error: ScanError, ruleIndex: ReadonlyMap<string, number>): SarifNotification {
  return {
    level: "error",
    message: { text: `${error.kind} error: ${error.message}` },
    ...(error.path === undefined
      ? {}
      : {
          locations: [
            {
              physicalLocation: {
                artifactLocation: toArtifactLocation(error.path),
                ...(error.line === undefined ? {} : { region: { startLine: error.line } }),
              },
            },
          ],
        }),
    ...(error.ruleId === undefined ? {} : { associatedRule: ruleReference(error.ruleId, ruleIndex) }),
  };
}

function skippedNotification(file: SkippedFile): SarifNotification {
  const detail = file.detail === undefined ? "" : ` (${file.detail})`;
  return {
    level: "note",
    message: { text: `Skipped ${file.path}: ${SKIP_REASON_LABELS[file.reason]}${detail}` },
    locations: [{ physicalLocation: { artifactLocation: toArtifactLocation(file.path) } }],
  };
}

function suppressionNotification(problem: SuppressionProblem, ruleIndex: ReadonlyMap<string, number>): SarifNotification {
  return {
    level: "warning",
    message: { text: describeSuppressionProblem(problem) },
    locations: [toLocation(problem.location)],
    associatedRule: ruleReference(problem.ruleId, ruleIndex),
  };
}

function ruleReference(id: string, ruleIndex: ReadonlyMap<string, number>): { id: string; index?: number } {
  const index = ruleIndex.get(id);
  return index === undefined ? { id } : { id, index };
}

function toLocation(location: SourceLocation): SarifLocation {
  const region = toRegion(location);
  const { snippet } = location;
  if (snippet === undefined || location.endLine !== location.line) {
    return { physicalLocation: { artifactLocation: toArtifactLocation(location.path), region } };
  }
  // The snippet is the whole first line: the region gets its own slice of it, and the line becomes the context.
  const text = snippet.slice(location.column - 1, location.endColumn - 1);
  const withSnippet = text === "" ? region : { ...region, snippet: { text } };
  const contextRegion = text === snippet ? undefined : { startLine: location.line, snippet: { text: snippet } };
  return {
    physicalLocation: {
      artifactLocation: toArtifactLocation(location.path),
      region: withSnippet,
      ...(contextRegion === undefined ? {} : { contextRegion }),
    },
  };
}

function toRegion(location: SourceLocation): SarifRegion {
  return {
    startLine: location.line,
    startColumn: location.column,
    endLine: location.endLine,
    endColumn: location.endColumn,
  };
}

function toArtifactLocation(path: string): SarifArtifactLocation {
  return { uri: path.split("/").map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

/** A file URI for a folder, ending in "/"; built by hand because pathToFileURL follows the formatting machine's OS, not the scanning one's. */
function directoryUri(root: string): string {
  const windows = /^[A-Za-z]:[\\/]/.test(root) || root.startsWith("\\\\");
  const path = windows ? root.replaceAll("\\", "/") : root;
  const segments = path.split("/").filter((segment) => segment !== "");
  const encoded = segments.map((segment, index) =>
    index === 0 && windows && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment),
  );
  const tail = encoded.map((segment) => `${segment}/`).join("");
  // A UNC path's first segment is the host: file://server/share/.
  return windows && path.startsWith("//") ? `file://${tail}` : `file:///${tail}`;
}
