import { writeFile } from "node:fs/promises";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { applyRuleSeverities, ConfigurationError } from "../config/index.js";
import { errorCode } from "../engine/load/error-code.js";
import { scan } from "../engine/scan.js";
import { resolveConcurrency } from "../engine/batch-pool.js";
import { reportedMs } from "../engine/timings.js";
import { formatReport } from "../reporters/index.js";
import type { ScanReport } from "../rule-api/types.js";
import type { CliIo } from "./cli-io.js";
import { exitCodeFor } from "./exit-code.js";
import { formatTimings } from "./format-timings.js";
import { gitCommit } from "./git-commit.js";
import { ISSUES_URL } from "./issues-url.js";
import type { ScanFlags } from "./parse-command-line.js";
import { createProgressLine } from "./progress-line.js";
import { resolveScanSettings, type ScanSettings } from "./resolve-scan-settings.js";

const KNOWN_RULE_IDS = RULES.map((rule) => rule.id);

/** `mcp-warden scan`: resolve settings, scan, write the report, and turn the outcome into an exit code. */
export async function runScan(flags: ScanFlags, io: CliIo): Promise<number> {
  const settings = await resolveScanSettings(flags, io);
  const report = await scanWithSettings(settings, io, { timings: flags.timings, concurrency: flags.concurrency, ...(flags.batchLines !== undefined ? { batchLines: flags.batchLines } : {}) });
  return writeOutput(report, flags, io, settings);
}

/** Scans with resolved settings (with the checklist and the commit when the folder is a git checkout), showing progress on a terminal. */
export async function scanWithSettings(settings: ScanSettings, io: CliIo, options: { timings?: boolean; concurrency?: number | "auto"; batchLines?: number } = {}): Promise<ScanReport> {
  const progress = io.isTTY.stderr ? createProgressLine((text) => io.stderr.write(text)) : undefined;
  let scanned: ScanReport;
  const commit = await gitCommit(settings.root);
  // The process started at performance's time origin: what came before the scan is start-up.
  const startup = performance.now();
  try {
    scanned = await scan({
      root: settings.root,
      exclude: settings.exclude,
      include: settings.include,
      maxFileBytes: settings.config.maxFileSize,
      rules: settings.rules,
      knownRuleIds: KNOWN_RULE_IDS,
      timings: options.timings ?? false,
      concurrency: resolveConcurrency(options.concurrency ?? 1),
      ...(options.batchLines !== undefined ? { batchLines: options.batchLines } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
      ...(settings.changedFiles ? { changedFiles: settings.changedFiles } : {}),
      checklist: { attestations: settings.config.attestations, attestationMaxAgeDays: settings.config.checklist.attestationMaxAgeDays, ...(commit ? { commit } : {}) },
    });
  } finally {
    progress?.stop();
  }
  if (scanned.timings) scanned.timings = { startup: reportedMs(startup), ...scanned.timings };
  return applyRuleSeverities(scanned, settings.config.rules);
}

async function writeOutput(report: ScanReport, flags: ScanFlags, io: CliIo, settings: ScanSettings): Promise<number> {
  const color = flags.output === undefined && io.isTTY.stdout && !flags.noColor && !io.env.NO_COLOR;
  const text = formatReport(report, flags.format, { color, verbose: flags.verbose });
  if (flags.output === undefined) io.stdout.write(text);
  else {
    await writeReport(path.resolve(io.cwd, flags.output), flags.output, text);
    io.stderr.write(`mcp-warden: wrote the ${flags.format} report to ${flags.output} (${summary(report)})\n`);
  }
  if (report.timings) io.stderr.write(formatTimings(report.timings));
  const internal = report.errors.filter((error) => error.kind === "internal");
  for (const error of internal) io.stderr.write(`mcp-warden: internal error: ${error.message.split("\n")[0] ?? ""}\n`);
  if (internal.length > 0) io.stderr.write(`please report this at ${ISSUES_URL}\n`);
  return exitCodeFor(report, settings.failOn);
}

async function writeReport(file: string, given: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new ConfigurationError({ key: "--output", value: given, problem: `cannot write ${given} (${errorCode(error)})`, expected: "a writable file path" });
  }
}

function summary(report: ScanReport): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const parts = [count(report.findings.length, "finding")];
  if (report.suppressed.length > 0) parts.push(`${report.suppressed.length} suppressed`);
  if (report.errors.length > 0) parts.push(count(report.errors.length, "error"));
  return parts.join(", ");
}
