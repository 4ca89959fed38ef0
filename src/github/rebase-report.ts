import path from "node:path";
import type { Finding, Inventory, ScanReport, SourceLocation } from "../rule-api/types.js";

/**
 * Makes every path of a report relative to the repository root instead of the scanned folder (`prefix`, e.g.
 * `packages/server`), since review comments, annotations and code scanning all name files from the root.
 */
export function rebaseReport(report: ScanReport, repositoryRoot: string, prefix: string): ScanReport {
  if (prefix === "" || prefix === ".") return { ...report, root: repositoryRoot };
  const file = (p: string) => path.posix.join(prefix, p);
  const at = (location: SourceLocation): SourceLocation => ({ ...location, path: file(location.path) });
  const finding = (f: Finding): Finding => ({
    ...f,
    location: at(f.location),
    trace: f.trace.map((step) => ({ ...step, location: at(step.location) })),
    ...(f.fix ? { fix: { ...f.fix, ...(f.fix.replacement ? { replacement: { ...f.fix.replacement, location: at(f.fix.replacement.location) } } : {}) } } : {}),
    ...(f.suppression ? { suppression: { ...f.suppression, location: at(f.suppression.location) } } : {}),
  });
  const inventory: Inventory = {
    servers: report.inventory.servers.map((s) => ({ ...s, location: at(s.location) })),
    tools: report.inventory.tools.map((t) => ({ ...t, location: at(t.location), ...(t.handler ? { handler: at(t.handler) } : {}) })),
    resources: report.inventory.resources.map((r) => ({ ...r, location: at(r.location) })),
    prompts: report.inventory.prompts.map((p) => ({ ...p, location: at(p.location) })),
    transports: report.inventory.transports.map((t) => ({ ...t, location: at(t.location), ...(t.listen ? { listen: { ...t.listen, location: at(t.listen.location) } } : {}) })),
  };
  return {
    ...report,
    root: repositoryRoot,
    files: { ...report.files, skipped: report.files.skipped.map((s) => ({ ...s, path: file(s.path) })) },
    packages: report.packages.map((p) => ({ ...p, path: file(p.path), ...(p.tsconfig ? { tsconfig: file(p.tsconfig) } : {}) })),
    inventory,
    findings: report.findings.map(finding),
    suppressed: report.suppressed.map(finding),
    suppressionProblems: report.suppressionProblems.map((p) => ({ ...p, location: at(p.location) })),
    errors: report.errors.map((e) => (e.path === undefined ? e : { ...e, path: file(e.path) })),
  };
}
