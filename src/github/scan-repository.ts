import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { applyRuleSeverities, ConfigurationError, selectRules, type Config } from "../config/index.js";
import { scan } from "../engine/scan.js";
import type { ScanReport } from "../rule-api/types.js";
import { rebaseReport } from "./rebase-report.js";

const KNOWN_RULE_IDS = RULES.map((rule) => rule.id);

/** How a scan may use the machine; the findings do not depend on it. */
export interface ScanCapacity {
  /** Threads that analyse a batched monorepo's batches at once (default 1). */
  concurrency?: number;
  /** Source lines per program before a monorepo is analysed in batches (default BATCH_LINES). */
  batchLines?: number;
}

export interface ScanRepositoryOptions {
  /** A checkout of the repository (the Action's workspace, or an extracted tarball). */
  checkout: string;
  /** The folder to scan, relative to the checkout. */
  scanPath: string;
  config: Config;
  /** The commit the checkout holds, recorded in the compliance result. */
  commit: string;
  /** Build only the tool inventory: no rules, no checklist. */
  inventoryOnly?: boolean;
  capacity?: ScanCapacity;
}

/** Scans a folder of a checkout with a configuration; every path in the report is relative to the checkout. */
export async function scanRepository(options: ScanRepositoryOptions): Promise<ScanReport> {
  const checkout = await realpath(options.checkout);
  const folder = await scanFolder(checkout, options.scanPath);
  const { config } = options;
  const report = await scan({
    root: folder,
    exclude: [...config.exclude],
    include: [...config.include],
    maxFileBytes: config.maxFileSize,
    rules: options.inventoryOnly ? [] : selectRules(RULES, config.rules),
    knownRuleIds: KNOWN_RULE_IDS,
    ...options.capacity,
    ...(options.inventoryOnly ? {} : { checklist: { attestations: config.attestations, attestationMaxAgeDays: config.checklist.attestationMaxAgeDays, commit: options.commit } }),
  });
  const prefix = path.relative(checkout, report.root).split(path.sep).join("/");
  return rebaseReport(applyRuleSeverities(report, config.rules), checkout, prefix);
}

async function scanFolder(checkout: string, scanPath: string): Promise<string> {
  const folder = path.resolve(checkout, scanPath);
  const relative = path.relative(checkout, folder);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new ConfigurationError({ key: "path", value: scanPath, problem: `${JSON.stringify(scanPath)} is outside the repository`, expected: "a folder inside the repository" });
  }
  const isFolder = await stat(folder).then(
    (stats) => stats.isDirectory(),
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    },
  );
  if (!isFolder) throw new ConfigurationError({ key: "path", value: scanPath, problem: `${JSON.stringify(scanPath)} is not a folder of the repository`, expected: "a folder inside the repository" });
  return folder;
}
