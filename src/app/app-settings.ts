import os from "node:os";
import { ConfigurationError } from "../config/index.js";
import { DEFAULT_MAX_TARBALL_BYTES } from "../github/download-tarball.js";
import { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from "../github/extract-tarball.js";

/** The App's own settings (Probot reads APP_ID, PRIVATE_KEY, WEBHOOK_SECRET and the rest itself). */
export interface AppSettings {
  /** SQLite database file; ":memory:" keeps nothing across restarts. */
  database: string;
  concurrency: number;
  timeoutMs: number;
  /** Where each scan gets its own folder, removed after it. */
  tempRoot: string;
  limits: ExtractLimits & { maxTarballBytes: number };
  /** Octokit's throttling and retries in the scan workers. */
  throttle: boolean;
  /** Heap limit of each scan worker, in MiB. */
  memoryMb: number;
}

/** Reads MCP_WARDEN_DB, MCP_WARDEN_CONCURRENCY, MCP_WARDEN_SCAN_TIMEOUT (seconds), MCP_WARDEN_SCAN_MEMORY (MiB) and MCP_WARDEN_TMPDIR. */
export function readAppSettings(env: NodeJS.ProcessEnv): AppSettings {
  return {
    database: env.MCP_WARDEN_DB || "mcp-warden.sqlite",
    concurrency: positiveInteger(env, "MCP_WARDEN_CONCURRENCY", 2),
    timeoutMs: positiveInteger(env, "MCP_WARDEN_SCAN_TIMEOUT", 600) * 1000,
    tempRoot: env.MCP_WARDEN_TMPDIR || os.tmpdir(),
    limits: { ...DEFAULT_EXTRACT_LIMITS, maxTarballBytes: DEFAULT_MAX_TARBALL_BYTES },
    throttle: true,
    memoryMb: positiveInteger(env, "MCP_WARDEN_SCAN_MEMORY", 2048),
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new ConfigurationError({ key: name, value: text, expected: "a whole number of at least 1" });
  return value;
}
