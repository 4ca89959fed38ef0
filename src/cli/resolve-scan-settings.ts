import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { RULES } from "../../rules/index.js";
import { defaultConfig, findConfigFile, loadConfig, selectRules, type Config, type FailOn } from "../config/index.js";
import { errorCode } from "../engine/load/error-code.js";
import type { Rule } from "../rule-api/rule.js";
import type { CliIo } from "./cli-io.js";
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
  /** Pull-request mode: the changed files, relative to the root with forward slashes. */
  changedFiles?: string[];
}

/** Checks the path, finds and reads the configuration, and lets command-line options win over it. */
export async function resolveScanSettings(flags: ScanFlags, io: Pick<CliIo, "cwd" | "readStdin">): Promise<ScanSettings> {
  const { cwd } = io;
  const root = path.resolve(cwd, flags.path);
  const isFolder = await folderOrFile(root, flags.path);
  const config = await readConfig(flags, cwd, isFolder ? root : path.dirname(root));
  const changed = await changedFiles(flags, io, root);
  return {
    root,
    config,
    rules: selectRules(RULES, config.rules, flags.rules),
    failOn: flags.failOn ?? config.failOn,
    exclude: [...config.exclude, ...flags.exclude],
    include: [...config.include, ...flags.include],
    ...(changed ? { changedFiles: changed } : {}),
  };
}

/** --changed and --changed-from, resolved against the working directory and made relative to the root; files outside it are dropped. */
async function changedFiles(flags: ScanFlags, io: Pick<CliIo, "cwd" | "readStdin">, root: string): Promise<string[] | undefined> {
  if (flags.changedFrom === undefined && flags.changed.length === 0) return undefined;
  const listed = flags.changedFrom === undefined ? [] : (await readList(flags.changedFrom, io)).split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
  const relative = [...flags.changed, ...listed].map((file) => path.relative(root, path.resolve(io.cwd, file)).split(path.sep).join("/"));
  return [...new Set(relative.filter((file) => file !== "" && !file.startsWith("../") && file !== ".." && !path.isAbsolute(file)))];
}

async function readList(from: string, io: Pick<CliIo, "cwd" | "readStdin">): Promise<string> {
  if (from === "-") {
    if (!io.readStdin) throw new UsageError("--changed-from - needs standard input");
    return io.readStdin();
  }
  try {
    return await readFile(path.resolve(io.cwd, from), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the list of changed files ${from} (${errorCode(error)})`);
  }
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
