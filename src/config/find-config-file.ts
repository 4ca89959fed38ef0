import { stat } from "node:fs/promises";
import path from "node:path";
import { errorCode } from "../engine/load/error-code.js";
import { ConfigurationError } from "./configuration-error.js";
import { CONFIG_FILE_NAMES } from "./schema.js";

/** The configuration file in a folder, if there is one; two of them is a mistake rather than a silent choice. */
export async function findConfigFile(folder: string): Promise<string | undefined> {
  const found: string[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(folder, name);
    if (await mayBeFile(file)) found.push(file);
  }
  if (found.length > 1) {
    throw new ConfigurationError({
      key: "config file",
      value: found.join(", "),
      problem: `both ${found.join(" and ")} exist`,
      expected: `one of ${CONFIG_FILE_NAMES.join(" or ")}`,
    });
  }
  return found[0];
}

async function mayBeFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    const code = errorCode(error);
    // Anything but absence (EACCES, ELOOP) is left for loadConfig to report when it reads the file.
    return code !== "ENOENT" && code !== "ENOTDIR";
  }
}
