import { readFile } from "node:fs/promises";
import { errorCode } from "../engine/load/error-code.js";
import { ConfigurationError } from "./configuration-error.js";
import { parseConfig } from "./parse-config.js";
import type { Config } from "./schema.js";

export interface LoadConfigOptions {
  /** How error messages name the file; the path itself by default. */
  sourceName?: string;
  /** Rule ids the configuration may name; the registry's by default. */
  ruleIds?: readonly string[];
}

/** Reads and validates a configuration file; a missing or unreadable file is a ConfigurationError. */
export async function loadConfig(file: string, options: LoadConfigOptions = {}): Promise<Config> {
  const sourceName = options.sourceName ?? file;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = errorCode(error);
    throw new ConfigurationError({
      key: "config file",
      value: sourceName,
      problem: `cannot read ${sourceName} (${code === "ENOENT" ? "no such file" : code})`,
      expected: "a readable YAML file",
    });
  }
  return parseConfig(text, sourceName, options.ruleIds);
}
