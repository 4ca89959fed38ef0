import { stat } from "node:fs/promises";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { defaultConfig, findConfigFile, loadConfig, selectRules, type Config, type FailOn } from "../config/index.js";
import { errorCode } from "../engine/load/error-code.js";
import type { Rule } from "../rule-api/rule.js";
import type { ScanFlags } from "./parse-command-line.js";
import { UsageError } from "./usage-error.js";

export interface ScanSettings {
  /** Absolute path of the folder or file to scan. */
  root: string;
  config: Config;
  rules: Rule[];
  failOn: FailOn;
  exclude: string[];
  include: string[];
}

/** Checks the path, finds and reads the configuration, and lets command-line options win over it. */
export async function resolveScanSettings(flags: ScanFlags, cwd: string): Promise<ScanSettings> {
  const root = path.resolve(cwd, flags.path);
  const isFolder = await folderOrFile(root, flags.path);
  const config = await readConfig(flags, cwd, isFolder ? root : path.dirname(root));
  return {
    root,
    config,
    rules: selectRules(RULES, config.rules, flags.rules),
    failOn: flags.failOn ?? config.failOn,
    exclude: [...config.exclude, ...flags.exclude],
    include: [...config.include, ...flags.include],
  };
}

async function folderOrFile(absolute: string, given: string): Promise<boolean> {
  let stats;
  try {
    stats = await stat(absolute);
  } catch (error) {
    const code = errorCode(error);
    throw new UsageError(code === "ENOENT" || code === "ENOTDIR" ? `no such file or folder: ${given}` : `cannot read ${given} (${code})`);
  }
  if (!stats.isDirectory() && !stats.isFile()) throw new UsageError(`not a file or folder: ${given}`);
  return stats.isDirectory();
}

async function readConfig(flags: ScanFlags, cwd: string, folder: string): Promise<Config> {
  if (flags.noConfig) return defaultConfig;
  const file = flags.config === undefined ? await findConfigFile(folder) : path.resolve(cwd, flags.config);
  if (file === undefined) return defaultConfig;
  return loadConfig(file, { sourceName: path.relative(cwd, file) || file });
}
