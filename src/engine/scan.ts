import packageJson from "../../package.json" with { type: "json" };
import type { Rule } from "../rule-api/rule.js";
import type { Finding, Inventory, RuleSummary, ScanError, ScanReport } from "../rule-api/types.js";
import { loadCatalogue } from "../checklist/catalogue.js";
import { evaluateChecklist, type EvaluationOptions } from "../checklist/evaluate.js";
import { analyzeProgram } from "./analyze-program.js";
import { assignFingerprints } from "./fingerprint.js";
import { loadTree } from "./load/load-tree.js";
import type { LoadOptions } from "./load/types.js";
import { createScanProgram } from "./project/create-program.js";
import { applySuppressions, parseDirectives } from "./suppressions.js";

export interface ScanProgress {
  phase: "load" | "parse" | "analyse" | "report";
  done: number;
  total: number;
  current?: string;
}

export interface ScanOptions extends LoadOptions {
  /** The rules to run. */
  rules: readonly Rule[];
  /** Every rule id known to the registry, so suppressions of rules not run this time are not called unknown. */
  knownRuleIds: readonly string[];
  onProgress?: (p: ScanProgress) => void;
  /** Evaluate the SlowMist checklist too, with these attestations. */
  checklist?: Omit<EvaluationOptions, "now"> & { now?: Date };
  /**
   * Pull-request mode: report only findings in these files (relative to the root), analysing just the files that can
   * affect them. The checklist is not evaluated, since most of the repository goes unread.
   */
  changedFiles?: readonly string[];
}

export const VERSION: string = packageJson.version;

/** Scans a folder: load, one program, model, dataflow, one traversal, suppressions and fingerprints. */
export async function scan(options: ScanOptions): Promise<ScanReport> {
  const started = Date.now();
  options.onProgress?.({ phase: "load", done: 0, total: 1 });
  const tree = await loadTree(options);
  const errors: ScanError[] = [...tree.errors];
  const findings: Finding[] = [];
  const sourceTexts = new Map(tree.sources.map((f) => [f.path, f.text]));
  const repo = { auxiliaryFiles: tree.auxiliary, packages: tree.packages, sourceText: (p: string) => sourceTexts.get(p) };
  let inventory: Inventory = { servers: [], tools: [], resources: [], prompts: [], transports: [] };
  const changed = options.changedFiles ? new Set(options.changedFiles) : undefined;
  let analysed = tree.sources.length;
  try {
    options.onProgress?.({ phase: "parse", done: 0, total: tree.sources.length });
    const program = createScanProgram(tree, changed);
    analysed = program.files.length;
    errors.push(...program.errors);
    const result = analyzeProgram(program, options.rules, repo, (done, total) => options.onProgress?.({ phase: "analyse", done, total }));
    errors.push(...result.errors);
    findings.push(...result.findings);
    inventory = result.inventory;
  } catch (e) {
    errors.push({ kind: "internal", message: `analysis failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
  }
  options.onProgress?.({ phase: "report", done: 1, total: 1 });
  findings.sort(byPosition);
  assignFingerprints(findings);
  const directives = new Map([...tree.sources, ...tree.auxiliary].map((f) => [f.path, parseDirectives(f.path, f.text)] as const).filter(([, d]) => d.length > 0));
  const inScope = (path: string) => !changed || changed.has(path);
  const scoped = findings.filter((f) => inScope(f.location.path));
  const { active, suppressed, problems } = applySuppressions(scoped, new Map([...directives].filter(([path]) => inScope(path))), new Set(options.knownRuleIds), new Set(options.rules.map((r) => r.id)));
  const report: ScanReport = {
    schemaVersion: 1,
    tool: { name: "mcp-warden", version: VERSION },
    root: tree.root,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    rules: options.rules.map(summarize),
    files: { scanned: analysed, skipped: tree.skipped },
    ...(changed ? { changedFiles: [...changed].sort() } : {}),
    packages: tree.packages,
    inventory,
    findings: active,
    suppressed,
    suppressionProblems: problems,
    errors,
  };
  if (options.checklist && !changed) {
    const dependencies = tree.packages.flatMap((p) => p.dependencies ?? []);
    report.compliance = evaluateChecklist(report, loadCatalogue(), { ...options.checklist, now: options.checklist.now ?? new Date() }, dependencies);
  }
  return report;
}

function byPosition(a: Finding, b: Finding): number {
  return a.location.path.localeCompare(b.location.path) || a.location.line - b.location.line || a.location.column - b.location.column || a.ruleId.localeCompare(b.ruleId);
}

function summarize(rule: Rule): RuleSummary {
  const { meta } = rule;
  return { id: rule.id, description: meta.description, severity: meta.severity, confidence: meta.confidence, cwe: meta.cwe, checklist: meta.checklist, rationale: meta.docs.rationale, remediation: meta.docs.remediation, references: meta.references };
}
