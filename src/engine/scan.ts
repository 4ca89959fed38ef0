import packageJson from "../../package.json" with { type: "json" };
import type { Rule } from "../rule-api/rule.js";
import type { Finding, Inventory, RuleSummary, ScanError, ScanReport } from "../rule-api/types.js";
import { analyzeUnit } from "./analyze-unit.js";
import { assignFingerprints } from "./fingerprint.js";
import { toInventory } from "./inventory.js";
import { loadTree } from "./load/load-tree.js";
import type { LoadOptions } from "./load/types.js";
import { planUnits } from "./project/analysis-units.js";
import { createUnitProgram, memoryFileSystem } from "./project/create-program.js";
import { applySuppressions, parseDirectives } from "./suppressions.js";

export interface ScanProgress {
  phase: "load" | "analyse" | "report";
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
}

export const VERSION: string = packageJson.version;

/** Scans a folder: load, model, dataflow, one traversal per package, suppressions and fingerprints. */
export async function scan(options: ScanOptions): Promise<ScanReport> {
  const started = Date.now();
  options.onProgress?.({ phase: "load", done: 0, total: 1 });
  const tree = await loadTree(options);
  const errors: ScanError[] = [...tree.errors];
  const findings: Finding[] = [];
  const inventory: Inventory = { servers: [], tools: [], resources: [], prompts: [], transports: [] };
  const units = planUnits(tree);
  const fileSystem = memoryFileSystem(tree);
  const repo = { auxiliaryFiles: tree.auxiliary, packages: tree.packages };
  for (const [i, unit] of units.entries()) {
    options.onProgress?.({ phase: "analyse", done: i, total: units.length, current: unit.dir });
    try {
      const program = createUnitProgram(tree, unit, fileSystem);
      errors.push(...program.errors);
      const result = analyzeUnit(program, options.rules, repo);
      errors.push(...result.errors);
      findings.push(...result.findings);
      const own = toInventory(result.model, program);
      inventory.servers.push(...own.servers);
      inventory.tools.push(...own.tools);
      inventory.resources.push(...own.resources);
      inventory.prompts.push(...own.prompts);
      inventory.transports.push(...own.transports);
    } catch (e) {
      errors.push({ kind: "internal", path: unit.dir, message: `analysis of ${unit.dir} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
    }
  }
  options.onProgress?.({ phase: "report", done: units.length, total: units.length });
  findings.sort(byPosition);
  assignFingerprints(findings);
  const directives = new Map([...tree.sources, ...tree.auxiliary].map((f) => [f.path, parseDirectives(f.path, f.text)] as const).filter(([, d]) => d.length > 0));
  const { active, suppressed, problems } = applySuppressions(findings, directives, new Set(options.knownRuleIds), new Set(options.rules.map((r) => r.id)));
  return {
    schemaVersion: 1,
    tool: { name: "mcp-warden", version: VERSION },
    root: tree.root,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    rules: options.rules.map(summarize),
    files: { scanned: tree.sources.length, skipped: tree.skipped },
    packages: tree.packages,
    inventory,
    findings: active,
    suppressed,
    suppressionProblems: problems,
    errors,
  };
}

function byPosition(a: Finding, b: Finding): number {
  return a.location.path.localeCompare(b.location.path) || a.location.line - b.location.line || a.location.column - b.location.column || a.ruleId.localeCompare(b.ruleId);
}

function summarize(rule: Rule): RuleSummary {
  const { meta } = rule;
  return { id: rule.id, description: meta.description, severity: meta.severity, confidence: meta.confidence, cwe: meta.cwe, checklist: meta.checklist, rationale: meta.docs.rationale, remediation: meta.docs.remediation, references: meta.references };
}
