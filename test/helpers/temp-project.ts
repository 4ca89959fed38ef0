import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { scan } from "../../src/engine/scan.js";
import type { ScanReport } from "../../src/rule-api/types.js";

/** Writes files into a fresh temporary folder; returns its path. */
export function writeProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-warden-test-"));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Scans files written to a temporary folder with the given rules (all by default), then removes it. */
export async function scanFiles(files: Record<string, string>, ruleIds?: string[]): Promise<ScanReport> {
  const dir = writeProject(files);
  try {
    const rules = ruleIds ? RULES.filter((r) => ruleIds.includes(r.id)) : RULES;
    return await scan({ root: dir, rules, knownRuleIds: RULES.map((r) => r.id) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
