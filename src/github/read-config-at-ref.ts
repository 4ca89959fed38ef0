import path from "node:path";
import { CONFIG_FILE_NAMES, ConfigurationError, defaultConfig, parseConfig, type Config } from "../config/index.js";
import type { GitHubClient, Logger, RepoRef } from "./github-client.js";
import { httpStatus } from "./http-error.js";

export interface ConfigAtRef {
  config: Config;
  /** `path@sha7` of the file read, or undefined when defaults apply. */
  source?: string;
}

/**
 * Reads the configuration as it is at `ref` (a pull request's base commit, so the pull request cannot change it):
 * `configPath` when given, else `.mcp-warden.yml` or `.mcp-warden.yaml` in the scanned folder; defaults when none exists.
 */
export async function readConfigAtRef(client: GitHubClient, repo: RepoRef, ref: string, scanPath: string, configPath: string | undefined, log: Logger): Promise<ConfigAtRef> {
  const candidates = configPath === undefined ? CONFIG_FILE_NAMES.map((name) => repoPath(path.posix.join(scanPath, name))) : [repoPath(configPath)];
  for (const file of candidates) {
    const text = await fileAtRef(client, repo, ref, file);
    if (text === undefined) continue;
    const source = `${file}@${ref.slice(0, 7)}`;
    return { config: parseConfig(text, source), source };
  }
  if (configPath !== undefined) log.warning(`the configuration file ${configPath} does not exist at ${ref.slice(0, 7)}; using the defaults`);
  return { config: defaultConfig };
}

async function fileAtRef(client: GitHubClient, repo: RepoRef, ref: string, file: string): Promise<string | undefined> {
  let data: unknown;
  try {
    ({ data } = await client.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: file, ref }));
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data) || !("type" in data) || data.type !== "file") {
    throw new ConfigurationError({ key: "config", value: file, problem: `${file} is not a file at ${ref.slice(0, 7)}`, expected: "a YAML file" });
  }
  if (!("encoding" in data) || data.encoding !== "base64" || !("content" in data) || typeof data.content !== "string") {
    throw new ConfigurationError({ key: "config", value: file, problem: `${file} is too large to read through the contents API`, expected: "a configuration file under 1 MB" });
  }
  return Buffer.from(data.content, "base64").toString("utf8");
}

/** A repository-relative path as the contents API takes it: forward slashes, no leading `./`. */
function repoPath(file: string): string {
  return path.posix.normalize(file.replace(/\\/g, "/")).replace(/^(\.\/)+/, "");
}
